//! The levels a report declares for itself. Each heading's marker belongs to a family
//! (第X部分, 一、, （一）, 1., （1） in all the ways people type them); the families in use
//! are ranked from the document's own evidence and the outermost one is level 1:
//!
//! - a level the document's blocks declare (Word heading styles, outline levels) wins:
//!   a family takes the level most of its declared lines have, unmarked styled headings
//!   keep theirs;
//! - otherwise nesting decides: a family whose numbering starts again at 1 under the
//!   headings of another is below it ("第一部分 … 一、二、 … 第二部分 … 一、");
//! - GB/T 9704's order (一、 → （一） → 1. → （1）, with 第X部分 / 第X章 above) is only the
//!   prior, used where the evidence is thin or even.
//!
//! The ranks are then numbered densely from 1, so a township report numbered 1、2、3、
//! with （1） below has its 1、 at level 1 and its （1） at level 2.

use super::line::{CueEnd, Kind, LLine};
use super::tree::{Family, MAX_LEVEL};

/// A family as this stage ranks it: a marker family, or the unmarked headings of one
/// declared (or text-found) level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    /// A marker family, and how deep inside itself a run of it is nested (0 but for a
    /// list numbered again from 1 right under one of the family's own headings: "三、存在
    /// 的问题" then "一、执法力量不足" "二、……" then "四、……").
    Typed(Family, u8),
    Unmarked(u8),
}

/// An open run of a family's numbering: its last number, whether all its headings so far
/// are list items, whether any names a part.
type Run = (u32, bool, bool);

/// The key of each heading line (None for other lines): its family, and for a typed
/// family not declared by the blocks, the depth of its run inside the family itself.
fn keys(text: &str, norm: &str, lines: &[LLine], cue_end: Option<CueEnd<'_>>) -> Vec<Option<Key>> {
    // Per family: the open runs, outermost first: (last number, all list items so far,
    // any heading naming a part).
    let mut runs: Vec<(Family, Vec<Run>)> = Vec::new();
    let declared: Vec<Family> = lines
        .iter()
        .filter_map(|l| match &l.kind {
            Kind::Heading(h) if h.declared.is_some() => Some(h.style.family()),
            _ => None,
        })
        .collect();
    let mut prev: Option<Family> = None;
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        let Kind::Heading(h) = &l.kind else {
            out.push(None);
            continue;
        };
        let f = h.style.family();
        if f == Family::None {
            out.push(Some(Key::Unmarked(h.declared.unwrap_or(h.level).max(1))));
            prev = Some(f);
            continue;
        }
        if declared.contains(&f) {
            out.push(Some(Key::Typed(f, 0)));
            prev = Some(f);
            continue;
        }
        let i = match runs.iter().position(|r| r.0 == f) {
            Some(i) => i,
            None => {
                runs.push((f, Vec::new()));
                runs.len() - 1
            }
        };
        let stack = &mut runs[i].1;
        let n = h.number;
        // A list item runs a sentence into its marker's line ("一、执法力量不足。").
        let after = &text[h.marker.end.min(l.span.end)..l.span.end];
        let item = after.contains(['。', '！', '？', '；', ';']);
        // The heading's own words: up to its first sentence end.
        let words = &norm[h.marker.end.min(l.span.end)..l.span.end];
        let words = words.find(['。', '！', '？', '；', ';']).map_or(words, |e| &words[..e]);
        let names = cue_end.is_some_and(|f| f(super::text::trim_white(words)).is_some());
        // An outer run this number carries on, when the inner run is of another kind (items
        // or headings not naming parts, where this heading is neither).
        let outer = |stack: &[Run]| {
            let (_, items, named) = *stack.last()?;
            let d = stack[..stack.len() - 1].iter().rposition(|r| r.0 + 1 == n)?;
            ((items && !item) || (!named && names)).then_some(d)
        };
        match stack.last().copied() {
            None => stack.push((n, item, names)),
            Some(_) if stack.len() > 1 && outer(stack).is_some() => {
                let d = outer(stack).unwrap_or(0);
                stack.truncate(d + 1);
                stack[d] = (n, stack[d].1 && item, stack[d].2 || names);
            }
            Some((top, items, named)) if n == top + 1 => {
                *stack.last_mut().unwrap_or(&mut (0, false, false)) = (n, items && item, named || names)
            }
            // Numbered again from 1 right under the family's own heading: a list inside it.
            // Not under a first heading: （一） right after （一） is a repeated number.
            Some((top, ..)) if n == 1 && top >= 2 && prev == Some(f) && stack.len() < 3 => stack.push((1, item, names)),
            // Numbered again from 1 after other headings: a new run at the top.
            Some(_) if n == 1 => {
                stack.clear();
                stack.push((1, item, names));
            }
            Some(_) => match stack.iter().rposition(|r| r.0 + 1 == n) {
                // Carrying on an outer run: the inner list is over.
                Some(d) => {
                    stack.truncate(d + 1);
                    stack[d].0 = n;
                }
                None => {
                    if let Some(r) = stack.last_mut() {
                        r.0 = n;
                    }
                }
            },
        }
        out.push(Some(Key::Typed(f, (stack.len() - 1) as u8)));
        prev = Some(f);
    }
    out
}

#[derive(Debug)]
struct Fam {
    key: Key,
    /// The GB/T prior, ×10 so unmarked levels fit between the typed families.
    prior: u16,
    /// The level the document declares for the family, if any.
    declared: Option<u8>,
    /// Are all its headings list items (a sentence run into the marker's line: "1.加强
    ///学习。全年……")? Such a family before the first heading of another is a list.
    list: bool,
}

/// Give every heading line its level in the report's own hierarchy.
pub(super) fn assign_levels(text: &str, norm: &str, lines: &mut [LLine], cue_end: Option<CueEnd<'_>>) {
    let line_keys = keys(text, norm, lines, cue_end);
    // The headings in order: (family index, number).
    let mut fams: Vec<Fam> = Vec::new();
    let mut seq: Vec<(usize, u32)> = Vec::new();
    let mut votes: Vec<Vec<(u8, usize)>> = Vec::new();
    for (l, key) in lines.iter().zip(&line_keys) {
        let (Kind::Heading(h), Some(key)) = (&l.kind, *key) else { continue };
        let fi = match fams.iter().position(|f| f.key == key) {
            Some(i) => i,
            None => {
                let (prior, declared) = match key {
                    Key::Typed(f, depth) => (u16::from(f.prior()) * 10 + u16::from(depth), None),
                    // An unmarked heading of level n stands where GB/T's level n family
                    // would, just above it (a styled Heading 1 above a typed 一、).
                    Key::Unmarked(n) => ((u16::from(Family::Cn.prior()) + u16::from(n) - 1) * 10 - 1, h.declared),
                };
                fams.push(Fam { key, prior, declared, list: true });
                votes.push(Vec::new());
                fams.len() - 1
            }
        };
        if let (Key::Typed(..), Some(d)) = (key, h.declared) {
            match votes[fi].iter_mut().find(|v| v.0 == d) {
                Some(v) => v.1 += 1,
                None => votes[fi].push((d, 1)),
            }
        }
        let after = &text[h.marker.end.min(l.span.end)..l.span.end];
        if !after.contains(['。', '！', '？', '；', ';']) {
            fams[fi].list = false;
        }
        seq.push((fi, if matches!(key, Key::Unmarked(_)) { 0 } else { h.number }));
    }
    if fams.is_empty() {
        return;
    }
    // A typed family declared by the blocks: the level most of its declared lines have
    // (the smaller on a tie).
    for (f, v) in fams.iter_mut().zip(&votes) {
        if let Some(&(d, _)) = v.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))) {
            f.declared = Some(d);
        }
    }
    let levels = rank(&fams, &seq);
    for (l, key) in lines.iter_mut().zip(&line_keys) {
        let (Kind::Heading(h), Some(key)) = (&mut l.kind, *key) else { continue };
        if let Some(fi) = fams.iter().position(|f| f.key == key) {
            h.level = levels[fi];
        }
    }
}

/// Evidence that family `b` sits below family `a`, from three signs:
/// - over the stretches between two headings of `a`, how often `b`'s numbering starts at
///   1 (+2), less how often it carries on from an earlier stretch (−2);
/// - how often `b`'s numbering starts again at 1 right after a heading of `a` (+2: a
///   family that restarts is nested, and the heading before the restart is its parent's);
/// - the last, open-ended stretch after `a`'s last heading, where `b` starts at 1: +2
///   when `a` has only that heading (a report of one part, 1. with （一） under it), else
///   +1, the prior decides a tie; nothing when `a`'s headings are all list items (a list
///   before the first heading of another family is not its parent).
fn nesting(seq: &[(usize, u32)], a: usize, b: usize, a_is_list: bool) -> i32 {
    let mut score = 0;
    let single = seq.iter().filter(|x| x.0 == a).count() == 1;
    // In the current stretch after an `a` heading: the first `b` number seen.
    let mut open = false;
    // The first `b` number in the stretch, and whether `b` was seen before the stretch.
    let mut first_b: Option<(u32, bool)> = None;
    let mut seen_b = false;
    let mut prev: Option<usize> = None;
    for &(f, n) in seq {
        if f == a {
            if open {
                match first_b {
                    Some((1, _)) => score += 2,
                    // Unmarked headings carry no number: no evidence either way; a first
                    // `b` heading numbered above 1 is a lost heading, not a continuation.
                    Some((0, _)) | Some((_, false)) | None => {}
                    Some(_) => score -= 2,
                }
            }
            open = true;
            first_b = None;
        } else if f == b {
            if open && first_b.is_none() {
                first_b = Some((n, seen_b));
            }
            if n == 1 && seen_b && prev == Some(a) {
                score += 2;
            }
            seen_b = true;
        }
        prev = Some(f);
    }
    if first_b.is_some_and(|(n, _)| n == 1) && !a_is_list {
        score += if single { 2 } else { 1 };
    }
    score
}

/// The level of each family: a ranking from declared levels, nesting evidence and the
/// prior, numbered densely from 1.
fn rank(fams: &[Fam], seq: &[(usize, u32)]) -> Vec<u8> {
    let k = fams.len();
    // below[i][j]: family i sits below family j. First what the document says (declared
    // levels, nesting evidence), closed over transitivity (（一） below 1. below 第一部分
    // puts （一） below 第一部分 whatever the prior says); then the prior for the pairs
    // nothing decides.
    let mut below = vec![vec![false; k]; k];
    let mut decided = vec![vec![false; k]; k];
    for i in 0..k {
        for j in (i + 1)..k {
            let (a, b) = (&fams[i], &fams[j]);
            let i_below_j = match (a.declared, b.declared) {
                (Some(x), Some(y)) if x != y => Some(x > y),
                (Some(_), Some(_)) => None,
                _ => {
                    let (si, sj) = (nesting(seq, j, i, b.list), nesting(seq, i, j, a.list));
                    (si != sj).then_some(si > sj)
                }
            };
            if let Some(x) = i_below_j {
                below[i][j] = x;
                below[j][i] = !x;
                decided[i][j] = true;
                decided[j][i] = true;
            }
        }
    }
    // Transitive closure over the decided pairs (a pair already decided keeps its say).
    for m in 0..k {
        for i in 0..k {
            for j in 0..k {
                if i != j && !decided[i][j] && below[i][m] && below[m][j] && decided[i][m] && decided[m][j] {
                    below[i][j] = true;
                    below[j][i] = false;
                    decided[i][j] = true;
                    decided[j][i] = true;
                }
            }
        }
    }
    for i in 0..k {
        for j in 0..k {
            if i != j && !decided[i][j] && fams[i].prior != fams[j].prior {
                below[i][j] = fams[i].prior > fams[j].prior;
            }
        }
    }
    // Rank by how many families stand above each (ties: the prior).
    let above: Vec<usize> = (0..k).map(|i| below[i].iter().filter(|&&x| x).count()).collect();
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by_key(|&i| (above[i], fams[i].prior));
    let mut levels = vec![1u8; k];
    let mut level = 0u8;
    let mut prev: Option<usize> = None;
    for &i in &order {
        let same = prev.is_some_and(|p| {
            // Two families no evidence tells apart share a level: the same declared level,
            // or neither below the other.
            (fams[p].declared.is_some() && fams[p].declared == fams[i].declared) || (!below[i][p] && !below[p][i])
        });
        if !same {
            level = (level + 1).min(MAX_LEVEL);
        }
        levels[i] = level.max(1);
        prev = Some(i);
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fam(f: Family) -> Fam {
        Fam { key: Key::Typed(f, 0), prior: u16::from(f.prior()) * 10, declared: None, list: false }
    }

    #[test]
    fn restarts_put_a_family_below() {
        // 第一部分 一、二、 第二部分 一、 第三部分 一、
        let fams = [fam(Family::Part), fam(Family::Cn)];
        let seq = [(0, 1), (1, 1), (1, 2), (0, 2), (1, 1), (0, 3), (1, 1)];
        assert_eq!(rank(&fams, &seq), [1, 2]);
        // Arabic tops with （一） restarting under each: against the prior.
        let fams = [fam(Family::Ar), fam(Family::CnParen)];
        let seq = [(0, 1), (1, 1), (1, 2), (0, 2), (1, 1), (0, 3)];
        assert_eq!(rank(&fams, &seq), [1, 2]);
        // A numbered list before the first 一、 is not its parent.
        let mut list = fam(Family::Ar);
        list.list = true;
        let fams = [list, fam(Family::Cn)];
        let seq = [(0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (1, 3)];
        assert_eq!(rank(&fams, &seq), [2, 1]);
        // Thin evidence: the prior.
        let fams = [fam(Family::CnParen), fam(Family::Ar)];
        assert_eq!(rank(&fams, &[(0, 1), (1, 1)]), [1, 2]);
        // （一） before the first 一、 and again under it: 一、 is still above.
        let fams = [fam(Family::CnParen), fam(Family::Cn)];
        assert_eq!(rank(&fams, &[(0, 1), (1, 1), (0, 1)]), [2, 1]);
        // One part: 1. with （一） under it.
        let fams = [fam(Family::Ar), fam(Family::CnParen)];
        assert_eq!(rank(&fams, &[(0, 1), (1, 1), (1, 2)]), [1, 2]);
        // Arabic tops, （一） under the last only.
        let fams = [fam(Family::Ar), fam(Family::CnParen)];
        assert_eq!(rank(&fams, &[(0, 1), (0, 2), (1, 1)]), [1, 2]);
        // A lost first heading: （二） first, then （一）（二） under the next part.
        let fams = [fam(Family::Ar), fam(Family::ArParen), fam(Family::CnParen)];
        let seq = [(0, 1), (1, 1), (2, 2), (1, 2), (2, 1), (2, 2), (1, 3), (0, 2), (1, 1)];
        assert_eq!(rank(&fams, &seq), [1, 2, 3]);
        // Arabic tops, （一） under the first only.
        let fams = [fam(Family::Ar), fam(Family::CnParen)];
        assert_eq!(rank(&fams, &[(0, 1), (1, 1), (1, 2), (0, 2), (0, 3)]), [1, 2]);
    }

    #[test]
    fn declared_levels_win_and_are_numbered_densely() {
        let mut part = fam(Family::Part);
        part.declared = Some(2);
        let mut cn = fam(Family::Cn);
        cn.declared = Some(3);
        let fams = [part, cn, fam(Family::CnParen)];
        let seq = [(0, 1), (1, 1), (2, 1), (0, 2), (1, 1)];
        assert_eq!(rank(&fams, &seq), [1, 2, 3]);
    }
}

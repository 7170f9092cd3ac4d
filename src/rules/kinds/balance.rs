//! `balance`: paired marks (《》 “” （）) open and close within one paragraph, heading
//! or title line. An opening mark left open at the end of a text cut off mid-sentence
//! is not reported: the rest of the text is missing, not the mark.

use super::metric::ends_sentence;
use super::{finding, Ctx, Kind};
use crate::diagnostic::Finding;
use crate::parts::Parts;
use crate::rules::RuleMeta;
use crate::span::Span;

crate::rules::fields::raw_fields! {
    /// A `balance` rule as written.
    pub struct RawBalance {
        lists {
            /// Bracket pairs that must match within a paragraph or heading, as two
            /// characters each: `《》`, `“”`, `（）`.
            pairs: String,
        }
        scalars {}
    }
}

#[derive(Debug)]
pub struct Balance {
    /// Never empty: the shared literal pass always finds this rule's marks.
    pairs: Vec<(char, char)>,
}

impl Kind for Balance {
    type Raw = RawBalance;

    fn compile(r: RawBalance, _: &Parts) -> Result<Self, String> {
        let raw = r.pairs.filter(|p| !p.is_empty()).ok_or("balance 需要 pairs 列表，如 [《》, “”]")?;
        let mut pairs = Vec::new();
        for p in raw {
            let mut it = p.chars();
            match (it.next(), it.next(), it.next()) {
                (Some(a), Some(b), None) if a != b => pairs.push((a, b)),
                _ => return Err(format!("pairs 的每一项应是两个不同的字符（开、闭），“{p}”不是")),
            }
        }
        Ok(Balance { pairs })
    }

    /// The marks as words for the shared literal pass (term index = position in this list).
    fn literal_words(&self) -> Vec<(String, usize)> {
        self.pairs.iter().flat_map(|&(a, b)| [a.to_string(), b.to_string()]).zip(0..).collect()
    }

    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        self.check_units(meta, ctx, out)
    }
}

impl Balance {
    /// The marks of the shared literal pass inside unit `u`, as offsets into the unit.
    /// (One-character words: in order of their start.)
    fn marks_in<'h>(meta: &RuleMeta, ctx: &Ctx<'h>, u: Span) -> impl Iterator<Item = usize> + 'h {
        let hits = ctx.literal_hits.get(meta.slot).map_or(&[][..], |h| &h[..]);
        let from = hits.partition_point(|(_, h)| h.start < u.start);
        hits[from..].iter().take_while(move |(_, h)| h.end <= u.end).map(move |(_, h)| h.start - u.start)
    }

    fn check_units(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        let r = ctx.report;
        let mut units: Vec<Span> = ctx.paragraphs.iter().map(|p| p.span).collect();
        units.extend(ctx.sections.iter().map(|s| s.heading));
        if let Some(t) = &r.title {
            units.extend(t.lines.iter().copied());
        }
        units.sort_unstable();
        let cut = r.sign_off.is_none() && !ends_sentence(r.body.slice(ctx.text));
        let mut stacks: Vec<Vec<usize>> = vec![Vec::new(); self.pairs.len()];
        for u in units {
            let s = u.slice(ctx.text);
            let truncated = cut && u.end >= r.body.end;
            stacks.iter_mut().for_each(Vec::clear);
            // One pass over the unit for all pairs.
            for i in Self::marks_in(meta, ctx, u) {
                // A match of the shared pass starts at a character boundary.
                let Some(c) = s[i..].chars().next() else { continue };
                for (k, &(open, close)) in self.pairs.iter().enumerate() {
                    if c == open {
                        stacks[k].push(i);
                    } else if c == close && stacks[k].pop().is_none() {
                        let span = Span::new(u.start + i, u.start + i + c.len_utf8());
                        out.push(finding(meta, span, Some(format!("“{close}”前面没有对应的“{open}”")), None));
                    }
                }
            }
            if truncated {
                continue;
            }
            for (k, &(open, close)) in self.pairs.iter().enumerate() {
                if let Some(&i) = stacks[k].first() {
                    let span = Span::new(u.start + i, u.start + i + open.len_utf8());
                    out.push(finding(meta, span, Some(format!("“{open}”没有对应的“{close}”")), None));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{load_error, run};

    const RULE: &str = "
  - id: t-bal
    kind: balance
    pairs: [《》, “”, （）]
    severity: warning
    message: 不配对
    help: 改
    explanation: 因
";

    #[test]
    fn pairs_match_per_paragraph() {
        let ok = "某局2023年度法治政府建设情况报告\n学习“《信访工作条例》（2022年）”。\n";
        assert!(run(RULE, ok).is_empty());
        let f = run(RULE, "某局2023年度法治政府建设情况报告\n学习《信访工作条例。\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].label, "“《”没有对应的“》”");
        let f = run(RULE, "某局2023年度法治政府建设情况报告\n学习信访工作条例》。\n");
        assert_eq!(f[0].label, "“》”前面没有对应的“《”");
    }

    #[test]
    fn an_open_mark_at_a_cut_end_is_not_reported() {
        assert!(run(RULE, "某局2023年度法治政府建设情况报告\n学习《信访工作").is_empty());
        assert!(load_error(&RULE.replace("[《》, “”, （）]", "[《]")).contains("两个不同的字符"));
    }
}

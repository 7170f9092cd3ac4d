//! `numbering`: heading numbers and marker forms (GB/T 9704-2012 7.3.3: 一、 → （一） →
//! 1. → （1）). Four checks, one per rule:
//! - `sequence`: among the sibling headings of one level, numbers go 1, 2, 3 … without
//!   gaps, repeats or going back, and start again at 1 under each parent;
//! - `style`: one level uses one marker form (not (一) beside （一）, not 1. beside 1、);
//! - `level_skip`: a （一） (or deeper) before the first 一、 of a report that has 一、;
//! - `avoid`: marker forms listed in `avoid` (1、 where GB/T 15834 wants 1.).

use super::{finding, Ctx, Kind};
use crate::diagnostic::{Finding, Fix};
use crate::parse::numbering::u32_to_cn;
use crate::parse::{Family, MarkerStyle, Section, MAX_LEVEL};
use crate::parts::Parts;
use crate::rules::RuleMeta;

crate::rules::fields::raw_fields! {
    /// A `numbering` rule as written.
    pub struct RawNumbering {
        lists {
            /// Marker forms to report (`check: avoid`), written as samples: `1、`, `(一)`.
            avoid: String,
        }
        scalars {
            /// `sequence` (gaps, repeats, restarts), `style` (marker forms mixed at one
            /// level), `level_skip` (a （一） before any 一、) or `avoid` (forms in `avoid`).
            check: NumberingCheck,
        }
    }
}

/// The checks of the `numbering` kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberingCheck {
    Sequence,
    Style,
    LevelSkip,
    Avoid,
}

const ALL_STYLES: &[MarkerStyle] = &[
    MarkerStyle::CnPart,
    MarkerStyle::CnChapter,
    MarkerStyle::CnSection,
    MarkerStyle::CnDun,
    MarkerStyle::CnDot,
    MarkerStyle::CnParenFull,
    MarkerStyle::CnParenHalf,
    MarkerStyle::CnParenMixed,
    MarkerStyle::ArDot,
    MarkerStyle::ArDotFull,
    MarkerStyle::ArDun,
    MarkerStyle::ArParenFull,
    MarkerStyle::ArParenHalf,
    MarkerStyle::ArParenMixed,
];

/// A marker of `style` carrying `n`: （三）, 12. …
pub(crate) fn render(style: MarkerStyle, n: u32) -> String {
    let sample = style.sample();
    if style.chinese_numeral() {
        sample.replacen('一', &u32_to_cn(n), 1)
    } else {
        sample.replacen('1', &n.to_string(), 1)
    }
}

#[derive(Debug)]
pub struct Numbering {
    check: NumberingCheck,
    avoid: Vec<MarkerStyle>,
}

impl Kind for Numbering {
    type Raw = RawNumbering;

    fn compile(r: RawNumbering, _: &Parts) -> Result<Self, String> {
        let check = r.check.ok_or("numbering 需要 check 字段（sequence, style, level_skip, avoid）")?;
        let mut avoid = Vec::new();
        for a in r.avoid.iter().flatten() {
            let st = ALL_STYLES.iter().find(|s| s.sample() == a.as_str()).ok_or_else(|| {
                let all: Vec<&str> = ALL_STYLES.iter().map(|s| s.sample()).collect();
                format!("未知的标题序号形式 “{a}”（可用：{}）", all.join(" "))
            })?;
            avoid.push(*st);
        }
        match (check, avoid.is_empty()) {
            (NumberingCheck::Avoid, true) => Err("check: avoid 需要 avoid 列表".into()),
            (NumberingCheck::Avoid, false) | (_, true) => Ok(Numbering { check, avoid }),
            _ => Err("avoid 只用于 check: avoid".into()),
        }
    }

    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        match self.check {
            NumberingCheck::Sequence => {
                sequence(meta, &ctx.report.sections.iter().collect::<Vec<_>>(), out);
            }
            NumberingCheck::Style => style(meta, ctx, out),
            NumberingCheck::LevelSkip => level_skip(meta, ctx, out),
            NumberingCheck::Avoid => {
                for s in ctx.sections {
                    if self.avoid.contains(&s.marker.style) {
                        // The standard form of the marker's own family (1、 → 1.): a
                        // report's levels are its own, the family says the form.
                        let to = render(s.marker.style.family().standard(), s.marker.number);
                        let label = Some(format!("应写作“{to}”"));
                        out.push(finding(
                            meta,
                            s.marker.span,
                            label,
                            Some(Fix { span: s.marker.span, replacement: to }),
                        ));
                    }
                }
            }
        }
    }
}

/// Check the numbers of one list of siblings (grouped by level), then recurse.
fn sequence(meta: &RuleMeta, siblings: &[&Section], out: &mut Vec<Finding>) {
    for level in 1..=MAX_LEVEL {
        let mut prev: Option<u32> = None;
        // Unmarked headings (styled, or found from the text alone) carry no number to judge.
        for s in siblings.iter().filter(|s| s.level == level && s.marker.style != MarkerStyle::None) {
            let n = s.marker.number;
            let r = |k: u32| render(s.marker.style, k);
            let label = match prev {
                None if n != 1 => {
                    Some(format!("本级第一个标题应编为“{}”，此处为“{}”（每个上级标题下重新从1编号）", r(1), r(n)))
                }
                Some(p) if n == p => Some(format!("编号“{}”重复", r(n))),
                Some(p) if n == p + 2 => Some(format!("此前缺少“{}”", r(p + 1))),
                Some(p) if n > p + 2 => Some(format!("此前缺少“{}”至“{}”", r(p + 1), r(n - 1))),
                Some(p) if n < p => Some(format!("编号从“{}”退回到“{}”", r(p), r(n))),
                _ => None,
            };
            if let Some(l) = label {
                out.push(finding(meta, s.marker.span, Some(l), None));
            }
            prev = Some(n);
        }
    }
    for s in siblings {
        sequence(meta, &s.children.iter().collect::<Vec<_>>(), out);
    }
}

/// One form per level: markers in a minority form are reported, with the form to use.
fn style(meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
    let all = ctx.sections;
    for level in 1..=MAX_LEVEL {
        let at: Vec<&&Section> =
            all.iter().filter(|s| s.level == level && s.marker.style != MarkerStyle::None).collect();
        let mut forms: Vec<(MarkerStyle, usize)> = Vec::new();
        for s in &at {
            match forms.iter_mut().find(|f| f.0 == s.marker.style) {
                Some(f) => f.1 += 1,
                None => forms.push((s.marker.style, 1)),
            }
        }
        let mixed_width = forms.iter().any(|f| matches!(f.0, MarkerStyle::CnParenMixed | MarkerStyle::ArParenMixed));
        if forms.len() < 2 && !mixed_width {
            continue;
        }
        // The standard form of the level's commonest family when it is used at all, else
        // the commonest form (first on ties).
        let mut families: Vec<(Family, usize)> = Vec::new();
        for (st, n) in &forms {
            match families.iter_mut().find(|f| f.0 == st.family()) {
                Some(f) => f.1 += n,
                None => families.push((st.family(), *n)),
            }
        }
        let std = families
            .iter()
            .fold(None, |best: Option<(Family, usize)>, f| match best {
                Some(b) if b.1 >= f.1 => Some(b),
                _ => Some(*f),
            })
            .map_or(MarkerStyle::CnDun, |f| f.0.standard());
        let preferred = if forms.iter().any(|f| f.0 == std) {
            std
        } else {
            forms
                .iter()
                .filter(|f| !matches!(f.0, MarkerStyle::CnParenMixed | MarkerStyle::ArParenMixed))
                .fold(None, |best: Option<(MarkerStyle, usize)>, f| match best {
                    Some(b) if b.1 >= f.1 => Some(b),
                    _ => Some(*f),
                })
                .map(|b| b.0)
                .unwrap_or(std)
        };
        for s in at.iter().filter(|s| s.marker.style != preferred) {
            let to = render(preferred, s.marker.number);
            let label = Some(format!("同级标题应统一写作“{}”形式，此处应为“{to}”", preferred.sample()));
            out.push(finding(meta, s.marker.span, label, Some(Fix { span: s.marker.span, replacement: to })));
        }
    }
}

/// Deeper headings before the first level-1 heading of a report that has level-1 headings.
fn level_skip(meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
    let roots = &ctx.report.sections;
    let Some(first1) = roots.iter().position(|s| s.level == 1) else { return };
    if let Some(s) = roots[..first1].iter().find(|s| s.level >= 2) {
        let label = Some(format!("“{}”之上没有一级标题（“一、”）", s.marker.span.slice(ctx.text)));
        out.push(finding(meta, s.marker.span, label, None));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kinds::test_support::{load_error, run};

    fn rule(check: &str) -> String {
        format!(
            "\n  - id: t-num\n    kind: numbering\n    check: {check}\n    severity: warning\n    message: 编号\n    help: 改\n    explanation: 因\n"
        )
    }

    const HEAD: &str = "某局2023年度法治政府建设情况报告\n";

    #[test]
    fn render_markers() {
        assert_eq!(render(MarkerStyle::CnParenFull, 12), "（十二）");
        assert_eq!(render(MarkerStyle::ArDot, 3), "3.");
        assert_eq!(render(MarkerStyle::CnDun, 2), "二、");
    }

    #[test]
    fn sequence_gaps_repeats_restarts() {
        let r = rule("sequence");
        let ok = format!("{HEAD}一、甲\n（一）子\n（二）子\n二、乙\n（一）子\n三、丙\n");
        assert!(run(&r, &ok).is_empty());
        let gap = format!("{HEAD}一、甲\n三、丙\n");
        let f = run(&r, &gap);
        assert_eq!(f.len(), 1);
        assert!(f[0].label.contains("缺少“二、”"), "{}", f[0].label);
        let rep = format!("{HEAD}一、甲\n（一）子\n（一）子\n");
        assert!(run(&r, &rep)[0].label.contains("重复"));
        let cont = format!("{HEAD}一、甲\n1.子\n2.子\n二、乙\n3.子\n");
        let f = run(&r, &cont);
        assert_eq!(f.len(), 1);
        assert!(f[0].label.contains("应编为“1.”"), "{}", f[0].label);
    }

    #[test]
    fn style_mixing_prefers_the_standard_form() {
        let r = rule("style");
        let t = format!("{HEAD}一、甲\n(一)子\n(二)子\n（三）子\n");
        let f = run(&r, &t);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].fix.as_ref().map(|x| x.replacement.as_str()), Some("（一）"));
        let same = format!("{HEAD}一、甲\n(一)子\n(二)子\n");
        assert!(run(&r, &same).is_empty(), "one form throughout is not mixing");
        let dots = format!("{HEAD}一、甲\n1、子\n2.子\n3、子\n");
        let f = run(&r, &dots);
        assert_eq!(f.len(), 2, "1、 is the minority beside the standard 1.");
        let mixed = format!("{HEAD}一、甲\n（一)子\n");
        assert_eq!(run(&r, &mixed).len(), 1, "brackets of two widths in one marker");
    }

    #[test]
    fn level_skip_only_before_the_first_level_one() {
        let r = rule("level_skip");
        assert_eq!(run(&r, &format!("{HEAD}（一）子\n一、甲\n（一）子\n")).len(), 1);
        assert!(run(&r, &format!("{HEAD}一、甲\n1.子\n")).is_empty(), "一、 then 1. skips in order");
        assert!(run(&r, &format!("{HEAD}（一）子\n（二）子\n")).is_empty(), "no level 1 at all");
    }

    #[test]
    fn avoid_forms_with_fix() {
        let r = rule("avoid") + "    avoid: [\"1、\"]\n";
        let f = run(&r, &format!("{HEAD}一、甲\n1、子\n"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].fix.as_ref().map(|x| x.replacement.as_str()), Some("1."));
        assert!(load_error(&(rule("avoid") + "    avoid: [\"1)\"]\n")).contains("未知的标题序号形式"));
        assert!(load_error(&rule("avoid")).contains("avoid"));
        assert!(load_error(&(rule("style") + "    find: [x]\n")).contains("find"));
    }
}

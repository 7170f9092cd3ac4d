//! `order`: the required parts that stand as level-1 parts of their own follow the
//! regulation's order (`order:` in `rules/parts.yaml`): measures and results,
//! shortcomings and causes, the first-responsibility duty, next year's plans.
//! Parts with `order: 0` have no place in the sequence.

use super::{finding, Ctx, Kind};
use crate::diagnostic::Finding;
use crate::parts::Parts;
use crate::rules::RuleMeta;

crate::rules::fields::raw_fields! {
    /// An `order` rule as written: no fields of its own.
    pub struct RawOrder {
        lists {}
        scalars {}
    }
}

#[derive(Debug)]
pub struct Order;

impl Kind for Order {
    type Raw = RawOrder;

    fn compile(_: RawOrder, _: &Parts) -> Result<Self, String> {
        Ok(Order)
    }

    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        // (position, order, name, heading span) of each standalone part.
        let mut seen: Vec<(usize, u32, &str, crate::span::Span)> = Vec::new();
        for p in ctx.parts.in_order().into_iter().filter(|p| p.order > 0) {
            let Some(el) = ctx.elements.get(&p.key).filter(|e| e.present && e.standalone) else { continue };
            let Some(first) = el.sections.first() else { continue };
            seen.push((first.start, p.order, p.name.as_str(), el.span.unwrap_or(*first)));
        }
        seen.sort_by_key(|s| (s.0, s.1));
        let mut latest: Option<(u32, &str)> = None;
        let mut reported = Vec::new();
        for (_, order, name, span) in seen {
            match latest {
                // One heading may hold two parts (存在的不足和原因): report it once.
                Some((lo, _)) if order < lo && reported.contains(&span) => {}
                Some((lo, lname)) if order < lo => {
                    reported.push(span);
                    let label = Some(format!("“{name}”应在“{lname}”之前"));
                    out.push(finding(meta, span, label, None));
                }
                _ => latest = Some((order, name)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::run;

    const RULE: &str = "
  - id: t-order
    kind: order
    severity: warning
    message: 顺序
    help: 改
    explanation: 因
";

    #[test]
    fn parts_out_of_order() {
        let ok = "某局2023年度法治政府建设情况报告\n一、主要举措和成效\n办理案件12件。\n二、存在的不足和原因\n不足。\n三、2024年工作打算\n完善制度。\n";
        assert!(run(RULE, ok).is_empty());
        let bad = "某局2023年度法治政府建设情况报告\n一、2024年工作打算\n完善制度。\n二、主要举措和成效\n办理案件12件。\n三、存在的不足和原因\n不足。\n";
        let f = run(RULE, bad);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].label.contains("应在“下一年度推进法治政府建设的主要安排”之前"), "{}", f[0].label);
    }

    #[test]
    fn fields_of_other_kinds_are_refused() {
        let e = crate::rules::kinds::test_support::load_error(&(RULE.to_string() + "    part: problems\n"));
        assert!(e.contains("part"), "{e}");
    }
}

//! `plan-year`: a part's heading names the wrong year. The next-year plan must be about
//! the reported year + 1, the parts on the past year about the reported year
//! (`years: {next_year_plan: 1, achievements: 0}`). A heading that names the expected
//! year is fine even if it names another one too ("2021年工作总结和2022年工作打算");
//! ranges (2021—2025年) and years inside 《…》 are not counted.

use super::{finding, Ctx, Kind};
use crate::diagnostic::Finding;
use crate::parse::years_in;
use crate::parts::Parts;
use crate::rules::RuleMeta;
use crate::span::Span;
use std::collections::BTreeMap;

crate::rules::fields::raw_fields! {
    /// A `plan-year` rule as written.
    pub struct RawPlanYear {
        lists {}
        scalars {
            /// Part name → the year its headings must name, relative to the reported
            /// year (`next_year_plan: 1`, `achievements: 0`).
            years: BTreeMap<String, i32>,
        }
    }
}

#[derive(Debug)]
pub struct PlanYear {
    years: BTreeMap<String, i32>,
}

impl Kind for PlanYear {
    type Raw = RawPlanYear;

    fn compile(r: RawPlanYear, parts: &Parts) -> Result<Self, String> {
        let years =
            r.years.filter(|y| !y.is_empty()).ok_or("plan-year 需要 years 字段（部分名: 相对报告年度的年份差）")?;
        if let Some(p) = years.keys().find(|p| parts.get(p).is_none()) {
            return Err(format!("未定义的部分 “{p}”（在 parts: 中定义）"));
        }
        Ok(PlanYear { years })
    }

    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(y) = ctx.report.year else { return };
        let all = ctx.sections;
        let mut done: Vec<Span> = Vec::new();
        for (part, off) in &self.years {
            let Some(el) = ctx.elements.get(part).filter(|e| e.present) else { continue };
            let expected = y + off;
            let name = ctx.parts.get(part).map(|p| p.name.as_str()).unwrap_or(part);
            for sec in el.sections.iter().filter_map(|sp| all.iter().find(|s| s.span == *sp)) {
                let h = sec.heading;
                if done.contains(&h) {
                    continue;
                }
                let found = years_in(h.slice(ctx.text));
                if found.is_empty() || found.iter().any(|(_, fy)| *fy == expected) {
                    continue;
                }
                done.push(h);
                let (pos, fy) = found[0];
                let span = Span::new(h.start + pos, h.start + pos + format!("{fy}").len());
                let label = Some(format!("报告年度为{y}年，“{name}”应写{expected}年，此处为{fy}年"));
                out.push(finding(meta, span, label, None));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{load_error, run};

    const RULE: &str = "
  - id: t-year
    kind: plan-year
    years: { next_year_plan: 1, achievements: 0 }
    severity: warning
    message: 年份
    help: 改
    explanation: 因
";

    #[test]
    fn plan_heading_must_name_next_year() {
        let ok = "某局2021年度法治政府建设情况报告\n一、2021年主要举措和成效\n办理案件12件。\n二、2022年工作打算\n完善制度。\n";
        assert!(run(RULE, ok).is_empty());
        let bad = ok.replace("二、2022年工作打算", "二、2023年工作打算");
        let f = run(RULE, &bad);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.slice(&bad), "2023");
        let past = ok.replace("一、2021年主要举措", "一、2020年主要举措");
        assert_eq!(run(RULE, &past).len(), 1);
    }

    #[test]
    fn ranges_titles_and_both_years_are_fine() {
        let t = "某局2021年度法治政府建设情况报告\n一、主要举措和成效\n办理案件12件。\n二、2021年工作总结和2022年工作打算\n完善制度。\n三、落实《纲要（2021—2025年）》的工作安排\n推进。\n";
        assert!(run(RULE, t).is_empty(), "{:?}", run(RULE, t));
        assert!(load_error(&RULE.replace("next_year_plan: 1", "nope: 1")).contains("nope"));
    }
}

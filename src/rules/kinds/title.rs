//! `title`: the form of the report's title (GB/T 9704-2012 7.3.1: 发文机关 + 事由 +
//! 文种): it names the issuing unit, the reported year and the subject, and ends
//! without punctuation. A text whose title was not found is not judged here.

use super::{finding, Ctx, Kind};
use crate::diagnostic::{Finding, Fix};
use crate::normalize::to_simplified;
use crate::parse::YearSource;
use crate::parts::Parts;
use crate::rules::RuleMeta;
use crate::span::Span;

crate::rules::fields::raw_fields! {
    /// A `title` rule as written.
    pub struct RawTitle {
        lists {
            /// The title must contain one of these (the subject, e.g. 法治政府建设).
            title_any: String,
        }
        scalars {
            /// The title must name the reported year.
            require_year: bool,
            /// The title must name the issuing unit.
            require_unit: bool,
            /// Characters the title must not end with.
            no_trailing: String,
        }
    }
}

#[derive(Debug)]
pub struct TitleForm {
    title_any: Vec<String>,
    require_year: bool,
    require_unit: bool,
    no_trailing: String,
}

impl Kind for TitleForm {
    type Raw = RawTitle;

    fn compile(r: RawTitle, _: &Parts) -> Result<Self, String> {
        let t = TitleForm {
            title_any: r.title_any.unwrap_or_default(),
            require_year: r.require_year.unwrap_or(false),
            require_unit: r.require_unit.unwrap_or(false),
            no_trailing: r.no_trailing.unwrap_or_default(),
        };
        if t.title_any.is_empty() && !t.require_year && !t.require_unit && t.no_trailing.is_empty() {
            return Err("title 规则至少需要 title_any、require_year、require_unit、no_trailing 之一".into());
        }
        Ok(t)
    }

    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(title) = &ctx.report.title else { return };
        let norm = to_simplified(&title.text);
        let mut missing = Vec::new();
        if self.require_unit && !ctx.report.unit_in_title {
            missing.push("报告单位".to_string());
        }
        if self.require_year && ctx.report.year_source != Some(YearSource::Title) {
            missing.push("报告年度".to_string());
        }
        if !self.title_any.is_empty() && !self.title_any.iter().any(|w| norm.contains(w.as_str())) {
            missing.push(format!("“{}”", self.title_any[0]));
        }
        if !missing.is_empty() {
            let label = Some(format!("标题未写明{}", missing.join("、")));
            out.push(finding(meta, title.span, label, None));
        }
        if let Some(last) = title.lines.last() {
            let s = last.slice(ctx.text);
            if let Some(c) = s.chars().next_back().filter(|c| self.no_trailing.contains(*c)) {
                let span = Span::new(last.end - c.len_utf8(), last.end);
                let label = Some(format!("标题末尾不加“{c}”"));
                out.push(finding(meta, span, label, Some(Fix { span, replacement: String::new() })));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{load_error, run};

    const RULE: &str = "
  - id: t-title
    kind: title
    title_any: [法治政府建设]
    require_year: true
    require_unit: true
    no_trailing: 。，；：
    severity: warning
    message: 标题
    help: 改
    explanation: 因
";

    #[test]
    fn a_full_title_passes() {
        assert!(run(RULE, "某县司法局2023年度法治政府建设情况报告\n一、主要举措\n").is_empty());
        assert!(run(RULE, "某县人民政府关于2023年法治政府建设情况的报告\n").is_empty());
        assert!(run(RULE, "一、主要举措\n办理案件。\n").is_empty(), "no title found: nothing to judge");
    }

    #[test]
    fn missing_elements_are_named() {
        let f = run(RULE, "关于2023年法治政府建设情况的报告\n一、主要举措\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].label, "标题未写明报告单位");
        let f = run(RULE, "某县司法局法治政府建设情况报告\n一、主要举措\n");
        assert_eq!(f[0].label, "标题未写明报告年度");
    }

    #[test]
    fn trailing_punctuation_is_removable() {
        let t = "某县司法局2023年度法治政府建设情况报告，\n一、主要举措\n";
        let f = run(RULE, t);
        assert_eq!(f.len(), 1, "{f:?}");
        let fix = f[0].fix.as_ref().expect("fix");
        assert_eq!(fix.span.slice(t), "，");
        assert!(load_error(
            "\n  - id: t-t\n    kind: title\n    severity: info\n    message: m\n    help: h\n    explanation: e\n"
        )
        .contains("至少"));
    }
}

//! `follow`: the follow-through links (整改闭环), with the items, key terms and
//! thresholds of the `follow:` section (src/follow).
//!
//! - `link: measure`: a shortcoming that no plan item of the same report answers; the
//!   finding's span is the shortcoming item and its message quotes it. Reports without
//!   a plan part get none (the missing part is another rule's finding), nor does a
//!   shortcoming that names neither a matter nor an area.
//! - `link: repeat` and `link: plan` compare a unit's reports of consecutive years, so
//!   they run in `fazhi-lint audit` ([`cross_year`]) and never on one report: a
//!   shortcoming of the later report written again from the earlier one (a finding of
//!   the later report), and a plan item of the earlier report the later report never
//!   reports on (a finding of the earlier report). Their examples are two reports,
//!   earlier first, separated by a line `---`.

use super::{finding, Ctx, Kind};
use crate::diagnostic::{Finding, Severity};
use crate::follow::{fates, repeats, ItemKind, Prepared, Snapshot};
use crate::parts::Parts;
use crate::rules::{RuleMeta, RuleSet};

crate::rules::fields::raw_fields! {
    /// A `follow` rule as written.
    pub struct RawFollowRule {
        lists {}
        scalars {
            /// Which link: `measure` (a shortcoming no plan item answers), `repeat` (a
            /// shortcoming written again from the previous year's report) or `plan` (a plan
            /// item the next year's report never reports on).
            link: String,
        }
    }
}

/// Which follow-through link a rule reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowLink {
    Measure,
    Repeat,
    Plan,
}

#[derive(Debug)]
pub struct FollowRule {
    pub link: FollowLink,
}

/// Longest quote of an item in a message (characters).
const QUOTE_CHARS: usize = 40;

/// An item's text for a message: on one line, cut to `QUOTE_CHARS`.
pub(crate) fn quote(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join("");
    let mut out: String = one.chars().take(QUOTE_CHARS).collect();
    if one.chars().count() > QUOTE_CHARS {
        out.push('…');
    }
    out
}

impl Kind for FollowRule {
    type Raw = RawFollowRule;

    fn compile(r: RawFollowRule, _: &Parts) -> Result<Self, String> {
        let link = match r.link.as_deref() {
            Some("measure") => FollowLink::Measure,
            Some("repeat") => FollowLink::Repeat,
            Some("plan") => FollowLink::Plan,
            Some(x) => return Err(format!("link 应为 measure、repeat 或 plan（现为 {x}）")),
            None => return Err("follow 需要 link: measure | repeat | plan".into()),
        };
        Ok(FollowRule { link })
    }

    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        // Without a plan part there is nothing to answer the shortcomings with (the
        // missing part is another rule's finding); a plan part that names nothing answers none.
        if self.link != FollowLink::Measure || !ctx.elements.present("next_year_plan") {
            return;
        }
        for (i, it) in ctx.follow.of_kind(ItemKind::Problem) {
            // A shortcoming naming neither a matter nor an area ("思想认识还不到位") cannot be judged.
            if it.vague && it.topics.is_empty() {
                continue;
            }
            if ctx.follow.measures_of(i).next().is_none() {
                let q = quote(it.span.slice(ctx.text));
                let mut f = finding(meta, it.span, meta.label.as_ref().map(|l| l.replace("{item}", &q)), None);
                f.message = format!("{}：“{q}”", meta.message);
                out.push(f);
            }
        }
    }
}

/// A finding of a cross-year rule on one report of a pair, placed by line and column
/// (1-based; columns in characters, the end just past the item).
#[derive(Clone, Debug, PartialEq)]
pub struct PairFinding {
    pub rule: String,
    pub severity: Severity,
    /// Names the other report and quotes the item.
    pub message: String,
    pub help: String,
    /// On the later report (`problem-repeated`), else on the earlier (`plan-not-followed`).
    pub on_later: bool,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// The cross-year comparison of a unit's reports of consecutive years.
#[derive(Clone, Debug, Default)]
pub struct PairOutcome {
    pub repeats: Vec<crate::follow::Repeat>,
    pub fates: Vec<crate::follow::Fate>,
    pub findings: Vec<PairFinding>,
}

/// Compare `earlier` and `later` (snapshots of a unit's reports of consecutive years,
/// named `names.0` and `names.1` in messages: "上年报告 2022.docx", "下一年度报告 2023.docx") with the cross-year rules of `rules`.
/// `severity(meta, later)` is the severity a rule runs at on the later (true) or the
/// earlier report, or None when it does not run there.
pub fn cross_year(
    rules: &RuleSet,
    earlier: &Snapshot,
    later: &Snapshot,
    names: (&str, &str),
    severity: impl Fn(&RuleMeta, bool) -> Option<Severity>,
) -> PairOutcome {
    let model = &rules.follow;
    let (e, l) = (Prepared::new(earlier, model), Prepared::new(later, model));
    let repeats = repeats(&e, &l, model);
    let fates = fates(&e, &l, model);
    let mut findings = Vec::new();
    for rule in &rules.rules {
        let super::RuleKind::Follow(k) = &rule.kind else { continue };
        let meta = &rule.meta;
        match k.link {
            FollowLink::Measure => {}
            FollowLink::Repeat => {
                let Some(sev) = severity(meta, true) else { continue };
                for r in &repeats {
                    let (a, b) = (&later.items[r.later], &earlier.items[r.earlier]);
                    let how = if r.verbatim {
                        "几乎原文照录".to_string()
                    } else if r.shared.is_empty() {
                        "换了说法".to_string()
                    } else {
                        format!("换了说法，共同的关键词：{}", r.shared.join("、"))
                    };
                    findings.push(PairFinding {
                        rule: meta.id.clone(),
                        severity: sev,
                        message: format!(
                            "{}：{} 第 {} 行已列出此项不足（{how}）：“{}”",
                            meta.message,
                            names.0,
                            b.line,
                            quote(&b.text)
                        ),
                        help: meta.help.clone(),
                        on_later: true,
                        line: a.line,
                        column: a.column,
                        end_line: a.end_line,
                        end_column: a.end_column,
                    });
                }
            }
            FollowLink::Plan => {
                let Some(sev) = severity(meta, false) else { continue };
                for f in fates.iter().filter(|f| f.result.is_none()) {
                    let a = &earlier.items[f.plan];
                    findings.push(PairFinding {
                        rule: meta.id.clone(),
                        severity: sev,
                        message: format!(
                            "{}：{} 中未见此项安排的落实情况：“{}”",
                            meta.message,
                            names.1,
                            quote(&a.text)
                        ),
                        help: meta.help.clone(),
                        on_later: false,
                        line: a.line,
                        column: a.column,
                        end_line: a.end_line,
                        end_column: a.end_column,
                    });
                }
            }
        }
    }
    PairOutcome { repeats, fates, findings }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{load_error, run};

    const RULE: &str = "
  - id: t-measure
    kind: follow
    link: measure
    severity: info
    message: 不足没有对应措施
    label: 无措施：{item}
    help: 补上
    explanation: 因
";

    #[test]
    fn a_shortcoming_without_a_measure_is_named() {
        let text = "某局2023年法治政府建设年度报告\n一、主要成效\n开展执法培训。\n二、存在的不足\n一是部分执法人员未取得行政执法证件，持证上岗率不高；二是普法宣传形式较为单一，新媒体运用不够。\n三、2024年工作打算\n一是组织执法人员参加执法资格考试，实现持证上岗全覆盖；二是严格规范性文件备案审查。\n";
        let f = run(RULE, text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("普法宣传形式较为单一"), "{}", f[0].message);
        assert!(f[0].label.starts_with("无措施：二是普法宣传"), "{}", f[0].label);
        assert!(f[0].span.slice(text).starts_with("二是普法宣传"));
    }

    #[test]
    fn no_plan_no_finding_and_links_are_checked() {
        let text = "某局2023年法治政府建设年度报告\n一、主要成效\n开展执法培训。\n二、存在的不足\n一是部分执法人员未取得行政执法证件；二是普法宣传形式较为单一。\n";
        assert!(run(RULE, text).is_empty());
        assert!(load_error(&RULE.replace("link: measure", "link: other")).contains("measure、repeat 或 plan"));
        assert!(load_error(&RULE.replace("    link: measure\n", "")).contains("follow 需要 link"));
    }
}

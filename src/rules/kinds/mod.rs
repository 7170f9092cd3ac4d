//! Rule kinds: the engines that YAML rules instantiate. One file per kind; each has a
//! `compile` (raw YAML → validated) and a `check` (report → findings). This module
//! owns the dispatch, the refusal of fields that belong to other kinds, and the few
//! helpers several kinds share (scopes, findings, figures).

mod balance;
mod deadline;
mod literal_index;
mod metric;
mod numbering;
mod order;
mod paragraph_end;
mod pattern;
mod plan_year;
mod required_part;
mod title;

use super::raw::RawRule;
use super::RuleMeta;
use crate::diagnostic::{Finding, Fix};
use crate::parse::Report;
use crate::parts::{Elements, Parts};
use crate::span::Span;

pub use balance::Balance;
pub use deadline::{parse_deadline, report_date, DateSource, Deadline, ReportDate};
pub use metric::Metric;
pub use numbering::Numbering;
pub use order::Order;
pub use paragraph_end::ParagraphEnd;
pub use pattern::Pattern;
pub use plan_year::PlanYear;
pub use required_part::RequiredPart;
pub use title::TitleForm;

/// Everything a rule may look at for one report.
pub struct Ctx<'a> {
    /// The decoded text.
    pub text: &'a str,
    /// The same text, traditional characters folded (same offsets).
    pub norm: &'a str,
    pub report: &'a Report,
    /// Every section, in document order (`report.all_sections()`, computed once).
    pub sections: &'a [&'a crate::parse::Section],
    /// Every paragraph, in document order (`report.paragraphs()`, computed once).
    pub paragraphs: &'a [&'a crate::parse::Paragraph],
    pub elements: &'a Elements,
    pub parts: &'a Parts,
    /// Literal matches of every pattern rule from one shared pass, by rule slot:
    /// (term index, span in the text).
    pub literal_hits: &'a [Vec<(usize, Span)>],
    /// The document's metadata (web page 发布时间, container dates), when checked as a document.
    pub meta: Option<&'a crate::input::DocMeta>,
    /// `Settings::deadline`.
    pub deadline: Option<(u32, u32)>,
}

pub use literal_index::{LiteralHits, LiteralIndex};

#[derive(Debug)]
pub enum RuleKind {
    RequiredPart(RequiredPart),
    Pattern(Pattern),
    Numbering(Numbering),
    Metric(Metric),
    Order(Order),
    Title(TitleForm),
    PlanYear(PlanYear),
    Balance(Balance),
    ParagraphEnd(ParagraphEnd),
    Deadline(Deadline),
}

/// The kinds a rule file may name.
pub const KINDS: &[&str] = &[
    "required-part",
    "pattern",
    "numbering",
    "metric",
    "order",
    "title",
    "plan-year",
    "balance",
    "paragraph-end",
    "deadline",
];

/// Validate a raw rule for its kind.
pub fn compile(r: &RawRule, parts: &Parts) -> Result<RuleKind, String> {
    match r.kind.as_str() {
        "required-part" => RequiredPart::compile(r, parts).map(RuleKind::RequiredPart),
        "pattern" => Pattern::compile(r, parts).map(RuleKind::Pattern),
        "numbering" => Numbering::compile(r).map(RuleKind::Numbering),
        "metric" => Metric::compile(r, parts).map(RuleKind::Metric),
        "order" => Order::compile(r).map(RuleKind::Order),
        "title" => TitleForm::compile(r).map(RuleKind::Title),
        "plan-year" => PlanYear::compile(r, parts).map(RuleKind::PlanYear),
        "balance" => Balance::compile(r).map(RuleKind::Balance),
        "paragraph-end" => ParagraphEnd::compile(r).map(RuleKind::ParagraphEnd),
        "deadline" => Deadline::compile(r).map(RuleKind::Deadline),
        other => Err(format!("未知的规则类型 kind: {other}（可用：{}）", KINDS.join(", "))),
    }
}

impl RuleKind {
    pub fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        match self {
            RuleKind::RequiredPart(k) => k.check(meta, ctx, out),
            RuleKind::Pattern(k) => k.check(meta, ctx, out),
            RuleKind::Numbering(k) => k.check(meta, ctx, out),
            RuleKind::Metric(k) => k.check(meta, ctx, out),
            RuleKind::Order(k) => k.check(meta, ctx, out),
            RuleKind::Title(k) => k.check(meta, ctx, out),
            RuleKind::PlanYear(k) => k.check(meta, ctx, out),
            RuleKind::Balance(k) => k.check(meta, ctx, out),
            RuleKind::ParagraphEnd(k) => k.check(meta, ctx, out),
            RuleKind::Deadline(k) => k.check(meta, ctx, out),
        }
    }
}

/// Refuse fields that belong to other kinds (a typo would otherwise pass silently).
pub(crate) fn refuse_fields(r: &RawRule, allowed: &[&str]) -> Result<(), String> {
    let set: &[(&str, bool)] = &[
        ("part", r.part.is_some()),
        ("require", r.require.is_some()),
        ("only_if_present", r.only_if_present.is_some()),
        ("find", r.find.is_some()),
        ("unless", r.unless.is_some()),
        ("scope", r.scope.is_some()),
        ("fix", r.fix.is_some()),
        ("skip_book_titles", r.skip_book_titles.is_some()),
        ("first_only", r.first_only.is_some()),
        ("check", r.check.is_some()),
        ("avoid", r.avoid.is_some()),
        ("count", r.count.is_some()),
        ("cues", r.cues.is_some()),
        ("min", r.min.is_some()),
        ("title_any", r.title_any.is_some()),
        ("require_year", r.require_year.is_some()),
        ("require_unit", r.require_unit.is_some()),
        ("no_trailing", r.no_trailing.is_some()),
        ("years", r.years.is_some()),
        ("pairs", r.pairs.is_some()),
        ("ends_with", r.ends_with.is_some()),
        ("min_chars", r.min_chars.is_some()),
        ("cut_end", r.cut_end.is_some()),
    ];
    for (name, present) in set {
        if *present && !allowed.contains(name) {
            return Err(format!("字段 {name} 不适用于 kind: {}", r.kind));
        }
    }
    Ok(())
}

/// A finding of `meta`'s rule at `span`, with the rule's label unless one is given.
pub(crate) fn finding(meta: &RuleMeta, span: Span, label: Option<String>, fix: Option<Fix>) -> Finding {
    Finding {
        rule: meta.id.clone(),
        severity: meta.severity,
        message: meta.message.clone(),
        help: meta.help.clone(),
        span,
        label: label.or_else(|| meta.label.clone()).unwrap_or_else(|| meta.message.clone()),
        fix,
    }
}

pub(crate) use crate::parts::inside_book_title;

/// The text of a section after its own heading: its paragraphs and sub-sections.
pub(crate) fn section_bodies(ctx: &Ctx, sections: &[Span]) -> Vec<Span> {
    sections
        .iter()
        .map(|sp| match ctx.sections.iter().find(|s| s.span == *sp) {
            Some(s) => Span::new(s.heading.end.min(sp.end), sp.end),
            None => *sp,
        })
        .collect()
}

/// Figures in a piece of text: runs of Arabic digits (with decimals and %), not counting
/// years (2021年), dates (3月, 15日), document numbers (〔2019〕28号) or digits inside 《…》.
#[cfg(test)]
pub(crate) fn count_figures(hay: &str) -> usize {
    count_figures_up_to(hay, usize::MAX)
}

/// [`count_figures`], counting no further than `limit`.
pub(crate) fn count_figures_up_to(hay: &str, limit: usize) -> usize {
    let mut n = 0;
    // Most text has no 《 at all: then no figure can be inside a book title.
    let has_titles = memchr::memmem::find(hay.as_bytes(), "《".as_bytes()).is_some();
    let mut chars = hay.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_digit(c) {
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if is_digit(d) || ((d == '.' || d == '．') && hay[j + d.len_utf8()..].chars().next().is_some_and(is_digit))
            {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let after = hay[end..].trim_start().chars().next();
        let before = hay[..start].chars().next_back();
        if matches!(after, Some('年' | '月' | '日' | '号' | '〕' | ']' | '）' | ')'))
            || matches!(before, Some('〔' | '['))
        {
            continue;
        }
        if has_titles && inside_book_title(hay, Span::new(start, end)) {
            continue;
        }
        n += 1;
        if n >= limit {
            break;
        }
    }
    n
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_skip_years_dates_and_titles() {
        assert_eq!(count_figures("2021年3月，办理案件12件，同比增长3.5%。"), 2);
        assert_eq!(count_figures("依据《某规定》（厅字〔2019〕28号）和《纲要（2021—2025年）》"), 0);
        assert_eq!(count_figures("一是完善制度；二是加强培训。"), 0);
        assert_eq!(count_figures("组织培训５次"), 1);
    }

    #[test]
    fn book_titles() {
        let t = "学习《信访工作条例》和信访条例";
        let p = t.find("信访工作").unwrap();
        assert!(inside_book_title(t, Span::new(p, p + 6)));
        let q = t.rfind("信访条例").unwrap();
        assert!(!inside_book_title(t, Span::new(q, q + 6)));
    }
}

/// Unit-test support: run one rule, given as YAML, on a text, with the default parts.
/// The pipeline (parse → parts → rules) is run here rather than through `crate::check`,
/// which sits above `rules`.
#[cfg(test)]
pub(crate) mod test_support {
    use super::Ctx;
    use crate::diagnostic::Finding;
    use crate::input::DocMeta;
    use crate::normalize::to_simplified;
    use crate::parse::{parse_with_hints, Hints};
    use crate::rules::RuleSet;

    /// The embedded rules plus `rules_yaml` (a `rules:` list body) as `test.yaml`.
    pub fn rule_set(rules_yaml: &str) -> Result<RuleSet, Box<crate::rules::RuleFileError>> {
        let user = format!("rules:{rules_yaml}");
        let mut files: Vec<(&str, &str)> = crate::rules::EMBEDDED.to_vec();
        files.push(("test.yaml", &user));
        RuleSet::from_texts(&files)
    }

    /// Findings of the rule(s) in `rules_yaml` (a `rules:` list body) on `text`.
    pub fn run(rules_yaml: &str, text: &str) -> Vec<Finding> {
        run_with(rules_yaml, text, None, None)
    }

    /// [`run`] with the document's metadata and a reporting deadline.
    pub fn run_with(
        rules_yaml: &str,
        text: &str,
        meta: Option<&DocMeta>,
        deadline: Option<(u32, u32)>,
    ) -> Vec<Finding> {
        let rs = match rule_set(rules_yaml) {
            Ok(rs) => rs,
            Err(e) => panic!("test rule does not load: {e}"),
        };
        let ids: Vec<String> =
            rules_yaml.lines().filter_map(|l| l.trim().strip_prefix("- id:")).map(|s| s.trim().to_string()).collect();
        let norm = to_simplified(text);
        let cue_end = |h: &str| rs.parts.heading_cue_end(h);
        let report = parse_with_hints(text, &norm, &rs.document, Hints { blocks: &[], part_cue_end: Some(&cue_end) });
        let literal_hits = rs.literal_index.as_ref().map(|ix| ix.scan(&norm)).unwrap_or_default();
        let part_hits: Vec<Option<&[(usize, crate::span::Span)]>> = match &rs.literal_index {
            Some(ix) => (0..rs.parts.parts.len())
                .map(|i| ix.part_slot(i).and_then(|s| literal_hits.get(s)).map(|v| &v[..]))
                .collect(),
            None => Vec::new(),
        };
        let elements = crate::parts::analyze(&report, text, &norm, &rs.parts, &part_hits);
        let sections = report.all_sections();
        let paragraphs = report.paragraphs_of(&sections);
        let ctx = Ctx {
            text,
            norm: &norm,
            report: &report,
            sections: &sections,
            paragraphs: &paragraphs,
            elements: &elements,
            parts: &rs.parts,
            literal_hits: &literal_hits,
            meta,
            deadline,
        };
        let mut findings = Vec::new();
        for rule in rs.rules.iter().filter(|r| ids.contains(&r.meta.id)) {
            if rule.meta.applies_to_year(report.year) {
                rule.kind.check(&rule.meta, &ctx, &mut findings);
            }
        }
        findings.sort_by(|a, b| a.span.start.cmp(&b.span.start).then_with(|| a.rule.cmp(&b.rule)));
        findings
    }

    /// The error a rule file gives, as text.
    pub fn load_error(rules_yaml: &str) -> String {
        match rule_set(rules_yaml) {
            Ok(_) => String::new(),
            Err(e) => e.message.clone(),
        }
    }
}

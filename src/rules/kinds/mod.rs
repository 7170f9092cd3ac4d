//! Rule kinds: the engines that YAML rules instantiate. One file per kind; each declares
//! its raw struct (the YAML fields of the kind, with `raw_fields!`) and implements
//! [`Kind`]: `compile` (raw → validated) and `check` (report → findings). A new kind is
//! one new file plus three lines here: its `mod`, its `pub use` and its line in `kinds!`. This module owns the dispatch and the
//! few helpers several kinds share (scopes, findings, figures).

mod balance;
mod deadline;
mod follow;
mod metric;
mod numbering;
mod order;
mod paragraph_end;
mod pattern;
mod plan_year;
mod required_part;
mod title;

use super::fields::{At, RawFields};
use super::RuleMeta;
use crate::diagnostic::{Finding, Fix};
use crate::parse::Report;
use crate::parts::{Elements, Parts};
use crate::span::Span;

pub use balance::Balance;
pub use deadline::{parse_deadline, report_date, DateSource, Deadline, ReportDate};
pub use follow::{cross_year, FollowLink, FollowRule, PairFinding, PairOutcome};
pub use metric::Metric;
pub use numbering::Numbering;
pub use order::Order;
pub use paragraph_end::ParagraphEnd;
pub use pattern::{parse_regex, Pattern};
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
    /// The follow-through items and the shortcomings' links to the plan.
    pub follow: &'a crate::follow::Follow,
    /// Literal matches of every rule from one shared pass, by slot ([`RuleMeta::slot`]):
    /// (term index, span in the text).
    pub literal_hits: &'a [Vec<(usize, Span)>],
    /// The document's metadata (web page 发布时间, container dates), when checked as a document.
    pub meta: Option<&'a crate::input::DocMeta>,
    /// `Settings::deadline`.
    pub deadline: Option<(u32, u32)>,
}

/// What a rule kind provides.
pub trait Kind: Sized {
    /// The kind's fields as written in YAML (besides the common ones).
    type Raw: RawFields;
    /// Validate the raw fields (against the rule set's parts, where they name one).
    fn compile(raw: Self::Raw, parts: &Parts) -> Result<Self, String>;
    /// Append the rule's findings on one report to `out`.
    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>);
    /// The words this rule wants found by the shared literal pass, each with the term
    /// index it finds them under.
    fn literal_words(&self) -> Vec<(String, usize)> {
        Vec::new()
    }
    /// The regular expressions of the raw rule, compiled at load for user files.
    /// Each with where its key is written.
    fn regexes(_raw: &Self::Raw) -> Vec<(&str, At)> {
        Vec::new()
    }
}

/// The kinds: name in YAML, variant, type. Generates [`RuleKind`] (validated),
/// [`RawKind`] (as written), [`KINDS`] and the dispatch between them.
macro_rules! kinds {
    ($( $name:literal => $variant:ident($ty:ty), )*) => {
        /// A validated rule of one kind.
        #[derive(Debug)]
        pub enum RuleKind {
            $( $variant($ty), )*
        }

        /// A rule's kind-specific fields as written in YAML.
        #[derive(Clone, Debug)]
        pub enum RawKind {
            $( $variant(<$ty as Kind>::Raw), )*
        }

        /// The kinds a rule file may name.
        pub const KINDS: &[&str] = &[$($name),*];

        impl RawKind {
            /// An empty raw rule of the kind named `name`.
            pub fn new(name: &str) -> Option<RawKind> {
                match name {
                    $( $name => Some(RawKind::$variant(Default::default())), )*
                    _ => None,
                }
            }

            /// The kind's name in YAML.
            pub fn name(&self) -> &'static str {
                match self {
                    $( RawKind::$variant(_) => $name, )*
                }
            }

            /// The kind's own fields.
            pub fn fields(&self) -> &'static [&'static str] {
                match self {
                    $( RawKind::$variant(_) => <<$ty as Kind>::Raw as RawFields>::FIELDS, )*
                }
            }

            /// The common fields and the kind's own.
            pub fn all_fields(&self) -> &'static [&'static str] {
                match self {
                    $( RawKind::$variant(_) => <<$ty as Kind>::Raw as RawFields>::ALL, )*
                }
            }

            /// The kind's list fields (open to `extend:`).
            pub fn lists(&self) -> &'static [&'static str] {
                match self {
                    $( RawKind::$variant(_) => <<$ty as Kind>::Raw as RawFields>::LISTS, )*
                }
            }

            /// Set one field from YAML.
            pub fn set<'de, D: serde::Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error> {
                match self {
                    $( RawKind::$variant(r) => r.set(key, value), )*
                }
            }

            /// Append to one list field (`extend:`).
            pub fn append<'de, D: serde::Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error> {
                match self {
                    $( RawKind::$variant(r) => r.append(key, value), )*
                }
            }

            /// The rule's regular expressions.
            pub fn regexes(&self) -> Vec<(&str, At)> {
                match self {
                    $( RawKind::$variant(r) => <$ty as Kind>::regexes(r), )*
                }
            }
        }

        /// Validate a raw rule for its kind.
        pub fn compile(raw: RawKind, parts: &Parts) -> Result<RuleKind, String> {
            match raw {
                $( RawKind::$variant(r) => <$ty as Kind>::compile(r, parts).map(RuleKind::$variant), )*
            }
        }

        impl RuleKind {
            /// See [`Kind::literal_words`].
            pub fn literal_words(&self) -> Vec<(String, usize)> {
                match self {
                    $( RuleKind::$variant(k) => k.literal_words(), )*
                }
            }

            pub fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
                match self {
                    $( RuleKind::$variant(k) => Kind::check(k, meta, ctx, out), )*
                }
            }
        }
    };
}

kinds! {
    "required-part" => RequiredPart(RequiredPart),
    "pattern" => Pattern(Pattern),
    "numbering" => Numbering(Numbering),
    "metric" => Metric(Metric),
    "order" => Order(Order),
    "title" => Title(TitleForm),
    "plan-year" => PlanYear(PlanYear),
    "balance" => Balance(Balance),
    "paragraph-end" => ParagraphEnd(ParagraphEnd),
    "deadline" => Deadline(Deadline),
    "follow" => Follow(FollowRule),
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

/// Unit-test support: run one rule, given as YAML, on a text, with the default parts
/// (through `RuleSet::parse` and `RuleSet::evaluate`, as `check` does).
#[cfg(test)]
pub(crate) mod test_support {
    use crate::diagnostic::Finding;
    use crate::input::DocMeta;
    use crate::normalize::to_simplified;
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
        let report = rs.parse(text, &norm, &[]);
        let (_, findings, _) =
            rs.evaluate(text, &norm, &report, meta, deadline, |m| ids.contains(&m.id).then_some(m.severity));
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

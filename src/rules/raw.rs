//! Raw serde types of a rule file, exactly as written in YAML (`deny_unknown_fields`).
//! [`super::RuleSet`] validates and compiles them; the checker never sees these.
//!
//! A rule file may hold any of three top-level sections:
//!
//! ```yaml
//! document: { … }      # cues for title, furniture and unit (see DocumentConfig)
//! parts: { name: … }   # required parts of a report, defined by cues
//! rules: [ … ]         # the rules, each with id, kind, severity and documentation
//! ```

use crate::parse::DocumentConfig;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// Parser cues (title words, page furniture). Replaces the default when given.
    pub document: Option<DocumentConfig>,
    /// Required parts by name. A part with an existing name replaces it.
    #[serde(default)]
    pub parts: BTreeMap<String, RawPart>,
    /// Rules. A rule with an existing id replaces it.
    #[serde(default)]
    pub rules: Vec<RawRule>,
}

/// How a required part of the report is recognised.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPart {
    /// Chinese name of the part, used in messages and labels.
    pub name: String,
    /// Position in the regulation's order of parts (1 = first). Parts outside the JSON
    /// contract's six are reported after them in this order.
    pub order: u32,
    /// How the outputs name the part; each defaults to the one before it (`name` first).
    /// The checklist of `check` and the web page.
    #[serde(default)]
    pub label: Option<String>,
    /// The audit's column (CSV, workbook, coverage summary, the HTML page's charts).
    #[serde(default)]
    pub column: Option<String>,
    /// The header of the audit HTML page's report table.
    #[serde(default)]
    pub header: Option<String>,
    /// The audit's terminal table (two characters fit).
    #[serde(default)]
    pub short: Option<String>,
    /// A level-1 heading containing one of these words is this part.
    #[serde(default)]
    pub heading_any: Vec<String>,
    /// A level-2 heading containing one of these is this part, embedded in another.
    #[serde(default)]
    pub subheading_any: Vec<String>,
    /// Phrases that contain a heading cue but do not mean the part (问题导向 is not 问题).
    #[serde(default)]
    pub heading_none: Vec<String>,
    /// A level-1 heading naming the reported year + 1 ("2022年工作思路") is this part.
    #[serde(default)]
    pub heading_next_year: bool,
    /// Claims only level-1 headings that no other part claims (the achievements part).
    #[serde(default)]
    pub general: bool,
    /// When nothing names the part, the first substantive level-1 part that no other
    /// part claims is taken to be it (reports organised by topic).
    #[serde(default)]
    pub fallback: Option<Fallback>,
    /// The part is present, embedded, where the text says one of these.
    #[serde(default)]
    pub text_any: Vec<String>,
    /// Phrases that contain a text cue but do not mean the part.
    #[serde(default)]
    pub text_none: Vec<String>,
    /// Look for text cues only inside this other part (causes inside the shortcomings part).
    pub within: Option<String>,
    /// Text cues inside 《…》 do not count: citing a document's title is not reporting on it.
    #[serde(default)]
    pub skip_book_titles: bool,
    /// Wording of work done (落实, 完成, 整改): a heading naming the part by a cue but
    /// worded so, without a `done_unless_any` word, is not the part ("推进年度普法计划实施").
    #[serde(default)]
    pub done_any: Vec<String>,
    /// Wording that keeps the part despite a `done_any` word (下一步, 明年; 存在, 不足).
    #[serde(default)]
    pub done_unless_any: Vec<String>,
    /// The part comes last: a level-2 heading naming it outside the last level-1 part
    /// must also carry a `done_unless_any` word or the next year's number.
    #[serde(default)]
    pub late: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fallback {
    FirstUnclaimed,
}

/// Severity as written in YAML and in configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "off" => Severity::Off,
            "info" => Severity::Info,
            "warning" | "warn" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }
}

/// Condition on the reported year.
#[derive(Clone, Copy, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWhen {
    /// The rule applies to reports on this year or later.
    pub since: Option<i32>,
    /// The rule applies to reports on this year or earlier.
    pub until: Option<i32>,
}

/// Good and bad snippets; the test suite runs every one.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    /// Texts that must trigger the rule.
    #[serde(default)]
    pub bad: Vec<String>,
    /// Texts that must not trigger it.
    #[serde(default)]
    pub good: Vec<String>,
}

/// One rule. Common fields first; the kind-specific ones are validated per kind.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Kebab-case id naming the problem (`missing-problems`).
    pub id: String,
    /// Which engine runs the rule: `required-part`, `pattern`, `numbering`, `metric`,
    /// `order`, `title`, `plan-year`, `balance`, `paragraph-end`.
    pub kind: String,
    /// A group for listing and selection (structure, numbering, terms, references, content, hygiene).
    pub group: Option<String>,
    pub severity: Severity,
    /// Chinese message shown with every finding.
    pub message: String,
    /// Chinese help: what the regulation or the standard asks, and how to fix it.
    pub help: String,
    /// Longer explanation citing the basis (article, standard, date a law was replaced).
    pub explanation: String,
    #[serde(default)]
    pub examples: RawExamples,
    /// Only for reports on these years.
    pub when: Option<RawWhen>,
    /// Label on the source span (defaults to the message).
    pub label: Option<String>,

    // required-part
    /// required-part and metric: the part (a name under `parts:`).
    pub part: Option<String>,
    /// required-part: `present` (default) or `standalone` (a level-1 part of its own).
    pub require: Option<Require>,
    /// required-part: fire only when this other part is present.
    pub only_if_present: Option<String>,

    // pattern
    /// pattern: what to look for. Each entry is a literal (`《国家信访条例》`) or a map
    /// `{find | regex, replace, since, until, label}`.
    pub find: Option<Vec<RawTerm>>,
    /// pattern: phrases that contain a match but are correct (法制审核, 依法制定); a match
    /// inside one of them does not count.
    pub unless: Option<Vec<String>>,
    /// pattern: where to look: `title`, `headings`, `preamble`, `body`, `sign_off`,
    /// `document` (title to sign-off, without web-page furniture), `all`, or `part:<name>`.
    pub scope: Option<String>,
    /// pattern: offer the entry's `replace` as an automatic fix (only when it is certain).
    pub fix: Option<bool>,
    /// pattern: matches inside 《…》 (the title of another document) do not count.
    pub skip_book_titles: Option<bool>,
    /// pattern: report only the first match in a text.
    pub first_only: Option<bool>,

    // numbering
    /// numbering: `sequence` (gaps, repeats, restarts), `style` (marker forms mixed at
    /// one level), `level_skip` (a （一） before any 一、) or `avoid` (forms listed in `avoid`).
    pub check: Option<NumberingCheck>,
    /// numbering (`check: avoid`): marker forms to report, written as samples: `1、`, `(一)`.
    pub avoid: Option<Vec<String>>,

    // metric
    /// metric: what to count in the part (`part:`): `sentences`, `chars`, `figures`,
    /// `cues` (occurrences of the `cues` words); several are added up.
    pub count: Option<Vec<Measure>>,
    /// metric: words that count as one unit each with `count: [cues]`.
    pub cues: Option<Vec<String>>,
    /// metric: the finding fires when the count is below this.
    pub min: Option<u32>,

    // title
    /// title: the title must contain one of these (the subject, e.g. 法治政府建设).
    pub title_any: Option<Vec<String>>,
    /// title: the title must name the reported year.
    pub require_year: Option<bool>,
    /// title: the title must name the issuing unit.
    pub require_unit: Option<bool>,
    /// title: characters the title must not end with.
    pub no_trailing: Option<String>,

    // plan-year
    /// plan-year: part name → the year its headings must name, relative to the reported
    /// year (`next_year_plan: 1`, `achievements: 0`).
    pub years: Option<BTreeMap<String, i32>>,

    // balance
    /// balance: bracket pairs that must match within a paragraph or heading, as two
    /// characters each: `《》`, `“”`, `（）`.
    pub pairs: Option<Vec<String>>,

    // paragraph-end
    /// paragraph-end: the characters a paragraph may end with.
    pub ends_with: Option<String>,
    /// paragraph-end: paragraphs shorter than this (in characters) are not checked.
    pub min_chars: Option<u32>,
    /// paragraph-end: report only the end of a text cut off mid-sentence (true), or only
    /// the other paragraphs (false, the default).
    pub cut_end: Option<bool>,
}

/// One entry of a pattern rule's `find` list: a literal, or a map with conditions.
#[derive(Clone, Debug)]
pub enum RawTerm {
    Literal(String),
    Entry(RawTermEntry),
}

/// By hand rather than `#[serde(untagged)]`, so that a mistyped key in a map entry is
/// reported as such ("unknown field `replce`") at its line, not as "no variant matched".
impl<'de> Deserialize<'de> for RawTerm {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawTerm;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a map with find/regex, replace, since, until, label")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawTerm, E> {
                Ok(RawTerm::Literal(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawTerm, A::Error> {
                RawTermEntry::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(RawTerm::Entry)
            }
        }
        d.deserialize_any(V)
    }
}

/// A `find` entry written as a map.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTermEntry {
    /// A literal to find (give `find` or `regex`).
    pub find: Option<String>,
    /// A regular expression to find (Rust `regex` syntax; no `\b` on Chinese text).
    pub regex: Option<String>,
    /// What should be written instead (`$1` refers to a regex group).
    pub replace: Option<String>,
    /// Only in reports on this year or later.
    pub since: Option<i32>,
    /// Only in reports on this year or earlier.
    pub until: Option<i32>,
    /// Label on the match (`{found}` and `{replace}` are filled in).
    pub label: Option<String>,
}

/// The checks of the `numbering` kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberingCheck {
    Sequence,
    Style,
    LevelSkip,
    Avoid,
}

/// What a `metric` rule counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Sentences,
    Chars,
    Figures,
    Cues,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Require {
    Present,
    Standalone,
}

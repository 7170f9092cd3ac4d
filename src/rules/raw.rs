//! Raw serde types of a rule file, exactly as written in YAML (unknown keys refused).
//! [`super::RuleSet`] validates and compiles them; the checker never sees these.
//!
//! A rule file may hold any of four top-level sections:
//!
//! ```yaml
//! document: { … }      # cues for title, furniture and unit (see DocumentConfig)
//! parts: { name: … }   # required parts of a report, defined by cues
//! rules: [ … ]         # the rules, each with id, kind, severity and documentation
//! follow: { … }        # follow-through (整改闭环): weak words, thresholds, topic table
//! ```
//!
//! Each entry of `rules:` is a rule (the common fields below plus the fields of its
//! `kind`, declared by the kind's own raw struct in `kinds/`) or an extension
//! (`extend: ID` plus list fields to append to an earlier rule). Entries are read key by
//! key from the YAML itself, not buffered, so that an unknown or mistyped key is
//! reported at its own line and column.
//!
//! The values the loader judges after parsing carry where they are written ([`At`],
//! from serde-saphyr's `Spanned` keys): a rule's `id:` key, an extension's `extend:`
//! key and the keys of its fields, and (in `kinds/pattern.rs`) each `regex:` key. An
//! error found once an entry is read to its end is an [`RawEntry::Refused`] entry at
//! the key it is about. No error's position is looked for in the text but that of a
//! regex inside an extension's field (whose value waits as a YAML value, without
//! positions, until the extended rule is known).

pub(crate) use super::fields::key_at;
pub use super::fields::At;
pub use super::fields::Spanned;
use super::kinds::RawKind;
use crate::diagnostic::Severity;
use crate::parse::DocumentConfig;
use serde::de::{Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::HashMap;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// Parser cues (title words, page furniture). Replaces the default when given.
    pub document: Option<DocumentConfig>,
    /// Required parts by name. A part with an existing name replaces it. Each name with
    /// where it is written (an error in the part points there); a file's names are
    /// unique (the parser refuses a repeated key), so their order is the loader's.
    #[serde(default)]
    pub parts: HashMap<Spanned<String>, crate::parts::RawPart>,
    /// Rules. A rule with an existing id from another file replaces it.
    #[serde(default)]
    pub rules: Vec<RawEntry>,
    /// Follow-through (整改闭环): weak words, thresholds and the topic table. Lists add
    /// to the earlier files', numbers replace them, a topic replaces the one of its name.
    pub follow: Option<crate::follow::RawFollow>,
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

/// Good and bad snippets; `fazhi-lint test` and the test suite run every one.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    /// Texts that must trigger the rule: each a text, or a map `{text, span, label}`
    /// pinning where the rule's first finding must be and its label.
    #[serde(default)]
    pub bad: Vec<RawExample>,
    /// Texts that must not trigger it.
    #[serde(default)]
    pub good: Vec<String>,
}

/// A bad example: a text, or a map `{text, span, label}` whose `span` (`L:C-L:C`, as
/// `check --format json` gives line, column, end_line and end_column) and `label` the
/// rule's first finding on the text must have; `fazhi-lint test --update` writes them.
#[derive(Clone, Debug)]
pub struct RawExample {
    pub text: String,
    /// `None` for an example written as a text alone.
    pub pin: Option<RawPin>,
}

/// What an example written as a map pins, with where it is written (for `--update`).
#[derive(Clone, Debug, Default)]
pub struct RawPin {
    pub span: Option<Spanned<String>>,
    pub label: Option<Spanned<String>>,
    /// Where the `text:` key is written.
    pub text_at: At,
}

impl<'de> Deserialize<'de> for RawExample {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawExample;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or a map with text, span, label")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawExample, E> {
                Ok(RawExample { text: v.to_string(), pin: None })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawExample, A::Error> {
                const FIELDS: &[&str] = &["text", "span", "label"];
                let mut text = None;
                let mut pin = RawPin::default();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    match key.value.as_str() {
                        "text" => {
                            text = Some(map.next_value()?);
                            pin.text_at = key_at(&key);
                        }
                        "span" => pin.span = Some(map.next_value()?),
                        "label" => pin.label = Some(map.next_value()?),
                        other => return Err(A::Error::unknown_field(other, FIELDS)),
                    }
                }
                let text = text.ok_or_else(|| A::Error::missing_field("text"))?;
                Ok(RawExample { text, pin: Some(pin) })
            }
        }
        d.deserialize_any(V)
    }
}

/// The fields every rule has, whatever its kind.
#[derive(Clone, Debug)]
pub struct RawCommon {
    /// Kebab-case id naming the problem (`missing-problems`).
    pub id: String,
    /// Where the `id:` key is written (errors about the rule point there).
    pub at: At,
    /// A group for listing and selection (structure, numbering, terms, references, content, hygiene).
    pub group: Option<String>,
    pub severity: Severity,
    /// Chinese message shown with every finding.
    pub message: String,
    /// Chinese help: what the regulation or the standard asks, and how to fix it.
    pub help: String,
    /// Longer explanation citing the basis (article, standard, date a law was replaced).
    pub explanation: String,
    pub examples: RawExamples,
    /// Only for reports on these years.
    pub when: Option<RawWhen>,
    /// Label on the source span (defaults to the message).
    pub label: Option<String>,
}

/// The common fields, in the order a typo's message lists them.
pub const COMMON_FIELDS: &[&str] =
    &["id", "kind", "group", "severity", "message", "help", "explanation", "examples", "when", "label"];

/// One rule: the common fields and those of its kind.
#[derive(Clone, Debug)]
pub struct RawRule {
    pub common: RawCommon,
    pub kind: RawKind,
}

/// `extend: ID`: entries appended to the list fields of an existing rule (built in or
/// from an earlier file). The values wait, as YAML values, until the extended rule —
/// and so its kind — is known.
#[derive(Clone, Debug)]
pub struct RawExtend {
    /// The id of the rule extended.
    pub id: String,
    /// Where the `extend:` key is written.
    pub at: At,
    /// The fields in the order written.
    pub fields: Vec<RawField>,
}

/// A field whose value waits as a YAML value (of an extension, or of a rule's kind
/// written before `kind:`), with where its key is written.
#[derive(Clone, Debug)]
pub struct RawField {
    pub key: String,
    pub at: At,
    pub value: serde_json::Value,
}

/// An entry of `rules:`.
#[derive(Clone, Debug)]
pub enum RawEntry {
    Rule(Box<RawRule>),
    Extend(RawExtend),
    /// An entry read to its end and refused: the message, at the key it is about.
    /// (An error raised while reading is placed by the parser at the entry's start.)
    Refused {
        message: String,
        at: At,
    },
}

/// By hand rather than derived: the kind's struct is known only once `kind:` is read,
/// and a derived internally tagged enum would buffer the entry and lose every position.
impl<'de> Deserialize<'de> for RawEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a rule (id, kind, severity, message, help, explanation, …) or extend: RULE-ID")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawEntry, A::Error> {
                let mut id: Option<(String, At)> = None;
                let mut extend: Option<(String, At)> = None;
                let mut kind: Option<RawKind> = None;
                let mut group = None;
                let mut severity = None;
                let mut message = None;
                let mut help = None;
                let mut explanation = None;
                let mut examples = None;
                let mut when = None;
                let mut label = None;
                // Keys of the kind written before `kind:`, and every key of an extension.
                let mut waiting: Vec<RawField> = Vec::new();
                while let Some(spanned) = map.next_key::<Spanned<String>>()? {
                    let at = key_at(&spanned);
                    let key = spanned.value;
                    match key.as_str() {
                        "id" => id = Some((map.next_value()?, at)),
                        "extend" => extend = Some((map.next_value()?, at)),
                        "kind" => {
                            let name: String = map.next_value()?;
                            let k = RawKind::new(&name).ok_or_else(|| {
                                A::Error::custom(format!(
                                    "未知的规则类型 kind: {name}（可用：{}）",
                                    super::kinds::KINDS.join(", ")
                                ))
                            })?;
                            kind = Some(k);
                        }
                        _ if extend.is_some() => waiting.push(RawField { key, at, value: map.next_value()? }),
                        "group" => group = Some(map.next_value()?),
                        "severity" => severity = Some(map.next_value()?),
                        "message" => message = Some(map.next_value()?),
                        "help" => help = Some(map.next_value()?),
                        "explanation" => explanation = Some(map.next_value()?),
                        "examples" => examples = Some(map.next_value()?),
                        "when" => when = Some(map.next_value()?),
                        "label" => label = Some(map.next_value()?),
                        _ => match &mut kind {
                            Some(k) => {
                                if !k.fields().contains(&key.as_str()) {
                                    return Err(A::Error::unknown_field(&key, k.all_fields()));
                                }
                                map.next_value_seed(FieldSeed { kind: k, key: &key })?;
                            }
                            None if super::kinds::KINDS
                                .iter()
                                .filter_map(|n| RawKind::new(n))
                                .any(|k| k.fields().contains(&key.as_str())) =>
                            {
                                waiting.push(RawField { key, at, value: map.next_value()? });
                            }
                            None => return Err(A::Error::unknown_field(&key, COMMON_FIELDS)),
                        },
                    }
                }
                if let Some((target, at)) = extend {
                    if id.is_some() || kind.is_some() {
                        return Err(A::Error::custom(format!(
                            "extend: {target} 只追加条目，不能同时给出 id 或 kind（新规则请去掉 extend）"
                        )));
                    }
                    return Ok(RawEntry::Extend(RawExtend { id: target, at, fields: waiting }));
                }
                let (id, id_at) = id.ok_or_else(|| A::Error::missing_field("id"))?;
                let mut kind = kind.ok_or_else(|| A::Error::missing_field("kind"))?;
                for RawField { key, at, value } in waiting {
                    // Read before `kind:`, judged now: refused at its own key.
                    let message = if !kind.fields().contains(&key.as_str()) {
                        format!("字段 {key} 不适用于 kind: {}（可用：{}）", kind.name(), kind.all_fields().join(", "))
                    } else {
                        match kind.set(&key, value) {
                            Ok(()) => continue,
                            Err(e) => format!("{key}：{e}"),
                        }
                    };
                    return Ok(RawEntry::Refused { message, at });
                }
                let common = RawCommon {
                    id,
                    at: id_at,
                    group,
                    severity: severity.ok_or_else(|| A::Error::missing_field("severity"))?,
                    message: message.ok_or_else(|| A::Error::missing_field("message"))?,
                    help: help.ok_or_else(|| A::Error::missing_field("help"))?,
                    explanation: explanation.ok_or_else(|| A::Error::missing_field("explanation"))?,
                    examples: examples.unwrap_or_default(),
                    when,
                    label,
                };
                Ok(RawEntry::Rule(Box::new(RawRule { common, kind })))
            }
        }
        d.deserialize_map(V)
    }
}

/// Deserialises one field of a kind straight from the YAML (keeping its position).
struct FieldSeed<'a> {
    kind: &'a mut RawKind,
    key: &'a str,
}

impl<'de> serde::de::DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.kind.set(self.key, d)
    }
}

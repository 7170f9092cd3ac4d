//! Rule kinds: the engines that YAML rules instantiate. One file per kind; each has a
//! `compile` (raw YAML → validated) and a `check` (report → findings).

mod required_part;

use super::raw::RawRule;
use super::RuleMeta;
use crate::diagnostic::Finding;
use crate::parse::Report;
use crate::parts::{Elements, Parts};

pub use required_part::RequiredPart;

/// Everything a rule may look at for one report.
pub struct Ctx<'a> {
    /// The decoded text.
    pub text: &'a str,
    /// The same text, traditional characters folded (same offsets).
    pub norm: &'a str,
    pub report: &'a Report,
    pub elements: &'a Elements,
    pub parts: &'a Parts,
}

#[derive(Debug)]
pub enum RuleKind {
    RequiredPart(RequiredPart),
}

/// The kinds a rule file may name.
pub const KINDS: &[&str] = &["required-part"];

/// Validate a raw rule for its kind.
pub fn compile(r: &RawRule, parts: &Parts) -> Result<RuleKind, String> {
    match r.kind.as_str() {
        "required-part" => RequiredPart::compile(r, parts).map(RuleKind::RequiredPart),
        other => Err(format!("未知的规则类型 kind: {other}（可用：{}）", KINDS.join(", "))),
    }
}

impl RuleKind {
    pub fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        match self {
            RuleKind::RequiredPart(k) => k.check(meta, ctx, out),
        }
    }
}

/// Refuse fields that belong to other kinds (a typo would otherwise pass silently).
pub(crate) fn refuse_fields(r: &RawRule, allowed: &[&str]) -> Result<(), String> {
    let set: &[(&str, bool)] = &[
        ("part", r.part.is_some()),
        ("require", r.require.is_some()),
        ("only_if_present", r.only_if_present.is_some()),
    ];
    for (name, present) in set {
        if *present && !allowed.contains(name) {
            return Err(format!("字段 {name} 不适用于 kind: {}", r.kind));
        }
    }
    Ok(())
}

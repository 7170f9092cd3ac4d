//! Findings: what a rule reports about a report. One type for every output format.

use crate::rules::Severity;
use crate::span::Span;
use serde::Serialize;

/// A safe, mechanical edit of the decoded text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
}

/// One finding of one rule.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    /// The primary span: the offending text, or where a missing part belongs.
    pub span: Span,
    /// Label shown on the span.
    pub label: String,
    pub fix: Option<Fix>,
}

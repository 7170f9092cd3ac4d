//! fazhi-lint: a checker for Chinese rule-of-law government annual reports
//! (法治政府建设年度报告).
//!
//! Pipeline, one module per stage:
//! `input` (detect format, decode) → `parse` (pest → report tree) → `parts` (which
//! section is each required part) → `follow` (the shortcomings, causes, plan and
//! achievements cut into items and linked) → `check` (YAML rules → findings) →
//! `output` (one module per format). Beside the pipeline: `config` (`fazhi-lint.yaml` → settings)
//! and `fix` (applying safe fixes); `audit` runs the pipeline over many reports (rows,
//! coverage summary, near-duplicates). The library computes; only the binary prints.

// The library computes; only the binary (src/cli/) prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

#[cfg(feature = "audit")]
pub mod audit;
pub mod check;
pub(crate) mod common_words;
pub mod config;
pub mod diagnostic;
pub mod escape;
pub mod eval;
pub mod examples;
pub(crate) mod files;
pub mod fix;
pub mod follow;
pub mod input;
pub mod normalize;
pub mod output;
pub mod parse;
pub mod parts;
pub mod rules;
pub mod run;
pub mod span;
pub mod triage;

pub use check::{check_document, check_text, Checked, Settings};
pub use diagnostic::{Finding, Fix};
pub use rules::{RuleSet, Severity};

/// The six required parts of the JSON contract, in the regulation's order (defined in
/// [`parts`], where the outputs' list of parts is built).
pub use parts::ELEMENT_KEYS;

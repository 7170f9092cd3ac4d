//! Bulk audit (`fazhi-lint audit`): one row per report (title, unit, year, level, the
//! six required parts, finding counts, most similar other report), a coverage summary
//! by year and by level, and near-duplicate pairs; written as a terminal table, CSV,
//! XLSX, JSONL or a self-contained HTML page.
//!
//! Reports are checked in parallel; each worker keeps one text at a time and hands back
//! a compact row plus a MinHash signature, so memory grows with the number of reports,
//! not with their size. The JSONL check objects are spilled to a temporary file.

pub mod csv;
pub mod html;
pub mod jsonl;
pub mod level;
pub mod neardup;
pub mod spill;
pub mod summary;
pub mod table;
pub mod xlsx;

use crate::input::{self, InputError};
use crate::normalize::to_simplified;
use crate::output::CheckedFile;
use crate::rules::RuleSet;
use crate::{Settings, Severity, ELEMENT_KEYS};
pub use level::Level;
use rayon::prelude::*;
use std::path::PathBuf;

/// Default similarity at or above which two reports are a near-duplicate pair.
pub const DEFAULT_SIMILARITY: f64 = 0.8;
/// Longest quoted source line kept per finding (characters).
const QUOTE_CHARS: usize = 160;

/// The column names of a row, in order (CSV header, XLSX header): the columns
/// with the six parts in `ELEMENT_KEYS` order, then the audit's own.
pub const COLUMNS: [&str; 19] = {
    let head = ["path", "title", "unit", "year", "level"];
    let tail = ["errors", "warnings", "infos", "most_similar", "similarity", "repeats_previous_year", "near_duplicate", "error"];
    let mut out = [""; 19];
    let mut i = 0;
    while i < head.len() {
        out[i] = head[i];
        i += 1;
    }
    let mut k = 0;
    while k < ELEMENT_KEYS.len() {
        out[head.len() + k] = ELEMENT_KEYS[k];
        k += 1;
    }
    let mut t = 0;
    while t < tail.len() {
        out[head.len() + ELEMENT_KEYS.len() + t] = tail[t];
        t += 1;
    }
    out
};

/// Chinese names of the six required parts, in `ELEMENT_KEYS` order.
pub const ELEMENT_LABELS: [&str; 6] = ["工作举措和成效", "存在的不足", "不足的原因", "第一责任人职责", "下一年度工作安排", "学习贯彻习近平法治思想"];

/// What the audit keeps besides the row itself.
#[derive(Clone, Debug)]
pub struct AuditOptions {
    /// Pair threshold (0–1).
    pub similarity: f64,
    /// Keep each finding with its quoted source line (the HTML page needs them).
    pub keep_findings: bool,
    /// Largest file read (bytes).
    pub max_bytes: u64,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions { similarity: DEFAULT_SIMILARITY, keep_findings: false, max_bytes: input::DEFAULT_MAX_BYTES }
    }
}

/// One finding as the HTML page shows it.
#[derive(Clone, Debug)]
pub struct RowFinding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// The source line, trimmed and cut to `QUOTE_CHARS` characters.
    pub quote: String,
}

/// One report (or one file that could not be read: then `error` is set).
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub path: String,
    pub title: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub level: Option<Level>,
    /// In `ELEMENT_KEYS` order.
    pub elements: [bool; 6],
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Index of the most similar other row and the estimated similarity.
    pub most_similar: Option<(usize, f64)>,
    /// Index of the same unit's previous-year report that this one repeats.
    pub repeats_previous_year: Option<usize>,
    pub error: Option<String>,
    pub findings: Vec<RowFinding>,
}

impl Row {
    pub fn level(&self) -> Level {
        self.level.unwrap_or(Level::Unknown)
    }
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }
}

/// A near-duplicate pair (row indices, a < b).
#[derive(Clone, Debug)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub similarity: f64,
    /// Same unit, consecutive years: the later report repeats the earlier one.
    pub previous_year: bool,
}

/// The audit of a set of files.
pub struct Audit {
    pub rows: Vec<Row>,
    /// Sorted by similarity (highest first), then by row.
    pub pairs: Vec<Pair>,
    pub threshold: f64,
}

impl Audit {
    /// Is this row part of a pair at or above the threshold?
    pub fn near_duplicate(&self, i: usize) -> bool {
        self.rows.get(i).and_then(|r| r.most_similar).is_some_and(|(_, s)| s + 1e-12 >= self.threshold)
    }
}

/// Audit files (as listed by `input::collect_paths`). `spill`, when given, receives
/// each report's check JSON object (for JSONL); `tick` is called once per file.
pub fn audit_files(files: Vec<(PathBuf, Option<InputError>)>, rules: &RuleSet, settings: &Settings, opts: &AuditOptions, spill: Option<&spill::Spill>, tick: &(dyn Fn() + Sync)) -> Audit {
    let done: Vec<(Row, Option<neardup::Signature>)> = files
        .into_par_iter()
        .enumerate()
        .map(|(i, (path, err))| {
            let r = audit_one(i, path, err, rules, settings, opts, spill);
            tick();
            r
        })
        .collect();
    let (mut rows, sigs): (Vec<Row>, Vec<Option<neardup::Signature>>) = done.into_iter().unzip();
    let nd = neardup::detect(&sigs, opts.similarity);
    drop(sigs);
    for (row, best) in rows.iter_mut().zip(nd.best) {
        row.most_similar = best;
    }
    let unit_key = |r: &Row| r.unit.as_deref().map(|u| to_simplified(u).chars().filter(|c| !c.is_whitespace()).collect::<String>());
    let mut pairs = Vec::with_capacity(nd.pairs.len());
    for (a, b, s) in nd.pairs {
        let (ra, rb) = (&rows[a], &rows[b]);
        let same_unit = unit_key(ra).is_some() && unit_key(ra) == unit_key(rb);
        let later = match (ra.year, rb.year) {
            (Some(ya), Some(yb)) if same_unit && yb == ya + 1 => Some((b, a)),
            (Some(ya), Some(yb)) if same_unit && ya == yb + 1 => Some((a, b)),
            _ => None,
        };
        if let Some((later, earlier)) = later {
            rows[later].repeats_previous_year = Some(earlier);
        }
        pairs.push(Pair { a, b, similarity: s, previous_year: later.is_some() });
    }
    pairs.sort_by(|x, y| y.similarity.total_cmp(&x.similarity).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    Audit { rows, pairs, threshold: opts.similarity }
}

fn audit_one(index: usize, path: PathBuf, err: Option<InputError>, rules: &RuleSet, settings: &Settings, opts: &AuditOptions, spill: Option<&spill::Spill>) -> (Row, Option<neardup::Signature>) {
    let shown = path.display().to_string();
    let failed = |e: String, spill: Option<&spill::Spill>| {
        if let Some(s) = spill {
            s.put(index, &serde_json::json!({ "path": shown, "error": e }));
        }
        (Row { path: shown.clone(), error: Some(e), ..Default::default() }, None)
    };
    if let Some(e) = err {
        return failed(e.to_string(), spill);
    }
    let doc = match input::read_path(&path, opts.max_bytes) {
        Ok(d) => d,
        Err(e) => return failed(e.to_string(), spill),
    };
    // A panic on one file becomes that file's error; the run goes on.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let checked = crate::check_document(&doc, rules, settings);
        let body = checked.report.body;
        let body_text = if body.is_empty() { doc.text.as_str() } else { body.slice(&doc.text) };
        let sig = neardup::signature(body_text);
        (checked, sig)
    }));
    let Ok((checked, sig)) = run else {
        return failed("内部错误：检查此文件时程序异常，请报告此问题".into(), spill);
    };
    let report = &checked.report;
    let mut row = Row {
        path: shown.clone(),
        title: report.title.as_ref().map(|t| t.text.clone()),
        unit: report.unit.clone(),
        year: report.year,
        level: Some(level::infer(report.unit.as_deref())),
        ..Default::default()
    };
    for (slot, key) in row.elements.iter_mut().zip(ELEMENT_KEYS) {
        *slot = checked.elements.present(key);
    }
    for f in &checked.findings {
        match f.severity {
            Severity::Error => row.errors += 1,
            Severity::Warning => row.warnings += 1,
            Severity::Info => row.infos += 1,
            Severity::Off => {}
        }
        if opts.keep_findings {
            let line = report.lines.line_of(f.span.start.min(doc.text.len()));
            let start = report.lines.line_start(line).min(doc.text.len());
            let end = doc.text[start..].find(['\n', '\r']).map(|p| start + p).unwrap_or(doc.text.len());
            let quote: String = doc.text[start..end].trim().chars().take(QUOTE_CHARS).collect();
            row.findings.push(RowFinding { rule: f.rule.clone(), severity: f.severity, message: f.message.clone(), line: line + 1, quote });
        }
    }
    if let Some(s) = spill {
        let file = CheckedFile { text: doc.text, checked, doc: Default::default() };
        s.put(index, &crate::output::json::checked_value(&shown, &file));
    }
    (row, sig)
}

/// Format a similarity for display (two decimals).
pub fn fmt_similarity(s: f64) -> String {
    format!("{s:.2}")
}

/// A typed cell of a row, for the writers.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Empty,
}

impl Cell {
    fn opt_text(s: Option<&str>) -> Cell {
        s.map(|s| Cell::Text(s.to_string())).unwrap_or(Cell::Empty)
    }

    /// The CSV form: booleans as true/false, similarity with two decimals.
    pub fn to_plain(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(f) => fmt_similarity(*f),
            Cell::Bool(b) => b.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

impl Audit {
    /// The cells of row `i`, in `COLUMNS` order. An unreadable file has only its path
    /// and error.
    pub fn cells(&self, i: usize) -> Vec<Cell> {
        let r = &self.rows[i];
        let path_of = |j: usize| Cell::Text(self.rows[j].path.clone());
        let mut v = vec![Cell::Text(r.path.clone())];
        if r.is_ok() {
            v.push(Cell::opt_text(r.title.as_deref()));
            v.push(Cell::opt_text(r.unit.as_deref()));
            v.push(r.year.map(|y| Cell::Int(y.into())).unwrap_or(Cell::Empty));
            v.push(Cell::Text(r.level().key().into()));
            v.extend(r.elements.iter().map(|b| Cell::Bool(*b)));
            v.extend([r.errors, r.warnings, r.infos].map(|n| Cell::Int(n as i64)));
            v.push(r.most_similar.map(|(j, _)| path_of(j)).unwrap_or(Cell::Empty));
            v.push(r.most_similar.map(|(_, s)| Cell::Float(s)).unwrap_or(Cell::Empty));
            v.push(r.repeats_previous_year.map(path_of).unwrap_or(Cell::Empty));
            v.push(Cell::Bool(self.near_duplicate(i)));
            v.push(Cell::Empty);
        } else {
            v.extend(std::iter::repeat_n(Cell::Empty, COLUMNS.len() - 2));
            v.push(Cell::opt_text(r.error.as_deref()));
        }
        v
    }
}

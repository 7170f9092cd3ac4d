//! The JSON contract (stable; documented in README.md):
//! one array, one object per file, with `path`, `title`, `unit`, `year`, `elements`
//! (the six required parts) and `diagnostics` (1-based lines, columns in characters;
//! `end_line`/`end_column` point just past the span). An unreadable file is
//! `{"path": …, "error": …}`.

use super::{CheckedFile, FileResult};
use crate::span::LineIndex;
use crate::ELEMENT_KEYS;
use serde_json::{json, Map, Value};

/// The JSON object of one file.
pub fn file_value(r: &FileResult) -> Value {
    match &r.outcome {
        Err(e) => json!({ "path": r.path, "error": e }),
        Ok(ok) => checked_value(&r.path, ok),
    }
}

pub fn checked_value(path: &str, ok: &CheckedFile) -> Value {
    let report = &ok.checked.report;
    let text = ok.text.as_str();
    let idx: &LineIndex = &report.lines;
    let mut elements = Map::new();
    for key in ELEMENT_KEYS {
        let el = ok.checked.elements.get(key).cloned().unwrap_or_default();
        let line = el.span.map(|s| idx.position(text, s.start).line);
        let mut obj = Map::new();
        obj.insert("present".into(), Value::Bool(el.present));
        obj.insert("line".into(), line.map(Value::from).unwrap_or(Value::Null));
        obj.insert("heading".into(), el.heading.map(Value::from).unwrap_or(Value::Null));
        if key == "lead_responsibility" {
            obj.insert("standalone".into(), Value::Bool(el.present && el.standalone));
        }
        elements.insert(key.into(), Value::Object(obj));
    }
    let diagnostics: Vec<Value> = ok
        .checked
        .findings
        .iter()
        .map(|f| {
            let a = idx.position(text, f.span.start);
            let b = idx.position(text, f.span.end);
            json!({
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "message": f.message,
                "help": f.help,
                "line": a.line,
                "column": a.column,
                "end_line": b.line,
                "end_column": b.column,
            })
        })
        .collect();
    json!({
        "path": path,
        "title": report.title.as_ref().map(|t| t.text.clone()),
        "unit": report.unit,
        "year": report.year,
        "elements": Value::Object(elements),
        "diagnostics": diagnostics,
    })
}

/// The whole array, pretty-printed.
pub fn render(results: &[FileResult]) -> String {
    let arr: Vec<Value> = results.iter().map(file_value).collect();
    let mut s = serde_json::to_string_pretty(&Value::Array(arr)).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

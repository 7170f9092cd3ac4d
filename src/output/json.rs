//! The JSON contract (stable; documented in README.md):
//! one array, one object per file, with `path`, `title`, `unit`, `year`, `elements`
//! (the six required parts) and `diagnostics` (1-based lines, columns in characters;
//! `end_line`/`end_column` point just past the span). An unreadable file is
//! `{"path": …, "error": …}`.
//!
//! Typed structs are serialised directly (no intermediate `Value` on the hot path).

use super::{CheckedFile, FileResult};
use crate::ELEMENT_KEYS;
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
struct JsonElement<'a> {
    present: bool,
    line: Option<usize>,
    heading: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    standalone: Option<bool>,
}

#[derive(Serialize)]
struct JsonElements<'a> {
    achievements: JsonElement<'a>,
    problems: JsonElement<'a>,
    problem_causes: JsonElement<'a>,
    lead_responsibility: JsonElement<'a>,
    next_year_plan: JsonElement<'a>,
    xi_thought_study: JsonElement<'a>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    title: Option<&'a str>,
    unit: Option<&'a str>,
    year: Option<i32>,
    elements: JsonElements<'a>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    error: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonEntry<'a> {
    File(JsonFile<'a>),
    Error(JsonError<'a>),
}

fn file_struct<'a>(path: &'a str, ok: &'a CheckedFile) -> JsonFile<'a> {
    let report = &ok.checked.report;
    let text = ok.text.as_str();
    let idx = &report.lines;
    let element = |key: &str| {
        let el = ok.checked.elements.get(key);
        let present = el.is_some_and(|e| e.present);
        JsonElement {
            present,
            line: el.and_then(|e| e.span).map(|s| idx.position(text, s.start).line),
            heading: el.and_then(|e| e.heading.as_deref()),
            standalone: (key == "lead_responsibility").then(|| present && el.is_some_and(|e| e.standalone)),
        }
    };
    debug_assert_eq!(ELEMENT_KEYS.len(), 6);
    JsonFile {
        path,
        title: report.title.as_ref().map(|t| t.text.as_str()),
        unit: report.unit.as_deref(),
        year: report.year,
        elements: JsonElements {
            achievements: element(ELEMENT_KEYS[0]),
            problems: element(ELEMENT_KEYS[1]),
            problem_causes: element(ELEMENT_KEYS[2]),
            lead_responsibility: element(ELEMENT_KEYS[3]),
            next_year_plan: element(ELEMENT_KEYS[4]),
            xi_thought_study: element(ELEMENT_KEYS[5]),
        },
        diagnostics: ok
            .checked
            .findings
            .iter()
            .map(|f| {
                let a = idx.position(text, f.span.start);
                let b = idx.position(text, f.span.end);
                JsonDiagnostic {
                    rule: &f.rule,
                    severity: f.severity.as_str(),
                    message: &f.message,
                    help: &f.help,
                    line: a.line,
                    column: a.column,
                    end_line: b.line,
                    end_column: b.column,
                }
            })
            .collect(),
    }
}

fn entry(r: &FileResult) -> JsonEntry<'_> {
    match &r.outcome {
        Err(e) => JsonEntry::Error(JsonError { path: &r.path, error: e }),
        Ok(ok) => JsonEntry::File(file_struct(&r.path, ok)),
    }
}

/// The JSON object of one file, as a `Value` (for formats that embed it).
pub fn file_value(r: &FileResult) -> Value {
    serde_json::to_value(entry(r)).unwrap_or(Value::Null)
}

/// The JSON object of one checked file.
pub fn checked_value(path: &str, ok: &CheckedFile) -> Value {
    serde_json::to_value(file_struct(path, ok)).unwrap_or(Value::Null)
}

/// One file's object as compact JSON text (one line: JSON Lines).
pub fn file_line(r: &FileResult) -> String {
    serde_json::to_string(&entry(r)).unwrap_or_else(|_| "null".into())
}

/// One file's object pretty-printed and indented as an element of the top-level array.
/// (UTF-8 bytes: the piece goes straight to the output.)
pub fn file_pretty(r: &FileResult) -> Vec<u8> {
    let mut out = Vec::with_capacity(2048);
    out.extend_from_slice(b"  ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Nested { level: 1, has_value: false });
    if entry(r).serialize(&mut ser).is_err() {
        return b"  null".to_vec();
    }
    out
}

/// serde_json's pretty layout (two spaces per level) starting one level deep, as an
/// element of the top-level array: no second pass to indent the lines.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, lead: &[u8]) -> std::io::Result<()> {
        w.write_all(lead)?;
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, b"\n")?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line(w, if first { b"\n" } else { b",\n" })
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line(w, if first { b"\n" } else { b",\n" })
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The whole array, pretty-printed.
pub fn render(results: &[FileResult]) -> String {
    let mut s = b"[".to_vec();
    for (i, r) in results.iter().enumerate() {
        s.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        s.extend_from_slice(&file_pretty(r));
    }
    s.extend_from_slice(if results.is_empty() { b"]\n" } else { b"\n]\n" });
    // serde_json writes UTF-8 only.
    String::from_utf8(s).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

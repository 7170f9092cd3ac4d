//! The JSON contract (stable; documented in README.md):
//! one array, one object per file, with `path`, `title`, `unit`, `year`, `elements`
//! (the six required parts of the contract, then any part a user rule file adds) and `diagnostics` (1-based lines, columns in characters;
//! `end_line`/`end_column` point just past the span). An unreadable file is
//! `{"path": …, "error": …}`.
//!
//! Typed structs are serialised directly (no intermediate `Value` on the hot path); the
//! pretty piece of each file, written once per file of a bulk run, by a direct writer
//! held byte-identical to serde_json's pretty printer by a test.

use super::{CheckedFile, FileResult};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

#[derive(Serialize)]
struct JsonElement<'a> {
    present: bool,
    line: Option<usize>,
    heading: Option<&'a str>,
    /// A part of its own (a level-1 heading, or a heading under 其他事项); false when the
    /// part is only embedded in another part or a paragraph, or missing.
    standalone: bool,
    /// The items of the achievements, shortcomings, causes and plan (follow-through).
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<JsonItem>>,
}

/// One item of a part: its place, an excerpt, key terms and areas; a shortcoming also
/// the plan items answering it (indices into `next_year_plan.items`) with the shared terms.
#[derive(Serialize)]
pub struct JsonItem {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub excerpt: String,
    pub terms: Vec<String>,
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measures: Option<Vec<JsonMeasure>>,
}

#[derive(Serialize)]
pub struct JsonMeasure {
    pub item: usize,
    pub terms: Vec<String>,
}

/// Characters of an item's `excerpt`.
pub const EXCERPT_CHARS: usize = 100;

/// The items of one part in the JSON contract's form (None: the part has no items).
/// The first [`EXCERPT_CHARS`] characters of `text` with its white space runs made one
/// space, and "…" when there is more.
fn excerpt_of(text: &str) -> String {
    let mut excerpt = String::new();
    let mut n = 0;
    let (mut started, mut space) = (false, false);
    for c in text.chars() {
        if c.is_whitespace() {
            space = started;
            continue;
        }
        // The body goes on (with a space first if one is pending): past the excerpt, "…".
        if space {
            if n == EXCERPT_CHARS {
                excerpt.push('…');
                return excerpt;
            }
            excerpt.push(' ');
            n += 1;
            space = false;
        }
        if n == EXCERPT_CHARS {
            excerpt.push('…');
            return excerpt;
        }
        excerpt.push(c);
        n += 1;
        started = true;
    }
    excerpt
}

pub fn items_of(
    key: &str,
    follow: &crate::follow::Follow,
    text: &str,
    idx: &crate::span::LineIndex,
) -> Option<Vec<JsonItem>> {
    use crate::follow::ItemKind;
    let kind = ItemKind::of_part(key)?;
    // Index of each plan item among the plan items.
    let plan_index: std::collections::HashMap<usize, usize> =
        follow.of_kind(ItemKind::Plan).enumerate().map(|(k, (i, _))| (i, k)).collect();
    // Items come in text order: each position is counted on from the one before.
    let mut last = (0, crate::span::Position { line: 1, column: 1 });
    let mut at = |offset: usize| {
        let p = idx.position_after(text, last, offset);
        last = (crate::span::floor_char_boundary(text, offset.min(text.len())), p);
        p
    };
    Some(
        follow
            .of_kind(kind)
            .map(|(i, it)| {
                let a = at(it.span.start);
                let b = at(it.span.end);
                let excerpt = excerpt_of(it.span.slice(text));
                JsonItem {
                    line: a.line,
                    column: a.column,
                    end_line: b.line,
                    end_column: b.column,
                    excerpt,
                    terms: it.terms.clone(),
                    topics: it.topics.clone(),
                    measures: (kind == ItemKind::Problem).then(|| {
                        follow
                            .measures_of(i)
                            .filter_map(|m| {
                                plan_index.get(&m.plan).map(|&k| JsonMeasure { item: k, terms: m.shared.clone() })
                            })
                            .collect()
                    }),
                }
            })
            .collect(),
    )
}

/// The parts by key, in the rule set's reported order (the contract's six first).
struct JsonElements<'a>(Vec<(&'a str, JsonElement<'a>)>);

impl Serialize for JsonElements<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (key, el) in &self.0 {
            m.serialize_entry(key, el)?;
        }
        m.end()
    }
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
    /// Present only when the text was read from a scan by OCR.
    #[serde(skip_serializing_if = "Option::is_none")]
    ocr: Option<JsonOcr<'a>>,
    /// Present only when the file does not look like a report and was not judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<&'static str>,
}

/// How a scan was read: engine, model, mean confidence (0–100) overall and per page, and
/// the pages read poorly.
#[derive(Serialize)]
struct JsonOcr<'a> {
    engine: &'a str,
    language: &'a str,
    confidence: u8,
    pages: &'a [u8],
    low_pages: Vec<u32>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    error: String,
}

// One entry is built per file and serialised at once: boxing the larger variant would
// only add an allocation.
#[allow(clippy::large_enum_variant)]
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
    let elements = ok
        .checked
        .elements
        .reported()
        .map(|(part, el)| {
            let present = el.is_some_and(|e| e.present);
            let element = JsonElement {
                present,
                line: el.and_then(|e| e.span).map(|s| idx.position(text, s.start).line),
                heading: el.and_then(|e| e.heading.as_deref()),
                standalone: present && el.is_some_and(|e| e.standalone),
                items: items_of(&part.key, &ok.checked.follow, text, idx),
            };
            (part.key.as_str(), element)
        })
        .collect();
    JsonFile {
        path,
        title: report.title.as_ref().map(|t| t.text.as_str()),
        unit: report.unit.as_deref(),
        year: report.year,
        elements: JsonElements(elements),
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
        ocr: ok.doc.ocr.as_ref().map(|o| JsonOcr {
            engine: &o.engine,
            language: &o.language,
            confidence: o.confidence,
            pages: &o.pages,
            low_pages: o.low_pages(),
        }),
        skipped: ok.doc.not_report.then_some(NOT_REPORT),
    }
}

/// The `skipped` field of a file that does not look like an annual report.
pub const NOT_REPORT: &str = "不是年度报告，未检查";

fn entry(r: &FileResult) -> JsonEntry<'_> {
    match &r.outcome {
        Err(e) => JsonEntry::Error(JsonError { path: &r.path, error: e.to_string() }),
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
/// (UTF-8 bytes: the piece goes straight to the output.) Written directly: the same
/// bytes serde_json's pretty printer gives for [`entry`] (a test holds them equal), at
/// a third of the cost; this runs once per file of a bulk run.
pub fn file_pretty(r: &FileResult) -> Vec<u8> {
    let mut w = Pretty { out: Vec::with_capacity(2048) };
    match entry(r) {
        JsonEntry::Error(e) => {
            w.out.extend_from_slice(b"  {");
            w.str_field(2, "path", true, Some(e.path));
            w.str_field(2, "error", false, Some(&e.error));
            w.out.extend_from_slice(b"\n  }");
        }
        JsonEntry::File(f) => w.file(&f),
    }
    w.out
}

/// The pretty JSON writer of [`file_pretty`]: two spaces per level, `"key": value`.
struct Pretty {
    out: Vec<u8>,
}

impl Pretty {
    fn file(&mut self, f: &JsonFile) {
        self.out.extend_from_slice(b"  {");
        self.str_field(2, "path", true, Some(f.path));
        self.str_field(2, "title", false, f.title);
        self.str_field(2, "unit", false, f.unit);
        self.field(2, "year", false);
        match f.year {
            Some(y) => self.number(y),
            None => self.out.extend_from_slice(b"null"),
        }
        self.field(2, "elements", false);
        self.out.push(b'{');
        for (i, (key, el)) in f.elements.0.iter().enumerate() {
            self.field(3, key, i == 0);
            self.out.push(b'{');
            self.field(4, "present", true);
            self.out.extend_from_slice(if el.present { b"true" } else { b"false" });
            self.field(4, "line", false);
            match el.line {
                Some(l) => self.number(l),
                None => self.out.extend_from_slice(b"null"),
            }
            self.str_field(4, "heading", false, el.heading);
            self.field(4, "standalone", false);
            self.out.extend_from_slice(if el.standalone { b"true" } else { b"false" });
            if let Some(items) = &el.items {
                self.field(4, "items", false);
                self.nested(4, items);
            }
            self.close(3, b'}');
        }
        if f.elements.0.is_empty() {
            self.out.push(b'}');
        } else {
            self.close(2, b'}');
        }
        self.field(2, "diagnostics", false);
        if f.diagnostics.is_empty() {
            self.out.extend_from_slice(b"[]");
        } else {
            self.out.push(b'[');
            for (i, d) in f.diagnostics.iter().enumerate() {
                self.out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                self.indent(3);
                self.out.push(b'{');
                self.str_field(4, "rule", true, Some(d.rule));
                self.str_field(4, "severity", false, Some(d.severity));
                self.str_field(4, "message", false, Some(d.message));
                self.str_field(4, "help", false, Some(d.help));
                for (key, n) in
                    [("line", d.line), ("column", d.column), ("end_line", d.end_line), ("end_column", d.end_column)]
                {
                    self.field(4, key, false);
                    self.number(n);
                }
                self.close(3, b'}');
            }
            self.close(2, b']');
        }
        if let Some(o) = &f.ocr {
            self.field(2, "ocr", false);
            self.out.push(b'{');
            self.str_field(3, "engine", true, Some(o.engine));
            self.str_field(3, "language", false, Some(o.language));
            self.field(3, "confidence", false);
            self.number(o.confidence);
            self.field(3, "pages", false);
            self.numbers(4, o.pages.iter().copied());
            self.field(3, "low_pages", false);
            self.numbers(4, o.low_pages.iter().copied());
            self.close(2, b'}');
        }
        if f.skipped.is_some() {
            self.str_field(2, "skipped", false, f.skipped);
        }
        self.close(1, b'}');
    }

    /// An array of numbers, one per line at `level` (`[]` when empty).
    fn numbers<N: itoa::Integer>(&mut self, level: usize, items: impl Iterator<Item = N>) {
        self.out.push(b'[');
        let mut any = false;
        for (i, n) in items.enumerate() {
            self.out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            self.indent(level);
            self.number(n);
            any = true;
        }
        if any {
            self.close(level - 1, b']');
        } else {
            self.out.push(b']');
        }
    }

    /// A nested value pretty-printed by serde_json, its lines indented to `level`
    /// (strings never hold a raw line break, so every one is the printer's).
    fn nested(&mut self, level: usize, v: &impl Serialize) {
        let Ok(s) = serde_json::to_vec_pretty(v) else {
            self.out.extend_from_slice(b"null");
            return;
        };
        for (k, line) in s.split(|&b| b == b'\n').enumerate() {
            if k > 0 {
                self.out.push(b'\n');
                self.indent(level);
            }
            self.out.extend_from_slice(line);
        }
    }

    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// A new line at `level` with `"key": ` (after a comma unless it is the first).
    fn field(&mut self, level: usize, key: &str, first: bool) {
        self.out.extend_from_slice(if first { b"\n" } else { b",\n" });
        self.indent(level);
        self.string(key);
        self.out.extend_from_slice(b": ");
    }

    /// The closing bracket of a non-empty object or array on its own line at `level`.
    fn close(&mut self, level: usize, bracket: u8) {
        self.out.push(b'\n');
        self.indent(level);
        self.out.push(bracket);
    }

    fn number(&mut self, n: impl itoa::Integer) {
        self.out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    /// `"key": "value"` (or `null`) on a new line at `level`.
    fn str_field(&mut self, level: usize, key: &str, first: bool, value: Option<&str>) {
        self.field(level, key, first);
        match value {
            Some(s) => self.string(s),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    /// A JSON string, escaped as serde_json escapes it.
    fn string(&mut self, s: &str) {
        // The usual string needs no escape: one branch-free pass tells, and it is copied.
        if !s.as_bytes().iter().fold(false, |a, &b| a | (b < 0x20) | (b == b'"') | (b == b'\\')) {
            self.out.push(b'"');
            self.out.extend_from_slice(s.as_bytes());
            self.out.push(b'"');
        } else {
            // serde_json itself escapes the rest; writing to a Vec cannot fail.
            let _ = s.serialize(&mut serde_json::Serializer::new(&mut self.out));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json's pretty printing of the same entry, indented one level: the contract
    /// [`file_pretty`] must match byte for byte.
    fn by_serde(r: &FileResult) -> Vec<u8> {
        let s = serde_json::to_string_pretty(&entry(r)).unwrap();
        let mut out = String::from("  ");
        out.push_str(&s.replace('\n', "\n  "));
        out.into_bytes()
    }

    #[test]
    fn direct_writer_matches_serde_json() {
        let rules = crate::rules::RuleSet::embedded().unwrap();
        let texts = [
            "关于\"依法\\治理\"2023年度法治政府建设\u{1}情况的报告\n\n一、主要举措和成效\n\t加强领导。\u{7f}\u{8}\u{c}\r\n二、存在的不足\n(一)问题\n",
            "没有标题也没有标题序号的一段文字",
            "某县人民政府2021年度法治政府建设情况报告\n一、主要成效\n（一）推进依法行政。一是加强学习；二是完善制度。\n二、存在的问题和原因\n三、主要负责人履行推进法治建设第一责任人职责情况\n四、2022年工作打算\n某县人民政府\n2022年1月5日\n",
        ];
        for (i, text) in texts.iter().enumerate() {
            let checked = crate::check::check_text(text, &rules, &crate::check::Settings::default());
            let r = FileResult {
                path: format!("dir\\\"{i}\"\t\u{8}\u{c}\r\n\u{1}\u{7f}.txt"),
                outcome: Ok(CheckedFile { text: text.to_string(), checked, doc: Default::default() }),
            };
            assert_eq!(String::from_utf8(file_pretty(&r)).unwrap(), String::from_utf8(by_serde(&r)).unwrap());
        }
        // A scan read by OCR: the `ocr` object (pages, poorly read pages).
        let text = texts[2];
        for pages in [vec![92, 61, 88], vec![]] {
            let ocr = crate::input::OcrInfo {
                engine: "tesseract 5.3.0".into(),
                language: "chi_sim".into(),
                confidence: 85,
                pages,
                cached: false,
            };
            let doc = super::super::DocInfo { ocr: Some(ocr), ..Default::default() };
            let checked = crate::check::check_text(text, &rules, &crate::check::Settings::default());
            let r = FileResult {
                path: "扫描件.pdf".into(),
                outcome: Ok(CheckedFile { text: text.to_string(), checked, doc }),
            };
            let pretty = String::from_utf8(file_pretty(&r)).unwrap();
            assert!(pretty.contains("\"ocr\": {"), "{pretty}");
            assert_eq!(pretty, String::from_utf8(by_serde(&r)).unwrap());
        }
        let r = FileResult {
            path: "坏\u{1f}.txt".into(),
            outcome: Err(crate::input::InputError::Io("无法读取：\"x\"\\ \u{0}\n".into()).into()),
        };
        assert_eq!(String::from_utf8(file_pretty(&r)).unwrap(), String::from_utf8(by_serde(&r)).unwrap());
    }
}

//! fazhi-lint in the browser: the library's checker, outline and rule list behind a
//! small wasm-bindgen API for the offline page in `web/`.
//!
//! Every function returns a JSON string (parsed by the page) so the page sees exactly
//! what the CLI prints: `check` and `check_bytes` return one object of the JSON
//! contract (`fazhi_lint::output::json::checked_value`), `outline` the outline JSON,
//! `rules` the rule list, `parts` the required parts the checklist lists. Nothing here
//! does I/O; the page passes text or file bytes, and the text of a user rule file
//! (`set_user_rules`: the embedded rules plus that file, as `--rules FILE` in the CLI).
//!
//! The `*_value` functions are plain Rust behind thin `#[wasm_bindgen]` wrappers, so the
//! same code is unit-tested natively (`cargo test` in `web/wasm`).

use fazhi_lint::check::Settings;
use fazhi_lint::input::{self, Document};
use fazhi_lint::output::{json, outline, CheckedFile};
use fazhi_lint::rules::RuleSet;
use fazhi_lint::run::{run_file, FileError, RunOptions, Source};
use serde_json::{json as j, Value};
use std::rc::Rc;
use std::sync::OnceLock;
use wasm_bindgen::prelude::wasm_bindgen;

/// The embedded rule set, compiled once per page load.
fn embedded_rules() -> Result<&'static RuleSet, String> {
    static RULES: OnceLock<Result<RuleSet, String>> = OnceLock::new();
    RULES
        .get_or_init(|| RuleSet::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| format!("内置规则无法加载：{e}"))
}

thread_local! {
    /// The embedded rules plus the user rule file the page added (None: the embedded
    /// rules alone). Per thread: the page has one; native tests each their own.
    static USER_RULES: std::cell::RefCell<Option<Rc<RuleSet>>> = const { std::cell::RefCell::new(None) };
}

/// The rule set in use: the embedded rules, or those plus the user's file.
enum Rules {
    Embedded(&'static RuleSet),
    User(Rc<RuleSet>),
}

impl std::ops::Deref for Rules {
    type Target = RuleSet;
    fn deref(&self) -> &RuleSet {
        match self {
            Rules::Embedded(r) => r,
            Rules::User(r) => r,
        }
    }
}

fn rules_set() -> Result<Rules, String> {
    match USER_RULES.with(|u| u.borrow().clone()) {
        Some(r) => Ok(Rules::User(r)),
        None => embedded_rules().map(Rules::Embedded),
    }
}

/// Use the embedded rules plus a user rule file (its YAML text; empty: the embedded
/// rules alone). Returns `{"ok": true, "rules": N, "parts": […]}`, or `{"error": …}`
/// (in Chinese, with the file name and line) and keeps the rules in use.
pub fn set_user_rules_value(yaml: &str, file_name: &str) -> Value {
    if yaml.trim().is_empty() {
        USER_RULES.with(|u| *u.borrow_mut() = None);
    } else {
        let mut files: Vec<(&str, &str)> = fazhi_lint::rules::EMBEDDED.to_vec();
        files.push((file_name, yaml));
        match RuleSet::from_texts(&files) {
            Ok(r) => USER_RULES.with(|u| *u.borrow_mut() = Some(Rc::new(r))),
            // "规则文件 NAME 第 N 行第 M 列有误：…"
            Err(e) => return j!({ "error": e.to_string() }),
        }
    }
    match rules_set() {
        Ok(r) => j!({ "ok": true, "rules": r.rules.len(), "parts": parts_of(&r) }),
        Err(e) => j!({ "error": e }),
    }
}

/// The required parts as the checklist lists them: key, label and whether the result
/// tells if the part stands alone (`standalone`), the contract's six first.
fn parts_of(rules: &RuleSet) -> Value {
    rules.parts.reported().iter().map(|p| j!({ "key": p.key, "label": p.label, "standalone": p.standalone })).collect()
}

/// The parts of the rule set in use (`{"error"}` when the rules fail to load).
pub fn parts_value() -> Value {
    match rules_set() {
        Ok(r) => parts_of(&r),
        Err(e) => j!({ "error": e }),
    }
}

fn to_json(v: &Value) -> String {
    // Serializing a `Value` cannot fail (string keys only); fall back to an error object.
    serde_json::to_string(v).unwrap_or_else(|_| r#"{"error":"内部错误：结果无法序列化"}"#.to_string())
}

fn error_value(path: &str, message: &str) -> Value {
    j!({ "path": path, "error": message })
}

thread_local! {
    /// The document the page last opened: its blocks (Word heading styles, the title)
    /// serve `check` and `outline` while the page's text is still that document's.
    static OPENED: std::cell::RefCell<Option<Document>> = const { std::cell::RefCell::new(None) };
}

/// The text as a document: the opened file's blocks when `text` is still its text.
fn document_of(text: &str) -> Document {
    let blocks =
        OPENED.with(|d| d.borrow().as_ref().filter(|d| d.text == text).map(|d| d.blocks.clone())).unwrap_or_default();
    let mut doc = Document::plain(text.to_string(), input::Format::Text, "UTF-8");
    doc.blocks = blocks;
    doc
}

/// The contract object of one decoded text (`{"path", "error"}` when the rules fail to load).
pub fn check_value(text: &str, file_name: &str) -> Value {
    match rules_set() {
        Err(e) => error_value(file_name, &e),
        Ok(rules) => {
            let done =
                run_file(Source::Document(document_of(text)), &rules, &Settings::default(), &RunOptions::default());
            match done.outcome {
                // The page's text stands alone: no blocks or format in the result.
                Ok(r) => json::checked_value(
                    file_name,
                    &CheckedFile { text: r.text, checked: r.checked, doc: Default::default() },
                ),
                Err(e) => error_value(file_name, &e.to_string()),
            }
        }
    }
}

/// Decode file bytes by the file name's extension, as the CLI does (with the rule set's
/// words, which a PDF's OCR layer is repaired to).
pub fn decode_value(bytes: &[u8], file_name: &str) -> Result<Document, String> {
    let vocabulary = rules_set().map(|r| r.parts.cue_words()).unwrap_or_default();
    let doc = input::decode_bytes_with_vocabulary(bytes, file_name, &vocabulary).map_err(|e| scan_note(&e))?;
    OPENED.with(|d| *d.borrow_mut() = Some(doc.clone()));
    Ok(doc)
}

/// The message of a file that cannot be read; a scan's says that the command line reads
/// it (the page has no OCR).
fn scan_note(e: &input::InputError) -> String {
    match e {
        input::InputError::PdfScanned { .. } | input::InputError::OcrNeeded { .. } => {
            format!("{e}。网页版不能识别扫描件：请用命令行版 fazhi-lint，安装 Tesseract 后即可直接检查扫描件和图片")
        }
        _ => e.to_string(),
    }
}

/// The outline object of one decoded text, as `fazhi-lint outline --format json` prints
/// it: the sections, and the items of the achievements, shortcomings, causes and plan.
pub fn outline_value(text: &str, file_name: &str) -> Value {
    match rules_set() {
        Err(e) => error_value(file_name, &e),
        Ok(rules) => {
            let done =
                run_file(Source::Document(document_of(text)), &rules, &Settings::default(), &RunOptions::default());
            match done.outcome {
                Ok(r) => outline::json_value_with_items(file_name, &r.checked, &r.text),
                Err(e) => error_value(file_name, &e.to_string()),
            }
        }
    }
}

/// The rule list: what `fazhi-lint rules --format json` prints, plus help and explanation.
pub fn rules_value() -> Value {
    match rules_set() {
        Err(e) => j!({ "error": e }),
        Ok(rules) => Value::Array(
            rules
                .rules
                .iter()
                .map(|r| {
                    j!({
                        "id": r.meta.id,
                        "severity": r.meta.severity.as_str(),
                        "group": r.meta.group,
                        "message": r.meta.message,
                        "help": r.meta.help,
                        "explanation": r.meta.explanation,
                    })
                })
                .collect(),
        ),
    }
}

/// The 批注版 of a file: its bytes, file name and media type.
#[wasm_bindgen]
pub struct Annotated {
    bytes: Vec<u8>,
    name: String,
    mime: &'static str,
}

#[wasm_bindgen]
impl Annotated {
    /// The annotated copy's bytes (a `Uint8Array`).
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> Vec<u8> {
        self.bytes.clone()
    }
    /// Its file name, as `fazhi-lint annotate` names it: `<stem>.批注.odt` for an .odt,
    /// else `<stem>.批注.docx`.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.name.clone()
    }
    /// Its media type, for the download.
    #[wasm_bindgen(getter)]
    pub fn mime(&self) -> String {
        self.mime.to_string()
    }
}

/// The 批注版 of file bytes, what `fazhi-lint annotate` writes: a .docx or an .odt
/// itself with every finding as a comment, for any other format a new .docx of the
/// decoded text with the comments. `now` is the comments' date (RFC 3339).
pub fn annotate_value(bytes: &[u8], file_name: &str, now: &str) -> Result<Annotated, String> {
    use fazhi_lint::output::annotate::{annotated_copy, output_media_type_for, output_name_for};
    let rules = rules_set()?;
    let done = run_file(Source::Bytes { bytes, name: file_name }, &rules, &Settings::default(), &RunOptions::default());
    let done = done.outcome.map_err(|e| match e {
        FileError::Input(e) => scan_note(&e),
        e => e.to_string(),
    })?;
    OPENED.with(|d| *d.borrow_mut() = Some(done.doc.clone()));
    let out = annotated_copy(bytes, &done.doc, &done.checked, now).map_err(|e| e.to_string())?;
    // `报告.odt` → `报告`; a name without a stem (`.txt`) → `报告`.
    let stem = file_name.rsplit_once('.').map_or(file_name, |(stem, _)| stem);
    let stem = if stem.is_empty() { "报告" } else { stem };
    Ok(Annotated {
        bytes: out,
        name: output_name_for(stem, done.doc.format),
        mime: output_media_type_for(done.doc.format),
    })
}

/// [`annotate_value`] for the page: an `Annotated`, or a thrown message.
#[wasm_bindgen]
pub fn annotate(bytes: &[u8], file_name: &str, now: &str) -> Result<Annotated, wasm_bindgen::JsValue> {
    annotate_value(bytes, file_name, now).map_err(|e| wasm_bindgen::JsValue::from_str(&e))
}

/// Check a decoded text; returns one object of the JSON contract.
#[wasm_bindgen]
pub fn check(text: &str, file_name: &str) -> String {
    to_json(&check_value(text, file_name))
}

/// Decode file bytes (.txt, .md, and whatever `fazhi_lint::input` supports) and check
/// them; returns one object of the JSON contract, or `{"path", "error"}`.
#[wasm_bindgen]
pub fn check_bytes(bytes: &[u8], file_name: &str) -> String {
    let v = match decode_value(bytes, file_name) {
        Ok(doc) => check_value(&doc.text, file_name),
        Err(e) => error_value(file_name, &e),
    };
    to_json(&v)
}

/// Decode file bytes for display: `{"text", "format", "encoding"}` or `{"error"}`.
#[wasm_bindgen]
pub fn decode(bytes: &[u8], file_name: &str) -> String {
    let v = match decode_value(bytes, file_name) {
        Ok(doc) => j!({ "text": doc.text, "format": doc.format, "encoding": doc.encoding }),
        Err(e) => j!({ "error": e }),
    };
    to_json(&v)
}

/// The section tree the checker understood, as `fazhi-lint outline --format json` prints it.
#[wasm_bindgen]
pub fn outline(text: &str, file_name: &str) -> String {
    to_json(&outline_value(text, file_name))
}

/// Every rule of the rule set in use.
#[wasm_bindgen]
pub fn rules() -> String {
    to_json(&rules_value())
}

/// The required parts the checklist lists (`[{"key", "label", "standalone"}]`).
#[wasm_bindgen]
pub fn parts() -> String {
    to_json(&parts_value())
}

/// Add a user rule file (YAML text) to the embedded rules, or go back to the embedded
/// rules alone with an empty text; `{"ok", "rules", "parts"}` or `{"error"}`.
#[wasm_bindgen]
pub fn set_user_rules(yaml: &str, file_name: &str) -> String {
    to_json(&set_user_rules_value(yaml, file_name))
}

/// File extensions the input layer reads (for the page's file picker).
#[wasm_bindgen]
pub fn supported_extensions() -> String {
    to_json(&j!(input::SUPPORTED_EXTENSIONS))
}

/// The library version, shown in the page footer.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "某县司法局2023年度法治政府建设情况报告\n\n一、主要举措和成效\n（一）深入学习贯彻习近平法治思想。组织专题学习。\n二、存在的不足\n执法队伍专业化水平不高。\n三、2024年工作打算\n继续推进依法行政。\n";

    #[test]
    fn check_returns_the_contract_object() {
        let v: Value = serde_json::from_str(&check(REPORT, "r.txt")).unwrap();
        assert_eq!(v["path"], "r.txt");
        assert_eq!(v["year"], 2023);
        let keys: Vec<&str> = v["elements"].as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, fazhi_lint::ELEMENT_KEYS);
        let rules: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["rule"].as_str()).collect();
        assert!(rules.contains(&"missing-lead-responsibility"), "{rules:?}");
    }

    #[test]
    fn check_bytes_decodes_gb18030_like_the_cli() {
        let (bytes, _, _) = encoding_rs::GB18030.encode(REPORT);
        let from_bytes: Value = serde_json::from_str(&check_bytes(&bytes, "r.txt")).unwrap();
        let from_text: Value = serde_json::from_str(&check(REPORT, "r.txt")).unwrap();
        assert_eq!(from_bytes, from_text);
    }

    #[test]
    fn an_opened_styled_docx_keeps_its_heading_styles_in_outline_and_check() {
        let bytes =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/docx/styled-no-markers.docx"))
                .unwrap();
        let text: Value = serde_json::from_str(&decode(&bytes, "r.docx")).unwrap();
        let text = text["text"].as_str().unwrap().to_string();
        let o: Value = serde_json::from_str(&outline(&text, "r.docx")).unwrap();
        let sections = o["sections"].as_array().unwrap();
        assert_eq!(sections.len(), 4);
        assert_eq!(sections[0]["children"].as_array().map(Vec::len), Some(2));
        assert_eq!(sections[0]["marker"], "");
        let v: Value = serde_json::from_str(&check(&text, "r.docx")).unwrap();
        assert!(v["elements"].as_object().unwrap().values().all(|e| e["present"] == true), "{}", v["elements"]);
        // Edited text is only text: the styles no longer apply.
        let edited = format!("{text}补充一句。");
        let o: Value = serde_json::from_str(&outline(&edited, "r.docx")).unwrap();
        assert!(o["sections"][0]["children"].as_array().is_none_or(|c| c.is_empty()));
    }

    #[test]
    fn unreadable_bytes_give_the_error_object() {
        let v: Value = serde_json::from_str(&check_bytes(b"", "empty.txt")).unwrap();
        assert_eq!(v["path"], "empty.txt");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()));
        let d: Value = serde_json::from_str(&decode(b"%PDF-1.4", "a.pdf")).unwrap();
        assert!(d["error"].as_str().is_some_and(|e| e.contains("PDF")));
    }

    #[test]
    fn annotate_gives_a_docx_with_the_text_and_one_comment_per_finding() {
        let out = annotate_value(REPORT.as_bytes(), "r.txt", "2026-12-01T20:00:00Z").unwrap();
        assert_eq!(out.name(), "r.批注.docx");
        assert_eq!(out.mime(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        let doc = input::decode_bytes(&out.bytes, "r.批注.docx").unwrap();
        assert_eq!(doc.text.trim_end(), REPORT.trim_end());
        // The annotated .docx annotates again to the same comments (a .docx input is copied).
        let again = annotate_value(&out.bytes, "r.批注.docx", "2026-12-01T20:00:00Z").unwrap();
        assert_eq!(input::decode_bytes(&again.bytes, "x.docx").unwrap().text, doc.text);
        let v: Value = serde_json::from_str(&check(REPORT, "r.txt")).unwrap();
        assert!(!v["diagnostics"].as_array().unwrap().is_empty());
        assert!(annotate_value(b"", "empty.txt", "2026-12-01T20:00:00Z").is_err());
    }

    #[test]
    fn annotate_keeps_an_odt_an_odt_with_one_annotation_per_finding() {
        let bytes =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/forms/typed.odt")).unwrap();
        let out = annotate_value(&bytes, "报告.odt", "2026-12-01T20:00:00Z").unwrap();
        assert_eq!(out.name(), "报告.批注.odt");
        assert_eq!(out.mime(), "application/vnd.oasis.opendocument.text");
        let original = input::decode_bytes(&bytes, "报告.odt").unwrap();
        let copy = input::decode_bytes(&out.bytes, "报告.批注.odt").unwrap();
        assert_eq!(copy.format, input::Format::Odt);
        assert_eq!(copy.text, original.text);
        let v: Value = serde_json::from_str(&check_bytes(&bytes, "报告.odt")).unwrap();
        let findings = v["diagnostics"].as_array().unwrap().len();
        assert!(findings > 0);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&out.bytes)).unwrap();
        let mut content = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("content.xml").unwrap(), &mut content).unwrap();
        assert_eq!(
            content.matches("<office:annotation ").count() + content.matches("<office:annotation>").count(),
            findings
        );
    }

    const USER_RULES: &str = "parts:\n  legal_advisers:\n    name: 法律顾问工作\n    order: 7\n    heading_any: [法律顾问]\n    text_any: [法律顾问]\nrules:\n  - id: missing-legal-advisers\n    kind: required-part\n    part: legal_advisers\n    severity: warning\n    message: 缺少法律顾问工作情况\n    help: 写明法律顾问参与决策的情况。\n    explanation: 本单位要求报告法律顾问工作。\n";

    fn element_keys(v: &Value) -> Vec<String> {
        v["elements"].as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn a_user_rule_file_adds_its_part_to_the_list_and_the_result() {
        let parts: Value = serde_json::from_str(&parts()).unwrap();
        let keys: Vec<&str> = parts.as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
        assert_eq!(keys, fazhi_lint::ELEMENT_KEYS);
        assert_eq!(parts[3]["label"], "党政主要负责人履行第一责任人职责情况");
        // The parts the checklist marks ◐ when only embedded: every part with a heading of
        // its own not looked for inside another (issue 24: the shortcomings and the plan too).
        let standalone: Vec<bool> = parts.as_array().unwrap().iter().map(|p| p["standalone"] == true).collect();
        assert_eq!(standalone, [true, true, false, true, true, false]);

        let ok: Value = serde_json::from_str(&set_user_rules(USER_RULES, "单位规则.yaml")).unwrap();
        assert_eq!(ok["ok"], true, "{ok}");
        assert_eq!(ok["parts"][6], j!({ "key": "legal_advisers", "label": "法律顾问工作", "standalone": true }));
        let v: Value = serde_json::from_str(&check(REPORT, "r.txt")).unwrap();
        assert_eq!(element_keys(&v).last().map(String::as_str), Some("legal_advisers"));
        let rules: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["rule"].as_str()).collect();
        assert!(rules.contains(&"missing-legal-advisers"), "{rules:?}");
        let listed: Value = serde_json::from_str(&super::rules()).unwrap();
        assert!(listed.as_array().unwrap().iter().any(|r| r["id"] == "missing-legal-advisers"));

        // A broken file is refused in Chinese, naming the file and line; the rules stay.
        let bad: Value = serde_json::from_str(&set_user_rules("parts:\n  x:\n    nmae: 甲\n", "坏.yaml")).unwrap();
        let e = bad["error"].as_str().unwrap();
        assert!(e.contains("坏.yaml") && e.contains("第 3 行"), "{e}");
        assert_eq!(element_keys(&serde_json::from_str(&check(REPORT, "r.txt")).unwrap()).len(), 7);

        // An empty text goes back to the embedded rules.
        let reset: Value = serde_json::from_str(&set_user_rules("", "")).unwrap();
        assert_eq!(reset["parts"].as_array().map(Vec::len), Some(6));
        assert_eq!(element_keys(&serde_json::from_str(&check(REPORT, "r.txt")).unwrap()), fazhi_lint::ELEMENT_KEYS);
    }

    #[test]
    fn outline_and_rules_are_json() {
        let o: Value = serde_json::from_str(&outline(REPORT, "r.txt")).unwrap();
        assert_eq!(o["sections"].as_array().map(|a| a.len()), Some(3));
        let r: Value = serde_json::from_str(&rules()).unwrap();
        let first = &r.as_array().unwrap()[0];
        for key in ["id", "severity", "group", "message", "help", "explanation"] {
            assert!(first[key].is_string(), "{key}");
        }
        let exts: Vec<String> = serde_json::from_str(&supported_extensions()).unwrap();
        assert!(exts.iter().any(|e| e == "txt"));
    }
}

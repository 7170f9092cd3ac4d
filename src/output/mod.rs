//! Output formats, one module per format. Each is a function of the checked files;
//! [`render`] is the factory from a `--format` value, and [`statistics`] the per-rule
//! counts of `--statistics`.

pub mod annotate;
pub mod concise;
pub mod escape;
pub mod github;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod outline;
pub mod sarif;

use crate::check::Checked;
use crate::rules::RuleMeta;
use std::collections::BTreeMap;

/// One checked file: its path as given and either its result or why it could not be read.
pub struct FileResult {
    pub path: String,
    pub outcome: Result<CheckedFile, crate::run::FileError>,
}

/// A successfully checked file: the decoded text and what the checker found.
pub struct CheckedFile {
    pub text: String,
    pub checked: Checked,
    /// What the file was besides its text (format, blocks, triage); the default for a
    /// plain text checked as a report.
    pub doc: DocInfo,
}

impl CheckedFile {
    /// What the outputs show of one file's run.
    pub fn of_run(run: crate::run::Run) -> CheckedFile {
        let doc = DocInfo { not_report: run.not_report, ..DocInfo::of(&run.doc) };
        CheckedFile { text: run.text, checked: run.checked, doc }
    }
}

/// Facts about a checked file that only the human output shows: positions a Word user
/// can find (第 N 段, 第 P 页) and whether the file was judged at all.
#[derive(Clone, Debug, Default)]
pub struct DocInfo {
    /// The input format, when it has blocks (.docx, PDF …); None for plain text.
    pub format: Option<crate::input::Format>,
    /// The document's blocks (line N of the text is block N), for 第 N 段 / 第 P 页.
    pub blocks: Vec<crate::input::Block>,
    /// The file does not look like an annual report and was not judged (no findings).
    pub not_report: bool,
    /// The text was read from a scan by OCR.
    pub ocr: Option<crate::input::OcrInfo>,
}

impl DocInfo {
    /// The info of a decoded document: its format and blocks when it has any.
    pub fn of(doc: &crate::input::Document) -> DocInfo {
        if doc.blocks.is_empty() {
            return DocInfo::default();
        }
        DocInfo { format: Some(doc.format), blocks: doc.blocks.clone(), not_report: false, ocr: doc.ocr.clone() }
    }

    /// "第 12 段" (Word-like formats) or "第 3 页" (paged formats) for a byte offset, or
    /// None when the file has no blocks. On a scan read by OCR the place says so, and
    /// whether its page was read poorly ("第 3 页，OCR 识别文字，本页识别置信度低：61%").
    pub fn place(&self, offset: usize) -> Option<String> {
        let format = self.format?;
        if self.blocks.is_empty() {
            return None;
        }
        let i = self.blocks.partition_point(|b| b.span.end < offset).min(self.blocks.len() - 1);
        if format.is_paged() {
            let page = self.blocks[i].page?;
            let Some(ocr) = &self.ocr else { return Some(format!("第 {page} 页")) };
            let conf = ocr.pages.get(page as usize - 1).copied().unwrap_or(ocr.confidence);
            return Some(if conf < crate::input::ocr::LOW_CONFIDENCE {
                format!("第 {page} 页，OCR 识别文字，本页识别置信度低：{conf}%")
            } else {
                format!("第 {page} 页，OCR 识别文字")
            });
        }
        Some(format!("第 {} 段", i + 1))
    }

    /// One line about a scan's reading for the checklist: where the text came from, its
    /// confidence and the pages read poorly; None for other files.
    pub fn ocr_note(&self) -> Option<String> {
        let ocr = self.ocr.as_ref()?;
        let mut s = format!(
            "扫描件：正文由文字识别（OCR，{}，{}）得到，平均置信度 {}%",
            ocr.engine, ocr.language, ocr.confidence
        );
        let low = ocr.low_pages();
        if !low.is_empty() {
            let pages: Vec<String> = low.iter().map(u32::to_string).collect();
            s.push_str(&format!("；第 {} 页识别置信度低，请对照原件核对", pages.join("、")));
        }
        Some(s)
    }
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files that do not look like annual reports and were not judged.
    pub skipped: usize,
}

impl Counts {
    pub fn of(results: &[FileResult]) -> Counts {
        let mut c = Counts { files: results.len(), ..Default::default() };
        for r in results {
            match &r.outcome {
                Err(_) => c.unreadable += 1,
                Ok(ok) => {
                    c.skipped += usize::from(ok.doc.not_report);
                    for f in &ok.checked.findings {
                        match f.severity {
                            crate::diagnostic::Severity::Error => c.errors += 1,
                            crate::diagnostic::Severity::Warning => c.warnings += 1,
                            crate::diagnostic::Severity::Info => c.infos += 1,
                            crate::diagnostic::Severity::Off => {}
                        }
                    }
                }
            }
        }
        c
    }
}

/// The formats of `check --format`. The variants' doc comments are the Chinese help of
/// the values in `fazhi-lint check --help`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    // miette diagnostics with the source excerpt.
    /// 带原文摘录的诊断（默认）
    Human,
    // One line per finding.
    /// 每条发现一行：文件:行:列: 级别[规则] 消息
    Concise,
    // The JSON contract: one array, one object per file.
    /// JSON 数组，每个文件一个对象
    Json,
    // The same objects, one per line.
    /// JSON Lines，每个文件一行
    Jsonl,
    // For code-scanning dashboards.
    /// SARIF 2.1.0（代码扫描）
    Sarif,
    // Workflow commands (annotations).
    /// GitHub Actions 注释
    Github,
    // One test suite per file, one test case per rule.
    /// JUnit XML
    Junit,
}

/// What a format may need beyond the results.
pub struct RunMeta<'a> {
    /// Every rule that may have run, each id once (the SARIF rule table).
    pub rules: Vec<&'a RuleMeta>,
    /// Per result (same order), the ids of the rules that ran on it (JUnit test cases).
    pub ran: Vec<Vec<String>>,
    /// Human options (colour, width, summary only).
    pub human: human::HumanOptions,
    /// Summary only / nothing beyond the findings.
    pub quiet: bool,
}

/// Render `results` in `format`. The JSON formats come out with their C1 and bidi
/// controls as `\u` escapes ([`escape::json_inert`]): the same data, inert on a terminal.
pub fn render(format: Format, results: &[FileResult], meta: &RunMeta) -> String {
    let inert = |json: String| match escape::json_inert(&json) {
        std::borrow::Cow::Borrowed(_) => json,
        std::borrow::Cow::Owned(o) => o,
    };
    match format {
        Format::Human => human::render(results, meta.human),
        Format::Concise => concise::render(results, meta.quiet),
        Format::Json => inert(json::render(results)),
        Format::Jsonl => inert(jsonl::render(results)),
        Format::Sarif => inert(sarif::render(results, &meta.rules)),
        Format::Github => github::render(results),
        Format::Junit => junit::render(results, &meta.ran),
    }
}

/// Formats that can be rendered file by file, so a bulk run keeps only the rendered
/// text of each file, not its decoded text and tree (memory stays flat).
pub fn streamable(format: Format) -> bool {
    matches!(format, Format::Human | Format::Concise | Format::Json | Format::Jsonl | Format::Github)
}

/// One file's piece of a streamable format (no summary line, no array brackets).
pub fn render_piece(format: Format, r: &FileResult, meta: &RunMeta) -> Vec<u8> {
    let one = std::slice::from_ref(r);
    match format {
        Format::Human => human::render_files(one, meta.human).into_bytes(),
        Format::Concise => concise::render_files(one).into_bytes(),
        Format::Json => escape::json_inert_bytes(json::file_pretty(r)),
        Format::Jsonl => escape::json_inert_bytes((json::file_line(r) + "\n").into_bytes()),
        Format::Github => github::render(one).into_bytes(),
        Format::Sarif | Format::Junit => render(format, one, meta).into_bytes(),
    }
}

/// Writes the pieces of a streamable format as they come, in order, so that the whole
/// output is byte for byte what [`render`] gives on the same files, without ever holding
/// it in memory. Call [`Joiner::piece`] once per file in order, then [`Joiner::end`].
pub struct Joiner<W: std::io::Write> {
    format: Format,
    out: W,
    pieces: usize,
}

impl<W: std::io::Write> Joiner<W> {
    pub fn new(format: Format, mut out: W) -> std::io::Result<Self> {
        if format == Format::Json {
            out.write_all(b"[")?;
        }
        Ok(Joiner { format, out, pieces: 0 })
    }

    /// The next file's piece (from [`render_piece`]).
    pub fn piece(&mut self, piece: &[u8]) -> std::io::Result<()> {
        if self.format == Format::Json {
            self.out.write_all(if self.pieces == 0 { b"\n" } else { b",\n" })?;
        }
        self.pieces += 1;
        self.out.write_all(piece)
    }

    /// Close the output (the JSON bracket or the summary line) and flush it.
    pub fn end(mut self, counts: Counts, meta: &RunMeta) -> std::io::Result<W> {
        let summary = match self.format {
            Format::Json => {
                self.out.write_all(if self.pieces == 0 { b"]\n" } else { b"\n]\n" })?;
                false
            }
            Format::Human => true,
            Format::Concise => !meta.quiet,
            _ => false,
        };
        if summary {
            self.out.write_all(human::summary(counts).as_bytes())?;
            self.out.write_all(b"\n")?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

impl Counts {
    /// Add one file's outcome.
    pub fn add(&mut self, r: &FileResult) {
        self.merge(&Counts::of(std::slice::from_ref(r)));
    }

    /// Add the counts of other files.
    pub fn merge(&mut self, other: &Counts) {
        self.files += other.files;
        self.unreadable += other.unreadable;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.skipped += other.skipped;
    }
}

/// One row of `--statistics`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount {
    pub rule: String,
    pub severity: &'static str,
    pub count: usize,
    pub message: String,
}

/// Findings counted per rule (and severity), most frequent first, then by id.
pub fn rule_counts(results: &[FileResult]) -> Vec<RuleCount> {
    let mut map: BTreeMap<(&str, crate::diagnostic::Severity), (usize, &str)> = BTreeMap::new();
    for ok in results.iter().filter_map(|r| r.outcome.as_ref().ok()) {
        for f in &ok.checked.findings {
            let e = map.entry((f.rule.as_str(), f.severity)).or_insert((0, f.message.as_str()));
            e.0 += 1;
        }
    }
    let mut rows: Vec<RuleCount> = map
        .into_iter()
        .map(|((rule, sev), (count, message))| RuleCount {
            rule: rule.to_string(),
            severity: sev.as_str(),
            count,
            message: message.to_string(),
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    rows
}

/// `--statistics`: counts per rule, as a table (`json`: a JSON array of rows).
pub fn statistics(results: &[FileResult], as_json: bool) -> String {
    let rows = rule_counts(results);
    if as_json {
        let json = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
        return escape::json_inert(&json).into_owned() + "\n";
    }
    let mut s = String::new();
    for r in &rows {
        let message = escape::one_line(&r.message);
        s.push_str(&format!("{:>5}  {:<36} {:<8} {message}\n", r.count, r.rule, r.severity));
    }
    s.push_str(&human::summary(Counts::of(results)));
    s.push('\n');
    s
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Results built by hand for the format tests.
    use super::*;
    use crate::check::{check_text, Settings};
    use crate::diagnostic::Finding;
    use crate::rules::{RuleSet, Severity};
    use crate::span::Span;

    /// `text` checked with the embedded rules, its findings replaced by the given ones
    /// (rule, severity, the text the span covers, message).
    pub fn result(path: &str, text: &str, findings: &[(&str, Severity, &str, &str)]) -> FileResult {
        let rules = RuleSet::embedded().expect("embedded rules load");
        let mut checked = check_text(text, &rules, &Settings::default());
        checked.findings.clear();
        for (rule, severity, needle, message) in findings {
            let start = text.find(needle).expect("needle in text");
            checked.findings.push(Finding {
                rule: rule.to_string(),
                severity: *severity,
                message: message.to_string(),
                help: "帮助".into(),
                span: Span::new(start, start + needle.len()),
                label: "此处".into(),
                fix: None,
            });
        }
        FileResult {
            path: path.into(),
            outcome: Ok(CheckedFile { text: text.into(), checked, doc: DocInfo::default() }),
        }
    }

    pub fn unreadable(path: &str) -> FileResult {
        FileResult { path: path.into(), outcome: Err(crate::input::InputError::NotFound.into()) }
    }
}

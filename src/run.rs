//! One file's whole job, the same for every front end (`check`, `annotate`, `outline`,
//! `audit`, `eval`, the web page): read it once, check it once, judge once whether it is
//! a report at all, refuse what cannot be fixed before fixing, fix and re-check, and turn
//! a panic into that file's error so a bulk run goes on. [`run_file`] is the entry point;
//! its result carries a typed [`FileError`], rendered in Chinese only at the edge.

use crate::check::{check_document, Checked, Settings};
use crate::fix;
use crate::input::{self, Document, InputError, ReadOptions};
use crate::rules::RuleSet;
use crate::triage::looks_like_report;
use std::path::Path;

/// What a run reads.
pub enum Source<'a> {
    /// A file, read with [`RunOptions::read`]. The only source that can be fixed.
    Path(&'a Path),
    /// File bytes, decoded as a file named `name` would be (its extension decides the
    /// format when the content does not).
    Bytes { bytes: &'a [u8], name: &'a str },
    /// A document already decoded (the web page's edited text).
    Document(Document),
}

/// Whether safe fixes are applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FixMode {
    #[default]
    Off,
    /// Write the fixed file back.
    Write,
    /// Compute the unified diff of what `Write` would change; write nothing.
    Diff,
}

/// How one file is run.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// How the file is read (size limit, OCR of scans).
    pub read: ReadOptions,
    /// Safe fixes (only for [`Source::Path`]; other sources are checked only).
    pub fix: FixMode,
    /// Judge whether the file looks like a report; one that does not is noted
    /// ([`Run::not_report`]) with no findings, and never fixed.
    pub triage: bool,
}

/// Why a file has no result.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// It could not be read or decoded.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The checker panicked on it (a bug): contained, so other files still run.
    #[error("内部错误：检查此文件时程序异常，请报告此问题")]
    Panic,
}

/// A file that was read and checked.
#[derive(Debug)]
pub struct Run {
    /// The document as read.
    pub doc: Document,
    /// The text the findings point into: the document's text, or the fixed text once
    /// the fixes were written.
    pub text: String,
    pub checked: Checked,
    /// The file does not look like an annual report (only with [`RunOptions::triage`]):
    /// it was not judged, `checked.findings` is empty.
    pub not_report: bool,
}

/// What the fix step did.
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// Edits applied (with [`FixMode::Diff`]: that would be).
    pub applied: usize,
    /// [`FixMode::Diff`]: the unified diff (empty when nothing applies).
    pub diff: String,
    /// Why fixes were not written (a file that is not plain text, a write that failed).
    pub note: Option<String>,
    /// The fixes could not be written (I/O, encoding, a file changed meanwhile).
    pub failed: bool,
}

/// The outcome of one file.
#[derive(Debug)]
pub struct FileRun {
    pub outcome: Result<Run, FileError>,
    pub fix: FixOutcome,
}

impl FileRun {
    /// A file that has no result.
    pub fn failed(e: FileError) -> FileRun {
        FileRun { outcome: Err(e), fix: FixOutcome::default() }
    }
}

/// Read, check and (when asked) fix one file. Every document is read once and checked
/// once; fixing re-checks after each round of edits. A panic becomes [`FileError::Panic`].
pub fn run_file(source: Source<'_>, rules: &RuleSet, settings: &Settings, options: &RunOptions) -> FileRun {
    let (doc, path) = match source {
        Source::Path(p) => (input::read_path_with(p, &options.read), Some(p)),
        Source::Bytes { bytes, name } => (input::decode_bytes_with(bytes, name, &options.read.ocr), None),
        Source::Document(d) => (Ok(d), None),
    };
    let doc = match doc {
        Ok(d) => d,
        Err(e) => return FileRun::failed(e.into()),
    };
    let mut fix = FixOutcome::default();
    let mode = if path.is_some() { options.fix } else { FixMode::Off };
    let work = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_document(doc, path, rules, settings, options, mode, &mut fix)
    }));
    match work {
        Ok(run) => FileRun { outcome: Ok(run), fix },
        Err(_) => FileRun::failed(FileError::Panic),
    }
}

/// [`run_file`] after reading: `path` is set when the file may be fixed in place.
fn run_document(
    doc: Document,
    path: Option<&Path>,
    rules: &RuleSet,
    settings: &Settings,
    options: &RunOptions,
    mode: FixMode,
    fix: &mut FixOutcome,
) -> Run {
    let checked = check_document(&doc, rules, settings);
    let mut run = Run { text: doc.text.clone(), doc, checked, not_report: false };
    // A file that is not a report is neither judged nor fixed.
    if options.triage && !looks_like_report(&run.text, &run.checked) {
        run.checked.findings.clear();
        run.not_report = true;
        return run;
    }
    let Some(path) = path.filter(|_| mode != FixMode::Off) else { return run };
    if let Err(e) = fix::check_fixable(path) {
        // Refused before fixing; said only when a fix would apply.
        if fix::apply(&run.text, &run.checked.findings).1 > 0 {
            fix.note = Some(e.to_string());
        }
        return run;
    }
    // Markdown is fixed in its own bytes (marks kept), not in the blanked text checked.
    let mut source: Option<(Vec<u8>, String)> = None;
    if run.doc.format == input::Format::Markdown {
        let read = fix::read_again(path, options.read.max_bytes)
            .and_then(|b| fix::markdown_source(&b, &run.doc.text).map(|s| (b, s)));
        match read {
            Ok(pair) => source = Some(pair),
            Err(e) => {
                fix.note = Some(e.to_string());
                fix.failed = true;
                return run;
            }
        }
    }
    // Text and Markdown documents have no blocks and no metadata: the check above is the
    // fix's first round. A document of another format under a plain-text name is checked
    // again as plain text, as the fix sees it.
    let plain = run.doc.blocks.is_empty() && run.doc.meta == input::DocMeta::default();
    let first_owned;
    let first = if plain {
        &run.checked
    } else {
        first_owned = crate::check::check_text(&run.text, rules, settings);
        &first_owned
    };
    let fixed = match &source {
        Some((_, src)) => fix::fix_markdown_after(src, first, rules, settings),
        None => fix::fix_text_after(&run.text, first, rules, settings),
    };
    let Some(fixed) = fixed else { return run };
    let old = source.as_ref().map_or(run.doc.text.as_str(), |(_, s)| s.as_str());
    if mode == FixMode::Diff {
        fix.diff = fix::unified_diff(&path.display().to_string(), old, &fixed.text);
        fix.applied = fixed.applied;
        return run;
    }
    match write_fixed(path, &run.doc, source.as_ref(), &fixed.text, options.read.max_bytes) {
        Ok(()) => {
            fix.applied = fixed.applied;
            run.text = fixed.text;
            run.checked = fixed.checked;
            if options.triage && !looks_like_report(&run.text, &run.checked) {
                run.checked.findings.clear();
                run.not_report = true;
            }
        }
        Err(e) => {
            fix.note = Some(e);
            fix.failed = true;
        }
    }
    run
}

/// Write a fixed text back in the file's encoding, byte for byte unchanged elsewhere,
/// atomically (a failed write leaves the original untouched), unless the file changed
/// since it was read. `source`: a Markdown file's bytes and decoded source, which the
/// fix was applied to.
fn write_fixed(
    path: &Path,
    doc: &Document,
    source: Option<&(Vec<u8>, String)>,
    text: &str,
    max_bytes: u64,
) -> Result<(), String> {
    let markdown = source.map(|(b, s)| (b.as_slice(), s.as_str()));
    let bytes = fix::bytes_to_write(path, &doc.text, doc.encoding, markdown, text, max_bytes)
        .map_err(|e| crate::escape::one_line(&e.to_string()).into_owned())?;
    fix::write_atomic(path, &bytes).map_err(|e| format!("无法写入（原文件未改动）：{}", io_reason(&e)))
}

/// Why an I/O operation failed, in Chinese, with the system's own words after it.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    if e.raw_os_error().is_none() && e.kind() == K::Other {
        // The program's own message, already in Chinese.
        return crate::escape::one_line(&e.to_string()).into_owned();
    }
    let why = match e.kind() {
        K::StorageFull => "磁盘空间已满",
        K::QuotaExceeded => "超出磁盘配额",
        K::FileTooLarge => "文件超出允许的大小",
        K::PermissionDenied => "没有权限",
        K::ReadOnlyFilesystem => "文件系统只读",
        K::NotFound => "路径不存在",
        K::IsADirectory => "是一个目录",
        K::NotADirectory => "路径中有一段不是目录",
        K::BrokenPipe => "管道已关闭",
        K::AlreadyExists => "文件已存在",
        _ => "输入输出错误",
    };
    crate::escape::one_line(&format!("{why}（{e}）")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXABLE: &str =
        "某县司法局2023年度法治政府建设情况报告\n一、主要举措和成效\n[bookmark: _GoBack]（一）完善制度。\n";

    fn settings() -> Settings {
        Settings { select: vec!["conversion-artifact".into()], ..Default::default() }
    }

    fn run(path: &Path, fix: FixMode) -> FileRun {
        let rules = RuleSet::embedded().expect("embedded rules load");
        let options = RunOptions { fix, triage: true, ..Default::default() };
        run_file(Source::Path(path), &rules, &settings(), &options)
    }

    fn rules_of(r: &Run) -> Vec<&str> {
        r.checked.findings.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn write_fixes_the_file_and_reports_on_the_fixed_text() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.txt");
        std::fs::write(&p, FIXABLE).unwrap();
        let done = run(&p, FixMode::Write);
        let r = done.outcome.expect("checked");
        assert_eq!((done.fix.applied, done.fix.note.as_deref(), done.fix.failed), (1, None, false));
        let fixed = FIXABLE.replace("[bookmark: _GoBack]", "");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), fixed);
        assert_eq!(r.text, fixed);
        assert!(rules_of(&r).is_empty(), "{:?}", rules_of(&r));
    }

    #[test]
    fn diff_leaves_the_file_and_reports_on_it_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.txt");
        std::fs::write(&p, FIXABLE).unwrap();
        let done = run(&p, FixMode::Diff);
        let r = done.outcome.expect("checked");
        assert_eq!(done.fix.applied, 1);
        assert!(done.fix.diff.contains("-[bookmark: _GoBack]（一）完善制度。"), "{}", done.fix.diff);
        assert!(done.fix.diff.contains(&p.display().to_string()), "{}", done.fix.diff);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), FIXABLE);
        assert_eq!(r.text, FIXABLE);
        assert_eq!(rules_of(&r), ["conversion-artifact"]);
    }

    #[test]
    fn a_format_that_is_not_plain_text_is_refused_before_fixing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.html");
        let page = format!("<html><body><p>{}</p></body></html>", FIXABLE.trim_end().replace('\n', "</p><p>"));
        std::fs::write(&p, &page).unwrap();
        let done = run(&p, FixMode::Write);
        let r = done.outcome.expect("checked");
        assert_eq!(rules_of(&r), ["conversion-artifact"]);
        assert_eq!(done.fix.applied, 0);
        assert!(!done.fix.failed);
        assert!(done.fix.note.as_deref().is_some_and(|n| n.contains("不改写 .html")), "{:?}", done.fix.note);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), page);
    }

    #[test]
    fn a_file_that_is_not_a_report_is_neither_judged_nor_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("notes.txt");
        let notes = "# Notes\n\nSome English notes.\n[bookmark: _GoBack]Install it and run it.\n";
        std::fs::write(&p, notes).unwrap();
        let done = run(&p, FixMode::Write);
        let r = done.outcome.expect("read");
        assert!(r.not_report);
        assert!(r.checked.findings.is_empty());
        assert_eq!((done.fix.applied, done.fix.note.is_none()), (0, true));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), notes);
    }

    #[test]
    fn a_file_that_cannot_be_read_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let done = run(&dir.path().join("missing.txt"), FixMode::Off);
        assert!(matches!(done.outcome, Err(FileError::Input(InputError::NotFound))), "{:?}", done.outcome);
        let rules = RuleSet::embedded().unwrap();
        let empty = run_file(Source::Bytes { bytes: b"", name: "x.txt" }, &rules, &settings(), &RunOptions::default());
        assert_eq!(empty.outcome.unwrap_err().to_string(), "文件为空");
    }
}

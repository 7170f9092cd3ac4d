//! The same report in every form an office receives gives the same judgement.
//!
//! (a) The committed fixtures in `tests/fixtures/forms/` (two short synthetic reports
//!     written by `scripts/make-forms.py` with python-docx, LibreOffice and easyofd:
//!     `typed` converted from the .docx with typed markers, `styled` from the .docx whose
//!     headings carry only Word heading styles): every form must give the .txt's six
//!     elements (present, standalone, heading text) and its level-1 headings. One test per
//!     report and form, so a failing reader shows as its own test.
//! (b) When `../shared/corpus/dev` and the writers (soffice, python-docx, easyofd) are
//!     present: every complete report of `labels.yaml` is written in all forms into a
//!     temporary folder by the script and compared the same way; a table of which forms
//!     agree is printed. Without the tools or the corpus it prints that it was skipped.
//!     `FAZHI_FORMS_CORPUS=DIR` points it at another corpus folder.

use fazhi_lint::{check_document, input, RuleSet, Settings};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The forms, as file-name suffixes after the report's stem.
const FORMS: &[&str] = &["txt", "docx", "styled.docx", "doc", "wps", "odt", "rtf", "pdf", "ofd"];

/// What is compared across forms.
#[derive(Debug, PartialEq, Eq)]
struct Judgement {
    /// Element key → (present, standalone, heading text).
    elements: BTreeMap<String, (bool, bool, Option<String>)>,
    /// The level-1 headings' text (without markers), in order.
    level1: Vec<String>,
}

fn rules() -> RuleSet {
    RuleSet::embedded().expect("embedded rules")
}

fn judge(path: &Path, rules: &RuleSet) -> Result<Judgement, String> {
    let doc = input::read_path(path, input::DEFAULT_MAX_BYTES).map_err(|e| format!("读取失败：{e}"))?;
    let checked = check_document(&doc, rules, &Settings::default());
    let elements = checked
        .elements
        .map
        .iter()
        .map(|(k, e)| (k.clone(), (e.present, e.standalone, e.heading.as_ref().map(|h| squash(h)))))
        .collect();
    let level1 =
        checked.report.level1().map(|s| squash(doc.text.get(s.heading.start..s.heading.end).unwrap_or(""))).collect();
    Ok(Judgement { elements, level1 })
}

/// Text without white space (a PDF line may carry spaces between Latin and CJK).
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Compare one form with the report's .txt; `Err` says how it differs.
fn compare(dir: &Path, stem: &str, form: &str, rules: &RuleSet) -> Result<(), String> {
    let reference = judge(&dir.join(format!("{stem}.txt")), rules).map_err(|e| format!("{stem}.txt: {e}"))?;
    let got = judge(&dir.join(format!("{stem}.{form}")), rules)?;
    let mut why = Vec::new();
    if got.level1 != reference.level1 {
        why.push(format!("一级标题不同：{:?}，应为 {:?}", got.level1, reference.level1));
    }
    for (k, want) in &reference.elements {
        let have = got.elements.get(k);
        if have != Some(want) {
            why.push(format!("要素 {k}：{have:?}，应为 {want:?}"));
        }
    }
    if why.is_empty() {
        Ok(())
    } else {
        Err(why.join("；"))
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms")
}

/// The reference itself is a complete report: all six elements present, four level-1
/// headings (so agreeing with it means something).
#[test]
fn fixture_references_are_complete() {
    let rules = rules();
    for stem in ["typed", "styled"] {
        let j = judge(&fixtures().join(format!("{stem}.txt")), &rules).unwrap();
        assert_eq!(j.elements.len(), 6, "{stem}: {j:?}");
        assert!(j.elements.values().all(|e| e.0), "{stem}: {j:?}");
        assert_eq!(j.level1.len(), 4, "{stem}: {j:?}");
    }
}

macro_rules! fixture_forms {
    ($($name:ident: $stem:literal, $form:literal;)*) => {$(
        #[test]
        fn $name() {
            if let Err(e) = compare(&fixtures(), $stem, $form, &rules()) {
                panic!("{}.{}：与 .txt 的判断不同：{e}", $stem, $form);
            }
        }
    )*};
}

fixture_forms! {
    typed_docx: "typed", "docx";
    typed_styled_docx: "typed", "styled.docx";
    typed_doc: "typed", "doc";
    typed_wps: "typed", "wps";
    typed_odt: "typed", "odt";
    typed_rtf: "typed", "rtf";
    typed_pdf: "typed", "pdf";
    typed_ofd: "typed", "ofd";
    styled_docx: "styled", "docx";
    styled_styled_docx: "styled", "styled.docx";
    styled_doc: "styled", "doc";
    styled_wps: "styled", "wps";
    styled_odt: "styled", "odt";
    styled_rtf: "styled", "rtf";
    styled_pdf: "styled", "pdf";
    styled_ofd: "styled", "ofd";
}

/// The styled fixtures really carry no typed markers in the headings of the converted
/// forms, and the readers of this module give their levels from the styles.
#[test]
fn styled_fixtures_have_headings_only_in_styles() {
    for form in ["odt", "rtf"] {
        let doc = input::read_path(&fixtures().join(format!("styled.{form}")), input::DEFAULT_MAX_BYTES).unwrap();
        let headings: Vec<(u8, &str)> = doc
            .blocks
            .iter()
            .filter_map(|b| match b.kind {
                input::BlockKind::Heading(n) => Some((n, &doc.text[b.span.start..b.span.end])),
                _ => None,
            })
            .collect();
        assert_eq!(headings.iter().filter(|h| h.0 == 1).count(), 4, "{form}: {headings:?}");
        assert!(headings.iter().all(|(_, t)| !t.starts_with(['一', '二', '三', '四', '（'])), "{form}: {headings:?}");
        assert!(doc.blocks.iter().any(|b| b.kind == input::BlockKind::Title), "{form}");
    }
}

/// `s` left-aligned in `width` terminal columns (CJK characters take two).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w).max(1)))
}

/// Whether a program runs (`--version` or an import).
fn available(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd).args(args).output().is_ok_and(|o| o.status.success())
}

#[derive(serde::Deserialize)]
struct Label {
    file: String,
    #[serde(default)]
    complete: bool,
}

/// The nine forms of the done-when: LibreOffice converts the .docx with typed
/// markers (and heading styles).
#[test]
fn corpus_reports_agree_in_every_form() {
    corpus_forms("typed", FORMS);
}

/// The harder case: LibreOffice converts the .docx whose headings carry only styles, so
/// no form but the .txt spells out a marker.
#[test]
fn corpus_reports_agree_when_converted_from_styled_docx() {
    corpus_forms("styled", &["txt", "doc", "wps", "odt", "rtf", "pdf", "ofd"]);
}

fn corpus_forms(from: &str, forms: &[&str]) {
    // FAZHI_FORMS_CORPUS: another folder (a worktree has no ../shared beside it).
    let corpus = std::env::var_os("FAZHI_FORMS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev"));
    let labels = corpus.join("labels.yaml");
    if !labels.exists() {
        println!("跳过：没有找到语料 {}", corpus.display());
        return;
    }
    let missing: Vec<&str> = [
        ("soffice", available("soffice", &["--version"])),
        ("python-docx", available("python3", &["-c", "import docx"])),
        (
            "easyofd",
            available(
                "python3",
                &["-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('easyofd') is None)"],
            ),
        ),
    ]
    .into_iter()
    .filter(|(_, ok)| !ok)
    .map(|(n, _)| n)
    .collect();
    if !missing.is_empty() {
        println!("跳过：缺少 {}（bash .ci/run 会安装）", missing.join("、"));
        return;
    }
    let labels: Vec<Label> = serde_saphyr::from_str(&std::fs::read_to_string(&labels).unwrap()).unwrap();
    let reports: Vec<PathBuf> = labels.iter().filter(|l| l.complete).map(|l| corpus.join(&l.file)).collect();
    assert!(!reports.is_empty(), "labels.yaml names no complete report");
    let out = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/make-forms.py"))
        .args(&reports)
        .arg("--out")
        .arg(out.path())
        .arg("--bin")
        .arg(env!("CARGO_BIN_EXE_fazhi-lint"))
        .arg("--from")
        .arg(from)
        .arg("--forms")
        .arg(forms.join(","))
        .status()
        .unwrap();
    assert!(status.success(), "scripts/make-forms.py failed");
    let rules = rules();
    let mut table = format!("由 {from} .docx 转换\n{}", pad("报告", 24));
    for f in &forms[1..] {
        table.push_str(&pad(f, 12));
    }
    table.push('\n');
    let mut failures = Vec::new();
    for r in &reports {
        let stem = r.file_stem().unwrap().to_string_lossy().into_owned();
        table.push_str(&pad(&stem, 24));
        for form in &forms[1..] {
            let verdict = compare(out.path(), &stem, form, &rules);
            table.push_str(&pad(if verdict.is_ok() { "一致" } else { "不同" }, 12));
            if let Err(e) = verdict {
                failures.push(format!("{stem}.{form}：{e}"));
            }
        }
        table.push('\n');
    }
    println!("{table}");
    assert!(failures.is_empty(), "{table}\n{}", failures.join("\n"));
}

/// Nothing vanishes from a walk: a document type no reader reads is listed as not
/// checked, with its reason, by `check` and by `audit`, and counted in the summary; the
/// other files are judged.
#[test]
fn check_and_audit_list_files_of_types_they_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("typed.rtf"), dir.path().join("a.rtf")).unwrap();
    std::fs::write(dir.path().join("b.xls"), b"\xD0\xCF\x11\xE0 not a report").unwrap();
    std::fs::write(dir.path().join("c.zip"), b"PK\x03\x04").unwrap();
    std::fs::write(dir.path().join("d.png"), b"\x89PNG").unwrap();
    let bin = env!("CARGO_BIN_EXE_fazhi-lint");
    let out = Command::new(bin).arg("check").arg("--color").arg("never").arg(dir.path()).output().unwrap();
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(all.contains("b.xls") && all.contains("不支持的文件类型 .xls"), "{all}");
    assert!(all.contains("c.zip") && all.contains("压缩包未检查"), "{all}");
    assert!(!all.contains("d.png"), "{all}");
    assert!(all.contains("共检查 3 个文件") && all.contains("2 个文件无法读取"), "{all}");
    let out = Command::new(bin).arg("audit").arg("--format").arg("csv").arg(dir.path()).output().unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        csv.lines().filter(|l| l.contains("a.rtf") || l.contains("b.xls") || l.contains("c.zip")).count(),
        3,
        "{csv}"
    );
}

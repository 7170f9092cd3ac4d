//! Differential test of the PDF reader against poppler, on PDFs printed from our own
//! synthetic reports (`tests/fixtures/pdf/reports/*.txt`) by many real producers
//! (`scripts/make-pdf-producers.py`: headless Chromium, wkhtmltopdf, WeasyPrint,
//! LibreOffice, reportlab with non-embedded STSong-Light/MSung-Light, fpdf2, Ghostscript,
//! OCRmyPDF, qpdf encryption and object streams, an incremental update, and hand-written
//! files with Type 3 glyph names, Type 1 /Differences, a symbolic TrueType font and the
//! GBK-EUC-H and Identity-H CMaps without ToUnicode).
//!
//! For every PDF:
//! 1. the text of every page (`input::pdf_page_texts`, furniture included) agrees with
//!    `pdftotext`'s character for character after white space is removed: at least 99.5%
//!    (the ratio of matched characters of a character diff);
//! 2. the document is judged as its plain text: the same six elements and level-1
//!    headings as the report's .txt.
//!
//! (a) The committed files in `tests/fixtures/pdf/producers/` (one small report per
//!     producer, with `pdftotext`'s output next to each), so `cargo test` alone covers
//!     every font path; (b) when the producers are installed (`.ci/run` installs them):
//!     every report through every producer into a temporary folder, compared with
//!     `pdftotext` run there, with a table of the results.

use fazhi_lint::{check_document, input, RuleSet, Settings};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What is compared with the .txt: element key → (present, standalone, heading text),
/// and the level-1 headings.
type Judgement = (BTreeMap<String, (bool, bool, Option<String>)>, Vec<String>);

/// Text without white space, in the normalised view the judgement reads (a PDF's text
/// layer may spell 人 as the Kangxi radical ⼈).
fn squash(s: &str) -> String {
    fazhi_lint::normalize::to_simplified(s).chars().filter(|c| !c.is_whitespace()).collect()
}

fn judge(doc: &input::Document, rules: &RuleSet) -> Judgement {
    let checked = check_document(doc, rules, &Settings::default());
    let elements = checked
        .elements
        .map
        .iter()
        .map(|(k, e)| (k.clone(), (e.present, e.standalone, e.heading.as_ref().map(|h| squash(h)))))
        .collect();
    let level1 =
        checked.report.level1().map(|s| squash(doc.text.get(s.heading.start..s.heading.end).unwrap_or(""))).collect();
    (elements, level1)
}

/// Full-width Latin letters, digits and punctuation as ASCII. poppler-data's Adobe-GB1
/// table reads the half-width Latin CIDs of GBK-EUC-H fonts as full-width forms; Adobe's
/// current data (which this reader uses) gives them no Unicode value, and the reader reads
/// them as the ASCII their GBK code stands for. Either is the same text.
fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| if ('！'..='～').contains(&c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c })
        .collect()
}

/// Matched characters of a character diff over both lengths (1.0: identical).
fn agreement(ours: &str, poppler: &str) -> f32 {
    let (a, b) = (fold_width(&squash(ours)), fold_width(&squash(poppler)));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    similar::TextDiff::configure().timeout(std::time::Duration::from_secs(5)).diff_chars(&a, &b).ratio()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Check one PDF against poppler's text and its report; `Err` says how it differs.
fn check_one(pdf: &Path, poppler: &str, report: &Path, rules: &RuleSet) -> Result<f32, String> {
    let bytes = std::fs::read(pdf).map_err(|e| e.to_string())?;
    let ours = input::pdf_page_texts(&bytes).map_err(|e| format!("读取失败：{e}"))?;
    let ratio = agreement(&ours, poppler);
    let mut why = Vec::new();
    // A file poppler reads nothing from (reportlab's MSung-Light names a CMap of another
    // collection), or reads as garbage (an Identity-H font without ToUnicode, readable
    // only through its embedded program's cmap), has no text to agree with; it is still
    // judged below.
    let beyond_poppler = pdf.to_string_lossy().contains(".truetype-no-tounicode.");
    if ratio < 0.995 && !squash(poppler).is_empty() && !beyond_poppler {
        why.push(format!("与 pdftotext 的一致率 {:.2}%", ratio * 100.0));
    }
    // Read as the command line reads it: with the rule set's words, which an OCR layer's
    // repairs restore (no PDF here is a scan without text, so nothing is recognised).
    let options = input::ReadOptions {
        max_bytes: input::DEFAULT_MAX_BYTES,
        ocr: input::Ocr::On(input::OcrOptions { vocabulary: rules.parts.cue_words().into(), ..Default::default() }),
    };
    let doc = input::read_path_with(pdf, &options).map_err(|e| format!("读取失败：{e}"))?;
    let txt = input::read_path(report, input::DEFAULT_MAX_BYTES).map_err(|e| e.to_string())?;
    let (mut got, mut want) = (judge(&doc, rules), judge(&txt, rules));
    // An OCR layer holds what the recogniser read (法冶 for 法治): its headings are
    // compared by number, its elements by presence and standing.
    if pdf.to_string_lossy().contains(".ocrmypdf.") {
        for j in [&mut got, &mut want] {
            j.1 = vec![String::new(); j.1.len()];
            j.0.values_mut().for_each(|e| e.2 = None);
        }
    }
    if got.1 != want.1 {
        why.push(format!("一级标题不同：{:?}，应为 {:?}", got.1, want.1));
    }
    for (k, w) in &want.0 {
        if got.0.get(k) != Some(w) {
            why.push(format!("要素 {k}：{:?}，应为 {w:?}", got.0.get(k)));
        }
    }
    if why.is_empty() {
        Ok(ratio)
    } else {
        Err(why.join("；"))
    }
}

/// `STEM.PRODUCER.pdf` → (stem, producer).
fn split_name(pdf: &Path) -> (String, String) {
    let name = pdf.file_name().unwrap().to_string_lossy();
    let base = name.trim_end_matches(".pdf");
    let (stem, producer) = base.split_once('.').unwrap_or((base, ""));
    (stem.to_string(), producer.to_string())
}

fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "pdf")).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Check every PDF of `dir` whose poppler text is beside it; a table and the failures.
fn check_dir(dir: &Path) -> (String, Vec<String>, usize) {
    let rules = RuleSet::embedded().unwrap();
    // FAZHI_PDF_REPORTS: the reports the PDFs of `dir` were printed from, when not ours.
    let reports =
        std::env::var_os("FAZHI_PDF_REPORTS").map_or_else(|| root().join("tests/fixtures/pdf/reports"), PathBuf::from);
    let mut table = String::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for pdf in pdfs_in(dir) {
        let (stem, producer) = split_name(&pdf);
        let Ok(poppler) = std::fs::read_to_string(pdf.with_extension("pdftotext.txt")) else { continue };
        n += 1;
        let verdict = check_one(&pdf, &poppler, &reports.join(format!("{stem}.txt")), &rules);
        match &verdict {
            Ok(r) => table.push_str(&format!("{stem:12} {producer:18} 一致 {:.2}%\n", r * 100.0)),
            Err(e) => {
                table.push_str(&format!("{stem:12} {producer:18} 不同\n"));
                failures.push(format!("{stem}.{producer}：{e}"));
            }
        }
    }
    (table, failures, n)
}

#[test]
fn committed_producer_pdfs_agree_with_poppler_and_their_text() {
    let (table, failures, n) = check_dir(&root().join("tests/fixtures/pdf/producers"));
    println!("{table}");
    assert!(n >= 12, "too few committed producer PDFs: {n}\n{table}");
    assert!(failures.is_empty(), "{table}\n{}", failures.join("\n"));
}

/// Every report through every installed producer: the full run, in CI (`CI` set, as
/// `.ci/run` runs) or when `FAZHI_PDF_PRODUCERS` is set; it takes minutes (LibreOffice,
/// Chromium, and OCR when `FAZHI_PDF_OCR` is set too).
#[test]
fn every_report_through_every_installed_producer() {
    if std::env::var_os("CI").is_none() && std::env::var_os("FAZHI_PDF_PRODUCERS").is_none() {
        println!("跳过：完整的生成器对比只在 CI 中运行（或设置 FAZHI_PDF_PRODUCERS=1）");
        return;
    }
    let python = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    let pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    if !python || !pdftotext {
        println!("跳过：缺少 python3 或 pdftotext（bash .ci/run 会安装）");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let reports: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/pdf/reports"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    let mut cmd = Command::new("python3");
    cmd.arg(root().join("scripts/make-pdf-producers.py")).args(&reports).arg("--out").arg(out.path());
    // OCR is slow: only where asked (CI sets it).
    if std::env::var_os("FAZHI_PDF_OCR").is_none() {
        let list = Command::new("python3").arg(root().join("scripts/make-pdf-producers.py")).arg("--list").output();
        let names: Vec<String> = list
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .filter_map(|l| l.split_whitespace().next().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let names: Vec<String> = names.into_iter().filter(|n| n != "ocrmypdf").collect();
        cmd.arg("--producers").arg(names.join(","));
    }
    let status = cmd.status().unwrap();
    let (table, failures, n) = check_dir(out.path());
    println!("{table}");
    assert!(status.success(), "scripts/make-pdf-producers.py failed\n{table}");
    assert!(n > 0, "no producer available");
    assert!(failures.is_empty(), "{table}\n{}", failures.join("\n"));
}

/// `FAZHI_PDF_DIR=DIR cargo test --test pdf_producers -- --ignored`: check a folder the
/// script wrote (while working on the reader).
#[test]
#[ignore]
fn check_folder_from_env() {
    let Some(dir) = std::env::var_os("FAZHI_PDF_DIR") else { return };
    let (table, failures, _) = check_dir(Path::new(&dir));
    println!("{table}");
    assert!(failures.is_empty(), "{table}\n{}", failures.join("\n"));
}

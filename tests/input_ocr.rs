//! Scans read by OCR (Tesseract), on scans made in the repository from synthetic reports
//! (`tests/fixtures/scans/*.txt`, printed and scanned by scripts/make-scans.py through
//! scripts/make-scan-fixtures.sh): each scan is judged as its own text.
//!
//! The tests that run Tesseract need `tesseract` with the chi_sim model (chi_tra for the
//! traditional report). Without it they say so and pass, unless FAZHI_LINT_REQUIRE_OCR
//! is set (`.ci/run` installs Tesseract and sets it, so CI cannot skip them).
#![cfg(feature = "ocr")]

use assert_cmd::Command;
use fazhi_lint::input::{self, Document, Ocr, OcrOptions, ReadOptions};
use fazhi_lint::{check_document, RuleSet, Settings, ELEMENT_KEYS};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scans").join(name)
}

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("embedded rules"))
}

/// Whether Tesseract with these models is installed; when it is not, the test is
/// skipped with a message (or fails under FAZHI_LINT_REQUIRE_OCR).
fn tesseract_with(models: &[&str]) -> bool {
    let langs = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr))
        .unwrap_or_default();
    let ok = models.iter().all(|m| langs.lines().any(|l| l.trim() == *m));
    if !ok {
        assert!(
            std::env::var_os("FAZHI_LINT_REQUIRE_OCR").is_none(),
            "FAZHI_LINT_REQUIRE_OCR is set but tesseract with {models:?} is not installed"
        );
        eprintln!("skipped: tesseract with {models:?} is not installed (apt install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra)");
    }
    ok
}

fn ocr(cache: Option<&Path>) -> ReadOptions {
    ReadOptions {
        max_bytes: input::DEFAULT_MAX_BYTES,
        ocr: Ocr::On(OcrOptions {
            cache: cache.map(Path::to_path_buf),
            vocabulary: rules().parts.cue_words().into(),
            progress: None,
        }),
    }
}

fn read_scan(name: &str, cache: Option<&Path>) -> Document {
    input::read_path_with(&fixture(name), &ocr(cache)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The six parts (present or not) and the level-1 headings' count of a document.
fn judged(doc: &Document) -> (Vec<(&'static str, bool)>, usize) {
    let checked = check_document(doc, rules(), &Settings::default());
    let parts = ELEMENT_KEYS.iter().map(|k| (*k, checked.elements.present(k))).collect();
    (parts, checked.report.sections.len())
}

fn text_of(name: &str) -> Document {
    input::read_path(&fixture(name), input::DEFAULT_MAX_BYTES).expect("text fixture")
}

fn judged_as_its_text(scan: &str, text: &str) {
    let doc = read_scan(scan, None);
    let info = doc.ocr.as_ref().expect("read by OCR");
    assert!(info.confidence >= 75, "{scan}: confidence {}", info.confidence);
    let want = judged(&text_of(text));
    let got = judged(&doc);
    assert_eq!(got, want, "{scan} judged unlike {text}; read as:\n{}", doc.text);
}

#[test]
fn colour_jpeg_with_a_red_seal() {
    if tesseract_with(&["chi_sim"]) {
        judged_as_its_text("typed.jpg", "typed.txt");
    }
}

#[test]
fn image_only_pdf_of_two_pages() {
    if !tesseract_with(&["chi_sim"]) {
        return;
    }
    judged_as_its_text("report.pdf", "report.txt");
    let doc = read_scan("report.pdf", None);
    assert_eq!(doc.format, input::Format::Pdf);
    assert_eq!(doc.meta.pages, Some(2));
    assert_eq!(doc.ocr.as_ref().map(|o| o.pages.len()), Some(2));
    // The sign-off under the seal is read: unit and date.
    let checked = check_document(&doc, rules(), &Settings::default());
    let sign = checked.report.sign_off.as_ref().expect("sign-off found").span.slice(&doc.text);
    assert!(sign.contains("清溪县人民政府") && sign.contains("2022年2月6日"), "{sign}");
    // Pages are named: the second level-1 heading is on page 1 or 2, never beyond.
    assert!(doc.blocks.iter().all(|b| matches!(b.page, Some(1 | 2))));
}

#[test]
fn black_and_white_tiff_with_unmarked_headings() {
    if tesseract_with(&["chi_sim"]) {
        judged_as_its_text("unmarked.tif", "unmarked.txt");
    }
}

#[test]
fn traditional_characters_are_read_with_chi_tra() {
    if !tesseract_with(&["chi_sim", "chi_tra"]) {
        return;
    }
    let doc = read_scan("traditional.png", None);
    assert_eq!(doc.ocr.as_ref().map(|o| o.language.as_str()), Some("chi_tra"), "{}", doc.text);
    judged_as_its_text("traditional.png", "traditional.txt");
}

/// A page scanned upside down is turned upright (Tesseract's orientation detection).
#[test]
fn an_upside_down_page_is_turned() {
    if !tesseract_with(&["chi_sim", "osd"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let upside_down = dir.path().join("upside-down.jpg");
    image::open(fixture("typed.jpg")).unwrap().rotate180().save(&upside_down).unwrap();
    let doc = input::read_path_with(&upside_down, &ocr(None)).unwrap();
    assert_eq!(judged(&doc), judged(&text_of("typed.txt")), "read as:\n{}", doc.text);
}

#[test]
fn a_second_read_comes_from_the_cache() {
    if !tesseract_with(&["chi_sim"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let first = read_scan("typed.jpg", Some(&cache));
    assert!(!first.ocr.as_ref().unwrap().cached);
    assert!(cache.join("CACHEDIR.TAG").exists());
    let second = read_scan("typed.jpg", Some(&cache));
    assert!(second.ocr.as_ref().unwrap().cached);
    assert_eq!(first.text, second.text);
    assert_eq!(first.blocks, second.blocks);
}

/// Without OCR asked for (the library's default), a scan is refused with today's
/// advice; refused by the user, it says so at once.
#[test]
fn scans_refused_without_ocr() {
    let e = input::read_path(&fixture("report.pdf"), input::DEFAULT_MAX_BYTES).unwrap_err();
    assert!(matches!(e, input::InputError::PdfScanned { pages: 2 }), "{e:?}");
    let e = input::read_path(&fixture("typed.jpg"), input::DEFAULT_MAX_BYTES).unwrap_err();
    assert!(e.to_string().contains("图片文件（JPEG）"), "{e}");
    let refused = ReadOptions { ocr: Ocr::Refused, ..Default::default() };
    let e = input::read_path_with(&fixture("unmarked.tif"), &refused).unwrap_err();
    assert!(e.to_string().contains("--no-ocr"), "{e}");
}

fn cli() -> Command {
    let mut c = Command::cargo_bin("fazhi-lint").unwrap();
    c.env_remove("FAZHI_LINT_TESSERACT").env_remove("FAZHI_LINT_CACHE_DIR");
    c
}

/// Without Tesseract: the error names the packages that enable OCR; the other files
/// are still checked.
#[test]
fn missing_tesseract_names_the_packages() {
    let out = cli()
        .env("FAZHI_LINT_TESSERACT", "/nonexistent/tesseract")
        .args(["check", "--no-config", "--no-cache", "--format", "json"])
        .arg(fixture("report.pdf"))
        .arg(fixture("report.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let err = v[0]["error"].as_str().unwrap();
    assert!(err.contains("扫描件") && err.contains("共 2 页"), "{err}");
    assert!(err.contains("tesseract-ocr") && err.contains("tesseract-ocr-chi-sim"), "{err}");
    assert!(v[1]["elements"].is_object(), "the text is still checked: {v}");
}

#[test]
fn no_ocr_flag_and_config_key_refuse_scans() {
    let out = cli().args(["check", "--no-config", "--no-ocr"]).arg(fixture("typed.jpg")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let all = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(all.contains("不做文字识别"), "{all}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fazhi-lint.yaml"), "ocr: false\n").unwrap();
    std::fs::copy(fixture("typed.jpg"), dir.path().join("scan.jpg")).unwrap();
    let out = cli().args(["check", "--format", "json"]).arg(dir.path().join("scan.jpg")).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v[0]["error"].as_str().unwrap().contains("ocr: false"), "{v}");
}

/// A fake `tesseract` that knows its version and models but recognises nothing: a run
/// that needs no recognition (everything cached) succeeds with it.
#[cfg(unix)]
fn fake_tesseract(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let real = String::from_utf8(std::process::Command::new("tesseract").arg("--list-langs").output().unwrap().stdout)
        .unwrap();
    let version =
        String::from_utf8(std::process::Command::new("tesseract").arg("--version").output().unwrap().stdout).unwrap();
    let script = format!(
        "#!/bin/sh\ncase \"$1\" in\n--version) cat <<'V'\n{version}V\n;;\n--list-langs) cat <<'L'\n{real}L\n;;\n*) echo recognition called >&2; exit 3;;\nesac\n"
    );
    let path = dir.join("tesseract");
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// The CLI: a scan's findings name 第 N 页 and OCR; JSON has the `ocr` object; a second
/// run with the cache does no recognition at all.
#[cfg(unix)]
#[test]
fn cli_check_names_pages_and_caches() {
    if !tesseract_with(&["chi_sim"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let out = cli()
        .args(["check", "--no-config", "--color", "never", "--cache-dir"])
        .arg(&cache)
        .arg(fixture("report.pdf"))
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("扫描件：正文由文字识别（OCR"), "{human}");
    assert!(human.contains("页，OCR 识别文字"), "{human}");
    let fake = fake_tesseract(dir.path());
    let out = cli()
        .env("FAZHI_LINT_TESSERACT", &fake)
        .args(["check", "--no-config", "--format", "json", "--cache-dir"])
        .arg(&cache)
        .arg(fixture("report.pdf"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v[0]["error"].is_null(), "cached run needed recognition: {v}");
    assert_eq!(v[0]["ocr"]["pages"].as_array().map(Vec::len), Some(2), "{v}");
    assert!(v[0]["ocr"]["confidence"].as_u64().unwrap() >= 75);
}

/// The audit walks page images, marks OCR'd reports and gives their confidence.
#[test]
fn audit_marks_scans() {
    if !tesseract_with(&["chi_sim"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("typed.jpg"), dir.path().join("scan.jpg")).unwrap();
    std::fs::copy(fixture("typed.txt"), dir.path().join("text.txt")).unwrap();
    let out = cli().args(["audit", "--no-config", "--no-cache", "--format", "jsonl"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let scan = rows.iter().find(|r| r["path"].as_str().unwrap().ends_with("scan.jpg")).unwrap();
    let text = rows.iter().find(|r| r["path"].as_str().unwrap().ends_with("text.txt")).unwrap();
    assert!(scan["ocr_confidence"].as_u64().unwrap() >= 75, "{scan}");
    assert_eq!(scan["ocr"]["language"], "chi_sim");
    assert!(text["ocr_confidence"].is_null());
    let present = |r: &serde_json::Value| -> Vec<bool> {
        ELEMENT_KEYS.iter().map(|k| r["elements"][k]["present"].as_bool().unwrap()).collect()
    };
    assert_eq!(present(scan), present(text));
    // --no-ocr: images are not walked at all.
    let out = cli().args(["audit", "--no-config", "--no-ocr", "--format", "csv"]).arg(dir.path()).output().unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.contains("扫描件") && csv.contains("识别置信度"), "{csv}");
    assert!(!csv.contains("scan.jpg"), "{csv}");
}

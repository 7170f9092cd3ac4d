//! Bad input: every kind of broken or hostile file gets its own clear error, the good
//! file beside it is still judged, nothing panics and the run ends with exit code 2.

mod input_support;

use assert_cmd::Command;
use fazhi_lint::input::{decode_bytes, read_path, InputError, MAX_NESTING, MAX_PART_BYTES};
use input_support::*;
use serde_json::Value;
use std::io::{Cursor, Write};
use std::path::Path;

fn err_of(bytes: &[u8], name: &str) -> String {
    match decode_bytes(bytes, name) {
        Ok(d) => panic!("{name} decoded ({} bytes of text), expected an error", d.text.len()),
        Err(e) => e.to_string(),
    }
}

/// A .docx whose word/document.xml inflates to more than `MAX_PART_BYTES`, streamed into
/// the zip writer (never held). With `forge`, the sizes recorded in the zip headers are
/// rewritten to claim a small part, so only the streaming limit can catch it.
fn zip_bomb(forge: bool) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(false);
    w.start_file("word/document.xml", opts).expect("start");
    w.write_all(format!("<w:document {W_NS}><w:body><w:p><w:r><w:t>").as_bytes()).expect("write");
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..=(MAX_PART_BYTES >> 20) {
        w.write_all(&chunk).expect("write");
    }
    w.write_all(b"</w:t></w:r></w:p></w:body></w:document>").expect("write");
    let mut bytes = w.finish().expect("finish").into_inner();
    if forge {
        // Local header: uncompressed size at offset 22; central header: at offset 24.
        for (sig, off) in [(b"PK\x03\x04", 22usize), (b"PK\x01\x02", 24usize)] {
            let at = bytes.windows(4).position(|win| win == sig).expect("zip header");
            bytes[at + off..at + off + 4].copy_from_slice(&4096u32.to_le_bytes());
        }
    }
    bytes
}

#[test]
fn text_errors() {
    assert!(err_of(b"", "e.txt").contains("文件为空"));
    assert!(err_of(b" \n\r\n\t", "e.txt").contains("文件为空"));
    let binary: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    assert!(err_of(&binary, "b.txt").contains("二进制"));
    // 0xFF is invalid in UTF-8, GB18030 and Big5 alike.
    assert!(err_of(b"report \xFF\xFF text\n", "x.txt").contains("无法识别文本编码"));
    // A UTF-16 BOM followed by a lone surrogate.
    assert!(err_of(b"\xFF\xFE\x00\xD8a\x00", "x.txt").contains("无法识别文本编码"));
    assert!(err_of(b"\xEF\xBB\xBF\xFF\xFE\xFD", "x.txt").contains("无法识别文本编码"));
}

#[test]
fn truncated_documents_of_other_formats_are_per_file_errors() {
    // Content decides the reader: each of these is a broken file of its format, and each
    // gets an error of its own (never a panic, never an empty report).
    for (name, bytes) in [
        ("a.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".as_slice()),
        ("renamed.docx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
        ("a.wps", b"anything"),
        ("a.pdf", b"%PDF-1.4"),
        ("report.txt", b"{\\rtf1\\ansi"),
    ] {
        let e = err_of(bytes, name);
        assert!(!e.is_empty() && !e.contains("zip"), "{name}: {e}");
    }
}

#[test]
fn broken_docx_files() {
    let e = err_of("这不是压缩包，只是改了扩展名的文本。".as_bytes(), "r.docx");
    assert!(e.contains("不是有效的 .docx") && e.contains("zip"), "{e}");

    let good = docx_typed(REPORT);
    let e = err_of(&good[..good.len() / 2], "r.docx");
    assert!(e.contains("不是有效的 .docx"), "truncated: {e}");
    // Damage inside the compressed data with the directory intact.
    let mut damaged = good.clone();
    let at = damaged.windows(17).position(|w| w == b"word/document.xml").expect("entry") + 40;
    for b in &mut damaged[at..at + 64] {
        *b ^= 0x5A;
    }
    let e = err_of(&damaged, "r.docx");
    assert!(e.contains(".docx") || e.contains("XML"), "damaged: {e}");

    let no_body = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/styles.xml", b"<w:styles/>")]);
    assert!(err_of(&no_body, "r.docx").contains("缺少正文部件 word/document.xml"));

    let malformed = zip_of(&[("word/document.xml", b"<w:document><w:body><w:p><w:t>text</w:p></w:body>")]);
    let e = err_of(&malformed, "r.docx");
    assert!(e.contains("word/document.xml 格式错误") && e.contains("XML"), "{e}");

    let deep = format!("<w:document {W_NS}><w:body>{}</w:body></w:document>", "<w:p>".repeat(MAX_NESTING * 5));
    let e = err_of(&zip_of(&[("word/document.xml", deep.as_bytes())]), "r.docx");
    assert!(e.contains("嵌套超过"), "{e}");

    let empty =
        zip_of(&[("word/document.xml", format!("<w:document {W_NS}><w:body><w:p/></w:body></w:document>").as_bytes())]);
    assert!(err_of(&empty, "r.docx").contains("没有找到正文"));

    let bad_numbering = docx(&para("总体情况", ""), Some("<w:numbering><w:abstractNum"), None);
    assert!(err_of(&bad_numbering, "r.docx").contains("word/numbering.xml 格式错误"));
}

#[test]
fn zip_bombs_are_refused_without_inflating() {
    let e = err_of(&zip_bomb(false), "bomb.docx");
    assert!(e.contains("压缩炸弹") && e.contains("word/document.xml"), "declared: {e}");
    // With forged sizes the archive lies; the part is refused as soon as it inflates
    // past what it declared, never inflated whole.
    let e = err_of(&zip_bomb(true), "bomb.docx");
    assert!(e.contains("压缩炸弹"), "forged: {e}");
}

#[test]
fn html_errors() {
    assert!(err_of(b"<html><head><title>x</title><script>var a;</script></head><body></body></html>", "p.html")
        .contains("没有找到正文"));
    let deep = "<div>".repeat(MAX_NESTING * 5) + "一、正文";
    assert!(err_of(deep.as_bytes(), "p.html").contains("嵌套超过"));
    // Nesting that closes again, repeated: bounded by the depth, not just the length.
    let waves = ("<div>".repeat(600) + &"</div>".repeat(600)).repeat(3) + "一、正文";
    assert!(err_of(waves.as_bytes(), "p.html").contains("嵌套超过"));
    let huge = "<span>法</span>".repeat(5 * 1024 * 1024 / 16);
    assert!(err_of(huge.as_bytes(), "p.html").contains("网页文件过大"));
    let binary: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 11) as u8 & 0x1F).collect();
    assert!(err_of(&binary, "p.html").contains("二进制"));
    // Malformed but readable HTML is read the way a browser reads it.
    let doc = decode_bytes("<p>一、总体情况<div><b>加强<i>领导</b></i><p>二、存在的不足<td>表格".as_bytes(), "m.html")
        .expect("lenient html");
    // A stray <td> outside a table is dropped by the parser, as browsers do.
    assert_eq!(doc.text, "一、总体情况\n加强领导\n二、存在的不足表格\n");
}

#[test]
fn read_path_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(matches!(read_path(&dir.path().join("missing.txt"), 1000), Err(InputError::NotFound)));
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "一".repeat(1000)).expect("write");
    let e = read_path(&big, 100).expect_err("too large");
    assert!(e.to_string().contains("文件过大") && e.to_string().contains("--max-bytes"), "{e}");
    assert!(read_path(dir.path(), 100).is_err());
}

/// Run `check --format json` and return (exit code, results by file name).
fn check_json(args: &[&str]) -> (i32, Vec<(String, Value)>) {
    let out = Command::cargo_bin("fazhi-lint")
        .expect("binary")
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("json: {e}\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    let list = v.as_array().cloned().unwrap_or_default();
    let named = list
        .into_iter()
        .map(|r| {
            let p = r["path"].as_str().unwrap_or_default();
            let name = Path::new(p).file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            (name, r)
        })
        .collect();
    (out.status.code().unwrap_or(-1), named)
}

#[cfg(unix)]
#[test]
fn a_directory_of_bad_files_beside_a_good_one() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let w = |name: &str, bytes: &[u8]| std::fs::write(d.join(name), bytes).expect("write");
    w("good.txt", REPORT.as_bytes());
    w("good.docx", &docx_auto_numbered(REPORT));
    w("empty.txt", b"");
    w("binary.txt", &(0..2048u32).map(|i| (i * 7919 % 256) as u8).collect::<Vec<_>>());
    w("encoding.txt", b"\xFF\xFE\x00\xD8a\x00");
    w("not-a-zip.docx", "纯文本".as_bytes());
    let good = docx_typed(REPORT);
    w("truncated.docx", &good[..good.len() / 3]);
    w("no-body.docx", &zip_of(&[("word/styles.xml", b"<w:styles/>")]));
    w("bomb.docx", &zip_bomb(true));
    w("deep.html", ("<div>".repeat(MAX_NESTING * 3) + "一、正文").as_bytes());
    w("deep.docx", &zip_of(&[("word/document.xml", "<a>".repeat(MAX_NESTING * 3).as_bytes())]));
    w("long-line.txt", format!("某县2023年度法治政府建设情况报告\n{}\n", "法".repeat(10 * 1024 * 1024 / 3)).as_bytes());
    w("headings.txt", format!("某县2023年度法治政府建设情况报告\n{}", "一、\n".repeat(10_000)).as_bytes());
    w("ignored.txt", b"\xFF\xFF");
    w(".gitignore", b"ignored.txt\n");
    w("picture.png", b"\x89PNG not a report");
    symlink(d, d.join("loop")).expect("symlink");
    w("locked.txt", REPORT.as_bytes());
    std::fs::set_permissions(d.join("locked.txt"), std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // Running as root reads the file anyway; then it is simply judged.
    let locked_readable = std::fs::read(d.join("locked.txt")).is_ok();

    let dir_arg = d.to_string_lossy().to_string();
    let missing = d.join("missing.txt").to_string_lossy().to_string();
    let (code, results) = check_json(&[&dir_arg, &missing]);
    assert_eq!(code, 2);
    let get = |name: &str| {
        results
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("{name} not reported: {results:?}"))
    };
    for good in ["good.txt", "good.docx", "long-line.txt", "headings.txt"] {
        let r = get(good);
        assert!(r.get("error").is_none() && r["elements"].is_object(), "{good} not judged: {r}");
    }
    assert_eq!(get("good.txt")["elements"], get("good.docx")["elements"]);
    let expect = [
        ("empty.txt", "文件为空"),
        ("binary.txt", "二进制"),
        ("encoding.txt", "无法识别文本编码"),
        ("not-a-zip.docx", "不是有效的 .docx"),
        ("truncated.docx", "不是有效的 .docx"),
        ("no-body.docx", "缺少正文部件"),
        ("deep.html", "嵌套超过"),
        ("deep.docx", "嵌套超过"),
        ("missing.txt", "文件不存在"),
        ("loop", "符号链接构成循环"),
    ];
    for (name, msg) in expect {
        let e = get(name)["error"].as_str().unwrap_or_default().to_string();
        assert!(e.contains(msg), "{name}: expected “{msg}”, got “{e}”");
    }
    let bomb = get("bomb.docx")["error"].as_str().unwrap_or_default().to_string();
    assert!(bomb.contains("压缩炸弹"), "bomb: {bomb}");
    let locked = get("locked.txt");
    if locked_readable {
        assert!(locked.get("error").is_none(), "{locked}");
    } else {
        assert!(locked["error"].as_str().unwrap_or_default().contains("没有读取权限"), "{locked}");
    }
    assert!(results.iter().all(|(n, _)| n != "ignored.txt" && n != "picture.png" && n != ".gitignore"), "{results:?}");

    // --no-ignore reads what .gitignore hides.
    let (_, results) = check_json(&["--no-ignore", &dir_arg]);
    assert!(results.iter().any(|(n, _)| n == "ignored.txt"));

    // The human format names every bad file with its message and still exits 2.
    let out = Command::cargo_bin("fazhi-lint")
        .expect("binary")
        .args(["check", "--color", "never", &dir_arg])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    for (name, msg) in expect.iter().filter(|(n, _)| *n != "missing.txt") {
        assert!(all.contains(name) && all.contains(msg), "human output lacks {name} / {msg}");
    }
    std::fs::set_permissions(d.join("locked.txt"), std::fs::Permissions::from_mode(0o644)).expect("chmod back");
}

#[test]
fn max_bytes_is_configurable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let small = dir.path().join("small.txt");
    let big = dir.path().join("big.txt");
    std::fs::write(&small, REPORT).expect("write");
    std::fs::write(&big, REPORT.repeat(10)).expect("write");
    let (code, results) = check_json(&[
        "--max-bytes",
        &(REPORT.len() + 10).to_string(),
        &small.to_string_lossy(),
        &big.to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(results[0].1.get("error").is_none());
    assert!(results[1].1["error"].as_str().unwrap_or_default().contains("文件过大"));
}

/// A numbering part whose list `7` renders `lvl_text` before every paragraph.
fn numbering_with(lvl_text: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W_NS}><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{lvl_text}"/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#
    )
}

fn numbered_paragraphs(n: usize) -> String {
    let p = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>加强执法队伍建设。</w:t></w:r></w:p>"#;
    p.repeat(n)
}

/// Issue 15 item 9: a few KB of .docx whose 1 MiB `lvlText` is used by 1,000 paragraphs
/// once rendered 1 GB of text; the markers are now bounded per label and in total.
#[test]
fn a_numbering_bomb_renders_bounded_markers() {
    let bomb = docx(&numbered_paragraphs(1000), Some(&numbering_with(&"%1".repeat(512 * 1024))), None);
    assert!(bomb.len() < 16 * 1024, "the bomb is {} bytes", bomb.len());
    let doc = decode_bytes(&bomb, "bomb.docx").expect("decodes");
    // 1,000 paragraphs of text, no marker from the giant template.
    assert_eq!(doc.text.matches("加强执法队伍建设。").count(), 1000);
    assert!(doc.text.len() < 64 * 1024, "{} bytes of text", doc.text.len());

    // Markers just under the per-label limit, on many paragraphs: the total is bounded.
    let long_label = format!("{}%1", "第".repeat(80));
    let many = docx(&numbered_paragraphs(6000), Some(&numbering_with(&long_label)), None);
    let doc = decode_bytes(&many, "many.docx").expect("decodes");
    assert_eq!(doc.text.matches("加强执法队伍建设。").count(), 6000);
    let body = 6000 * ("加强执法队伍建设。".len() + 1);
    assert!(doc.text.len() <= body + (1 << 20) + 64, "{} bytes of text", doc.text.len());
    assert!(doc.text.len() > body + (1 << 19), "markers were rendered up to the bound");
    // A normal marker still renders.
    let ok = docx(&numbered_paragraphs(2), Some(&numbering_with("%1.")), None);
    assert!(decode_bytes(&ok, "ok.docx").unwrap().text.contains("2.加强"));
}

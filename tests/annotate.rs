//! `fazhi-lint annotate`: Word comments on the report's own runs (.docx) or in a new
//! .docx (other formats), read back by the library, python-docx and LibreOffice.
//! The reports are short synthetic texts written for these tests.

mod input_support;

use assert_cmd::Command;
use fazhi_lint::input::{decode_bytes, Document};
use fazhi_lint::output::annotate::{annotate_docx, annotate_odt, new_docx, AnnotateOptions};
use fazhi_lint::rules::RuleSet;
use fazhi_lint::{check_document, Checked, Settings};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

const DATE: &str = "2026-12-01T20:00:00Z";

/// A synthetic report with findings of several kinds (missing parts, thin sections,
/// no data), one paragraph per line.
const REPORT: &str = "\
某县统计局2023年度法治政府建设情况报告
2023年，县统计局深入学习贯彻习近平法治思想，现将有关情况报告如下。
一、主要举措和成效
（一）健全制度。修订统计执法制度3项，开展合法性审查12件。
（二）强化普法宣传。组织统计法宣传月活动。
二、存在的不足
执法力量不足。
三、2024年工作打算
继续推进依法统计。
某县统计局
2024年1月20日
";

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Split a string at a character index.
fn split_chars(s: &str, at: usize) -> (&str, &str) {
    let b = s.char_indices().nth(at).map_or(s.len(), |(b, _)| b);
    s.split_at(b)
}

/// A Word package (content types, relationships, styles, numbering, an existing
/// comment) whose paragraphs exercise every kind of run container: runs split by
/// character, hyperlinks, smart tags, content controls, simple and complex fields,
/// tracked insertions and deletions, table cells, automatic numbering for the level-1
/// headings (their "一、" is generated, not in any run).
fn rich_docx(report: &str) -> Vec<u8> {
    rich_docx_with(report, false)
}

/// [`rich_docx`]; `text_box`: the seventh line sits in a text box (mc:AlternateContent
/// with a fallback copy) anchored in a paragraph of its own text.
fn rich_docx_with(report: &str, text_box: bool) -> Vec<u8> {
    let mut body = String::new();
    let mut in_table = false;
    for (i, line) in report.lines().enumerate() {
        let auto = line.starts_with(['一', '二', '三']) && line.contains('、') && line.chars().nth(1) == Some('、');
        let text = if auto { &line[line.find('、').map_or(0, |p| p + '、'.len_utf8())..] } else { line };
        let ppr =
            if auto { r#"<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>"# } else { "" };
        let n = text.chars().count();
        let (a, rest) = split_chars(text, n / 3);
        let (b, c) = split_chars(rest, (n - n / 3) / 2);
        let r = |t: &str| {
            format!(
                r#"<w:r w:rsidR="00A1"><w:rPr><w:rFonts w:hint="eastAsia"/><w:b/></w:rPr><w:t>{}</w:t></w:r>"#,
                esc(t)
            )
        };
        let inner = match i % 7 {
            0 => format!("{}{}{}", r(a), r(b), r(c)),
            1 => format!(r#"{}<w:hyperlink r:id="rIdLink" w:history="1">{}</w:hyperlink>{}"#, r(a), r(b), r(c)),
            2 => format!(r#"{}<w:smartTag w:uri="urn:x" w:element="place">{}</w:smartTag>{}"#, r(a), r(b), r(c)),
            3 => format!(
                r#"<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>{}{}</w:sdtContent></w:sdt>{}"#,
                r(a),
                r(b),
                r(c)
            ),
            4 => format!(
                r#"{}<w:fldSimple w:instr=" MERGEFIELD x ">{}</w:fldSimple><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
                r(a),
                r(b),
                r(c)
            ),
            5 => format!(
                r#"{}<w:del w:id="901" w:author="审核人" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>已删除的字</w:delText></w:r></w:del><w:ins w:id="902" w:author="审核人" w:date="2024-01-01T00:00:00Z">{}</w:ins>{}"#,
                r(a),
                r(b),
                r(c)
            ),
            _ => format!(r#"<w:r><w:t xml:space="preserve">{}</w:t><w:t>{}</w:t></w:r>{}"#, esc(a), esc(b), r(c)),
        };
        let p = if text_box && i == 6 {
            format!(
                r#"<w:p><w:r><w:t>（见文本框）</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent><w:p>{inner}</w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p>{inner}</w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#
            )
        } else {
            format!("<w:p>{ppr}{inner}</w:p>")
        };
        // Lines 4 and 5 sit in a one-column table.
        if i == 3 {
            body.push_str(r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="8000"/></w:tblGrid>"#);
            in_table = true;
        }
        if in_table {
            body.push_str(&format!(
                r#"<w:tr><w:tc><w:tcPr><w:tcW w:w="8000" w:type="dxa"/></w:tcPr>{p}</w:tc></w:tr>"#
            ));
        } else {
            body.push_str(&p);
        }
        if i == 4 {
            body.push_str("</w:tbl>");
            in_table = false;
        }
        if i == 1 {
            // An existing reviewer's comment on nothing (a point comment).
            body.push_str(r#"<w:p><w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#);
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#
    );
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {W}><w:comment w:id="0" w:author="审核人" w:initials="SH"><w:p><w:r><w:t>原有批注</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#;
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.invalid/" TargetMode="External"/></Relationships>"#;
    input_support::zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/comments.xml", comments.as_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
    ])
}

fn rules() -> RuleSet {
    RuleSet::embedded().expect("embedded rules")
}

fn checked(doc: &Document) -> Checked {
    check_document(doc, &rules(), &Settings::default())
}

fn entries(zip: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(Cursor::new(zip)).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut v = Vec::new();
        f.read_to_end(&mut v).expect("inflate");
        out.insert(f.name().unwrap().to_string(), v);
    }
    out
}

/// The text of the runs between each comment's range start and end, read from
/// document.xml independently of the writer (deleted text and field codes left out;
/// paragraphs joined by line breaks).
fn anchored_text(document: &[u8]) -> BTreeMap<u64, String> {
    let mut reader = quick_xml::Reader::from_reader(document);
    let mut open: Vec<u64> = Vec::new();
    let mut out: BTreeMap<u64, String> = BTreeMap::new();
    let mut in_t = false;
    loop {
        let ev = reader.read_event().expect("document.xml is XML");
        let id_of = |e: &quick_xml::events::BytesStart<'_>| -> u64 {
            e.attributes()
                .flatten()
                .find(|a| a.key.as_ref() == "w:id")
                .and_then(|a| a.value.parse().ok())
                .expect("w:id")
        };
        match ev {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            Event::End(e) if e.name().as_ref() == "w:p" => {
                for id in &open {
                    out.entry(*id).or_default().push('\n');
                }
            }
            Event::Empty(e) if e.name().as_ref() == "w:commentRangeStart" => {
                open.push(id_of(&e));
                out.entry(id_of(&e)).or_default();
            }
            Event::Empty(e) if e.name().as_ref() == "w:commentRangeEnd" => {
                let id = id_of(&e);
                open.retain(|&x| x != id);
            }
            Event::Text(t) if in_t => {
                for id in &open {
                    out.entry(*id).or_default().push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_t => {
                let c = match r.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    _ => "",
                };
                for id in &open {
                    out.entry(*id).or_default().push_str(c);
                }
            }
            _ => {}
        }
    }
    out
}

/// What a comment on a finding should be anchored on: its text, or for an empty span
/// the line it lies on (the next line with text when that one is empty).
fn expected_anchor(text: &str, span: fazhi_lint::span::Span) -> String {
    let t = text[span.start..span.end].trim_matches(['\n', '\r']);
    if !t.is_empty() {
        return t.to_string();
    }
    let ls = text[..span.start].rfind('\n').map_or(0, |p| p + 1);
    text[ls..].lines().find(|l| !l.trim().is_empty()).unwrap_or("").to_string()
}

/// Check an annotated .docx against its source: untouched entries byte for byte, the
/// same body text, one comment per finding anchored on its text, existing comments kept.
fn check_docx_roundtrip(original: &[u8], exact: bool) {
    let doc = decode_bytes(original, "r.docx").expect("decodes");
    check_docx_roundtrip_of(original, &doc, exact);
}

fn check_docx_roundtrip_of(original: &[u8], doc: &Document, exact: bool) {
    let read = decode_bytes(original, "r.docx").expect("decodes");
    let c = checked(doc);
    assert!(c.findings.len() >= 3, "the report has findings: {:?}", c.findings);
    let out = annotate_docx(original, doc, &c, &AnnotateOptions { date: DATE.into() }).expect("annotates");
    let (before, after) = (entries(original), entries(&out));
    let changed = ["word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"];
    for (name, bytes) in &before {
        if !changed.contains(&name.as_str()) {
            assert_eq!(after.get(name), Some(bytes), "{name} is copied unchanged");
        }
    }
    // The raw (compressed) bytes of untouched entries are the same too.
    let mut za = zip::ZipArchive::new(Cursor::new(original)).unwrap();
    let mut zb = zip::ZipArchive::new(Cursor::new(&out[..])).unwrap();
    for i in 0..za.len() {
        let a = za.by_index_raw(i).unwrap();
        let name = a.name().unwrap().to_string();
        if changed.contains(&name.as_str()) {
            continue;
        }
        let crc = a.crc32();
        drop(a);
        assert_eq!(zb.by_name(&name).unwrap().crc32(), crc, "{name}");
    }
    let back = decode_bytes(&out, "r.批注.docx").expect("the annotated copy decodes");
    assert_eq!(back.text, read.text, "body text read back equals the original's");
    let anchors = anchored_text(&after["word/document.xml"]);
    let comments = String::from_utf8(after["word/comments.xml"].clone()).unwrap();
    let existing =
        before.get("word/comments.xml").map_or(0, |c| String::from_utf8_lossy(c).matches("<w:comment ").count());
    assert_eq!(comments.matches("<w:comment ").count(), c.findings.len() + existing, "{comments}");
    assert_eq!(comments.matches("w:author=\"fazhi-lint\"").count(), c.findings.len());
    // The existing comment has id 0; ours follow it.
    let ours: Vec<(&u64, &String)> = anchors.iter().filter(|(id, _)| existing == 0 || **id > 0).collect();
    assert_eq!(ours.len(), c.findings.len(), "one range per finding: {anchors:?}");
    for ((id, got), f) in ours.iter().zip(&c.findings) {
        let want = expected_anchor(&doc.text, f.span);
        let got = got.trim_end_matches('\n');
        if exact {
            assert_eq!(got, want, "comment {id} on {} ({:?})", f.rule, f.span);
        } else {
            // Generated numbering ("一、") is in the decoded text but in no run.
            assert!(
                !got.is_empty() && want.ends_with(got.lines().last().unwrap_or("")),
                "comment {id} on {}: {got:?} vs {want:?}",
                f.rule
            );
        }
        assert!(comments.contains(&format!("w:id=\"{id}\"")), "comment {id} written");
    }
}

#[test]
fn docx_comments_sit_on_the_findings_runs() {
    check_docx_roundtrip(&rich_docx(REPORT), false);
}

#[test]
fn docx_text_boxes_are_mapped_like_the_reader_reads_them() {
    // The box's text has a finding of its own (the informal 习总书记).
    let original =
        rich_docx_with(&REPORT.replace("执法力量不足。", "执法力量不足，对习总书记重要讲话学习不深。"), true);
    let doc = decode_bytes(&original, "r.docx").unwrap();
    assert!(doc.text.contains("学习不深。\n（见文本框）"), "{}", doc.text);
    check_docx_roundtrip(&original, false);
    // The comment on the text box's line is in the box the reader read, not in the fallback copy.
    let out = annotate_docx(&original, &doc, &checked(&doc), &AnnotateOptions { date: DATE.into() }).unwrap();
    let xml = String::from_utf8(entries(&out)["word/document.xml"].clone()).unwrap();
    let part = |from: &str, to: &str| xml[xml.find(from).unwrap()..xml.find(to).unwrap()].to_string();
    assert!(part("<mc:Choice", "</mc:Choice>").contains("<w:commentRange"), "{xml}");
    assert!(!part("<mc:Fallback", "</mc:Fallback>").contains("<w:commentRange"));
}

#[test]
fn docx_with_typed_markers_is_anchored_exactly() {
    // Typed markers, tracked changes, field codes, an existing comment; no relationships
    // part and an empty content-types root (both get what is missing).
    check_docx_roundtrip(&input_support::docx_typed(REPORT), true);
}

#[test]
fn docx_with_automatic_numbering() {
    check_docx_roundtrip(&input_support::docx_auto_numbered(REPORT), false);
}

/// The document as a reader building it through `DocBuilder` gives it: one block per
/// paragraph, the rendered numbering of the `auto` levels (0-based) counted in `generated`.
fn with_blocks(doc: &Document, auto: &[u8]) -> Document {
    let mut b = fazhi_lint::input::DocBuilder::new();
    for line in doc.text.strip_suffix('\n').unwrap_or(&doc.text).split('\n') {
        let generated = match input_support::split_marker(line) {
            (Some(level), rest) if auto.contains(&level) => line.len() - rest.len(),
            _ => 0,
        };
        b.push(fazhi_lint::input::BlockKind::Paragraph, line, None, generated);
    }
    b.finish(doc.format, doc.encoding, doc.meta.clone())
}

#[test]
fn docx_mapping_uses_the_blocks_when_the_reader_gives_them() {
    for (original, auto) in
        [(input_support::docx_auto_numbered(REPORT), &[0u8, 1, 2, 3][..]), (rich_docx(REPORT), &[0u8][..])]
    {
        let doc = decode_bytes(&original, "r.docx").unwrap();
        let blocks = with_blocks(&doc, auto);
        assert!(blocks.blocks.iter().any(|b| b.generated > 0), "numbering is generated");
        check_docx_roundtrip_of(&original, &blocks, false);
    }
}

#[test]
fn splitting_a_run_keeps_its_properties_and_text() {
    let original = rich_docx(REPORT);
    let doc = decode_bytes(&original, "r.docx").unwrap();
    let c = checked(&doc);
    let out = annotate_docx(&original, &doc, &c, &AnnotateOptions { date: DATE.into() }).unwrap();
    let xml = String::from_utf8(entries(&out)["word/document.xml"].clone()).unwrap();
    let before = String::from_utf8(entries(&original)["word/document.xml"].clone()).unwrap();
    // Only insertions and run splits: without them the part is the original again.
    let strip = |s: &str| -> String {
        let s =
            regex::Regex::new(r#"<w:commentRange(Start|End) w:id="\d+"/>"#).unwrap().replace_all(s, "").into_owned();
        let s = regex::Regex::new(
            r#"<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="\d+"/></w:r>"#,
        )
        .unwrap()
        .replace_all(&s, "")
        .into_owned();
        s.replace(r#"</w:t></w:r><w:r w:rsidR="00A1"><w:rPr><w:rFonts w:hint="eastAsia"/><w:b/></w:rPr><w:t xml:space="preserve">"#, "")
            .replace(r#"</w:t></w:r><w:r><w:t xml:space="preserve">"#, "")
            .replace(r#"<w:r><w:commentReference w:id="0"/></w:r>"#, "")
            .replace(" xml:space=\"preserve\"", "")
    };
    assert!(xml.len() > before.len());
    assert!(xml.contains("</w:t></w:r><w:commentRange"), "some span starts or ends inside a run");
    assert_eq!(strip(&xml), strip(&before));
}

#[test]
fn new_docx_for_text_has_styles_and_comments() {
    let doc = decode_bytes(REPORT.as_bytes(), "r.txt").unwrap();
    let c = checked(&doc);
    let out = new_docx(&doc, &c, &AnnotateOptions { date: DATE.into() });
    let e = entries(&out);
    let xml = String::from_utf8(e["word/document.xml"].clone()).unwrap();
    assert!(
        xml.contains(r#"<w:pStyle w:val="Title"/></w:pPr><w:r><w:t xml:space="preserve">某县统计局2023年度"#),
        "{xml}"
    );
    assert_eq!(xml.matches(r#"<w:pStyle w:val="Heading1"/>"#).count(), 3);
    // （一）健全制度。修订……: the heading runs into its paragraph, which stays body text.
    assert_eq!(xml.matches(r#"<w:pStyle w:val="Heading2"/>"#).count(), 0);
    let styles = String::from_utf8(e["word/styles.xml"].clone()).unwrap();
    for id in ["Title", "Heading1", "Heading2", "Heading3", "Heading4"] {
        assert!(styles.contains(&format!("w:styleId=\"{id}\"")), "{id}");
    }
    let back = decode_bytes(&out, "r.docx").unwrap();
    assert_eq!(back.text.trim_end(), doc.text.trim_end(), "one paragraph per line");
    let anchors = anchored_text(&e["word/document.xml"]);
    assert_eq!(anchors.len(), c.findings.len());
    for ((id, got), f) in anchors.iter().zip(&c.findings) {
        assert_eq!(got.trim_end_matches('\n'), expected_anchor(&doc.text, f.span), "comment {id} on {}", f.rule);
    }
}

#[test]
fn comments_xml_snapshot() {
    let doc = decode_bytes(REPORT.as_bytes(), "r.txt").unwrap();
    let c = checked(&doc);
    let out = new_docx(&doc, &c, &AnnotateOptions { date: DATE.into() });
    let xml = String::from_utf8(entries(&out)["word/comments.xml"].clone()).unwrap();
    insta::assert_snapshot!("comments_xml", xml.replace("<w:comment ", "\n<w:comment ").replace("<w:p>", "\n  <w:p>"));
}

// ---------------------------------------------------------------------------------
// The command line and real clients.

fn bin() -> Command {
    Command::cargo_bin("fazhi-lint").unwrap()
}

fn tool(name: &str) -> bool {
    std::process::Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Write the two inputs and annotate them; returns the folder.
fn annotated_inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("报告.txt"), REPORT).unwrap();
    std::fs::write(dir.path().join("rich.docx"), rich_docx(REPORT)).unwrap();
    let out = bin().arg("annotate").arg(dir.path()).arg("--no-config").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "findings at error level: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().filter(|l| l.starts_with("已写入 ")).count(), 2, "{stdout}");
    assert!(dir.path().join("报告.批注.docx").is_file());
    assert!(dir.path().join("rich.批注.docx").is_file());
    dir
}

fn json_findings(path: &Path) -> Vec<serde_json::Value> {
    let out = bin().args(["check", "--format", "json", "--no-config"]).arg(path).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("check json");
    v[0]["diagnostics"].as_array().cloned().unwrap_or_default()
}

/// The finding's text from the JSON's 1-based line/column (characters, end exclusive).
fn span_text(text: &str, d: &serde_json::Value) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let (l, c, el, ec) = (
        d["line"].as_u64().unwrap() as usize,
        d["column"].as_u64().unwrap() as usize,
        d["end_line"].as_u64().unwrap() as usize,
        d["end_column"].as_u64().unwrap() as usize,
    );
    let offset = |line: usize, col: usize| -> usize {
        let start: usize = lines[..line - 1].iter().map(|x| x.len() + 1).sum();
        start + lines[line - 1].char_indices().nth(col - 1).map_or(lines[line - 1].len(), |(b, _)| b)
    };
    let (s, e) = (offset(l, c), offset(el, ec));
    expected_anchor(text, fazhi_lint::span::Span::new(s, e.max(s)))
}

const PY: &str = r#"
import json, sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
comments = [{"id": c.comment_id, "author": c.author, "initials": c.initials, "text": c.text} for c in d.comments]
anchors, open_ = {}, []
from lxml import etree
for ev, el in etree.iterwalk(d.element.body, events=("start", "end")):
    if ev == "start" and el.tag == qn("w:commentRangeStart"):
        i = int(el.get(qn("w:id"))); open_.append(i); anchors[i] = ""
    elif ev == "start" and el.tag == qn("w:commentRangeEnd"):
        i = int(el.get(qn("w:id")))
        if i in open_: open_.remove(i)
    elif ev == "end" and el.tag == qn("w:t"):
        for i in open_: anchors[i] += el.text or ""
    elif ev == "end" and el.tag == qn("w:p"):
        for i in open_: anchors[i] += "\n"
print(json.dumps({"comments": comments, "anchors": {str(k): v for k, v in anchors.items()}}, ensure_ascii=False))
"#;

#[test]
fn python_docx_finds_one_comment_per_finding_on_its_text() {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import docx, sys; sys.exit(0 if hasattr(docx.Document(), 'comments') else 1)"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("note: python-docx ≥ 1.2 not installed; skipping the python-docx check");
        return;
    }
    let dir = annotated_inputs();
    for (input, out, exact) in [("报告.txt", "报告.批注.docx", true), ("rich.docx", "rich.批注.docx", false)] {
        let src = dir.path().join(input);
        let findings = json_findings(&src);
        assert!(!findings.is_empty());
        let text = fazhi_lint::input::read_path(&src, 1 << 20).unwrap().text;
        let py = std::process::Command::new("python3").args(["-c", PY]).arg(dir.path().join(out)).output().unwrap();
        assert!(py.status.success(), "{}", String::from_utf8_lossy(&py.stderr));
        let v: serde_json::Value = serde_json::from_slice(&py.stdout).unwrap();
        let ours: Vec<&serde_json::Value> =
            v["comments"].as_array().unwrap().iter().filter(|c| c["author"] == "fazhi-lint").collect();
        assert_eq!(ours.len(), findings.len(), "{input}: one comment per finding");
        for (c, f) in ours.iter().zip(&findings) {
            assert_eq!(c["initials"], "FZ");
            let body = c["text"].as_str().unwrap();
            let sev = match f["severity"].as_str().unwrap() {
                "error" => "错误",
                "warning" => "警告",
                _ => "提示",
            };
            assert!(body.starts_with(&format!("【{sev}】{}", f["message"].as_str().unwrap())), "{body}");
            assert!(body.contains(&format!("规则：{}", f["rule"].as_str().unwrap())), "{body}");
            let got = v["anchors"][c["id"].to_string()].as_str().unwrap_or_default().trim_end_matches('\n').to_string();
            let want = span_text(&text, f);
            if exact {
                assert_eq!(got, want, "{input}: {}", f["rule"]);
            } else {
                assert!(
                    !got.is_empty() && want.ends_with(got.lines().last().unwrap_or("")),
                    "{input}: {}: {got:?} vs {want:?}",
                    f["rule"]
                );
            }
        }
        if input.ends_with(".docx") {
            assert!(
                v["comments"].as_array().unwrap().iter().any(|c| c["text"] == "原有批注"),
                "the existing comment is kept"
            );
        }
    }
}

#[test]
fn libreoffice_keeps_every_comment() {
    if !tool("soffice") {
        eprintln!("note: LibreOffice (soffice) not installed; skipping the LibreOffice check");
        return;
    }
    let dir = annotated_inputs();
    let profile = dir.path().join("lo-profile");
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "odt", "--outdir"])
        .arg(dir.path().join("odt"))
        .arg(dir.path().join("报告.批注.docx"))
        .arg(dir.path().join("rich.批注.docx"))
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    for (input, odt, extra) in [("报告.txt", "报告.批注.odt", 0), ("rich.docx", "rich.批注.odt", 1)] {
        let findings = json_findings(&dir.path().join(input));
        let bytes = std::fs::read(dir.path().join("odt").join(odt)).expect("converted");
        let content = String::from_utf8(entries(&bytes)["content.xml"].clone()).unwrap();
        assert_eq!(
            content.matches("<office:annotation ").count() + content.matches("<office:annotation>").count(),
            findings.len() + extra,
            "{odt}"
        );
    }
}

#[test]
fn cli_output_dir_exit_codes_and_no_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("r.txt");
    std::fs::write(&src, REPORT).unwrap();
    let out_dir = dir.path().join("批注");
    let out = bin()
        .arg("annotate")
        .arg(&src)
        .arg("--output-dir")
        .arg(&out_dir)
        .args(["--no-config", "--fail-level", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("r.批注.docx"));
    let written = std::fs::read(out_dir.join("r.批注.docx")).unwrap();
    assert!(decode_bytes(&written, "r.docx").is_ok());
    // `--select` narrows the comments like `check`.
    let out = bin()
        .arg("annotate")
        .arg(&src)
        .arg("--output-dir")
        .arg(&out_dir)
        .args(["--no-config", "--select", "missing-lead-responsibility"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("（1 条批注）"), "{}", String::from_utf8_lossy(&out.stdout));
    // An input where the output would go is never overwritten.
    let clash = dir.path().join("r.批注.docx");
    std::fs::write(&clash, rich_docx(REPORT)).unwrap();
    let before = std::fs::read(&clash).unwrap();
    let out = bin().arg("annotate").arg(&src).arg(&clash).arg("--no-config").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("拒绝覆盖"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&clash).unwrap(), before);
    // An unreadable input is a per-file error with exit code 2.
    let out = bin().arg("annotate").arg(dir.path().join("无此文件.txt")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("文件不存在"));
    // No temporary files are left behind.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty());
    let _ = std::io::stdout().flush();
}

#[test]
fn broken_or_hostile_docx_gives_an_error_not_a_panic() {
    let doc = decode_bytes(REPORT.as_bytes(), "r.txt").unwrap();
    let c = checked(&doc);
    let opts = AnnotateOptions { date: DATE.into() };
    let err = annotate_docx(b"PK\x03\x04 not really a zip", &doc, &c, &opts).unwrap_err();
    assert!(err.to_string().contains("zip"), "{err}");
    // Nesting deeper than the reader accepts.
    let deep = format!(
        "<w:p>{}{}</w:p>",
        "<w:sdt>".repeat(fazhi_lint::input::MAX_NESTING + 10),
        "</w:sdt>".repeat(fazhi_lint::input::MAX_NESTING + 10)
    );
    let err = annotate_docx(&input_support::docx(&deep, None, None), &doc, &c, &opts).unwrap_err();
    assert!(err.to_string().contains("嵌套"), "{err}");
    // Broken XML in the body.
    let err = annotate_docx(&input_support::docx("<w:p><w:r><w:t>文字</w:r></w:p>", None, None), &doc, &c, &opts)
        .unwrap_err();
    assert!(err.to_string().contains("word/document.xml"), "{err}");
    // A document that does not match the checked text (wrong file passed) still gives a
    // well-formed copy with every comment, anchored as near as the runs allow.
    let other = input_support::docx_typed(input_support::REPORT);
    let out = annotate_docx(&other, &doc, &c, &opts).unwrap();
    let e = entries(&out);
    assert_eq!(anchored_text(&e["word/document.xml"]).keys().filter(|id| **id > 0).count(), c.findings.len());
}

// ---------------------------------------------------------------------------------
// Office use: permissions, no stacking, the hint of a missing part, Word copies of PDFs.

/// The paragraphs of a document.xml: (style id, text).
fn paragraphs(document: &[u8]) -> Vec<(Option<String>, String)> {
    let mut r = quick_xml::Reader::from_reader(document);
    let (mut out, mut buf) = (Vec::new(), Vec::new());
    let (mut style, mut text, mut in_t) = (None, String::new(), false);
    loop {
        match r.read_event_into(&mut buf).unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "p" => {
                    style = None;
                    text.clear();
                }
                "pStyle" => {
                    style = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "val")
                        .map(|a| a.value.to_string())
                }
                "t" => in_t = true,
                _ => {}
            },
            Event::Text(t) if in_t => text.push_str(&t.xml10_content()),
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "p" => out.push((style.take(), std::mem::take(&mut text))),
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    out
}

/// A Word copy of a PDF styles the real headings only: a heading that runs into its
/// paragraph ("（一）完善制度体系。修订……") or a paragraph set in bold is body text, so
/// the copy is not bold and kept-with-next throughout.
#[test]
fn a_word_copy_of_a_pdf_styles_only_real_headings() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("annotate")
        .arg("tests/fixtures/pdf/run-in-headings.pdf")
        .arg("--output-dir")
        .arg(dir.path())
        .args(["--no-config", "--fail-level", "never"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(dir.path().join("run-in-headings.批注.docx")).unwrap();
    let paras = paragraphs(&entries(&bytes)["word/document.xml"]);
    let styled: Vec<(&str, &str)> = paras.iter().filter_map(|(s, t)| s.as_deref().map(|s| (s, t.as_str()))).collect();
    let headings: Vec<&str> = styled.iter().filter(|(s, _)| s.starts_with("Heading")).map(|(_, t)| *t).collect();
    assert_eq!(headings.len(), 4, "{styled:?}");
    for h in &headings {
        assert!(h.chars().count() <= 40 && !h.contains('。'), "a paragraph styled as a heading: {h}");
    }
    assert_eq!(styled.iter().filter(|(s, _)| *s == "Title").count(), 1, "{styled:?}");
    // The run-in headings are there, as body text.
    let run_in: Vec<&(Option<String>, String)> = paras.iter().filter(|(_, t)| t.starts_with("（一）")).collect();
    assert!(!run_in.is_empty() && run_in.iter().all(|(s, t)| s.is_none() && t.chars().count() > 80), "{run_in:?}");
}

/// Annotated copies are new files like any other: 0666 less the umask, not 0600.
#[cfg(unix)]
#[test]
fn annotated_copies_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("报告.txt"), REPORT).unwrap();
    let exe = assert_cmd::cargo::cargo_bin("fazhi-lint");
    for (mask, want) in [("022", 0o644), ("002", 0o664)] {
        let outdir = dir.path().join(format!("out{mask}"));
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {mask}; exec \"$0\" annotate \"$1\" --output-dir \"$2\" --no-config --fail-level never"
            ))
            .arg(&exe)
            .arg(dir.path().join("报告.txt"))
            .arg(&outdir)
            .status()
            .unwrap();
        assert!(status.success());
        let mode = std::fs::metadata(outdir.join("报告.批注.docx")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, want, "umask {mask}");
        // The audit's copies too.
        let adir = dir.path().join(format!("audit{mask}"));
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {mask}; exec \"$0\" audit \"$1\" --annotate \"$2\" --no-config >/dev/null"))
            .arg(&exe)
            .arg(dir.path().join("报告.txt"))
            .arg(&adir)
            .status()
            .unwrap();
        assert!(status.success());
        let copy = walk_files(&adir).into_iter().find(|p| p.to_string_lossy().ends_with("报告.批注.docx")).unwrap();
        assert_eq!(std::fs::metadata(copy).unwrap().permissions().mode() & 0o777, want, "audit, umask {mask}");
    }
}

fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A copy is never annotated again (named or renamed: its comments give it away), and a
/// folder's copies are not checked again.
#[test]
fn annotated_copies_do_not_stack_and_are_not_checked_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("报告.txt"), REPORT).unwrap();
    let run = |args: &[&std::ffi::OsStr]| bin().args(args).arg("--no-config").output().unwrap();
    let annotate = std::ffi::OsStr::new("annotate");
    run(&[annotate, dir.path().as_os_str()]);
    let copy = dir.path().join("报告.批注.docx");
    assert!(copy.is_file());
    // The folder again: the copy is not annotated.
    run(&[annotate, dir.path().as_os_str()]);
    // The copy by name, and the copy renamed.
    let out = run(&[annotate, copy.as_os_str()]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("已跳过")
            && String::from_utf8_lossy(&out.stderr).contains("批注版")
    );
    let renamed = dir.path().join("改过名的.docx");
    std::fs::copy(&copy, &renamed).unwrap();
    let out = run(&[annotate, renamed.as_os_str()]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("已有 fazhi-lint 的批注"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(&renamed).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["报告.txt", "报告.批注.docx"]);
    // `check .` reads the report once.
    let out = bin().args(["check", "--format", "concise", "--no-config"]).arg(dir.path()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("批注.docx") && text.contains("报告.txt"), "{text}");
    assert!(text.contains("共检查 1 个文件"), "{text}");
}

/// The comment for a missing part says where the part belongs, as the terminal does.
#[test]
fn a_missing_part_comment_says_where_it_belongs() {
    let doc = decode_bytes(REPORT.as_bytes(), "r.txt").unwrap();
    let c = checked(&doc);
    let missing =
        c.findings.iter().find(|f| f.rule == "missing-lead-responsibility").expect("the lead part is missing");
    assert!(!missing.label.is_empty());
    let out = new_docx(&doc, &c, &AnnotateOptions { date: DATE.into() });
    let xml = String::from_utf8(entries(&out)["word/comments.xml"].clone()).unwrap();
    assert!(xml.contains(&missing.label), "{}: {xml}", missing.label);
}

// ---------------------------------------------------------------------------------
// .odt: comments in place (`office:annotation`), not a new .docx.

const ODF_NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/""#;

/// An .odt of `report`, one paragraph per line, whose text exercises what the writer
/// must place a comment in: spans, entities, `text:s` and `text:tab`, headings with
/// their number rendered by the writer (`text:number`, in no piece of text).
fn odt_of(report: &str) -> Vec<u8> {
    let mut body = String::new();
    for (i, line) in report.lines().enumerate() {
        let n = line.chars().count();
        let (a, rest) = split_chars(line, n / 3);
        let (b, c) = split_chars(rest, (n - n / 3) / 2);
        let numbered = line.chars().nth(1) == Some('、') && line.starts_with(['一', '二', '三']);
        body.push_str(&match i % 4 {
            _ if numbered => {
                let (num, rest) = split_chars(line, 2);
                format!(
                    r#"<text:h text:outline-level="1"><text:number>{num}</text:number>{}<text:span text:style-name="T1">{}</text:span></text:h>"#,
                    esc(split_chars(rest, 1).0),
                    esc(split_chars(rest, 1).1)
                )
            }
            0 => format!(r#"<text:p>{}<text:span text:style-name="T1">{}</text:span>{}</text:p>"#, esc(a), esc(b), esc(c)),
            1 => {
                // The first character after the first third as a character reference.
                let (x, y) = split_chars(rest, 1);
                let code = x.chars().next().map_or(0x3002, u32::from);
                format!("<text:p>{}&#x{code:x};{}</text:p>", esc(a), esc(y))
            }
            2 => format!(r#"<text:p><text:span>{}</text:span><text:span>{}{}</text:span></text:p>"#, esc(a), esc(b), esc(c)),
            _ => format!("<text:p>{}</text:p>", esc(line)),
        });
    }
    // A paragraph with white space elements and an entity, and an existing comment.
    body.push_str(r#"<text:p>附<text:s text:c="2"/>件<text:tab/>A&amp;B<office:annotation><dc:creator>审核人</dc:creator><text:p>原有批注</text:p></office:annotation></text:p>"#);
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS} office:version="1.3"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.text").unwrap();
    for (name, data) in [
        ("content.xml", content),
        ("styles.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODF_NS}/>"#)),
        (
            "META-INF/manifest.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_string(),
        ),
    ] {
        w.start_file(name, deflated).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The body text between each of our annotations and its `office:annotation-end`, read
/// from content.xml independently of the writer (annotations' own text left out,
/// paragraphs joined by line breaks); and the number of annotations by fazhi-lint.
fn odt_anchors(content: &[u8]) -> (BTreeMap<String, String>, usize) {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut open: Vec<String> = Vec::new();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let (mut in_note, mut in_number, mut in_creator, mut ours) = (0usize, false, false, 0usize);
    let name_of = |e: &quick_xml::events::BytesStart<'_>| {
        e.attributes().flatten().find(|a| a.key.as_ref() == "office:name").map(|a| a.value.to_string())
    };
    let push = |open: &[String], out: &mut BTreeMap<String, String>, s: &str| {
        for n in open {
            out.entry(n.clone()).or_default().push_str(s);
        }
    };
    loop {
        let ev = reader.read_event().expect("content.xml is XML");
        match ev {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "office:annotation" => {
                in_note += 1;
                if let Some(n) = name_of(&e) {
                    open.push(n.clone());
                    out.entry(n).or_default();
                }
            }
            Event::End(e) if e.name().as_ref() == "office:annotation" => in_note -= 1,
            Event::Start(e) if e.name().as_ref() == "dc:creator" => in_creator = true,
            Event::End(e) if e.name().as_ref() == "dc:creator" => in_creator = false,
            Event::Text(t) if in_creator => ours += usize::from(t.xml10_content() == "fazhi-lint"),
            _ if in_note > 0 => {}
            Event::Empty(e) if e.name().as_ref() == "office:annotation-end" => {
                let n = name_of(&e).expect("office:name");
                assert!(out.contains_key(&n), "an end without its start: {n}");
                open.retain(|x| *x != n);
            }
            Event::Start(e) if e.name().as_ref() == "text:number" => in_number = true,
            Event::End(e) if e.name().as_ref() == "text:number" => in_number = false,
            Event::End(e) if matches!(e.name().as_ref(), "text:p" | "text:h") => push(&open, &mut out, "\n"),
            Event::Empty(e) if e.name().as_ref() == "text:s" => push(&open, &mut out, "  "),
            Event::Empty(e) if e.name().as_ref() == "text:tab" => push(&open, &mut out, "\t"),
            Event::Text(t) if !in_number => push(&open, &mut out, &t.xml10_content()),
            Event::GeneralRef(r) if !in_number && r.as_ref() == "amp" => push(&open, &mut out, "&"),
            _ => {}
        }
    }
    assert!(open.is_empty(), "ranges left open: {open:?}");
    (out, ours)
}

/// Check an annotated .odt against its source: every entry but content.xml copied raw
/// (mimetype first and stored), the same text read back, one `office:annotation` per
/// finding, each range on the finding's text.
fn check_odt_roundtrip(original: &[u8], exact: bool) -> Vec<u8> {
    let doc = decode_bytes(original, "r.odt").expect("decodes");
    assert_eq!(doc.format, fazhi_lint::input::Format::Odt);
    let c = checked(&doc);
    assert!(!c.findings.is_empty(), "the report has findings");
    let out = annotate_odt(original, &doc, &c, &AnnotateOptions { date: DATE.into() }).expect("annotates");
    let back = decode_bytes(&out, "r.批注.odt").expect("the annotated copy decodes");
    assert_eq!(back.format, fazhi_lint::input::Format::Odt);
    assert_eq!(back.text, doc.text, "the text read back is the original's");
    let mut za = zip::ZipArchive::new(Cursor::new(original)).unwrap();
    let mut zb = zip::ZipArchive::new(Cursor::new(&out[..])).unwrap();
    assert_eq!(za.len(), zb.len());
    for i in 0..za.len() {
        let a = za.by_index_raw(i).unwrap();
        let b = zb.by_index_raw(i).unwrap();
        let name = a.name().unwrap().to_string();
        assert_eq!(name, b.name().unwrap(), "entries keep their order");
        if name != "content.xml" {
            assert_eq!(
                (a.crc32(), a.compression(), a.compressed_size()),
                (b.crc32(), b.compression(), b.compressed_size())
            );
        }
    }
    let first = zb.by_index_raw(0).unwrap();
    assert_eq!((first.name().unwrap().as_ref(), first.compression()), ("mimetype", zip::CompressionMethod::Stored));
    drop(first);
    let content = entries(&out)["content.xml"].clone();
    let before = entries(original)["content.xml"].clone();
    let existing = String::from_utf8_lossy(&before).matches("<office:annotation").count();
    let xml = String::from_utf8(content.clone()).unwrap();
    assert_eq!(
        xml.matches("<office:annotation ").count() + xml.matches("<office:annotation>").count(),
        c.findings.len() + existing,
        "one office:annotation per finding"
    );
    let (anchors, ours) = odt_anchors(&content);
    assert_eq!(ours, c.findings.len());
    for (i, f) in c.findings.iter().enumerate() {
        let want = expected_anchor(&doc.text, f.span);
        let got = anchors.get(&format!("__Annotation__fazhi-lint_{}", i + 1)).expect("a range per finding");
        let got = got.trim_end_matches('\n');
        if exact {
            assert_eq!(got, want, "comment {i} on {} ({:?})", f.rule, f.span);
        } else {
            // Rendered numbering ("一、") is in the decoded text but in no piece of it.
            assert!(
                !got.is_empty() && want.ends_with(got.lines().last().unwrap_or("")),
                "{}: {got:?} vs {want:?}",
                f.rule
            );
        }
    }
    out
}

#[test]
fn odt_is_annotated_in_place() {
    // Written by LibreOffice (typed markers; heading styles and outline numbering).
    for name in ["typed.odt", "styled.odt"] {
        let original = std::fs::read(Path::new("tests/fixtures/forms").join(name)).unwrap();
        check_odt_roundtrip(&original, name == "typed.odt");
    }
    // Spans, entities, white-space elements, rendered numbers, an existing comment.
    let out = check_odt_roundtrip(&odt_of(REPORT), false);
    let xml = String::from_utf8(entries(&out)["content.xml"].clone()).unwrap();
    assert!(xml.contains("<dc:creator>审核人</dc:creator>"), "the existing comment is kept");
    assert!(xml.contains(&format!("<dc:date>{}</dc:date>", DATE.trim_end_matches('Z'))));
    // A document built without the reader's provenance is mapped through a fresh read.
    let original = odt_of(REPORT);
    let doc = decode_bytes(&original, "r.odt").unwrap();
    let plain = Document::plain(doc.text.clone(), doc.format, doc.encoding);
    let c = checked(&doc);
    let a = annotate_odt(&original, &doc, &c, &AnnotateOptions { date: DATE.into() }).unwrap();
    let b = annotate_odt(&original, &plain, &c, &AnnotateOptions { date: DATE.into() }).unwrap();
    assert_eq!(entries(&a)["content.xml"], entries(&b)["content.xml"]);
}

#[test]
fn cli_annotates_an_odt_as_an_odt_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("报告.odt"), odt_of(REPORT)).unwrap();
    let out = bin().arg("annotate").arg(dir.path()).arg("--no-config").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("报告.批注.odt"), "{}", String::from_utf8_lossy(&out.stdout));
    let copy = dir.path().join("报告.批注.odt");
    let bytes = std::fs::read(&copy).unwrap();
    assert!(decode_bytes(&bytes, "x.odt").is_ok());
    // The folder again: the copy is left out; renamed, its comments give it away.
    let out = bin().arg("annotate").arg(dir.path()).arg("--no-config").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).matches("已写入").count(), 1);
    let renamed = dir.path().join("改名.odt");
    std::fs::copy(&copy, &renamed).unwrap();
    let out = bin().arg("annotate").arg(&renamed).arg("--no-config").output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("已有 fazhi-lint 的批注"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // LibreOffice opens the copy and keeps every comment.
    if tool("soffice") {
        let profile = dir.path().join("lo-profile");
        let conv = std::process::Command::new("soffice")
            .arg(format!("-env:UserInstallation=file://{}", profile.display()))
            .args(["--headless", "--convert-to", "docx", "--outdir"])
            .arg(dir.path().join("lo"))
            .arg(&copy)
            .output()
            .unwrap();
        assert!(conv.status.success(), "{}", String::from_utf8_lossy(&conv.stderr));
        let docx = std::fs::read(dir.path().join("lo").join("报告.批注.docx")).expect("converted");
        let comments = String::from_utf8(entries(&docx)["word/comments.xml"].clone()).unwrap();
        let findings = json_findings(&dir.path().join("报告.odt"));
        assert_eq!(comments.matches("<w:comment ").count(), findings.len() + 1, "{comments}");
    }
}

#[test]
fn broken_or_hostile_odt_gives_an_error_not_a_panic() {
    let doc = decode_bytes(REPORT.as_bytes(), "r.txt").unwrap();
    let c = checked(&doc);
    let opts = AnnotateOptions { date: DATE.into() };
    let err = annotate_odt(b"PK\x03\x04 not really a zip", &doc, &c, &opts).unwrap_err();
    assert!(err.to_string().contains("zip"), "{err}");
    // A document that does not match the file (wrong file passed) still gets every comment.
    let original = odt_of(REPORT);
    let other = decode_bytes(input_support::REPORT.as_bytes(), "o.txt").unwrap();
    let oc = checked(&other);
    let out = annotate_odt(&original, &other, &oc, &opts).unwrap();
    let (_, ours) = odt_anchors(&entries(&out)["content.xml"]);
    assert_eq!(ours, oc.findings.len());
    // Damaged copies: an error or a copy, never a panic.
    let mut seed = 0x2545_f491_u32;
    for end in (0..original.len()).step_by(211) {
        let _ = annotate_odt(&original[..end], &doc, &c, &opts);
    }
    for _ in 0..64 {
        let mut damaged = original.clone();
        for _ in 0..6 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let at = seed as usize % damaged.len();
            damaged[at] ^= (seed >> 24) as u8 | 1;
        }
        let _ = annotate_odt(&damaged, &doc, &c, &opts);
    }
}

//! The same synthetic report in every supported input form — UTF-8, CRLF, GB18030,
//! UTF-16LE and Markdown text, .docx with typed markers and with Word automatic numbering,
//! UTF-8 and GBK web pages with navigation and scripts around the article — must give
//! the same required-part elements and the same outline as the plain UTF-8 text.

mod input_support;

use fazhi_lint::input::{decode_bytes, Format};
use fazhi_lint::output::outline;
use fazhi_lint::{check_text, Checked, RuleSet, Settings};
use input_support::*;
use serde_json::{json, Value};

/// Elements with spans turned into 1-based line numbers (byte offsets differ between
/// CRLF and LF text; lines do not).
fn elements_view(c: &Checked) -> Value {
    let line = |off: usize| c.report.line_of(off) + 1;
    let map: serde_json::Map<String, Value> = c
        .elements
        .map
        .iter()
        .map(|(k, e)| {
            (
                k.clone(),
                json!({
                    "present": e.present,
                    "standalone": e.standalone,
                    "heading": e.heading,
                    "line": e.span.map(|s| line(s.start)),
                    "sections": e.sections.iter().map(|s| line(s.start)).collect::<Vec<_>>(),
                }),
            )
        })
        .collect();
    Value::Object(map)
}

struct Seen {
    elements: Value,
    outline: Value,
    tree: String,
    findings: Vec<String>,
}

fn judge(bytes: &[u8], name: &str) -> (Seen, Format, &'static str) {
    let rules = RuleSet::embedded().expect("embedded rules");
    let doc = decode_bytes(bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let checked = check_text(&doc.text, &rules, &Settings::default());
    let seen = Seen {
        elements: elements_view(&checked),
        outline: outline::json_value("report", &checked.report, &doc.text),
        tree: outline::tree("report", &checked.report, &doc.text),
        findings: checked.findings.iter().map(|f| f.rule.clone()).collect(),
    };
    (seen, doc.format, doc.encoding)
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

fn markdown(report: &str) -> String {
    report
        .lines()
        .enumerate()
        .map(|(i, l)| match (i, split_marker(l).0) {
            (0, _) => format!("# {l}\n"),
            (_, Some(0)) => format!("## {l}\n"),
            (_, Some(1)) => format!("### {l}\n"),
            _ => format!("{}\n", l.replacen("一是", "**一是**", 1)),
        })
        .collect()
}

#[test]
fn every_form_of_the_report_reads_the_same() {
    let (reference, fmt, enc) = judge(REPORT.as_bytes(), "report.txt");
    assert_eq!((fmt, enc), (Format::Text, "UTF-8"));
    // The reference itself must be a full reading, or the comparison proves little.
    for key in fazhi_lint::ELEMENT_KEYS {
        assert_eq!(
            reference.elements[key]["present"],
            json!(true),
            "{key} missing in the reference: {}",
            reference.tree
        );
    }
    assert_eq!(reference.outline["title"], json!("某区水务局2023年度法治政府建设情况报告"));
    assert_eq!(reference.outline["sections"].as_array().map(Vec::len), Some(4));

    let gbk_source = html_page(REPORT, "GBK");
    let (gbk_page, _, _) = encoding_rs::GBK.encode(&gbk_source);
    let variants: Vec<(&str, Vec<u8>, &str, Format, &str)> = vec![
        ("CRLF", REPORT.replace('\n', "\r\n").into_bytes(), "r.txt", Format::Text, "UTF-8"),
        ("CR", REPORT.replace('\n', "\r").into_bytes(), "r.txt", Format::Text, "UTF-8"),
        ("UTF-8 BOM", [b"\xEF\xBB\xBF".as_slice(), REPORT.as_bytes()].concat(), "r.txt", Format::Text, "UTF-8"),
        ("GB18030", encoding_rs::GB18030.encode(REPORT).0.into_owned(), "r.txt", Format::Text, "GB18030"),
        ("UTF-16LE", utf16le_bom(REPORT), "r.txt", Format::Text, "UTF-16LE"),
        ("Markdown", markdown(REPORT).into_bytes(), "r.md", Format::Markdown, "UTF-8"),
        ("docx typed", docx_typed(REPORT), "r.docx", Format::Docx, "UTF-8"),
        ("docx auto-numbered", docx_auto_numbered(REPORT), "r.docx", Format::Docx, "UTF-8"),
        ("HTML UTF-8", html_page(REPORT, "utf-8").into_bytes(), "r.html", Format::Html, "UTF-8"),
        ("HTML GBK", gbk_page.into_owned(), "r.htm", Format::Html, "GB18030"),
    ];
    for (label, bytes, name, want_fmt, want_enc) in variants {
        let (seen, fmt, enc) = judge(&bytes, name);
        assert_eq!((fmt, enc), (want_fmt, want_enc), "{label}: format/encoding");
        assert_eq!(seen.tree, reference.tree, "{label}: outline tree");
        assert_eq!(seen.outline, reference.outline, "{label}: outline JSON");
        assert_eq!(seen.elements, reference.elements, "{label}: elements");
        assert_eq!(seen.findings, reference.findings, "{label}: findings");
    }
}

#[test]
fn docx_text_is_the_body_only_with_tracked_changes_resolved() {
    let doc = decode_bytes(&docx_typed(REPORT), "r.docx").expect("docx");
    assert_eq!(doc.text, REPORT);
    for absent in ["不应出现", "已删除", "PAGE"] {
        assert!(!doc.text.contains(absent), "{absent} leaked into the text");
    }
}

#[test]
fn docx_auto_numbering_renders_typed_markers() {
    let doc = decode_bytes(&docx_auto_numbered(REPORT), "r.docx").expect("docx");
    assert_eq!(doc.text, REPORT);
}

/// A numbering definition with one level per (format, lvlText).
fn numbering(levels: &[(&str, &str)], overrides: &str) -> String {
    let lvls: String = levels
        .iter()
        .enumerate()
        .map(|(i, (fmt, text))| format!(r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>"#))
        .collect();
    format!(
        r#"<w:numbering {W_NS}><w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/>{overrides}</w:num></w:numbering>"#
    )
}

fn numbered(num: u8, ilvl: u8, text: &str) -> String {
    para(text, &format!(r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>"#))
}

#[test]
fn numbering_formats_counters_and_restarts() {
    let levels = [
        ("ideographTraditional", "%1、"),
        ("decimalEnclosedParen", "%2"),
        ("decimal", "%1.%2.%3"),
        ("bullet", "\u{F06C}"),
    ];
    let body = [
        numbered(1, 0, "甲项"),
        numbered(1, 1, "子项"),
        numbered(1, 1, "子项"),
        numbered(1, 2, "法条"),
        numbered(1, 0, "乙项"),
        numbered(1, 1, "子项重新计数"),
        numbered(1, 3, "圆点不显示"),
        // numId 0 switches numbering off.
        numbered(0, 0, "无编号"),
        // Another instance of the same list continues it …
        numbered(2, 0, "丙项"),
    ]
    .concat();
    let restart = r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>"#;
    let doc = decode_bytes(&docx(&body, Some(&numbering(&levels, "")), None), "n.docx").expect("docx");
    assert_eq!(
        doc.text,
        "甲、甲项\n⑴ 子项\n⑵ 子项\n甲.⑵.1 法条\n乙、乙项\n⑴ 子项重新计数\n圆点不显示\n无编号\n丙、丙项\n"
    );
    // … unless it overrides the start.
    let doc = decode_bytes(&docx(&body, Some(&numbering(&levels, restart)), None), "n.docx").expect("docx");
    assert!(doc.text.ends_with("无编号\n甲、丙项\n"), "{}", doc.text);
}

#[test]
fn docx_tables_text_boxes_and_deleted_paragraph_marks() {
    let body = format!(
        r#"{}<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>数值</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:pPr><w:rPr><w:del w:id="5" w:author="x"/></w:rPr></w:pPr><w:r><w:t>前半句</w:t></w:r></w:p><w:p><w:r><w:t>后半句。</w:t></w:r></w:p><w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文&amp;符号&#x3000;</w:t><w:tab/><w:t>制表</w:t><w:br/><w:t>换行</w:t></w:r></w:p>"#,
        para("表一", "")
    );
    let doc = decode_bytes(&docx(&body, None, None), "t.docx").expect("docx");
    assert_eq!(doc.text, "表一\n指标\n数值\n前半句后半句。\n文本框\n正文&符号\u{3000}\t制表\n换行\n");
}

#[test]
fn html_article_is_found_between_furniture() {
    let doc = decode_bytes(html_page(REPORT, "utf-8").as_bytes(), "p.html").expect("html");
    assert_eq!(doc.text, REPORT);
}

#[test]
fn html_charset_sources() {
    let page = html_page(REPORT, "gb2312");
    // BOM beats everything.
    let bom = [b"\xEF\xBB\xBF".as_slice(), page.as_bytes()].concat();
    assert_eq!(decode_bytes(&bom, "p.html").map(|d| d.encoding).ok(), Some("UTF-8"));
    // <meta charset> (HTML5 form) on a GBK page.
    let html5 = page
        .replace(r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#, r#"<meta charset="gbk">"#);
    let (gbk, _, _) = encoding_rs::GBK.encode(&html5);
    let doc = decode_bytes(&gbk, "p.htm").expect("gbk page");
    assert_eq!((doc.encoding, doc.text.as_str()), ("GB18030", REPORT));
    // No declaration at all: chardetng recognises GBK.
    let bare = page.replace(r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#, "");
    let (gbk, _, _) = encoding_rs::GBK.encode(&bare);
    let doc = decode_bytes(&gbk, "p.htm").expect("undeclared gbk page");
    assert_eq!((doc.encoding, doc.text.as_str()), ("GB18030", REPORT));
}

#[test]
fn content_beats_a_wrong_extension() {
    // A .docx saved as .doc is read; a PDF renamed .txt gets the PDF advice.
    let doc = decode_bytes(&docx_typed(REPORT), "old-name.doc").expect("docx bytes under .doc");
    assert_eq!(doc.format, Format::Docx);
    let err = decode_bytes(b"%PDF-1.7\n...", "report.txt").expect_err("pdf");
    assert!(err.to_string().contains("PDF"), "{err}");
}

/// A web page whose headings are `<h2>` and `<h3>` elements without typed markers (the
/// title `<h1>`) is judged like the report's text with its markers: the same parts, as
/// standalone parts, under the same level-1 and level-2 headings. The levels come from
/// the elements: the same page with the headings as paragraphs loses the level 2.
#[test]
fn html_heading_elements_give_the_levels() {
    let rules = RuleSet::embedded().expect("embedded rules");
    let mut lines = REPORT.lines();
    let title = lines.next().unwrap_or_default();
    let mut body = format!("<h1>{title}</h1>\n");
    for l in lines {
        match split_marker(l) {
            (Some(0), rest) => body.push_str(&format!("<h2>{}</h2>\n", xml_escape(rest))),
            // （一）完善制度体系。修订… → <h3>完善制度体系</h3><p>修订…</p>
            (Some(1), rest) => {
                let (head, text) = rest.split_once('。').unwrap_or((rest, ""));
                body.push_str(&format!("<h3>{}</h3>\n<p>{}</p>\n", xml_escape(head), xml_escape(text)));
            }
            _ => body.push_str(&format!("<p>{}</p>\n", xml_escape(l))),
        }
    }
    let page = format!("<html><body><div class=\"content\">{body}</div></body></html>");
    let doc = decode_bytes(page.as_bytes(), "r.html").expect("html");
    let got = fazhi_lint::check_document(&doc, &rules, &Settings::default());
    let want = check_text(REPORT, &rules, &Settings::default());
    // Each level-1 heading with its level-2 headings, markers and run-in text cut off.
    let tree = |c: &Checked, text: &str| -> Vec<(String, Vec<String>)> {
        let name = |s: &fazhi_lint::parse::Section| {
            let h = split_marker(s.heading.slice(text)).1;
            h.split('。').next().unwrap_or(h).to_string()
        };
        c.report.level1().map(|s| (name(s), s.children.iter().map(name).collect())).collect()
    };
    assert_eq!(want.report.level1().count(), 4);
    assert_eq!(tree(&got, &doc.text), tree(&want, REPORT), "{}", outline::tree("r", &got.report, &doc.text));
    for key in fazhi_lint::ELEMENT_KEYS {
        let (g, w) = (got.elements.map.get(key), want.elements.map.get(key));
        assert_eq!(g.map(|e| (e.present, e.standalone)), w.map(|e| (e.present, e.standalone)), "{key}");
    }
    let flat = decode_bytes(page.replace("h2>", "p>").replace("h3>", "p>").as_bytes(), "r.html").expect("html");
    let flat_checked = fazhi_lint::check_document(&flat, &rules, &Settings::default());
    assert_ne!(tree(&flat_checked, &flat.text), tree(&want, REPORT));
}

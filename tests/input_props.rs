//! Property tests: parsing and checking never panic, and every span the parser and the
//! rules produce (title, sections, markers, headings, paragraphs, items, findings) lies
//! inside the decoded text on character boundaries — for report-like text built from
//! heading markers, separators and line ends, for arbitrary strings, and for arbitrary
//! bytes decoded as each input format.

mod input_support;

use fazhi_lint::input::decode_bytes;
use fazhi_lint::span::Span;
use fazhi_lint::{check_text, Checked, RuleSet, Settings};
use proptest::prelude::*;
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("embedded rules"))
}

fn span_ok(text: &str, s: Span) -> Result<(), TestCaseError> {
    prop_assert!(s.start <= s.end && s.end <= text.len(), "span {:?} outside a text of {} bytes", s, text.len());
    prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "span {:?} not on char boundaries", s);
    Ok(())
}

fn all_spans_ok(text: &str, c: &Checked) -> Result<(), TestCaseError> {
    let r = &c.report;
    if let Some(t) = &r.title {
        span_ok(text, t.span)?;
        for l in &t.lines {
            span_ok(text, *l)?;
        }
    }
    if let Some(s) = &r.sign_off {
        span_ok(text, s.span)?;
    }
    span_ok(text, r.body)?;
    for s in r.all_sections() {
        span_ok(text, s.span)?;
        span_ok(text, s.heading)?;
        span_ok(text, s.marker.span)?;
    }
    for p in r.paragraphs() {
        span_ok(text, p.span)?;
        for i in &p.items {
            span_ok(text, *i)?;
        }
    }
    for e in c.elements.map.values() {
        if let Some(s) = e.span {
            span_ok(text, s)?;
        }
        for s in &e.sections {
            span_ok(text, *s)?;
        }
    }
    for f in &c.findings {
        span_ok(text, f.span)?;
        if let Some(fix) = &f.fix {
            span_ok(text, fix.span)?;
        }
    }
    Ok(())
}

/// Pieces report text is made of, including the awkward ones: every marker form, odd
/// white space, line ends of all kinds, BOMs, combining marks, astral characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("一、".to_string()),
        Just("十二、".to_string()),
        Just("（一）".to_string()),
        Just("(二)".to_string()),
        Just("（ 三 ）".to_string()),
        Just("1.".to_string()),
        Just("２．".to_string()),
        Just("3、".to_string()),
        Just("（1）".to_string()),
        Just("(4)".to_string()),
        Just("一是".to_string()),
        Just("二是".to_string()),
        Just("存在的不足和原因".to_string()),
        Just("第一责任人职责".to_string()),
        Just("2024年工作打算".to_string()),
        Just("2023年度法治政府建设情况报告".to_string()),
        Just("习近平法治思想".to_string()),
        Just("[bookmark: _GoBack]".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{3000}\u{3000}".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\u{A0}\t ".to_string()),
        Just("e\u{301}".to_string()),
        Just("𠀀😀".to_string()),
        Just("。；：".to_string()),
        "[\\u{4e00}-\\u{4e20}]{1,8}",
        "[0-9０-９.．、（）()]{1,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn report_like_text_never_panics_and_spans_fit(pieces in prop::collection::vec(piece(), 0..80)) {
        let text: String = pieces.concat();
        let c = check_text(&text, rules(), &Settings::default());
        all_spans_ok(&text, &c)?;
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let c = check_text(&text, rules(), &Settings::default());
        all_spans_ok(&text, &c)?;
    }

    #[test]
    fn arbitrary_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..2048), pick in 0usize..5) {
        let name = ["a.txt", "a.md", "a.html", "a.docx", "a.doc"][pick];
        if let Ok(doc) = decode_bytes(&bytes, name) {
            let c = check_text(&doc.text, rules(), &Settings::default());
            all_spans_ok(&doc.text, &c)?;
        }
    }

    #[test]
    fn markdown_blanking_keeps_offsets(pieces in prop::collection::vec(prop_oneof![
        piece(),
        Just("# ".to_string()), Just("## ".to_string()), Just("**".to_string()), Just("_".to_string()),
        Just("`".to_string()), Just("```".to_string()), Just("> ".to_string()), Just("- ".to_string()),
        Just("[链接](http://x)".to_string()), Just("---".to_string()),
    ], 1..60)) {
        let text: String = pieces.concat();
        if let Ok(doc) = decode_bytes(text.as_bytes(), "a.md") {
            // Blanking replaces marks by spaces: same length, same line breaks.
            let src = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
            prop_assert_eq!(doc.text.len(), src.len());
            let breaks = |s: &str| s.match_indices(['\n', '\r']).map(|(i, _)| i).collect::<Vec<_>>();
            prop_assert_eq!(breaks(&doc.text), breaks(src));
            let c = check_text(&doc.text, rules(), &Settings::default());
            all_spans_ok(&doc.text, &c)?;
        }
    }

    #[test]
    fn generated_docx_never_panics(paras in prop::collection::vec((piece(), 0u8..12, 0u8..4), 0..30)) {
        let body: String = paras
            .iter()
            .map(|(t, num, ilvl)| {
                let ppr = if *num > 0 { format!(r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>"#) } else { String::new() };
                input_support::para(t, &ppr)
            })
            .collect();
        let fmts = ["chineseCounting", "decimal", "ideographTraditional", "decimalEnclosedParen", "bullet", "none", "upperRoman", "unknownFormat"];
        let lvls: String = (0..4).map(|i| format!(r#"<w:lvl w:ilvl="{i}"><w:start w:val="{}"/><w:numFmt w:val="{}"/><w:lvlText w:val="%{}、%9"/><w:lvlRestart w:val="{}"/></w:lvl>"#, i as i64 - 1, fmts[i * 2 % fmts.len()], i + 1, i % 2)).collect();
        let numbering = format!(r#"<w:numbering {}><w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="9"/></w:num></w:numbering>"#, input_support::W_NS);
        let bytes = input_support::docx(&body, Some(&numbering), None);
        if let Ok(doc) = decode_bytes(&bytes, "g.docx") {
            let c = check_text(&doc.text, rules(), &Settings::default());
            all_spans_ok(&doc.text, &c)?;
        }
    }
}

//! Fuzz target: any bytes, read as each supported format, decoded and checked with the
//! embedded rules. Decoding may fail (that is an error value); nothing may panic, hang
//! or leave a span outside the text or off a character boundary.
#![no_main]

use fazhi_lint::input::decode_bytes;
use fazhi_lint::span::Span;
use fazhi_lint::{check_document, RuleSet, Settings};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static RULES: OnceLock<RuleSet> = OnceLock::new();

/// The first byte picks the file name the bytes are decoded under: one per input format
/// (the content sniffing in `decode_bytes` may still pick another reader).
const NAMES: [&str; 10] =
    ["report.txt", "report.docx", "report.html", "report.md", "report.doc", "report.wps", "report.pdf", "report.ofd", "report.odt", "report.rtf"];

fn assert_span(text: &str, s: Span) {
    assert!(s.start <= s.end && s.end <= text.len(), "span {s:?} outside text of {} bytes", text.len());
    assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "span {s:?} not on char boundaries");
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let Ok(doc) = decode_bytes(bytes, name) else { return };
    let rules = RULES.get_or_init(|| RuleSet::embedded().expect("embedded rules load"));
    let checked = check_document(&doc, rules, &Settings::default());
    for b in &doc.blocks {
        assert_span(&doc.text, b.span);
    }
    let text = doc.text.as_str();
    if let Some(t) = &checked.report.title {
        assert_span(text, t.span);
    }
    for s in checked.report.all_sections() {
        assert_span(text, s.span);
        assert_span(text, s.heading);
        assert_span(text, s.marker.span);
    }
    for p in checked.report.paragraphs() {
        assert_span(text, p.span);
        for i in &p.items {
            assert_span(text, *i);
        }
    }
    for f in &checked.findings {
        assert_span(text, f.span);
    }
});

//! A new .docx from decoded text: one paragraph per line, the report's title in the
//! Title style and its sections in Heading 1–4, A4 pages with GB/T 9704 margins, and
//! the comments.

use super::{comment_xml, range_end, range_start, xml_escape, Comment, COMMENTS_REL, COMMENTS_TYPE, W_NS};
use crate::check::Checked;
use crate::input::{BlockKind, Document};
use std::io::{Cursor, Write};

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

/// Longest line given a heading style (characters): a longer one is a paragraph.
const MAX_HEADING_CHARS: usize = 80;

/// The style of each line: `None` for body text. Only real headings get a Heading style
/// (bold or 黑体, kept with the next paragraph): a heading line the parser found that
/// holds nothing but the heading (a run-in heading "（一）完善制度。修订……" is a paragraph),
/// and what a structured format declares itself (Word, ODF and RTF heading styles; not
/// the size guesses of a PDF or OFD page, whose long lines are paragraphs).
fn line_styles(doc: &Document, checked: &Checked, lines: &[(usize, usize)]) -> Vec<Option<&'static str>> {
    let text = doc.text.as_str();
    let mut styles: Vec<Option<&'static str>> = vec![None; lines.len()];
    let short = |i: usize| {
        lines.get(i).is_some_and(|&(s, e)| {
            let t = text[s..e].trim();
            t.chars().count() <= MAX_HEADING_CHARS && !t.ends_with(['。', '；', ';'])
        })
    };
    // What the document itself says (a structured input), then what the parser found.
    if doc.blocks.len() == lines.len() && !doc.format.is_paged() {
        for (i, b) in doc.blocks.iter().enumerate() {
            styles[i] = match b.kind {
                BlockKind::Title if short(i) => Some("Title"),
                BlockKind::Heading(l @ 1..=4) if short(i) => Some(heading(l)),
                _ => None,
            };
        }
    }
    let report = &checked.report;
    if let Some(t) = &report.title {
        for s in &t.lines {
            let i = report.line_of(s.start);
            if short(i) {
                if let Some(x) = styles.get_mut(i) {
                    *x = Some("Title");
                }
            }
        }
    }
    for s in report.all_sections() {
        let alone = lines.get(s.line).is_some_and(|&(_, e)| {
            let end = s.heading.end.min(e);
            !s.run_in && text[end..e].trim_matches(|c: char| c.is_whitespace() || "。：:".contains(c)).is_empty()
        });
        if alone && short(s.line) {
            if let Some(x) = styles.get_mut(s.line) {
                *x = Some(heading(s.level));
            }
        }
    }
    styles
}

fn heading(level: u8) -> &'static str {
    match level {
        0 | 1 => "Heading1",
        2 => "Heading2",
        3 => "Heading3",
        _ => "Heading4",
    }
}

pub(super) fn build(doc: &Document, checked: &Checked, comments: &[Comment], date: &str) -> Vec<u8> {
    let text = doc.text.as_str();
    // Lines and their byte ranges (a final line break ends the last line, not a new one).
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    if start < text.len() || lines.is_empty() {
        lines.push((start, text.len()));
    }
    let styles = line_styles(doc, checked, &lines);
    // Marks: (offset, rank, markup), ends before starts at one offset.
    let mut marks: Vec<(usize, u8, String)> = Vec::new();
    for (i, c) in comments.iter().enumerate() {
        let id = i as u64;
        marks.push((c.anchor.start, 1, range_start(id, false)));
        marks.push((c.anchor.end, if c.anchor.is_empty() { 2 } else { 0 }, range_end(id, false)));
    }
    marks.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));

    let mut body = String::with_capacity(text.len() * 2);
    let mut m = 0usize;
    for (li, &(ls, le)) in lines.iter().enumerate() {
        body.push_str("<w:p>");
        if let Some(s) = styles[li] {
            body.push_str(&format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>"));
        }
        let mut at = ls;
        let last = li + 1 == lines.len();
        loop {
            // Marks inside this line (an end at the line's end belongs here; a start there
            // to the next line, unless this is the last line).
            let next = marks.get(m).filter(|(o, rank, _)| *o < le || (*o == le && (*rank != 1 || last)) || *o < ls);
            let stop = next.map_or(le, |(o, _, _)| (*o).clamp(at, le));
            let stop = crate::span::floor_char_boundary(text, stop).max(at);
            if stop > at {
                run(&mut body, &text[at..stop]);
                at = stop;
            }
            match next {
                Some((_, _, markup)) => {
                    body.push_str(markup);
                    m += 1;
                }
                None => break,
            }
        }
        if at < le {
            run(&mut body, &text[at..le]);
        }
        body.push_str("</w:p>");
    }
    // Marks past the end (none in practice): close the ranges in a last paragraph.
    if m < marks.len() {
        body.push_str("<w:p>");
        for (_, _, markup) in &marks[m..] {
            body.push_str(markup);
        }
        body.push_str("</w:p>");
    }
    let document = format!(
        "{HEAD}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let mut cx = String::new();
    for (i, c) in comments.iter().enumerate() {
        comment_xml(&mut cx, i as u64, c, date, false);
    }
    let comments_xml = format!("{HEAD}<w:comments xmlns:w=\"{W_NS}\">{cx}</w:comments>");
    let types = format!(
        "{HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/comments.xml\" ContentType=\"{COMMENTS_TYPE}\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>"
    );
    let root_rels = format!(
        "{HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>"
    );
    let doc_rels = format!(
        "{HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"{COMMENTS_REL}\" Target=\"comments.xml\"/></Relationships>"
    );
    let title = checked.report.title.as_ref().map(|t| xml_escape(&t.text)).unwrap_or_default();
    let core = format!(
        "{HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{title}</dc:title><cp:lastModifiedBy>{a}</cp:lastModifiedBy><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{d}</dcterms:modified></cp:coreProperties>",
        a = super::AUTHOR,
        d = xml_escape(date)
    );
    let parts: [(&str, &str); 7] = [
        ("[Content_Types].xml", &types),
        ("_rels/.rels", &root_rels),
        ("docProps/core.xml", &core),
        ("word/document.xml", &document),
        ("word/styles.xml", STYLES),
        ("word/comments.xml", &comments_xml),
        ("word/_rels/document.xml.rels", &doc_rels),
    ];
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        // Writing into memory fails only on allocation failure; a part left out would
        // still be a readable package, so the error is not propagated.
        if out.start_file(name, opts).is_ok() {
            let _ = out.write_all(content.as_bytes());
        }
    }
    out.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// One run of text; tabs become `w:tab`.
fn run(body: &mut String, s: &str) {
    body.push_str("<w:r>");
    for (i, piece) in s.split('\t').enumerate() {
        if i > 0 {
            body.push_str("<w:tab/>");
        }
        if !piece.is_empty() {
            body.push_str("<w:t xml:space=\"preserve\">");
            body.push_str(&xml_escape(piece.trim_end_matches('\r')));
            body.push_str("</w:t>");
        }
    }
    body.push_str("</w:r>");
}

/// Styles: 仿宋 body text, 方正小标宋 title, 黑体 / 楷体 / 仿宋 headings (the GB/T 9704
/// conventions), with common fallbacks named for the Latin range.
const STYLES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n",
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"仿宋_GB2312\" w:cs=\"Times New Roman\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>",
    "<w:pPrDefault><w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/></w:pPr></w:pPrDefault></w:docDefaults>",
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/></w:pPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:spacing w:line=\"700\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"9\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"方正小标宋简体\"/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"黑体\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"楷体_GB2312\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading4\"><w:name w:val=\"heading 4\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"3\"/></w:pPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"CommentText\"><w:name w:val=\"annotation text\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>",
    "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>",
    "<w:style w:type=\"character\" w:styleId=\"CommentReference\"><w:name w:val=\"annotation reference\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:rPr><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr></w:style>",
    "</w:styles>"
);

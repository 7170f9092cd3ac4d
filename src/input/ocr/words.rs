//! What the recogniser read, as the layout reconstruction needs it: Tesseract's text
//! lines and words (with boxes in points and confidences) become positioned glyphs of
//! [`layout::Page`]s, the same input the PDF and OFD readers give, so a scan gets its
//! title, headings and paragraphs by the same rules.
//!
//! On the way, what the recogniser is known to get wrong in a report is put right from
//! the document's own evidence: specks and seal fragments (lines without a character or
//! digit) are dropped; ASCII punctuation next to Chinese text becomes the full-width
//! mark it stands for; a typed marker garbled at a line start (`—、` `一,` `(二)` `三)`)
//! becomes the marker; a level-1 marker read as something else (`至。`) is restored when
//! the level-1 numbering around it leaves exactly that number out; and words the rule
//! set looks for (the part vocabulary of `rules/parts.yaml`, passed in by the caller)
//! are restored where the text differs from one by a character or two that the
//! recogniser itself was unsure of, and a short word of running text where one character
//! is plainly misread: written nowhere else in the document and making no word with its
//! neighbours (see [`super::repair`]).
//!
//! Sizes: a line's font size is the height of its text measured on the page (Chinese
//! characters' ink fills most of the em), and sizes within a tenth of the most common
//! one are that one. Bold: a line whose strokes (measured on the page image when
//! it was read) are well wider than those of the page's running text is heavier type
//! (黑体 headings), as a PDF's bold font would say.

use super::super::layout::{self, is_cjk, Page};
use super::repair;
use serde::{Deserialize, Serialize};

/// One recognised page. Boxes are in points (1/72 inch) from the top-left corner.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub(crate) struct OcrPage {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub lines: Vec<OcrLine>,
}

/// A text line as the recogniser segmented it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub(crate) struct OcrLine {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// Height of the text itself (points): the inked rows of the box.
    pub text_h: f32,
    /// Mean stroke width of the line's ink (points).
    pub stroke: f32,
    pub words: Vec<OcrWord>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub(crate) struct OcrWord {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// The recogniser's confidence, 0–100.
    pub conf: f32,
    pub text: String,
}

impl OcrPage {
    /// Mean word confidence, weighted by characters (None: nothing read).
    pub fn confidence(&self) -> Option<f32> {
        let (mut sum, mut n) = (0f64, 0usize);
        for w in self.lines.iter().flat_map(|l| &l.words) {
            let c = w.text.chars().filter(|c| !c.is_whitespace()).count();
            sum += f64::from(w.conf.clamp(0.0, 100.0)) * c as f64;
            n += c;
        }
        (n > 0).then(|| (sum / n as f64) as f32)
    }
}

/// A CJK glyph's ink height as a share of its em.
const CJK_INK: f32 = 0.85;
/// A short line read with less mean confidence is not text.
const ILLEGIBLE_CONF: f32 = 40.0;
/// A line read with less mean confidence gives no layout hints (size, weight).
const UNSURE_CONF: f32 = 60.0;
/// A line of less than this share of running text's height is no text.
const FLAT: f32 = 0.4;
/// A line of one or two characters this many times as tall as running text is no text.
const TALL: f32 = 1.8;
/// A line of a few characters all read with less confidence is a guess at a speck.
const GUESS_CONF: f32 = 30.0;
/// A line whose strokes are this much wider than running text's is bold.
const BOLD_RATIO: f32 = 1.3;

/// One character of a line with where it is drawn and how sure the recogniser was.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ch {
    pub c: char,
    pub x: f32,
    pub w: f32,
    pub conf: f32,
}

/// A line on its way to glyphs.
struct Work {
    page: usize,
    chars: Vec<Ch>,
    y: f32,
    size: f32,
    stroke: f32,
    bold: bool,
    /// Mean confidence of the line's characters.
    conf: f32,
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// A recognised word that is a speck, a rule or a seal fragment: without a character or
/// digit and read with less than middling confidence, or a bar; or a character far flatter than the line's text
/// (`line_h`: the height of the line's characters) and unsure. (Confidence alone says
/// little: Tesseract gives 0 to some words it read right.)
fn is_noise(w: &OcrWord, line_h: f32) -> bool {
    let meaningful = w.text.chars().any(|c| is_ideograph(c) || c.is_alphanumeric());
    (!meaningful && (w.conf < 50.0 || w.text.chars().all(|c| matches!(c, '|' | '丨' | '/' | '\\' | '_' | '~'))))
        || (meaningful && w.conf < 60.0 && w.h < line_h * 0.35)
}

/// The characters of a line, each placed within its word's box (a CJK character takes
/// one share of the width, anything else half a share). `size`: the line's font size.
/// Gaps narrower than an em and a bit beside Chinese text are the inside of full-width
/// marks and spacing, not spaces: each character's advance reaches the next one.
fn chars_of(line: &OcrLine, line_h: f32, size: f32) -> Vec<Ch> {
    let mut out: Vec<Ch> = Vec::new();
    for w in line.words.iter().filter(|w| !is_noise(w, line_h)) {
        let cs: Vec<char> =
            w.text.chars().filter(|c| !c.is_whitespace() && !c.is_control() && *c != '\u{FFFD}').collect();
        let share = |c: char| if is_cjk(c) { 1.0 } else { 0.5 };
        let total: f32 = cs.iter().map(|&c| share(c)).sum();
        if total <= 0.0 {
            continue;
        }
        let mut x = w.x;
        for &c in &cs {
            let cw = w.w * share(c) / total;
            out.push(Ch { c, x, w: cw, conf: w.conf });
            x += cw;
        }
    }
    for i in 1..out.len() {
        let (a, b) = (out[i - 1], out[i]);
        let gap = b.x - (a.x + a.w);
        if gap > 0.0 && gap < size * 1.2 && (is_cjk(a.c) || is_cjk(b.c)) {
            out[i - 1].w += gap;
        }
    }
    out
}

/// A PDF's OCR layer keeps no confidences: its characters count as read with this one,
/// a middling reading's (the vocabulary repair then restores a word one character off in
/// a heading, as for a word our own OCR read unsurely; no line is dropped as illegible).
pub(crate) const LAYER_CONF: f32 = 80.0;

/// A PDF page's OCR layer (the invisible text another program's recogniser put over the
/// scan) as a reading: each line of its glyphs a line, each glyph a word with its own box
/// (in the page's top-down points), read with [`LAYER_CONF`]. Stroke widths are unknown,
/// so no line is taken for bold.
pub(crate) fn from_layer(page: &Page) -> OcrPage {
    let lines = layout::layer_lines(page)
        .into_iter()
        .filter_map(|glyphs| {
            let mut sizes: Vec<f32> = glyphs.iter().map(|g| g.size).collect();
            sizes.sort_by(f32::total_cmp);
            let size = *sizes.get(sizes.len() / 2)?;
            let h = size * CJK_INK;
            let base = glyphs.iter().map(|g| g.y).fold(f32::NEG_INFINITY, f32::max);
            let mut words: Vec<OcrWord> = glyphs
                .iter()
                .filter(|g| !g.c.is_whitespace())
                .map(|g| OcrWord { x: g.x, y: base - h, w: g.advance(), h, conf: LAYER_CONF, text: g.c.to_string() })
                .collect();
            // Overlapping word boxes, read whole in their order: a character starting left
            // of the one before it moves right of that one's middle, so the order holds
            // when the line is laid out again.
            for k in 1..words.len() {
                let after = words[k - 1].x + words[k - 1].w * 0.5;
                if words[k].x < after {
                    words[k].x = after;
                }
            }
            let (first, last) = (words.first()?, words.last()?);
            let (x, w) = (first.x, last.x + last.w - first.x);
            Some(OcrLine { x, y: base - h, w, h, text_h: h, stroke: 0.0, words })
        })
        .collect();
    OcrPage { number: page.number, width: 0.0, height: page.height, lines }
}

/// Recognised pages → layout pages, with the repairs described in the module
/// documentation. `vocabulary`: the words the rule set looks for.
pub(crate) fn to_layout(pages: &[OcrPage], vocabulary: &[String]) -> Vec<Page> {
    let mut work: Vec<Work> = Vec::new();
    for (pi, page) in pages.iter().enumerate() {
        for line in &page.lines {
            // The height of the line's characters, as measured on the page (the
            // recogniser's word boxes are loose).
            let line_h = if line.text_h > 0.0 { line.text_h.min(line.h) } else { line.h };
            let size = line_h / CJK_INK;
            if !(size.is_finite() && size > 0.0) {
                continue;
            }
            let mut chars = chars_of(line, line_h, size);
            // Nothing legible, or a few characters all read without confidence (a page
            // number's dashes read as 人, a fragment of a seal).
            if !chars.iter().any(|c| is_ideograph(c.c) || c.c.is_alphanumeric())
                || (chars.len() <= 3 && chars.iter().all(|c| c.conf < GUESS_CONF))
            {
                continue;
            }
            // A rule or a row of dashes read as characters (一一一).
            if chars.iter().all(|c| matches!(c.c, '一' | '—' | '－' | '-' | '–' | '_' | 'ー' | '~' | '=')) {
                continue;
            }
            let conf = chars.iter().map(|c| c.conf).sum::<f32>() / chars.len() as f32;
            // Barely legible and short: a seal, a signature or a stamp read as characters.
            if conf < ILLEGIBLE_CONF && chars.len() <= 10 {
                continue;
            }
            repair::punctuation(&mut chars);
            work.push(Work { page: pi, chars, y: line.y + line.h, size, stroke: line.stroke, bold: false, conf });
        }
    }
    // One size for running text: sizes within a tenth of the most common size are that
    // size (readings of one type size vary by a few percent from line to line). Lines
    // far flatter than text (dashes around a page number read as characters, a rule)
    // are no text.
    let mut sized: Vec<(f32, usize)> = work.iter().map(|w| (w.size, w.chars.len())).collect();
    sized.sort_by(|a, b| a.0.total_cmp(&b.0));
    let body = sized
        .iter()
        .map(|&(s, _)| (s, sized.iter().filter(|(t, _)| (t - s).abs() <= s * 0.06).map(|(_, n)| n).sum::<usize>()))
        .max_by_key(|&(_, n)| n)
        .map(|(s, _)| s);
    if let Some(body) = body {
        // Nor is a character or two far taller than any text (a seal's or an emblem's
        // strokes read as characters).
        work.retain(|w| w.size >= body * FLAT && !(w.chars.len() <= 2 && w.size > body * TALL));
        for w in &mut work {
            // A line read with little confidence says nothing by its size (a seal over
            // it makes it tall).
            if (w.size - body).abs() <= body * 0.1 || w.conf < UNSURE_CONF {
                w.size = body;
            }
        }
    }
    // Running text's stroke width on each page (scans differ in darkness from page to
    // page): the median over the page's lines, weighted by their characters.
    for pi in 0..pages.len() {
        let mut strokes: Vec<(f32, usize)> =
            work.iter().filter(|w| w.page == pi).map(|w| (w.stroke, w.chars.len())).collect();
        strokes.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: usize = strokes.iter().map(|i| i.1).sum();
        let mut acc = 0;
        let body_stroke = strokes
            .iter()
            .find(|(_, n)| {
                acc += n;
                acc * 2 >= total
            })
            .map_or(0.0, |i| i.0);
        for w in work.iter_mut().filter(|w| w.page == pi) {
            w.bold = body_stroke > 0.0 && w.stroke > body_stroke * BOLD_RATIO && w.conf >= UNSURE_CONF;
        }
    }
    // The text's left edge: where long lines start (a low percentile, so indented first
    // lines do not count).
    let starts: Vec<f32> = work.iter().filter(|w| w.chars.len() >= 10).map(|w| w.chars[0].x).collect();
    let left = {
        let mut s = starts;
        s.sort_by(f32::total_cmp);
        s.get(s.len() / 10).copied()
    };
    // A line set as a heading (bold) or indented (a heading or a paragraph's first line,
    // not the continuation of a wrapped one) may have its marker repaired.
    let trusted: Vec<bool> = work
        .iter()
        .map(|w| w.bold || left.is_some_and(|l| w.chars.first().is_some_and(|c| c.x > l + w.size * 0.8)))
        .collect();
    // Markers first (the sequence repair needs them), then the vocabulary.
    for (w, &t) in work.iter_mut().zip(&trusted) {
        repair::marker(&mut w.chars, t);
    }
    let mut lines: Vec<(Vec<Ch>, bool)> = work.iter().zip(&trusted).map(|(w, &t)| (w.chars.clone(), t)).collect();
    repair::marker_sequence(&mut lines);
    repair::top_sequence(&mut lines);
    let mut vocab = repair::Vocabulary::new(vocabulary);
    vocab.count_in(lines.iter().map(|(c, _)| c.as_slice()));
    for (w, (chars, _)) in work.iter_mut().zip(lines) {
        w.chars = chars;
        let heading_like = w.bold || layout::starts_with_marker(&w.chars.iter().map(|c| c.c).collect::<String>());
        vocab.repair(&mut w.chars, heading_like);
    }
    // A word wrapped from one line onto the next (第一贡任 | 人职责) is repaired as one:
    // the end of each line and the start of the next, read together, each character
    // put back where it was.
    const SEAM: usize = 12;
    for i in 1..work.len() {
        if work[i].page != work[i - 1].page || work[i].y <= work[i - 1].y {
            continue;
        }
        let tail = work[i - 1].chars.len().saturating_sub(SEAM);
        let head = work[i].chars.len().min(SEAM);
        let mut seam: Vec<Ch> = work[i - 1].chars[tail..].iter().chain(&work[i].chars[..head]).copied().collect();
        let before: Vec<char> = seam.iter().map(|c| c.c).collect();
        vocab.repair(&mut seam, false);
        let split = work[i - 1].chars.len() - tail;
        // Only a repair that changed characters in place can be put back on two lines.
        if seam.len() == before.len() && seam.iter().zip(&before).any(|(a, &b)| a.c != b) {
            for (k, ch) in seam.iter().enumerate() {
                if k < split {
                    work[i - 1].chars[tail + k].c = ch.c;
                } else {
                    work[i].chars[k - split].c = ch.c;
                }
            }
        }
    }
    let mut out: Vec<Page> = pages.iter().map(|p| Page::new(p.number, p.height)).collect();
    for w in work {
        let page = &mut out[w.page];
        // Each character is a word with a box of its own (placed once repaired).
        let mut buf = [0u8; 4];
        for ch in w.chars {
            page.push_word(ch.c.encode_utf8(&mut buf), ch.x, ch.x + ch.w, w.y, w.size, w.bold);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x: f32, text: &str, conf: f32) -> OcrWord {
        let w = text.chars().map(|c| if is_cjk(c) { 16.0 } else { 8.0 }).sum();
        OcrWord { x, y: 100.0, w, h: 14.4, conf, text: text.into() }
    }

    fn line(y: f32, stroke: f32, words: Vec<OcrWord>) -> OcrLine {
        let x = words.first().map_or(0.0, |w| w.x);
        let end = words.last().map_or(0.0, |w| w.x + w.w);
        OcrLine { x, y, w: end - x, h: 14.4, text_h: 14.4, stroke, words }
    }

    #[test]
    fn words_become_glyphs_in_their_boxes() {
        let page = OcrPage {
            number: 1,
            width: 595.0,
            height: 842.0,
            lines: vec![
                line(100.0, 0.1, vec![word(80.0, "一、主要", 95.0), word(160.0, "举措", 95.0)]),
                line(130.0, 0.1, vec![word(80.0, "|", 20.0), word(100.0, ".", 30.0)]),
            ],
        };
        let pages = to_layout(&[page], &[]);
        let text: String = pages[0].glyphs.iter().map(|g| g.c).collect();
        assert_eq!(text, "一、主要举措");
        let g = &pages[0].glyphs;
        assert!((g[0].x - 80.0).abs() < 1e-3 && (g[4].x - 160.0).abs() < 1e-3);
        assert!((g[0].size - 14.4 / CJK_INK).abs() < 0.01, "{}", g[0].size);
        assert!((g[0].y - 114.4).abs() < 1e-3);
    }

    /// A word of the vocabulary wrapped over two lines is restored across the wrap.
    #[test]
    fn word_wrapped_over_two_lines_is_restored() {
        let page = OcrPage {
            number: 1,
            width: 595.0,
            height: 842.0,
            lines: vec![
                line(100.0, 0.1, vec![word(80.0, "认真履行推进法治建设第一", 80.0)]),
                line(128.0, 0.1, vec![word(80.0, "贡任人职责，亲自部署重要工作", 80.0)]),
            ],
        };
        let pages = to_layout(&[page], &["第一责任人职责".into()]);
        let text: String = pages[0].glyphs.iter().map(|g| g.c).collect();
        assert_eq!(text, "认真履行推进法治建设第一责任人职责，亲自部署重要工作");
    }

    /// A word of four characters in running text is restored over a character the rest
    /// of the document never writes, and kept where the document writes it elsewhere.
    #[test]
    fn a_short_word_is_restored_against_the_whole_document() {
        let read = |second: &str| {
            let page = OcrPage {
                number: 1,
                width: 595.0,
                height: 842.0,
                lines: vec![
                    line(100.0, 0.1, vec![word(80.0, "分析起来，根祈在于考核激励机制不健全。", LAYER_CONF)]),
                    line(128.0, 0.1, vec![word(80.0, second, LAYER_CONF)]),
                ],
            };
            let pages = to_layout(&[page], &["根子在于".into()]);
            pages[0].glyphs.iter().map(|g| g.c).collect::<String>()
        };
        assert!(read("全年办理复议案件三十件。").contains("根子在于"));
        assert!(read("全年办理祈福案件三十件。").contains("根祈在于"));
    }

    #[test]
    fn heavier_lines_are_bold() {
        let page = OcrPage {
            number: 1,
            width: 595.0,
            height: 842.0,
            lines: vec![
                line(100.0, 0.20, vec![word(80.0, "二、存在的不足", 95.0)]),
                line(130.0, 0.10, vec![word(80.0, "执法力量不足，宣传方式单一。", 95.0)]),
                line(160.0, 0.11, vec![word(80.0, "原因主要是培训不够。", 95.0)]),
            ],
        };
        let pages = to_layout(&[page], &[]);
        let bold: Vec<bool> = pages[0].glyphs.iter().map(|g| g.bold).collect();
        assert!(bold[0] && !bold[7], "{bold:?}");
    }

    /// An OCR layer draws each word over its box; boxes that overlap (a quote mark read
    /// into one, a word on a slightly lower baseline) leave the words whole and in the
    /// order they start, not interleaved glyph by glyph (主要 + 短板 is no 主短要板).
    #[test]
    fn overlapping_word_boxes_of_a_layer_stay_whole() {
        let mut p = Page::new(1, 842.0);
        let mut put = |text: &str, x: f32, y: f32| {
            let w = 16.0 * 0.7;
            for (k, c) in text.chars().enumerate() {
                p.glyphs.push(layout::Glyph { c, x: x + w * k as f32, y, size: 16.0, width: w, bold: false });
            }
        };
        put("第二章", 112.0, 200.0);
        put("”主要", 160.0, 200.0);
        put("短板", 176.0, 201.5);
        let read = from_layer(&p);
        let text: String = read.lines[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(text, "第二章”主要短板");
        let pages = to_layout(&[read], &[]);
        let doc = layout::build(&pages, crate::input::Format::Pdf, crate::input::DocMeta::default());
        assert!(doc.text.contains("主要短板"), "{}", doc.text);
    }
}

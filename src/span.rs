//! Byte spans into the decoded text and the one line index that turns them into
//! 1-based lines and character columns for display.

use serde::Serialize;

/// A half-open range of UTF-8 **byte offsets** into the decoded text of a report.
///
/// Every node of the report tree and every finding carries one. Lines and columns
/// (counted in characters, or in UTF-16 units for SARIF/LSP) are derived from it
/// only for display, through [`LineIndex`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The text under this span (empty when the span does not fit `text`).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A 1-based position: line and column, the column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Bytes between two checkpoints of a long-line text: a query counts characters over at
/// most this many bytes (plus one character), whatever the line's length.
pub const CHECKPOINT_BYTES: usize = 1024;

/// Start offsets of every line of a text (LF, CRLF and lone CR all end a line).
///
/// Columns are counted from the line start. So that a text with one very long line (a
/// web page or a PDF export without line breaks) does not cost a scan of the whole line
/// per finding, a text with a line longer than [`CHECKPOINT_BYTES`] also keeps, every
/// `CHECKPOINT_BYTES` bytes, the number of characters and UTF-16 units before that point:
/// every query then counts at most one checkpoint interval. Built in one pass.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Empty when no line is longer than `CHECKPOINT_BYTES`; else `marks[k]` is the
    /// (byte offset, characters before it, UTF-16 units before it) of the first char
    /// boundary at or after `k * CHECKPOINT_BYTES`.
    marks: Vec<Mark>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Mark {
    byte: usize,
    chars: usize,
    utf16: usize,
}

/// The sum of the eight bytes of `x`, each 0 or 1 (no popcount instruction needed).
#[inline]
fn byte_sum(x: u64) -> usize {
    (x.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// Characters and UTF-16 units in `s`.
fn counts(s: &str) -> (usize, usize) {
    // A character starts at every byte that is not a continuation byte (10xxxxxx); 4-byte
    // characters (lead byte 11110xxx and up) are two UTF-16 units. Eight bytes at a time:
    // within each byte, bit 7 of `!w | w << 1` is set for a non-continuation byte, and
    // bit 7 of `w & w << 1 & w << 2 & w << 3` for a lead byte of 0xF0 or above.
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let b = s.as_bytes();
    let mut words = b.chunks_exact(8);
    let (mut chars, mut astral) = (0usize, 0usize);
    for c in &mut words {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        chars += byte_sum(((!w | w << 1) & HIGH) >> 7);
        astral += byte_sum(((w & w << 1 & w << 2 & w << 3) & HIGH) >> 7);
    }
    for &x in words.remainder() {
        chars += usize::from((x as i8) >= -0x40);
        astral += usize::from(x >= 0xF0);
    }
    (chars, chars + astral)
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
        starts.push(0);
        let mut i = 0;
        while let Some(off) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let p = i + off;
            if bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n') {
                i = p + 2;
            } else {
                i = p + 1;
            }
            starts.push(i);
        }
        let long = starts.windows(2).any(|w| w[1] - w[0] > CHECKPOINT_BYTES)
            || bytes.len() - starts.last().copied().unwrap_or(0) > CHECKPOINT_BYTES;
        let marks = if long { checkpoints(text) } else { Vec::new() };
        LineIndex { starts, marks }
    }

    /// The most bytes one position query counts characters over: the longest line, or
    /// with checkpoints, one checkpoint interval (and one character).
    pub fn max_scan(&self) -> usize {
        if self.marks.is_empty() {
            // No line is longer (else there would be checkpoints).
            CHECKPOINT_BYTES
        } else {
            self.marks.windows(2).map(|w| w[1].byte - w[0].byte).max().unwrap_or(0)
        }
    }

    /// Characters and UTF-16 units from the start of the text to `offset` (a char boundary).
    fn prefix(&self, text: &str, offset: usize) -> (usize, usize) {
        if self.marks.is_empty() {
            return counts(&text[..offset]);
        }
        let k = (offset / CHECKPOINT_BYTES).min(self.marks.len() - 1);
        // marks[k].byte may lie just past `offset` (rounded up to a char boundary).
        let m = if self.marks[k].byte > offset && k > 0 { self.marks[k - 1] } else { self.marks[k] };
        let (c, u) = counts(&text[m.byte.min(offset)..offset]);
        (m.chars + c, m.utf16 + u)
    }

    /// Characters and UTF-16 units of `text[start..offset]` (both char boundaries, on one line).
    fn span_counts(&self, text: &str, start: usize, offset: usize) -> (usize, usize) {
        if self.marks.is_empty() {
            return counts(&text[start..offset]);
        }
        let (a, au) = self.prefix(text, start);
        let (b, bu) = self.prefix(text, offset);
        (b - a, bu - au)
    }

    /// Number of lines (a final line without a line break counts).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset where the 0-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        let column = self.span_counts(text, start, offset).0 + 1;
        Position { line: line + 1, column }
    }

    /// [`Self::position`] of `offset`, counting from `from` (an earlier offset and its
    /// position) when both are on the same line: for positions asked in text order.
    pub fn position_after(&self, text: &str, from: (usize, Position), offset: usize) -> Position {
        let (at, p) = from;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        if !self.marks.is_empty() || at > offset || line + 1 != p.line || at < self.starts[line] {
            return self.position(text, offset);
        }
        Position { line: p.line, column: p.column + counts(&text[at..offset]).0 }
    }

    /// Byte offset of a 1-based line and character column (the inverse of [`Self::position`]);
    /// past the end of the text, the text's length.
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let start = floor_char_boundary(text, self.line_start(line.saturating_sub(1)).min(text.len()));
        let mut from = start;
        let mut skip = column.saturating_sub(1);
        if !self.marks.is_empty() && skip > CHECKPOINT_BYTES {
            // The last checkpoint at or before the wanted character, by character count.
            let want = self.prefix(text, start).0 + skip;
            let k = self.marks.partition_point(|m| m.chars <= want).saturating_sub(1);
            let m = self.marks[k];
            if m.byte > start {
                from = m.byte;
                skip = want - m.chars;
            }
        }
        text[from..].char_indices().nth(skip).map_or(text.len(), |(i, _)| from + i)
    }

    /// 1-based line and UTF-16 column of a byte offset (SARIF, LSP).
    pub fn position_utf16(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        let column = self.span_counts(text, start, offset).1 + 1;
        Position { line: line + 1, column }
    }
}

/// Checkpoints every `CHECKPOINT_BYTES` bytes (moved up to a char boundary), one pass.
fn checkpoints(text: &str) -> Vec<Mark> {
    let mut marks = Vec::with_capacity(text.len() / CHECKPOINT_BYTES + 1);
    let (mut chars, mut utf16, mut at) = (0, 0, 0);
    let mut k = 0;
    while k * CHECKPOINT_BYTES <= text.len() {
        let byte = ceil_char_boundary(text, k * CHECKPOINT_BYTES);
        let (c, u) = counts(&text[at..byte]);
        chars += c;
        utf16 += u;
        at = byte;
        marks.push(Mark { byte, chars, utf16 });
        k += 1;
    }
    marks
}

/// The smallest char boundary not below `i`.
fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The largest char boundary not above `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_all_line_ends() {
        let text = "标题\r\n一、正文\r二、x\ny";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let off = text.find("正文").unwrap();
        assert_eq!(idx.position(text, off), Position { line: 2, column: 3 });
        let off = text.find('y').unwrap();
        assert_eq!(idx.position(text, off), Position { line: 4, column: 1 });
        assert_eq!(idx.position(text, text.len()).line, 4);
    }

    #[test]
    fn utf16_columns_count_surrogates() {
        let text = "𠀀a";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position_utf16(text, 4).column, 3);
        assert_eq!(idx.position(text, 4).column, 2);
    }

    #[test]
    fn counts_agree_with_chars_and_utf16_at_every_length_and_alignment() {
        let text = "a法𠀀\r\n，é治x😀ü政府\u{10FFFF}z";
        for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            for j in (i..=text.len()).filter(|&j| text.is_char_boundary(j)) {
                let s = &text[i..j];
                assert_eq!(counts(s), (s.chars().count(), s.encode_utf16().count()), "{s:?}");
            }
        }
    }

    /// Every position and offset agrees with counting from the line start.
    fn agrees(text: &str) {
        let idx = LineIndex::new(text);
        let mut offsets: Vec<usize> = (0..=text.len()).step_by(61).collect();
        offsets.push(text.len());
        let mut prev = (0, Position { line: 1, column: 1 });
        for off in offsets {
            let off = floor_char_boundary(text, off);
            let line = idx.line_of(off);
            let start = idx.line_start(line);
            let want = text[start..off].chars().count() + 1;
            let p = idx.position(text, off);
            assert_eq!(p, Position { line: line + 1, column: want }, "offset {off}");
            assert_eq!(idx.position_after(text, prev, off), p, "counted on to {off}");
            prev = (off, p);
            assert_eq!(idx.position_utf16(text, off).column, text[start..off].encode_utf16().count() + 1);
            assert_eq!(idx.offset(text, p.line, p.column), off, "inverse at {off}");
        }
    }

    #[test]
    fn long_lines_map_through_checkpoints() {
        let long: String = "法治a𠀀，".repeat(3000);
        agrees(&long);
        agrees(&format!("标题\n{long}\r\n二、{long}\rx"));
        agrees("短\n行\n");
        agrees(&"第一行，法治a𠀀。\r\n二、短\r".repeat(40));
        assert_eq!(LineIndex::new(&long).offset(&long, 1, 1_000_000), long.len());
    }

    #[test]
    fn one_query_scans_a_bounded_stretch_whatever_the_line_length() {
        // The mapping is linear: a query never counts the whole line, so a 32 MiB line
        // costs per finding what a 4 MiB line does (timing: benches/pipeline.rs).
        for mib in [4usize, 32] {
            let line = "字".repeat(mib * 1024 * 1024 / 3);
            let idx = LineIndex::new(&line);
            assert_eq!(idx.line_count(), 1);
            assert!(idx.max_scan() <= CHECKPOINT_BYTES + 4, "{mib} MiB: {}", idx.max_scan());
            let end = line.len();
            assert_eq!(idx.position(&line, end).column, end / 3 + 1);
        }
        // Short lines need no checkpoints; their scan is bounded by their own length.
        let idx = LineIndex::new("一、举措\n二、问题\n");
        assert!(idx.marks.is_empty());
        assert!(idx.max_scan() <= CHECKPOINT_BYTES);
    }
}

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

/// Start offsets of every line of a text (LF, CRLF and lone CR all end a line).
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
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
        LineIndex { starts }
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
        let column = text[start..offset].chars().count() + 1;
        Position { line: line + 1, column }
    }

    /// Byte offset of a 1-based line and character column (the inverse of [`Self::position`]);
    /// past the end of the text, the text's length.
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let start = self.line_start(line.saturating_sub(1)).min(text.len());
        text[start..].char_indices().nth(column.saturating_sub(1)).map_or(text.len(), |(i, _)| start + i)
    }

    /// 1-based line and UTF-16 column of a byte offset (SARIF, LSP).
    pub fn position_utf16(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        let column = text[start..offset].encode_utf16().count() + 1;
        Position { line: line + 1, column }
    }
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
}

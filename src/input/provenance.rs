//! Provenance: where each piece of a document's text lies in the container part it was
//! read from (`word/document.xml`, `content.xml`). The .docx and .odt readers record it
//! while they read; the comment writers (`output::annotate`) insert their markers at
//! those byte ranges and never read the part's structure again.
//!
//! Compact: one [`Piece`] per text event (character data, an entity, an element standing
//! for text such as `w:tab`) and one [`RunSource`] per run, offsets as `u32` (a part is
//! at most [`MAX_PART_BYTES`](super::MAX_PART_BYTES)). Plain-text inputs carry none.

/// What a piece of text is in its part, which says where a marker may go inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceKind {
    /// Character data inside a text element: split anywhere between characters.
    Text,
    /// An entity or CDATA section inside a text element: split only at its edges.
    InText,
    /// An element standing for text (`w:tab`, `w:br`, `text:s` …): split only at its
    /// edges, between its container's children.
    Element,
}

/// One piece of the document's text and its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Byte range of [`Document::text`](super::Document::text) the piece produced (break
    /// characters count one byte each, as the text holds them).
    pub text: (u32, u32),
    /// Byte range of the piece's event in the part.
    pub xml: (u32, u32),
    pub kind: PieceKind,
    /// The run holding it: an index into [`Provenance::runs`] (`u32::MAX`: none).
    pub run: u32,
    /// The start tag of the text element holding it (`w:t`), for [`PieceKind::Text`] and
    /// [`PieceKind::InText`] pieces of formats whose text elements are split with their
    /// runs; `(0, 0)` otherwise.
    pub holder: (u32, u32),
}

impl Piece {
    /// The run holding the piece, if any.
    pub fn run(&self) -> Option<usize> {
        (self.run != u32::MAX).then_some(self.run as usize)
    }
}

/// A run (`w:r`): what a writer copies when it splits the run in two.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunSource {
    /// Byte range of the whole element.
    pub start: u32,
    pub end: u32,
    /// End of its start tag (the tag is `start..tag_end`).
    pub tag_end: u32,
    /// Byte range of its properties (`w:rPr`), if any.
    pub props: Option<(u32, u32)>,
}

/// Where a document's text came from in its container.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The zip entry the byte ranges point into.
    pub part: &'static str,
    /// Every non-empty piece, in text order.
    pub pieces: Vec<Piece>,
    pub runs: Vec<RunSource>,
    /// The largest comment id the part's comment markers use (Word), so new comments
    /// take fresh ids.
    pub max_comment_id: Option<u64>,
}

/// A piece recorded while a paragraph is read, its text range relative to the
/// paragraph's text (before the builder normalizes break characters).
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawPiece {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) xml: (u32, u32),
    pub(crate) kind: PieceKind,
    pub(crate) run: u32,
    pub(crate) holder: (u32, u32),
}

impl RawPiece {
    pub(crate) fn shifted(mut self, by: usize) -> RawPiece {
        self.start += by;
        self.end += by;
        self
    }
}

/// Offsets of a text given to the builder → offsets in the text it writes, where each
/// break character is one byte (a space, or the `\n` between blocks): only U+0085,
/// U+2028 and U+2029 are longer, and most texts have none.
pub(crate) struct Squeeze(Vec<(usize, usize)>);

impl Squeeze {
    pub(crate) fn of(raw: &str) -> Squeeze {
        let mut v = Vec::new();
        // Their UTF-8 forms start with 0xC2 (U+0085) or 0xE2 (U+2028, U+2029).
        if memchr::memchr2(0xC2, 0xE2, raw.as_bytes()).is_some() {
            let mut saved = 0;
            for (i, c) in raw.char_indices() {
                if matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') {
                    saved += c.len_utf8() - 1;
                    v.push((i + c.len_utf8(), saved));
                }
            }
        }
        Squeeze(v)
    }

    pub(crate) fn map(&self, p: usize) -> usize {
        let k = self.0.partition_point(|&(end, _)| end <= p);
        p - k.checked_sub(1).map_or(0, |k| self.0[k].1)
    }

    /// The pieces of a text that starts at `base` in the document's text.
    pub(crate) fn place(raw: &str, base: usize, pieces: &[RawPiece], out: &mut Vec<Piece>) {
        let sq = Squeeze::of(raw);
        let at = |p: usize| u32::try_from(base + sq.map(p.min(raw.len()))).unwrap_or(u32::MAX);
        for p in pieces {
            let text = (at(p.start), at(p.end));
            if text.1 > text.0 {
                out.push(Piece { text, xml: p.xml, kind: p.kind, run: p.run, holder: p.holder });
            }
        }
    }
}

/// A byte offset of a part as stored in a [`Piece`].
pub(crate) fn offset32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeeze_counts_long_breaks_as_one_byte() {
        let raw = "a\u{2028}b\u{85}c";
        let s = Squeeze::of(raw);
        assert_eq!(s.map(0), 0);
        assert_eq!(s.map(1), 1);
        assert_eq!(s.map(4), 2);
        assert_eq!(s.map(5), 3);
        assert_eq!(s.map(7), 4);
        assert_eq!(Squeeze::of("一、“无”").map(9), 9);
    }
}

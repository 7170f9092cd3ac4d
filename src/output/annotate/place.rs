//! From a comment's anchor (a span of the document's text) to byte positions in the
//! container part, through the reader's [`Provenance`]: the pieces of text the anchor's
//! first and last characters lie in, and the byte inside a piece's character data
//! where a character starts. Shared by the .docx and .odt writers, which read nothing
//! of the part's structure themselves.

use crate::input::{Document, InputError, Piece, PieceKind, Provenance};
use crate::span::{floor_char_boundary, Span};
use std::borrow::Cow;

/// The provenance of `xml` (the part `part` of the original file) and the text it
/// describes: the document's own when it was read from this part, else the reader's on
/// a fresh read of `original` (a document built another way, or read from other bytes).
pub(super) fn provenance_of<'d>(
    doc: &'d Document,
    xml: &[u8],
    part: &str,
    original: &[u8],
    read: fn(&[u8]) -> Result<Document, InputError>,
) -> Result<(Cow<'d, Provenance>, Cow<'d, str>), InputError> {
    if let Some(p) = doc.provenance.as_deref().filter(|p| p.part == part && fits(p, xml, doc.text.len())) {
        return Ok((Cow::Borrowed(p), Cow::Borrowed(doc.text.as_str())));
    }
    match read(original) {
        Ok(d) => {
            let p = d.provenance.map(|p| *p).filter(|p| p.part == part && fits(p, xml, d.text.len()));
            Ok((Cow::Owned(p.unwrap_or_default()), Cow::Owned(d.text)))
        }
        // A part without text: comments without ranges.
        Err(InputError::NoText) => Ok((Cow::Owned(Provenance::default()), Cow::Borrowed(""))),
        Err(e) => Err(e),
    }
}

/// Whether a provenance can describe this part: every range inside it, pieces and runs
/// where markup and text are.
fn fits(p: &Provenance, xml: &[u8], text_len: usize) -> bool {
    let len = xml.len();
    let at = |i: u32| xml.get(i as usize).copied();
    p.pieces.iter().all(|x| {
        let (a, b) = (x.xml.0 as usize, x.xml.1 as usize);
        a < b
            && b <= len
            && (x.text.1 as usize) <= text_len
            && x.run().is_none_or(|r| r < p.runs.len())
            && match x.kind {
                PieceKind::Element => at(x.xml.0) == Some(b'<'),
                PieceKind::Text => at(x.xml.0) != Some(b'<'),
                PieceKind::InText => true,
            }
    }) && p.runs.iter().all(|r| {
        r.start < r.tag_end
            && r.tag_end <= r.end
            && (r.end as usize) <= len
            && at(r.start) == Some(b'<')
            && r.props.is_none_or(|(a, b)| a < b && (b as usize) <= len)
    })
}

/// An anchor among the pieces: the piece holding its first character and the offset of
/// that character in the piece's text, and the piece holding its last character with
/// the offset just past it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Ends {
    pub(super) start: (usize, usize),
    pub(super) end: (usize, usize),
}

fn len(p: &Piece) -> usize {
    (p.text.1 - p.text.0) as usize
}

/// Where `anchor` (a span of `text`) lies among `pieces`. Characters the reader made
/// itself (rendered numbering) are in no piece: an anchor that starts there starts at the
/// next piece, and one that lies only there takes the pieces of its whole line (else the
/// nearest piece). `None` when there are no pieces.
pub(super) fn locate(pieces: &[Piece], text: &str, anchor: Span) -> Option<Ends> {
    let last = pieces.len().checked_sub(1)?;
    let s = floor_char_boundary(text, anchor.start.min(text.len()));
    let e = floor_char_boundary(text, anchor.end.min(text.len())).max(s);
    let first = pieces.partition_point(|p| (p.text.1 as usize) <= s);
    let end = pieces.partition_point(|p| (p.text.0 as usize) < e).checked_sub(1);
    if let Some(end) = end.filter(|&end| first <= end && first <= last) {
        let (a, b) = (&pieces[first], &pieces[end]);
        let ks = s.saturating_sub(a.text.0 as usize);
        let ke = e.min(b.text.1 as usize).saturating_sub(b.text.0 as usize);
        return Some(Ends { start: (first, ks.min(len(a))), end: (end, ke) });
    }
    let bytes = text.as_bytes();
    let ls = memchr::memrchr(b'\n', &bytes[..s]).map_or(0, |p| p + 1);
    let le = memchr::memchr(b'\n', &bytes[s..]).map_or(text.len(), |p| s + p);
    let a = pieces.partition_point(|p| (p.text.1 as usize) <= ls);
    let b = pieces.partition_point(|p| (p.text.0 as usize) < le);
    if a < b {
        return Some(Ends { start: (a, 0), end: (b - 1, len(&pieces[b - 1])) });
    }
    let i = first.min(last);
    Some(Ends { start: (i, 0), end: (i, len(&pieces[i])) })
}

/// The byte of the part where the character at offset `k` of a [`PieceKind::Text`]
/// piece's text starts: its character data read as the reader reads it (`\r\n` one line
/// break, every break character one byte of the text).
pub(super) fn raw_offset(xml: &[u8], piece: &Piece, k: usize) -> usize {
    let (from, to) = (piece.xml.0 as usize, (piece.xml.1 as usize).min(xml.len()));
    let Some(Ok(raw)) = xml.get(from..to).map(std::str::from_utf8) else { return from };
    let mut acc = 0usize;
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if acc >= k {
            return from + i;
        }
        if c == '\r' && chars.peek().is_some_and(|&(_, d)| d == '\n') {
            chars.next();
        }
        let one = matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0B}' | '\u{0C}');
        acc += if one { 1 } else { c.len_utf8() };
    }
    to
}

/// The qualified name of the element whose start tag begins at `xml[at]`.
pub(super) fn tag_name(xml: &[u8], at: usize) -> &str {
    let rest = xml.get(at + 1..).unwrap_or(&[]);
    let n = rest.iter().position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/').unwrap_or(rest.len());
    std::str::from_utf8(&rest[..n]).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: (u32, u32), xml: (u32, u32)) -> Piece {
        Piece { text, xml, kind: PieceKind::Text, run: u32::MAX, holder: (0, 0) }
    }

    #[test]
    fn anchors_in_generated_text_move_to_the_pieces() {
        // "一、总体\n正文": "一、" is rendered numbering, in no piece.
        let text = "一、总体\n正文";
        let pieces = [piece((6, 12), (10, 16)), piece((13, 19), (30, 36))];
        // Starting in the numbering: from the first piece.
        assert_eq!(locate(&pieces, text, Span::new(0, 9)), Some(Ends { start: (0, 0), end: (0, 3) }));
        // Only the numbering: the whole line.
        assert_eq!(locate(&pieces, text, Span::new(0, 6)), Some(Ends { start: (0, 0), end: (0, 6) }));
        assert_eq!(locate(&pieces, text, Span::new(13, 19)), Some(Ends { start: (1, 0), end: (1, 6) }));
        assert_eq!(locate(&[], text, Span::new(0, 3)), None);
    }

    #[test]
    fn raw_offsets_count_line_ends_as_the_reader_does() {
        let xml = b"<w:t>a\r\nb\xe2\x80\xa8c</w:t>";
        let p = piece((0, 5), (5, 14));
        assert_eq!(raw_offset(xml, &p, 0), 5);
        assert_eq!(raw_offset(xml, &p, 1), 6);
        assert_eq!(raw_offset(xml, &p, 2), 8);
        assert_eq!(raw_offset(xml, &p, 4), 12);
        assert_eq!(tag_name(b"<w:r w:x=\"1\">", 0), "w:r");
        assert_eq!(tag_name(b"<r>", 0), "r");
    }
}

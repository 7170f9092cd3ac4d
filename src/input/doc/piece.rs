//! The piece table (CLX → PlcPcd): character positions mapped to 8-bit (cp1252, GBK, Big5)
//! or UTF-16LE text.

use super::*;

/// One piece of the piece table: characters `cp..cp_end` start at byte `fc` of the
/// `WordDocument` stream, one byte each (`compressed`) or two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Piece {
    pub(super) cp: u32,
    pub(super) cp_end: u32,
    pub(super) fc: u32,
    pub(super) compressed: bool,
}

/// The PlcPcd inside a CLX: skip the Prc records (clxt 1), then read the Pcdt (clxt 2).
pub(super) fn parse_clx(clx: &[u8]) -> Result<Vec<Piece>, InputError> {
    let bad = |d: &str| malformed("片段表（CLX）", d);
    let mut at = 0usize;
    loop {
        match u8_at(clx, at) {
            Some(1) => {
                let cb = u16_at(clx, at + 1).ok_or_else(|| bad("不完整"))?;
                at += 3 + usize::from(cb);
            }
            Some(2) => break,
            Some(_) => return Err(bad("记录类型无效")),
            None => return Err(bad("没有片段表")),
        }
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(|| bad("不完整"))? as usize;
    let plc =
        clx.get(at + 5..).and_then(|r| r.get(..lcb)).ok_or_else(|| bad("片段表超出范围，文件可能已截断或损坏"))?;
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(bad("片段表长度无效"));
    }
    let n = (plc.len() - 4) / 12;
    if n > MAX_PIECES {
        return Err(bad("片段数量超过上限"));
    }
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let (Some(cp), Some(cp_end), Some(raw)) =
            (u32_at(plc, i * 4), u32_at(plc, i * 4 + 4), u32_at(plc, (n + 1) * 4 + i * 8 + 2))
        else {
            return Err(bad("不完整"));
        };
        if cp_end < cp {
            return Err(bad("片段位置不是递增的"));
        }
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        pieces.push(Piece { cp, cp_end, fc: if compressed { fc / 2 } else { fc }, compressed });
    }
    Ok(pieces)
}

/// [MS-DOC] 2.4.1: bytes of a compressed piece that are not their own code point.
pub(super) fn cp1252_special(b: u8) -> u16 {
    match b {
        0x82 => 0x201A,
        0x83 => 0x0192,
        0x84 => 0x201E,
        0x85 => 0x2026,
        0x86 => 0x2020,
        0x87 => 0x2021,
        0x88 => 0x02C6,
        0x89 => 0x2030,
        0x8A => 0x0160,
        0x8B => 0x2039,
        0x8C => 0x0152,
        0x91 => 0x2018,
        0x92 => 0x2019,
        0x93 => 0x201C,
        0x94 => 0x201D,
        0x95 => 0x2022,
        0x96 => 0x2013,
        0x97 => 0x2014,
        0x98 => 0x02DC,
        0x99 => 0x2122,
        0x9A => 0x0161,
        0x9B => 0x203A,
        0x9C => 0x0153,
        0x9F => 0x0178,
        b => u16::from(b),
    }
}

/// Marks a position whose character a multi-byte legacy piece folded into the previous
/// one (keeps the index of a code unit equal to its character position).
pub(super) const FILLER: u16 = 0xFFFF;

/// The main-document text as UTF-16 code units, one per character position.
/// Returns the units and the legacy encoding (GBK/Big5) of a piece written in one.
pub(super) fn piece_text(
    word: &[u8],
    pieces: &[Piece],
    ccp: u32,
    legacy: Option<&'static encoding_rs::Encoding>,
) -> Result<(Vec<u16>, Option<&'static encoding_rs::Encoding>), InputError> {
    // No document has more characters than its stream has bytes: a hostile ccpText
    // cannot make the reader allocate more.
    let ccp = ccp.min(u32::try_from(word.len()).unwrap_or(u32::MAX));
    let mut units: Vec<u16> = Vec::new();
    let mut any_legacy = None;
    for p in pieces {
        if p.cp >= ccp {
            break;
        }
        let end = p.cp_end.min(ccp);
        // Pieces are contiguous; a gap (a hostile table) is filled so positions stay right.
        while (units.len() as u64) < u64::from(p.cp) {
            units.push(FILLER);
        }
        let n = end - p.cp;
        if p.compressed {
            let bytes = slice(word, p.fc, n).ok_or_else(|| corrupt("文本片段"))?;
            let decoded = legacy.filter(|_| bytes.iter().any(|&b| b >= 0x81)).and_then(|enc| legacy_piece(bytes, enc));
            match decoded {
                Some(u) => {
                    any_legacy = legacy;
                    units.extend(u);
                }
                None => units.extend(bytes.iter().map(|&b| cp1252_special(b))),
            }
        } else {
            let bytes = slice(word, p.fc, n.checked_mul(2).ok_or_else(|| corrupt("文本片段"))?)
                .ok_or_else(|| corrupt("文本片段"))?;
            units.extend(bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])));
        }
        units.truncate(end as usize);
    }
    Ok((units, any_legacy))
}

/// A compressed piece that is really GBK/Big5 (a writer that ignored [MS-DOC] 2.4.1):
/// accepted only when it decodes without error and yields CJK characters. Each double
/// byte character fills its second position with [`FILLER`].
pub(super) fn legacy_piece(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> Option<Vec<u16>> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    // Two ideographs at least: a lone accented Latin letter followed by ASCII ("ül")
    // is also a valid GBK pair.
    if had_errors || text.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).nth(1).is_none() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    for c in text.chars() {
        let width = enc.encode(c.encode_utf8(&mut [0; 4])).0.len().max(1);
        let mut u = [0u16; 2];
        let units = c.encode_utf16(&mut u);
        out.extend_from_slice(units);
        out.extend(std::iter::repeat_n(FILLER, width.saturating_sub(units.len())));
    }
    (out.len() == bytes.len()).then_some(out)
}

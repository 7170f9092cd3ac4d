//! Plain text: BOM detection (UTF-8, UTF-16 LE/BE), UTF-8 validation, then the legacy
//! Chinese encodings (GB18030, which covers GBK and GB2312, or Big5 when chardetng says
//! so). Decoding is strict: text that is invalid in every encoding tried is an error,
//! never a page of replacement characters.

use super::InputError;

/// Decode text bytes; returns the text (without BOM) and the encoding's name.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), InputError> {
    if bytes.is_empty() {
        return Err(InputError::Empty);
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(InputError::Encoding);
        }
        return finish(text.into_owned(), super::encoding_name(enc));
    }
    if memchr::memchr(0, bytes).is_some() {
        // UTF-16 without BOM: NULs concentrated on one byte parity, and the bytes decode
        // to plausible text in that byte order. Other NULs: binary.
        if let Some((text, enc)) = sniff_utf16(bytes) {
            return finish(text, super::encoding_name(enc));
        }
        return Err(InputError::Binary);
    }
    // SIMD validation: most reports are UTF-8, and this runs on every byte of every file.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => finish(s.to_string(), "UTF-8"),
        Err(_) => decode_legacy(bytes),
    }
}

/// Decode bytes that are not UTF-8: the legacy encoding chardetng guesses when it is a
/// Chinese one, then GB18030 (government text exports are GBK far more often than not).
fn decode_legacy(bytes: &[u8]) -> Result<(String, &'static str), InputError> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let mut candidates = Vec::with_capacity(2);
    if guess == encoding_rs::BIG5 {
        candidates.push(encoding_rs::BIG5);
    }
    candidates.push(encoding_rs::GB18030);
    for enc in candidates {
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            return finish(text.into_owned(), super::encoding_name(enc));
        }
    }
    Err(InputError::Encoding)
}

fn finish(text: String, enc: &'static str) -> Result<(String, &'static str), InputError> {
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    if looks_binary(&text) {
        return Err(InputError::Binary);
    }
    Ok((text, enc))
}

/// More than 1% control characters other than white space: binary data, not text.
pub(super) fn looks_binary(text: &str) -> bool {
    // Control characters are C0 and DEL (one byte each) and C1 (U+0080–U+009F, the
    // bytes C2 80–C2 9F): counted on bytes, without decoding.
    // Chunks with no byte below 0x20, no DEL and no C2 (the usual case) are skipped by a
    // branch-free test the compiler vectorises.
    let b = text.as_bytes();
    let mut ctrl = 0usize;
    for (k, chunk) in b.chunks(64).enumerate() {
        let suspect = chunk.iter().fold(false, |acc, &x| {
            acc | ((x < 0x20) & (x != b'\n') & (x != b'\r') & (x != b'\t') & (x != 0x0C)) | (x == 0x7F) | (x == 0xC2)
        });
        if !suspect {
            continue;
        }
        for (j, &x) in chunk.iter().enumerate() {
            ctrl += match x {
                b'\n' | b'\r' | b'\t' | 0x0C => 0,
                0x00..=0x1F | 0x7F => 1,
                0xC2 => usize::from(matches!(b.get(k * 64 + j + 1), Some(0x80..=0x9F))),
                _ => 0,
            };
        }
    }
    ctrl > 0 && ctrl * 100 > text.chars().count().max(1)
}

/// UTF-16 without a byte-order mark. ASCII in UTF-16LE has a NUL in every odd byte,
/// but Chinese characters have none or one on the other parity (一 U+4E00 is `00 4E`),
/// so neither parity is NUL-free in a real report. Instead: the byte order whose
/// high-byte parity holds at least 3 in 4 of the NULs is tried first (NULs in at least
/// 1 in 256 code units of the sample), and accepted only when the whole input
/// decodes without error and nearly every character is text (CJK, ASCII, punctuation).
fn sniff_utf16(bytes: &[u8]) -> Option<(String, &'static encoding_rs::Encoding)> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let (mut even0, mut odd0) = (0usize, 0usize);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even0 += 1
            } else {
                odd0 += 1
            }
        }
    }
    let units = sample.len() / 2;
    let total = even0 + odd0;
    if total == 0 || total * 256 < units {
        return None;
    }
    // In LE the high byte is odd: ASCII gives odd NULs. In BE, even NULs.
    let order = if odd0 * 4 >= total * 3 {
        [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE]
    } else if even0 * 4 >= total * 3 {
        [encoding_rs::UTF_16BE, encoding_rs::UTF_16LE]
    } else {
        // Mixed (mostly CJK text): let validity and plausibility decide.
        [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE]
    };
    for enc in order {
        let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) else { continue };
        if plausible(&text) {
            return Some((text.into_owned(), enc));
        }
    }
    None
}

/// At least 95 % of the characters are what a report is written in.
fn plausible(text: &str) -> bool {
    let (mut n, mut good) = (0usize, 0usize);
    for c in text.chars().take(8192) {
        n += 1;
        let u = c as u32;
        good += usize::from(matches!(u,
            0x09 | 0x0A | 0x0C | 0x0D | 0x20..=0x7E
            | 0xA0..=0x24F          // Latin-1, Latin Extended (·, ×, é …)
            | 0x2000..=0x27BF       // punctuation, symbols, enclosed numerals
            | 0x3000..=0x33FF       // CJK punctuation, kana, enclosed CJK
            | 0x3400..=0x9FFF       // CJK ideographs
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFFEF)); // full-width forms
    }
    n > 0 && good * 100 >= n * 95
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_common_encodings() {
        let s = "一、主要举措和成效\r\n";
        assert_eq!(decode(s.as_bytes()).unwrap(), (s.to_string(), "UTF-8"));
        let (gb, _, _) = encoding_rs::GB18030.encode(s);
        assert_eq!(decode(&gb).unwrap(), (s.to_string(), "GB18030"));
        let mut le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().0, s);
        assert!(matches!(decode(b""), Err(InputError::Empty)));
        assert!(matches!(decode(&[0, 1, 2, 3, 0xff, 0, 0x80]), Err(InputError::Binary) | Err(InputError::Encoding)));
    }

    #[test]
    fn binary_is_more_than_one_percent_control_characters() {
        assert!(!looks_binary("一、主要举措\r\n\t正文\u{0C}"));
        assert!(looks_binary("正文\u{1}\u{2}"));
        // C1 controls (U+0080–U+009F) count, other two-byte characters do not.
        assert!(looks_binary("正文\u{85}\u{9F}"));
        assert!(!looks_binary("é£§¡"));
        let mostly_text = format!("{}\u{7F}", "字".repeat(200));
        assert!(!looks_binary(&mostly_text));
        assert!(looks_binary(&format!("{}\u{7F}\u{7F}\u{7F}", "字".repeat(200))));
    }

    fn utf16(text: &str, be: bool) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    #[test]
    fn utf16_without_a_byte_order_mark() {
        // 一 (U+4E00) and 　 (U+3000) put a NUL on the "wrong" parity; ASCII and line
        // breaks on the other. Both byte orders are recognised.
        let report = "一、2023年主要举措\r\n　　（一）健全依法决策机制，全年审查文件12件。\r\n二、存在的不足\r\n";
        for be in [false, true] {
            let (text, enc) = decode(&utf16(report, be)).unwrap();
            assert_eq!(text, report);
            assert_eq!(enc, if be { "UTF-16BE" } else { "UTF-16LE" });
        }
        // Almost all Chinese: few NULs, mostly on the low-byte parity.
        let dense =
            format!("{}\n", "一丁七万丈三上下不与丐丑专且丕世丘丙业丛东丝丞两严丧个丫中丰串临丸丹为主丽举".repeat(20));
        assert_eq!(decode(&utf16(&dense, false)).unwrap().0, dense);
        // NULs and bytes that are no text in either order stay binary.
        let binary: Vec<u8> =
            (0..4096u32).map(|i| if i % 5 == 0 { 0 } else { (i.wrapping_mul(2654435761) >> 13) as u8 }).collect();
        assert!(matches!(decode(&binary), Err(InputError::Binary)));
    }
}

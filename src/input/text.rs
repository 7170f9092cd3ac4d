//! Plain text: BOM detection (UTF-8, UTF-16 LE/BE), UTF-8 validation, then GB18030.

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
        return finish(text.into_owned(), enc.name());
    }
    // UTF-16 without BOM: many NULs in alternate positions.
    if let Some(enc) = sniff_utf16(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return finish(text.into_owned(), enc.name());
        }
    }
    if bytes.contains(&0) {
        return Err(InputError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => finish(s.to_string(), "UTF-8"),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(InputError::Encoding);
            }
            finish(text.into_owned(), "GB18030")
        }
    }
}

fn finish(text: String, enc: &'static str) -> Result<(String, &'static str), InputError> {
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    // Control characters other than white space mean binary data.
    let ctrl = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}')).count();
    if ctrl * 100 > text.chars().count().max(1) {
        return Err(InputError::Binary);
    }
    Ok((text, enc))
}

fn sniff_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let (mut even0, mut odd0) = (0, 0);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even0 += 1
            } else {
                odd0 += 1
            }
        }
    }
    let half = sample.len() / 2;
    if odd0 > half / 4 && even0 == 0 {
        Some(encoding_rs::UTF_16LE)
    } else if even0 > half / 4 && odd0 == 0 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
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
}

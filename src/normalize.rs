//! A normalised view of the text for cue matching: traditional characters folded to
//! simplified ones, character by character, so that byte offsets stay valid (CJK
//! characters are three bytes in both forms). Web mirrors of reports are often served
//! in traditional characters (推進, 責任人).

use std::borrow::Cow;

/// Frequent traditional-only characters: one of them in a text means it is worth folding.
const HINTS: &[char] = &[
    '這', '們', '為', '國', '設', '進', '與', '會', '發', '報', '過', '於', '時', '對', '區', '學', '習', '責', '職',
    '規', '務', '機', '關', '開', '題', '實', '經', '體', '處', '將', '長', '書',
];

/// [`HINTS`] as a bitmap over the Basic Multilingual Plane: one look-up per character.
static HINT_BITS: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut i = 0;
    while i < HINTS.len() {
        let c = HINTS[i] as u32;
        bits[(c >> 6) as usize] |= 1 << (c & 63);
        i += 1;
    }
    bits
};

#[cfg(test)]
fn is_traditional_hint(c: char) -> bool {
    let u = c as u32;
    u < 0x1_0000 && HINT_BITS[(u >> 6) as usize] & (1 << (u & 63)) != 0
}

/// Does `bytes` (UTF-8, possibly cut inside its last character) hold a [`HINTS`]
/// character? Every hint is three bytes long: only three-byte characters are decoded,
/// straight from their bytes.
fn has_hint(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let [b0, tail @ ..] = rest {
        rest = match *rest {
            [b0, b1, b2, ref t @ ..] if b0 & 0xF0 == 0xE0 => {
                if HINT_BITS[((usize::from(b0) & 0x0F) << 6) | (usize::from(b1) & 0x3F)] & (1 << (b2 & 63)) != 0 {
                    return true;
                }
                t
            }
            _ if *b0 >= 0xF0 => tail.get(3..).unwrap_or_default(),
            _ if *b0 >= 0xC0 => tail.get(1..).unwrap_or_default(),
            _ => tail,
        };
    }
    false
}

/// How much of a text is looked at to decide whether it is in traditional characters:
/// about 340 characters, the title and the opening paragraph, where traditional text
/// always has some of the hint characters (們 為 國 會 進 …).
const PROBE_BYTES: usize = 1024;

/// The text with traditional characters replaced by simplified ones, or the text itself
/// when it has none. The result always has the same length and char boundaries.
pub fn to_simplified(text: &str) -> Cow<'_, str> {
    // Mirrors convert whole pages, so the opening tells: no need to scan everything.
    let probe = &text.as_bytes()[..text.len().min(PROBE_BYTES)];
    if !has_hint(probe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.len_utf8() == 3 {
            let mut buf = [0u8; 4];
            let s = fast2s::convert(c.encode_utf8(&mut buf));
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(d), None) if d.len_utf8() == 3 => out.push(d),
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    debug_assert_eq!(out.len(), text.len());
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_and_keeps_offsets() {
        let t = "推進法治建設第一責任人職責";
        let s = to_simplified(t);
        assert_eq!(s, "推进法治建设第一责任人职责");
        assert_eq!(s.len(), t.len());
        assert!(matches!(to_simplified("法治政府"), Cow::Borrowed(_)));
        assert!(HINTS.iter().all(|&c| is_traditional_hint(c)));
        assert!(!is_traditional_hint('这') && !is_traditional_hint('\u{20000}'));
        // The byte-level probe agrees with a character test, also on a cut last character.
        for t in ["推進", "a\u{20000}們", "é國", "法治政府", "\u{20000}", "xyz", "é"] {
            for cut in 0..=t.len() {
                let want = t.char_indices().any(|(i, c)| i + c.len_utf8() <= cut && is_traditional_hint(c));
                assert_eq!(has_hint(&t.as_bytes()[..cut]), want, "{t:?} cut at {cut}");
            }
        }
    }
}

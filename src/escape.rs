//! Text from reports and file names, made safe for a terminal or a line-oriented format.
//!
//! A report or a file name may hold control characters: ESC sequences that clear the
//! screen or set the window title, OSC 8/52 hyperlinks and clipboard writes, C1 controls,
//! bidirectional overrides that reorder what is shown. Every text format passes report
//! text and paths through these functions, so such characters are shown, never obeyed:
//! [`visible`] and [`one_line`] for terminal text, [`json_inert`] for JSON (the same
//! data, the hazards as `\u` escapes), [`same_length_inert`] for a source shown in an
//! error's snippet (byte offsets kept). A leaf module: the diagnostics, the loaders and
//! every output use it (`output::escape` re-exports it).

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is: C0 and C1 controls, DEL, and the
/// bidirectional marks, embeddings, overrides and isolates.
pub fn is_hazard(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || u == 0x7F
        || (0x80..0xA0).contains(&u)
        || matches!(u, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069)
}

fn push_visible(out: &mut String, c: char) {
    let u = c as u32;
    if u < 0x20 {
        // U+2400 CONTROL PICTURES: ␀ … ␟ (ESC is ␛).
        out.push(char::from_u32(0x2400 + u).unwrap_or('\u{FFFD}'));
    } else if u == 0x7F {
        out.push('␡');
    } else {
        out.push_str(&format!("\\u{{{u:X}}}"));
    }
}

fn escape_with(s: &str, keep: impl Fn(&str, usize, char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(is_hazard) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        if is_hazard(c) && !keep(s, i, c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Multi-line text for a terminal: line feeds, tabs and the CR of a CRLF stay; every
/// other control character is shown visibly (`\u{1b}` as `␛`, C1 and bidi controls as
/// `\u{…}`).
pub fn visible(s: &str) -> Cow<'_, str> {
    escape_with(s, |s, i, c| c == '\n' || c == '\t' || (c == '\r' && s.as_bytes().get(i + 1) == Some(&b'\n')))
}

/// Text that must stay on one line (a file name in `path:line:col: …`, a heading in a
/// tree): every control character, line breaks included, is shown visibly.
pub fn one_line(s: &str) -> Cow<'_, str> {
    escape_with(s, |_, _, _| false)
}

/// Serialized JSON with every hazard other than the C0 controls (which JSON escapes
/// itself) written as a `\u` escape, and U+2028/U+2029 too: the same data for any JSON
/// reader, no raw C1 or bidi control for a terminal the JSON is printed to. Valid JSON
/// holds such characters only inside strings, so the result is valid JSON.
pub fn json_inert(json: &str) -> Cow<'_, str> {
    let risky = |c: char| (is_hazard(c) && c as u32 >= 0x7F) || matches!(c, '\u{2028}' | '\u{2029}');
    // Every such character starts with one of three bytes (DEL, C2 for C1, E2 for the
    // bidi and separator marks): a SIMD search passes over Chinese text (E3–E9 leads).
    let b = json.as_bytes();
    let suspect = memchr::memchr3_iter(0x7F, 0xC2, 0xE2, b)
        .any(|i| json.get(i..).and_then(|t| t.chars().next()).is_some_and(risky));
    if !suspect {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if risky(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Do these bytes start with the UTF-8 of a character [`json_inert`] escapes: DEL, a C1
/// control (C2 80..9F), a bidi mark or control (E2 80 8E/8F/AA..AE, E2 81 A6..A9) or a
/// line or paragraph separator (E2 80 A8/A9)?
fn risky_bytes(b: &[u8]) -> bool {
    match b {
        [0x7F, ..] => true,
        [0xC2, x, ..] => (0x80..0xA0).contains(x),
        [0xE2, 0x80, x, ..] => matches!(x, 0x8E | 0x8F | 0xA8..=0xAE),
        [0xE2, 0x81, x, ..] => (0xA6..=0xA9).contains(x),
        _ => false,
    }
}

/// [`json_inert`] of UTF-8 JSON bytes (unchanged when there is nothing to escape).
pub fn json_inert_bytes(json: Vec<u8>) -> Vec<u8> {
    // Without a risky character's bytes there is nothing to escape, and no need to decode.
    if !memchr::memchr3_iter(0x7F, 0xC2, 0xE2, &json).any(|i| risky_bytes(&json[i..])) {
        return json;
    }
    match std::str::from_utf8(&json) {
        Ok(s) => match json_inert(s) {
            Cow::Borrowed(_) => json,
            Cow::Owned(o) => o.into_bytes(),
        },
        Err(_) => json,
    }
}

/// `s` with every hazard but line breaks and tabs replaced by a visible character of
/// the same UTF-8 length (`?` for C0 and DEL, `¿` for C1, U+FFFD for bidi controls):
/// for a source text shown in an error's snippet, whose byte offsets must not move.
pub fn same_length_inert(s: &str) -> Cow<'_, str> {
    let keep = |c: char| matches!(c, '\n' | '\t' | '\r');
    if !s.chars().any(|c| is_hazard(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c.len_utf8() {
                _ if !is_hazard(c) || keep(c) => c,
                1 => '?',
                2 => '¿',
                _ => '\u{FFFD}',
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(visible("正文\u{1b}[2J清屏"), "正文␛[2J清屏");
        assert_eq!(visible("a\u{9b}b"), "a\\u{9B}b");
        assert_eq!(visible("a\u{202e}b"), "a\\u{202E}b");
        assert_eq!(visible("一\r\n二\n三\t四"), "一\r\n二\n三\t四");
        assert_eq!(visible("一\r二"), "一␍二");
        assert_eq!(one_line("a\nb.txt"), "a␊b.txt");
        assert_eq!(one_line("a\tb"), "a␉b");
        assert!(matches!(visible("普通文字"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_data_and_loses_its_hazards() {
        let v = serde_json::json!({ "t": "甲\u{9b}2J\u{202e}乙\u{2028}\u{1b}" });
        let raw = v.to_string();
        let inert = json_inert(&raw);
        assert!(!inert.contains(['\u{9b}', '\u{202e}', '\u{2028}', '\u{1b}']), "{inert}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&inert).unwrap(), v);
        assert!(matches!(json_inert("{\"t\":\"“引号”\"}"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_bytes_escape_exactly_what_json_inert_escapes() {
        // Every character whose UTF-8 starts with one of the three suspect bytes.
        for u in (0x7Fu32..0x800).chain(0x2000..0x3000) {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("\"法{c}治\"");
            assert_eq!(json_inert_bytes(s.clone().into_bytes()), json_inert(&s).as_bytes(), "U+{u:04X}");
        }
    }

    #[test]
    fn snippet_sources_keep_their_offsets() {
        let s = "a\u{1b}b\u{9b}c\u{202e}d\r\n\te";
        let t = same_length_inert(s);
        assert_eq!(t.len(), s.len());
        assert_eq!(t, "a?b¿c\u{FFFD}d\r\n\te");
    }
}

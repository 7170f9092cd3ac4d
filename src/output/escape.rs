//! Text from reports and file names, made safe for a terminal or a line-oriented format.
//!
//! A report or a file name may hold control characters: ESC sequences that clear the
//! screen or set the window title, OSC 8/52 hyperlinks and clipboard writes, C1 controls,
//! bidirectional overrides that reorder what is shown. Every text format passes report
//! text and paths through these functions, so such characters are shown, never obeyed.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is.
fn is_hazard(c: char) -> bool {
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
}

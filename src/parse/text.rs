//! Text helpers shared by every stage of the parser: the white space and sentence marks
//! of Chinese official documents, byte-level trims (they run on every line), spans
//! trimmed of white space, and the shape of a date line.

use crate::span::Span;

pub(super) const WHITE: &[char] = &[' ', '\t', '\u{3000}', '\u{00A0}', '\u{FEFF}', '\u{2002}', '\u{2003}'];

pub(super) const SENTENCE_END: &[char] = &['。', '！', '？', '!', '?'];

/// `s.find(SENTENCE_END)` on bytes: a character-set search decodes every character, and
/// this runs on the run-in text of every heading.
pub(super) fn find_sentence_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&x| matches!(x, b'!' | b'?' | 0xE3 | 0xEF)) {
        let p = i + off;
        match (b[p], b.get(p + 1), b.get(p + 2)) {
            (b'!' | b'?', _, _) | (0xE3, Some(0x80), Some(0x82)) | (0xEF, Some(0xBC), Some(0x81 | 0x9F)) => {
                return Some(p)
            }
            _ => i = p + 1,
        }
    }
    None
}

/// `s.trim_start_matches(WHITE)` on bytes: a character-set search decodes every
/// character, and this runs on every line.
pub(super) fn trim_white_start(mut s: &str) -> &str {
    loop {
        let n = match s.as_bytes() {
            [b' ' | b'\t', ..] => 1,
            [0xC2, 0xA0, ..] => 2,
            [0xE3, 0x80, 0x80, ..] | [0xEF, 0xBB, 0xBF, ..] | [0xE2, 0x80, 0x82 | 0x83, ..] => 3,
            _ => return s,
        };
        // The bytes matched are whole characters.
        s = &s[n..];
    }
}

/// `s.trim_matches(WHITE)`.
pub(super) fn trim_white(s: &str) -> &str {
    trim_white_end(trim_white_start(s))
}

/// `s.trim_end_matches(WHITE)` on bytes.
fn trim_white_end(mut s: &str) -> &str {
    loop {
        let n = match s.as_bytes() {
            [.., b' ' | b'\t'] => 1,
            [.., 0xC2, 0xA0] => 2,
            [.., 0xE3, 0x80, 0x80] | [.., 0xEF, 0xBB, 0xBF] | [.., 0xE2, 0x80, 0x82 | 0x83] => 3,
            _ => return s,
        };
        s = &s[..s.len() - n];
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || WHITE.contains(&c)
}

pub(super) const HEADING_TRAIL: &[char] = &['：', ':', '，', ',', '；', ';', '。', '、'];

/// Text with all white space removed (to compare repeated titles).
pub(super) fn squash(s: &str) -> String {
    squashed(s).collect()
}

/// The characters of `s` without white space.
pub(super) fn squashed(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| !c.is_whitespace() && !WHITE.contains(c))
}

pub(super) fn contains_any(s: &str, words: &[String]) -> bool {
    words.iter().any(|w| s.contains(w.as_str()))
}

pub(super) fn trimmed_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    // Most spans start and end with a character that is not white space.
    let lead = if s.chars().next().is_some_and(|c| !is_space(c)) {
        0
    } else {
        s.len() - trim_white_start(s).trim_start().len()
    };
    let trail = if s.chars().next_back().is_some_and(|c| !is_space(c)) {
        0
    } else {
        s.len() - trim_white_end(s).trim_end().len()
    };
    if lead + trail >= s.len() {
        return Span::empty(span.start);
    }
    Span::new(span.start + lead, span.end - trail)
}

/// A CJK ideograph (the characters heading wording is made of).
pub(super) fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Is `s` a date line and nothing else ("2023年12月1日", "二〇二三年十二月三十一日", white
/// space around and between)? The same lines as [`DATE_LINE`], matched by hand: a
/// report's sign-off is read on every report, and compiling the regex cost more than
/// reading all of a report's lines.
pub(super) fn is_date_line(s: &str) -> bool {
    let digit = |c: char| matches!(c, '0'..='9' | '０'..='９');
    let year_numeral = |c: char| {
        matches!(
            c,
            '〇' | '○' | '零' | 'O' | 'Ｏ' | '０' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
        )
    };
    let numeral = |c: char| matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十');
    // `\s` is Unicode White_Space, as `char::is_whitespace`; the numbers and the three
    // characters are none of it, so trimming takes exactly the white space around.
    let mut rest = s.trim_matches(char::is_whitespace);
    // A number, then `unit`: the characters up to white space or `unit`, at least
    // `min`, all Arabic digits (at most `digits` of them) or all numerals `numeral`
    // accepts (at most `numerals`).
    let mut number = |unit: char, min: usize, digits: usize, numerals: usize, numeral: &dyn Fn(char) -> bool| {
        let end = rest.find(|c: char| c == unit || c.is_whitespace()).unwrap_or(rest.len());
        let n = &rest[..end];
        let count = n.chars().count();
        let ok = count >= min
            && ((count <= digits && n.chars().all(digit)) || (count <= numerals && n.chars().all(numeral)));
        match rest[end..].trim_start_matches(char::is_whitespace).strip_prefix(unit) {
            Some(after) if ok => {
                rest = after.trim_start_matches(char::is_whitespace);
                true
            }
            _ => false,
        }
    };
    // The year has four characters; the month one or two, the day up to three
    // Chinese numerals (三十一).
    number('年', 4, 4, 4, &year_numeral)
        && number('月', 1, 2, 2, &numeral)
        && number('日', 1, 2, 3, &numeral)
        && rest.is_empty()
}

/// The date line as a regex: what [`is_date_line`] matches (a test holds them equal).
#[cfg(test)]
const DATE_LINE: &str = r"^[\s\u{3000}\u{00A0}]*(?:[0-9０-９]{4}|[〇○零OＯ０一二三四五六七八九]{4})\s*年\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日[\s\u{3000}\u{00A0}]*$";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_line_matcher_is_the_regex() {
        let re = regex::Regex::new(DATE_LINE).unwrap();
        let same = |t: &str| assert_eq!(is_date_line(t), re.is_match(t), "{t:?}");
        let dates = [
            "2023年12月1日",
            "二〇二三年十二月三十一日",
            "２０２３ 年 ３ 月 ８ 日",
            " 二O二四年一月五日\u{3000}",
            "2023年1月1日",
        ];
        for d in dates {
            assert!(is_date_line(d), "{d}");
        }
        // Each date with every character replaced by, or preceded by, each of a set
        // of characters that matter (numerals of each kind, the units, white space).
        let alphabet = ['2', '０', '２', '〇', 'O', '二', '十', '年', '月', '日', ' ', '\u{3000}', '\n', 'x'];
        for d in dates {
            let cs: Vec<char> = d.chars().collect();
            same(d);
            for i in 0..=cs.len() {
                for &a in &alphabet {
                    let mut t = cs.clone();
                    t.insert(i, a);
                    same(&t.iter().collect::<String>());
                    if i < cs.len() {
                        let mut t = cs.clone();
                        t[i] = a;
                        same(&t.iter().collect::<String>());
                        t.remove(i);
                        same(&t.iter().collect::<String>());
                    }
                }
            }
        }
        // Every text of up to five characters of the set.
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            texts = texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.iter().for_each(|t| same(t));
        }
    }

    #[test]
    fn byte_level_helpers_agree_with_the_character_searches() {
        let samples = [
            "",
            " ",
            "\u{3000}\u{3000}正文",
            "正文\u{3000}",
            "\u{FEFF}\u{00A0}x\u{2002}\u{2003}",
            "\t\t",
            "「」『』",
            "结束。后文",
            "好吗？是的",
            "Ready! go",
            "why?",
            "全角！",
            "〃〇、",
            "ｘ＃？",
            "﻿",
            "末尾\u{00A0}",
            "é",
            "\u{2000}\u{3001}",
            "\u{3000}\u{2028}\u{FEFF}正文\u{FEFF}\n\u{3000}",
            " \u{85}x\u{2003}\t",
            "\u{FEFF}\u{3000}\r\n",
        ];
        for s in samples {
            assert_eq!(trim_white_start(s), s.trim_start_matches(WHITE), "{s:?}");
            assert_eq!(trim_white_end(s), s.trim_end_matches(WHITE), "{s:?}");
            assert_eq!(trim_white(s), s.trim_matches(WHITE), "{s:?}");
            assert_eq!(find_sentence_end(s), s.find(SENTENCE_END), "{s:?}");
            let lead = s.len() - s.trim_start_matches(WHITE).trim_start().len();
            let trail = s.len() - s.trim_end_matches(WHITE).trim_end().len();
            let want = if lead + trail >= s.len() { Span::empty(0) } else { Span::new(lead, s.len() - trail) };
            assert_eq!(trimmed_span(s, Span::new(0, s.len())), want, "{s:?}");
        }
    }
}

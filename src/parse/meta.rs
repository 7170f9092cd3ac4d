//! Metadata from the parsed report: the year reported on (title, preamble, first heading
//! or the commonest year in the body) and the issuing unit (the title's, else the
//! sign-off's).

use super::config::DocumentConfig;
use super::numbering::cn_to_u32;
use super::text::WHITE;
use super::tree::*;
use crate::span::Span;
use regex::Regex;
use std::sync::OnceLock;

/// Is `c` a digit of a year in Arabic numerals (ASCII or full-width)?
fn year_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Can `c` stand in a year in Chinese numerals after its first character (二〇二三, and
/// 二O二三 with a letter O or a digit for the 〇, as people type it)?
fn cn_year_digit(c: char) -> bool {
    cn_year_digit_value(c).is_some()
}

/// The years written before a 年 in `s`, as byte ranges from the year's first digit to
/// the end of the 年, in order: 19[89]D or 20DD in Arabic digits (D: ASCII or
/// full-width), with `chinese` also [一二] and three Chinese numerals; any white space
/// between the year and the 年. This is what the regex
/// `(19[89]D|20DD|[一二][〇○零Oo0０一二三四五六七八九]{3})\s*年` finds with `find_iter`: each
/// alternative is four characters none of which is white space or 年, so a match ends
/// at a 年 and starts exactly four characters before the white space that precedes it,
/// and matches never overlap. Matched by hand because compiling the regex (its Unicode
/// `\s`) cost more than reading a whole report.
fn year_spans(s: &str, chinese: bool) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    s.match_indices('年').filter_map(move |(at, _)| {
        let head = s[..at].trim_end_matches(char::is_whitespace);
        let mut rev = head.char_indices().rev();
        let mut four = ['\0'; 4];
        let mut start = 0;
        for slot in four.iter_mut().rev() {
            let (i, c) = rev.next()?;
            *slot = c;
            start = i;
        }
        let arabic = match four {
            ['1', '9', c, d] => matches!(c, '8' | '9') && year_digit(d),
            ['2', '0', c, d] => year_digit(c) && year_digit(d),
            _ => false,
        };
        let cn = chinese && matches!(four[0], '一' | '二') && four[1..].iter().all(|&c| cn_year_digit(c));
        (arabic || cn).then_some(start..at + '年'.len_utf8())
    })
}

/// The digit a character of a year in Chinese numerals stands for (〇 also typed as a
/// letter O or a digit).
fn cn_year_digit_value(c: char) -> Option<i32> {
    match c {
        '○' | 'O' | 'o' | '0' | '０' => Some(0),
        _ => super::numbering::cn_digit(c).map(|d| d as i32),
    }
}

/// The value of a year written in Chinese numerals (二〇二三 → 2023).
fn chinese_year_value(s: &str) -> Option<i32> {
    let mut v = 0i32;
    for c in s.chars() {
        v = v * 10 + cn_year_digit_value(c)?;
    }
    (1980..2100).contains(&v).then_some(v)
}

/// Years in a piece of text, in Arabic or Chinese numerals (二〇二三年), skipping ranges
/// ("2021—2025年", "2020-2025年") and years inside book-title marks 《…》 (names of other
/// documents).
pub fn years_in(s: &str) -> Vec<(usize, i32)> {
    let mut out = Vec::new();
    for m in year_spans(s, true) {
        let before = s[..m.start].chars().next_back();
        if matches!(before, Some('-' | '—' | '–' | '－' | '~' | '～' | '至' | '到')) {
            continue;
        }
        if before.is_some_and(|c| c.is_ascii_digit() || super::line::is_cn_digit(c)) {
            continue;
        }
        // Inside 《…》: an unmatched 《 before it.
        let head = &s[..m.start];
        let open = head.rfind('《');
        let close = head.rfind('》');
        if open.is_some() && (close.is_none() || close < open) {
            continue;
        }
        let digits = s[m.clone()].trim_end_matches('年').trim_end();
        let y = match digits.parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => chinese_year_value(digits),
        };
        if let Some(y) = y {
            out.push((m.start, y));
        }
    }
    out
}

/// The year reported on: the title's, else a preamble that opens with a year, else
/// the first level-1 heading with a year, else the commonest year in the body.
pub(super) fn detect_year(text: &str, r: &Report) -> Option<(i32, YearSource)> {
    if let Some(t) = &r.title {
        if let Some((_, y)) = years_in(&t.text).first() {
            return Some((*y, YearSource::Title));
        }
        if let Some(y) = chinese_year(&t.text) {
            return Some((y, YearSource::Title));
        }
    }
    for p in r.preamble.iter().take(3) {
        let s = p.span.slice(text);
        if let Some((0, y)) = years_in(s).first() {
            return Some((*y, YearSource::Preamble));
        }
    }
    if let Some(s) = r.top_level().next() {
        if let Some((_, y)) = years_in(s.heading.slice(text)).first() {
            return Some((*y, YearSource::Heading));
        }
    }
    // Commonest year in the text before the last level-1 part (plans name next year).
    let end = match r.top_level().count() {
        n if n >= 2 => r.top_level().last().map(|s| s.span.start).unwrap_or(r.body.end),
        _ => r.body.end,
    };
    let span = Span::new(r.body.start, end.max(r.body.start));
    let mut counts: Vec<(i32, usize, usize)> = Vec::new();
    for (pos, y) in years_in(span.slice(text)) {
        match counts.iter_mut().find(|c| c.0 == y) {
            Some(c) => c.1 += 1,
            None => counts.push((y, 1, pos)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    counts.first().map(|c| (c.0, YearSource::Body))
}

fn chinese_year(s: &str) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"([〇零一二三四五六七八九]{4})\s*年").expect("constant regex"));
    let c = re.captures(s)?;
    let y = cn_to_u32(c.get(1)?.as_str())? as i32;
    (1980..2100).contains(&y).then_some(y)
}

/// The issuing unit from the title: the text before 关于, or before the subject words,
/// with years and web watermarks removed.
fn unit_from_title(title: &str, cfg: &DocumentConfig) -> Option<String> {
    static URL: OnceLock<Regex> = OnceLock::new();
    let mut t: &str = title;
    // Every web address the regex finds has a dot; most titles have none, and then
    // the regex is never built.
    if title.contains('.') {
        let url = URL.get_or_init(|| {
            Regex::new(r"(?i)(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|cn|net|org|gov)(?:\.cn)?")
                .expect("constant regex")
        });
        if let Some(m) = url.find_iter(title).last() {
            t = &title[m.end()..];
        }
    }
    let mut unit = match t.find("关于") {
        Some(p) => t[..p].to_string(),
        None => {
            let mut no_year = String::with_capacity(t.len());
            let mut last = 0;
            for m in year_spans(t, false) {
                no_year.push_str(&t[last..m.start]);
                last = m.end;
            }
            no_year.push_str(&t[last..]);
            let no_year = no_year.replace('度', "");
            let mut end = no_year.len();
            for w in &cfg.unit_end_before {
                if let Some(p) = no_year.find(w.as_str()) {
                    end = end.min(p);
                }
            }
            no_year[..end].to_string()
        }
    };
    unit = unit.trim_matches(|c: char| c.is_whitespace() || WHITE.contains(&c)).to_string();
    // The unit line above a title that names the unit again ("某区民政局" / "某区民政局关于…")
    // gives the name twice.
    let half = unit.len() / 2;
    if unit.len() % 2 == 0 && unit.is_char_boundary(half) && unit[..half] == unit[half..] {
        unit.truncate(half);
    }
    unit_shaped(&unit).then_some(unit)
}

/// Can this be a unit's name? Not a fragment of a sentence (以来,国家税务总局上海…) or of page
/// furniture (今天是:10月31日): no clause punctuation, no date, not overlong.
fn unit_shaped(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && !s.contains(['，', ',', '。', '：', ':', '；', ';', '！', '!', '？', '?'])
        && !(s.contains('月') && s.contains('日') && s.chars().any(|c| c.is_ascii_digit()))
}

/// The issuing unit and whether the title names it: the title's, else (a title without
/// the unit) the sign-off's.
pub(super) fn detect_unit(
    text: &str,
    title: Option<&Title>,
    sign_off: Option<&SignOff>,
    cfg: &DocumentConfig,
) -> (Option<String>, bool) {
    if let Some(unit) = title.and_then(|t| unit_from_title(&t.text, cfg)) {
        return (Some(unit), true);
    }
    (sign_off.and_then(|s| s.unit).map(|u| u.slice(text).to_string()).filter(|u| unit_shaped(u)), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_skip_ranges_and_book_titles() {
        let ys: Vec<i32> =
            years_in("《纲要（2021—2025年）》2022年，《某市2023年要点》2020-2025年").into_iter().map(|x| x.1).collect();
        assert_eq!(ys, vec![2022]);
        let ys: Vec<i32> =
            years_in("二〇二三年工作；二O二四年安排；一二三四年；十二〇二三年").into_iter().map(|x| x.1).collect();
        assert_eq!(ys, vec![2023, 2024]);
    }

    /// The hand matcher finds what the regexes it replaces find, on every string of up
    /// to six characters from an alphabet of the edge cases (and on longer random ones).
    #[test]
    fn year_spans_are_the_regex_matches() {
        let any = Regex::new(r"(19[89][0-9０-９]|20[0-9０-９][0-9０-９]|[一二][〇○零Oo0０一二三四五六七八九]{3})\s*年")
            .unwrap();
        let arabic = Regex::new(r"(19[89][0-9０-９]|20[0-9０-９][0-9０-９])\s*年").unwrap();
        let alphabet = ['1', '9', '8', '2', '0', '３', '二', '〇', '年', ' ', '\u{3000}', 'x'];
        let check = |s: &str| {
            let want: Vec<_> = any.find_iter(s).map(|m| m.range()).collect();
            assert_eq!(year_spans(s, true).collect::<Vec<_>>(), want, "{s:?}");
            let want: Vec<_> = arabic.find_iter(s).map(|m| m.range()).collect();
            assert_eq!(year_spans(s, false).collect::<Vec<_>>(), want, "{s:?}");
        };
        let mut s = String::new();
        let mut idx = vec![0usize; 0];
        // Every string of length 0..=6 over the alphabet (12^6 ≈ 3 M would be slow: the
        // lengths up to 5 exhaustively, then a pseudo-random sample of longer ones).
        for len in 0..=5 {
            idx.clear();
            idx.resize(len, 0);
            loop {
                s.clear();
                s.extend(idx.iter().map(|&i| alphabet[i]));
                check(&s);
                let mut k = 0;
                while k < len && idx[k] + 1 == alphabet.len() {
                    idx[k] = 0;
                    k += 1;
                }
                if k == len {
                    break;
                }
                idx[k] += 1;
            }
        }
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            s.clear();
            for _ in 0..24 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            check(&s);
        }
    }
}

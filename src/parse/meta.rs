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

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(19[89][0-9０-９]|20[0-9０-９][0-9０-９])\s*年").expect("constant regex"))
}

/// A year in Arabic or Chinese numerals ("2023年", "二〇二三年", "二O二三年" with a letter O or
/// a digit for the 〇, as people type it).
fn any_year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(19[89][0-9０-９]|20[0-9０-９][0-9０-９]|[一二][〇○零Oo0０一二三四五六七八九]{3})\s*年")
            .expect("constant regex")
    })
}

/// The value of a year written in Chinese numerals (二〇二三 → 2023).
fn chinese_year_value(s: &str) -> Option<i32> {
    let mut v = 0i32;
    for c in s.chars() {
        let d = match c {
            '〇' | '○' | '零' | 'O' | 'o' | '0' | '０' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        };
        v = v * 10 + d;
    }
    (1980..2100).contains(&v).then_some(v)
}

/// Years in a piece of text, in Arabic or Chinese numerals (二〇二三年), skipping ranges
/// ("2021—2025年", "2020-2025年") and years inside book-title marks 《…》 (names of other
/// documents).
pub fn years_in(s: &str) -> Vec<(usize, i32)> {
    let mut out = Vec::new();
    for m in any_year_re().find_iter(s) {
        let before = s[..m.start()].chars().next_back();
        if matches!(before, Some('-' | '—' | '–' | '－' | '~' | '～' | '至' | '到')) {
            continue;
        }
        if before.is_some_and(|c| c.is_ascii_digit() || super::line::is_cn_digit(c)) {
            continue;
        }
        // Inside 《…》: an unmatched 《 before it.
        let head = &s[..m.start()];
        let open = head.rfind('《');
        let close = head.rfind('》');
        if open.is_some() && (close.is_none() || close < open) {
            continue;
        }
        let digits = m.as_str().trim_end_matches('年').trim_end();
        let y = match digits.parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => chinese_year_value(digits),
        };
        if let Some(y) = y {
            out.push((m.start(), y));
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
            let no_year = year_re().replace_all(t, "").replace('度', "");
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
}

//! `numbering.xml`: list definitions and the counters that render visible markers, and
//! the Word number formats (ECMA-376 `ST_NumberFormat`) the .doc and .odt readers share.

use super::part::{attr, for_each_event, local, val, Part};
use crate::input::InputError;
use quick_xml::events::Event;
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug)]
struct Level {
    start: i64,
    fmt: String,
    text: String,
    /// `w:lvlRestart`: 0 never restarts; n restarts after a use of level n (1-based).
    restart: Option<u32>,
    legal: bool,
    /// `w:suff`: what follows the marker (tab by default, space, nothing).
    suffix: bool,
    style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            fmt: "decimal".into(),
            text: String::new(),
            restart: None,
            legal: false,
            suffix: true,
            style: None,
        }
    }
}

const LEVELS: usize = 9;

/// Longest `w:lvlText` kept (bytes) and longest marker rendered from it: real markers
/// ("第一章", "（一）", "1.1.1") are a few characters. A longer template renders no
/// marker, so a 1 MiB `lvlText` cannot be repeated into every paragraph.
pub(crate) const MAX_LABEL_BYTES: usize = 256;

/// Total bytes of markers one document may render (a generous 1 MiB: ~100,000 markers).
/// Past it, paragraphs keep their text without a rendered marker.
pub(crate) const MAX_NUMBERING_BYTES: usize = 1 << 20;

#[derive(Default)]
struct Num {
    abstract_id: String,
    start_overrides: HashMap<u8, i64>,
    levels: HashMap<u8, Level>,
}

#[derive(Default)]
pub(super) struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, Num>,
    /// Last value used per level, per abstract list (Word continues a list across
    /// instances of the same abstract definition unless a start override restarts it).
    counters: HashMap<String, [Option<i64>; LEVELS]>,
    started: HashSet<String>,
    /// Bytes of markers rendered so far (bounded by `MAX_NUMBERING_BYTES`).
    rendered: usize,
}

/// Where the numbering.xml reader is.
enum NumScope {
    None,
    Abstract(String),
    Num(String),
}

impl Numbering {
    pub(super) fn read(part: Part<'_, '_>, name: &str, limit: u64) -> Result<Numbering, InputError> {
        let mut n = Numbering::default();
        let mut scope = NumScope::None;
        // The level being read: (ilvl, level, inside a num's lvlOverride).
        let mut level: Option<(u8, Level)> = None;
        let mut override_lvl: Option<u8> = None;
        for_each_event(part, name, limit, InputError::NotDocx, |ev, _| match ev {
            Event::Start(e) | Event::Empty(e) => {
                let is_start = matches!(ev, Event::Start(_));
                match local(e).as_str() {
                    "abstractNum" if is_start => {
                        scope = attr(e, "abstractNumId").map_or(NumScope::None, NumScope::Abstract);
                    }
                    "num" if is_start => {
                        scope = attr(e, "numId").map_or(NumScope::None, NumScope::Num);
                    }
                    "abstractNumId" => {
                        if let (NumScope::Num(id), Some(v)) = (&scope, val(e)) {
                            n.nums.entry(id.clone()).or_default().abstract_id = v;
                        }
                    }
                    "lvlOverride" if is_start => override_lvl = attr(e, "ilvl").and_then(|v| v.parse().ok()),
                    "startOverride" => {
                        if let (NumScope::Num(id), Some(l), Some(v)) =
                            (&scope, override_lvl, val(e).and_then(|v| v.parse().ok()))
                        {
                            n.nums.entry(id.clone()).or_default().start_overrides.insert(l, v);
                        }
                    }
                    "lvl" if is_start => {
                        level = attr(e, "ilvl").and_then(|v| v.parse::<u8>().ok()).map(|i| (i, Level::default()));
                    }
                    tag => {
                        if let Some((_, l)) = level.as_mut() {
                            let v = val(e);
                            match (tag, v) {
                                ("start", Some(v)) => l.start = v.parse().unwrap_or(1),
                                ("numFmt", Some(v)) => l.fmt = v,
                                // Too long to be a marker: kept empty (renders none).
                                ("lvlText", Some(v)) => {
                                    l.text = if v.len() <= MAX_LABEL_BYTES { v } else { String::new() }
                                }
                                ("lvlRestart", Some(v)) => l.restart = v.parse().ok(),
                                ("isLgl", v) => l.legal = v.is_none_or(|v| v != "0" && v != "false"),
                                ("suff", Some(v)) => l.suffix = v != "nothing",
                                ("pStyle", Some(v)) => l.style = Some(v),
                                _ => {}
                            }
                        }
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "lvl" => {
                    if let Some((i, l)) = level.take() {
                        let i = i.min(LEVELS as u8 - 1);
                        match (&scope, override_lvl) {
                            (NumScope::Abstract(id), _) => {
                                let v = n.abstracts.entry(id.clone()).or_insert_with(|| vec![Level::default(); LEVELS]);
                                v[i as usize] = l;
                            }
                            (NumScope::Num(id), Some(_)) => {
                                n.nums.entry(id.clone()).or_default().levels.insert(i, l);
                            }
                            _ => {}
                        }
                    }
                }
                "lvlOverride" => override_lvl = None,
                "abstractNum" | "num" => scope = NumScope::None,
                _ => {}
            },
            _ => {}
        })?;
        Ok(n)
    }

    /// The level a style is attached to inside a list (`w:pStyle` on a `w:lvl`).
    pub(super) fn level_of_style(&self, num_id: &str, style: &str) -> Option<u8> {
        let abs = self.abstracts.get(&self.nums.get(num_id)?.abstract_id)?;
        abs.iter().position(|l| l.style.as_deref() == Some(style)).and_then(|i| u8::try_from(i).ok())
    }

    /// Advance the list `num_id` at level `ilvl` and render the visible marker.
    pub(super) fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let num = self.nums.get(num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        let ilvl = usize::from(ilvl.min(LEVELS as u8 - 1));
        let level_at = |i: usize| -> &Level { num.levels.get(&(i as u8)).unwrap_or(&levels[i]) };
        let counters = self.counters.entry(num.abstract_id.clone()).or_insert([None; LEVELS]);
        if self.started.insert(num_id.to_string()) {
            for (&l, &s) in &num.start_overrides {
                if let Some(c) = counters.get_mut(usize::from(l)) {
                    *c = Some(s - 1);
                }
            }
        }
        let lvl = level_at(ilvl);
        counters[ilvl] = Some(counters[ilvl].map_or(lvl.start, |v| v.saturating_add(1)));
        for (d, c) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            let restart_after = level_at(d).restart.unwrap_or(d as u32);
            if restart_after != 0 && (ilvl as u32) < restart_after {
                *c = None;
            }
        }
        if lvl.fmt == "bullet" {
            return None;
        }
        let mut out = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(k @ 1..=9)) => {
                    chars.next();
                    let k = k as usize - 1;
                    let at = level_at(k);
                    let value = counters[k].unwrap_or(at.start);
                    let fmt = if lvl.legal { "decimal" } else { at.fmt.as_str() };
                    out.push_str(&format_number(value, fmt));
                }
                _ => out.push(c),
            }
            if out.len() > MAX_LABEL_BYTES {
                return None;
            }
        }
        if out.is_empty() {
            return None;
        }
        // Typed reports write "一、加强…" with nothing after the mark; keep that shape.
        // A marker ending in a letter or digit ("第一章") is followed by a space.
        if lvl.suffix && out.chars().last().is_some_and(char::is_alphanumeric) {
            out.push(' ');
        }
        if self.rendered + out.len() > MAX_NUMBERING_BYTES {
            return None;
        }
        self.rendered += out.len();
        Some(out)
    }
}

/// Render a list counter in a Word number format (ECMA-376 ST_NumberFormat).
pub(crate) fn format_number(n: i64, fmt: &str) -> String {
    let small = |base: u32, max: i64| (1..=max).contains(&n).then(|| char::from_u32(base + n as u32 - 1)).flatten();
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese(n, &CN_LOWER),
        "chineseLegalSimplified" => chinese(n, &CN_LEGAL),
        "ideographLegalTraditional" => chinese(n, &CN_LEGAL_TRAD),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|c| {
                c.to_digit(10).map_or(c, |d| ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'][d as usize])
            })
            .collect(),
        "ideographTraditional" => cycle(n, &['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸']),
        "ideographZodiac" => cycle(n, &['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥']),
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| c.to_digit(10).and_then(|d| char::from_u32(0xFF10 + d)).unwrap_or(c))
            .collect(),
        "decimalEnclosedParen" => small(0x2474, 20).map_or_else(|| format!("({n})"), String::from),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            small(0x2460, 20).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" => small(0x2488, 20).map_or_else(|| format!("{n}."), String::from),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerLetter" => letters(n).to_lowercase(),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

const CN_LOWER: [char; 14] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '零'];

const CN_LEGAL: [char; 14] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖', '拾', '佰', '仟', '零'];

const CN_LEGAL_TRAD: [char; 14] = ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖', '拾', '佰', '仟', '零'];

/// Chinese counting numerals: 1 一, 10 十, 11 十一, 20 二十, 101 一百零一. Values outside
/// 1..=9999 fall back to Arabic digits.
fn chinese(n: i64, d: &[char; 14]) -> String {
    if !(1..=9999).contains(&n) {
        return n.to_string();
    }
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = [Some(d[12]), Some(d[11]), Some(d[10]), None];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &v) in digits.iter().enumerate() {
        if v == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push(d[13]);
            pending_zero = false;
        }
        // 十一 rather than 一十一 when ten is the leading unit.
        if !(i == 2 && v == 1 && out.is_empty()) {
            out.push(d[v as usize]);
        }
        if let Some(u) = units[i] {
            out.push(u);
        }
    }
    out
}

fn cycle(n: i64, set: &[char]) -> String {
    if n < 1 {
        return n.to_string();
    }
    set[((n - 1) as usize) % set.len()].to_string()
}

fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// A, B, … Z, AA, BB … (Word repeats the letter).
fn letters(n: i64) -> String {
    if !(1..=780).contains(&n) {
        return n.to_string();
    }
    let c = char::from(b'A' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(c, ((n - 1) / 26 + 1) as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let got: Vec<String> =
            [1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 1000, 1001].iter().map(|&n| chinese(n, &CN_LOWER)).collect();
        assert_eq!(
            got,
            [
                "一",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一千",
                "一千零一"
            ]
        );
        assert_eq!(chinese(0, &CN_LOWER), "0");
        assert_eq!(format_number(3, "chineseLegalSimplified"), "叁");
    }

    #[test]
    fn other_formats() {
        assert_eq!(format_number(2, "decimalEnclosedParen"), "⑵");
        assert_eq!(format_number(21, "decimalEnclosedParen"), "(21)");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(11, "ideographTraditional"), "甲");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(105, "ideographDigital"), "一〇五");
        assert_eq!(format_number(7, "decimalZero"), "07");
        assert_eq!(format_number(-3, "upperRoman"), "-3");
    }
}

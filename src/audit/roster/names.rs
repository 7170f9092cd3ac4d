//! Unit names as rosters and reports write them: the comparison key of a name (folded
//! spellings, the place names it starts with), what a unit name looks like (so the unit
//! column of a table is found by its content), which cells are headers, titles, notes
//! or group labels, and the unit named at the start of a title or file name. The words
//! are data (`roster.yaml`).

use crate::normalize::to_simplified;
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vocab {
    unit_ends: Vec<String>,
    generic: Vec<String>,
    header: Vec<String>,
    other_headers: Vec<String>,
    note_starts: Vec<String>,
    title_any: Vec<String>,
    folds: Vec<(String, String)>,
    place_ends: Vec<char>,
    place_end_words: Vec<String>,
    not_places: Vec<String>,
}

const ROSTER_YAML: &str = include_str!("roster.yaml");

fn compile(src: &str) -> Result<Vocab, String> {
    let mut v: Vocab = serde_saphyr::from_str(src).map_err(|e| e.to_string())?;
    // Header words are compared in their loose form (brackets and punctuation dropped).
    v.header = v.header.iter().map(|h| plain(h)).collect();
    v.other_headers = v.other_headers.iter().map(|h| plain(h)).collect();
    v.generic = v.generic.iter().map(|g| plain(g)).collect();
    Ok(v)
}

fn vocab() -> &'static Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    // Embedded at build time and compiled by a unit test: a failure is a build defect.
    V.get_or_init(|| {
        compile(ROSTER_YAML).unwrap_or_else(|_| Vocab {
            unit_ends: Vec::new(),
            generic: Vec::new(),
            header: Vec::new(),
            other_headers: Vec::new(),
            note_starts: Vec::new(),
            title_any: Vec::new(),
            folds: Vec::new(),
            place_ends: Vec::new(),
            place_end_words: Vec::new(),
            not_places: Vec::new(),
        })
    })
}

/// Opening and closing brackets of asides inside a name.
const OPEN: [char; 4] = ['（', '(', '【', '['];
const CLOSE: [char; 4] = ['）', ')', '】', ']'];

/// The name without its bracketed asides (东湖区司法局（区委依法治区办） → 东湖区司法局),
/// unless that leaves nothing; and the asides.
fn split_asides(s: &str) -> (String, Vec<String>) {
    let mut main = String::with_capacity(s.len());
    let mut asides = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in s.chars() {
        if OPEN.contains(&c) {
            depth += 1;
            if depth == 1 {
                cur.clear();
                continue;
            }
        } else if CLOSE.contains(&c) && depth > 0 {
            depth -= 1;
            if depth == 0 {
                asides.push(std::mem::take(&mut cur));
                continue;
            }
        }
        if depth > 0 {
            cur.push(c);
        } else {
            main.push(c);
        }
    }
    if depth > 0 {
        // An unclosed bracket: keep its text.
        main.push_str(&cur);
    }
    if main.chars().all(|c| !c.is_alphanumeric()) {
        return (s.to_string(), Vec::new());
    }
    (main, asides)
}

/// Simplified characters, letters and digits only (spaces and punctuation dropped).
fn plain(s: &str) -> String {
    to_simplified(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A name folded: simplified, asides, spaces and punctuation dropped, the spellings of
/// `folds` unified (人民政府 → 政府, 办公室 → 办 …).
pub fn loose(name: &str) -> String {
    let (main, _) = split_asides(&to_simplified(name));
    let mut s = plain(&main);
    for (from, to) in &vocab().folds {
        if s.contains(from.as_str()) {
            s = s.replace(from.as_str(), to);
        }
    }
    s
}

/// The comparison key of a unit name: [`loose`], 政府 inside a department's name read
/// as a filler (东湖区政府信访局 = 东湖区信访局), and a bare place name read as its
/// government (东城区 = 东城区人民政府).
pub fn key(name: &str) -> String {
    let s = loose(name);
    let mut out = String::with_capacity(s.len() + 6);
    let mut rest = s.as_str();
    while let Some(p) = rest.find("政府") {
        let after = &rest[p + "政府".len()..];
        out.push_str(&rest[..p]);
        if after.is_empty() || after.starts_with('办') {
            out.push_str("政府");
        }
        rest = after;
    }
    out.push_str(rest);
    let split = Split::of(&out);
    if split.rest.is_empty() && !split.places.is_empty() {
        out.push_str("政府");
    }
    out
}

/// The bracketed asides of a name that are unit names themselves (区司法局（区委依法治区办）:
/// 区委依法治区办), as further keys of the same unit.
pub fn alias_keys(name: &str) -> Vec<String> {
    let (_, asides) = split_asides(&to_simplified(name));
    asides.iter().filter(|a| looks_like_unit(a)).map(|a| key(a)).filter(|k| k.chars().count() >= 2).collect()
}

/// A key taken apart: the place names it starts with (深圳市, 龙华区), a lone place word
/// standing for an unnamed place (区信访局: 区), and the rest (人力资源局).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub places: Vec<&'a str>,
    pub lone: Option<char>,
    pub rest: &'a str,
}

/// Longest place name taken apart (characters), and most places in a chain.
const MAX_PLACE_CHARS: usize = 12;
const MAX_PLACES: usize = 4;

impl<'a> Split<'a> {
    pub fn of(key: &'a str) -> Split<'a> {
        let v = vocab();
        let mut places = Vec::new();
        let mut rest = key;
        let mut lone = None;
        if let Some(c) = rest.chars().next() {
            let word = v.not_places.iter().any(|w| rest.starts_with(w.as_str()));
            if v.place_ends.contains(&c) && rest.chars().count() > 2 && !word {
                lone = Some(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        while lone.is_none() && places.len() < MAX_PLACES {
            let Some(end) = place_end(rest, v) else { break };
            places.push(&rest[..end]);
            rest = &rest[end..];
        }
        Split { places, lone, rest }
    }

    /// The last place name (the unit's own place: 龙华区 of 深圳市龙华区人力资源局).
    pub fn last_place(&self) -> Option<&'a str> {
        self.places.last().copied()
    }

    /// Does this unit's place chain end with `other`'s (北京市东城区 … and 东城区 …)?
    pub fn places_end_with(&self, other: &Split<'_>) -> bool {
        !other.places.is_empty()
            && other.places.len() <= self.places.len()
            && self.places[self.places.len() - other.places.len()..] == other.places[..]
    }
}

/// Byte length of a place name at the start of `s`: at least two characters, ending in a
/// place character (or word), the first such end; none when a unit's word (局, 委 …)
/// comes first (国家税务总局上海市… starts with no place) or the place character starts a
/// word that is no place (市场).
fn place_end(s: &str, v: &Vocab) -> Option<usize> {
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n >= MAX_PLACE_CHARS {
            return None;
        }
        if n == 0 {
            continue;
        }
        if v.not_places.iter().any(|w| s[i..].starts_with(w.as_str())) {
            return None;
        }
        if v.place_ends.contains(&c) {
            return Some(i + c.len_utf8());
        }
        if let Some(w) = v.place_end_words.iter().find(|w| s[i..].starts_with(w.as_str())) {
            return Some(i + w.len());
        }
        if UNIT_WORD_CHARS.contains(&c) {
            return None;
        }
    }
    None
}

/// Characters that end a unit's word inside a name: a place name never holds one.
const UNIT_WORD_CHARS: [char; 8] = ['局', '委', '办', '厅', '部', '院', '署', '府'];

/// Can this character go on a unit's name (东城区政府|办, 司法|局)? A roster name found in a
/// title must not be followed by one.
pub fn continues_name(c: char) -> bool {
    UNIT_WORD_CHARS.contains(&c) || "室处科所站队中会司厅".contains(c)
}

/// Characters after which a name may go on with a place or a unit of its own
/// (国家税务总局|上海市|浦东新区|税务局): where the suffixes of a roster key are indexed.
pub fn is_boundary_char(c: char) -> bool {
    UNIT_WORD_CHARS.contains(&c) || vocab().place_ends.contains(&c) || c == '道'
}

/// A serial number at the start of a line or cell (1. 1、 1） （1） (1) ① 一、 01 ),
/// with the spaces after it: its byte length.
pub fn serial_len(s: &str) -> usize {
    let t = s.trim_start();
    let lead = s.len() - t.len();
    let chars: Vec<(usize, char)> = t.char_indices().take(8).collect();
    let at = |k: usize| chars.get(k).map(|x| x.1);
    let end_of = |k: usize| chars.get(k).map(|x| x.0).unwrap_or(t.len());
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let is_cn = |c: char| "一二三四五六七八九十".contains(c);
    let mut k = 0;
    let found = if matches!(at(0), Some('（' | '(')) {
        k = 1;
        while at(k).is_some_and(|c| is_digit(c) || is_cn(c)) && k < 4 {
            k += 1;
        }
        if k > 1 && matches!(at(k), Some('）' | ')')) {
            k += 1;
            true
        } else {
            false
        }
    } else if at(0).is_some_and(|c| ('①'..='⑳').contains(&c) || ('⑴'..='⒇').contains(&c) || ('⒈'..='⒛').contains(&c))
    {
        k = 1;
        true
    } else if at(0).is_some_and(is_digit) {
        while at(k).is_some_and(is_digit) && k < 5 {
            k += 1;
        }
        match at(k) {
            Some('.' | '．' | '、' | ',' | '，' | ':' | '：' | ')' | '）' | '-' | '_' | '—') => {
                k += 1;
                true
            }
            Some(c) if c.is_whitespace() => true,
            // The serial alone in a cell.
            None => true,
            _ => false,
        }
    } else if at(0).is_some_and(is_cn) {
        while at(k).is_some_and(is_cn) && k < 3 {
            k += 1;
        }
        if matches!(at(k), Some('、' | '.' | '．')) {
            k += 1;
            true
        } else {
            false
        }
    } else {
        false
    };
    if !found {
        return 0;
    }
    let after = &t[end_of(k)..];
    lead + end_of(k) + (after.len() - after.trim_start().len())
}

/// The text without its serial number.
pub fn strip_serial(s: &str) -> &str {
    s[serial_len(s)..].trim()
}

/// Sentence punctuation: a cell holding it is a sentence (a note), not a name.
const SENTENCE: [char; 11] = ['，', '。', '；', ';', '！', '!', '？', '?', '：', ':', ','];

/// Does this text read as a unit's name (西青区信访办, 东城区人民政府, 市卫生健康委（市中医药局））?
pub fn looks_like_unit(s: &str) -> bool {
    let t = strip_serial(s);
    let n = t.chars().count();
    if !(2..=40).contains(&n) || t.contains(SENTENCE) {
        return false;
    }
    let (main, _) = split_asides(&to_simplified(t));
    let p = plain(&main);
    let v = vocab();
    if p.chars().count() < 2 || p.chars().all(|c| c.is_ascii_alphanumeric()) || v.generic.contains(&p) {
        return false;
    }
    v.unit_ends.iter().any(|e| p.ends_with(e.as_str()))
}

/// A header cell naming the unit column (单位名称, 报送单位, 部门（单位）, 报送单位名称（盖章）).
pub fn is_unit_header(s: &str) -> bool {
    let simple = to_simplified(s);
    let whole = plain(&simple);
    let (main, _) = split_asides(&simple);
    let p = plain(&main);
    let v = vocab();
    if whole.is_empty() {
        return false;
    }
    if v.header.contains(&whole) || v.header.contains(&p) {
        return true;
    }
    // A qualified name column: 报送单位名称, 被考核单位全称.
    p.chars().count() <= 10
        && ["单位名称", "单位全称", "部门名称", "机关名称", "机构名称"].iter().any(|e| p.ends_with(e))
}

/// Any header cell of a roster (序号, 联系人 … or a unit header).
pub fn is_header(s: &str) -> bool {
    let p = plain(s);
    !p.is_empty() && (vocab().header.contains(&p) || vocab().other_headers.contains(&p))
}

/// Is this cell not a unit whatever column it is in: empty, a number, a header, a note, a
/// title, a group label or a sentence?
pub fn is_junk(s: &str) -> bool {
    let t = strip_serial(s);
    if t.is_empty() {
        return true;
    }
    let p = plain(t);
    // A number, or a count (32个, 5家).
    let count = p.trim_end_matches(['个', '家', '份', '项', '人', '名']);
    if count.is_empty() || count.chars().all(|c| c.is_ascii_digit() || c.is_ascii_punctuation()) {
        return true;
    }
    let v = vocab();
    let simple = to_simplified(t);
    if is_header(t) || v.note_starts.iter().any(|w| simple.starts_with(w.as_str())) {
        return true;
    }
    if t.chars().count() >= 6 && v.title_any.iter().any(|w| simple.contains(w.as_str())) {
        return true;
    }
    let (main, _) = split_asides(&simple);
    v.generic.contains(&plain(&main)) || t.contains(SENTENCE) || is_date(t)
}

/// A date line (2024年1月5日, 二〇二四年一月五日, 2024-01-05, 2024.1.5): a notice's date, no unit.
pub fn is_date(s: &str) -> bool {
    let t = s.trim();
    let numeral = |c: char| c.is_ascii_digit() || "〇零一二三四五六七八九十".contains(c);
    let cn =
        t.ends_with('日') && t.contains('年') && t.contains('月') && t.chars().filter(|&c| numeral(c)).count() >= 4;
    let iso = t.chars().all(|c| c.is_ascii_digit() || "-./ ".contains(c))
        && t.chars().filter(char::is_ascii_digit).count() >= 6;
    (cn && t.chars().count() <= 16) || iso
}

/// The unit named at the start of a title or a file name: 东城区 of
/// "东城区2023年度法治政府建设情况报告", 北京市东城区人民政府 of "北京市东城区人民政府关于…的报告",
/// 龙华区人力资源局 of "03_龙华区人力资源局_2023". `None` when the start names no unit.
pub fn unit_in_text(text: &str) -> Option<String> {
    let s = to_simplified(text);
    let mut t = s.trim();
    // Leading serials, separators, bracketed tags and years.
    loop {
        let before = t.len();
        t = t[serial_len(t)..]
            .trim_start_matches(|c: char| c.is_whitespace() || "-_—–·.,，、:：;；【】[]《》<>\"'“”".contains(c));
        if let Some(n) = year_prefix(t) {
            t = &t[n..];
        }
        if t.len() == before {
            break;
        }
    }
    const CUT_WORDS: [&str; 12] = [
        "关于",
        "年度",
        "法治政府",
        "法治建设",
        "依法治",
        "依法行政",
        "报告",
        "工作",
        "二〇",
        "二零",
        "情况",
        "年法治",
    ];
    let mut end = t.len();
    for w in CUT_WORDS {
        if let Some(p) = t.find(w) {
            end = end.min(p);
        }
    }
    for (i, c) in t.char_indices() {
        if i >= end {
            break;
        }
        let year = c.is_ascii_digit() && year_prefix(&t[i..]).is_some();
        if year || c.is_whitespace() || "-_—–·.,，、:：;；(（【[《\"“】]）)》”".contains(c) {
            end = i;
            break;
        }
    }
    let cand = t[..end].trim();
    if cand.chars().count() < 2 || cand.chars().count() > 30 {
        return None;
    }
    (is_bare_place(cand) || looks_like_unit(cand)).then(|| cand.to_string())
}

/// Is this name a place and nothing more (东湖区, 北京市东城区)?
pub fn is_bare_place(name: &str) -> bool {
    let k = loose(name);
    let split = Split::of(&k);
    split.rest.is_empty() && !split.places.is_empty()
}

/// Byte length of a year at the start (2023年度, 2023年, 2023).
fn year_prefix(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) || !(b[0] == b'1' || b[0] == b'2') {
        return None;
    }
    if b.get(4).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let rest = &s[4..];
    let n = if rest.starts_with("年度") {
        4 + "年度".len()
    } else if rest.starts_with('年') {
        4 + '年'.len_utf8()
    } else {
        4
    };
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_vocabulary_compiles() {
        let v = compile(ROSTER_YAML).expect("roster.yaml");
        assert!(v.unit_ends.len() > 20 && v.header.contains(&"单位名称".to_string()));
    }

    #[test]
    fn keys_fold_spellings_fillers_asides_and_bare_places() {
        assert_eq!(key("東湖區 人民政府 信訪局"), "东湖区信访局");
        assert_eq!(key("东湖区人民政府办公室"), "东湖区政府办");
        assert_eq!(key("东湖区政府办"), "东湖区政府办");
        assert_eq!(key("西青区信访办公室"), key("西青区信访办"));
        assert_eq!(key("区卫生健康委员会"), key("区卫生健康委"));
        assert_eq!(key("开发区管理委员会"), key("开发区管委会"));
        assert_eq!(key("东城区"), key("东城区人民政府"));
        assert_eq!(key("金龙街道办事处"), key("金龙街道"));
        assert_eq!(key("东湖区司法局（区委依法治区办）"), "东湖区司法局");
        assert_eq!(alias_keys("东湖区司法局（区委依法治区办）"), ["区委依法治区办"]);
        assert!(alias_keys("东湖区司法局（2023年）").is_empty());
    }

    #[test]
    fn places_are_taken_apart() {
        let k = key("深圳市龙华区人力资源局");
        let s = Split::of(&k);
        assert_eq!((s.places, s.rest), (vec!["深圳市", "龙华区"], "人力资源局"));
        let k = key("深圳市市场监督管理局");
        assert_eq!(Split::of(&k).places, ["深圳市"]);
        let k = key("区信访局");
        let s = Split::of(&k);
        assert_eq!((s.lone, s.rest), (Some('区'), "信访局"));
        let k = key("北京市东城区人民政府");
        let (a, b) = (Split::of(&k), Split::of("东城区政府"));
        assert!(a.places_end_with(&b) && !b.places_end_with(&a));
    }

    #[test]
    fn serials_units_and_junk() {
        for s in [
            "1. 西青区信访办",
            "1、西青区信访办",
            "（1）西青区信访办",
            "(12)西青区信访办",
            "① 西青区信访办",
            "01 西青区信访办",
            "3．西青区信访办",
            "一、西青区信访办",
            "7\t西青区信访办",
        ] {
            assert_eq!(strip_serial(s), "西青区信访办", "{s}");
        }
        assert_eq!(strip_serial("12345部队"), "12345部队");
        assert_eq!(strip_serial("2023年度名单"), "2023年度名单");
        for s in [
            "西青区信访办",
            "东城区人民政府",
            "市卫生健康委（市中医药局）",
            "城关镇",
            "甲局",
            "国家税务总局上海市税务局",
        ] {
            assert!(looks_like_unit(s), "{s}");
        }
        for s in [
            "序号",
            "单位名称",
            "张三",
            "13800000000",
            "合计",
            "乡镇（街道）",
            "区直部门",
            "以来,国家税务总局上海",
            "今天是:10月31日",
        ] {
            assert!(!looks_like_unit(s), "{s}");
        }
        for s in [
            "",
            "12",
            "序号",
            "单位名称",
            "注：以上单位请于3月1日前报送",
            "一、区直部门（25个）",
            "2023年度法治政府建设报告报送单位名单",
            "合计32个",
        ] {
            assert!(is_junk(s), "{s}");
        }
        assert!(!is_junk("西青区信访办") && !is_junk("某某单位甲"));
        for d in ["2024年1月5日", "二〇二四年一月五日", "2024-01-05", "2024.1.5"] {
            assert!(is_date(d) && is_junk(d), "{d}");
        }
        assert!(!is_date("西青区2024年度名单") && !is_date("12345"));
        assert!(is_unit_header("单位 名称") && is_unit_header("部门（单位）") && !is_unit_header("区直部门"));
        assert!(is_unit_header("报送单位名称（盖章）") && is_unit_header("被考核单位全称"));
        assert!(!is_unit_header("") && !is_unit_header("西青区信访办"));
    }

    #[test]
    fn the_unit_at_the_start_of_a_title_or_file_name() {
        let cases = [
            ("东城区2023年度法治政府建设情况报告", Some("东城区")),
            ("北京市东城区人民政府关于2023年法治政府建设情况的报告", Some("北京市东城区人民政府")),
            ("2023年东城区法治政府建设年度报告", Some("东城区")),
            ("03_龙华区人力资源局_2023", Some("龙华区人力资源局")),
            ("【西青区信访办】2023年度报告", Some("西青区信访办")),
            ("龙华区人力资源局2023年法治政府建设报告", Some("龙华区人力资源局")),
            ("2023年度法治政府建设情况报告", None),
            ("报告", None),
            ("今天是10月31日", None),
        ];
        for (t, want) in cases {
            assert_eq!(unit_in_text(t).as_deref(), want, "{t}");
        }
    }
}

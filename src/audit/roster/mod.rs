//! The office's roster of units that must report (`audit --roster FILE`): which units
//! sent nothing (未报送), which sent a file that could not be read (已报送但无法读取), and
//! which reports match no unit (名单外).
//!
//! Reading (`read`): a roster is a text or Word file with one unit per line (numbered or
//! not), or a table (CSV, XLSX, XLS, ODS; every sheet) whose unit column is found by its
//! header (单位名称, 报送单位 …) or, without one, by its content: the column whose cells look
//! like unit names. Title rows above the header, serial numbers, group labels
//! (一、区直部门（25个）), notes and totals are left out.
//!
//! Matching (`Roster::find`): names are compared by their key ([`names::key`]: simplified
//! characters, spaces, punctuation and asides dropped, 人民政府/政府, 办公室/办, 委员会/委
//! unified, 政府 inside a department's name a filler, a bare place its government). The
//! same key is a sure match; everything else is a guess, marked as such with its reason:
//! place names added or left out in either direction (深圳市龙华区人力资源局 ⇄ 龙华区人力资源局,
//! 北京市东城区人民政府 ⇄ 东城区), a roster name shorter than the report's (信访局), and a unit
//! found only in the title or the file name. Among several candidates the one whose place
//! is in the title or file name wins; otherwise there is no match.

pub mod names;
mod read;

use names::{is_boundary_char, key, Split};
use std::collections::HashMap;
use std::path::Path;

pub use read::{MAX_ROSTER_BYTES, MAX_ROSTER_INFLATED, MAX_UNITS};

/// How a report was matched to a roster unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKind {
    /// The report's unit is the roster's name (up to the usual variants).
    Exact,
    /// A guess; the office should confirm it.
    Guess(Why),
}

/// Why a match is a guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The names differ by place names (深圳市龙华区人力资源局 / 龙华区人力资源局).
    Place,
    /// One name is a shorter form of the other (信访局 / 东湖区信访局).
    Shorter,
    /// The unit was found in the report's title, not in its unit line.
    Title,
    /// The unit was found in the file name only.
    FileName,
    /// The unit was found in the name of the file's folder only.
    Folder,
}

impl Why {
    pub fn label(self) -> &'static str {
        match self {
            Why::Place => "地名前缀不同",
            Why::Shorter => "名称简写",
            Why::Title => "据标题",
            Why::FileName => "据文件名",
            Why::Folder => "据文件夹名",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Why::Place => "place",
            Why::Shorter => "shorter",
            Why::Title => "title",
            Why::FileName => "file_name",
            Why::Folder => "folder",
        }
    }
}

impl MatchKind {
    /// The JSONL value: `exact` or `guess`.
    pub fn key(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Guess(_) => "guess",
        }
    }
    /// The reason of a guess (JSONL `roster_reason`).
    pub fn reason(self) -> Option<Why> {
        match self {
            MatchKind::Exact => None,
            MatchKind::Guess(w) => Some(w),
        }
    }
    /// The Chinese label: 确定, or 推测（reason，请核对）.
    pub fn label(self) -> String {
        match self {
            MatchKind::Exact => "确定".into(),
            MatchKind::Guess(w) => format!("推测（{}，请核对）", w.label()),
        }
    }
    pub fn is_guess(self) -> bool {
        matches!(self, MatchKind::Guess(_))
    }
}

/// The roster: unit names as written, and how they were read.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    pub units: Vec<String>,
    /// Where the units were read (sheet, column, header), one line per table, for stderr.
    pub notes: Vec<String>,
    /// Key (and alias key) → unit.
    exact: HashMap<String, usize>,
    /// A proper suffix of a key starting after a place or unit word (龙华区人力资源局 of
    /// 深圳市龙华区人力资源局) → the units and the character before it.
    suffixes: HashMap<String, Vec<(usize, char)>>,
    /// Each unit's key.
    keys: Vec<String>,
    /// Keys of at least three characters, for finding a roster name inside a title or
    /// a file name (longest match wins).
    finder: Option<aho_corasick::AhoCorasick>,
    finder_units: Vec<usize>,
}

/// Shortest key looked for inside a title or a file name (characters).
const MIN_FOUND_CHARS: usize = 3;

impl Roster {
    /// A roster of these names (trimmed; empty names and repeats of a key dropped).
    pub fn new(units: Vec<String>) -> Roster {
        let mut r = Roster::default();
        for u in units {
            let u = u.trim().to_string();
            let k = key(&u);
            if k.is_empty() || r.exact.contains_key(&k) {
                continue;
            }
            let i = r.units.len();
            r.exact.insert(k.clone(), i);
            for a in names::alias_keys(&u) {
                r.exact.entry(a).or_insert(i);
            }
            let mut prev = None;
            for (at, c) in k.char_indices() {
                if let Some(p) = prev.filter(|p: &char| is_boundary_char(*p)) {
                    if k[at..].chars().count() >= 2 {
                        r.suffixes.entry(k[at..].to_string()).or_default().push((i, p));
                    }
                }
                prev = Some(c);
            }
            r.keys.push(k);
            r.units.push(u);
        }
        let long: Vec<(usize, &String)> =
            r.keys.iter().enumerate().filter(|(_, k)| k.chars().count() >= MIN_FOUND_CHARS).collect();
        r.finder_units = long.iter().map(|(i, _)| *i).collect();
        r.finder = aho_corasick::AhoCorasick::builder().build(long.iter().map(|(_, k)| k.as_str())).ok();
        r
    }

    /// Read a roster file (see the module documentation).
    pub fn load(path: &Path) -> Result<Roster, String> {
        read::load(path)
    }

    /// The roster unit a report belongs to: by its unit, else by its title, else by its
    /// file name. An unreadable file is matched by its file name (`unit` and `title` None).
    pub fn find(&self, unit: Option<&str>, title: Option<&str>, path: &str) -> Option<(usize, MatchKind)> {
        let stem = file_stem(path);
        let hay = format!("{} {}", title.unwrap_or(""), stem);
        let hay_key = names::loose(&hay);
        if let Some(u) = unit {
            if let Some((i, why)) = self.match_name(u, &hay_key) {
                return Some((i, why.map_or(MatchKind::Exact, MatchKind::Guess)));
            }
        }
        for (text, basis) in [(title.unwrap_or(""), Why::Title), (stem.as_str(), Why::FileName)] {
            if let Some(name) = names::unit_in_text(text) {
                if let Some((i, _)) = self.match_name(&name, &hay_key) {
                    return Some((i, MatchKind::Guess(basis)));
                }
            }
            // A roster name anywhere in it (folded both ways: the title's 政府 may be the
            // unit's own or part of 法治政府); the longest wins.
            let folded = names::loose(text);
            let keyed = key(text);
            let found = [folded.as_str(), keyed.as_str()]
                .into_iter()
                .filter_map(|h| self.longest_in(h))
                .max_by_key(|&i| (self.keys[i].len(), std::cmp::Reverse(i)));
            if let Some(i) = found {
                return Some((i, MatchKind::Guess(basis)));
            }
        }
        // The folder the file is in, when it names a unit (收到的报告/西青区司法局/报告.docx):
        // a unit's name, not a bare place (a folder 西青区2023年报告 holds every unit's).
        let folder = Path::new(path).parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_string());
        if let Some(name) = folder
            .as_deref()
            .and_then(names::unit_in_text)
            .filter(|n| names::looks_like_unit(n) && !names::is_bare_place(n))
        {
            if let Some((i, _)) = self.match_name(&name, &hay_key) {
                return Some((i, MatchKind::Guess(Why::Folder)));
            }
        }
        None
    }

    /// The longest roster key inside `hay` that is a whole name there: not the start of a
    /// longer unit's name (东城区政府 in 东城区政府办2023年… is the government's office, not
    /// the government).
    fn longest_in(&self, hay: &str) -> Option<usize> {
        let f = self.finder.as_ref()?;
        f.find_overlapping_iter(hay)
            .filter(|m| !hay[m.end()..].chars().next().is_some_and(names::continues_name))
            .map(|m| self.finder_units[m.pattern().as_usize()])
            .max_by_key(|&i| self.keys[i].len())
    }

    /// One name against the roster: the unit and, for a guess, why. `hay` (the title and
    /// file name, folded) decides between several candidates by their place names.
    fn match_name(&self, name: &str, hay: &str) -> Option<(usize, Option<Why>)> {
        let k = key(name);
        if k.chars().count() < 2 {
            return None;
        }
        if let Some(&i) = self.exact.get(&k) {
            return Some((i, None));
        }
        let split = Split::of(&k);
        // The report's name is a shorter form of a roster name: the roster adds places
        // (深圳市 + 龙华区人力资源局) or an authority (国家税务总局 + 上海市税务局).
        let more: Vec<usize> = match self.suffixes.get(&k) {
            Some(v) if !split.places.is_empty() => v.iter().map(|x| x.0).collect(),
            // Without a place of its own (人力资源局), only where the title or file
            // name says which.
            Some(v) => v.iter().map(|x| x.0).filter(|&i| self.place_in(i, &k, hay)).collect(),
            None => Vec::new(),
        };
        if let Some(i) = self.pick(&more, &k, hay) {
            return Some((i, Some(if split.places.is_empty() { Why::Shorter } else { Why::Place })));
        }
        // 区信访局: the one roster unit that is 某区信访局.
        if let Some(lone) = split.lone {
            let found: Vec<usize> = self
                .suffixes
                .get(split.rest)
                .map(|v| v.iter().filter(|x| x.1 == lone).map(|x| x.0).collect())
                .unwrap_or_default();
            if let Some(i) = self.pick(&found, split.rest, hay) {
                return Some((i, Some(Why::Shorter)));
            }
        }
        // The roster writes less: a roster key that the name ends with (龙华区人力资源局 of
        // 深圳市龙华区人力资源局, 信访局 of 东湖区信访局).
        let mut less: Vec<usize> = Vec::new();
        let mut prev: Option<char> = None;
        for (at, c) in k.char_indices() {
            if at > 0 && prev.is_some_and(is_boundary_char) {
                if let Some(&i) = self.exact.get(&k[at..]) {
                    if self.keys[i].chars().count() >= 2 {
                        less.push(i);
                        break;
                    }
                }
            }
            prev = Some(c);
        }
        if let Some(&i) = less.first() {
            let with_place = !Split::of(&self.keys[i]).places.is_empty();
            return Some((i, Some(if with_place { Why::Place } else { Why::Shorter })));
        }
        None
    }

    /// Is the part of unit `i`'s key before `tail` (its places) in the title or file name?
    fn place_in(&self, i: usize, tail: &str, hay: &str) -> bool {
        let k = &self.keys[i];
        let head = k.strip_suffix(tail).unwrap_or("");
        let split = Split::of(head);
        let place = split.last_place().unwrap_or(head);
        place.chars().count() >= 2 && hay.contains(place)
    }

    /// One of several candidates: the only one, else the one whose place is in the title
    /// or file name.
    fn pick(&self, found: &[usize], tail: &str, hay: &str) -> Option<usize> {
        match found {
            [] => None,
            [i] => Some(*i),
            _ => {
                let hit: Vec<usize> = found.iter().copied().filter(|&i| self.place_in(i, tail, hay)).collect();
                (hit.len() == 1).then(|| hit[0])
            }
        }
    }
}

fn file_stem(path: &str) -> String {
    Path::new(path).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(names: &[&str]) -> Roster {
        Roster::new(names.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn variants_match_and_guesses_say_why() {
        let r = roster(&["东湖区信访局", "东湖区人民政府", "西湖区司法局", "东湖区司法局", "南湖镇人民政府"]);
        assert_eq!(r.find(Some("东湖区信访局"), None, "a.txt"), Some((0, MatchKind::Exact)));
        assert_eq!(r.find(Some("东湖区人民政府信访局"), None, "a.txt"), Some((0, MatchKind::Exact)));
        assert_eq!(r.find(Some("东湖区政府"), None, "a.txt"), Some((1, MatchKind::Exact)));
        assert_eq!(r.find(Some("东湖区"), None, "a.txt"), Some((1, MatchKind::Exact)));
        assert_eq!(r.find(Some("区信访局"), None, "a.txt"), Some((0, MatchKind::Guess(Why::Shorter))));
        // Two roster units end in 区司法局: the place in the file name decides.
        assert_eq!(r.find(Some("区司法局"), None, "reports/西湖区2023.txt"), Some((2, MatchKind::Guess(Why::Shorter))));
        assert_eq!(r.find(Some("区司法局"), None, "x.txt"), None);
        assert_eq!(
            r.find(None, Some("南湖镇人民政府2023年法治政府建设工作报告"), "x.txt"),
            Some((4, MatchKind::Guess(Why::Title)))
        );
        assert_eq!(r.find(Some("北湖区信访局"), None, "x.txt"), None);
        assert_eq!(r.find(None, None, "报告/03-东湖区司法局.pdf"), Some((3, MatchKind::Guess(Why::FileName))));
        // The folder names the unit; a folder named after a place only does not.
        assert_eq!(r.find(None, None, "收到/西湖区司法局/报告.docx"), Some((2, MatchKind::Guess(Why::Folder))));
        assert_eq!(r.find(None, None, "收到/东湖区2023年报告/报告.docx"), None);
        // The government's office is not the government.
        assert_eq!(r.find(None, Some("东湖区人民政府办公室2023年度法治政府建设情况报告"), "x.txt"), None);
        assert_eq!(r.find(Some("东湖区人民政府办公室"), None, "x.txt"), None);
    }

    #[test]
    fn place_prefixes_both_ways() {
        let r = roster(&["深圳市龙华区人力资源局", "东城区人民政府", "龙岗区人力资源局", "深圳市人力资源局"]);
        let g = Some(MatchKind::Guess(Why::Place));
        assert_eq!(r.find(Some("龙华区人力资源局"), None, "a.txt").map(|m| (m.0, Some(m.1))), Some((0, g)));
        assert_eq!(r.find(Some("北京市东城区人民政府"), None, "a.txt"), Some((1, MatchKind::Guess(Why::Place))));
        assert_eq!(r.find(Some("深圳市龙岗区人力资源局"), None, "a.txt"), Some((2, MatchKind::Guess(Why::Place))));
        assert_eq!(r.find(Some("深圳市人力资源局"), None, "a.txt"), Some((3, MatchKind::Exact)));
        // A city's bureau is not a district's, nor the reverse.
        let r2 = roster(&["深圳市龙华区人力资源局"]);
        assert_eq!(r2.find(Some("深圳市人力资源局"), None, "a.txt"), None);
        let r3 = roster(&["深圳市人力资源局"]);
        assert_eq!(r3.find(Some("深圳市龙华区人力资源局"), None, "a.txt"), None);
        // 东城区2023年度… in the title: the district's government, with or without its city.
        for units in [["东城区人民政府", "西城区人民政府"], ["北京市东城区人民政府", "北京市西城区人民政府"]]
        {
            let r = roster(&units);
            assert_eq!(
                r.find(None, Some("东城区2023年度法治政府建设情况报告"), "x.docx"),
                Some((0, MatchKind::Guess(Why::Title))),
                "{units:?}"
            );
            assert_eq!(r.find(Some("东城区"), None, "x.docx").map(|m| m.0), Some(0), "{units:?}");
        }
        // An authority before the place (国家税务总局上海市…).
        let r = roster(&["国家税务总局上海市浦东新区税务局", "国家税务总局上海市闵行区税务局"]);
        assert_eq!(r.find(Some("上海市浦东新区税务局"), None, "a.txt").map(|m| m.0), Some(0));
        // A city's roster: its departments and districts, named with and without the city.
        let r = roster(&[
            "深圳市人力资源和社会保障局",
            "深圳市司法局",
            "深圳市龙华区人民政府",
            "深圳市南山区人民政府",
            "广东省司法厅",
            "城关镇人民政府",
            "西青区委政法委",
        ]);
        let unit = |u: Option<&str>, t: Option<&str>| r.find(u, t, "x.docx").map(|m| r.units[m.0].as_str());
        assert_eq!(unit(None, Some("龙华区人民政府2023年法治政府建设年度报告")), Some("深圳市龙华区人民政府"));
        assert_eq!(unit(None, Some("南山区2023年度法治政府建设情况报告")), Some("深圳市南山区人民政府"));
        assert_eq!(unit(Some("市司法局"), None), Some("深圳市司法局"));
        assert_eq!(unit(Some("省司法厅"), None), Some("广东省司法厅"));
        assert_eq!(unit(Some("城关镇"), None), Some("城关镇人民政府"));
        assert_eq!(unit(Some("中共西青区委政法委员会"), None), Some("西青区委政法委"));
        assert_eq!(unit(Some("福田区人民政府"), None), None);
        // 办公室 / 办, 委员会 / 委.
        let r = roster(&["西青区信访办", "西青区卫生健康委员会"]);
        assert_eq!(r.find(Some("西青区信访办公室"), None, "a.txt"), Some((0, MatchKind::Exact)));
        assert_eq!(r.find(Some("西青区卫生健康委"), None, "a.txt"), Some((1, MatchKind::Exact)));
    }
}

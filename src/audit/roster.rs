//! The office's roster of units that must report (`audit --roster FILE`): which units
//! sent no report (未报送) and which reports match no unit on the roster.
//!
//! A roster is a text file with one unit per line, or a CSV/XLSX file whose unit column
//! is the one headed 单位/名称/部门 (else the first column). Names are compared after
//! folding traditional characters, dropping spaces and punctuation, and reading
//! 人民政府 inside a department's name as a filler: 东湖区人民政府信访局 and 东湖区信访局 are
//! the same unit. A report that names its unit without the place (区信访局) is matched to
//! the one roster unit ending the same way, and the match is marked as a guess; so is a
//! roster name found only in the report's title or file name.

use crate::normalize::to_simplified;
use std::path::Path;

/// Longest roster read (units); a longer list is refused.
pub const MAX_UNITS: usize = 100_000;
/// Largest roster file read (bytes).
pub const MAX_ROSTER_BYTES: u64 = 20 * 1024 * 1024;

/// How a report was matched to a roster unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKind {
    /// The report's unit is the roster's name (up to the usual variants).
    Exact,
    /// A guess: the unit lacks its place name, or the name was found only in the title or
    /// the file name. The office should confirm it.
    Guess,
}

impl MatchKind {
    pub fn key(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Guess => "guess",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MatchKind::Exact => "确定",
            MatchKind::Guess => "推测（请核对）",
        }
    }
}

/// The roster: unit names as written, and their comparison keys.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    pub units: Vec<String>,
    keys: Vec<String>,
}

/// Characters that end a place name (东湖区, 某某县, 某某镇, 某某街道).
const PLACE_ENDS: [char; 9] = ['省', '市', '区', '县', '州', '盟', '旗', '镇', '乡'];

/// A name folded (simplified characters, no spaces or punctuation, 人民政府 as 政府).
fn loose(name: &str) -> String {
    let s: String = to_simplified(name).chars().filter(|c| c.is_alphanumeric()).collect();
    s.replace("人民政府", "政府")
}

/// The comparison key of a unit name.
pub fn key(name: &str) -> String {
    let s = loose(name);
    // 政府 followed by a department (东湖区政府信访局) is a filler; a government itself
    // (东湖区政府) keeps it.
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(p) = rest.find("政府") {
        let after = &rest[p + "政府".len()..];
        out.push_str(&rest[..p]);
        if after.is_empty() || after.starts_with("办公室") || after.starts_with("办") {
            out.push_str("政府");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

impl Roster {
    pub fn new(units: Vec<String>) -> Roster {
        let mut seen = std::collections::HashSet::new();
        let units: Vec<String> =
            units.into_iter().map(|u| u.trim().to_string()).filter(|u| !u.is_empty() && seen.insert(key(u))).collect();
        let keys = units.iter().map(|u| key(u)).collect();
        Roster { units, keys }
    }

    /// Read a roster file: XLSX/XLS/ODS through calamine, CSV through csv, else text.
    pub fn load(path: &Path) -> Result<Roster, String> {
        let meta = std::fs::metadata(path).map_err(|e| format!("无法读取名单 {}：{e}", path.display()))?;
        if !meta.is_file() {
            return Err(format!("名单 {} 不是普通文件", path.display()));
        }
        if meta.len() > MAX_ROSTER_BYTES {
            return Err(format!("名单 {} 过大（{} 字节，上限 {} 字节）", path.display(), meta.len(), MAX_ROSTER_BYTES));
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let table: Vec<Vec<String>> = match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "ods" => read_sheet(path)?,
            _ => {
                let bytes = std::fs::read(path).map_err(|e| format!("无法读取名单 {}：{e}", path.display()))?;
                let text = crate::input::decode_bytes(&bytes, "roster.txt")
                    .map(|d| d.text)
                    .map_err(|e| format!("无法读取名单 {}：{e}", path.display()))?;
                if ext == "csv" {
                    let mut r =
                        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
                    r.records()
                        .map(|rec| rec.map(|x| x.iter().map(str::to_string).collect()))
                        .collect::<Result<_, _>>()
                        .map_err(|e| format!("名单 {} 不是有效的 CSV：{e}", path.display()))?
                } else {
                    text.lines()
                        .map(|l| l.trim())
                        .filter(|l| !l.starts_with('#'))
                        .map(|l| vec![l.to_string()])
                        .collect()
                }
            }
        };
        let units = unit_column(&table);
        if units.len() > MAX_UNITS {
            return Err(format!("名单 {} 的单位过多（{} 个，上限 {MAX_UNITS} 个）", path.display(), units.len()));
        }
        let roster = Roster::new(units);
        if roster.units.is_empty() {
            return Err(format!("名单 {} 中没有单位名称", path.display()));
        }
        Ok(roster)
    }

    /// The roster unit a report belongs to: by its unit, else by its title or file name.
    pub fn find(&self, unit: Option<&str>, title: Option<&str>, path: &str) -> Option<(usize, MatchKind)> {
        if let Some(u) = unit {
            let k = key(u);
            if k.chars().count() >= 2 {
                if let Some(i) = self.keys.iter().position(|r| *r == k) {
                    return Some((i, MatchKind::Exact));
                }
                // 区信访局 → the one roster unit that is 某区信访局 (the place name left out).
                if k.starts_with(PLACE_ENDS) && k.chars().count() >= 3 {
                    let found: Vec<usize> = (0..self.keys.len())
                        .filter(|&i| self.keys[i].ends_with(&k) && self.keys[i].len() > k.len())
                        .collect();
                    if let Some(i) = self.pick(&found, title, path) {
                        return Some((i, MatchKind::Guess));
                    }
                }
                // The roster writes less than the report (信访局 for 东湖区信访局).
                let found: Vec<usize> = (0..self.keys.len())
                    .filter(|&i| self.keys[i].chars().count() >= 3 && k.ends_with(&self.keys[i]))
                    .collect();
                if let Some(i) = self.pick(&found, title, path) {
                    return Some((i, MatchKind::Guess));
                }
            }
        }
        // The name in the title or the file name (folded both ways: the title's 政府 may be
        // the unit's own or part of 法治政府).
        let text = format!("{} {}", title.unwrap_or(""), file_stem(path));
        let (hay, hay_key) = (loose(&text), key(&text));
        let found: Vec<usize> = (0..self.keys.len())
            .filter(|&i| {
                self.keys[i].chars().count() >= 3 && (hay.contains(&self.keys[i]) || hay_key.contains(&self.keys[i]))
            })
            .collect();
        // The longest name wins (东湖区信访局 over 信访局).
        found.into_iter().max_by_key(|&i| (self.keys[i].len(), std::cmp::Reverse(i))).map(|i| (i, MatchKind::Guess))
    }

    /// One of several candidates: the only one, else the one whose place name is in the
    /// title or the file name.
    fn pick(&self, found: &[usize], title: Option<&str>, path: &str) -> Option<usize> {
        match found {
            [] => None,
            [i] => Some(*i),
            _ => {
                let hay = key(&format!("{} {}", title.unwrap_or(""), file_stem(path)));
                let hit: Vec<usize> =
                    found.iter().copied().filter(|&i| place(&self.keys[i]).is_some_and(|p| hay.contains(p))).collect();
                (hit.len() == 1).then(|| hit[0])
            }
        }
    }
}

fn file_stem(path: &str) -> String {
    Path::new(path).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default()
}

/// The place name at the start of a key (东湖区 of 东湖区信访局), if any.
fn place(key: &str) -> Option<&str> {
    let mut end = None;
    for (i, c) in key.char_indices() {
        if PLACE_ENDS.contains(&c) && i > 0 {
            end = Some(i + c.len_utf8());
            break;
        }
    }
    end.map(|e| &key[..e])
}

/// The unit column of a table: the column headed 单位/名称/部门 in the first row (the
/// header row is then skipped), else the first column.
fn unit_column(table: &[Vec<String>]) -> Vec<String> {
    let Some(first) = table.first() else { return Vec::new() };
    let header = first.iter().position(|h| {
        let h = h.trim();
        h.chars().count() <= 12 && ["单位", "名称", "部门", "机关"].iter().any(|w| h.contains(w))
    });
    let (col, skip) = match header {
        Some(c) => (c, 1),
        None => (0, 0),
    };
    table.iter().skip(skip).filter_map(|r| r.get(col)).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn read_sheet(path: &Path) -> Result<Vec<Vec<String>>, String> {
    use calamine::{open_workbook_auto, Reader};
    let mut wb = open_workbook_auto(path).map_err(|e| format!("无法读取名单 {}：{e}", path.display()))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| format!("名单 {} 没有工作表", path.display()))?
        .map_err(|e| format!("无法读取名单 {}：{e}", path.display()))?;
    Ok(range.rows().take(MAX_UNITS + 1).map(|r| r.iter().map(|c| c.to_string()).collect()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Roster {
        Roster::new(
            ["东湖区信访局", "东湖区人民政府", "西湖区司法局", "东湖区司法局", "南湖镇人民政府"]
                .map(String::from)
                .to_vec(),
        )
    }

    #[test]
    fn variants_match_and_guesses_say_so() {
        let r = roster();
        assert_eq!(r.find(Some("东湖区信访局"), None, "a.txt"), Some((0, MatchKind::Exact)));
        assert_eq!(r.find(Some("东湖区人民政府信访局"), None, "a.txt"), Some((0, MatchKind::Exact)));
        assert_eq!(r.find(Some("东湖区政府"), None, "a.txt"), Some((1, MatchKind::Exact)));
        assert_eq!(r.find(Some("区信访局"), None, "a.txt"), Some((0, MatchKind::Guess)));
        // Two roster units end in 区司法局: the place in the file name decides.
        assert_eq!(r.find(Some("区司法局"), None, "reports/西湖区2023.txt"), Some((2, MatchKind::Guess)));
        assert_eq!(r.find(Some("区司法局"), None, "x.txt"), None);
        assert_eq!(
            r.find(None, Some("南湖镇人民政府2023年法治政府建设工作报告"), "x.txt"),
            Some((4, MatchKind::Guess))
        );
        assert_eq!(r.find(Some("北湖区信访局"), None, "x.txt"), None);
    }

    #[test]
    fn keys_fold_fillers_and_columns_are_found() {
        assert_eq!(key("東湖區 人民政府 信訪局"), "东湖区信访局");
        assert_eq!(key("东湖区人民政府办公室"), "东湖区政府办公室");
        let t = vec![
            vec!["序号".to_string(), "单位名称".into()],
            vec!["1".into(), "甲局".into()],
            vec!["2".into(), " 乙局 ".into()],
        ];
        assert_eq!(unit_column(&t), ["甲局", "乙局"]);
        assert_eq!(unit_column(&[vec!["甲局".to_string()]]), ["甲局"]);
    }
}

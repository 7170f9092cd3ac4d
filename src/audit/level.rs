//! Administrative level of the issuing unit (province, city, county/district,
//! department, township/street), inferred from the unit name by the suffix table in
//! `levels.yaml` (embedded; a new suffix is a data edit).

use crate::normalize::to_simplified;
use serde::Deserialize;
use std::sync::OnceLock;

/// The level of a unit. `Unknown` when there is no unit or no suffix matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Province,
    City,
    County,
    Department,
    Township,
    Unknown,
}

impl Level {
    /// Every level in display order.
    pub const ALL: [Level; 6] =
        [Level::Province, Level::City, Level::County, Level::Department, Level::Township, Level::Unknown];

    /// The machine key used in CSV and JSONL.
    pub fn key(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Department => "department",
            Level::Township => "township",
            Level::Unknown => "unknown",
        }
    }

    /// The Chinese label used in tables.
    pub fn label(self) -> &'static str {
        match self {
            Level::Province => "省级",
            Level::City => "市级",
            Level::County => "县级",
            Level::Department => "部门",
            Level::Township => "乡镇街道",
            Level::Unknown => "未知",
        }
    }

    fn from_key(k: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.key() == k)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    strip_suffixes: Vec<String>,
    levels: Vec<RawLevel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    key: String,
    #[allow(dead_code)] // documents the key in the YAML; Level::label is what is shown
    label: String,
    #[serde(default)]
    names: Vec<String>,
    suffixes: Vec<String>,
}

struct Table {
    strip: Vec<String>,
    names: Vec<(String, Level)>,
    /// Longest suffix first.
    suffixes: Vec<(String, Level)>,
}

const LEVELS_YAML: &str = include_str!("levels.yaml");

fn compile(src: &str) -> Result<Table, String> {
    let raw: RawTable = serde_saphyr::from_str(src).map_err(|e| e.to_string())?;
    let mut names = Vec::new();
    let mut suffixes = Vec::new();
    for l in raw.levels {
        let level = Level::from_key(&l.key).ok_or_else(|| format!("未知的级别 {}", l.key))?;
        names.extend(l.names.into_iter().map(|n| (n, level)));
        suffixes.extend(l.suffixes.into_iter().map(|s| (s, level)));
    }
    suffixes.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
    Ok(Table { strip: raw.strip_suffixes, names, suffixes })
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    // The YAML is embedded at build time and compiled by the unit test below, so a
    // failure here is a build defect, not user input; fall back to "everything unknown".
    TABLE.get_or_init(|| {
        compile(LEVELS_YAML).unwrap_or(Table { strip: Vec::new(), names: Vec::new(), suffixes: Vec::new() })
    })
}

/// Infer the level of a unit name such as 天津市静海区人民政府 (county) or 区信访办
/// (department).
pub fn infer(unit: Option<&str>) -> Level {
    let Some(unit) = unit else { return Level::Unknown };
    let folded = to_simplified(unit);
    let mut name: &str = folded.trim();
    let t = table();
    for s in &t.strip {
        if let Some(rest) = name.strip_suffix(s.as_str()) {
            if !rest.is_empty() {
                name = rest;
                break;
            }
        }
    }
    if let Some((_, l)) = t.names.iter().find(|(n, _)| n == name) {
        return *l;
    }
    t.suffixes
        .iter()
        .find(|(s, _)| name.ends_with(s.as_str()) && name.len() > s.len())
        .map(|(_, l)| *l)
        .unwrap_or(Level::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_compiles() {
        let t = compile(LEVELS_YAML).expect("levels.yaml");
        assert!(t.suffixes.len() > 20);
    }

    #[test]
    fn levels_of_typical_units() {
        let cases = [
            ("湖北省人民政府", Level::Province),
            ("新疆维吾尔自治区人民政府", Level::Province),
            ("上海市人民政府", Level::Province),
            ("重庆市", Level::Province),
            ("石家庄市人民政府", Level::City),
            ("延边朝鲜族自治州人民政府", Level::City),
            ("阿拉善盟", Level::City),
            ("天津市静海区人民政府", Level::County),
            ("南昌县", Level::County),
            ("鄂伦春自治旗", Level::County),
            ("区信访办", Level::Department),
            ("枣庄市信访局", Level::Department),
            ("重庆市巴南区信访办公室", Level::Department),
            ("國家稅務總局上海市稅務局", Level::Department),
            ("重庆市涪陵区卫生健康委员会", Level::Department),
            ("鲤城区人民政府金龙街道办事处", Level::Township),
            ("城口县鸡鸣乡人民政府", Level::Township),
            ("友谊路街道", Level::Township),
            ("某某镇", Level::Township),
            ("我局", Level::Department),
            ("某某", Level::Unknown),
            ("", Level::Unknown),
        ];
        for (unit, want) in cases {
            assert_eq!(infer(Some(unit)), want, "{unit}");
        }
        assert_eq!(infer(None), Level::Unknown);
    }
}

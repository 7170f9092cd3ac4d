//! Project configuration: `fazhi-lint.yaml`, found from each checked file's directory
//! upward (the nearest wins), or given with `--config`. This module owns the file's
//! format (serde types with `deny_unknown_fields`), its discovery, the errors that point
//! at a line and column of the YAML, the commented default written by `fazhi-lint init`,
//! and turning a config into per-file [`Settings`].

use crate::check::Settings;
use crate::files::read_small_file;
use crate::rules::{RuleSet, Severity};
use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The file name looked for in each directory.
pub const FILE_NAME: &str = "fazhi-lint.yaml";

/// From which severity on findings make the run fail (exit code 1): `fail-level` in the
/// config file and `--fail-level` (`never`: never fail on findings). The variants have no
/// doc comments: they would become the help of the command-line values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum FailLevel {
    Error,
    Warning,
    Info,
    Never,
}

impl FailLevel {
    /// The lowest severity that fails the run, or None for `never`.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailLevel::Error => Some(Severity::Error),
            FailLevel::Warning => Some(Severity::Warning),
            FailLevel::Info => Some(Severity::Info),
            FailLevel::Never => None,
        }
    }
}

/// `fazhi-lint.yaml` exactly as written. The values judged after parsing (rule ids and
/// groups, globs, the deadline) keep where they are written, so an error points at them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    /// Run only these rules or groups (empty or absent: all).
    #[serde(default)]
    select: Vec<Spanned<String>>,
    /// Never run these rules or groups.
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    /// Severity per rule id or group: error | warning | info | off.
    #[serde(default)]
    severity: HashMap<Spanned<String>, Severity>,
    /// Extra rule files or folders, relative to the config file.
    #[serde(default)]
    rules: Vec<PathBuf>,
    /// The year reported on (overrides detection).
    year: Option<i32>,
    /// From which severity on the run fails.
    fail_level: Option<FailLevel>,
    /// Reporting deadline `MM-DD` in the year after the reported year (default 04-01).
    deadline: Option<Spanned<String>>,
    /// Glob (relative to the config file's folder) → rules or groups not run there.
    #[serde(default)]
    per_file_ignores: HashMap<Spanned<String>, Vec<Spanned<String>>>,
    /// Judge files that do not look like annual reports too (default false: skipped).
    #[serde(default)]
    force: bool,
    /// Globs (relative to the config file's folder): check only the files they match.
    #[serde(default)]
    include: Vec<Spanned<String>>,
    /// Globs (relative to the config file's folder): never check the files they match.
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    /// Read scans (image-only PDFs, page images) by OCR when Tesseract is installed
    /// (default true); false refuses them at once.
    ocr: Option<bool>,
}

/// A configuration error: file, line and column, the offending YAML labelled (the same
/// type as a rule-file error).
pub type ConfigError = crate::diagnostic::YamlError;

/// A configuration error at byte `offset` of `source`, labelling the whole token there
/// (a key or a value), not just its first character.
fn config_error_at(path: &str, source: &str, offset: usize, message: String, help: Option<String>) -> Box<ConfigError> {
    let token = |rest: &str| {
        rest.find([':', ',', ']', '}', '\n', '\r', ' '])
            .filter(|&n| n > 0)
            .unwrap_or_else(|| rest.chars().next().map_or(0, char::len_utf8))
    };
    Box::new(ConfigError::at(crate::diagnostic::YamlFile::Config, path, source, offset, token, message, help))
}

/// A configuration error without a position (an unreadable file).
fn config_error(path: &str, message: String) -> Box<ConfigError> {
    Box::new(ConfigError::without_position(crate::diagnostic::YamlFile::Config, path, message))
}

const FORMAT_HELP: &str = "可用的键：select、ignore、severity、rules、year、fail-level、deadline、per-file-ignores、force、include、exclude、ocr（fazhi-lint init 生成带注释的示例）";

/// A parsed configuration file.
#[derive(Debug)]
pub struct Config {
    /// The file, as found or given.
    pub path: PathBuf,
    /// Its folder: `rules` and `per-file-ignores` are relative to it.
    pub dir: PathBuf,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    /// Extra rule files or folders, already resolved against `dir`.
    pub rules: Vec<PathBuf>,
    pub year: Option<i32>,
    pub fail_level: Option<FailLevel>,
    /// Reporting deadline (month, day), for the `report-late` rule.
    pub deadline: Option<(u32, u32)>,
    per_file_ignores: Vec<(GlobMatcher, Vec<String>)>,
    /// Judge files that do not look like reports too.
    pub force: bool,
    include: Vec<GlobMatcher>,
    exclude: Vec<GlobMatcher>,
    /// Read scans by OCR (`ocr:`, default true).
    pub ocr: bool,
    /// The YAML text, for pointing at values found wrong after loading the rules.
    text: String,
    /// Every rule id or group the file names (select, ignore, severity,
    /// per-file-ignores) with where it is written, in the file's order.
    names_at: Vec<(String, usize)>,
}

/// Where a value read as `Spanned` is written (byte offset; 0 when unknown).
fn offset_of<T>(v: &Spanned<T>) -> usize {
    v.referenced.span().byte_offset().and_then(|o| usize::try_from(o).ok()).unwrap_or(0)
}

impl Config {
    /// Read and parse a config file.
    pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
        let shown = path.display().to_string();
        let text = read_small_file(path, crate::rules::MAX_RULE_FILE_BYTES).map_err(|e| config_error(&shown, e))?;
        Config::parse(path, text)
    }

    /// Parse a config given its path (for messages and relative paths) and text.
    pub fn parse(path: &Path, text: String) -> Result<Config, Box<ConfigError>> {
        let shown = path.display().to_string();
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            serde_saphyr::from_str_with_options(&text, crate::files::yaml_options()).map_err(|e| {
                let offset = e.location().map_or(0, |loc| {
                    crate::span::LineIndex::new(&text).offset(&text, loc.line() as usize, loc.column() as usize)
                });
                config_error_at(&shown, &text, offset, crate::files::yaml_message(&e), Some(FORMAT_HELP.into()))
            })?
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut names_at: Vec<(String, usize)> = Vec::new();
        let mut name = |v: &Spanned<String>| {
            names_at.push((v.value.clone(), offset_of(v)));
            v.value.clone()
        };
        let select: Vec<String> = raw.select.iter().map(&mut name).collect();
        let ignore: Vec<String> = raw.ignore.iter().map(&mut name).collect();
        let severity: BTreeMap<String, Severity> = raw.severity.iter().map(|(k, v)| (name(k), *v)).collect();
        // Sorted by pattern, as they always were.
        let mut patterns: Vec<_> = raw.per_file_ignores.iter().collect();
        patterns.sort_by(|a, b| a.0.value.cmp(&b.0.value));
        let mut per_file_ignores = Vec::with_capacity(patterns.len());
        for (pattern, ids) in patterns {
            let glob = Glob::new(&pattern.value).map_err(|e| {
                let message = format!("per-file-ignores 的模式 “{}” 无效：{e}", pattern.value);
                config_error_at(&shown, &text, offset_of(pattern), message, None)
            })?;
            per_file_ignores.push((glob.compile_matcher(), ids.iter().map(&mut name).collect()));
        }
        names_at.sort_by_key(|n| n.1);
        let globs = |key: &str, patterns: &[Spanned<String>]| -> Result<Vec<GlobMatcher>, Box<ConfigError>> {
            patterns
                .iter()
                .map(|pattern| {
                    Glob::new(&pattern.value).map(|g| g.compile_matcher()).map_err(|e| {
                        let message = format!("{key} 的模式 “{}” 无效：{e}", pattern.value);
                        config_error_at(&shown, &text, offset_of(pattern), message, None)
                    })
                })
                .collect()
        };
        let include = globs("include", &raw.include)?;
        let exclude = globs("exclude", &raw.exclude)?;
        let deadline = match &raw.deadline {
            None => None,
            Some(d) => Some(crate::rules::kinds::parse_deadline(&d.value).ok_or_else(|| {
                let message = format!("deadline 的值 “{}” 无效：应为 月-日，如 03-01", d.value);
                config_error_at(&shown, &text, offset_of(d), message, None)
            })?),
        };
        Ok(Config {
            deadline,
            rules: raw.rules.iter().map(|r| dir.join(r)).collect(),
            path: path.to_path_buf(),
            dir,
            select,
            ignore,
            severity,
            year: raw.year,
            fail_level: raw.fail_level,
            per_file_ignores,
            force: raw.force,
            include,
            exclude,
            ocr: raw.ocr.unwrap_or(true),
            text,
            names_at,
        })
    }

    /// Refuse rule ids and groups that the rule set does not know, pointing at them.
    pub fn validate(&self, rules: &RuleSet) -> Result<(), Box<ConfigError>> {
        // The first unknown one in the file, where it is written.
        for (id, offset) in &self.names_at {
            if !is_known(rules, id) {
                return Err(config_error_at(
                    &self.path.display().to_string(),
                    &self.text,
                    *offset,
                    format!("未知的规则或规则组 “{id}”"),
                    Some("fazhi-lint rules 列出全部规则及其组".into()),
                ));
            }
        }
        Ok(())
    }

    /// Whether `file` is checked at all under this config's `include` / `exclude` globs
    /// (relative to the config file's folder, like `per-file-ignores`).
    pub fn selects(&self, file: &Path) -> bool {
        let rel = relative_to(file, &self.dir);
        let hit = |globs: &[GlobMatcher]| globs.iter().any(|g| g.is_match(&rel) || g.is_match(file));
        (self.include.is_empty() || hit(&self.include)) && !hit(&self.exclude)
    }

    /// The settings for one file: this config's, with the file's `per-file-ignores` added.
    pub fn settings_for(&self, file: &Path) -> Settings {
        let mut s = Settings {
            year: self.year,
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
            deadline: self.deadline,
        };
        let rel = relative_to(file, &self.dir);
        for (glob, ids) in &self.per_file_ignores {
            if glob.is_match(&rel) || glob.is_match(file) {
                s.ignore.extend(ids.iter().cloned());
            }
        }
        s
    }
}

/// Is `id` a rule id, a group, or `ALL`?
pub fn is_known(rules: &RuleSet, id: &str) -> bool {
    id == "ALL" || id == "all" || rules.get(id).is_some() || rules.has_group(id)
}

/// The nearest `fazhi-lint.yaml` in `dir` or one of its ancestors.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(dir).ok()?;
    abs.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

/// The folder a checked file's config search starts from. `file` is a file as collected
/// by the walker (folders are already expanded), so no file-system call is needed.
pub fn search_start(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `file` relative to `dir` when it lies below it (both made absolute), else `file`.
fn relative_to(file: &Path, dir: &Path) -> PathBuf {
    match (std::path::absolute(file), std::path::absolute(dir)) {
        (Ok(f), Ok(d)) => f.strip_prefix(&d).map(Path::to_path_buf).unwrap_or(f),
        _ => file.to_path_buf(),
    }
}

/// The commented configuration `fazhi-lint init` writes: every key with its default,
/// and the rules and groups of `rules` listed for reference.
pub fn default_text(rules: &RuleSet) -> String {
    let mut groups: Vec<&str> = rules.rules.iter().map(|r| r.meta.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    let mut s = String::from(
        "# fazhi-lint 配置文件\n\
         #\n\
         # fazhi-lint check 从每个被检查文件所在的目录向上查找最近的 fazhi-lint.yaml；\n\
         # --config FILE 指定配置文件，--no-config 不读取配置。命令行参数优先于本文件\n\
         # （--select 取代 select，--ignore 追加到 ignore）。\n\
         \n\
         # 只运行这些规则或规则组；空列表表示运行全部规则。\n\
         select: []\n\
         \n\
         # 不运行这些规则或规则组。\n\
         ignore: []\n\
         \n\
         # 调整规则或规则组的级别：error | warning | info | off。例如：\n\
         #   severity:\n\
         #     missing-xi-thought-study: error\n\
         severity: {}\n\
         \n\
         # 额外的规则文件或目录（相对于本文件所在目录），格式见 rules/README.md。\n\
         rules: []\n\
         \n\
         # 报告年度：不写则从标题和正文识别。例如：\n\
         # year: 2023\n\
         \n\
         # 达到此级别的发现即以退出码 1 结束：error | warning | info | never\n\
         fail-level: error\n\
         \n\
         # 按文件忽略规则：glob 模式（相对于本文件所在目录）→ 规则或规则组。例如：\n\
         #   per-file-ignores:\n\
         #     \"草稿/*.txt\": [missing-xi-thought-study]\n\
         per-file-ignores: {}\n\
         \n\
         # 只检查匹配这些 glob 模式的文件；空列表表示全部（相对于本文件所在目录）。\n\
         include: []\n\
         \n\
         # 不检查匹配这些 glob 模式的文件，例如 [\"README.md\", \"草稿/**\"]。\n\
         exclude: []\n\
         \n\
         # 没有报告标题、一级标题和必备内容线索的文件（英文说明、依赖清单等）默认跳过，\n\
         # 注明“不是年度报告，未检查”；true 时照样检查。\n\
         force: false\n\
         \n\
         # 扫描件（没有文字层的 PDF）和图片（.png .jpg .tif）：安装 Tesseract 及中文模型\n\
         # （tesseract-ocr、tesseract-ocr-chi-sim）后用文字识别（OCR）读取；false 时不识别，\n\
         # 直接列为无法读取（同 --no-ocr）。\n\
         ocr: true\n\
         \n",
    );
    s.push_str(&format!("# 规则组：{}\n# 规则：\n", groups.join("、")));
    for r in &rules.rules {
        s.push_str(&format!("#   {:<36} {:<8} {}\n", r.meta.id, r.meta.severity.as_str(), r.meta.group));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Box<ConfigError>> {
        Config::parse(Path::new("/proj/fazhi-lint.yaml"), text.to_string())
    }

    #[test]
    fn all_keys_parse_and_paths_are_relative_to_the_file() {
        let c = parse(
            "select: [structure]\nignore: [missing-problems]\nseverity:\n  missing-xi-thought-study: error\n\
             rules: [extra/]\nyear: 2023\nfail-level: warning\nper-file-ignores:\n  \"drafts/*.txt\": [missing-achievements]\n",
        )
        .unwrap();
        assert_eq!(c.select, ["structure"]);
        assert_eq!(c.ignore, ["missing-problems"]);
        assert_eq!(c.severity["missing-xi-thought-study"], Severity::Error);
        assert_eq!(c.rules, [PathBuf::from("/proj/extra/")]);
        assert_eq!(c.year, Some(2023));
        assert_eq!(c.fail_level, Some(FailLevel::Warning));
        let s = c.settings_for(Path::new("/proj/drafts/a.txt"));
        assert_eq!(s.ignore, ["missing-problems", "missing-achievements"]);
        assert_eq!(s.year, Some(2023));
        let s = c.settings_for(Path::new("/proj/final/a.txt"));
        assert_eq!(s.ignore, ["missing-problems"]);
    }

    #[test]
    fn a_misspelt_key_is_reported_at_its_line_and_column() {
        let e = parse("select: []\nignroe: [missing-problems]\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1), "{e}");
        assert!(e.to_string().contains("fazhi-lint.yaml"));
        assert!(e.message.starts_with("未知的键 “ignroe”") && !e.message.contains("at line"), "{}", e.message);
        assert_eq!(e.span.map(|s| s.len()), Some("ignroe".len()));
    }

    #[test]
    fn a_bad_value_is_reported_at_its_line() {
        let e = parse("severity:\n  missing-problems: eror\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = parse("fail-level: sometimes\n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        let e = parse("year: 二〇二三\n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
    }

    #[test]
    fn unknown_rule_ids_are_refused_where_they_are_written() {
        let rules = RuleSet::embedded().unwrap();
        let c = parse("ignore:\n  - missing-problems\n  - missing-problem\n").unwrap();
        let e = c.validate(&rules).unwrap_err();
        assert_eq!((e.line, e.column), (3, 5), "{e}");
        assert!(e.message.contains("missing-problem”"));
        let group = &rules.rules[0].meta.group;
        parse(&format!("select: [{group}]\nper-file-ignores:\n  \"*.md\": [ALL]\n")).unwrap().validate(&rules).unwrap();
    }

    #[test]
    fn each_value_is_refused_where_it_is_written_not_where_its_text_first_occurs() {
        let rules = RuleSet::embedded().unwrap();
        // The id is named in a comment first; the error is at the value.
        let c = parse("# missing-problem 写错了\nignore:\n  - missing-problems\n  - missing-problem\n").unwrap();
        let e = c.validate(&rules).unwrap_err();
        assert_eq!((e.line, e.column), (4, 5), "{e}");
        // A severity key, and the first unknown one in the file wins.
        let c = parse("severity:\n  no-such-b: off\nselect: [missing-problems, no-such-a]\n").unwrap();
        let e = c.validate(&rules).unwrap_err();
        assert_eq!((e.line, e.column), (2, 3), "{e}");
        // A glob and a deadline at their values, not at an earlier occurrence of their text.
        let e = parse("# a/[b\ninclude: [\"a/[b\"]\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 11), "{e}");
        let e = parse("year: 2023 # 13-01\ndeadline: 13-01\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 11), "{e}");
    }

    #[test]
    fn include_exclude_and_force() {
        let c = parse("include: [\"reports/**\"]\nexclude: [\"**/README.md\"]\nforce: true\n").unwrap();
        assert!(c.force);
        assert!(c.selects(Path::new("/proj/reports/2023/a.txt")));
        assert!(!c.selects(Path::new("/proj/reports/README.md")));
        assert!(!c.selects(Path::new("/proj/notes/a.txt")));
        let c = parse("exclude: [\"*.md\"]\n").unwrap();
        assert!(!c.force);
        assert!(c.selects(Path::new("/proj/a.txt")) && !c.selects(Path::new("/proj/README.md")));
        assert!(parse("exclude: [\"a/[b\"]\n").is_err());
    }

    #[test]
    fn deadline_is_month_and_day() {
        assert_eq!(parse("deadline: 03-01\n").unwrap().settings_for(Path::new("a.txt")).deadline, Some((3, 1)));
        assert_eq!(parse("year: 2022\n").unwrap().deadline, None);
        let e = parse("deadline: 13-01\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("13-01"), "{}", e.message);
    }

    #[test]
    fn a_bad_glob_is_refused() {
        let e = parse("per-file-ignores:\n  \"a/[b\": [missing-problems]\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn the_init_text_is_a_valid_config_with_the_defaults() {
        let rules = RuleSet::embedded().unwrap();
        let text = default_text(&rules);
        let c = parse(&text).unwrap();
        c.validate(&rules).unwrap();
        assert!(c.select.is_empty() && c.ignore.is_empty() && c.severity.is_empty() && c.rules.is_empty());
        assert_eq!(c.fail_level, Some(FailLevel::Error));
        assert_eq!(c.year, None);
        assert!(text.contains("missing-problems"));
    }

    #[test]
    fn discovery_finds_the_nearest_file_upward() {
        let tmp = tempfile::tempdir().unwrap();
        let deep = tmp.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(tmp.path().join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(std::path::absolute(tmp.path().join("a").join(FILE_NAME)).unwrap()));
        std::fs::write(tmp.path().join("a/b").join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(std::path::absolute(tmp.path().join("a/b").join(FILE_NAME)).unwrap()));
        assert_eq!(search_start(Path::new("report.txt")), PathBuf::from("."));
    }
}

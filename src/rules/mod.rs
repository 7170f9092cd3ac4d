//! Rules as data: YAML files (embedded defaults from `rules/`, plus user files) are read
//! into raw serde types, validated, and compiled once into a [`RuleSet`] that the
//! checker runs. Errors point at the file, line and column.

pub mod kinds;
pub mod raw;

use crate::parse::DocumentConfig;
use crate::parts::Parts;
pub use raw::Severity;
use raw::{RawExamples, RawFile, RawRule, RawWhen};
use crate::diagnostic::CharColumnSource;
use miette::{Diagnostic, SourceSpan};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// A rule-file error: file name, line and column, and the offending text labelled.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("规则文件 {path} 第 {line} 行第 {column} 列有误：{message}")]
#[diagnostic(code(fazhi_lint::rule_file))]
pub struct RuleFileError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[source_code]
    src: CharColumnSource,
    #[label("此处")]
    span: Option<SourceSpan>,
    #[help]
    help: Option<String>,
}

impl RuleFileError {
    fn at(path: &str, source: &str, offset: usize, message: String, help: Option<String>) -> Self {
        let offset = crate::span::floor_char_boundary(source, offset);
        let idx = crate::span::LineIndex::new(source);
        let pos = idx.position(source, offset);
        let len = source[offset..].chars().next().map(|c| c.len_utf8()).unwrap_or(0);
        RuleFileError {
            path: path.to_string(),
            line: pos.line,
            column: pos.column,
            message,
            src: CharColumnSource::new(path, source.to_string()),
            span: Some(SourceSpan::new(offset.into(), len)),
            help,
        }
    }
}

/// Documentation and identity of a rule, shared by all kinds.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RuleMeta {
    pub id: String,
    pub group: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub explanation: String,
    pub examples: RawExamples,
    pub label: Option<String>,
    #[serde(skip)]
    pub when: RawWhen,
    /// The file the rule came from (`rules/structure.yaml`, or a user path).
    pub source: String,
}

impl RuleMeta {
    /// Does the rule apply to a report on `year`? (Unknown years: yes.)
    pub fn applies_to_year(&self, year: Option<i32>) -> bool {
        match year {
            None => true,
            Some(y) => self.when.since.is_none_or(|s| y >= s) && self.when.until.is_none_or(|u| y <= u),
        }
    }
}

/// A validated, compiled rule.
#[derive(Debug)]
pub struct Rule {
    pub meta: RuleMeta,
    pub kind: kinds::RuleKind,
}

/// Everything the checker needs: parser cues, required parts and rules.
#[derive(Debug)]
pub struct RuleSet {
    pub document: DocumentConfig,
    pub parts: Parts,
    pub rules: Vec<Rule>,
    /// The literal words of all pattern rules in one automaton (one scan per report).
    pub literal_index: Option<kinds::LiteralIndex>,
}

/// Where a rule file came from.
struct Source {
    path: String,
    text: String,
}

impl RuleSet {
    /// The default rule set embedded in the binary.
    pub fn embedded() -> Result<RuleSet, Box<RuleFileError>> {
        Self::from_sources(EMBEDDED.iter().map(|(p, t)| Source { path: p.to_string(), text: t.to_string() }).collect())
    }

    /// The embedded rules plus user rule files or folders (their `*.yaml` files, sorted).
    /// A user rule with an existing id replaces it; a part with an existing name too.
    pub fn with_user_files(paths: &[PathBuf]) -> Result<RuleSet, Box<RuleFileError>> {
        let mut sources: Vec<Source> = EMBEDDED.iter().map(|(p, t)| Source { path: p.to_string(), text: t.to_string() }).collect();
        for p in paths {
            for f in rule_files(p)? {
                let text = std::fs::read_to_string(&f).map_err(|e| {
                    Box::new(RuleFileError {
                        path: f.display().to_string(),
                        line: 0,
                        column: 0,
                        message: format!("无法读取：{e}"),
                        src: CharColumnSource::new(f.display().to_string(), String::new()),
                        span: None,
                        help: None,
                    })
                })?;
                sources.push(Source { path: f.display().to_string(), text });
            }
        }
        Self::from_sources(sources)
    }

    /// Build from YAML texts given as (name, text) pairs, in order.
    pub fn from_texts(files: &[(&str, &str)]) -> Result<RuleSet, Box<RuleFileError>> {
        Self::from_sources(files.iter().map(|(p, t)| Source { path: p.to_string(), text: t.to_string() }).collect())
    }

    fn from_sources(sources: Vec<Source>) -> Result<RuleSet, Box<RuleFileError>> {
        let mut document: Option<(DocumentConfig, usize)> = None;
        let mut parts: BTreeMap<String, (raw::RawPart, usize)> = BTreeMap::new();
        let mut rules: Vec<(RawRule, usize)> = Vec::new();
        // The files parse independently (in parallel when there are threads); they are
        // merged in order, and the first failing file in order is the error.
        let parsed = par_map(sources.iter().collect(), |src: &Source| -> Result<RawFile, Box<RuleFileError>> {
            if src.text.trim().is_empty() {
                return Ok(RawFile::default());
            }
            serde_saphyr::from_str(&src.text).map_err(|e| {
                let (offset, msg) = match e.location() {
                    Some(loc) => (
                        crate::span::LineIndex::new(&src.text).offset(&src.text, loc.line() as usize, loc.column() as usize),
                        e.without_snippet().to_string(),
                    ),
                    None => (0, e.to_string()),
                };
                Box::new(RuleFileError::at(&src.path, &src.text, offset, first_line(&msg), Some("规则文件格式见 rules/README.md".into())))
            })
        });
        for (si, file) in parsed.into_iter().enumerate() {
            let file = file?;
            if let Some(d) = file.document {
                document = Some((d, si));
            }
            for (name, p) in file.parts {
                parts.insert(name, (p, si));
            }
            for r in file.rules {
                match rules.iter_mut().find(|(x, _)| x.id == r.id) {
                    Some(slot) => *slot = (r, si),
                    None => rules.push((r, si)),
                }
            }
        }
        let err_at = |si: usize, needle: &str, message: String| -> Box<RuleFileError> {
            let src = &sources[si];
            let offset = src.text.find(needle).unwrap_or(0);
            Box::new(RuleFileError::at(&src.path, &src.text, offset, message, None))
        };
        let (document, _) = document.ok_or_else(|| {
            Box::new(RuleFileError {
                path: "rules".into(),
                line: 0,
                column: 0,
                message: "缺少 document: 部分（标题与版面杂项线索）".into(),
                src: CharColumnSource::new("rules", String::new()),
                span: None,
                help: None,
            })
        })?;
        let parts = Parts::compile(&parts).map_err(|(name, msg)| {
            let si = parts.get(&name).map(|p| p.1).unwrap_or(0);
            err_at(si, &format!("{name}:"), msg)
        })?;
        // Compiling the rules (their regexes above all) is most of the start-up time; each
        // rule compiles on its own, so in parallel, and the first error in order is reported.
        let compiled = par_map(rules, |(r, si)| -> Result<Rule, Box<RuleFileError>> {
            let needle = format!("id: {}", r.id);
            if !is_kebab(&r.id) {
                return Err(err_at(si, &needle, format!("规则 id “{}” 应为小写字母、数字和连字符（kebab-case）", r.id)));
            }
            let kind = kinds::compile(&r, &parts).map_err(|m| err_at(si, &needle, format!("规则 {}：{m}", r.id)))?;
            let meta = RuleMeta {
                group: r.group.clone().unwrap_or_else(|| "other".into()),
                id: r.id,
                severity: r.severity,
                message: r.message,
                help: r.help,
                explanation: r.explanation,
                examples: r.examples,
                label: r.label,
                when: r.when.unwrap_or_default(),
                source: sources[si].path.clone(),
            };
            Ok(Rule { meta, kind })
        });
        let mut compiled = compiled.into_iter().collect::<Result<Vec<Rule>, _>>()?;
        let literal_index = kinds::LiteralIndex::build(&mut compiled, &parts);
        Ok(RuleSet { document, parts, rules: compiled, literal_index })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.meta.id == id)
    }
}

/// `f` over `items`, in parallel when the crate has threads; results in order.
fn par_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.into_iter().map(f).collect()
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn rule_files(p: &Path) -> Result<Vec<PathBuf>, Box<RuleFileError>> {
    let err = |msg: String| {
        Box::new(RuleFileError {
            path: p.display().to_string(),
            line: 0,
            column: 0,
            message: msg,
            src: CharColumnSource::new(p.display().to_string(), String::new()),
            span: None,
            help: None,
        })
    };
    if p.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|e| err(format!("无法读取目录：{e}")))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        v.sort();
        Ok(v)
    } else if p.exists() {
        Ok(vec![p.to_path_buf()])
    } else {
        Err(err("文件不存在".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_load() {
        let rs = RuleSet::embedded().unwrap();
        assert!(rs.get("missing-problems").is_some());
    }

    #[test]
    fn unknown_key_points_at_line() {
        let bad = "rules:\n  - id: x-y\n    kind: required-part\n    severity: error\n    mesage: 错\n";
        let mut files: Vec<(&str, &str)> = EMBEDDED.to_vec();
        files.push(("user.yaml", bad));
        let e = RuleSet::from_texts(&files).unwrap_err();
        assert_eq!(e.path, "user.yaml");
        assert_eq!(e.line, 5, "{e}");
    }

    #[test]
    fn unknown_part_is_refused_at_the_rule() {
        let bad = "rules:\n  - id: missing-x\n    kind: required-part\n    part: nope\n    severity: error\n    message: 缺\n    help: 补\n    explanation: 因\n";
        let mut files: Vec<(&str, &str)> = EMBEDDED.to_vec();
        files.push(("user.yaml", bad));
        let e = RuleSet::from_texts(&files).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("nope"));
    }
}

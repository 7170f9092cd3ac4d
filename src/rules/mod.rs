//! Rules as data: YAML files (embedded defaults from `rules/`, plus user files) are read
//! into raw serde types, validated, and compiled once into a [`RuleSet`] that the
//! checker runs. Errors point at the file, line and column.

pub mod kinds;
pub mod raw;

use crate::diagnostic::CharColumnSource;
pub use crate::diagnostic::Severity;
use crate::parse::DocumentConfig;
use crate::parts::Parts;
use miette::{Diagnostic, SourceSpan};
use raw::{RawExamples, RawFile, RawRule, RawWhen};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// Compiled-size limit of a rule regex (the regex crate's `size_limit`). A user regex
/// past it is a load error at its line, never a rule that silently matches nothing.
pub const REGEX_SIZE_LIMIT: usize = 1 << 28;

/// Largest rule or config file read (bytes); larger ones are refused at once.
pub const MAX_RULE_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A rule-file error: file name, line and column, and the offending text labelled.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("规则文件 {path}{}有误：{message}", crate::files::position_words(*.line, *.column))]
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
        let mut sources: Vec<Source> =
            EMBEDDED.iter().map(|(p, t)| Source { path: p.to_string(), text: t.to_string() }).collect();
        for p in paths {
            for f in rule_files(p)? {
                let text = crate::files::read_small_file(&f, MAX_RULE_FILE_BYTES).map_err(|e| {
                    Box::new(RuleFileError {
                        path: f.display().to_string(),
                        line: 0,
                        column: 0,
                        message: e,
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
        let mut parts: BTreeMap<String, (crate::parts::RawPart, usize)> = BTreeMap::new();
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
                        crate::span::LineIndex::new(&src.text).offset(
                            &src.text,
                            loc.line() as usize,
                            loc.column() as usize,
                        ),
                        e.without_snippet().to_string(),
                    ),
                    None => (0, e.to_string()),
                };
                // The position is in the header already.
                let msg = first_line(&msg);
                let mut msg = msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]).to_string();
                // A line indented unlike any line before it is what the parser tripped
                // over, though it reports the end of the mapping before it.
                let offset = match misindented_after(&src.text, offset) {
                    Some(at) => {
                        msg.push_str("（此行的缩进与上文不一致）");
                        at
                    }
                    None => offset,
                };
                let mut err =
                    RuleFileError::at(&src.path, &src.text, offset, msg, Some("规则文件格式见 rules/README.md".into()));
                if !is_embedded(src) {
                    // A user "rule file" may be any file (`rules:` naming a private
                    // one): its path and the error position only, none of its text.
                    err.src = CharColumnSource::new(&src.path, String::new());
                    err.span = None;
                    err.message = crate::files::redact_quoted(&err.message);
                }
                Box::new(err)
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
                return Err(err_at(
                    si,
                    &needle,
                    format!("规则 id “{}” 应为小写字母、数字和连字符（kebab-case）", r.id),
                ));
            }
            // A regex error points at that regex, not at the rule's id.
            let regex_at = |re: &str, message: String| -> Box<RuleFileError> {
                let src = &sources[si];
                let offset = locate_regex(&src.text, &needle, re);
                Box::new(RuleFileError::at(&src.path, &src.text, offset, message, None))
            };
            // User regexes compile now (embedded ones, known good, when first used): a
            // regex past the compiled-size limit is refused here.
            if !is_embedded(&sources[si]) {
                for re in regexes(&r) {
                    if let Err(regex::Error::CompiledTooBig(limit)) =
                        regex::RegexBuilder::new(re).size_limit(REGEX_SIZE_LIMIT).build()
                    {
                        return Err(regex_at(
                            re,
                            format!(
                                "规则 {}：正则表达式 {re} 编译后超过 {limit} 字节的上限，请简化（例如减少重复次数）",
                                r.id
                            ),
                        ));
                    }
                }
            }
            let kind = kinds::compile(&r, &parts).map_err(|m| {
                match regexes(&r).find(|re| m.contains(&format!("正则表达式 {re} "))) {
                    Some(re) => regex_at(re, format!("规则 {}：{m}", r.id)),
                    None => err_at(si, &needle, format!("规则 {}：{m}", r.id)),
                }
            })?;
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

/// The start of the first non-blank line after the one holding `offset`, when its
/// indentation matches no line before it (YAML errors are reported one line early then).
fn misindented_after(text: &str, offset: usize) -> Option<usize> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let line_end = text[offset.min(text.len())..].find('\n').map(|i| offset + i + 1)?;
    let before = &text[..line_end];
    let mut at = line_end;
    for line in text[line_end..].split_inclusive('\n') {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            at += line.len();
            continue;
        }
        let n = indent(line);
        let seen =
            before.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).any(|l| indent(l) == n);
        return (!seen).then_some(at + n);
    }
    None
}

/// The regexes of a rule's `find` list.
fn regexes(r: &RawRule) -> impl Iterator<Item = &str> {
    r.find.iter().flatten().filter_map(|t| match t {
        raw::RawTerm::Entry(e) => e.regex.as_deref(),
        raw::RawTerm::Literal(_) => None,
    })
}

/// Where the regex `re` of the rule whose `id:` line is `needle` is written: the regex
/// text after the id (as written, or single-quoted), else the next `regex:` key, else the id.
fn locate_regex(text: &str, needle: &str, re: &str) -> usize {
    let Some(id_at) = text.find(needle) else { return 0 };
    let after = &text[id_at..];
    let found = after.find(re).or_else(|| after.find(&re.replace('\'', "''"))).map(|i| {
        // The start of the `regex:` key on that line, if any, else the regex itself.
        let line_start = after[..i].rfind('\n').map_or(0, |n| n + 1);
        after[line_start..i].rfind("regex:").map_or(i, |k| line_start + k)
    });
    id_at + found.or_else(|| after.find("regex:")).unwrap_or(0)
}

/// Whether a source is one of the embedded rule files, unchanged.
fn is_embedded(src: &Source) -> bool {
    EMBEDDED.iter().any(|(p, t)| *p == src.path && *t == src.text)
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
    // Metadata only (never an open): a FIFO or device is refused without blocking on it.
    let meta = std::fs::metadata(p).map_err(|e| {
        err(if e.kind() == std::io::ErrorKind::NotFound {
            "文件不存在".into()
        } else {
            format!("无法读取：{e}")
        })
    })?;
    if meta.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|e| err(format!("无法读取目录：{e}")))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        v.sort();
        Ok(v)
    } else {
        // Regular files only: read_small_file refuses anything else.
        Ok(vec![p.to_path_buf()])
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

    fn user_rule(find: &str) -> String {
        format!("rules:\n  - id: big-regex\n    kind: pattern\n    severity: warning\n    message: 错\n    help: 改\n    explanation: 因\n    find:\n      - {{ find: 某词 }}\n      - {find}\n")
    }

    #[test]
    fn a_user_regex_past_the_compile_limit_is_a_load_error_at_its_line() {
        let text = user_rule("{ regex: '(?:\\w{1000}){100}' }");
        let mut files: Vec<(&str, &str)> = EMBEDDED.to_vec();
        files.push(("user.yaml", &text));
        let e = RuleSet::from_texts(&files).unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("user.yaml", 10), "{e}");
        assert!(e.message.contains("上限"), "{e}");
        assert!(e.column > 1, "{e}");
    }

    #[test]
    fn a_regex_syntax_error_points_at_the_regex_line() {
        let text = user_rule("{ regex: '某(词' }");
        let mut files: Vec<(&str, &str)> = EMBEDDED.to_vec();
        files.push(("user.yaml", &text));
        let e = RuleSet::from_texts(&files).unwrap_err();
        assert_eq!(e.line, 10, "{e}");
        assert!(e.message.contains("某(词"), "{e}");
    }

    #[test]
    fn unreadable_and_special_rule_files_are_refused_without_a_position() {
        let dir = tempfile::tempdir().unwrap();
        let e = RuleSet::with_user_files(&[dir.path().join("none.yaml")]).unwrap_err();
        assert_eq!(e.to_string(), format!("规则文件 {} 有误：文件不存在", dir.path().join("none.yaml").display()));
        #[cfg(unix)]
        {
            let e = RuleSet::with_user_files(&[PathBuf::from("/dev/zero")]).unwrap_err();
            assert!(e.message.contains("不是普通文件"), "{e}");
            assert!(!e.to_string().contains("第 0 行"), "{e}");
        }
        let big = dir.path().join("big.yaml");
        std::fs::write(&big, "#".repeat(MAX_RULE_FILE_BYTES as usize + 1)).unwrap();
        assert!(RuleSet::with_user_files(&[big]).unwrap_err().message.contains("过大"));
    }

    #[test]
    fn a_file_that_is_not_yaml_rules_is_not_echoed() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret");
        std::fs::write(&secret, "root:x:0:0:root-password-hash-here:/root:/bin/bash\n").unwrap();
        let e = RuleSet::with_user_files(&[secret]).unwrap_err();
        let shown = format!("{:?}", miette::Report::new(*e));
        assert!(!shown.contains("password"), "{shown}");
    }

    #[test]
    fn bad_indentation_points_at_the_misindented_line() {
        let bad = "rules:\n  - id: my-rule\n    kind: pattern\n    severity: warning\n   message: 错\n    help: 改\n";
        let mut files: Vec<(&str, &str)> = EMBEDDED.to_vec();
        files.push(("user.yaml", bad));
        let e = RuleSet::from_texts(&files).unwrap_err();
        assert_eq!((e.line, e.column), (5, 4), "{e}");
        assert!(!e.message.contains(" at line "), "{e}");
    }
}

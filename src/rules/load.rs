//! Loading rule files: reading them (`embedded`, `with_user_files`, `from_texts`),
//! parsing each (in parallel), merging them in order (a later definition of an id replaces
//! an earlier one, `extend:` appends), compiling the rules, and placing every error at its
//! line and column in the file it is about. The engine that runs the loaded rules is
//! `mod.rs` (`RuleSet::parse`, `RuleSet::evaluate`).

use super::raw::{self, RawEntry, RawExamples, RawFile, RawRule};
use super::{
    kinds, literal, rule_error_at, Examples, Pin, Rule, RuleFileError, RuleMeta, RuleSet, When, EMBEDDED,
    EMBEDDED_JSON, MAX_RULE_FILE_BYTES, REGEX_SIZE_LIMIT,
};
use crate::diagnostic::CharColumnSource;
use crate::parse::DocumentConfig;
use crate::parts::Parts;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

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
                    Box::new(RuleFileError::without_position(
                        crate::diagnostic::YamlFile::Rules,
                        &f.display().to_string(),
                        e,
                    ))
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
        // Where each part's name is written in the file it comes from.
        let mut part_at: HashMap<String, raw::At> = HashMap::new();
        let mut follow = crate::follow::RawFollow::default();
        let mut follow_source = 0;
        // Each rule with the file it comes from and what extended it; `index`: where each
        // id is in `rules` (loading stays linear in the number of rules).
        let mut rules: Vec<Merged> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        // The files parse independently (in parallel when there are threads); they are
        // merged in order, and the first failing file in order is the error.
        let parsed = par_map(sources.iter().collect(), |src: &Source| -> Result<RawFile, Box<RuleFileError>> {
            if src.text.trim().is_empty() {
                return Ok(RawFile::default());
            }
            // An embedded file from its JSON copy, read at build time with serde-saphyr
            // (see build.rs): the same values. Its positions are unknown, which no
            // error of an embedded file needs: they all load, and `test --update`
            // writes only user files.
            if let Some(file) = embedded_json(src).and_then(|json| serde_json::from_str::<RawFile>(json).ok()) {
                return Ok(file);
            }
            serde_saphyr::from_str_with_options(&src.text, crate::files::yaml_options()).map_err(|e| {
                let offset = e.location().map_or(0, |loc| {
                    crate::span::LineIndex::new(&src.text).offset(&src.text, loc.line() as usize, loc.column() as usize)
                });
                let mut msg = crate::files::yaml_message(&e);
                let offset = match e.without_snippet() {
                    // Refused by a reader of ours (at the entry it is about) or an unknown
                    // key (at the key): placed where the parser was.
                    serde_saphyr::Error::Message { .. } | serde_saphyr::Error::SerdeUnknownField { .. } => offset,
                    // A missing key is reported at the end of its mapping; it is often a
                    // misindented one that closed the mapping, else blame the mapping.
                    serde_saphyr::Error::SerdeMissingField { .. } => match misindented_after(&src.text, offset) {
                        Some(at) => {
                            msg.push_str("（此行的缩进与上文不一致）");
                            at
                        }
                        None => mapping_start(&src.text, offset),
                    },
                    _ => match unclosed_flow(&src.text, offset) {
                        // A bracket left open on an earlier line: the parser trips further on.
                        Some((at, open)) => {
                            let close = if open == '[' { ']' } else { '}' };
                            msg = format!("“{open}”没有对应的“{close}”（{msg}）");
                            at
                        }
                        // A line indented unlike any line before it is what the parser
                        // tripped over, though it reports the end of the mapping before it.
                        None => match misindented_after(&src.text, offset) {
                            Some(at) => {
                                msg.push_str("（此行的缩进与上文不一致）");
                                at
                            }
                            None => offset,
                        },
                    },
                };
                file_error(src, offset, msg)
            })
        });
        for (si, file) in parsed.into_iter().enumerate() {
            let file = file?;
            if let Some(d) = file.document {
                document = Some((d, si));
            }
            for (name, p) in file.parts {
                part_at.insert(name.value.clone(), raw::key_at(&name));
                parts.insert(name.value, (p, si));
            }
            if let Some(f) = file.follow {
                follow.merge(f);
                follow_source = si;
            }
            let src = &sources[si];
            // Ids defined in this file so far, at their `id:`: a second definition is a mistake.
            let mut here: HashMap<String, raw::At> = HashMap::new();
            for entry in file.rules {
                match entry {
                    RawEntry::Rule(r) => {
                        let r = *r;
                        if let Some(&first) = here.get(&r.common.id) {
                            let first =
                                crate::span::LineIndex::new(&src.text).position(&src.text, first.unwrap_or(0)).line;
                            let message = format!("规则 id “{}” 在同一文件中重复（第 {first} 行已定义）", r.common.id);
                            return Err(Box::new(rule_error_at(
                                &src.path,
                                &src.text,
                                r.common.at.unwrap_or(0),
                                message,
                                None,
                            )));
                        }
                        here.insert(r.common.id.clone(), r.common.at);
                        let merged = Merged { raw: r, file: si, unextended: None, extensions: Vec::new() };
                        match index.get(&merged.raw.common.id) {
                            Some(&i) => rules[i] = merged,
                            None => {
                                index.insert(merged.raw.common.id.clone(), rules.len());
                                rules.push(merged);
                            }
                        }
                    }
                    RawEntry::Extend(x) => {
                        let target = index.get(&x.id).and_then(|&i| rules.get_mut(i));
                        extend(target, src, si, x)?;
                    }
                    RawEntry::Refused { message, at } => return Err(file_error(src, at.unwrap_or(0), message)),
                }
            }
        }
        let err_at = |si: usize, needle: &str, message: String| -> Box<RuleFileError> {
            let src = &sources[si];
            let offset = src.text.find(needle).unwrap_or(0);
            Box::new(rule_error_at(&src.path, &src.text, offset, message, None))
        };
        // At a rule's own `id:` key.
        let rule_at = |si: usize, at: raw::At, message: String| -> Box<RuleFileError> {
            let src = &sources[si];
            Box::new(rule_error_at(&src.path, &src.text, at.unwrap_or(0), message, None))
        };
        let (document, _) = document.ok_or_else(|| {
            Box::new(RuleFileError::without_position(
                crate::diagnostic::YamlFile::Rules,
                "rules",
                "缺少 document: 部分（标题与版面杂项线索）".into(),
            ))
        })?;
        // The follow-through model (its lexicon automaton is the largest single piece of
        // the start-up) compiles beside the parts and the rules, which need the parts.
        // Errors come in the order they always did: parts, follow, then the rules.
        let (follow, parts_and_rules) = join(
            || crate::follow::Model::compile(&follow),
            || -> Result<_, Box<RuleFileError>> {
                let parts = Parts::compile(&parts).map_err(|(name, msg)| {
                    let src = &sources[parts.get(&name).map_or(0, |p| p.1)];
                    let at = part_at.get(&name).copied().flatten().unwrap_or(0);
                    Box::new(rule_error_at(&src.path, &src.text, at, msg, None))
                })?;
                // Compiling the rules (their regexes above all) is most of the start-up time; each
                // rule compiles on its own, so in parallel, and the first error in order is reported.
                let embedded: Vec<bool> = sources.iter().map(is_embedded).collect();
                let compiled = par_map(
                    rules.into_iter().enumerate().collect(),
                    |(slot, m): (usize, Merged)| -> Result<Rule, Box<RuleFileError>> {
                        let Merged { raw, file: si, unextended, extensions } = m;
                        let RawRule { common: c, kind } = raw;
                        if !is_kebab(&c.id) {
                            return Err(rule_at(
                                si,
                                c.at,
                                format!("规则 id “{}” 应为小写字母、数字和连字符（kebab-case）", c.id),
                            ));
                        }
                        let user = !embedded[si] || extensions.iter().any(|e| !embedded[e.file]);
                        let ext: Vec<usize> = extensions.iter().map(|e| e.file).collect();
                        let kind = match compile_kind(kind, &c.id, user, &parts) {
                            Ok(k) => k,
                            Err(e) => {
                                // Blame the entry that made the rule fail: the rule's own file, or
                                // the first extension after which it no longer compiles.
                                let culprit = unextended.and_then(|own| {
                                    first_failing_extension((own, !embedded[si]), &extensions, &c.id, &embedded, &parts)
                                });
                                return Err(match culprit {
                                    Some((x, key, e)) => extension_error(&sources[x.file], x, key, &e),
                                    // A regex error points at that regex's key, else at the rule's id.
                                    None => rule_at(si, e.regex.and_then(|(_, at)| at).or(c.at), e.message),
                                });
                            }
                        };
                        let meta = RuleMeta {
                            group: c.group.unwrap_or_else(|| "other".into()),
                            id: c.id,
                            severity: c.severity,
                            message: c.message,
                            help: c.help,
                            explanation: c.explanation,
                            examples: examples(c.examples),
                            label: c.label,
                            when: c.when.map(|w| When { since: w.since, until: w.until }).unwrap_or_default(),
                            source: sources[si].path.clone(),
                            extended_in: {
                                // Extensions come file by file: each file once, in order.
                                let mut files = ext;
                                files.dedup();
                                files.iter().map(|&e| sources[e].path.clone()).collect()
                            },
                            slot,
                        };
                        Ok(Rule { meta, kind })
                    },
                );
                Ok((parts, compiled))
            },
        );
        let (parts, compiled) = parts_and_rules?;
        let follow = follow.map_err(|m| err_at(follow_source, "follow:", m))?;
        let compiled = compiled.into_iter().collect::<Result<Vec<Rule>, _>>()?;
        let literal_index = literal::LiteralIndex::build(&compiled, parts.parts.iter().map(|p| p.text_cue_words()));
        let by_id = compiled.iter().enumerate().map(|(i, r)| (r.meta.id.clone(), i)).collect();
        let groups = compiled.iter().map(|r| r.meta.group.clone()).collect();
        Ok(RuleSet { document, parts, rules: compiled, follow, literal_index, by_id, groups })
    }
}

/// An error in a rule file as it was read, at byte `offset`: with the pointer to the
/// format's documentation; for a user's file its path and position only, none of its
/// text (a user "rule file" may be any file, `rules:` naming a private one).
fn file_error(src: &Source, offset: usize, message: String) -> Box<RuleFileError> {
    let mut err = rule_error_at(&src.path, &src.text, offset, message, Some("规则文件格式见 rules/README.md".into()));
    if !is_embedded(src) {
        err.src = CharColumnSource::new(&src.path, String::new());
        err.span = None;
        err.message = crate::files::redact_quoted(&err.message);
    }
    Box::new(err)
}

/// A rule's examples as the runner takes them: the texts, and what each bad one pins
/// with where it is written.
fn examples(raw: RawExamples) -> Examples {
    let range = |s: &raw::Spanned<String>| {
        let span = s.referenced.span();
        let start = usize::try_from(span.byte_offset()?).ok()?;
        Some(start..start + usize::try_from(span.byte_len()?).ok()?)
    };
    let pins = raw
        .bad
        .iter()
        .map(|e| {
            e.pin.as_ref().map(|p| Pin {
                span: p.span.as_ref().map(|s| s.value.clone()),
                label: p.label.as_ref().map(|s| s.value.clone()),
                text_at: p.text_at,
                span_at: p.span.as_ref().and_then(range),
                label_at: p.label.as_ref().and_then(range),
            })
        })
        .collect();
    Examples { bad: raw.bad.into_iter().map(|e| e.text).collect(), good: raw.good, pins }
}

/// `a` and `b`, side by side when the crate has threads.
fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "parallel")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (a(), b())
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

/// The innermost `[` or `{` opened before `offset` on an earlier line and not closed
/// before it (quoted text and comments skipped), with the bracket.
fn unclosed_flow(text: &str, offset: usize) -> Option<(usize, char)> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '\n';
    for (i, c) in text[..offset].char_indices() {
        if c == '\n' || comment {
            comment &= c != '\n';
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else {
            match c {
                '#' if prev.is_whitespace() => comment = true,
                '\'' | '"' if matches!(prev, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
                '[' | '{' => open.push((i, c)),
                ']' | '}' => {
                    open.pop();
                }
                _ => {}
            }
        }
        prev = c;
    }
    open.pop().filter(|&(at, _)| at < line_start)
}

/// The first key of the mapping whose key (or last value) is at `offset`: the earliest
/// line above it, within the same list item, whose key starts in the same column.
fn mapping_start(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    // Where a line's content starts (after a list item's "- "), and whether it is an item.
    let content = |l: &str| {
        let t = l.trim_start_matches(' ');
        match t.strip_prefix('-').filter(|r| r.starts_with(' ')) {
            Some(r) => (l.len() - r.trim_start_matches(' ').len(), true),
            None => (l.len() - t.len(), false),
        }
    };
    // The column of the key the error is in: the last key line at or above `offset`.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for l in text[..line_start].split_inclusive('\n') {
        lines.push((at, l.trim_end_matches(['\n', '\r'])));
        at += l.len();
    }
    let own = text[line_start..].split('\n').next().unwrap_or("");
    lines.push((line_start, own));
    let keyed = |l: &str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    let Some(&(_, last)) = lines.iter().rev().find(|(_, l)| keyed(l)) else { return offset };
    let col = content(last).0;
    let mut start = None;
    for &(at, l) in lines.iter().rev().filter(|(_, l)| keyed(l)) {
        let (c, item) = content(l);
        if c < col {
            break;
        }
        if c == col {
            start = Some(at + c);
            if item {
                break;
            }
        }
    }
    start.unwrap_or(offset)
}

/// The start of the line holding `offset` or of the first non-blank line after it, when
/// its indentation matches no line before it (YAML errors are reported at the colon of a
/// misindented key, or one line early).
fn misindented_after(text: &str, offset: usize) -> Option<usize> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let offset = offset.min(text.len());
    let own_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let own = text[own_start..].split('\n').next().unwrap_or("");
    let keyed = |l: &&str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    let mut above = text[..own_start].lines().filter(keyed).peekable();
    if above.peek().is_some() && keyed(&own) && !above.any(|l| indent(l) == indent(own)) {
        return Some(own_start + indent(own));
    }
    let line_end = text[offset..].find('\n').map(|i| offset + i + 1)?;
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

/// A rule as merged from the files: the last definition of its id, then the entries
/// of later files that extended it.
struct Merged {
    raw: RawRule,
    /// The file that defines it.
    file: usize,
    /// The rule as its file defines it, kept once it is extended: an error that only
    /// the extended rule has is then blamed on the extension that caused it.
    unextended: Option<RawRule>,
    extensions: Vec<Extension>,
}

/// One `extend:` entry applied to a rule.
struct Extension {
    file: usize,
    entry: raw::RawExtend,
}

/// Why a rule's kind did not compile: the message, and the regex it is about with
/// where its key is written.
struct CompileError {
    message: String,
    regex: Option<(String, raw::At)>,
}

/// Compile a rule's kind. `user`: the rule is defined or extended in a user file, so
/// its regexes are checked and compiled now, each refused at its own `regex:` key
/// (embedded ones, known good, are compiled when first used).
fn compile_kind(kind: kinds::RawKind, id: &str, user: bool, parts: &Parts) -> Result<kinds::RuleKind, CompileError> {
    if user {
        for (re, at) in kind.regexes() {
            let refused = |message: String| CompileError { message, regex: Some((re.to_string(), at)) };
            if let Err(m) = kinds::parse_regex(re) {
                return Err(refused(format!("规则 {id}：{m}")));
            }
            if let Err(regex::Error::CompiledTooBig(limit)) =
                regex::RegexBuilder::new(re).size_limit(REGEX_SIZE_LIMIT).build()
            {
                return Err(refused(format!(
                    "规则 {id}：正则表达式 {re} 编译后超过 {limit} 字节的上限，请简化（例如减少重复次数）"
                )));
            }
        }
    }
    kinds::compile(kind, parts).map_err(|m| CompileError { regex: None, message: format!("规则 {id}：{m}") })
}

/// The extension, and the key of it, after which a rule that compiles as its own file
/// defines it (`own`, and whether that file is a user's) no longer does, with the
/// error; None when the rule fails on its own.
/// Only on the error path: the rule is rebuilt one appended field at a time.
fn first_failing_extension<'a>(
    (own, mut user): (RawRule, bool),
    extensions: &'a [Extension],
    id: &str,
    embedded: &[bool],
    parts: &Parts,
) -> Option<(&'a Extension, usize, CompileError)> {
    let mut rule = own;
    compile_kind(rule.kind.clone(), id, user, parts).ok()?;
    for x in extensions {
        user |= !embedded[x.file];
        for (k, field) in x.entry.fields.iter().enumerate() {
            // Each field was appended once already; it appends again the same way.
            let _ = append_field(&mut rule, &field.key, field.value.clone());
            if let Err(e) = compile_kind(rule.kind.clone(), id, user, parts) {
                return Some((x, k, e));
            }
        }
    }
    None
}

/// A compile error blamed on field `key` of an extension, in the extension's file: at
/// the regex it is about when that is written under the field, else at the field's key.
fn extension_error(src: &Source, x: &Extension, key: usize, e: &CompileError) -> Box<RuleFileError> {
    let at_key = x.entry.fields.get(key).and_then(|f| f.at).or(x.entry.at).unwrap_or(0);
    // The field's value waited as a YAML value, which keeps no positions: the regex is
    // looked for under the field's key.
    let offset = e.regex.as_ref().map_or(at_key, |(re, _)| locate_regex(&src.text, at_key, re));
    Box::new(rule_error_at(&src.path, &src.text, offset, e.message.clone(), None))
}

/// Append one field of an `extend:` entry to `rule`: a list field of its kind, or
/// `examples`. `Err`: why the field cannot be appended.
fn append_field(rule: &mut RawRule, key: &str, value: serde_json::Value) -> Result<(), String> {
    let lists = rule.kind.lists();
    let can = || {
        let mut v: Vec<&str> = lists.to_vec();
        v.push("examples");
        v.join("、")
    };
    if key == "examples" {
        let more: RawExamples = serde_json::from_value(value).map_err(|e| format!("examples：{e}"))?;
        rule.common.examples.bad.extend(more.bad);
        rule.common.examples.good.extend(more.good);
        Ok(())
    } else if lists.contains(&key) {
        rule.kind.append(key, value).map_err(|e| format!("{key}：{e}"))
    } else if raw::COMMON_FIELDS.contains(&key) || rule.kind.fields().contains(&key) {
        Err(format!("extend 只能向列表字段追加条目（kind: {} 可追加：{}），不能改写 {key}", rule.kind.name(), can()))
    } else {
        Err(format!("字段 {key} 不适用于 kind: {}（可追加：{}）", rule.kind.name(), can()))
    }
}

/// Apply an `extend:` entry of file `si` to the rule it names, `target`: append its
/// list fields (and examples), refusing anything else at its key.
fn extend(target: Option<&mut Merged>, src: &Source, si: usize, x: raw::RawExtend) -> Result<(), Box<RuleFileError>> {
    let err = |at: raw::At, message: String| {
        Box::new(rule_error_at(&src.path, &src.text, at.or(x.at).unwrap_or(0), message, None))
    };
    let Some(target) = target else {
        return Err(err(x.at, format!("extend 指向未定义的规则 “{}”（须是内置规则或此前的文件中的规则）", x.id)));
    };
    if target.unextended.is_none() {
        target.unextended = Some(target.raw.clone());
    }
    for field in &x.fields {
        if let Err(message) = append_field(&mut target.raw, &field.key, field.value.clone()) {
            return Err(err(field.at, message));
        }
    }
    target.extensions.push(Extension { file: si, entry: x });
    Ok(())
}

#[cfg(test)]
thread_local! {
    /// Bytes of rule-file text the position helpers looked through on this thread.
    static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Count `n` bytes looked through to find a position in a rule file (tests check that
/// merging rules never does it unless there is an error to place: once per entry, it
/// made loading quadratic in the file's size).
fn scanned(n: usize) {
    #[cfg(test)]
    SCANNED.with(|c| c.set(c.get() + n));
    #[cfg(not(test))]
    let _ = n;
}

/// The end of the list entry whose line holds `from`: the start of the next line
/// indented no further than its first line, or the end of the text.
fn entry_end(text: &str, from: usize) -> usize {
    let line_start = text[..from.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    scanned(text.len() - line_start);
    let first = text[line_start..].split('\n').next().unwrap_or("");
    let indent = first.len() - first.trim_start().len();
    let mut at = line_start;
    for (n, line) in text[line_start..].split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        if n > 0 && line.len() - t.len() <= indent && !t.trim().is_empty() && !t.starts_with('#') {
            return at;
        }
        at += line.len();
    }
    text.len()
}

/// Where the regex `re` is written under the field of an `extend:` whose key is at
/// `id_at` (its value, buffered until the extended rule is known, keeps no positions):
/// the `regex:` key of the line holding the regex text (as written, or single-quoted),
/// else the first `regex:` key, else `id_at`. Only on the error path.
fn locate_regex(text: &str, id_at: usize, re: &str) -> usize {
    let after = &text[id_at.min(text.len())..entry_end(text, id_at)];
    let found = after.find(re).or_else(|| after.find(&re.replace('\'', "''"))).map(|i| {
        // The start of the `regex:` key on that line, if any, else the regex itself.
        let line_start = after[..i].rfind('\n').map_or(0, |n| n + 1);
        after[line_start..i].rfind("regex:").map_or(i, |k| line_start + k)
    });
    id_at + found.or_else(|| after.find("regex:")).unwrap_or(0)
}

/// Whether `path` names one of the embedded rule files (`rules/….yaml`).
pub fn is_embedded_path(path: &str) -> bool {
    EMBEDDED.iter().any(|(p, _)| *p == path)
}

/// Whether a source is one of the embedded rule files, unchanged.
fn is_embedded(src: &Source) -> bool {
    EMBEDDED.iter().any(|(p, t)| *p == src.path && *t == src.text)
}

/// The JSON copy of `src` when it is an embedded file as built.
fn embedded_json(src: &Source) -> Option<&'static str> {
    let i = EMBEDDED.iter().position(|(p, t)| *p == src.path && *t == src.text)?;
    EMBEDDED_JSON.get(i).copied().flatten()
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn rule_files(p: &Path) -> Result<Vec<PathBuf>, Box<RuleFileError>> {
    let err = |msg: String| {
        Box::new(RuleFileError::without_position(crate::diagnostic::YamlFile::Rules, &p.display().to_string(), msg))
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

    /// A user file of `n` pattern rules and a second one extending each of them.
    fn many_rules(n: usize) -> (String, String) {
        let mut rules = String::from("rules:\n");
        let mut extends = String::from("rules:\n");
        for i in 0..n {
            rules.push_str(&format!(
                "  - id: user-rule-{i}\n    kind: pattern\n    severity: info\n    message: 规则{i}\n    help: 改\n    explanation: 因\n    find: [词语{i}号]\n"
            ));
            extends.push_str(&format!("  - extend: user-rule-{i}\n    find: [别称{i}号]\n"));
        }
        (rules, extends)
    }

    #[test]
    fn merging_many_rules_and_extensions_never_searches_the_text() {
        let (rules, extends) = many_rules(10_000);
        let mut files: Vec<(&str, &str)> = EMBEDDED.to_vec();
        files.push(("user.yaml", &rules));
        files.push(("more.yaml", &extends));
        let embedded = RuleSet::embedded().unwrap().rules.len();
        SCANNED.set(0);
        let rs = RuleSet::from_texts(&files).unwrap();
        // Linear in the rules: ids and extensions are looked up in maps, positions are
        // looked for only to place an error.
        assert_eq!(SCANNED.get(), 0);
        assert_eq!(rs.rules.len(), embedded + 10_000);
        let last = rs.get("user-rule-9999").unwrap();
        assert_eq!(last.meta.extended_in, ["more.yaml"]);
        assert!(rs.has_group("other") && !rs.has_group("nonexistent"));
        // An error is placed from where its key was read, in the file that has it:
        // still without searching.
        let bad = format!("{extends}  - extend: user-rule-7\n    scope: all\n");
        files.pop();
        files.push(("more.yaml", &bad));
        let e = RuleSet::from_texts(&files).unwrap_err();
        assert_eq!(SCANNED.get(), 0);
        assert_eq!((e.path.as_str(), e.line), ("more.yaml", 20_003), "{e}");
    }

    #[test]
    fn every_embedded_file_has_a_json_copy_with_its_values() {
        assert_eq!(EMBEDDED.len(), EMBEDDED_JSON.len());
        for ((path, text), json) in EMBEDDED.iter().zip(EMBEDDED_JSON) {
            let json = json.unwrap_or_else(|| panic!("{path}: no JSON copy"));
            let copy: serde_json::Value = serde_json::from_str(json).unwrap();
            let yaml: serde_json::Value =
                serde_saphyr::from_str_with_options(text, crate::files::yaml_options()).unwrap();
            // `==` compares numbers exactly: a threshold read back one ULP off fails.
            assert!(copy == yaml, "{path}: the JSON copy differs from the YAML");
            // A plain scalar the YAML reads as a string only for a text field (`12345` in
            // a word list) is a number in the copy: quote it in the rule file.
            serde_json::from_str::<RawFile>(json)
                .unwrap_or_else(|e| panic!("{path}: the JSON copy does not read: {e}"));
        }
    }

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

    fn with_user(text: &str) -> Result<RuleSet, Box<RuleFileError>> {
        let mut files: Vec<(&str, &str)> = EMBEDDED.to_vec();
        files.push(("user.yaml", text));
        RuleSet::from_texts(&files)
    }

    const COMMON: &str = "    severity: warning\n    message: 错\n    help: 改\n    explanation: 因\n";

    #[test]
    fn a_typo_lists_the_fields_of_its_kind_only() {
        let bad = "rules:\n  - id: x-y\n    kind: required-part\n    severity: error\n    mesage: 错\n";
        let e = with_user(bad).unwrap_err();
        assert!(e.message.contains("only_if_present") && e.message.contains("explanation"), "{e}");
        assert!(!e.message.contains("title_any") && !e.message.contains("find"), "{e}");
        for kind in kinds::KINDS {
            let k = kinds::RawKind::new(kind).unwrap();
            assert_eq!(&k.all_fields()[..raw::COMMON_FIELDS.len()], raw::COMMON_FIELDS);
            assert_eq!(&k.all_fields()[raw::COMMON_FIELDS.len()..], k.fields());
        }
    }

    #[test]
    fn a_field_of_another_kind_is_refused_at_its_line() {
        let bad = format!("rules:\n  - id: x-y\n    kind: order\n{COMMON}    part: problems\n");
        let e = with_user(&bad).unwrap_err();
        assert_eq!(e.line, 8, "{e}");
        assert!(e.message.contains("part"), "{e}");
        let bad = format!("rules:\n  - id: x-y\n    kind: pattern\n{COMMON}    find: 5\n");
        let e = with_user(&bad).unwrap_err();
        assert_eq!(e.line, 8, "{e}");
    }

    #[test]
    fn an_unknown_kind_lists_the_kinds_at_the_rule() {
        let e = with_user(&format!("rules:\n  - id: x-y\n{COMMON}    kind: nope\n")).unwrap_err();
        assert!(e.message.contains("nope") && e.message.contains("paragraph-end"), "{e}");
        assert_eq!((e.line, e.column), (2, 5), "{e}");
    }

    #[test]
    fn a_kind_field_before_the_kind_is_read_and_checked() {
        let ok = format!("rules:\n  - id: x-y\n    find: [某词]\n    kind: pattern\n{COMMON}");
        assert!(with_user(&ok).is_ok());
        let bad = format!("rules:\n  - id: x-y\n    find: [某词]\n    part: problems\n    kind: pattern\n{COMMON}");
        let e = with_user(&bad).unwrap_err();
        assert!(e.message.contains("part") && e.message.contains("first_only"), "{e}");
        assert_eq!(e.line, 4, "{e}");
        let bad = format!("rules:\n  - id: x-y\n    find: 5\n    kind: pattern\n{COMMON}");
        assert_eq!(with_user(&bad).unwrap_err().line, 3);
    }

    #[test]
    fn a_duplicate_id_in_one_file_is_an_error_at_the_second() {
        let rule = |id: &str| format!("  - id: {id}\n    kind: order\n{COMMON}");
        let text = format!("rules:\n{}{}{}", rule("x-y"), rule("x-z"), rule("x-y"));
        let e = with_user(&text).unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("user.yaml", 14), "{e}");
        assert!(e.message.contains("“x-y”") && e.message.contains("第 2 行"), "{e}");
        // Across files, a later rule replaces the earlier one (documented overriding).
        let own = format!("rules:\n{}", rule("missing-problems"));
        let rs = with_user(&own).unwrap();
        assert_eq!(rs.get("missing-problems").unwrap().meta.source, "user.yaml");
    }

    #[test]
    fn extend_appends_to_a_built_in_rule() {
        let base = RuleSet::embedded().unwrap();
        let n = |rs: &RuleSet| rs.get("outdated-law-name").unwrap().kind.literal_words().len();
        let text = "rules:\n  - extend: outdated-law-name\n    find:\n      - 《某某旧条例》\n    examples:\n      bad: [\"学习《某某旧条例》。\"]\n";
        let rs = with_user(text).unwrap();
        assert_eq!(n(&rs), n(&base) + 1);
        let r = rs.get("outdated-law-name").unwrap();
        assert_eq!(r.meta.extended_in, vec!["user.yaml".to_string()]);
        assert_eq!(r.meta.examples.bad.len(), base.get("outdated-law-name").unwrap().meta.examples.bad.len() + 1);
        assert_eq!(rs.rules.len(), base.rules.len());
    }

    #[test]
    fn extend_refuses_unknown_ids_scalars_and_foreign_fields_at_their_line() {
        let e = with_user("rules:\n  - id: x-y\n    kind: order\n    severity: info\n    message: m\n    help: h\n    explanation: e\n  - extend: no-such-rule\n    find: [甲]\n").unwrap_err();
        assert_eq!(e.line, 8, "{e}");
        assert!(e.message.contains("no-such-rule"), "{e}");
        let e = with_user("rules:\n  - extend: outdated-law-name\n    find: [甲]\n    scope: body\n").unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("scope") && e.message.contains("find"), "{e}");
        let e = with_user("rules:\n  - extend: outdated-law-name\n    cues: [甲]\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("cues"), "{e}");
        let e = with_user("rules:\n  - extend: outdated-law-name\n    find: [\"\"]\n").unwrap_err();
        assert!(e.message.contains("空字符串"), "{e}");
    }
}

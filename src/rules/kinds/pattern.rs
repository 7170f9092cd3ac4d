//! `pattern`: words, phrases or regular expressions that should not appear (or should
//! be written otherwise) within a scope of the report: mis-written official terms,
//! superseded law names, conversion junk. Entries may carry year conditions of their
//! own and a replacement, offered as a fix when the rule says it is certain.
//!
//! Matching is on the text with traditional characters folded, so 習近平法制思想 is
//! found too; a fix is offered only where the original text equals the folded one.

use super::{finding, inside_book_title, Ctx, Kind};
use crate::diagnostic::{Finding, Fix};
use crate::parts::{LazyWords, Parts};
use crate::rules::fields::{key_at, At, Spanned};
use crate::rules::RuleMeta;
use crate::span::Span;
use regex::Regex;

crate::rules::fields::raw_fields! {
    /// A `pattern` rule as written.
    pub struct RawPattern {
        lists {
            /// What to look for. Each entry is a literal (`《国家信访条例》`) or a map
            /// `{find | regex, replace, since, until, label}`.
            find: RawTerm,
            /// Phrases that contain a match but are correct (法制审核, 依法制定); a match
            /// inside one of them does not count.
            unless: String,
        }
        scalars {
            /// Where to look: `title`, `headings`, `preamble`, `body`, `sign_off`,
            /// `document` (title to sign-off, without web-page furniture), `all`, or `part:<name>`.
            scope: String,
            /// Offer the entry's `replace` as an automatic fix (only when it is certain).
            fix: bool,
            /// Matches inside 《…》 (the title of another document) do not count.
            skip_book_titles: bool,
            /// Report only the first match in a text.
            first_only: bool,
        }
    }
}

/// One entry of a pattern rule's `find` list: a literal, or a map with conditions.
#[derive(Clone, Debug)]
pub enum RawTerm {
    Literal(String),
    Entry(RawTermEntry),
}

/// By hand rather than `#[serde(untagged)]`, so that a mistyped key in a map entry is
/// reported as such ("unknown field `replce`") at its line, not as "no variant matched".
impl<'de> serde::Deserialize<'de> for RawTerm {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawTerm;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a map with find/regex, replace, since, until, label")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawTerm, E> {
                Ok(RawTerm::Literal(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawTerm, A::Error> {
                use serde::de::Error;
                // Key by key, to keep where `regex:` is written (an unknown key is
                // refused at its own line, as a derived struct would).
                const FIELDS: &[&str] = &["find", "regex", "replace", "since", "until", "label"];
                let mut e = RawTermEntry::default();
                let mut seen = [false; FIELDS.len()];
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let Some(i) = FIELDS.iter().position(|f| *f == key.value) else {
                        return Err(A::Error::unknown_field(&key.value, FIELDS));
                    };
                    if std::mem::replace(&mut seen[i], true) {
                        return Err(A::Error::duplicate_field(FIELDS[i]));
                    }
                    match i {
                        0 => e.find = map.next_value()?,
                        1 => {
                            e.regex = map.next_value()?;
                            e.regex_at = key_at(&key);
                        }
                        2 => e.replace = map.next_value()?,
                        3 => e.since = map.next_value()?,
                        4 => e.until = map.next_value()?,
                        _ => e.label = map.next_value()?,
                    }
                }
                Ok(RawTerm::Entry(e))
            }
        }
        d.deserialize_any(V)
    }
}

/// A `find` entry written as a map (read key by key in [`RawTerm`]'s `Deserialize`).
#[derive(Clone, Debug, Default)]
pub struct RawTermEntry {
    /// A literal to find (give `find` or `regex`).
    pub find: Option<String>,
    /// A regular expression to find (Rust `regex` syntax; no `\b` on Chinese text).
    pub regex: Option<String>,
    /// Where the `regex:` key is written (an error in the regex points there).
    pub regex_at: At,
    /// What should be written instead (`$1` refers to a regex group).
    pub replace: Option<String>,
    /// Only in reports on this year or later.
    pub since: Option<i32>,
    /// Only in reports on this year or earlier.
    pub until: Option<i32>,
    /// Label on the match (`{found}` and `{replace}` are filled in).
    pub label: Option<String>,
}

/// Where a pattern rule looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Title,
    Headings,
    Preamble,
    Body,
    SignOff,
    /// Title to sign-off, without the web-page furniture before the title.
    Document,
    All,
    Part(String),
}

impl Scope {
    pub fn parse(s: &str, parts: &Parts) -> Result<Scope, String> {
        Ok(match s {
            "title" => Scope::Title,
            "headings" => Scope::Headings,
            "preamble" => Scope::Preamble,
            "body" => Scope::Body,
            "sign_off" => Scope::SignOff,
            "document" => Scope::Document,
            "all" => Scope::All,
            _ => match s.strip_prefix("part:") {
                Some(p) if parts.get(p.trim()).is_some() => Scope::Part(p.trim().to_string()),
                Some(p) => return Err(format!("scope 指向未定义的部分 “{}”", p.trim())),
                None => {
                    return Err(format!(
                        "未知的 scope: {s}（可用：title, headings, preamble, body, sign_off, document, all, part:<部分名>）"
                    ))
                }
            },
        })
    }

    /// The byte ranges of the text this scope covers, in document order.
    pub fn spans(&self, ctx: &Ctx) -> Vec<Span> {
        let r = ctx.report;
        match self {
            Scope::Title => r.title.as_ref().map(|t| t.lines.clone()).unwrap_or_default(),
            Scope::Headings => ctx.sections.iter().map(|s| s.heading).collect(),
            Scope::Preamble => r.preamble.iter().map(|p| p.span).collect(),
            Scope::Body => vec![r.body],
            Scope::SignOff => r.sign_off.as_ref().map(|s| vec![s.span]).unwrap_or_default(),
            Scope::Document => {
                let mut v = r.title.as_ref().map(|t| t.lines.clone()).unwrap_or_default();
                v.push(r.body);
                v.extend(r.sign_off.as_ref().map(|s| s.span));
                v
            }
            Scope::All => vec![Span::new(0, ctx.text.len())],
            Scope::Part(p) => ctx.elements.get(p).map(|e| e.sections.clone()).unwrap_or_default(),
        }
    }
}

#[derive(Debug)]
enum Matcher {
    Literal,
    Regex(LazyRegex),
}

/// A rule regex, compiled on first use. Its syntax and whether it can match empty text
/// are checked when the rule loads; compiling (most of the rule set's start-up time)
/// waits until a report needs it, and a gated regex never compiles while its gate words
/// are absent from the reports checked.
#[derive(Debug)]
struct LazyRegex {
    source: String,
    compiled: std::sync::OnceLock<Option<Regex>>,
}

impl LazyRegex {
    fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| {
                // The syntax was checked at load; only the compiled-size limit could still
                // fail, and it is generous: the rule's author chose the regex.
                regex::RegexBuilder::new(&self.source).size_limit(crate::rules::REGEX_SIZE_LIMIT).build().ok()
            })
            .as_ref()
    }
}

#[derive(Debug)]
struct Term {
    matcher: Matcher,
    /// A regex whose every match starts with one of a few literals (its gate words, found
    /// by the shared literal pass): it runs only on scopes where one of them occurs.
    gated: bool,
    replace: Option<String>,
    since: Option<i32>,
    until: Option<i32>,
    label: Option<String>,
}

impl Term {
    /// Entries with a year condition apply only when the reported year is known.
    fn applies(&self, year: Option<i32>) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some(y) = year else { return false };
        self.since.is_none_or(|s| y >= s) && self.until.is_none_or(|u| y <= u)
    }
}

#[derive(Debug)]
pub struct Pattern {
    terms: Vec<Term>,
    /// The literal words and regex gate words with their terms, for the rule set's
    /// shared literal pass (the only place literals are matched).
    literal_words: Vec<String>,
    literal_terms: Vec<usize>,
    /// Built on first need (most reports never need it).
    unless: LazyWords,
    scope: Scope,
    fix: bool,
    skip_book_titles: bool,
    first_only: bool,
}

/// A `regex:` of a `find` entry parsed, or why it is refused: by the parser the regex
/// crate itself uses (same syntax, same limits), and never matching the empty string.
pub fn parse_regex(re: &str) -> Result<regex_syntax::hir::Hir, String> {
    let hir = regex_syntax::Parser::new().parse(re).map_err(|e| {
        let msg = e.to_string();
        format!("正则表达式 {re} 有误：{}", msg.lines().last().unwrap_or("").trim_start_matches("error: "))
    })?;
    if hir.properties().minimum_len() == Some(0) {
        return Err(format!("正则表达式 {re} 可匹配空串"));
    }
    Ok(hir)
}

impl Kind for Pattern {
    type Raw = RawPattern;

    fn regexes(raw: &RawPattern) -> Vec<(&str, At)> {
        raw.find
            .iter()
            .flatten()
            .filter_map(|t| match t {
                RawTerm::Entry(e) => e.regex.as_deref().map(|re| (re, e.regex_at)),
                RawTerm::Literal(_) => None,
            })
            .collect()
    }

    fn literal_words(&self) -> Vec<(String, usize)> {
        self.literal_words.iter().cloned().zip(self.literal_terms.iter().copied()).collect()
    }

    fn compile(r: RawPattern, parts: &Parts) -> Result<Self, String> {
        let raw = r.find.filter(|f| !f.is_empty()).ok_or("pattern 需要非空的 find 列表")?;
        let mut terms = Vec::new();
        let mut words = Vec::new();
        let mut word_terms = Vec::new();
        let mut gates: Vec<(String, usize)> = Vec::new();
        for t in raw {
            let (find, regex, replace, since, until, label) = match t {
                RawTerm::Literal(s) => (Some(s), None, None, None, None, None),
                RawTerm::Entry(e) => (e.find, e.regex, e.replace, e.since, e.until, e.label),
            };
            let matcher = match (find, regex) {
                (Some(f), None) => {
                    if f.trim().is_empty() {
                        return Err("find 中不能有空字符串".into());
                    }
                    words.push(f);
                    word_terms.push(terms.len());
                    Matcher::Literal
                }
                (None, Some(re)) => {
                    let hir = parse_regex(&re)?;
                    if let Some(g) = gate_words(&hir) {
                        gates.extend(g.into_iter().map(|w| (w, terms.len())));
                    }
                    Matcher::Regex(LazyRegex { source: re, compiled: std::sync::OnceLock::new() })
                }
                _ => return Err("find 的每一项须且只须给出 find 或 regex 之一".into()),
            };
            if let (Some(s), Some(u)) = (since, until) {
                if s > u {
                    return Err(format!("since {s} 晚于 until {u}"));
                }
            }
            terms.push(Term { matcher, gated: false, replace, since, until, label });
        }
        for (w, ti) in gates {
            terms[ti].gated = true;
            words.push(w);
            word_terms.push(ti);
        }
        let unless_words = match r.unless {
            Some(u) if u.iter().any(|w| w.trim().is_empty()) => return Err("unless 中不能有空字符串".into()),
            Some(u) => u,
            None => Vec::new(),
        };
        let scope = Scope::parse(r.scope.as_deref().unwrap_or("document"), parts)?;
        let fix = r.fix.unwrap_or(false);
        if fix && terms.iter().all(|t| t.replace.is_none()) {
            return Err("fix: true 需要 find 中至少一项给出 replace".into());
        }
        Ok(Pattern {
            terms,
            literal_words: words,
            literal_terms: word_terms,
            unless: LazyWords::new(unless_words),
            scope,
            fix,
            skip_book_titles: r.skip_book_titles.unwrap_or(false),
            first_only: r.first_only.unwrap_or(false),
        })
    }

    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        // The usual case: the shared pass found none of this rule's literals or gate words,
        // and every regex is gated. Nothing can match; no scope is computed.
        if let Some(hits) = ctx.literal_hits.get(meta.slot) {
            if hits.is_empty() && self.terms.iter().all(|t| matches!(t.matcher, Matcher::Literal) || t.gated) {
                return;
            }
        }
        let year = ctx.report.year;
        let mut candidates: Vec<(Span, usize, Option<String>)> = Vec::new();
        for sc in self.scope.spans(ctx) {
            let hay = sc.slice(ctx.norm);
            if hay.is_empty() {
                continue;
            }
            let mut found: Vec<(Span, usize, Option<String>)> = Vec::new();
            // Regex terms whose gate words occur in this scope (ungated regexes always run).
            let mut opened: Vec<usize> = Vec::new();
            // The rule set scanned the text once for every rule's literals and gate words.
            let hits = ctx.literal_hits.get(meta.slot).map_or(&[][..], |h| &h[..]);
            for &(ti, span) in hits.iter().filter(|(_, span)| sc.contains(*span)) {
                match self.terms[ti].matcher {
                    Matcher::Literal => found.push((span, ti, self.terms[ti].replace.clone())),
                    Matcher::Regex(_) => opened.push(ti),
                }
            }
            for (ti, t) in self.terms.iter().enumerate() {
                let Matcher::Regex(lazy) = &t.matcher else { continue };
                if t.gated && !opened.contains(&ti) {
                    continue;
                }
                let Some(rx) = lazy.get() else { continue };
                for c in rx.captures_iter(hay) {
                    let Some(m) = c.get(0) else { continue };
                    let rep = t.replace.as_ref().map(|r| {
                        let mut dst = String::new();
                        c.expand(r, &mut dst);
                        dst
                    });
                    // A regex may match correct text too; what it would not change is fine.
                    if rep.as_deref() == Some(m.as_str()) {
                        continue;
                    }
                    found.push((Span::new(sc.start + m.start(), sc.start + m.end()), ti, rep));
                }
            }
            if found.is_empty() {
                continue;
            }
            // Exclusion phrases are looked for only when something was found (the usual case is nothing).
            let excluded: Vec<Span> = match self.unless.get() {
                Some(ac) => {
                    ac.find_overlapping_iter(hay).map(|m| Span::new(sc.start + m.start(), sc.start + m.end())).collect()
                }
                None => Vec::new(),
            };
            candidates.extend(found.into_iter().filter(|(span, ti, _)| {
                self.terms[*ti].applies(year)
                    && !excluded.iter().any(|e| e.start < span.end && span.start < e.end)
                    && !(self.skip_book_titles && inside_book_title(ctx.norm, *span))
            }));
        }
        // Of overlapping matches (a literal inside a longer regex match), the longest wins.
        candidates.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
        let mut hits: Vec<(Span, usize, Option<String>)> = Vec::new();
        for c in candidates {
            if !hits.iter().any(|h| h.0.start < c.0.end && c.0.start < h.0.end) {
                hits.push(c);
            }
        }
        if self.first_only {
            hits.truncate(1);
        }
        for (span, ti, rep) in hits {
            let t = &self.terms[ti];
            let found = span.slice(ctx.text);
            let template = t
                .label
                .clone()
                .or_else(|| meta.label.clone())
                .or_else(|| rep.as_ref().map(|_| "应为“{replace}”".to_string()));
            let label =
                template.map(|l| l.replace("{found}", found).replace("{replace}", rep.as_deref().unwrap_or("")));
            let fix = match &rep {
                Some(r) if self.fix && span.slice(ctx.text) == span.slice(ctx.norm) => {
                    Some(Fix { span, replacement: r.clone() })
                }
                _ => None,
            };
            out.push(finding(meta, span, label, fix));
        }
    }
}

/// Literals one of which starts every match of `re`, when there are a few of them and
/// each is at least one CJK character or two ASCII characters long (shorter ones occur
/// everywhere and gate nothing). `None`: the regex always runs.
fn gate_words(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.len() > 64 {
        return None;
    }
    lits.iter().map(|l| std::str::from_utf8(l.as_bytes()).ok().filter(|w| w.len() >= 2).map(str::to_string)).collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::run;

    const RULE: &str = r#"
  - id: t-pattern
    kind: pattern
    severity: warning
    message: 用词
    help: 改
    explanation: 因
    fix: true
    unless: [法制审核]
    skip_book_titles: true
    find:
      - 法制观念
      - { find: 《信访条例》, replace: 《信访工作条例》, since: 2022 }
      - { regex: '(\d{4})年0?(\d{1,2})月0?(\d{1,2})日', replace: '${1}年${2}月${3}日' }
      - { find: 法制, replace: 法治, until: 2000 }
"#;

    #[test]
    fn a_bad_regex_is_refused_when_the_rule_loads() {
        use crate::rules::kinds::test_support::load_error;
        let with = |re: &str| RULE.replace(r"'(\d{4})年0?(\d{1,2})月0?(\d{1,2})日'", &format!("'{re}'"));
        assert_eq!(load_error(&with("法制(观念)")), "");
        let unclosed = load_error(&with("法制(观念"));
        assert!(unclosed.contains("法制(观念") && unclosed.contains("unclosed group"), "{unclosed}");
        assert!(load_error(&with("法制a*|b?")).contains("可匹配空串"));
        assert!(load_error(&with("x*")).contains("可匹配空串"));
    }

    #[test]
    fn literal_regex_and_fix() {
        let f = run(
            RULE,
            "某局2023年度法治政府建设情况报告\n增强法制观念，落实法制审核，于2023年03月05日印发，2023年3月5日实施。\n",
        );
        let got: Vec<&str> = f.iter().map(|x| x.label.as_str()).collect();
        assert_eq!(f.len(), 2, "{got:?}");
        let fix = f[1].fix.as_ref().expect("regex entry has a fix");
        assert_eq!(fix.replacement, "2023年3月5日");
        assert!(f[0].fix.is_none(), "no replace, no fix");
    }

    #[test]
    fn year_conditions_need_a_known_year() {
        let t2021 = "某局2021年度法治政府建设情况报告\n学习《信访条例》。\n";
        let t2023 = "某局2023年度法治政府建设情况报告\n学习《信访条例》。\n";
        assert!(run(RULE, t2021).is_empty());
        let f = run(RULE, t2023);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].label, "应为“《信访工作条例》”");
        assert!(run(RULE, "学习《信访条例》。\n").is_empty(), "unknown year: conditional entries stay quiet");
    }

    #[test]
    fn book_titles_and_exclusions_are_skipped() {
        let f = run(RULE, "某局2023年度法治政府建设情况报告\n学习《关于增强法制观念的意见》。\n");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn traditional_text_matches_without_a_fix() {
        let f = run(RULE, "某局2023年度法治政府建設情況報告\n增強法制觀念。\n");
        assert_eq!(f.len(), 1);
        assert!(f[0].fix.is_none());
    }

    #[test]
    fn the_longest_overlapping_match_wins() {
        let rule = "
  - id: t-junk
    kind: pattern
    severity: warning
    message: 垃圾
    help: 删
    explanation: 因
    find:
      - 之家
      - { regex: '之家—?www\\.[a-z]+\\.com' }
";
        let t = "某局2023年度法治政府建设情况报告\n第一之家—www.abc.com责任人。\n";
        let f = run(rule, t);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.slice(t), "之家—www.abc.com");
    }

    #[test]
    fn document_scope_skips_furniture_after_the_title() {
        let rule = RULE.replace("fix: true", "fix: true\n    scope: document");
        let t = "某局2023年度法治政府建设情况报告\n发布时间：2023年03月05日\n一、主要举措\n增强法治观念。\n";
        assert!(run(&rule, t).is_empty(), "{:?}", run(&rule, t));
    }

    #[test]
    fn scope_limits_the_search() {
        let rule = RULE.replace("fix: true", "fix: true\n    scope: headings");
        let f = run(&rule, "某局2023年度法治政府建设情况报告\n一、增强法制观念\n增强法制观念。\n");
        assert_eq!(f.len(), 1);
    }
}

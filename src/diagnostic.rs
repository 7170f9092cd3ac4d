//! Findings: what a rule reports about a report. One type for every output format.

use crate::span::Span;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use serde::{Deserialize, Serialize};

/// How serious a finding is, as written in YAML and in configuration (`off` disables a
/// rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    /// The Chinese name every Chinese output shows (错误 / 警告 / 提示 / 关闭).
    pub fn label(self) -> &'static str {
        match self {
            Severity::Off => "关闭",
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "off" => Severity::Off,
            "info" => Severity::Info,
            "warning" | "warn" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }
}

/// A safe, mechanical edit of the decoded text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
}

/// One finding of one rule.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    /// The primary span: the offending text, or where a missing part belongs.
    pub span: Span,
    /// Label shown on the span.
    pub label: String,
    pub fix: Option<Fix>,
}

/// A named source whose columns are counted in characters: miette counts bytes, which
/// puts the `file:line:col` header three times too far right on Chinese text.
#[derive(Debug, Clone)]
pub struct CharColumnSource {
    name: String,
    text: String,
}

impl CharColumnSource {
    /// A source named `name` (a path: shown on one line) holding `text`, whose control
    /// and bidi characters are masked in any snippet (same byte length: spans stay).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        let text = text.into();
        let name = crate::escape::one_line(&name).into_owned();
        let text = match crate::escape::same_length_inert(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(t) => t,
        };
        CharColumnSource { name, text }
    }
}

impl SourceCode for CharColumnSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        let off = inner.span().offset().min(self.text.len());
        let off = crate::span::floor_char_boundary(&self.text, off);
        let line_start = self.text[..off].rfind(['\n', '\r']).map(|p| p + 1).unwrap_or(0);
        let column = self.text[line_start..off].chars().count();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// The kind of YAML file a [`YamlError`] is in; it names the file in the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlFile {
    /// `fazhi-lint.yaml`.
    Config,
    /// A rule file (`rules/*.yaml` or a user's).
    Rules,
}

/// An error in a YAML file a person writes (the configuration or a rule file): file,
/// line and column (1-based, columns in characters; 0 when the error has no position,
/// such as an unreadable file), the offending text labelled, and a help. One type for
/// both, so they read and render alike ("配置文件 … 第 L 行第 C 列有误：…",
/// "规则文件 … 有误：…").
#[derive(Debug, thiserror::Error)]
#[error("{}{path}{}有误：{message}", match file { YamlFile::Config => "配置文件 ", YamlFile::Rules => "规则文件 " }, crate::files::position_words(*.line, *.column))]
pub struct YamlError {
    pub file: YamlFile,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub(crate) src: CharColumnSource,
    pub(crate) span: Option<SourceSpan>,
    pub(crate) help: Option<String>,
}

impl YamlError {
    /// An error at byte `offset` of `source` (moved back to a character boundary),
    /// labelling `len(rest)` bytes of the text from there.
    pub(crate) fn at(
        file: YamlFile,
        path: &str,
        source: &str,
        offset: usize,
        len: impl FnOnce(&str) -> usize,
        message: String,
        help: Option<String>,
    ) -> YamlError {
        let offset = crate::span::floor_char_boundary(source, offset);
        let pos = crate::span::LineIndex::new(source).position(source, offset);
        let len = len(&source[offset..]);
        YamlError {
            file,
            path: path.to_string(),
            line: pos.line,
            column: pos.column,
            message,
            src: CharColumnSource::new(path, source.to_string()),
            span: Some(SourceSpan::new(offset.into(), len)),
            help,
        }
    }

    /// An error with no position (an unreadable file, a part missing from every file).
    pub(crate) fn without_position(file: YamlFile, path: &str, message: String) -> YamlError {
        YamlError {
            file,
            path: path.to_string(),
            line: 0,
            column: 0,
            message,
            src: CharColumnSource::new(path, String::new()),
            span: None,
            help: None,
        }
    }
}

impl miette::Diagnostic for YamlError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(match self.file {
            YamlFile::Config => "fazhi_lint::config",
            YamlFile::Rules => "fazhi_lint::rule_file",
        }))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(miette::LabeledSpan::new_with_span(Some("此处".into()), span))))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
}

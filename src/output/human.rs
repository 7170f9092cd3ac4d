//! Human output through miette's graphical handler: each finding labels its span in
//! the source, names the rule and gives the help text; a summary line closes the run.

use super::{Counts, FileResult};
use crate::diagnostic::Finding;
use crate::rules::Severity;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::fmt;

/// A named source whose columns are counted in characters: miette counts bytes, which
/// puts the `file:line:col` header three times too far right on Chinese text.
struct CharColumnSource {
    name: String,
    text: String,
}

impl SourceCode for CharColumnSource {
    fn read_span<'a>(&'a self, span: &SourceSpan, before: usize, after: usize) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
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

/// One finding, borrowed, as a miette diagnostic over its file.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: &'a CharColumnSource,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.finding.message)
    }
}
impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.finding.message)
    }
}
impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.finding.rule))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            _ => miette::Severity::Advice,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.finding.help.is_empty()).then(|| Box::new(&self.finding.help) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let s = self.finding.span;
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(
            Some(self.finding.label.clone()),
            (s.start, s.len()),
        ))))
    }
}

/// A file that could not be read, as a diagnostic.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("无法检查 {path}：{reason}")]
#[diagnostic(code(fazhi_lint::input))]
struct InputDiagnostic {
    path: String,
    reason: String,
}

/// Rendering options.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
    /// Print only the summary line.
    pub quiet: bool,
}

fn handler(opts: HumanOptions) -> GraphicalReportHandler {
    let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(opts.width).with_context_lines(1)
}

/// Render every finding of every file, then the summary line.
pub fn render(results: &[FileResult], opts: HumanOptions) -> String {
    let h = handler(opts);
    let mut out = String::new();
    if !opts.quiet {
        for r in results {
            match &r.outcome {
                Err(e) => {
                    let d = InputDiagnostic { path: r.path.clone(), reason: e.clone() };
                    let _ = h.render_report(&mut out, &d);
                }
                Ok(ok) => {
                    if ok.checked.findings.is_empty() {
                        continue;
                    }
                    let source = CharColumnSource { name: r.path.clone(), text: ok.text.clone() };
                    for f in &ok.checked.findings {
                        let d = FindingDiagnostic { finding: f, source: &source };
                        let _ = h.render_report(&mut out, &d);
                    }
                }
            }
        }
    }
    out.push_str(&summary(Counts::of(results)));
    out.push('\n');
    out
}

/// "共检查 3 个文件：2 个错误，1 个警告，0 个提示".
pub fn summary(c: Counts) -> String {
    let mut s = format!("共检查 {} 个文件：{} 个错误，{} 个警告，{} 个提示", c.files, c.errors, c.warnings, c.infos);
    if c.unreadable > 0 {
        s.push_str(&format!("；{} 个文件无法读取", c.unreadable));
    }
    s
}

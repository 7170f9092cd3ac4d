//! Human output through miette's graphical handler: each finding labels its span in
//! the source, names the rule and gives the help text; a summary line closes the run.

use super::{Counts, FileResult};
use crate::diagnostic::Finding;
use crate::rules::Severity;
use crate::diagnostic::CharColumnSource;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::fmt;

/// Lines longer than this are not quoted: miette pads with the column as a format
/// width, which panics past 65,535, and a quoted 10 MB line helps nobody.
const MAX_QUOTED_LINE: usize = 4096;

/// One finding, borrowed, as a miette diagnostic over its file. Without `source`, the
/// finding is shown without a snippet, its position in `location`.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: Option<&'a CharColumnSource>,
    location: Option<String>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.finding.message)
    }
}
impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{}（{loc}：{}）", self.finding.message, self.finding.label),
            None => write!(f, "{}", self.finding.message),
        }
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
        self.source.map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source?;
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
                    let source = CharColumnSource::new(r.path.clone(), ok.text.clone());
                    let idx = &ok.checked.report.lines;
                    for f in &ok.checked.findings {
                        let (a, b) = (idx.line_of(f.span.start), idx.line_of(f.span.end));
                        let long = (a..=b.min(a + 50)).any(|l| {
                            let start = idx.line_start(l).min(ok.text.len());
                            let end = idx.line_start(l + 1).min(ok.text.len());
                            end.saturating_sub(start) > MAX_QUOTED_LINE
                        });
                        let d = if long {
                            let p = idx.position(&ok.text, f.span.start);
                            FindingDiagnostic { finding: f, source: None, location: Some(format!("{}:{}:{}", r.path, p.line, p.column)) }
                        } else {
                            FindingDiagnostic { finding: f, source: Some(&source), location: None }
                        };
                        // A renderer panic must not end the run: show the finding plainly.
                        let mut one = String::new();
                        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| h.render_report(&mut one, &d))) {
                            Ok(_) => out.push_str(&one),
                            Err(_) => {
                                let p = idx.position(&ok.text, f.span.start);
                                out.push_str(&format!("{}:{}:{}: {}[{}] {}\n", r.path, p.line, p.column, f.severity.as_str(), f.rule, f.message));
                            }
                        }
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

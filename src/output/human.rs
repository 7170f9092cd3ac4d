//! Human output for a drafter: per file, the six required parts at a glance (✓ / ◐ / ✗),
//! then the findings, each grouped with the other findings of its rule in the same part
//! (level-1 section) and shown through miette's graphical handler on a *window* of the
//! text: the line number, some 20–35 characters either side of the span (…… where cut),
//! the span underlined; then "修改建议：" and the help, wrapped by display width. A
//! summary line closes the run.
//!
//! The window is a small synthetic source ([`Window`]) that holds only the lines shown,
//! each cut to fit the terminal width, so a mark at column 298 of a 1,000-character
//! paragraph sits under its excerpt and long CJK lines never wrap. Report text, labels
//! and paths go through [`super::escape`]: control characters are shown, not obeyed.

use super::escape::{one_line, visible};
use super::{CheckedFile, Counts, FileResult};
use crate::diagnostic::Finding;
use crate::diagnostic::Severity;
use crate::span::Span;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};
use std::collections::BTreeMap;
use std::fmt;
use unicode_width::UnicodeWidthChar;

/// At most this many labels in one block; the rest of the group is "另有 N 处".
const MAX_LABELS: usize = 3;
/// At most this many characters of context either side of a span (fewer when the
/// terminal is too narrow for them: CJK characters are two columns wide).
const SIDE_CHARS: usize = 35;
/// Context lines (above and below a labelled line) show at most this many columns.
const CONTEXT_COLUMNS: usize = 60;
/// Headings in the checklist are cut after this many characters.
const CHECKLIST_HEADING_CHARS: usize = 30;
/// Where a line is cut.
const CUT: &str = "……";

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
    // Messages are wrapped here (`prewrap`): miette's wrapping splits words at hyphens,
    // which breaks rule ids and file names.
    GraphicalReportHandler::new_themed(theme).with_width(opts.width).with_context_lines(1).with_wrap_lines(false)
}

/// `s` on lines of at most `width` columns after miette's four-column "  × " indent.
fn prewrap(s: &str, width: usize) -> String {
    let mut out = String::new();
    wrap_into(&mut out, "", s, width.saturating_sub(4));
    out.trim_end().to_string()
}

/// Render every file (checklist and findings), then the summary line.
pub fn render(results: &[FileResult], opts: HumanOptions) -> String {
    let mut out = render_files(results, opts);
    out.push_str(&summary(Counts::of(results)));
    out.push('\n');
    out
}

/// Every file's checklist and findings, without the summary line (nothing when quiet).
pub fn render_files(results: &[FileResult], opts: HumanOptions) -> String {
    let mut out = String::new();
    if opts.quiet {
        return out;
    }
    let h = handler(opts);
    for r in results {
        match &r.outcome {
            Err(e) => {
                let d = InputDiagnostic {
                    message: prewrap(
                        &format!("无法检查 {}：{}", one_line(&r.path), one_line(&e.to_string())),
                        opts.width,
                    ),
                };
                let _ = h.render_report(&mut out, &d);
                out.push('\n');
            }
            Ok(ok) if ok.doc.not_report => {
                out.push_str(&format!("☞ {}：不是年度报告，未检查（不是中文文本，或未见报告标题、一级标题和必备内容；加 --force 仍然检查）\n\n", one_line(&r.path)));
            }
            Ok(ok) => {
                if ok.checked.findings.is_empty() {
                    continue;
                }
                out.push_str(&checklist(&r.path, ok, opts.width));
                out.push('\n');
                for group in groups(ok) {
                    render_group(&mut out, &h, &r.path, ok, &group, opts);
                }
            }
        }
    }
    out
}

/// "共检查 3 个文件：2 个错误，1 个警告，0 个提示".
pub fn summary(c: Counts) -> String {
    let mut s = format!("共检查 {} 个文件：{} 个错误，{} 个警告，{} 个提示", c.files, c.errors, c.warnings, c.infos);
    if c.unreadable > 0 {
        s.push_str(&format!("；{} 个文件无法读取", c.unreadable));
    }
    if c.skipped > 0 {
        s.push_str(&format!("；{} 个文件不是年度报告，未检查", c.skipped));
    }
    s
}

/// The required parts of one report, one line each (the rule set's parts, the contract's
/// six first, named by their `label`): ✓ found with a heading of its own, ◐ only
/// embedded in another part or the text, ✗ missing.
pub fn checklist(path: &str, ok: &CheckedFile, width: usize) -> String {
    let mut s = format!("{} 必备内容：\n", one_line(path));
    if let Some(note) = ok.doc.ocr_note() {
        s.push_str(&format!("  ☞ {note}\n"));
    }
    let lines = &ok.checked.report.lines;
    for (part, el) in ok.checked.elements.reported() {
        let name = one_line(&part.label);
        let Some(el) = el.filter(|e| e.present) else {
            s.push_str(&format!("  ✗ {name}　缺失\n"));
            continue;
        };
        // Where the drafter finds it: 第 N 段 / 第 N 页 for structured files (as the
        // findings say), else the line.
        let line = el
            .span
            .map(|sp| ok.doc.place(sp.start).unwrap_or_else(|| format!("第 {} 行", lines.line_of(sp.start) + 1)));
        let (mark, what) = match &el.heading {
            _ if part.standalone && !el.standalone => ('◐', "未单列，嵌在其他部分".to_string()),
            Some(hd) => ('✓', format!("“{}”", one_line(&cut_chars(hd.trim(), CHECKLIST_HEADING_CHARS)))),
            None => ('◐', "嵌在正文中".to_string()),
        };
        let head = match line {
            Some(l) => format!("  {mark} {name}　{l} "),
            None => format!("  {mark} {name}　"),
        };
        // A long heading is cut so that the line fits the terminal.
        let room = width.saturating_sub(width_of(&head) + 2);
        let what = if width_of(&what) <= room {
            what
        } else {
            let end = advance(&what, 0, what.len(), room.saturating_sub(width_of(CUT) + 2), usize::MAX);
            format!("{}{CUT}”", &what[..end])
        };
        s.push_str(&head);
        s.push_str(&what);
        s.push('\n');
    }
    // Each shortcoming → the plan items answering it.
    s.push_str(&super::outline::follow_lines(
        &ok.checked.follow,
        &ok.text,
        &ok.checked.report,
        "  ",
        Some(width),
        &|at| ok.doc.place(at),
    ));
    s
}

fn cut_chars(s: &str, n: usize) -> String {
    if s.chars().nth(n).is_none() {
        return s.to_string();
    }
    let mut t: String = s.chars().take(n).collect();
    t.push_str(CUT);
    t
}

/// The findings of one file in blocks: same rule and message, same level-1 part, in the
/// order of each block's first finding. (A finding whose message names its own item,
/// such as problem-without-measure's, is a block of its own.)
fn groups(ok: &CheckedFile) -> Vec<Vec<&Finding>> {
    let tops: Vec<Span> = ok.checked.report.top_level().map(|s| s.span).collect();
    let part_of = |off: usize| -> usize {
        let i = tops.partition_point(|s| s.end <= off);
        if tops.get(i).is_some_and(|s| s.start <= off) {
            i
        } else {
            usize::MAX
        }
    };
    let mut index: BTreeMap<(&str, &str, usize), usize> = BTreeMap::new();
    let mut out: Vec<Vec<&Finding>> = Vec::new();
    for f in &ok.checked.findings {
        let key = (f.rule.as_str(), f.message.as_str(), part_of(f.span.start));
        match index.get(&key) {
            Some(&i) => out[i].push(f),
            None => {
                index.insert(key, out.len());
                out.push(vec![f]);
            }
        }
    }
    out
}

fn width_of(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Display columns of report text as a window shows it (see [`cell_width`]); only for
/// stretches already known to be short.
fn shown_width(s: &str) -> usize {
    s.chars().map(cell_width).sum()
}

/// Display columns of a character of the report as a window shows it: a control
/// character escaped (`␛`, `\u{9B}`).
fn cell_width(c: char) -> usize {
    #[cfg(test)]
    CELLS.with(|n| n.set(n.get() + 1));
    let mut buf = [0u8; 4];
    match one_line(c.encode_utf8(&mut buf)) {
        std::borrow::Cow::Borrowed(_) => c.width().unwrap_or(0),
        std::borrow::Cow::Owned(shown) => width_of(&shown),
    }
}

#[cfg(test)]
thread_local! {
    /// Characters of report text measured for windows on this thread (tests: a window
    /// costs what it shows, not its line).
    static CELLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// At most this many characters are looked at for `columns` display columns: a run of
/// zero-width characters is cut like text, and no measure walks a whole long line.
fn char_cap(columns: usize) -> usize {
    columns.saturating_mul(4).saturating_add(16)
}

/// Whether the report text `s` takes at most `columns` display columns in a window:
/// looks at no more than [`char_cap`] characters, so a window on an 8 MiB line costs
/// what it shows, not the line.
fn fits(s: &str, columns: usize) -> bool {
    let mut used = 0;
    for (n, c) in s.chars().enumerate() {
        used += cell_width(c);
        if used > columns || n >= char_cap(columns) {
            return false;
        }
    }
    true
}

/// A window on a few lines of a report: lines `first..` of the original, each cut around
/// its labels (or, for a context line, after its first columns), every other line left
/// empty. Offsets in it are its own; labels are given in them.
struct Window {
    name: String,
    text: String,
    /// 0-based line of the original that the window's first line is.
    first: usize,
    /// Window offset of each label's start → its 0-based column (characters) in the
    /// original, for miette's `path:line:col` header.
    columns: Vec<(usize, usize)>,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        let off = inner.span().offset();
        let column = self.columns.iter().find(|(o, _)| *o == off).map_or(0, |(_, c)| *c);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            self.first + inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// One block (a group of findings of one rule) as a miette diagnostic over its window.
struct GroupDiagnostic<'a> {
    message: String,
    severity: Severity,
    window: &'a Window,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for GroupDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}
impl fmt::Display for GroupDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}
impl std::error::Error for GroupDiagnostic<'_> {}

impl Diagnostic for GroupDiagnostic<'_> {
    // No `code`: miette prints it on a line of its own above the message; the rule id is
    // in the message instead. No `help`: miette's prefix is the English "help:".
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette_severity(self.severity))
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.window)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        _ => miette::Severity::Advice,
    }
}

/// A file that could not be read, as a diagnostic (no code: it would print a module path).
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
struct InputDiagnostic {
    message: String,
}

/// An error (a config or rule file, labelled into its YAML) for the terminal: no
/// diagnostic code above it (that would show an internal module path) and the help as
/// "修改建议：".
pub fn render_error(e: &dyn Diagnostic, color: bool, width: usize) -> String {
    struct Plain<'a>(&'a dyn Diagnostic, usize);
    impl fmt::Debug for Plain<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{}", self.0)
        }
    }
    impl fmt::Display for Plain<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{}", prewrap(&one_line(&self.0.to_string()), self.1))
        }
    }
    impl std::error::Error for Plain<'_> {}
    impl Diagnostic for Plain<'_> {
        fn severity(&self) -> Option<miette::Severity> {
            self.0.severity()
        }
        fn source_code(&self) -> Option<&dyn SourceCode> {
            self.0.source_code()
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            self.0.labels()
        }
    }
    let opts = HumanOptions { color, width, quiet: false };
    let mut out = String::new();
    let _ = handler(opts).render_report(&mut out, &Plain(e, width));
    if let Some(help) = e.help() {
        wrap_into(&mut out, "  修改建议：", &visible(&help.to_string()), width);
    }
    out
}

/// A label chosen for a block: the finding and the part of its span on its first line.
struct Chosen<'a> {
    finding: &'a Finding,
    line: usize,
    span: Span,
}

/// The end of line `l` without its line break.
fn line_end(text: &str, idx: &crate::span::LineIndex, l: usize) -> usize {
    let start = idx.line_start(l).min(text.len());
    let next = idx.line_start(l + 1).min(text.len()).max(start);
    let s = &text[start..next];
    start + s.trim_end_matches(['\n', '\r']).len()
}

fn render_group(
    out: &mut String,
    h: &GraphicalReportHandler,
    path: &str,
    ok: &CheckedFile,
    group: &[&Finding],
    opts: HumanOptions,
) {
    let text = ok.text.as_str();
    let idx = &ok.checked.report.lines;
    let last_line = idx.line_count().saturating_sub(1);
    // The gutter miette draws (" 123 │ ") and room for the cut marks.
    let max_line = group.iter().map(|f| idx.line_of(f.span.start)).max().unwrap_or(0) + 2;
    let gutter = max_line.to_string().len() + 4;
    let budget = opts.width.saturating_sub(gutter + 2 * width_of(CUT) + 2).max(10);

    // Choose the labels: at most MAX_LABELS, and on one line only those that fit together.
    let mut chosen: Vec<Chosen> = Vec::new();
    let mut rest: Vec<&Finding> = Vec::new();
    for f in group {
        let start = crate::span::floor_char_boundary(text, f.span.start.min(text.len()));
        let line = idx.line_of(start);
        let end = f.span.end.min(line_end(text, idx, line)).max(start);
        let span = Span::new(start, crate::span::floor_char_boundary(text, end).max(start));
        if chosen.len() >= MAX_LABELS {
            rest.push(f);
            continue;
        }
        let same: Vec<&Chosen> = chosen.iter().filter(|c| c.line == line).collect();
        if let (Some(lo), Some(hi)) = (same.iter().map(|c| c.span.start).min(), same.iter().map(|c| c.span.end).max()) {
            let (lo, hi) = (lo.min(span.start), hi.max(span.end));
            if !fits(&text[lo..hi], budget) {
                rest.push(f);
                continue;
            }
        }
        chosen.push(Chosen { finding: f, line, span });
    }

    // The window: labelled lines cut around their labels, one context line either side.
    let label_lines: Vec<usize> = {
        let mut v: Vec<usize> = chosen.iter().map(|c| c.line).collect();
        v.dedup();
        v
    };
    let first = label_lines.first().copied().unwrap_or(0).saturating_sub(1);
    let last = (label_lines.last().copied().unwrap_or(0) + 1).min(last_line);
    let near = |l: usize| label_lines.iter().any(|&x| x.abs_diff(l) <= 1);
    let mut w = Window { name: one_line(path).into_owned(), text: String::new(), first, columns: Vec::new() };
    // Per chosen label: its span in the window and where its ┬ falls (display column).
    let mut mapped: Vec<(usize, usize, usize)> = vec![(0, 0, 0); chosen.len()];
    for l in first..=last {
        if l > first {
            w.text.push('\n');
        }
        if !near(l) {
            continue;
        }
        let ls = idx.line_start(l).min(text.len());
        let le = line_end(text, idx, l);
        let on_line: Vec<usize> = (0..chosen.len()).filter(|&i| chosen[i].line == l).collect();
        let (ws, we) = if on_line.is_empty() {
            (ls, advance(text, ls, le, CONTEXT_COLUMNS.min(budget), usize::MAX))
        } else {
            let lo = on_line.iter().map(|&i| chosen[i].span.start).min().unwrap_or(ls);
            let hi = on_line.iter().map(|&i| chosen[i].span.end).max().unwrap_or(lo);
            cut_window(text, ls, le, lo, hi, budget)
        };
        let row_start = w.text.len();
        if ws > ls {
            w.text.push_str(CUT);
        }
        // Escape character by character, remembering where each original offset went.
        let mut map: Vec<(usize, usize)> = Vec::new();
        for (i, c) in text[ws..we].char_indices() {
            map.push((ws + i, w.text.len()));
            let mut buf = [0u8; 4];
            w.text.push_str(&one_line(c.encode_utf8(&mut buf)));
        }
        map.push((we, w.text.len()));
        if we < le {
            w.text.push_str(CUT);
        }
        let to_window = |o: usize| {
            let o = o.clamp(ws, we);
            map.iter().find(|(a, _)| *a >= o).map_or(w.text.len(), |(_, b)| *b)
        };
        for &i in &on_line {
            let (s, e) = (to_window(chosen[i].span.start), to_window(chosen[i].span.end));
            // From the index's checkpoints: never a count from the start of a long line.
            let col = idx.position(text, chosen[i].span.start.max(ls)).column - 1;
            let mid = width_of(&w.text[row_start..s]) + width_of(&w.text[s..e]) / 2;
            mapped[i] = (s, e, mid);
            w.columns.push((s, col));
        }
    }

    // Labels that do not fit beside their mark are numbered and written out below.
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut labels = Vec::with_capacity(chosen.len());
    for (i, c) in chosen.iter().enumerate() {
        let (s, e, mid) = mapped[i];
        let label = one_line(&c.finding.label).into_owned();
        let fits = gutter + mid + 4 + width_of(&label) <= opts.width;
        let text = if label.is_empty() {
            None
        } else if fits {
            Some(label)
        } else {
            let n = char::from_u32(0x2460 + notes.len() as u32).unwrap_or('*');
            notes.push((format!("  {n} "), label));
            Some(n.to_string())
        };
        let sp = SourceSpan::new(s.into(), e - s);
        labels.push(if i == 0 {
            LabeledSpan::new_primary_with_span(text, sp)
        } else {
            LabeledSpan::new_with_span(text, sp)
        });
    }

    let f0 = group[0];
    let place = ok.doc.place(f0.span.start).map(|p| format!("（{p}）")).unwrap_or_default();
    let message = prewrap(&format!("{}{place} [{}]", one_line(&f0.message), one_line(&f0.rule)), opts.width);
    let d = GroupDiagnostic { message, severity: f0.severity, window: &w, labels };
    let mut one = String::new();
    // A renderer panic must not end the run: show the findings plainly.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| h.render_report(&mut one, &d))) {
        Ok(Ok(())) => out.push_str(&one),
        _ => {
            for f in group {
                let p = idx.position(text, f.span.start);
                out.push_str(&format!(
                    "{}:{}:{}: {}[{}] {}\n",
                    one_line(path),
                    p.line,
                    p.column,
                    f.severity.label(),
                    f.rule,
                    one_line(&f.message)
                ));
            }
        }
    }
    for (n, label) in &notes {
        wrap_into(out, n, label, opts.width);
    }
    if !rest.is_empty() {
        // Paragraphs or pages for structured files, as the header says; else lines.
        let (unit, number): (&str, Box<dyn Fn(usize) -> String>) = match ok.doc.place(0) {
            Some(p) => (
                if p.ends_with('页') { "页" } else { "段" },
                Box::new(|at| {
                    let p = ok.doc.place(at).unwrap_or_default();
                    p.trim_start_matches("第 ").trim_end_matches(['段', '页']).trim().to_string()
                }),
            ),
            None => ("行", Box::new(|at| (idx.line_of(at) + 1).to_string())),
        };
        let mut at: Vec<String> = rest.iter().map(|f| number(f.span.start)).collect();
        at.dedup();
        let shown: Vec<&str> = at.iter().take(10).map(String::as_str).collect();
        let more = if at.len() > shown.len() { " 等" } else { "" };
        out.push_str(&format!("  另有 {} 处：第 {} {unit}{more}\n", rest.len(), shown.join("、")));
    }
    if !f0.help.is_empty() {
        wrap_into(out, "  修改建议：", &visible(&f0.help), opts.width);
    }
    out.push('\n');
}

/// The end of the text from `from` that fits in `columns` display columns and at most
/// `chars` characters (never past `limit`).
fn advance(text: &str, from: usize, limit: usize, columns: usize, chars: usize) -> usize {
    let chars = chars.min(char_cap(columns));
    let mut used = 0;
    let mut end = from;
    for (n, (i, c)) in text[from..limit].char_indices().enumerate() {
        let cw = cell_width(c);
        if n >= chars || used + cw > columns {
            break;
        }
        used += cw;
        end = from + i + c.len_utf8();
    }
    end
}

/// The start of the text before `to` that fits in `columns` columns and `chars` characters
/// (never before `limit`).
fn retreat(text: &str, to: usize, limit: usize, columns: usize, chars: usize) -> usize {
    let chars = chars.min(char_cap(columns));
    let mut used = 0;
    let mut start = to;
    for (n, (i, c)) in text[limit..to].char_indices().rev().enumerate() {
        let cw = cell_width(c);
        if n >= chars || used + cw > columns {
            break;
        }
        used += cw;
        start = limit + i;
    }
    start
}

/// The part of the line `ls..le` to show around `lo..hi`: all of it when it fits in
/// `budget` columns; else the span with context either side (at most SIDE_CHARS each),
/// or, for a span wider than the budget, its first `budget` columns.
fn cut_window(text: &str, ls: usize, le: usize, lo: usize, hi: usize, budget: usize) -> (usize, usize) {
    if fits(&text[ls..le], budget) {
        return (ls, le);
    }
    if !fits(&text[lo..hi], budget.saturating_sub(1)) {
        return (lo, advance(text, lo, le, budget, usize::MAX));
    }
    let span_w = shown_width(&text[lo..hi]);
    let room = budget.saturating_sub(span_w);
    let ws = retreat(text, lo, ls, room / 2, SIDE_CHARS);
    let left = shown_width(&text[ws..lo]);
    let we = advance(text, hi, le, room - left, SIDE_CHARS);
    // A line that ends early leaves room for more on the left.
    let right = shown_width(&text[hi..we]);
    let ws = retreat(text, lo, ls, room - right, SIDE_CHARS);
    (ws, we)
}

/// Whether `c` may not start a line (Chinese line-breaking: closing punctuation hangs).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '”'
            | '’'
            | '》'
            | '」'
            | '』'
            | '】'
            | '…'
            | '—'
            | ','
            | '.'
            | ')'
            | ';'
            | ':'
    )
}

/// Write `prefix` and `text` wrapped at `width` display columns, continuation lines
/// indented under the text. No line starts with closing punctuation: when it would,
/// the character before it moves to the next line too.
fn wrap_into(out: &mut String, prefix: &str, text: &str, width: usize) {
    let indent = width_of(prefix);
    let width = width.max(indent + 10);
    let mut line: Vec<char> = Vec::new();
    let mut first = true;
    let flush = |out: &mut String, line: &[char], first: &mut bool| {
        out.push_str(if *first { prefix.to_string() } else { " ".repeat(indent) }.as_str());
        let s: String = line.iter().collect();
        out.push_str(s.trim_end());
        out.push('\n');
        *first = false;
    };
    let line_width = |l: &[char]| l.iter().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    for c in text.trim_end().chars() {
        if c == '\n' {
            flush(out, &line, &mut first);
            line.clear();
            continue;
        }
        line.push(c);
        if indent + line_width(&line) <= width {
            continue;
        }
        // Over the width: break before `c`, or before the last character that is not
        // closing punctuation when `c` is.
        let mut cut = line.len() - 1;
        while cut > 0 && is_closing(line[cut]) {
            cut -= 1;
        }
        // Nor inside a word of Latin letters or digits (when the word is shorter than a line).
        let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        let mut w = cut;
        while w > 0 && word(line[w]) && word(line[w - 1]) {
            w -= 1;
        }
        if w > 0 {
            cut = w;
        }
        // Nor end a line with opening punctuation.
        while cut > 1 && matches!(line[cut - 1], '“' | '‘' | '（' | '《' | '「' | '『' | '【' | '(') {
            cut -= 1;
        }
        if cut == 0 {
            cut = line.len() - 1;
        }
        let tail = line.split_off(cut);
        flush(out, &line, &mut first);
        line = tail;
    }
    if !line.is_empty() {
        flush(out, &line, &mut first);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cut_long_lines_to_the_budget() {
        let line = "甲".repeat(300) + "法制观念" + &"乙".repeat(300);
        let lo = "甲".len() * 300;
        let hi = lo + "法制观念".len();
        let (ws, we) = cut_window(&line, 0, line.len(), lo, hi, 80);
        assert!(ws < lo && we > hi);
        assert!(width_of(&line[ws..we]) <= 80, "{}", width_of(&line[ws..we]));
        // A short line is shown whole.
        assert_eq!(cut_window("短句。", 0, 9, 0, 3, 80), (0, 9));
    }

    use super::super::test_support::result;

    #[test]
    fn excerpts_far_into_a_long_line_are_right_and_cost_what_they_show() {
        // One 600,000-character line with 200 marked words, each its own rule (a block
        // each); the columns are counted in characters.
        let mut line = String::new();
        let mut marks = Vec::new();
        for k in 0..200 {
            line.push_str(&"法治政府建设".repeat(500));
            let word = format!("标记{k}号");
            marks.push((word.clone(), line.chars().count() + 1));
            line.push_str(&word);
        }
        let text = format!("标题\n{line}\n");
        let rules: Vec<String> = (0..200).map(|k| format!("rule-{k:03}")).collect();
        let findings: Vec<(&str, Severity, &str, &str)> =
            marks.iter().zip(&rules).map(|((w, _), r)| (r.as_str(), Severity::Warning, w.as_str(), "问题")).collect();
        let r = result("long.txt", &text, &findings);
        CELLS.set(0);
        let out = render(&[r], PLAIN);
        for (word, column) in &marks {
            // The header names the exact column, and the excerpt shows the word.
            assert!(out.contains(&format!("[long.txt:2:{column}]")), "{word} at {column}");
            assert!(out.lines().any(|l| l.contains(word.as_str()) && l.contains("……")), "{word}");
        }
        // Linear: a few hundred characters measured per block, never the line.
        let cells = CELLS.get();
        assert!(cells < 200 * 2_000, "{cells} characters measured for 200 windows");
        assert!(out.lines().all(|l| width_of(l) <= 100), "{out}");
    }

    const PLAIN: HumanOptions = HumanOptions { color: false, width: 100, quiet: false };

    #[test]
    fn control_characters_in_the_report_are_shown_not_obeyed() {
        let text = "标题\n一、主要举措和成效\n正文\u{1b}[2J清屏之后法制观念。\n";
        let r = result("a\u{1b}]0;x.txt", text, &[("rule-a", Severity::Warning, "法制", "用词")]);
        let out = render(&[r], PLAIN);
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.contains("正文␛[2J清屏") && out.contains("a␛]0;x.txt"), "{out}");
    }

    #[test]
    fn a_group_beyond_three_labels_says_how_many_more() {
        let text = "标题\n一、主要举措和成效\n甲一。\n甲二。\n甲三。\n甲四。\n甲五。\n二、存在的不足\n甲六。\n";
        let f = |n: &'static str| ("rule-a", Severity::Warning, n, "同一问题");
        let r = result("a.txt", text, &[f("甲一"), f("甲二"), f("甲三"), f("甲四"), f("甲五"), f("甲六")]);
        let out = render(&[r], PLAIN);
        // Five in part 一 (three labels and "另有 2 处"), one in part 二: two blocks.
        assert_eq!(out.matches("同一问题 [rule-a]").count(), 2, "{out}");
        assert_eq!(out.matches("修改建议：帮助").count(), 2, "{out}");
        assert!(out.contains("另有 2 处：第 6、7 行"), "{out}");
    }

    #[test]
    fn help_wraps_by_display_width() {
        let mut out = String::new();
        wrap_into(&mut out, "  修改建议：", &"字".repeat(100), 40);
        assert!(out.lines().all(|l| width_of(l) <= 40), "{out}");
        assert!(out.lines().nth(1).unwrap().starts_with("            字"));
    }
}

//! `required-part`: a part the regulation requires is missing, or (with
//! `require: standalone`) present only embedded in another part.

use super::{refuse_fields, Ctx};
use crate::diagnostic::Finding;
use crate::parse::Section;
use crate::rules::raw::{RawRule, Require};
use crate::rules::RuleMeta;
use crate::span::Span;

#[derive(Debug)]
pub struct RequiredPart {
    pub part: String,
    pub require: Require,
    pub only_if_present: Option<String>,
}

impl RequiredPart {
    pub fn compile(r: &RawRule, parts: &crate::parts::Parts) -> Result<Self, String> {
        refuse_fields(r, &["part", "require", "only_if_present"])?;
        let part = r.part.clone().ok_or("required-part 需要 part 字段")?;
        for p in std::iter::once(&part).chain(r.only_if_present.iter()) {
            if parts.get(p).is_none() {
                return Err(format!("未定义的部分 “{p}”（在 parts: 中定义）"));
            }
        }
        Ok(RequiredPart { part, require: r.require.unwrap_or(Require::Present), only_if_present: r.only_if_present.clone() })
    }

    pub fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        if let Some(dep) = &self.only_if_present {
            if !ctx.elements.present(dep) {
                return;
            }
        }
        let el = ctx.elements.get(&self.part).cloned().unwrap_or_default();
        let label = meta.label.clone();
        let (span, label) = match self.require {
            Require::Present if el.present => return,
            Require::Standalone if !el.present || el.standalone => return,
            Require::Standalone => (el.span.unwrap_or(Span::empty(0)), label.unwrap_or_else(|| "仅在此处附带提及".into())),
            Require::Present => self.missing_location(ctx, label),
        };
        out.push(Finding {
            rule: meta.id.clone(),
            severity: meta.severity,
            message: meta.message.clone(),
            help: meta.help.clone(),
            span,
            label,
            fix: None,
        });
    }

    /// Where a missing part belongs: before the next part in the regulation's order, or
    /// after the previous one, or inside the part it belongs to (`within`).
    fn missing_location(&self, ctx: &Ctx, label: Option<String>) -> (Span, String) {
        let parts = ctx.parts;
        let Some(me) = parts.get(&self.part) else {
            return (Span::empty(0), label.unwrap_or_default());
        };
        // A part looked for inside another (causes inside shortcomings): point at that part.
        if let Some(dep) = &self.only_if_present {
            if let Some(span) = ctx.elements.get(dep).and_then(|e| e.span) {
                return (span, label.unwrap_or_else(|| format!("此部分未写{}", me.name)));
            }
        }
        let ordered = parts.in_order();
        let standalone = |key: &str| ctx.elements.get(key).filter(|e| e.present && e.standalone);
        // The next present part in order.
        if let Some((p, e)) = ordered.iter().filter(|p| p.order > me.order).find_map(|p| standalone(&p.key).map(|e| (p, e))) {
            let span = e.span.unwrap_or(Span::empty(0));
            let l = label.unwrap_or_else(|| format!("“{}”应在“{}”之前", me.name, p.name));
            return (heading_line(ctx, span), l);
        }
        // The previous present part: after its last section.
        if let Some((p, e)) = ordered.iter().rev().filter(|p| p.order < me.order).find_map(|p| standalone(&p.key).map(|e| (p, e))) {
            if let Some(last) = e.sections.last() {
                let l = label.unwrap_or_else(|| format!("“{}”应在“{}”之后补充", me.name, p.name));
                return (last_line(ctx, *last), l);
            }
        }
        let l = label.unwrap_or_else(|| format!("此处应有“{}”", me.name));
        if let Some(s) = ctx.report.level1().last() {
            return (last_line(ctx, section_span(s)), l);
        }
        if let Some(p) = ctx.report.preamble.first() {
            return (first_line(ctx, p.span), l);
        }
        if let Some(t) = &ctx.report.title {
            return (t.span, l);
        }
        (Span::empty(0), l)
    }
}

fn section_span(s: &Section) -> Span {
    s.span
}

/// The line holding `span`'s start, trimmed.
fn heading_line(ctx: &Ctx, span: Span) -> Span {
    span_of_line(ctx, ctx.report.line_of(span.start))
}

fn last_line(ctx: &Ctx, span: Span) -> Span {
    let end = span.end.saturating_sub(1).max(span.start);
    span_of_line(ctx, ctx.report.line_of(end))
}

fn first_line(ctx: &Ctx, span: Span) -> Span {
    span_of_line(ctx, ctx.report.line_of(span.start))
}

/// A whole line without its break and surrounding white space (at least one character).
pub(crate) fn span_of_line(ctx: &Ctx, line: usize) -> Span {
    let start = ctx.report.lines.line_start(line).min(ctx.text.len());
    let next = ctx.report.lines.line_start(line + 1).min(ctx.text.len());
    let s = &ctx.text[start..next];
    let t = s.trim_end_matches(['\n', '\r']);
    let lead = t.len() - t.trim_start().len();
    let t2 = t.trim();
    Span::new(start + lead, start + lead + t2.len())
}

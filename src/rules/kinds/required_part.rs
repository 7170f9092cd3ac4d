//! `required-part`: a part the regulation requires is missing, or (with
//! `require: standalone`) present only embedded in another part.

use super::{Ctx, Kind};
use crate::diagnostic::Finding;
use crate::parse::Section;
use crate::parts::Parts;
use crate::rules::RuleMeta;
use crate::span::Span;

crate::rules::fields::raw_fields! {
    /// A `required-part` rule as written.
    pub struct RawRequiredPart {
        lists {}
        scalars {
            /// The part (a name under `parts:`).
            part: String,
            /// `present` (default) or `standalone` (a level-1 part of its own).
            require: Require,
            /// Fire only when this other part is present.
            only_if_present: String,
        }
    }
}

/// What a `required-part` rule asks of its part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Require {
    Present,
    Standalone,
}

#[derive(Debug)]
pub struct RequiredPart {
    pub part: String,
    pub require: Require,
    pub only_if_present: Option<String>,
}

impl Kind for RequiredPart {
    type Raw = RawRequiredPart;

    fn compile(r: RawRequiredPart, parts: &Parts) -> Result<Self, String> {
        let part = r.part.ok_or("required-part 需要 part 字段")?;
        for p in std::iter::once(&part).chain(r.only_if_present.iter()) {
            if parts.get(p).is_none() {
                return Err(format!("未定义的部分 “{p}”（在 parts: 中定义）"));
            }
        }
        Ok(RequiredPart { part, require: r.require.unwrap_or(Require::Present), only_if_present: r.only_if_present })
    }

    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
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
            Require::Standalone => {
                (el.span.unwrap_or(Span::empty(0)), label.unwrap_or_else(|| "仅在此处附带提及".into()))
            }
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
}

impl RequiredPart {
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
        // A part known only from the text (习近平法治思想): the opening of the report.
        if me.text_only() {
            let l = label.unwrap_or_else(|| format!("全文未见“{}”", me.name));
            if let Some(p) = ctx.report.preamble.first() {
                return (first_line(ctx, p.span), l);
            }
            if let Some(t) = &ctx.report.title {
                return (t.span, l);
            }
            if let Some(s) = ctx.report.sections.first() {
                return (heading_line(ctx, s.heading), l);
            }
            return (Span::empty(0), l);
        }
        let standalone = |key: &str| ctx.elements.get(key).filter(|e| e.present && e.standalone);
        // After the part that precedes it in the regulation's order (the latest in the text).
        let prev = parts
            .parts
            .iter()
            .filter(|p| p.order < me.order)
            .filter_map(|p| standalone(&p.key).and_then(|e| e.sections.last().map(|s| (p, *s))))
            .max_by_key(|(_, s)| s.end);
        if let Some((p, last)) = prev {
            let l = label.unwrap_or_else(|| format!("“{}”应在“{}”之后补充", me.name, p.name));
            return (last_line(ctx, last), l);
        }
        // Else before the part that follows it (the earliest in the text).
        let next = parts
            .parts
            .iter()
            .filter(|p| p.order > me.order)
            .filter_map(|p| standalone(&p.key).and_then(|e| e.span.map(|s| (p, s))))
            .min_by_key(|(_, s)| s.start);
        if let Some((p, span)) = next {
            let l = label.unwrap_or_else(|| format!("“{}”应在“{}”之前", me.name, p.name));
            return (heading_line(ctx, span), l);
        }
        let l = label.unwrap_or_else(|| format!("此处应有“{}”", me.name));
        if let Some(s) = ctx.report.top_level().last() {
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

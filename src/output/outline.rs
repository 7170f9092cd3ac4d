//! `outline`: the structure the checker understood, as an indented tree or JSON.

use super::escape::one_line;
use crate::parse::{Report, Section};
use serde_json::{json, Value};

fn section_value(s: &Section, text: &str) -> Value {
    json!({
        "level": s.level,
        "marker": s.marker.span.slice(text),
        "number": s.marker.number,
        "heading": s.heading.slice(text),
        "line": s.line + 1,
        "children": s.children.iter().map(|c| section_value(c, text)).collect::<Vec<_>>(),
    })
}

/// The outline JSON object of one report.
pub fn json_value(path: &str, report: &Report, text: &str) -> Value {
    json!({
        "path": path,
        "title": report.title.as_ref().map(|t| t.text.clone()),
        "unit": report.unit,
        "year": report.year,
        "sections": report.sections.iter().map(|s| section_value(s, text)).collect::<Vec<_>>(),
    })
}

/// The indented tree.
pub fn tree(path: &str, report: &Report, text: &str) -> String {
    let mut out = String::new();
    // Names, titles and headings come from the file: controls are shown, never obeyed.
    out.push_str(&format!("{}\n", one_line(path)));
    match &report.title {
        Some(t) => out.push_str(&format!("标题：{}（第 {} 行）\n", one_line(&t.text), report.lines.line_of(t.span.start) + 1)),
        None => out.push_str("标题：（未识别）\n"),
    }
    out.push_str(&format!(
        "单位：{}　年度：{}\n",
        one_line(report.unit.as_deref().unwrap_or("（未识别）")),
        report.year.map(|y| y.to_string()).unwrap_or_else(|| "（未识别）".into())
    ));
    if !report.preamble.is_empty() {
        out.push_str(&format!("前言：{} 段\n", report.preamble.len()));
    }
    fn walk(s: &Section, text: &str, depth: usize, out: &mut String) {
        let indent = "  ".repeat(depth);
        let run_in = if s.run_in { "，标题与正文同行" } else { "" };
        out.push_str(&format!(
            "{indent}{}{}　（第 {} 行{run_in}）\n",
            one_line(s.marker.span.slice(text).trim()),
            one_line(s.heading.slice(text)),
            s.line + 1
        ));
        for c in &s.children {
            walk(c, text, depth + 1, out);
        }
    }
    for s in &report.sections {
        walk(s, text, 0, &mut out);
    }
    if let Some(so) = &report.sign_off {
        out.push_str(&format!("落款：{}\n", one_line(&so.span.slice(text).split_whitespace().collect::<Vec<_>>().join(" "))));
    }
    out
}

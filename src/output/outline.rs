//! `outline`: the structure the checker understood, as an indented tree or JSON.
//! A heading without a typed marker (a Word heading style, or a short line the text
//! alone shows to be a heading) is listed at its level with an empty marker.

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

/// [`json_value`] with the items of the achievements, shortcomings, causes and plan
/// (`items`, by part key, in the JSON contract's form: each shortcoming with the plan
/// items answering it).
pub fn json_value_with_items(path: &str, checked: &crate::check::Checked, text: &str) -> Value {
    let mut v = json_value(path, &checked.report, text);
    let mut items = serde_json::Map::new();
    for key in ["achievements", "problems", "problem_causes", "next_year_plan"] {
        if let Some(list) = super::json::items_of(key, &checked.follow, text, &checked.report.lines) {
            items.insert(key.into(), serde_json::to_value(list).unwrap_or(Value::Null));
        }
    }
    if let Value::Object(m) = &mut v {
        m.insert("items".into(), Value::Object(items));
    }
    v
}

/// The follow-through block of the tree: each shortcoming with the plan items answering
/// it (or none), then the plan items answering no listed shortcoming. With a `width`,
/// each line is cut to fit it (display columns). `place` names where a byte offset is
/// for a reader of the file (第 N 段 in Word, 第 N 页 in a PDF); None: 第 N 行.
pub fn follow_lines(
    follow: &crate::follow::Follow,
    text: &str,
    report: &Report,
    indent: &str,
    width: Option<usize>,
    place: &dyn Fn(usize) -> Option<String>,
) -> String {
    let lines = follow_block(follow, text, report, indent, place);
    match width {
        None => lines,
        Some(w) => lines.lines().map(|l| fit(l, w) + "\n").collect(),
    }
}

/// A line cut to `width` display columns, with "…" where cut.
fn fit(line: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let total: usize = line.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return line.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 2 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

fn follow_block(
    follow: &crate::follow::Follow,
    text: &str,
    report: &Report,
    indent: &str,
    place: &dyn Fn(usize) -> Option<String>,
) -> String {
    use crate::follow::ItemKind;
    let mut out = String::new();
    let problems: Vec<_> = follow.of_kind(ItemKind::Problem).collect();
    if problems.is_empty() && !follow.has_plan() {
        return out;
    }
    let line = |i: usize| {
        let at = follow.items[i].span.start;
        place(at).unwrap_or_else(|| format!("第 {} 行", report.lines.line_of(at) + 1))
    };
    let quote = |i: usize| {
        let t: String = follow.items[i].span.slice(text).split_whitespace().collect();
        let mut q: String = t.chars().take(FOLLOW_QUOTE_CHARS).collect();
        if t.chars().count() > FOLLOW_QUOTE_CHARS {
            q.push('…');
        }
        one_line(&q).into_owned()
    };
    let plans: Vec<usize> = follow.of_kind(ItemKind::Plan).map(|(i, _)| i).collect();
    let answered = problems.iter().filter(|(i, _)| follow.measures_of(*i).next().is_some()).count();
    out.push_str(&format!(
        "{indent}整改闭环：不足 {} 项，其中 {answered} 项在下一年度安排中有对应措施；安排 {} 项\n",
        problems.len(),
        plans.len()
    ));
    for (i, _) in &problems {
        out.push_str(&format!("{indent}  不足 {} “{}”\n", line(*i), quote(*i)));
        let ms: Vec<_> = follow.measures_of(*i).collect();
        if ms.is_empty() {
            let what = if plans.is_empty() {
                "（没有下一年度安排）"
            } else {
                "✗ 下一年度安排中没有对应措施"
            };
            out.push_str(&format!("{indent}    → {what}\n"));
        }
        for m in ms {
            let shared = if m.shared.is_empty() {
                String::new()
            } else {
                format!("（共同：{}）", one_line(&m.shared.join("、")))
            };
            out.push_str(&format!("{indent}    → 安排 {} “{}”{shared}\n", line(m.plan), quote(m.plan)));
        }
    }
    for &j in &plans {
        if !follow.measures.iter().any(|m| m.plan == j) {
            out.push_str(&format!("{indent}  安排 {} “{}”：未对应所列不足\n", line(j), quote(j)));
        }
    }
    out
}

/// Characters of an item quoted in the follow-through block.
const FOLLOW_QUOTE_CHARS: usize = 30;

/// [`tree_with_parts`] followed by the follow-through block ([`follow_lines`]).
pub fn tree_with_follow(path: &str, checked: &crate::check::Checked, text: &str) -> String {
    let mut s = tree_with_parts(path, &checked.report, text, &checked.elements);
    s.push_str(&follow_lines(&checked.follow, text, &checked.report, "", None, &|_| None));
    s
}

/// The indented tree.
pub fn tree(path: &str, report: &Report, text: &str) -> String {
    tree_marked(path, report, text, &|_| None)
}

/// [`tree`] with the heading of each required part marked: `← 必备内容：存在的不足`
/// (a heading may be several parts: 存在的不足和原因). A part is marked on the section
/// that is it, found by position, so headings sharing one line (a report whose line
/// breaks were lost) are told apart.
///
/// A part that is only embedded (a shortcomings part or plan stated in a paragraph, or
/// under a level-2 heading inside another part) is marked ◐ on the section that holds it:
/// `◐ 未单列：存在的不足（第 12 行）`; one stated in the preamble is listed after 前言.
pub fn tree_with_parts(path: &str, report: &Report, text: &str, elements: &crate::parts::Elements) -> String {
    let mut by_start: std::collections::BTreeMap<usize, Vec<String>> = std::collections::BTreeMap::new();
    // Embedded passages: (where, label with its line).
    let mut passages: Vec<(usize, String)> = Vec::new();
    for (part, el) in elements.reported() {
        let Some(el) = el.filter(|e| e.present) else { continue };
        let Some(span) = el.span else { continue };
        let embedded = part.standalone && !el.standalone;
        match (&el.heading, embedded) {
            (Some(_), false) => by_start.entry(span.start).or_default().push(one_line(&part.label).into_owned()),
            (Some(_), true) => {
                by_start.entry(span.start).or_default().push(format!("{}（◐ 未单列）", one_line(&part.label)))
            }
            (None, true) => passages.push((
                span.start,
                format!("◐ 未单列：{}（第 {} 行）", one_line(&part.label), report.lines.line_of(span.start) + 1),
            )),
            (None, false) => {}
        }
    }
    // The deepest section holding each passage.
    let sections = report.all_sections();
    let holder = |at: usize| -> Option<usize> {
        sections
            .iter()
            .rev()
            .find(|s| s.span.start <= at && at < s.span.end.max(s.span.start + 1))
            .map(|s| s.span.start)
    };
    let mut in_section: std::collections::BTreeMap<usize, Vec<&str>> = std::collections::BTreeMap::new();
    let mut in_preamble: Vec<&str> = Vec::new();
    for (at, label) in &passages {
        match holder(*at) {
            Some(start) => in_section.entry(start).or_default().push(label),
            None => in_preamble.push(label),
        }
    }
    let mark = |s: &Section| {
        let mut out = String::new();
        if let Some(names) = [s.span.start, s.marker.span.start, s.heading.start].iter().find_map(|p| by_start.get(p)) {
            out.push_str(&format!("　← 必备内容：{}", names.join("、")));
        }
        if let Some(labels) = in_section.get(&s.span.start) {
            out.push_str(&format!("　{}", labels.join("　")));
        }
        (!out.is_empty()).then_some(out)
    };
    let mut tree = tree_marked(path, report, text, &mark);
    if !in_preamble.is_empty() {
        let at = tree.find("前言：").and_then(|p| tree[p..].find('\n').map(|e| p + e)).unwrap_or(tree.len());
        tree.insert_str(at, &format!("　{}", in_preamble.join("　")));
    }
    tree
}

fn tree_marked(path: &str, report: &Report, text: &str, mark: &dyn Fn(&Section) -> Option<String>) -> String {
    let mut out = String::new();
    // Names, titles and headings come from the file: controls are shown, never obeyed.
    out.push_str(&format!("{}\n", one_line(path)));
    match &report.title {
        Some(t) => {
            out.push_str(&format!("标题：{}（第 {} 行）\n", one_line(&t.text), report.lines.line_of(t.span.start) + 1))
        }
        None => out.push_str("标题：（未识别）\n"),
    }
    out.push_str(&format!(
        "单位：{}　年度：{}\n",
        report.unit.as_deref().map(one_line).unwrap_or("（未识别）".into()),
        report.year.map(|y| y.to_string()).unwrap_or_else(|| "（未识别）".into())
    ));
    if !report.preamble.is_empty() {
        out.push_str(&format!("前言：{} 段\n", report.preamble.len()));
    }
    fn walk(s: &Section, text: &str, depth: usize, out: &mut String, mark: &dyn Fn(&Section) -> Option<String>) {
        let indent = "  ".repeat(depth);
        let run_in = if s.run_in { "，标题与正文同行" } else { "" };
        out.push_str(&format!(
            "{indent}{}{}　（第 {} 行{run_in}）{}\n",
            one_line(s.marker.span.slice(text).trim()),
            one_line(s.heading.slice(text)),
            s.line + 1,
            mark(s).unwrap_or_default()
        ));
        for c in &s.children {
            walk(c, text, depth + 1, out, mark);
        }
    }
    for s in &report.sections {
        walk(s, text, 0, &mut out, mark);
    }
    if let Some(so) = &report.sign_off {
        out.push_str(&format!(
            "落款：{}\n",
            one_line(&so.span.slice(text).split_whitespace().collect::<Vec<_>>().join(" "))
        ));
    }
    out
}

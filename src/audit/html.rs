//! The HTML dashboard: one self-contained file (inline CSS, one inline script allowed
//! by hash in a Content-Security-Policy that forbids every other source, so the page
//! makes no request and opens offline from disk). First what the office acts on: the
//! figures, the units that sent nothing (with a roster), the copy families (each once,
//! with a side-by-side view of the passages a member shares with its source, the
//! shared runs highlighted) and the coverage charts (parts × level, parts × year); then
//! a sortable, filterable table of reports (built by the script from a JSON data
//! block; short file names, the full path on hover, wrapping columns for 1,400 px),
//! whose file and most-similar cells link to each report's findings.
//!
//! The size is bounded: the findings share a byte budget (`FINDINGS_BUDGET`) spread
//! over the reports, the family views another (`VIEWS_BUDGET`); what does not fit is
//! counted and pointed to the workbook or JSONL. 20,000 reports make a page of a few
//! tens of megabytes at most.
//!
//! Reports are untrusted input: every piece of their text is HTML-escaped, or put in
//! the JSON block with `<`, `>` and `&` as \u escapes and then inserted by the script
//! as text (`textContent`), never as markup.

use super::summary::{percent, Coverage, Summary};
use super::{family, fmt_similarity, Audit, PartState};
use crate::parts::PartInfo;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write;

/// Escape text for HTML element content and quoted attribute values; control and bidi
/// characters are shown (`␛`, `\u{202E}`), not obeyed: a bidi override in a file name
/// would reorder what the page shows.
pub fn escape(s: &str) -> String {
    let s = crate::output::escape::visible(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON that is safe inside a `<script type="application/json">` block, its strings
/// with control and bidi characters shown as [`escape`] shows them in the page.
fn script_safe_json(v: &serde_json::Value) -> String {
    fn shown(v: &serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match v {
            Value::String(s) => Value::String(crate::output::escape::visible(s).into_owned()),
            Value::Array(a) => Value::Array(a.iter().map(shown).collect()),
            Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), shown(v))).collect()),
            other => other.clone(),
        }
    }
    shown(v)
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Bytes of findings markup shared by all reports …
pub const FINDINGS_BUDGET: usize = 20 * 1024 * 1024;
/// … of which each report may use at least this many.
const FINDINGS_MIN_PER_REPORT: usize = 600;
/// Bytes of family side-by-side views in all.
pub const VIEWS_BUDGET: usize = 8 * 1024 * 1024;
/// Characters of each text shown side by side.
const VIEW_CHARS: usize = 3_000;
/// Members per family shown side by side with the source (the rest are listed).
const VIEW_MEMBERS: usize = 4;

const STYLE: &str = r#"
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.2em;color:#222;max-width:1600px}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.88em}th,td{border:1px solid #ddd;padding:.2em .4em;text-align:left;vertical-align:top}
#reports{width:100%;table-layout:fixed}#reports td,#reports th{overflow-wrap:anywhere;word-break:break-word}
#reports td.n{white-space:nowrap;overflow-wrap:normal}
#reports col.w-file{width:14%}#reports col.w-title{width:18%}#reports col.w-unit{width:10%}#reports col.w-n{width:3.6%}#reports col.w-p{width:3.6%}#reports col.w-date{width:6.5%}#reports col.w-sim{width:11%}#reports col.w-err{width:8%}
th{background:#f3f3f3}#reports th{cursor:pointer;user-select:none}#reports th.asc::after{content:" ▲"}#reports th.desc::after{content:" ▼"}
td.yes{color:#17703a;text-align:center}td.emb{color:#7a5c00;text-align:center;background:#fff8e0}td.no{color:#b3261e;text-align:center;background:#fdf0ef}
tr.dup td{background:#fff6d6}.controls{margin:.8em 0;display:flex;gap:.8em;flex-wrap:wrap;align-items:center}
blockquote{margin:.2em 0 .6em 1em;padding-left:.6em;border-left:3px solid #ccc;color:#555;white-space:pre-wrap}
.sev-error{color:#b3261e}.sev-warning{color:#9a6700}.sev-info{color:#0b5cad}details{margin:.3em 0}summary{cursor:pointer}
.legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle}
.figures{display:flex;gap:1.5em;flex-wrap:wrap}.figures div{background:#f6f8fa;padding:.5em .9em;border-radius:4px}.figures b{font-size:1.3em;display:block}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.8em;margin:.4em 0 1em}.pair>div{border:1px solid #ddd;padding:.5em;max-height:28em;overflow:auto;white-space:pre-wrap;font-size:.85em}
mark{background:#ffe08a}.charts{display:flex;gap:2em;flex-wrap:wrap}.note{color:#666}
ul.units{columns:3;max-width:1200px}
"#;

const SCRIPT: &str = r#"
(function(){
var data=JSON.parse(document.getElementById('audit-data').textContent);
var cols=data.columns, rows=data.rows, body=document.querySelector('#reports tbody');
var head=document.querySelector('#reports thead tr'), sortCol=-1, sortDir=1;
function cell(tr,v,cls){var td=document.createElement('td');if(cls)td.className=cls;td.textContent=v;tr.appendChild(td);return td;}
function link(td,href,text,tip){var a=document.createElement('a');a.href=href;a.textContent=text;if(tip)a.title=tip;td.appendChild(a);return a;}
cols.forEach(function(c,i){var th=document.createElement('th');th.textContent=c.label;th.title=c.key;
 th.addEventListener('click',function(){sortDir=(sortCol===i)?-sortDir:1;sortCol=i;render();});head.appendChild(th);});
function val(r,i){var v=r.cells[i];return v===null?'':v;}
function matches(r){
 var q=document.getElementById('q').value.trim().toLowerCase(), lv=document.getElementById('level').value,
     yr=document.getElementById('year').value, miss=document.getElementById('missing').value, dup=document.getElementById('dup').checked;
 if(lv&&r.level!==lv)return false; if(yr&&String(r.year)!==yr)return false;
 if(miss&&r.parts&&r.parts[miss]!==false)return false; if(miss&&!r.parts)return false; if(dup&&!r.dup)return false;
 if(q){var s=(r.path+' '+r.cells.map(function(v){return v===null?'':String(v);}).join(' ')).toLowerCase();if(s.indexOf(q)<0)return false;}
 return true;}
function render(){
 var list=rows.filter(matches);
 if(sortCol>=0){list.sort(function(a,b){var x=val(a,sortCol),y=val(b,sortCol);
  if(typeof x==='number'&&typeof y==='number')return (x-y)*sortDir; return String(x).localeCompare(String(y),'zh')*sortDir;});}
 Array.prototype.forEach.call(head.children,function(th,i){th.className=(i===sortCol)?(sortDir>0?'asc':'desc'):'';});
 while(body.firstChild)body.removeChild(body.firstChild);
 list.forEach(function(r){var tr=document.createElement('tr');tr.className='report'+(r.dup?' dup':'');
  r.cells.forEach(function(v,i){var k=cols[i].kind;
   if(k==='part'){cell(tr,v===null?'':v,v==='有'?'yes':(v==='附带'?'emb':(v==='缺'?'no':'')));}
   else if(k==='path'){link(cell(tr,''),'#r'+r.i,v,r.path);}
   else if(k==='similar'&&r.ms!==null){link(cell(tr,''),'#r'+r.ms,v,r.msPath).className='similar';}
   else if(k==='group'&&v!==null){link(cell(tr,'','n'),'#g'+v,String(v)).title='复制组 '+v;}
   else cell(tr,v===null?'':(k==='sim'?v.toFixed(2):v),(k==='num'||k==='sim')?'n':'');});
  body.appendChild(tr);});
 document.getElementById('count').textContent='显示 '+list.length+' / '+rows.length+' 份';}
['q','level','year','missing','dup'].forEach(function(id){var e=document.getElementById(id);e.addEventListener('input',render);e.addEventListener('change',render);});
render();
function openTarget(){var id=location.hash.slice(1);var d=id&&document.getElementById(id);if(d&&d.tagName==='DETAILS')d.open=true;}
window.addEventListener('hashchange',openTarget);openTarget();
})();
"#;

/// Colours of the parts in the chart (the contract's six first; more parts cycle).
const COLOURS: [&str; 10] =
    ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#b07aa1", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"];

fn colour(k: usize) -> &'static str {
    COLOURS[k % COLOURS.len()]
}

/// One column of the table: (key, label, kind, width class).
type Column<'a> = (&'a str, &'a str, &'static str, &'static str);

/// The table's columns before the parts …
const HEAD_COLUMNS: [Column<'static>; 5] = [
    ("path", "文件", "path", "w-file"),
    ("title", "标题", "text", "w-title"),
    ("unit", "单位", "text", "w-unit"),
    ("year", "年度", "num", "w-n"),
    ("level", "级别", "text", "w-n"),
];

/// … and after them.
const TAIL_COLUMNS: [Column<'static>; 11] = [
    ("errors", "错误", "num", "w-n"),
    ("warnings", "警告", "num", "w-n"),
    ("infos", "提示", "num", "w-n"),
    ("date", "成文日期", "text", "w-date"),
    ("copy_group", "复制组", "group", "w-n"),
    ("most_similar", "最相似报告", "similar", "w-sim"),
    ("similarity", "相似度", "sim", "w-n"),
    ("roster", "名单单位", "text", "w-unit"),
    ("roster_status", "名单状态", "text", "w-n"),
    ("error", "读取错误", "text", "w-err"),
    ("ocr", "扫描件", "text", "w-n"),
];

/// Indices of the roster columns in `TAIL_COLUMNS` (left out without a roster).
const ROSTER_COLUMNS: [usize; 2] = [7, 8];

/// The table's columns for this audit: one per part (its key and `header`).
fn table_columns(audit: &Audit) -> Vec<Column<'_>> {
    let mut v = HEAD_COLUMNS.to_vec();
    v.extend(audit.parts.iter().map(|p| (p.key.as_str(), p.header.as_str(), "part", "w-p")));
    v.extend(
        TAIL_COLUMNS
            .iter()
            .enumerate()
            .filter(|(i, _)| !ROSTER_COLUMNS.contains(i) || audit.roster.is_some())
            .map(|(_, c)| *c),
    );
    v
}

fn data_json(audit: &Audit) -> serde_json::Value {
    use serde_json::json;
    let columns: Vec<_> =
        table_columns(audit).iter().map(|(k, l, kind, _)| json!({"key": k, "label": l, "kind": kind})).collect();
    let rows: Vec<_> = audit
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let ok = r.is_ok();
            let part = |k: usize| if ok { json!(r.part(k).label()) } else { json!(null) };
            let roster = audit.roster.as_ref().and_then(|rr| {
                r.roster.map(|(u, kind)| match kind.reason() {
                    None => rr.roster.units[u].clone(),
                    Some(why) => format!("{}（推测：{}）", rr.roster.units[u], why.label()),
                })
            });
            let mut cells = vec![
                json!(r.short_name()),
                json!(r.title),
                json!(r.unit),
                json!(r.year),
                json!(if ok { Some(r.level().label()) } else { None }),
            ];
            cells.extend((0..audit.parts.len()).map(part));
            let mut tail = vec![
                json!(ok.then_some(r.errors)),
                json!(ok.then_some(r.warnings)),
                json!(ok.then_some(r.infos)),
                json!(r.date),
                json!(r.copy_group),
                json!(r.most_similar.map(|(j, _)| audit.rows[j].short_name())),
                json!(r.most_similar.map(|(_, s)| (s * 100.0).round() / 100.0)),
                json!(roster),
                json!(audit.roster_status(i).map(|s| s.label())),
                json!(r.error),
                json!(r.ocr.map(|c| format!("OCR {c}%"))),
            ];
            if audit.roster.is_none() {
                for k in ROSTER_COLUMNS.iter().rev() {
                    tail.remove(*k);
                }
            }
            cells.extend(tail);
            let parts: serde_json::Map<String, serde_json::Value> = audit
                .parts
                .iter()
                .enumerate()
                .map(|(k, p)| (p.key.clone(), json!(r.part(k) != PartState::Missing)))
                .collect();
            json!({
                "cells": cells,
                "i": i,
                "path": r.path,
                "ms": r.most_similar.map(|(j, _)| j),
                "msPath": r.most_similar.map(|(j, _)| &audit.rows[j].path),
                "level": if ok { Some(r.level().label()) } else { None },
                "year": r.year,
                "parts": if ok { Some(parts) } else { None },
                "dup": audit.near_duplicate(i),
            })
        })
        .collect();
    json!({"columns": columns, "rows": rows})
}

fn options(values: impl Iterator<Item = (String, String)>, all: &str) -> String {
    let mut s = format!("<option value=\"\">{}</option>", escape(all));
    for (v, label) in values {
        let _ = write!(s, "<option value=\"{}\">{}</option>", escape(&v), escape(&label));
    }
    s
}

fn summary_table(summary: &Summary) -> String {
    let mut s = String::from("<table id=\"summary\"><thead><tr><th>分组</th><th>类别</th><th>报告数</th>");
    for p in &summary.parts {
        let _ = write!(s, "<th>{}</th>", escape(&p.column));
    }
    s.push_str("</tr></thead><tbody>");
    for (dim, c) in summary.groups() {
        let _ = write!(s, "<tr><td>{}</td><td>{}</td><td>{}</td>", dim, escape(&c.label), c.reports);
        for k in 0..summary.parts.len() {
            let _ = write!(s, "<td>{}</td>", percent(c.share(k)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    let _ = write!(s, "<p>共 {} 个文件，其中 {} 个无法读取（不计入比例）。</p>", summary.files, summary.unreadable);
    s
}

/// Grouped bars: for each group (a year, a level), the share of reports having each part.
fn chart(id: &str, caption: &str, parts: &[PartInfo], groups: &[&Coverage]) -> String {
    if groups.is_empty() {
        return format!("<p>没有可用于“{}”的报告。</p>", escape(caption));
    }
    let (bar, gap, left, top, h) = (12.0, 18.0, 44.0, 10.0, 200.0);
    let n = parts.len();
    let group = bar * n as f64 + gap;
    let width = left + group * groups.len() as f64 + 10.0;
    let height = top + h + 40.0;
    let mut s = format!("<figure><figcaption>{}</figcaption><svg id=\"{id}\" role=\"img\" aria-label=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">", escape(caption), escape(caption));
    for p in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let y = top + h * (1.0 - p);
        let _ = write!(s, "<line x1=\"{left}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{:.0}%</text>", width - 10.0, left - 4.0, y + 3.0, p * 100.0);
    }
    for (g, c) in groups.iter().enumerate() {
        let x0 = left + gap / 2.0 + group * g as f64;
        for (k, part) in parts.iter().enumerate() {
            let share = c.share(k);
            let bh = h * share;
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar}\" height=\"{:.1}\" fill=\"{}\"><title>{} {}：{}（{}/{}）</title></rect>",
                x0 + bar * k as f64,
                top + h - bh,
                bh,
                colour(k),
                escape(&c.label),
                escape(&part.column),
                percent(share),
                c.with.get(k).copied().unwrap_or(0),
                c.reports
            );
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}（{}份）</text>",
            x0 + bar * n as f64 / 2.0,
            top + h + 16.0,
            escape(&c.label),
            c.reports
        );
    }
    s.push_str("</svg></figure>");
    s
}

fn legend(parts: &[PartInfo]) -> String {
    let mut s = String::from("<div class=\"legend\">");
    for (k, p) in parts.iter().enumerate() {
        let _ = write!(s, "<span><i style=\"background:{}\"></i>{}</span>", colour(k), escape(&p.column));
    }
    s.push_str("</div>");
    s
}

fn findings(audit: &Audit, out: &mut impl Write) -> std::io::Result<()> {
    let per_report = (FINDINGS_BUDGET / audit.rows.len().max(1)).max(FINDINGS_MIN_PER_REPORT);
    let mut left_out = 0usize;
    for (i, r) in audit.rows.iter().enumerate() {
        let title = r.title.as_deref().unwrap_or("（无标题）");
        if let Some(e) = &r.error {
            writeln!(
                out,
                "<details id=\"r{i}\"><summary>{} — 无法读取</summary><p class=\"sev-error\">{}</p></details>",
                escape(&r.path),
                escape(e)
            )?;
            continue;
        }
        let all = audit.findings_of(i);
        let n = r.errors + r.warnings + r.infos;
        write!(out, "<details id=\"r{i}\"><summary>{} — {}（{} 条）</summary>", escape(&r.path), escape(title), n)?;
        if n == 0 {
            out.write_all("<p>没有发现问题。</p>".as_bytes())?;
        } else {
            out.write_all(b"<ul>")?;
            let mut used = 0usize;
            let mut shown = 0usize;
            for f in &all {
                let sev = f.severity.as_str();
                let quote = if used < per_report / 2 { escape(&f.quote) } else { String::new() };
                let help = if f.help.is_empty() || used >= per_report / 2 {
                    String::new()
                } else {
                    format!("<br><span class=\"note\">修改建议：{}</span>", escape(&f.help))
                };
                let item = format!(
                    "<li><span class=\"sev-{sev}\">[{}]</span> {}（{}）<span class=\"note\" title=\"{}\">〔{}〕</span>{help}{}</li>",
                    f.severity.label(),
                    escape(&f.message),
                    escape(&f.place),
                    escape(&f.rule),
                    escape(&f.rule_name),
                    if quote.is_empty() { String::new() } else { format!("<blockquote>{quote}</blockquote>") }
                );
                if used + item.len() > per_report && shown > 0 {
                    break;
                }
                used += item.len();
                shown += 1;
                out.write_all(item.as_bytes())?;
            }
            out.write_all(b"</ul>")?;
            if shown < n {
                left_out += n - shown;
                write!(
                    out,
                    "<p class=\"note\">另有 {} 条未在页面列出（页面大小有限），见 xlsx 的问题清单或 jsonl。</p>",
                    n - shown
                )?;
            }
        }
        out.write_all(b"</details>\n")?;
    }
    if left_out > 0 {
        write!(out, "<p class=\"note\">页面共省略 {left_out} 条发现。</p>")?;
    }
    Ok(())
}

/// A text with the given byte ranges (sorted, not overlapping) in `<mark>`, escaped.
fn marked(text: &str, runs: &[std::ops::Range<usize>]) -> String {
    let mut s = String::with_capacity(text.len() + runs.len() * 13);
    let mut at = 0;
    for r in runs {
        if r.start < at || r.end > text.len() {
            continue;
        }
        s.push_str(&escape(&text[at..r.start]));
        s.push_str("<mark>");
        s.push_str(&escape(&text[r.start..r.end]));
        s.push_str("</mark>");
        at = r.end;
    }
    s.push_str(&escape(&text[at..]));
    s
}

/// The first `VIEW_CHARS` characters of a report's text, read again from its file.
fn view_text(path: &str, max_bytes: u64) -> Option<String> {
    let doc = crate::input::read_path(std::path::Path::new(path), max_bytes).ok()?;
    Some(doc.text.chars().take(VIEW_CHARS).collect())
}

fn families(audit: &Audit, out: &mut impl Write) -> std::io::Result<()> {
    if audit.families.is_empty() {
        return write!(out, "<p id=\"families\">没有相似度达到 {} 的报告。</p>", fmt_similarity(audit.threshold));
    }
    let members: usize = audit.families.iter().map(|f| f.members.len()).sum();
    write!(
        out,
        "<div id=\"families\"><p>{} 组，共 {} 份报告。每组以最早成文（或最完整）的报告为来源；各成员与来源并排显示，共有的段落（至少 {} 个字相同）以底色标出。所有报告共有的套话不计入相似度。</p>",
        audit.families.len(),
        members,
        family::MIN_RUN_CHARS
    )?;
    let mut budget = VIEWS_BUDGET;
    let mut no_view = 0usize;
    for f in &audit.families {
        let src = &audit.rows[f.source];
        write!(out, "<details class=\"family\" id=\"g{}\"><summary>复制组 {}（{} 份）：来源 <a href=\"#r{}\" title=\"{}\">{}</a>", f.id, f.id, f.members.len(), f.source, escape(&src.path), escape(&src.short_name()))?;
        let others: Vec<&(usize, f64)> = f.members.iter().filter(|(m, _)| *m != f.source).collect();
        for (m, sim) in &others {
            let r = &audit.rows[*m];
            write!(
                out,
                " · <a href=\"#r{m}\" title=\"{}\">{}</a> {}",
                escape(&r.path),
                escape(&r.short_name()),
                fmt_similarity(*sim)
            )?;
        }
        out.write_all(b"</summary><ul>")?;
        for (m, sim) in std::iter::once(&(f.source, 1.0)).chain(others.iter().copied()) {
            let r = &audit.rows[*m];
            let role = if *m == f.source {
                "来源".to_string()
            } else {
                format!("与来源相似度 {}", fmt_similarity(*sim))
            };
            let note = if r.repeats_previous_year.is_some() {
                "；同一单位连续两年，后一年重复前一年"
            } else {
                ""
            };
            write!(
                out,
                "<li><a href=\"#r{m}\" title=\"{}\">{}</a> {} {} {}（{}{}）</li>",
                escape(&r.path),
                escape(&r.short_name()),
                escape(r.unit.as_deref().unwrap_or("")),
                r.year.map(|y| y.to_string()).unwrap_or_default(),
                escape(r.date.as_deref().unwrap_or("")),
                role,
                note
            )?;
        }
        out.write_all(b"</ul>")?;
        let src_text = if budget > 0 { view_text(&src.path, audit.max_bytes) } else { None };
        for (k, (m, _)) in others.iter().enumerate() {
            let Some(a) = src_text.as_deref().filter(|_| k < VIEW_MEMBERS && budget > 0) else {
                no_view += 1;
                continue;
            };
            let Some(b) = view_text(&audit.rows[*m].path, audit.max_bytes) else {
                no_view += 1;
                continue;
            };
            let (ra, rb) = family::shared_runs(a, &b);
            let view = format!(
                "<div class=\"pair\"><div class=\"side source\"><b>{}</b>\n{}</div><div class=\"side member\"><b>{}</b>\n{}</div></div>",
                escape(&src.short_name()),
                marked(a, &ra),
                escape(&audit.rows[*m].short_name()),
                marked(&b, &rb)
            );
            budget = budget.saturating_sub(view.len());
            out.write_all(view.as_bytes())?;
        }
        out.write_all(b"</details>\n")?;
    }
    if no_view > 0 {
        write!(out, "<p class=\"note\">{no_view} 份成员未并排显示（页面大小有限或文件已不可读）。</p>")?;
    }
    out.write_all(b"</div>")
}

fn roster(audit: &Audit) -> String {
    let Some(rr) = &audit.roster else {
        return String::new();
    };
    let mut s = format!(
        "<h2 id=\"missing\">未报送（名单 {} 个单位中 {} 个没有任何文件）</h2>",
        rr.roster.units.len(),
        rr.missing.len()
    );
    if rr.missing.is_empty() {
        s.push_str("<p>名单中的单位均已报送。</p>");
    } else {
        s.push_str("<ul class=\"units\">");
        for &u in &rr.missing {
            let _ = write!(s, "<li>{}</li>", escape(&rr.roster.units[u]));
        }
        s.push_str("</ul>");
    }
    let _ = write!(s, "<h2 id=\"unreadable\">已报送但无法读取（{} 个文件）</h2>", rr.unreadable.len());
    if rr.unreadable.is_empty() {
        s.push_str("<p>所有文件都已读取。</p>");
    } else {
        s.push_str("<p class=\"note\">这些单位报送了文件，但文件无法读取（原因见右列）：请联系报送单位重新提供可读的文件。</p><table id=\"unreadable-list\"><thead><tr><th>名单单位</th><th>文件</th><th>原因</th></tr></thead><tbody>");
        for &i in &rr.unreadable {
            let r = &audit.rows[i];
            let unit = match r.roster {
                Some((u, kind)) => match kind.reason() {
                    None => escape(&rr.roster.units[u]),
                    Some(why) => format!("{}（推测：{}）", escape(&rr.roster.units[u]), why.label()),
                },
                None => "（文件名未对应名单单位）".into(),
            };
            let _ = write!(
                s,
                "<tr><td>{unit}</td><td><a href=\"#r{i}\" title=\"{}\">{}</a></td><td>{}</td></tr>",
                escape(&r.path),
                escape(&r.short_name()),
                escape(r.error.as_deref().unwrap_or(""))
            );
        }
        s.push_str("</tbody></table>");
    }
    let _ = write!(s, "<h2 id=\"unmatched\">名单外的报告（{} 份）</h2>", rr.unmatched.len());
    if rr.unmatched.is_empty() {
        s.push_str("<p>每份可读的报告都对应名单中的单位。</p>");
    } else {
        s.push_str("<ul>");
        for &i in &rr.unmatched {
            let r = &audit.rows[i];
            let _ = write!(
                s,
                "<li><a href=\"#r{i}\" title=\"{}\">{}</a> {}</li>",
                escape(&r.path),
                escape(&r.short_name()),
                escape(r.unit.as_deref().unwrap_or("（未识别单位）"))
            );
        }
        s.push_str("</ul>");
    }
    if rr.guessed > 0 {
        let _ = write!(s, "<p class=\"note\">{} 个文件与名单单位的对应是推测的（名称不完全一致），表中“名单单位”列标有“推测”及其依据，请核对。</p>", rr.guessed);
    }
    s
}

/// Write the page.
pub fn write<W: Write>(audit: &Audit, summary: &Summary, out: W) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    let csp = format!("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'");
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>法治政府建设年度报告审查</title><style>{STYLE}{}</style></head><body>\n<h1>法治政府建设年度报告审查</h1>\n",
        super::follow::STYLE
    )?;
    let readable = audit.rows.iter().filter(|r| r.is_ok()).count();
    let in_families: usize = audit.families.iter().map(|f| f.members.len()).sum();
    write!(out, "<div class=\"figures\" id=\"figures\"><div><b>{}</b>个文件</div><div><b>{}</b>份可读</div><div><b>{}</b>个无法读取</div><div><b>{}</b>组疑似复制（{} 份）</div>", audit.rows.len(), readable, summary.unreadable, audit.families.len(), in_families)?;
    if let Some(rr) = &audit.roster {
        write!(
            out,
            "<div><b>{}</b>个单位未报送</div><div><b>{}</b>个文件已报送但无法读取</div><div><b>{}</b>份名单外报告</div>",
            rr.missing.len(),
            rr.unreadable.len(),
            rr.unmatched.len()
        )?;
    }
    writeln!(out, "</div><p class=\"note\">相似度阈值 {}。</p>", fmt_similarity(audit.threshold))?;
    out.write_all(roster(audit).as_bytes())?;
    out.write_all("<h2>疑似复制的报告</h2>".as_bytes())?;
    families(audit, &mut out)?;
    let years: Vec<&Coverage> = summary.by_year.iter().filter(|c| c.label.parse::<i32>().is_ok()).collect();
    let levels: Vec<&Coverage> = summary.by_level.iter().collect();
    writeln!(
        out,
        "<h2>要件覆盖率</h2><div class=\"charts\">{}{}</div>{}{}",
        chart("chart-level", "各级别要件覆盖率", &summary.parts, &levels),
        chart("chart", "各年度要件覆盖率", &summary.parts, &years),
        legend(&summary.parts),
        summary_table(summary)
    )?;

    let mut level_names: Vec<&str> = audit.rows.iter().filter(|r| r.is_ok()).map(|r| r.level().label()).collect();
    level_names.sort_unstable();
    level_names.dedup();
    let mut year_list: Vec<i32> = audit.rows.iter().filter_map(|r| r.year).collect();
    year_list.sort_unstable();
    year_list.dedup();
    writeln!(
        out,
        "<h2>报告</h2><div class=\"controls\"><label>筛选 <input id=\"q\" type=\"search\" placeholder=\"文件、标题、单位…\"></label><label>级别 <select id=\"level\">{}</select></label><label>年度 <select id=\"year\">{}</select></label><label>缺少 <select id=\"missing\">{}</select></label><label><input id=\"dup\" type=\"checkbox\"> 只看疑似重复</label><span id=\"count\"></span></div>",
        options(level_names.iter().map(|l| (l.to_string(), l.to_string())), "全部"),
        options(year_list.iter().map(|y| (y.to_string(), y.to_string())), "全部"),
        options(audit.parts.iter().map(|p| (p.key.clone(), p.column.clone())), "不限"),
    )?;
    out.write_all(b"<table id=\"reports\"><colgroup>")?;
    for (_, _, _, w) in table_columns(audit) {
        write!(out, "<col class=\"{w}\">")?;
    }
    out.write_all("</colgroup><thead><tr></tr></thead><tbody></tbody></table><noscript><p>表格由页面内的脚本生成；请允许脚本运行，或查看下方各报告的发现。</p></noscript>\n".as_bytes())?;
    writeln!(
        out,
        "<script type=\"application/json\" id=\"audit-data\">{}</script>",
        script_safe_json(&data_json(audit))
    )?;
    out.write_all("<h2>各报告的发现</h2><p class=\"note\">点击表中的文件名查看该报告的发现。</p>\n".as_bytes())?;
    findings(audit, &mut out)?;
    super::follow::section(audit, &mut out)?;
    write!(out, "<script>{SCRIPT}</script>\n</body></html>\n")?;
    out.flush()
}

//! The HTML dashboard: one self-contained file (inline CSS, one inline script allowed
//! by hash in a Content-Security-Policy that forbids every other source, so the page
//! makes no request and opens offline from disk). It holds a sortable, filterable
//! table of reports (built by the script from a JSON data block), the coverage summary,
//! an inline SVG chart of part coverage by year, each report's findings with the quoted
//! source lines, and the near-duplicate pairs.
//!
//! Reports are untrusted input: every piece of their text is HTML-escaped, or put in
//! the JSON block with `<`, `>` and `&` as \u escapes and then inserted by the script
//! as text (`textContent`), never as markup.

use super::summary::{percent, Summary};
use super::{fmt_similarity, Audit, ELEMENT_LABELS};
use crate::ELEMENT_KEYS;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write;

/// Escape text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
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

/// JSON that is safe inside a `<script type="application/json">` block.
fn script_safe_json(v: &serde_json::Value) -> String {
    v.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026").replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029")
}

const STYLE: &str = r#"
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
#reports td:nth-child(n+4){white-space:nowrap}
th{background:#f3f3f3}#reports th{cursor:pointer;user-select:none}#reports th.asc::after{content:" ▲"}#reports th.desc::after{content:" ▼"}
td.yes{color:#17703a;text-align:center}td.no{color:#b3261e;text-align:center;background:#fdf0ef}
tr.dup td{background:#fff6d6}.controls{margin:.8em 0;display:flex;gap:.8em;flex-wrap:wrap;align-items:center}
blockquote{margin:.2em 0 .6em 1em;padding-left:.6em;border-left:3px solid #ccc;color:#555;white-space:pre-wrap}
.sev-error{color:#b3261e}.sev-warning{color:#9a6700}.sev-info{color:#0b5cad}details{margin:.3em 0}summary{cursor:pointer}
.legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle}
"#;

const SCRIPT: &str = r#"
(function(){
var data=JSON.parse(document.getElementById('audit-data').textContent);
var cols=data.columns, rows=data.rows, body=document.querySelector('#reports tbody');
var head=document.querySelector('#reports thead tr'), sortCol=-1, sortDir=1;
function cell(tr,v,cls){var td=document.createElement('td');if(cls)td.className=cls;td.textContent=v;tr.appendChild(td);return td;}
cols.forEach(function(c,i){var th=document.createElement('th');th.textContent=c.label;th.title=c.key;
 th.addEventListener('click',function(){sortDir=(sortCol===i)?-sortDir:1;sortCol=i;render();});head.appendChild(th);});
function val(r,i){var v=r.cells[i];return v===null?'':v;}
function matches(r){
 var q=document.getElementById('q').value.trim().toLowerCase(), lv=document.getElementById('level').value,
     yr=document.getElementById('year').value, miss=document.getElementById('missing').value, dup=document.getElementById('dup').checked;
 if(lv&&r.level!==lv)return false; if(yr&&String(r.year)!==yr)return false;
 if(miss&&r.parts&&r.parts[miss]!==false)return false; if(miss&&!r.parts)return false; if(dup&&!r.dup)return false;
 if(q){var s=r.cells.map(function(v){return v===null?'':String(v);}).join(' ').toLowerCase();if(s.indexOf(q)<0)return false;}
 return true;}
function render(){
 var list=rows.filter(matches);
 if(sortCol>=0){list.sort(function(a,b){var x=val(a,sortCol),y=val(b,sortCol);
  if(typeof x==='number'&&typeof y==='number')return (x-y)*sortDir; return String(x).localeCompare(String(y),'zh')*sortDir;});}
 Array.prototype.forEach.call(head.children,function(th,i){th.className=(i===sortCol)?(sortDir>0?'asc':'desc'):'';});
 while(body.firstChild)body.removeChild(body.firstChild);
 list.forEach(function(r){var tr=document.createElement('tr');tr.className='report'+(r.dup?' dup':'');
  r.cells.forEach(function(v,i){var k=cols[i].kind;
   if(k==='bool'){cell(tr,v===null?'':(v?'✓':'✗'),v===null?'':(v?'yes':'no'));}
   else if(k==='path'&&r.anchor){var td=cell(tr,'');var a=document.createElement('a');a.href='#'+r.anchor;a.textContent=v;td.appendChild(a);}
   else cell(tr,v===null?'':(k==='sim'?v.toFixed(2):v));});
  body.appendChild(tr);});
 document.getElementById('count').textContent='显示 '+list.length+' / '+rows.length+' 份';}
['q','level','year','missing','dup'].forEach(function(id){var e=document.getElementById(id);e.addEventListener('input',render);e.addEventListener('change',render);});
render();
function openTarget(){var id=location.hash.slice(1);var d=id&&document.getElementById(id);if(d&&d.tagName==='DETAILS')d.open=true;}
window.addEventListener('hashchange',openTarget);openTarget();
})();
"#;

/// Colours of the six parts in the chart.
const COLOURS: [&str; 6] = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#b07aa1"];

/// The table's columns: (key, label, kind).
const TABLE_COLUMNS: [(&str, &str, &str); 17] = [
    ("path", "文件", "path"),
    ("title", "标题", "text"),
    ("unit", "单位", "text"),
    ("year", "年度", "num"),
    ("level", "级别", "text"),
    ("achievements", "成效", "bool"),
    ("problems", "不足", "bool"),
    ("problem_causes", "原因", "bool"),
    ("lead_responsibility", "第一责任人", "bool"),
    ("next_year_plan", "下年安排", "bool"),
    ("xi_thought_study", "习近平法治思想", "bool"),
    ("errors", "错误", "num"),
    ("warnings", "警告", "num"),
    ("infos", "提示", "num"),
    ("most_similar", "最相似的报告", "text"),
    ("similarity", "相似度", "sim"),
    ("error", "读取错误", "text"),
];

fn data_json(audit: &Audit) -> serde_json::Value {
    use serde_json::json;
    let columns: Vec<_> = TABLE_COLUMNS.iter().map(|(k, l, kind)| json!({"key": k, "label": l, "kind": kind})).collect();
    let rows: Vec<_> = audit
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let ok = r.is_ok();
            let b = |k: usize| if ok { json!(r.elements[k]) } else { json!(null) };
            let cells = vec![
                json!(r.path),
                json!(r.title),
                json!(r.unit),
                json!(r.year),
                json!(if ok { Some(r.level().label()) } else { None }),
                b(0),
                b(1),
                b(2),
                b(3),
                b(4),
                b(5),
                json!(ok.then_some(r.errors)),
                json!(ok.then_some(r.warnings)),
                json!(ok.then_some(r.infos)),
                json!(r.most_similar.map(|(j, _)| &audit.rows[j].path)),
                json!(r.most_similar.map(|(_, s)| s)),
                json!(r.error),
            ];
            let parts: serde_json::Map<String, serde_json::Value> = ELEMENT_KEYS.iter().enumerate().map(|(k, key)| (key.to_string(), json!(r.elements[k]))).collect();
            json!({
                "cells": cells,
                "level": if ok { Some(r.level().label()) } else { None },
                "year": r.year,
                "parts": if ok { Some(parts) } else { None },
                "dup": audit.near_duplicate(i),
                "anchor": format!("r{i}"),
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
    for l in ELEMENT_LABELS {
        let _ = write!(s, "<th>{}</th>", escape(l));
    }
    s.push_str("</tr></thead><tbody>");
    for (dim, c) in summary.groups() {
        let _ = write!(s, "<tr><td>{}</td><td>{}</td><td>{}</td>", dim, escape(&c.label), c.reports);
        for k in 0..6 {
            let _ = write!(s, "<td>{}</td>", percent(c.share(k)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    let _ = write!(s, "<p>共 {} 个文件，其中 {} 个无法读取（不计入比例）。</p>", summary.files, summary.unreadable);
    s
}

/// Grouped bars: for each year, the share of reports having each part.
fn chart(summary: &Summary) -> String {
    let years: Vec<_> = summary.by_year.iter().filter(|c| c.label.parse::<i32>().is_ok()).collect();
    if years.is_empty() {
        return "<p>没有可识别年度的报告。</p>".into();
    }
    let (bar, gap, left, top, h) = (12.0, 18.0, 44.0, 10.0, 200.0);
    let group = bar * 6.0 + gap;
    let width = left + group * years.len() as f64 + 10.0;
    let height = top + h + 40.0;
    let mut s = format!("<svg id=\"chart\" role=\"img\" aria-label=\"各年度要件覆盖率\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
    for p in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let y = top + h * (1.0 - p);
        let _ = write!(s, "<line x1=\"{left}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{:.0}%</text>", width - 10.0, left - 4.0, y + 3.0, p * 100.0);
    }
    for (g, c) in years.iter().enumerate() {
        let x0 = left + gap / 2.0 + group * g as f64;
        for k in 0..6 {
            let share = c.share(k);
            let bh = h * share;
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar}\" height=\"{:.1}\" fill=\"{}\"><title>{} {}：{}（{}/{}）</title></rect>",
                x0 + bar * k as f64,
                top + h - bh,
                bh,
                COLOURS[k],
                escape(&c.label),
                ELEMENT_LABELS[k],
                percent(share),
                c.with[k],
                c.reports
            );
        }
        let _ = write!(s, "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}（{}份）</text>", x0 + bar * 3.0, top + h + 16.0, escape(&c.label), c.reports);
    }
    s.push_str("</svg><div class=\"legend\">");
    for k in 0..6 {
        let _ = write!(s, "<span><i style=\"background:{}\"></i>{}</span>", COLOURS[k], ELEMENT_LABELS[k]);
    }
    s.push_str("</div>");
    s
}

fn findings(audit: &Audit, out: &mut impl Write) -> std::io::Result<()> {
    for (i, r) in audit.rows.iter().enumerate() {
        let title = r.title.as_deref().unwrap_or("（无标题）");
        if let Some(e) = &r.error {
            writeln!(out, "<details id=\"r{i}\"><summary>{} — 无法读取</summary><p class=\"sev-error\">{}</p></details>", escape(&r.path), escape(e))?;
            continue;
        }
        write!(out, "<details id=\"r{i}\"><summary>{} — {}（{} 条）</summary>", escape(&r.path), escape(title), r.findings.len())?;
        if r.findings.is_empty() {
            out.write_all("<p>没有发现问题。</p>".as_bytes())?;
        } else {
            out.write_all(b"<ul>")?;
            for f in &r.findings {
                let sev = f.severity.as_str();
                let shown = match f.severity {
                    crate::Severity::Error => "错误",
                    crate::Severity::Warning => "警告",
                    _ => "提示",
                };
                write!(out, "<li><span class=\"sev-{sev}\">[{shown}]</span> <code>{}</code> {}（第 {} 行）<blockquote>{}</blockquote></li>", escape(&f.rule), escape(&f.message), f.line, escape(&f.quote))?;
            }
            out.write_all(b"</ul>")?;
        }
        out.write_all(b"</details>\n")?;
    }
    Ok(())
}

fn pairs(audit: &Audit) -> String {
    if audit.pairs.is_empty() {
        return format!("<p id=\"pairs\">没有相似度达到 {} 的报告对。</p>", fmt_similarity(audit.threshold));
    }
    let mut s = String::from("<table id=\"pairs\"><thead><tr><th>相似度</th><th>报告甲</th><th>报告乙</th><th>说明</th></tr></thead><tbody>");
    for p in &audit.pairs {
        let (a, b) = (&audit.rows[p.a], &audit.rows[p.b]);
        let note = if p.previous_year { "同一单位连续两年：后一年重复前一年" } else { "" };
        let _ = write!(
            s,
            "<tr><td>{}</td><td><a href=\"#r{}\">{}</a><br>{}</td><td><a href=\"#r{}\">{}</a><br>{}</td><td>{}</td></tr>",
            fmt_similarity(p.similarity),
            p.a,
            escape(&a.path),
            escape(a.unit.as_deref().unwrap_or("")),
            p.b,
            escape(&b.path),
            escape(b.unit.as_deref().unwrap_or("")),
            note
        );
    }
    s.push_str("</tbody></table>");
    s
}

/// Write the page.
pub fn write<W: Write>(audit: &Audit, summary: &Summary, out: W) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    let csp = format!("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'");
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>法治政府建设年度报告审查</title><style>{STYLE}</style></head><body>\n<h1>法治政府建设年度报告审查</h1>\n"
    )?;
    writeln!(out, "<p>共 {} 个文件；相似度阈值 {}；相似报告对 {} 对。</p>", audit.rows.len(), fmt_similarity(audit.threshold), audit.pairs.len())?;

    let mut levels: Vec<&str> = audit.rows.iter().filter(|r| r.is_ok()).map(|r| r.level().label()).collect();
    levels.sort_unstable();
    levels.dedup();
    let mut years: Vec<i32> = audit.rows.iter().filter_map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    writeln!(
        out,
        "<h2>报告</h2><div class=\"controls\"><label>筛选 <input id=\"q\" type=\"search\" placeholder=\"文件、标题、单位…\"></label><label>级别 <select id=\"level\">{}</select></label><label>年度 <select id=\"year\">{}</select></label><label>缺少 <select id=\"missing\">{}</select></label><label><input id=\"dup\" type=\"checkbox\"> 只看疑似重复</label><span id=\"count\"></span></div>",
        options(levels.iter().map(|l| (l.to_string(), l.to_string())), "全部"),
        options(years.iter().map(|y| (y.to_string(), y.to_string())), "全部"),
        options(ELEMENT_KEYS.iter().zip(ELEMENT_LABELS).map(|(k, l)| (k.to_string(), l.to_string())), "不限"),
    )?;
    out.write_all("<table id=\"reports\"><thead><tr></tr></thead><tbody></tbody></table><noscript><p>表格由页面内的脚本生成；请允许脚本运行，或查看下方各报告的发现。</p></noscript>\n".as_bytes())?;
    writeln!(out, "<script type=\"application/json\" id=\"audit-data\">{}</script>", script_safe_json(&data_json(audit)))?;
    write!(out, "<h2>要件覆盖率</h2>{}\n<h2>各年度要件覆盖率</h2>{}\n", summary_table(summary), chart(summary))?;
    write!(out, "<h2>相似报告</h2>{}\n<h2>各报告的发现</h2>\n", pairs(audit))?;
    findings(audit, &mut out)?;
    write!(out, "<script>{SCRIPT}</script>\n</body></html>\n")?;
    out.flush()
}

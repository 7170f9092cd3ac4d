//! The terminal table: one line per report (parts as ✓/✗), the coverage summary and
//! the near-duplicate pairs.

use super::summary::{percent, Summary};
use super::{fmt_similarity, Audit};
use unicode_width::UnicodeWidthStr;

/// Pad (or cut with …) to a display width. Control characters (a file name or unit
/// may hold ESC sequences or line breaks) are shown visibly, never sent to the terminal.
fn fit(s: &str, width: usize) -> String {
    let escaped = crate::output::escape::one_line(s);
    let s = escaped.as_ref();
    let mut out = String::new();
    let mut w = 0;
    let total = UnicodeWidthStr::width(s);
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if total > width && w + cw + 1 > width {
            out.push('…');
            w += 1;
            break;
        }
        out.push(ch);
        w += cw;
    }
    out.push_str(&" ".repeat(width.saturating_sub(w)));
    out
}

/// Short part names for the table header, in `ELEMENT_KEYS` order.
const SHORT: [&str; 6] = ["成效", "不足", "原因", "职责", "计划", "思想"];

/// The summary alone.
pub fn render_summary(summary: &Summary) -> String {
    let mut s = format!("要件覆盖率（共 {} 个文件，可读 {} 份，无法读取 {} 个）\n", summary.files, summary.overall.reports, summary.unreadable);
    s.push_str(&format!("{}{}", fit("分组", 6), fit("类别", 12)));
    s.push_str(&fit("报告数", 8));
    for l in SHORT {
        s.push_str(&fit(l, 10));
    }
    s = s.trim_end().to_string();
    s.push('\n');
    for (dim, c) in summary.groups() {
        let mut line = format!("{}{}{}", fit(dim, 6), fit(&c.label, 12), fit(&c.reports.to_string(), 8));
        for k in 0..6 {
            line.push_str(&fit(&percent(c.share(k)), 10));
        }
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

/// Rows, summary and pairs.
pub fn render(audit: &Audit, summary: &Summary) -> String {
    let mut s = String::new();
    s.push_str(&format!("{}{}{}{}", fit("文件", 36), fit("单位", 22), fit("年度", 6), fit("级别", 10)));
    for h in SHORT {
        s.push_str(&fit(h, 5));
    }
    s.push_str(&format!("{}{}\n", fit("错/警/提", 12), "最相似"));
    for (i, r) in audit.rows.iter().enumerate() {
        let mut line = fit(&r.path, 36);
        if let Some(e) = &r.error {
            line.push_str(&format!("无法读取：{}", crate::output::escape::one_line(e)));
        } else {
            line.push_str(&fit(r.unit.as_deref().unwrap_or("—"), 22));
            line.push_str(&fit(&r.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()), 6));
            line.push_str(&fit(r.level().label(), 10));
            for has in r.elements {
                line.push_str(&fit(if has { "✓" } else { "✗" }, 5));
            }
            line.push_str(&fit(&format!("{}/{}/{}", r.errors, r.warnings, r.infos), 12));
            if let Some((j, sim)) = r.most_similar {
                let mark = if audit.near_duplicate(i) { " ⚠" } else { "" };
                line.push_str(&format!("{} {}{}", fmt_similarity(sim), crate::output::escape::one_line(&audit.rows[j].path), mark));
            }
        }
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s.push('\n');
    s.push_str(&render_summary(summary));
    s.push('\n');
    s.push_str(&render_pairs(audit));
    s
}

/// The near-duplicate pairs as text.
pub fn render_pairs(audit: &Audit) -> String {
    if audit.pairs.is_empty() {
        return format!("没有相似度达到 {} 的报告对\n", fmt_similarity(audit.threshold));
    }
    let mut s = format!("相似度达到 {} 的报告对（{} 对）\n", fmt_similarity(audit.threshold), audit.pairs.len());
    for p in &audit.pairs {
        let note = if p.previous_year { "  （同一单位连续两年，后一年重复前一年）" } else { "" };
        let (a, b) = (crate::output::escape::one_line(&audit.rows[p.a].path), crate::output::escape::one_line(&audit.rows[p.b].path));
        s.push_str(&format!("{}  {a}  ↔  {b}{note}\n", fmt_similarity(p.similarity)));
    }
    s
}

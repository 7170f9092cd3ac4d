//! The terminal table: one line per report (parts as ✓/✗, ◐ when only embedded), the
//! coverage summary, the copy families and, with a roster, the units that sent nothing.
//! Report text and paths are shown with control characters made visible.

use super::summary::{percent, Summary};
use super::{fmt_similarity, Audit, PartState};
use crate::output::escape::one_line;
use unicode_width::UnicodeWidthStr;

/// Pad (or cut at the left with …) to a display width: a path keeps its end, the file
/// name, visible (every row of a folder starts the same). Control characters are shown
/// visibly, as in [`fit`].
fn fit_path(s: &str, width: usize) -> String {
    let s = one_line(s);
    let s = s.as_ref();
    let total = UnicodeWidthStr::width(s);
    // One column is always left blank before the next.
    let room = width.saturating_sub(1);
    if total <= room {
        return format!("{s}{}", " ".repeat(width - total));
    }
    let width = room;
    let mut kept = Vec::new();
    let mut w = 1;
    for ch in s.chars().rev() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if w + cw > width {
            break;
        }
        kept.push(ch);
        w += cw;
    }
    let mut out = String::from("…");
    out.extend(kept.iter().rev());
    out.push_str(&" ".repeat(width.saturating_sub(w) + 1));
    out
}

/// Pad (or cut with …) to a display width. Control characters (a file name or unit
/// may hold ESC sequences or line breaks) are shown visibly, never sent to the terminal.
fn fit(s: &str, width: usize) -> String {
    let s = one_line(s);
    let s = s.as_ref();
    let mut out = String::new();
    let mut w = 0;
    let total = UnicodeWidthStr::width(s);
    // One column is always left blank before the next.
    let room = width.saturating_sub(1);
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if total > room && w + cw + 1 > room {
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

/// The summary alone.
pub fn render_summary(summary: &Summary) -> String {
    let mut s = format!(
        "要件覆盖率（共 {} 个文件，可读 {} 份，无法读取 {} 个）\n",
        summary.files, summary.overall.reports, summary.unreadable
    );
    s.push_str(&format!("{}{}", fit("分组", 6), fit("类别", 12)));
    s.push_str(&fit("报告数", 8));
    for p in &summary.parts {
        s.push_str(&fit(&p.short, 10));
    }
    s = s.trim_end().to_string();
    s.push('\n');
    for (dim, c) in summary.groups() {
        let mut line = format!("{}{}{}", fit(dim, 6), fit(&c.label, 12), fit(&c.reports.to_string(), 8));
        for k in 0..summary.parts.len() {
            line.push_str(&fit(&percent(c.share(k)), 10));
        }
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

/// Rows, summary, families and the roster.
pub fn render(audit: &Audit, summary: &Summary) -> String {
    let mut s = String::new();
    s.push_str(&format!("{}{}{}{}", fit("文件", 36), fit("单位", 22), fit("年度", 6), fit("级别", 10)));
    for p in &audit.parts {
        s.push_str(&fit(&p.short, 5));
    }
    s.push_str(&format!("{}{}\n", fit("错/警/提", 12), "最相似"));
    for (i, r) in audit.rows.iter().enumerate() {
        let mut line = fit_path(&r.path, 36);
        if let Some(e) = &r.error {
            line.push_str(&format!("无法读取：{}", one_line(e)));
        } else {
            line.push_str(&fit(r.unit.as_deref().unwrap_or("—"), 22));
            line.push_str(&fit(&r.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()), 6));
            line.push_str(&fit(r.level().label(), 10));
            for k in 0..audit.parts.len() {
                let mark = match r.part(k) {
                    PartState::Present => "✓",
                    PartState::Embedded => "◐",
                    PartState::Missing => "✗",
                };
                line.push_str(&fit(mark, 5));
            }
            line.push_str(&fit(&format!("{}/{}/{}", r.errors, r.warnings, r.infos), 12));
            if let Some((j, sim)) = r.most_similar {
                let mark = if audit.near_duplicate(i) { " ⚠" } else { "" };
                line.push_str(&format!("{} {}{}", fmt_similarity(sim), one_line(&audit.rows[j].path), mark));
            }
        }
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s.push('\n');
    s.push_str(&render_summary(summary));
    s.push('\n');
    s.push_str(&render_families(audit));
    if audit.roster.is_some() {
        s.push('\n');
        s.push_str(&render_roster(audit));
    }
    s
}

/// The copy families as text: each family once, its likely source first.
pub fn render_families(audit: &Audit) -> String {
    if audit.families.is_empty() {
        return format!("没有相似度达到 {} 的报告\n", fmt_similarity(audit.threshold));
    }
    let members: usize = audit.families.iter().map(|f| f.members.len()).sum();
    let mut s = format!(
        "疑似复制的报告：{} 组，共 {} 份（相似度达到 {}）\n",
        audit.families.len(),
        members,
        fmt_similarity(audit.threshold)
    );
    for f in &audit.families {
        let src = &audit.rows[f.source];
        s.push_str(&format!("复制组 {}（{} 份）  来源：{}\n", f.id, f.members.len(), one_line(&src.path)));
        for &(m, sim) in f.members.iter().filter(|(m, _)| *m != f.source) {
            let r = &audit.rows[m];
            let note = if r.repeats_previous_year.is_some() {
                "  （同一单位连续两年，后一年重复前一年）"
            } else {
                ""
            };
            s.push_str(&format!("  {}  {}{}\n", fmt_similarity(sim), one_line(&r.path), note));
        }
    }
    s
}

/// The roster's outcome: units that sent nothing, files that could not be read, reports
/// matching no unit, guesses.
pub fn render_roster(audit: &Audit) -> String {
    let Some(rr) = &audit.roster else { return String::new() };
    let mut s = format!("未报送：名单 {} 个单位中 {} 个没有任何文件\n", rr.roster.units.len(), rr.missing.len());
    for &u in &rr.missing {
        s.push_str(&format!("  {}\n", one_line(&rr.roster.units[u])));
    }
    if !rr.unreadable.is_empty() {
        s.push_str(&format!("已报送但无法读取：{} 个文件\n", rr.unreadable.len()));
        for &i in &rr.unreadable {
            let r = &audit.rows[i];
            let unit = match r.roster {
                Some((u, _)) => rr.roster.units[u].as_str(),
                None => "（文件名未对应名单单位）",
            };
            s.push_str(&format!(
                "  {}  {}  {}\n",
                one_line(unit),
                one_line(&r.path),
                one_line(r.error.as_deref().unwrap_or(""))
            ));
        }
    }
    if !rr.unmatched.is_empty() {
        s.push_str(&format!("名单外：{} 份报告的单位不在名单中\n", rr.unmatched.len()));
        for &i in &rr.unmatched {
            let r = &audit.rows[i];
            s.push_str(&format!(
                "  {}  {}\n",
                one_line(&r.path),
                one_line(r.unit.as_deref().unwrap_or("（未识别单位）"))
            ));
        }
    }
    if rr.guessed > 0 {
        s.push_str(&format!("与名单单位的对应是推测的（名称不完全一致）：{} 个文件，请核对：\n", rr.guessed));
        for r in audit.rows.iter() {
            let Some((u, kind @ super::roster::MatchKind::Guess(_))) = r.roster else { continue };
            s.push_str(&format!(
                "  {} → {}（{}）\n",
                one_line(&r.path),
                one_line(&rr.roster.units[u]),
                kind.reason().map(|w| w.label()).unwrap_or("")
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{fit, fit_path};
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn columns_keep_a_gap_and_paths_keep_their_end() {
        for s in [
            "甲",
            "报告/西青区卫生健康委员会.xlsx",
            "收到的报告/西青区卫生健康委员会的2023年度法治政府建设报告.docx",
            "abcdefghij",
        ] {
            for width in [6, 12, 36] {
                for out in [fit(s, width), fit_path(s, width)] {
                    assert_eq!(UnicodeWidthStr::width(out.as_str()), width, "{s:?} {width}: {out:?}");
                    assert!(out.ends_with(' '), "{s:?} {width}: {out:?}");
                }
            }
        }
        let p = fit_path("收到的报告/第一批/西青区卫生健康委员会.xlsx", 30);
        assert!(p.starts_with('…') && p.trim_end().ends_with("西青区卫生健康委员会.xlsx"), "{p}");
        assert_eq!(fit_path("a/b.txt", 10), "a/b.txt   ");
    }
}

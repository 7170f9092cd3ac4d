//! `fazhi-lint rules` and `fazhi-lint explain`: the rule list and one rule's explanation.

use super::args::{ExplainArgs, ListFormat, RulesArgs};
use super::io::{emit_then, EXIT_CLEAN, EXIT_ERROR};
use super::profile::load_rules;
use fazhi_lint::output::escape::{json_inert, one_line, visible};

/// The Chinese name of a built-in rule group (a group a user file names is shown as
/// written). `--select` and `--ignore` take the group's id.
pub fn group_label(group: &str) -> &str {
    match group {
        "structure" => "结构",
        "numbering" => "序号",
        "terms" => "用语",
        "references" => "引用",
        "content" => "内容",
        "hygiene" => "文字规范",
        "format" => "格式",
        "follow" => "跨年度",
        other => other,
    }
}

/// Pad to a display width (Chinese characters are two columns wide).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

pub fn cmd_rules(a: RulesArgs) -> i32 {
    let rules = match load_rules(&a.rule_source) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let text = match a.format {
        ListFormat::Json => {
            let v: Vec<serde_json::Value> = rules
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.meta.id,
                        "severity": r.meta.severity.as_str(),
                        "group": r.meta.group,
                        "message": r.meta.message,
                    })
                })
                .collect();
            json_inert(&serde_json::to_string_pretty(&v).unwrap_or_default()).into_owned() + "\n"
        }
        ListFormat::Text => {
            let mut s = String::new();
            for r in &rules.rules {
                // A user rule file's texts: shown, never obeyed.
                s.push_str(&format!(
                    "{} {} {} {}\n",
                    pad(&r.meta.id, 36),
                    pad(r.meta.severity.label(), 6),
                    pad(&one_line(group_label(&r.meta.group)), 10),
                    one_line(&r.meta.message)
                ));
            }
            s.push_str(&format!("共 {} 条规则\n", rules.rules.len()));
            // The groups' ids, which --select and --ignore take.
            let mut groups: Vec<&str> = Vec::new();
            for r in &rules.rules {
                if !groups.contains(&r.meta.group.as_str()) {
                    groups.push(&r.meta.group);
                }
            }
            let named: Vec<String> = groups
                .iter()
                .map(|g| {
                    if group_label(g) == *g {
                        one_line(g).into_owned()
                    } else {
                        format!("{}（{g}）", group_label(g))
                    }
                })
                .collect();
            s.push_str(&format!("规则组（--select、--ignore 可用括号中的编号）：{}\n", named.join("、")));
            s
        }
    };
    emit_then(&text, EXIT_CLEAN)
}

pub fn cmd_explain(a: ExplainArgs) -> i32 {
    let rules = match load_rules(&a.rule_source) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let Some(r) = rules.get(&a.rule) else {
        eprintln!("错误：没有规则 “{}”（fazhi-lint rules 列出全部规则）", one_line(&a.rule));
        return EXIT_ERROR;
    };
    let m = &r.meta;
    let mut s = format!(
        "{}（{}，{}）\n\n{}\n\n说明：\n{}\n\n修改建议：\n{}\n",
        m.id,
        m.severity.label(),
        group_label(&m.group),
        m.message,
        m.explanation.trim_end(),
        m.help
    );
    for (title, list) in [("不符合的示例", &m.examples.bad), ("符合的示例", &m.examples.good)] {
        if list.is_empty() {
            continue;
        }
        s.push_str(&format!("\n{title}：\n"));
        for ex in list {
            for line in ex.trim_end().lines() {
                s.push_str(&format!("    {line}\n"));
            }
            s.push_str("    ——\n");
        }
    }
    s.push_str(&format!("\n来源：{}\n", one_line(&m.source)));
    if group_label(&m.group) != m.group {
        s.push_str(&format!("规则组：{}（--select、--ignore 用 {}）\n", group_label(&m.group), m.group));
    }
    // A user rule's message, help and examples may hold anything: shown, never obeyed.
    emit_then(&visible(&s), EXIT_CLEAN)
}

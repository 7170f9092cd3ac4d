//! `fazhi-lint rules` and `fazhi-lint explain`: the rule list and one rule's explanation.

use super::args::{ExplainArgs, ListFormat, RulesArgs};
use super::io::{emit_then, EXIT_CLEAN, EXIT_ERROR};
use super::profile::load_rules;
use fazhi_lint::output::escape::{json_inert, one_line, visible};

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
                    "{:<36} {:<8} {:<10} {}\n",
                    r.meta.id,
                    r.meta.severity.as_str(),
                    one_line(&r.meta.group),
                    one_line(&r.meta.message)
                ));
            }
            s.push_str(&format!("共 {} 条规则\n", rules.rules.len()));
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
        m.severity.as_str(),
        m.group,
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
    // A user rule's message, help and examples may hold anything: shown, never obeyed.
    emit_then(&visible(&s), EXIT_CLEAN)
}

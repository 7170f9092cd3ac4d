//! `fazhi-lint outline`: the structure the checker sees in one report.

use super::args::{OutlineArgs, OutlineFormat};
use super::io::{emit, EXIT_CLEAN, EXIT_ERROR};
use super::profile::load_rules;
use fazhi_lint::{input, output, Settings};

pub fn cmd_outline(a: OutlineArgs) -> i32 {
    let rules = match load_rules(&a.rule_source) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let shown = a.path.display().to_string();
    let doc = match input::read_path(&a.path, input::DEFAULT_MAX_BYTES) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("错误：无法读取 {shown}：{e}");
            return EXIT_ERROR;
        }
    };
    let report = fazhi_lint::check::parse_document(
        &doc.text,
        &fazhi_lint::normalize::to_simplified(&doc.text),
        &doc.blocks,
        &rules,
    );
    match a.format {
        OutlineFormat::Tree => {
            // Which heading is which required part, as `check` finds them, and the
            // shortcomings' links to the plan.
            let checked = fazhi_lint::check_document(&doc, &rules, &Settings::default());
            emit(&output::outline::tree_with_follow(&shown, &checked, &doc.text))
        }
        OutlineFormat::Json => {
            let checked = fazhi_lint::check_document(&doc, &rules, &Settings::default());
            let mut v = output::outline::json_value_with_items(&shown, &checked, &doc.text);
            // The sections as the parser alone gives them (the tree is the same).
            if let (serde_json::Value::Object(m), serde_json::Value::Object(o)) =
                (&mut v, output::outline::json_value(&shown, &report, &doc.text))
            {
                if let Some(s) = o.get("sections") {
                    m.insert("sections".into(), s.clone());
                }
            }
            emit(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"));
        }
    }
    EXIT_CLEAN
}

//! `fazhi-lint outline`: the structure the checker sees in one report.

use super::args::{OutlineArgs, OutlineFormat};
use super::io::{emit_then, shown, EXIT_CLEAN, EXIT_ERROR};
use super::profile::load_rules;
use fazhi_lint::output::escape::one_line;
use fazhi_lint::{input, output, run, Settings};

pub fn cmd_outline(a: OutlineArgs) -> i32 {
    let rules = match load_rules(&a.rule_source) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let name = a.path.display().to_string();
    let (bar, progress) = super::ocr::page_bar();
    let read = a.ocr.read_with(false, rules.parts.cue_words().into(), input::DEFAULT_MAX_BYTES, Some(&progress));
    let options = run::RunOptions { read, ..Default::default() };
    let done = run::run_file(run::Source::Path(&a.path), &rules, &Settings::default(), &options);
    bar.finish_and_clear();
    let done = match done.outcome {
        Ok(d) => d,
        Err(e) => {
            // The reason may quote the document (a path inside an OFD): shown, not obeyed.
            eprintln!("错误：无法读取 {}：{}", shown(&a.path), one_line(&e.to_string()));
            return EXIT_ERROR;
        }
    };
    let text = match a.format {
        // Which heading is which required part, as `check` finds them, and the
        // shortcomings' links to the plan.
        OutlineFormat::Tree => output::outline::tree_with_follow(&name, &done.checked, &done.text),
        OutlineFormat::Json => {
            let mut v = output::outline::json_value_with_items(&name, &done.checked, &done.text);
            // The sections as the parser gives them (the tree is the same).
            if let (serde_json::Value::Object(m), serde_json::Value::Object(o)) =
                (&mut v, output::outline::json_value(&name, &done.checked.report, &done.text))
            {
                if let Some(s) = o.get("sections") {
                    m.insert("sections".into(), s.clone());
                }
            }
            output::escape::json_inert(&serde_json::to_string_pretty(&v).unwrap_or_default()).into_owned() + "\n"
        }
    };
    emit_then(&text, EXIT_CLEAN)
}

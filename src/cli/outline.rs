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
    let (bar, progress) = super::ocr::page_bar();
    let read = a.ocr.read_with(false, rules.parts.cue_words().into(), input::DEFAULT_MAX_BYTES, Some(&progress));
    let doc = input::read_path_with(&a.path, &read);
    bar.finish_and_clear();
    let doc = match doc {
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
            // Which heading is which required part, as `check` finds them.
            let checked = fazhi_lint::check_document(&doc, &rules, &Settings::default());
            emit(&output::outline::tree_with_parts(&shown, &checked.report, &doc.text, &checked.elements))
        }
        OutlineFormat::Json => {
            let v = output::outline::json_value(&shown, &report, &doc.text);
            emit(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"));
        }
    }
    EXIT_CLEAN
}

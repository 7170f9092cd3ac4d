//! `fazhi-lint test --rules FILE|DIR`: run the examples of the rules a rule file defines
//! or extends (without `--rules`: of every embedded rule), like `sg test`; `--update`
//! writes the span and label a pinned bad example finds into its rule file (atomically,
//! the rest of the file as it was), like `sg test --update-all`.

use super::args::TestArgs;
use super::io::{emit_then, report_error, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use super::profile::rule_set;
use fazhi_lint::examples::{from_user_files, run_examples, update_pins, ExampleFailure, PinUpdate, RuleExamples};
use fazhi_lint::output::escape::{one_line, visible};

pub fn cmd_test(a: TestArgs) -> i32 {
    let rules = match rule_set(&a.rules) {
        Ok(r) => r,
        Err(e) => return report_error(*e),
    };
    let user = !a.rules.is_empty();
    if a.update && !user {
        eprintln!("错误：--update 只改写 --rules 给出的规则文件，内置规则不能更新");
        return EXIT_ERROR;
    }
    let mut results = run_examples(&rules, |r| !user || from_user_files(r));
    if results.is_empty() {
        eprintln!("错误：给出的规则文件中没有定义或扩展任何规则");
        return EXIT_ERROR;
    }
    let mut out = String::new();
    if a.update {
        match update(&mut results) {
            Ok(written) => out.push_str(&written),
            Err(e) => {
                eprintln!("错误：{e}");
                return EXIT_ERROR;
            }
        }
    }
    let (mut passed, mut examples) = (0, 0);
    for r in &results {
        examples += r.run;
        if r.passed() {
            passed += 1;
            out.push_str(&format!("通过  {}（{} 个示例）\n", one_line(&r.id), r.run));
            continue;
        }
        out.push_str(&format!("失败  {}（{}）\n", one_line(&r.id), one_line(&r.source)));
        for f in &r.failures {
            out.push_str(&describe(f));
        }
    }
    let failed = results.len() - passed;
    out.push_str(&format!("\n{} 条规则，{examples} 个示例：{passed} 条通过，{failed} 条失败\n", results.len()));
    emit_then(&out, if failed == 0 { EXIT_CLEAN } else { EXIT_FINDINGS })
}

/// Write the pins of every rule's updates into its file and drop the failures they
/// settle; returns what was written, one line a file.
fn update(results: &mut [RuleExamples]) -> Result<String, String> {
    let mut by_file: std::collections::BTreeMap<&str, Vec<&PinUpdate>> = std::collections::BTreeMap::new();
    for r in results.iter() {
        by_file.entry(r.source.as_str()).or_default().extend(&r.updates);
    }
    let mut out = String::new();
    for (file, updates) in by_file.into_iter().filter(|(_, u)| !u.is_empty()) {
        if fazhi_lint::rules::is_embedded_path(file) {
            return Err(format!("{} 是内置规则文件，不能更新其示例", one_line(file)));
        }
        let path = std::path::Path::new(file);
        let text = std::fs::read_to_string(path).map_err(|e| format!("无法读取 {}：{e}", one_line(file)))?;
        let new = update_pins(&text, &updates).map_err(|e| format!("无法更新 {}：{e}", one_line(file)))?;
        fazhi_lint::fix::write_atomic(path, new.as_bytes()).map_err(|e| format!("无法写入 {}：{e}", one_line(file)))?;
        out.push_str(&format!("已更新 {}（{} 个示例）\n", one_line(file), updates.len()));
    }
    for r in results.iter_mut() {
        r.failures.retain(|f| f.found.is_none());
    }
    Ok(out)
}

/// One wrong example: which, why, and its text (indented, terminal-safe).
fn describe(f: &ExampleFailure) -> String {
    let mut s = match (&f.label, f.bad) {
        (_, true) => match &f.found {
            Some(x) => format!(
                "  不符合的示例 #{} 的发现与固定的 span/label 不同（实际：span: {}，label: {}；--update 可写入）：\n",
                f.index + 1,
                x.span,
                one_line(&x.label)
            ),
            None => format!("  不符合的示例 #{} 未触发该规则：\n", f.index + 1),
        },
        (Some(l), false) => format!("  符合的示例 #{} 触发了该规则（{}）：\n", f.index + 1, one_line(l)),
        (None, false) => format!("  符合的示例 #{} 触发了该规则：\n", f.index + 1),
    };
    for line in visible(f.text.trim_end()).lines() {
        s.push_str(&format!("      {line}\n"));
    }
    s
}

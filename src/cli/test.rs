//! `fazhi-lint test --rules FILE|DIR`: run the examples of the rules a rule file defines
//! or extends (without `--rules`: of every embedded rule), like `sg test`.

use super::args::TestArgs;
use super::io::{emit_then, report_error, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use super::profile::rule_set;
use fazhi_lint::examples::{from_user_files, run_examples, ExampleFailure};
use fazhi_lint::output::escape::{one_line, visible};

pub fn cmd_test(a: TestArgs) -> i32 {
    let rules = match rule_set(&a.rules) {
        Ok(r) => r,
        Err(e) => return report_error(*e),
    };
    let user = !a.rules.is_empty();
    let results = run_examples(&rules, |r| !user || from_user_files(r));
    if results.is_empty() {
        eprintln!("错误：给出的规则文件中没有定义或扩展任何规则");
        return EXIT_ERROR;
    }
    let mut out = String::new();
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

/// One wrong example: which, why, and its text (indented, terminal-safe).
fn describe(f: &ExampleFailure) -> String {
    let mut s = match (&f.label, f.bad) {
        (_, true) => format!("  不符合的示例 #{} 未触发该规则：\n", f.index + 1),
        (Some(l), false) => format!("  符合的示例 #{} 触发了该规则（{}）：\n", f.index + 1, one_line(l)),
        (None, false) => format!("  符合的示例 #{} 触发了该规则：\n", f.index + 1),
    };
    for line in visible(f.text.trim_end()).lines() {
        s.push_str(&format!("      {line}\n"));
    }
    s
}

//! `fazhi-lint eval` (hidden): the corpus evaluation against `labels.yaml`.

use super::args::EvalArgs;
use super::io::{emit, emit_then, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use super::profile::load_rules;

pub fn cmd_eval(a: EvalArgs) -> i32 {
    let rules = match load_rules(&a.rule_source) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let labels = a.labels.clone().unwrap_or_else(|| a.dir.join("labels.yaml"));
    match fazhi_lint::eval::evaluate(&a.dir, &labels, &rules) {
        Err(e) => {
            eprintln!("错误：{}", fazhi_lint::output::escape::one_line(&e.to_string()));
            EXIT_ERROR
        }
        Ok(rep) => {
            if let Err(code) = emit(&fazhi_lint::output::escape::visible(&rep.render())) {
                return code;
            }
            let overall = rep.overall();
            if overall + 1e-9 < a.threshold {
                eprintln!("评估未达标：总体一致率 {:.1}% 低于阈值 {:.1}%", overall * 100.0, a.threshold * 100.0);
                EXIT_FINDINGS
            } else {
                let passed =
                    format!("评估通过：总体一致率 {:.1}%（阈值 {:.1}%）\n", overall * 100.0, a.threshold * 100.0);
                emit_then(&passed, EXIT_CLEAN)
            }
        }
    }
}

//! The command-line front end: dispatch subcommands, check files in parallel, print
//! through one ordered writer, and map the outcome to an exit code.

pub mod args;
pub mod audit;

use args::*;
use clap::Parser;
use fazhi_lint::input;
use fazhi_lint::output::{self, CheckedFile, FileResult};
use fazhi_lint::rules::RuleSet;
use fazhi_lint::{check_text, Settings, Severity};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Exit codes (a contract, see README): 0 clean, 1 findings at or above the fail level,
/// 2 usage, I/O or rule-file error.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_CLEAN };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(a) => cmd_check(a),
        Command::Outline(a) => cmd_outline(a),
        Command::Rules(a) => cmd_rules(a),
        Command::Explain(a) => cmd_explain(a),
        Command::Eval(a) => cmd_eval(a),
        Command::Audit(a) => audit::cmd_audit(a),
    }
}

fn load_rules(src: &RuleSource) -> Result<RuleSet, i32> {
    let r = if src.rules.is_empty() { RuleSet::embedded() } else { RuleSet::with_user_files(&src.rules) };
    r.map_err(|e| {
        eprintln!("{:?}", miette::Report::new(*e));
        EXIT_ERROR
    })
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn emit(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal(),
    }
}

/// Check every path in parallel; results keep the input order.
pub fn check_paths(paths: &[PathBuf], rules: &RuleSet, settings: &Settings, max_bytes: u64) -> Vec<FileResult> {
    let files = input::collect_paths(paths);
    files
        .into_par_iter()
        .map(|(path, err)| {
            let shown = path.display().to_string();
            if let Some(e) = err {
                return FileResult { path: shown, outcome: Err(e.to_string()) };
            }
            let outcome = match input::read_path(&path, max_bytes) {
                Err(e) => Err(e.to_string()),
                Ok(doc) => {
                    // A panic on one file becomes that file's error; the run goes on.
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_text(&doc.text, rules, settings)));
                    match r {
                        Ok(checked) => Ok(CheckedFile { text: doc.text, checked }),
                        Err(_) => Err("内部错误：检查此文件时程序异常，请报告此问题".into()),
                    }
                }
            };
            FileResult { path: shown, outcome }
        })
        .collect()
}

fn cmd_check(a: CheckArgs) -> i32 {
    let rules = match load_rules(&a.rule_source) {
        Ok(r) => r,
        Err(c) => return c,
    };
    for id in a.select.iter().chain(&a.ignore) {
        if rules.get(id).is_none() && !rules.rules.iter().any(|r| &r.meta.group == id) && id != "ALL" && id != "all" {
            eprintln!("错误：未知的规则或规则组 “{id}”（fazhi-lint rules 列出全部规则）");
            return EXIT_ERROR;
        }
    }
    let settings = Settings { year: a.year, select: a.select.clone(), ignore: a.ignore.clone(), ..Default::default() };
    let results = check_paths(&a.paths, &rules, &settings, a.max_bytes);
    match a.format {
        CheckFormat::Json => emit(&output::json::render(&results)),
        CheckFormat::Human => {
            let opts = output::human::HumanOptions { color: color_enabled(a.color), width: 100, quiet: a.quiet };
            emit(&output::human::render(&results, opts));
        }
    }
    exit_code(&results, a.fail_level)
}

fn exit_code(results: &[FileResult], fail: FailLevel) -> i32 {
    if results.iter().any(|r| r.outcome.is_err()) {
        return EXIT_ERROR;
    }
    let threshold = match fail {
        FailLevel::Error => Severity::Error,
        FailLevel::Warning => Severity::Warning,
        FailLevel::Info => Severity::Info,
        FailLevel::Never => return EXIT_CLEAN,
    };
    let hit = results.iter().filter_map(|r| r.outcome.as_ref().ok()).flat_map(|ok| ok.checked.findings.iter()).any(|f| f.severity >= threshold);
    if hit {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn cmd_outline(a: OutlineArgs) -> i32 {
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
    let report = fazhi_lint::parse::parse(&doc.text, &rules.document);
    match a.format {
        OutlineFormat::Tree => emit(&output::outline::tree(&shown, &report, &doc.text)),
        OutlineFormat::Json => {
            let v = output::outline::json_value(&shown, &report, &doc.text);
            emit(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"));
        }
    }
    EXIT_CLEAN
}

fn cmd_rules(a: RulesArgs) -> i32 {
    let rules = match load_rules(&a.rule_source) {
        Ok(r) => r,
        Err(c) => return c,
    };
    match a.format {
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
            emit(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"));
        }
        ListFormat::Text => {
            let mut s = String::new();
            for r in &rules.rules {
                s.push_str(&format!("{:<36} {:<8} {:<10} {}\n", r.meta.id, r.meta.severity.as_str(), r.meta.group, r.meta.message));
            }
            s.push_str(&format!("共 {} 条规则\n", rules.rules.len()));
            emit(&s);
        }
    }
    EXIT_CLEAN
}

fn cmd_explain(a: ExplainArgs) -> i32 {
    let rules = match load_rules(&a.rule_source) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let Some(r) = rules.get(&a.rule) else {
        eprintln!("错误：没有规则 “{}”（fazhi-lint rules 列出全部规则）", a.rule);
        return EXIT_ERROR;
    };
    let m = &r.meta;
    let mut s = format!("{}（{}，{}）\n\n{}\n\n说明：\n{}\n\n修改建议：\n{}\n", m.id, m.severity.as_str(), m.group, m.message, m.explanation.trim_end(), m.help);
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
    s.push_str(&format!("\n来源：{}\n", m.source));
    emit(&s);
    EXIT_CLEAN
}

fn cmd_eval(a: EvalArgs) -> i32 {
    let rules = match load_rules(&a.rule_source) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let labels = a.labels.clone().unwrap_or_else(|| a.dir.join("labels.yaml"));
    match fazhi_lint::eval::evaluate(&a.dir, &labels, &rules) {
        Err(e) => {
            eprintln!("错误：{e}");
            EXIT_ERROR
        }
        Ok(rep) => {
            emit(&rep.render());
            let overall = rep.overall();
            if overall + 1e-9 < a.threshold {
                eprintln!("评估未达标：总体一致率 {:.1}% 低于阈值 {:.1}%", overall * 100.0, a.threshold * 100.0);
                EXIT_FINDINGS
            } else {
                emit(&format!("评估通过：总体一致率 {:.1}%（阈值 {:.1}%）\n", overall * 100.0, a.threshold * 100.0));
                EXIT_CLEAN
            }
        }
    }
}

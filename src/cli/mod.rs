//! The command-line front end: dispatch subcommands (one module per command), print
//! clap's errors and help in Chinese, and the helpers every command shares (rule loading,
//! error rendering, writing output, exit codes). Only this folder prints.

pub mod annotate;
pub mod args;
#[cfg(feature = "audit")]
pub mod audit;
mod check;
mod eval;
mod init;
mod outline;
mod profile;
mod report;
mod rules;

use args::{Cli, Command, RuleSource};
use fazhi_lint::output;
use fazhi_lint::rules::RuleSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Exit codes (a contract, see README): 0 clean, 1 findings at or above the fail level,
/// 2 usage, I/O or rule-file error.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

pub fn run() -> i32 {
    let parsed = args::command().try_get_matches().and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => return clap_error(&e),
    };
    match cli.command {
        Command::Check(a) => check::cmd_check(a),
        Command::Outline(a) => outline::cmd_outline(a),
        Command::Rules(a) => rules::cmd_rules(a),
        Command::Explain(a) => rules::cmd_explain(a),
        Command::Annotate(a) => annotate::cmd_annotate(a),
        Command::Init(a) => init::cmd_init(a),
        Command::Completions(a) => init::cmd_completions(a),
        Command::Man => init::cmd_man(),
        Command::Eval(a) => eval::cmd_eval(a),
        #[cfg(feature = "audit")]
        Command::Audit(a) => audit::cmd_audit(a),
    }
}

/// Print a clap error or help text in Chinese; the exit code.
fn clap_error(e: &clap::Error) -> i32 {
    use clap::error::{ContextKind, ErrorKind};
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let msg = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            emit(&args::localize_help(&e.render().to_string()));
            return EXIT_CLEAN;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            eprint!("{}", args::localize_help(&e.render().to_string()));
            return EXIT_ERROR;
        }
        ErrorKind::UnknownArgument => format!("不认识的参数 “{}”", ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => format!("没有子命令 “{}”", ctx(ContextKind::InvalidSubcommand)),
        ErrorKind::InvalidValue => {
            let valid = ctx(ContextKind::ValidValue);
            let valid = if valid.is_empty() { String::new() } else { format!("；可选值：{valid}") };
            format!("参数 {} 的值 “{}” 无效{valid}", ctx(ContextKind::InvalidArg), ctx(ContextKind::InvalidValue))
        }
        ErrorKind::ValueValidation => {
            format!("参数 {} 的值 “{}” 无效", ctx(ContextKind::InvalidArg), ctx(ContextKind::InvalidValue))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{}", ctx(ContextKind::InvalidArg)),
        ErrorKind::ArgumentConflict => {
            format!("参数 {} 不能与 {} 同时使用", ctx(ContextKind::InvalidArg), ctx(ContextKind::PriorArg))
        }
        ErrorKind::NoEquals => format!("参数 {} 的值须用 “=” 连写", ctx(ContextKind::InvalidArg)),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("参数 {} 的值个数不对", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidUtf8 => "命令行参数不是有效的 UTF-8".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    let mut out = format!("错误：{}\n", fazhi_lint::output::escape::one_line(&msg));
    let suggested = ctx(ContextKind::SuggestedSubcommand) + &ctx(ContextKind::SuggestedArg);
    if !suggested.is_empty() {
        out.push_str(&format!("提示：是否要用 “{}”？\n", fazhi_lint::output::escape::one_line(&suggested)));
    }
    out.push_str("运行 fazhi-lint --help（或 fazhi-lint 子命令 --help）查看用法\n");
    eprint!("{out}");
    EXIT_ERROR
}

pub(crate) fn load_rules(src: &RuleSource) -> Result<RuleSet, i32> {
    rule_set(&src.rules).map_err(|e| report_error(*e))
}

/// The embedded rules plus the user rule files or folders `paths`, if any.
pub(crate) fn rule_set(paths: &[PathBuf]) -> Result<RuleSet, Box<fazhi_lint::rules::RuleFileError>> {
    if paths.is_empty() {
        RuleSet::embedded()
    } else {
        RuleSet::with_user_files(paths)
    }
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn emit(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

/// Map a failed output write to the exit code: a closed stdout pipe (`| head`) is not
/// an error; a file that cannot be written is.
pub(crate) fn output_failed(e: std::io::Error, file: Option<&Path>) -> i32 {
    match file {
        None if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        None => {
            eprintln!("错误：无法写入标准输出：{e}");
            EXIT_ERROR
        }
        Some(p) => {
            eprintln!("错误：无法写入输出文件 {}：{e}", p.display());
            EXIT_ERROR
        }
    }
}

pub(crate) fn render_error<E: miette::Diagnostic + Send + Sync + 'static>(e: E) -> String {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal();
    output::human::render_error(&e, color, 100).trim_end().to_string()
}

pub(crate) fn report_error<E: miette::Diagnostic + Send + Sync + 'static>(e: E) -> i32 {
    eprintln!("{}", render_error(e));
    EXIT_ERROR
}

/// Refuse an output file that is one of the inputs: the same file by device and inode
/// (any spelling, symbolic or hard link), checked before anything is read or written,
/// so `-o` can never truncate a report. Prints the error; `Err` holds the exit code.
pub(crate) fn refuse_input_as_output<'a>(out: &Path, inputs: impl IntoIterator<Item = &'a Path>) -> Result<(), i32> {
    // An output that does not exist yet cannot be an input.
    let Some(id) = file_id(out) else { return Ok(()) };
    for p in inputs {
        if file_id(p).as_ref() == Some(&id) {
            eprintln!(
                "错误：输出文件 {} 就是输入文件 {}，拒绝写入（会覆盖被检查的报告）；请换一个输出文件",
                output::escape::one_line(&out.display().to_string()),
                output::escape::one_line(&p.display().to_string())
            );
            return Err(EXIT_ERROR);
        }
    }
    Ok(())
}

/// The identity of a file: device and inode (metadata only: a FIFO is not opened).
#[cfg(unix)]
fn file_id(p: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
}

/// The identity of a file where there are no inodes: its canonical path.
#[cfg(not(unix))]
fn file_id(p: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(p).ok()
}

/// Print to stdout, or write the file given with `--output-file`.
pub(crate) fn write_output(text: &str, file: Option<&Path>) -> Result<(), i32> {
    match file {
        None => {
            emit(text);
            Ok(())
        }
        Some(p) => std::fs::write(p, text).map_err(|e| {
            eprintln!("错误：无法写入输出文件 {}：{e}", p.display());
            EXIT_ERROR
        }),
    }
}

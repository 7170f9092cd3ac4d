//! The command-line front end: dispatch subcommands (one module per command), print
//! clap's errors and help in Chinese, and the commands. What they share: `profile` (rules and settings), `io` (exit codes,
//! output, errors), `report` (where check's results go). Only this folder prints.

/// `eprintln!` that never panics (std's does when standard error cannot be written,
/// `2>/dev/full`): a message that cannot be shown is lost, not the run and its exit code.
/// Defined before the modules, it replaces std's in all of them.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that never panics (see `eprintln!` above).
macro_rules! eprint {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

pub mod annotate;
pub mod args;
#[cfg(feature = "audit")]
pub mod audit;
mod check;
mod eval;
mod init;
mod io;
mod outline;
mod profile;
mod report;
mod rules;
mod test;

use args::{Cli, Command};
use io::{emit_then, EXIT_CLEAN, EXIT_ERROR};

pub fn run() -> i32 {
    quiet_panics();
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
        Command::Test(a) => test::cmd_test(a),
        Command::Man => init::cmd_man(),
        Command::Eval(a) => eval::cmd_eval(a),
        #[cfg(feature = "audit")]
        Command::Audit(a) => audit::cmd_audit(a),
    }
}

/// Report a panic (caught where a file's work is done, which then reports the file as
/// failed) on one line, its message escaped: a panic message may quote a document's
/// bytes, which must not reach the terminal raw, and std's report ends in English
/// advice about backtraces. `RUST_BACKTRACE` still adds the backtrace.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        if EXPECTED_PANIC.get() {
            return;
        }
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("");
        let msg: String = msg.chars().take(300).collect();
        let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("内部错误：程序异常（{at}）：{}", fazhi_lint::output::escape::one_line(&msg));
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
            eprintln!("{}", std::backtrace::Backtrace::force_capture());
        }
    }));
}

thread_local! {
    /// Set while a panic is an expected outcome the caller turns into its own message.
    static EXPECTED_PANIC: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f`, whose panics the caller catches and reports itself (rust_xlsxwriter panics
/// when its temporary files cannot be written): the hook keeps quiet meanwhile.
pub(crate) fn panics_reported_by_caller<R>(f: impl FnOnce() -> R) -> R {
    EXPECTED_PANIC.set(true);
    let r = f();
    EXPECTED_PANIC.set(false);
    r
}

/// Print a clap error or help text in Chinese; the exit code.
fn clap_error(e: &clap::Error) -> i32 {
    use clap::error::{ContextKind, ErrorKind};
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let msg = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            return emit_then(&args::localize_help(&e.render().to_string()), EXIT_CLEAN);
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

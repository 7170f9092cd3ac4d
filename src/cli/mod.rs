//! The command-line front end: dispatch subcommands, find each file's configuration,
//! check (and fix) files in parallel, print through one ordered writer in the chosen
//! format, and map the outcome to an exit code.

pub mod annotate;
pub mod args;
#[cfg(feature = "audit")]
pub mod audit;
mod test;

use args::*;
use clap::CommandFactory;
use fazhi_lint::output::{self, CheckedFile, FileResult};
use fazhi_lint::rules::RuleSet;
use fazhi_lint::{config, fix, input};
use fazhi_lint::{Settings, Severity};
use rayon::prelude::*;
use std::collections::HashMap;
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
        Command::Check(a) => cmd_check(a),
        Command::Outline(a) => cmd_outline(a),
        Command::Rules(a) => cmd_rules(a),
        Command::Explain(a) => cmd_explain(a),
        Command::Annotate(a) => annotate::cmd_annotate(a),
        Command::Init(a) => cmd_init(a),
        Command::Completions(a) => cmd_completions(a),
        Command::Test(a) => test::cmd_test(a),
        Command::Man => cmd_man(),
        Command::Eval(a) => cmd_eval(a),
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

fn load_rules(src: &RuleSource) -> Result<RuleSet, i32> {
    rule_set(&src.rules).map_err(|e| report_error(*e))
}

/// The embedded rules plus the user rule files or folders `paths`, if any.
fn rule_set(paths: &[PathBuf]) -> Result<RuleSet, Box<fazhi_lint::rules::RuleFileError>> {
    if paths.is_empty() {
        RuleSet::embedded()
    } else {
        RuleSet::with_user_files(paths)
    }
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
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}

/// Whether `check` applies safe fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FixMode {
    Off,
    /// `--fix`: write the fixed file.
    Write,
    /// `--diff`: print what `--fix` would change.
    Diff,
}

/// What a streamed run keeps of one file: its rendered output and its counts.
struct Slim {
    counts: output::Counts,
    unreadable: bool,
    /// The most severe finding.
    worst: Option<Severity>,
    fixed: usize,
    fix_note: Option<String>,
    fix_failed: bool,
}

/// The ordered writer of a streamed run: pieces that finish early wait for the ones
/// before them.
struct InOrder<W: Write> {
    joiner: output::Joiner<W>,
    next: usize,
    waiting: std::collections::BTreeMap<usize, Vec<u8>>,
    /// The first write error; nothing more is written after it.
    failed: Option<std::io::Error>,
}

impl<W: Write> InOrder<W> {
    fn put(&mut self, i: usize, piece: Vec<u8>) {
        if i != self.next {
            self.waiting.insert(i, piece);
            return;
        }
        self.write(&piece);
        while let Some(p) = self.waiting.remove(&self.next) {
            self.write(&p);
        }
    }

    fn write(&mut self, piece: &[u8]) {
        self.next += 1;
        if self.failed.is_none() {
            if let Err(e) = self.joiner.piece(piece) {
                self.failed = Some(e);
            }
        }
    }
}

/// Run `f` on every item in parallel, handing out items in order (each worker takes the
/// next one), so that results finish nearly in order and an ordered writer holds few.
/// Returns the results in item order.
fn for_each_in_order<T: Send, R: Send>(items: Vec<T>, f: impl Fn(usize, T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let n = items.len();
    let slots: Vec<std::sync::Mutex<Option<T>>> = items.into_iter().map(|t| std::sync::Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    // One loop on every thread of the pool.
    let mut done: Vec<(usize, R)> = rayon::broadcast(|_| {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                break;
            }
            // Each slot is taken exactly once (`next` hands out each index once).
            let item = slots[i].lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
            if let Some(item) = item {
                mine.push((i, f(i, item)));
            }
        }
        mine
    })
    .into_iter()
    .flatten()
    .collect();
    // Each worker's results are in increasing order; put them in place.
    let mut placed: Vec<Option<R>> = std::iter::repeat_with(|| None).take(n).collect();
    for (i, r) in done.drain(..) {
        placed[i] = Some(r);
    }
    placed.into_iter().flatten().collect()
}

/// Map a failed output write to the exit code: a closed stdout pipe (`| head`) is not
/// an error; a file that cannot be written is.
fn output_failed(e: std::io::Error, file: Option<&Path>) -> i32 {
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

/// One file's outcome, with what the fix step did.
struct FileRun {
    result: FileResult,
    /// Ids of the rules that ran (JUnit test cases).
    ran: Vec<String>,
    /// Edits applied (or, with `--diff`, that would be).
    fixed: usize,
    /// `--diff`: the unified diff.
    diff: String,
    /// Why fixes were not written.
    fix_note: Option<String>,
    /// The fixes could not be written (I/O, encoding, changed source): exit 2.
    fix_failed: bool,
}

/// Read, check and, when asked, fix one file. A panic becomes that file's error.
/// `want_ran`: list the rules that ran (only JUnit reports them).
/// `force`: judge the file even when it does not look like a report. `stdin_name`: the
/// name standard input (`-`) goes by (its extension decides the format).
#[allow(clippy::too_many_arguments)]
fn check_file(
    path: &Path,
    shown: String,
    rules: &RuleSet,
    settings: &Settings,
    max_bytes: u64,
    mode: FixMode,
    want_ran: bool,
    force: bool,
    stdin_name: &str,
) -> FileRun {
    let mut run = FileRun {
        result: FileResult { path: shown.clone(), outcome: Err(String::new()) },
        ran: Vec::new(),
        fixed: 0,
        diff: String::new(),
        fix_note: None,
        fix_failed: false,
    };
    let read =
        if path == Path::new(STDIN) { read_stdin(max_bytes, stdin_name) } else { input::read_path(path, max_bytes) };
    let doc = match read {
        Ok(d) => d,
        Err(e) => {
            run.result.outcome = Err(e.to_string());
            return run;
        }
    };
    // A file that is not a report is never fixed either: judge that before fixing.
    if mode != FixMode::Off && !force {
        let probe = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            fazhi_lint::check_document(&doc, rules, settings)
        }));
        if let Ok(mut checked) = probe {
            if !fazhi_lint::triage::looks_like_report(&doc.text, &checked) {
                checked.findings.clear();
                let info = output::DocInfo { not_report: true, ..output::DocInfo::of(&doc) };
                run.result.outcome = Ok(CheckedFile { text: doc.text, checked, doc: info });
                return run;
            }
        }
    }
    // Markdown is fixed in its own bytes (marks kept), not in the blanked text checked.
    let mut source: Option<(Vec<u8>, String)> = None;
    if mode != FixMode::Off && doc.format == input::Format::Markdown {
        let read = std::fs::read(path)
            .map_err(|e| format!("无法重新读取：{e}"))
            .and_then(|b| fix::markdown_source(&b, &doc.text).map(|s| (b, s)).map_err(|e| e.to_string()));
        match read {
            Ok(pair) => source = Some(pair),
            Err(e) => {
                run.fix_note = Some(e);
                run.fix_failed = true;
            }
        }
    }
    let work = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if mode == FixMode::Off || run.fix_failed {
            return (String::new(), fazhi_lint::check_document(&doc, rules, settings), 0);
        }
        let fixed = match &source {
            Some((_, src)) => fix::fix_markdown(src, rules, settings),
            None => fix::fix_text(&doc.text, rules, settings),
        };
        (fixed.text, fixed.checked, fixed.applied)
    }));
    // `text` is the fixed text; it is used only when fixes were applied.
    let Ok((text, checked, applied)) = work else {
        run.result.outcome = Err("内部错误：检查此文件时程序异常，请报告此问题".into());
        return run;
    };
    if want_ran {
        run.ran = rules
            .rules
            .iter()
            .filter(|r| {
                settings.effective(&r.meta.id, &r.meta.group, r.meta.severity).is_some()
                    && r.meta.applies_to_year(checked.report.year)
            })
            .map(|r| r.meta.id.clone())
            .collect();
    }
    if applied > 0 {
        match fix::check_fixable(path) {
            Err(e) => run.fix_note = Some(e.to_string()),
            Ok(()) if mode == FixMode::Diff => {
                let old = source.as_ref().map_or(doc.text.as_str(), |(_, s)| s.as_str());
                run.diff = fix::unified_diff(&shown, old, &text);
                run.fixed = applied;
            }
            Ok(()) => match write_fixed(path, &doc, source.as_ref(), &text) {
                Ok(()) => run.fixed = applied,
                Err(e) => {
                    run.fix_note = Some(e);
                    run.fix_failed = true;
                }
            },
        }
    }
    let mut info = output::DocInfo::of(&doc);
    let mut finish = |text: String, mut checked: fazhi_lint::Checked| {
        // Not a report (an English README, a requirements.txt): noted, not judged.
        if !force && !fazhi_lint::triage::looks_like_report(&text, &checked) {
            checked.findings.clear();
            info.not_report = true;
        }
        Ok(CheckedFile { text, checked, doc: std::mem::take(&mut info) })
    };
    if run.fixed == 0 || mode == FixMode::Diff {
        // Not written: report on the file as it is.
        let checked = if applied > 0 { fazhi_lint::check_document(&doc, rules, settings) } else { checked };
        run.result.outcome = finish(doc.text.clone(), checked);
    } else {
        run.result.outcome = finish(text, checked);
    }
    run
}

/// The path that stands for standard input.
const STDIN: &str = "-";

/// Read standard input (at most `max_bytes`) and decode it as a file named `name`.
fn read_stdin(max_bytes: u64, name: &str) -> Result<input::Document, input::InputError> {
    let mut bytes = Vec::new();
    let read = std::io::Read::read_to_end(
        &mut std::io::Read::take(std::io::stdin().lock(), max_bytes.saturating_add(1)),
        &mut bytes,
    );
    if let Err(e) = read {
        return Err(input::InputError::Io(e.to_string()));
    }
    if bytes.len() as u64 > max_bytes {
        return Err(input::InputError::TooLarge { size: bytes.len() as u64, limit: max_bytes });
    }
    input::decode_bytes(&bytes, name)
}

/// Write a fixed text back in the file's encoding, byte for byte unchanged elsewhere,
/// atomically (a failed write leaves the original untouched). `source`: a Markdown
/// file's bytes and decoded source, which the fix was applied to.
fn write_fixed(
    path: &Path,
    doc: &input::Document,
    source: Option<&(Vec<u8>, String)>,
    text: &str,
) -> Result<(), String> {
    let bytes = match source {
        Some((original, src)) => fix::encode_like(text, src, original, doc.encoding),
        None => {
            let original = std::fs::read(path).map_err(|e| format!("无法重新读取：{e}"))?;
            fix::encode_like(text, &doc.text, &original, doc.encoding)
        }
    }
    .map_err(|e| e.to_string())?;
    fix::write_atomic(path, &bytes).map_err(|e| format!("无法写入（原文件未改动）：{e}"))
}

/// The rules and configuration that apply to a group of files.
pub(crate) struct Profile {
    pub(crate) config: Option<config::Config>,
    pub(crate) rules: RuleSet,
}

/// The command-line options that choose rules, shared by `check`, `annotate` and `audit`.
pub(crate) trait RuleOptions {
    fn rule_files(&self) -> &[PathBuf];
    fn select(&self) -> &[String];
    fn ignore(&self) -> &[String];
    fn year(&self) -> Option<i32>;
}

impl RuleOptions for CheckArgs {
    fn rule_files(&self) -> &[PathBuf] {
        &self.rule_source.rules
    }
    fn select(&self) -> &[String] {
        &self.select
    }
    fn ignore(&self) -> &[String] {
        &self.ignore
    }
    fn year(&self) -> Option<i32> {
        self.year
    }
}

/// Load a profile: the config (if any), its rule files plus `--rules`, validated.
/// On failure, the message to print (nothing is printed here: a profile may be loaded
/// ahead of knowing that it is needed).
pub(crate) fn load_profile(config_path: Option<&Path>, a: &impl RuleOptions) -> Result<Profile, String> {
    let config = match config_path {
        None => None,
        Some(p) => Some(config::Config::load(p).map_err(|e| render_error(*e))?),
    };
    let mut extra: Vec<PathBuf> = config.as_ref().map(|c| c.rules.clone()).unwrap_or_default();
    extra.extend(a.rule_files().iter().cloned());
    let rules = rule_set(&extra).map_err(|e| render_error(*e))?;
    if let Some(c) = &config {
        c.validate(&rules).map_err(|e| render_error(*e))?;
    }
    for id in a.select().iter().chain(a.ignore()) {
        if !config::is_known(&rules, id) {
            return Err(format!("错误：未知的规则或规则组 “{id}”（fazhi-lint rules 列出全部规则）"));
        }
    }
    Ok(Profile { config, rules })
}

fn render_error<E: miette::Diagnostic + Send + Sync + 'static>(e: E) -> String {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal();
    output::human::render_error(&e, color, 100).trim_end().to_string()
}

fn report_error<E: miette::Diagnostic + Send + Sync + 'static>(e: E) -> i32 {
    eprintln!("{}", render_error(e));
    EXIT_ERROR
}

/// The settings for one file: its config's, then the command line (`--select`
/// replaces, `--ignore` adds, `--year` overrides).
pub(crate) fn settings_for(profile: &Profile, file: &Path, a: &impl RuleOptions) -> Settings {
    let mut s = profile.config.as_ref().map(|c| c.settings_for(file)).unwrap_or_default();
    if !a.select().is_empty() {
        s.select = a.select().to_vec();
    }
    s.ignore.extend(a.ignore().iter().cloned());
    if a.year().is_some() {
        s.year = a.year();
    }
    s
}

fn fail_threshold(profile: &Profile, a: &CheckArgs) -> Option<Severity> {
    let cli = a.fail_level.map(|f| match f {
        FailLevel::Error => config::FailLevel::Error,
        FailLevel::Warning => config::FailLevel::Warning,
        FailLevel::Info => config::FailLevel::Info,
        FailLevel::Never => config::FailLevel::Never,
    });
    cli.or(profile.config.as_ref().and_then(|c| c.fail_level)).unwrap_or(config::FailLevel::Error).threshold()
}

fn cmd_check(a: CheckArgs) -> i32 {
    // The profile most runs use (`--config`, or none: no config file nearby) is loaded
    // while the paths are collected; compiling the rules and walking take about as long.
    let guess: Option<PathBuf> = if a.no_config { None } else { a.config.clone() };
    // `-`: standard input, checked first, under the name --stdin-filename gives.
    let stdin = a.paths.iter().any(|p| p.as_os_str() == STDIN);
    if stdin && (a.fix || a.diff) {
        eprintln!("错误：标准输入（-）不能与 --fix 或 --diff 同时使用");
        return EXIT_ERROR;
    }
    let walked: Vec<PathBuf> = a.paths.iter().filter(|p| p.as_os_str() != STDIN).cloned().collect();
    let (files, early) = std::thread::scope(|s| {
        let early = s.spawn(|| load_profile(guess.as_deref(), &a));
        let mut files = if walked.is_empty() {
            Vec::new()
        } else {
            input::collect_paths_with(&walked, input::WalkOptions { no_ignore: a.no_ignore })
        };
        if stdin {
            files.insert(0, (PathBuf::from(STDIN), None));
        }
        let early = early.join().unwrap_or_else(|_| Err("内部错误：加载规则时程序异常，请报告此问题".into()));
        (files, early)
    });
    if let Some(out) = a.output_file.as_deref() {
        if let Err(code) = refuse_input_as_output(out, files.iter().map(|(p, _)| p.as_path())) {
            return code;
        }
    }
    let mut early = Some(early);
    let mut load = |cfg: Option<&Path>| -> Result<Profile, i32> {
        let loaded = match early.take() {
            Some(r) if cfg == guess.as_deref() => r,
            other => {
                early = other;
                load_profile(cfg, &a)
            }
        };
        loaded.map_err(|msg| {
            eprintln!("{msg}");
            EXIT_ERROR
        })
    };
    // Which config each file uses: --config, none, or the nearest one upward. Files of
    // one folder come together from the walk: the last folder's answer is reused.
    let mut profiles: Vec<Profile> = Vec::new();
    let mut by_config: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut nearest: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut file_profile = Vec::with_capacity(files.len());
    let mut last: Option<(&Path, usize)> = None;
    let stdin_name: PathBuf = a.stdin_filename.clone().unwrap_or_else(|| PathBuf::from(STDIN));
    for (path, _) in &files {
        // Standard input finds its config as the file it is named after would.
        let path = if path.as_os_str() == STDIN { &stdin_name } else { path };
        let dir = path.parent().unwrap_or(Path::new(""));
        if let Some((d, i)) = last {
            if d.as_os_str() == dir.as_os_str() {
                file_profile.push(i);
                continue;
            }
        }
        let cfg = if a.no_config {
            None
        } else if let Some(c) = &a.config {
            Some(c.clone())
        } else {
            let start = config::search_start(path);
            nearest.entry(start.clone()).or_insert_with(|| config::discover(&start)).clone()
        };
        let i = match by_config.get(&cfg) {
            Some(&i) => i,
            None => {
                let profile = match load(cfg.as_deref()) {
                    Ok(p) => p,
                    Err(code) => return code,
                };
                profiles.push(profile);
                by_config.insert(cfg, profiles.len() - 1);
                profiles.len() - 1
            }
        };
        last = Some((dir, i));
        file_profile.push(i);
    }
    // Config `include` / `exclude`: files they leave out are not checked at all.
    let (files, file_profile): (Vec<_>, Vec<usize>) = files
        .into_iter()
        .zip(file_profile)
        .filter(|((path, _), pi)| {
            let path = if path.as_os_str() == STDIN { &stdin_name } else { path };
            profiles[*pi].config.as_ref().is_none_or(|c| c.selects(path))
        })
        .unzip();
    if files.is_empty() {
        // Validate the command line even when there is nothing to check.
        if let Err(code) = load(a.config.as_deref()) {
            return code;
        }
    }
    let mode = if a.diff {
        FixMode::Diff
    } else if a.fix {
        FixMode::Write
    } else {
        FixMode::Off
    };
    let format = match a.format {
        CheckFormat::Human => output::Format::Human,
        CheckFormat::Concise => output::Format::Concise,
        CheckFormat::Json => output::Format::Json,
        CheckFormat::Jsonl => output::Format::Jsonl,
        CheckFormat::Sarif => output::Format::Sarif,
        CheckFormat::Github => output::Format::Github,
        CheckFormat::Junit => output::Format::Junit,
    };
    let run_one = |(path, err): (PathBuf, Option<input::InputError>), pi: usize| -> FileRun {
        let shown = if path.as_os_str() == STDIN {
            a.stdin_filename.as_ref().map_or_else(|| "（标准输入）".to_string(), |n| n.display().to_string())
        } else {
            path.display().to_string()
        };
        if let Some(e) = err {
            let result = FileResult { path: shown, outcome: Err(e.to_string()) };
            return FileRun {
                result,
                ran: Vec::new(),
                fixed: 0,
                diff: String::new(),
                fix_note: None,
                fix_failed: false,
            };
        }
        let p = &profiles[pi];
        let force = a.force || p.config.as_ref().is_some_and(|c| c.force);
        let name = stdin_name.to_string_lossy();
        let settings = settings_for(p, if path.as_os_str() == STDIN { &stdin_name } else { &path }, &a);
        check_file(&path, shown, &p.rules, &settings, a.max_bytes, mode, format == output::Format::Junit, force, &name)
    };
    let thresholds: Vec<Option<Severity>> = file_profile.iter().map(|&i| fail_threshold(&profiles[i], &a)).collect();
    let color = a.output_file.is_none() && color_enabled(a.color);
    let human = output::human::HumanOptions { color, width: 100, quiet: a.quiet };

    // Bulk runs in a streamable format write each file's piece as soon as it and every
    // file before it are done; only counts are kept.
    if output::streamable(format) && !a.statistics && mode != FixMode::Diff {
        let meta = output::RunMeta { rules: Vec::new(), ran: Vec::new(), human, quiet: a.quiet };
        let sink: Box<dyn Write + Send> = match a.output_file.as_deref() {
            None => Box::new(std::io::stdout()),
            Some(p) => match std::fs::File::create(p) {
                Ok(f) => Box::new(f),
                Err(e) => return output_failed(e, Some(p)),
            },
        };
        let joiner = match output::Joiner::new(format, std::io::BufWriter::with_capacity(1 << 16, sink)) {
            Ok(j) => j,
            Err(e) => return output_failed(e, a.output_file.as_deref()),
        };
        let writer = std::sync::Mutex::new(InOrder {
            joiner,
            next: 0,
            waiting: std::collections::BTreeMap::new(),
            failed: None,
        });
        let slim = for_each_in_order(files, |i, f| {
            let run = run_one(f, file_profile[i]);
            let piece = output::render_piece(format, &run.result, &meta);
            // Writing cannot panic; were the lock poisoned all the same, its state is whole.
            writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner).put(i, piece);
            let mut counts = output::Counts::default();
            counts.add(&run.result);
            Slim {
                counts,
                unreadable: run.result.outcome.is_err(),
                worst: run
                    .result
                    .outcome
                    .as_ref()
                    .ok()
                    .and_then(|ok| ok.checked.findings.iter().map(|f| f.severity).max()),
                fixed: run.fixed,
                fix_note: run.fix_note.map(|n| format!("{}：{n}", run.result.path)),
                fix_failed: run.fix_failed,
            }
        });
        let mut counts = output::Counts::default();
        let (mut fixed, mut fixed_files) = (0, 0);
        for s in &slim {
            if let Some(n) = &s.fix_note {
                eprintln!("{n}");
            }
            fixed += s.fixed;
            fixed_files += usize::from(s.fixed > 0);
            counts.files += s.counts.files;
            counts.unreadable += s.counts.unreadable;
            counts.errors += s.counts.errors;
            counts.warnings += s.counts.warnings;
            counts.infos += s.counts.infos;
            counts.skipped += s.counts.skipped;
        }
        if mode == FixMode::Write && !a.quiet {
            eprintln!("已修复 {fixed} 处（{fixed_files} 个文件）");
        }
        let w = writer.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let ended = match w.failed {
            Some(e) => Err(e),
            None => w.joiner.end(counts, &meta).map(drop),
        };
        if let Err(e) = ended {
            let code = output_failed(e, a.output_file.as_deref());
            if code != EXIT_CLEAN {
                return code;
            }
        }
        if slim.iter().any(|s| s.unreadable || s.fix_failed) {
            return EXIT_ERROR;
        }
        let hit = slim.iter().zip(&thresholds).any(|(s, t)| matches!((s.worst, t), (Some(w), Some(t)) if w >= *t));
        return if hit { EXIT_FINDINGS } else { EXIT_CLEAN };
    }

    let runs: Vec<FileRun> =
        files.into_par_iter().zip(file_profile.par_iter()).map(|(f, &pi)| run_one(f, pi)).collect();

    for r in &runs {
        if let Some(note) = &r.fix_note {
            eprintln!("{}：{note}", r.result.path);
        }
    }
    let fixed: usize = runs.iter().map(|r| r.fixed).sum();
    let fixed_files = runs.iter().filter(|r| r.fixed > 0).count();
    // A fix that could not be written is an error (exit 2), like an unreadable file.
    let fix_failed = runs.iter().any(|r| r.fix_failed);
    if mode == FixMode::Diff {
        let diffs: String = runs.iter().map(|r| r.diff.as_str()).collect();
        if let Err(code) = write_output(&diffs, a.output_file.as_deref()) {
            return code;
        }
        if !a.quiet {
            eprintln!("可自动修复 {fixed} 处（{fixed_files} 个文件）；未写入文件");
        }
        return if fix_failed || runs.iter().any(|r| r.result.outcome.is_err()) {
            EXIT_ERROR
        } else if fixed > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        };
    }
    if mode == FixMode::Write && !a.quiet {
        eprintln!("已修复 {fixed} 处（{fixed_files} 个文件）");
    }

    let mut ran = Vec::with_capacity(runs.len());
    let mut results = Vec::with_capacity(runs.len());
    for r in runs {
        ran.push(r.ran);
        results.push(r.result);
    }
    let mut rules: Vec<&fazhi_lint::rules::RuleMeta> = Vec::new();
    for p in &profiles {
        for r in &p.rules.rules {
            if !rules.iter().any(|m| m.id == r.meta.id) {
                rules.push(&r.meta);
            }
        }
    }
    let meta = output::RunMeta { rules, ran, human, quiet: a.quiet };
    let text = if a.statistics {
        // The table counts unreadable files; which ones and why goes to stderr.
        for r in &results {
            if let Err(e) = &r.outcome {
                eprintln!("{}：无法检查：{}", output::escape::one_line(&r.path), output::escape::one_line(e));
            }
        }
        output::statistics(&results, matches!(format, output::Format::Json | output::Format::Jsonl))
    } else {
        output::render(format, &results, &meta)
    };
    if let Err(code) = write_output(&text, a.output_file.as_deref()) {
        return code;
    }
    if fix_failed {
        return EXIT_ERROR;
    }
    exit_code(&results, &thresholds)
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
fn write_output(text: &str, file: Option<&Path>) -> Result<(), i32> {
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

/// 2 when a file could not be read; 1 when a file has a finding at or above its fail
/// level; else 0.
fn exit_code(results: &[FileResult], thresholds: &[Option<Severity>]) -> i32 {
    if results.iter().any(|r| r.outcome.is_err()) {
        return EXIT_ERROR;
    }
    let hit = results.iter().zip(thresholds).any(|(r, t)| {
        let (Ok(ok), Some(t)) = (&r.outcome, t) else { return false };
        ok.checked.findings.iter().any(|f| f.severity >= *t)
    });
    if hit {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn cmd_init(a: InitArgs) -> i32 {
    if a.path.exists() {
        eprintln!("错误：{} 已存在，不覆盖", a.path.display());
        return EXIT_ERROR;
    }
    let rules = match RuleSet::embedded() {
        Ok(r) => r,
        Err(e) => return report_error(*e),
    };
    // create_new: never overwrite, even if the file appeared meanwhile.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&a.path)
        .and_then(|mut f| f.write_all(config::default_text(&rules).as_bytes()));
    match written {
        Ok(()) => {
            eprintln!("已写入 {}", a.path.display());
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("错误：无法写入 {}：{e}", a.path.display());
            EXIT_ERROR
        }
    }
}

fn cmd_completions(a: CompletionsArgs) -> i32 {
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "fazhi-lint", &mut buf);
    emit(&String::from_utf8_lossy(&buf));
    EXIT_CLEAN
}

fn cmd_man() -> i32 {
    let mut buf = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut buf) {
        eprintln!("错误：无法生成手册页：{e}");
        return EXIT_ERROR;
    }
    emit(&String::from_utf8_lossy(&buf));
    EXIT_CLEAN
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
                s.push_str(&format!(
                    "{:<36} {:<8} {:<10} {}\n",
                    r.meta.id,
                    r.meta.severity.as_str(),
                    r.meta.group,
                    r.meta.message
                ));
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

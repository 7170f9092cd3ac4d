//! `fazhi-lint check`: find each file's configuration, check (and fix) the files in
//! parallel and hand each run to a reporter (`report.rs`) in the chosen format.

use super::args::{CheckArgs, ColorChoice};
use super::io::{refuse_input_as_output, EXIT_ERROR};
use super::profile::{fail_threshold, Profile};
use super::report::{self, Buffered, Diffs, FileRun, FixMode, Streamed};
use fazhi_lint::output::{self, CheckedFile, FileResult};
use fazhi_lint::rules::RuleSet;
use fazhi_lint::{config, input, run};
use fazhi_lint::{Settings, Severity};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}

/// Read, check and, when asked, fix one file ([`run::run_file`]). `want_ran`: list the
/// rules that ran (only JUnit reports them). `force`: judge the file even when it does
/// not look like a report. `stdin_name`: the name standard input (`-`) goes by (its
/// extension decides the format).
#[allow(clippy::too_many_arguments)]
fn check_file(
    path: &Path,
    shown: String,
    rules: &RuleSet,
    settings: &Settings,
    read: input::ReadOptions,
    mode: FixMode,
    want_ran: bool,
    force: bool,
    stdin_name: &str,
) -> FileRun {
    let options = run::RunOptions { fix: mode, triage: !force, read };
    let done = if path == Path::new(STDIN) {
        match read_stdin(options.read.max_bytes) {
            Ok(bytes) => {
                run::run_file(run::Source::Bytes { bytes: &bytes, name: stdin_name }, rules, settings, &options)
            }
            Err(e) => run::FileRun::failed(e.into()),
        }
    } else {
        run::run_file(run::Source::Path(path), rules, settings, &options)
    };
    let mut ran = Vec::new();
    if let (true, Ok(r)) = (want_ran, &done.outcome) {
        ran = rules
            .rules
            .iter()
            .filter(|x| {
                settings.effective(&x.meta.id, &x.meta.group, x.meta.severity).is_some()
                    && x.meta.applies_to_year(r.checked.report.year)
            })
            .map(|x| x.meta.id.clone())
            .collect();
    }
    FileRun {
        result: FileResult { path: shown, outcome: done.outcome.map(CheckedFile::of_run) },
        ran,
        fixed: done.fix.applied,
        diff: done.fix.diff,
        fix_note: done.fix.note,
        fix_failed: done.fix.failed,
    }
}

/// The path that stands for standard input.
const STDIN: &str = "-";

/// Read standard input, at most `max_bytes`.
fn read_stdin(max_bytes: u64) -> Result<Vec<u8>, input::InputError> {
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
    Ok(bytes)
}

pub fn cmd_check(a: CheckArgs) -> i32 {
    let shared = &a.shared;
    // The profile most runs use (`--config`, or none: no config file nearby) is loaded
    // while the paths are collected; compiling the rules and walking take about as long.
    let guess: Option<PathBuf> = if shared.no_config { None } else { shared.config.clone() };
    // `-`: standard input, checked first, under the name --stdin-filename gives.
    let stdin = a.paths.iter().any(|p| p.as_os_str() == STDIN);
    if stdin && (a.fix || a.diff) {
        eprintln!("错误：标准输入（-）不能与 --fix 或 --diff 同时使用");
        return EXIT_ERROR;
    }
    let walked: Vec<PathBuf> = a.paths.iter().filter(|p| p.as_os_str() != STDIN).cloned().collect();
    let (files, early) = std::thread::scope(|s| {
        let early = s.spawn(|| shared.load_profile(guess.as_deref()));
        let mut files = if walked.is_empty() {
            Vec::new()
        } else {
            input::collect_paths_with(&walked, input::WalkOptions { no_ignore: a.no_ignore, images: false })
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
                shared.load_profile(cfg)
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
        let cfg = if shared.no_config {
            None
        } else if let Some(c) = &shared.config {
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
        if let Err(code) = load(shared.config.as_deref()) {
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
    let format = a.format;
    let (bar, progress) = super::ocr::page_bar();
    let run_one = |i: usize, (path, err): (PathBuf, Option<input::InputError>)| -> FileRun {
        let shown = if path.as_os_str() == STDIN {
            a.stdin_filename.as_ref().map_or_else(|| "（标准输入）".to_string(), |n| n.display().to_string())
        } else {
            path.display().to_string()
        };
        if let Some(e) = err {
            let result = FileResult { path: shown, outcome: Err(e.into()) };
            return FileRun {
                result,
                ran: Vec::new(),
                fixed: 0,
                diff: String::new(),
                fix_note: None,
                fix_failed: false,
            };
        }
        let p = &profiles[file_profile[i]];
        let force = a.force || p.config.as_ref().is_some_and(|c| c.force);
        let name = stdin_name.to_string_lossy();
        let settings = shared.settings_for(p, if path.as_os_str() == STDIN { &stdin_name } else { &path });
        let read = shared.ocr.read_options(p, shared.max_bytes, Some(&progress));
        check_file(&path, shown, &p.rules, &settings, read, mode, format == output::Format::Junit, force, &name)
    };
    let thresholds: Vec<Option<Severity>> =
        file_profile.iter().map(|&i| fail_threshold(&profiles[i], a.fail_level)).collect();
    let color = a.output_file.is_none() && color_enabled(a.color);
    let human = output::human::HumanOptions { color, width: 100, quiet: a.quiet };
    let out = a.output_file.as_deref();

    // Bulk runs in a streamable format write each file's piece as soon as it and every
    // file before it are done; only counts are kept.
    let code = super::ocr::with_jobs(a.jobs, || {
        if output::streamable(format) && !a.statistics && mode != FixMode::Diff {
            let reporter = Streamed::new(format, human, a.quiet, out);
            report::report(reporter, files, run_one, &thresholds, mode, a.quiet)
        } else if mode == FixMode::Diff {
            let reporter = Diffs { output_file: out, diffs: Default::default() };
            report::report(reporter, files, run_one, &thresholds, mode, a.quiet)
        } else {
            let reporter = Buffered {
                format,
                statistics: a.statistics,
                profiles: &profiles,
                human,
                quiet: a.quiet,
                output_file: out,
                runs: Default::default(),
            };
            report::report(reporter, files, run_one, &thresholds, mode, a.quiet)
        }
    });
    bar.finish_and_clear();
    code.unwrap_or_else(|msg| {
        eprintln!("{msg}");
        EXIT_ERROR
    })
}

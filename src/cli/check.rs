//! `fazhi-lint check`: find each file's configuration, check (and fix) the files in
//! parallel and hand each run to a reporter (`report.rs`) in the chosen format.

use super::args::{CheckArgs, ColorChoice};
use super::io::{refuse_input_as_output, EXIT_ERROR};
use super::profile::{fail_threshold, Profile};
use super::report::{self, Buffered, Diffs, FileRun, FixMode, Streamed};
use fazhi_lint::output::{self, CheckedFile, FileResult};
use fazhi_lint::rules::RuleSet;
use fazhi_lint::{config, fix, input};
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
    read: &input::ReadOptions,
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
    let doc = if path == Path::new(STDIN) { read_stdin(read, stdin_name) } else { input::read_path_with(path, read) };
    let doc = match doc {
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
        let read = fix::read_again(path, read.max_bytes)
            .and_then(|b| fix::markdown_source(&b, &doc.text).map(|s| (b, s)))
            .map_err(|e| e.to_string());
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
            Ok(()) => match write_fixed(path, &doc, source.as_ref(), &text, read.max_bytes) {
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

/// Read standard input (at most `read.max_bytes`) and decode it as a file named `name`.
fn read_stdin(options: &input::ReadOptions, name: &str) -> Result<input::Document, input::InputError> {
    let max_bytes = options.max_bytes;
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
    input::decode_bytes_with(&bytes, name, &options.ocr)
}

/// Write a fixed text back in the file's encoding, byte for byte unchanged elsewhere,
/// atomically (a failed write leaves the original untouched), unless the file changed
/// since it was read. `source`: a Markdown file's bytes and decoded source, which the
/// fix was applied to.
fn write_fixed(
    path: &Path,
    doc: &input::Document,
    source: Option<&(Vec<u8>, String)>,
    text: &str,
    max_bytes: u64,
) -> Result<(), String> {
    let markdown = source.map(|(b, s)| (b.as_slice(), s.as_str()));
    let bytes = fix::bytes_to_write(path, &doc.text, doc.encoding, markdown, text, max_bytes)
        .map_err(|e| output::escape::one_line(&e.to_string()).into_owned())?;
    fix::write_atomic(path, &bytes).map_err(|e| format!("无法写入（原文件未改动）：{}", super::io::io_reason(&e)))
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
        let p = &profiles[file_profile[i]];
        let force = a.force || p.config.as_ref().is_some_and(|c| c.force);
        let name = stdin_name.to_string_lossy();
        let settings = shared.settings_for(p, if path.as_os_str() == STDIN { &stdin_name } else { &path });
        let read = shared.ocr.read_options(p, shared.max_bytes, Some(&progress));
        check_file(&path, shown, &p.rules, &settings, &read, mode, format == output::Format::Junit, force, &name)
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

//! `fazhi-lint audit`: the command that runs the bulk audit and writes the table, CSV,
//! XLSX, JSONL or HTML (the work is in `fazhi_lint::audit`).

use super::args::{AuditArgs, AuditFormat};
use super::io::{emit, output_failed, refuse_input_as_output, EXIT_CLEAN, EXIT_ERROR};
use super::profile::Profile;
use fazhi_lint::audit::{self, roster::Roster, spill::Spill, summary, AuditOptions};
use fazhi_lint::output::escape::one_line;
use fazhi_lint::rules::RuleSet;
use fazhi_lint::{config, fix, input, Settings};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The profile of every file: `--config`, none, or the nearest fazhi-lint.yaml upward.
fn profiles_for(
    files: &[(PathBuf, Option<input::InputError>)],
    a: &AuditArgs,
) -> Result<(Vec<Profile>, Vec<usize>), String> {
    let mut profiles: Vec<Profile> = Vec::new();
    let mut by_config: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut nearest: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut of_file = Vec::with_capacity(files.len());
    let mut last: Option<(PathBuf, usize)> = None;
    let mut get = |cfg: Option<PathBuf>, profiles: &mut Vec<Profile>| -> Result<usize, String> {
        if let Some(&i) = by_config.get(&cfg) {
            return Ok(i);
        }
        profiles.push(a.shared.load_profile(cfg.as_deref())?);
        by_config.insert(cfg, profiles.len() - 1);
        Ok(profiles.len() - 1)
    };
    for (path, _) in files {
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        if let Some((d, i)) = &last {
            if *d == dir {
                of_file.push(*i);
                continue;
            }
        }
        let cfg = if a.shared.no_config {
            None
        } else if let Some(c) = &a.shared.config {
            Some(c.clone())
        } else {
            let start = config::search_start(path);
            nearest.entry(start.clone()).or_insert_with(|| config::discover(&start)).clone()
        };
        let i = get(cfg, &mut profiles)?;
        last = Some((dir, i));
        of_file.push(i);
    }
    if profiles.is_empty() {
        // Validate the command line even when there is nothing to audit.
        let cfg = if a.shared.no_config { None } else { a.shared.config.clone() };
        get(cfg, &mut profiles)?;
    }
    Ok((profiles, of_file))
}

pub fn cmd_audit(a: AuditArgs) -> i32 {
    if a.format == AuditFormat::Xlsx && a.output.is_none() {
        eprintln!("错误：xlsx 格式需要用 -o 指定输出文件，例如 -o 审查结果.xlsx");
        return EXIT_ERROR;
    }
    let roster = match a.roster.as_deref().map(Roster::load).transpose() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误：{}", one_line(&e.to_string()));
            return EXIT_ERROR;
        }
    };
    // Where the units were read, so the office can see the right column was taken.
    for note in roster.iter().flat_map(|r| &r.notes) {
        eprintln!("读取名单：{}", one_line(note));
    }
    let annotate = a.annotate.as_ref().map(|dir| audit::AnnotateTo { dir: dir.clone(), date: super::annotate::now() });
    let spill = if a.format == AuditFormat::Jsonl {
        match Spill::new() {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("错误：{}", one_line(&e.to_string()));
                return EXIT_ERROR;
            }
        }
    } else {
        None
    };

    // Everything units sent, page images included (unless scans are not to be read); the
    // walk leaves out annotated copies of an earlier `--annotate` run.
    let walk = input::WalkOptions { no_ignore: false, images: !a.shared.ocr.no_ocr };
    let files = input::collect_paths_with(&a.paths, walk);
    for out in a.output.iter().chain(&a.summary) {
        if let Err(code) = refuse_input_as_output(out, files.iter().map(|(p, _)| p.as_path())) {
            return code;
        }
    }
    let (profiles, of_file) = match profiles_for(&files, &a) {
        Ok(p) => p,
        Err(msg) => {
            eprintln!("{msg}");
            return EXIT_ERROR;
        }
    };
    let profile = |i: usize, path: &Path| -> (&RuleSet, Settings) {
        let p = &profiles[of_file.get(i).copied().unwrap_or(0)];
        (&p.rules, a.shared.settings_for(p, path))
    };
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} 份 {elapsed_precise} 预计剩余 {eta} {msg}")
        {
            b.set_style(style);
        }
        b
    } else {
        ProgressBar::hidden()
    };
    // Scans: their pages counted in the bar's message; files whose configuration says
    // `ocr: false` refuse them.
    let ocr_off = of_file
        .iter()
        .enumerate()
        .filter(|(_, &pi)| profiles.get(pi).and_then(|p| p.config.as_ref()).is_some_and(|c| !c.ocr))
        .map(|(i, _)| i)
        .collect();
    let mut vocabulary: Vec<String> = profiles.iter().flat_map(|p| p.vocabulary.iter().cloned()).collect();
    vocabulary.sort();
    vocabulary.dedup();
    let progress = super::ocr::pages_message(bar.clone());
    let read = a.shared.ocr.read_with(false, vocabulary.into(), a.shared.max_bytes, Some(&progress));
    let opts = AuditOptions {
        similarity: a.similarity,
        keep_findings: matches!(a.format, AuditFormat::Html | AuditFormat::Xlsx),
        max_bytes: a.shared.max_bytes,
        annotate,
        ocr: read.ocr,
        ocr_off,
    };
    let tick = || bar.inc(1);
    let run = || audit::audit_files_with(files, &profile, &opts, spill.as_ref(), &tick);
    let mut result = match a.jobs {
        Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build() {
            Ok(pool) => pool.install(run),
            Err(e) => {
                eprintln!("错误：无法创建线程池：{e}");
                return EXIT_ERROR;
            }
        },
        None => run(),
    };
    bar.finish_and_clear();
    let mut annotate_failed = false;
    if a.annotate.is_some() {
        let written = result.rows.iter().filter(|r| matches!(r.annotated, Some(Ok(_)))).count();
        for r in &result.rows {
            if let Some(Err(e)) = &r.annotated {
                annotate_failed = true;
                eprintln!("错误：{}：{}", one_line(&r.path), one_line(e));
            }
        }
        let dir = a.annotate.as_deref().map(|d| d.display().to_string()).unwrap_or_default();
        eprintln!("已写入批注版 {written} 份到 {}", one_line(&dir));
    }
    if let Some(r) = roster {
        result.apply_roster(r);
    }
    result.follow_through(&profile);
    let sum = summary::summarize(&result.rows, &result.parts);

    if let Err(code) = write_output(&a, &result, &sum, spill.as_ref()) {
        return code;
    }
    if let Some(p) = &a.summary {
        if let Err(code) = to_file(p, |f| audit::csv::write_summary(&sum, f)) {
            return code;
        }
    }
    if a.format != AuditFormat::Table {
        // Machine formats keep stdout clean; the office still sees the figures.
        if a.summary.is_none() || a.output.is_some() {
            eprint!("{}", audit::table::render_summary(&sum));
        }
        // One line for the families, not the pair list (it is in the output).
        if !result.families.is_empty() {
            let members: usize = result.families.iter().map(|f| f.members.len()).sum();
            eprintln!("疑似复制的报告：{} 组，共 {} 份（详见输出的复制组）", result.families.len(), members);
        }
        if let Some(rr) = &result.roster {
            eprintln!(
                "未报送：名单 {} 个单位中 {} 个没有任何文件；已报送但无法读取 {} 个文件；名单外报告 {} 份；推测匹配 {} 个（请核对）",
                rr.roster.units.len(),
                rr.missing.len(),
                rr.unreadable.len(),
                rr.unmatched.len(),
                rr.guessed
            );
        }
    }
    if annotate_failed {
        return EXIT_ERROR;
    }
    EXIT_CLEAN
}

/// Write the table, CSV, HTML, JSONL or XLSX to `-o` (atomically) or stdout. `Err`: the
/// exit code, the error printed.
fn write_output(
    a: &AuditArgs,
    result: &audit::Audit,
    sum: &summary::Summary,
    spill: Option<&Spill>,
) -> Result<(), i32> {
    match (a.format, &a.output) {
        (AuditFormat::Xlsx, Some(p)) => super::panics_reported_by_caller(|| audit::xlsx::write(result, sum, p))
            .map_err(|e| output_failed(e, Some(p))),
        (AuditFormat::Xlsx, None) => {
            eprintln!("错误：xlsx 格式需要用 -o 指定输出文件");
            Err(EXIT_ERROR)
        }
        (AuditFormat::Table, None) => emit(&audit::table::render(result, sum)),
        (AuditFormat::Table, Some(p)) => to_file(p, |f| f.write_all(audit::table::render(result, sum).as_bytes())),
        (fmt, Some(p)) => to_file(p, |f| audit::write_stream(fmt, result, sum, spill, f)),
        (fmt, None) => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match audit::write_stream(fmt, result, sum, spill, &mut out).and_then(|()| out.flush()) {
                Ok(()) => Ok(()),
                // A closed pipe (`| head`) is not an error.
                Err(e) => match output_failed(e, None) {
                    EXIT_CLEAN => Ok(()),
                    code => Err(code),
                },
            }
        }
    }
}

/// Write the file `p` through `write`, atomically: on any error the file is as it was
/// (or absent), the error printed, `Err` the exit code.
fn to_file(
    p: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&mut fix::AtomicFile>) -> std::io::Result<()>,
) -> Result<(), i32> {
    let done = fix::AtomicFile::create(p).and_then(|mut f| {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut f);
        write(&mut buffered)?;
        buffered.flush()?;
        drop(buffered);
        f.commit()
    });
    done.map_err(|e| output_failed(e, Some(p)))
}

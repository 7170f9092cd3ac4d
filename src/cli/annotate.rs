//! `fazhi-lint annotate`: write `<stem>.批注.docx` (`<stem>.批注.odt` for an .odt), the
//! report with every finding as a comment, beside each input or into `--output-dir`.

use super::args::AnnotateArgs;
use super::io::{emit, io_reason, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use super::profile::{fail_threshold, Profile};
use fazhi_lint::output::annotate::{already_annotated, annotated_copy, is_output_name, output_name_for, rfc3339_utc};
use fazhi_lint::output::escape::one_line;
use fazhi_lint::{input, run};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The comments' date: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
pub(crate) fn now() -> String {
    let secs =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
        });
    rfc3339_utc(secs)
}

/// A file's identity (device and inode on Unix; the canonical path elsewhere).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[allow(dead_code)]
    Path(PathBuf),
}

fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| FileId::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(FileId::Path)
    }
}

/// Where the annotated copy of `input`, a document of `format`, goes.
fn output_path(input: &Path, dir: Option<&Path>, format: input::Format) -> PathBuf {
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "报告".into());
    let name = output_name_for(&stem, format);
    match dir {
        Some(d) => d.join(name),
        None => input.parent().unwrap_or(Path::new("")).join(name),
    }
}

/// Read a file, bounded by `max_bytes`.
fn read_bounded(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| input_error(e).to_string())?;
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| input_error(e).to_string())?;
    if bytes.len() as u64 > max_bytes {
        return Err(input::InputError::TooLarge { size: bytes.len() as u64, limit: max_bytes }.to_string());
    }
    Ok(bytes)
}

fn input_error(e: std::io::Error) -> input::InputError {
    match e.kind() {
        std::io::ErrorKind::NotFound => input::InputError::NotFound,
        std::io::ErrorKind::PermissionDenied => input::InputError::PermissionDenied,
        std::io::ErrorKind::IsADirectory => input::InputError::Io("是目录".into()),
        _ => input::InputError::Io(e.to_string()),
    }
}

pub fn cmd_annotate(a: AnnotateArgs) -> i32 {
    let c = &a.shared;
    if let Some(d) = &a.output_dir {
        if let Err(e) = std::fs::create_dir_all(d) {
            eprintln!("错误：无法创建输出目录 {}：{}", one_line(&d.display().to_string()), io_reason(&e));
            return EXIT_ERROR;
        }
    }
    // A folder walk leaves out earlier annotated copies; a copy named on the command line
    // is skipped below with a word.
    let files: Vec<(PathBuf, Option<input::InputError>)> =
        input::collect_paths_with(&a.paths, input::WalkOptions { no_ignore: a.no_ignore, images: false });
    let inputs: HashSet<FileId> = files.iter().filter_map(|(p, _)| file_id(p)).collect();
    let mut profiles: Vec<Profile> = Vec::new();
    let mut by_config: HashMap<Option<PathBuf>, usize> = HashMap::new();
    if files.is_empty() {
        if let Err(msg) = c.load_profile(c.config.as_deref()) {
            eprintln!("{msg}");
            return EXIT_ERROR;
        }
    }
    let date = now();
    let (bar, progress) = super::ocr::page_bar();
    let mut written: HashSet<PathBuf> = HashSet::new();
    let mut failed = false;
    let mut hit = false;
    let mut stdout_ok = true;
    for (path, err) in files {
        let shown = one_line(&path.display().to_string()).into_owned();
        if let Some(e) = err {
            eprintln!("错误：{shown}：{}", one_line(&e.to_string()));
            failed = true;
            continue;
        }
        let cfg = if c.no_config {
            None
        } else if let Some(x) = &c.config {
            Some(x.clone())
        } else {
            fazhi_lint::config::discover(&fazhi_lint::config::search_start(&path))
        };
        let pi = match by_config.get(&cfg) {
            Some(&i) => i,
            None => match c.load_profile(cfg.as_deref()) {
                Ok(p) => {
                    profiles.push(p);
                    by_config.insert(cfg, profiles.len() - 1);
                    profiles.len() - 1
                }
                Err(msg) => {
                    eprintln!("{msg}");
                    return EXIT_ERROR;
                }
            },
        };
        let profile = &profiles[pi];
        if path.file_name().is_some_and(|n| is_output_name(&n.to_string_lossy())) {
            eprintln!(
                "已跳过 {shown}：这是批注版（文件名以 .批注.docx 或 .批注.odt 结尾），再批注会叠加批注；请批注原报告"
            );
            continue;
        }
        let bytes = match read_bounded(&path, c.max_bytes) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("错误：{shown}：{}", one_line(&e.to_string()));
                failed = true;
                continue;
            }
        };
        if already_annotated(&bytes) {
            eprintln!("已跳过 {shown}：文件中已有 fazhi-lint 的批注（是批注版），再批注会叠加批注；请批注原报告");
            continue;
        }
        let read = c.ocr.read_options(profile, c.max_bytes, Some(&progress));
        let settings = c.settings_for(profile, &path);
        let name = path.to_string_lossy();
        let options = run::RunOptions { read, ..Default::default() };
        let done =
            run::run_file(run::Source::Bytes { bytes: &bytes, name: &name }, &profile.rules, &settings, &options);
        bar.suspend(|| ());
        let done = match done.outcome {
            Ok(d) => d,
            Err(e) => {
                eprintln!("错误：{shown}：{}", one_line(&e.to_string()));
                failed = true;
                continue;
            }
        };
        let (doc, checked) = (&done.doc, &done.checked);
        // The copy's name follows what the file is: an .odt's copy stays an .odt.
        let out = output_path(&path, a.output_dir.as_deref(), doc.format);
        let shown_out = one_line(&out.display().to_string()).into_owned();
        if file_id(&out).is_some_and(|id| inputs.contains(&id)) {
            eprintln!("错误：{shown}：输出文件 {shown_out} 是输入文件之一，拒绝覆盖");
            failed = true;
            continue;
        }
        if !written.insert(out.clone()) {
            eprintln!(
                "错误：{shown}：输出文件 {shown_out} 已由本次运行中主文件名相同的另一个报告写入，请改名或分开处理"
            );
            failed = true;
            continue;
        }
        let docx =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| annotated_copy(&bytes, doc, checked, &date)));
        let Ok(docx) = docx else {
            eprintln!("错误：{shown}：内部错误：批注此文件时程序异常，请报告此问题");
            failed = true;
            continue;
        };
        let docx = match docx {
            Ok(d) => d,
            Err(e) => {
                eprintln!("错误：{shown}：{}", one_line(&e.to_string()));
                failed = true;
                continue;
            }
        };
        // Atomic: a failed write leaves no half-written copy and an earlier one untouched.
        if let Err(e) = fazhi_lint::fix::write_atomic(&out, &docx) {
            eprintln!("错误：{shown}：无法写入 {shown_out}：{}", io_reason(&e));
            failed = true;
            continue;
        }
        let n = checked.findings.len();
        if stdout_ok && emit(&format!("已写入 {shown_out}（{n} 条批注）\n")).is_err() {
            // Said once; the copies are still written.
            stdout_ok = false;
            failed = true;
        }
        if let Some(t) = fail_threshold(profile, a.fail_level) {
            hit |= checked.findings.iter().any(|f| f.severity >= t);
        }
    }
    bar.finish_and_clear();
    if failed {
        EXIT_ERROR
    } else if hit {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

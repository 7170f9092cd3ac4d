//! What the commands share for talking to the terminal and the file system: the exit
//! codes, writing output (a closed pipe is not an error), rendering errors, and refusing
//! an output file that is one of the inputs.

use fazhi_lint::output;
use std::io::{IsTerminal, Write};
use std::path::Path;
#[cfg(not(unix))]
use std::path::PathBuf;

/// Exit codes (a contract, see README): 0 clean, 1 findings at or above the fail level,
/// 2 usage, I/O or rule-file error.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// Write to stdout. A closed pipe (`| head`) is not an error; any other failure (a full
/// device, an I/O error) prints why: `Err` holds the exit code.
pub(crate) fn emit(s: &str) -> Result<(), i32> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) => match output_failed(e, None) {
            EXIT_CLEAN => Ok(()),
            code => Err(code),
        },
    }
}

/// [`emit`], then `code` (or the error's exit code).
pub(crate) fn emit_then(s: &str, code: i32) -> i32 {
    emit(s).err().unwrap_or(code)
}

/// Map a failed output write to the exit code, printing why: a closed stdout pipe
/// (`| head`) is not an error; anything else is.
pub(crate) fn output_failed(e: std::io::Error, file: Option<&Path>) -> i32 {
    match file {
        None if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        None => {
            eprintln!("错误：无法写入标准输出：{}", io_reason(&e));
            EXIT_ERROR
        }
        Some(p) => {
            eprintln!("错误：无法写入输出文件 {}：{}；该文件未改动", shown(p), io_reason(&e));
            EXIT_ERROR
        }
    }
}

/// A path for a message: one line, control characters shown.
pub(crate) fn shown(p: &Path) -> String {
    output::escape::one_line(&p.display().to_string()).into_owned()
}

/// Why an I/O operation failed, in Chinese (the library's wording).
pub(crate) use fazhi_lint::run::io_reason;

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
                shown(out),
                shown(p)
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

/// Print to stdout, or write the file given with `--output-file` atomically (temporary
/// file, sync, rename: a failed write leaves no new file and an old one untouched).
pub(crate) fn write_output(text: &str, file: Option<&Path>) -> Result<(), i32> {
    match file {
        None => emit(text),
        Some(p) => fazhi_lint::fix::write_atomic(p, text.as_bytes()).map_err(|e| output_failed(e, Some(p))),
    }
}

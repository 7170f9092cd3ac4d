//! The Tesseract program: found at run time (`FAZHI_LINT_TESSERACT`, else `tesseract`
//! on `PATH`), its version (4 or later: the LSTM engine) and installed models checked
//! once per process, and one page recognised per call: a grey image in (binary PGM on
//! standard input, no temporary file), words with their boxes and confidences out (TSV).
//!
//! Why the program and not a binding: the Debian packages `tesseract-ocr` and
//! `tesseract-ocr-chi-sim` give a program and models; a binding (tesseract-sys,
//! leptess) would link libtesseract and libleptonica at build time, so every build of
//! the checker (CI, the wasm page, users without OCR) would need their development
//! packages and a C toolchain. The program costs ~0.15 s of start-up per page against
//! 1–3 s of recognition.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Longest one page may take (then the process is killed and the page reported).
pub(super) const PAGE_TIMEOUT: Duration = Duration::from_secs(180);

/// The Tesseract installation in use.
#[derive(Debug)]
pub(super) struct Engine {
    program: PathBuf,
    /// "5.3.0"
    pub version: String,
    /// Installed models (chi_sim, chi_tra, eng …).
    pub languages: Vec<String>,
}

static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();

/// The engine, found once per process; the reason (in Chinese) when it cannot be used.
pub(super) fn engine() -> Result<&'static Engine, String> {
    ENGINE.get_or_init(find).as_ref().map_err(Clone::clone)
}

fn program() -> PathBuf {
    std::env::var_os("FAZHI_LINT_TESSERACT").filter(|v| !v.is_empty()).map_or_else(|| "tesseract".into(), PathBuf::from)
}

fn find() -> Result<Engine, String> {
    let program = program();
    let shown = program.display().to_string();
    let version_out = run_quiet(&program, &["--version"]).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!("未找到 {shown} 程序")
        } else {
            format!("无法运行 {shown}（{e}）")
        }
    })?;
    let version = parse_version(&version_out).ok_or_else(|| format!("无法识别 {shown} 的版本"))?;
    let major: u32 = version.split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if major < 4 {
        return Err(format!("Tesseract {version} 版本过旧，需要 4 或更高版本（LSTM 引擎）"));
    }
    let langs_out =
        run_quiet(&program, &["--list-langs"]).map_err(|e| format!("无法运行 {shown} --list-langs（{e}）"))?;
    let languages = parse_languages(&langs_out);
    if !languages.iter().any(|l| l == "chi_sim") {
        return Err("Tesseract 缺少简体中文模型 chi_sim".into());
    }
    Ok(Engine { program, version, languages })
}

/// Run a short query (`--version`, `--list-langs`): stdout and stderr together (old
/// versions print the version on stderr).
fn run_quiet(program: &PathBuf, args: &[&str]) -> std::io::Result<String> {
    let out = Command::new(program).args(args).stdin(Stdio::null()).output()?;
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push('\n');
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    Ok(s)
}

/// "tesseract 5.3.0" / "tesseract v5.0.0-alpha-20201231" → "5.3.0" / "5.0.0".
fn parse_version(out: &str) -> Option<String> {
    let line = out.lines().find(|l| l.trim_start().to_ascii_lowercase().starts_with("tesseract"))?;
    let v = line.split_whitespace().nth(1)?.trim_start_matches(['v', 'V']);
    let v: String = v.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    (!v.is_empty()).then_some(v)
}

/// The model names of `--list-langs` (every line after the header that is one word).
fn parse_languages(out: &str) -> Vec<String> {
    out.lines()
        .skip_while(|l| !l.to_ascii_lowercase().contains("languages"))
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains(char::is_whitespace))
        .map(str::to_string)
        .collect()
}

impl Engine {
    pub fn has(&self, language: &str) -> bool {
        self.languages.iter().any(|l| l == language)
    }

    /// "tesseract 5.3.0", for the cache key and the outputs.
    pub fn name(&self) -> String {
        format!("tesseract {}", self.version)
    }

    /// Recognise one page: `pgm` is a binary PGM of the prepared page, `dpi` its
    /// resolution. One Tesseract thread per process: pages run in parallel instead
    /// (OpenMP threads inside a process cost more than they give on a busy machine).
    pub fn recognise(&self, pgm: &[u8], dpi: u32, language: &str) -> Result<Vec<TsvWord>, String> {
        let dpi = dpi.to_string();
        let mut cmd = Command::new(&self.program);
        cmd.args(["stdin", "stdout", "-l", language, "--oem", "1", "--psm", "6", "--dpi", &dpi])
            .args(["-c", "tessedit_do_invert=0", "tsv"])
            .env("OMP_THREAD_LIMIT", "1");
        let out = run_piped(&mut cmd, pgm, PAGE_TIMEOUT, 64 << 20).map_err(|e| match e {
            RunError::Spawn(e) => format!("无法运行 Tesseract（{e}）"),
            RunError::Timeout => format!("Tesseract 识别一页超过 {} 秒，已停止", PAGE_TIMEOUT.as_secs()),
            RunError::Failed(msg) => format!("Tesseract 运行失败（{msg}）"),
        })?;
        Ok(parse_tsv(&String::from_utf8_lossy(&out)))
    }
}

impl Engine {
    /// How many quarter turns clockwise straighten a page that lies on its side or upside
    /// down (Tesseract's orientation detection, `--psm 0`, with the `osd` model); None
    /// when it is upright, the model is missing or the detection is unsure.
    pub fn orientation(&self, pgm: &[u8], dpi: u32) -> Option<u32> {
        if !self.has("osd") {
            return None;
        }
        let dpi = dpi.to_string();
        let mut cmd = Command::new(&self.program);
        cmd.args(["stdin", "stdout", "--psm", "0", "--dpi", &dpi]).env("OMP_THREAD_LIMIT", "1");
        let out = run_piped(&mut cmd, pgm, PAGE_TIMEOUT, 1 << 20).ok()?;
        parse_osd(&String::from_utf8_lossy(&out))
    }
}

/// `Rotate: 90` and `Orientation confidence: 16.3` of an OSD report → 1 quarter turn
/// (None: upright, or a confidence below 2).
fn parse_osd(out: &str) -> Option<u32> {
    let value =
        |key: &str| out.lines().find_map(|l| l.trim().strip_prefix(key)).and_then(|v| v.trim().parse::<f32>().ok());
    let rotate = value("Rotate:")?;
    let confidence = value("Orientation confidence:").unwrap_or(0.0);
    let turns = (rotate / 90.0).round().rem_euclid(4.0) as u32;
    (turns != 0 && confidence >= 2.0).then_some(turns)
}

/// Why a helper program gave no output.
pub(super) enum RunError {
    Spawn(std::io::Error),
    Timeout,
    /// Its exit status and last line of standard error.
    Failed(String),
}

/// Run a program with `input` on its standard input; its standard output (at most
/// `max_out` bytes) when it succeeds within `limit`, else it is killed.
pub(super) fn run_piped(cmd: &mut Command, input: &[u8], limit: Duration, max_out: u64) -> Result<Vec<u8>, RunError> {
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(RunError::Spawn)?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(RunError::Failed("无法与程序通信".into()));
    };
    let (status, out, err) = std::thread::scope(|s| {
        // A program that stops reading early (an error) closes the pipe: that write error
        // is not the one to report.
        s.spawn(move || {
            let _ = stdin.write_all(input);
        });
        let reader = s.spawn(move || {
            let mut v = Vec::new();
            let _ = (&mut stdout).take(max_out).read_to_end(&mut v);
            v
        });
        let errs = s.spawn(move || {
            let mut v = Vec::new();
            let _ = (&mut stderr).take(1 << 20).read_to_end(&mut v);
            v
        });
        let status = wait_with_timeout(&mut child, limit);
        (status, reader.join().unwrap_or_default(), errs.join().unwrap_or_default())
    });
    match status {
        None => Err(RunError::Timeout),
        Some(Err(e)) => Err(RunError::Failed(e.to_string())),
        Some(Ok(s)) if !s.success() => {
            let msg = String::from_utf8_lossy(&err);
            let last = msg.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("").trim();
            Err(RunError::Failed(if last.is_empty() { s.to_string() } else { format!("{s}：{last}") }))
        }
        Some(Ok(_)) => Ok(out),
    }
}

/// Wait for the child at most `limit`; kill it after that (None).
fn wait_with_timeout(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::io::Result<std::process::ExitStatus>> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(s)) => return Some(Ok(s)),
            Ok(None) => {}
            Err(e) => return Some(Err(e)),
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

/// One row of Tesseract's TSV: a word (level 5) or a text line (level 4).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TsvWord {
    pub level: u8,
    /// Block, paragraph and line numbers: which line a word belongs to.
    pub line: (u32, u32, u32),
    pub left: i32,
    pub top: i32,
    pub width: i32,
    pub height: i32,
    /// 0–100; -1 for lines.
    pub conf: f32,
    pub text: String,
}

/// Parse the TSV (header line, then `level page block par line word left top width
/// height conf text`). Malformed rows are skipped.
pub(super) fn parse_tsv(tsv: &str) -> Vec<TsvWord> {
    let mut out = Vec::new();
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.splitn(12, '\t').collect();
        if cols.len() < 11 {
            continue;
        }
        let int = |i: usize| cols[i].trim().parse::<i32>().ok();
        let (Some(level), Some(block), Some(par), Some(line), Some(left), Some(top), Some(width), Some(height)) =
            (int(0), int(2), int(3), int(4), int(6), int(7), int(8), int(9))
        else {
            continue;
        };
        if !(level == 4 || level == 5) || width < 0 || height < 0 {
            continue;
        }
        let conf = cols[10].trim().parse::<f32>().ok().filter(|c| c.is_finite()).unwrap_or(-1.0);
        let text = cols.get(11).map_or("", |t| t.trim()).to_string();
        if level == 5 && text.is_empty() {
            continue;
        }
        out.push(TsvWord {
            level: level as u8,
            line: (block as u32, par as u32, line as u32),
            left,
            top,
            width,
            height,
            conf,
            text,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_languages() {
        assert_eq!(parse_version("tesseract 5.3.0\n leptonica-1.82.0\n").as_deref(), Some("5.3.0"));
        assert_eq!(parse_version("tesseract v5.0.0-alpha-20201231\n").as_deref(), Some("5.0.0"));
        assert_eq!(parse_version("\ntesseract 3.05.02\n").as_deref(), Some("3.05.02"));
        assert_eq!(parse_version("command not found"), None);
        let langs = "List of available languages in \"/usr/share/tesseract-ocr/5/tessdata/\" (4):\nchi_sim\nchi_tra\neng\nosd\n";
        assert_eq!(parse_languages(langs), ["chi_sim", "chi_tra", "eng", "osd"]);
    }

    #[test]
    fn orientation_reports() {
        let osd =
            "Page number: 0\nOrientation in degrees: 270\nRotate: 90\nOrientation confidence: 16.29\nScript: Han\n";
        assert_eq!(parse_osd(osd), Some(1));
        assert_eq!(parse_osd(&osd.replace("Rotate: 90", "Rotate: 180")), Some(2));
        assert_eq!(parse_osd(&osd.replace("Rotate: 90", "Rotate: 0")), None);
        assert_eq!(parse_osd(&osd.replace("16.29", "0.4")), None);
        assert_eq!(parse_osd("Too few characters. Skipping this page"), None);
    }

    #[test]
    fn tsv_rows() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t2480\t3509\t-1\t\n\
                   4\t1\t1\t1\t1\t0\t95\t337\t2137\t88\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t95\t338\t150\t86\t88.3\t某县\n\
                   5\t1\t1\t1\t1\t2\t244\t333\t78\t123\t95\t \n\
                   5\t1\t1\t1\t1\tx\tbad\n";
        let rows = parse_tsv(tsv);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].level, 4);
        assert_eq!(rows[1].text, "某县");
        assert_eq!(rows[1].line, (1, 1, 1));
        assert!((rows[1].conf - 88.3).abs() < 1e-3);
    }
}

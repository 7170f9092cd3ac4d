//! Reading scans from the command line: the OCR options of a file (`--no-ocr` or its
//! config's `ocr: false` refuse scans; otherwise they are read, with the page cache
//! unless `--no-cache`), and the page progress bar on a terminal.

use super::args::OcrArgs;
use super::profile::Profile;
use fazhi_lint::input::{Ocr, OcrEvent, OcrOptions, ReadOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The cache folder when neither `--cache-dir` nor `FAZHI_LINT_CACHE_DIR` names one.
pub(crate) const DEFAULT_CACHE_DIR: &str = ".fazhi-lint-cache";

/// Told about pages as they are read.
pub(crate) type Progress = Arc<dyn Fn(OcrEvent) + Send + Sync>;

impl OcrArgs {
    /// The page cache folder, or None with `--no-cache`.
    pub(crate) fn cache_dir(&self) -> Option<PathBuf> {
        if self.no_cache {
            return None;
        }
        self.cache_dir
            .clone()
            .or_else(|| std::env::var_os("FAZHI_LINT_CACHE_DIR").filter(|v| !v.is_empty()).map(PathBuf::from))
            .or_else(|| Some(PathBuf::from(DEFAULT_CACHE_DIR)))
    }

    /// How a file checked with `profile` is read.
    pub(crate) fn read_options(&self, profile: &Profile, max_bytes: u64, progress: Option<&Progress>) -> ReadOptions {
        let refused = profile.config.as_ref().is_some_and(|c| !c.ocr);
        self.read_with(refused, profile.vocabulary.clone(), max_bytes, progress)
    }

    /// How a file is read: `refused` by its configuration, `vocabulary` of its rule set.
    pub(crate) fn read_with(
        &self,
        refused: bool,
        vocabulary: Arc<[String]>,
        max_bytes: u64,
        progress: Option<&Progress>,
    ) -> ReadOptions {
        let ocr = if refused || self.no_ocr {
            Ocr::Refused
        } else {
            Ocr::On(OcrOptions { cache: self.cache_dir(), vocabulary, progress: progress.cloned() })
        };
        ReadOptions { max_bytes, ocr }
    }
}

/// A bar of recognised pages on standard error when it is a terminal (hidden until a
/// scan is met), and the callback that drives it. Messages the OCR sends (a cache that
/// cannot be written) are printed once.
pub(crate) fn page_bar() -> (ProgressBar, Progress) {
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("文字识别 {bar:30} {pos}/{len} 页 {elapsed_precise} 预计剩余 {eta}")
        {
            b.set_style(style);
        }
        b
    } else {
        ProgressBar::hidden()
    };
    let warned = Arc::new(AtomicBool::new(false));
    let b = bar.clone();
    let progress: Progress = Arc::new(move |e| match e {
        OcrEvent::Started { pages } => b.inc_length(pages as u64),
        OcrEvent::PageDone => b.inc(1),
        OcrEvent::CacheFailed(msg) => {
            if !warned.swap(true, Ordering::Relaxed) {
                b.suspend(|| eprintln!("警告：{}", fazhi_lint::output::escape::one_line(&msg)));
            }
        }
    });
    (bar, progress)
}

/// The callback that shows recognised pages in the message of another bar (the audit's
/// bar of files).
pub(crate) fn pages_message(bar: ProgressBar) -> Progress {
    use std::sync::atomic::AtomicUsize;
    let total = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let warned = Arc::new(AtomicBool::new(false));
    Arc::new(move |e| {
        match e {
            OcrEvent::Started { pages } => {
                total.fetch_add(pages, Ordering::Relaxed);
            }
            OcrEvent::PageDone => {
                done.fetch_add(1, Ordering::Relaxed);
            }
            OcrEvent::CacheFailed(msg) => {
                if !warned.swap(true, Ordering::Relaxed) {
                    bar.suspend(|| eprintln!("警告：{}", fazhi_lint::output::escape::one_line(&msg)));
                }
                return;
            }
        }
        bar.set_message(format!("文字识别 {}/{} 页", done.load(Ordering::Relaxed), total.load(Ordering::Relaxed)));
    })
}

/// Run `f` on a thread pool of `jobs` threads (None: the default pool).
pub(crate) fn with_jobs<R: Send>(jobs: Option<usize>, f: impl FnOnce() -> R + Send) -> Result<R, String> {
    match jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| format!("错误：无法创建线程池：{e}")),
        None => Ok(f()),
    }
}

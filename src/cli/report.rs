//! Where `check` puts its results. A [`Reporter`] takes each file's run (`file`, on the
//! worker threads) between `begin` and `finish`: [`Streamed`] writes each file's piece as
//! soon as it and every file before it are done, [`Buffered`] keeps the runs for a
//! format that needs them all (SARIF, JUnit, `--statistics`), [`Diffs`] keeps only the
//! `--diff` output. [`report`] drives any of them and computes the fix summary and the
//! exit code the same way for all.

use super::io::{output_failed, write_output, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use super::profile::Profile;
use fazhi_lint::output::{self, FileResult};
use fazhi_lint::Severity;
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// Whether `check` applies safe fixes (`--fix`: write, `--diff`: print what would change).
pub(super) use fazhi_lint::run::FixMode;

/// One file's outcome, with what the fix step did.
pub(super) struct FileRun {
    pub(super) result: FileResult,
    /// Ids of the rules that ran (JUnit test cases).
    pub(super) ran: Vec<String>,
    /// Edits applied (or, with `--diff`, that would be).
    pub(super) fixed: usize,
    /// `--diff`: the unified diff.
    pub(super) diff: String,
    /// Why fixes were not written.
    pub(super) fix_note: Option<String>,
    /// The fixes could not be written (I/O, encoding, changed source): exit 2.
    pub(super) fix_failed: bool,
}

/// The destination of one `check` run's results.
pub(super) trait Reporter: Sync {
    /// Before the first of `n` files (open the output). `Err`: the exit code.
    fn begin(&mut self, n: usize) -> Result<(), i32>;
    /// One file's run, `i` its place in the file list; called on any worker thread, in
    /// nearly (not exactly) increasing `i`.
    fn file(&self, i: usize, run: FileRun);
    /// After the last file: write what is left to write. `Err`: the exit code.
    fn finish(self, totals: &Totals) -> Result<(), i32>;
}

/// What the exit code, the fix summary and the closing summary line need of one file.
struct Tally {
    counts: output::Counts,
    unreadable: bool,
    /// The most severe finding.
    worst: Option<Severity>,
    fixed: usize,
    /// Why its fixes were not written, after its path.
    fix_note: Option<String>,
    fix_failed: bool,
}

impl Tally {
    fn of(run: &FileRun) -> Tally {
        let mut counts = output::Counts::default();
        counts.add(&run.result);
        Tally {
            counts,
            unreadable: run.result.outcome.is_err(),
            worst: run.result.outcome.as_ref().ok().and_then(|ok| ok.checked.findings.iter().map(|f| f.severity).max()),
            fixed: run.fixed,
            fix_note: run
                .fix_note
                .as_ref()
                .map(|n| format!("{}：{}", output::escape::one_line(&run.result.path), output::escape::one_line(n))),
            fix_failed: run.fix_failed,
        }
    }
}

/// The sums over a run's files.
#[derive(Default)]
pub(super) struct Totals {
    pub(super) counts: output::Counts,
    /// Edits applied (with `--diff`: that would be).
    pub(super) fixed: usize,
    /// Files with at least one edit.
    pub(super) fixed_files: usize,
}

/// Check every file (`run_one`, in parallel) into `reporter`; print the fix notes and
/// the fix summary; the exit code: 2 when a file could not be read or its fixes not
/// written, else 1 when a file has a finding at or above its threshold (with `--diff`:
/// when there is something to fix), else 0.
pub(super) fn report<R: Reporter, T: Send>(
    mut reporter: R,
    files: Vec<T>,
    run_one: impl Fn(usize, T) -> FileRun + Sync,
    thresholds: &[Option<Severity>],
    mode: FixMode,
    quiet: bool,
) -> i32 {
    if let Err(code) = reporter.begin(files.len()) {
        return code;
    }
    let tallies = for_each_in_order(files, |i, f| {
        let run = run_one(i, f);
        let tally = Tally::of(&run);
        reporter.file(i, run);
        tally
    });
    let mut totals = Totals::default();
    for t in &tallies {
        if let Some(n) = &t.fix_note {
            eprintln!("{n}");
        }
        totals.fixed += t.fixed;
        totals.fixed_files += usize::from(t.fixed > 0);
        totals.counts.merge(&t.counts);
    }
    let (fixed, fixed_files) = (totals.fixed, totals.fixed_files);
    if mode == FixMode::Write && !quiet {
        eprintln!("已修复 {fixed} 处（{fixed_files} 个文件）");
    }
    if let Err(code) = reporter.finish(&totals) {
        return code;
    }
    if mode == FixMode::Diff && !quiet {
        eprintln!("可自动修复 {fixed} 处（{fixed_files} 个文件）；未写入文件");
    }
    // A fix that could not be written is an error (exit 2), like an unreadable file.
    if tallies.iter().any(|t| t.unreadable || t.fix_failed) {
        return EXIT_ERROR;
    }
    let hit = if mode == FixMode::Diff {
        fixed > 0
    } else {
        tallies.iter().zip(thresholds).any(|(t, th)| matches!((t.worst, th), (Some(w), Some(th)) if w >= *th))
    };
    if hit {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Standard output or the `--output-file` (written atomically), buffered.
type Sink = std::io::BufWriter<Target>;

/// Where a streamed run goes.
enum Target {
    Stdout(std::io::Stdout),
    File(fazhi_lint::fix::AtomicFile),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Target::Stdout(o) => o.write(buf),
            Target::File(f) => f.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Target::Stdout(o) => o.write_all(buf),
            Target::File(f) => f.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Target::Stdout(o) => o.flush(),
            Target::File(f) => f.flush(),
        }
    }
}

/// A streamable format (human, concise, json, jsonl, github) written file by file, in
/// order: only each file's rendered piece is kept until it is written.
pub(super) struct Streamed<'a> {
    format: output::Format,
    meta: output::RunMeta<'a>,
    output_file: Option<&'a Path>,
    writer: Option<Mutex<InOrder<Sink>>>,
}

impl<'a> Streamed<'a> {
    pub(super) fn new(
        format: output::Format,
        human: output::human::HumanOptions,
        quiet: bool,
        output_file: Option<&'a Path>,
    ) -> Self {
        let meta = output::RunMeta { rules: Vec::new(), ran: Vec::new(), human, quiet };
        Streamed { format, meta, output_file, writer: None }
    }
}

impl Reporter for Streamed<'_> {
    fn begin(&mut self, _n: usize) -> Result<(), i32> {
        let sink = match self.output_file {
            None => Target::Stdout(std::io::stdout()),
            // Nothing appears at the path (and an earlier result stays) until the commit.
            Some(p) => match fazhi_lint::fix::AtomicFile::create(p) {
                Ok(f) => Target::File(f),
                Err(e) => return Err(output_failed(e, Some(p))),
            },
        };
        let joiner = output::Joiner::new(self.format, std::io::BufWriter::with_capacity(1 << 16, sink))
            .map_err(|e| output_failed(e, self.output_file))?;
        self.writer =
            Some(Mutex::new(InOrder { joiner, next: 0, waiting: std::collections::BTreeMap::new(), failed: None }));
        Ok(())
    }

    fn file(&self, i: usize, run: FileRun) {
        let piece = output::render_piece(self.format, &run.result, &self.meta);
        if let Some(w) = &self.writer {
            // Writing cannot panic; were the lock poisoned all the same, its state is whole.
            w.lock().unwrap_or_else(PoisonError::into_inner).put(i, piece);
        }
    }

    fn finish(self, totals: &Totals) -> Result<(), i32> {
        let Some(w) = self.writer else { return Ok(()) };
        let w = w.into_inner().unwrap_or_else(PoisonError::into_inner);
        let ended = match w.failed {
            Some(e) => Err(e),
            None => w.joiner.end(totals.counts, &self.meta).and_then(|sink| match sink.into_inner() {
                Ok(Target::File(f)) => f.commit(),
                Ok(Target::Stdout(_)) => Ok(()),
                Err(e) => Err(e.into_error()),
            }),
        };
        if let Err(e) = ended {
            // A closed stdout pipe (`| head`) is not an error.
            let code = output_failed(e, self.output_file);
            if code != EXIT_CLEAN {
                return Err(code);
            }
        }
        Ok(())
    }
}

/// The runs kept whole until the end: SARIF (its rule table), JUnit (the rules that
/// ran), `--statistics` (counts per rule).
pub(super) struct Buffered<'a> {
    pub(super) format: output::Format,
    pub(super) statistics: bool,
    /// Every profile of the run (the rules that may have run).
    pub(super) profiles: &'a [Profile],
    pub(super) human: output::human::HumanOptions,
    pub(super) quiet: bool,
    pub(super) output_file: Option<&'a Path>,
    pub(super) runs: Mutex<Vec<Option<FileRun>>>,
}

impl Reporter for Buffered<'_> {
    fn begin(&mut self, n: usize) -> Result<(), i32> {
        slots(&self.runs, n);
        Ok(())
    }

    fn file(&self, i: usize, run: FileRun) {
        put(&self.runs, i, run);
    }

    fn finish(self, _totals: &Totals) -> Result<(), i32> {
        let runs = self.runs.into_inner().unwrap_or_else(PoisonError::into_inner);
        let mut ran = Vec::with_capacity(runs.len());
        let mut results: Vec<FileResult> = Vec::with_capacity(runs.len());
        for r in runs.into_iter().flatten() {
            ran.push(r.ran);
            results.push(r.result);
        }
        // Each id once, first come first kept (a set: 50,000 user rules stay linear).
        let mut rules: Vec<&fazhi_lint::rules::RuleMeta> = Vec::new();
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for p in self.profiles {
            for r in &p.rules.rules {
                if seen.insert(&r.meta.id) {
                    rules.push(&r.meta);
                }
            }
        }
        let meta = output::RunMeta { rules, ran, human: self.human, quiet: self.quiet };
        let text = if self.statistics {
            // The table counts unreadable files; which ones and why goes to stderr.
            for r in &results {
                if let Err(e) = &r.outcome {
                    eprintln!(
                        "{}：无法检查：{}",
                        output::escape::one_line(&r.path),
                        output::escape::one_line(&e.to_string())
                    );
                }
            }
            output::statistics(&results, matches!(self.format, output::Format::Json | output::Format::Jsonl))
        } else {
            output::render(self.format, &results, &meta)
        };
        write_output(&text, self.output_file)
    }
}

/// `--diff`: the unified diffs of every file, in order, and nothing else.
pub(super) struct Diffs<'a> {
    pub(super) output_file: Option<&'a Path>,
    pub(super) diffs: Mutex<Vec<Option<String>>>,
}

impl Reporter for Diffs<'_> {
    fn begin(&mut self, n: usize) -> Result<(), i32> {
        slots(&self.diffs, n);
        Ok(())
    }

    fn file(&self, i: usize, run: FileRun) {
        put(&self.diffs, i, run.diff);
    }

    fn finish(self, _totals: &Totals) -> Result<(), i32> {
        let diffs: String =
            self.diffs.into_inner().unwrap_or_else(PoisonError::into_inner).into_iter().flatten().collect();
        // A patch keeps the file's bytes (it must apply); on a terminal the report's
        // control characters are shown, not obeyed.
        if self.output_file.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            return write_output(&output::escape::visible(&diffs), None);
        }
        write_output(&diffs, self.output_file)
    }
}

/// Make `n` empty slots.
fn slots<T>(v: &Mutex<Vec<Option<T>>>, n: usize) {
    let mut v = v.lock().unwrap_or_else(PoisonError::into_inner);
    v.clear();
    v.resize_with(n, || None);
}

/// Put `x` in slot `i`.
fn put<T>(v: &Mutex<Vec<Option<T>>>, i: usize, x: T) {
    if let Some(slot) = v.lock().unwrap_or_else(PoisonError::into_inner).get_mut(i) {
        *slot = Some(x);
    }
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

//! Bulk audit (`fazhi-lint audit`): one row per report (title, unit, year, level, the
//! required parts — the contract's six, then any a user rule file adds —, finding counts, date, copy family, most similar other report),
//! a coverage summary by year and by level, copy families, and, with a roster, the
//! units that sent nothing; written as a terminal table, CSV, XLSX, JSONL or a
//! self-contained HTML page.
//!
//! Reports are checked in parallel; each worker keeps one text at a time and hands back
//! a compact row plus a sample of its shingle hashes. Once every report is in, the
//! shingles a large share of the reports contain (boilerplate) are dropped and each
//! sample becomes a MinHash signature; only then are near-duplicates paired and grouped
//! into families. Memory grows with the number of reports, not with their size: the
//! JSONL check objects and the findings are spilled to temporary files.

pub mod csv;
pub mod family;
pub mod follow;
pub mod html;
pub mod jsonl;
pub mod level;
pub mod neardup;
pub mod roster;
pub mod spill;
pub mod summary;
pub mod table;
pub mod xlsx;

use crate::check::Settings;
use crate::input::{self, InputError};
use crate::normalize::to_simplified;
use crate::output::CheckedFile;
use crate::parts::PartInfo;
use crate::rules::{RuleSet, Severity};
use crate::run::{run_file, RunOptions, Source};
pub use level::Level;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The formats of `audit --format`, beside [`crate::output::Format`] for `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    // The summary and rows as a text table (`table::render`).
    Table,
    // One row per report (`csv::write_rows`).
    Csv,
    // A workbook, written to a file only (`xlsx::write`).
    Xlsx,
    // One JSON object per report, from the spilled rows (`jsonl::write`).
    Jsonl,
    // A self-contained page (`html::write`).
    Html,
}

/// Write `audit` in a format written as a stream (CSV, HTML, JSONL; `spill`: the rows
/// spilled during the run, which JSONL needs) to `out`. The table is a string
/// (`table::render`) and XLSX a file (`xlsx::write`): asking for them here is an error.
pub fn write_stream<W: std::io::Write>(
    format: Format,
    audit: &Audit,
    sum: &summary::Summary,
    spill: Option<&spill::Spill>,
    out: W,
) -> std::io::Result<()> {
    match format {
        Format::Csv => csv::write_rows(audit, out),
        Format::Html => html::write(audit, sum, out),
        Format::Jsonl => match spill {
            Some(s) => jsonl::write(audit, s, out),
            None => Err(std::io::Error::other("内部错误：缺少临时文件")),
        },
        Format::Table | Format::Xlsx => Err(std::io::Error::other("内部错误：格式不支持流式输出")),
    }
}

/// Default similarity at or above which two reports are a near-duplicate pair.
pub const DEFAULT_SIMILARITY: f64 = 0.8;
/// Longest quoted source line kept per finding (characters).
const QUOTE_CHARS: usize = 160;
/// A shingle in at least this share of all reports is boilerplate (never makes a family) …
pub const BOILERPLATE_SHARE: f64 = 0.1;
/// … and in at least this many reports.
pub const BOILERPLATE_MIN_REPORTS: usize = 5;

/// The columns of the CSV and the workbook's 报告 sheet, in order: these, one column
/// per required part (its `column` name, `Audit::parts` order), then `TAIL_COLUMNS`
/// (the office's columns, then the audit's details). With a roster, `ROSTER_COLUMNS`
/// follow.
pub const HEAD_COLUMNS: [&str; 5] = ["文件", "标题", "单位", "年度", "级别"];
/// The columns after the parts.
pub const TAIL_COLUMNS: [&str; 12] = [
    "错误",
    "警告",
    "提示",
    "成文日期",
    "复制组",
    "最相似报告",
    "读取错误",
    "相似度",
    "日期来源",
    "重复上年报告",
    "扫描件",
    "识别置信度",
];
/// Index of the first part column.
pub const FIRST_PART_COLUMN: usize = HEAD_COLUMNS.len();
/// Extra columns with `--roster`: the unit matched, how (确定 / 推测 with its reason),
/// and which of the roster's lists the file is in (已报送 / 已报送但无法读取 / 名单外 /
/// 无法读取). The CSV adds one row per unit that sent nothing (名单状态 未报送).
pub const ROSTER_COLUMNS: [&str; 3] = ["名单单位", "名单匹配", "名单状态"];

/// What the audit keeps besides the row itself.
#[derive(Clone, Debug)]
pub struct AuditOptions {
    /// Pair threshold (0–1).
    pub similarity: f64,
    /// Keep each finding (rule, message, line, quoted source line) in a spill file, for
    /// the HTML page and the workbook's 问题清单.
    pub keep_findings: bool,
    /// Largest file read (bytes).
    pub max_bytes: u64,
    /// Write the annotated copy (Word comments, `<stem>.批注.docx`) of every readable
    /// report into this folder.
    pub annotate: Option<AnnotateTo>,
    /// How scans are read (OCR).
    pub ocr: input::Ocr,
    /// Indices of the files whose configuration turns OCR off (`ocr: false`).
    pub ocr_off: std::collections::BTreeSet<usize>,
}

/// Where `audit --annotate` writes and the comments' date (RFC 3339).
#[derive(Clone, Debug)]
pub struct AnnotateTo {
    pub dir: PathBuf,
    pub date: String,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            similarity: DEFAULT_SIMILARITY,
            keep_findings: false,
            max_bytes: input::DEFAULT_MAX_BYTES,
            annotate: None,
            ocr: input::Ocr::Off,
            ocr_off: Default::default(),
        }
    }
}

/// The annotated copy's path for an audited file: the file's folders (relative parts
/// only) below `dir`, so reports of the same name in different folders never collide.
pub fn annotated_path(dir: &Path, file: &Path) -> PathBuf {
    annotated_path_for(dir, file, input::Format::Docx)
}

/// [`annotated_path`] for a document of `format` (an .odt's copy stays an .odt).
pub fn annotated_path_for(dir: &Path, file: &Path, format: input::Format) -> PathBuf {
    let stem = file.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "报告".into());
    let mut out = dir.to_path_buf();
    if let Some(parent) = file.parent() {
        for c in parent.components() {
            if let std::path::Component::Normal(n) = c {
                out.push(n);
            }
        }
    }
    out.push(crate::output::annotate::output_name_for(&stem, format));
    out
}

/// Write one annotated copy; the path written, or why not.
fn write_annotated(
    to: &AnnotateTo,
    path: &Path,
    doc: &input::Document,
    checked: &crate::check::Checked,
) -> Result<PathBuf, String> {
    let target = annotated_path_for(&to.dir, path, doc.format);
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(&target), std::fs::canonicalize(path)) {
        if a == b {
            return Err(format!("批注版 {} 就是被审查的文件本身，未写入", target.display()));
        }
    }
    let original = if matches!(doc.format, input::Format::Docx | input::Format::Odt) {
        std::fs::read(path).map_err(|e| format!("无法重新读取原文件：{e}"))?
    } else {
        Vec::new()
    };
    if crate::output::annotate::already_annotated(&original) {
        return Err("文件中已有 fazhi-lint 的批注（是批注版），未再批注：再批注会叠加批注".into());
    }
    let bytes = crate::output::annotate::annotated_copy(&original, doc, checked, &to.date)
        .map_err(|e| format!("无法生成批注版：{e}"))?;
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("无法创建目录 {}：{e}", parent.display()))?;
    }
    crate::fix::write_atomic(&target, &bytes).map_err(|e| format!("无法写入 {}：{e}", target.display()))?;
    Ok(target)
}

/// One finding as the page and the workbook show it.
#[derive(Clone, Debug)]
pub struct RowFinding {
    pub rule: String,
    /// The rule's Chinese name (its `message` in the rule file).
    pub rule_name: String,
    pub severity: Severity,
    /// The finding's message.
    pub message: String,
    /// The finding's label on its span, when it says more than the message (the date
    /// and the deadline of `report-late`, say); empty otherwise.
    pub detail: String,
    /// The rule's help (修改建议).
    pub help: String,
    /// 1-based line of the decoded text.
    pub line: usize,
    /// Where a reader of the file finds it: 第 N 段 (Word-like formats), 第 N 页 (PDF,
    /// OFD), else 第 N 行.
    pub place: String,
    /// The source line, trimmed and cut to `QUOTE_CHARS` characters.
    pub quote: String,
}

impl RowFinding {
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!([
            self.rule,
            self.severity.as_str(),
            self.message,
            self.line,
            self.quote,
            self.rule_name,
            self.help,
            self.place,
            self.detail
        ])
    }
    fn from_json(v: &serde_json::Value) -> Option<RowFinding> {
        let a = v.as_array()?;
        let text = |k: usize| a.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        Some(RowFinding {
            rule: a.first()?.as_str()?.to_string(),
            severity: Severity::parse(a.get(1)?.as_str()?)?,
            message: a.get(2)?.as_str()?.to_string(),
            line: a.get(3)?.as_u64()? as usize,
            quote: text(4),
            rule_name: text(5),
            help: text(6),
            place: text(7),
            detail: text(8),
        })
    }
}

/// A part's state in a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartState {
    /// A part of its own.
    Present,
    /// Only embedded in another part (the lead's duties in the achievements, say).
    Embedded,
    Missing,
}

impl PartState {
    pub fn label(self) -> &'static str {
        match self {
            PartState::Present => "有",
            PartState::Embedded => "附带",
            PartState::Missing => "缺",
        }
    }
}

/// One report (or one file that could not be read: then `error` is set).
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub path: String,
    pub title: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub level: Option<Level>,
    /// Per part of `Audit::parts`: present.
    pub elements: Vec<bool>,
    /// Per part of `Audit::parts`: present only embedded in another part (the lead
    /// part, typically; only parts whose `standalone` the outputs report).
    pub embedded: Vec<bool>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// The report's date (`YYYY-MM-DD`) and where it came from (落款成文日期 …).
    pub date: Option<String>,
    pub date_source: Option<String>,
    /// Read from a scan by OCR: the mean confidence (0–100).
    pub ocr: Option<u8>,
    /// Index of the most similar other row and the estimated similarity.
    pub most_similar: Option<(usize, f64)>,
    /// Index of the same unit's previous-year report that this one repeats.
    pub repeats_previous_year: Option<usize>,
    /// The copy family (1-based number into `Audit::families`).
    pub copy_group: Option<usize>,
    /// The roster unit matched, and how.
    pub roster: Option<(usize, roster::MatchKind)>,
    pub error: Option<String>,
    /// With `--annotate`: the annotated copy written, or why it could not be.
    pub annotated: Option<Result<PathBuf, String>>,
}

impl Row {
    pub fn level(&self) -> Level {
        self.level.unwrap_or(Level::Unknown)
    }
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }
    /// The state of part `k` (of `Audit::parts`; missing when the row has no such part).
    pub fn part(&self, k: usize) -> PartState {
        let at = |v: &[bool]| v.get(k).copied().unwrap_or(false);
        match (at(&self.elements), at(&self.embedded)) {
            (false, _) => PartState::Missing,
            (true, true) => PartState::Embedded,
            (true, false) => PartState::Present,
        }
    }
    /// Parts present (for choosing a family's source).
    pub fn completeness(&self) -> usize {
        self.elements.iter().filter(|b| **b).count()
    }
    /// The file name alone (the page and the workbook show it; the full path on hover).
    pub fn short_name(&self) -> String {
        Path::new(&self.path).file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| self.path.clone())
    }
}

/// A near-duplicate pair (row indices, a < b).
#[derive(Clone, Debug)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub similarity: f64,
    /// Same unit, consecutive years: the later report repeats the earlier one.
    pub previous_year: bool,
}

/// A copy family: reports linked by near-duplicate pairs above the threshold.
#[derive(Clone, Debug)]
pub struct Family {
    /// 1-based, in order of the first member.
    pub id: usize,
    /// The likely original: the earliest dated (else earliest year), then the most complete.
    pub source: usize,
    /// Every member (the source included) with its similarity to the source, in row order.
    pub members: Vec<(usize, f64)>,
}

/// The roster's outcome: three lists that never share an entry.
#[derive(Clone, Debug, Default)]
pub struct RosterResult {
    pub roster: roster::Roster,
    /// 未报送: roster units with no file at all (readable or not), in roster order.
    pub missing: Vec<usize>,
    /// 已报送但无法读取: every file that could not be read (rows), each with the roster
    /// unit its file name names when it names one.
    pub unreadable: Vec<usize>,
    /// 名单外: readable reports matching no roster unit (rows).
    pub unmatched: Vec<usize>,
    /// Files (readable or not) matched by a guess.
    pub guessed: usize,
}

/// Which of the roster's lists a file is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RosterStatus {
    /// A readable report of a roster unit.
    Submitted,
    /// A file of a roster unit that could not be read.
    SubmittedUnreadable,
    /// A file that could not be read and names no roster unit.
    Unreadable,
    /// A readable report matching no roster unit (名单外).
    NotOnRoster,
}

impl RosterStatus {
    pub fn label(self) -> &'static str {
        match self {
            RosterStatus::Submitted => "已报送",
            RosterStatus::SubmittedUnreadable => "已报送但无法读取",
            RosterStatus::Unreadable => "无法读取（未对应名单单位）",
            RosterStatus::NotOnRoster => "名单外",
        }
    }
    /// The JSONL value.
    pub fn key(self) -> &'static str {
        match self {
            RosterStatus::Submitted => "submitted",
            RosterStatus::SubmittedUnreadable => "submitted_unreadable",
            RosterStatus::Unreadable => "unreadable",
            RosterStatus::NotOnRoster => "not_on_roster",
        }
    }
}

/// The label of the units that sent nothing, in every output.
pub const MISSING_LABEL: &str = "未报送";

/// The audit of a set of files.
pub struct Audit {
    /// The required parts, one column each: the contract's six, then every other part
    /// of the rule sets used (by `order`).
    pub parts: Vec<PartInfo>,
    pub rows: Vec<Row>,
    /// Sorted by similarity (highest first), then by row.
    pub pairs: Vec<Pair>,
    pub families: Vec<Family>,
    pub threshold: f64,
    pub roster: Option<RosterResult>,
    /// Each report's findings, when kept (`AuditOptions::keep_findings`).
    pub findings: Option<spill::Spill>,
    /// The size limit the files were read with (the page reads family members again).
    pub max_bytes: u64,
    /// Each report's follow-through snapshot (shortcomings, plan, results), for the
    /// comparison of a unit's consecutive years ([`Audit::follow_through`]).
    pub snapshots: Option<spill::Spill>,
    /// A unit's reports of consecutive years, compared (after [`Audit::follow_through`]).
    pub follow: Vec<follow::Pair>,
}

impl Audit {
    /// Is this row part of a pair at or above the threshold?
    pub fn near_duplicate(&self, i: usize) -> bool {
        self.rows.get(i).and_then(|r| r.most_similar).is_some_and(|(_, s)| s + 1e-12 >= self.threshold)
    }

    /// The findings of row `i` (empty when not kept or unreadable).
    pub fn findings_of(&self, i: usize) -> Vec<RowFinding> {
        let Some(sp) = &self.findings else { return Vec::new() };
        match sp.get(i) {
            Ok(serde_json::Value::Array(v)) => v.iter().filter_map(RowFinding::from_json).collect(),
            _ => Vec::new(),
        }
    }

    /// Match the rows against a roster: a readable report by its unit, title and file
    /// name; a file that could not be read by its file name. A unit with any file, read
    /// or not, has reported.
    pub fn apply_roster(&mut self, roster: roster::Roster) {
        let mut matched = vec![false; roster.units.len()];
        let (mut unmatched, mut unreadable) = (Vec::new(), Vec::new());
        let mut guessed = 0;
        for (i, r) in self.rows.iter_mut().enumerate() {
            r.roster = if r.is_ok() {
                roster.find(r.unit.as_deref(), r.title.as_deref(), &r.path)
            } else {
                roster.find(None, None, &r.path)
            };
            if let Some((u, kind)) = r.roster {
                matched[u] = true;
                guessed += usize::from(kind.is_guess());
            }
            match (r.is_ok(), r.roster) {
                (false, _) => unreadable.push(i),
                (true, None) => unmatched.push(i),
                (true, Some(_)) => {}
            }
        }
        let missing = (0..roster.units.len()).filter(|&u| !matched[u]).collect();
        self.roster = Some(RosterResult { roster, missing, unreadable, unmatched, guessed });
    }

    /// Which roster list row `i` is in (None without a roster).
    pub fn roster_status(&self, i: usize) -> Option<RosterStatus> {
        self.roster.as_ref()?;
        let r = &self.rows[i];
        Some(match (r.is_ok(), r.roster.is_some()) {
            (true, true) => RosterStatus::Submitted,
            (true, false) => RosterStatus::NotOnRoster,
            (false, true) => RosterStatus::SubmittedUnreadable,
            (false, false) => RosterStatus::Unreadable,
        })
    }
}

/// The rules and settings that apply to one file (its configuration's). With no file
/// at all it is asked once for (0, "") to name the part columns.
pub type ProfileFn<'r> = dyn Fn(usize, &Path) -> (&'r RuleSet, Settings) + Sync + 'r;

/// Audit files (as listed by `input::collect_paths`) with one rule set and settings.
pub fn audit_files(
    files: Vec<(PathBuf, Option<InputError>)>,
    rules: &RuleSet,
    settings: &Settings,
    opts: &AuditOptions,
    spill: Option<&spill::Spill>,
    tick: &(dyn Fn() + Sync),
) -> Audit {
    audit_files_with(files, &|_, _| (rules, settings.clone()), opts, spill, tick)
}

/// Audit files, each with the rules and settings `profile` gives for it (by index and
/// path). `spill`, when given, receives each report's check JSON object (for JSONL);
/// `tick` is called once per file.
pub fn audit_files_with<'r>(
    files: Vec<(PathBuf, Option<InputError>)>,
    profile: &ProfileFn<'r>,
    opts: &AuditOptions,
    spill: Option<&spill::Spill>,
    tick: &(dyn Fn() + Sync),
) -> Audit {
    let n = files.len();
    let shift = neardup::sample_shift(n);
    let kept = if opts.keep_findings { spill::Spill::new().ok() } else { None };
    let snapshots = spill::Spill::new().ok();
    let empty = files.is_empty();
    let done: Vec<(Row, Option<Vec<u32>>, &'r RuleSet)> = files
        .into_par_iter()
        .enumerate()
        .map(|(i, (path, err))| {
            let (rules, settings) = profile(i, &path);
            let spills = Spills { jsonl: spill, findings: kept.as_ref(), snapshots: snapshots.as_ref() };
            let (row, sample) = audit_one(i, path, err, rules, &settings, opts, shift, spills);
            tick();
            (row, sample, rules)
        })
        .collect();
    let mut sets: Vec<&RuleSet> = Vec::new();
    if empty {
        sets.push(profile(0, Path::new("")).0);
    }
    let mut rows = Vec::with_capacity(done.len());
    let mut samples = Vec::with_capacity(done.len());
    let mut set_of = Vec::with_capacity(done.len());
    for (row, sample, rules) in done {
        let si = match sets.iter().position(|s| std::ptr::eq(*s, rules)) {
            Some(si) => si,
            None => {
                sets.push(rules);
                sets.len() - 1
            }
        };
        rows.push(row);
        samples.push(sample);
        set_of.push(si);
    }
    let parts = part_columns(&sets);
    align_parts(&mut rows, &set_of, &sets, &parts);
    // Boilerplate: shingles most reports share.
    let with_text = samples.iter().filter(|s| s.is_some()).count();
    let min_df = BOILERPLATE_MIN_REPORTS.max((with_text as f64 * BOILERPLATE_SHARE).ceil() as usize);
    let skip = neardup::boilerplate(&samples, min_df);
    let sigs: Vec<Option<neardup::Signature>> =
        samples.into_par_iter().map(|s| s.and_then(|s| neardup::signature_of(&s, &skip))).collect();
    drop(skip);
    let nd = neardup::detect(&sigs, opts.similarity);
    for (row, best) in rows.iter_mut().zip(nd.best) {
        row.most_similar = best;
    }
    let families = family::families(&mut rows, &nd.pairs, &sigs);
    drop(sigs);
    let unit_key = |r: &Row| {
        r.unit.as_deref().map(|u| to_simplified(u).chars().filter(|c| !c.is_whitespace()).collect::<String>())
    };
    let mut pairs = Vec::with_capacity(nd.pairs.len());
    for (a, b, s) in nd.pairs {
        let (ra, rb) = (&rows[a], &rows[b]);
        let same_unit = unit_key(ra).is_some() && unit_key(ra) == unit_key(rb);
        let later = match (ra.year, rb.year) {
            (Some(ya), Some(yb)) if same_unit && yb == ya + 1 => Some((b, a)),
            (Some(ya), Some(yb)) if same_unit && ya == yb + 1 => Some((a, b)),
            _ => None,
        };
        if let Some((later, earlier)) = later {
            rows[later].repeats_previous_year = Some(earlier);
        }
        pairs.push(Pair { a, b, similarity: s, previous_year: later.is_some() });
    }
    pairs.sort_by(|x, y| y.similarity.total_cmp(&x.similarity).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    Audit {
        parts,
        rows,
        pairs,
        families,
        threshold: opts.similarity,
        roster: None,
        findings: kept,
        max_bytes: opts.max_bytes,
        snapshots,
        follow: Vec::new(),
    }
}

/// Where a report's results go besides its row: its check object (JSONL), its findings
/// (page and workbook), its follow-through snapshot.
#[derive(Clone, Copy)]
struct Spills<'a> {
    jsonl: Option<&'a spill::Spill>,
    findings: Option<&'a spill::Spill>,
    snapshots: Option<&'a spill::Spill>,
}

/// The part columns of an audit over these rule sets: the first set's parts (the
/// contract's six first), then any part only a later set has, by `order`.
fn part_columns(sets: &[&RuleSet]) -> Vec<PartInfo> {
    let mut parts: Vec<PartInfo> = sets.first().map(|s| s.parts.reported().to_vec()).unwrap_or_default();
    let mut more: Vec<PartInfo> = Vec::new();
    for s in sets.iter().skip(1) {
        for p in s.parts.reported() {
            if !parts.iter().chain(&more).any(|q| q.key == p.key) {
                more.push(p.clone());
            }
        }
    }
    more.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.key.cmp(&b.key)));
    parts.extend(more);
    parts
}

/// Each row's parts (in its rule set's order) in the audit's column order.
fn align_parts(rows: &mut [Row], set_of: &[usize], sets: &[&RuleSet], parts: &[PartInfo]) {
    // Per rule set: where each column's part is in its own list (None: it has no such part).
    let maps: Vec<Option<Vec<Option<usize>>>> = sets
        .iter()
        .map(|s| {
            let own = s.parts.reported();
            let same = own.len() == parts.len() && own.iter().zip(parts).all(|(a, b)| a.key == b.key);
            (!same).then(|| parts.iter().map(|p| own.iter().position(|q| q.key == p.key)).collect())
        })
        .collect();
    for (row, &si) in rows.iter_mut().zip(set_of) {
        let Some(map) = &maps[si] else { continue };
        if !row.is_ok() {
            continue;
        }
        let pick = |v: &[bool]| map.iter().map(|j| j.and_then(|j| v.get(j).copied()).unwrap_or(false)).collect();
        row.elements = pick(&row.elements);
        row.embedded = pick(&row.embedded);
    }
}

#[allow(clippy::too_many_arguments)]
fn audit_one(
    index: usize,
    path: PathBuf,
    err: Option<InputError>,
    rules: &RuleSet,
    settings: &Settings,
    opts: &AuditOptions,
    shift: u32,
    spills: Spills,
) -> (Row, Option<Vec<u32>>) {
    let (spill, kept) = (spills.jsonl, spills.findings);
    let shown = path.display().to_string();
    let failed = |e: String, spill: Option<&spill::Spill>| {
        if let Some(s) = spill {
            s.put(index, &serde_json::json!({ "path": shown, "error": e }));
        }
        (Row { path: shown.clone(), error: Some(e), ..Default::default() }, None)
    };
    if let Some(e) = err {
        return failed(e.to_string(), spill);
    }
    let ocr = if opts.ocr_off.contains(&index) { input::Ocr::Refused } else { opts.ocr.clone() };
    let options = RunOptions { read: input::ReadOptions { max_bytes: opts.max_bytes, ocr }, ..Default::default() };
    let done = match run_file(Source::Path(&path), rules, settings, &options).outcome {
        Ok(d) => d,
        Err(e) => return failed(e.to_string(), spill),
    };
    let (doc, checked) = (done.doc, done.checked);
    // A panic on one file becomes that file's error; the run goes on.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let body = checked.report.body;
        let body_text = if body.is_empty() { doc.text.as_str() } else { body.slice(&doc.text) };
        let sample = neardup::sample(body_text, shift);
        let date = crate::rules::kinds::report_date(&checked.report, &doc.text, Some(&doc.meta));
        (sample, date)
    }));
    let Ok((sample, date)) = run else {
        return failed(crate::run::FileError::Panic.to_string(), spill);
    };
    let report = &checked.report;
    let mut row = Row {
        path: shown.clone(),
        title: report.title.as_ref().map(|t| t.text.clone()),
        unit: report.unit.clone(),
        year: report.year,
        level: Some(level::infer(report.unit.as_deref())),
        date: date.map(|d| d.iso()),
        date_source: date.map(|d| d.source.describe()),
        ocr: doc.ocr.as_ref().map(|o| o.confidence),
        ..Default::default()
    };
    for (part, el) in checked.elements.reported() {
        row.elements.push(el.is_some_and(|e| e.present));
        row.embedded.push(part.standalone && el.is_some_and(|e| e.present && !e.standalone));
    }
    if let Some(to) = &opts.annotate {
        let written =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write_annotated(to, &path, &doc, &checked)));
        row.annotated = Some(written.unwrap_or_else(|_| Err("内部错误：生成批注版时程序异常，请报告此问题".into())));
    }
    let mut kept_findings = Vec::new();
    let info = crate::output::DocInfo::of(&doc);
    for f in &checked.findings {
        match f.severity {
            Severity::Error => row.errors += 1,
            Severity::Warning => row.warnings += 1,
            Severity::Info => row.infos += 1,
            Severity::Off => {}
        }
        if kept.is_some() {
            let line = report.lines.line_of(f.span.start.min(doc.text.len()));
            let start = report.lines.line_start(line).min(doc.text.len());
            let end = doc.text[start..].find(['\n', '\r']).map(|p| start + p).unwrap_or(doc.text.len());
            let quote: String = doc.text.get(start..end).unwrap_or("").trim().chars().take(QUOTE_CHARS).collect();
            let at = f.span.start.min(doc.text.len());
            let detail = if f.label.trim().is_empty() || f.label == f.message || f.message.contains(f.label.as_str()) {
                String::new()
            } else {
                f.label.clone()
            };
            kept_findings.push(
                RowFinding {
                    rule: f.rule.clone(),
                    rule_name: rules.get(&f.rule).map(|r| r.meta.message.clone()).unwrap_or_else(|| f.rule.clone()),
                    severity: f.severity,
                    message: f.message.clone(),
                    detail,
                    help: f.help.clone(),
                    line: line + 1,
                    place: info.place(at).unwrap_or_else(|| format!("第 {} 行", line + 1)),
                    quote,
                }
                .to_json(),
            );
        }
    }
    if let Some(k) = kept {
        k.put(index, &serde_json::Value::Array(kept_findings));
    }
    if let Some(s) = spills.snapshots {
        let snap = checked.follow.snapshot(&doc.text, &report.lines);
        s.put(index, &serde_json::to_value(&snap).unwrap_or(serde_json::Value::Null));
    }
    if let Some(s) = spill {
        let info = crate::output::DocInfo { ocr: doc.ocr.clone(), ..Default::default() };
        let file = CheckedFile { text: doc.text, checked, doc: info };
        s.put(index, &crate::output::json::checked_value(&shown, &file));
    }
    (row, Some(sample).filter(|s| !s.is_empty()))
}

/// Format a similarity for display (two decimals).
pub fn fmt_similarity(s: f64) -> String {
    format!("{s:.2}")
}

/// A typed cell of a row, for the writers.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Empty,
}

impl Cell {
    fn opt_text(s: Option<&str>) -> Cell {
        s.map(|s| Cell::Text(s.to_string())).unwrap_or(Cell::Empty)
    }

    /// The CSV form: booleans as true/false, similarity with two decimals.
    pub fn to_plain(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(f) => fmt_similarity(*f),
            Cell::Bool(b) => b.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

impl Audit {
    /// The column names of a row: `HEAD_COLUMNS`, each part's `column`, `TAIL_COLUMNS`,
    /// then `ROSTER_COLUMNS` with a roster.
    pub fn columns(&self) -> Vec<&str> {
        let mut v = HEAD_COLUMNS.to_vec();
        v.extend(self.parts.iter().map(|p| p.column.as_str()));
        v.extend(TAIL_COLUMNS);
        if self.roster.is_some() {
            v.extend(ROSTER_COLUMNS);
        }
        v
    }

    /// The cells of row `i`, in `columns()` order. An unreadable file has only its path
    /// and error.
    pub fn cells(&self, i: usize) -> Vec<Cell> {
        let r = &self.rows[i];
        let path_of = |j: usize| Cell::Text(self.rows[j].path.clone());
        let mut v = vec![Cell::Text(r.path.clone())];
        if r.is_ok() {
            v.push(Cell::opt_text(r.title.as_deref()));
            v.push(Cell::opt_text(r.unit.as_deref()));
            v.push(r.year.map(|y| Cell::Int(y.into())).unwrap_or(Cell::Empty));
            v.push(Cell::Text(r.level().label().into()));
            v.extend((0..self.parts.len()).map(|k| Cell::Text(r.part(k).label().into())));
            v.extend([r.errors, r.warnings, r.infos].map(|n| Cell::Int(n as i64)));
            v.push(Cell::opt_text(r.date.as_deref()));
            v.push(r.copy_group.map(|g| Cell::Int(g as i64)).unwrap_or(Cell::Empty));
            v.push(r.most_similar.map(|(j, _)| path_of(j)).unwrap_or(Cell::Empty));
            v.push(Cell::Empty);
            v.push(r.most_similar.map(|(_, s)| Cell::Float(s)).unwrap_or(Cell::Empty));
            v.push(Cell::opt_text(r.date_source.as_deref()));
            v.push(r.repeats_previous_year.map(path_of).unwrap_or(Cell::Empty));
            v.push(if r.ocr.is_some() { Cell::Text("是".into()) } else { Cell::Empty });
            v.push(r.ocr.map(|c| Cell::Int(c.into())).unwrap_or(Cell::Empty));
        } else {
            // Title, unit, year, level, the parts, then the counts, date, group, most similar.
            v.extend(std::iter::repeat_n(Cell::Empty, 4 + self.parts.len() + 6));
            v.push(Cell::opt_text(r.error.as_deref()));
            v.extend(std::iter::repeat_n(Cell::Empty, 5));
        }
        if let Some(rr) = &self.roster {
            match r.roster {
                Some((u, kind)) => {
                    v.push(Cell::Text(rr.roster.units[u].clone()));
                    v.push(Cell::Text(kind.label()));
                }
                None => {
                    v.push(Cell::Empty);
                    v.push(Cell::Text(if r.is_ok() { "名单中无此单位" } else { "文件名未对应名单单位" }.into()));
                }
            }
            v.push(self.roster_status(i).map(|s| Cell::Text(s.label().into())).unwrap_or(Cell::Empty));
        }
        v
    }

    /// The cells of a roster unit that sent nothing, in `columns()` order: only the unit
    /// and 未报送 (the CSV's rows after the files).
    pub fn missing_cells(&self, unit: usize) -> Vec<Cell> {
        let columns = self.columns();
        let mut v = vec![Cell::Empty; columns.len()];
        if let Some(rr) = &self.roster {
            let at = |name: &str| columns.iter().position(|c| *c == name);
            if let (Some(u), Some(s)) = (at(ROSTER_COLUMNS[0]), at(ROSTER_COLUMNS[2])) {
                v[u] = Cell::Text(rr.roster.units[unit].clone());
                v[s] = Cell::Text(MISSING_LABEL.into());
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_part(key: &str, order: u32) -> RuleSet {
        let part = format!("parts:\n  {key}:\n    name: 部分{key}\n    order: {order}\n    text_any: [{key}]\n");
        let mut files: Vec<(&str, &str)> = crate::rules::EMBEDDED.to_vec();
        files.push(("user.yaml", &part));
        RuleSet::from_texts(&files).unwrap()
    }

    /// Folders with their own rule files: one column per part of any of them, each
    /// row's parts moved under their columns (a part its rules lack is missing).
    #[test]
    fn rule_sets_with_different_parts_share_the_columns() {
        let (a, b) = (with_part("zz", 9), with_part("yy", 8));
        let columns = part_columns(&[&a, &b]);
        let keys: Vec<&str> = columns.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys[..6], crate::parts::ELEMENT_KEYS);
        assert_eq!(keys[6..], ["zz", "yy"]);
        let row = |last: bool| Row {
            path: "x".into(),
            elements: vec![true, false, false, false, false, false, last],
            embedded: vec![false; 7],
            ..Default::default()
        };
        let mut rows = vec![row(true), row(true)];
        align_parts(&mut rows, &[0, 1], &[&a, &b], &columns);
        assert_eq!(rows[0].elements, [true, false, false, false, false, false, true, false]);
        assert_eq!(rows[1].elements, [true, false, false, false, false, false, false, true]);
        assert_eq!(rows[1].part(7), PartState::Present);
        assert_eq!(rows[1].part(6), PartState::Missing);
        assert_eq!(rows[1].part(99), PartState::Missing);
    }
}

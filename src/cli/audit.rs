//! `fazhi-lint audit`: its arguments and the command that runs the bulk audit and
//! writes the table, CSV, XLSX, JSONL or HTML (the work is in `fazhi_lint::audit`).

use super::args::RuleSource;
use super::{emit, load_rules, EXIT_CLEAN, EXIT_ERROR};
use clap::{Args, ValueEnum};
use fazhi_lint::audit::{self, spill::Spill, summary, AuditOptions};
use fazhi_lint::{input, Settings};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fs::File;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Table,
    Csv,
    Xlsx,
    Jsonl,
    Html,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// 要审查的文件或目录
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    pub format: AuditFormat,
    /// 输出文件（默认标准输出；xlsx 必须指定）
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 另将要件覆盖率汇总写入此 CSV 文件（csv 格式下汇总默认打印到标准错误）
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// 并行线程数（默认：CPU 核数）
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// 相似度达到此值（0–1）的两份报告列为疑似重复
    #[arg(long, default_value_t = audit::DEFAULT_SIMILARITY, value_parser = parse_similarity)]
    pub similarity: f64,
    #[command(flatten)]
    pub rule_source: RuleSource,
    /// 指定报告年度（覆盖自动识别）
    #[arg(long)]
    pub year: Option<i32>,
    /// 单个文件大小上限（字节）
    #[arg(long, default_value_t = input::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
}

fn parse_similarity(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("“{s}”不是数字"))?;
    if (0.0..=1.0).contains(&v) && v > 0.0 {
        Ok(v)
    } else {
        Err("相似度应在 0 到 1 之间（不含 0）".into())
    }
}

fn create(path: &Path) -> Result<File, String> {
    File::create(path).map_err(|e| format!("无法写入 {}：{e}", path.display()))
}

pub fn cmd_audit(a: AuditArgs) -> i32 {
    let rules = match load_rules(&a.rule_source) {
        Ok(r) => r,
        Err(c) => return c,
    };
    if a.format == AuditFormat::Xlsx && a.output.is_none() {
        eprintln!("错误：xlsx 格式需要用 -o 指定输出文件，例如 -o 审查结果.xlsx");
        return EXIT_ERROR;
    }
    let settings = Settings { year: a.year, ..Default::default() };
    let opts = AuditOptions { similarity: a.similarity, keep_findings: a.format == AuditFormat::Html, max_bytes: a.max_bytes };
    let spill = if a.format == AuditFormat::Jsonl {
        match Spill::new() {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("错误：{e}");
                return EXIT_ERROR;
            }
        }
    } else {
        None
    };

    let files = input::collect_paths(&a.paths);
    for out in a.output.iter().chain(&a.summary) {
        if let Err(code) = super::refuse_input_as_output(out, files.iter().map(|(p, _)| p.as_path())) {
            return code;
        }
    }
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} 份 {elapsed_precise} 预计剩余 {eta}") {
            b.set_style(style);
        }
        b
    } else {
        ProgressBar::hidden()
    };
    let tick = || bar.inc(1);
    let run = || audit::audit_files(files, &rules, &settings, &opts, spill.as_ref(), &tick);
    let result = match a.jobs {
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
    let sum = summary::summarize(&result.rows);

    let written = write_output(&a, &result, &sum, spill.as_ref());
    if let Err(e) = written {
        eprintln!("错误：{e}");
        return EXIT_ERROR;
    }
    if let Some(p) = &a.summary {
        if let Err(e) = create(p).and_then(|f| audit::csv::write_summary(&sum, f).map_err(|e| format!("无法写入 {}：{e}", p.display()))) {
            eprintln!("错误：{e}");
            return EXIT_ERROR;
        }
    }
    if a.format != AuditFormat::Table {
        // Machine formats keep stdout clean; the office still sees the figures.
        if a.summary.is_none() || a.output.is_some() {
            eprint!("{}", audit::table::render_summary(&sum));
        }
        if !result.pairs.is_empty() {
            eprint!("{}", audit::table::render_pairs(&result));
        }
    }
    EXIT_CLEAN
}

fn write_output(a: &AuditArgs, result: &audit::Audit, sum: &summary::Summary, spill: Option<&Spill>) -> Result<(), String> {
    let to = |r: std::io::Result<()>| r.map_err(|e| format!("写入输出失败：{e}"));
    match (a.format, &a.output) {
        (AuditFormat::Xlsx, Some(p)) => audit::xlsx::write(result, sum, p).map_err(|e| format!("无法写入 {}：{e}", p.display())),
        (AuditFormat::Xlsx, None) => Err("xlsx 格式需要用 -o 指定输出文件".into()),
        (AuditFormat::Table, None) => {
            emit(&audit::table::render(result, sum));
            Ok(())
        }
        (AuditFormat::Table, Some(p)) => {
            let text = audit::table::render(result, sum);
            std::fs::write(p, text).map_err(|e| format!("无法写入 {}：{e}", p.display()))
        }
        (fmt, Some(p)) => {
            let f = create(p)?;
            to(write_stream(fmt, result, sum, spill, f))
        }
        (fmt, None) => {
            let r = write_stream(fmt, result, sum, spill, std::io::stdout().lock());
            match r {
                // A closed pipe (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => to(r),
            }
        }
    }
}

fn write_stream<W: std::io::Write>(fmt: AuditFormat, result: &audit::Audit, sum: &summary::Summary, spill: Option<&Spill>, out: W) -> std::io::Result<()> {
    match fmt {
        AuditFormat::Csv => audit::csv::write_rows(result, out),
        AuditFormat::Html => audit::html::write(result, sum, out),
        AuditFormat::Jsonl => match spill {
            Some(s) => audit::jsonl::write(result, s, out),
            None => Err(std::io::Error::other("内部错误：缺少临时文件")),
        },
        AuditFormat::Table | AuditFormat::Xlsx => Err(std::io::Error::other("内部错误：格式不支持流式输出")),
    }
}

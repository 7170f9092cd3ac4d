//! Command-line arguments (clap structs only).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "fazhi-lint", version, about = "法治政府建设年度报告检查工具", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查报告（文件或目录）
    Check(CheckArgs),
    /// 显示工具识别出的报告结构
    Outline(OutlineArgs),
    /// 列出全部规则
    Rules(RulesArgs),
    /// 解释一条规则：依据、示例
    Explain(ExplainArgs),
    /// 批量审查：要件覆盖表、汇总、仪表盘页面、相似报告
    Audit(crate::cli::audit::AuditArgs),
    /// 语料评估：与 labels.yaml 中的人工标注比对
    #[command(hide = true)]
    Eval(EvalArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct RuleSource {
    /// 额外的规则文件或目录（可多次指定）
    #[arg(long = "rules", value_name = "FILE|DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 要检查的文件或目录
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    #[command(flatten)]
    pub rule_source: RuleSource,
    /// 达到此级别的发现即以退出码 1 结束
    #[arg(long, value_enum, default_value_t = FailLevel::Error)]
    pub fail_level: FailLevel,
    /// 指定报告年度（覆盖自动识别）
    #[arg(long)]
    pub year: Option<i32>,
    /// 只运行这些规则或规则组（逗号分隔）
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// 不运行这些规则或规则组（逗号分隔）
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// 只输出汇总行
    #[arg(long, short)]
    pub quiet: bool,
    /// 颜色
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// 单个文件大小上限（字节）
    #[arg(long, default_value_t = fazhi_lint::input::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutlineFormat {
    Tree,
    Json,
}

#[derive(Debug, Args)]
pub struct OutlineArgs {
    pub path: PathBuf,
    #[arg(long, value_enum, default_value_t = OutlineFormat::Tree)]
    pub format: OutlineFormat,
    #[command(flatten)]
    pub rule_source: RuleSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    #[command(flatten)]
    pub rule_source: RuleSource,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// 规则 id，例如 missing-problems
    pub rule: String,
    #[command(flatten)]
    pub rule_source: RuleSource,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// 含报告与 labels.yaml 的目录
    pub dir: PathBuf,
    /// 标注文件（默认 DIR/labels.yaml）
    #[arg(long)]
    pub labels: Option<PathBuf>,
    /// 总体一致率低于此值时以退出码 1 结束
    #[arg(long, default_value_t = 0.95)]
    pub threshold: f64,
    #[command(flatten)]
    pub rule_source: RuleSource,
}

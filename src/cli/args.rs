//! Command-line arguments (clap structs only).

use clap::{Args, Parser, Subcommand, ValueEnum};
use fazhi_lint::config::FailLevel;
use fazhi_lint::output::Format;
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
    #[cfg(feature = "audit")]
    Audit(AuditArgs),
    /// 生成批注版（<文件名>.批注.docx，.odt 文件为 <文件名>.批注.odt）：每条发现作为一条批注
    Annotate(AnnotateArgs),
    /// 在当前目录写入带注释的默认配置 fazhi-lint.yaml
    Init(InitArgs),
    /// 输出 shell 补全脚本（bash、zsh、fish、powershell、elvish）
    Completions(CompletionsArgs),
    /// 运行规则文件中的示例（bad 应触发该规则，good 不应触发）
    Test(TestArgs),
    /// 输出 man 手册页（roff 格式）
    Man,
    /// 语料评估：与 labels.yaml 中的人工标注比对
    #[command(hide = true)]
    Eval(EvalArgs),
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
    #[arg(long = "rules", value_name = "文件|目录")]
    pub rules: Vec<PathBuf>,
}

/// Reading scans (image-only PDFs, page images) by OCR: `check`, `outline`, `annotate`
/// and `audit`.
#[derive(Debug, Args)]
pub struct OcrArgs {
    /// 不做文字识别（OCR）：扫描件和图片直接列为无法读取（配置文件中为 ocr: false）
    #[arg(long)]
    pub no_ocr: bool,
    /// 不读写文字识别缓存（每次重新识别扫描件）
    #[arg(long)]
    pub no_cache: bool,
    /// 文字识别缓存目录（默认当前目录下的 .fazhi-lint-cache，或环境变量 FAZHI_LINT_CACHE_DIR）
    #[arg(long, value_name = "目录")]
    pub cache_dir: Option<PathBuf>,
}

/// The options `check`, `annotate` and `audit` share: which rules run, with which
/// configuration, for which year, on files up to which size.
#[derive(Debug, Args)]
pub struct SharedArgs {
    #[command(flatten)]
    pub rule_source: RuleSource,
    /// 指定报告年度（覆盖自动识别）
    #[arg(long, value_name = "年度")]
    pub year: Option<i32>,
    /// 只运行这些规则或规则组（逗号分隔）
    #[arg(long, value_delimiter = ',', value_name = "规则")]
    pub select: Vec<String>,
    /// 不运行这些规则或规则组（逗号分隔）
    #[arg(long, value_delimiter = ',', value_name = "规则")]
    pub ignore: Vec<String>,
    /// 配置文件（默认从每个文件所在目录向上查找 fazhi-lint.yaml）
    #[arg(long, value_name = "文件", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// 不读取任何配置文件
    #[arg(long)]
    pub no_config: bool,
    /// 单个文件大小上限（字节）
    #[arg(long, default_value_t = fazhi_lint::input::DEFAULT_MAX_BYTES, value_name = "字节数")]
    pub max_bytes: u64,
    #[command(flatten)]
    pub ocr: OcrArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 要检查的文件或目录；“-” 表示从标准输入读取
    #[arg(default_value = ".", value_name = "路径")]
    pub paths: Vec<PathBuf>,
    /// 标准输入（“-”）的文件名：用于显示、查找配置文件和判断格式（按扩展名）
    #[arg(long, value_name = "文件名")]
    pub stdin_filename: Option<PathBuf>,
    /// 不像年度报告的文件（英文说明、依赖清单等）也照样检查
    #[arg(long)]
    pub force: bool,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "格式")]
    pub format: Format,
    #[command(flatten)]
    pub shared: SharedArgs,
    /// 达到此级别的发现即以退出码 1 结束（默认 error）
    #[arg(long, value_enum, value_name = "级别")]
    pub fail_level: Option<FailLevel>,
    /// 只输出汇总行（human）；其他格式不输出汇总等附加内容
    #[arg(long, short)]
    pub quiet: bool,
    /// 颜色（auto 时遵从 NO_COLOR 环境变量）
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "何时")]
    pub color: ColorChoice,
    /// 按规则统计发现数，代替逐条输出
    #[arg(long)]
    pub statistics: bool,
    /// 把输出写入此文件而不是标准输出
    #[arg(long, short = 'o', value_name = "文件")]
    pub output_file: Option<PathBuf>,
    /// 应用安全修复（只改写 .txt/.md 文件，保持原编码与换行符），再报告其余发现
    #[arg(long)]
    pub fix: bool,
    /// 不写文件，输出安全修复的统一差异（unified diff）
    #[arg(long)]
    pub diff: bool,
    /// 遍历目录时不理会 .gitignore / .ignore 的排除规则
    #[arg(long)]
    pub no_ignore: bool,
    /// 并行线程数（文件和扫描件的页面；默认：CPU 核数）
    #[arg(long, short = 'j', value_name = "线程数")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// 要批注的报告（文件或目录）
    #[arg(required = true, value_name = "路径")]
    pub paths: Vec<PathBuf>,
    /// 批注版写入此目录（默认写在每个报告旁边）
    #[arg(long, value_name = "目录")]
    pub output_dir: Option<PathBuf>,
    #[command(flatten)]
    pub shared: SharedArgs,
    /// 达到此级别的发现即以退出码 1 结束（默认 error）
    #[arg(long, value_enum, value_name = "级别")]
    pub fail_level: Option<FailLevel>,
    /// 遍历目录时不理会 .gitignore / .ignore 的排除规则
    #[arg(long)]
    pub no_ignore: bool,
}

/// The formats of `audit --format` (the library's, as `check`'s are `output::Format`).
#[cfg(feature = "audit")]
pub use fazhi_lint::audit::Format as AuditFormat;

#[cfg(feature = "audit")]
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// 要审查的文件或目录
    #[arg(required = true, value_name = "路径")]
    pub paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = AuditFormat::Table, value_name = "格式")]
    pub format: AuditFormat,
    /// 输出文件（默认标准输出；xlsx 必须指定）
    #[arg(short = 'o', long = "output", value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 另将要件覆盖率汇总写入此 CSV 文件（csv 格式下汇总默认打印到标准错误）
    #[arg(long, value_name = "文件")]
    pub summary: Option<PathBuf>,
    /// 并行线程数（文件和扫描件的页面；默认：CPU 核数）
    #[arg(long, short = 'j', value_name = "线程数")]
    pub jobs: Option<usize>,
    /// 相似度达到此值（0–1）的两份报告列为疑似重复
    #[arg(long, default_value_t = fazhi_lint::audit::DEFAULT_SIMILARITY, value_parser = parse_similarity, value_name = "相似度")]
    pub similarity: f64,
    #[command(flatten)]
    pub shared: SharedArgs,
    /// 应报送单位名单（每行一个单位，或 CSV/XLSX 中的单位列）：列出未报送的单位和名单外的报告
    #[arg(long, value_name = "名单文件")]
    pub roster: Option<PathBuf>,
    /// 把每份报告的批注版（<文件名>.批注.docx，.odt 为 .批注.odt）写入此目录（按原目录结构）
    #[arg(long, value_name = "目录")]
    pub annotate: Option<PathBuf>,
}

/// `--similarity`: a number in (0, 1].
#[cfg(feature = "audit")]
fn parse_similarity(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("“{s}”不是数字"))?;
    if (0.0..=1.0).contains(&v) && v > 0.0 {
        Ok(v)
    } else {
        Err("相似度应在 0 到 1 之间（不含 0）".into())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutlineFormat {
    Tree,
    Json,
}

#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// 报告文件
    #[arg(value_name = "文件")]
    pub path: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = OutlineFormat::Tree, value_name = "格式")]
    pub format: OutlineFormat,
    #[command(flatten)]
    pub rule_source: RuleSource,
    #[command(flatten)]
    pub ocr: OcrArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// 输出格式
    #[arg(long, value_enum, default_value_t = ListFormat::Text, value_name = "格式")]
    pub format: ListFormat,
    #[command(flatten)]
    pub rule_source: RuleSource,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// 要测试的规则文件或目录（可多次指定；不指定则测试全部内置规则）
    #[arg(long = "rules", value_name = "文件|目录")]
    pub rules: Vec<PathBuf>,
    /// 把写成 {text, span, label} 的不符合示例的 span 和 label 更新为实际发现（改写 --rules 给出的文件）
    #[arg(long)]
    pub update: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// 规则 id，例如 missing-problems
    #[arg(value_name = "规则")]
    pub rule: String,
    #[command(flatten)]
    pub rule_source: RuleSource,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// 含报告与 labels.yaml 的目录
    #[arg(value_name = "目录")]
    pub dir: PathBuf,
    /// 标注文件（默认 目录/labels.yaml）
    #[arg(long, value_name = "文件")]
    pub labels: Option<PathBuf>,
    /// 总体一致率低于此值时以退出码 1 结束
    #[arg(long, default_value_t = 0.95, value_name = "阈值")]
    pub threshold: f64,
    #[command(flatten)]
    pub rule_source: RuleSource,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 配置文件路径（已存在时拒绝覆盖）
    #[arg(default_value = fazhi_lint::config::FILE_NAME, value_name = "文件")]
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// shell 名称
    #[arg(value_enum, value_name = "shell")]
    pub shell: clap_complete::Shell,
}

/// The help template: Chinese headings around clap's generated parts.
const HELP_TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The command with Chinese help: clap's own `-h/--help` and `-V/--version` replaced by
/// flags with Chinese help texts, headings 命令 / 参数 / 选项, and no `help` subcommand
/// (its texts are English and generated too late to be changed).
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    fn localize(cmd: clap::Command) -> clap::Command {
        cmd.help_template(HELP_TEMPLATE)
            .disable_help_flag(true)
            .disable_help_subcommand(true)
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令")
            .mut_args(|a| if a.is_positional() { a.help_heading("参数") } else { a.help_heading("选项") })
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help("显示帮助信息")
                    .help_heading("选项"),
            )
            .mut_subcommands(localize)
    }
    localize(Cli::command()).disable_version_flag(true).arg(
        clap::Arg::new("version")
            .short('V')
            .long("version")
            .action(clap::ArgAction::Version)
            .help("显示版本号")
            .help_heading("选项"),
    )
}

/// Clap's generated help, with its remaining English words in Chinese.
pub fn localize_help(help: &str) -> String {
    help.replace("[OPTIONS]", "[选项]")
        .replace("\\fIPossible values:\\fR", "\\fI可选值：\\fR")
        .replace("命令:\n", "命令：\n")
        .replace("选项:\n", "选项：\n")
        .replace("参数:\n", "参数：\n")
        .replace("<COMMAND>", "<命令>")
        .replace("[default: ", "[默认：")
        .replace("[possible values: ", "[可选值：")
        .replace("Possible values:", "可选值：")
        .replace("[aliases: ", "[别名：")
}

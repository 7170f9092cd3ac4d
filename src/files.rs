//! Bounded reading of the small files the user names (configuration and rule files) and
//! the wording of their error positions. A leaf module: `config` and `rules` both use
//! it, and it uses nothing of the crate.

use std::path::Path;

/// " 第 L 行第 C 列" for a position, " " when there is none (line 0: the file could not
/// be read), for the error headers of config and rule files.
pub(crate) fn position_words(line: usize, column: usize) -> String {
    if line == 0 {
        " ".into()
    } else {
        format!(" 第 {line} 行第 {column} 列")
    }
}

/// Read a config or rule file: a regular file (a FIFO, device or socket would block or
/// never end) of at most `limit` bytes, UTF-8. The error is a Chinese message.
pub(crate) fn read_small_file(path: &Path, limit: u64) -> Result<String, String> {
    use std::io::Read;
    let kind = |m: &std::fs::Metadata| -> Result<(), String> {
        if m.is_dir() {
            Err("是目录，不是文件".into())
        } else if !m.is_file() {
            Err("不是普通文件（可能是管道或设备），拒绝读取".into())
        } else if m.len() > limit {
            Err(format!("文件过大（{} 字节，上限 {limit} 字节）", m.len()))
        } else {
            Ok(())
        }
    };
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".to_string(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
        _ => format!("无法读取：{e}"),
    };
    // Checked before opening (opening a FIFO blocks), and again on the opened file.
    kind(&std::fs::metadata(path).map_err(io)?)?;
    let file = std::fs::File::open(path).map_err(io)?;
    kind(&file.metadata().map_err(io)?)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(format!("文件过大（超过 {limit} 字节上限）"));
    }
    String::from_utf8(bytes).map_err(|_| "不是 UTF-8 文本".to_string())
}

/// YAML limits of every rule and config file (serde-saphyr's budget, set here so that
/// they are ours, documented and named in messages): nodes (keys, values, list items),
/// aliases (`*ref`) and anchors, nesting, and the events an alias may replay in all.
pub const YAML_MAX_NODES: usize = 250_000;
pub const YAML_MAX_ALIASES: usize = 50_000;
pub const YAML_MAX_ANCHORS: usize = 50_000;
pub const YAML_MAX_DEPTH: usize = 64;
pub const YAML_MAX_ALIAS_EVENTS: usize = 1_000_000;

/// The parser options every YAML file is read with: [`YAML_MAX_NODES`] and the others.
pub(crate) fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = YAML_MAX_NODES;
    budget.max_aliases = YAML_MAX_ALIASES;
    budget.max_anchors = YAML_MAX_ANCHORS;
    budget.max_depth = YAML_MAX_DEPTH;
    budget.flow_nesting_limit = YAML_MAX_DEPTH;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = YAML_MAX_ALIAS_EVENTS;
    options.alias_limits.max_replay_stack_depth = YAML_MAX_DEPTH;
    options
}

/// A YAML error's message: for a breached limit, which limit in Chinese (never the
/// parser's `budget breached: Nodes { nodes: 250001 }`); else the parser's first line,
/// without the position it ends with (the header has it).
pub(crate) fn yaml_message(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    use serde_saphyr::Error as E;
    let nesting = || format!("嵌套超过 {YAML_MAX_DEPTH} 层的上限");
    let replay = || format!("别名（*引用）展开过多：超过共 {YAML_MAX_ALIAS_EVENTS} 个展开节点的上限（疑似别名炸弹）");
    // The error itself, out of the wrappers that add a snippet or an alias's place.
    let mut inner = e;
    let mut via_alias = false;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = inner {
        via_alias |= matches!(inner, E::AliasError { .. });
        inner = error;
    }
    let limit = match inner {
        E::Budget { breach, .. } => Some(match breach {
            // Nodes made by replaying aliases: a bomb, not a big file.
            B::Nodes { .. } | B::Events { .. } if via_alias => {
                format!("别名（*引用）展开后 YAML 节点超过 {YAML_MAX_NODES} 个的上限（疑似别名炸弹）")
            }
            B::Nodes { .. } | B::Events { .. } => {
                format!("YAML 节点（键、值、列表项）超过 {YAML_MAX_NODES} 个的上限，请拆分为多个文件")
            }
            B::Aliases { .. } => format!("别名（*引用）超过 {YAML_MAX_ALIASES} 个的上限"),
            B::AliasAnchorRatio { .. } => "别名（*引用）相对锚点过多（疑似别名炸弹）".to_string(),
            B::RecordedAnchorEvents { .. } | B::RecordedAnchorBytes { .. } => replay(),
            B::Anchors { .. } => format!("锚点（&名称）超过 {YAML_MAX_ANCHORS} 个的上限"),
            B::Depth { .. } => nesting(),
            _ => "超出 YAML 解析的资源上限（文档、标量或合并键过多）".to_string(),
        }),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => Some(replay()),
        E::AliasReplayStackDepthExceeded { .. } => Some(nesting()),
        _ => None,
    };
    if let Some(m) = limit {
        return m;
    }
    let text = e.without_snippet().to_string();
    let first = text.lines().next().unwrap_or_default();
    if first.contains("recursion limit exceeded") {
        return nesting();
    }
    first.rfind(" at line ").map_or(first, |i| &first[..i]).to_string()
}

/// A parser message without the file's own text: quoted strings longer than a short
/// key are cut (the file may be anything a config names, a private file included).
pub(crate) fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(['"', '`']) {
        let q = rest.as_bytes()[i] as char;
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        let Some(j) = rest.find(q) else { break };
        let inner = &rest[..j];
        if inner.chars().count() <= 24 && !inner.contains(char::is_whitespace) {
            out.push_str(inner);
        } else {
            out.push('…');
        }
        out.push(q);
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
    out
}

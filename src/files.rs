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
/// parser's `budget breached: Nodes { nodes: 250001 }`); else the parser's first line
/// in Chinese (serde-saphyr's wording of serde's own errors — unknown or missing keys,
/// wrong types, unknown values, repeated keys — is replaced; other messages keep the
/// crate's text), without the position it ends with (the header has it).
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
    let plain = e.without_snippet().to_string();
    if plain.lines().next().unwrap_or_default().contains("recursion limit exceeded") {
        return nesting();
    }
    let text = e.without_snippet().render_with_formatter(&Chinese);
    let first = text.lines().next().unwrap_or_default();
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

/// serde-saphyr's message formatter, in Chinese for the errors a user's file makes.
struct Chinese;

/// A list of names as Chinese writes it: a、b、c.
fn names(v: &[&str]) -> String {
    v.join("、")
}

/// serde's English descriptions of types, in Chinese.
fn kind_words(s: &str) -> String {
    const WORDS: [(&str, &str); 21] = [
        ("string scalar", "单个值"),
        ("sequence start", "列表"),
        ("mapping start", "键值映射"),
        ("a sequence", "列表"),
        ("sequence", "列表"),
        ("a map", "键值映射"),
        ("map", "键值映射"),
        ("a borrowed string", "文本"),
        ("a string", "文本"),
        ("string", "文本"),
        ("a boolean", "true 或 false"),
        ("boolean", "布尔值"),
        ("an integer", "整数"),
        ("integer", "整数"),
        ("floating point", "小数"),
        ("a number", "数"),
        ("unit value", "空值"),
        ("null", "空值"),
        ("u32", "非负整数"),
        ("i32", "整数"),
        ("u64", "非负整数"),
    ];
    let mut out = s.to_string();
    for (en, zh) in WORDS {
        if out.starts_with(en) {
            out = format!("{zh}{}", &out[en.len()..]);
            break;
        }
    }
    out
}

/// The YAML scanner's commonest messages in Chinese (the rest stay as the parser words
/// them).
fn scanner_words(msg: &str) -> Option<&'static str> {
    const WORDS: &[(&str, &str)] = &[
        ("mapping values are not allowed", "此处不能写“键: 值”（多半是缩进不对，或值里有未加引号的“: ”）"),
        ("mapping keys are not allowed", "此处不能写键（多半是缩进不对）"),
        ("while parsing a flow sequence, expected ',' or ']'", "方括号列表缺少“,”或“]”"),
        ("unclosed bracket '['", "方括号列表缺少“]”"),
        ("while parsing a flow mapping, did not find expected ',' or '}'", "花括号映射缺少“,”或“}”"),
        ("unclosed bracket", "括号没有闭合"),
        ("unclosed quote", "引号没有闭合"),
        ("while parsing a block mapping, did not find expected key", "此处应为键（多半是缩进不对）"),
        (
            "while parsing a block collection, did not find expected '-' indicator",
            "此处应为列表项“- ”（多半是缩进不对）",
        ),
        ("while parsing a node, did not find expected node content", "此处缺少取值"),
        ("while scanning a plain scalar, found a tab", "取值中有制表符：请改用空格"),
        ("found character that cannot start any token", "此处的字符不能开始任何内容（例如用制表符缩进：请改用空格）"),
        ("invalid indentation", "缩进不对"),
        ("illegal placement of ':' indicator", "此处不能出现“:”"),
    ];
    WORDS.iter().find(|(en, _)| msg.contains(en)).map(|(_, zh)| *zh)
}

impl serde_saphyr::Localizer for Chinese {
    fn attach_location<'b>(
        &self,
        base: std::borrow::Cow<'b, str>,
        _loc: serde_saphyr::Location,
    ) -> std::borrow::Cow<'b, str> {
        base
    }
}

impl serde_saphyr::MessageFormatter for Chinese {
    fn localizer(&self) -> &dyn serde_saphyr::Localizer {
        self
    }

    fn format_message<'a>(&self, err: &'a serde_saphyr::Error) -> std::borrow::Cow<'a, str> {
        use serde_saphyr::Error as E;
        match err {
            E::SerdeUnknownField { field, expected, .. } => {
                format!("未知的键 “{field}”（可用的键：{}）", names(expected)).into()
            }
            E::SerdeMissingField { field, .. } => format!("缺少必需的键 “{field}”").into(),
            E::SerdeUnknownVariant { variant, expected, .. } => {
                format!("未知的取值 “{variant}”（可选：{}）", names(expected)).into()
            }
            E::SerdeInvalidType { unexpected, expected, .. } => {
                format!("类型不对：应为{}，实为{}", kind_words(expected), kind_words(unexpected)).into()
            }
            E::SerdeInvalidValue { unexpected, expected, .. } => {
                format!("取值无效：应为{}，实为{}", kind_words(expected), kind_words(unexpected)).into()
            }
            E::SerdeInvalidLength { len, expected, .. } => {
                format!("个数不对（{len} 个）：应为{}", kind_words(expected)).into()
            }
            E::DuplicateMappingKey { key: Some(k), .. } => format!("键 “{k}” 重复").into(),
            E::DuplicateMappingKey { key: None, .. } => "有重复的键".into(),
            E::Unexpected { expected, .. } => format!("此处应为{}", kind_words(expected)).into(),
            E::Eof { .. } => "文件意外结束".into(),
            E::ExternalMessage { msg, .. } => match scanner_words(msg) {
                Some(m) => m.into(),
                None => serde_saphyr::DefaultMessageFormatter.format_message(err),
            },
            other => serde_saphyr::DefaultMessageFormatter.format_message(other),
        }
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        select: Vec<String>,
        year: Option<i32>,
    }

    #[test]
    fn yaml_errors_in_chinese() {
        let msg = |src: &str| super::yaml_message(&serde_saphyr::from_str::<T>(src).unwrap_err());
        assert_eq!(msg("select: []\nignroe: [x]\n"), "未知的键 “ignroe”（可用的键：select、year）");
        assert_eq!(msg("year: 2023\n"), "缺少必需的键 “select”");
        assert_eq!(msg("select: abc\n"), "此处应为列表");
        assert_eq!(msg("select: []\nyear: [1]\n"), "此处应为单个值");
        assert_eq!(msg("select: []\nselect: []\n"), "键 “select” 重复");
        for m in [msg("select: []\nignroe: [x]\n"), msg("select: abc\n")] {
            assert!(!m.contains("at line") && !m.contains("expected"), "{m}");
        }
    }
}

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

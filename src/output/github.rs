//! GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,col=…,
//! endLine=…,endColumn=…,title=RULE::message` per finding, so a CI job annotates the
//! report in the pull request. Values are escaped as the runner expects (`%`, CR, LF
//! everywhere; `:` and `,` also inside properties). Columns count characters.

use super::FileResult;
use crate::diagnostic::Severity;

/// Escape a command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Off => "notice",
    }
}

/// One annotation per finding; an unreadable file as an error on the file.
pub fn render(results: &[FileResult]) -> String {
    let mut out = String::new();
    for r in results {
        // Workflow commands are read line by line and the log renders ANSI sequences:
        // controls in names and messages are shown visibly (line breaks then encoded).
        let file = property(&super::escape::one_line(&r.path));
        match &r.outcome {
            Err(e) => out.push_str(&format!(
                "::error file={file},title=input::{}\n",
                data(&super::escape::visible(&format!("无法检查 {}：{e}", super::escape::one_line(&r.path))))
            )),
            Ok(ok) => {
                let idx = &ok.checked.report.lines;
                for f in &ok.checked.findings {
                    let a = idx.position(&ok.text, f.span.start);
                    let b = idx.position(&ok.text, f.span.end);
                    let mut message = f.message.clone();
                    if !f.help.is_empty() {
                        message.push('\n');
                        message.push_str(&f.help);
                    }
                    out.push_str(&format!(
                        "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}\n",
                        command(f.severity),
                        a.line,
                        a.column,
                        b.line,
                        b.column,
                        property(&f.rule),
                        data(&super::escape::visible(&message))
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{result, unreadable};
    use crate::diagnostic::Severity;

    /// Parse a workflow command back: (command, properties, message), unescaped.
    fn parse(line: &str) -> (String, Vec<(String, String)>, String) {
        let unescape = |s: &str| {
            s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
        };
        let rest = line.strip_prefix("::").unwrap();
        let (head, message) = rest.split_once("::").unwrap();
        let (cmd, props) = head.split_once(' ').unwrap();
        let props = props
            .split(',')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_string(), unescape(v))
            })
            .collect();
        (cmd.to_string(), props, unescape(message))
    }

    #[test]
    fn annotations_carry_every_finding_escaped() {
        let text = "标题\n一、主要举措和成效\n二、存在的问题\n";
        let results = [
            result(
                "dir,1/a:b%.txt",
                text,
                &[
                    ("rule-a", Severity::Error, "存在的问题", "缺 50%\r\n原因"),
                    ("rule-b", Severity::Info, "主要", "提示"),
                ],
            ),
            unreadable("b.txt"),
        ];
        let out = super::render(&results);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        let (cmd, props, msg) = parse(lines[0]);
        assert_eq!(cmd, "error");
        let get = |k: &str| props.iter().find(|(x, _)| x == k).map(|(_, v)| v.as_str()).unwrap();
        assert_eq!(get("file"), "dir,1/a:b%.txt");
        assert_eq!((get("line"), get("col"), get("endLine"), get("endColumn")), ("3", "3", "3", "8"));
        assert_eq!(get("title"), "rule-a");
        assert_eq!(msg, "缺 50%\r\n原因\n帮助");
        assert_eq!(parse(lines[1]).0, "notice");
        let (cmd, _, msg) = parse(lines[2]);
        assert_eq!(cmd, "error");
        assert!(msg.contains("文件不存在"));
    }
}

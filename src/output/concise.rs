//! Concise output: `path:line:col: 级别[rule] message`, one line per finding (columns in
//! characters, the severity in Chinese: 错误 / 警告 / 提示), as compilers and ruff print
//! them; then the summary line.

use super::{escape, Counts, FileResult};

/// Every finding on one line; an unreadable file as `path: error[input] …`.
pub fn render(results: &[FileResult], quiet: bool) -> String {
    let mut out = render_files(results);
    if !quiet {
        out.push_str(&super::human::summary(Counts::of(results)));
        out.push('\n');
    }
    out
}

/// The finding lines, without the summary line.
pub fn render_files(results: &[FileResult]) -> String {
    let mut out = String::new();
    for r in results {
        match &r.outcome {
            Err(e) => out.push_str(&format!(
                "{}: 错误[input] 无法检查：{}\n",
                escape::one_line(&r.path),
                one_line(&e.to_string())
            )),
            Ok(ok) => {
                let idx = &ok.checked.report.lines;
                // A line break or ESC in a file name would forge or hide lines.
                let path = escape::one_line(&r.path);
                for f in &ok.checked.findings {
                    let p = idx.position(&ok.text, f.span.start);
                    out.push_str(&format!(
                        "{}:{}:{}: {}[{}] {}\n",
                        path,
                        p.line,
                        p.column,
                        f.severity.label(),
                        f.rule,
                        one_line(&f.message)
                    ));
                }
            }
        }
    }
    out
}

/// Line breaks inside a message would break the one-line-per-finding shape.
/// A message on one line: line breaks become spaces, other controls are shown visibly.
fn one_line(s: &str) -> String {
    escape::one_line(&s.replace(['\r', '\n'], " ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{result, unreadable};
    use crate::diagnostic::Severity;

    #[test]
    fn one_line_per_finding_with_character_columns() {
        let text = "标题\n一、主要举措和成效\n二、存在的问题\n";
        let r = result(
            "a/报告.txt",
            text,
            &[("rule-a", Severity::Error, "存在", "缺\n原因"), ("rule-b", Severity::Info, "主要", "提示")],
        );
        let out = super::render(&[r, unreadable("b.txt")], false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "a/报告.txt:3:3: 错误[rule-a] 缺 原因");
        assert_eq!(lines[1], "a/报告.txt:2:3: 提示[rule-b] 提示");
        assert_eq!(lines[2], "b.txt: 错误[input] 无法检查：文件不存在");
        assert!(lines[3].starts_with("共检查 2 个文件：1 个错误，0 个警告，1 个提示"), "{}", lines[3]);
        assert_eq!(super::render(&[], true), "");
    }
}

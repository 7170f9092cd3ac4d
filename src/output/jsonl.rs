//! JSON Lines: the objects of the JSON contract (one per file, see `json.rs`), each
//! compact on a line of its own, so a consumer can stream a bulk run.

use super::FileResult;

/// One line per file.
pub fn render(results: &[FileResult]) -> String {
    let mut s = String::new();
    for r in results {
        s.push_str(&super::json::file_line(r));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{result, unreadable};
    use crate::diagnostic::Severity;

    #[test]
    fn each_line_is_the_json_contract_object_of_one_file() {
        let text = "标题\n一、主要举措和成效\n二、存在的问题\n";
        let results = [result("a.txt", text, &[("rule-a", Severity::Warning, "存在", "缺")]), unreadable("b.txt")];
        let out = super::render(&results);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        let array: serde_json::Value = serde_json::from_str(&super::super::json::render(&results)).unwrap();
        for (i, line) in lines.iter().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(v, array[i]);
        }
        assert_eq!(array[0]["diagnostics"][0]["rule"], "rule-a");
        assert_eq!(array[1]["error"], "文件不存在");
    }
}

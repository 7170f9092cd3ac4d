//! SARIF 2.1.0, the format code-scanning dashboards (GitHub, GitLab, Azure DevOps)
//! import: one run whose `tool.driver.rules` documents every rule (message, explanation,
//! help, default level, group) and whose `results` carry every finding with its rule,
//! level and region. Columns are UTF-16 code units, SARIF's default `columnKind`.
//! Files that could not be read become error notifications of the invocation.

use super::FileResult;
use crate::diagnostic::Severity;
use crate::rules::RuleMeta;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The schema URI SARIF files name.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Characters escaped in an artifact URI: everything outside RFC 3986's unreserved set
/// and the path separator.
const URI_ESCAPE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
        Severity::Off => "none",
    }
}

/// Characters escaped in a relative reference: also `:`, so that no first segment
/// reads as a scheme (RFC 3986 §4.2: `javascript:x.txt` would be a URI with a scheme).
const RELATIVE_ESCAPE: &AsciiSet = &URI_ESCAPE.add(b':');

/// A path as given on the command line, as a URI reference: relative paths stay
/// relative (resolved against the repository root by code scanning) with every colon
/// percent-encoded, absolute ones (`/…`, a drive `C:\…`) become `file://` URIs;
/// separators are `/`, other characters percent-encoded.
pub fn artifact_uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let slashed = slashed.strip_prefix("./").unwrap_or(&slashed);
    let b = slashed.as_bytes();
    if slashed.starts_with('/') {
        format!("file://{}", utf8_percent_encode(slashed, URI_ESCAPE))
    } else if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
        // A Windows drive path (C:/…).
        format!("file:///{}", utf8_percent_encode(slashed, URI_ESCAPE))
    } else {
        utf8_percent_encode(slashed, RELATIVE_ESCAPE).to_string()
    }
}

fn rule_value(m: &RuleMeta) -> Value {
    let full = if m.explanation.trim().is_empty() { m.message.clone() } else { m.explanation.trim_end().to_string() };
    json!({
        "id": m.id,
        "name": m.id,
        "shortDescription": { "text": m.message },
        "fullDescription": { "text": full },
        "help": { "text": m.help },
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": { "group": m.group },
    })
}

/// The SARIF log of one run over `results`; `rules` documents every rule that may have run.
pub fn log(results: &[FileResult], rules: &[&RuleMeta]) -> Value {
    let mut rule_values: Vec<Value> = rules.iter().map(|m| rule_value(m)).collect();
    let mut index: HashMap<String, usize> = rules.iter().enumerate().map(|(i, m)| (m.id.clone(), i)).collect();
    let mut out = Vec::new();
    let mut notifications = Vec::new();
    for r in results {
        let uri = artifact_uri(&r.path);
        match &r.outcome {
            Err(e) => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("无法检查 {}：{e}", r.path) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
            })),
            Ok(ok) => {
                let idx = &ok.checked.report.lines;
                for f in &ok.checked.findings {
                    // A finding of a rule missing from the table (none today) still gets an entry.
                    let i = *index.entry(f.rule.clone()).or_insert_with(|| {
                        rule_values.push(json!({ "id": f.rule, "shortDescription": { "text": f.message } }));
                        rule_values.len() - 1
                    });
                    let a = idx.position_utf16(&ok.text, f.span.start);
                    let b = idx.position_utf16(&ok.text, f.span.end);
                    let mut text = f.message.clone();
                    if !f.help.is_empty() {
                        text.push('\n');
                        text.push_str(&f.help);
                    }
                    out.push(json!({
                        "ruleId": f.rule,
                        "ruleIndex": i,
                        "level": level(f.severity),
                        "message": { "text": text },
                        "locations": [{
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri },
                                "region": {
                                    "startLine": a.line,
                                    "startColumn": a.column,
                                    "endLine": b.line,
                                    "endColumn": b.column,
                                },
                            },
                        }],
                    }));
                }
            }
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "fazhi-lint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rule_values,
                },
            },
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": out,
        }],
    })
}

/// The log, pretty-printed.
pub fn render(results: &[FileResult], rules: &[&RuleMeta]) -> String {
    serde_json::to_string_pretty(&log(results, rules)).unwrap_or_else(|_| "{}".into()) + "\n"
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{result, unreadable};
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn uris_are_relative_or_file_uris_and_encoded() {
        assert_eq!(artifact_uri("./报告 1.txt"), "%E6%8A%A5%E5%91%8A%201.txt");
        assert_eq!(artifact_uri("a\\b.txt"), "a/b.txt");
        assert_eq!(artifact_uri("/tmp/a#b.txt"), "file:///tmp/a%23b.txt");
        assert_eq!(artifact_uri("C:\\r.txt"), "file:///C:/r.txt");
        // A colon in a relative name never makes a scheme or a drive (RFC 3986 §4.2).
        assert_eq!(artifact_uri("javascript:alert(1).txt"), "javascript%3Aalert(1).txt");
        assert_eq!(artifact_uri("p:x.txt"), "p%3Ax.txt");
        assert_eq!(artifact_uri("./d/a:b.txt"), "d/a%3Ab.txt");
        assert_eq!(artifact_uri("/tmp/a:b.txt"), "file:///tmp/a:b.txt");
    }

    #[test]
    fn results_point_at_utf16_columns_and_the_rule_table() {
        let rules = RuleSet::embedded().unwrap();
        let metas: Vec<&RuleMeta> = rules.rules.iter().map(|r| &r.meta).collect();
        // 𠀀 is one character but two UTF-16 units: the column after it is 3 in SARIF.
        let text = "标题\n𠀀存在的问题\n";
        let rule = metas[1].id.clone();
        let results = [result("a.txt", text, &[(rule.as_str(), Severity::Warning, "存在", "缺")]), unreadable("b.txt")];
        let v = log(&results, &metas);
        let run = &v["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), metas.len());
        let res = &run["results"][0];
        assert_eq!(res["ruleIndex"], 1);
        assert_eq!(res["level"], "warning");
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64(), region["endColumn"].as_u64()),
            (Some(2), Some(3), Some(5))
        );
        assert_eq!(run["invocations"][0]["executionSuccessful"], false);
        assert!(run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("b.txt"));
    }

    #[test]
    fn a_finding_of_an_unlisted_rule_is_added_to_the_table() {
        let results = [result("a.txt", "标题\n正文\n", &[("custom-rule", Severity::Info, "正文", "提示")])];
        let v = log(&results, &[]);
        assert_eq!(v["runs"][0]["tool"]["driver"]["rules"][0]["id"], "custom-rule");
        assert_eq!(v["runs"][0]["results"][0]["ruleIndex"], 0);
        assert_eq!(v["runs"][0]["results"][0]["level"], "note");
    }
}

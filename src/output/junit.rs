//! JUnit XML, the report format CI servers (Jenkins, GitLab, Azure) display as tests:
//! one `<testsuite>` per file, one `<testcase>` per rule that ran on it, a `<failure>`
//! listing that rule's findings (`path:line:col: severity message`); a file that could
//! not be read is a suite with one `<error>`. Text is XML-escaped, its control and bidi
//! characters shown as the terminal formats show them, and characters XML 1.0 forbids
//! (U+FFFE, U+FFFF) replaced: the report always parses.

use super::FileResult;
use quick_xml::escape::escape;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// Text for XML 1.0: control and bidi characters shown as the terminal formats show them
/// (`␛`, `\u{202E}`: a CI page is read like a terminal), the noncharacters U+FFFE and
/// U+FFFF (which XML 1.0 does not allow, so the report would not parse) as U+FFFD, then
/// escaped. Every character left is one XML 1.0 allows.
fn xml(s: &str) -> String {
    let shown = super::escape::visible(s);
    let clean: String = shown
        .chars()
        .map(|c| if matches!(c, '\u{FFFE}' | '\u{FFFF}') || !xml_char(c) { '\u{FFFD}' } else { c })
        .collect();
    escape(clean.as_str()).into_owned()
}

/// A character XML 1.0 allows (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// An escaped attribute value: line breaks and tabs as character references, which
/// attribute-value normalisation would otherwise turn into spaces.
fn attr(s: &str) -> String {
    xml(s).replace('\t', "&#9;").replace('\n', "&#10;").replace('\r', "&#13;")
}

/// The whole report. `ran[i]` lists the rules that ran on `results[i]` (a rule with a
/// finding is a test case even when missing there).
pub fn render(results: &[FileResult], ran: &[Vec<String>]) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for (i, r) in results.iter().enumerate() {
        // One line per finding in the failure body: a line break in a name must not forge one.
        let shown = super::escape::one_line(&r.path);
        let path = xml(&shown);
        match &r.outcome {
            Err(e) => {
                tests += 1;
                errors += 1;
                let _ = writeln!(
                    suites,
                    "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase name=\"input\" classname=\"{path}\" file=\"{path}\">\n      <error type=\"input\" message=\"{}\"/>\n    </testcase>\n  </testsuite>",
                    attr(&format!("无法检查：{e}"))
                );
            }
            Ok(ok) => {
                // The findings of each rule (in order), and the rules: those that ran,
                // then any other with a finding. Maps, so that 50,000 rules stay linear.
                let mut by_rule: HashMap<&str, Vec<&crate::diagnostic::Finding>> = HashMap::new();
                for f in &ok.checked.findings {
                    by_rule.entry(f.rule.as_str()).or_default().push(f);
                }
                let mut rules: Vec<&str> =
                    ran.get(i).map(|v| v.iter().map(String::as_str).collect()).unwrap_or_default();
                let mut listed: HashSet<&str> = rules.iter().copied().collect();
                for f in &ok.checked.findings {
                    if listed.insert(f.rule.as_str()) {
                        rules.push(&f.rule);
                    }
                }
                let mut cases = String::new();
                let mut failed = 0;
                for rule in &rules {
                    let found: &[&crate::diagnostic::Finding] = by_rule.get(rule).map_or(&[], Vec::as_slice);
                    let name = xml(rule);
                    if found.is_empty() {
                        let _ = writeln!(cases, "    <testcase name=\"{name}\" classname=\"{path}\" file=\"{path}\"/>");
                        continue;
                    }
                    failed += 1;
                    let worst = found.iter().map(|f| f.severity).max().map(|s| s.as_str()).unwrap_or("error");
                    let message = if found.len() == 1 {
                        found[0].message.clone()
                    } else {
                        format!("{} 处：{}", found.len(), found[0].message)
                    };
                    let mut body = String::new();
                    for f in found {
                        let p = ok.checked.report.lines.position(&ok.text, f.span.start);
                        let _ = writeln!(
                            body,
                            "{}:{}:{}: {} {}",
                            shown,
                            p.line,
                            p.column,
                            f.severity.as_str(),
                            super::escape::visible(&f.message)
                        );
                        if !f.help.is_empty() {
                            let _ = writeln!(body, "  {}", f.help);
                        }
                    }
                    let _ = writeln!(
                        cases,
                        "    <testcase name=\"{name}\" classname=\"{path}\" file=\"{path}\">\n      <failure type=\"{worst}\" message=\"{}\">{}</failure>\n    </testcase>",
                        attr(&message),
                        xml(&body)
                    );
                }
                tests += rules.len();
                failures += failed;
                let _ = write!(
                    suites,
                    "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
                    rules.len()
                );
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"fazhi-lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{result, unreadable};
    use crate::diagnostic::Severity;
    use quick_xml::events::Event;

    /// An element's name and attributes.
    type Element = (String, Vec<(String, String)>);

    /// Every start or empty element, and all text, parsed back.
    fn parse(xml: &str) -> (Vec<Element>, String) {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut elements = Vec::new();
        let mut text = String::new();
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) | Event::Empty(e) => {
                    let attrs = e
                        .attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            (
                                AsRef::<str>::as_ref(&a.key).to_string(),
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned(),
                            )
                        })
                        .collect();
                    elements.push((AsRef::<str>::as_ref(&e.name()).to_string(), attrs));
                }
                Event::Text(t) => text.push_str(&t),
                Event::GeneralRef(r) => {
                    let name = r.into_inner().into_owned();
                    text.push_str(quick_xml::escape::resolve_predefined_entity(&name).expect("predefined entity"));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        (elements, text)
    }

    fn attribute<'a>(el: &'a Element, key: &str) -> &'a str {
        el.1.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap()
    }

    #[test]
    fn suites_per_file_cases_per_rule_failures_per_finding() {
        let text = "标题\n一、主要<举措>&成效\n二、存在的问题\n";
        let results = [
            result(
                "a&b.txt",
                text,
                &[
                    ("rule-a", Severity::Error, "<举措>&", "缺\"引号\"<x>\n次行\u{1}"),
                    ("rule-a", Severity::Warning, "存在", "二"),
                ],
            ),
            unreadable("c.txt"),
        ];
        let ran = vec![vec!["rule-a".to_string(), "rule-b".to_string()], vec![]];
        let out = super::render(&results, &ran);
        let (els, text) = parse(&out);
        let names: Vec<&str> = els.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(
            names,
            ["testsuites", "testsuite", "testcase", "failure", "testcase", "testsuite", "testcase", "error"]
        );
        assert_eq!(
            (attribute(&els[0], "tests"), attribute(&els[0], "failures"), attribute(&els[0], "errors")),
            ("3", "1", "1")
        );
        assert_eq!(attribute(&els[1], "name"), "a&b.txt");
        assert_eq!(attribute(&els[2], "name"), "rule-a");
        assert_eq!(attribute(&els[3], "type"), "error");
        // Attributes too show a control character (␁) rather than drop it.
        assert_eq!(attribute(&els[3], "message"), "2 处：缺\"引号\"<x>\n次行␁");
        assert_eq!(attribute(&els[4], "name"), "rule-b");
        assert_eq!(attribute(&els[7], "message"), "无法检查：文件不存在");
        // In the body a control character is shown (␁), as in every text format.
        assert!(text.contains("a&b.txt:2:5: error 缺\"引号\"<x>\n次行␁\n  帮助\na&b.txt:3:3: warning 二\n"), "{text}");
    }
}

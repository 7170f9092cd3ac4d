//! The workflow contract of `check`: exit codes, machine formats (SARIF, GitHub
//! annotations, JUnit, JSON Lines, concise), configuration discovery and errors, the
//! command-line options that mirror it, `--fix`/`--diff`, `init`, completions and man.
//! Reports are short synthetic texts written to temporary folders.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    let mut c = Command::cargo_bin("fazhi-lint").unwrap();
    c.env_remove("NO_COLOR");
    c
}

/// A report with every required part: no finding.
const CLEAN: &str = "青山县市场监督管理局2023年法治政府建设情况报告\n\n\
2023年，我局坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下。\n\
一、2023年推进法治政府建设的主要举措和成效\n\
（一）健全依法决策机制。全年审查重大行政决策3件。\n\
二、存在的不足和原因\n\
一是执法人员专业能力有待提升；二是普法宣传形式较为单一。究其原因，主要是培训投入不足。\n\
三、党政主要负责人履行推进法治建设第一责任人职责情况\n\
局主要负责人带头学法，主持召开专题会议研究法治建设工作。\n\
四、2024年推进法治政府建设的工作安排\n\
一是加强执法队伍建设；二是创新普法宣传方式。\n";

/// No shortcomings part and no lead part (errors), no 习近平法治思想 (a warning).
const BAD: &str = "青山县市场监督管理局2023年法治政府建设情况报告\n\n\
一、主要举措和成效\n\
全年审查重大行政决策3件。\n\
二、下一步工作打算\n\
加强执法队伍建设。\n";

/// A folder with `clean.txt` and `bad.txt` (and a sub-folder `sub/` with another bad one).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("clean.txt"), CLEAN).unwrap();
    std::fs::write(dir.path().join("bad.txt"), BAD).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/bad.txt"), BAD).unwrap();
    dir
}

fn rules_of(out: &[u8]) -> Vec<String> {
    let v: Value = serde_json::from_slice(out).expect("JSON");
    v.as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["diagnostics"].as_array().into_iter().flatten().map(|d| d["rule"].as_str().unwrap().to_string())
        })
        .collect()
}

fn run_json(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let out = bin().current_dir(dir).args(["check", "--format", "json"]).args(args).output().unwrap();
    (out.status.code().unwrap(), rules_of(&out.stdout))
}

#[test]
fn exit_codes_are_the_contract() {
    let p = project();
    bin().current_dir(p.path()).args(["check", "clean.txt"]).assert().code(0);
    bin().current_dir(p.path()).args(["check", "bad.txt"]).assert().code(1);
    bin()
        .current_dir(p.path())
        .args(["check", "--no-such-flag", "clean.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-such-flag"));
    bin().current_dir(p.path()).args(["check", "--format", "xml", "clean.txt"]).assert().code(2);
    // Only warnings left: 0 by default, 1 from --fail-level warning, 0 with never.
    bin()
        .current_dir(p.path())
        .args(["check", "--ignore", "missing-problems,missing-lead-responsibility", "bad.txt"])
        .assert()
        .code(0);
    let only_warning = ["check", "--select", "missing-xi-thought-study", "bad.txt"];
    bin().current_dir(p.path()).args(only_warning).assert().code(0);
    bin().current_dir(p.path()).args(only_warning).args(["--fail-level", "warning"]).assert().code(1);
    bin().current_dir(p.path()).args(["check", "--fail-level", "never", "bad.txt"]).assert().code(0);
}

#[test]
fn ignore_on_the_command_line_and_in_a_discovered_config_remove_the_rule() {
    let p = project();
    let (_, all) = run_json(p.path(), &["bad.txt"]);
    assert!(all.contains(&"missing-problems".to_string()), "{all:?}");
    let (_, ignored) = run_json(p.path(), &["--ignore", "missing-problems", "bad.txt"]);
    assert!(!ignored.contains(&"missing-problems".to_string()));
    assert_eq!(ignored.len(), all.len() - 1);

    // A config in the folder above the file is found from the file's folder.
    std::fs::write(p.path().join("fazhi-lint.yaml"), "ignore: [missing-problems]\n").unwrap();
    let (_, from_config) = run_json(p.path(), &["bad.txt", "sub/bad.txt"]);
    assert!(!from_config.contains(&"missing-problems".to_string()), "{from_config:?}");
    assert_eq!(from_config.len(), 2 * (all.len() - 1));
    // Nearest wins: sub/ has its own config, which ignores nothing.
    std::fs::write(p.path().join("sub/fazhi-lint.yaml"), "ignore: []\n").unwrap();
    let (_, nearest) = run_json(p.path(), &["bad.txt", "sub/bad.txt"]);
    assert_eq!(nearest.iter().filter(|r| *r == "missing-problems").count(), 1);
    // --no-config reads none; --config FILE uses that one for every file.
    let (_, none) = run_json(p.path(), &["--no-config", "bad.txt"]);
    assert_eq!(none, all);
    let (_, given) = run_json(p.path(), &["--config", "fazhi-lint.yaml", "sub/bad.txt"]);
    assert!(!given.contains(&"missing-problems".to_string()));
}

#[test]
fn config_keys_apply_severity_fail_level_year_and_per_file_ignores() {
    let p = project();
    std::fs::write(
        p.path().join("fazhi-lint.yaml"),
        "severity:\n  missing-xi-thought-study: error\n  structure: info\nfail-level: warning\nper-file-ignores:\n  \"sub/*.txt\": [ALL]\n",
    )
    .unwrap();
    let out =
        bin().current_dir(p.path()).args(["check", "--format", "json", "bad.txt", "sub/bad.txt"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sev: Vec<(&str, &str)> = v[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert!(sev.contains(&("missing-xi-thought-study", "error")), "{sev:?}");
    assert!(sev.contains(&("missing-problems", "info")), "{sev:?}");
    assert_eq!(v[1]["diagnostics"].as_array().unwrap().len(), 0, "sub/*.txt ignores everything");
    assert_eq!(out.status.code(), Some(1));
    // --fail-level on the command line wins over the config.
    bin().current_dir(p.path()).args(["check", "--fail-level", "never", "bad.txt"]).assert().code(0);
    // year: a report on 2019 is not asked about 习近平法治思想 (a rule since 2020).
    std::fs::write(p.path().join("fazhi-lint.yaml"), "year: 2019\n").unwrap();
    let (_, rules) = run_json(p.path(), &["bad.txt"]);
    assert!(!rules.contains(&"missing-xi-thought-study".to_string()), "{rules:?}");
    let (_, rules) = run_json(p.path(), &["--year", "2023", "bad.txt"]);
    assert!(rules.contains(&"missing-xi-thought-study".to_string()), "--year overrides the config");
}

#[test]
fn a_typo_in_the_config_is_reported_with_its_line() {
    let p = project();
    std::fs::write(p.path().join("fazhi-lint.yaml"), "select: []\nignroe: [missing-problems]\n").unwrap();
    bin()
        .current_dir(p.path())
        .args(["check", "--color", "never", "bad.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("fazhi-lint.yaml 第 2 行第 1 列"));
    std::fs::write(p.path().join("fazhi-lint.yaml"), "ignore:\n  - missing-problem\n").unwrap();
    bin()
        .current_dir(p.path())
        .args(["check", "bad.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("第 2 行").and(predicate::str::contains("missing-problem”")));
    std::fs::write(p.path().join("fazhi-lint.yaml"), "severity:\n  missing-problems: fatal\n").unwrap();
    bin().current_dir(p.path()).args(["check", "bad.txt"]).assert().code(2).stderr(predicate::str::contains("第 2 行"));
    bin()
        .current_dir(p.path())
        .args(["check", "--config", "missing.yaml", "bad.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.yaml"));
    bin().current_dir(p.path()).args(["check", "--ignore", "no-such-rule", "--no-config", "bad.txt"]).assert().code(2);
}

#[test]
fn config_rules_are_relative_to_the_config_file() {
    let p = project();
    std::fs::create_dir(p.path().join("my-rules")).unwrap();
    let rule = "rules:\n  - id: missing-problems\n    kind: required-part\n    part: problems\n    group: custom\n    severity: info\n    message: 自定义\n    help: 补\n    explanation: 因\n";
    std::fs::write(p.path().join("my-rules/x.yaml"), rule).unwrap();
    std::fs::write(p.path().join("sub/fazhi-lint.yaml"), "rules: [../my-rules]\nselect: [custom]\n").unwrap();
    let out =
        bin().current_dir(p.path().join("sub")).args(["check", "--format", "concise", "bad.txt"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("提示[missing-problems] 自定义"), "{s}");
    assert_eq!(s.lines().count(), 2, "{s}");
}

/// Required SARIF 2.1.0 structure (the schema's required properties and types for the
/// objects emitted) and every result's rule index consistent with the rule table.
fn assert_sarif(v: &Value) {
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "fazhi-lint");
    let rules = driver["rules"].as_array().unwrap();
    for r in rules {
        assert!(r["id"].is_string());
        for k in ["shortDescription", "fullDescription", "help"] {
            assert!(r[k]["text"].is_string(), "{k} of {}", r["id"]);
        }
        assert!(["none", "note", "warning", "error"].contains(&r["defaultConfiguration"]["level"].as_str().unwrap()));
        assert!(r["properties"]["group"].is_string());
    }
    for res in runs[0]["results"].as_array().unwrap() {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], res["ruleId"]);
        assert!(["none", "note", "warning", "error"].contains(&res["level"].as_str().unwrap()));
        assert!(res["message"]["text"].is_string());
        let loc = &res["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].is_string());
        let region = &loc["region"];
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[k].as_u64().unwrap() >= 1, "{k}");
        }
        assert!(
            (region["endLine"].as_u64(), region["endColumn"].as_u64())
                >= (region["startLine"].as_u64(), region["startColumn"].as_u64())
        );
    }
}

#[test]
fn machine_formats_carry_every_finding() {
    let p = project();
    let files = ["bad.txt", "clean.txt", "sub/bad.txt", "gone.txt"];
    let (_, expected) = run_json(p.path(), &files);
    assert!(expected.len() >= 6, "{expected:?}");

    let out = bin().current_dir(p.path()).args(["check", "--format", "sarif"]).args(files).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an unreadable file");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_sarif(&v);
    let ids: Vec<&str> =
        v["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["ruleId"].as_str().unwrap()).collect();
    assert_eq!(ids, expected);
    assert_eq!(v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "bad.txt");
    assert!(v["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("gone.txt"));

    let out = bin().current_dir(p.path()).args(["check", "--format", "github"]).args(files).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    let titles: Vec<&str> = s
        .lines()
        .filter(|l| l.contains("line="))
        .map(|l| l.split("title=").nth(1).unwrap().split("::").next().unwrap())
        .collect();
    assert_eq!(titles, expected);
    assert!(
        s.lines().all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")),
        "{s}"
    );
    assert!(s.contains("::error file=gone.txt,"));

    let out = bin().current_dir(p.path()).args(["check", "--format", "jsonl"]).args(files).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = s.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    let from_lines: Vec<String> = lines
        .iter()
        .flat_map(|f| {
            f["diagnostics"].as_array().into_iter().flatten().map(|d| d["rule"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(from_lines, expected);

    let out = bin().current_dir(p.path()).args(["check", "--format", "junit"]).args(files).output().unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut suites, mut failures, mut errors) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed JUnit XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let name = e.name();
                match AsRef::<str>::as_ref(&name) {
                    "testsuite" => suites += 1,
                    "failure" => failures += 1,
                    "error" => errors += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    // One failure per rule that found something in a file (each finding here is its rule's only one in its file).
    let json = bin().current_dir(p.path()).args(["check", "--format", "json"]).args(files).output().unwrap();
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let distinct: usize = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["diagnostics"]
                .as_array()
                .map(|d| d.iter().map(|x| x["rule"].as_str().unwrap()).collect::<std::collections::BTreeSet<_>>().len())
                .unwrap_or(0)
        })
        .sum();
    assert_eq!((suites, failures, errors), (4, distinct, 1));

    let out =
        bin().current_dir(p.path()).args(["check", "--format", "concise", "--quiet"]).args(files).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert_eq!(s.lines().count(), expected.len() + 1, "{s}");
    assert!(s.lines().next().unwrap().starts_with("bad.txt:"), "{s}");
}

#[test]
fn output_file_statistics_quiet_and_colour() {
    let p = project();
    bin()
        .current_dir(p.path())
        .args(["check", "--format", "sarif", "--output-file", "out.sarif", "bad.txt"])
        .assert()
        .code(1)
        .stdout("");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(p.path().join("out.sarif")).unwrap()).unwrap();
    assert_sarif(&v);

    bin()
        .current_dir(p.path())
        .args(["check", "--statistics", "bad.txt", "sub/bad.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_match(r"(?m)^\s+2  missing-problems\s+error").unwrap());

    bin()
        .current_dir(p.path())
        .args(["check", "--quiet", "bad.txt"])
        .assert()
        .stdout(predicate::str::is_match(r"^共检查 1 个文件：2 个错误，\d+ 个警告，\d+ 个提示\n$").unwrap());
    bin()
        .current_dir(p.path())
        .args(["check", "--color", "always", "bad.txt"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
    bin()
        .current_dir(p.path())
        .args(["check", "--color", "never", "bad.txt"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
    bin()
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .args(["check", "bad.txt"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn streamed_output_keeps_file_order_and_reports_an_unwritable_output_file() {
    // Enough files that the workers finish them out of order.
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for i in 0..60 {
        let name = format!("d{}/r{i:02}.txt", i % 3);
        std::fs::create_dir_all(dir.path().join(format!("d{}", i % 3))).unwrap();
        std::fs::write(dir.path().join(&name), if i % 4 == 0 { CLEAN } else { BAD }).unwrap();
        names.push(name);
    }
    names.sort();
    let out = bin().current_dir(dir.path()).args(["check", "--format", "json", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON array");
    let paths: Vec<String> =
        v.as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().replace('\\', "/")).collect();
    let want: Vec<String> = names.iter().map(|n| format!("./{n}")).collect();
    assert_eq!(paths, want);
    bin()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "--output-file", "all.json", "."])
        .assert()
        .code(1)
        .stdout("");
    assert_eq!(std::fs::read(dir.path().join("all.json")).unwrap(), out.stdout);

    // The human format ends with its one summary line.
    let human = bin().current_dir(dir.path()).args(["check", "--color", "never", "."]).output().unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.ends_with("个提示\n") && text.matches("共检查 60 个文件").count() == 1, "{text}");

    // Nothing to check: an empty array.
    let empty = tempfile::tempdir().unwrap();
    bin().current_dir(empty.path()).args(["check", "--format", "json", "."]).assert().code(0).stdout("[]\n");

    bin()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "--output-file", "no/such/dir/out.json", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/dir/out.json"));
}

#[test]
fn fix_and_diff_leave_files_without_fixes_byte_for_byte() {
    let p = project();
    // CRLF and GB18030: nothing to fix today, so nothing may change.
    let crlf = BAD.replace('\n', "\r\n");
    let (gb, _, _) = encoding_rs::GB18030.encode(&crlf);
    let path: PathBuf = p.path().join("gb.txt");
    std::fs::write(&path, &gb).unwrap();
    bin().current_dir(p.path()).args(["check", "--diff", "gb.txt"]).assert().code(0).stdout("");
    bin()
        .current_dir(p.path())
        .args(["check", "--fix", "--format", "concise", "gb.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("已修复 0 处"));
    assert_eq!(std::fs::read(&path).unwrap(), gb.to_vec());
}

#[test]
fn init_writes_a_valid_config_and_refuses_to_overwrite() {
    let p = project();
    bin().current_dir(p.path()).args(["init"]).assert().code(0);
    let text = std::fs::read_to_string(p.path().join("fazhi-lint.yaml")).unwrap();
    assert!(text.starts_with("# fazhi-lint 配置文件"));
    // The defaults change nothing.
    let (code, rules) = run_json(p.path(), &["bad.txt"]);
    let (_, without) = run_json(p.path(), &["--no-config", "bad.txt"]);
    assert_eq!((code, &rules), (1, &without));
    bin().current_dir(p.path()).args(["init"]).assert().code(2).stderr(predicate::str::contains("已存在"));
    assert_eq!(std::fs::read_to_string(p.path().join("fazhi-lint.yaml")).unwrap(), text);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        bin()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("fazhi-lint"))
            .stdout(predicate::str::contains("fail-level"));
    }
    bin().args(["completions", "tcsh"]).assert().code(2);
    bin()
        .arg("man")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(".TH fazhi-lint 1"))
        .stdout(predicate::str::contains("completions"));
}

/// Issue #5 done-when: `check --fix --select conversion-artifact` removes exactly
/// `[bookmark: _GoBack]` and nothing else (byte for byte, CRLF kept, GB18030 kept), and
/// the re-check no longer reports it.
#[test]
fn fix_removes_exactly_the_conversion_artifact() {
    let dir = tempfile::tempdir().unwrap();
    let original = "某县司法局2023年度法治政府建设情况报告\r\n一、主要举措和成效\r\n[bookmark: _GoBack]（一）完善制度。全年修订制度5件。\r\n二、存在的不足\r\n宣传不够。\r\n";
    let expected = original.replacen("[bookmark: _GoBack]", "", 1);
    let utf8 = dir.path().join("utf8.txt");
    std::fs::write(&utf8, original).unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(original);
    let gbk = dir.path().join("gbk.txt");
    std::fs::write(&gbk, &gb).unwrap();

    bin().args(["check", "--fix", "--select", "conversion-artifact"]).arg(&utf8).arg(&gbk).assert().code(0);
    assert_eq!(std::fs::read(&utf8).unwrap(), expected.as_bytes());
    let (gb_expected, _, _) = encoding_rs::GB18030.encode(&expected);
    assert_eq!(std::fs::read(&gbk).unwrap(), gb_expected.into_owned());

    let out = bin()
        .args(["check", "--format", "json", "--select", "conversion-artifact"])
        .arg(&utf8)
        .arg(&gbk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(rules_of(&out.stdout).is_empty());
}

/// Every output path of `check` (streamed: human, concise, json, jsonl, github; kept
/// whole: sarif, junit, `--statistics`) gives the same exit code and the same fix
/// summary for the same files.
#[test]
fn every_format_computes_the_same_exit_code_and_fix_summary() {
    let p = project();
    let fixable = "某县司法局2023年度法治政府建设情况报告\n一、主要举措和成效\n[bookmark: _GoBack]（一）完善制度。\n";
    let formats = ["human", "concise", "json", "jsonl", "sarif", "github", "junit"];
    for format in formats {
        for statistics in [false, true] {
            let run = |args: &[&str]| {
                let mut c = bin();
                c.current_dir(p.path()).args(["check", "--format", format]);
                if statistics {
                    c.arg("--statistics");
                }
                c.args(args).output().unwrap()
            };
            let code = |args: &[&str]| run(args).status.code().unwrap();
            let what = format!("{format}, statistics {statistics}");
            assert_eq!(code(&["clean.txt"]), 0, "{what}");
            assert_eq!(code(&["bad.txt", "clean.txt"]), 1, "{what}");
            assert_eq!(code(&["--fail-level", "never", "bad.txt"]), 0, "{what}");
            assert_eq!(code(&["--select", "missing-xi-thought-study", "bad.txt"]), 0, "{what}");
            assert_eq!(
                code(&["--select", "missing-xi-thought-study", "--fail-level", "warning", "bad.txt"]),
                1,
                "{what}"
            );
            assert_eq!(code(&["clean.txt", "no-such-file.txt", "bad.txt"]), 2, "{what}");

            std::fs::write(p.path().join("fix.txt"), fixable).unwrap();
            let out = run(&["--fix", "--select", "conversion-artifact", "fix.txt", "clean.txt"]);
            assert_eq!(out.status.code(), Some(0), "{what}");
            assert_eq!(String::from_utf8_lossy(&out.stderr), "已修复 1 处（1 个文件）\n", "{what}");
            assert!(!std::fs::read_to_string(p.path().join("fix.txt")).unwrap().contains("[bookmark"), "{what}");

            std::fs::write(p.path().join("fix.txt"), fixable).unwrap();
            let out = run(&["--diff", "--select", "conversion-artifact", "fix.txt", "clean.txt"]);
            assert_eq!(out.status.code(), Some(1), "{what}");
            assert_eq!(String::from_utf8_lossy(&out.stderr), "可自动修复 1 处（1 个文件）；未写入文件\n", "{what}");
            assert!(String::from_utf8_lossy(&out.stdout).contains("-[bookmark: _GoBack]"), "{what}");
            assert_eq!(std::fs::read_to_string(p.path().join("fix.txt")).unwrap(), fixable, "{what}");
        }
    }
}

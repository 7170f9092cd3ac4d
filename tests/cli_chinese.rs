//! The Chinese interface has no English left (issue #25): help placeholders, the rule
//! list, `explain`, concise output, YAML errors, the man page (rendered by groff) and
//! the shell completions (run by bash) are Chinese, and completions offer only commands
//! that exist and work.

use assert_cmd::Command;
use regex::Regex;

fn bin() -> Command {
    Command::cargo_bin("fazhi-lint").unwrap()
}

fn run(args: &[&str]) -> (String, String, Option<i32>) {
    let out = bin().args(args).output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap(), out.status.code())
}

/// The visible commands, from the top-level help.
fn commands() -> Vec<String> {
    let (help, _, _) = run(&["--help"]);
    help.split("命令：\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

#[test]
fn help_has_chinese_placeholders_only() {
    let placeholder = Regex::new(r"[<\[][A-Z][A-Z_|]+[>\]](\.\.\.)?").unwrap();
    let cmds = commands();
    assert!(cmds.len() >= 10 && !cmds.contains(&"eval".to_string()) && !cmds.contains(&"help".to_string()), "{cmds:?}");
    let mut all = vec![run(&["--help"]).0];
    for c in &cmds {
        let (out, err, code) = run(&[c, "--help"]);
        assert_eq!(code, Some(0), "{c}: {err}");
        all.push(out);
    }
    for help in &all {
        let found: Vec<&str> = placeholder.find_iter(help).map(|m| m.as_str()).collect();
        assert!(found.is_empty(), "English placeholders {found:?} in:\n{help}");
        assert!(
            !help.contains("Possible values") && !help.contains("[default:") && !help.contains("Print help"),
            "{help}"
        );
    }
    let check = &all[1 + cmds.iter().position(|c| c == "check").unwrap()];
    assert!(
        check.contains("[路径]...") && check.contains("--rules <文件|目录>") && check.contains("--max-bytes <字节数>"),
        "{check}"
    );
}

#[test]
fn rules_explain_and_concise_output_are_chinese() {
    let (list, _, _) = run(&["rules"]);
    let rows: Vec<&str> = list.lines().filter(|l| l.contains('-') && !l.starts_with("规则组")).collect();
    assert!(rows.len() > 20);
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(["错误", "警告", "提示"].contains(&cols[1]), "{row}");
        assert!(!cols[2].is_ascii(), "{row}");
    }
    assert!(!list.contains(" warning ") && !list.contains(" structure "), "{list}");
    assert!(list.contains("结构（structure）"), "{list}");
    let (explain, _, _) = run(&["explain", "missing-problems"]);
    assert!(explain.starts_with("missing-problems（错误，结构）"), "{explain}");
    let (concise, _, _) = run(&["check", "--format", "concise", "--no-config", "examples/sample-report.txt"]);
    let line = Regex::new(r"^examples/sample-report\.txt:\d+:\d+: (错误|警告|提示)\[[a-z-]+\] \S").unwrap();
    let findings: Vec<&str> = concise.lines().filter(|l| l.starts_with("examples/")).collect();
    assert!(!findings.is_empty() && findings.iter().all(|l| line.is_match(l)), "{concise}");
}

#[test]
fn yaml_errors_are_chinese() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fazhi-lint.yaml"), "ignroe: [x]\n").unwrap();
    std::fs::copy("examples/sample-report.txt", dir.path().join("r.txt")).unwrap();
    let out = bin().current_dir(dir.path()).args(["check", "r.txt"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    // The terminal renderer wraps the message: compare it without the frame.
    let flat: String = err.lines().map(|l| l.trim_start_matches([' ', '│', '×']).trim_end()).collect();
    assert!(flat.contains("未知的键 “ignroe”（可用的键：select、ignore"), "{err}");
    assert!(!err.contains("unknown field") && !err.contains("expected one of"), "{err}");
    std::fs::write(dir.path().join("r.yaml"), "rules:\n  - id: x-y\n    kind: pattern\n    severty: error\n").unwrap();
    let out =
        bin().current_dir(dir.path()).args(["check", "--no-config", "--rules", "r.yaml", "r.txt"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("未知的键 “severty”") && !err.contains("unknown field"), "{err}");
}

#[test]
fn the_man_page_is_chinese_and_cites_no_missing_page() {
    let (page, _, code) = run(&["man"]);
    assert_eq!(code, Some(0));
    for english in ["Print help", "Print version", ".SH NAME", ".SH SYNOPSIS", "Possible values", "[default:"] {
        assert!(!page.contains(english), "{english} in the man page");
    }
    let cited = Regex::new(r"fazhi\\-lint\\-[a-z]+\(1\)").unwrap();
    assert!(!cited.is_match(&page), "the page cites pages that do not exist");
    for c in commands() {
        assert!(page.contains(&format!(".SH \"命令：fazhi-lint {c}\"")), "no section for {c}");
    }
    assert!(!page.contains("fazhi-lint eval"), "hidden commands stay hidden");
    // groff renders it without complaint.
    if let Ok(out) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(page.as_bytes())?;
            child.wait_with_output()
        })
    {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn bash_completion_offers_commands_that_work() {
    let (script, _, code) = run(&["completions", "bash"]);
    assert_eq!(code, Some(0));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fazhi-lint.bash");
    std::fs::write(&file, script).unwrap();
    // bash completes the first word after the command name.
    let probe = format!(
        "source {}; COMP_WORDS=(fazhi-lint ''); COMP_CWORD=1; COMP_LINE='fazhi-lint '; COMP_POINT=11; _fazhi__lint fazhi-lint '' fazhi-lint; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let Ok(out) = std::process::Command::new("bash").args(["-c", &probe]).output() else {
        eprintln!("note: bash not available; skipping");
        return;
    };
    let offered: Vec<String> =
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).filter(|w| !w.starts_with('-')).collect();
    assert!(!offered.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut want = commands();
    want.sort();
    let mut got = offered.clone();
    got.sort();
    assert_eq!(got, want);
    for c in &offered {
        let (_, err, code) = run(&[c, "--help"]);
        assert_eq!(code, Some(0), "{c}: {err}");
    }
    let eval = Regex::new(r"\beval\b").unwrap();
    for sh in ["zsh", "fish", "powershell", "elvish"] {
        let (s, _, code) = run(&["completions", sh]);
        assert_eq!(code, Some(0), "{sh}");
        assert!(!eval.is_match(&s), "{sh} offers the hidden eval");
    }
}

//! Micro-benchmarks of each pipeline stage on synthetic reports: decode, parse, parts +
//! rules, JSON output. `cargo bench --bench pipeline`.
//!
//! The whole-process comparison with ripgrep is `scripts/bench.sh`.

use fazhi_lint::output::{json, CheckedFile, FileResult};
use fazhi_lint::{check_text, RuleSet, Settings};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn rules() -> &'static RuleSet {
    static R: OnceLock<RuleSet> = OnceLock::new();
    R.get_or_init(|| RuleSet::embedded().expect("embedded rules"))
}

/// A report of realistic size (~8 KB), built from the test fixtures.
fn sample() -> &'static String {
    static S: OnceLock<String> = OnceLock::new();
    S.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/core/");
        let base = std::fs::read_to_string(format!("{dir}standard.txt")).expect("fixture");
        let extra = std::fs::read_to_string(format!("{dir}topical.txt")).expect("fixture");
        let mut s = base.clone();
        while s.len() < 8_000 {
            s.push_str(&extra);
        }
        s
    })
}

#[divan::bench]
fn decode_utf8(b: divan::Bencher) {
    let bytes = sample().as_bytes().to_vec();
    b.counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| fazhi_lint::input::decode_bytes(divan::black_box(&bytes), "r.txt").map(|d| d.text.len()));
}

#[divan::bench]
fn decode_gb18030(b: divan::Bencher) {
    let (gb, _, _) = encoding_rs::GB18030.encode(sample());
    let bytes = gb.into_owned();
    b.counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| fazhi_lint::input::decode_bytes(divan::black_box(&bytes), "r.txt").map(|d| d.text.len()));
}

#[divan::bench]
fn parse(b: divan::Bencher) {
    let text = sample();
    let cfg = &rules().document;
    b.counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| fazhi_lint::parse::parse(divan::black_box(text), cfg).sections.len());
}

#[divan::bench]
fn check(b: divan::Bencher) {
    let text = sample();
    b.counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| check_text(divan::black_box(text), rules(), &Settings::default()).findings.len());
}

#[divan::bench]
fn json_output(b: divan::Bencher) {
    let text = sample().clone();
    let checked = check_text(&text, rules(), &Settings::default());
    let r = FileResult { path: "r.txt".into(), outcome: Ok(CheckedFile { text, checked, doc: Default::default() }) };
    b.bench(|| json::file_value(divan::black_box(&r)).to_string().len());
}

#[divan::bench]
fn load_embedded_rules() -> usize {
    RuleSet::embedded().map(|r| r.rules.len()).unwrap_or(0)
}

/// Position mapping on one long line (issue 15: a 32 MiB single line within 10× a 4 MiB
/// one): the index is built once, then 1,000 findings spread over the line are mapped
/// to line and column. Linear: the 32 MiB run costs ~8× the 4 MiB one (index build),
/// the per-finding part stays constant.
#[divan::bench(args = [4, 32], sample_count = 3, sample_size = 1)]
fn long_line_positions(b: divan::Bencher, mib: usize) {
    let line = "法治a".repeat(mib * 1024 * 1024 / 7);
    b.counter(divan::counter::BytesCount::new(line.len())).bench(|| {
        let idx = fazhi_lint::span::LineIndex::new(divan::black_box(&line));
        let step = line.len() / 1000;
        (0..1000).map(|k| idx.position(&line, k * step).column).sum::<usize>()
    });
}

/// Folders of `n` user rules in files of 5,000, with a file extending each rule once.
fn user_rule_folder(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for file in 0..n.div_ceil(5_000) {
        let mut rules = String::from("rules:\n");
        let mut extends = String::from("rules:\n");
        for i in file * 5_000..((file + 1) * 5_000).min(n) {
            rules.push_str(&format!(
                "  - id: user-rule-{i}\n    kind: pattern\n    severity: info\n    message: 规则{i}\n    help: 改\n    explanation: 因\n    find: [词语{i}号]\n"
            ));
            extends.push_str(&format!("  - extend: user-rule-{i}\n    find: [别称{i}号]\n"));
        }
        std::fs::write(dir.path().join(format!("a{file:03}.yaml")), rules).expect("rule file");
        std::fs::write(dir.path().join(format!("b{file:03}.yaml")), extends).expect("rule file");
    }
    dir
}

/// Loading 10,000 and 50,000 user rules, each extended once (issue 26: merging looked
/// ids up in a list and each `extend:` searched its file's text: 50,000 rules took
/// 12–18 s). Linear: the 50,000 run costs about 5× the 10,000 one.
#[divan::bench(args = [10_000, 50_000], sample_count = 3, sample_size = 1)]
fn load_user_rules(b: divan::Bencher, n: usize) {
    let dir = user_rule_folder(n);
    let paths = [dir.path().to_path_buf()];
    b.bench(|| RuleSet::with_user_files(divan::black_box(&paths)).map(|r| r.rules.len()).unwrap_or(0));
}

/// A report whose line breaks were lost: the title, then one line of `mib` MiB (the
/// fixture's text run together, repeated, inline 一、 and （一） headings, a conversion
/// artifact in each copy: thousands of findings on the one line).
fn single_line_report(mib: usize) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/core/");
    let base = std::fs::read_to_string(format!("{dir}standard.txt")).expect("fixture");
    let (title, body) = base.split_once('\n').expect("a title line");
    let copy = body.replace('\n', "").replacen("2023年", "2023年[bookmark: _GoBack]", 1) + "一、主要举措和成效（一）";
    let mut line = String::with_capacity(mib << 20);
    while line.len() < mib << 20 {
        line.push_str(&copy);
    }
    format!("{title}\n{line}\n")
}

/// `check --format human` of a 4 and an 8 MiB single-line report (issue 26: every
/// excerpt was measured from the line start and every inline heading searched the rest
/// of the line: 8 MiB took 25 s). Linear: 8 MiB costs about twice 4 MiB.
#[divan::bench(args = [4, 8], sample_count = 3, sample_size = 1)]
fn long_line_human(b: divan::Bencher, mib: usize) {
    let text = single_line_report(mib);
    let opts = fazhi_lint::output::human::HumanOptions { color: false, width: 100, quiet: false };
    b.counter(divan::counter::BytesCount::new(text.len())).bench(|| {
        let checked = check_text(divan::black_box(&text), rules(), &Settings::default());
        let r = FileResult {
            path: "r.txt".into(),
            outcome: Ok(CheckedFile { text: text.clone(), checked, doc: Default::default() }),
        };
        fazhi_lint::output::human::render(&[r], opts).len()
    });
}

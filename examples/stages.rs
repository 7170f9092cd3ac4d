//! Where a bulk check's time goes, stage by stage, in one process (no start-up, no I/O):
//! `cargo run --release --example stages -- DIR` over a folder of .txt reports.
use fazhi_lint::check::{check_text, parse_document, Settings};
use fazhi_lint::normalize::to_simplified;
use fazhi_lint::rules::RuleSet;
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: stages DIR");
    let mut texts: Vec<String> = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("dir").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if let Ok(t) = std::fs::read_to_string(&p) {
            texts.push(t);
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let t = Instant::now();
    let rules = RuleSet::embedded().expect("rules");
    eprintln!("rules loaded: {:?}", t.elapsed());
    let settings = Settings::default();
    // Warm the lazily built parts.
    let _ = check_text(&texts[0], &rules, &settings);
    let stage = |name: &str, f: &dyn Fn(&str)| {
        let t = Instant::now();
        for s in &texts {
            f(s);
        }
        let e = t.elapsed();
        eprintln!(
            "{name:>10}: {:>8.1} ms  {:>6.1} µs/report  {:>6.1} MB/s",
            e.as_secs_f64() * 1e3,
            e.as_secs_f64() * 1e6 / texts.len() as f64,
            bytes as f64 / e.as_secs_f64() / 1e6
        );
    };
    eprintln!("{} reports, {} MB", texts.len(), bytes / 1_000_000);
    stage("norm", &|s| {
        std::hint::black_box(to_simplified(s));
    });
    stage("parse", &|s| {
        let n = to_simplified(s);
        std::hint::black_box(parse_document(s, &n, &[], &rules));
    });
    let ix = rules.literal_index.as_ref().expect("literal index");
    stage("literal", &|s| {
        let n = to_simplified(s);
        std::hint::black_box(ix.scan(&n));
    });
    stage("parts", &|s| {
        let n = to_simplified(s);
        let r = parse_document(s, &n, &[], &rules);
        let hits = ix.scan(&n);
        let ph = ix.part_hits(&hits, rules.parts.parts.len());
        std::hint::black_box(fazhi_lint::parts::analyze(&r, s, &n, &rules.parts, &ph));
    });
    stage("follow", &|s| {
        let n = to_simplified(s);
        let r = parse_document(s, &n, &[], &rules);
        let hits = ix.scan(&n);
        let ph = ix.part_hits(&hits, rules.parts.parts.len());
        let el = fazhi_lint::parts::analyze(&r, s, &n, &rules.parts, &ph);
        std::hint::black_box(fazhi_lint::follow::analyze(&r, s, &n, &el, &rules.follow));
    });
    if std::env::var_os("STAGES_SLOWEST").is_some() {
        let mut each: Vec<(f64, usize)> = texts
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let n = to_simplified(s);
                let r = parse_document(s, &n, &[], &rules);
                let hits = ix.scan(&n);
                let ph = ix.part_hits(&hits, rules.parts.parts.len());
                let el = fazhi_lint::parts::analyze(&r, s, &n, &rules.parts, &ph);
                let t = Instant::now();
                std::hint::black_box(fazhi_lint::follow::analyze(&r, s, &n, &el, &rules.follow));
                (t.elapsed().as_secs_f64() * 1e6, i)
            })
            .collect();
        each.sort_by(|a, b| b.0.total_cmp(&a.0));
        let total: f64 = each.iter().map(|e| e.0).sum();
        let pct = |q: f64| each[((each.len() - 1) as f64 * (1.0 - q)) as usize].0;
        eprintln!(
            "follow total {:.0} ms; median {:.0} µs, p90 {:.0} µs, p99 {:.0} µs; slowest:",
            total / 1e3,
            pct(0.5),
            pct(0.9),
            pct(0.99)
        );
        for (us, i) in each.iter().take(10) {
            eprintln!("  {us:>9.0} µs  report {i}  {} bytes", texts[*i].len());
        }
    }
    stage("evaluate", &|s| {
        let n = to_simplified(s);
        let r = parse_document(s, &n, &[], &rules);
        std::hint::black_box(rules.evaluate(s, &n, &r, None, None, |m| Some(m.severity)));
    });
    stage("check", &|s| {
        std::hint::black_box(check_text(s, &rules, &settings));
    });
}

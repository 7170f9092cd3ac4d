use fazhi_lint::input::{self, Ocr, OcrOptions, ReadOptions};
fn main() {
    let rules = fazhi_lint::RuleSet::embedded().unwrap();
    for p in std::env::args().skip(1) {
        let opts = ReadOptions {
            max_bytes: input::DEFAULT_MAX_BYTES,
            ocr: Ocr::On(OcrOptions {
                cache: Some("/tmp/i30/m1/cache".into()),
                vocabulary: rules.parts.cue_words().into(),
                progress: None,
            }),
        };
        match input::read_path_with(std::path::Path::new(&p), &opts) {
            Ok(d) => {
                println!("== {p} {:?}", d.ocr);
                for b in &d.blocks {
                    println!("{:?} p{:?} | {}", b.kind, b.page, &d.text[b.span.start..b.span.end]);
                }
            }
            Err(e) => println!("== {p}: {e}"),
        }
    }
}

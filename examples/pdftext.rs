//! Print a PDF's text as the reader sees it: `pdftext FILE` gives every page's lines
//! (what tests/pdf_producers.rs compares with pdftotext); `pdftext --blocks FILE` the
//! document's blocks with their kinds and pages.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (blocks, path) = match args.as_slice() {
        [flag, p] if flag == "--blocks" => (true, p),
        [p] => (false, p),
        _ => {
            eprintln!("usage: pdftext [--blocks] FILE.pdf");
            std::process::exit(2);
        }
    };
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    if blocks {
        match fazhi_lint::input::decode_bytes(&bytes, path) {
            Ok(doc) => {
                for b in &doc.blocks {
                    println!("{:?} p{:?} {}", b.kind, b.page, &doc.text[b.span.start..b.span.end]);
                }
            }
            Err(e) => eprintln!("{e}"),
        }
    } else {
        match fazhi_lint::input::pdf_page_texts(&bytes) {
            Ok(t) => print!("{t}"),
            Err(e) => eprintln!("{e}"),
        }
    }
}

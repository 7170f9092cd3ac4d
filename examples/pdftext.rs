fn main() {
    let p = std::env::args().nth(1).unwrap();
    let b = std::fs::read(&p).unwrap();
    match fazhi_lint::input::pdf_page_texts(&b) {
        Ok(t) => print!("{t}"),
        Err(e) => eprintln!("{e}"),
    }
}

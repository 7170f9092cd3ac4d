use fazhi_lint::input::decode_bytes;

fn dump(name: &str) -> String {
    let bytes = std::fs::read(format!("tests/fixtures/doc/{name}")).unwrap();
    match decode_bytes(&bytes, name) {
        Ok(d) => d.blocks.iter().map(|b| format!("{:?} {:?}\n", b.kind, &d.text[b.span.start..b.span.end])).collect::<String>() + &format!("{:?}", d.meta),
        Err(e) => format!("ERR {e}"),
    }
}

#[test]
fn dump_all() {
    for e in std::fs::read_dir("tests/fixtures/doc").unwrap() {
        let n = e.unwrap().file_name().into_string().unwrap();
        println!("== {n}\n{}", dump(&n));
    }
}

fn main() {
    let p = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let v = fazhi_lint::input::collect_paths_with(&[p.clone()], fazhi_lint::input::WalkOptions { no_ignore: false });
        eprintln!("{} files in {:?}", v.len(), t.elapsed());
        let t = std::time::Instant::now();
        let v = fazhi_lint::input::collect_paths_with(&[p.clone()], fazhi_lint::input::WalkOptions { no_ignore: true });
        eprintln!("no_ignore {} files in {:?}", v.len(), t.elapsed());
        let t = std::time::Instant::now();
        let n = std::fs::read_dir(&p).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false)).map(|e| e.path()).count();
        eprintln!("read_dir {} files in {:?}", n, t.elapsed());
    }
}

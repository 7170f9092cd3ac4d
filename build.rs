//! Embeds every `rules/*.yaml` file as the default rule set, so adding a rule file
//! needs no Rust change.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time: `env!` would freeze the path when the script itself was compiled,
    // so a build script reused from another checkout would embed that checkout's rules.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("rules/ directory")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// Default rule files, embedded from `rules/` at build time.\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        writeln!(out, "    (\"rules/{name}\", include_str!({:?})),", f.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_rules.rs");
    std::fs::write(dest, out).unwrap();
}

//! Embeds every `rules/*.yaml` file as the default rule set, so adding a rule file
//! needs no Rust change.
//!
//! Each file is also read here, with serde-saphyr as at run time, into a JSON copy of
//! its values: the loader deserialises an embedded file from that copy (about a tenth
//! of the YAML parse, most of the process start-up before). The YAML text stays
//! embedded: it is what `is_embedded` compares, what errors quote, and what a file that
//! does not read here (`None`) is parsed from at run time, with its error in place.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time: `env!` would freeze the path when the script itself was compiled,
    // so a build script reused from another checkout would embed that checkout's rules.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
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
    let mut json = String::from(
        "/// The values of each [`EMBEDDED`] file as JSON, read at build time with serde-saphyr\n\
         /// (`None`: the file did not read; it is parsed, and its error reported, at run time).\n\
         pub static EMBEDDED_JSON: &[Option<&str>] = &[\n",
    );
    for (i, f) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        writeln!(out, "    (\"rules/{name}\", include_str!({:?})),", f.display().to_string()).unwrap();
        let value = std::fs::read_to_string(f)
            .ok()
            .filter(|t| !t.trim().is_empty())
            .and_then(|t| serde_saphyr::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| serde_json::to_string(&v).ok());
        match value {
            Some(v) => {
                let dest = Path::new(&out_dir).join(format!("embedded_rules_{i}.json"));
                std::fs::write(&dest, v).unwrap();
                writeln!(json, "    Some(include_str!({:?})),", dest.display().to_string()).unwrap();
            }
            None => json.push_str("    None,\n"),
        }
    }
    out.push_str("];\n");
    json.push_str("];\n");
    out.push_str(&json);
    let dest = Path::new(&out_dir).join("embedded_rules.rs");
    std::fs::write(dest, out).unwrap();
}

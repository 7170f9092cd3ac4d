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
    common_words(Path::new(&manifest), Path::new(&out_dir));
}

#[path = "src/common_words/key.rs"]
mod common_key;

/// Packs `src/common_words/common-words.txt` into an open-addressing hash table the binary
/// embeds as it is (`common_words::idf` probes it): `common_key::SLOTS` slots
/// of a little-endian u32 key (0 for an empty slot), then one byte per slot, twice the
/// word's IDF; keys and slots as `src/common_words/key.rs` gives them. Built here so a
/// run neither parses the 14,000 words nor touches a heap table for them.
fn common_words(manifest: &Path, out_dir: &Path) {
    let src = manifest.join("src/common_words/common-words.txt");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed={}", manifest.join("src/common_words/key.rs").display());
    let text = std::fs::read_to_string(&src).expect("src/common_words/common-words.txt");
    let slots = common_key::SLOTS;
    let mut keys = vec![0u32; slots];
    let mut idf2 = vec![0u8; slots];
    let mut n = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((idf, words)) = line.split_once('\t') else { continue };
        let idf: f32 = idf.parse().expect("an IDF step");
        let twice = (idf * 2.0) as u8;
        assert_eq!(f32::from(twice) / 2.0, idf, "IDF steps of 0.5");
        let cs: Vec<u32> = words.chars().map(u32::from).collect();
        for w in cs.chunks_exact(2) {
            let key = common_key::key(w[0], w[1]).expect("CJK words only");
            let mut i = common_key::slot(key);
            while keys[i] != 0 && keys[i] != key {
                i = (i + 1) & (slots - 1);
            }
            keys[i] = key;
            idf2[i] = twice;
            n += 1;
        }
    }
    assert!(n * 2 <= slots, "the common-words table is more than half full: raise BITS");
    let mut bytes: Vec<u8> = keys.iter().flat_map(|k| k.to_le_bytes()).collect();
    bytes.extend_from_slice(&idf2);
    std::fs::write(out_dir.join("common-words.bin"), bytes).unwrap();
}

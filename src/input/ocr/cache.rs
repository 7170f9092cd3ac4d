//! The page cache: what Tesseract read from a file, kept under the file's content hash,
//! so a second run over the same scans (an audit of the same folder) does no OCR. As
//! ruff keeps `.ruff_cache`: a folder the command line chooses (default
//! `.fazhi-lint-cache` in the working directory), marked with `CACHEDIR.TAG` and a
//! `.gitignore` that ignores it whole; one JSON file per scan, written atomically
//! (temporary file, then rename), so parallel runs never read half a file.
//!
//! The key is the SHA-256 of the file's bytes together with everything that changes what
//! is read: [`super::PIPELINE`] (page preparation and recognition settings), the
//! Tesseract version and the installed models. The cached words are what the
//! recogniser gave; the layout, the heading repair and the checks run again on every
//! run, so they may change without invalidating the cache.

use super::words::OcrPage;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Largest cache file read back.
const MAX_ENTRY_BYTES: u64 = 256 << 20;

#[derive(Serialize, Deserialize)]
pub(super) struct Entry {
    pub engine: String,
    pub language: String,
    pub pages: Vec<OcrPage>,
}

/// The cache key of a file read by `engine` with `languages` installed.
pub(super) fn key(bytes: &[u8], engine: &str, languages: &[String]) -> String {
    let mut h = Sha256::new();
    h.update(super::PIPELINE.as_bytes());
    h.update([0]);
    h.update(engine.as_bytes());
    h.update([0]);
    for l in languages {
        h.update(l.as_bytes());
        h.update([0]);
    }
    h.update(bytes);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn entry_path(dir: &Path, key: &str) -> PathBuf {
    dir.join("ocr").join(&key[..2]).join(format!("{}.json", &key[2..]))
}

/// The cached reading of a file, if any (a damaged entry counts as none).
pub(super) fn get(dir: &Path, key: &str) -> Option<Entry> {
    let path = entry_path(dir, key);
    let file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_ENTRY_BYTES), &mut bytes).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Store a reading. Errors are returned for the caller to mention; they never fail the
/// check itself. The folder is marked as a cache (`CACHEDIR.TAG`, a `.gitignore` of
/// everything) only when this creates it: an existing folder given as the cache is not
/// touched beyond its `ocr/` subfolder.
pub(super) fn put(dir: &Path, key: &str, entry: &Entry) -> std::io::Result<()> {
    if !dir.exists() {
        std::fs::create_dir_all(dir)?;
        std::fs::write(
            dir.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by fazhi-lint.\n",
        )?;
        std::fs::write(dir.join(".gitignore"), "# Automatically created by fazhi-lint.\n*\n")?;
    }
    let path = entry_path(dir, key);
    let folder = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(folder)?;
    let bytes = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").suffix(".json").tempfile_in(folder)?;
    std::io::Write::write_all(&mut tmp, &bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("cache");
        let langs = vec!["chi_sim".to_string()];
        let k = key(b"scan", "tesseract 5.3.0", &langs);
        assert_eq!(k.len(), 64);
        assert_ne!(k, key(b"scan", "tesseract 5.4.0", &langs));
        assert_ne!(k, key(b"scan2", "tesseract 5.3.0", &langs));
        assert!(get(&root, &k).is_none());
        let entry = Entry { engine: "tesseract 5.3.0".into(), language: "chi_sim".into(), pages: Vec::new() };
        put(&root, &k, &entry).unwrap();
        assert!(root.join("CACHEDIR.TAG").exists());
        assert_eq!(std::fs::read_to_string(root.join(".gitignore")).unwrap().lines().last(), Some("*"));
        let back = get(&root, &k).unwrap();
        assert_eq!(back.language, "chi_sim");
        // A damaged entry is a miss.
        std::fs::write(entry_path(&root, &k), b"{").unwrap();
        assert!(get(&root, &k).is_none());
    }
}

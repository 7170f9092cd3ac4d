//! Directories: which files `check` reads. A recursive walk with the `ignore` crate
//! (honours .gitignore and .ignore files even outside a git repository; `--no-ignore`
//! turns that off), hidden entries skipped, symbolic links followed with loops detected,
//! only supported extensions, sorted by name. Unreadable entries and symlink loops come
//! back as per-path errors; the walk goes on.

use super::{extension, InputError, SUPPORTED_EXTENSIONS};
use std::path::{Path, PathBuf};

/// How directories are walked.
#[derive(Clone, Copy, Debug, Default)]
pub struct WalkOptions {
    /// Read files that .gitignore / .ignore exclude.
    pub no_ignore: bool,
}

/// Expand the given paths: files as given, directories walked recursively for supported
/// extensions (sorted). Paths that cannot be walked are returned with their error.
pub fn collect_paths(paths: &[PathBuf]) -> Vec<(PathBuf, Option<InputError>)> {
    collect_paths_with(paths, WalkOptions::default())
}

/// [`collect_paths`] with options.
pub fn collect_paths_with(paths: &[PathBuf], opts: WalkOptions) -> Vec<(PathBuf, Option<InputError>)> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => out.push((p.clone(), Some(InputError::from_io(e)))),
            Ok(m) if m.is_dir() => walk(p, opts, &mut out),
            Ok(_) => out.push((p.clone(), None)),
        }
    }
    out
}

fn supported(path: &Path) -> bool {
    SUPPORTED_EXTENSIONS.contains(&extension(path).as_str())
}

fn walk(dir: &Path, opts: WalkOptions, out: &mut Vec<(PathBuf, Option<InputError>)>) {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .standard_filters(!opts.no_ignore)
        .hidden(true)
        .require_git(false)
        .follow_links(true);
    // Sorted once at the end rather than by the walker, whose comparator takes each
    // entry's file name apart again at every comparison.
    let first = out.len();
    for entry in builder.build() {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) && supported(e.path()) {
                    out.push((e.into_path(), None));
                }
            }
            Err(err) => {
                if let Some((path, e)) = walk_error(dir, err) {
                    out.push((path, Some(e)));
                }
            }
        }
    }
    // Keys compared with memcmp: the path bytes with each separator lowered to 0.
    out[first..].sort_by_cached_key(|(p, _)| walk_key(p));
}

/// The sort key of the walker's order, depth first with names in byte order: the order
/// of comparing paths component by component is that of their bytes with the separator
/// ranked below every other byte (the paths of one walk are joins of names, with no `.`
/// or doubled separators inside). Byte 0 cannot occur in a path.
fn walk_key(p: &Path) -> Vec<u8> {
    p.as_os_str().as_encoded_bytes().iter().map(|&c| if std::path::is_separator(c as char) { 0 } else { c }).collect()
}

/// The path and message of a walk error; `None` for errors about files `check` would
/// not read anyway (a dangling link named `x.png`).
fn walk_error(dir: &Path, err: ignore::Error) -> Option<(PathBuf, InputError)> {
    let mut path = None;
    let mut err = err;
    loop {
        match err {
            ignore::Error::WithPath { path: p, err: inner } => {
                path.get_or_insert(p);
                err = *inner;
            }
            ignore::Error::WithDepth { err: inner, .. } | ignore::Error::WithLineNumber { err: inner, .. } => err = *inner,
            ignore::Error::Loop { ancestor, child } => return Some((child, InputError::SymlinkLoop(ancestor))),
            ignore::Error::Io(io) => {
                let path = path.unwrap_or_else(|| dir.to_path_buf());
                let is_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
                if io.kind() == std::io::ErrorKind::NotFound && !is_dir && !supported(&path) {
                    return None;
                }
                return Some((path, InputError::from_io(io)));
            }
            ignore::Error::Partial(mut errs) => match errs.pop() {
                Some(e) => err = e,
                None => return None,
            },
            // A broken .gitignore line: the walk still happened.
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::walk_key;
    use std::path::PathBuf;

    #[test]
    fn walk_key_orders_paths_component_by_component() {
        let names = ["d/a.txt", "d/a/b.txt", "d/a-b.txt", "d/a b.txt", "d/a!.txt", "d/ab.txt", "d/a", "d/b/c/d.txt", "d/b.txt", "d/报告.txt", "d/A.txt"];
        let mut by_components: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        let mut by_bytes = by_components.clone();
        by_components.sort();
        by_bytes.sort_by_key(|p| walk_key(p));
        assert_eq!(by_bytes, by_components);
    }
}

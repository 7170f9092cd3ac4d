//! Directories: which files `check` reads. A recursive walk with the `ignore` crate
//! (honours .gitignore and .ignore files even outside a git repository; `--no-ignore`
//! turns that off), hidden entries skipped, symbolic links followed with loops detected,
//! supported extensions, sorted by name. Unreadable entries and symlink loops come
//! back as per-path errors; the walk goes on.
//!
//! Nothing that may be a report vanishes: a file whose type looks like a document but
//! that no reader reads (a spreadsheet, a presentation, an Apple Pages or XPS file, an
//! e-book, a CNKI or Founder e-document, a saved web archive or mail, a zip or rar
//! archive that may hold reports) comes back as a per-path
//! [`InputError::Unsupported`] with the reason, so every output lists it as not checked
//! and the summary counts it among the files that could not be read. Left out, on
//! purpose: dotfiles and ignored paths (as for every file), annotated copies
//! (`*.批注.docx`, this tool's own output), files without an extension, and everything else (images, media, code, data and configuration such as
//! `fazhi-lint.yaml`), which a folder of reports holds beside them and are no report.
//! Word and WPS templates and macro documents (.docm, .dotx, .dotm, .dot, .wpt) are
//! read: their content is .docx or .doc, which the content sniffing recognises.
//!
//! Page images (.png .jpg .jpeg .tif .tiff: a report scanned or photographed) are walked
//! only when asked ([`WalkOptions::images`], `audit` with OCR on): a drafter's or a
//! repository's folder holds pictures that are no reports, and reading each by OCR costs
//! seconds. Named on the command line, an image is always read.

use super::{extension, InputError, IMAGE_EXTENSIONS, SUPPORTED_EXTENSIONS};
use std::path::{Path, PathBuf};

/// The end of an annotated copy's name (`报告.批注.docx`, written by `annotate` and
/// `audit --annotate`; an .odt's copy is `报告.批注.odt`): a folder walk leaves such
/// copies out, so a second run neither checks a report twice nor annotates its copy.
pub const ANNOTATED_SUFFIX: &str = ".批注.docx";

/// The end of an annotated .odt copy's name.
pub const ANNOTATED_ODT_SUFFIX: &str = ".批注.odt";

/// Is this file name an annotated copy?
pub fn is_annotated_copy(name: &str) -> bool {
    name.ends_with(ANNOTATED_SUFFIX) || name.ends_with(ANNOTATED_ODT_SUFFIX)
}

/// How directories are walked.
#[derive(Clone, Copy, Debug, Default)]
pub struct WalkOptions {
    /// Read files that .gitignore / .ignore exclude.
    pub no_ignore: bool,
    /// Take page images (.png .jpg .jpeg .tif .tiff) too.
    pub images: bool,
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

fn supported(path: &Path, opts: WalkOptions) -> bool {
    let ext = extension(path);
    SUPPORTED_EXTENSIONS.contains(&ext.as_str())
        || TEMPLATES.contains(&ext.as_str())
        || (opts.images && IMAGE_EXTENSIONS.contains(&ext.as_str()))
}

/// Word and WPS variants whose content is .docx or .doc (read by content).
const TEMPLATES: &[&str] = &["docm", "dotx", "dotm", "dot", "wpt"];

/// Why a file of a document-like type that no reader reads is not checked; `None` for
/// files that are no document (see the module documentation). A file of such a type
/// named on the command line is read by its content, and fails with the same reason.
pub(super) fn unsupported_reason(ext: &str) -> Option<&'static str> {
    const SHEETS_AND_SLIDES: &[&str] = &[
        "xls", "xlsx", "xlsm", "xlsb", "et", "ett", "ods", "numbers", "ppt", "pptx", "pptm", "pps", "ppsx", "dps",
        "dpt", "odp", "key",
    ];
    const ARCHIVES: &[&str] = &["zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "xz"];
    const OTHER_DOCUMENTS: &[&str] = &[
        "pages", "xps", "oxps", "epub", "mobi", "djvu", "caj", "kdh", "nh", "teb", "ceb", "sep", "gd", "uof", "uot",
        "mht", "mhtml", "eml", "msg", "wri", "fodt", "sxw", "hwp",
    ];
    let ext = ext.to_ascii_lowercase();
    let ext = ext.as_str();
    if SHEETS_AND_SLIDES.contains(&ext) {
        Some("表格或演示文稿未检查；如是报告正文，请另存为 .docx、.pdf 或 .txt 后再检查")
    } else if ARCHIVES.contains(&ext) {
        Some("压缩包未检查：请解压后检查其中的文件")
    } else if OTHER_DOCUMENTS.contains(&ext) {
        Some("暂不支持此格式，未检查：请另存为 .docx、.pdf 或 .txt 后再检查")
    } else {
        None
    }
}

fn walk(dir: &Path, opts: WalkOptions, out: &mut Vec<(PathBuf, Option<InputError>)>) {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder.standard_filters(!opts.no_ignore).hidden(true).require_git(false).follow_links(true);
    // Sorted once at the end rather than by the walker, whose comparator takes each
    // entry's file name apart again at every comparison.
    let first = out.len();
    for entry in builder.build() {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) {
                    if e.file_name().to_str().is_some_and(is_annotated_copy) {
                        continue;
                    }
                    if supported(e.path(), opts) {
                        out.push((e.into_path(), None));
                    } else {
                        let ext = extension(e.path());
                        if let Some(reason) = unsupported_reason(&ext) {
                            out.push((e.into_path(), Some(InputError::Unsupported(ext, reason))));
                        }
                    }
                }
            }
            Err(err) => {
                if let Some((path, e)) = walk_error(dir, err, opts) {
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
fn walk_error(dir: &Path, err: ignore::Error, opts: WalkOptions) -> Option<(PathBuf, InputError)> {
    let mut path = None;
    let mut err = err;
    loop {
        match err {
            ignore::Error::WithPath { path: p, err: inner } => {
                path.get_or_insert(p);
                err = *inner;
            }
            ignore::Error::WithDepth { err: inner, .. } | ignore::Error::WithLineNumber { err: inner, .. } => {
                err = *inner
            }
            ignore::Error::Loop { ancestor, child } => return Some((child, InputError::SymlinkLoop(ancestor))),
            ignore::Error::Io(io) => {
                let path = path.unwrap_or_else(|| dir.to_path_buf());
                let is_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
                if io.kind() == std::io::ErrorKind::NotFound && !is_dir && !supported(&path, opts) {
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
    use super::{collect_paths, collect_paths_with, walk_key, WalkOptions};
    use std::path::PathBuf;

    #[test]
    fn document_types_no_reader_reads_are_listed_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.xls", "c.pages", "d.zip", "e.PPT", "f.png", "g.yaml", "noext", ".hidden.xls", "h.docm"]
        {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let got: Vec<(String, Option<String>)> = collect_paths(&[dir.path().to_path_buf()])
            .into_iter()
            .map(|(p, e)| (p.file_name().unwrap().to_string_lossy().into_owned(), e.map(|e| e.to_string())))
            .collect();
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a.txt", "b.xls", "c.pages", "d.zip", "e.PPT", "h.docm"]);
        assert_eq!(got[0].1, None);
        assert_eq!(got[5].1, None);
        assert!(
            got[1].1.as_deref().is_some_and(|m| m.starts_with("不支持的文件类型 .xls：表格或演示文稿未检查")),
            "{got:?}"
        );
        assert!(got[3].1.as_deref().is_some_and(|m| m.contains("压缩包未检查")), "{got:?}");
        assert!(got[4].1.as_deref().is_some_and(|m| m.starts_with("不支持的文件类型 .ppt")), "{got:?}");
        assert!(
            collect_paths(&[dir.path().join("c.pages")])[0].1.is_none(),
            "a file named on the command line is read as given"
        );
    }

    #[test]
    fn images_are_walked_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.png", "c.JPG", "d.tiff", "e.gif"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let names = |opts| -> Vec<String> {
            collect_paths_with(&[dir.path().to_path_buf()], opts)
                .into_iter()
                .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(names(WalkOptions::default()), ["a.txt"]);
        assert_eq!(names(WalkOptions { images: true, ..Default::default() }), ["a.txt", "b.png", "c.JPG", "d.tiff"]);
    }

    #[test]
    fn walk_key_orders_paths_component_by_component() {
        let names = [
            "d/a.txt",
            "d/a/b.txt",
            "d/a-b.txt",
            "d/a b.txt",
            "d/a!.txt",
            "d/ab.txt",
            "d/a",
            "d/b/c/d.txt",
            "d/b.txt",
            "d/报告.txt",
            "d/A.txt",
        ];
        let mut by_components: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        let mut by_bytes = by_components.clone();
        by_components.sort();
        by_bytes.sort_by_key(|p| walk_key(p));
        assert_eq!(by_bytes, by_components);
    }
}

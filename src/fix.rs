//! Safe fixes: applying the [`Fix`] edits that findings carry to the decoded text, and
//! writing the result back in the file's own encoding, byte for byte unchanged outside
//! the edited spans. Only plain-text formats are rewritten (`.txt`, `.md`); a `.docx`
//! or web page is never touched. The binary decides whether to write or print a diff.
//!
//! A Markdown file is fixed against its own bytes: its marks are blanked for checking
//! (same byte offsets), and an edit is applied to the source only where the source and
//! the blanked text agree, so no mark is ever removed and `--diff` is a patch of the file.
//!
//! Files are written with [`write_atomic`]: a temporary file in the same folder, synced,
//! then renamed over the original, so a kill or a full disk never leaves a truncated report.

use crate::check::{check_text, Checked, Settings};
use crate::diagnostic::{Finding, Fix};
use crate::rules::RuleSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Extensions whose files `--fix` rewrites.
pub const FIXABLE_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];

/// Rounds of fix → re-check at most (a fix may reveal another, as in ruff).
const MAX_ROUNDS: usize = 10;

/// Why a file was not fixed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FixError {
    #[error("不改写 .{0} 文件：自动修复只用于 .txt 和 .md 文件，请在原文档中手动修改")]
    NotPlainText(String),
    #[error("无法按原编码 {0} 逐字节写回，未修改")]
    Encoding(String),
    #[error("Markdown 源文件与检查时读到的内容不一致（文件可能已被改动），未修改")]
    SourceChanged,
    #[error("文件在检查之后、写回之前被改动了（可能另有程序同时在修改或修复它），未写入；请重新运行")]
    Changed,
    #[error("无法重新读取：{0}")]
    Reread(String),
}

/// The file at `path` read again for fixing, at most `max_bytes` (a file grown past
/// them since it was checked is [`FixError::Changed`]).
pub fn read_again(path: &Path, max_bytes: u64) -> Result<Vec<u8>, FixError> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, max_bytes.saturating_add(1)), &mut bytes))
        .map_err(|e| FixError::Reread(e.to_string()))?;
    if bytes.len() as u64 > max_bytes {
        return Err(FixError::Changed);
    }
    Ok(bytes)
}

/// The bytes that replace the file at `path` after a fix: the file is read again (at
/// most `max_bytes`) and must still hold what was checked, `checked_text` (a Markdown
/// file: still the bytes `markdown.0` that the fix was applied to, decoded as
/// `markdown.1`); else [`FixError::Changed`], so a file changed meanwhile (another run
/// fixing it, an editor saving it) is never overwritten. `fixed` is then encoded like
/// the file (see [`encode_like`]).
pub fn bytes_to_write(
    path: &Path,
    checked_text: &str,
    encoding: &str,
    markdown: Option<(&[u8], &str)>,
    fixed: &str,
    max_bytes: u64,
) -> Result<Vec<u8>, FixError> {
    let now = read_again(path, max_bytes)?;
    match markdown {
        Some((original, source)) => {
            if now != original {
                return Err(FixError::Changed);
            }
            encode_like(fixed, source, original, encoding)
        }
        None => {
            let same =
                crate::input::text::decode(&now).is_ok_and(|(text, enc)| enc == encoding && text == checked_text);
            if !same {
                return Err(FixError::Changed);
            }
            encode_like(fixed, checked_text, &now, encoding)
        }
    }
}

/// May `--fix` rewrite this file?
pub fn check_fixable(path: &Path) -> Result<(), FixError> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if FIXABLE_EXTENSIONS.contains(&ext.as_str()) {
        Ok(())
    } else {
        Err(FixError::NotPlainText(if ext.is_empty() { "（无扩展名）".into() } else { ext }))
    }
}

/// Apply the fixes of `findings` to `text`: sorted by position, an edit that overlaps
/// an earlier one (or does not fit the text) is left for a later round. Returns the new
/// text and how many edits were applied. Only the edited spans change.
pub fn apply(text: &str, findings: &[Finding]) -> (String, usize) {
    let mut fixes: Vec<&Fix> = findings.iter().filter_map(|f| f.fix.as_ref()).collect();
    fixes.sort_by_key(|f| (f.span.start, f.span.end));
    fixes.dedup();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for f in fixes {
        let fits = f.span.start >= at && f.span.start <= f.span.end && text.get(f.span.start..f.span.end).is_some();
        if !fits {
            continue;
        }
        out.push_str(&text[at..f.span.start]);
        out.push_str(&f.replacement);
        at = f.span.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// The outcome of fixing one text.
#[derive(Debug)]
pub struct Fixed {
    /// The text after every round.
    pub text: String,
    /// Edits applied, over all rounds.
    pub applied: usize,
    /// The check of the final text: what remains.
    pub checked: Checked,
}

/// Check, apply the safe fixes, re-check, until nothing more applies.
pub fn fix_text(text: &str, rules: &RuleSet, settings: &Settings) -> Fixed {
    let checked = check_text(text, rules, settings);
    fix_text_after(text, &checked, rules, settings).unwrap_or(Fixed { text: text.to_string(), applied: 0, checked })
}

/// [`fix_text`] given the first check of `text` (`first`, the check of `text` as plain
/// text): None when no fix applies, so the caller keeps `first` and nothing is checked
/// again.
pub fn fix_text_after(text: &str, first: &Checked, rules: &RuleSet, settings: &Settings) -> Option<Fixed> {
    let (mut current, mut applied) = apply(text, &first.findings);
    if applied == 0 || current == text {
        return None;
    }
    let mut checked = check_text(&current, rules, settings);
    for _ in 1..MAX_ROUNDS {
        let (next, n) = apply(&current, &checked.findings);
        if n == 0 || next == current {
            break;
        }
        applied += n;
        current = next;
        checked = check_text(&current, rules, settings);
    }
    Some(Fixed { text: current, applied, checked })
}

/// The Markdown source a fix applies to: `original` (the file's bytes) decoded without
/// blanking the marks. Refused unless blanking it gives the text that was checked.
pub fn markdown_source(original: &[u8], checked_text: &str) -> Result<String, FixError> {
    let (raw, _) = crate::input::text::decode(original).map_err(|_| FixError::SourceChanged)?;
    if crate::input::markdown::blank_marks(raw.clone()) != checked_text {
        return Err(FixError::SourceChanged);
    }
    Ok(raw)
}

/// [`fix_text`] for Markdown: each round checks the blanked text and applies to `source`
/// only the edits whose span reads the same in both (no Markdown mark inside), then
/// blanks the result again. `Fixed::text` is the fixed source, marks intact.
pub fn fix_markdown(source: &str, rules: &RuleSet, settings: &Settings) -> Fixed {
    let checked = check_text(&crate::input::markdown::blank_marks(source.to_string()), rules, settings);
    fix_markdown_after(source, &checked, rules, settings).unwrap_or(Fixed {
        text: source.to_string(),
        applied: 0,
        checked,
    })
}

/// [`fix_markdown`] given the first check of the blanked source (`first`): None when no
/// fix applies.
pub fn fix_markdown_after(source: &str, first: &Checked, rules: &RuleSet, settings: &Settings) -> Option<Fixed> {
    let mut current = source.to_string();
    let mut blanked = crate::input::markdown::blank_marks(current.clone());
    let mut checked: Option<Checked> = None;
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let findings = checked.as_ref().map_or(&first.findings, |c| &c.findings);
        let safe: Vec<Finding> = findings
            .iter()
            .filter(|f| {
                f.fix.as_ref().is_some_and(|x| {
                    current
                        .get(x.span.start..x.span.end)
                        .is_some_and(|s| Some(s) == blanked.get(x.span.start..x.span.end))
                })
            })
            .cloned()
            .collect();
        let (next, n) = apply(&current, &safe);
        if n == 0 || next == current {
            break;
        }
        applied += n;
        current = next;
        blanked = crate::input::markdown::blank_marks(current.clone());
        checked = Some(check_text(&blanked, rules, settings));
    }
    checked.map(|checked| Fixed { text: current, applied, checked })
}

/// Replace the file at `path` with `bytes` atomically: a temporary file in the same
/// folder is written, synced and renamed over the original, so the original is either
/// untouched or wholly replaced (never truncated) whatever happens meanwhile. The
/// original's permissions are kept (a new file's follow the umask); a symbolic link
/// stays a link and its target is replaced. On error nothing at `path` has changed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// A file written atomically: the bytes go to a temporary file in the target's folder,
/// and [`AtomicFile::commit`] syncs it and renames it over the target. Dropped without
/// a commit (an error on the way), the temporary file is removed and the target is as it
/// was: a new file never appears half written, an existing one is never cut short.
///
/// The target's permissions are kept (a new file gets the usual ones, the umask
/// applied); a symbolic link stays a link and its target is replaced. A target that
/// exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) cannot be
/// replaced: it is written directly.
pub struct AtomicFile {
    inner: Inner,
}

enum Inner {
    Temp {
        tmp: tempfile::NamedTempFile,
        target: PathBuf,
        dir: PathBuf,
        permissions: Option<std::fs::Permissions>,
        /// Fail rather than replace a file that appears at the target meanwhile.
        no_clobber: bool,
    },
    Direct(std::fs::File),
}

impl AtomicFile {
    /// Start writing `path` (nothing at `path` changes until [`AtomicFile::commit`]).
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        Self::open(path, false)
    }

    /// Start writing a new file at `path`: the commit fails with `AlreadyExists` rather
    /// than replace anything there (a file, or a link to one).
    pub fn create_new(path: &Path) -> std::io::Result<AtomicFile> {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
        }
        Self::open(path, true)
    }

    fn open(path: &Path, no_clobber: bool) -> std::io::Result<AtomicFile> {
        let target = if no_clobber { path.to_path_buf() } else { resolve_links(path)? };
        let existing = std::fs::metadata(&target).ok();
        if let Some(m) = &existing {
            if !m.is_file() && !m.is_dir() {
                let f = std::fs::OpenOptions::new().write(true).open(&target)?;
                return Ok(AtomicFile { inner: Inner::Direct(f) });
            }
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".fazhi-lint-").suffix(".tmp");
        // A new file: the permissions any new file gets (0666 less the umask), not the
        // owner-only ones of a temporary file.
        #[cfg(unix)]
        if existing.is_none() {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        if existing.is_some() {
            // Replacing is allowed only where writing in place would be: a read-only
            // report is refused as before (opened without truncating, nothing changes).
            std::fs::OpenOptions::new().write(true).open(&target)?;
        }
        let tmp = builder.tempfile_in(&dir)?;
        let permissions = existing.map(|m| m.permissions());
        Ok(AtomicFile { inner: Inner::Temp { tmp, target, dir, permissions, no_clobber } })
    }

    /// Sync the written bytes and put them in place. On error the target is unchanged
    /// (for a directly written device or FIFO: as far as it was written).
    pub fn commit(self) -> std::io::Result<()> {
        match self.inner {
            Inner::Direct(mut f) => f.flush(),
            Inner::Temp { mut tmp, target, dir, permissions, no_clobber } => {
                tmp.as_file_mut().flush()?;
                if let Some(p) = permissions {
                    tmp.as_file().set_permissions(p)?;
                }
                tmp.as_file().sync_all()?;
                if no_clobber {
                    tmp.persist_noclobber(&target).map_err(|e| e.error)?;
                } else {
                    tmp.persist(&target).map_err(|e| e.error)?;
                }
                // The rename itself is durable once the folder is synced (best effort:
                // not every platform can open a folder).
                #[cfg(unix)]
                if let Ok(d) = std::fs::File::open(&dir) {
                    let _ = d.sync_all();
                }
                #[cfg(not(unix))]
                let _ = dir;
                Ok(())
            }
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.inner {
            // The file itself: NamedTempFile's own Write adds the temporary path to errors.
            Inner::Temp { tmp, .. } => tmp.as_file_mut().write(buf),
            Inner::Direct(f) => f.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.inner {
            Inner::Temp { tmp, .. } => tmp.as_file_mut().write_all(buf),
            Inner::Direct(f) => f.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.inner {
            Inner::Temp { tmp, .. } => tmp.as_file_mut().flush(),
            Inner::Direct(f) => f.flush(),
        }
    }
}

/// The file a path names, through any chain of symbolic links (a missing final target
/// is returned as the link's destination, so a new file is created there).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let dest = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(parent) if dest.is_relative() => parent.join(dest),
                    _ => dest,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("符号链接层数过多"))
}

/// Encode `text` as `original` was: the same encoding (as named by the input layer) and
/// byte-order mark. Refuses when re-encoding `original_text` would not give `original`
/// back exactly, so a written file differs from the original only where the text did.
pub fn encode_like(text: &str, original_text: &str, original: &[u8], encoding: &str) -> Result<Vec<u8>, FixError> {
    let bom = match encoding_rs::Encoding::for_bom(original) {
        Some((_, len)) => &original[..len],
        None => &[][..],
    };
    let encode = |t: &str| -> Option<Vec<u8>> {
        let mut out = bom.to_vec();
        match encoding {
            "UTF-8" => out.extend_from_slice(t.as_bytes()),
            "UTF-16LE" => t.encode_utf16().for_each(|u| out.extend_from_slice(&u.to_le_bytes())),
            "UTF-16BE" => t.encode_utf16().for_each(|u| out.extend_from_slice(&u.to_be_bytes())),
            "GB18030" | "GBK" => {
                let (bytes, _, unmappable) = encoding_rs::GB18030.encode(t);
                if unmappable {
                    return None;
                }
                out.extend_from_slice(&bytes);
            }
            _ => return None,
        }
        Some(out)
    };
    if encode(original_text).as_deref() != Some(original) {
        return Err(FixError::Encoding(encoding.to_string()));
    }
    encode(text).ok_or_else(|| FixError::Encoding(encoding.to_string()))
}

/// A unified diff of one file's fix (empty when nothing changes).
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(path, path).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::span::Span;

    fn finding(span: Span, replacement: &str) -> Finding {
        Finding {
            rule: "conversion-artifact".into(),
            severity: Severity::Warning,
            message: "转换残留".into(),
            help: String::new(),
            span,
            label: String::new(),
            fix: Some(Fix { span, replacement: replacement.into() }),
        }
    }

    fn span_of(text: &str, needle: &str) -> Span {
        let s = text.find(needle).unwrap();
        Span::new(s, s + needle.len())
    }

    #[test]
    fn only_the_fixed_spans_change_and_crlf_stays() {
        let text =
            "某县2023年法治政府建设情况报告\r\n一、主要举措[bookmark: _GoBack]和成效\r\n　　（一）依法行政。\r\n";
        let f = finding(span_of(text, "[bookmark: _GoBack]"), "");
        let (out, n) = apply(text, &[f]);
        assert_eq!(n, 1);
        assert_eq!(out, "某县2023年法治政府建设情况报告\r\n一、主要举措和成效\r\n　　（一）依法行政。\r\n");
    }

    #[test]
    fn overlapping_and_out_of_range_edits_are_skipped() {
        let text = "一、存在的问题和不足";
        let a = finding(span_of(text, "存在的问题"), "存在问题");
        let b = finding(span_of(text, "问题和"), "X");
        let c = finding(Span::new(1, 2), "Y"); // inside a character
        let d = finding(Span::new(100, 101), "Z");
        let (out, n) = apply(text, &[b.clone(), a, c, d, b]);
        assert_eq!((out.as_str(), n), ("一、存在问题和不足", 1));
        let e = finding(Span::empty(0), "【】");
        assert_eq!(apply("x", &[e]).0, "【】x");
    }

    #[test]
    fn encodings_and_byte_order_marks_are_kept() {
        let old = "一、举措[bookmark: _GoBack]\r\n二、问题\r\n";
        let new = "一、举措\r\n二、问题\r\n";
        // UTF-8 with and without BOM.
        let plain = old.as_bytes().to_vec();
        assert_eq!(encode_like(new, old, &plain, "UTF-8").unwrap(), new.as_bytes());
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(old.as_bytes());
        assert_eq!(&encode_like(new, old, &bom, "UTF-8").unwrap()[..3], &[0xEF, 0xBB, 0xBF]);
        // GB18030.
        let (gb_old, _, _) = encoding_rs::GB18030.encode(old);
        let gb_new = encode_like(new, old, &gb_old, "GB18030").unwrap();
        assert_eq!(encoding_rs::GB18030.decode_without_bom_handling(&gb_new).0, new);
        assert_eq!(&gb_new[..4], &gb_old[..4]);
        // UTF-16LE with BOM.
        let utf16 = |t: &str| {
            let mut v = vec![0xFF, 0xFE];
            t.encode_utf16().for_each(|u| v.extend_from_slice(&u.to_le_bytes()));
            v
        };
        assert_eq!(encode_like(new, old, &utf16(old), "UTF-16LE").unwrap(), utf16(new));
        // Bytes that do not round-trip are refused rather than rewritten.
        assert!(matches!(encode_like(new, old, b"other", "UTF-8"), Err(FixError::Encoding(_))));
    }

    #[test]
    fn only_plain_text_is_fixable() {
        assert!(check_fixable(Path::new("a/报告.TXT")).is_ok());
        assert!(check_fixable(Path::new("a.md")).is_ok());
        assert_eq!(check_fixable(Path::new("a.docx")), Err(FixError::NotPlainText("docx".into())));
        assert!(check_fixable(Path::new("a.html")).is_err());
    }

    #[test]
    fn the_diff_shows_the_changed_line_only() {
        let d = unified_diff("r.txt", "标题\n一、举措[bookmark: _GoBack]\n二、问题\n", "标题\n一、举措\n二、问题\n");
        assert!(d.starts_with("--- r.txt\n+++ r.txt\n@@ -1,3 +1,3 @@\n"), "{d}");
        assert!(d.contains("-一、举措[bookmark: _GoBack]\n+一、举措\n"), "{d}");
        assert_eq!(unified_diff("r.txt", "a", "a"), "");
    }

    #[test]
    fn fix_text_without_fixes_changes_nothing() {
        let rules = RuleSet::embedded().unwrap();
        let text = "某县2023年法治政府建设情况报告\n一、主要举措和成效\n";
        let fixed = fix_text(text, &rules, &Settings::default());
        assert_eq!((fixed.text.as_str(), fixed.applied), (text, 0));
        assert!(!fixed.checked.findings.is_empty());
    }

    #[test]
    fn markdown_is_fixed_in_its_own_bytes_and_marks_stay() {
        let rules = RuleSet::embedded().unwrap();
        let source = "# 某县2023年法治政府建设情况报告\n\n## 一、主要举措[bookmark: _GoBack]和**成效**\n";
        let checked_text = crate::input::markdown::blank_marks(source.to_string());
        assert_eq!(markdown_source(source.as_bytes(), &checked_text).unwrap(), source);
        assert_eq!(markdown_source(b"# other", &checked_text), Err(FixError::SourceChanged));
        let fixed = fix_markdown(source, &rules, &Settings::default());
        assert_eq!(fixed.text, "# 某县2023年法治政府建设情况报告\n\n## 一、主要举措和**成效**\n");
        assert_eq!(fixed.applied, 1);
        // Round trip through the encoder against the file's own bytes.
        assert_eq!(encode_like(&fixed.text, source, source.as_bytes(), "UTF-8").unwrap(), fixed.text.as_bytes());
    }

    #[test]
    fn atomic_write_replaces_the_file_keeps_mode_and_writes_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.txt");
        std::fs::write(&file, "旧内容").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::{MetadataExt, PermissionsExt};
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
            let before = std::fs::metadata(&file).unwrap().ino();
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink("r.txt", &link).unwrap();
            write_atomic(&link, "新内容".as_bytes()).unwrap();
            assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
            let m = std::fs::metadata(&file).unwrap();
            assert_eq!(m.permissions().mode() & 0o777, 0o640);
            // Renamed over, not rewritten in place.
            assert_ne!(m.ino(), before);
        }
        #[cfg(not(unix))]
        write_atomic(&file, "新内容".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "新内容");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(names.iter().all(|n| !n.to_string_lossy().starts_with(".fazhi-lint-")), "{names:?}");
        // A folder that does not exist: an error, nothing written.
        assert!(write_atomic(&dir.path().join("none/r.txt"), b"x").is_err());
    }

    #[test]
    fn an_atomic_file_not_committed_leaves_nothing_and_create_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.json");
        let mut f = AtomicFile::create(&file).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        std::fs::write(&file, "old").unwrap();
        let mut f = AtomicFile::create(&file).unwrap();
        f.write_all(b"half").unwrap();
        // Not yet committed: the old file is whole.
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "half");
        assert!(AtomicFile::create_new(&file).is_err());
        // A file that appears between the start and the commit is not replaced either.
        let late = dir.path().join("late.yaml");
        let mut f = AtomicFile::create_new(&late).unwrap();
        f.write_all(b"new").unwrap();
        std::fs::write(&late, "theirs").unwrap();
        assert!(f.commit().is_err());
        assert_eq!(std::fs::read_to_string(&late).unwrap(), "theirs");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_file_changed_since_it_was_checked_is_not_written_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.txt");
        let old = "一、举措[bookmark: _GoBack]\n二、问题\n";
        let new = "一、举措\n二、问题\n";
        std::fs::write(&file, old).unwrap();
        assert_eq!(bytes_to_write(&file, old, "UTF-8", None, new, 1 << 20).unwrap(), new.as_bytes());
        // Another run fixed it meanwhile: the truth, not an encoding problem.
        std::fs::write(&file, new).unwrap();
        assert_eq!(bytes_to_write(&file, old, "UTF-8", None, new, 1 << 20), Err(FixError::Changed));
        // Grown past the limit meanwhile.
        std::fs::write(&file, old.repeat(100)).unwrap();
        assert_eq!(bytes_to_write(&file, old, "UTF-8", None, new, 64), Err(FixError::Changed));
        // Markdown: the very bytes the fix was applied to, or nothing.
        let md = "## 一、举措[bookmark: _GoBack]\n";
        std::fs::write(&file, md).unwrap();
        let fixed_md = "## 一、举措\n";
        let ok = bytes_to_write(&file, "", "UTF-8", Some((md.as_bytes(), md)), fixed_md, 1 << 20);
        assert_eq!(ok.unwrap(), fixed_md.as_bytes());
        std::fs::write(&file, "## 一、举措[bookmark: _GoBack]\n编辑器刚保存的一行\n").unwrap();
        let changed = bytes_to_write(&file, "", "UTF-8", Some((md.as_bytes(), md)), fixed_md, 1 << 20);
        assert_eq!(changed, Err(FixError::Changed));
        assert!(FixError::Changed.to_string().contains("被改动"));
        assert!(matches!(
            bytes_to_write(&dir.path().join("none.txt"), old, "UTF-8", None, new, 64),
            Err(FixError::Reread(_))
        ));
    }
}

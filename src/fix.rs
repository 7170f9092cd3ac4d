//! Safe fixes: applying the [`Fix`] edits that findings carry to the decoded text, and
//! writing the result back in the file's own encoding, byte for byte unchanged outside
//! the edited spans. Only plain-text formats are rewritten (`.txt`, `.md`); a `.docx`
//! or web page is never touched. The binary decides whether to write or print a diff.

use crate::check::{check_text, Checked, Settings};
use crate::diagnostic::{Finding, Fix};
use crate::rules::RuleSet;
use std::path::Path;

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
    let mut current = text.to_string();
    let mut checked = check_text(&current, rules, settings);
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let (next, n) = apply(&current, &checked.findings);
        if n == 0 || next == current {
            break;
        }
        applied += n;
        current = next;
        checked = check_text(&current, rules, settings);
    }
    Fixed { text: current, applied, checked }
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
    use crate::span::Span;
    use crate::Severity;

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
        let text = "某县2023年法治政府建设情况报告\r\n一、主要举措[bookmark: _GoBack]和成效\r\n　　（一）依法行政。\r\n";
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
}

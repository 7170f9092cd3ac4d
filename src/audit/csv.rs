//! CSV: UTF-8 with a byte-order mark (so Excel opens Chinese correctly), a header row
//! with the Chinese column names, one row per file and, with a roster, one row per unit
//! that sent nothing (only 名单单位 and 名单状态 未报送). The summary is a separate CSV.
//!
//! A cell a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) gets a leading `'` (OWASP's advice on CSV injection): a
//! report title or file name is untrusted text. Control and bidi characters are shown
//! (`␛`, `\u{202E}`), as in every output.

use super::summary::{percent, Summary};
use super::{Audit, Cell};
use std::io::Write;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// A text cell made inert for spreadsheets.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    // Control and bidi characters shown, not obeyed, where the CSV is printed (stdout).
    let s = crate::output::escape::visible(s);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s
    }
}

fn plain(c: &Cell) -> String {
    match c {
        Cell::Text(s) => neutralise(s).into_owned(),
        other => other.to_plain(),
    }
}

/// Write the rows.
pub fn write_rows<W: Write>(audit: &Audit, out: W) -> std::io::Result<()> {
    let mut out = out;
    out.write_all(BOM)?;
    let mut w = csv::Writer::from_writer(out);
    // A user rule file names its parts' columns: inert like every other text.
    w.write_record(audit.columns().iter().map(|c| neutralise(c).into_owned()))?;
    for i in 0..audit.rows.len() {
        w.write_record(audit.cells(i).iter().map(plain))?;
    }
    // The roster units that sent nothing, after the files (名单状态 未报送).
    if let Some(rr) = &audit.roster {
        for &u in &rr.missing {
            w.write_record(audit.missing_cells(u).iter().map(plain))?;
        }
    }
    w.flush()?;
    Ok(())
}

/// Write the summary: one line per group with the report count and each part's share.
pub fn write_summary<W: Write>(summary: &Summary, out: W) -> std::io::Result<()> {
    let mut out = out;
    out.write_all(BOM)?;
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["分组".to_string(), "类别".into(), "报告数".into()];
    header.extend(summary.parts.iter().map(|p| neutralise(&p.column).into_owned()));
    w.write_record(&header)?;
    for (dim, c) in summary.groups() {
        let mut rec = vec![dim.to_string(), neutralise(&c.label).into_owned(), c.reports.to_string()];
        rec.extend((0..summary.parts.len()).map(|k| percent(c.share(k))));
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_starts_get_a_quote() {
        for s in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        // A lone carriage return is shown, like every control character: nothing to quote.
        assert_eq!(neutralise("\rx"), "␍x");
        assert_eq!(neutralise("甲\u{1b}[2J\u{202e}"), "甲␛[2J\\u{202E}");
        assert_eq!(neutralise("甲县=1"), "甲县=1");
        assert_eq!(neutralise(""), "");
    }
}

//! CSV: UTF-8 with a byte-order mark (so Excel opens Chinese correctly), a header row
//! with the column names, one row per file. The summary is a separate CSV.

use super::summary::{percent, Summary};
use super::{Audit, COLUMNS, ELEMENT_LABELS};
use std::io::Write;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// Write the rows.
pub fn write_rows<W: Write>(audit: &Audit, out: W) -> std::io::Result<()> {
    let mut out = out;
    out.write_all(BOM)?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for i in 0..audit.rows.len() {
        w.write_record(audit.cells(i).iter().map(|c| c.to_plain()))?;
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
    header.extend(ELEMENT_LABELS.iter().map(|s| s.to_string()));
    w.write_record(&header)?;
    for (dim, c) in summary.groups() {
        let mut rec = vec![dim.to_string(), c.label.clone(), c.reports.to_string()];
        rec.extend((0..6).map(|k| percent(c.share(k))));
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}

//! JSONL: one object per line and per file, the `check --format json` object of that
//! file (its `diagnostics` joined by the cross-year ones: `problem-repeated` on the later
//! of a unit's reports of consecutive years, `plan-not-followed` on the earlier) plus the audit fields (`level`, `errors`, `warnings`, `infos`, `date`,
//! `date_source`, `copy_group`, `most_similar`, `similarity`, `repeats_previous_year`,
//! `near_duplicate`, `ocr_confidence` (a scan read by OCR; its `ocr` object is the check
//! JSON's)); with a roster every file's object (readable or not) also has
//! `roster_unit`, `roster_match` (`exact`/`guess`), `roster_reason` (a guess's:
//! `place`, `shorter`, `title`, `file_name`, `folder`) and `roster_status` (`submitted`,
//! `submitted_unreadable`, `unreadable`, `not_on_roster`), and one object
//! `{"roster_unit": …, "roster_status": "missing"}` per unit that sent nothing follows
//! the files. The keys stay in English: this is the machine contract (the CSV and XLSX
//! headers are Chinese). Objects come back from the spill file, one at a time.

use super::spill::Spill;
use super::Audit;
use serde_json::{json, Value};
use std::io::Write;

pub fn write<W: Write>(audit: &Audit, spill: &Spill, out: W) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    for (i, r) in audit.rows.iter().enumerate() {
        let mut obj = match spill.get(i) {
            Ok(Value::Object(m)) => m,
            other => {
                let e = r.error.clone().or(other.err()).unwrap_or_else(|| "内部错误：临时文件内容有误".into());
                let mut m = serde_json::Map::new();
                m.insert("path".into(), json!(r.path));
                m.insert("error".into(), json!(e));
                m
            }
        };
        if let Some(rr) = &audit.roster {
            obj.insert("roster_unit".into(), json!(r.roster.map(|(u, _)| &rr.roster.units[u])));
            obj.insert("roster_match".into(), json!(r.roster.map(|(_, k)| k.key())));
            obj.insert("roster_reason".into(), json!(r.roster.and_then(|(_, k)| k.reason()).map(|w| w.key())));
            obj.insert("roster_status".into(), json!(audit.roster_status(i).map(|s| s.key())));
        }
        if r.is_ok() {
            // The cross-year findings (problem-repeated, plan-not-followed) join the report's own.
            if let Some(Value::Array(ds)) = obj.get_mut("diagnostics") {
                for f in audit.follow_findings(i) {
                    ds.push(json!({
                        "rule": f.rule,
                        "severity": f.severity.as_str(),
                        "message": f.message,
                        "help": f.help,
                        "line": f.line,
                        "column": f.column,
                        "end_line": f.end_line,
                        "end_column": f.end_column,
                    }));
                }
            }
            obj.insert("level".into(), json!(r.level().key()));
            obj.insert("errors".into(), json!(r.errors));
            obj.insert("warnings".into(), json!(r.warnings));
            obj.insert("infos".into(), json!(r.infos));
            obj.insert("most_similar".into(), json!(r.most_similar.map(|(j, _)| &audit.rows[j].path)));
            obj.insert("similarity".into(), json!(r.most_similar.map(|(_, s)| (s * 1000.0).round() / 1000.0)));
            obj.insert("repeats_previous_year".into(), json!(r.repeats_previous_year.map(|j| &audit.rows[j].path)));
            obj.insert("near_duplicate".into(), json!(audit.near_duplicate(i)));
            obj.insert("copy_group".into(), json!(r.copy_group));
            obj.insert("date".into(), json!(r.date));
            obj.insert("date_source".into(), json!(r.date_source));
            obj.insert("ocr_confidence".into(), json!(r.ocr));
        }
        // C1 and bidi controls as \u escapes: the same data, inert on a terminal.
        let line = serde_json::to_vec(&Value::Object(obj))?;
        out.write_all(&crate::output::escape::json_inert_bytes(line))?;
        out.write_all(b"\n")?;
    }
    // The roster units that sent nothing: one object each, after the files.
    if let Some(rr) = &audit.roster {
        for &u in &rr.missing {
            serde_json::to_writer(&mut out, &json!({"roster_unit": rr.roster.units[u], "roster_status": "missing"}))?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()
}

//! `deadline`: the report is dated after the reporting deadline. The 督察工作规定 asks
//! for the report on the previous year by 4月1日 (its default; a config's `deadline:
//! 03-01` sets another month and day). The date is the sign-off's (成文日期), else the
//! web page's 发布时间, else the date the file's container records (docx core.xml, PDF
//! Info …); the finding says which. Without a reported year or any date, nothing is
//! checked.

use super::{finding, Ctx, Kind};
use crate::diagnostic::Finding;
use crate::input::DocMeta;
use crate::parse::Report;
use crate::parts::Parts;
use crate::rules::RuleMeta;
use crate::span::Span;

crate::rules::fields::raw_fields! {
    /// A `deadline` rule as written: no fields of its own (the deadline is a setting).
    pub struct RawDeadline {
        lists {}
        scalars {}
    }
}

/// The default deadline: 4月1日 of the year after the reported year.
pub const DEFAULT_DEADLINE: (u32, u32) = (4, 1);

/// Where a report's date was taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateSource {
    /// The date line of the sign-off (成文日期).
    SignOff,
    /// The web page's 发布时间.
    Published,
    /// The container's own metadata; the name of the part (`core.xml`, `PDF Info` …).
    Metadata(&'static str),
}

impl DateSource {
    /// How a message names the source.
    pub fn describe(&self) -> String {
        match self {
            DateSource::SignOff => "落款成文日期".into(),
            DateSource::Published => "网页发布时间".into(),
            DateSource::Metadata(m) => format!("文件元数据（{m}）"),
        }
    }
}

/// A report's date and its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub source: DateSource,
    /// The sign-off's date line, when the date comes from the text.
    pub span: Option<Span>,
}

impl ReportDate {
    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A Chinese or Arabic number of at most a few characters: 2023, 二〇二三, 十五, 二十, 三十一.
fn number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok().filter(|_| s.len() <= 4);
    }
    let digit =
        |c: char| "〇一二三四五六七八九".chars().position(|d| d == c).or((c == '零').then_some(0)).map(|d| d as u32);
    if !s.contains('十') {
        // Digit by digit (二〇二三).
        return s.chars().try_fold(0u32, |acc, c| Some(acc * 10 + digit(c)?)).filter(|_| s.chars().count() <= 4);
    }
    let (tens, ones) = s.split_once('十')?;
    let t = if tens.is_empty() { 1 } else { digit(tens.chars().next()?)? };
    let o = if ones.is_empty() { 0 } else { digit(ones.chars().next()?)? };
    (tens.chars().count() <= 1 && ones.chars().count() <= 1).then_some(t * 10 + o)
}

/// Whether year `y`, month `m`, day `d` is a day of the Gregorian calendar (years
/// 1900–2999): 2023-02-30 and 2023-02-29 are not, 2024-02-29 is.
fn valid(y: i32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    (1900..=2999).contains(&y) && (1..=days).contains(&d)
}

/// A date written as 2023年4月15日 (Arabic or Chinese numerals, spaces allowed).
pub fn parse_cn_date(s: &str) -> Option<(i32, u32, u32)> {
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, _) = rest.split_once('日')?;
    let (y, m, d) = (number(y)? as i32, number(m)?, number(d)?);
    valid(y, m, d).then_some((y, m, d))
}

/// A date written as YYYY-MM-DD (the readers' metadata form; a time may follow).
pub fn parse_iso_date(s: &str) -> Option<(i32, u32, u32)> {
    let s = s.trim();
    let y = s.get(0..4)?.parse().ok()?;
    let m = s.get(5..7)?.parse().ok()?;
    let d = s.get(8..10)?.parse().ok()?;
    (s.get(4..5) == Some("-") && s.get(7..8) == Some("-") && valid(y, m, d)).then_some((y, m, d))
}

/// The report's date: the sign-off's, else the page's 发布时间, else the container's
/// when it falls in the year the report was due (the year after the reported year).
pub fn report_date(report: &Report, text: &str, meta: Option<&DocMeta>) -> Option<ReportDate> {
    if let Some(span) = report.sign_off.as_ref().and_then(|s| s.date) {
        if let Some((year, month, day)) = span.slice(text).get(..).and_then(parse_cn_date) {
            return Some(ReportDate { year, month, day, source: DateSource::SignOff, span: Some(span) });
        }
    }
    let meta = meta?;
    if let Some((year, month, day)) = meta.published.as_deref().and_then(parse_iso_date) {
        return Some(ReportDate { year, month, day, source: DateSource::Published, span: None });
    }
    let (year, month, day) = meta.date.as_deref().and_then(parse_iso_date)?;
    // A file's own date is weak evidence: a template's (python-docx writes 2013-12-23),
    // a conversion's or a later re-save's says nothing about when the report was written.
    // Only a date in the year the report was due is taken; without a reported year, none.
    if report.year.map(|y| y + 1) != Some(year) {
        return None;
    }
    Some(ReportDate {
        year,
        month,
        day,
        source: DateSource::Metadata(meta.date_source.unwrap_or("元数据")),
        span: None,
    })
}

/// Parse a configured deadline `MM-DD` (03-01, 3-1).
pub fn parse_deadline(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    ((1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]).then_some((m, d))
}

#[derive(Debug)]
pub struct Deadline;

impl Kind for Deadline {
    type Raw = RawDeadline;

    fn compile(_: RawDeadline, _: &Parts) -> Result<Self, String> {
        Ok(Deadline)
    }

    fn check(&self, meta: &RuleMeta, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(y) = ctx.report.year else { return };
        let Some(date) = report_date(ctx.report, ctx.text, ctx.meta) else { return };
        let (dm, dd) = ctx.deadline.unwrap_or(DEFAULT_DEADLINE);
        let due = (y + 1, dm, dd);
        if (date.year, date.month, date.day) <= due {
            return;
        }
        // A date in the text is pointed at; a metadata date at the title (or the start).
        let span = date.span.or_else(|| ctx.report.title.as_ref().map(|t| t.span)).unwrap_or(Span::new(0, 0));
        let label = format!(
            "{}为{}年{}月{}日，晚于{}年度报告的报送期限{}年{}月{}日",
            date.source.describe(),
            date.year,
            date.month,
            date.day,
            y,
            due.0,
            due.1,
            due.2
        );
        out.push(finding(meta, span, Some(label), None));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kinds::test_support::{load_error, run};

    const RULE: &str = "
  - id: t-late
    kind: deadline
    severity: warning
    message: 晚
    help: 改
    explanation: 因
";

    fn report(sign: &str) -> String {
        format!("某县司法局2022年度法治政府建设情况报告\n一、主要举措和成效\n办理案件12件。\n二、2023年工作打算\n完善制度。\n\n某县司法局\n{sign}\n")
    }

    #[test]
    fn late_sign_off_fires_and_timely_one_does_not() {
        let late = report("2023年4月15日");
        let f = run(RULE, &late);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.slice(&late), "2023年4月15日");
        assert!(f[0].label.contains("落款成文日期") && f[0].label.contains("2023年4月1日"), "{}", f[0].label);
        assert!(run(RULE, &report("2023年3月10日")).is_empty());
        assert!(run(RULE, &report("2023年4月1日")).is_empty(), "the deadline day itself is on time");
        assert_eq!(run(RULE, &report("二〇二三年四月十五日")).len(), 1);
        assert!(
            load_error(&RULE.replace("severity: warning", "severity: warning\n    years: {a: 1}")).contains("years")
        );
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(parse_cn_date("二〇二三年十二月三十一日"), Some((2023, 12, 31)));
        assert_eq!(parse_cn_date("2023 年 3 月 10 日"), Some((2023, 3, 10)));
        assert_eq!(parse_cn_date("2023年13月1日"), None);
        assert_eq!(parse_cn_date("2023年2月30日"), None);
        assert_eq!(parse_cn_date("2023年4月31日"), None);
        assert_eq!(parse_cn_date("二〇二四年二月二十九日"), Some((2024, 2, 29)));
        assert_eq!(parse_iso_date("2023-02-29"), None);
        assert_eq!(parse_iso_date("2000-02-29"), Some((2000, 2, 29)));
        assert_eq!(parse_iso_date("2100-02-29"), None);
        assert_eq!(parse_iso_date("2023-03-10T08:00:00Z"), Some((2023, 3, 10)));
        assert_eq!(parse_iso_date("2023/03/10"), None);
        assert_eq!(parse_deadline("03-01"), Some((3, 1)));
        assert_eq!(parse_deadline("02-30"), None);
        assert_eq!(parse_deadline("x"), None);
    }

    #[test]
    fn metadata_dates_in_order_and_the_configured_deadline() {
        use crate::rules::kinds::test_support::run_with;
        let text = "某县司法局2022年度法治政府建设情况报告\n一、主要举措和成效\n办理案件12件。\n";
        let mut meta = crate::input::DocMeta {
            date: Some("2023-02-01".into()),
            date_source: Some("core.xml"),
            ..Default::default()
        };
        assert!(run_with(RULE, text, Some(&meta), None).is_empty());
        meta.published = Some("2023-04-20".into());
        let f = run_with(RULE, text, Some(&meta), None);
        assert_eq!(f.len(), 1);
        assert!(f[0].label.contains("网页发布时间"), "{}", f[0].label);
        meta.published = None;
        let f = run_with(RULE, text, Some(&meta), Some((1, 15)));
        assert!(
            f.len() == 1 && f[0].label.contains("文件元数据（core.xml）") && f[0].label.contains("2023年1月15日"),
            "{f:?}"
        );
        // A file dated years later (converted, re-saved) or earlier (a template's date)
        // says nothing about lateness, and is no date of the report at all.
        let rs = crate::rules::RuleSet::embedded().expect("embedded rules");
        let parse = |t: &str| rs.parse(t, &crate::normalize::to_simplified(t), &[]);
        for d in ["2026-12-01", "2013-12-23", "2022-06-01"] {
            meta.date = Some(d.into());
            assert!(run_with(RULE, text, Some(&meta), None).is_empty(), "{d}");
            let report = parse(text);
            assert_eq!(report_date(&report, text, Some(&meta)), None, "{d}");
        }
        meta.date = Some("2023-03-20".into());
        assert_eq!(report_date(&parse(text), text, Some(&meta)).map(|d| d.iso()), Some("2023-03-20".into()));
        let undated_year = "某县司法局法治政府建设情况报告\n一、主要举措和成效\n办理案件12件。\n";
        assert_eq!(report_date(&parse(undated_year), undated_year, Some(&meta)), None);
    }
}

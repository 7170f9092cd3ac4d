//! The creation date from the SummaryInformation property set.

use super::*;

/// The creation date in a SummaryInformation property set (PIDSI_CREATE_DTM, a
/// FILETIME), as `YYYY-MM-DD`.
pub(super) fn summary_date(s: &[u8]) -> Option<String> {
    if u16_at(s, 0)? != 0xFFFE {
        return None;
    }
    let set = u32_at(s, 44)? as usize;
    if set >= s.len() {
        return None;
    }
    let count = (u32_at(s, set + 4)? as usize).min(s.len() / 8);
    for i in 0..count {
        let id = u32_at(s, set + 8 + i * 8)?;
        let off = u32_at(s, set + 12 + i * 8)? as usize;
        if id == 12 {
            let at = set.checked_add(off)?;
            if u32_at(s, at)? != 0x40 {
                return None;
            }
            let lo = u64::from(u32_at(s, at + 4)?);
            let hi = u64::from(u32_at(s, at + 8)?);
            return filetime_date((hi << 32) | lo);
        }
    }
    None
}

/// A FILETIME (100 ns since 1601-01-01 UTC) as a calendar date; `None` for zero or
/// implausible values.
pub(super) fn filetime_date(ft: u64) -> Option<String> {
    let secs = ft / 10_000_000;
    let unix = i64::try_from(secs).ok()? - 11_644_473_600;
    if unix <= 0 {
        return None;
    }
    let (y, m, d) = crate::input::civil_from_days(unix / 86_400);
    (1980..=9999).contains(&y).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

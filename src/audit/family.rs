//! Copy families: connected components of the near-duplicate pairs, each with the
//! report it was most likely copied from, and the passages a member shares with it.

use super::neardup::{self, Signature};
use super::{Family, Row};

/// Group the pairs into families, number them (1-based, by first member), choose each
/// family's source and set every member's `copy_group`.
pub fn families(rows: &mut [Row], pairs: &[(usize, usize, f64)], sigs: &[Option<Signature>]) -> Vec<Family> {
    let comps = neardup::components(rows.len(), pairs);
    let mut out = Vec::with_capacity(comps.len());
    for (k, members) in comps.into_iter().enumerate() {
        let id = k + 1;
        // Earliest date, else earliest year (undated last), then the most complete,
        // then the first listed.
        let source = *members
            .iter()
            .min_by(|&&a, &&b| {
                let (ra, rb) = (&rows[a], &rows[b]);
                let when = |r: &Row| (r.date.is_none(), r.date.clone(), r.year.is_none(), r.year);
                when(ra).cmp(&when(rb)).then(rb.completeness().cmp(&ra.completeness())).then(a.cmp(&b))
            })
            .unwrap_or(&members[0]);
        let with = members
            .iter()
            .map(|&m| {
                let s = match (&sigs[source], &sigs[m]) {
                    (Some(a), Some(b)) => neardup::similarity(a, b),
                    _ => 0.0,
                };
                (m, if m == source { 1.0 } else { s })
            })
            .collect();
        for &m in &members {
            rows[m].copy_group = Some(id);
        }
        out.push(Family { id, source, members: with });
    }
    out
}

/// Shortest run of characters counted as a shared passage.
pub const MIN_RUN_CHARS: usize = 12;

/// The passages two texts share: runs of at least `MIN_RUN_CHARS` equal characters, as
/// byte ranges in `a` and in `b`, in text order. The texts are compared character by
/// character with a diff (Myers, bounded by a timeout), so near-copies cost little.
pub fn shared_runs(a: &str, b: &str) -> (Vec<std::ops::Range<usize>>, Vec<std::ops::Range<usize>>) {
    use similar::{Algorithm, DiffOp, TextDiff};
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(std::time::Duration::from_millis(500))
        .diff_chars(a, b);
    let (ca, cb): (Vec<usize>, Vec<usize>) = (offsets(a), offsets(b));
    let (mut ra, mut rb) = (Vec::new(), Vec::new());
    for op in diff.ops() {
        if let DiffOp::Equal { old_index, new_index, len } = *op {
            if len >= MIN_RUN_CHARS {
                ra.push(ca[old_index]..ca[old_index + len]);
                rb.push(cb[new_index]..cb[new_index + len]);
            }
        }
    }
    (ra, rb)
}

/// Byte offset of every character, and the end.
fn offsets(s: &str) -> Vec<usize> {
    let mut v: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    v.push(s.len());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_runs_are_the_long_equal_stretches() {
        let a = "本年度全面推行行政执法三项制度，组织开展执法案卷评查。甲县特色工作。";
        let b = "乙县特色工作。本年度全面推行行政执法三项制度，组织开展执法案卷评查。";
        let (ra, rb) = shared_runs(a, b);
        assert_eq!(ra.len(), 1);
        assert_eq!(&a[ra[0].clone()], &b[rb[0].clone()]);
        assert!(a[ra[0].clone()].starts_with("本年度全面推行"));
        let (x, _) = shared_runs("完全不同的一段文字内容", "另一段毫无关系的话语");
        assert!(x.is_empty());
    }

    #[test]
    fn the_source_is_the_earliest_then_the_most_complete() {
        let row = |date: Option<&str>, parts: usize| Row {
            path: "x".into(),
            date: date.map(String::from),
            elements: (0..6).map(|k| k < parts).collect(),
            ..Default::default()
        };
        let mut rows = vec![row(Some("2023-03-01"), 6), row(Some("2023-02-01"), 3), row(None, 6), row(None, 2)];
        let sig = neardup::signature("全面推进依法行政，加强行政执法监督，深化政务公开").unwrap();
        let sigs = vec![Some(sig.clone()), Some(sig.clone()), Some(sig.clone()), Some(sig)];
        let f = families(&mut rows, &[(0, 1, 0.9), (1, 2, 0.9), (2, 3, 0.9)], &sigs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].source, 1);
        assert!(rows.iter().all(|r| r.copy_group == Some(1)));
        let mut undated = vec![row(None, 2), row(None, 5)];
        let f = families(&mut undated, &[(0, 1, 0.9)], &sigs[..2]);
        assert_eq!(f[0].source, 1);
    }
}

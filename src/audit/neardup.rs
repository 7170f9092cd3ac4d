//! Near-duplicate detection that stays sub-quadratic: jieba word shingles → MinHash
//! signatures → LSH banding for candidate pairs → estimated Jaccard similarity.
//!
//! Only the signature (`PERMUTATIONS` × u32, 512 bytes) of each report is kept, never
//! its text. Candidate pairs come from identical bands; a band bucket larger than
//! `BUCKET_WINDOW` compares each member with its next `BUCKET_WINDOW` neighbours only,
//! so thousands of identical reports still cost linear time (they remain linked
//! through their neighbours).

use jieba_rs::Jieba;
use std::sync::OnceLock;
use xxhash_rust::xxh3::xxh3_64;

/// Hash functions per signature.
pub const PERMUTATIONS: usize = 128;
/// Words per shingle.
pub const SHINGLE_WORDS: usize = 3;
/// Most comparisons one report makes inside one band bucket.
const BUCKET_WINDOW: usize = 64;

/// A MinHash signature.
pub type Signature = Box<[u32]>;

/// The default jieba dictionary (~100 ms, ~33 MB): loaded once, on first use, and only
/// by the audit.
fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Is this token content (not whitespace, digits or punctuation)?
fn is_word(tok: &str) -> bool {
    tok.chars().any(|c| c.is_alphabetic())
}

/// Seeds of the hash family, fixed so signatures are the same from run to run.
fn seeds() -> &'static [u64; PERMUTATIONS] {
    static SEEDS: OnceLock<[u64; PERMUTATIONS]> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut s = [0u64; PERMUTATIONS];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for v in s.iter_mut() {
            x = splitmix(x);
            *v = x;
        }
        s
    })
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes of the word shingles of a text: digits, whitespace and punctuation are
/// dropped, so renumbered or reformatted copies still match.
pub fn shingles(text: &str) -> Vec<u64> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace() && !c.is_numeric()).collect();
    let words: Vec<&str> = jieba().cut(&cleaned, false).into_iter().map(|t| t.word).filter(|w| is_word(w)).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let k = SHINGLE_WORDS.min(words.len());
    let mut out: Vec<u64> = words
        .windows(k)
        .map(|w| {
            let mut buf = String::with_capacity(w.iter().map(|s| s.len() + 1).sum());
            for s in w {
                buf.push_str(s);
                buf.push('\u{1f}');
            }
            xxh3_64(buf.as_bytes())
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The MinHash signature of a text, or None when it has no words.
pub fn signature(text: &str) -> Option<Signature> {
    let sh = shingles(text);
    if sh.is_empty() {
        return None;
    }
    let seeds = seeds();
    let mut sig = vec![u32::MAX; PERMUTATIONS];
    for &h in &sh {
        for (slot, seed) in sig.iter_mut().zip(seeds.iter()) {
            let v = (splitmix(h ^ seed) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    Some(sig.into_boxed_slice())
}

/// How many low bits of a shingle hash must be zero for the shingle to be kept in a
/// report's sample (0: every shingle): more reports, a sparser sample, so the samples of
/// 20,000 reports stay within tens of megabytes. The sample is the same hash-chosen
/// subset in every report, so the Jaccard similarity of samples estimates that of the
/// full shingle sets.
pub fn sample_shift(reports: usize) -> u32 {
    match reports {
        0..=2_000 => 0,
        2_001..=6_000 => 1,
        _ => 2,
    }
}

/// A report's shingle sample: the upper 32 bits of the hashes whose `shift` low bits are
/// zero, sorted, without repeats.
pub fn sample(text: &str, shift: u32) -> Vec<u32> {
    let mask = (1u64 << shift) - 1;
    let mut v: Vec<u32> = shingles(text).into_iter().filter(|h| h & mask == 0).map(|h| (h >> 32) as u32).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Shingles that a large share of the reports contain (the regulation's wording, stock
/// phrases): in at least `min_reports` samples. They make no two reports a family.
pub fn boilerplate(samples: &[Option<Vec<u32>>], min_reports: usize) -> std::collections::HashSet<u32> {
    let mut all: Vec<u32> = Vec::with_capacity(samples.iter().flatten().map(|s| s.len()).sum());
    for s in samples.iter().flatten() {
        all.extend_from_slice(s);
    }
    all.sort_unstable();
    let mut out = std::collections::HashSet::new();
    for run in all.chunk_by(|a, b| a == b) {
        if run.len() >= min_reports.max(2) {
            out.insert(run[0]);
        }
    }
    out
}

/// The MinHash signature of a sample without the boilerplate shingles (None: nothing left).
pub fn signature_of(sample: &[u32], skip: &std::collections::HashSet<u32>) -> Option<Signature> {
    let seeds = seeds();
    let mut sig = vec![u32::MAX; PERMUTATIONS];
    let mut any = false;
    for &h in sample.iter().filter(|h| !skip.contains(h)) {
        any = true;
        for (slot, seed) in sig.iter_mut().zip(seeds.iter()) {
            let v = (splitmix(u64::from(h) ^ seed) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    any.then(|| sig.into_boxed_slice())
}

/// Connected components of the pairs over `n` reports, each sorted, components with two
/// or more members only, ordered by their first member.
pub fn components(n: usize, pairs: &[(usize, usize, f64)]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(a, b, _) in pairs {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort_by_key(|g| g[0]);
    out
}

/// Estimated Jaccard similarity of two signatures.
pub fn similarity(a: &[u32], b: &[u32]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len().max(1) as f64
}

/// Bands and rows per band for a threshold: the (b, r) with b·r ≤ PERMUTATIONS that
/// minimises the weighted area of false positives and false negatives under the
/// S-curve 1 − (1 − s^r)^b. Missing a copy costs more than checking a candidate, so
/// false negatives weigh 0.9.
pub fn lsh_params(threshold: f64) -> (usize, usize) {
    let t = threshold.clamp(0.05, 0.99);
    let prob = |s: f64, b: usize, r: usize| 1.0 - (1.0 - s.powi(r as i32)).powi(b as i32);
    let integrate = |f: &dyn Fn(f64) -> f64, lo: f64, hi: f64| {
        let n = 200;
        let h = (hi - lo) / n as f64;
        (0..n).map(|i| f(lo + (i as f64 + 0.5) * h)).sum::<f64>() * h
    };
    let mut best = (1, PERMUTATIONS.min(8), f64::MAX);
    for b in 1..=PERMUTATIONS {
        let r = PERMUTATIONS / b;
        if r == 0 {
            break;
        }
        let fp = integrate(&|s| prob(s, b, r), 0.0, t);
        let fneg = integrate(&|s| 1.0 - prob(s, b, r), t, 1.0);
        let cost = 0.1 * fp + 0.9 * fneg;
        if cost < best.2 {
            best = (b, r, cost);
        }
    }
    (best.0, best.1)
}

/// What the detector found: every pair at or above the threshold, and each report's
/// most similar candidate (at any similarity; None when LSH proposed none).
pub struct NearDuplicates {
    /// (a, b, similarity) with a < b, sorted by a, then b.
    pub pairs: Vec<(usize, usize, f64)>,
    pub best: Vec<Option<(usize, f64)>>,
}

/// Find near-duplicate pairs among signatures (None: a report without text).
pub fn detect(sigs: &[Option<Signature>], threshold: f64) -> NearDuplicates {
    let n = sigs.len();
    let (bands, rows) = lsh_params(threshold);
    let mut best: Vec<Option<(usize, f64)>> = vec![None; n];
    let mut seen = std::collections::HashSet::<(u32, u32)>::new();
    let mut pairs = Vec::new();
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(n);
    for band in 0..bands {
        keys.clear();
        for (i, sig) in sigs.iter().enumerate() {
            if let Some(sig) = sig {
                let slice = &sig[band * rows..(band + 1) * rows];
                let bytes: Vec<u8> = slice.iter().flat_map(|v| v.to_le_bytes()).collect();
                keys.push((xxh3_64(&bytes), i as u32));
            }
        }
        keys.sort_unstable();
        let mut start = 0;
        while start < keys.len() {
            let mut end = start + 1;
            while end < keys.len() && keys[end].0 == keys[start].0 {
                end += 1;
            }
            for x in start..end {
                for y in (x + 1)..end.min(x + 1 + BUCKET_WINDOW) {
                    let (a, b) = (keys[x].1, keys[y].1);
                    if !seen.insert((a, b)) {
                        continue;
                    }
                    let (a, b) = (a as usize, b as usize);
                    let (Some(sa), Some(sb)) = (&sigs[a], &sigs[b]) else { continue };
                    let s = similarity(sa, sb);
                    for (me, other) in [(a, b), (b, a)] {
                        let better = match best[me] {
                            None => true,
                            Some((o, bs)) => s > bs || (s == bs && other < o),
                        };
                        if better {
                            best[me] = Some((other, s));
                        }
                    }
                    if s + 1e-12 >= threshold {
                        pairs.push((a, b, s));
                    }
                }
            }
            start = end;
        }
    }
    pairs.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
    NearDuplicates { pairs, best }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "本年度我区坚持以习近平法治思想为指导，深入推进依法行政，全面提升行政执法规范化水平。组织开展行政执法案卷评查，规范行政裁量权基准，落实行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。";
    const B: &str = "市场监管部门围绕优化营商环境，推行包容审慎监管，建立轻微违法行为不予处罚清单。加强知识产权保护，开展食品安全专项整治，畅通投诉举报渠道，及时回应群众关切。";

    #[test]
    fn identical_texts_have_similarity_one_and_distinct_texts_low() {
        let a = signature(A).unwrap();
        let a2 = signature(&A.replace("我区", "我县")).unwrap();
        let b = signature(B).unwrap();
        assert_eq!(similarity(&a, &a), 1.0);
        assert!(similarity(&a, &a2) > 0.7, "{}", similarity(&a, &a2));
        assert!(similarity(&a, &b) < 0.1);
    }

    #[test]
    fn digits_and_spacing_do_not_change_the_signature() {
        assert_eq!(
            signature("2023年 全面推进依法行政，加强 行政执法 监督").unwrap(),
            signature("2024年全面推进依法行政，加强行政执法监督").unwrap()
        );
        assert!(signature("123 ，。").is_none());
    }

    #[test]
    fn lsh_params_fit_the_signature_and_catch_copies() {
        for t in [0.5, 0.8, 0.95] {
            let (b, r) = lsh_params(t);
            assert!(b * r <= PERMUTATIONS);
            let p = 1.0 - (1.0 - t.powi(r as i32)).powi(b as i32);
            assert!(p > 0.8, "threshold {t}: b={b} r={r} p={p}");
        }
    }

    #[test]
    fn boilerplate_is_dropped_and_components_join_chains() {
        let common =
            "坚持以习近平法治思想为指导，全面贯彻落实法治政府建设实施纲要，深入推进依法行政，加快建设法治政府。";
        let texts: Vec<String> =
            [A, B, "开展普法宣传活动，组织法律进社区进乡村，培育学法用法示范户，群众法治意识明显增强。"]
                .iter()
                .map(|t| format!("{common}{t}"))
                .collect();
        let samples: Vec<Option<Vec<u32>>> = texts.iter().map(|t| Some(sample(t, 0))).collect();
        let skip = boilerplate(&samples, 3);
        assert!(!skip.is_empty());
        let with: Vec<Signature> =
            samples.iter().map(|s| signature_of(s.as_ref().unwrap(), &Default::default()).unwrap()).collect();
        let without: Vec<Signature> =
            samples.iter().map(|s| signature_of(s.as_ref().unwrap(), &skip).unwrap()).collect();
        assert!(similarity(&without[0], &without[1]) < similarity(&with[0], &with[1]));
        assert!(similarity(&without[0], &without[1]) < 0.1);
        assert_eq!(components(5, &[(0, 2, 0.9), (2, 4, 0.9)]), vec![vec![0, 2, 4]]);
        assert!(sample(A, 2).len() < sample(A, 0).len());
    }

    #[test]
    fn detect_pairs_copies_only() {
        let sigs = vec![signature(A), signature(B), signature(&A.replace("我区", "我县")), None];
        let nd = detect(&sigs, 0.6);
        assert_eq!(nd.pairs.len(), 1);
        assert_eq!((nd.pairs[0].0, nd.pairs[0].1), (0, 2));
        assert_eq!(nd.best[0].map(|b| b.0), Some(2));
        assert_eq!(nd.best[2].map(|b| b.0), Some(0));
        assert!(nd.best[3].is_none());
    }
}

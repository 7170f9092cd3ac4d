//! Where a common word sits in the table of everyday words that `build.rs` packs from
//! `common-words.txt` and `common_words::idf` probes. Both include this file (build.rs
//! by path), so the two sides cannot disagree on a key or a slot.

/// The table has `1 << BITS` slots.
pub const BITS: u32 = 15;
/// Number of slots.
pub const SLOTS: usize = 1 << BITS;

/// First and last character of the common words (CJK Unified Ideographs).
const FIRST: u32 = 0x4E00;
const LAST: u32 = 0x9FFF;

/// The key of the pair `a b`: `1 << 31 | (a - 4E00) << 15 | (b - 4E00)`, never 0 (an
/// empty slot); `None` when either is no CJK unified ideograph (no common word).
pub fn key(a: u32, b: u32) -> Option<u32> {
    let cjk = |c: u32| (FIRST..=LAST).contains(&c);
    (cjk(a) && cjk(b)).then(|| 1 << 31 | (a - FIRST) << 15 | (b - FIRST))
}

/// The first slot to look at for `key` (then the next ones, wrapping): the top `BITS`
/// bits of `key * 0x9E3779B1`.
pub fn slot(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - BITS)) as usize
}

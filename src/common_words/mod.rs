//! The everyday two-character words of Chinese and their IDF (`common-words.txt`, from
//! jieba's IDF table, see scripts/make-common-words.py), packed by `build.rs` into an
//! open-addressing hash table the binary embeds as it is: `key::SLOTS` little-endian u32
//! keys, then one byte per slot, twice the IDF. The follow-through weighs pairs by it
//! (`follow::model`), and the OCR repairs ask whether a pair is a word (`input::ocr`).

/// Keys and slots; `build.rs` includes the same file, so the two sides cannot disagree.
mod key;

static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/common-words.bin"));

/// The IDF of the everyday word `a b` (two CJK unified ideographs), `None` for a pair
/// that is none.
pub(crate) fn idf(a: char, b: char) -> Option<f64> {
    let k = key::key(a as u32, b as u32)?;
    let mut i = key::slot(k);
    loop {
        let found = u32::from_le_bytes(TABLE.get(4 * i..4 * i + 4)?.try_into().ok()?);
        if found == k {
            return TABLE.get(4 * key::SLOTS + i).map(|&v| f64::from(v) / 2.0);
        }
        if found == 0 {
            return None;
        }
        i = (i + 1) & (key::SLOTS - 1);
    }
}

/// Is `a b` an everyday two-character word?
pub(crate) fn is_word(a: char, b: char) -> bool {
    idf(a, b).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The packed table holds every word of the list with its IDF, and nothing else
    /// a pair of its characters could be mistaken for.
    #[test]
    fn table_is_the_word_list() {
        let mut n = 0;
        for line in include_str!("common-words.txt").lines().filter(|l| !l.starts_with('#')) {
            let (value, words) = line.split_once('\t').unwrap();
            let value: f64 = value.parse().unwrap();
            let cs: Vec<char> = words.chars().collect();
            for w in cs.chunks_exact(2) {
                assert_eq!(idf(w[0], w[1]), Some(value), "{}{}", w[0], w[1]);
                n += 1;
            }
        }
        assert!(n > 10_000, "{n} words");
        let filled = (0..key::SLOTS).filter(|i| TABLE[4 * i..4 * i + 4] != [0; 4]).count();
        assert_eq!(filled, n);
        assert_eq!(idf('裁', '量'), None);
        assert!(!is_word('a', 'b'));
        assert!(is_word('活', '动'));
    }
}

//! The shared literal pass, a stage of its own between compiling the rules and checking:
//! every literal word of every rule ([`RuleKind::literal_words`]: the literals and regex
//! gate words of pattern rules, the marks of balance rules) and the text cues of every
//! part, found in one pass over a report instead of one pass per rule and part. A rule's
//! hits are in its slot, its index in the rule set ([`RuleMeta::slot`]); the parts'
//! follow.
//!
//! [`RuleKind::literal_words`]: super::kinds::RuleKind::literal_words
//! [`RuleMeta::slot`]: super::RuleMeta::slot
//!
//! Why not Aho-Corasick here: on Chinese text every byte value is common, so the byte
//! prefilters never skip, and an overlapping DFA search costs about 25 instructions per
//! byte (measured with callgrind on the synthetic bench corpus). Here a CJK ideograph
//! followed by a three-byte character is passed over after one hash of those six bytes
//! and one bit; other characters after a look-up of whether some word starts with them;
//! words are compared only where their first two characters are (about ten instructions
//! per byte in all, hits and their grouping included). (The part heading cues, short texts, still use Aho-Corasick.)

use crate::span::Span;
use std::collections::HashMap;

/// Literal matches of one report, by slot: (term index, span in the text), in order of
/// their end.
pub type LiteralHits = Vec<Vec<(usize, Span)>>;

#[derive(Debug)]
pub struct LiteralIndex {
    words: Vec<String>,
    /// Per word: (slot, term index).
    owners: Vec<(usize, usize)>,
    slots: usize,
    /// The slot of each part's text cues (by position in the rule set's parts).
    part_slots: Vec<Option<usize>>,
    /// Bit per Basic Multilingual Plane character: does some word start with it? (8 KB,
    /// stays in the L1 cache; `rank` is looked at only on a hit.)
    starts: Box<[u64; 1024]>,
    /// Bit [`pair_hash`] of the first six bytes of each word made of a CJK ideograph
    /// and a three-byte character, the common case: at an ideograph followed by a
    /// three-byte character, a word can start only where this bit is set (8 KB; a few
    /// per cent of false alarms, checked by `scan`).
    pairs: Box<[u64; 1024]>,
    /// False when some word is a single CJK ideograph: `pairs` alone cannot rule it out.
    pairs_complete: bool,
    /// Per word of `starts`: how many bits the words before it hold. The groups of the
    /// Basic Multilingual Plane's first characters come first and in order, so a set
    /// bit's group is its rank among the set bits (4 KB, where a table per character
    /// was 256 KB of memory to fault in at every start).
    rank: Box<[u32; 1024]>,
    /// Per first character: its words as (second character or `u32::MAX` for a
    /// one-character word, word index).
    groups: Vec<Vec<(u32, u32)>>,
    /// Per group: bit `c & 63` for each second character `c` of its words (all bits
    /// when it has a one-character word), to skip most groups without a comparison.
    second_bits: Vec<u64>,
    /// Words starting outside the Basic Multilingual Plane: (first character, group).
    astral: Vec<(u32, usize)>,
}

impl LiteralIndex {
    /// Build from the rules' literal words (each rule's hits in its slot) and each part's
    /// text cue words (`part_cues`, in the order of the rule set's parts; a part with
    /// cues gets the next free slot).
    pub fn build<'a>(rules: &[super::Rule], part_cues: impl IntoIterator<Item = &'a [String]>) -> Option<LiteralIndex> {
        let mut words: Vec<String> = Vec::new();
        let mut owners = Vec::new();
        for r in rules {
            for (w, t) in r.kind.literal_words() {
                words.push(w);
                owners.push((r.meta.slot, t));
            }
        }
        let mut slots = rules.iter().map(|r| r.meta.slot + 1).max().unwrap_or(0);
        let mut part_slots = Vec::new();
        for cues in part_cues {
            if cues.is_empty() {
                part_slots.push(None);
                continue;
            }
            part_slots.push(Some(slots));
            for (t, w) in cues.iter().enumerate() {
                words.push(w.clone());
                owners.push((slots, t));
            }
            slots += 1;
        }
        Self::from_words(words, owners, slots, part_slots)
    }

    /// Index `words`, each owned by (slot, term index).
    fn from_words(
        words: Vec<String>,
        owners: Vec<(usize, usize)>,
        slots: usize,
        part_slots: Vec<Option<usize>>,
    ) -> Option<LiteralIndex> {
        if words.is_empty() {
            return None;
        }
        let mut by_first: HashMap<u32, Vec<(u32, u32)>> = HashMap::new();
        let mut pairs = Box::new([0u64; 1024]);
        let mut pairs_complete = true;
        for (i, w) in words.iter().enumerate() {
            // Empty words are refused when rules and parts load.
            let mut chars = w.chars();
            let Some(c) = chars.next() else { continue };
            let second = chars.next().map_or(u32::MAX, |d| d as u32);
            by_first.entry(c as u32).or_default().push((second, i as u32));
            match *w.as_bytes() {
                [b0, b1, b2, b3, b4, b5, ..] if is_ideograph_lead(b0) && b3 & 0xF0 == 0xE0 => {
                    let h = pair_hash(u64::from_le_bytes([b0, b1, b2, b3, b4, b5, 0, 0]));
                    pairs[h >> 6] |= 1 << (h & 63);
                }
                // Pairs of other forms are never skipped by the fast loop.
                [b0, ..] if is_ideograph_lead(b0) && second == u32::MAX => pairs_complete = false,
                _ => {}
            }
        }
        let mut starts = Box::new([0u64; 1024]);
        let mut groups = Vec::new();
        let mut astral = Vec::new();
        let mut keys: Vec<u32> = by_first.keys().copied().collect();
        keys.sort_unstable();
        for c in keys {
            let g = groups.len();
            groups.push(by_first.remove(&c).unwrap_or_default());
            if c < 0x1_0000 {
                // Keys are sorted: the BMP's groups are 0.. in character order.
                starts[(c >> 6) as usize] |= 1 << (c & 63);
            } else {
                astral.push((c, g));
            }
        }
        let mut rank = Box::new([0u32; 1024]);
        let mut seen = 0;
        for (r, w) in rank.iter_mut().zip(starts.iter()) {
            *r = seen;
            seen += w.count_ones();
        }
        let second_bits = groups
            .iter()
            .map(|g| {
                g.iter()
                    .fold(0u64, |m, &(second, _)| if second == u32::MAX { u64::MAX } else { m | 1 << (second & 63) })
            })
            .collect();
        Some(LiteralIndex {
            words,
            owners,
            slots,
            part_slots,
            starts,
            pairs,
            pairs_complete,
            rank,
            groups,
            second_bits,
            astral,
        })
    }

    /// The slot of the part at `index` in the rule set's parts, when it has text cues.
    pub fn part_slot(&self, index: usize) -> Option<usize> {
        self.part_slots.get(index).copied().flatten()
    }

    /// The hits of each of the first `parts` parts' text cues in `hits` (a [`Self::scan`]
    /// result), by part index; `None` for a part without text cues.
    pub fn part_hits<'h>(&self, hits: &'h LiteralHits, parts: usize) -> Vec<Option<&'h [(usize, Span)]>> {
        (0..parts).map(|i| self.part_slot(i).and_then(|s| hits.get(s)).map(|v| &v[..])).collect()
    }

    /// Every occurrence of every word in `norm` (overlapping ones too), grouped by slot.
    pub fn scan(&self, norm: &str) -> LiteralHits {
        let mut hits: LiteralHits = vec![Vec::new(); self.slots];
        let bytes = norm.as_bytes();
        let mut i = 0;
        loop {
            i = self.next_candidate(bytes, i);
            if i >= bytes.len() {
                break;
            }
            let (cp, len) = decode(bytes, i);
            let start = i;
            i += len;
            let group = if cp < 0x1_0000 {
                let w = self.starts[(cp >> 6) as usize];
                let bit = 1u64 << (cp & 63);
                if w & bit == 0 {
                    continue;
                }
                (self.rank[(cp >> 6) as usize] + (w & (bit - 1)).count_ones()) as usize
            } else {
                match self.astral.iter().find(|(c, _)| *c == cp) {
                    Some(&(_, g)) => g,
                    None => continue,
                }
            };
            // The second character decides before any comparison.
            let next = if i < bytes.len() { decode(bytes, i).0 } else { u32::MAX - 1 };
            if self.second_bits[group] & (1 << (next & 63)) == 0 {
                continue;
            }
            let i = start;
            for &(second, id) in &self.groups[group] {
                if second != next && second != u32::MAX {
                    continue;
                }
                let w = self.words[id as usize].as_bytes();
                if bytes[i..].starts_with(w) {
                    let (slot, term) = self.owners[id as usize];
                    hits[slot].push((term, Span::new(i, i + w.len())));
                }
            }
        }
        for h in &mut hits {
            h.sort_by_key(|(_, s)| (s.end, s.start));
        }
        hits
    }
}

impl LiteralIndex {
    /// The first position at or after `i` where a word may start (or a character outside
    /// the Basic Multilingual Plane, left to `scan`). Nearly every character of a report
    /// is passed over by this loop, kept out of `scan` so that its state stays in
    /// registers.
    #[inline(never)]
    fn next_candidate(&self, bytes: &[u8], i: usize) -> usize {
        let (starts, pairs): (&[u64; 1024], &[u64; 1024]) = (&self.starts, &self.pairs);
        let mut rest = bytes.get(i..).unwrap_or_default();
        loop {
            if self.pairs_complete {
                // The hot loop: a CJK ideograph followed by a three-byte character, one
                // eight-byte load, one hash and one bit.
                while let Some(w) = rest.first_chunk::<8>() {
                    let w = u64::from_le_bytes(*w);
                    if w & 0xF000_00F0 != 0xE000_00E0 || !is_ideograph_lead(w as u8) {
                        break;
                    }
                    let h = pair_hash(w);
                    if pairs[h >> 6] & (1 << (h & 63)) != 0 {
                        return bytes.len() - rest.len();
                    }
                    rest = &rest[3..];
                }
            }
            // Any other character: does some word start with it? (The end, or a character
            // outside the Basic Multilingual Plane: left to `scan`.)
            if rest.is_empty() {
                break;
            }
            let (cp, len) = decode(rest, 0);
            if cp >= 0x1_0000 {
                break;
            }
            if starts[(cp >> 6) as usize] & (1 << (cp & 63)) != 0 {
                break;
            }
            rest = &rest[len..];
        }
        bytes.len() - rest.len()
    }
}

/// Lead bytes E4–E9: CJK Unified Ideographs (U+4000–U+9FFF, with a few neighbours).
/// Punctuation and full-width forms (E2, E3, EF) are not among them.
#[inline(always)]
fn is_ideograph_lead(b: u8) -> bool {
    b.wrapping_sub(0xE4) < 6
}

/// A 16-bit hash of the first six bytes of `w` (two three-byte characters), for
/// [`LiteralIndex::pairs`].
#[inline(always)]
fn pair_hash(w: u64) -> usize {
    ((w << 16).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
}

/// The code point and byte length of the character starting at `i` in valid UTF-8.
#[inline(always)]
fn decode(b: &[u8], i: usize) -> (u32, usize) {
    let x = b[i] as u32;
    if x < 0x80 {
        return (x, 1);
    }
    // Valid UTF-8 (the text is a &str): the continuation bytes are there.
    let c1 = b.get(i + 1).map_or(0, |&y| y as u32 & 0x3F);
    if x < 0xE0 {
        return (((x & 0x1F) << 6) | c1, 2);
    }
    let c2 = b.get(i + 2).map_or(0, |&y| y as u32 & 0x3F);
    if x < 0xF0 {
        return (((x & 0x0F) << 12) | (c1 << 6) | c2, 3);
    }
    let c3 = b.get(i + 3).map_or(0, |&y| y as u32 & 0x3F);
    (((x & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4)
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleSet;

    #[test]
    fn finds_overlapping_words_in_order_of_their_end() {
        let rs = RuleSet::embedded().unwrap();
        let ix = rs.literal_index.as_ref().unwrap();
        // 法制办公室 and 法制办 overlap; both are words of the same rule.
        let text = "设立法制办公室，学习习近平法制思想";
        let hits = ix.scan(text);
        let all: Vec<&str> = hits.iter().flatten().map(|(_, s)| s.slice(text)).collect();
        assert!(all.contains(&"法制办公室") && all.contains(&"法制办"), "{all:?}");
        assert!(all.contains(&"习近平法制思想"), "{all:?}");
        for h in &hits {
            assert!(h.windows(2).all(|w| (w[0].1.end, w[0].1.start) <= (w[1].1.end, w[1].1.start)));
        }
    }

    /// Every occurrence of every word, by brute force, against `scan`, for word sets
    /// with and without single-ideograph words (which turn the pair filter off).
    #[test]
    fn scan_finds_what_a_brute_force_search_finds() {
        let texts = [
            "依法行政，建设法治政府。第1条、第2条：法治\u{20000}政府〔2021〕",
            "法治法治法治法治法治法治法治法治法治法治法",
            "法治政",
            "法",
            "（一）加强领导\r\n二、存在的问题：法治意识有待增强\u{FFFD}",
            "ab法治cd法x治法\u{20000}x法\u{00E9}治，治法治",
        ];
        let sets: [&[&str]; 3] = [
            &[
                "法治",
                "法治政府",
                "依法",
                "第1",
                "法\u{20000}",
                "（",
                "）",
                "\u{FFFD}",
                "治法",
                "法\u{00E9}",
                "ab",
                "问题：",
            ],
            &["法", "法治政府", "治", "政府"],
            &["存在的问题", "有待", "x法", "\u{20000}x", "，治"],
        ];
        for words in sets {
            let owners = (0..words.len()).map(|t| (0, t)).collect();
            let ix =
                super::LiteralIndex::from_words(words.iter().map(|w| w.to_string()).collect(), owners, 1, Vec::new())
                    .unwrap();
            for text in texts {
                let mut want: Vec<(usize, usize, usize)> = Vec::new();
                for (t, w) in words.iter().enumerate() {
                    for (p, _) in text.char_indices() {
                        if text[p..].starts_with(w) {
                            want.push((t, p, p + w.len()));
                        }
                    }
                }
                let mut got: Vec<(usize, usize, usize)> =
                    ix.scan(text)[0].iter().map(|(t, s)| (*t, s.start, s.end)).collect();
                want.sort_unstable();
                got.sort_unstable();
                assert_eq!(got, want, "{words:?} in {text:?}");
            }
        }
    }

    #[test]
    fn one_character_words_and_characters_outside_the_basic_plane() {
        let text = "甲\u{20000}乙。替换字符\u{FFFD}在此";
        let rs = RuleSet::embedded().unwrap();
        let hits = rs.literal_index.as_ref().unwrap().scan(text);
        let all: Vec<&str> = hits.iter().flatten().map(|(_, s)| s.slice(text)).collect();
        assert_eq!(all, vec!["\u{FFFD}"]);
        assert_eq!(super::decode("\u{20000}".as_bytes(), 0), (0x20000, 4));
        assert_eq!(super::decode("é".as_bytes(), 0), (0xE9, 2));
    }
}

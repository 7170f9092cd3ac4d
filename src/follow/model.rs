//! The follow-through configuration (`follow:` in a rule file) and what it compiles to:
//! one automaton over the weak words, the topic terms and the concept synonyms (every
//! occurrence in a report found at once, each passage cut leftmost-longest from those),
//! the stop characters, the section words and the thresholds.
//!
//! Key terms of a passage ([`Model::terms`]): the automaton cuts it into pieces; a weak
//! word is dropped, a topic term marks its area, a concept synonym stands for its
//! concept; what is left between them (runs of CJK characters) gives its character
//! pairs (bigrams), a pair holding a stop character excepted.

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The `follow:` section as written. Lists of a later file add to the earlier ones',
/// numbers replace them, a topic replaces the topic of the same name.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFollow {
    /// Words that say nothing about which matter a passage is about.
    #[serde(default)]
    pub weak: Vec<String>,
    /// Characters that join words (的, 和): a character pair holding one is no key term.
    #[serde(default)]
    pub stop_chars: Option<String>,
    /// Sub-headings that only name what follows ("（一）存在的问题", "（二）原因分析").
    #[serde(default)]
    pub sections: Option<RawSections>,
    pub measure: Option<f64>,
    pub verbatim: Option<f64>,
    pub repeat: Option<f64>,
    pub followed: Option<f64>,
    pub min_shared: Option<f64>,
    /// Weight of a shared concept against a shared character pair (same rarity).
    pub concept_weight: Option<f64>,
    /// Weight of a shared area (topic term).
    pub topic_weight: Option<f64>,
    /// Weight of a shared single character (持证 / 执法证件 share 证), against a pair.
    pub char_weight: Option<f64>,
    /// The areas by name.
    #[serde(default)]
    pub topics: BTreeMap<String, RawTopic>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSections {
    #[serde(default)]
    pub problem: Vec<String>,
    #[serde(default)]
    pub cause: Vec<String>,
    #[serde(default)]
    pub plan: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    /// Words marking the area.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Matters of the area, each with its synonyms.
    #[serde(default)]
    pub concepts: Vec<Vec<String>>,
}

impl RawFollow {
    /// Merge a later file's section into this one.
    pub fn merge(&mut self, later: RawFollow) {
        self.weak.extend(later.weak);
        if let Some(s) = later.stop_chars {
            self.stop_chars.get_or_insert_with(String::new).push_str(&s);
        }
        if let Some(s) = later.sections {
            let mine = self.sections.get_or_insert_with(RawSections::default);
            mine.problem.extend(s.problem);
            mine.cause.extend(s.cause);
            mine.plan.extend(s.plan);
        }
        for (mine, theirs) in [
            (&mut self.measure, later.measure),
            (&mut self.verbatim, later.verbatim),
            (&mut self.repeat, later.repeat),
            (&mut self.followed, later.followed),
            (&mut self.min_shared, later.min_shared),
            (&mut self.concept_weight, later.concept_weight),
            (&mut self.topic_weight, later.topic_weight),
            (&mut self.char_weight, later.char_weight),
        ] {
            if theirs.is_some() {
                *mine = theirs;
            }
        }
        self.topics.extend(later.topics);
    }
}

/// The thresholds of the three links (see rules/follow.yaml).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    pub measure: f64,
    pub verbatim: f64,
    pub repeat: f64,
    pub followed: f64,
    pub min_shared: f64,
    pub concept_weight: f64,
    pub topic_weight: f64,
    pub char_weight: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            measure: 0.15,
            verbatim: 0.6,
            repeat: 0.2,
            followed: 0.2,
            min_shared: 2.5,
            concept_weight: 2.0,
            topic_weight: 0.3,
            char_weight: 0.15,
        }
    }
}

/// What a piece of the lexicon is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    Weak,
    Topic(u16),
    Concept(u32),
}

/// A concept: its name (first synonym), its area and its feature key.
#[derive(Clone, Debug)]
pub struct Concept {
    pub name: String,
    pub topic: u16,
    pub key: u64,
}

/// The lexicon automaton (its words' indices as values).
struct Lexicon(CharwiseDoubleArrayAhoCorasick<u32>);

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon").field("states", &self.0.num_states()).finish()
    }
}

/// The compiled configuration.
#[derive(Debug)]
pub struct Model {
    pub thresholds: Thresholds,
    /// Area names, in name order.
    pub topics: Vec<String>,
    topic_keys: Vec<u64>,
    pub concepts: Vec<Concept>,
    /// Every lexicon word (weak words, topic terms, concept synonyms), searched for all
    /// its occurrences at once ([`Model::lex`]); the leftmost-longest cut of a passage
    /// and its concept pass are read off those occurrences.
    lexicon: Option<Lexicon>,
    entries: Vec<Entry>,
    /// Is any word a concept synonym (then a passage gets the concept pass)?
    has_concepts: bool,
    /// Which characters of U+3400..=U+9FFF make key terms: the CJK ideographs (see
    /// [`is_cjk`]) but the stop characters, one bit each.
    key_chars: Vec<u64>,
    /// Section words by kind: problem, cause, plan.
    pub(crate) sections: [Vec<String>; 3],
}

impl Default for Model {
    fn default() -> Model {
        Model::compile(&RawFollow::default()).unwrap_or_else(|_| Model {
            thresholds: Thresholds::default(),
            topics: Vec::new(),
            topic_keys: Vec::new(),
            concepts: Vec::new(),
            lexicon: None,
            entries: Vec::new(),
            has_concepts: false,
            key_chars: key_chars(&[]),
            sections: Default::default(),
        })
    }
}

/// Feature keys: a character pair is `a << 21 | b` (below 2^42); concepts and topics
/// carry a high tag bit and a hash of their name (stable across rule sets, so two
/// reports checked with different rule files still compare).
pub type Feat = u64;
pub const CONCEPT_TAG: u64 = 1 << 63;
pub const TOPIC_TAG: u64 = 1 << 62;
const NAME_MASK: u64 = (1 << 62) - 1;

/// FNV-1a: a fixed hash of a name.
fn name_key(tag: u64, name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    tag | (h & NAME_MASK)
}

pub fn bigram(a: char, b: char) -> Feat {
    (u64::from(a) << 21) | u64::from(b)
}

/// A single character as a feature (`c << 21`, no second character: NUL never pairs).
pub fn single(c: char) -> Feat {
    u64::from(c) << 21
}

/// Is this a single-character feature?
pub fn is_single(f: Feat) -> bool {
    is_bigram(f) && f & 0x1f_ffff == 0
}

/// Is this a feature for a character pair?
pub fn is_bigram(f: Feat) -> bool {
    f & (CONCEPT_TAG | TOPIC_TAG) == 0
}

/// The first character of [`Model::key_chars`]' range (U+3400..=U+9FFF).
const KEY_FIRST: u32 = 0x3400;

/// The key-character bits of U+3400..=U+9FFF: [`is_cjk`] but `stop`.
fn key_chars(stop: &[char]) -> Vec<u64> {
    let n = (0x9FFF - KEY_FIRST + 1) as usize;
    let mut bits = vec![u64::MAX; n.div_ceil(64)];
    let mut clear = |c: u32| bits[((c - KEY_FIRST) / 64) as usize] &= !(1 << ((c - KEY_FIRST) % 64));
    // The one gap of the range (U+4DC0..=U+4DFF, the Yijing hexagrams) and the stop characters.
    for c in (KEY_FIRST..=0x9FFF).filter(|&c| !char::from_u32(c).is_some_and(is_cjk)) {
        clear(c);
    }
    for c in stop.iter().map(|&c| c as u32).filter(|c| (KEY_FIRST..=0x9FFF).contains(c)) {
        clear(c);
    }
    bits
}

pub(crate) fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// What a piece of a passage is (offsets relative to the passage).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceKind {
    /// Text between lexicon words: its character pairs are key terms.
    Run,
    Concept(u32),
    Topic(u16),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub kind: PieceKind,
}

/// One step of a passage's cut ([`Model::walk`]; offsets relative to the passage).
enum Step {
    /// Text between lexicon words.
    Run(usize, usize),
    /// A lexicon word of the leftmost-longest cut.
    Word(usize, usize, Entry),
    /// A concept synonym inside another word of the cut.
    Inner(usize, usize, u32),
}

/// The key terms of one passage.
#[derive(Clone, Debug, Default)]
pub struct Terms {
    /// Sorted and without repeats.
    pub feats: Vec<Feat>,
    /// The areas the passage names (indices into [`Model::topics`]), most named first.
    pub topics: Vec<u16>,
    /// The passage cut into runs, concepts and topic terms.
    pub pieces: Vec<Piece>,
}

/// One occurrence of a lexicon word (byte offsets into the searched text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Hit {
    start: usize,
    end: usize,
    /// Index into the lexicon's words.
    word: usize,
}

/// Every occurrence of every lexicon word in a text, leftmost first and at one place
/// longest first ([`Model::lex`]).
#[derive(Clone, Debug, Default)]
pub struct Lexed {
    hits: Vec<Hit>,
}

impl Lexed {
    /// The leftmost-longest cut of the text from hit `first` up to byte `end` by the words
    /// `keep` accepts: from each place on, the leftmost hit that ends by `end`, the longest
    /// there, then on from its end (what a leftmost-longest automaton of those words finds).
    fn cut<'a>(&'a self, first: usize, end: usize, keep: impl Fn(&Hit) -> bool + 'a) -> impl Iterator<Item = Hit> + 'a {
        let mut k = first;
        let mut at = 0;
        std::iter::from_fn(move || {
            while let Some(h) = self.hits.get(k).copied() {
                if h.start >= end {
                    return None;
                }
                k += 1;
                if h.start >= at && h.end <= end && keep(&h) {
                    at = h.end;
                    return Some(h);
                }
            }
            None
        })
    }
}

impl Model {
    /// Compile a merged `follow:` section. Errors say what is wrong, in Chinese.
    pub fn compile(raw: &RawFollow) -> Result<Model, String> {
        let d = Thresholds::default();
        let share = |v: Option<f64>, name: &str, or: f64| -> Result<f64, String> {
            match v {
                Some(x) if !(0.0..=1.0).contains(&x) => Err(format!("follow.{name} 应在 0 到 1 之间（现为 {x}）")),
                Some(x) => Ok(x),
                None => Ok(or),
            }
        };
        let weight = |v: Option<f64>, name: &str, or: f64| -> Result<f64, String> {
            match v {
                Some(x) if !(x.is_finite() && x >= 0.0) => Err(format!("follow.{name} 应是不小于 0 的数（现为 {x}）")),
                Some(x) => Ok(x),
                None => Ok(or),
            }
        };
        let thresholds = Thresholds {
            measure: share(raw.measure, "measure", d.measure)?,
            verbatim: share(raw.verbatim, "verbatim", d.verbatim)?,
            repeat: share(raw.repeat, "repeat", d.repeat)?,
            followed: share(raw.followed, "followed", d.followed)?,
            min_shared: weight(raw.min_shared, "min_shared", d.min_shared)?,
            concept_weight: weight(raw.concept_weight, "concept_weight", d.concept_weight)?,
            topic_weight: weight(raw.topic_weight, "topic_weight", d.topic_weight)?,
            char_weight: weight(raw.char_weight, "char_weight", d.char_weight)?,
        };
        // word → entry: a concept synonym over a topic term over a weak word; within one
        // class the first definition (areas in name order).
        let mut words: BTreeMap<String, Entry> = BTreeMap::new();
        let rank = |e: &Entry| match e {
            Entry::Weak => 0,
            Entry::Topic(_) => 1,
            Entry::Concept(_) => 2,
        };
        let mut put = |w: &str, e: Entry, what: &str| -> Result<(), String> {
            let w = crate::normalize::to_simplified(w.trim()).into_owned();
            if w.is_empty() {
                return Err(format!("follow 的{what}中有空词"));
            }
            match words.get(&w) {
                Some(old) if rank(old) >= rank(&e) => {}
                _ => {
                    words.insert(w, e);
                }
            }
            Ok(())
        };
        for w in &raw.weak {
            put(w, Entry::Weak, "weak")?;
        }
        let mut topics = Vec::new();
        let mut topic_keys = Vec::new();
        let mut concepts = Vec::new();
        for (name, t) in &raw.topics {
            let ti = u16::try_from(topics.len()).map_err(|_| "follow.topics 过多".to_string())?;
            topics.push(name.clone());
            topic_keys.push(name_key(TOPIC_TAG, name));
            // The wording of an error, written once per topic rather than per word.
            let (terms_of, concepts_of) = (format!("主题“{name}”的 terms"), format!("主题“{name}”的 concepts"));
            for w in &t.terms {
                put(w, Entry::Topic(ti), &terms_of)?;
            }
            for syns in &t.concepts {
                let Some(first) = syns.first() else {
                    return Err(format!("follow 的主题“{name}”中有空的 concepts 条目"));
                };
                let ci = u32::try_from(concepts.len()).map_err(|_| "follow.concepts 过多".to_string())?;
                concepts.push(Concept { name: first.clone(), topic: ti, key: name_key(CONCEPT_TAG, first) });
                for w in syns {
                    put(w, Entry::Concept(ci), &concepts_of)?;
                }
            }
        }
        let has_concepts = words.values().any(|e| matches!(e, Entry::Concept(_)));
        let (pats, entries): (Vec<String>, Vec<Entry>) = words.into_iter().unzip();
        // Standard semantics: every occurrence of every word (overlapping), from which any
        // passage's leftmost-longest cut is taken without searching it again.
        let lexicon = if pats.is_empty() {
            None
        } else {
            Some(Lexicon(
                CharwiseDoubleArrayAhoCorasickBuilder::new()
                    .use_prefilter(false)
                    .build_with_values(pats.iter().zip(0u32..))
                    .map_err(|e| format!("follow 词表无法编译：{e}"))?,
            ))
        };
        let mut stop: Vec<char> =
            raw.stop_chars.as_deref().unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
        stop.sort_unstable();
        stop.dedup();
        let key_chars = key_chars(&stop);
        let s = raw.sections.clone().unwrap_or_default();
        let fold = |v: Vec<String>| -> Vec<String> {
            v.into_iter()
                .map(|w| crate::normalize::to_simplified(w.trim()).into_owned())
                .filter(|w| !w.is_empty())
                .collect()
        };
        Ok(Model {
            thresholds,
            topics,
            topic_keys,
            concepts,
            lexicon,
            entries,
            has_concepts,
            key_chars,
            sections: [fold(s.problem), fold(s.cause), fold(s.plan)],
        })
    }

    /// Every occurrence of every lexicon word in `s` (traditional characters already
    /// folded), for [`Model::terms_in`]: one search of a report's text serves all its
    /// passages.
    pub fn lex(&self, s: &str) -> Lexed {
        let mut hits: Vec<Hit> = match &self.lexicon {
            Some(Lexicon(ac)) => ac
                .find_overlapping_iter(s)
                .map(|m| Hit { start: m.start(), end: m.end(), word: m.value() as usize })
                .collect(),
            None => Vec::new(),
        };
        // Leftmost first, and at one place the longest first: the first hit that fits is
        // the leftmost-longest match. The automaton reports hits by their end, so each is
        // at most a few places (the hits inside it) from where it belongs: insertion sort.
        let key = |h: &Hit| (h.start, usize::MAX - h.end);
        for i in 1..hits.len() {
            let mut j = i;
            while j > 0 && key(&hits[j - 1]) > key(&hits[j]) {
                hits.swap(j - 1, j);
                j -= 1;
            }
        }
        Lexed { hits }
    }

    /// The key terms of a passage (`s`: traditional characters already folded).
    pub fn terms(&self, s: &str) -> Terms {
        self.terms_in(s, &self.lex(s), 0..s.len())
    }

    /// The key terms of the passage `text[range]`, from the lexicon hits of `text`
    /// ([`Model::lex`]); pieces are relative to the passage. The same as [`Model::terms`]
    /// of the passage alone: the passage is cut leftmost-longest into lexicon words and
    /// the runs between them, then the concept synonyms alone are cut leftmost-longest
    /// (a concept inside a topic term or a weak word: 规范性文件清理 holds 文件清理).
    pub fn terms_in(&self, text: &str, lx: &Lexed, range: std::ops::Range<usize>) -> Terms {
        let Some(s) = text.get(range.clone()) else { return Terms::default() };
        // About a pair and a character per CJK character (three bytes).
        let mut feats = Vec::with_capacity(s.len() * 2 / 3 + 4);
        let mut pieces = Vec::new();
        let mut topic_count: Vec<(u16, u32)> = Vec::new();
        let mut count_topic = |t: u16| match topic_count.iter_mut().find(|(x, _)| *x == t) {
            Some((_, n)) => *n += 1,
            None => topic_count.push((t, 1)),
        };
        self.walk(s, lx, range, |step| match step {
            Step::Run(from, to) => self.runs(s, from, to, &mut |f| feats.push(f), Some(&mut pieces)),
            Step::Word(start, end, Entry::Topic(t)) => {
                feats.push(self.topic_keys[t as usize]);
                count_topic(t);
                pieces.push(Piece { start, end, kind: PieceKind::Topic(t) });
            }
            Step::Word(start, end, Entry::Concept(c)) => {
                let concept = &self.concepts[c as usize];
                feats.push(concept.key);
                count_topic(concept.topic);
                pieces.push(Piece { start, end, kind: PieceKind::Concept(c) });
            }
            Step::Word(_, _, Entry::Weak) => {}
            Step::Inner(start, end, c) => {
                let concept = &self.concepts[c as usize];
                if !feats.contains(&concept.key) {
                    feats.push(concept.key);
                    count_topic(concept.topic);
                    pieces.push(Piece { start, end, kind: PieceKind::Concept(c) });
                }
            }
        });
        if self.has_concepts {
            pieces.sort_by_key(|p| p.start);
        }
        feats.sort_unstable();
        feats.dedup();
        topic_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Terms { feats, topics: topic_count.into_iter().map(|(t, _)| t).collect(), pieces }
    }

    /// The key-term features of the passage `text[range]` given to `emit`, repeats and all:
    /// the same set as [`Model::terms_in`]'s `feats`, without cutting the passage into
    /// pieces or sorting (for passages that only count towards the weights).
    pub fn feats_in(&self, text: &str, lx: &Lexed, range: std::ops::Range<usize>, emit: &mut impl FnMut(Feat)) {
        let Some(s) = text.get(range.clone()) else { return };
        self.walk(s, lx, range, |step| match step {
            Step::Run(from, to) => self.runs(s, from, to, emit, None),
            Step::Word(_, _, Entry::Topic(t)) => emit(self.topic_keys[t as usize]),
            Step::Word(_, _, Entry::Concept(c)) | Step::Inner(_, _, c) => emit(self.concepts[c as usize].key),
            Step::Word(_, _, Entry::Weak) => {}
        });
    }

    /// The passage `s` (`range` of the text `lx` was found in) cut as [`Model::terms_in`]
    /// describes, in order: the runs between lexicon words and the words (offsets
    /// relative to the passage), then the concepts inside other words.
    fn walk(&self, s: &str, lx: &Lexed, range: std::ops::Range<usize>, mut step: impl FnMut(Step)) {
        let (base, end) = (range.start, range.end);
        let first = lx.hits.partition_point(|h| h.start < base);
        let mut at = base;
        for h in lx.cut(first, end, |_| true) {
            step(Step::Run(at - base, h.start - base));
            step(Step::Word(h.start - base, h.end - base, self.entries[h.word]));
            at = h.end;
        }
        step(Step::Run(at - base, s.len()));
        // Concepts the first cut did not see (inside a topic term or a weak word).
        if self.has_concepts {
            let is_concept = |h: &Hit| matches!(self.entries[h.word], Entry::Concept(_));
            for h in lx.cut(first, end, is_concept) {
                if let Entry::Concept(c) = self.entries[h.word] {
                    step(Step::Inner(h.start - base, h.end - base, c));
                }
            }
        }
    }

    /// The CJK runs of `s[from..to]` (a stop character ends one): their character pairs
    /// and characters to `emit`, and the runs as pieces when asked for.
    fn runs(&self, s: &str, from: usize, to: usize, emit: &mut impl FnMut(Feat), mut pieces: Option<&mut Vec<Piece>>) {
        let mut run_start: Option<usize> = None;
        let mut prev: Option<char> = None;
        let singles = self.thresholds.char_weight > 0.0;
        let mut piece = |st: usize, end: usize| {
            if let Some(p) = pieces.as_deref_mut() {
                if end - st > 3 {
                    p.push(Piece { start: st, end, kind: PieceKind::Run });
                }
            }
        };
        for (i, c) in s[from..to].char_indices() {
            let i = from + i;
            if self.is_key_char(c) {
                if run_start.is_none() {
                    run_start = Some(i);
                }
                if let Some(p) = prev {
                    emit(bigram(p, c));
                }
                // Numerals are ordinals ("（一）", "一是") far more often than content.
                if singles && !matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
                {
                    emit(single(c));
                }
                prev = Some(c);
            } else {
                if let Some(st) = run_start.take() {
                    piece(st, i);
                }
                prev = None;
            }
        }
        if let Some(st) = run_start {
            piece(st, to);
        }
    }

    /// Does `c` make key terms (a CJK ideograph, not a stop character)?
    #[inline]
    fn is_key_char(&self, c: char) -> bool {
        let i = (c as u32).wrapping_sub(KEY_FIRST) as usize;
        self.key_chars.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    /// Which section words `heading` holds: 0 problem, 1 cause, 2 plan.
    pub(crate) fn section_kind(&self, heading: &str) -> Option<usize> {
        (0..3).find(|&k| self.sections[k].iter().any(|w| heading.contains(w.as_str())))
    }

    /// Which section words the opening clause of a paragraph or sentence (up to its first
    /// ，：。) holds: 1 cause ("究其原因，…", "产生这些问题的原因：…"), 2 plan ("下一步，…");
    /// never 0.
    pub(crate) fn opening_kind(&self, passage: &str) -> Option<usize> {
        let t = passage.trim_start();
        let clause = t.split(['，', '：', '。', ',', ':', '；']).next().unwrap_or(t);
        if clause.chars().count() > OPENING_CHARS {
            return None;
        }
        (1..3).find(|&k| self.sections[k].iter().any(|w| clause.contains(w.as_str())))
    }

    /// The weight class of a feature.
    pub(crate) fn factor(&self, f: Feat) -> f64 {
        if f & CONCEPT_TAG != 0 {
            self.thresholds.concept_weight
        } else if f & TOPIC_TAG != 0 {
            self.thresholds.topic_weight
        } else if is_single(f) {
            self.thresholds.char_weight
        } else {
            common_factor(f)
        }
    }

    /// How much a passage names beyond its areas: the classes of its features but the
    /// topic terms and single characters (a rare character pair 1, an everyday word less,
    /// a concept `concept_weight`). Below [`VAGUE`] the passage names no matter of its own, only
    /// (at most) an area: "普法教育活动开展比较少", "部分干部法治意识不强".
    pub fn substance(&self, t: &Terms) -> f64 {
        t.feats.iter().filter(|f| **f & TOPIC_TAG == 0 && !is_single(**f)).map(|f| self.factor(*f)).sum()
    }

    /// Does a passage name nothing but (at most) its areas?
    pub fn vague(&self, t: &Terms) -> bool {
        self.substance(t) < VAGUE
    }

    /// The concept of a feature key.
    pub fn concept_of(&self, f: Feat) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.key == f)
    }
}

/// Least [`Model::substance`] of a passage that names a matter of its own.
pub const VAGUE: f64 = 1.5;

/// Longest opening clause read for a cause or plan word (characters).
const OPENING_CHARS: usize = 16;

/// How much a character pair weighs for its rarity in general text: 0 for the
/// commonest words, 1 for any pair rarer than IDF 11 (or not a word at all).
fn common_factor(f: Feat) -> f64 {
    let (a, b) = ((f >> 21) as u32, (f & 0x1F_FFFF) as u32);
    let (Some(a), Some(b)) = (char::from_u32(a), char::from_u32(b)) else { return 1.0 };
    match crate::common_words::idf(a, b) {
        Some(idf) => ((idf - 4.0) / 7.0).clamp(0.0, 1.0),
        None => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        let raw: RawFollow = serde_saphyr::from_str(
            "weak: [进一步, 加强, 不够]\nstop_chars: 的和\ntopics:\n  行政执法:\n    terms: [行政执法, 执法]\n    concepts:\n      - [执法证件, 持证上岗]\n",
        )
        .unwrap();
        Model::compile(&raw).unwrap()
    }

    #[test]
    fn weak_words_go_topics_and_concepts_stay() {
        let m = model();
        let t = m.terms("进一步加强执法证件管理");
        let c = m.concepts[0].key;
        assert!(t.feats.contains(&c));
        assert!(t.feats.contains(&bigram('管', '理')));
        assert!(!t.feats.contains(&bigram('加', '强')));
        assert_eq!(t.topics, [0]);
        let u = m.terms("实现持证上岗全覆盖");
        assert!(u.feats.contains(&c), "a synonym is the same concept");
        // A pair across a stop character is no key term.
        assert!(!m.terms("制度的建立").feats.contains(&bigram('度', '的')));
    }

    #[test]
    fn everyday_words_weigh_little() {
        assert!(common_factor(bigram('活', '动')) < 0.2);
        assert_eq!(common_factor(bigram('裁', '量')), 1.0);
    }

    #[test]
    fn thresholds_are_checked() {
        let raw = RawFollow { measure: Some(1.5), ..Default::default() };
        assert!(Model::compile(&raw).unwrap_err().contains("follow.measure"));
        let raw = RawFollow { min_shared: Some(-1.0), ..Default::default() };
        assert!(Model::compile(&raw).unwrap_err().contains("min_shared"));
    }
}

//! Repairs of recognised text from the document's own evidence (see [`super::words`]):
//! punctuation, typed markers at line starts, a level-1 marker the numbering leaves
//! out, and the rule set's words.
//!
//! Every repair is gated by what the recogniser itself said: a word of the vocabulary is
//! restored only where the characters that differ were read with low confidence, so a
//! heading that truly says something else stays as it is.

use super::super::layout::is_cjk;
use super::words::Ch;
use std::collections::HashMap;

const NUM: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/// What 一 is read as at a line start.
const DASHES: &[char] = &['—', '－', '-', '_', 'ー', '–', '一'];
/// What 、 after a numeral is read as.
const SEP_LIKE: &[char] = &['、', ',', '，', '.', '．', '\'', '’', '‘', '`', '丶', '·', '。'];
/// A word may be restored where its differing characters were read below this confidence.
const REPAIR_CONF: f32 = 92.0;
/// Words this long (one edit away) are restored whatever the confidence …
const LONG_WORD: usize = 6;
/// … and a three-character word only below this one.
const REPAIR_CONF_SHORT: f32 = 70.0;

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// ASCII punctuation beside Chinese text → the full-width mark (`,` → `，`, `(` → `（` …);
/// a bar or bracket between the digits of a date → 1 (`2023年]月` → `2023年1月`).
pub(super) fn punctuation(chars: &mut [Ch]) {
    for i in 0..chars.len() {
        let prev = i.checked_sub(1).map(|j| chars[j].c);
        let next = chars.get(i + 1).map(|c| c.c);
        let cjk = |c: Option<char>| c.is_some_and(|c| is_cjk(c) && !matches!(c, '“' | '”' | '‘' | '’'));
        let datelike_before = prev.is_some_and(|c| c.is_ascii_digit() || matches!(c, '年' | '月'));
        let datelike_after = next.is_some_and(|c| c.is_ascii_digit() || matches!(c, '月' | '日'));
        let full = match chars[i].c {
            ']' | '[' | '|' | 'l' | 'I' | '!' | '】' | '丨' if datelike_before && datelike_after => '1',
            ',' if cjk(prev) || cjk(next) => '，',
            ';' if cjk(prev) || cjk(next) => '；',
            ':' if cjk(prev) || cjk(next) => '：',
            '?' if cjk(prev) => '？',
            '!' if cjk(prev) => '！',
            '(' if cjk(next) || cjk(prev) => '（',
            ')' if cjk(prev) || cjk(next) => '）',
            c => c,
        };
        chars[i].c = full;
    }
}

/// A typed marker garbled at the start of a line: `—、` → `一、`, `(二)`/`（二)` →
/// `（二）`, `三)` → `（三）`; and, where the line is set as a heading or indented
/// (`trusted`), `一,` `一.` `一'` → `一、`.
pub(super) fn marker(chars: &mut Vec<Ch>, trusted: bool) {
    let c = |chars: &[Ch], i: usize| chars.get(i).map_or('\0', |c| c.c);
    if chars.is_empty() {
        return;
    }
    // A speck read as a mark before a marker ("”二、", "·（三）"): a closing mark or a
    // point never starts a line; an opening quote only where the recogniser doubted it.
    let marker_at = |chars: &[Ch], i: usize| {
        let n = chars[i..].iter().take(3).take_while(|ch| NUM.contains(&ch.c)).count();
        let after = c(chars, i + n + 1);
        (n > 0 && SEP_LIKE.contains(&c(chars, i + n)) && (is_ideograph(after) || after.is_ascii_digit()))
            || (matches!(c(chars, i), '(' | '（') && NUM.contains(&c(chars, i + 1)))
    };
    if chars.len() > 3 && marker_at(chars, 1) {
        let first = chars[0];
        let speck = matches!(first.c, '”' | '’' | '\'' | '"' | '`' | '.' | '·' | '。' | ',' | '，' | '、' | '_' | '~')
            || (matches!(first.c, '“' | '‘') && first.conf < REPAIR_CONF);
        if speck {
            chars.remove(0);
        }
    }
    // 第N部分 and 第N章 with the space after it read as a quote (`第二部分“问题和原因`), no
    // closing quote after it; 章 read as a character of like shape before that quote
    // (`第三草”其他事项`).
    let n = chars.iter().skip(1).take_while(|ch| NUM.contains(&ch.c)).count();
    if c(chars, 0) == '第' && n > 0 && ZHANG_LIKE.contains(&c(chars, n + 1)) && QUOTES.contains(&c(chars, n + 2)) {
        chars[n + 1].c = '章';
    }
    let unit =
        if c(chars, n + 1) == '部' && c(chars, n + 2) == '分' { 2 } else { usize::from(c(chars, n + 1) == '章') };
    if c(chars, 0) == '第' && n > 0 && unit > 0 {
        drop_quote_after(chars, n + 1 + unit);
        return;
    }
    // Level 2: （N） with any mix of widths or an opening mark read as another bracket,
    // a dash for 一, or its opening lost; （1） in digits with a bracket misread.
    let open = matches!(c(chars, 0), '(' | '（' | '《' | '〈' | '{' | '[' | '【' | '「' | '〔');
    let start = usize::from(open);
    let digits = chars[start..].iter().take(3).take_while(|ch| ch.c.is_ascii_digit()).count();
    if open && (1..=2).contains(&digits) && matches!(c(chars, start + digits), ')' | '）') {
        chars[0].c = '（';
        chars[start + digits].c = '）';
        return;
    }
    let mut end = start;
    while end < chars.len() && (NUM.contains(&chars[end].c) || (end == start && DASHES.contains(&chars[end].c))) {
        end += 1;
    }
    if end > start && end - start <= 3 && matches!(c(chars, end), ')' | '）') {
        for ch in &mut chars[start..end] {
            if DASHES.contains(&ch.c) {
                ch.c = '一';
            }
        }
        chars[end].c = '）';
        if open {
            chars[0].c = '（';
        } else if chars[start..end].iter().all(|ch| NUM.contains(&ch.c)) && is_ideograph(c(chars, end + 1)) {
            let first = chars[0];
            chars.insert(0, Ch { c: '（', x: first.x - first.w, w: first.w, conf: first.conf });
        }
        return;
    }
    // Level 1 in digits: a bar or bracket read for the digit 1 (`].`), a speck read
    // between the number and its mark (`1]、`) or after it (`2.,`); on a line set as a
    // heading, the mark read as a comma or quote (`2,`). The number and its mark are
    // closed up (a full-width `１．` is read as two narrow characters apart).
    const BAR: &[char] = &[']', '[', '|', 'l', 'I', '!', '丨', '】'];
    let sep = |ch: char| matches!(ch, '、' | '.' | '．');
    if BAR.contains(&c(chars, 0)) && sep(c(chars, 1)) && is_ideograph(c(chars, 2)) {
        chars[0].c = '1';
    }
    let digits = chars.iter().take(3).take_while(|ch| ch.c.is_ascii_digit()).count();
    if (1..=2).contains(&digits) {
        let speck = BAR.contains(&c(chars, digits)) || matches!(c(chars, digits), '」' | ')');
        let mark = digits + usize::from(speck);
        let next = c(chars, mark + 1);
        // The mark read as a comma before a year and restored here: closed up to the
        // number like a point (a 、 read as such, or before a word, may be a table's
        // column apart: `1 、行政复议`).
        let mut restored = false;
        // A character taken out leaves no gap: its box goes to the one before it.
        let take = |chars: &mut Vec<Ch>, k: usize| {
            let gone = chars.remove(k);
            let before = &mut chars[k - 1];
            before.w = before.w.max(gone.x + gone.w - before.x);
        };
        if speck && sep(c(chars, mark)) && (is_ideograph(next) || next.is_ascii_digit()) {
            take(chars, digits);
        } else if !speck
            && sep(c(chars, mark))
            && matches!(next, ',' | '，' | '、' | '.' | '`' | '\'' | '’')
            && (is_ideograph(c(chars, mark + 2)) || c(chars, mark + 2).is_ascii_digit())
        {
            take(chars, mark + 1);
        } else if !speck
            && trusted
            && (is_ideograph(next) || year_at(chars, mark + 1))
            && matches!(c(chars, mark), ',' | '，' | '\'' | '’' | '`' | '丶')
        {
            // `2,存在的问题`, `1,2019年工作回顾` (a year, not the thousands of `1,200人`).
            chars[mark].c = '、';
            restored = year_at(chars, mark + 1);
        }
        // Closed up only across less than a character's width (a wider gap is a table's
        // column: `1  、行政复议`).
        let em = chars.iter().filter(|ch| is_ideograph(ch.c)).map(|ch| ch.w).fold(0.0, f32::max);
        let after = c(chars, digits + 1);
        if (matches!(c(chars, digits), '.' | '．') || restored) && (is_ideograph(after) || after.is_ascii_digit()) {
            for i in 0..digits {
                let gap = chars[i + 1].x - (chars[i].x + chars[i].w);
                if gap > 0.0 && gap < em {
                    chars[i].w += gap;
                }
            }
        }
        return;
    }
    // Level 1: N、
    let mut n = 0;
    while n < chars.len() && n < 3 && (NUM.contains(&chars[n].c) || (n == 0 && DASHES.contains(&chars[n].c))) {
        n += 1;
    }
    if n == 0 || !SEP_LIKE.contains(&c(chars, n)) || !is_ideograph(c(chars, n + 1)) {
        return;
    }
    let dash = DASHES.contains(&chars[0].c) && chars[0].c != '一';
    if dash && n == 1 {
        chars[0].c = '一';
        chars[1].c = '、';
    } else if trusted && !dash && chars[n].c != '、' {
        chars[n].c = '、';
    }
}

/// Does a year (four digits and 年) start at `i`?
fn year_at(chars: &[Ch], i: usize) -> bool {
    chars.len() > i + 4 && chars[i..i + 4].iter().all(|c| c.c.is_ascii_digit()) && chars[i + 4].c == '年'
}

/// What 章 is read as (beside a quote, or where the numbering says a 第N章 is due).
const ZHANG_LIKE: &[char] = &['草', '童', '覃', '竟', '幸'];
/// What the space after 第N部分 and 第N章 is read as.
const QUOTES: &[char] = &['“', '"', '”', '‘', '’', '\'', '`'];

/// A quote read for the space after a top marker (`第二部分“问题和原因`, no closing quote
/// after it) at `q`: taken out.
fn drop_quote_after(chars: &mut Vec<Ch>, q: usize) {
    let c = |chars: &[Ch], i: usize| chars.get(i).map_or('\0', |c| c.c);
    if QUOTES.contains(&c(chars, q))
        && is_ideograph(c(chars, q + 1))
        && !chars[q + 1..].iter().any(|ch| matches!(ch.c, '”' | '"' | '’'))
    {
        chars.remove(q);
    }
}

/// 第N部分 / 第N章 at the start of `chars`: (number, unit length in characters, where the
/// unit starts), the unit 部分 or 章; `loose` also takes 章 read as a character of like
/// shape (`第五草`) and a number read as one or two other characters (`第人5部分`, number 0).
fn top_marker(chars: &[Ch], loose: bool) -> Option<(u32, usize, usize)> {
    let c = |i: usize| chars.get(i).map_or('\0', |c| c.c);
    if c(0) != '第' {
        return None;
    }
    let unit_at = |i: usize| -> Option<usize> {
        if c(i) == '部' && c(i + 1) == '分' {
            Some(2)
        } else if c(i) == '章' || (loose && ZHANG_LIKE.contains(&c(i))) {
            Some(1)
        } else {
            None
        }
    };
    let n = chars[1..].iter().take(3).take_while(|ch| NUM.contains(&ch.c)).count();
    if n > 0 {
        let s: String = chars[1..=n].iter().map(|c| c.c).collect();
        let number = (1..100).find(|&k| numeral(k) == s)?;
        return unit_at(n + 1).map(|u| (number, u, n + 1));
    }
    if !loose {
        return None;
    }
    (1..=2).find_map(|k| {
        let junk = &chars[1..(1 + k).min(chars.len())];
        (junk.len() == k && junk.iter().all(|ch| !is_ideograph(ch.c) || !NUM.contains(&ch.c)))
            .then(|| unit_at(1 + k))
            .flatten()
            .filter(|&u| u == 2)
            .map(|u| (0, u, 1 + k))
    })
}

/// 第N部分 and 第N章 markers misread on lines set as headings (`.1`), restored where the
/// numbering of the lines around them says which number is due: `第人5部分` between (or
/// after) 第四部分 and 第六部分 is 第五部分 (its number read as other characters; 部分 is
/// no word of running text at a line start), `第五草` after 第四章 is 第五章. The quote read
/// for the space after it goes too.
pub(super) fn top_sequence(lines: &mut [(Vec<Ch>, bool)]) {
    let exact: Vec<Option<(u32, usize)>> =
        lines.iter().map(|(c, _)| top_marker(c, false).map(|(n, u, _)| (n, u))).collect();
    for i in 0..lines.len() {
        if exact[i].is_some() || !lines[i].1 {
            continue;
        }
        let Some((number, unit, at)) = top_marker(&lines[i].0, true) else { continue };
        let prev = exact[..i].iter().rev().flatten().find(|m| m.1 == unit).map(|m| m.0);
        let next = exact[i + 1..].iter().flatten().find(|m| m.1 == unit).map(|m| m.0);
        let want = match (prev, next) {
            (Some(p), Some(q)) if q == p + 2 => p + 1,
            (None, Some(2)) => 1,
            (Some(p), None) if number == 0 => p + 1,
            _ => continue,
        };
        if number != 0 && number != want {
            continue;
        }
        let chars = &mut lines[i].0;
        let (x0, x1) = (chars[0].x, chars[at - 1].x + chars[at - 1].w);
        let conf = chars[0].conf;
        let unit_chars: Vec<Ch> = chars[at..at + unit].to_vec();
        let head: Vec<char> = std::iter::once('第').chain(numeral(want).chars()).collect();
        let step = (x1 - x0) / head.len() as f32;
        let mut new: Vec<Ch> =
            head.iter().enumerate().map(|(j, &c)| Ch { c, x: x0 + step * j as f32, w: step, conf }).collect();
        new.extend(unit_chars.iter().map(|u| Ch { c: if unit == 1 { '章' } else { u.c }, ..*u }));
        let q = new.len();
        new.extend_from_slice(&chars[at + unit..]);
        *chars = new;
        drop_quote_after(chars, q);
    }
}

/// 1–99 in Chinese numerals.
fn numeral(n: u32) -> String {
    let d = |k: u32| NUM[(k - 1) as usize];
    match n {
        1..=10 => d(n).to_string(),
        11..=19 => format!("十{}", d(n - 10)),
        20..=99 if n % 10 == 0 => format!("{}十", d(n / 10)),
        20..=99 => format!("{}十{}", d(n / 10), d(n % 10)),
        _ => String::new(),
    }
}

/// The number of a level-1 marker `N、` at the start of `chars`.
fn level1(chars: &[Ch]) -> Option<u32> {
    let n = chars.iter().take_while(|c| NUM.contains(&c.c)).count();
    if n == 0 || n > 3 || chars.get(n).map(|c| c.c) != Some('、') {
        return None;
    }
    let s: String = chars[..n].iter().map(|c| c.c).collect();
    (1..100).find(|&k| numeral(k) == s)
}

/// A level-1 marker read as something else (`至。存在的不足` for `二、存在的不足`) on a
/// line set as a heading (`.1`: bold or indented like the level-1 headings): restored
/// when the level-1 markers before and after it skip exactly one number, or when the
/// first marker of the document is 二、 and this line comes before it.
pub(super) fn marker_sequence(lines: &mut [(Vec<Ch>, bool)]) {
    let numbers: Vec<Option<u32>> = lines.iter().map(|(c, _)| level1(c)).collect();
    for i in 0..lines.len() {
        if numbers[i].is_some() || !lines[i].1 {
            continue;
        }
        let chars = &lines[i].0;
        // One or two characters that are no numeral, then a separator, then text.
        let Some(k) = (1..=2).find(|&k| chars.get(k).is_some_and(|c| SEP_LIKE.contains(&c.c))) else { continue };
        if chars[..k].iter().any(|c| NUM.contains(&c.c)) || !chars.get(k + 1).is_some_and(|c| is_ideograph(c.c)) {
            continue;
        }
        let prev = numbers[..i].iter().rev().find_map(|n| *n);
        let next = numbers[i + 1..].iter().find_map(|n| *n);
        let want = match (prev, next) {
            (Some(p), Some(q)) if q == p + 2 => p + 1,
            (None, Some(2)) => 1,
            _ => continue,
        };
        let num: Vec<char> = numeral(want).chars().collect();
        let chars = &mut lines[i].0;
        let (x0, x1) = (chars[0].x, chars[k].x + chars[k].w);
        let conf = chars[0].conf;
        let step = (x1 - x0) / (num.len() + 1) as f32;
        let mut new: Vec<Ch> = num
            .iter()
            .chain(['、'].iter())
            .enumerate()
            .map(|(j, &c)| Ch { c, x: x0 + step * j as f32, w: step, conf })
            .collect();
        new.extend_from_slice(&chars[k + 1..]);
        *chars = new;
    }
}

/// The rule set's words, for restoring them in recognised text.
pub(super) struct Vocabulary {
    /// Simplified characters of each word, longest first.
    words: Vec<Vec<char>>,
    /// The two-character words: never restored (one character off is any other word),
    /// but characters that spell one are read right.
    pairs: Vec<[char; 2]>,
    /// How often each character occurs in the whole document (see [`Self::count_in`]).
    counts: HashMap<char, usize>,
}

/// A character read where a word of four or five characters of running text wants
/// another may occur this often in the whole document (the one here included): once, a
/// character the report writes nowhere else (上 of 上一年度 is written in 以上, 上级 …).
const RARE_IN_DOCUMENT: usize = 1;

impl Vocabulary {
    /// Words of three characters or more, all Chinese characters (and the two-character
    /// ones, which only protect what they spell).
    pub fn new(words: &[String]) -> Vocabulary {
        let all: Vec<Vec<char>> = words
            .iter()
            .map(|w| crate::normalize::to_simplified(w).chars().collect::<Vec<char>>())
            .filter(|w| w.iter().all(|&c| is_ideograph(c)))
            .collect();
        let mut v: Vec<Vec<char>> = all.iter().filter(|w| w.len() >= 3).cloned().collect();
        v.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        v.dedup();
        let mut pairs: Vec<[char; 2]> = all.iter().filter(|w| w.len() == 2).map(|w| [w[0], w[1]]).collect();
        pairs.sort_unstable();
        pairs.dedup();
        Vocabulary { words: v, pairs, counts: HashMap::new() }
    }

    /// Count the characters of the whole document (its lines), which a word of four or
    /// five characters in running text is restored against.
    pub fn count_in<'a>(&mut self, lines: impl IntoIterator<Item = &'a [Ch]>) {
        self.counts.clear();
        for c in lines.into_iter().flatten() {
            *self
                .counts
                .entry(crate::normalize::to_simplified(&c.c.to_string()).chars().next().unwrap_or(c.c))
                .or_default() += 1;
        }
    }

    /// Is `a b` a word, everyday or of the vocabulary?
    fn word_pair(&self, a: char, b: char) -> bool {
        crate::common_words::is_word(a, b) || self.pairs.binary_search(&[a, b]).is_ok()
    }

    /// A character at `k` of `line` that is plainly a misreading: a character, rare in
    /// the document (it occurs nowhere else, [`RARE_IN_DOCUMENT`]), that makes no word
    /// with the character before it nor with the one after it (根祈在于, 面临一芭; not
    /// 根本在于, 重要工作, 上述情况). What a four- or five-character word of running text
    /// may be restored over: such words are one character away from everyday phrases.
    fn misread_at(&self, line: &[char], k: usize) -> bool {
        let c = line[k];
        is_ideograph(c)
            && self.counts.get(&c).copied().unwrap_or(usize::MAX) <= RARE_IN_DOCUMENT
            && !(k > 0 && self.word_pair(line[k - 1], c))
            && !line.get(k + 1).is_some_and(|&n| self.word_pair(c, n))
    }

    /// Restore the words of the vocabulary in a line where it differs from one by
    /// characters read with low confidence (a word of six or seven characters by any
    /// one character): a word of eight characters or more by up to two edits, a shorter
    /// one by one; in a heading (`heading`) any word, in running text words of six
    /// characters or more (part cues such as 第一责任人职责), and words of four or five
    /// where one character is plainly misread ([`Self::misread_at`], against the
    /// document's characters counted by [`Self::count_in`]).
    pub fn repair(&self, chars: &mut Vec<Ch>, heading: bool) {
        if chars.len() < 3 || self.words.is_empty() {
            return;
        }
        let line: String = chars.iter().map(|c| c.c).collect();
        let folded: Vec<char> = crate::normalize::to_simplified(&line).chars().collect();
        if folded.len() != chars.len() {
            return;
        }
        // Characters that already spell a word of the vocabulary are read right: no
        // other word is restored over them (工作谋划 is not 工作计划 one character off, nor
        // 习近平法治思想 the mis-writing 法制思想 that the vocabulary also holds).
        let mut spelled = vec![false; folded.len()];
        for w in self.words.iter().map(Vec::as_slice).chain(self.pairs.iter().map(|p| &p[..])) {
            let l = w.len();
            for s in (0..folded.len().saturating_sub(l - 1)).filter(|&s| folded[s..s + l] == w[..]) {
                spelled[s..s + l].iter_mut().for_each(|b| *b = true);
            }
        }
        let mut fixes: Vec<(usize, usize, usize, &[char])> = Vec::new(); // (start, end, edits, word)
        for w in &self.words {
            let l = w.len();
            // Running text: a word of four or five characters only over a plain
            // misreading of one character (see `misread_at`).
            let plain = !heading && l < LONG_WORD;
            if !heading && l < 4 {
                continue;
            }
            let edits = if l >= 8 { 2 } else { 1 };
            // Cheap filter: the line must hold most of the word's characters.
            let shared = w.iter().filter(|c| folded.contains(c)).count();
            if shared + edits < l {
                continue;
            }
            if folded.windows(l).any(|win| win == w.as_slice()) {
                continue;
            }
            // A long word one character away is that word whatever the recogniser
            // thought of the character (习近平法制思想 is no phrase of its own).
            let gate = match l {
                3 => REPAIR_CONF_SHORT,
                _ if l >= LONG_WORD && edits == 1 => f32::INFINITY,
                _ => REPAIR_CONF,
            };
            let mut best: Option<(usize, usize, usize)> = None;
            for len in l.saturating_sub(edits).max(2)..=(l + edits).min(folded.len()) {
                for s in 0..=folded.len() - len {
                    let win = &folded[s..s + len];
                    let Some((d, changed)) = edit_script(win, w, edits) else { continue };
                    if plain && (len != l || !changed.iter().all(|&k| self.misread_at(&folded, s + k))) {
                        continue;
                    }
                    // Every character that changes was uncertain, and is a character
                    // (not a digit, a Latin letter or a marker).
                    let ok = changed.iter().all(|&k| {
                        let at = s + k.min(len - 1);
                        chars[at].conf < gate && !chars[at].c.is_ascii_alphanumeric() && !spelled[at]
                    });
                    if ok && best.is_none_or(|b| d < b.2) {
                        best = Some((s, s + len, d));
                    }
                }
            }
            if let Some((s, e, d)) = best {
                fixes.push((s, e, d, w));
            }
        }
        // Fewest edits first, then longer words; no two fixes overlap.
        fixes.sort_by(|a, b| a.2.cmp(&b.2).then(b.3.len().cmp(&a.3.len())));
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut apply: Vec<(usize, usize, &[char])> = Vec::new();
        for (s, e, _, w) in fixes {
            if taken.iter().all(|&(a, b)| e <= a || s >= b) {
                taken.push((s, e));
                apply.push((s, e, w));
            }
        }
        // From the right, so earlier positions stay valid.
        apply.sort_by_key(|a| std::cmp::Reverse(a.0));
        for (s, e, w) in apply {
            let (x0, x1) = (chars[s].x, chars[e - 1].x + chars[e - 1].w);
            let conf = chars[s..e].iter().map(|c| c.conf).fold(f32::INFINITY, f32::min);
            let step = (x1 - x0) / w.len() as f32;
            let new: Vec<Ch> =
                w.iter().enumerate().map(|(j, &c)| Ch { c, x: x0 + step * j as f32, w: step, conf }).collect();
            chars.splice(s..e, new);
        }
    }
}

/// Levenshtein distance of `a` to `b` when at most `max`, with the positions of `a`
/// that change (substituted or deleted; an insertion counts its neighbour in `a`).
fn edit_script(a: &[char], b: &[char], max: usize) -> Option<(usize, Vec<usize>)> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    let dist = d[n][m];
    if dist == 0 || dist > max {
        return None;
    }
    let mut changed = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]) {
            if a[i - 1] != b[j - 1] {
                changed.push(i - 1);
            }
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i][j] == d[i - 1][j] + 1 {
            changed.push(i - 1);
            i -= 1;
        } else {
            changed.push(i.min(n.saturating_sub(1)));
            j -= 1;
        }
    }
    Some((dist, changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The confidence of an OCR layer's characters.
    const LAYER: f32 = super::super::words::LAYER_CONF;

    fn chars(s: &str, conf: f32) -> Vec<Ch> {
        s.chars().enumerate().map(|(i, c)| Ch { c, x: i as f32 * 16.0, w: 16.0, conf }).collect()
    }

    fn text(c: &[Ch]) -> String {
        c.iter().map(|c| c.c).collect()
    }

    #[test]
    fn punctuation_beside_chinese() {
        let mut c = chars("组织学习,开展培训;(一)原因:2.5", 90.0);
        punctuation(&mut c);
        assert_eq!(text(&c), "组织学习，开展培训；（一）原因：2.5");
        let mut c = chars("2023年]月2日|", 90.0);
        punctuation(&mut c);
        assert_eq!(text(&c), "2023年1月2日|");
    }

    #[test]
    fn markers_at_line_starts() {
        for (from, trusted, to) in [
            ("—、总体情况", false, "一、总体情况"),
            ("-、总体情况", false, "一、总体情况"),
            ("二,存在的不足", true, "二、存在的不足"),
            ("二,存在的不足", false, "二,存在的不足"),
            ("三'下一步安排", true, "三、下一步安排"),
            ("(一)深入学习", false, "（一）深入学习"),
            ("（—)深入学习", false, "（一）深入学习"),
            ("三)严格执法", false, "（三）严格执法"),
            ("《四）健全机制", false, "（四）健全机制"),
            ("一是加强学习", true, "一是加强学习"),
            ("一、总体情况", true, "一、总体情况"),
            ("2024年", true, "2024年"),
            ("”二、主要安排", false, "二、主要安排"),
            ("”二、2024年工作安排", false, "二、2024年工作安排"),
            ("·（三）严格执法", false, "（三）严格执法"),
            ("”一是加强学习", false, "”一是加强学习"),
            (".2024年", false, ".2024年"),
            ("1]、取得的成效", false, "1、取得的成效"),
            ("1]、2024年工作回顾", false, "1、2024年工作回顾"),
            ("12|.存在的问题", false, "12.存在的问题"),
            ("3,主要安排", true, "3、主要安排"),
            ("3,主要安排", false, "3,主要安排"),
            ("〈2)畅通渠道", false, "（2）畅通渠道"),
            ("(12）畅通渠道", false, "（12）畅通渠道"),
            ("2023年工作", true, "2023年工作"),
            ("1]为准", false, "1]为准"),
            ("].重点任务", false, "1.重点任务"),
            ("2.,2019年度工作", false, "2.2019年度工作"),
            ("第二部分“问题和原因", false, "第二部分问题和原因"),
            ("第二部分“放管服”改革", false, "第二部分“放管服”改革"),
            ("第一章”重点任务推进及成效", false, "第一章重点任务推进及成效"),
            ("第三草”其他需要说明的事项", false, "第三章其他需要说明的事项"),
            ("第三草地保护", false, "第三草地保护"),
            ("3.5亿元", true, "3.5亿元"),
            ("1,2019年法治建设工作回顾", true, "1、2019年法治建设工作回顾"),
            ("1,2019年法治建设工作回顾", false, "1,2019年法治建设工作回顾"),
            ("1,200人参加培训", true, "1,200人参加培训"),
        ] {
            let mut c = chars(from, 90.0);
            marker(&mut c, trusted);
            assert_eq!(text(&c), to, "{from}");
        }
    }

    /// A full-width １． read as `1` and `.` apart (or `1` and a comma, restored to 、):
    /// closed up, so no space comes between.
    #[test]
    fn a_digit_marker_is_closed_up() {
        let mut c = chars("1.主要成效", 90.0);
        c[0].w = 8.0;
        c[1].x = 20.0;
        marker(&mut c, false);
        assert!((c[0].x + c[0].w - c[1].x).abs() < 1e-3, "{c:?}");
        // A mark read as a comma and restored: closed up too.
        let mut c = chars("1,2019年工作回顾", 90.0);
        c[0].w = 8.0;
        c[1].x = 20.0;
        marker(&mut c, true);
        assert_eq!(text(&c), "1、2019年工作回顾");
        assert!((c[0].x + c[0].w - c[1].x).abs() < 1e-3, "{c:?}");
        // A column's width apart: a table row, left alone.
        let mut c = chars("1.行政复议", 90.0);
        c[0].w = 8.0;
        c[1].x = 60.0;
        marker(&mut c, false);
        assert!(c[0].x + c[0].w < c[1].x - 1.0, "{c:?}");
    }

    #[test]
    fn a_level1_marker_the_numbering_skips_is_restored() {
        let mut lines: Vec<(Vec<Ch>, bool)> =
            ["一、主要举措", "正文。", "至。存在的不足", "三、下一步安排", "某是。正文"]
                .iter()
                .map(|s| (chars(s, 80.0), true))
                .collect();
        marker_sequence(&mut lines);
        let got: Vec<String> = lines.iter().map(|(c, _)| text(c)).collect();
        assert_eq!(got, ["一、主要举措", "正文。", "二、存在的不足", "三、下一步安排", "某是。正文"]);
        // Not set as a heading: left alone.
        let mut lines =
            vec![(chars("一、甲", 80.0), true), (chars("至。乙", 80.0), false), (chars("三、丙", 80.0), true)];
        marker_sequence(&mut lines);
        assert_eq!(text(&lines[1].0), "至。乙");
    }

    /// 第N部分 / 第N章 misread on a heading line: restored where the numbering around it
    /// says which number is due, with the quote read for the space after it.
    #[test]
    fn a_top_marker_the_numbering_calls_for_is_restored() {
        let run = |texts: &[(&str, bool)]| {
            let mut lines: Vec<(Vec<Ch>, bool)> = texts.iter().map(|(s, t)| (chars(s, 80.0), *t)).collect();
            top_sequence(&mut lines);
            lines.iter().map(|(c, _)| text(c)).collect::<Vec<String>>()
        };
        let got =
            run(&[("第一部分成效", true), ("正文。", false), ("第二部分不足", true), ("第人5部分“其他事项", true)]);
        assert_eq!(got[3], "第三部分其他事项");
        let got =
            run(&[("第一部分成效", true), ("第二部分不足", true), ("第人部分安排", true), ("第四部分其他", true)]);
        assert_eq!(got[2], "第三部分安排");
        let got = run(&[("第四章基础", true), ("第五草工作中的不足", true), ("第六章思路", true)]);
        assert_eq!(got[1], "第五章工作中的不足");
        // The numbering does not call for it, or the line is not set as a heading: kept.
        let got = run(&[("第一章基础", true), ("第五草地保护", true), ("第三章思路", true)]);
        assert_eq!(got[1], "第五草地保护");
        let got = run(&[("第一部分成效", true), ("第二部分不足", true), ("第人5部分其他事项", false)]);
        assert_eq!(got[2], "第人5部分其他事项");
        // A number read as other characters before 章 is too loose a frame: kept.
        let got = run(&[("第一章基础", true), ("第人章不足", true), ("第三章思路", true)]);
        assert_eq!(got[1], "第人章不足");
    }

    #[test]
    fn vocabulary_words_restored_only_where_unsure() {
        let vocab = Vocabulary::new(&["存在的不足".into(), "第一责任人职责".into(), "下一步".into(), "不足".into()]);
        let mut c = chars("二、存在的不是", 95.0);
        c[6].conf = 60.0;
        vocab.repair(&mut c, true);
        assert_eq!(text(&c), "二、存在的不足");
        // Read with confidence: a different heading, kept.
        let mut c = chars("二、存在的不是", 97.0);
        vocab.repair(&mut c, true);
        assert_eq!(text(&c), "二、存在的不是");
        // Running text: long words only, one character off whatever the confidence.
        let mut c = chars("履行第一责任入职责情况", 99.0);
        vocab.repair(&mut c, false);
        assert_eq!(text(&c), "履行第一责任人职责情况");
        // A dropped character.
        let mut c = chars("履行第一责人职责情况", 80.0);
        vocab.repair(&mut c, false);
        assert_eq!(text(&c), "履行第一责任人职责情况");
        // Digits are never changed.
        let mut c = chars("下1步工作", 50.0);
        vocab.repair(&mut c, true);
        assert_eq!(text(&c), "下1步工作");
    }

    /// A word of the vocabulary spelled right is not turned into another word one
    /// character away (the vocabulary holds both 工作谋划 and 工作计划, and the
    /// mis-writing 习近平法制思想 beside 习近平法治思想).
    #[test]
    fn words_read_right_are_not_turned_into_their_neighbours() {
        let vocab =
            Vocabulary::new(&["工作计划".into(), "工作谋划".into(), "习近平法治思想".into(), "习近平法制思想".into()]);
        let mut c = chars("二、工作谋划", 60.0);
        vocab.repair(&mut c, true);
        assert_eq!(text(&c), "二、工作谋划");
        let mut c = chars("深化习近平法治思想学习", 60.0);
        vocab.repair(&mut c, false);
        assert_eq!(text(&c), "深化习近平法治思想学习");
    }

    /// In running text a word of four or five characters is restored over one character
    /// plainly misread: rare in the document and making no word with its neighbours.
    #[test]
    fn a_short_word_of_running_text_is_restored_over_a_plain_misreading() {
        let vocab = Vocabulary::new(&[
            "根子在于".into(),
            "根源".into(),
            "面临一些".into(),
            "困难和挑战".into(),
            "主要工作".into(),
            "下一年度".into(),
        ]);
        let run = |vocab: &mut Vocabulary, line: &str, rest: &str| {
            let mut c = chars(line, LAYER);
            let other = chars(rest, LAYER);
            vocab.count_in([c.as_slice(), other.as_slice()]);
            vocab.repair(&mut c, false);
            text(&c)
        };
        let mut vocab = vocab;
        let rest = "全年开展培训十二次，以上工作均按上级要求完成。";
        assert_eq!(
            run(&mut vocab, "分析起来，根祈在于考核激励机制不健全。", rest),
            "分析起来，根子在于考核激励机制不健全。"
        );
        assert_eq!(run(&mut vocab, "工作也面临一芭困难和挑战：", rest), "工作也面临一些困难和挑战：");
        assert_eq!(run(&mut vocab, "工作也面临一些困难和挑咸：", rest), "工作也面临一些困难和挑战：");
        // Read right: the character makes a word with a neighbour (根本, 重要, 上一), or
        // spells a word of the vocabulary (根源): kept.
        for line in [
            "分析起来，根本在于考核激励机制不健全。",
            "分析起来，根源在于考核激励机制不健全。",
            "完成重要工作五项。",
            "与上一年度相比有所增加。",
        ] {
            assert_eq!(run(&mut vocab, line, rest), line);
        }
        // A character the document writes elsewhere is no misreading.
        assert_eq!(run(&mut vocab, "分析起来，根祈在于考核。", "祈福"), "分析起来，根祈在于考核。");
        // Without the document's characters counted: nothing restored.
        let mut c = chars("分析起来，根祈在于考核。", LAYER);
        Vocabulary::new(&["根子在于".into()]).repair(&mut c, false);
        assert_eq!(text(&c), "分析起来，根祈在于考核。");
        // Read with confidence by our own OCR: kept.
        let mut c = chars("分析起来，根祈在于考核。", 97.0);
        vocab.count_in([c.as_slice()]);
        vocab.repair(&mut c, false);
        assert_eq!(text(&c), "分析起来，根祈在于考核。");
    }

    #[test]
    fn numerals() {
        assert_eq!(numeral(1), "一");
        assert_eq!(numeral(10), "十");
        assert_eq!(numeral(12), "十二");
        assert_eq!(numeral(20), "二十");
        assert_eq!(numeral(23), "二十三");
        assert_eq!(level1(&chars("十二、其他", 90.0)), Some(12));
        assert_eq!(level1(&chars("一是", 90.0)), None);
    }
}

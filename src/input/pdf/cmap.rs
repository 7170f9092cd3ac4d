//! CMaps: how a font's byte string splits into codes (code space ranges), code → CID
//! (`cidrange`, `cidchar`: a Type 0 font's `/Encoding`) and code → Unicode (`bfrange`,
//! `bfchar`: a `/ToUnicode` map). Parsed from the PostScript-like text of an embedded
//! CMap stream; the predefined CMaps come in the same shape from [`super::data`].
//!
//! Bounded: at most [`MAX_ENTRIES`] mappings per CMap; ranges are kept as ranges (never
//! expanded), `bfrange` arrays only as long as they are written.

/// Most mappings read from one CMap.
pub(super) const MAX_ENTRIES: usize = 1 << 20;

/// One code space range: codes of `len` bytes whose every byte lies between the bytes of
/// `lo` and `hi` at the same position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Space {
    pub len: u8,
    pub lo: [u8; 4],
    pub hi: [u8; 4],
}

impl Space {
    pub(super) fn new(len: usize, lo: u32, hi: u32) -> Option<Space> {
        if !(1..=4).contains(&len) {
            return None;
        }
        let bytes = |v: u32| {
            let mut b = [0u8; 4];
            for (i, slot) in b.iter_mut().enumerate().take(len) {
                *slot = (v >> (8 * (len - 1 - i))) as u8;
            }
            b
        };
        Some(Space { len: len as u8, lo: bytes(lo), hi: bytes(hi) })
    }

    fn matches(&self, bytes: &[u8]) -> bool {
        let n = usize::from(self.len);
        bytes.len() >= n && (0..n).all(|i| (self.lo[i]..=self.hi[i]).contains(&bytes[i]))
    }

    /// Whether `bytes` (fewer than `len`) could begin a code of this range.
    fn starts(&self, bytes: &[u8]) -> bool {
        bytes.iter().enumerate().all(|(i, b)| i < usize::from(self.len) && (self.lo[i]..=self.hi[i]).contains(b))
    }
}

/// What a `bfchar` or `bfrange` maps to.
#[derive(Clone, Debug)]
enum Target {
    /// The text for one code (also each element of a `bfrange` array).
    Text(Box<str>),
    /// A `bfrange` with one destination string: the first code's text as UTF-16; each
    /// further code adds one to its last unit (to the code point, for a surrogate pair).
    Step(Box<[u16]>),
}

#[derive(Clone, Debug)]
struct UniRange {
    lo: u32,
    hi: u32,
    target: Target,
}

#[derive(Clone, Copy, Debug)]
struct CidRange {
    len: u8,
    lo: u32,
    hi: u32,
    cid: u32,
}

#[derive(Clone, Debug, Default)]
pub(super) struct CMap {
    pub spaces: Vec<Space>,
    cids: Vec<CidRange>,
    uni: Vec<UniRange>,
    /// 1 for vertical writing.
    pub wmode: u8,
    /// The CMap named by `usecmap`, whose mappings apply where this one has none.
    pub parent: Option<Box<CMap>>,
    /// The name in `/Name usecmap`, for the caller to resolve.
    pub usecmap: Option<String>,
    /// Code = CID for two-byte codes (Identity-H / Identity-V).
    pub identity: bool,
}

impl CMap {
    /// Identity-H / Identity-V: two-byte codes that are their own CIDs.
    pub(super) fn identity(wmode: u8) -> CMap {
        CMap { spaces: Space::new(2, 0, 0xFFFF).into_iter().collect(), identity: true, wmode, ..CMap::default() }
    }

    pub(super) fn push_cid_range(&mut self, len: u8, lo: u32, hi: u32, cid: u32) {
        if lo <= hi && self.cids.len() < MAX_ENTRIES {
            self.cids.push(CidRange { len, lo, hi, cid });
        }
    }

    /// Sort the ranges for look-ups; call once after the last push.
    pub(super) fn finish(&mut self) {
        self.cids.sort_by_key(|r| (r.len, r.lo));
        self.uni.sort_by_key(|r| r.lo);
    }

    pub(super) fn has_unicode(&self) -> bool {
        !self.uni.is_empty() || self.parent.as_ref().is_some_and(|p| p.has_unicode())
    }

    fn all_spaces(&self) -> impl Iterator<Item = &Space> {
        self.spaces.iter().chain(self.parent.iter().flat_map(|p| p.spaces.iter()))
    }

    /// The next code in `bytes` (not empty): its value and length in bytes. A byte string
    /// no code space range matches takes the length of the shortest range that its first
    /// byte could start (as readers do), else one byte.
    pub(super) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        let mut fallback: Option<usize> = None;
        for n in 1..=4usize.min(bytes.len()) {
            let head = &bytes[..n];
            if self.all_spaces().any(|s| usize::from(s.len) == n && s.matches(head)) {
                return (value(head), n);
            }
            if fallback.is_none() {
                fallback = self.all_spaces().filter(|s| s.starts(&bytes[..1])).map(|s| usize::from(s.len)).min();
            }
        }
        let n =
            fallback.or_else(|| self.all_spaces().map(|s| usize::from(s.len)).min()).unwrap_or(1).clamp(1, bytes.len());
        (value(&bytes[..n]), n)
    }

    /// The CID of a code of `len` bytes.
    pub(super) fn cid(&self, code: u32, len: usize) -> Option<u32> {
        if self.identity {
            return (len == 2).then_some(code);
        }
        let key = (len as u8, code);
        let i = self.cids.partition_point(|r| (r.len, r.lo) <= key);
        if let Some(r) = i.checked_sub(1).map(|i| self.cids[i]) {
            if r.len == key.0 && code <= r.hi {
                return Some(r.cid.saturating_add(code - r.lo));
            }
        }
        self.parent.as_ref().and_then(|p| p.cid(code, len))
    }

    /// The text of a code (`bfchar` / `bfrange`), keyed by the code's value: a one-byte
    /// code also finds a map written with two-byte source codes, as some writers do.
    pub(super) fn unicode(&self, code: u32, out: &mut String) -> bool {
        let i = self.uni.partition_point(|r| r.lo <= code);
        // Ranges may overlap (a later bfchar over a bfrange): the nearest start wins.
        for r in self.uni[..i].iter().rev().take(8) {
            if code > r.hi {
                continue;
            }
            match &r.target {
                Target::Text(t) => out.push_str(t),
                Target::Step(units) => {
                    let step = code - r.lo;
                    let text: String = match **units {
                        [hi @ 0xD800..=0xDBFF, lo @ 0xDC00..=0xDFFF] => {
                            let c = 0x10000 + ((u32::from(hi) - 0xD800) << 10) + (u32::from(lo) - 0xDC00);
                            char::from_u32(c + step).map(String::from).unwrap_or_default()
                        }
                        [.., last] => {
                            let mut u = units.to_vec();
                            let v = u32::from(last) + step;
                            if let (Ok(v16), false) = (u16::try_from(v), (0xD800..=0xDFFF).contains(&v)) {
                                *u.last_mut().unwrap_or(&mut 0) = v16;
                                String::from_utf16_lossy(&u)
                            } else {
                                u.pop();
                                let mut s = String::from_utf16_lossy(&u);
                                s.extend(char::from_u32(v));
                                s
                            }
                        }
                        [] => String::new(),
                    };
                    out.push_str(&text);
                }
            }
            return true;
        }
        self.parent.as_ref().is_some_and(|p| p.unicode(code, out))
    }
}

fn value(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |a, &b| a << 8 | u32::from(b))
}

#[derive(Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Str(Vec<u8>),
    Name(String),
    Num(i64),
    Open,
    Close,
    Word(String),
}

/// Tokens of a CMap stream (PostScript syntax, the parts CMaps use).
struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

impl Iterator for Lexer<'_> {
    type Item = Token;
    fn next(&mut self) -> Option<Token> {
        let s = self.s;
        loop {
            let &c = s.get(self.i)?;
            match c {
                b'%' => {
                    while self.i < s.len() && !matches!(s[self.i], b'\n' | b'\r') {
                        self.i += 1;
                    }
                }
                c if c.is_ascii_whitespace() || c == 0 => self.i += 1,
                b'<' if s.get(self.i + 1) == Some(&b'<') => self.i += 2,
                b'>' => self.i += 1,
                b'<' => {
                    self.i += 1;
                    let start = self.i;
                    while self.i < s.len() && s[self.i] != b'>' {
                        self.i += 1;
                    }
                    let digits: Vec<u8> = s[start..self.i].iter().copied().filter(u8::is_ascii_hexdigit).collect();
                    self.i += 1;
                    let mut out = Vec::with_capacity(digits.len() / 2 + 1);
                    for pair in digits.chunks(2) {
                        let hex = |d: u8| (d as char).to_digit(16).unwrap_or(0) as u8;
                        out.push(hex(pair[0]) << 4 | pair.get(1).map_or(0, |&d| hex(d)));
                    }
                    return Some(Token::Hex(out));
                }
                b'(' => {
                    self.i += 1;
                    let mut depth = 1;
                    let mut out = Vec::new();
                    while let Some(&c) = s.get(self.i) {
                        self.i += 1;
                        match c {
                            b'\\' => {
                                if let Some(&e) = s.get(self.i) {
                                    self.i += 1;
                                    out.push(match e {
                                        b'n' => b'\n',
                                        b'r' => b'\r',
                                        b't' => b'\t',
                                        e => e,
                                    });
                                }
                            }
                            b'(' => {
                                depth += 1;
                                out.push(c);
                            }
                            b')' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                                out.push(c);
                            }
                            c => out.push(c),
                        }
                    }
                    return Some(Token::Str(out));
                }
                b'[' => {
                    self.i += 1;
                    return Some(Token::Open);
                }
                b']' => {
                    self.i += 1;
                    return Some(Token::Close);
                }
                b'{' | b'}' | b')' => self.i += 1,
                _ => {
                    let slash = c == b'/';
                    let start = self.i + usize::from(slash);
                    self.i = start;
                    while self.i < s.len() && !b"()<>[]{}/% \t\r\n\x0c\0".contains(&s[self.i]) {
                        self.i += 1;
                    }
                    let word = String::from_utf8_lossy(&s[start..self.i]).into_owned();
                    if slash {
                        return Some(Token::Name(word));
                    }
                    if self.i == start {
                        self.i += 1;
                        continue;
                    }
                    return Some(match word.parse::<i64>() {
                        Ok(n) => Token::Num(n),
                        Err(_) => Token::Word(word),
                    });
                }
            }
        }
    }
}

/// Text for a `bfchar`/`bfrange` destination: UTF-16BE bytes, or a glyph name.
fn dest_text(t: &Token) -> Option<Box<str>> {
    match t {
        Token::Hex(b) | Token::Str(b) => {
            let units: Vec<u16> =
                b.chunks(2).map(|p| u16::from(p[0]) << 8 | u16::from(*p.get(1).unwrap_or(&0))).collect();
            let s: String = char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect();
            Some(s.into())
        }
        Token::Name(n) => super::font::glyph_name_text(n).map(Into::into),
        _ => None,
    }
}

/// Parse an embedded CMap (a ToUnicode map or a Type 0 font's `/Encoding` stream).
pub(super) fn parse(bytes: &[u8]) -> CMap {
    let mut map = CMap::default();
    let mut tokens = Lexer { s: bytes, i: 0 }.peekable();
    let mut last_name: Option<String> = None;
    let mut entries = 0usize;
    while let Some(t) = tokens.next() {
        if entries > MAX_ENTRIES {
            break;
        }
        match t {
            Token::Name(n) => {
                if n == "WMode" {
                    if let Some(Token::Num(v)) = tokens.peek() {
                        map.wmode = u8::from(*v == 1);
                    }
                }
                last_name = Some(n);
            }
            Token::Word(w) => match w.as_str() {
                "usecmap" => map.usecmap = last_name.take(),
                "begincodespacerange" => {
                    while let Some(Token::Hex(lo)) = tokens.next_if(|t| matches!(t, Token::Hex(_))) {
                        let Some(Token::Hex(hi)) = tokens.next() else { break };
                        if let Some(s) = Space::new(lo.len(), value(&lo), value(&hi)) {
                            if lo.len() == hi.len() && map.spaces.len() < 256 {
                                map.spaces.push(s);
                            }
                        }
                        entries += 1;
                    }
                }
                "begincidrange" => {
                    while let Some(Token::Hex(lo)) = tokens.next_if(|t| matches!(t, Token::Hex(_))) {
                        let (Some(Token::Hex(hi)), Some(Token::Num(cid))) = (tokens.next(), tokens.next()) else {
                            break;
                        };
                        if (1..=4).contains(&lo.len()) && lo.len() == hi.len() {
                            if let Ok(cid) = u32::try_from(cid) {
                                map.push_cid_range(lo.len() as u8, value(&lo), value(&hi), cid);
                            }
                        }
                        entries += 1;
                    }
                }
                "begincidchar" => {
                    while let Some(Token::Hex(code)) = tokens.next_if(|t| matches!(t, Token::Hex(_))) {
                        let Some(Token::Num(cid)) = tokens.next() else { break };
                        if let (1..=4, Ok(cid)) = (code.len(), u32::try_from(cid)) {
                            let v = value(&code);
                            map.push_cid_range(code.len() as u8, v, v, cid);
                        }
                        entries += 1;
                    }
                }
                "beginbfchar" => {
                    while let Some(Token::Hex(code)) = tokens.next_if(|t| matches!(t, Token::Hex(_))) {
                        let Some(dest) = tokens.next() else { break };
                        if let (1..=4, Some(text)) = (code.len(), dest_text(&dest)) {
                            let v = value(&code);
                            map.uni.push(UniRange { lo: v, hi: v, target: Target::Text(text) });
                        }
                        entries += 1;
                    }
                }
                "beginbfrange" => {
                    while let Some(Token::Hex(lo)) = tokens.next_if(|t| matches!(t, Token::Hex(_))) {
                        let Some(Token::Hex(hi)) = tokens.next() else { break };
                        let (lo, hi) = (value(&lo[..lo.len().min(4)]), value(&hi[..hi.len().min(4)]));
                        match tokens.next() {
                            Some(Token::Open) => {
                                let mut code = lo;
                                for t in tokens.by_ref() {
                                    if t == Token::Close {
                                        break;
                                    }
                                    if code <= hi {
                                        if let Some(text) = dest_text(&t) {
                                            map.uni.push(UniRange { lo: code, hi: code, target: Target::Text(text) });
                                        }
                                    }
                                    code = code.saturating_add(1);
                                    entries += 1;
                                    if entries > MAX_ENTRIES {
                                        break;
                                    }
                                }
                            }
                            Some(Token::Hex(dst) | Token::Str(dst)) if lo <= hi => {
                                let units: Vec<u16> = dst
                                    .chunks(2)
                                    .map(|p| u16::from(p[0]) << 8 | u16::from(*p.get(1).unwrap_or(&0)))
                                    .collect();
                                map.uni.push(UniRange { lo, hi, target: Target::Step(units.into()) });
                            }
                            Some(Token::Name(n)) if lo == hi => {
                                if let Some(text) = super::font::glyph_name_text(&n) {
                                    map.uni.push(UniRange { lo, hi, target: Target::Text(text.into()) });
                                }
                            }
                            Some(_) => {}
                            None => break,
                        }
                        entries += 1;
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    map.finish();
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(map: &CMap, code: u32) -> Option<String> {
        let mut s = String::new();
        map.unicode(code, &mut s).then_some(s)
    }

    #[test]
    fn to_unicode_maps() {
        let map = parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            1 begincodespacerange <00> <FF> endcodespacerange
            2 beginbfchar <D3> <5173> <20> <0020> endbfchar
            3 beginbfrange <41> <43> <0061> <50> <52> [<4E00> <4E8C> <D840DC00>] <60> <61> <D840DC00> endbfrange
            endcmap",
        );
        assert_eq!(text(&map, 0xD3).as_deref(), Some("关"));
        assert_eq!(text(&map, 0x42).as_deref(), Some("b"));
        assert_eq!(text(&map, 0x51).as_deref(), Some("二"));
        assert_eq!(text(&map, 0x52).as_deref(), Some("\u{20000}"));
        assert_eq!(text(&map, 0x61).as_deref(), Some("\u{20001}"));
        assert_eq!(text(&map, 0x44), None);
        assert_eq!(map.next_code(b"\xD3\x41"), (0xD3, 1));
    }

    #[test]
    fn code_space_ranges_split_mixed_lengths() {
        let map = parse(
            b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
            2 begincidrange <20> <7e> 814 <b0a1> <b0fe> 1000 endcidrange 1 begincidchar <8140> 5 endcidchar",
        );
        assert_eq!(map.next_code(b"A\xB0\xA1"), (0x41, 1));
        assert_eq!(map.next_code(b"\xB0\xA2"), (0xB0A2, 2));
        assert_eq!(map.cid(0x41, 1), Some(814 + 0x21));
        assert_eq!(map.cid(0xB0A2, 2), Some(1001));
        assert_eq!(map.cid(0x8140, 2), Some(5));
        assert_eq!(map.cid(0xB0A2, 1), None);
        // A byte no range starts: one byte, as readers do.
        assert_eq!(map.next_code(b"\xFF\xFF"), (0xFF, 1));
    }

    #[test]
    fn garbage_is_harmless() {
        for bytes in [
            &b""[..],
            b"begincodespacerange <00",
            b"beginbfrange <00> [ <41",
            b"<<<<((((\\",
            b"1 beginbfrange <0000> <FFFF> <FFFF> endbfrange",
        ] {
            let map = parse(bytes);
            let mut s = String::new();
            map.unicode(0xFFFF, &mut s);
            let _ = map.next_code(b"\x00\x01");
        }
    }
}

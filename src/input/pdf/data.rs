//! Adobe's predefined CJK CMaps and CID → Unicode tables, for CID fonts that carry no
//! ToUnicode map (the classic non-embedded STSong-Light with GBK-EUC-H or UniGB-UCS2-H).
//!
//! The data is `data/pdf/fonts.bin.z`, written by `scripts/make-pdf-font-data.py` from
//! adobe-type-tools/cmap-resources (BSD-3-Clause, `data/pdf/LICENSE-cmap-resources.md`):
//! the Adobe-GB1, Adobe-CNS1, Adobe-Japan1 and Adobe-Korea1 collections, their legacy
//! CMaps (the Unicode ones are decoded from their codes instead), packed and deflated
//! (~125 KB in the binary and the WebAssembly module). It is inflated on first use.

use super::cmap::{CMap, Space};
use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

static PACKED: &[u8] = include_bytes!("../../../data/pdf/fonts.bin.z");

struct Data {
    /// Collection ("Adobe-GB1") → Unicode scalar per CID (0: none).
    cid_to_unicode: HashMap<String, Vec<u32>>,
    /// Collection → Unicode → first CID (built on first use).
    unicode_to_cid: HashMap<String, OnceLock<HashMap<u32, u32>>>,
    /// CMap name → its packed body (after the name).
    cmaps: HashMap<String, Vec<u8>>,
}

struct Bytes<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Bytes<'a> {
    fn u8(&mut self) -> Option<u8> {
        let v = *self.b.get(self.i)?;
        self.i += 1;
        Some(v)
    }
    fn u32(&mut self) -> Option<u32> {
        let s = self.b.get(self.i..self.i + 4)?;
        self.i += 4;
        Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn var(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    fn zig(&mut self) -> Option<i64> {
        let v = self.var()?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    fn name(&mut self) -> Option<&'a str> {
        let rest = self.b.get(self.i..)?;
        let end = rest.iter().position(|&b| b == 0)?;
        self.i += end + 1;
        std::str::from_utf8(&rest[..end]).ok()
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.i..self.i.checked_add(n)?)?;
        self.i += n;
        Some(s)
    }
}

fn load() -> Option<Data> {
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(PACKED).take(8 << 20).read_to_end(&mut raw).ok()?;
    let mut b = Bytes { b: &raw, i: 0 };
    if b.take(6)? != b"FZPDF1" {
        return None;
    }
    let len = b.u32()? as usize;
    let mut cids = Bytes { b: b.take(len)?, i: 0 };
    let mut cid_to_unicode = HashMap::new();
    while cids.i < cids.b.len() {
        let name = cids.name()?.to_string();
        let n = usize::try_from(cids.var()?).ok()?.min(1 << 20);
        let mut table = Vec::with_capacity(n);
        let mut prev = 0i64;
        for _ in 0..n {
            prev += cids.zig()?;
            table.push(u32::try_from(prev).unwrap_or(0));
        }
        cid_to_unicode.insert(name, table);
    }
    let len = b.u32()? as usize;
    let mut maps = Bytes { b: b.take(len)?, i: 0 };
    let mut cmaps = HashMap::new();
    while maps.i < maps.b.len() {
        let name = maps.name()?.to_string();
        let start = maps.i;
        skip_cmap(&mut maps)?;
        cmaps.insert(name, maps.b[start..maps.i].to_vec());
    }
    let unicode_to_cid = cid_to_unicode.keys().map(|k| (k.clone(), OnceLock::new())).collect();
    Some(Data { cid_to_unicode, unicode_to_cid, cmaps })
}

fn skip_cmap(b: &mut Bytes<'_>) -> Option<()> {
    read_cmap(b, &mut CMap::default())
}

/// One packed CMap body into `map` (see scripts/make-pdf-font-data.py for the layout).
fn read_cmap(b: &mut Bytes<'_>, map: &mut CMap) -> Option<()> {
    let use_name = b.name()?;
    map.usecmap = (!use_name.is_empty()).then(|| use_name.to_string());
    map.wmode = b.u8()?;
    let spaces = b.var()?;
    for _ in 0..spaces {
        let len = b.u8()?;
        let (lo, hi) = (b.var()?, b.var()?);
        if let Some(s) = Space::new(usize::from(len), u32::try_from(lo).ok()?, u32::try_from(hi).ok()?) {
            map.spaces.push(s);
        }
    }
    let entries = b.var()?;
    let (mut prev_hi, mut prev_cid) = (0i64, 0i64);
    for _ in 0..entries {
        let len = b.u8()?;
        let lo = prev_hi + b.zig()?;
        let hi = lo + i64::try_from(b.var()?).ok()?;
        let cid = prev_cid + b.zig()?;
        map.push_cid_range(len, u32::try_from(lo).ok()?, u32::try_from(hi).ok()?, u32::try_from(cid).ok()?);
        prev_hi = hi;
        prev_cid = cid + (hi - lo);
    }
    Some(())
}

fn data() -> Option<&'static Data> {
    static DATA: OnceLock<Option<Data>> = OnceLock::new();
    DATA.get_or_init(load).as_ref()
}

/// A predefined CMap by name (GBK-EUC-H, B5pc-H, 90ms-RKSJ-H …), its `usecmap` chain
/// resolved. Identity-H/V and the Unicode CMaps are not here (see [`unicode_cmap`]).
pub(super) fn predefined(name: &str) -> Option<CMap> {
    fn get(name: &str, depth: usize) -> Option<CMap> {
        let body = data()?.cmaps.get(name)?;
        let mut map = CMap::default();
        read_cmap(&mut Bytes { b: body, i: 0 }, &mut map)?;
        map.finish();
        if let Some(parent) = map.usecmap.take() {
            if depth < 4 {
                map.parent = get(&parent, depth + 1).map(Box::new);
            }
        }
        Some(map)
    }
    match name {
        "Identity-H" => Some(CMap::identity(0)),
        "Identity-V" => Some(CMap::identity(1)),
        _ => get(name, 0),
    }
}

/// How the codes of a Unicode CMap (Uni…-UCS2/UTF16/UTF8/UTF32-H/V) spell text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Utf {
    Utf16,
    Utf8,
    Utf32,
}

/// The Unicode form of a predefined CMap name, with its writing mode, or None.
pub(super) fn unicode_cmap(name: &str) -> Option<(Utf, u8)> {
    let rest = name.strip_prefix("Uni")?;
    let wmode = u8::from(rest.ends_with("-V"));
    if !(rest.ends_with("-H") || rest.ends_with("-V")) {
        return None;
    }
    let form = if rest.contains("-UCS2") || rest.contains("-UTF16") {
        Utf::Utf16
    } else if rest.contains("-UTF8") {
        Utf::Utf8
    } else if rest.contains("-UTF32") {
        Utf::Utf32
    } else {
        return None;
    };
    Some((form, wmode))
}

/// The Unicode character of a CID in a collection ("Adobe-GB1" …).
pub(super) fn cid_to_unicode(collection: &str, cid: u32) -> Option<char> {
    let v = *data()?.cid_to_unicode.get(collection)?.get(cid as usize)?;
    (v != 0).then(|| char::from_u32(v)).flatten()
}

/// Whether the collection has a CID → Unicode table here.
pub(super) fn knows_collection(collection: &str) -> bool {
    data().is_some_and(|d| d.cid_to_unicode.contains_key(collection))
}

/// The first CID of a collection for a Unicode character (widths of fonts addressed
/// through a Unicode CMap are given per CID).
pub(super) fn unicode_to_cid(collection: &str, c: char) -> Option<u32> {
    let d = data()?;
    let table = d.cid_to_unicode.get(collection)?;
    let inverse = d.unicode_to_cid.get(collection)?.get_or_init(|| {
        let mut m = HashMap::with_capacity(table.len());
        for (cid, &u) in table.iter().enumerate() {
            if u != 0 {
                m.entry(u).or_insert(cid as u32);
            }
        }
        m
    });
    inverse.get(&(c as u32)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        // Adobe-GB1: CID 4000 is 姓, the half-width Latin CIDs read as ASCII.
        assert_eq!(cid_to_unicode("Adobe-GB1", 4000), Some('姓'));
        assert_eq!(cid_to_unicode("Adobe-GB1", 17), Some('0'));
        assert_eq!(cid_to_unicode("Adobe-GB1", 830), Some('1'));
        assert_eq!(unicode_to_cid("Adobe-GB1", '0'), Some(17));
        assert!(knows_collection("Adobe-CNS1") && knows_collection("Adobe-Japan1") && knows_collection("Adobe-Korea1"));
        assert!(!knows_collection("Adobe-Identity"));
    }

    #[test]
    fn predefined_cmaps() {
        let gbk = predefined("GBK-EUC-H").unwrap();
        let bytes = encoding_rs::GBK.encode("法治2024").0;
        let mut rest: &[u8] = &bytes;
        let mut text = String::new();
        while !rest.is_empty() {
            let (code, n) = gbk.next_code(rest);
            let cid = gbk.cid(code, n).unwrap();
            text.push(cid_to_unicode("Adobe-GB1", cid).unwrap());
            rest = &rest[n..];
        }
        assert_eq!(text, "法治2024");
        // A -V CMap uses its -H one.
        let v = predefined("GBK-EUC-V").unwrap();
        assert_eq!(v.wmode, 1);
        assert_eq!(v.cid(0xB7A8, 2), gbk.cid(0xB7A8, 2));
        let b5 = predefined("B5pc-H").unwrap();
        let big5 = encoding_rs::BIG5.encode("法治").0;
        let (code, n) = b5.next_code(&big5);
        assert_eq!(cid_to_unicode("Adobe-CNS1", b5.cid(code, n).unwrap()), Some('法'));
        assert!(predefined("Nonesuch-H").is_none());
        assert_eq!(unicode_cmap("UniGB-UCS2-H"), Some((Utf::Utf16, 0)));
        assert_eq!(unicode_cmap("UniCNS-UTF32-V"), Some((Utf::Utf32, 1)));
        assert_eq!(unicode_cmap("GBK-EUC-H"), None);
    }
}

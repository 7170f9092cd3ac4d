//! Lists (PlfLst / PlfLfo): levels, counters and the rendered automatic numbers.

use super::*;

/// One level of a list: its number format, start, text and the follow character.
#[derive(Clone, Debug, Default)]
pub(super) struct Level {
    pub(super) start: i64,
    pub(super) nfc: u8,
    pub(super) legal: bool,
    pub(super) no_restart: bool,
    /// The number text: code units below 9 stand for the number of that level.
    pub(super) text: Vec<u16>,
    /// ixchFollow 1: a space follows the number.
    pub(super) space: bool,
}

/// Parse an LVL at `at`; returns it and the offset after it.
pub(super) fn parse_lvl(b: &[u8], at: usize) -> Option<(Level, usize)> {
    let start = u32_at(b, at)? as i32;
    let nfc = u8_at(b, at + 4)?;
    let flags = u8_at(b, at + 5)?;
    let follow = u8_at(b, at + 15)?;
    let cb_chpx = usize::from(u8_at(b, at + 24)?);
    let cb_papx = usize::from(u8_at(b, at + 25)?);
    let xst = at.checked_add(28 + cb_chpx + cb_papx)?;
    let cch = usize::from(u16_at(b, xst)?);
    let raw = b.get(xst + 2..xst + 2 + cch * 2)?;
    let text = raw.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    Some((
        Level {
            start: i64::from(start),
            nfc,
            legal: flags & 0x04 != 0,
            no_restart: flags & 0x08 != 0,
            text,
            space: follow == 1,
        },
        xst + 2 + cch * 2,
    ))
}

/// An LFOLVL: the level it applies to, a new start, a replacement level.
type LevelOverride = (u8, Option<i64>, Option<Level>);

#[derive(Debug, Default)]
pub(super) struct Lists {
    /// lsid → levels.
    pub(super) lists: Vec<(i32, Vec<Level>)>,
    /// LFOs (sprmPIlfo is 1-based): lsid, start overrides per level, level overrides.
    pub(super) lfos: Vec<(i32, Vec<LevelOverride>)>,
    /// Counters per lsid.
    pub(super) counters: Vec<(i32, [Option<i64>; 9])>,
    /// LFOs whose start overrides were applied.
    pub(super) started: Vec<u16>,
}

impl Lists {
    pub(super) fn parse(table: &[u8], fib: &Fib) -> Lists {
        let mut l = Lists::default();
        // Offsets start inside the table stream (checked by `part`), so none overflows.
        let start_of = |index: usize| fib.part(table, index).and(fib.fc_lcb.get(index)).map(|&(fc, _)| fc as usize);
        if let Some(base) = start_of(FC_PLF_LST) {
            {
                let c_lst = u16_at(table, base).unwrap_or(0) as usize;
                let mut lvl_at = base + 2 + c_lst * 28;
                for i in 0..c_lst {
                    let lstf = base + 2 + i * 28;
                    let (Some(lsid), Some(flags)) = (u32_at(table, lstf), u8_at(table, lstf + 26)) else { break };
                    let count = if flags & 1 != 0 { 1 } else { 9 };
                    let mut levels = Vec::with_capacity(count);
                    for _ in 0..count {
                        let Some((lvl, next)) = parse_lvl(table, lvl_at) else { break };
                        levels.push(lvl);
                        lvl_at = next;
                    }
                    if levels.len() < count {
                        break;
                    }
                    l.lists.push((lsid as i32, levels));
                }
            }
        }
        if let Some(base) = start_of(FC_PLF_LFO) {
            {
                let n = (u32_at(table, base).unwrap_or(0) as usize).min(table.len() / 16);
                let mut data_at = base + 4 + n * 16;
                for i in 0..n {
                    let lfo = base + 4 + i * 16;
                    let (Some(lsid), Some(clfolvl)) = (u32_at(table, lfo), u8_at(table, lfo + 12)) else { break };
                    // LFOData: cp, then the level overrides.
                    let mut overrides = Vec::new();
                    let mut at = data_at + 4;
                    for _ in 0..clfolvl {
                        let (Some(start), Some(flags)) = (u32_at(table, at), u32_at(table, at + 4)) else { break };
                        at += 8;
                        let ilvl = (flags & 0xF) as u8;
                        let start = (flags & 0x10 != 0).then_some(i64::from(start as i32));
                        let mut lvl = None;
                        if flags & 0x20 != 0 {
                            let Some((v, next)) = parse_lvl(table, at) else { break };
                            at = next;
                            lvl = Some(v);
                        }
                        overrides.push((ilvl, start, lvl));
                    }
                    data_at = at;
                    l.lfos.push((lsid as i32, overrides));
                }
            }
        }
        l
    }

    /// Advance list `ilfo` (1-based) at level `ilvl` and render its marker.
    pub(super) fn next(&mut self, ilfo: u16, ilvl: u8) -> Option<String> {
        let (lsid, overrides) = self.lfos.get(usize::from(ilfo).checked_sub(1)?)?;
        let (lsid, overrides) = (*lsid, overrides.clone());
        let levels = &self.lists.iter().find(|(id, _)| *id == lsid)?.1;
        let ilvl = usize::from(ilvl.min(8)).min(levels.len().saturating_sub(1));
        let level_at = |i: usize| -> Option<&Level> {
            overrides
                .iter()
                .find(|(l, _, _)| usize::from(*l) == i)
                .and_then(|(_, _, v)| v.as_ref())
                .or_else(|| levels.get(i))
        };
        let ci = match self.counters.iter().position(|(id, _)| *id == lsid) {
            Some(i) => i,
            None => {
                self.counters.push((lsid, [None; 9]));
                self.counters.len() - 1
            }
        };
        let counters = &mut self.counters[ci].1;
        if !self.started.contains(&ilfo) {
            self.started.push(ilfo);
            for (l, s, _) in &overrides {
                if let (Some(s), Some(c)) = (s, counters.get_mut(usize::from(*l))) {
                    *c = Some(s - 1);
                }
            }
        }
        let lvl = level_at(ilvl)?;
        counters[ilvl] = Some(counters[ilvl].map_or(lvl.start, |v| v.saturating_add(1)));
        for (d, c) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            if !level_at(d).is_some_and(|l| l.no_restart) {
                *c = None;
            }
        }
        if lvl.nfc == 0x17 {
            return None; // bullet
        }
        let mut out = String::new();
        for ch in char::decode_utf16(lvl.text.iter().copied()) {
            let Ok(ch) = ch else { continue };
            let k = ch as usize;
            if k < 9 {
                let Some(at) = level_at(k) else { continue };
                let value = counters[k].unwrap_or(at.start);
                let fmt = if lvl.legal { "decimal" } else { nfc_name(at.nfc) };
                out.push_str(&crate::input::docx::format_number(value, fmt));
            } else {
                out.push(ch);
            }
        }
        if out.is_empty() {
            return None;
        }
        if lvl.space && out.chars().last().is_some_and(char::is_alphanumeric) {
            out.push(' ');
        }
        Some(out)
    }
}

/// [MS-DOC] MSONFC → the ECMA-376 number format name the .docx reader renders.
pub(super) fn nfc_name(nfc: u8) -> &'static str {
    match nfc {
        0x01 => "upperRoman",
        0x02 => "lowerRoman",
        0x03 => "upperLetter",
        0x04 => "lowerLetter",
        0x0A => "ideographDigital",
        0x0B => "japaneseCounting",
        0x0E | 0x13 => "decimalFullWidth",
        0x12 => "decimalEnclosedCircle",
        0x16 => "decimalZero",
        0x1A => "decimalEnclosedFullstop",
        0x1B => "decimalEnclosedParen",
        0x1C => "decimalEnclosedCircleChinese",
        0x1E => "ideographTraditional",
        0x1F => "ideographZodiac",
        0x21 | 0x23 => "taiwaneseCounting",
        0x22 => "ideographLegalTraditional",
        0x24 => "taiwaneseDigital",
        0x25 | 0x27 => "chineseCounting",
        0x26 => "chineseLegalSimplified",
        0x28 => "ideographDigital",
        0xFF => "none",
        _ => "decimal",
    }
}

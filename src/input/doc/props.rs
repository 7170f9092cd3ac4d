//! Paragraph properties: SPRMs, the PAPX FKPs of PlcBtePapx, and deleted text from the CHPX
//! FKPs.

use super::*;

/// Paragraph properties from a PAPX (direct formatting) or a style's UpxPapx.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Props {
    pub(super) istd: u16,
    pub(super) outline: Option<u8>,
    pub(super) in_table: bool,
    pub(super) row_end: bool,
    pub(super) ilfo: Option<u16>,
    pub(super) ilvl: Option<u8>,
}

/// Call `f` with each sprm of a grpprl and its operand; a truncated sprm ends the list.
pub(super) fn for_each_sprm(grpprl: &[u8], mut f: impl FnMut(u16, &[u8])) {
    let mut at = 0usize;
    while let Some(sprm) = u16_at(grpprl, at) {
        at += 2;
        let (skip, size) = match sprm >> 13 {
            0 | 1 => (0, 1),
            2 | 4 | 5 => (0, 2),
            3 => (0, 4),
            7 => (0, 3),
            // sprmTDefTable has a two-byte length (counting one byte of itself);
            // sprmPChgTabs with cb 255 (a Word 6 layout) has a computed one: stop there.
            _ if sprm == 0xD608 => match u16_at(grpprl, at) {
                Some(n) => (2, usize::from(n).saturating_sub(1)),
                None => return,
            },
            _ if sprm == 0xC615 && u8_at(grpprl, at) == Some(255) => return,
            _ => match u8_at(grpprl, at) {
                Some(n) => (1, usize::from(n)),
                None => return,
            },
        };
        let Some(op) = grpprl.get(at + skip..at + skip + size) else { return };
        f(sprm, op);
        at += skip + size;
    }
}

/// Read the sprms of a grpprl that matter here into `p`.
pub(super) fn apply_sprms(grpprl: &[u8], p: &mut Props) {
    for_each_sprm(grpprl, |sprm, op| {
        let flag = op.first().is_some_and(|&v| v != 0);
        match sprm {
            0x2640 => p.outline = op.first().copied(),                     // sprmPOutLvl
            0x2416 => p.in_table |= flag,                                  // sprmPFInTable
            0x2417 | 0x244C => p.row_end |= flag,                          // sprmPFTtp, sprmPFInnerTtp
            0x6649 => p.in_table |= u32_at(op, 0).is_some_and(|v| v != 0), // sprmPItap
            0x260A => p.ilvl = op.first().copied(),                        // sprmPIlvl
            0x460B => p.ilfo = u16_at(op, 0),                              // sprmPIlfo
            _ => {}
        }
    });
}

/// One run of paragraph properties: bytes `fc..fc_end` of the `WordDocument` stream.
#[derive(Debug)]
pub(super) struct PapRun {
    pub(super) fc: u32,
    pub(super) fc_end: u32,
    pub(super) props: Props,
}

/// PlcBtePapx → PAPX FKPs (512-byte pages of the `WordDocument` stream).
pub(super) fn parse_papx(word: &[u8], plc: Option<&[u8]>) -> Vec<PapRun> {
    let mut runs = Vec::new();
    for fkp in fkp_pages(word, plc) {
        let crun = usize::from(fkp[511]);
        for j in 0..crun {
            let (Some(fc), Some(fc_end)) = (u32_at(fkp, j * 4), u32_at(fkp, j * 4 + 4)) else { break };
            let Some(boff) = u8_at(fkp, (crun + 1) * 4 + j * 13) else { break };
            let mut props = Props::default();
            if boff != 0 {
                let at = usize::from(boff) * 2;
                let grp = match u8_at(fkp, at) {
                    Some(0) => u8_at(fkp, at + 1).and_then(|cb| fkp.get(at + 2..at + 2 + usize::from(cb) * 2)),
                    Some(cb) => fkp.get(at + 1..at + 1 + usize::from(cb) * 2 - 1),
                    None => None,
                };
                if let Some(grp) = grp {
                    props.istd = u16_at(grp, 0).unwrap_or(0);
                    apply_sprms(grp.get(2..).unwrap_or_default(), &mut props);
                }
            }
            if fc_end > fc {
                runs.push(PapRun { fc, fc_end, props });
            }
        }
    }
    runs.sort_by_key(|r| r.fc);
    runs
}

/// The FKP pages a PlcBte (PlcBtePapx, PlcBteChpx) names, each once: a hostile table
/// repeating a page costs nothing, and there are never more pages than the stream has.
pub(super) fn fkp_pages<'w>(word: &'w [u8], plc: Option<&[u8]>) -> Vec<&'w [u8]> {
    let Some(plc) = plc.filter(|p| p.len() >= 4) else { return Vec::new() };
    let n = (plc.len() - 4) / 8;
    let mut pns: Vec<u32> = (0..n).filter_map(|i| u32_at(plc, (n + 1) * 4 + i * 4)).map(|pn| pn & 0x3F_FFFF).collect();
    pns.sort_unstable();
    pns.dedup();
    pns.into_iter().filter_map(|pn| slice(word, pn.checked_mul(512)?, 512)).collect()
}

/// CHPX FKPs: the byte ranges whose character properties mark a tracked deletion
/// (sprmCFRMarkDel).
pub(super) fn parse_deleted(word: &[u8], plc: Option<&[u8]>) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for fkp in fkp_pages(word, plc) {
        let crun = usize::from(fkp[511]);
        for j in 0..crun {
            let (Some(fc), Some(fc_end), Some(off)) =
                (u32_at(fkp, j * 4), u32_at(fkp, j * 4 + 4), u8_at(fkp, (crun + 1) * 4 + j))
            else {
                break;
            };
            if off == 0 || fc_end <= fc {
                continue;
            }
            let at = usize::from(off) * 2;
            let Some(grpprl) = u8_at(fkp, at).and_then(|cb| fkp.get(at + 1..at + 1 + usize::from(cb))) else {
                continue;
            };
            if sprm_operand(grpprl, 0x0800).is_some_and(|v| v == 1 || v == 0x81) {
                out.push((fc, fc_end));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Whether byte `fc` lies in one of the sorted, disjoint ranges (CHPX runs do not
/// overlap; pieces of a fast-saved file visit them in any order, so no cursor).
pub(super) fn is_deleted(ranges: &[(u32, u32)], fc: u32) -> bool {
    let i = ranges.partition_point(|r| r.0 <= fc);
    i.checked_sub(1).and_then(|i| ranges.get(i)).is_some_and(|r| fc < r.1)
}

/// The first operand byte of `want` in a grpprl.
pub(super) fn sprm_operand(grpprl: &[u8], want: u16) -> Option<u8> {
    let mut found = None;
    for_each_sprm(grpprl, |sprm, op| {
        if sprm == want && found.is_none() {
            found = op.first().copied();
        }
    });
    found
}

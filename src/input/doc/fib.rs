//! The File Information Block: the flags and the offsets of the structures this reader
//! uses.

use super::*;

/// The parts of the File Information Block this reader uses.
#[derive(Debug)]
pub(super) struct Fib {
    pub(super) which_table: bool,
    pub(super) lid: u16,
    pub(super) lid_fe: u16,
    pub(super) ccp_text: u32,
    /// (fc, lcb) pairs of FibRgFcLcb, indexed as in [MS-DOC] 2.5.6.
    pub(super) fc_lcb: Vec<(u32, u32)>,
}

pub(super) const FC_STSHF: usize = 1;
pub(super) const FC_PLCF_BTE_CHPX: usize = 12;
pub(super) const FC_PLCF_BTE_PAPX: usize = 13;
pub(super) const FC_CLX: usize = 33;
pub(super) const FC_PLF_LST: usize = 73;
pub(super) const FC_PLF_LFO: usize = 74;

impl Fib {
    pub(super) fn parse(w: &[u8], ext: &str) -> Result<Fib, InputError> {
        let short = || malformed("WordDocument", "文件信息块（FIB）不完整，文件可能已截断或损坏");
        let ident = u16_at(w, 0).ok_or_else(short)?;
        if ident != 0xA5EC && ident != 0xA5DC {
            return Err(malformed("WordDocument", "不是 Word 文档（文件信息块标识不符）"));
        }
        let nfib = u16_at(w, 2).ok_or_else(short)?;
        let flags = u16_at(w, 0x0A).ok_or_else(short)?;
        // fEncrypted (XOR obfuscation or RC4); fObfuscated only counts with fEncrypted.
        if flags & 0x0100 != 0 {
            return Err(InputError::Encrypted);
        }
        if ident == 0xA5DC || nfib < 0x00C0 {
            return Err(InputError::Unsupported(
                ext.to_string(),
                "Word 6.0/95 及更早版本的文档无法读取，请在 Word 或 WPS 中另存为 .docx 后再检查",
            ));
        }
        let lid = u16_at(w, 6).ok_or_else(short)?;
        let csw = usize::from(u16_at(w, 32).ok_or_else(short)?);
        let rgw = 34;
        let lid_fe = if csw >= 14 { u16_at(w, rgw + 13 * 2).unwrap_or(0) } else { 0 };
        let cslw_at = rgw + csw * 2;
        let cslw = usize::from(u16_at(w, cslw_at).ok_or_else(short)?);
        let rglw = cslw_at + 2;
        if cslw < 4 {
            return Err(short());
        }
        let ccp_text = u32_at(w, rglw + 3 * 4).ok_or_else(short)?;
        let cb_at = rglw + cslw * 4;
        let cb = usize::from(u16_at(w, cb_at).ok_or_else(short)?);
        let mut fc_lcb = Vec::with_capacity(cb);
        for i in 0..cb {
            let at = cb_at + 2 + i * 8;
            match (u32_at(w, at), u32_at(w, at + 4)) {
                (Some(fc), Some(lcb)) => fc_lcb.push((fc, lcb)),
                _ => break,
            }
        }
        if fc_lcb.len() <= FC_CLX {
            return Err(short());
        }
        Ok(Fib { which_table: flags & 0x0200 != 0, lid, lid_fe, ccp_text, fc_lcb })
    }

    /// A structure of the table stream, if the FIB gives it a non-empty extent.
    pub(super) fn part<'t>(&self, table: &'t [u8], index: usize) -> Option<&'t [u8]> {
        let &(fc, lcb) = self.fc_lcb.get(index)?;
        if lcb == 0 {
            return None;
        }
        slice(table, fc, lcb)
    }

    /// The code page an 8-bit piece may be in when the writer did not follow [MS-DOC]
    /// (Chinese WPS and old converters put GBK bytes there).
    pub(super) fn legacy_encoding(&self) -> Option<&'static encoding_rs::Encoding> {
        [self.lid_fe, self.lid].into_iter().find_map(|lid| match lid {
            0x0804 | 0x1004 => Some(encoding_rs::GBK),
            0x0404 | 0x0C04 | 0x1404 => Some(encoding_rs::BIG5),
            _ => None,
        })
    }
}

//! The stylesheet (STSH): each style's built-in identifier, name, base style and outline
//! level, resolved along `basedOn`.

use super::*;

/// One style of the stylesheet.
#[derive(Clone, Debug, Default)]
pub(super) struct Style {
    pub(super) sti: u16,
    pub(super) name: String,
    pub(super) base: u16,
    pub(super) props: Props,
}

/// STSH: the styles, indexed by istd (`None` for empty slots).
pub(super) fn parse_stsh(stsh: Option<&[u8]>) -> Vec<Option<Style>> {
    let mut styles = Vec::new();
    let Some(stsh) = stsh else { return styles };
    let Some(cb_stshi) = u16_at(stsh, 0) else { return styles };
    let (Some(cstd), Some(cb_base)) = (u16_at(stsh, 2), u16_at(stsh, 4)) else { return styles };
    let cb_base = usize::from(cb_base);
    let mut at = 2 + usize::from(cb_stshi);
    for _ in 0..cstd {
        let Some(cb) = u16_at(stsh, at) else { break };
        let cb = usize::from(cb);
        let Some(std) = stsh.get(at + 2..at + 2 + cb) else { break };
        at += 2 + cb;
        if cb == 0 {
            styles.push(None);
            continue;
        }
        styles.push(parse_std(std, cb_base));
    }
    styles
}

pub(super) fn parse_std(std: &[u8], cb_base: usize) -> Option<Style> {
    let sti = u16_at(std, 0)? & 0x0FFF;
    let w2 = u16_at(std, 2)?;
    let stk = w2 & 0xF;
    let base = w2 >> 4;
    let cch = usize::from(u16_at(std, cb_base)?);
    let name_bytes = std.get(cb_base + 2..cb_base + 2 + cch * 2)?;
    let name = String::from_utf16_lossy(
        &name_bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect::<Vec<_>>(),
    );
    let mut props = Props::default();
    // UpxPapx of a paragraph style: after the name and its terminating zero, on an even offset.
    if stk == 1 {
        let mut upx = cb_base + 2 + cch * 2 + 2;
        upx += upx % 2;
        if let Some(cb) = u16_at(std, upx) {
            if let Some(grp) = std.get(upx + 2..upx + 2 + usize::from(cb)) {
                apply_sprms(grp.get(2..).unwrap_or_default(), &mut props);
            }
        }
    }
    Some(Style { sti, name, base, props })
}

/// The heading level a built-in style name or identifier gives: Word's "heading 1" …
/// "heading 9" (sti 1–9), Chinese Word/WPS "标题 1" ….
pub(super) fn heading_of_style(s: &Style) -> Option<u8> {
    if (1..=9).contains(&s.sti) {
        return Some(s.sti as u8);
    }
    let name = s.name.trim().to_lowercase();
    let rest = name.strip_prefix("heading").or_else(|| name.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

pub(super) fn is_title_style(s: &Style) -> bool {
    s.sti == 62 || matches!(s.name.trim().to_lowercase().as_str(), "title" | "标题")
}

/// What the stylesheet says about a style, following its base styles: its outline level
/// (0-based; 9 = body text) and its list.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Resolved {
    pub(super) outline: Option<u8>,
    pub(super) title: bool,
    pub(super) ilfo: Option<u16>,
    pub(super) ilvl: Option<u8>,
}

pub(super) fn resolve(styles: &[Option<Style>], istd: u16) -> Resolved {
    let mut r = Resolved::default();
    let mut cur = istd;
    let mut first = true;
    for _ in 0..MAX_STYLE_DEPTH {
        let Some(Some(s)) = styles.get(usize::from(cur)) else { break };
        if r.outline.is_none() {
            r.outline = s.props.outline.or_else(|| heading_of_style(s).map(|l| l - 1));
        }
        if first && is_title_style(s) {
            r.title = true;
        }
        if r.ilfo.is_none() {
            r.ilfo = s.props.ilfo;
        }
        if r.ilvl.is_none() {
            r.ilvl = s.props.ilvl;
        }
        first = false;
        if s.base == 0x0FFF || s.base == cur {
            break;
        }
        cur = s.base;
    }
    r
}

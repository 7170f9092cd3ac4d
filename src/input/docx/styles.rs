//! `styles.xml`: what each paragraph style makes of its paragraphs (heading level by
//! name or outline level, title) and which styles carry numbering, through the
//! `w:basedOn` chain.

use super::part::{attr, for_each_event, local, val, Part};
use crate::input::{BlockKind, InputError};
use quick_xml::events::Event;
use std::collections::HashMap;

#[derive(Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    /// `w:name` ("heading 1", "标题 1", "Title").
    name: Option<String>,
    /// `w:outlineLvl` in the style's paragraph properties (0 = level 1, 9 = body text).
    outline: Option<u8>,
}

/// What a paragraph style makes of its paragraphs, by its id or name.
fn style_kind_by_name(id: &str, name: Option<&str>) -> Option<BlockKind> {
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let by = |s: &str| -> Option<BlockKind> {
        let s = norm(s);
        if s == "title" || s == "标题" {
            return Some(BlockKind::Title);
        }
        let n = s.strip_prefix("heading").or_else(|| s.strip_prefix("标题"))?;
        match n.parse::<u8>().ok()? {
            l @ 1..=4 => Some(BlockKind::Heading(l)),
            // Heading 5–9: deeper than GB/T 9704's four levels; running text.
            _ => Some(BlockKind::Paragraph),
        }
    };
    // Names are what writers agree on ("heading 1" under the id "1" in Chinese Word);
    // an id is used only when it spells a heading itself ("Heading1").
    name.and_then(by).or_else(|| by(id))
}

/// A `w:outlineLvl` value as a block kind: 0..=3 → Heading(1..=4); 4..=8 (deeper) and
/// 9 (body text) → running text.
pub(super) fn outline_kind(lvl: u8) -> BlockKind {
    if lvl <= 3 {
        BlockKind::Heading(lvl + 1)
    } else {
        BlockKind::Paragraph
    }
}

#[derive(Default)]
pub(super) struct Styles {
    map: HashMap<String, Style>,
}

impl Styles {
    pub(super) fn read(part: Part<'_, '_>, name: &str, limit: u64) -> Result<Styles, InputError> {
        let mut styles = Styles::default();
        let mut current: Option<(String, Style)> = None;
        for_each_event(part, name, limit, InputError::NotDocx, |ev, _| match ev {
            Event::Start(e) | Event::Empty(e) => match local(e).as_str() {
                "style" => {
                    if let Some((id, st)) = current.take() {
                        styles.map.insert(id, st);
                    }
                    match (ev, attr(e, "styleId")) {
                        (Event::Start(_), id) => current = id.map(|id| (id, Style::default())),
                        // An empty style element: known by its id alone ("Heading4").
                        (_, Some(id)) => {
                            styles.map.insert(id, Style::default());
                        }
                        _ => {}
                    }
                }
                "basedOn" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.based_on = val(e);
                    }
                }
                "name" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.name = val(e);
                    }
                }
                "outlineLvl" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.outline = val(e).and_then(|v| v.parse().ok());
                    }
                }
                "numId" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.num_id = val(e);
                    }
                }
                "ilvl" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.ilvl = val(e).and_then(|v| v.parse().ok());
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, st)) = current.take() {
                    styles.map.insert(id, st);
                }
            }
            _ => {}
        })?;
        Ok(styles)
    }

    /// The kind of block a paragraph style makes, following `basedOn` (bounded): the
    /// first style along the chain named Title, or with an outline level, or with a
    /// heading id or name.
    pub(super) fn kind(&self, style: &str) -> Option<BlockKind> {
        let mut id = style;
        for _ in 0..16 {
            let st = self.map.get(id)?;
            let by_name = style_kind_by_name(id, st.name.as_deref());
            // The Title style is the title even with an outline level (Chinese Word gives
            // 标题 outline level 1).
            if by_name == Some(BlockKind::Title) {
                return by_name;
            }
            if let Some(l) = st.outline {
                return Some(outline_kind(l));
            }
            if let Some(k) = by_name {
                return Some(k);
            }
            id = st.based_on.as_deref()?;
        }
        None
    }

    /// The numbering a paragraph style carries, following `basedOn` (bounded: cycles
    /// in a broken file end the search).
    pub(super) fn numbering(&self, style: &str) -> Option<(String, Option<u8>)> {
        let mut id = style;
        for _ in 0..16 {
            let st = self.map.get(id)?;
            if let Some(n) = &st.num_id {
                return Some((n.clone(), st.ilvl));
            }
            id = st.based_on.as_deref()?;
        }
        None
    }
}

//! `docProps/core.xml`: the document's creation (else modification) date.

use super::part::{for_each_event, Part};
use super::CORE;
use crate::input::InputError;
use quick_xml::events::Event;

/// `dcterms:created` (else `dcterms:modified`) of `docProps/core.xml`, as `YYYY-MM-DD`.
pub(super) fn core_date(part: Part<'_, '_>, limit: u64) -> Option<String> {
    let (mut created, mut modified) = (None, None);
    let mut current: Option<bool> = None;
    let mut text = String::new();
    let read = for_each_event(part, CORE, limit, InputError::NotDocx, |ev, _| match ev {
        Event::Start(e) => {
            current = match e.local_name().as_ref() {
                "created" => Some(true),
                "modified" => Some(false),
                _ => None,
            };
            text.clear();
        }
        Event::Text(t) if current.is_some() && text.len() < 64 => text.push_str(&t.xml10_content()),
        Event::End(_) => {
            if let Some(is_created) = current.take() {
                let d = iso_date(&text);
                if is_created {
                    created = d
                } else {
                    modified = d
                }
            }
        }
        _ => {}
    });
    read.ok()?;
    created.or(modified)
}

/// The `YYYY-MM-DD` at the start of a W3CDTF date ("2023-01-05T08:00:00Z").
fn iso_date(s: &str) -> Option<String> {
    let d = s.trim().get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    let (m, day) = (d[5..7].parse::<u8>().ok()?, d[8..10].parse::<u8>().ok()?);
    (ok && (1..=12).contains(&m) && (1..=31).contains(&day)).then(|| d.to_string())
}

//! The package: zip entries inflated through a counting reader that stops at a limit,
//! the errors of a part (too large, lying about its size, broken zip data, broken XML),
//! and the one XML event loop with its nesting bound and each event's byte range
//! ([`xml_events`]), which every XML reader of the crate uses. The .odt reader opens its
//! parts and the .ofd reader inflates its entries through the same reader.

use crate::input::{InputError, MAX_NESTING};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::ops::ControlFlow;

/// A zip entry's inflated bytes, refused past `limit`.
pub(crate) struct Limited<R> {
    inner: R,
    read: u64,
    limit: u64,
    pub(crate) exceeded: bool,
}

impl<R> Limited<R> {
    pub(crate) fn new(inner: R, limit: u64) -> Self {
        Limited { inner, read: 0, limit, exceeded: false }
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let room = self.limit.saturating_sub(self.read).saturating_add(1);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.read += n as u64;
        if self.read > self.limit {
            self.exceeded = true;
            return Err(std::io::Error::other("part too large"));
        }
        Ok(n)
    }
}

pub(crate) type Part<'z, 'b> = BufReader<Limited<zip::read::ZipFile<'z, Cursor<&'b [u8]>>>>;

/// Open one entry; `None` when the archive has no such entry.
pub(crate) fn open_part<'z, 'b>(
    zip: &'z mut zip::ZipArchive<Cursor<&'b [u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<Part<'z, 'b>>, InputError> {
    if zip.index_for_name(name).is_none() {
        return Ok(None);
    }
    let file = zip.by_name(name).map_err(|e| InputError::NotDocx(format!("无法读取 {name}（{e}）")))?;
    if file.size() > limit {
        return Err(InputError::PartTooLarge { part: name.to_string(), limit });
    }
    Ok(Some(BufReader::new(Limited { inner: file, read: 0, limit, exceeded: false })))
}

/// Turn a reader error into the right message: the size limit, or broken XML/zip data.
/// `corrupt` makes the container's own error for broken compressed data.
fn part_error(
    reader: &Reader<Part<'_, '_>>,
    part: &str,
    limit: u64,
    corrupt: fn(String) -> InputError,
    e: quick_xml::Error,
) -> InputError {
    let limited = reader.get_ref().get_ref();
    if limited.exceeded {
        return InputError::PartTooLarge { part: part.to_string(), limit };
    }
    match e {
        // The zip reader stops an entry that inflates past its declared size (zip 9 says
        // so only in its message; should that change, the error below still applies).
        quick_xml::Error::Io(io) if io.to_string().contains("declared uncompressed size") => {
            InputError::PartLies(part.to_string())
        }
        quick_xml::Error::Io(io) => corrupt(format!("{part} 的压缩数据已损坏或不完整（{io}）")),
        other => malformed(part, reader.error_position(), other),
    }
}

/// The error of a part that is not well-formed XML.
pub(crate) fn malformed(part: &str, pos: u64, e: impl std::fmt::Display) -> InputError {
    InputError::Malformed {
        part: part.to_string(), detail: format!("不是有效的 XML（字节位置 {pos}：{e}）")
    }
}

/// Where an event lies in its part: the nesting depth (1 = the root; for an end tag, the
/// depth of the element it closes; for other events, of the element they are in) and
/// the byte range of the event in the part.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct At {
    pub(crate) depth: usize,
    pub(crate) from: usize,
    pub(crate) to: usize,
}

/// The bounded event loop of every XML reader (the .docx, .odt and .ofd readers, the
/// Word-comment writer, the roster's spreadsheets): every event of one part with its
/// [`At`], until the end or until `f` breaks. More than [`MAX_NESTING`] open elements is
/// [`InputError::TooDeep`]; the size of the part is bounded by its source (a
/// [`Limited`] zip entry, or bytes already read with a limit); `error` turns a reader
/// error into the caller's error (it sees the reader, e.g. to ask a [`Limited`] source
/// whether the limit was the cause).
pub(crate) fn xml_events<R: BufRead>(
    src: R,
    part: &str,
    error: impl FnOnce(&Reader<R>, quick_xml::Error) -> InputError,
    mut f: impl FnMut(&Event<'_>, At) -> ControlFlow<()>,
) -> Result<(), InputError> {
    let mut reader = Reader::from_reader(src);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let offset = |r: &Reader<R>| usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
    loop {
        let from = offset(&reader);
        let ev = match reader.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(e) => return Err(error(&reader, e)),
        };
        let to = offset(&reader);
        let at = match &ev {
            Event::Eof => break,
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(InputError::TooDeep(part.to_string(), MAX_NESTING));
                }
                At { depth, from, to }
            }
            Event::End(_) => {
                let at = At { depth, from, to };
                depth = depth.saturating_sub(1);
                at
            }
            _ => At { depth, from, to },
        };
        if f(&ev, at).is_break() {
            break;
        }
        buf.clear();
    }
    Ok(())
}

/// [`xml_events`] over a part already in memory; broken XML is [`InputError::Malformed`].
pub(crate) fn slice_events(
    xml: &[u8],
    part: &str,
    f: impl FnMut(&Event<'_>, At) -> ControlFlow<()>,
) -> Result<(), InputError> {
    xml_events(xml, part, |r, e| malformed(part, r.error_position(), e), f)
}

/// [`xml_events`] over a zip entry, to its end. `corrupt` makes the container's own
/// error for broken compressed data (`InputError::NotDocx` for .docx).
pub(crate) fn for_each_event(
    part: Part<'_, '_>,
    name: &str,
    limit: u64,
    corrupt: fn(String) -> InputError,
    mut f: impl FnMut(&Event<'_>, At),
) -> Result<(), InputError> {
    xml_events(
        part,
        name,
        |r, e| part_error(r, name, limit, corrupt, e),
        |ev, at| {
            f(ev, at);
            ControlFlow::Continue(())
        },
    )
}

/// The text of an entity or character reference (`&amp;`, `&#x4E00;`).
pub(crate) fn general_ref(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        _ => match r.as_ref() {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        },
    }
}

/// The value of the attribute `<prefix>:<local>` (any prefix: `w:val`, `text:style-name`).
pub(crate) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == local).map(|a| a.value.into_owned())
}

pub(super) fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, "val")
}

pub(super) fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

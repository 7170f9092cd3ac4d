//! Parsing: the only module that sees pest. `parse(text, config)` turns decoded text
//! into a [`Report`] tree with byte spans.
//!
//! The stages, in the order [`lower`] runs them: `line` (physical lines classified,
//! typed markers from the grammar), `blocks` (what the document's blocks say about
//! unmarked lines), `front` (title, front matter, furniture), `inline` (headings inside
//! lines whose breaks were lost), `body` (sign-off, then sections, paragraphs and items;
//! `unmarked` promotes short lines that are headings without markers), `meta` (year and
//! unit). `text` holds the text helpers they share.

mod blocks;
mod body;
pub mod config;
mod front;
mod grammar;
mod inline;
mod line;
mod lower;
mod meta;
pub mod numbering;
mod text;
pub mod tree;
mod unmarked;

pub use config::DocumentConfig;
pub use lower::{parse, parse_normalized, parse_with_blocks, parse_with_hints, CueEnd, Hints};
pub use meta::years_in;
pub use tree::*;

//! Parsing: the only module that sees pest. `parse(text, config)` turns decoded text
//! into a [`Report`] tree with byte spans.
//!
//! The stages, in the order [`lower`] runs them: `line` (physical lines classified,
//! typed markers from the grammar), `furniture` (tables, page numbers, running headers,
//! office furniture), `blocks` (the levels, title and cells the document's blocks
//! declare), `front` (title, front matter, furniture), `inline` (headings inside lines
//! whose breaks were lost), `body` (sign-off; `unmarked` promotes short lines that are
//! headings without markers), `levels` (the report's own hierarchy: marker families
//! ranked by nesting and declared levels), `body` again (sections, paragraphs and
//! items), `meta` (year and unit). `text` holds the text helpers they share.

mod blocks;
mod body;
pub mod config;
mod front;
mod furniture;
mod grammar;
mod inline;
mod levels;
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

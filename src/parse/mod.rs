//! Parsing: the only module that sees pest. `parse(text, config)` turns decoded text
//! into a [`Report`] tree with byte spans.

pub mod config;
mod grammar;
mod lower;
pub mod numbering;
pub mod tree;

pub use config::DocumentConfig;
pub use lower::{parse, parse_normalized, parse_with_blocks, parse_with_hints, years_in, CueEnd, Hints};
pub use tree::*;

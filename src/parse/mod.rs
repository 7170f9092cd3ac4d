//! Parsing: the only module that sees pest. `parse(text, config)` turns decoded text
//! into a [`Report`] tree with byte spans.

pub mod config;
mod grammar;
mod lower;
pub mod numbering;
pub mod tree;

pub use config::DocumentConfig;
pub use lower::{parse, parse_normalized, years_in};
pub use tree::*;

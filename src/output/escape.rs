//! Terminal-safe text for the outputs: [`crate::escape`], re-exported where the formats
//! have always found it.

pub use crate::escape::*;

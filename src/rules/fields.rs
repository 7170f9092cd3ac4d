//! The fields of a rule kind: the [`RawFields`] trait and the `raw_fields!` macro that
//! declares a kind's raw struct. Below both `raw.rs` (which reads a rule's kind fields
//! key by key through it) and `kinds/` (where each kind declares its fields); and
//! [`At`], where a key is written in its rule file.

use serde::Deserializer;
pub use serde_saphyr::Spanned;

/// Where a key or value is written: its byte offset in the rule file, as serde-saphyr
/// read it (`None` for a value read back from a buffer, as an extension's fields are).
pub type At = Option<usize>;

/// Where a map key read as `Spanned` is written.
pub fn key_at(key: &Spanned<String>) -> At {
    key.referenced.span().byte_offset().and_then(|o| usize::try_from(o).ok())
}

/// The fields of one kind besides the common ones, declared with `raw_fields!`: every
/// field optional, the list fields (`LISTS`) open to `extend:`.
pub trait RawFields: Default {
    /// Every field of the kind.
    const FIELDS: &'static [&'static str];
    /// The common fields ([`COMMON_FIELDS`](super::raw::COMMON_FIELDS)) and the kind's: what a typo's message lists.
    const ALL: &'static [&'static str];
    /// The list fields, which `extend:` may append to.
    const LISTS: &'static [&'static str];
    /// Set field `key` from `value`; an unknown key is an `unknown_field` error.
    fn set<'de, D: Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error>;
    /// Append the entries of `value` to list field `key`.
    fn append<'de, D: Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error>;
}

/// Declare a kind's raw struct: its list fields (`Option<Vec<T>>`, open to `extend:`)
/// and its other fields (`Option<T>`), each with its documentation.
macro_rules! raw_fields {
    (
        $(#[$sm:meta])*
        pub struct $name:ident {
            lists { $( $(#[$lm:meta])* $l:ident : $lt:ty, )* }
            scalars { $( $(#[$fm:meta])* $f:ident : $ft:ty, )* }
        }
    ) => {
        $(#[$sm])*
        #[derive(Clone, Debug, Default)]
        pub struct $name {
            $( $(#[$lm])* pub $l: Option<Vec<$lt>>, )*
            $( $(#[$fm])* pub $f: Option<$ft>, )*
        }

        impl $crate::rules::fields::RawFields for $name {
            const FIELDS: &'static [&'static str] = &[$(stringify!($l),)* $(stringify!($f),)*];
            const LISTS: &'static [&'static str] = &[$(stringify!($l),)*];
            // The same as `COMMON_FIELDS` first (a test checks it).
            const ALL: &'static [&'static str] = &[
                "id", "kind", "group", "severity", "message", "help", "explanation", "examples", "when", "label",
                $(stringify!($l),)* $(stringify!($f),)*
            ];

            fn set<'de, D: serde::Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error> {
                match key {
                    $( stringify!($l) => self.$l = Some(<Vec<$lt> as serde::Deserialize>::deserialize(value)?), )*
                    $( stringify!($f) => self.$f = Some(<$ft as serde::Deserialize>::deserialize(value)?), )*
                    _ => {
                        let _ = value;
                        return Err(<D::Error as serde::de::Error>::unknown_field(key, Self::FIELDS));
                    }
                }
                #[allow(unreachable_code)]
                Ok(())
            }

            fn append<'de, D: serde::Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error> {
                match key {
                    $( stringify!($l) => {
                        let more = <Vec<$lt> as serde::Deserialize>::deserialize(value)?;
                        self.$l.get_or_insert_with(Vec::new).extend(more);
                    } )*
                    _ => {
                        let _ = value;
                        return Err(<D::Error as serde::de::Error>::unknown_field(key, Self::LISTS));
                    }
                }
                #[allow(unreachable_code)]
                Ok(())
            }
        }
    };
}

pub(crate) use raw_fields;

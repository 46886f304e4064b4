//! Serde for code tables: a value is written as its stable code (`"MX"`, `"9X19"`, `"SON"`) and
//! read back only from that exact code. Lenient spellings belong to the `parse` functions, not to
//! machine-written data.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

struct CodeVisitor<T> {
    expecting: &'static str,
    from_code: fn(&str) -> Option<T>,
    _out: PhantomData<T>,
}

impl<T> Visitor<'_> for CodeVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.from_code)(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// Deserializes a string through `from_code`.
pub(crate) fn deserialize<'de, D, T>(
    d: D,
    expecting: &'static str,
    from_code: fn(&str) -> Option<T>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    d.deserialize_str(CodeVisitor {
        expecting,
        from_code,
        _out: PhantomData,
    })
}

/// Implements `Serialize`/`Deserialize` through `code()` and `from_code()`.
macro_rules! serde_via_code {
    ($ty:ty, $expecting:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::serde_code::deserialize(d, $expecting, <$ty>::from_code)
            }
        }
    };
}

pub(crate) use serde_via_code;

//! The index as bytes, so a caller can save it beside its store and load it at start-up
//! instead of building it again (this crate does no I/O: the caller writes the bytes).
//!
//! Layout: [`MAGIC`], [`LAYOUT_VERSION`] (u32), then every field of [`SerialIndex`] in the
//! order of `index_fields!`, each array as a u64 element count followed by its elements,
//! little-endian. A load checks everything a search relies on (offsets within the arenas,
//! monotone starts, posting lists within range and ascending, …), so a search on a loaded
//! index never panics, whatever the bytes were.
//!
//! When the index changes: list a new field in `index_fields!` (or a column's
//! `impl_struct_field!`), give a new field type a [`Field`] impl, check it in `validate`, and
//! bump [`LAYOUT_VERSION`] whenever the bytes or their meaning change (the segment hash
//! included: the posting lists are keyed by it).

use std::fmt;

use super::columns::{AttrColumn, IdColumn, KeyColumn, TextColumn};
use super::near::SegmentIndex;
use super::{Attrs, SerialIndex};

/// The first bytes of a serialized index.
const MAGIC: [u8; 8] = *b"RSTRSIDX";

/// The layout of the bytes; a file of another layout is refused, not misread.
pub const LAYOUT_VERSION: u32 = 1;

/// Entries per `KeyColumn` base (must match `columns.rs`).
const KEY_BLOCK: usize = 1 << 16;
/// Entries per `TextColumn` checkpoint (must match `columns.rs`).
const TEXT_BLOCK: usize = 32;
/// Top bits of a segment hash that pick a directory slot (must match `near.rs`).
const DIR_BITS: u32 = 16;

/// Why bytes are not a serial index this version can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The bytes do not start with [`MAGIC`].
    NotAnIndex,
    /// Written with another layout.
    Version { found: u32, expected: u32 },
    /// The bytes end inside `field`.
    Truncated { field: &'static str },
    /// `field` holds values a search could not use.
    Invalid { field: &'static str },
    /// Bytes follow the last field.
    TrailingBytes { count: usize },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::NotAnIndex => f.write_str("the bytes are not a serial index"),
            FormatError::Version { found, expected } => write!(
                f,
                "the serial index has layout {found}; this version reads layout {expected}"
            ),
            FormatError::Truncated { field } => {
                write!(f, "the serial index is cut short (in {field})")
            }
            FormatError::Invalid { field } => {
                write!(f, "the serial index is damaged (in {field})")
            }
            FormatError::TrailingBytes { count } => {
                write!(
                    f,
                    "the serial index is followed by {count} unexpected bytes"
                )
            }
        }
    }
}

impl std::error::Error for FormatError {}

impl SerialIndex {
    /// The index as bytes, for [`SerialIndex::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.memory_bytes() + 256);
        out.extend_from_slice(&MAGIC);
        LAYOUT_VERSION.put(&mut out);
        put_fields(self, &mut out);
        out
    }

    /// An index from the bytes of [`SerialIndex::to_bytes`], checked: an error for anything
    /// else (never a panic, never an index whose search could panic).
    pub fn from_bytes(bytes: &[u8]) -> Result<SerialIndex, FormatError> {
        let mut r = Reader { bytes, field: "" };
        if r.take(MAGIC.len(), "magic")? != MAGIC {
            return Err(FormatError::NotAnIndex);
        }
        r.field = "version";
        let found = u32::take(&mut r)?;
        if found != LAYOUT_VERSION {
            return Err(FormatError::Version {
                found,
                expected: LAYOUT_VERSION,
            });
        }
        let index = take_fields(&mut r)?;
        if !r.bytes.is_empty() {
            return Err(FormatError::TrailingBytes {
                count: r.bytes.len(),
            });
        }
        validate(&index)?;
        Ok(index)
    }
}

/// Lists the fields of `SerialIndex` in file order, for `$m` to expand over. The struct
/// literal in `take_fields` fails to compile when a field is missing from this list.
macro_rules! index_fields {
    ($m:ident) => {
        $m!(SerialIndex {
            makers,
            starts,
            firearms,
            attrs,
            l3,
            raw,
            near,
            key_lengths
        });
    };
}

macro_rules! put_all {
    ($ty:ident { $($f:ident),* }) => {
        fn put_fields(index: &$ty, out: &mut Vec<u8>) {
            $( index.$f.put(out); )*
        }
    };
}

macro_rules! take_all {
    ($ty:ident { $($f:ident),* }) => {
        fn take_fields(r: &mut Reader<'_>) -> Result<$ty, FormatError> {
            Ok($ty { $( $f: { r.field = stringify!($f); Field::take(r)? }, )* })
        }
    };
}

index_fields!(put_all);
index_fields!(take_all);

/// A value that writes itself to, and reads itself from, the byte layout.
trait Field: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError>;
}

/// The bytes left to read, and the field being read (for errors).
struct Reader<'a> {
    bytes: &'a [u8],
    field: &'static str,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], FormatError> {
        if self.bytes.len() < n {
            return Err(FormatError::Truncated { field });
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    /// An element count, checked against the bytes left before anything is allocated.
    fn count(&mut self, elem_bytes: usize) -> Result<usize, FormatError> {
        let field = self.field;
        let n = u64::take(self)?;
        let n = usize::try_from(n).map_err(|_| FormatError::Truncated { field })?;
        match n.checked_mul(elem_bytes) {
            Some(total) if total <= self.bytes.len() => Ok(n),
            _ => Err(FormatError::Truncated { field }),
        }
    }
}

/// A fixed-width element of an array (and, for integers, a field of its own).
trait Elem: Sized {
    const WIDTH: usize;
    fn encode(&self, out: &mut Vec<u8>);
    /// Decodes exactly `WIDTH` bytes; `None` for a value no index holds.
    fn decode(bytes: &[u8]) -> Option<Self>;
}

/// Little-endian integers.
macro_rules! int_elem {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            const WIDTH: usize = std::mem::size_of::<$t>();
            fn encode(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn decode(bytes: &[u8]) -> Option<Self> {
                Some(<$t>::from_le_bytes(bytes.try_into().ok()?))
            }
        }
        impl Field for $t {
            fn put(&self, out: &mut Vec<u8>) {
                self.encode(out);
            }
            fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
                let field = r.field;
                let bytes = r.take(<$t as Elem>::WIDTH, field)?;
                <$t as Elem>::decode(bytes).ok_or(FormatError::Invalid { field })
            }
        }
    )*};
}

int_elem!(u8, u16, u32, u64);

/// An array: its element count, then its elements.
impl<T: Elem> Field for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        (self.len() as u64).put(out);
        out.reserve(self.len() * T::WIDTH);
        for item in self {
            item.encode(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let (n, field) = (r.count(T::WIDTH)?, r.field);
        let bytes = r.take(n * T::WIDTH, field)?;
        bytes
            .chunks_exact(T::WIDTH)
            .map(|chunk| T::decode(chunk).ok_or(FormatError::Invalid { field }))
            .collect()
    }
}

/// Bytes are copied in one go rather than element by element.
fn take_bytes(r: &mut Reader<'_>) -> Result<Vec<u8>, FormatError> {
    let (n, field) = (r.count(1)?, r.field);
    Ok(r.take(n, field)?.to_vec())
}

/// Attributes in 4 bytes: bit 31 says a type is present, bit 30 a caliber; the type in bits
/// 16..24, the caliber in bits 0..16.
impl Elem for Attrs {
    const WIDTH: usize = 4;
    fn encode(&self, out: &mut Vec<u8>) {
        let t = self
            .firearm_type
            .map_or(0, |t| 1 << 31 | u32::from(t) << 16);
        let c = self.caliber.map_or(0, |c| 1 << 30 | u32::from(c));
        (t | c).encode(out);
    }
    fn decode(bytes: &[u8]) -> Option<Self> {
        let v = <u32 as Elem>::decode(bytes)?;
        (v & 0x3F00_0000 == 0).then_some(Attrs {
            firearm_type: (v & 1 << 31 != 0).then_some((v >> 16) as u8),
            caliber: (v & 1 << 30 != 0).then_some(v as u16),
        })
    }
}

/// A column struct as its fields in order (byte arenas copied whole).
macro_rules! impl_struct_field {
    ($ty:ident { $($f:ident: $kind:ident),* }) => {
        impl Field for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                $( impl_struct_field!(@put $kind, self.$f, out); )*
            }
            fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
                Ok($ty { $( $f: impl_struct_field!(@take $kind, r, stringify!($f)), )* })
            }
        }
    };
    (@put bytes, $v:expr, $out:ident) => { put_bytes(&$v, $out) };
    (@put vec, $v:expr, $out:ident) => { $v.put($out) };
    (@take bytes, $r:ident, $name:expr) => {{ $r.field = $name; take_bytes($r)? }};
    (@take vec, $r:ident, $name:expr) => {{ $r.field = $name; Field::take($r)? }};
}

fn put_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    (bytes.len() as u64).put(out);
    out.extend_from_slice(bytes);
}

impl_struct_field!(KeyColumn {
    bytes: bytes,
    starts: vec,
    bases: vec
});
impl_struct_field!(TextColumn {
    bytes: bytes,
    lens: bytes,
    checkpoints: vec
});
impl_struct_field!(SegmentIndex {
    keys: vec,
    starts: vec,
    postings: vec,
    directory: vec
});

/// A tag byte, then the variant's arrays.
impl Field for IdColumn {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            IdColumn::Narrow(v) => {
                0u8.put(out);
                v.put(out);
            }
            IdColumn::Wide(v) => {
                1u8.put(out);
                v.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        match u8::take(r)? {
            0 => Ok(IdColumn::Narrow(Field::take(r)?)),
            1 => Ok(IdColumn::Wide(Field::take(r)?)),
            _ => Err(FormatError::Invalid { field: r.field }),
        }
    }
}

impl Field for AttrColumn {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            AttrColumn::Dict { codes, table } => {
                0u8.put(out);
                codes.put(out);
                table.put(out);
            }
            AttrColumn::Whole(all) => {
                1u8.put(out);
                all.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        match u8::take(r)? {
            0 => Ok(AttrColumn::Dict {
                codes: Field::take(r)?,
                table: Field::take(r)?,
            }),
            1 => Ok(AttrColumn::Whole(Field::take(r)?)),
            _ => Err(FormatError::Invalid { field: r.field }),
        }
    }
}

/// Checks everything a search indexes with: a loaded index that passes cannot panic.
fn validate(ix: &SerialIndex) -> Result<(), FormatError> {
    let n = ix.firearms.len();
    check(u32::try_from(n).is_ok(), "firearms")?;
    check_makers(ix, n)?;
    check_attrs(&ix.attrs, n)?;
    check_keys(&ix.l3, n)?;
    check_text(&ix.raw, n)?;
    check_near(&ix.near, n)
}

fn check(ok: bool, field: &'static str) -> Result<(), FormatError> {
    match ok {
        true => Ok(()),
        false => Err(FormatError::Invalid { field }),
    }
}

fn ascending<T: PartialOrd>(v: &[T], strictly: bool) -> bool {
    v.windows(2)
        .all(|w| if strictly { w[0] < w[1] } else { w[0] <= w[1] })
}

/// Distinct makers, ascending; `starts` from 0 to `n`, monotone, one more than the makers.
fn check_makers(ix: &SerialIndex, n: usize) -> Result<(), FormatError> {
    check(ascending(&ix.makers, true), "makers")?;
    let s = &ix.starts;
    check(
        s.len() == ix.makers.len() + 1
            && s.first() == Some(&0)
            && s.last().map(|&x| x as usize) == Some(n)
            && ascending(s, false),
        "starts",
    )
}

fn check_attrs(attrs: &AttrColumn, n: usize) -> Result<(), FormatError> {
    match attrs {
        AttrColumn::Dict { codes, table } => check(
            codes.len() == n && codes.iter().all(|&c| usize::from(c) < table.len()),
            "attrs",
        ),
        AttrColumn::Whole(all) => check(all.len() == n, "attrs"),
    }
}

/// One base per block of entries, each the offset of its block's first entry; offsets
/// monotone, within the arena, ending at its end; no key over 255 bytes (what the builder
/// writes, and what bounds the work a verification or explanation can take).
fn check_keys(c: &KeyColumn, n: usize) -> Result<(), FormatError> {
    check(
        c.starts.len() == n && c.bases.len() == n.div_ceil(KEY_BLOCK),
        "l3",
    )?;
    let mut prev = 0u64;
    for (i, &rel) in c.starts.iter().enumerate() {
        let base = c.bases[i / KEY_BLOCK];
        let at = base.checked_add(u64::from(rel));
        let block_start = i % KEY_BLOCK != 0 || rel == 0;
        match at {
            Some(at) if at >= prev && at - prev <= 255 && block_start => prev = at,
            _ => return Err(FormatError::Invalid { field: "l3" }),
        }
    }
    let end = c.bytes.len() as u64;
    check(end >= prev && end - prev <= 255, "l3")
}

/// Checkpoints equal to the sum of the lengths before them, the lengths summing to the arena.
fn check_text(c: &TextColumn, n: usize) -> Result<(), FormatError> {
    check(
        c.lens.len() == n && c.checkpoints.len() == n.div_ceil(TEXT_BLOCK),
        "raw",
    )?;
    let mut at = 0u64;
    for (i, &len) in c.lens.iter().enumerate() {
        if i % TEXT_BLOCK == 0 {
            check(c.checkpoints[i / TEXT_BLOCK] == at, "raw")?;
        }
        at += u64::from(len);
    }
    check(at == c.bytes.len() as u64, "raw")
}

/// Distinct hashes, ascending; posting lists from 0 to the end, each ascending and within
/// the entries; the directory the counts of hashes below each top-bits slot.
fn check_near(s: &SegmentIndex, n: usize) -> Result<(), FormatError> {
    check(ascending(&s.keys, true), "near keys")?;
    let st = &s.starts;
    check(
        st.len() == s.keys.len() + 1
            && st.first() == Some(&0)
            && st.last().map(|&x| x as usize) == Some(s.postings.len())
            && ascending(st, false),
        "near starts",
    )?;
    for w in st.windows(2) {
        let list = &s.postings[w[0] as usize..w[1] as usize];
        check(
            ascending(list, false) && list.last().is_none_or(|&e| (e as usize) < n),
            "near postings",
        )?;
    }
    check(s.directory == directory_of(&s.keys), "near directory")
}

/// `directory[slot]`: the number of hashes whose top bits are below `slot`.
fn directory_of(keys: &[u64]) -> Vec<u32> {
    let mut dir = vec![0u32; (1 << DIR_BITS) + 1];
    for &k in keys {
        dir[(k >> (64 - DIR_BITS)) as usize + 1] += 1;
    }
    for i in 1..dir.len() {
        dir[i] += dir[i - 1];
    }
    dir
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{IndexBuilder, Query, QueryKind};

    fn sample() -> SerialIndex {
        let mut b = IndexBuilder::new();
        for i in 0..300u64 {
            let attrs = Attrs {
                firearm_type: (i % 3 != 0).then_some((i % 5) as u8),
                caliber: (i % 4 != 0).then_some((i % 7) as u16),
            };
            b.add(
                (i % 6) as u32,
                &format!("le-{:06}ä", i * 7919 % 1_000_000),
                i,
                attrs,
            );
        }
        b.build()
    }

    #[test]
    fn the_directory_is_recomputed_exactly() {
        let ix = sample();
        assert_eq!(directory_of(&ix.near.keys), ix.near.directory);
    }

    #[test]
    fn a_round_trip_searches_alike() {
        let ix = sample();
        let back = SerialIndex::from_bytes(&ix.to_bytes()).unwrap();
        for text in ["LE0I4388", "LE*38", "0079?9ä"] {
            let q = Query::new(text, QueryKind::Near { max_edits: 2 });
            assert_eq!(ix.search(&q), back.search(&q));
        }
    }

    #[test]
    fn another_version_and_trailing_bytes_are_refused() {
        let mut bytes = sample().to_bytes();
        bytes[8] = 9;
        assert_eq!(
            SerialIndex::from_bytes(&bytes).err(),
            Some(FormatError::Version {
                found: 9,
                expected: LAYOUT_VERSION
            })
        );
        let mut bytes = sample().to_bytes();
        bytes.push(0);
        assert_eq!(
            SerialIndex::from_bytes(&bytes).err(),
            Some(FormatError::TrailingBytes { count: 1 })
        );
        assert_eq!(
            SerialIndex::from_bytes(b"nope").err(),
            Some(FormatError::Truncated { field: "magic" })
        );
    }
}

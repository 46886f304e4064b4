//! The index as bytes, so a caller can save it beside its store and load it at start-up
//! instead of building it again (this crate does no I/O: the caller writes the bytes).
//!
//! Layout: [`MAGIC`], [`LAYOUT_VERSION`] (u32), then every field of [`SerialIndex`] in the
//! order of `index_fields!`, each array as a u64 element count followed by its elements,
//! little-endian. A load checks everything a search relies on (offsets within the arenas,
//! monotone starts, view orders within range, directories within their ranges, …), so a
//! search on a loaded index never panics, whatever the bytes were.
//!
//! When the index changes: list a new field in `index_fields!`, give a new field type a
//! [`Field`] impl, check it in `validate`, and bump [`LAYOUT_VERSION`] whenever the bytes or
//! their meaning change (the L3 folding and the 3-gram hash included).

use std::fmt;

use super::columns::{
    AttrColumn, IdColumn, KeyColumn, LenLine, PackedIds, TextColumn, BLOCK, LINE,
};
use super::grams::{GramFilter, BLOCK_BITS, HASHES, SIGNATURE_BITS};
use super::view::{Branches, Directory, SAMPLE, SYMBOLS};
use super::{Attrs, SerialIndex};

/// The first bytes of a serialized index.
const MAGIC: [u8; 8] = *b"RSTRSIDX";

/// The layout of the bytes; a file of another layout is refused, not misread.
pub const LAYOUT_VERSION: u32 = 6;

/// Why bytes are not a serial index this version can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The bytes do not start with the index's magic bytes, `RSTRSIDX`.
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
        let mut index = index;
        // Derived, not stored: what the file would hold is the keys' own, computed once here.
        index.key_lengths = super::key_lengths(&index.l3, &index.starts);
        index.maker_pages = super::maker_pages(&index.starts, index.l3.len());
        index.exact = super::exact::ExactTable::build(&index.l3);
        Ok(index)
    }
}

/// Lists the fields of `SerialIndex` in file order, for `$m` to expand over, then the fields
/// derived on load instead. The struct literal in `take_fields` fails to compile when a field
/// is missing from these lists.
macro_rules! index_fields {
    ($m:ident) => {
        $m!(SerialIndex {
            makers,
            starts,
            firearms,
            attrs,
            l3,
            raw,
            grams,
            backward_by_maker,
            forward_all,
            backward_all,
            branches,
            samples,
            directories_all,
            directories_by_maker
        } derived {
            key_lengths,
            maker_pages,
            exact
        });
    };
}

macro_rules! put_all {
    ($ty:ident { $($f:ident),* } derived { $($d:ident),* }) => {
        fn put_fields(index: &$ty, out: &mut Vec<u8>) {
            $( index.$f.put(out); )*
        }
    };
}

macro_rules! take_all {
    ($ty:ident { $($f:ident),* } derived { $($d:ident),* }) => {
        fn take_fields(r: &mut Reader<'_>) -> Result<$ty, FormatError> {
            Ok($ty {
                $( $f: { r.field = stringify!($f); Field::take(r)? }, )*
                $( $d: Default::default(), )*
            })
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
        // Allocated at its size: collecting `Result`s would grow it by doubling.
        let mut out = Vec::with_capacity(n);
        for chunk in bytes.chunks_exact(T::WIDTH) {
            out.push(T::decode(chunk).ok_or(FormatError::Invalid { field })?);
        }
        Ok(out)
    }
}

/// Bytes are copied in one go rather than element by element.
fn take_bytes(r: &mut Reader<'_>) -> Result<Vec<u8>, FormatError> {
    let (n, field) = (r.count(1)?, r.field);
    Ok(r.take(n, field)?.to_vec())
}

impl Field for PackedIds {
    fn put(&self, out: &mut Vec<u8>) {
        self.bits.put(out);
        (self.len as u64).put(out);
        put_bytes(&self.bytes, out);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let field = r.field;
        let bits = u32::take(r)?;
        let len = usize::try_from(u64::take(r)?).map_err(|_| FormatError::Invalid { field })?;
        Ok(PackedIds {
            bits,
            len,
            bytes: take_bytes(r)?,
        })
    }
}

/// One value per view (the four views' branches, their samples), one after another.
impl<T: Field> Field for [T; 4] {
    fn put(&self, out: &mut Vec<u8>) {
        for x in self {
            x.put(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        Ok([T::take(r)?, T::take(r)?, T::take(r)?, T::take(r)?])
    }
}

impl Field for Branches {
    fn put(&self, out: &mut Vec<u8>) {
        put_bytes(&self.0, out);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        Ok(Branches(take_bytes(r)?))
    }
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

impl_struct_field!(TextColumn {
    bytes: bytes,
    lens: bytes,
    checkpoints: vec
});

/// The arena, then each line's start and its lengths (all lines' lengths back to back).
impl Field for KeyColumn {
    fn put(&self, out: &mut Vec<u8>) {
        put_bytes(&self.bytes, out);
        (self.len as u64).put(out);
        let starts: Vec<u64> = self.lines.iter().map(|l| l.start).collect();
        starts.put(out);
        let lens: Vec<u8> = self.lines.iter().flat_map(|l| l.lens).collect();
        put_bytes(&lens, out);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        r.field = "l3 bytes";
        let bytes = take_bytes(r)?;
        r.field = "l3 length";
        let len =
            usize::try_from(u64::take(r)?).map_err(|_| FormatError::Invalid { field: "l3" })?;
        r.field = "l3 lines";
        let starts: Vec<u64> = Field::take(r)?;
        let lens = take_bytes(r)?;
        if lens.len() != starts.len() * LINE {
            return Err(FormatError::Invalid { field: "l3 lines" });
        }
        let lines = starts
            .iter()
            .zip(lens.chunks_exact(LINE))
            .map(|(&start, chunk)| {
                let mut lens = [0u8; LINE];
                lens.copy_from_slice(chunk);
                LenLine { start, lens }
            })
            .collect();
        let ascii = bytes.is_ascii();
        Ok(KeyColumn {
            bytes,
            lines,
            len,
            ascii,
        })
    }
}

impl Field for GramFilter {
    fn put(&self, out: &mut Vec<u8>) {
        self.block_bits.put(out);
        self.sig.put(out);
        self.hashes.put(out);
        self.entries.put(out);
        (self.words as u64).put(out);
        self.rows.put(out);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        r.field = "grams";
        let (block_bits, sig, hashes, entries) =
            (u32::take(r)?, u32::take(r)?, u32::take(r)?, u32::take(r)?);
        let words =
            usize::try_from(u64::take(r)?).map_err(|_| FormatError::Invalid { field: "grams" })?;
        Ok(GramFilter {
            block_bits,
            sig,
            hashes,
            entries,
            words,
            rows: Field::take(r)?,
        })
    }
}

impl Field for Directory {
    fn put(&self, out: &mut Vec<u8>) {
        (self.lo as u64).put(out);
        (self.hi as u64).put(out);
        self.bounds.put(out);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let field = r.field;
        let lo = usize::try_from(u64::take(r)?).map_err(|_| FormatError::Invalid { field })?;
        let hi = usize::try_from(u64::take(r)?).map_err(|_| FormatError::Invalid { field })?;
        let bounds: Vec<u32> = Field::take(r)?;
        let levels = Directory::levels_of(bounds.len()).ok_or(FormatError::Invalid { field })?;
        Ok(Directory {
            lo,
            hi,
            levels,
            bounds,
        })
    }
}

/// A presence byte, then the two directories.
impl Field for Option<[Directory; 2]> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => 0u8.put(out),
            Some([forward, backward]) => {
                1u8.put(out);
                forward.put(out);
                backward.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        match u8::take(r)? {
            0 => Ok(None),
            1 => Ok(Some([Directory::take(r)?, Directory::take(r)?])),
            _ => Err(FormatError::Invalid { field: r.field }),
        }
    }
}

/// A count, then each maker range's first entry and its two directories.
impl Field for Vec<(u32, Directory, Directory)> {
    fn put(&self, out: &mut Vec<u8>) {
        (self.len() as u64).put(out);
        for (start, forward, backward) in self {
            start.put(out);
            forward.put(out);
            backward.put(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        // Each takes at least 4 + 2 × 24 bytes.
        let n = r.count(52)?;
        (0..n)
            .map(|_| Ok((u32::take(r)?, Directory::take(r)?, Directory::take(r)?)))
            .collect()
    }
}

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

/// A tag byte (0: byte codes, 1: 2-byte codes, 2: whole), then the codes and the table, or
/// the attributes.
impl Field for AttrColumn {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            AttrColumn::Narrow { codes, table } => {
                0u8.put(out);
                put_bytes(codes, out);
                table.put(out);
            }
            AttrColumn::Wide { codes, table } => {
                1u8.put(out);
                codes.put(out);
                table.put(out);
            }
            AttrColumn::Whole(all) => {
                2u8.put(out);
                all.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        match u8::take(r)? {
            0 => Ok(AttrColumn::Narrow {
                codes: take_bytes(r)?,
                table: Field::take(r)?,
            }),
            1 => Ok(AttrColumn::Wide {
                codes: Field::take(r)?,
                table: Field::take(r)?,
            }),
            2 => Ok(AttrColumn::Whole(Field::take(r)?)),
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
    check_grams(&ix.grams, n)?;
    for (order, field) in [
        (&ix.backward_by_maker, "backward_by_maker"),
        (&ix.forward_all, "forward_all"),
        (&ix.backward_all, "backward_all"),
    ] {
        check(
            order.len() == n
                && (1..=32).contains(&order.bits)
                && order.bytes.len() == PackedIds::bytes_for(n, order.bits)
                && (0..n).all(|p| (order.get(p) as usize) < n),
            field,
        )?;
    }
    // Any byte is a valid branch: a damaged one can mislead a search, not crash it.
    check(ix.branches.iter().all(|b| b.len() == n), "branches")?;
    let samples = n.div_ceil(SAMPLE);
    check(ix.samples.iter().all(|s| s.len() == samples), "samples")?;
    check_directories(ix, n)
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
        AttrColumn::Narrow { codes, table } => check(
            codes.len() == n && codes.iter().all(|&c| usize::from(c) < table.len()),
            "attrs",
        ),
        AttrColumn::Wide { codes, table } => check(
            codes.len() == n && codes.iter().all(|&c| usize::from(c) < table.len()),
            "attrs",
        ),
        AttrColumn::Whole(all) => check(all.len() == n, "attrs"),
    }
}

/// One line per `LINE` keys, each starting where the keys before it end, no lengths past the
/// last key, and the lengths summing to the arena.
fn check_keys(c: &KeyColumn, n: usize) -> Result<(), FormatError> {
    check(c.len == n && c.lines.len() == n.div_ceil(LINE), "l3")?;
    let mut at = 0u64;
    for (l, line) in c.lines.iter().enumerate() {
        check(line.start == at, "l3")?;
        let used = (n - l * LINE).min(LINE);
        check(line.lens[used..].iter().all(|&x| x == 0), "l3")?;
        at += line.lens.iter().map(|&x| u64::from(x)).sum::<u64>();
    }
    check(at == c.bytes.len() as u64, "l3")
}

/// Checkpoints equal to the sum of the lengths before them, the lengths summing to the arena.
fn check_text(c: &TextColumn, n: usize) -> Result<(), FormatError> {
    check(
        c.lens.len() == n && c.checkpoints.len() == n.div_ceil(BLOCK),
        "raw",
    )?;
    let mut at = 0u64;
    for (i, &len) in c.lens.iter().enumerate() {
        if i % BLOCK == 0 {
            check(c.checkpoints[i / BLOCK] == at, "raw")?;
        }
        at += u64::from(len);
    }
    check(at == c.bytes.len() as u64, "raw")
}

/// The filter's shape as this version builds it, over the `n` entries.
fn check_grams(g: &GramFilter, n: usize) -> Result<(), FormatError> {
    let blocks = n.div_ceil(1 << BLOCK_BITS);
    check(
        g.block_bits == BLOCK_BITS
            && g.sig == SIGNATURE_BITS
            && g.hashes == HASHES
            && g.entries as usize == n
            && g.words == blocks.div_ceil(64)
            && g.rows.len() == g.words * g.sig as usize,
        "grams",
    )
}

/// Bounds within their range, ascending; maker directories on maker ranges, by first entry.
fn check_directories(ix: &SerialIndex, n: usize) -> Result<(), FormatError> {
    let fits = |d: &Directory, lo: usize, hi: usize| {
        d.lo == lo
            && d.hi == hi
            && d.bounds.len() == SYMBOLS.pow(d.levels as u32)
            && ascending(&d.bounds, false)
            && d.bounds.iter().all(|&b| (lo..=hi).contains(&(b as usize)))
    };
    if let Some([forward, backward]) = &ix.directories_all {
        check(fits(forward, 0, n) && fits(backward, 0, n), "directories")?;
    }
    let starts: Vec<u32> = ix.directories_by_maker.iter().map(|d| d.0).collect();
    check(ascending(&starts, true), "directories")?;
    for (start, forward, backward) in &ix.directories_by_maker {
        let i = ix.starts.binary_search(start).ok();
        let range = i.and_then(|i| Some((*start as usize, *ix.starts.get(i + 1)? as usize)));
        let ok = range.is_some_and(|(lo, hi)| fits(forward, lo, hi) && fits(backward, lo, hi));
        check(ok, "directories")?;
    }
    Ok(())
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
    fn a_round_trip_searches_alike() {
        let ix = sample();
        let back = SerialIndex::from_bytes(&ix.to_bytes()).unwrap();
        for text in ["LE0I4388", "LE*38", "0079?9ä", "00793"] {
            for kind in [QueryKind::Near { max_edits: 2 }, QueryKind::Pattern] {
                let q = Query::new(text, kind);
                assert_eq!(ix.search(&q), back.search(&q));
            }
        }
    }

    /// Big enough for the directories of all makers and of a big maker's range.
    #[test]
    fn a_round_trip_keeps_the_directories() {
        let mut b = IndexBuilder::new();
        for i in 0..80_000u64 {
            b.add(
                (i % 7 / 6) as u32,
                &format!("{:X}", i * 7919),
                i,
                Attrs::default(),
            );
        }
        let ix = b.build();
        assert!(ix.directories_all.is_some() && !ix.directories_by_maker.is_empty());
        let back = SerialIndex::from_bytes(&ix.to_bytes()).unwrap();
        for text in ["1EEF", "2A3B?", "*5D", "1F0A7"] {
            for kind in [QueryKind::Near { max_edits: 2 }, QueryKind::Pattern] {
                let mut q = Query::new(text, kind);
                q.limit = 0;
                assert_eq!(ix.search(&q), back.search(&q), "{text}");
                q.makers = Some(vec![0]);
                assert_eq!(ix.search(&q), back.search(&q), "{text}");
            }
        }
    }

    /// Byte codes, 2-byte codes and whole attributes each read back as they were written.
    #[test]
    fn a_round_trip_keeps_the_attributes_in_every_width() {
        let attrs_of = |i: u64, combos: u64| {
            let c = i * 7919 % combos;
            Attrs {
                firearm_type: (!c.is_multiple_of(3)).then_some((c % 5) as u8),
                caliber: u16::try_from(c / 3).ok(),
            }
        };
        for (combos, width) in [(200, 1), (1_000, 2), (70_000, 0)] {
            let mut b = IndexBuilder::new();
            let n = 70_000u64;
            for i in 0..n {
                let serial = format!("SN{i:05}");
                b.add((i % 4) as u32, &serial, i, attrs_of(i, combos));
            }
            let ix = b.build();
            let got = match &ix.attrs {
                AttrColumn::Narrow { .. } => 1,
                AttrColumn::Wide { .. } => 2,
                AttrColumn::Whole(_) => 0,
            };
            assert_eq!(got, width, "{combos} combinations");
            let back = SerialIndex::from_bytes(&ix.to_bytes()).unwrap();
            assert_eq!(back.attrs.memory_bytes(), ix.attrs.memory_bytes());
            for e in 0..n as usize {
                assert_eq!(back.attrs.get(e), ix.attrs.get(e), "entry {e}");
            }
            // Filtered by the attributes of some of the hits, in part and in full.
            let mut q = Query::new("SN12345", QueryKind::Near { max_edits: 2 });
            q.limit = 0;
            let all = ix.search(&q).unwrap();
            assert!(all.len() > 500, "{combos} combinations");
            for hit in all.iter().step_by(50) {
                let a = attrs_of(hit.firearm, combos);
                for (firearm_type, caliber) in [
                    (a.firearm_type, None),
                    (None, a.caliber),
                    (a.firearm_type, a.caliber),
                ] {
                    (q.firearm_type, q.caliber) = (firearm_type, caliber);
                    let hits = ix.search(&q).unwrap();
                    assert!(hits.iter().any(|h| h.firearm == hit.firearm), "{q:?}");
                    assert_eq!(back.search(&q).unwrap(), hits);
                }
            }
        }
    }

    #[test]
    fn a_code_outside_the_table_is_refused() {
        let ix = sample();
        let AttrColumn::Narrow { codes, table } = &ix.attrs else {
            panic!("few combinations take byte codes");
        };
        let (n, size) = (codes.len(), table.len());
        let mut bytes = ix.to_bytes();
        // The tag, the count, the codes.
        let mut field = vec![0u8];
        field.extend_from_slice(&(n as u64).to_le_bytes());
        field.extend_from_slice(codes);
        let at = bytes
            .windows(field.len())
            .position(|w| w == field.as_slice())
            .expect("the attribute codes");
        bytes[at + 9 + 5] = size as u8;
        assert_eq!(
            SerialIndex::from_bytes(&bytes).err(),
            Some(FormatError::Invalid { field: "attrs" })
        );
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

//! Compact per-entry columns: text as one arena with one length byte per entry, attributes
//! as a dictionary.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::Attrs;

/// Entries per offset checkpoint: an entry's offset is its checkpoint plus at most 31 lengths.
pub(super) const BLOCK: usize = 32;

/// Variable-length byte strings, one per entry, at about 1.25 bytes of overhead each (the
/// serials as added, read only for the hits returned).
pub(crate) struct TextColumn {
    pub(super) bytes: Vec<u8>,
    pub(super) lens: Vec<u8>,
    /// Offset of entry `i * BLOCK`.
    pub(super) checkpoints: Vec<u64>,
}

impl TextColumn {
    pub(crate) fn new() -> Self {
        TextColumn {
            bytes: Vec::new(),
            lens: Vec::new(),
            checkpoints: Vec::new(),
        }
    }

    /// Appends one string; at most 255 bytes are kept (the builder never passes more).
    pub(crate) fn push(&mut self, s: &[u8]) {
        if self.lens.len() & (BLOCK - 1) == 0 {
            self.checkpoints.push(self.bytes.len() as u64);
        }
        let s = &s[..s.len().min(255)];
        self.bytes.extend_from_slice(s);
        self.lens.push(s.len() as u8);
    }

    fn stride(&self, i: usize) -> u64 {
        u64::from(self.lens[i])
    }

    /// Byte offset where entry `i` starts (`i == len` gives the end of the arena).
    pub(crate) fn offset(&self, i: usize) -> usize {
        if i >= self.lens.len() {
            return self.bytes.len();
        }
        let block = i / BLOCK;
        let skipped: u64 = (block * BLOCK..i).map(|j| self.stride(j)).sum();
        (self.checkpoints[block] + skipped) as usize
    }

    pub(crate) fn len_of(&self, i: usize) -> usize {
        usize::from(self.lens[i])
    }

    pub(crate) fn is_empty_at(&self, i: usize) -> bool {
        self.lens[i] == 0
    }

    pub(crate) fn get(&self, i: usize) -> &[u8] {
        let start = self.offset(i);
        &self.bytes[start..start + self.len_of(i)]
    }

    /// The bytes of a (start, length) span of the arena (none where it is out of bounds).
    pub(crate) fn bytes_at(&self, (start, len): (usize, usize)) -> &[u8] {
        self.bytes.get(start..start + len).unwrap_or_default()
    }

    /// Asks for what locates string `i` (its length and its block's checkpoint) to be
    /// brought into the cache; [`Self::prefetch_bytes`] can follow once they are there.
    pub(crate) fn prefetch_span(&self, i: usize) {
        prefetch(self.lens.get(i));
        prefetch(self.checkpoints.get(i / BLOCK));
    }

    /// Asks for the first bytes of string `i` to be brought into the cache (reads its span).
    pub(crate) fn prefetch_bytes(&self, i: usize) {
        if i < self.lens.len() {
            prefetch(self.bytes.get(self.offset(i)));
        }
    }

    pub(crate) fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
        self.lens.shrink_to_fit();
        self.checkpoints.shrink_to_fit();
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.bytes.capacity() + self.lens.capacity() + self.checkpoints.capacity() * 8
    }
}

/// Keys per [`LenLine`].
pub(super) const LINE: usize = 56;
/// Most cache lines of a range of keys asked for at once by
/// [`KeyColumn::prefetch_bytes_between`]: a block of the 3-gram filter (8 keys) spans two or three.
const RANGE_PREFETCH_LINES: usize = 4;

/// Where `LINE` consecutive keys start and how long each is: one cache line, so locating a
/// key costs one memory access besides the key itself.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
pub(super) struct LenLine {
    pub(super) start: u64,
    pub(super) lens: [u8; LINE],
}

/// The L3 forms, back to back, located through a 64-byte line per 56 keys (1.14 bytes a key):
/// a key's start is its line's start plus the lengths before it in the line.
pub(crate) struct KeyColumn {
    pub(super) bytes: Vec<u8>,
    pub(super) lines: Vec<LenLine>,
    pub(super) len: usize,
    /// Every key is ASCII: a key's length in bytes is its length in characters.
    pub(super) ascii: bool,
}

impl KeyColumn {
    pub(crate) fn new() -> Self {
        KeyColumn {
            bytes: Vec::new(),
            lines: Vec::new(),
            len: 0,
            ascii: true,
        }
    }

    /// Appends one key of at most 255 bytes (the builder never passes more).
    pub(crate) fn push(&mut self, s: &[u8]) {
        let s = &s[..s.len().min(255)];
        if self.len.is_multiple_of(LINE) {
            self.lines.push(LenLine {
                start: self.bytes.len() as u64,
                lens: [0; LINE],
            });
        }
        if let Some(line) = self.lines.last_mut() {
            line.lens[self.len % LINE] = s.len() as u8;
        }
        self.ascii &= s.is_ascii();
        self.bytes.extend_from_slice(s);
        self.len += 1;
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Byte offset where entry `i` starts (`i == len` gives the end of the arena).
    pub(crate) fn offset(&self, i: usize) -> usize {
        if i >= self.len {
            return self.bytes.len();
        }
        let line = &self.lines[i / LINE];
        let before: u32 = line.lens[..i % LINE].iter().map(|&l| u32::from(l)).sum();
        line.start as usize + before as usize
    }

    pub(crate) fn get(&self, i: usize) -> &[u8] {
        let (start, len) = self.span(i);
        &self.bytes[start..start + len]
    }

    /// The bytes of a (start, length) span of the arena, from [`Self::span`].
    pub(crate) fn bytes_at(&self, (start, len): (usize, usize)) -> &[u8] {
        self.bytes.get(start..start + len).unwrap_or_default()
    }

    /// A column of `keys`, in order (for tests).
    #[cfg(test)]
    pub(crate) fn of(keys: &[&str]) -> Self {
        let mut column = KeyColumn::new();
        for key in keys {
            column.push(key.as_bytes());
        }
        column
    }

    /// Every key in entry order, the arena read once front to back (no key is located by
    /// summing its line's lengths, as [`Self::get`] must).
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let lens = self.lines.iter().flat_map(|line| line.lens).take(self.len);
        lens.scan(0usize, |start, len| {
            let key = self.bytes.get(*start..*start + usize::from(len));
            *start += usize::from(len);
            key
        })
    }

    /// Length of key `i` in bytes.
    pub(crate) fn len_of(&self, i: usize) -> u8 {
        self.lines[i / LINE].lens[i % LINE]
    }

    /// Asks for the line of lengths of key `i` to be brought into the cache.
    pub(crate) fn prefetch_line(&self, i: usize) {
        prefetch(self.lines.get(i / LINE));
    }

    /// Asks for the first bytes of key `i` to be brought into the cache (reads its line).
    pub(crate) fn prefetch_bytes(&self, i: usize) {
        if i < self.len {
            prefetch(self.bytes.get(self.offset(i)));
        }
    }

    /// Asks for the arena's bytes `start..end` (the keys of a range, from [`Self::offset`]) to
    /// be brought into the cache, at most [`RANGE_PREFETCH_LINES`] cache lines of them (the
    /// hardware prefetcher follows a longer run).
    pub(crate) fn prefetch_bytes_between(&self, (start, end): (usize, usize)) {
        if end > start {
            for line in (start / 64..=(end - 1) / 64).take(RANGE_PREFETCH_LINES) {
                prefetch(self.bytes.get((line * 64).max(start)));
            }
        }
    }

    /// Start and length of key `i`.
    pub(crate) fn span(&self, i: usize) -> (usize, usize) {
        (
            self.offset(i),
            usize::from(self.lines[i / LINE].lens[i % LINE]),
        )
    }

    pub(crate) fn arena(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether every key is ASCII (its length in bytes is its length in characters).
    pub(crate) fn all_ascii(&self) -> bool {
        self.ascii
    }

    /// [`Self::entry_at`] for a `pos` at or after the start of entry `from`: a short walk when
    /// it is near (a scan's matches come in order, often close together), else a search.
    pub(crate) fn entry_at_from(&self, pos: usize, from: usize) -> usize {
        let mut start = self.offset(from);
        for e in from..(from + 16).min(self.len) {
            let end = start + usize::from(self.lines[e / LINE].lens[e % LINE]);
            if end > pos {
                return e;
            }
            start = end;
        }
        self.entry_at(pos)
    }

    /// The entry whose key holds byte `pos`.
    pub(crate) fn entry_at(&self, pos: usize) -> usize {
        let l = self
            .lines
            .partition_point(|line| line.start as usize <= pos)
            .saturating_sub(1);
        let Some(line) = self.lines.get(l) else {
            return 0;
        };
        let mut start = line.start as usize;
        let count = (self.len - l * LINE).min(LINE);
        for (j, &len) in line.lens[..count].iter().enumerate() {
            start += usize::from(len);
            if start > pos {
                return l * LINE + j;
            }
        }
        (l * LINE + count).saturating_sub(1)
    }

    pub(crate) fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
        self.lines.shrink_to_fit();
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.bytes.capacity() + self.lines.capacity() * std::mem::size_of::<LenLine>()
    }
}

/// Asks the CPU to bring the cache line holding `x` in, without waiting for it (nothing for
/// `None`, nothing on other architectures).
#[inline(always)]
pub(crate) fn prefetch<T>(x: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = x {
        let p: *const T = x;
        // SAFETY: a prefetch is a hint: it changes no memory the program sees and cannot
        // fault, and `p` points into a live value anyway; SSE is part of x86_64.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Entry ids in as few bits as the largest needs (24 for 10 M entries, 27 for 100 M): the
/// orders of the sorted views, a quarter smaller than 4-byte ids. An id is one unaligned
/// 8-byte load, a shift and a mask.
pub(crate) struct PackedIds {
    pub(super) bits: u32,
    pub(super) len: usize,
    /// The ids' bits back to back, little-endian, then [`PADDING`] zero bytes so that every
    /// id's 8-byte load stays inside.
    pub(super) bytes: Vec<u8>,
}

/// Bytes after the last id: an id's load reads 8 bytes from the byte its first bit is in.
pub(super) const PADDING: usize = 8;

impl PackedIds {
    /// Packs `ids`, each below `bound`.
    pub(crate) fn pack(ids: &[u32], bound: usize) -> PackedIds {
        let bits = Self::bits_for(bound);
        let mut bytes = vec![0u8; Self::bytes_for(ids.len(), bits)];
        for (i, &id) in ids.iter().enumerate() {
            let bit = i as u64 * u64::from(bits);
            let at = (bit / 8) as usize;
            let mut word = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8]));
            word |= u64::from(id) << (bit % 8);
            bytes[at..at + 8].copy_from_slice(&word.to_le_bytes());
        }
        PackedIds {
            bits,
            len: ids.len(),
            bytes,
        }
    }

    /// Bits that hold every id below `bound` (at least 1, at most 32).
    pub(crate) fn bits_for(bound: usize) -> u32 {
        let largest = bound.saturating_sub(1).min(u32::MAX as usize) as u32;
        (32 - largest.leading_zeros()).max(1)
    }

    /// Bytes that `len` ids of `bits` bits take, padding included.
    pub(crate) fn bytes_for(len: usize, bits: u32) -> usize {
        (len as u64 * u64::from(bits)).div_ceil(8) as usize + PADDING
    }

    pub(crate) fn get(&self, i: usize) -> u32 {
        let bit = i as u64 * u64::from(self.bits);
        let at = (bit / 8) as usize;
        let word = u64::from_le_bytes(self.bytes[at..at + 8].try_into().unwrap_or([0; 8]));
        ((word >> (bit % 8)) & ((1u64 << self.bits) - 1)) as u32
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Asks for the line holding id `i` to be brought into the cache.
    pub(crate) fn prefetch(&self, i: usize) {
        prefetch(self.bytes.get(i * self.bits as usize / 8));
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.bytes.capacity()
    }
}

/// Firearm ids: 4 bytes each while they all fit in 32 bits (row ids usually do), else 8.
pub(crate) enum IdColumn {
    Narrow(Vec<u32>),
    Wide(Vec<u64>),
}

impl IdColumn {
    pub(crate) fn build(ids: Vec<u64>) -> Self {
        match ids.iter().all(|&id| u32::try_from(id).is_ok()) {
            true => IdColumn::Narrow(ids.into_iter().map(|id| id as u32).collect()),
            false => IdColumn::Wide(ids),
        }
    }

    pub(crate) fn get(&self, i: usize) -> u64 {
        match self {
            IdColumn::Narrow(v) => u64::from(v[i]),
            IdColumn::Wide(v) => v[i],
        }
    }

    /// Asks for id `i` to be brought into the cache.
    pub(crate) fn prefetch(&self, i: usize) {
        match self {
            IdColumn::Narrow(v) => prefetch(v.get(i)),
            IdColumn::Wide(v) => prefetch(v.get(i)),
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            IdColumn::Narrow(v) => v.len(),
            IdColumn::Wide(v) => v.len(),
        }
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        match self {
            IdColumn::Narrow(v) => v.capacity() * 4,
            IdColumn::Wide(v) => v.capacity() * 8,
        }
    }
}

/// Hashes the one `u32` of [`attr_key`] by a multiplication: the table is small, the keys few.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        // The product's high bits are the well-mixed ones; fold them down.
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = (u64::from(v) ^ 0x5555).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A key of attributes: equal keys, equal attributes.
fn attr_key(a: Attrs) -> u32 {
    let kind = a.firearm_type.map_or(0, |t| u32::from(t) + 1);
    let caliber = a.caliber.map_or(0, |c| u32::from(c) + 1);
    kind << 17 | caliber
}

/// Attributes as codes into a table of the distinct combinations, which are few: a byte per
/// entry up to 256 combinations, two up to 65,536; past that the column stores them whole.
pub(crate) enum AttrColumn {
    Narrow { codes: Vec<u8>, table: Vec<Attrs> },
    Wide { codes: Vec<u16>, table: Vec<Attrs> },
    Whole(Vec<Attrs>),
}

/// The codes as they are assigned: bytes until a code needs two.
enum Codes {
    Narrow(Vec<u8>),
    Wide(Vec<u16>),
}

impl Codes {
    fn push(&mut self, code: u16) {
        match self {
            Codes::Narrow(v) => match u8::try_from(code) {
                Ok(c) => v.push(c),
                Err(_) => {
                    let mut wide = Vec::with_capacity(v.capacity());
                    wide.extend(v.iter().map(|&c| u16::from(c)));
                    wide.push(code);
                    *self = Codes::Wide(wide);
                }
            },
            Codes::Wide(v) => v.push(code),
        }
    }
}

impl AttrColumn {
    /// Encodes `attrs` (in entry order); codes in order of first appearance.
    pub(crate) fn build(attrs: impl ExactSizeIterator<Item = Attrs> + Clone) -> Self {
        let mut table: Vec<Attrs> = Vec::new();
        let mut lookup: HashMap<u32, u16, BuildHasherDefault<KeyHasher>> = HashMap::default();
        let mut codes = Codes::Narrow(Vec::with_capacity(attrs.len()));
        let mut last: Option<(Attrs, u16)> = None;
        for a in attrs.clone() {
            // Neighbours often share their attributes: no lookup then.
            if let Some((_, code)) = last.filter(|(l, _)| *l == a) {
                codes.push(code);
                continue;
            }
            let code = match lookup.get(&attr_key(a)) {
                Some(&code) => code,
                None => {
                    let Ok(code) = u16::try_from(table.len()) else {
                        return AttrColumn::Whole(attrs.collect());
                    };
                    lookup.insert(attr_key(a), code);
                    table.push(a);
                    code
                }
            };
            codes.push(code);
            last = Some((a, code));
        }
        table.shrink_to_fit();
        match codes {
            Codes::Narrow(codes) => AttrColumn::Narrow { codes, table },
            Codes::Wide(codes) => AttrColumn::Wide { codes, table },
        }
    }

    pub(crate) fn get(&self, i: usize) -> Attrs {
        match self {
            AttrColumn::Narrow { codes, table } => table[usize::from(codes[i])],
            AttrColumn::Wide { codes, table } => table[usize::from(codes[i])],
            AttrColumn::Whole(all) => all[i],
        }
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        let attrs = std::mem::size_of::<Attrs>();
        match self {
            AttrColumn::Narrow { codes, table } => codes.capacity() + table.capacity() * attrs,
            AttrColumn::Wide { codes, table } => codes.capacity() * 2 + table.capacity() * attrs,
            AttrColumn::Whole(all) => all.capacity() * attrs,
        }
    }
}

#[cfg(test)]
mod packed_tests {
    use super::PackedIds;

    #[test]
    fn packed_ids_read_back_what_was_packed() {
        for bound in [
            1usize,
            2,
            3,
            255,
            256,
            257,
            10_000_000,
            1 << 24,
            (1 << 24) + 1,
        ] {
            let ids: Vec<u32> = (0..1_000u64)
                .map(|i| ((i * 2_654_435_761) % bound as u64) as u32)
                .chain([0, (bound - 1) as u32])
                .collect();
            let packed = PackedIds::pack(&ids, bound);
            assert_eq!(packed.bits, PackedIds::bits_for(bound));
            let back: Vec<u32> = (0..packed.len()).map(|i| packed.get(i)).collect();
            assert_eq!(back, ids, "bound {bound}");
        }
        assert_eq!(PackedIds::bits_for(10_000_000), 24);
        assert_eq!(PackedIds::bits_for(100_000_000), 27);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_column_round_trips_and_locates() {
        let mut c = KeyColumn::new();
        let words: Vec<String> = (0..200_000).map(|i| "x".repeat(i % 7)).collect();
        for w in &words {
            c.push(w.as_bytes());
        }
        for (i, w) in words.iter().enumerate().step_by(7) {
            assert_eq!(c.get(i), w.as_bytes());
            if !w.is_empty() {
                assert_eq!(c.entry_at(c.offset(i)), i);
                assert_eq!(c.entry_at(c.offset(i) + w.len() - 1), i);
            }
        }
        assert_eq!(c.offset(words.len()), c.arena().len());
        assert!(c.iter().eq(words.iter().map(|w| w.as_bytes())));
        for i in (1..words.len()).step_by(997) {
            let pos = c.offset(i);
            if !words[i].is_empty() {
                assert_eq!(c.entry_at_from(pos, i.saturating_sub(5)), i);
                assert_eq!(c.entry_at_from(pos, 0), i);
            }
        }
    }

    /// `n` entries cycling through `combos` distinct attributes (a caliber each, then none).
    fn attrs_of(combos: usize, n: usize) -> Vec<Attrs> {
        (0..n)
            .map(|i| {
                let c = (i * 7919) % combos;
                Attrs {
                    firearm_type: c.is_multiple_of(2).then_some(3),
                    caliber: u16::try_from(c).ok(),
                }
            })
            .collect()
    }

    #[test]
    fn attributes_take_the_narrowest_codes_that_hold_them() {
        let whole = std::mem::size_of::<Attrs>();
        for (combos, n, width) in [
            (1, 10, 1),
            (65, 1_000, 1),
            (256, 1_000, 1),
            (257, 1_000, 2),
            (300, 100, 1),
            (65_536, 70_000, 2),
            (65_537, 70_000, whole),
        ] {
            let attrs = attrs_of(combos, n);
            let column = AttrColumn::build(attrs.clone().into_iter());
            let (got, table) = match &column {
                AttrColumn::Narrow { table, .. } => (1, table.len()),
                AttrColumn::Wide { table, .. } => (2, table.len()),
                AttrColumn::Whole(_) => (whole, 0),
            };
            assert_eq!(got, width, "{combos} combinations");
            if width != whole {
                assert_eq!(table, combos.min(n), "{combos} combinations");
            }
            let back: Vec<Attrs> = (0..n).map(|i| column.get(i)).collect();
            assert_eq!(back, attrs, "{combos} combinations");
            assert_eq!(column.memory_bytes(), n * width + table * whole);
        }
    }

    #[test]
    fn text_column_round_trips() {
        let mut c = TextColumn::new();
        let words: Vec<String> = (0..100).map(|i| "x".repeat(i % 7)).collect();
        for w in &words {
            c.push(w.as_bytes());
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(c.get(i), w.as_bytes());
            assert_eq!(c.is_empty_at(i), w.is_empty());
        }
    }
}

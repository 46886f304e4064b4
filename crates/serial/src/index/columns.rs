//! Compact per-entry columns: text as one arena with one length byte per entry, attributes
//! as a dictionary.

use super::Attrs;

/// Entries per offset checkpoint: an entry's offset is its checkpoint plus at most 31 lengths.
const BLOCK: usize = 32;

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

    pub(crate) fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
        self.lens.shrink_to_fit();
        self.checkpoints.shrink_to_fit();
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.bytes.capacity() + self.lens.capacity() + self.checkpoints.capacity() * 8
    }
}

/// Entries per base offset of a [`KeyColumn`]: 65,536 keys of at most 255 bytes stay well
/// within a 32-bit relative offset.
const KEY_BLOCK_BITS: u32 = 16;

/// The L3 forms, back to back, with a 4-byte start offset per entry: the verification of a
/// near candidate reads its key with two memory accesses and no arithmetic over lengths.
pub(crate) struct KeyColumn {
    pub(super) bytes: Vec<u8>,
    /// Start of entry `i`, relative to `bases[i >> KEY_BLOCK_BITS]`.
    pub(super) starts: Vec<u32>,
    pub(super) bases: Vec<u64>,
}

impl KeyColumn {
    pub(crate) fn new() -> Self {
        KeyColumn {
            bytes: Vec::new(),
            starts: Vec::new(),
            bases: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, s: &[u8]) {
        let i = self.starts.len();
        if i & ((1 << KEY_BLOCK_BITS) - 1) == 0 {
            self.bases.push(self.bytes.len() as u64);
        }
        let base = self.bases[i >> KEY_BLOCK_BITS];
        self.starts.push((self.bytes.len() as u64 - base) as u32);
        self.bytes.extend_from_slice(s);
    }

    /// Byte offset where entry `i` starts (`i == len` gives the end of the arena).
    pub(crate) fn offset(&self, i: usize) -> usize {
        match self.starts.get(i) {
            Some(&rel) => (self.bases[i >> KEY_BLOCK_BITS] + u64::from(rel)) as usize,
            None => self.bytes.len(),
        }
    }

    pub(crate) fn get(&self, i: usize) -> &[u8] {
        &self.bytes[self.offset(i)..self.offset(i + 1)]
    }

    pub(crate) fn arena(&self) -> &[u8] {
        &self.bytes
    }

    /// [`Self::entry_at`] for a `pos` at or after the start of entry `from`: a short walk when
    /// it is near (a scan's matches come in order, often close together), else a search.
    pub(crate) fn entry_at_from(&self, pos: usize, from: usize) -> usize {
        for e in from..from + 16 {
            if e + 1 >= self.starts.len() || self.offset(e + 1) > pos {
                return e;
            }
        }
        self.entry_at(pos)
    }

    /// The entry whose key holds byte `pos` (the last of several empty keys there).
    pub(crate) fn entry_at(&self, pos: usize) -> usize {
        let block = self
            .bases
            .partition_point(|&b| b as usize <= pos)
            .saturating_sub(1);
        let lo = block << KEY_BLOCK_BITS;
        let hi = ((block + 1) << KEY_BLOCK_BITS).min(self.starts.len());
        let base = self.bases.get(block).copied().unwrap_or(0) as usize;
        let within = self.starts[lo..hi].partition_point(|&r| base + r as usize <= pos);
        (lo + within).saturating_sub(1)
    }

    pub(crate) fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.bases.shrink_to_fit();
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.bytes.capacity() + self.starts.capacity() * 4 + self.bases.capacity() * 8
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

/// Attributes as 2-byte codes into a table of the distinct combinations, which are few; past
/// 65,536 combinations the column falls back to storing them whole.
pub(crate) enum AttrColumn {
    Dict { codes: Vec<u16>, table: Vec<Attrs> },
    Whole(Vec<Attrs>),
}

impl AttrColumn {
    /// Encodes `attrs` (in entry order).
    pub(crate) fn build(attrs: impl ExactSizeIterator<Item = Attrs> + Clone) -> Self {
        let mut table: Vec<Attrs> = Vec::new();
        let mut lookup = std::collections::HashMap::new();
        let mut codes = Vec::with_capacity(attrs.len());
        for a in attrs.clone() {
            let next = table.len();
            let code = *lookup.entry(a).or_insert(next);
            if code == next {
                if next > usize::from(u16::MAX) {
                    return AttrColumn::Whole(attrs.collect());
                }
                table.push(a);
            }
            codes.push(code as u16);
        }
        AttrColumn::Dict { codes, table }
    }

    pub(crate) fn get(&self, i: usize) -> Attrs {
        match self {
            AttrColumn::Dict { codes, table } => table[usize::from(codes[i])],
            AttrColumn::Whole(all) => all[i],
        }
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        let attrs = std::mem::size_of::<Attrs>();
        match self {
            AttrColumn::Dict { codes, table } => codes.capacity() * 2 + table.capacity() * attrs,
            AttrColumn::Whole(all) => all.capacity() * attrs,
        }
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
        for i in (1..words.len()).step_by(997) {
            let pos = c.offset(i);
            if !words[i].is_empty() {
                assert_eq!(c.entry_at_from(pos, i.saturating_sub(5)), i);
                assert_eq!(c.entry_at_from(pos, 0), i);
            }
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

//! A block 3-gram filter over the L3 keys, so that fragments and `*` patterns scan only the
//! blocks of entries that can hold them instead of the whole arena.
//!
//! Entries, in entry order, are grouped in blocks of `2^BLOCK_BITS` entries. A block's
//! signature (a Bloom filter of `SIGNATURE_BITS` bits) has `HASHES` bits set for every byte
//! 3-gram of its keys, each key framed as `START key END` so that a pattern's readable head
//! or tail of only 2 characters still gives a 3-gram. A key containing a needle contains each
//! of its 3-grams, so a block can hold a match only if its signature has all their bits: the
//! filter never drops a match, it only lets through false-positive blocks, which the scan
//! then rejects.
//!
//! The sizes are measured on the benchmark corpus (`docs/performance.md`): false positives
//! come mostly from the signature's fill, not from 3-grams really present (4-entry blocks let
//! through as much as 8-entry ones at the same bits per entry), so bits per entry are what
//! buy selectivity: at 16, a fragment scans 7% of the arena, at 24, 2.3%, at 32, 1% (1 M
//! serials). At 10 M, going from 32 to 40 bits per entry cut the mean share an all-maker
//! fragment scans from 0.38% to 0.22% (a `*` pattern's from 0.75% to 0.44%) and the
//! fragments' median latency by about a third, for 1 byte per serial. Two bits per 3-gram
//! halve the false positives of one; a third barely helps and costs rows.
//!
//! Signatures are stored bit-sliced: for each signature bit, a bitvector over the blocks. A
//! query ANDs the few bitvectors of its 3-grams and reads the candidate blocks off the set
//! bits, 64 blocks per word, touching `grams × blocks / 8` bytes in sequential streams.

use super::columns::KeyColumn;

/// log2 of the entries per block.
pub(super) const BLOCK_BITS: u32 = 3;
/// Signature bits per block: 40 per entry, 5 bytes per serial.
pub(super) const SIGNATURE_BITS: u32 = 320;
/// Signature bits set per 3-gram (at most 3: they are 21-bit slices of one 64-bit hash).
pub(super) const HASHES: u32 = 2;

/// Words of 64 blocks ANDed at a time: a chunk of the result stays in L1.
const CHUNK: usize = 256;

/// Frames every key for the filter: `START key END`. These bytes never occur in UTF-8, so a
/// needle that starts with `START` (ends with `END`) asks for keys that start (end) with the
/// rest of it, and its 3-grams across the frame never collide with a key's own.
pub(crate) const START: u8 = 0xFF;
/// See [`START`].
pub(crate) const END: u8 = 0xFE;

/// The block 3-gram filter of a [`KeyColumn`].
pub(crate) struct GramFilter {
    pub(super) block_bits: u32,
    pub(super) sig: u32,
    /// Signature bits per 3-gram.
    pub(super) hashes: u32,
    /// Number of entries covered.
    pub(super) entries: u32,
    /// 64-bit words per row: one bit per block.
    pub(super) words: usize,
    /// Row `r` (signature bit `r`) is `rows[r * words..(r + 1) * words]`.
    pub(super) rows: Vec<u64>,
}

impl GramFilter {
    /// The filter of every key of `keys`, in entry order.
    pub(crate) fn build(keys: &KeyColumn) -> GramFilter {
        let n = keys.len();
        Self::from_keys(keys.iter(), n, BLOCK_BITS, SIGNATURE_BITS, HASHES)
    }

    /// The filter of `n` keys given in entry order, with blocks of `2^block_bits` entries
    /// and signatures of `sig` bits.
    fn from_keys<'a>(
        keys: impl Iterator<Item = &'a [u8]>,
        n: usize,
        block_bits: u32,
        sig: u32,
        hashes: u32,
    ) -> GramFilter {
        debug_assert!(hashes <= 3 && sig <= 1 << 21);
        let blocks = n.div_ceil(1 << block_bits);
        let words = blocks.div_ceil(64);
        let mut f = GramFilter {
            block_bits,
            sig,
            hashes,
            entries: n as u32,
            words,
            rows: vec![0; words * sig as usize],
        };
        // Signatures of 64 blocks are gathered column-wise in `column` (one word per bit, in
        // cache), then spread over the rows: one scattered write per row and word, not per 3-gram.
        let mut column = vec![0u64; sig as usize];
        let mut word = 0;
        for (i, key) in keys.enumerate() {
            let block = i >> block_bits;
            if block / 64 != word {
                f.store(word, &mut column);
                word = block / 64;
            }
            let bit = 1u64 << (block % 64);
            for_each_framed_gram(key, |g| f.rows_of(g, |r| column[r] |= bit));
        }
        if n > 0 {
            f.store(word, &mut column);
        }
        f
    }

    /// Writes the signatures gathered for the blocks of `word` into the rows, and clears them.
    fn store(&mut self, word: usize, column: &mut [u64]) {
        for (r, c) in column.iter_mut().enumerate() {
            self.rows[r * self.words + word] = std::mem::take(c);
        }
    }

    /// Calls `f` with the signature bits of a 3-gram: `hashes` slices of 21 bits of one
    /// 64-bit hash, each scaled to `sig`.
    fn rows_of(&self, gram: u32, mut f: impl FnMut(usize)) {
        let mut h = u64::from(gram).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h = (h ^ (h >> 32)).wrapping_mul(0xd6e8_feb8_6659_fd93);
        h ^= h >> 32;
        for i in 0..self.hashes {
            let slice = (h >> (21 * i)) & 0x1f_ffff;
            f(((slice * u64::from(self.sig)) >> 21) as usize);
        }
    }

    /// Entry ranges within `lo..hi`, ascending and merged, that may hold a key containing
    /// every needle. A needle may start with [`START`] (end with [`END`]) to say the key starts
    /// (ends) with it. A needle shorter than 3 bytes constrains nothing; a matching entry is
    /// never left out.
    pub(crate) fn candidate_ranges(&self, needles: &[&[u8]], lo: u32, hi: u32) -> Vec<(u32, u32)> {
        let hi = hi.min(self.entries);
        if lo >= hi {
            return Vec::new();
        }
        let rows = self.query_rows(needles);
        if rows.is_empty() {
            return vec![(lo, hi)];
        }
        let (first, last) = (lo >> self.block_bits, (hi - 1) >> self.block_bits);
        let (w0, w1) = (first as usize / 64, last as usize / 64 + 1);
        let mut out = Vec::new();
        let mut acc = [0u64; CHUNK];
        for start in (w0..w1).step_by(CHUNK) {
            let acc = &mut acc[..CHUNK.min(w1 - start)];
            self.and_rows(&rows, start, acc);
            for (i, &hits) in acc.iter().enumerate() {
                let word = start + i;
                self.push_blocks(&mut out, word, hits & span_mask(word, first, last), lo, hi);
            }
        }
        out
    }

    /// `acc[i]` = the AND of `rows` at word `start + i`: row by row over a chunk, without a
    /// branch per word, so that it runs at memory speed (a word of 64 blocks is seldom 0
    /// before the last row, so stopping early would not pay for its mispredictions).
    fn and_rows(&self, rows: &[usize], start: usize, acc: &mut [u64]) {
        let len = acc.len();
        let row = |r: usize| &self.rows[r + start..r + start + len];
        acc.copy_from_slice(row(rows[0]));
        for &r in &rows[1..] {
            acc.iter_mut().zip(row(r)).for_each(|(a, &b)| *a &= b);
        }
    }

    /// Offsets in `rows` of the rows of every 3-gram of the needles, deduplicated.
    fn query_rows(&self, needles: &[&[u8]]) -> Vec<usize> {
        let mut rows = Vec::new();
        for needle in needles {
            for_each_gram(needle, |g| self.rows_of(g, |r| rows.push(r * self.words)));
        }
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// Appends the entry ranges of the blocks set in `hits` (blocks of `word`), cut to
    /// `lo..hi` and merged with the previous range when adjacent.
    fn push_blocks(&self, out: &mut Vec<(u32, u32)>, word: usize, mut hits: u64, lo: u32, hi: u32) {
        while hits != 0 {
            let block = (word * 64) as u64 + u64::from(hits.trailing_zeros());
            hits &= hits - 1;
            // In 64 bits: the last block may reach past `u32::MAX`.
            let start = (block << self.block_bits).max(u64::from(lo)) as u32;
            let end = ((block + 1) << self.block_bits).min(u64::from(hi)) as u32;
            match out.last_mut() {
                Some((_, e)) if *e == start => *e = end,
                _ => out.push((start, end)),
            }
        }
    }

    /// Heap bytes held by the filter.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.rows.capacity() * 8
    }
}

/// The bits of word `word` that stand for blocks `first..=last`.
fn span_mask(word: usize, first: u32, last: u32) -> u64 {
    let base = (word * 64) as u32;
    let from = first.saturating_sub(base);
    let to = (last - base).min(63);
    (u64::MAX << from) & (u64::MAX >> (63 - to))
}

/// Calls `f` with every 3-gram of `START key END`, as [`for_each_gram`] would, without
/// copying the key into its frame (this runs over every key at build time).
fn for_each_framed_gram(key: &[u8], mut f: impl FnMut(u32)) {
    match key {
        [] => {}
        [a] => f(pack(START, *a, END)),
        [a, b, ..] => {
            f(pack(START, *a, *b));
            for_each_gram(key, &mut f);
            f(pack(key[key.len() - 2], key[key.len() - 1], END));
        }
    }
}

/// Calls `f` with every 3-gram of `bytes`, packed in a `u32`.
fn for_each_gram(bytes: &[u8], f: impl FnMut(u32)) {
    bytes.windows(3).map(|w| pack(w[0], w[1], w[2])).for_each(f);
}

fn pack(a: u8, b: u8, c: u8) -> u32 {
    u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (splitmix64).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (((z ^ (z >> 31)) as u128 * n as u128) >> 64) as usize
        }
    }

    /// Keys over a small alphabet (so needles recur), with non-ASCII characters and empty keys.
    fn random_key(rng: &mut Rng) -> Vec<u8> {
        const CHARS: [char; 8] = ['A', 'B', '1', '2', '3', 'É', 'ß', '€'];
        let len = rng.below(9);
        let s: String = (0..len).map(|_| CHARS[rng.below(CHARS.len())]).collect();
        s.into_bytes()
    }

    /// A piece of an existing key, possibly anchored to its start or end, or a random string.
    fn random_needle(rng: &mut Rng, keys: &[Vec<u8>]) -> Vec<u8> {
        let key = std::str::from_utf8(&keys[rng.below(keys.len())]).unwrap();
        let chars: Vec<char> = key.chars().collect();
        let (a, b) = (rng.below(chars.len() + 1), rng.below(chars.len() + 1));
        let (a, b) = (a.min(b), a.max(b));
        let mut needle: Vec<u8> = chars[a..b].iter().collect::<String>().into_bytes();
        match rng.below(5) {
            0 if a == 0 => needle.insert(0, START),
            1 if b == chars.len() => needle.push(END),
            2 => needle = random_key(rng),
            _ => {}
        }
        needle
    }

    /// What the filter promises: `START key END` contains every needle.
    fn holds_all(key: &[u8], needles: &[Vec<u8>]) -> bool {
        let framed: Vec<u8> = [&[START][..], key, &[END]].concat();
        needles
            .iter()
            .all(|n| n.is_empty() || framed.windows(n.len()).any(|w| w == n.as_slice()))
    }

    fn check_ranges(ranges: &[(u32, u32)], lo: u32, hi: u32) {
        for r in ranges {
            assert!(
                lo <= r.0 && r.0 < r.1 && r.1 <= hi,
                "{r:?} outside {lo}..{hi}"
            );
        }
        for w in ranges.windows(2) {
            assert!(w[0].1 < w[1].0, "ranges not merged or not ascending: {w:?}");
        }
    }

    #[test]
    fn never_misses_an_entry_holding_every_needle() {
        let mut rng = Rng(7);
        for (block_bits, sig, hashes) in [
            (0, 16, 1),
            (2, 24, 2),
            (3, 256, 3),
            (BLOCK_BITS, SIGNATURE_BITS, HASHES),
            (6, 64, 1),
        ] {
            let keys: Vec<Vec<u8>> = (0..3000).map(|_| random_key(&mut rng)).collect();
            let f = GramFilter::from_keys(
                keys.iter().map(Vec::as_slice),
                keys.len(),
                block_bits,
                sig,
                hashes,
            );
            let mut kept_matches = 0;
            for _ in 0..400 {
                let needles: Vec<Vec<u8>> = (0..rng.below(4))
                    .map(|_| random_needle(&mut rng, &keys))
                    .collect();
                let refs: Vec<&[u8]> = needles.iter().map(Vec::as_slice).collect();
                let lo = rng.below(keys.len() + 1) as u32;
                let hi = (lo as usize + rng.below(keys.len() + 1)).min(keys.len() + 5) as u32;
                let ranges = f.candidate_ranges(&refs, lo, hi);
                check_ranges(&ranges, lo, hi.min(keys.len() as u32));
                for e in lo..hi.min(keys.len() as u32) {
                    if holds_all(&keys[e as usize], &needles) {
                        let kept = ranges.iter().any(|&(a, b)| a <= e && e < b);
                        assert!(
                            kept,
                            "entry {e} {:?} dropped for {needles:?}",
                            keys[e as usize]
                        );
                        // Only matches of needles the filter can use test it.
                        kept_matches += usize::from(needles.iter().any(|n| n.len() >= 3));
                    }
                }
            }
            assert!(
                kept_matches > 1_000,
                "too few matches to test: {kept_matches}"
            );
        }
    }

    #[test]
    fn keeps_only_the_blocks_that_may_hold_the_needles() {
        let mut keys: Vec<&[u8]> = vec![b"1111"; 64];
        keys[37] = b"XY9Z";
        let f = GramFilter::from_keys(keys.iter().copied(), keys.len(), 3, 256, 2);
        assert_eq!(f.candidate_ranges(&[b"Y9Z"], 0, 64), vec![(32, 40)]);
        assert_eq!(f.candidate_ranges(&[b"Y9Z"], 34, 38), vec![(34, 38)]);
        assert_eq!(f.candidate_ranges(&[b"Y9Z"], 0, 32), vec![]);
        assert_eq!(
            f.candidate_ranges(&[&[START, b'X', b'Y']], 0, 64),
            vec![(32, 40)]
        );
        assert_eq!(f.candidate_ranges(&[b"9Z", b"1"], 3, 50), vec![(3, 50)]);
        assert_eq!(f.candidate_ranges(&[b"111"], 0, 64), vec![(0, 64)]);
        assert_eq!(f.candidate_ranges(&[b"111"], 9, 9), vec![]);
    }

    #[test]
    fn an_empty_filter_returns_nothing() {
        let f = GramFilter::from_keys(std::iter::empty(), 0, 3, 256, 2);
        assert!(f.candidate_ranges(&[b"ABC"], 0, 10).is_empty());
        assert_eq!(f.memory_bytes(), 0);
    }
}

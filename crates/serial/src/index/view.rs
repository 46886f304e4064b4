//! Sorted views of the L3 keys: implicit tries.
//!
//! A view lists entries in the byte order of their L3 keys, read forwards or backwards. In
//! such a list, the keys that share their first `d` bytes are one contiguous range: a trie
//! node is a range, its children are the sub-ranges by byte `d`, and finding one costs a
//! binary search. No node is stored; a view costs one 4-byte entry id per entry, or nothing
//! when the entries themselves are in that order (the forward view within a maker).

use super::columns::KeyColumn;

/// Entries ordered by their L3 key, forwards or backwards.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    keys: &'a KeyColumn,
    /// Position → entry; `None` when positions are entries.
    order: Option<&'a [u32]>,
    backwards: bool,
    /// The first 8 bytes (reading order) of every [`SAMPLE`]-th position's key, packed: most
    /// of a binary search runs over this small array instead of through `order` and `keys`.
    samples: &'a [u64],
    /// Lower bounds of the first three bytes over part of the view, where one is kept.
    directory: Option<&'a Directory>,
}

/// Positions per sample of a view.
pub(crate) const SAMPLE: usize = 32;

impl<'a> View<'a> {
    pub(crate) fn new(
        keys: &'a KeyColumn,
        order: Option<&'a [u32]>,
        backwards: bool,
        samples: &'a [u64],
        directory: Option<&'a Directory>,
    ) -> Self {
        View {
            keys,
            order,
            backwards,
            samples,
            directory,
        }
    }

    /// The samples of a view: every [`SAMPLE`]-th of `prefixes` (the packed prefix of each
    /// entry, in the view's direction) in the view's order (`None`: entry order).
    pub(crate) fn sample(prefixes: &[u64], order: Option<&[u32]>) -> Vec<u64> {
        (0..prefixes.len())
            .step_by(SAMPLE)
            .map(|p| prefixes[order.map_or(p, |o| o[p] as usize)])
            .collect()
    }

    pub(crate) fn entry(&self, pos: usize) -> u32 {
        match self.order {
            Some(order) => order[pos],
            None => pos as u32,
        }
    }

    /// How many keys a range may hold to be verified key by key rather than walked, given
    /// `leaf` for a view in another order than the entries': in entry order the keys of a
    /// range are contiguous, several to a cache line, and cost far less than a child lookup.
    pub(crate) fn leaf(&self, leaf: usize) -> usize {
        match self.order {
            Some(_) => leaf,
            None => leaf * 4,
        }
    }

    /// Where entry `e`'s key lies in [`Self::arena`]: start and length.
    pub(crate) fn span(&self, e: u32) -> (usize, usize) {
        self.keys.span(e as usize)
    }

    pub(crate) fn arena(&self) -> &'a [u8] {
        self.keys.arena()
    }

    /// The stored (forward) key at `pos`.
    pub(crate) fn key(&self, pos: usize) -> &'a [u8] {
        self.keys.get(self.entry(pos) as usize)
    }

    /// Byte `d` of the key at `pos` in the view's reading direction; `None` past its end, which
    /// sorts before every byte as a shorter key sorts before its extensions.
    pub(crate) fn byte(&self, pos: usize, d: usize) -> Option<u8> {
        let key = self.key(pos);
        let i = if self.backwards {
            key.len().checked_sub(d + 1)?
        } else {
            d
        };
        key.get(i).copied()
    }

    /// First position in `lo..hi` whose byte `d` is not below `b` (the range must share its
    /// first `d` bytes).
    pub(crate) fn lower(&self, lo: usize, hi: usize, d: usize, b: Option<u8>) -> usize {
        match b {
            Some(b) if b > 0 && d < 8 && hi - lo > 2 * SAMPLE && !self.samples.is_empty() => self
                .lower_listed(lo, hi, d, b)
                .unwrap_or_else(|| self.lower_sampled(lo, hi, d, b)),
            _ => partition(lo, hi, |p| self.byte(p, d) < b),
        }
    }

    /// [`Self::lower`] from the directory, when it covers `lo..hi` and the bytes involved.
    fn lower_listed(&self, lo: usize, hi: usize, d: usize, b: u8) -> Option<usize> {
        let dir = self.directory.filter(|dir| dir.covers(lo, hi) && d < 3)?;
        let start = packed(self.key(lo), self.backwards).to_be_bytes();
        let mut at = [0u8; 3];
        at[..d].copy_from_slice(&start[..d]);
        at[d] = b;
        dir.lower(at).map(|p| p.clamp(lo, hi))
    }

    /// [`Self::lower`] through the samples. Within a range that shares its first `d` bytes, a
    /// key's byte `d` is at least `b > 0` exactly when its packed prefix is at least the shared
    /// prefix followed by `b` and zeros (an ended key packs a zero there).
    fn lower_sampled(&self, lo: usize, hi: usize, d: usize, b: u8) -> usize {
        let shift = 8 * (7 - d as u32);
        let keep = if d == 0 { 0 } else { u64::MAX << (shift + 8) };
        let target = (packed(self.key(lo), self.backwards) & keep) | (u64::from(b) << shift);
        let first = lo.div_ceil(SAMPLE);
        let last = (hi - 1) / SAMPLE;
        let found = first + self.samples[first..=last].partition_point(|&s| s < target);
        let from = if found > first {
            (found - 1) * SAMPLE + 1
        } else {
            lo
        };
        let to = if found <= last { found * SAMPLE } else { hi };
        partition(from.max(lo), to.min(hi), |p| self.byte(p, d) < Some(b))
    }

    /// First position in `lo..hi` whose byte `d` is above `b`, for an `lo` whose byte is `b`
    /// (the end of the child starting at `lo`). Children are mostly small and their keys
    /// neighbours in memory: a few steps ahead come first, a search of the range after.
    pub(crate) fn end_of(&self, lo: usize, hi: usize, d: usize, b: u8) -> usize {
        let Some(next) = b.checked_add(1) else {
            return hi;
        };
        let (mut from, mut step) = (lo, 1);
        while step <= 16 {
            let ahead = from + step;
            if ahead >= hi || self.byte(ahead, d) > Some(b) {
                return partition(from + 1, ahead.min(hi), |p| self.byte(p, d) <= Some(b));
            }
            from = ahead;
            step *= 2;
        }
        self.lower(from + 1, hi, d, Some(next))
    }

    /// First position in `lo..hi` whose byte `d` is above `b`.
    pub(crate) fn upper(&self, lo: usize, hi: usize, d: usize, b: Option<u8>) -> usize {
        partition(lo, hi, |p| self.byte(p, d) <= b)
    }

    /// [`Self::upper`] for a `b` that `lo` holds, by exponential search from `lo`: children
    /// are usually small, so walking them in turn costs little more than their number.
    pub(crate) fn gallop_upper(&self, lo: usize, hi: usize, d: usize, b: Option<u8>) -> usize {
        let mut step = 1;
        let mut from = lo;
        while from + step < hi && self.byte(from + step, d) <= b {
            from += step;
            step *= 2;
        }
        partition(from + 1, (from + step).min(hi), |p| self.byte(p, d) <= b)
    }

    /// Positions in `lo..hi` whose byte `d` is `b`.
    pub(crate) fn child(&self, lo: usize, hi: usize, d: usize, b: u8) -> (usize, usize) {
        let start = self.lower(lo, hi, d, Some(b));
        if start == hi || self.byte(start, d) != Some(b) {
            return (start, start);
        }
        (start, self.end_of(start, hi, d, b))
    }

    /// Positions in `lo..hi` whose keys start (in reading order) with `prefix`.
    pub(crate) fn prefix(&self, lo: usize, hi: usize, prefix: &[u8]) -> (usize, usize) {
        let (mut lo, mut hi) = (lo, hi);
        for (d, &b) in prefix.iter().enumerate() {
            (lo, hi) = self.child(lo, hi, d, b);
            if lo == hi {
                break;
            }
        }
        (lo, hi)
    }
}

/// Bytes a [`Directory`] lists: `0` (anything below `'0'`, an ended key too), digits and
/// capital letters, the bytes of nearly every L3 form.
pub(super) const SYMBOLS: usize = 37;

fn symbol(b: u8) -> Option<usize> {
    match b {
        0 => Some(0),
        b'0'..=b'9' => Some(1 + usize::from(b - b'0')),
        b'A'..=b'Z' => Some(11 + usize::from(b - b'A')),
        _ => None,
    }
}

fn symbol_byte(s: usize) -> u8 {
    match s {
        0 => 0,
        1..=10 => b'0' + (s - 1) as u8,
        _ => b'A' + (s - 11) as u8,
    }
}

/// For a range of a view with many keys, the first position whose first three bytes (zero
/// past the end) are at least each 3-byte string over the symbols: the children of the three
/// densest levels of the trie without a search.
pub(crate) struct Directory {
    pub(super) lo: usize,
    pub(super) hi: usize,
    pub(super) bounds: Vec<u32>,
}

/// Ranges of at least this many keys get a directory (203 KB each).
pub(crate) const DIRECTORY_AT: usize = 1 << 16;

impl Directory {
    /// The directory of positions `lo..hi` of a view, from the packed prefix of each position.
    pub(crate) fn build(lo: usize, hi: usize, prefix_at: impl Fn(usize) -> u64) -> Directory {
        let mut bounds = Vec::with_capacity(SYMBOLS * SYMBOLS * SYMBOLS);
        let below = |p: usize, target: u64| prefix_at(p) >> 40 < target;
        let mut p = lo;
        for x in 0..SYMBOLS * SYMBOLS * SYMBOLS {
            let (s0, s1, s2) = (x / (SYMBOLS * SYMBOLS), x / SYMBOLS % SYMBOLS, x % SYMBOLS);
            let target = u64::from(symbol_byte(s0)) << 16
                | u64::from(symbol_byte(s1)) << 8
                | u64::from(symbol_byte(s2));
            // Galloping from the previous bound: a few probes per bound, not one per key.
            let mut step = 1;
            while p < hi && below(p, target) {
                let ahead = (p + step).min(hi);
                if ahead < hi && below(ahead, target) {
                    p = ahead + 1;
                    step *= 2;
                } else {
                    p = partition(p + 1, ahead, |q| below(q, target));
                    break;
                }
            }
            bounds.push(p as u32);
        }
        Directory { lo, hi, bounds }
    }

    fn covers(&self, lo: usize, hi: usize) -> bool {
        self.lo <= lo && hi <= self.hi
    }

    /// The first position whose first three bytes are at least `at`, if `at` is listed.
    fn lower(&self, at: [u8; 3]) -> Option<usize> {
        let x = (symbol(at[0])? * SYMBOLS + symbol(at[1])?) * SYMBOLS + symbol(at[2])?;
        Some(self.bounds[x] as usize)
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.bounds.capacity() * 4
    }
}

/// First position in `lo..hi` where `below` turns false (`below` is true, then false).
fn partition(mut lo: usize, mut hi: usize, below: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Sorts `entries` by their keys read in the given direction, ties by entry id. Keys are
/// compared by their first 8 bytes packed in a word (`prefixes`, by entry), then, where that
/// ties and the lengths (`lens`, by entry) do not settle it, in full (`key_of` writes an
/// entry's key).
pub(crate) fn sort_entries(
    entries: &mut [u32],
    prefixes: &[u64],
    lens: &[u8],
    backwards: bool,
    key_of: &dyn Fn(u32, &mut Vec<u8>),
) {
    let mut pairs: Vec<(u64, u32)> = entries.iter().map(|&e| (prefixes[e as usize], e)).collect();
    pairs.sort_unstable();
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i + 1;
        while j < pairs.len() && pairs[j].0 == pairs[i].0 {
            j += 1;
        }
        if j - i > 1 && !all_equal_short(lens, &pairs[i..j]) {
            sort_run(&mut pairs[i..j], backwards, key_of);
        }
        i = j;
    }
    for (slot, (_, e)) in entries.iter_mut().zip(pairs) {
        *slot = e;
    }
}

/// Sorts pairs of one packed prefix by their whole keys, then entry.
fn sort_run(run: &mut [(u64, u32)], backwards: bool, key_of: &dyn Fn(u32, &mut Vec<u8>)) {
    let mut keyed: Vec<(Vec<u8>, u32)> = run
        .iter()
        .map(|&(_, e)| {
            let mut key = Vec::new();
            key_of(e, &mut key);
            if backwards {
                key.reverse();
            }
            (key, e)
        })
        .collect();
    keyed.sort_unstable();
    for (slot, (_, e)) in run.iter_mut().zip(keyed) {
        slot.1 = e;
    }
}

/// Whether keys with one packed prefix are all of one length of at most 8 bytes: then they
/// are equal and the entry order of the word sort stands.
fn all_equal_short(lens: &[u8], run: &[(u64, u32)]) -> bool {
    let len = lens[run[0].1 as usize];
    len <= 8 && run.iter().all(|p| lens[p.1 as usize] == len)
}

/// The first 8 bytes of `key` in reading order, big-endian, zero-padded: words compare as
/// the keys' starts do.
pub(crate) fn packed(key: &[u8], backwards: bool) -> u64 {
    let mut word = [0u8; 8];
    if backwards {
        for (slot, &b) in word.iter_mut().zip(key.iter().rev()) {
            *slot = b;
        }
    } else {
        for (slot, &b) in word.iter_mut().zip(key) {
            *slot = b;
        }
    }
    u64::from_be_bytes(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(words: &[&str]) -> KeyColumn {
        let mut c = KeyColumn::new();
        for w in words {
            c.push(w.as_bytes());
        }
        c
    }

    #[test]
    fn sorts_and_finds_children_both_ways() {
        let words = [
            "B12",
            "A1",
            "A",
            "A12345678",
            "A12345679",
            "",
            "A1\0",
            "B",
            "12B",
            "2B",
            "A1",
        ];
        let keys = column(&words);
        for backwards in [false, true] {
            let mut order: Vec<u32> = (0..words.len() as u32).collect();
            let prefixes: Vec<u64> = words
                .iter()
                .map(|w| packed(w.as_bytes(), backwards))
                .collect();
            let lens: Vec<u8> = words.iter().map(|w| w.len() as u8).collect();
            let key_of = |e: u32, out: &mut Vec<u8>| out.extend_from_slice(keys.get(e as usize));
            sort_entries(&mut order, &prefixes, &lens, backwards, &key_of);
            let read = |e: u32| -> Vec<u8> {
                let k = words[e as usize].as_bytes();
                if backwards {
                    k.iter().rev().copied().collect()
                } else {
                    k.to_vec()
                }
            };
            for w in order.windows(2) {
                assert!((read(w[0]), w[0]) < (read(w[1]), w[1]), "{backwards}");
            }
            let view = View::new(&keys, Some(&order), backwards, &[], None);
            let prefix: &[u8] = if backwards { b"2" } else { b"A1" };
            let (lo, hi) = view.prefix(0, words.len(), prefix);
            let expected = order
                .iter()
                .filter(|&&e| read(e).starts_with(prefix))
                .count();
            assert_eq!(hi - lo, expected, "{backwards}");
            assert!((lo..hi).all(|p| read(view.entry(p)).starts_with(prefix)));
        }
    }

    /// Child lookups through the samples and the directory agree with a plain binary search.
    #[test]
    fn samples_and_directory_find_what_a_search_finds() {
        const ALPHABET: &[u8] = b"019AZ#\0";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let words: Vec<Vec<u8>> = (0..80_000)
            .map(|_| {
                (0..next(6))
                    .map(|_| ALPHABET[next(ALPHABET.len())])
                    .collect()
            })
            .collect();
        let mut keys = KeyColumn::new();
        for w in &words {
            keys.push(w);
        }
        for backwards in [false, true] {
            let prefixes: Vec<u64> = words.iter().map(|w| packed(w, backwards)).collect();
            let mut order: Vec<u32> = (0..words.len() as u32).collect();
            let lens: Vec<u8> = words.iter().map(|w| w.len() as u8).collect();
            let key_of = |e: u32, out: &mut Vec<u8>| out.extend_from_slice(keys.get(e as usize));
            sort_entries(&mut order, &prefixes, &lens, backwards, &key_of);
            let samples = View::sample(&prefixes, Some(&order));
            let dir = Directory::build(0, words.len(), |p| prefixes[order[p] as usize]);
            let fast = View::new(&keys, Some(&order), backwards, &samples, Some(&dir));
            let plain = View::new(&keys, Some(&order), backwards, &[], None);
            for _ in 0..3_000 {
                let path: Vec<u8> = (0..next(3))
                    .map(|_| ALPHABET[next(ALPHABET.len())])
                    .collect();
                let (lo, hi) = plain.prefix(0, words.len(), &path);
                if lo == hi {
                    continue;
                }
                let b = ALPHABET[next(ALPHABET.len())];
                let d = path.len();
                assert_eq!(
                    fast.child(lo, hi, d, b),
                    plain.child(lo, hi, d, b),
                    "{path:?} {b}"
                );
            }
        }
    }
}

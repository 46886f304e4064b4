//! Sorted views of the L3 keys: implicit tries.
//!
//! A view lists entries in the byte order of their L3 keys, read forwards or backwards. In
//! such a list, the keys that share their first `d` bytes are one contiguous range: a trie
//! node is a range, its children are the sub-ranges by byte `d`, and finding one costs a
//! binary search. No node is stored; a view costs one 4-byte entry id per entry, or nothing
//! when the entries themselves are in that order (the forward view within a maker).

use super::columns::{prefetch, KeyColumn, PackedIds};

/// Entries ordered by their L3 key, forwards or backwards.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    keys: &'a KeyColumn,
    /// Position → entry; `None` when positions are entries.
    order: Option<&'a PackedIds>,
    backwards: bool,
    /// The first 8 bytes (reading order) of every [`SAMPLE`]-th position's key, packed: most
    /// of a binary search runs over this small array instead of through `order` and `keys`.
    samples: &'a [u64],
    /// Lower bounds of the first three bytes over part of the view, where one is kept.
    directory: Option<&'a Directory>,
    /// How each position's key branches off the one before it, where kept ([`Branches`]).
    branches: Option<&'a [u8]>,
}

/// Where [`View::lower_by_branches`] stopped: at a key it read (which may equal the key
/// looked for), or at one the branches put above it.
enum Lower {
    Read(usize),
    Above(usize),
}

/// Keys [`View::end_of`] scans the branches for the end of a child before it searches.
const END_SCAN_AT_MOST: usize = 256;

/// Positions per sample of a view.
pub(crate) const SAMPLE: usize = 32;

impl<'a> View<'a> {
    pub(crate) fn new(
        keys: &'a KeyColumn,
        order: Option<&'a PackedIds>,
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
            branches: None,
        }
    }

    /// The view with its [`Branches`]: small nodes' children are then found by a scan of a
    /// byte per key instead of searches through the keys.
    pub(crate) fn with_branches(self, branches: &'a Branches) -> Self {
        View {
            branches: Some(&branches.0),
            ..self
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
            Some(order) => order.get(pos),
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

    /// Whether every key is ASCII, so a key's byte length is its length in characters.
    pub(crate) fn all_ascii(&self) -> bool {
        self.keys.all_ascii()
    }

    /// The stored (forward) key at `pos`.
    pub(crate) fn key(&self, pos: usize) -> &'a [u8] {
        crate::stats::key_read();
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
        let dir = self.directory.filter(|dir| dir.covers(lo, hi, d))?;
        let start = packed(self.key(lo), self.backwards).to_be_bytes();
        let mut at = [0u8; 3];
        at[..d].copy_from_slice(&start[..d]);
        at[d] = b;
        dir.lower(&at).map(|p| p.clamp(lo, hi))
    }

    /// [`Self::lower`] through the samples. Within a range that shares its first `d` bytes, a
    /// key's byte `d` is at least `b > 0` exactly when its packed prefix is at least the shared
    /// prefix followed by `b` and zeros (an ended key packs a zero there).
    fn lower_sampled(&self, lo: usize, hi: usize, d: usize, b: u8) -> usize {
        let shift = 8 * (7 - d as u32);
        let keep = if d == 0 { 0 } else { u64::MAX << (shift + 8) };
        let target = (packed(self.key(lo), self.backwards) & keep) | (u64::from(b) << shift);
        let (from, to) = self.sample_window(lo, hi, target, false);
        // Right after a sample, the key before `from` is known (from the sample) to have a
        // byte below `b` at `d`: the branches then tell the keys' bytes without reading them.
        match self.branches {
            Some(branches) if from > lo && (from - 1) % SAMPLE == 0 && to <= branches.len() => {
                self.lower_in_branches(branches, from, to, d, b)
            }
            _ => partition(from, to, |p| self.byte(p, d) < Some(b)),
        }
    }

    /// The first position of `from..to` whose byte `d` is not below `b > 0`, given that the
    /// key before `from` is below it there and every key of the range shares its first `d`
    /// bytes: a key's byte `d` changes only where it branches off at depth `d`, and the
    /// branch says to what, unless its code says "read the key".
    fn lower_in_branches(&self, branches: &[u8], from: usize, to: usize, d: usize, b: u8) -> usize {
        for (p, &branch) in branches[from..to].iter().enumerate() {
            let p = from + p;
            let depth = branch_depth(branch);
            if depth > d || (depth == d && branch >> 3 == END) {
                continue; // byte `d` as the key before's
            }
            let byte = match (depth == d).then(|| byte_of(branch >> 3)).flatten() {
                Some(byte) => Some(byte),
                None => self.byte(p, d), // unknown code, or a depth the branches do not tell
            };
            if byte >= Some(b) {
                return p;
            }
        }
        to
    }

    /// First position in `lo..hi` whose byte `d` is above `b`, for an `lo` whose byte is `b`
    /// (the end of the child starting at `lo`). Children are mostly small and their keys
    /// neighbours in memory: a few steps ahead come first, a search of the range after.
    pub(crate) fn end_of(&self, lo: usize, hi: usize, d: usize, b: u8) -> usize {
        let Some(next) = b.checked_add(1) else {
            return hi;
        };
        // At the levels a directory lists, the end is the next byte's bound: no probe at all.
        if hi - lo > 2 * SAMPLE {
            if let Some(end) = self.lower_listed(lo, hi, d, next) {
                return end;
            }
        }
        // Where the branches are kept, the next child starts at the next branch at depth `d`.
        if let Some(branches) = self.branches.filter(|br| hi <= br.len() && d < DEEPEST) {
            let near_end = hi.min(lo + END_SCAN_AT_MOST);
            let end = next_branch(branches, lo + 1, near_end, d);
            if end < near_end || near_end == hi {
                return end;
            }
            return self.lower(near_end, hi, d, Some(next));
        }
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

    /// The end of the keys of `lo..hi` that end at depth `d`, for a node (sharing its first
    /// `d` bytes) whose first key does: they are all equal, so where the branches are kept
    /// (and tell depth `d`) it is the first key that does not branch off as "equal to the key
    /// before" at `d`; else a search.
    pub(crate) fn end_of_ended(&self, lo: usize, hi: usize, d: usize) -> usize {
        match self.branches.filter(|br| hi <= br.len() && d < DEEPEST) {
            Some(branches) => {
                let equal = d as u8 | END << 3;
                (lo + 1..hi).find(|&p| branches[p] != equal).unwrap_or(hi)
            }
            None => self.gallop_upper(lo, hi, d, None),
        }
    }

    /// [`Self::upper`] for a `b` that `lo` holds, by exponential search from `lo`: children
    /// are usually small, so walking them in turn costs little more than their number.
    pub(crate) fn gallop_upper(&self, lo: usize, hi: usize, d: usize, b: Option<u8>) -> usize {
        gallop(lo + 1, hi, |p| self.byte(p, d) <= b)
    }

    /// Positions in `lo..hi` whose byte `d` is `b`.
    pub(crate) fn child(&self, lo: usize, hi: usize, d: usize, b: u8) -> (usize, usize) {
        if let Some(children) = self.children(lo, hi, d, SCAN_SOME_AT_MOST) {
            if code_of(b) != OTHER {
                // The first child not below `b`: `b`'s own, or where it would start.
                let mut at_or_after = children.skip_while(|c| c.byte.is_none_or(|x| x < b));
                return match at_or_after.next() {
                    Some(c) if c.byte == Some(b) => (c.lo, c.hi),
                    Some(c) => (c.lo, c.lo),
                    None => (hi, hi),
                };
            }
        }
        let start = self.lower(lo, hi, d, Some(b));
        if start == hi || self.byte(start, d) != Some(b) {
            return (start, start);
        }
        (start, self.end_of(start, hi, d, b))
    }

    /// Positions in `lo..hi` whose key is `key`, in a forward view: the directory's bucket of
    /// its first bytes, the samples' window of its first 8, then a search of whole keys in
    /// that window. Equal keys are few, so the end is found by stepping.
    pub(crate) fn equal_range(&self, lo: usize, hi: usize, key: &[u8]) -> (usize, usize) {
        debug_assert!(!self.backwards, "keys are compared forwards");
        let (lo, hi) = self.listed_bucket(lo, hi, key).unwrap_or((lo, hi));
        let (from, to) = self.sample_window(lo, hi, packed(key, false), true);
        self.prefetch_window(from, to);
        let Some(branches) = self.branches.filter(|b| to <= b.len() && !key.contains(&0)) else {
            let start = partition(from, to, |p| self.key(p) < key);
            let mut end = start;
            while end < to && self.key(end) == key {
                end += 1;
            }
            return (start, end);
        };
        match self.lower_by_branches(branches, lo, (from, to), key) {
            Lower::Read(start) => (start, self.end_of_equal(branches, start, to, key)),
            Lower::Above(start) => (start, start),
        }
    }

    /// Asks for the branches of a window of positions, and for what locates their keys, to be
    /// brought into the cache together, before the scan reads them one after the other.
    fn prefetch_window(&self, from: usize, to: usize) {
        if from >= to {
            return;
        }
        if let Some(branches) = self.branches {
            prefetch(branches.get(from));
            prefetch(branches.get(to - 1));
        }
        match self.order {
            Some(order) => {
                order.prefetch(from);
                order.prefetch(to - 1);
            }
            None => {
                self.keys.prefetch_line(from);
                self.keys.prefetch_line(to - 1);
            }
        }
    }

    /// The first position of `from..to` whose key is not below `key`, scanning the branches
    /// (front coding, in effect): how far each key agrees with `key` follows from how it
    /// branches off the key before, so a key is read only where that leaves the comparison
    /// open. A window just after a sample starts from the sample's 8 bytes, read from the
    /// samples. `key` must hold no zero byte (the samples' padding).
    fn lower_by_branches(
        &self,
        branches: &[u8],
        lo: usize,
        (from, to): (usize, usize),
        key: &[u8],
    ) -> Lower {
        let agree = |a: &[u8]| a.iter().zip(key).take_while(|(x, y)| x == y).count();
        // `shared`: bytes the key before `p` shares with `key`, which it is below.
        let (mut p, mut shared) = if from > lo && (from - 1) % SAMPLE == 0 {
            let sample = self.samples[(from - 1) / SAMPLE];
            let word = packed(key, false);
            (from, ((sample ^ word).leading_zeros() / 8) as usize)
        } else {
            if from == to {
                return Lower::Above(to);
            }
            if compare_keys(self.key(from), key).is_ge() {
                return Lower::Read(from);
            }
            (from + 1, agree(self.key(from)))
        };
        while p < to {
            let b = branches[p];
            let (depth, code) = (branch_depth(b), b >> 3);
            let open = if code == END || depth > shared {
                false // equal to the key before, or as far below `key` as it
            } else if b == DEEPER_BRANCH {
                true // shares 8 bytes or more with the key before, as `key` does
            } else if depth < shared {
                return Lower::Above(p); // above the key before where that one agrees with `key`
            } else {
                match (byte_of(code), key.get(shared)) {
                    (_, None) => return Lower::Above(p), // longer than `key`, which it extends
                    (Some(c), Some(&q)) if c < q => false,
                    (Some(c), Some(&q)) if c > q => return Lower::Above(p),
                    _ => true,
                }
            };
            if open {
                let k = self.key(p);
                if compare_keys(k, key).is_ge() {
                    return Lower::Read(p);
                }
                shared = agree(k);
            }
            p += 1;
        }
        // The window ends before a sample above `key` (or at the range's end).
        Lower::Above(to)
    }

    /// The end of the keys equal to `key` from `start`: the branches say "equal to the key
    /// before" or not, except for keys sharing 8 bytes or more with it, which are read.
    fn end_of_equal(&self, branches: &[u8], start: usize, to: usize, key: &[u8]) -> usize {
        if start == to || compare_keys(self.key(start), key).is_ne() {
            return start;
        }
        let mut end = start + 1;
        while end < to {
            let b = branches[end];
            let equal = match b {
                DEEPER_BRANCH => compare_keys(self.key(end), key).is_eq(),
                _ => b >> 3 == END,
            };
            if !equal {
                break;
            }
            end += 1;
        }
        end
    }

    /// The positions of `lo..hi` the directory gives for the first bytes of `key` (zeros past
    /// its end), when it covers the range and lists those bytes: a superset of the keys that
    /// start with them.
    fn listed_bucket(&self, lo: usize, hi: usize, key: &[u8]) -> Option<(usize, usize)> {
        let dir = self.directory.filter(|dir| dir.covers(lo, hi, 0))?;
        let (start, end) = dir.bucket(key)?;
        Some((start.clamp(lo, hi), end.clamp(lo, hi)))
    }

    /// A window of `lo..hi`, between two samples, that holds the first key whose packed
    /// prefix is at least `target` and, `through_equal`, every key whose prefix is `target`:
    /// the keys before it have smaller prefixes (so are smaller keys), the keys after it
    /// larger ones (at least `target` without `through_equal`).
    fn sample_window(
        &self,
        lo: usize,
        hi: usize,
        target: u64,
        through_equal: bool,
    ) -> (usize, usize) {
        if hi - lo <= 2 * SAMPLE || self.samples.is_empty() {
            return (lo, hi);
        }
        let first = lo.div_ceil(SAMPLE);
        let last = (hi - 1) / SAMPLE;
        let samples = &self.samples[first..=last];
        let at_least = partition_samples(samples, |s| s < target);
        // Samples equal to `target` are few (a prefix shared by 32 keys and more): they are
        // stepped over from `at_least`, not searched for from the middle of the range.
        let above = if through_equal {
            gallop(at_least, samples.len(), |i| samples[i] <= target)
        } else {
            at_least
        };
        let (at_least, above) = (first + at_least, first + above);
        let from = if at_least > first {
            (at_least - 1) * SAMPLE + 1
        } else {
            lo
        };
        let to = if above <= last { above * SAMPLE } else { hi };
        (from.max(lo), to.min(hi))
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

/// Nodes of at most this many keys have all their children listed by a scan of their
/// [`Branches`] (a byte per key, eight at a time) rather than by a search per child.
pub(crate) const SCAN_ALL_AT_MOST: usize = 1 << 14;
/// Nodes of at most this many keys are scanned for a few of their children; in bigger ones,
/// a search per child (through the samples) costs less.
pub(crate) const SCAN_SOME_AT_MOST: usize = 1 << 12;

/// One child of a node: positions `lo..hi`, whose byte at the node's depth is `byte`
/// (`None`: the keys that end there, which sort first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Child {
    pub(crate) lo: usize,
    pub(crate) hi: usize,
    pub(crate) byte: Option<u8>,
}

/// How a key branches off the key before it in a view (see [`Branches`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Branch {
    /// Bytes shared with the key before (`DEEPEST + 1`: at least that many).
    pub(crate) depth: usize,
    /// The key's byte at `depth`, when its code says it (`None`: read the key, or the key
    /// equals the one before).
    pub(crate) byte: Option<u8>,
}

impl<'a> View<'a> {
    /// How the key at `pos` branches off the one before it, when the view keeps branches.
    pub(crate) fn branch(&self, pos: usize) -> Option<Branch> {
        let b = *self.branches?.get(pos)?;
        Some(Branch {
            depth: branch_depth(b),
            byte: byte_of(b >> 3),
        })
    }

    /// The children of the node `lo..hi` at depth `d`, in byte order, found by a scan of the
    /// view's [`Branches`] when it has them, the node has at most `at_most` keys and `d` is
    /// within the branches' reach.
    pub(crate) fn children(
        &self,
        lo: usize,
        hi: usize,
        d: usize,
        at_most: usize,
    ) -> Option<Children<'a>> {
        let branches = self.branches?;
        (d < DEEPEST && hi - lo <= at_most && lo < hi && hi <= branches.len()).then(|| Children {
            view: *self,
            branches,
            at: lo,
            hi,
            d,
            byte: self.byte(lo, d),
        })
    }
}

/// The children of a node, from its [`Branches`] (see [`View::children`]).
pub(crate) struct Children<'a> {
    view: View<'a>,
    branches: &'a [u8],
    /// Where the next child starts, and its byte.
    at: usize,
    hi: usize,
    d: usize,
    byte: Option<u8>,
}

impl Iterator for Children<'_> {
    type Item = Child;

    fn next(&mut self) -> Option<Child> {
        if self.at >= self.hi {
            return None;
        }
        let lo = self.at;
        let end = next_branch(self.branches, lo + 1, self.hi, self.d);
        let child = Child {
            lo,
            hi: end,
            byte: self.byte,
        };
        self.at = end;
        if end < self.hi {
            self.byte = match byte_of(self.branches[end] >> 3) {
                Some(b) => Some(b),
                None => self.view.byte(end, self.d),
            };
        }
        Some(child)
    }
}

/// The first position in `from..hi` where a key branches off at depth `d` (a new child
/// starts), or `hi`. Eight bytes at a time: a child spans several keys on average, and big
/// nodes are scanned too.
fn next_branch(branches: &[u8], from: usize, hi: usize, d: usize) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    // A child starts at a branch of depth `d` whose code is not END: `b & 7 == d`, `b != d`.
    let depth = LOW * d as u64;
    let mut p = from;
    while p + 8 <= hi {
        let word = u64::from_le_bytes(branches[p..p + 8].try_into().unwrap_or([0; 8]));
        let starts = zero_bytes((word & (LOW * 7)) ^ depth) & !zero_bytes(word ^ depth);
        if starts != 0 {
            return p + starts.trailing_zeros() as usize / 8;
        }
        p += 8;
    }
    (p..hi)
        .find(|&q| {
            let b = branches[q];
            usize::from(b & 7) == d && usize::from(b) != d
        })
        .unwrap_or(hi)
}

/// The high bit of each byte of `x` that is zero, and only of those.
fn zero_bytes(x: u64) -> u64 {
    const HIGH_OFF: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((x & HIGH_OFF) + HIGH_OFF) | x | HIGH_OFF)
}

/// Per position of a view, a byte saying where its key branches off the key before it:
/// the depth of their first difference (bits 0–2: 0 to [`DEEPEST`]) and the key's byte there
/// as a code (bits 3–7: [`END`] for a key equal to the one before, the 27 characters of L3
/// forms, or [`OTHER`]: read the key); [`DEEPER_BRANCH`] where the two share 8 bytes or more
/// and are not known to be equal. The children of a node at depth `d` start where the depth
/// is `d`: a node's children are a scan of one byte per key away, without touching the keys.
/// 1 byte per key.
pub(crate) struct Branches(pub(super) Vec<u8>);

/// The deepest first difference [`Branches`] tell exactly (the 8 bytes of a packed word hold
/// the byte there); the children of nodes at most this deep less one are listed by a scan.
pub(crate) const DEEPEST: usize = 7;
/// Code of a key equal to the one before it.
const END: u8 = 0;
/// Code, at depth [`DEEPEST`], of a key sharing 8 bytes or more with the one before it.
const DEEPER: u8 = 28;
/// The branch byte of a key sharing 8 bytes or more with the one before it, not known to be
/// equal to it: read the key.
const DEEPER_BRANCH: u8 = DEEPEST as u8 | DEEPER << 3;
/// Code of a byte outside the L3 alphabet: the key itself says which.
const OTHER: u8 = 31;
/// The characters an L3 form is made of (look-alikes folded), in byte order: codes 1 to 27.
const L3_ALPHABET: &[u8; 27] = b"0123456789ACEFHJKMNPRTUVWXY";

fn code_of(b: u8) -> u8 {
    L3_ALPHABET
        .iter()
        .position(|&x| x == b)
        .map_or(OTHER, |i| i as u8 + 1)
}

fn byte_of(code: u8) -> Option<u8> {
    match code {
        1..=27 => Some(L3_ALPHABET[usize::from(code) - 1]),
        _ => None,
    }
}

impl Branches {
    /// The branches of a view whose positions hold `entry_at(p)`, from the packed prefixes
    /// (reading direction) and lengths of the entries' keys.
    pub(crate) fn build(
        n: usize,
        entry_at: impl Fn(usize) -> usize,
        prefixes: &[u64],
        lens: &[u8],
    ) -> Branches {
        let mut out = Vec::with_capacity(n);
        let mut prev: Option<(u64, usize)> = None;
        for p in 0..n {
            let e = entry_at(p);
            let (word, len) = (prefixes[e], usize::from(lens[e]));
            out.push(prev.map_or(DEEPEST as u8, |(w, l)| branch(w, l, word, len)));
            prev = Some((word, len));
        }
        Branches(out)
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.0.capacity()
    }
}

/// The branch byte of a key (`word`, `len`) that sorts after (`prev`, `prev_len`).
fn branch(prev: u64, prev_len: usize, word: u64, len: usize) -> u8 {
    let common = ((prev ^ word).leading_zeros() / 8) as usize;
    let depth = common.min(prev_len).min(len);
    if depth == len {
        // A key that ends where it branches off is a prefix of the key before it, which
        // sorts first: the two are equal.
        return depth.min(DEEPEST) as u8 | END << 3;
    }
    if depth > DEEPEST {
        return DEEPER_BRANCH; // 8 bytes alike: the packed words say no more
    }
    depth as u8 | code_of((word >> (8 * (7 - depth))) as u8) << 3
}

/// The depth a branch byte tells: 0 to [`DEEPEST`] exactly, `DEEPEST + 1` for "at least
/// that" ([`DEEPER_BRANCH`]).
fn branch_depth(b: u8) -> usize {
    if b == DEEPER_BRANCH {
        DEEPEST + 1
    } else {
        usize::from(b & 7)
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

/// For a range of a view with many keys, the first position whose first `levels` bytes
/// (zero past the end) are at least each string of that many symbols: the children of the
/// densest levels of the trie without a search. Over all makers two levels (5.5 KB), three
/// (203 KB) from [`DEEP_DIRECTORY_AT`] keys; two in a maker's range, whose smaller nodes below
/// are scanned ([`Branches`]).
pub(crate) struct Directory {
    pub(super) lo: usize,
    pub(super) hi: usize,
    pub(super) levels: usize,
    pub(super) bounds: Vec<u32>,
}

/// The views over all makers get a directory from this many keys on.
pub(crate) const DIRECTORY_AT: usize = 1 << 16;
/// ... of 3 levels from this many on (where its 203 KB cost under 0.05 bytes a key).
pub(crate) const DEEP_DIRECTORY_AT: usize = 1 << 22;
/// A maker's range gets 2-level directories from this many keys on.
pub(crate) const MAKER_DIRECTORY_AT: usize = 1 << 13;

impl Directory {
    /// The directory of `levels` (2 or 3) levels of positions `lo..hi` of a view, from the
    /// packed prefix of each position.
    pub(crate) fn build(
        lo: usize,
        hi: usize,
        levels: usize,
        prefix_at: impl Fn(usize) -> u64,
    ) -> Directory {
        let count = SYMBOLS.pow(levels as u32);
        let mut bounds = Vec::with_capacity(count);
        let shift = 64 - 8 * levels as u32;
        let below = |p: usize, target: u64| prefix_at(p) >> shift < target;
        let mut p = lo;
        for x in 0..count {
            let target = (0..levels).fold(0u64, |t, level| {
                let s = x / SYMBOLS.pow((levels - 1 - level) as u32) % SYMBOLS;
                t << 8 | u64::from(symbol_byte(s))
            });
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
        Directory {
            lo,
            hi,
            levels,
            bounds,
        }
    }

    /// The number of levels a directory of `bounds` entries lists, if it is one.
    pub(crate) fn levels_of(bounds: usize) -> Option<usize> {
        [2, 3]
            .into_iter()
            .find(|&levels| SYMBOLS.pow(levels as u32) == bounds)
    }

    fn covers(&self, lo: usize, hi: usize, d: usize) -> bool {
        self.lo <= lo && hi <= self.hi && d < self.levels
    }

    /// The first position whose first `levels` bytes are at least `at`, if `at` is listed.
    fn lower(&self, at: &[u8]) -> Option<usize> {
        let x = at[..self.levels]
            .iter()
            .try_fold(0, |x, &b| Some(x * SYMBOLS + symbol(b)?))?;
        self.bounds.get(x).map(|&b| b as usize)
    }

    /// The positions from the first whose first `levels` bytes are at least those of `key`
    /// (zeros past its end) to the first whose are at least the next listed string: every
    /// key starting with those bytes, if they are listed.
    fn bucket(&self, key: &[u8]) -> Option<(usize, usize)> {
        let x = (0..self.levels).try_fold(0, |x, i| {
            Some(x * SYMBOLS + symbol(key.get(i).copied().unwrap_or(0))?)
        })?;
        let start = *self.bounds.get(x)? as usize;
        let end = self.bounds.get(x + 1).map_or(self.hi, |&b| b as usize);
        Some((start, end))
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.bounds.capacity() * 4
    }
}

/// `a.cmp(b)`, 8 bytes at a time: keys are short, and a call to `memcmp` costs more than
/// the comparison itself (an exact lookup compares a few keys).
fn compare_keys(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let (mut a, mut b) = (a, b);
    while let (Some(x), Some(y)) = (a.first_chunk::<8>(), b.first_chunk::<8>()) {
        let (x, y) = (u64::from_be_bytes(*x), u64::from_be_bytes(*y));
        if x != y {
            return x.cmp(&y);
        }
        (a, b) = (&a[8..], &b[8..]);
    }
    match a.iter().zip(b).find(|(x, y)| x != y) {
        Some((x, y)) => x.cmp(y),
        None => a.len().cmp(&b.len()),
    }
}

/// `samples.partition_point(below)`, an eighth of the range at a time while it spans more
/// than a few cache lines: the lines of seven pivots are asked for together, so a search of
/// a cold array waits for one miss per eighth, not one per half.
fn partition_samples(samples: &[u64], below: impl Fn(u64) -> bool) -> usize {
    const WAYS: usize = 8;
    /// Samples in a few cache lines, searched once they are all asked for.
    const FEW: usize = 64;
    // The point is in `lo..=hi`.
    let (mut lo, mut hi) = (0, samples.len());
    while hi - lo > FEW {
        let step = (hi - lo) / WAYS;
        for j in 1..WAYS {
            prefetch(samples.get(lo + j * step));
        }
        let passed = (1..WAYS)
            .take_while(|&j| below(samples[lo + j * step]))
            .count();
        (lo, hi) = (
            if passed > 0 {
                lo + passed * step + 1
            } else {
                lo
            },
            if passed + 1 < WAYS {
                lo + (passed + 1) * step
            } else {
                hi
            },
        );
    }
    for i in (lo..hi).step_by(8) {
        prefetch(samples.get(i));
    }
    prefetch(samples.get(hi.saturating_sub(1)));
    partition(lo, hi, |i| below(samples[i]))
}

/// [`partition`] searching from `lo` by doubling steps: cheap when the point is near `lo`.
fn gallop(lo: usize, hi: usize, below: impl Fn(usize) -> bool) -> usize {
    let (mut from, mut step) = (lo, 1);
    while from < hi && below(from) {
        let ahead = (from + step).min(hi);
        if ahead < hi && below(ahead) {
            from = ahead + 1;
            step *= 2;
        } else {
            return partition(from + 1, ahead, below);
        }
    }
    from
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
        let keys = KeyColumn::of(&words);
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
            let packed = PackedIds::pack(&order, words.len());
            let view = View::new(&keys, Some(&packed), backwards, &[], None);
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
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let words = random_words(&mut next, 80_000, 6, ALPHABET);
        let keys = column_of(&words);
        for backwards in [false, true] {
            let SortedView {
                order,
                prefixes,
                samples,
                branches,
                packed,
            } = sorted_view(&words, &keys, backwards);
            let plain = View::new(&keys, Some(&packed), backwards, &[], None);
            for levels in [2, 3] {
                let dir = Directory::build(0, words.len(), levels, |p| prefixes[order[p] as usize]);
                let fast = View::new(&keys, Some(&packed), backwards, &samples, Some(&dir));
                let scanned = fast.with_branches(&branches);
                for _ in 0..3_000 {
                    let path: Vec<u8> = (0..next(4))
                        .map(|_| ALPHABET[next(ALPHABET.len())])
                        .collect();
                    let (lo, hi) = plain.prefix(0, words.len(), &path);
                    if lo == hi {
                        continue;
                    }
                    let d = path.len();
                    if plain.byte(lo, d).is_none() {
                        let ended = plain.gallop_upper(lo, hi, d, None);
                        assert_eq!(scanned.end_of_ended(lo, hi, d), ended, "{path:?}");
                        assert_eq!(fast.end_of_ended(lo, hi, d), ended, "{path:?}");
                    }
                    let b = ALPHABET[next(ALPHABET.len())];
                    let expected = plain.child(lo, hi, d, b);
                    assert_eq!(fast.child(lo, hi, d, b), expected, "{path:?} {b} {levels}");
                    assert_eq!(scanned.child(lo, hi, d, b), expected, "{path:?} {b}");
                    // The searches themselves, whatever the node's size.
                    let lower = plain.lower(lo, hi, d, Some(b));
                    assert_eq!(scanned.lower(lo, hi, d, Some(b)), lower, "{path:?} {b}");
                    if expected.0 < expected.1 {
                        let end = scanned.end_of(expected.0, hi, d, b);
                        assert_eq!(end, expected.1, "{path:?} {b}");
                    }
                }
            }
        }
    }

    /// Keys compare as byte strings: at every length around a word's, and where a prefix of
    /// one is the other.
    #[test]
    fn keys_compare_as_byte_strings() {
        let mut next = xorshift(0x5eed);
        for _ in 0..20_000 {
            let mut a: Vec<u8> = (0..next(20)).map(|_| b"AB\0"[next(3)]).collect();
            let b: Vec<u8> = match next(3) {
                0 => a[..next(a.len() + 1)].to_vec(),
                1 => (0..next(20)).map(|_| b"AB\0"[next(3)]).collect(),
                _ => {
                    let b = a.clone();
                    a.push(b'A');
                    b
                }
            };
            assert_eq!(compare_keys(&a, &b), a.cmp(&b), "{a:?} {b:?}");
            assert_eq!(compare_keys(&b, &a), b.cmp(&a), "{a:?} {b:?}");
        }
    }

    /// The searches that stand in for `partition_point` find what it finds, at every point of
    /// arrays of every size around the ones where they change strategy.
    #[test]
    fn wide_and_galloping_searches_find_the_partition_point() {
        let mut next = xorshift(0x0dd_ba11);
        for len in [0, 1, 2, 7, 8, 9, 63, 64, 65, 66, 520, 4_099] {
            let mut samples: Vec<u64> = (0..len).map(|_| next(50) as u64).collect();
            samples.sort_unstable();
            for target in 0..=51 {
                let expected = samples.partition_point(|&s| s < target);
                assert_eq!(
                    partition_samples(&samples, |s| s < target),
                    expected,
                    "{len}"
                );
                for from in [0, expected / 2, expected] {
                    let found = gallop(from, len, |i| samples[i] < target);
                    assert_eq!(found, expected, "{len} {target} {from}");
                }
            }
        }
    }

    /// Child lookups at the depths where the branches stop telling depths apart (7 and
    /// beyond), in nodes big enough to be searched through the samples.
    #[test]
    fn deep_children_are_found_as_a_search_finds_them() {
        const ALPHABET: &[u8] = b"0129AZ";
        const STEM: &[u8] = b"1234567";
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let mut words = random_words(&mut next, 5_000, 6, ALPHABET);
        // Stems of 7 bytes with up to 3 more, at the start (forwards) and at the end (read
        // backwards), by the thousand.
        for i in 0..40_000 {
            let tail = random_words(&mut next, 1, 3, ALPHABET).remove(0);
            words.push(match i % 2 {
                0 => [STEM, &tail].concat(),
                _ => [&tail, STEM].concat(),
            });
        }
        let keys = column_of(&words);
        for backwards in [false, true] {
            let SortedView {
                order,
                prefixes,
                samples,
                branches,
                packed,
            } = sorted_view(&words, &keys, backwards);
            let dir = Directory::build(0, words.len(), 3, |p| prefixes[order[p] as usize]);
            let plain = View::new(&keys, Some(&packed), backwards, &[], None);
            let fast = View::new(&keys, Some(&packed), backwards, &samples, Some(&dir))
                .with_branches(&branches);
            let stem: Vec<u8> = match backwards {
                false => STEM.to_vec(),
                true => STEM.iter().rev().copied().collect(),
            };
            for path_len in 7..=9 {
                for _ in 0..200 {
                    let mut path = stem.clone();
                    path.extend((7..path_len).map(|_| ALPHABET[next(ALPHABET.len())]));
                    let (lo, hi) = plain.prefix(0, words.len(), &path);
                    assert_eq!(fast.prefix(0, words.len(), &path), (lo, hi), "{path:?}");
                    for &b in ALPHABET {
                        let expected = plain.child(lo, hi, path_len, b);
                        assert_eq!(fast.child(lo, hi, path_len, b), expected, "{path:?} {b}");
                        let lower = plain.lower(lo, hi, path_len, Some(b));
                        assert_eq!(fast.lower(lo, hi, path_len, Some(b)), lower, "{path:?}");
                        if expected.0 < expected.1 {
                            let end = fast.end_of(expected.0, hi, path_len, b);
                            assert_eq!(end, expected.1, "{path:?} {b}");
                        }
                    }
                }
            }
            if !backwards {
                // The same keys stored in their sorted order, as a maker's entries are: the
                // view's positions are the entries themselves.
                let stored: Vec<Vec<u8>> =
                    order.iter().map(|&e| words[e as usize].clone()).collect();
                let stored_keys = column_of(&stored);
                let words_at: Vec<u64> = stored.iter().map(|w| super::packed(w, false)).collect();
                let stored_lens: Vec<u8> = stored.iter().map(|w| w.len() as u8).collect();
                let stored_samples = View::sample(&words_at, None);
                let stored_branches = Branches::build(stored.len(), |p| p, &words_at, &stored_lens);
                let stored_dir = Directory::build(0, stored.len(), 2, |p| words_at[p]);
                let in_place = View::new(
                    &stored_keys,
                    None,
                    false,
                    &stored_samples,
                    Some(&stored_dir),
                )
                .with_branches(&stored_branches);
                for path_len in 7..=9 {
                    for _ in 0..200 {
                        let mut path = stem.clone();
                        path.extend((7..path_len).map(|_| ALPHABET[next(ALPHABET.len())]));
                        let (lo, hi) = plain.prefix(0, words.len(), &path);
                        for &b in ALPHABET {
                            let expected = plain.child(lo, hi, path_len, b);
                            assert_eq!(
                                in_place.child(lo, hi, path_len, b),
                                expected,
                                "{path:?} {b}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// Equal keys are found through the directory and the samples, for short keys, keys that
    /// share more than the 8 bytes a sample holds, bytes the directory does not list, and
    /// sub-ranges of a view as a maker's are.
    #[test]
    fn equal_range_finds_every_equal_key() {
        let mut next = xorshift(0x51_7cc1_b727_220a);
        for (alphabet, longest) in [(&b"019AZ#\0"[..], 6), (&b"01"[..], 12)] {
            let words = random_words(&mut next, 30_000, longest, alphabet);
            let keys = column_of(&words);
            let SortedView {
                order,
                prefixes,
                samples,
                branches,
                packed,
            } = sorted_view(&words, &keys, false);
            for levels in [2, 3] {
                let dir = Directory::build(0, words.len(), levels, |p| prefixes[order[p] as usize]);
                let plain = View::new(&keys, Some(&packed), false, &[], None);
                let fast = View::new(&keys, Some(&packed), false, &samples, Some(&dir));
                let scanned = fast.with_branches(&branches);
                let scanned_plain = plain.with_branches(&branches);
                for i in 0..600 {
                    let query = match i % 2 {
                        0 => words[next(words.len())].clone(),
                        _ => random_words(&mut next, 1, longest, alphabet).remove(0),
                    };
                    let (lo, hi) = match i % 3 {
                        0 => (0, words.len()),
                        _ => {
                            let a = next(words.len());
                            (a, a + next(words.len() - a) + 1)
                        }
                    };
                    let equal: Vec<usize> = (lo..hi)
                        .filter(|&p| keys.get(order[p] as usize) == &query[..])
                        .collect();
                    for view in [&plain, &fast, &scanned, &scanned_plain] {
                        let (start, end) = view.equal_range(lo, hi, &query);
                        assert!(lo <= start && start <= end && end <= hi, "{query:?}");
                        assert_eq!((start..end).collect::<Vec<_>>(), equal, "{query:?}");
                    }
                }
            }
        }
    }

    /// The children a scan of the branches lists are those a search finds, byte by byte, in
    /// both directions, for keys with shared runs longer than the branches tell apart, equal
    /// keys, and bytes outside the L3 alphabet.
    #[test]
    fn branches_list_the_children_a_search_finds() {
        const ALPHABET: &[u8] = b"0127AYO#\0";
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let mut words = random_words(&mut next, 20_000, 5, ALPHABET);
        // Long shared runs and copies.
        for i in 0..4_000 {
            let mut w = b"AAAAAAAAA".to_vec();
            w.extend(random_words(&mut next, 1, 4, ALPHABET).remove(0));
            words.push(w);
            words.push(words[i].clone());
        }
        let keys = column_of(&words);
        for backwards in [false, true] {
            let SortedView {
                branches, packed, ..
            } = sorted_view(&words, &keys, backwards);
            let plain = View::new(&keys, Some(&packed), backwards, &[], None);
            let scanned = plain.with_branches(&branches);
            let mut nodes = 0;
            for _ in 0..3_000 {
                let mut path: Vec<u8> = (0..next(5))
                    .map(|_| ALPHABET[next(ALPHABET.len())])
                    .collect();
                if next(3) == 0 {
                    path = b"AAAAAAAAA"[..next(9)].to_vec();
                }
                let (lo, hi) = plain.prefix(0, words.len(), &path);
                let d = path.len();
                let Some(children) = scanned.children(lo, hi, d, usize::MAX) else {
                    assert!(lo == hi || d >= DEEPEST, "{path:?}");
                    continue;
                };
                nodes += 1;
                let listed: Vec<Child> = children.collect();
                assert_eq!(listed, children_by_search(&plain, lo, hi, d), "{path:?}");
            }
            assert!(nodes > 1_000, "{nodes} nodes checked");
        }
    }

    /// The children of `lo..hi` at depth `d`, one search per child.
    fn children_by_search(view: &View<'_>, lo: usize, hi: usize, d: usize) -> Vec<Child> {
        let mut out = Vec::new();
        let mut p = lo;
        while p < hi {
            let byte = view.byte(p, d);
            let end = view.upper(p, hi, d, byte);
            out.push(Child {
                lo: p,
                hi: end,
                byte,
            });
            p = end;
        }
        out
    }

    fn xorshift(mut state: u64) -> impl FnMut(usize) -> usize {
        move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        }
    }

    fn random_words(
        next: &mut impl FnMut(usize) -> usize,
        count: usize,
        longest: usize,
        alphabet: &[u8],
    ) -> Vec<Vec<u8>> {
        (0..count)
            .map(|_| {
                (0..next(longest + 1))
                    .map(|_| alphabet[next(alphabet.len())])
                    .collect()
            })
            .collect()
    }

    fn column_of(words: &[Vec<u8>]) -> KeyColumn {
        let mut keys = KeyColumn::new();
        for w in words {
            keys.push(w);
        }
        keys
    }

    /// The entries of `words` sorted in one direction, with their packed prefixes and lengths.
    /// A view's parts over `words` (as `keys`): order, packed prefixes, samples, branches
    /// and the order packed.
    struct SortedView {
        order: Vec<u32>,
        prefixes: Vec<u64>,
        samples: Vec<u64>,
        branches: Branches,
        packed: PackedIds,
    }

    fn sorted_view(words: &[Vec<u8>], keys: &KeyColumn, backwards: bool) -> SortedView {
        let (order, prefixes, lens) = sorted(words, keys, backwards);
        SortedView {
            samples: View::sample(&prefixes, Some(&order)),
            branches: Branches::build(order.len(), |p| order[p] as usize, &prefixes, &lens),
            packed: PackedIds::pack(&order, words.len()),
            order,
            prefixes,
        }
    }

    fn sorted(
        words: &[Vec<u8>],
        keys: &KeyColumn,
        backwards: bool,
    ) -> (Vec<u32>, Vec<u64>, Vec<u8>) {
        let prefixes: Vec<u64> = words.iter().map(|w| packed(w, backwards)).collect();
        let mut order: Vec<u32> = (0..words.len() as u32).collect();
        let lens: Vec<u8> = words.iter().map(|w| w.len() as u8).collect();
        let key_of = |e: u32, out: &mut Vec<u8>| out.extend_from_slice(keys.get(e as usize));
        sort_entries(&mut order, &prefixes, &lens, backwards, &key_of);
        (order, prefixes, lens)
    }
}

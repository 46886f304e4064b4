//! Near serials: pigeonhole partitioning, then bit-parallel verification.
//!
//! Every L3 key of `n` characters is cut into 3 segments (`key::segments(n)`), and each entry
//! is listed under `(n, segment number, segment text)`. A query within `k ≤ 2` edits of a key
//! leaves one of its 3 segments intact, found in the query shifted by the insertions and
//! deletions before it; so probing every segment of every length `n` in `m−k..=m+k`, at every
//! shift `δ` with `|δ| + |m−n−δ| ≤ k`, reaches every key within reach.
//!
//! One OSA edit breaks that count: a transposition across a segment boundary damages two
//! segments. With `k = 1` one segment still survives. With `k = 2`, the keys missed are those
//! whose alignment swaps a pair straddling a boundary; swapping that pair back in the query
//! leaves at most one edit (and at most one straddling swap), so one segment of the swapped
//! query survives. The query's swapped variants at the boundary positions (shifted by at most
//! one) are probed as well: about 90 probes in all, each a hash lookup and a binary search of
//! the posting list down to the maker's entries.

use super::key::{decode, segment_hash, segments};
use super::verify::OsaPattern;
use super::{Candidate, SerialIndex};

/// Posting lists of entry ids (ascending) per segment hash.
pub(crate) struct SegmentIndex {
    /// Distinct segment hashes, ascending.
    pub(super) keys: Vec<u64>,
    /// `starts[i]..starts[i + 1]` is the posting list of `keys[i]`.
    pub(super) starts: Vec<u32>,
    pub(super) postings: Vec<u32>,
    /// Top 16 bits of a hash → range of `keys` to search.
    pub(super) directory: Vec<u32>,
}

const DIR_BITS: u32 = 16;

impl SegmentIndex {
    /// Builds from `(hash, entry)` pairs already sorted by hash, then entry.
    pub(crate) fn from_sorted(hashes: &[u64], postings: Vec<u32>) -> Self {
        let mut keys = Vec::new();
        let mut starts = Vec::new();
        for (i, &h) in hashes.iter().enumerate() {
            if keys.last() != Some(&h) {
                keys.push(h);
                starts.push(i as u32);
            }
        }
        starts.push(postings.len() as u32);
        let mut directory = vec![0u32; (1 << DIR_BITS) + 1];
        for (slot, d) in directory.iter_mut().enumerate() {
            *d = keys.partition_point(|&k| ((k >> (64 - DIR_BITS)) as usize) < slot) as u32;
        }
        let (mut keys, mut starts) = (keys, starts);
        keys.shrink_to_fit();
        starts.shrink_to_fit();
        SegmentIndex {
            keys,
            starts,
            postings,
            directory,
        }
    }

    /// The posting list of `hash` (empty when unknown).
    pub(crate) fn list(&self, hash: u64) -> &[u32] {
        let slot = (hash >> (64 - DIR_BITS)) as usize;
        let (lo, hi) = (
            self.directory[slot] as usize,
            self.directory[slot + 1] as usize,
        );
        match self.keys[lo..hi].binary_search(&hash) {
            Ok(i) => {
                let i = lo + i;
                &self.postings[self.starts[i] as usize..self.starts[i + 1] as usize]
            }
            Err(_) => &[],
        }
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.keys.capacity() * 8
            + self.starts.capacity() * 4
            + self.postings.capacity() * 4
            + self.directory.capacity() * 4
    }
}

/// Hashes of every segment probe that can reach a key within `k` edits of `q`, deduplicated.
pub(crate) fn probes(q: &[char], k: usize) -> Vec<u64> {
    let m = q.len();
    let mut out = Vec::new();
    for n in m.saturating_sub(k)..=m + k {
        probe_length(q, n, k, &mut out);
        if k == 2 {
            for x in swap_positions(m, n) {
                let mut v = q.to_vec();
                v.swap(x, x + 1);
                probe_length(&v, n, 1, &mut out);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Segment probes of keys of length `n` within `k` edits of `q`.
fn probe_length(q: &[char], n: usize, k: usize, out: &mut Vec<u64>) {
    for (i, (start, len)) in segments(n).into_iter().enumerate() {
        for delta in shifts(q.len(), n, k) {
            let Some(p) = start.checked_add_signed(delta) else {
                continue;
            };
            if let Some(seg) = q.get(p..p + len) {
                out.push(segment_hash(n, i, seg));
            }
        }
    }
}

/// Shifts `δ` of a segment with `|δ| + |m − n − δ| ≤ k`: indels before and after it.
fn shifts(m: usize, n: usize, k: usize) -> impl Iterator<Item = isize> {
    let (k, d) = (k as isize, m as isize - n as isize);
    (-k..=k).filter(move |&delta| delta.abs() + (d - delta).abs() <= k)
}

/// Query positions `x` (swapping `x`, `x+1`) that undo a transposition straddling a segment
/// boundary of a key of length `n`, with at most one other edit (an indel before it).
fn swap_positions(m: usize, n: usize) -> Vec<usize> {
    let seg = segments(n);
    let mut out = Vec::new();
    for boundary in [seg[1].0, seg[2].0] {
        if boundary == 0 || boundary >= n {
            continue;
        }
        for delta in shifts(m, n, 1) {
            if let Some(x) = (boundary - 1).checked_add_signed(delta) {
                if x + 1 < m && !out.contains(&x) {
                    out.push(x);
                }
            }
        }
    }
    out
}

/// Candidates verified together: their key loads are issued back to back, so the memory
/// system fetches them in parallel instead of one cache miss after another.
const BATCH: usize = 32;

/// Bytes of a key copied in the gathering pass; longer keys are read again in place.
const HEAD: usize = 16;

impl SerialIndex {
    /// Entries of `ranges` passing `keep` whose L3 form is within `k` edits of `q`, once each.
    pub(crate) fn near_candidates(
        &self,
        q: &[char],
        k: usize,
        ranges: &[(u32, u32)],
        keep: &dyn Fn(u32) -> bool,
    ) -> Vec<Candidate> {
        let osa = OsaPattern::new(q);
        let mut lists: Vec<&[u32]> = probes(q, k)
            .into_iter()
            .map(|h| self.near.list(h))
            .collect();
        if k == 0 {
            // Every segment is intact: the shortest list holds every exact match.
            lists.sort_by_key(|l| l.len());
            lists.truncate(1);
        }
        let mut out: Vec<Candidate> = Vec::new();
        for list in lists {
            for &(lo, hi) in ranges {
                let from = list.partition_point(|&e| e < lo);
                let to = list.partition_point(|&e| e < hi);
                for batch in list[from..to].chunks(BATCH) {
                    self.verify_batch(batch, &osa, k, keep, &mut out);
                }
            }
        }
        out.sort_unstable_by_key(|c| c.entry);
        out.dedup_by_key(|c| c.entry);
        out
    }

    /// Verifies up to [`BATCH`] candidates: gathers their offsets, then their first bytes,
    /// then runs the distance computations on local copies.
    fn verify_batch(
        &self,
        batch: &[u32],
        osa: &OsaPattern,
        k: usize,
        keep: &dyn Fn(u32) -> bool,
        out: &mut Vec<Candidate>,
    ) {
        let mut spans = [(0usize, 0usize); BATCH];
        for (span, &e) in spans.iter_mut().zip(batch) {
            *span = (self.l3.offset(e as usize), self.l3.offset(e as usize + 1));
        }
        let arena = self.l3.arena();
        let mut heads = [[0u8; HEAD]; BATCH];
        for (head, &(start, end)) in heads.iter_mut().zip(&spans) {
            let len = (end - start).min(HEAD);
            head[..len].copy_from_slice(&arena[start..start + len]);
        }
        let mut key = Vec::new();
        for ((&e, head), &(start, end)) in batch.iter().zip(&heads).zip(&spans) {
            let bytes = if end - start <= HEAD {
                &head[..end - start]
            } else {
                &arena[start..end]
            };
            let edits = if bytes.is_ascii() {
                osa.within_ascii(bytes, k)
            } else {
                decode(bytes, &mut key);
                osa.within(&key, k)
            };
            if let Some(edits) = edits.filter(|_| keep(e)) {
                out.push(Candidate {
                    entry: e,
                    edits,
                    lookalikes: 0,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_respect_the_length_difference() {
        assert_eq!(shifts(6, 6, 2).collect::<Vec<_>>(), vec![-1, 0, 1]);
        assert_eq!(shifts(8, 6, 2).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(shifts(6, 7, 2).collect::<Vec<_>>(), vec![-1, 0]);
        assert_eq!(shifts(6, 6, 0).collect::<Vec<_>>(), vec![0]);
    }

    #[test]
    fn swaps_straddle_the_boundaries() {
        // n = 6: segments 0..2, 2..4, 4..6; boundaries 2 and 4.
        assert_eq!(swap_positions(6, 6), vec![1, 3]);
    }
}

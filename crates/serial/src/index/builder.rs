//! Building the index: collect triples, then sort by maker and write the columns and the
//! segment posting lists in a few linear passes (a counting sort by maker, a bucket sort of
//! segment hashes by their top bits).

use super::columns::{AttrColumn, IdColumn, KeyColumn, TextColumn};
use super::key::{l3_chars, segment_hash, segments, truncate_serial};
use super::near::SegmentIndex;
use super::{Attrs, SerialIndex};

/// Collects `(maker, serial, firearm, attrs)` entries for a [`SerialIndex`].
#[derive(Default)]
pub struct IndexBuilder {
    makers: Vec<u32>,
    firearms: Vec<u64>,
    attrs: Vec<Attrs>,
    /// The serials as added, one after another (`ends[i]` is where serial `i` ends).
    text: Vec<u8>,
    ends: Vec<u64>,
}

impl IndexBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one serial. Serials longer than [`crate::MAX_SERIAL_BYTES`] are kept cut to that
    /// length; entry ids beyond `u32::MAX` are not supported (4 billion serials).
    pub fn add(&mut self, maker: u32, serial: &str, firearm: u64, attrs: Attrs) {
        self.makers.push(maker);
        self.firearms.push(firearm);
        self.attrs.push(attrs);
        self.text
            .extend_from_slice(truncate_serial(serial).as_bytes());
        self.ends.push(self.text.len() as u64);
    }

    /// Number of serials added.
    pub fn len(&self) -> usize {
        self.makers.len()
    }

    /// Whether no serial was added.
    pub fn is_empty(&self) -> bool {
        self.makers.is_empty()
    }

    fn serial(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        std::str::from_utf8(&self.text[start..self.ends[i] as usize]).unwrap_or("")
    }

    /// Builds the index; entries keep their insertion order within a maker.
    pub fn build(self) -> SerialIndex {
        let (makers, starts, order) = self.order_by_maker();
        let attrs = AttrColumn::build(order.iter().map(|&i| self.attrs[i as usize]));
        let firearms = IdColumn::build(order.iter().map(|&i| self.firearms[i as usize]).collect());
        let (l3, raw, hashes, key_lengths) = self.texts(&order);
        // Free the collected entries before the posting lists' temporary arrays are made.
        drop((order, self));
        let near = bucket_sort(hashes);
        SerialIndex {
            makers,
            starts,
            firearms,
            attrs,
            l3,
            raw,
            near,
            key_lengths,
        }
    }

    /// Distinct makers (ascending), their first entries, and the insertion index of each
    /// entry in maker order (a stable counting sort).
    fn order_by_maker(&self) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
        let mut makers = self.makers.clone();
        makers.sort_unstable();
        makers.dedup();
        makers.shrink_to_fit();
        let rank = |m: u32| makers.binary_search(&m).unwrap_or(0);
        let ranks: Vec<u32> = self.makers.iter().map(|&m| rank(m) as u32).collect();
        let mut starts = vec![0u32; makers.len() + 1];
        for &r in &ranks {
            starts[r as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; ranks.len()];
        for (i, &r) in ranks.iter().enumerate() {
            order[next[r as usize] as usize] = i as u32;
            next[r as usize] += 1;
        }
        (makers, starts, order)
    }

    /// The L3 and raw columns in maker order, each entry's 3 segment hashes, and the number
    /// of keys of each length.
    fn texts(&self, order: &[u32]) -> (KeyColumn, TextColumn, Vec<u64>, Vec<u64>) {
        let mut key_lengths = vec![0u64; 256];
        let (mut l3, mut raw) = (KeyColumn::new(), TextColumn::new());
        let mut hashes = Vec::with_capacity(order.len() * 3);
        let (mut key, mut bytes) = (Vec::new(), String::new());
        for &i in order {
            let serial = self.serial(i as usize);
            l3_chars(serial, &mut key);
            bytes.clear();
            bytes.extend(key.iter());
            while bytes.len() > 255 {
                // Cannot happen for serials of 64 bytes; keeps the length byte exact anyway.
                key.pop();
                bytes.clear();
                bytes.extend(key.iter());
            }
            l3.push(bytes.as_bytes());
            key_lengths[key.len().min(255)] += 1;
            raw.push(if serial == bytes {
                b""
            } else {
                serial.as_bytes()
            });
            for (s, (start, len)) in segments(key.len()).into_iter().enumerate() {
                hashes.push(segment_hash(key.len(), s, &key[start..start + len]));
            }
        }
        l3.shrink();
        raw.shrink();
        (l3, raw, hashes, key_lengths)
    }
}

/// Posting lists from the segment hashes of each entry (`hashes[3e..3e+3]`): a counting sort
/// by the top 16 bits keeps entries ascending, then each bucket is sorted by hash (stably).
fn bucket_sort(hashes: Vec<u64>) -> SegmentIndex {
    const BITS: u32 = 16;
    let bucket = |h: u64| (h >> (64 - BITS)) as usize;
    let mut starts = vec![0usize; (1 << BITS) + 1];
    for &h in &hashes {
        starts[bucket(h) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut pairs = vec![(0u64, 0u32); hashes.len()];
    for (i, &h) in hashes.iter().enumerate() {
        let b = bucket(h);
        pairs[next[b]] = (h, (i / 3) as u32);
        next[b] += 1;
    }
    drop(hashes);
    for b in 0..(1 << BITS) {
        pairs[starts[b]..starts[b + 1]].sort_by_key(|&(h, _)| h);
    }
    let sorted: Vec<u64> = pairs.iter().map(|&(h, _)| h).collect();
    let postings: Vec<u32> = pairs.iter().map(|&(_, e)| e).collect();
    drop(pairs);
    SegmentIndex::from_sorted(&sorted, postings)
}

//! The exact-key table: the entries of each L3 form, a cache line or two away.
//!
//! A look-alike lookup (0 edits) through the sorted views waits for six to eight dependent
//! cache misses (directory, samples, branches, packed id, key line, key bytes, then the hit's
//! serial), about 150 ns each on an index of hundreds of megabytes. This table hashes each
//! entry's L3 form to a *home*, a 64-byte bucket of small slots (the entry and a few bits of
//! the hash), so a lookup reads one or two adjacent lines, then the candidates' keys and
//! serials together: three waits.
//!
//! Layout: slots of `entry bits + FP_BITS` bits, as many as fit in a bucket beside an 8-bit
//! header (18 at 10 M entries), at most [`LOAD`] of them used. A slot holds
//! `(entry + 1) << FP_BITS | fingerprint`; 0 is empty. Entries are placed home by home, each
//! home's from its bucket's first free slot on, spilling into the next buckets when it does
//! not fit (built by a counting sort, not one random write per entry). A bucket's header says
//! how many of its first slots hold the spill of earlier homes, so a home's entries are exactly
//! the slots from its bucket's first slot past the spill to the next bucket's first slot past
//! its spill: no scan goes beyond them, however full the table.

use super::columns::{prefetch, KeyColumn};

/// Hash bits kept in a slot beside the entry: a wrong candidate every 16 slots of its home,
/// whose key is then read for nothing (in parallel with the right one's).
const FP_BITS: u32 = 4;
/// At most this share of the slots is used, so that spills stay short.
const LOAD: f64 = 0.9;
/// Bits in a bucket (a cache line), and of its header (the top ones): a bit "heavy", then
/// the spill.
const BUCKET_BITS: u32 = 512;
const HEADER_BITS: u32 = 8;
const HEAVY: u64 = 1 << (HEADER_BITS - 1);
/// A home with more entries than this many buckets hold is *heavy*: its entries stay out of
/// the table, whose lookups leave it to the views. Only a serial recorded under many makers
/// or in many books makes one (homes hold 0.9 buckets on average); it would spill over many
/// buckets, and be more candidates than a lookup takes from the table anyway.
const HEAVY_BUCKETS: u32 = 2;

/// The exact-key table of an index (module text).
#[derive(Default)]
pub(crate) struct ExactTable {
    buckets: Vec<[u64; 8]>,
    /// Home buckets (the hash's range); `buckets` has at least one more.
    homes: u64,
    /// Bits of a slot, and slots in a bucket.
    slot_bits: u32,
    per_bucket: u32,
}

/// The hash of an L3 form: its bytes a word at a time, mixed.
pub(crate) fn hash(key: &[u8]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15 ^ key.len() as u64;
    for chunk in key.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^= h >> 31;
    }
    h.wrapping_mul(0x94D0_49BB_1331_11EB)
}

impl ExactTable {
    /// The table of the L3 forms of `keys`.
    pub(crate) fn build(keys: &KeyColumn) -> ExactTable {
        let n = keys.len();
        let hashes: Vec<u64> = keys.iter().map(hash).collect();
        let entry_bits = u64::BITS - (n as u64).leading_zeros();
        let slot_bits = entry_bits.max(1) + FP_BITS;
        let per_bucket = (BUCKET_BITS - HEADER_BITS) / slot_bits;
        let mut homes = ((n as f64 / (f64::from(per_bucket) * LOAD)).ceil() as u64).max(1);
        loop {
            let table = ExactTable {
                buckets: Vec::new(),
                homes,
                slot_bits,
                per_bucket,
            };
            if let Some(table) = table.fill(&hashes) {
                return table;
            }
            // A spill longer than a header can say (never seen at this load): more homes.
            homes += homes / 8 + 1;
        }
    }

    /// The table with every entry of `hashes` placed (module text); `None` where a spill is
    /// too long for a header.
    fn fill(mut self, hashes: &[u64]) -> Option<ExactTable> {
        let starts = self.home_starts(hashes);
        let by_home = self.entries_by_home(hashes, &starts);
        let per = u64::from(self.per_bucket);
        let end = self.place(&starts, |_, _| {})?;
        self.buckets = vec![[0u64; 8]; (end.div_ceil(per).max(self.homes) + 1) as usize];
        let mut placed = Vec::with_capacity(self.homes as usize + 1);
        self.place(&starts, |home, (spill, first)| {
            placed.push((home, spill, first))
        })?;
        for (home, spill, first) in placed {
            let heavy = self.heavy(&starts, home);
            self.set_header(home as usize, spill | if heavy { HEAVY } else { 0 });
            if heavy {
                continue;
            }
            // The bucket after the last home has a header only.
            let Some(&hi) = starts.get(home as usize + 1) else {
                continue;
            };
            let lo = starts[home as usize];
            for (k, &e) in by_home[lo as usize..hi as usize].iter().enumerate() {
                let value = (u64::from(e) + 1) << FP_BITS | fingerprint(hashes[e as usize]);
                self.set(first + k as u64, value);
            }
        }
        Some(self)
    }

    /// Walks the homes in order (and the bucket after the last), telling `at` each one's spill
    /// from earlier homes and its first slot; returns the slot past the last entry.
    fn place(&self, starts: &[u32], mut at: impl FnMut(u64, (u64, u64))) -> Option<u64> {
        let per = u64::from(self.per_bucket);
        let mut cursor = 0u64;
        for home in 0..=self.homes {
            let spill = cursor.saturating_sub(home * per);
            if spill >= HEAVY {
                return None;
            }
            let first = cursor.max(home * per);
            at(home, (spill, first));
            let count = match starts.get(home as usize + 1) {
                Some(&end) if !self.heavy(starts, home) => u64::from(end - starts[home as usize]),
                _ => 0,
            };
            cursor = first + count;
        }
        Some(cursor)
    }

    /// Whether `home` has more entries than [`HEAVY_BUCKETS`] hold (module text).
    fn heavy(&self, starts: &[u32], home: u64) -> bool {
        let home = home as usize;
        starts
            .get(home + 1)
            .is_some_and(|&end| end - starts[home] > HEAVY_BUCKETS * self.per_bucket)
    }

    /// Where each home's entries start in [`Self::entries_by_home`] (one more for the end).
    fn home_starts(&self, hashes: &[u64]) -> Vec<u32> {
        let mut starts = vec![0u32; self.homes as usize + 1];
        for &h in hashes {
            starts[self.home(h) as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        starts
    }

    /// The entries by home (a counting sort; within a home, by entry).
    fn entries_by_home(&self, hashes: &[u64], starts: &[u32]) -> Vec<u32> {
        let mut next = starts.to_vec();
        let mut order = vec![0u32; hashes.len()];
        for (e, &h) in hashes.iter().enumerate() {
            let at = &mut next[self.home(h) as usize];
            order[*at as usize] = e as u32;
            *at += 1;
        }
        order
    }

    /// The home bucket of a hash (its high half scaled to the homes).
    fn home(&self, h: u64) -> u64 {
        ((h >> 32) * self.homes) >> 32
    }

    fn set(&mut self, slot: u64, value: u64) {
        let (bucket, bit) = self.locate(slot);
        let words = &mut self.buckets[bucket];
        let (word, shift) = (bit / 64, bit % 64);
        words[word] |= value << shift;
        if shift + self.slot_bits as usize > 64 {
            words[word + 1] |= value >> (64 - shift);
        }
    }

    fn set_header(&mut self, bucket: usize, spill: u64) {
        self.buckets[bucket][7] |= spill << (64 - HEADER_BITS);
    }

    /// A bucket's header: whether its home is heavy, and how many of its first slots hold
    /// the spill of earlier homes.
    fn header(&self, bucket: u64) -> (bool, u64) {
        let header = self
            .buckets
            .get(bucket as usize)
            .map_or(0, |words| words[7] >> (64 - HEADER_BITS));
        (header & HEAVY != 0, header & (HEAVY - 1))
    }

    /// The bucket and the bit within it of a slot.
    fn locate(&self, slot: u64) -> (usize, usize) {
        let per = u64::from(self.per_bucket);
        let bucket = (slot / per) as usize;
        (bucket, (slot % per) as usize * self.slot_bits as usize)
    }

    /// Asks for the home bucket of hash `h` and the one after it (whose header ends the home's
    /// slots) to be brought into the cache: a lookup does other work while they come.
    pub(crate) fn prefetch(&self, h: u64) {
        if self.buckets.is_empty() {
            return;
        }
        let home = self.home(h) as usize;
        prefetch(self.buckets.get(home));
        prefetch(self.buckets.get(home + 1));
    }

    /// Calls `candidate` with each entry of the home of hash `h` whose slot holds its
    /// fingerprint: every entry whose key hashes to `h`, and a few others, whose keys the
    /// caller compares. `false` for a heavy home, whose entries the table does not hold.
    #[must_use]
    pub(crate) fn candidates(&self, h: u64, mut candidate: impl FnMut(u32)) -> bool {
        if self.buckets.is_empty() {
            return true;
        }
        let per = u64::from(self.per_bucket);
        let home = self.home(h);
        let (heavy, spill) = self.header(home);
        if heavy {
            return false;
        }
        // A spill may pass a whole bucket: slot positions as (bucket, index), stepped, as a
        // division per slot would cost more than the slots' reading.
        let split = |bucket: u64, spill: u64| (bucket + spill / per, (spill % per) as u32);
        let (mut bucket, mut index) = split(home, spill);
        let end = split(home + 1, self.header(home + 1).1);
        let fp = fingerprint(h);
        let mask = (1u64 << self.slot_bits) - 1;
        while (bucket, index) < end {
            let Some(words) = self.buckets.get(bucket as usize) else {
                break;
            };
            let last = if bucket == end.0 {
                end.1
            } else {
                self.per_bucket
            };
            for i in index..last {
                let value = slot_in(words, i * self.slot_bits) & mask;
                if value != 0 && value & ((1 << FP_BITS) - 1) == fp {
                    candidate(((value >> FP_BITS) - 1) as u32);
                }
            }
            (bucket, index) = (bucket + 1, 0);
        }
        true
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.buckets.capacity() * 64
    }
}

/// The bits of a bucket from bit `bit` on (a slot's, and what follows it).
fn slot_in(words: &[u64; 8], bit: u32) -> u64 {
    let (word, shift) = ((bit / 64) as usize, bit % 64);
    let low = words[word] >> shift;
    match words.get(word + 1) {
        Some(&next) if shift > 0 => low | next << (64 - shift),
        _ => low,
    }
}

fn fingerprint(h: u64) -> u64 {
    h & ((1 << FP_BITS) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(table: &ExactTable, key: &str) -> Vec<u32> {
        let mut out = Vec::new();
        assert!(table.candidates(hash(key.as_bytes()), |e| out.push(e)));
        out
    }

    #[test]
    fn every_entry_is_a_candidate_for_its_own_key() {
        let list: Vec<String> = (0..5_000).map(|i| format!("A{}", i % 3_000)).collect();
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        let column = KeyColumn::of(&refs);
        let table = ExactTable::build(&column);
        for (e, key) in refs.iter().enumerate() {
            assert!(found(&table, key).contains(&(e as u32)), "{key}");
        }
        let twice = found(&table, "A7");
        assert!(twice.contains(&7) && twice.contains(&3_007));
        assert!(table.memory_bytes() <= 5_000 * 5);
    }

    fn serial() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            "[0OQDoqd1ILil2Zz5Ss6Gg8Bb]{1,6}",
            "[A-Za-z0-9 ./_-]{0,10}",
            "\\PC{0,6}",
        ]
    }

    proptest::proptest! {
        /// The table answers look-alike lookups exactly as the views do: the same hits, ranked
        /// and explained the same, whatever the makers, filters and limit.
        #[test]
        fn lookups_through_the_table_are_those_of_the_views(
            serials in proptest::collection::vec((serial(), 0u32..4, 0u8..3), 1..60),
            queries in proptest::collection::vec((serial(), 0u32..6, 0usize..4, 0u8..4), 1..12),
        ) {
            let mut builder = crate::IndexBuilder::new();
            for (i, (text, maker, kind)) in serials.iter().enumerate() {
                let attrs = crate::Attrs { firearm_type: Some(*kind).filter(|&k| k > 0), caliber: None };
                builder.add(*maker, text, i as u64, attrs);
            }
            let index = builder.build();
            for (i, (text, makers, limit, filter)) in queries.iter().enumerate() {
                // Some queries are serials of the index, so that most lookups find something.
                let text = match i % 2 {
                    0 => serials[i % serials.len()].0.to_lowercase(),
                    _ => text.clone(),
                };
                let kind = if i % 3 == 0 { crate::QueryKind::Levels } else { crate::QueryKind::Near { max_edits: 0 } };
                let mut query = crate::Query::new(text, kind);
                query.limit = *limit;
                query.makers = match makers {
                    0 => None,
                    5 => Some(vec![1, 3, 9]),
                    m => Some(vec![m - 1]),
                };
                query.firearm_type = Some(*filter).filter(|&f| f > 0 && f < 3);
                proptest::prop_assert_eq!(index.search(&query), index.search_views(&query), "{:?}", query);
            }
        }
    }

    #[test]
    fn a_key_recorded_too_often_is_left_to_the_views() {
        let others: Vec<String> = (0..2_000).map(|i| format!("B{i}")).collect();
        let mut list: Vec<&str> = others.iter().map(String::as_str).collect();
        list.extend(["12345"; 200]);
        let table = ExactTable::build(&KeyColumn::of(&list));
        assert!(!table.candidates(hash(b"12345"), |_| {}));
        let known = (0..others.len())
            .filter(|&e| {
                let mut found = Vec::new();
                let known = table.candidates(hash(list[e].as_bytes()), |c| found.push(c));
                assert!(!known || found.contains(&(e as u32)), "{}", list[e]);
                known
            })
            .count();
        assert!(
            known > others.len() * 9 / 10,
            "{known}: only the heavy home is left out"
        );
    }

    /// More candidates than a lookup takes from the table: the views answer, all of them.
    #[test]
    fn a_serial_recorded_many_times_is_found_every_time() {
        let mut builder = crate::IndexBuilder::new();
        for i in 0..40u64 {
            builder.add(
                7,
                if i % 2 == 0 { "LE0I4388" } else { "le-0i4388" },
                i,
                Default::default(),
            );
        }
        builder.add(7, "A8C123", 40, Default::default());
        let index = builder.build();
        let mut query = crate::Query::new("LEOI4388", crate::QueryKind::Levels);
        query.limit = 0;
        let hits = index.search(&query).unwrap();
        assert_eq!(hits.len(), 40);
        assert_eq!(Ok(hits), index.search_views(&query));
    }

    #[test]
    fn an_empty_table_finds_nothing() {
        let table = ExactTable::build(&KeyColumn::of(&[]));
        assert!(found(&table, "A1").is_empty());
        assert!(found(&ExactTable::default(), "A1").is_empty());
    }
}

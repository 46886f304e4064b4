//! The serial index: near serials and partly readable serials over millions of records.
//!
//! Entries are stored column-wise, sorted by maker, so a maker identity is a few contiguous
//! entry ranges and every posting list can be cut to a maker by binary search:
//!
//! - `firearms` (4 bytes each while ids fit in 32 bits), `attrs` (dictionary-coded): what a
//!   hit returns and filters on;
//! - `l3`: every entry's L3 form, back to back in one arena that patterns scan, with a 4-byte
//!   offset per entry so verifying a candidate costs two memory accesses;
//! - `raw`: the serial as added, stored only where it differs from its L3 form;
//! - `near`: the pigeonhole index of `near.rs` (3 segments per key, 12 bytes per entry).
//!
//! See `ARCHITECTURE.md` for why this design, and `docs/performance.md` for its figures.

mod builder;
mod columns;
mod explain;
mod key;
mod near;
mod pattern;
mod persist;
mod query;
mod verify;

pub use builder::IndexBuilder;
pub use key::MAX_SERIAL_BYTES;
pub use persist::{FormatError, LAYOUT_VERSION};
pub use query::{Hit, Query, QueryError, QueryKind, Step, MAX_QUERY_BYTES, MIN_READABLE};
pub use verify::{osa_distance, MAX_NEAR_CHARS};

use crate::levels::{level_key, match_level, Level};
use columns::{AttrColumn, IdColumn, KeyColumn, TextColumn};
use near::SegmentIndex;

/// Small attribute codes of an entry, mapped by the caller from its code tables. An absent
/// attribute never contradicts a query's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Attrs {
    /// The firearm type's code.
    pub firearm_type: Option<u8>,
    /// The caliber's code.
    pub caliber: Option<u16>,
}

/// An immutable index of serials, built by [`IndexBuilder`].
pub struct SerialIndex {
    /// Distinct maker ids, ascending; entries of `makers[i]` are `starts[i]..starts[i + 1]`.
    makers: Vec<u32>,
    starts: Vec<u32>,
    firearms: IdColumn,
    attrs: AttrColumn,
    l3: KeyColumn,
    raw: TextColumn,
    near: SegmentIndex,
    /// Number of L3 keys of each length in characters (0..=255).
    key_lengths: Vec<u64>,
}

/// A candidate before ranking: entry, edits (or unreadable characters) and look-alikes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub(crate) entry: u32,
    pub(crate) edits: u8,
    pub(crate) lookalikes: u8,
}

impl SerialIndex {
    /// Number of serials indexed.
    pub fn len(&self) -> usize {
        self.firearms.len()
    }

    /// Whether the index holds no serial.
    pub fn is_empty(&self) -> bool {
        self.firearms.len() == 0
    }

    /// Heap bytes held by the index (serial text included).
    pub fn memory_bytes(&self) -> usize {
        self.memory_breakdown().iter().map(|(_, b)| b).sum()
    }

    /// Heap bytes per part of the index, for benchmarks and capacity planning.
    pub fn memory_breakdown(&self) -> Vec<(&'static str, usize)> {
        vec![
            (
                "makers",
                self.makers.capacity() * 4 + self.starts.capacity() * 4,
            ),
            ("firearm ids", self.firearms.memory_bytes()),
            ("attributes", self.attrs.memory_bytes()),
            ("L3 forms", self.l3.memory_bytes()),
            ("serials as added", self.raw.memory_bytes()),
            ("segment postings", self.near.memory_bytes()),
            ("key lengths", self.key_lengths.capacity() * 8),
        ]
    }

    /// Runs `query`: ranked hits, best first, at most `query.limit` (0 = all).
    pub fn search(&self, query: &Query) -> Result<Vec<Hit>, QueryError> {
        let plan = query::Plan::parse(query)?;
        let ranges = self.ranges(query.makers.as_deref());
        let filter = |e: u32| self.attrs_fit(e, query);
        match &plan {
            query::Plan::Near { key, max_edits } => {
                let found = self.near_candidates(key, *max_edits, &ranges, &filter);
                Ok(self.near_hits(query, key, found))
            }
            query::Plan::Pattern(p) => {
                let found = pattern::scan(self, p, &ranges, &filter);
                Ok(self.pattern_hits(query, p, found))
            }
        }
    }

    /// Entry ranges of the maker identity (all entries when `None`), ascending.
    fn ranges(&self, makers: Option<&[u32]>) -> Vec<(u32, u32)> {
        let Some(makers) = makers else {
            return vec![(0, self.len() as u32)];
        };
        let mut out: Vec<(u32, u32)> = makers
            .iter()
            .filter_map(|m| self.makers.binary_search(m).ok())
            .map(|i| (self.starts[i], self.starts[i + 1]))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn attrs_fit(&self, entry: u32, query: &Query) -> bool {
        let a = self.attrs.get(entry as usize);
        let type_ok = match (query.firearm_type, a.firearm_type) {
            (Some(q), Some(e)) => q == e,
            _ => true,
        };
        let caliber_ok = match (query.caliber, a.caliber) {
            (Some(q), Some(e)) => q == e,
            _ => true,
        };
        type_ok && caliber_ok
    }

    fn maker_of(&self, entry: u32) -> u32 {
        let i = self.starts.partition_point(|&s| s <= entry);
        self.makers[i.saturating_sub(1).min(self.makers.len().saturating_sub(1))]
    }

    /// The serial as added (truncated to [`MAX_SERIAL_BYTES`]).
    fn serial(&self, entry: u32) -> String {
        let e = entry as usize;
        let bytes = if self.raw.is_empty_at(e) {
            self.l3.get(e)
        } else {
            self.raw.get(e)
        };
        String::from_utf8_lossy(bytes).into_owned()
    }

    /// Ranks near candidates (fewest edits, then fewest look-alike differences) and explains
    /// the ones kept. Look-alikes are counted only for candidates that can make the cut.
    fn near_hits(&self, query: &Query, key: &[char], mut found: Vec<Candidate>) -> Vec<Hit> {
        found.sort_unstable_by_key(|c| (c.edits, c.entry));
        let cut = cut_edits(&found, query.limit);
        found.retain(|c| c.edits <= cut);
        let q2: Vec<char> = level_key(&query.text, Level::LeadingZeros)
            .chars()
            .collect();
        let mut hits: Vec<(Candidate, Hit)> = found
            .into_iter()
            .map(|mut c| {
                let hit = self.near_hit(query, key, &q2, &mut c);
                (c, hit)
            })
            .collect();
        hits.sort_by_key(|(c, _)| (c.edits, c.lookalikes, c.entry));
        truncate(hits.into_iter().map(|(_, h)| h).collect(), query.limit)
    }

    fn near_hit(&self, query: &Query, key: &[char], q2: &[char], c: &mut Candidate) -> Hit {
        let serial = self.serial(c.entry);
        let s3: Vec<char> = level_key(&serial, Level::Confusable).chars().collect();
        let s2: Vec<char> = level_key(&serial, Level::LeadingZeros).chars().collect();
        let explanation = explain::alignment(key, q2, &s3, &s2);
        c.lookalikes = explanation
            .iter()
            .filter(|s| matches!(s, Step::LookAlike { .. }))
            .count()
            .min(255) as u8;
        let level = if c.edits == 0 {
            match_level(&query.text, &serial)
        } else {
            None
        };
        Hit {
            firearm: self.firearms.get(c.entry as usize),
            maker: self.maker_of(c.entry),
            edits: c.edits,
            lookalike_only: c.edits == 0 && c.lookalikes > 0,
            unreadable: 0,
            score: near_score(c.edits, c.lookalikes),
            level,
            explanation,
            serial,
        }
    }

    /// Ranks pattern matches by fewest unreadable characters, then entry order.
    fn pattern_hits(
        &self,
        query: &Query,
        p: &pattern::Pattern,
        mut found: Vec<Candidate>,
    ) -> Vec<Hit> {
        found.sort_unstable_by_key(|c| (c.edits, c.entry));
        let found = truncate(found, query.limit);
        let mut key = Vec::new();
        found
            .into_iter()
            .map(|c| {
                key::decode(self.l3.get(c.entry as usize), &mut key);
                let readable = key.len() - usize::from(c.edits).min(key.len());
                Hit {
                    firearm: self.firearms.get(c.entry as usize),
                    maker: self.maker_of(c.entry),
                    serial: self.serial(c.entry),
                    edits: 0,
                    lookalike_only: false,
                    unreadable: c.edits,
                    score: readable as f32 / key.len().max(1) as f32,
                    level: None,
                    explanation: p.explain(&key),
                }
            })
            .collect()
    }
}

/// The largest edit count that can appear among the first `limit` candidates (sorted by
/// edits); everything with more edits is ranked out whatever its look-alikes.
fn cut_edits(sorted: &[Candidate], limit: usize) -> u8 {
    match limit {
        0 => u8::MAX,
        _ => sorted.get(limit - 1).map_or(u8::MAX, |c| c.edits),
    }
}

fn truncate<T>(mut v: Vec<T>, limit: usize) -> Vec<T> {
    if limit > 0 {
        v.truncate(limit);
    }
    v
}

/// A score in (0, 1]: each edit costs a quarter, each look-alike difference a twentieth.
fn near_score(edits: u8, lookalikes: u8) -> f32 {
    let penalty = 0.25 * f32::from(edits) + 0.05 * f32::from(lookalikes.min(4));
    (1.0 - penalty).max(0.05)
}

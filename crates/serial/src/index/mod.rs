//! The serial index: near serials and partly readable serials over millions of records.
//!
//! Entries are stored column-wise, sorted by maker and then by L3 form, so a maker identity is
//! a few contiguous entry ranges, each a sorted list of keys (an implicit trie, `view.rs`):
//!
//! - `firearms` (4 bytes each while ids fit in 32 bits), `attrs` (dictionary-coded, a byte
//!   each while there are at most 256 combinations): what a hit returns and filters on;
//! - `l3`: every entry's L3 form, back to back in one arena that patterns scan, with a 4-byte
//!   offset per entry so verifying a candidate costs two memory accesses;
//! - `raw`: the serial as added, stored only where it differs from its L3 form;
//! - three more orders of the entries (4 bytes per entry each): by reversed L3 form within a
//!   maker, and by L3 form and reversed L3 form over all makers, the other views that near
//!   serials (`near.rs`) and patterns (`pattern.rs`) walk.
//!
//! See `ARCHITECTURE.md` for why this design, and `docs/performance.md` for its figures.

mod builder;
mod columns;
mod exact;
mod explain;
mod grams;
mod key;
mod near;
mod pattern;
mod persist;
mod query;
mod spelling;
mod verify;
mod view;

pub use builder::IndexBuilder;
pub use key::MAX_SERIAL_BYTES;
pub use persist::{FormatError, LAYOUT_VERSION};
pub use query::{Hit, Query, QueryError, QueryKind, Step, MAX_QUERY_BYTES, MIN_READABLE};
pub use verify::{osa_distance, MAX_NEAR_CHARS};

use crate::levels::{each_ascii_l2_byte, level_chars, match_level, Level, ShortKey, SHORT_SERIAL};
use columns::{prefetch, AttrColumn, IdColumn, KeyColumn, PackedIds, TextColumn};
use grams::GramFilter;
use near::Scope;
use view::{Branches, Directory, View};

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
    /// The shortest and longest L3 forms per maker and over all makers ([`key_lengths`]): a
    /// near search drops a branch whose keys are all too short or too long to be within reach.
    key_lengths: KeyLengths,
    /// For every [`MAKER_PAGE`] entries, the position in `makers` of the maker of the page's
    /// first entry ([`maker_pages`]): a hit's maker is a step or two along `starts` from
    /// there, not a binary search of it (a chain of cache misses a hit).
    maker_pages: Vec<u32>,
    firearms: IdColumn,
    attrs: AttrColumn,
    l3: KeyColumn,
    raw: TextColumn,
    /// Which blocks of entries may hold a 3-gram: what the pattern scan skips by.
    grams: GramFilter,
    /// Within each maker's entries, the entries by reversed L3 form.
    backward_by_maker: PackedIds,
    /// All entries by L3 form, and by reversed L3 form.
    forward_all: PackedIds,
    backward_all: PackedIds,
    /// How each key branches off the one before it (`view.rs`) in each view: the entries'
    /// own order, `backward_by_maker`, `forward_all`, `backward_all`.
    branches: [Branches; 4],
    /// Samples of the four views (`view.rs`): entries as stored, `backward_by_maker`,
    /// `forward_all`, `backward_all`.
    samples: [Vec<u64>; 4],
    /// Directories (`view.rs`) of the views over all makers (forwards, backwards) when there
    /// are enough entries, and of the big makers' ranges: `(first entry, forwards, backwards)`.
    directories_all: Option<[Directory; 2]>,
    directories_by_maker: Vec<(u32, Directory, Directory)>,
    /// The entries of each L3 form by its hash (`exact.rs`): what a look-alike lookup reads
    /// instead of the views. Derived on build and on load, never stored.
    exact: exact::ExactTable,
}

/// Hits ahead of the one being built whose firearm id and serial are located (see
/// [`SerialIndex::prefetch_hits`]).
const LOCATE_AHEAD: usize = 8;
/// Hits ahead of the one being built whose serial's bytes are asked for.
const READ_AHEAD: usize = 4;

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
                self.makers.capacity() * 4
                    + self.starts.capacity() * 4
                    + self.key_lengths.by_maker.capacity() * 2
                    + self.maker_pages.capacity() * 4,
            ),
            ("firearm ids", self.firearms.memory_bytes()),
            ("attributes", self.attrs.memory_bytes()),
            ("L3 forms", self.l3.memory_bytes()),
            ("serials as added", self.raw.memory_bytes()),
            ("sorted views", self.view_bytes()),
            (
                "branches",
                self.branches.iter().map(Branches::memory_bytes).sum(),
            ),
            ("3-gram filter", self.grams.memory_bytes()),
            ("exact-key table", self.exact.memory_bytes()),
        ]
    }

    /// Runs `query`: ranked hits, best first, at most `query.limit` (0 = all).
    pub fn search(&self, query: &Query) -> Result<Vec<Hit>, QueryError> {
        match self.lookup_exact(query) {
            Some(hits) => Ok(hits),
            None => self.search_views(query),
        }
    }

    /// [`Self::search`] through the sorted views only: every kind of query, and the reasons
    /// one cannot run.
    fn search_views(&self, query: &Query) -> Result<Vec<Hit>, QueryError> {
        let plan = query::Plan::parse(query)?;
        let filter = |e: u32| self.attrs_fit(e, query);
        match &plan {
            query::Plan::Near { key, max_edits: 0 } => {
                let found = self.equal_keys(query.makers.as_deref(), key, &filter);
                Ok(self.near_hits(query, key, found))
            }
            query::Plan::Near { key, max_edits } => {
                let scopes = self.scopes(query.makers.as_deref());
                let found = near_within(&scopes, key, *max_edits as u8, query.limit, &filter);
                Ok(self.near_hits(query, key, found))
            }
            query::Plan::Pattern(p) => {
                let scopes = self.scopes(query.makers.as_deref());
                let found = pattern::search(self, p, &scopes, &filter);
                Ok(self.pattern_hits(query, p, found))
            }
        }
    }

    fn view_bytes(&self) -> usize {
        [
            &self.backward_by_maker,
            &self.forward_all,
            &self.backward_all,
        ]
        .iter()
        .map(|o| o.memory_bytes())
        .sum::<usize>()
            + self.samples.iter().map(|s| s.capacity() * 8).sum::<usize>()
            + self
                .directories_all
                .iter()
                .flatten()
                .map(Directory::memory_bytes)
                .sum::<usize>()
            + self
                .directories_by_maker
                .iter()
                .map(|(_, f, b)| f.memory_bytes() + b.memory_bytes())
                .sum::<usize>()
    }

    /// The directories of the maker range starting at `lo`, if it has them.
    fn maker_directories(&self, lo: u32) -> Option<(&Directory, &Directory)> {
        let i = self
            .directories_by_maker
            .binary_search_by_key(&lo, |(start, _, _)| *start)
            .ok()?;
        let (_, forward, backward) = &self.directories_by_maker[i];
        Some((forward, backward))
    }

    /// The sorted views to walk for a maker identity (`None`: all makers).
    fn scopes(&self, makers: Option<&[u32]>) -> Vec<Scope<'_>> {
        match makers {
            None => vec![Scope {
                forward: self.forward_all(),
                backward: self.backward_all(),
                lo: 0,
                hi: self.len(),
                lens: self.all_key_lengths(),
            }],
            Some(makers) => self
                .ranges(Some(makers))
                .into_iter()
                .map(|(lo, hi)| Scope {
                    forward: self.forward_of_maker(lo),
                    backward: self.backward_of_maker(lo),
                    lo: lo as usize,
                    hi: hi as usize,
                    lens: self.key_lengths(lo),
                })
                .collect(),
        }
    }

    /// All entries by L3 form.
    fn forward_all(&self) -> View<'_> {
        let dirs = self.directories_all.as_ref();
        View::new(
            &self.l3,
            Some(&self.forward_all),
            false,
            &self.samples[2],
            dirs.map(|d| &d[0]),
        )
        .with_branches(&self.branches[2])
    }

    /// All entries by reversed L3 form.
    fn backward_all(&self) -> View<'_> {
        let dirs = self.directories_all.as_ref();
        View::new(
            &self.l3,
            Some(&self.backward_all),
            true,
            &self.samples[3],
            dirs.map(|d| &d[1]),
        )
        .with_branches(&self.branches[3])
    }

    /// The entries as stored (by maker, then L3 form), for the maker range starting at `lo`.
    fn forward_of_maker(&self, lo: u32) -> View<'_> {
        let dirs = self.maker_directories(lo);
        View::new(&self.l3, None, false, &self.samples[0], dirs.map(|d| d.0))
            .with_branches(&self.branches[0])
    }

    /// The entries of the maker range starting at `lo` by reversed L3 form.
    fn backward_of_maker(&self, lo: u32) -> View<'_> {
        let dirs = self.maker_directories(lo);
        View::new(
            &self.l3,
            Some(&self.backward_by_maker),
            true,
            &self.samples[1],
            dirs.map(|d| d.1),
        )
        .with_branches(&self.branches[1])
    }

    /// A look-alike lookup (0 edits) through the exact-key table (`exact.rs`), for the queries
    /// it serves: an ASCII text of at most 64 bytes, a few makers at most. `None` leaves the
    /// query to the views, which also say why a query cannot run. The hits are those of the
    /// views, ranked and explained as [`Self::near_hits`] does (by look-alike differences,
    /// then entry order), with no plan, form or candidate list on the heap.
    fn lookup_exact(&self, query: &Query) -> Option<Vec<Hit>> {
        let zero_edits = matches!(
            query.kind,
            QueryKind::Levels | QueryKind::Near { max_edits: 0 }
        );
        if !zero_edits || query.text.trim().is_empty() {
            return None;
        }
        let (q2, key) = ShortKey::l2_and_l3(query.text.as_bytes())?;
        let key = key.as_bytes();
        if key.is_empty() {
            return None;
        }
        let h = exact::hash(key);
        self.exact.prefetch(h);
        // What needs nothing of the index is done while the table's bucket comes.
        let ranges = MakerRanges::of(self, query.makers.as_deref())?;
        let (entries, count) = self.table_candidates(h, &ranges)?;
        // Each candidate's key and serial are located once (their lines were asked for with
        // the candidates), then their bytes are asked for together: one wait for all.
        let mut spans = [Spans::default(); EXACT_CANDIDATES];
        for (span, &e) in spans.iter_mut().zip(&entries[..count]) {
            *span = self.spans_of(e as usize);
        }
        let spans = &spans[..count];
        let mut hits = Vec::with_capacity(count);
        for (&e, span) in entries.iter().zip(spans) {
            if self.l3.bytes_at(span.key) == key && self.attrs_fit(e, query) {
                hits.push(self.exact_hit(query, q2.as_bytes(), e, span)?);
            }
        }
        // The table lists a home's entries in entry order, so a stable sort by look-alike
        // differences ranks as the views do (then by entry).
        hits.sort_by_key(|hit: &Hit| hit.explanation.len());
        Some(truncate(hits, query.limit))
    }

    /// The entries the exact-key table lists for hash `h` within `ranges`, each one's key line,
    /// serial span and firearm id asked for. `None` where the views must answer: a heavy home,
    /// or more candidates than [`EXACT_CANDIDATES`].
    fn table_candidates(
        &self,
        h: u64,
        ranges: &MakerRanges,
    ) -> Option<([u32; EXACT_CANDIDATES], usize)> {
        let mut entries = [0u32; EXACT_CANDIDATES];
        let mut count = 0;
        let known = self.exact.candidates(h, |e| {
            if ranges.hold(e) {
                if let Some(slot) = entries.get_mut(count) {
                    *slot = e;
                    self.locate_hits(std::iter::once(e));
                }
                count += 1;
            }
        });
        (known && count <= EXACT_CANDIDATES).then_some((entries, count))
    }

    /// The hit of entry `e`, whose L3 form is the query's (`q2`: the query's L2 form): the
    /// explanation is where the L2 forms differ. `None` for a serial that is not ASCII (its
    /// characters are not its bytes).
    fn exact_hit(&self, query: &Query, q2: &[u8], e: u32, spans: &Spans) -> Option<Hit> {
        let serial = serial_text(self.raw.bytes_at(spans.raw), self.l3.bytes_at(spans.key));
        if serial.len() > SHORT_SERIAL || !serial.is_ascii() {
            return None;
        }
        // The serial's L2 form is compared with the query's as it is produced, not built.
        let mut explanation = Vec::new();
        let mut at = 0;
        each_ascii_l2_byte(serial.as_bytes(), |s| {
            if let Some(&q) = q2.get(at) {
                if q != s {
                    let (from, to) = (char::from(q), char::from(s));
                    explanation.push(Step::LookAlike { at, from, to });
                }
            }
            at += 1;
        });
        let lookalikes = explanation.len().min(255) as u8;
        Some(Hit {
            firearm: self.firearms.get(e as usize),
            maker: self.maker_of(e, query),
            edits: 0,
            lookalike_only: lookalikes > 0,
            unreadable: 0,
            score: near_score(0, lookalikes),
            // Equal L3 forms: where the L2 forms differ too, L3 is the strictest level.
            level: match lookalikes {
                0 => match_level(&query.text, &serial),
                _ => Some(Level::Confusable),
            },
            explanation,
            serial,
        })
    }

    /// Asks for the bytes of entry `e`'s serial: its L3 form and, where it differs, its
    /// spelling (their lines must be on their way).
    fn prefetch_serial(&self, e: usize) {
        self.l3.prefetch_bytes(e);
        if !self.raw.is_empty_at(e) {
            self.raw.prefetch_bytes(e);
        }
    }

    /// Where entry `e`'s L3 form and stored serial are (their lines must be on their way),
    /// their bytes asked for.
    fn spans_of(&self, e: usize) -> Spans {
        let spans = Spans {
            key: self.l3.span(e),
            raw: (self.raw.offset(e), self.raw.len_of(e)),
        };
        prefetch(self.l3.bytes_at(spans.key).first());
        if spans.raw.1 > 0 {
            prefetch(self.raw.bytes_at(spans.raw).first());
        }
        spans
    }

    /// The entries whose L3 form is `key` (a near search at 0 edits: look-alike lookups), of
    /// the maker identity (`None`: all makers), that pass `keep`, in entry order: one lookup
    /// per view, without the scopes a walk needs.
    fn equal_keys(
        &self,
        makers: Option<&[u32]>,
        key: &[char],
        keep: &dyn Fn(u32) -> bool,
    ) -> Vec<Candidate> {
        let text = key::KeyText::new(key);
        let text = text.as_bytes();
        let candidate = |entry| Candidate {
            entry,
            edits: 0,
            lookalikes: 0,
        };
        let mut found = Vec::new();
        match makers {
            None => {
                // Equal keys are in entry order in the view: it breaks ties by entry.
                let view = self.forward_all();
                let (lo, hi) = view.equal_range(0, self.len(), text);
                let entries = (lo..hi).map(|p| view.entry(p));
                found.extend(entries.filter(|&e| keep(e)).map(candidate));
            }
            Some(makers) => {
                for (lo, hi) in self.ranges(Some(makers)) {
                    let view = self.forward_of_maker(lo);
                    let (start, end) = view.equal_range(lo as usize, hi as usize, text);
                    let entries = start as u32..end as u32;
                    found.extend(entries.filter(|&e| keep(e)).map(candidate));
                }
            }
        }
        found
    }

    /// The shortest and longest L3 form of all makers.
    fn all_key_lengths(&self) -> (usize, usize) {
        let [short, long] = self.key_lengths.all;
        (usize::from(short), usize::from(long))
    }

    /// The shortest and longest L3 form among the entries of the maker range starting at
    /// `lo`, in characters (the shortest counts 0 where a key is not ASCII).
    fn key_lengths(&self, lo: u32) -> (usize, usize) {
        let i = self.starts.partition_point(|&s| s <= lo).saturating_sub(1);
        self.key_lengths
            .by_maker
            .get(i)
            .map_or((0, usize::MAX), |&[short, long]| {
                (usize::from(short), usize::from(long))
            })
    }

    /// Entry ranges of the maker identity (all entries when `None`), ascending.
    fn ranges(&self, makers: Option<&[u32]>) -> Vec<(u32, u32)> {
        let Some(makers) = makers else {
            return vec![(0, self.len() as u32)];
        };
        let mut out: Vec<(u32, u32)> = makers.iter().filter_map(|&m| self.range_of(m)).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The entries of `maker`, if it has any.
    fn range_of(&self, maker: u32) -> Option<(u32, u32)> {
        let i = self.makers.binary_search(&maker).ok()?;
        Some((self.starts[i], self.starts[i + 1]))
    }

    fn attrs_fit(&self, entry: u32, query: &Query) -> bool {
        if query.firearm_type.is_none() && query.caliber.is_none() {
            return true; // nothing to filter on: no need to load the entry's attributes
        }
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

    /// The maker of a hit of `query`: the query's, when it names one maker.
    fn maker_of(&self, entry: u32, query: &Query) -> u32 {
        if let Some(&[maker]) = query.makers.as_deref() {
            return maker; // hits come only from the ranges of the makers named
        }
        let page = entry as usize / MAKER_PAGE;
        let mut i = self.maker_pages.get(page).map_or(0, |&i| i as usize);
        while self.starts.get(i + 1).is_some_and(|&next| next <= entry) {
            i += 1;
        }
        self.makers[i.min(self.makers.len().saturating_sub(1))]
    }

    /// The serial as added (truncated to [`MAX_SERIAL_BYTES`]): its L3 form, or that form
    /// spelled as written (`spelling.rs`), or the serial's own bytes.
    fn serial(&self, entry: u32) -> String {
        let e = entry as usize;
        serial_text(self.raw.get(e), self.l3.get(e))
    }

    /// Asks for the data of the hits to build to be brought into the cache ahead of them, so
    /// that the cache misses of several hits overlap rather than wait one after another: the
    /// firearm id and what locates the serial [`LOCATE_AHEAD`] hits ahead, then the serial's
    /// bytes [`READ_AHEAD`] hits ahead, by when they are located without a wait. `entry_at(j)`
    /// is the entry of the `j`-th hit to build; `i` is the one about to be built.
    fn prefetch_hits(&self, i: usize, entry_at: impl Fn(usize) -> Option<u32>) {
        let (locate, read) = if i == 0 {
            (0..LOCATE_AHEAD, 0..READ_AHEAD)
        } else {
            (
                i + LOCATE_AHEAD - 1..i + LOCATE_AHEAD,
                i + READ_AHEAD - 1..i + READ_AHEAD,
            )
        };
        self.locate_hits(locate.filter_map(&entry_at));
        for e in read.filter_map(&entry_at).map(|e| e as usize) {
            self.prefetch_serial(e);
        }
    }

    /// Asks for the firearm ids of `entries` and what locates their serials.
    fn locate_hits(&self, entries: impl Iterator<Item = u32>) {
        for e in entries.map(|e| e as usize) {
            self.firearms.prefetch(e);
            self.raw.prefetch_span(e);
            self.l3.prefetch_line(e);
        }
    }

    /// Ranks near candidates (fewest edits, then fewest look-alike differences, then entry
    /// order) and explains the ones kept. Look-alikes are counted only for candidates that can
    /// make the cut: at the last edit count kept, candidates are taken in entry order, and once
    /// enough of them have no look-alike difference, none after them can rank higher.
    fn near_hits(&self, query: &Query, key: &[char], mut found: Vec<Candidate>) -> Vec<Hit> {
        found.sort_unstable_by_key(|c| (c.edits, c.entry));
        let cut = cut_edits(&found, query.limit);
        found.retain(|c| c.edits <= cut);
        let before_cut = found.iter().take_while(|c| c.edits < cut).count();
        let wanted_at_cut = query.limit.saturating_sub(before_cut);
        // The first hits' memory is asked for before the query's own forms are computed, so
        // that its misses overlap that work (a look-alike lookup has one hit or two).
        self.locate_hits(found.iter().take(LOCATE_AHEAD).map(|c| c.entry));
        let mut q2 = Vec::new();
        level_chars(&query.text, Level::LeadingZeros, &mut q2);
        let mut hits: Vec<(Candidate, Hit)> = Vec::new();
        let mut plain_at_cut = 0;
        let mut forms = (Vec::new(), Vec::new());
        for i in 0..found.len() {
            if query.limit > 0 && i >= before_cut && plain_at_cut >= wanted_at_cut {
                break;
            }
            self.prefetch_hits(i, |j| found.get(j).map(|c| c.entry));
            let mut c = found[i];
            let hit = self.near_hit(query, (key, &q2), &mut c, &mut forms);
            if i >= before_cut && c.lookalikes == 0 {
                plain_at_cut += 1;
            }
            hits.push((c, hit));
        }
        hits.sort_by_key(|(c, _)| (c.edits, c.lookalikes, c.entry));
        truncate(hits.into_iter().map(|(_, h)| h).collect(), query.limit)
    }

    /// The hit of candidate `c` for the query's L3 and L2 forms; `forms` is room for the
    /// serial's.
    fn near_hit(
        &self,
        query: &Query,
        (key, q2): (&[char], &[char]),
        c: &mut Candidate,
        (s3, s2): &mut (Vec<char>, Vec<char>),
    ) -> Hit {
        let serial = self.serial(c.entry);
        level_chars(&serial, Level::LeadingZeros, s2);
        let explanation = if c.edits == 0 {
            // The L3 forms are equal (the query's is `key`): the only alignment is the
            // diagonal, whose steps are the look-alike characters.
            explain::lookalikes(q2, s2, key)
        } else {
            level_chars(&serial, Level::Confusable, s3);
            explain::alignment(key, q2, s3, s2)
        };
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
            maker: self.maker_of(c.entry, query),
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
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                self.prefetch_hits(i, |j| found.get(j).map(|c| c.entry));
                key::decode(self.l3.get(c.entry as usize), &mut key);
                let readable = key.len() - usize::from(c.edits).min(key.len());
                Hit {
                    firearm: self.firearms.get(c.entry as usize),
                    maker: self.maker_of(c.entry, query),
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

/// Keys of `scopes` within `max_edits` of `key`, once each. Hits rank by edits first, so when
/// `limit` hits are found within fewer edits, the keys further away cannot make the cut: the
/// search widens one edit at a time and stops there (a 2-edit search costs ten times a
/// 1-edit one).
fn near_within(
    scopes: &[Scope<'_>],
    key: &[char],
    max_edits: u8,
    limit: usize,
    keep: &dyn Fn(u32) -> bool,
) -> Vec<Candidate> {
    let first = if limit == 0 { max_edits } else { 0 };
    let mut found = Vec::new();
    for k in first..=max_edits {
        found.clear();
        for scope in scopes {
            near::search(scope, key, k, keep, &mut found);
        }
        found.sort_unstable_by_key(|c| c.entry);
        found.dedup_by_key(|c| c.entry);
        if limit > 0 && found.len() >= limit {
            break;
        }
    }
    found
}

/// The shortest and longest L3 form of each maker's range and of all makers, in characters
/// (a key that is not ASCII may have fewer characters than bytes, so its shortest is 0).
#[derive(Default)]
struct KeyLengths {
    by_maker: Vec<[u8; 2]>,
    all: [u8; 2],
}

/// Candidates a look-alike lookup takes from the exact-key table; with more (a serial recorded
/// that many times), the views answer.
const EXACT_CANDIDATES: usize = 32;

/// The serial as added that `stored` keeps for the L3 form `l3` (`spelling.rs`).
fn serial_text(stored: &[u8], l3: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(MAX_SERIAL_BYTES);
    spelling::decode(stored, l3, &mut bytes);
    // Valid UTF-8 (always, from the builder) is checked a word at a time by `from_utf8`.
    String::from_utf8(bytes)
        .unwrap_or_else(|damaged| String::from_utf8_lossy(damaged.as_bytes()).into_owned())
}

/// Where an entry's L3 form and stored serial are in their arenas: (start, length) each.
#[derive(Clone, Copy, Default)]
struct Spans {
    key: (usize, usize),
    raw: (usize, usize),
}

/// The entry ranges of a query's makers, on the stack (all entries when it names none).
struct MakerRanges {
    ranges: [(u32, u32); MakerRanges::MOST],
    len: usize,
    all: bool,
}

impl MakerRanges {
    /// Makers a query may name for a look-alike lookup through the exact-key table.
    const MOST: usize = 8;

    fn of(index: &SerialIndex, makers: Option<&[u32]>) -> Option<MakerRanges> {
        let mut ranges = MakerRanges {
            ranges: [(0, 0); Self::MOST],
            len: 0,
            all: makers.is_none(),
        };
        for range in makers
            .unwrap_or_default()
            .iter()
            .filter_map(|&m| index.range_of(m))
        {
            *ranges.ranges.get_mut(ranges.len)? = range;
            ranges.len += 1;
        }
        Some(ranges)
    }

    fn hold(&self, entry: u32) -> bool {
        self.all
            || self.ranges[..self.len]
                .iter()
                .any(|&(lo, hi)| lo <= entry && entry < hi)
    }
}

/// Entries per page of [`maker_pages`].
const MAKER_PAGE: usize = 1 << 12;

/// For each page of [`MAKER_PAGE`] entries of `n`, the position in `makers` of the maker whose
/// range (`starts`) holds the page's first entry.
fn maker_pages(starts: &[u32], n: usize) -> Vec<u32> {
    let mut i = 0;
    (0..n.div_ceil(MAKER_PAGE))
        .map(|page| {
            let first = (page * MAKER_PAGE) as u32;
            while starts.get(i + 1).is_some_and(|&next| next <= first) {
                i += 1;
            }
            i as u32
        })
        .collect()
}

/// The [`KeyLengths`] of the makers' ranges `starts`.
fn key_lengths(l3: &KeyColumn, starts: &[u32]) -> KeyLengths {
    let ascii = l3.all_ascii();
    let by_maker: Vec<[u8; 2]> = starts
        .windows(2)
        .map(|w| {
            (w[0] as usize..w[1] as usize).fold([u8::MAX, 0], |[short, long], e| {
                let len = l3.len_of(e);
                let chars_known = ascii || l3.get(e).is_ascii();
                [short.min(if chars_known { len } else { 0 }), long.max(len)]
            })
        })
        .collect();
    let all = [
        by_maker.iter().map(|l| l[0]).min().unwrap_or(0),
        by_maker.iter().map(|l| l[1]).max().unwrap_or(u8::MAX),
    ];
    KeyLengths { by_maker, all }
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

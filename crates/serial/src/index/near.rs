//! Near serials: search schemes over the sorted views (forwards and backwards).
//!
//! Walking a trie of keys with the optimal-string-alignment table of the query (one column
//! per trie level, a branch dropped as soon as every cell of its column exceeds `k`) finds
//! every key within `k` edits, but it opens nearly every node of the first levels, where the
//! trie is dense. Search schemes (Kucherov, Salikhov and Tsur, "Approximate string matching
//! using a bidirectional index", 2016) cut the query into pieces and run several walks, each
//! with a cap on the edits spent on its first pieces, so that every walk starts narrow and
//! every alignment within `k` satisfies the caps of at least one walk.
//!
//! With `k = 2` and pieces `P1 P2 P3 P4`, an alignment that is additive over the pieces spends
//! `(e1, e2, e3, e4)` edits summing to at most 2. Five walks cover the ten ways: forwards with
//! `P1 P2` exact; backwards with `P4 P3` exact; forwards with `P1` exact and `P1 P2` within 1;
//! backwards with `P4` exact and `P4 P3`, `P4 P3 P2` within 1; forwards with `P1` within 1 and
//! `P1 P2 P3` within 1. Each later walk skips the subtrees an earlier one covered. The one edit
//! that is not additive is a transposition across a cut; swapping that pair back in the query
//! leaves an alignment within `k − 1` of the swapped query, which the `k − 1` scheme finds.
//! With `k = 1` and halves `A B`, one half is exact (forwards or backwards), or the edit is a
//! swap across the cut, looked up exactly.
//!
//! A walk's cap "some prefix of the key within `c` edits of the first `r` query characters"
//! is checked on row `r` of the table; until it holds, the branch lives only while some cell
//! of rows `0..=r` is within `c`. Only the band of cells within `k` of the diagonal is
//! computed (the others cannot be within `k`), and a branch also dies when no key of the
//! scope's lengths could end within `k` from its column. A node's children come from the
//! view's branches (`view.rs`) when it is small enough, else from searches. Small ranges (at
//! most [`LEAF`] keys) are verified key by key with the bit-parallel distance against the
//! original query, as are ranges at a byte outside ASCII, so the walk itself only compares
//! ASCII characters; before that, the keys whose next byte the branches say ends the walk are
//! set aside unread.

use super::key::{decode, KeyText};
use super::verify::{OsaPattern, MAX_NEAR_CHARS};
use super::view::{Children, View, DEEPEST, SCAN_ALL_AT_MOST, SCAN_SOME_AT_MOST};
use super::Candidate;
use crate::stats;

/// Ranges this small are verified key by key rather than walked (see [`View::leaf`]).
const LEAF: usize = 12;
/// The most keys a leaf can hold in any view.
const MAX_LEAF: usize = 4 * LEAF;
/// One column of the OSA table: cell `i` is the distance between the first `i` query
/// characters and the path walked so far, capped at `k + 1`.
type Column = [u8; MAX_NEAR_CHARS + 1];

/// "Some prefix of the key is within `max` edits of the first `row` query characters read."
#[derive(Clone, Copy)]
struct Cap {
    row: usize,
    max: u8,
}

/// Where a walk stands at a node: the node's depth `d`, the table's column after `d` bytes
/// and the one before it, the path's last byte (for a swap of the last two) and the caps held.
#[derive(Clone, Copy)]
struct At<'c> {
    d: usize,
    col: &'c Column,
    prev: &'c Column,
    last: u8,
    held: u32,
}

impl<'c> At<'c> {
    /// Where the walk stands in the child of byte `b`, whose column is `next`.
    fn child<'n>(&self, next: &'n Column, b: u8, held: u32) -> At<'n>
    where
        'c: 'n,
    {
        At {
            d: self.d + 1,
            col: next,
            prev: self.col,
            last: b,
            held,
        }
    }
}

/// What every walk of one search shares: the original query and where hits go.
struct Sink<'a> {
    query: &'a [char],
    osa: &'a OsaPattern,
    /// Edits accepted on verification (the search's `k`).
    k: u8,
    keep: &'a dyn Fn(u32) -> bool,
    out: &'a mut Vec<Candidate>,
    /// Where keys are gathered for verification (one per search: it is half a kilobyte).
    batch: Batch,
}

/// The walk of one view under one scheme.
struct NearWalk<'a, 's> {
    view: View<'a>,
    /// The query walked, in the view's reading direction.
    q: Vec<char>,
    k: u8,
    caps: Vec<Cap>,
    /// The shortest and longest key of the scope.
    lens: (usize, usize),
    /// Leave out keys whose first `n` characters read are the query's: another walk of the
    /// scheme covers them.
    skip_exact: Option<usize>,
    /// The walk's query is the search's own (not a swapped variant), so a key that ends at a
    /// node is at the distance its table says.
    distance_exact: bool,
    sink: &'s mut Sink<'a>,
}

impl NearWalk<'_, '_> {
    /// Walks the positions `lo..hi` of the view.
    fn run(&mut self, lo: usize, hi: usize) {
        let mut col: Column = [0; MAX_NEAR_CHARS + 1];
        for (i, cell) in col.iter_mut().enumerate().take(self.q.len() + 1) {
            *cell = (i as u8).min(self.k + 1);
        }
        let held = self.held(&col, 0);
        let at = At {
            d: 0,
            col: &col,
            prev: &col,
            last: 0,
            held,
        };
        self.visit(lo, hi, at);
    }

    /// The caps that hold at `col`, added to `held` (a bit per cap).
    fn held(&self, col: &Column, held: u32) -> u32 {
        self.caps
            .iter()
            .enumerate()
            .filter(|(_, c)| col[c.row] <= c.max)
            .fold(held, |h, (i, _)| h | 1 << i)
    }

    /// Whether a branch at `col` can still lead to a key: within `k`, and every cap not yet
    /// held still within reach.
    fn alive(&self, col: &Column, held: u32, depth: usize) -> bool {
        self.within(col, held, 0, depth) && self.long_enough(col, depth)
    }

    /// Whether some key of the scope's lengths could still end within `k` of the query from
    /// `col`, the column after `depth` bytes: a cell `i` must still pay for the difference
    /// between the query characters left (`m - i`) and the key bytes left.
    fn long_enough(&self, col: &Column, depth: usize) -> bool {
        let (m, k) = (self.q.len(), usize::from(self.k));
        let (shortest, longest) = self.lens;
        let (least_left, most_left) = (
            shortest.saturating_sub(depth),
            longest.saturating_sub(depth),
        );
        let first = depth.saturating_sub(k);
        let last = (depth + k).min(m);
        (first..=last).any(|i| {
            let q_left = m - i;
            let gap = least_left
                .saturating_sub(q_left)
                .max(q_left.saturating_sub(most_left));
            usize::from(col[i]) + gap <= k
        })
    }

    /// Whether a byte that matches no query character could still let the branch live: every
    /// open cap, and the whole column, must afford one more edit.
    fn any_byte_lives(&self, col: &Column, held: u32, depth: usize) -> bool {
        self.within(col, held, 1, depth)
    }

    /// Whether the column after `depth` bytes, `extra` edits more, is within `k` and within
    /// every open cap. Only the band of cells within `k` of the diagonal can be below the cap.
    fn within(&self, col: &Column, held: u32, extra: u8, depth: usize) -> bool {
        let k = usize::from(self.k);
        let first = depth.saturating_sub(k);
        let min = |rows: usize| {
            let last = rows.min(depth + k);
            col.get(first..=last)
                .and_then(|band| band.iter().copied().min())
                .unwrap_or(self.k + 1)
        };
        let fits = |rows: usize, max: u8| min(rows).saturating_add(extra) <= max;
        fits(self.q.len(), self.k)
            && self
                .caps
                .iter()
                .enumerate()
                .all(|(i, c)| held & (1 << i) != 0 || fits(c.row, c.max))
    }

    fn visit(&mut self, lo: usize, hi: usize, at: At<'_>) {
        let At { d, col, held, .. } = at;
        if self.skip_exact == Some(d) && col[d.min(self.q.len())] == 0 {
            return;
        }
        stats::node();
        if hi - lo <= self.view.leaf(LEAF) {
            stats::leaf();
            self.leaf(lo, hi, at);
            return;
        }
        // Every child may live, or only those of the query's bytes.
        let any = self.any_byte_lives(col, held, d);
        let scan_at_most = match any {
            true => SCAN_ALL_AT_MOST,
            false => SCAN_SOME_AT_MOST,
        };
        if let Some(children) = self.view.children(lo, hi, d, scan_at_most) {
            self.visit_children(children, at, any);
            return;
        }
        // Keys that end here sort first.
        let start = match self.view.byte(lo, d) {
            None => self.view.end_of_ended(lo, hi, d),
            Some(_) => lo,
        };
        self.ended(lo, start, col);
        if any {
            let mut p = start;
            while p < hi {
                let b = self.view.byte(p, d).unwrap_or(0);
                stats::lookup();
                // At least one key on: a damaged (loaded) view must not stall the walk.
                let end = self.view.end_of(p, hi, d, b).max(p + 1);
                self.step(p, end, at, b);
                p = end;
            }
            return;
        }
        // Only bytes of the query can keep the branch alive: look up the children that pass
        // in byte order, each search starting where the last child ended.
        let (passing, other) = self.passing(at);
        let mut from = start;
        for b in passing.iter() {
            stats::lookup();
            let (clo, chi) = self.view.child(from, hi, d, b);
            from = chi;
            if clo < chi {
                self.follow(clo, chi, at, b);
            }
        }
        if other {
            // A non-ASCII query character: keys with a non-ASCII byte here sort last.
            let from = self.view.lower(start, hi, d, Some(0x80));
            self.sink.verify(&self.view, from, hi);
        }
    }

    /// Verifies the keys of a small node, but first rules out, from the view's branches and
    /// without reading them, those whose byte at depth `d` ends the walk there: they, and the
    /// keys after them that share that byte, are beyond what this walk may find (another
    /// walk of the scheme covers whatever it leaves).
    fn leaf(&mut self, lo: usize, hi: usize, at: At<'_>) {
        let d = at.d;
        if d >= DEEPEST || self.view.branch(lo).is_none() {
            self.sink.verify(&self.view, lo, hi);
            return;
        }
        let mut kept = [0usize; MAX_LEAF];
        let mut count = 0;
        // The key before was ruled out by its byte at depth `d`.
        let mut before_out = false;
        for p in lo..hi {
            let out = match self.view.branch(p).filter(|_| p > lo) {
                // Shares byte `d` (at least) with a key ruled out by it.
                Some(branch) if before_out && branch.depth > d => true,
                Some(branch) if branch.depth == d => match branch.byte {
                    Some(b) if b.is_ascii() => {
                        let next = self.next_column(at, b);
                        !self.alive(&next, self.held(&next, at.held), d + 1)
                    }
                    _ => false,
                },
                _ => false,
            };
            before_out = out;
            if !out && count < kept.len() {
                kept[count] = p;
                count += 1;
            } else if !out {
                // More keys than a leaf holds (a damaged view): verify them all.
                self.sink.verify(&self.view, lo, hi);
                return;
            }
        }
        self.sink
            .verify_at(&self.view, kept[..count].iter().copied());
    }

    /// [`Self::visit`] of a node whose children a scan listed: the same decisions, child by
    /// child in byte order.
    fn visit_children(&mut self, children: Children<'_>, at: At<'_>, any: bool) {
        stats::lookup();
        let (passing, other) = match any {
            true => (Passing::default(), false), // unused: every byte is stepped into
            false => self.passing(at),
        };
        for child in children {
            let Some(b) = child.byte else {
                self.ended(child.lo, child.hi, at.col);
                continue;
            };
            if any {
                self.step(child.lo, child.hi, at, b);
            } else if passing.contains(b) {
                self.follow(child.lo, child.hi, at, b);
            } else if other && !b.is_ascii() {
                self.sink.verify(&self.view, child.lo, child.hi);
            }
        }
    }

    /// The keys `lo..start` end at this node: at the table's distance when the walk's query
    /// is the search's own, else verified.
    fn ended(&mut self, lo: usize, start: usize, col: &Column) {
        if start > lo {
            match self.distance_exact {
                true if col[self.q.len()] <= self.k => {
                    self.sink.accept(&self.view, lo, start, col[self.q.len()])
                }
                true => {}
                false => self.sink.verify(&self.view, lo, start),
            }
        }
    }

    /// When only bytes of the query can keep the branch alive: those that do, in byte order;
    /// and whether the query has a non-ASCII character there (whose keys are verified instead).
    fn passing(&self, at: At<'_>) -> (Passing, bool) {
        let d = at.d;
        let mut passing = Passing::default();
        let mut other = false;
        // A byte can keep a cell of the next column within the band by matching query
        // character `i - 1` (the diagonal) or `i - 2` (a swap) for a cell `i` of the band
        // `d + 1 - k ..= d + 1 + k`: any other byte costs an edit everywhere, which no
        // branch here can afford.
        let k = usize::from(self.k);
        let (from, to) = (d.saturating_sub(k + 1), (d + k + 1).min(self.q.len()));
        for &c in &self.q[from..to] {
            let Some(b) = u8::try_from(u32::from(c)).ok().filter(u8::is_ascii) else {
                other = true;
                continue;
            };
            if passing.contains(b) {
                continue;
            }
            let next = self.next_column(at, b);
            let next_held = self.held(&next, at.held);
            if self.alive(&next, next_held, d + 1) {
                passing.push(b);
            }
        }
        passing.sort();
        (passing, other)
    }

    /// Follows the child `lo..hi` of byte `b` of the node at `at`, known to pass: its column
    /// is computed again here rather than kept from [`Self::passing`], which is cheaper than
    /// carrying a column per passing byte.
    fn follow(&mut self, lo: usize, hi: usize, at: At<'_>, b: u8) {
        let next = self.next_column(at, b);
        let held = self.held(&next, at.held);
        self.visit(lo, hi, at.child(&next, b, held));
    }

    /// Follows the child `lo..hi` of byte `b` of the node at `at`, unless its column rules it
    /// out.
    fn step(&mut self, lo: usize, hi: usize, at: At<'_>, b: u8) {
        if !b.is_ascii() {
            self.sink.verify(&self.view, lo, hi);
            return;
        }
        let next = self.next_column(at, b);
        let held = self.held(&next, at.held);
        if self.alive(&next, held, at.d + 1) {
            self.visit(lo, hi, at.child(&next, b, held));
        }
    }

    /// The column after byte `b` at the node `at` (its column, the one before it, and its
    /// last byte, for a swap of the last two bytes).
    fn next_column(&self, at: At<'_>, b: u8) -> Column {
        let At {
            d, col, prev, last, ..
        } = at;
        let m = self.q.len();
        let cap = self.k + 1;
        let c = char::from(b);
        let mut next: Column = [cap; MAX_NEAR_CHARS + 1];
        next[0] = (d + 1).min(usize::from(cap)) as u8;
        // Cell `i` is at least `|i - (d + 1)|` (each unmatched character costs an edit): only
        // the band of cells within `k` of the diagonal can be below the cap.
        let k = usize::from(self.k);
        let first = (d + 1).saturating_sub(k).max(1);
        let band_end = (d + 1 + k).min(m);
        for i in first..=band_end {
            let cost = u8::from(self.q[i - 1] != c);
            let mut v = (col[i] + 1).min(next[i - 1] + 1).min(col[i - 1] + cost);
            if i >= 2 && d >= 1 && self.q[i - 1] == char::from(last) && self.q[i - 2] == c {
                v = v.min(prev[i - 2] + 1);
            }
            next[i] = v.min(cap);
        }
        next
    }
}

/// The query bytes that keep a branch alive at a node: at most `2k + 2` (see
/// [`NearWalk::passing`]).
#[derive(Default)]
struct Passing {
    bytes: [u8; MAX_PASSING],
    len: usize,
}

/// `2k + 2` for the largest `k`.
const MAX_PASSING: usize = 6;

impl Passing {
    fn push(&mut self, b: u8) {
        if self.len < MAX_PASSING {
            self.bytes[self.len] = b;
            self.len += 1;
        }
    }

    fn contains(&self, b: u8) -> bool {
        self.bytes[..self.len].contains(&b)
    }

    /// Into byte order.
    fn sort(&mut self) {
        self.bytes[..self.len].sort_unstable();
    }

    fn iter(&self) -> impl Iterator<Item = u8> + '_ {
        self.bytes[..self.len].iter().copied()
    }
}

impl Sink<'_> {
    /// Verifies every key of `lo..hi` in full against the original query.
    fn verify(&mut self, view: &View<'_>, lo: usize, hi: usize) {
        self.verify_at(view, lo..hi);
    }

    /// Verifies the keys at `positions` in full against the original query: they are held
    /// until a batch is full (or the search ends), so that the cache misses of the small
    /// leaves of a walk overlap instead of following one another.
    fn verify_at(&mut self, view: &View<'_>, positions: impl ExactSizeIterator<Item = usize>) {
        stats::verified(positions.len());
        for p in positions {
            if self.batch.hold(view.entry(p)) {
                self.flush(view);
            }
        }
    }

    /// Verifies the keys held (any view of the index reads them: they share the keys).
    fn flush(&mut self, view: &View<'_>) {
        let mut chars = Vec::new();
        // With ASCII keys, a key whose length is more than `k` away from the query's is out
        // of reach: known from its length, before its bytes are read.
        let (m, k) = (self.query.len(), usize::from(self.k));
        let ascii = view.all_ascii();
        let fits = |len: usize| !ascii || len.abs_diff(m) <= k;
        self.batch.gather(view, &fits);
        for j in 0..self.batch.len {
            let key = self.batch.key(view, j);
            let edits = if key.is_ascii() {
                self.osa.within_ascii(key, usize::from(self.k))
            } else {
                decode(key, &mut chars);
                self.osa.within(&chars, usize::from(self.k))
            };
            if let Some(edits) = edits {
                self.push(self.batch.entries[j], edits);
            }
        }
    }

    /// Accepts every key of `lo..hi` at `edits`, known from the walk's table.
    fn accept(&mut self, view: &View<'_>, lo: usize, hi: usize, edits: u8) {
        for p in lo..hi {
            self.push(view.entry(p), edits);
        }
    }

    fn push(&mut self, entry: u32, edits: u8) {
        if (self.keep)(entry) {
            self.out.push(Candidate {
                entry,
                edits,
                lookalikes: 0,
            });
        }
    }
}

/// Keys verified together: their locations, then their first bytes, are loaded in separate
/// passes, so the cache misses of a batch overlap instead of following one another.
const BATCH: usize = 16;

/// Bytes of a key copied in the gathering pass; longer keys are read again in place.
const HEAD: usize = 16;

struct Batch {
    /// Entries held, not yet gathered.
    held: usize,
    /// Entries gathered (their keys fit): `entries[..len]`.
    len: usize,
    entries: [u32; BATCH],
    spans: [(usize, usize); BATCH],
    heads: [[u8; HEAD]; BATCH],
}

impl Default for Batch {
    fn default() -> Self {
        Batch {
            held: 0,
            len: 0,
            entries: [0; BATCH],
            spans: [(0, 0); BATCH],
            heads: [[0; HEAD]; BATCH],
        }
    }
}

impl Batch {
    /// Holds entry `e` for verification; whether the batch is now full.
    fn hold(&mut self, e: u32) -> bool {
        self.entries[self.held] = e;
        self.held += 1;
        self.held == BATCH
    }

    /// Loads the keys of the entries held whose length `fits`, and empties the hold.
    fn gather(&mut self, view: &View<'_>, fits: &dyn Fn(usize) -> bool) {
        let b = self;
        let read = std::mem::take(&mut b.held);
        b.len = 0;
        for j in 0..read {
            let e = b.entries[j];
            let span = view.span(e);
            if fits(span.1) {
                b.entries[b.len] = e;
                b.spans[b.len] = span;
                b.len += 1;
            }
        }
        let arena = view.arena();
        for (head, &(start, n)) in b.heads[..b.len].iter_mut().zip(&b.spans) {
            // A fixed-size copy (past the key's end, into its neighbours, where the arena
            // allows) is one load and one store; a copy of the key's own length is a call.
            match arena.get(start..start + HEAD) {
                Some(bytes) => head.copy_from_slice(bytes),
                None => {
                    let n = n.min(HEAD);
                    head[..n].copy_from_slice(&arena[start..start + n]);
                }
            }
        }
    }

    fn key<'v>(&'v self, view: &View<'v>, j: usize) -> &'v [u8] {
        let (start, n) = self.spans[j];
        if n <= HEAD {
            &self.heads[j][..n]
        } else {
            &view.arena()[start..start + n]
        }
    }
}

/// Where a near search walks: the same positions read forwards and backwards.
pub(crate) struct Scope<'a> {
    pub(crate) forward: View<'a>,
    pub(crate) backward: View<'a>,
    pub(crate) lo: usize,
    pub(crate) hi: usize,
    /// The shortest and longest key of the scope, in characters (bounds).
    pub(crate) lens: (usize, usize),
}

/// Keys of `scope` within `k ≤ 2` edits of `q` that pass `keep` (an entry may come twice).
pub(crate) fn search(
    scope: &Scope<'_>,
    q: &[char],
    k: u8,
    keep: &dyn Fn(u32) -> bool,
    out: &mut Vec<Candidate>,
) {
    if k == 0 {
        let (lo, hi) = exact_range(scope, q);
        let entries = (lo..hi).map(|p| scope.forward.entry(p));
        out.extend(entries.filter(|&e| keep(e)).map(|entry| Candidate {
            entry,
            edits: 0,
            lookalikes: 0,
        }));
        return;
    }
    let osa = OsaPattern::new(q);
    let mut sink = Sink {
        query: q,
        osa: &osa,
        k,
        keep,
        out,
        batch: Batch::default(),
    };
    stats::walk(0);
    match k {
        1 => one_edit(scope, q, &mut sink),
        _ => two_edits(scope, q, &mut sink),
    }
    sink.flush(&scope.forward);
}

/// Runs one walk of `view` for `q` with `k` edits and the given caps (rows in reading order).
fn walk<'a>(
    scope: &Scope<'a>,
    backwards: bool,
    q: &[char],
    k: u8,
    (caps, skip_exact): (Vec<Cap>, Option<usize>),
    sink: &mut Sink<'a>,
) {
    let view = if backwards {
        scope.backward
    } else {
        scope.forward
    };
    let distance_exact = q == sink.query;
    let mut q = q.to_vec();
    if backwards {
        q.reverse();
    }
    NearWalk {
        view,
        q,
        k,
        caps,
        lens: scope.lens,
        skip_exact,
        distance_exact,
        sink,
    }
    .run(scope.lo, scope.hi);
}

/// The `k = 1` scheme for `q`: one half exact, or the pair across the cut swapped.
fn one_edit<'a>(scope: &Scope<'a>, q: &[char], sink: &mut Sink<'a>) {
    let m = q.len();
    let cut = m.div_ceil(2);
    walk(
        scope,
        false,
        q,
        1,
        (vec![Cap { row: cut, max: 0 }], None),
        sink,
    );
    walk(
        scope,
        true,
        q,
        1,
        (
            vec![Cap {
                row: m - cut,
                max: 0,
            }],
            None,
        ),
        sink,
    );
    if cut > 0 && cut < m && q[cut - 1] != q[cut] {
        let mut swapped = q.to_vec();
        swapped.swap(cut - 1, cut);
        exact(scope, &swapped, sink);
    }
}

/// The `k = 2` scheme for `q` (see the module's text).
fn two_edits<'a>(scope: &Scope<'a>, q: &[char], sink: &mut Sink<'a>) {
    let m = q.len();
    let piece = |i: usize| m / 4 + usize::from(i < m % 4);
    let (b1, b2, b3) = (piece(0), piece(0) + piece(1), m - piece(3));
    let cap = |row: usize, max: u8| Cap { row, max };
    stats::walk(1);
    walk(scope, false, q, 2, (vec![cap(b2, 0)], None), sink);
    walk(scope, true, q, 2, (vec![cap(m - b2, 0)], None), sink);
    stats::walk(2);
    // Keys with `P1 P2` (or `P3 P4`) exact were found by the first two walks.
    let caps = vec![cap(b1, 0), cap(b2, 1)];
    walk(scope, false, q, 2, (caps, Some(b2)), sink);
    let caps = vec![cap(m - b3, 0), cap(m - b2, 1), cap(m - b1, 1)];
    walk(scope, true, q, 2, (caps, Some(m - b2)), sink);
    stats::walk(3);
    // Keys with `P1` exact were found by the walks before.
    let caps = vec![cap(b1, 1), cap(b3, 1)];
    walk(scope, false, q, 2, (caps, Some(b1)), sink);
    stats::walk(4);
    for cut in [b1, b2, b3] {
        if cut > 0 && cut < m && q[cut - 1] != q[cut] {
            let mut swapped = q.to_vec();
            swapped.swap(cut - 1, cut);
            one_edit(scope, &swapped, sink);
        }
    }
}

/// Keys of `scope` whose L3 form is `q`, verified against the sink's query (`q` is a
/// variant of it with a pair swapped).
fn exact<'a>(scope: &Scope<'a>, q: &[char], sink: &mut Sink<'a>) {
    let (lo, hi) = exact_range(scope, q);
    sink.verify(&scope.forward, lo, hi);
}

/// The positions of `scope`'s forward view whose L3 form is `q`.
fn exact_range(scope: &Scope<'_>, q: &[char]) -> (usize, usize) {
    let text = KeyText::new(q);
    scope
        .forward
        .equal_range(scope.lo, scope.hi, text.as_bytes())
}

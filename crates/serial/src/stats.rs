//! Work counters of the near search (nodes walked, ranges verified, keys verified, child
//! lookups, keys read, nodes per walk of the scheme), for profiling with `--features stats`. Without
//! the feature every counter is a no-op that the compiler removes.

/// Counts since the last [`take`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub nodes: usize,
    pub leaves: usize,
    pub keys_verified: usize,
    pub lookups: usize,
    /// Keys read by the views' searches and walks (each a chain of cache misses in a view
    /// over all makers), besides those verified.
    pub keys_read: usize,
    /// Nodes by walk of the scheme: 0 for the `k ≤ 1` schemes, 1–3 for the walks of the
    /// `k = 2` scheme, 4 for its swapped queries.
    pub nodes_by_walk: [usize; 5],
}

#[cfg(feature = "stats")]
mod counters {
    use std::cell::Cell;
    thread_local! {
        pub(super) static STATS: Cell<super::Stats> = Cell::new(super::Stats::default());
        pub(super) static WALK: Cell<usize> = const { Cell::new(0) };
    }
}

#[inline]
fn update(_f: impl FnOnce(&mut Stats)) {
    #[cfg(feature = "stats")]
    counters::STATS.with(|s| {
        let mut v = s.get();
        _f(&mut v);
        s.set(v);
    });
}

pub(crate) fn node() {
    update(|s| {
        s.nodes += 1;
        #[cfg(feature = "stats")]
        {
            s.nodes_by_walk[counters::WALK.with(|w| w.get())] += 1;
        }
    });
}

pub(crate) fn leaf() {
    update(|s| s.leaves += 1);
}

pub(crate) fn verified(n: usize) {
    update(|s| s.keys_verified += n);
}

pub(crate) fn lookup() {
    update(|s| s.lookups += 1);
}

pub(crate) fn key_read() {
    update(|s| s.keys_read += 1);
}

/// Marks the walk that the following nodes belong to.
pub(crate) fn walk(_i: usize) {
    #[cfg(feature = "stats")]
    counters::WALK.with(|w| w.set(_i.min(4)));
}

/// The counts of this thread since the last call (all zero without the `stats` feature).
pub fn take() -> Stats {
    #[cfg(feature = "stats")]
    return counters::STATS.with(|s| s.replace(Stats::default()));
    #[cfg(not(feature = "stats"))]
    Stats::default()
}

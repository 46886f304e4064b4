//! Serial numbers: the matching levels of `tracing-rules.md` and the serial index.
//!
//! This crate is the hot path of rastro. It does no I/O and depends on no other rastro crate,
//! so it can be benchmarked and fuzzed on its own.
//!
//! ```
//! use rastro_serial::{Attrs, IndexBuilder, Query, QueryKind};
//!
//! let mut b = IndexBuilder::new();
//! b.add(7, "LE014388", 1, Attrs::default());
//! b.add(7, "LEO14388", 2, Attrs::default());
//! b.add(9, "BXR123", 3, Attrs::default());
//! let index = b.build();
//!
//! let mut q = Query::new("LE0I4389", QueryKind::Near { max_edits: 1 });
//! q.makers = Some(vec![7]);
//! let hits = index.search(&q).unwrap();
//! assert_eq!(hits.len(), 2);
//! assert_eq!(hits[0].edits, 1);
//! ```

mod index;
mod levels;
pub mod stats;

pub use index::{
    osa_distance, Attrs, FormatError, Hit, IndexBuilder, Query, QueryError, QueryKind, SerialIndex,
    Step, LAYOUT_VERSION, MAX_NEAR_CHARS, MAX_QUERY_BYTES, MAX_SERIAL_BYTES, MIN_READABLE,
};
pub use levels::{fold_confusable, level_key, level_sources, match_level, Level};

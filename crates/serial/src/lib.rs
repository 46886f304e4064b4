//! Serial numbers: the matching levels of `tracing-rules.md` and, later, the serial index.
//!
//! This crate is the hot path of rastro. It has no dependencies and does no I/O, so it can be
//! benchmarked and fuzzed on its own.

mod levels;

pub use levels::{fold_confusable, level_key, match_level, Level};

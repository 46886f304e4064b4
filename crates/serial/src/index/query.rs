//! Queries, hits and query errors, and the parsing of a query into a plan.

use std::fmt;

use super::key::l3_chars;
use super::pattern::Pattern;
use super::verify::MAX_NEAR_CHARS;
use crate::levels::Level;

/// Longest query text accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 256;

/// Readable characters a pattern or fragment needs (`tracing-rules.md`, "Looser matching").
pub const MIN_READABLE: usize = 4;

/// What to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// Serials equal to the query at one of the levels L0–L3 (equal L3 forms).
    Levels,
    /// Serials whose L3 form is within `max_edits` (0..=2) OSA edits of the query's.
    Near {
        /// Largest distance accepted.
        max_edits: u8,
    },
    /// A partly readable serial: `?` one character, `*` any run; text without either is a
    /// fragment found anywhere (`*TEXT*`). Needs [`MIN_READABLE`] readable characters.
    Pattern,
}

/// One search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The serial, pattern or fragment as read.
    pub text: String,
    /// What to look for.
    pub kind: QueryKind,
    /// The maker ids of one maker identity; `None` searches every maker.
    pub makers: Option<Vec<u32>>,
    /// Drops entries of another firearm type (entries without one are kept).
    pub firearm_type: Option<u8>,
    /// Drops entries of another caliber (entries without one are kept).
    pub caliber: Option<u16>,
    /// Most hits returned, best first; 0 returns them all.
    pub limit: usize,
}

impl Query {
    /// A query of `kind` for `text` over all makers, no filter, at most 20 hits.
    pub fn new(text: impl Into<String>, kind: QueryKind) -> Self {
        Query {
            text: text.into(),
            kind,
            makers: None,
            firearm_type: None,
            caliber: None,
            limit: 20,
        }
    }
}

/// One difference between the query and a hit's serial. Positions (`at`) are character
/// positions in the hit's L3 form; characters are shown as read and as recorded (L2 forms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The query has `from` where the serial has `to`.
    Substituted { at: usize, from: char, to: char },
    /// The query has an extra `ch` before serial position `at`.
    Inserted { at: usize, ch: char },
    /// The serial's `ch` at `at` is missing from the query.
    Dropped { at: usize, ch: char },
    /// The serial's characters `at` and `at + 1` appear swapped in the query.
    Transposed { at: usize },
    /// Look-alike characters (`from` read, `to` recorded): equal after folding, not an edit.
    LookAlike { at: usize, from: char, to: char },
    /// `len` unreadable characters of the serial, from `at`, matched a wildcard.
    Wildcard { at: usize, len: usize },
}

/// One serial found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The firearm id given to the builder.
    pub firearm: u64,
    /// The maker id given to the builder.
    pub maker: u32,
    /// The serial as added.
    pub serial: String,
    /// OSA edits between the L3 forms (0 for patterns).
    pub edits: u8,
    /// Equal L3 forms, different L2 forms: only look-alike characters differ.
    pub lookalike_only: bool,
    /// For patterns: serial characters matched by wildcards.
    pub unreadable: u8,
    /// In (0, 1], higher is better; ranks as the order of hits does.
    pub score: f32,
    /// For 0 edits: the strictest matching level (`tracing-rules.md`), `None` otherwise.
    pub level: Option<Level>,
    /// Why this serial was found, in serial order.
    pub explanation: Vec<Step>,
}

/// Why a query cannot be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// Nothing but spaces.
    Empty,
    /// Too few readable characters for this kind of query.
    TooShort { readable: usize, needed: usize },
    /// Nothing but separators and leading zeros (`00-0`): no serial to compare it with.
    NothingLeft,
    /// More than 2 edits asked for.
    TooManyEdits { asked: u8, max: u8 },
    /// Longer than any serial.
    TooLong { len: usize, max: usize },
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Empty => f.write_str("the query is empty"),
            QueryError::TooShort { readable, needed } => write!(
                f,
                "the query has {readable} readable character(s); at least {needed} are needed"
            ),
            QueryError::NothingLeft => f.write_str(
                "the query is only separators and leading zeros: no serial is left to compare",
            ),
            QueryError::TooManyEdits { asked, max } => {
                write!(f, "{asked} edits asked for; at most {max} are supported")
            }
            QueryError::TooLong { len, max } => {
                write!(
                    f,
                    "the query is {len} characters long; at most {max} are supported"
                )
            }
        }
    }
}

impl std::error::Error for QueryError {}

/// Most edits a near query may ask for.
pub const MAX_EDITS: u8 = 2;

/// A validated query.
pub(crate) enum Plan {
    Near { key: Vec<char>, max_edits: usize },
    Pattern(Pattern),
}

impl Plan {
    pub(crate) fn parse(q: &Query) -> Result<Plan, QueryError> {
        if q.text.trim().is_empty() {
            return Err(QueryError::Empty);
        }
        if q.text.len() > MAX_QUERY_BYTES {
            let len = q.text.chars().count();
            return Err(QueryError::TooLong {
                len,
                max: MAX_QUERY_BYTES,
            });
        }
        let max_edits = match q.kind {
            QueryKind::Pattern => return Pattern::parse(&q.text).map(Plan::Pattern),
            QueryKind::Levels => 0,
            QueryKind::Near { max_edits } if max_edits > MAX_EDITS => {
                return Err(QueryError::TooManyEdits {
                    asked: max_edits,
                    max: MAX_EDITS,
                })
            }
            QueryKind::Near { max_edits } => max_edits,
        };
        let mut key = Vec::new();
        l3_chars(&q.text, &mut key);
        if key.is_empty() {
            return Err(QueryError::NothingLeft);
        }
        if key.len() > MAX_NEAR_CHARS {
            return Err(QueryError::TooLong {
                len: key.len(),
                max: MAX_NEAR_CHARS,
            });
        }
        Ok(Plan::Near {
            key,
            max_edits: usize::from(max_edits),
        })
    }
}

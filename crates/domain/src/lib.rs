//! Domain types and the tracing rules of rastro.
//!
//! This crate does no I/O: it is the rules of `tracing-rules.md` and the types they speak of,
//! so that every decision can be tested and explained without a store, a file or a clock.

pub mod directory;
pub mod ffl;
pub mod loose;
pub mod makers;
pub mod model;
pub mod outcome;
pub mod result;
pub mod rules;

pub use directory::Directory;
pub use ffl::{ChainRole, FflNumber, FflParseError, LicenceType};
pub use loose::{LooseHit, LooseMatcher, LooseQuery};
pub use makers::{MakerIdentity, MakerTable};
pub use model::{
    AdRecord, BusinessStatus, Licensee, LicenseeStatus, Maker, Priority, TraceRequest,
};
pub use outcome::{Origin, Outcome, Reason};
pub use result::{Candidate, ChainLink, Correction, Purchaser, RequestKey, TraceResult};
pub use rules::{
    duplicate_result, origin_without_records, resolve, serial_bucket, DuplicateIndex, DuplicateOf,
    LicenseeDirectory, TraceInput,
};

/// The code tables, re-exported so callers need one dependency.
pub use rastro_codes as codes;
pub use rastro_serial as serial;

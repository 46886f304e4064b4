//! The storage interface of rastro, and its embedded backend.
//!
//! Every backend implements [`Store`]. The embedded backend ([`SqliteStore`]) keeps everything
//! in one SQLite file under the data folder; a PostgreSQL backend implements the same trait.
//!
//! Legal by design: A&D records are keyed and indexed by firearm (the serial's L3 key, then the
//! entry) and by nothing else. No method finds a record by a person's name, address or id.

mod error;
mod packed;
mod sqlite;

pub use error::StoreError;
pub use packed::{stable_hash, PreparedRecord};
pub use rastro_domain::Directory;
pub use sqlite::SqliteStore;

use rastro_domain::{AdRecord, Licensee, LicenseeStatus, Maker, TraceRequest, TraceResult};

/// Rows of one input file, handed to [`Store::import`] as they are read. A reader that cannot
/// go on (the file became unreadable halfway) yields [`Abort`], and nothing of the file is kept.
pub enum ImportRows<'a> {
    Licensees(&'a mut dyn Iterator<Item = Result<Licensee, Abort>>),
    Statuses(&'a mut dyn Iterator<Item = Result<LicenseeStatus, Abort>>),
    Makers(&'a mut dyn Iterator<Item = Result<Maker, Abort>>),
    Records(&'a mut dyn Iterator<Item = Result<PreparedRecord, Abort>>),
    Requests(&'a mut dyn Iterator<Item = Result<TraceRequest, Abort>>),
}

/// The reader of an import gave up; the import is rolled back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Abort;

/// What an import did with the rows it was given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct WriteCounts {
    /// New rows.
    pub inserted: u64,
    /// Rows whose key was present, with new values (a later listing, a later status).
    pub updated: u64,
    /// Rows whose key was already present: nothing added.
    pub already_present: u64,
}

/// A trace request as stored, with its import sequence number.
#[derive(Debug, Clone)]
pub struct StoredRequest {
    /// Import order: "an earlier imported request" has a smaller sequence number.
    pub seq: i64,
    pub request: TraceRequest,
    /// The stored result's outcome, if the request was traced.
    pub traced: Option<StoredOutcome>,
}

/// The part of a stored result that decides whether a request is traced again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredOutcome {
    pub outcome: rastro_domain::Outcome,
    pub origin: rastro_domain::Origin,
}

/// A stored trace result with its request.
#[derive(Debug, Clone)]
pub struct StoredResult {
    pub seq: i64,
    pub request: TraceRequest,
    pub result: TraceResult,
}

/// Reads the A&D records of one serial bucket. One per thread.
pub trait RecordReader: Send {
    /// Every record whose serial has this L3 key, of any maker.
    fn bucket(&mut self, serial_key: &str) -> Result<Vec<AdRecord>, StoreError>;

    /// The record with this stored id (as handed out by [`Store::scan_records`]).
    fn by_id(&mut self, id: i64) -> Result<Option<AdRecord>, StoreError>;
}

/// The one storage interface of rastro.
pub trait Store {
    /// Imports the rows of one file in one transaction: on any error, or if the process dies,
    /// the store is left as it was before, and importing again finishes the work.
    fn import(&mut self, rows: ImportRows<'_>) -> Result<WriteCounts, StoreError>;

    /// The makers imported from files (the reference table is added by the domain).
    fn makers(&self) -> Result<Vec<Maker>, StoreError>;

    /// Licensees, statuses and which licensees' books are on file.
    fn directory(&self) -> Result<Directory, StoreError>;

    /// Every trace request, in import order.
    fn requests(&self) -> Result<Vec<StoredRequest>, StoreError>;

    /// Visits every A&D record with its stored id, to build the serial index (which reaches
    /// records by firearm only). Not a search: nothing here selects records by any field.
    fn scan_records(&self, visit: &mut dyn FnMut(i64, AdRecord)) -> Result<(), StoreError> {
        self.scan_records_after(0, visit)
    }

    /// Visits the A&D records whose stored id is above `after`, in id order: the records a
    /// saved serial index does not cover yet. Stored ids are positive, only grow, and a record
    /// is never deleted, so "id above N" is exactly "imported after the first N ids".
    fn scan_records_after(
        &self,
        after: i64,
        visit: &mut dyn FnMut(i64, AdRecord),
    ) -> Result<(), StoreError>;

    /// The largest stored A&D record id (0 when there is none).
    fn last_record_id(&self) -> Result<i64, StoreError>;

    /// For each id, the idempotence-key hash of that record (`PreparedRecord::entry_hash`), or
    /// `None` where no record has that id: a few of them tell whether a saved serial index was
    /// built from this store's records or from another store's. Opaque numbers, no record data.
    fn record_marks(&self, ids: &[i64]) -> Result<Vec<Option<i64>>, StoreError>;

    /// A reader of A&D records for one worker thread.
    fn record_reader(&self) -> Result<Box<dyn RecordReader>, StoreError>;

    /// Stores results (replacing earlier ones for the same requests), in one transaction.
    fn save_results(&mut self, results: &[(i64, TraceResult)]) -> Result<(), StoreError>;

    /// Every stored result with its request, in import order.
    fn results(&self) -> Result<Vec<StoredResult>, StoreError>;

    /// How many rows each table holds.
    fn counts(&self) -> Result<TableCounts, StoreError>;
}

/// Row counts of the store, for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct TableCounts {
    pub licensees: u64,
    pub statuses: u64,
    pub makers: u64,
    pub records: u64,
    pub requests: u64,
    pub results: u64,
}

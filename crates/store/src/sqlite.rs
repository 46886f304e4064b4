//! The embedded backend: one SQLite file, `rastro.db`, in the data folder.

use crate::packed::{stable_hash, unpack, PreparedRecord};
use crate::{
    Abort, Directory, ImportRows, RecordReader, Store, StoreError, StoredOutcome, StoredRequest,
    StoredResult, TableCounts, WriteCounts,
};
use chrono::NaiveDate;
use rastro_domain::serial::{level_key, Level};
use rastro_domain::{
    AdRecord, BusinessStatus, FflNumber, Licensee, LicenseeStatus, Maker, Origin, Outcome,
    TraceRequest, TraceResult,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

/// The schema. A&D records are reached by firearm key (the serial's L3 form) only: that is their
/// one index besides the idempotence key, and the key a partitioned backend splits them by.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS licensees (
    ffl TEXT PRIMARY KEY,
    license_name TEXT NOT NULL,
    business_name TEXT,
    premise_street TEXT, premise_city TEXT, premise_state TEXT, premise_zip TEXT,
    mail_street TEXT, mail_city TEXT, mail_state TEXT, mail_zip TEXT,
    voice_phone TEXT
);
CREATE TABLE IF NOT EXISTS licensee_status (
    ffl TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    status_on TEXT,
    records_received_on TEXT
);
CREATE TABLE IF NOT EXISTS makers (
    code TEXT PRIMARY KEY,
    payload TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ad_records (
    id INTEGER PRIMARY KEY,
    serial_hash INTEGER NOT NULL,
    entry_hash INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ad_records_entry ON ad_records (entry_hash);
CREATE INDEX IF NOT EXISTS ad_records_firearm ON ad_records (serial_hash);
CREATE TABLE IF NOT EXISTS book_holders (
    ffl TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS requests (
    seq INTEGER PRIMARY KEY,
    agency TEXT NOT NULL,
    request_ref TEXT NOT NULL,
    payload TEXT NOT NULL,
    UNIQUE (agency, request_ref)
);
CREATE TABLE IF NOT EXISTS results (
    seq INTEGER PRIMARY KEY REFERENCES requests (seq),
    outcome TEXT NOT NULL,
    origin TEXT NOT NULL,
    payload TEXT NOT NULL
);
";

/// The layout of the tables; a store of another layout is refused, not misread.
const SCHEMA_VERSION: i64 = 2;

/// A store written by another version of rastro must be imported again, not misread.
fn check_schema_version(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let has_tables: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table'",
        [],
        |row| row.get(0),
    )?;
    if has_tables && found != SCHEMA_VERSION {
        return Err(StoreError::SchemaVersion {
            path: path.to_path_buf(),
            found,
            expected: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// The store's file in its data folder.
const DATABASE_FILE: &str = "rastro.db";

/// The embedded store.
pub struct SqliteStore {
    path: PathBuf,
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the store in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataFolder {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(DATABASE_FILE);
        let conn = connect(&path)?;
        check_schema_version(&conn, &path)?;
        conn.execute_batch(SCHEMA)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(SqliteStore { path, conn })
    }

    /// Opens the store in `data_dir`, which must hold one: a command that only reads or
    /// traces must not leave an empty store behind a mistyped folder name.
    pub fn open_existing(data_dir: &Path) -> Result<Self, StoreError> {
        if !data_dir.join(DATABASE_FILE).is_file() {
            return Err(StoreError::Missing {
                path: data_dir.to_path_buf(),
            });
        }
        Self::open(data_dir)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    // A rollback journal: a big import writes mostly new pages, which need no journal copy, and
    // a killed import is rolled back by the next open. 1 GiB of page cache keeps the indexes of a
    // ten-million-row import in memory.
    conn.execute_batch(
        "PRAGMA page_size = 16384;
         PRAGMA journal_mode = TRUNCATE;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -1048576;
         PRAGMA threads = 2;
         PRAGMA busy_timeout = 10000;",
    )?;
    Ok(conn)
}

fn date(value: Option<NaiveDate>) -> Option<String> {
    value.map(|d| d.to_string())
}

fn parse_date(text: Option<String>, what: &'static str) -> Result<Option<NaiveDate>, StoreError> {
    text.map(|t| {
        t.parse().map_err(|_| StoreError::Corrupt {
            what,
            detail: t.clone(),
        })
    })
    .transpose()
}

fn parse_ffl(text: Option<String>, what: &'static str) -> Result<Option<FflNumber>, StoreError> {
    text.map(|t| FflNumber::parse(&t).map_err(|_| StoreError::Corrupt { what, detail: t }))
        .transpose()
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("domain types serialise")
}

fn from_json<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &'static str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::Corrupt {
        what,
        detail: error.to_string(),
    })
}

impl Store for SqliteStore {
    fn import(&mut self, rows: ImportRows<'_>) -> Result<WriteCounts, StoreError> {
        let tx = self.conn.transaction()?;
        let counts = match rows {
            ImportRows::Licensees(rows) => import_licensees(&tx, rows)?,
            ImportRows::Statuses(rows) => import_statuses(&tx, rows)?,
            ImportRows::Makers(rows) => import_makers(&tx, rows)?,
            ImportRows::Records(rows) => import_records(&tx, rows)?,
            ImportRows::Requests(rows) => import_requests(&tx, rows)?,
        };
        tx.commit()?;
        Ok(counts)
    }

    fn makers(&self) -> Result<Vec<Maker>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT payload FROM makers ORDER BY code")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        rows.map(|text| from_json(&text?, "maker")).collect()
    }

    fn directory(&self) -> Result<Directory, StoreError> {
        let mut directory = Directory::default();
        let mut stmt = self.conn.prepare(
            "SELECT ffl, license_name, business_name, premise_street, premise_city, premise_state,
                    premise_zip, mail_street, mail_city, mail_state, mail_zip, voice_phone
             FROM licensees",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let ffl = parse_ffl(Some(row.get(0)?), "licensee FFL")?.expect("present");
            let licensee = Licensee {
                ffl: ffl.clone(),
                license_name: row.get(1)?,
                business_name: row.get(2)?,
                premise_street: row.get(3)?,
                premise_city: row.get(4)?,
                premise_state: row.get(5)?,
                premise_zip: row.get(6)?,
                mail_street: row.get(7)?,
                mail_city: row.get(8)?,
                mail_state: row.get(9)?,
                mail_zip: row.get(10)?,
                voice_phone: row.get(11)?,
            };
            directory.licensees.insert(ffl, licensee);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT ffl, status, status_on, records_received_on FROM licensee_status")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let ffl = parse_ffl(Some(row.get(0)?), "status FFL")?.expect("present");
            let status: String = row.get(1)?;
            let status = LicenseeStatus {
                ffl: ffl.clone(),
                status: if status == "OUT_OF_BUSINESS" {
                    BusinessStatus::OutOfBusiness
                } else {
                    BusinessStatus::Active
                },
                status_on: parse_date(row.get(2)?, "status date")?,
                records_received_on: parse_date(row.get(3)?, "records received date")?,
            };
            directory.statuses.insert(ffl, status);
        }
        let mut stmt = self.conn.prepare("SELECT ffl FROM book_holders")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            if let Some(ffl) = parse_ffl(Some(row.get(0)?), "book holder FFL")? {
                directory.book_holders.insert(ffl);
            }
        }
        Ok(directory)
    }

    fn requests(&self) -> Result<Vec<StoredRequest>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT r.seq, r.payload, t.outcome, t.origin
             FROM requests r LEFT JOIN results t ON t.seq = r.seq ORDER BY r.seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut requests = Vec::new();
        while let Some(row) = rows.next()? {
            let payload: String = row.get(1)?;
            let outcome: Option<String> = row.get(2)?;
            let origin: Option<String> = row.get(3)?;
            let traced = match (outcome, origin) {
                (Some(outcome), Some(origin)) => Some(StoredOutcome {
                    outcome: Outcome::from_code(&outcome).ok_or(StoreError::Corrupt {
                        what: "outcome",
                        detail: outcome.clone(),
                    })?,
                    origin: Origin::from_code(&origin).ok_or(StoreError::Corrupt {
                        what: "origin",
                        detail: origin.clone(),
                    })?,
                }),
                _ => None,
            };
            requests.push(StoredRequest {
                seq: row.get(0)?,
                request: from_json(&payload, "request")?,
                traced,
            });
        }
        Ok(requests)
    }

    fn scan_records_after(
        &self,
        after: i64,
        visit: &mut dyn FnMut(i64, AdRecord),
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, record FROM ad_records WHERE id > ?1 ORDER BY id")?;
        let mut rows = stmt.query([after])?;
        while let Some(row) = rows.next()? {
            let record = unpack(row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?)?;
            visit(row.get(0)?, record);
        }
        Ok(())
    }

    fn last_record_id(&self) -> Result<i64, StoreError> {
        let last = self
            .conn
            .query_row("SELECT max(id) FROM ad_records", [], |row| {
                row.get::<_, Option<i64>>(0)
            })?;
        Ok(last.unwrap_or(0))
    }

    fn record_marks(&self, ids: &[i64]) -> Result<Vec<Option<i64>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT entry_hash FROM ad_records WHERE id = ?1")?;
        ids.iter()
            .map(|id| Ok(stmt.query_row([id], |row| row.get(0)).optional()?))
            .collect()
    }

    fn record_reader(&self) -> Result<Box<dyn RecordReader>, StoreError> {
        let conn = connect(&self.path)?;
        conn.execute_batch("PRAGMA query_only = ON; PRAGMA cache_size = -262144;")?;
        Ok(Box::new(SqliteRecordReader { conn }))
    }

    fn save_results(&mut self, results: &[(i64, TraceResult)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO results (seq, outcome, origin, payload) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (seq) DO UPDATE SET outcome = excluded.outcome,
                     origin = excluded.origin, payload = excluded.payload",
            )?;
            for (seq, result) in results {
                stmt.execute(params![
                    seq,
                    result.outcome.code(),
                    result.origin.code(),
                    json(result)
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn results(&self) -> Result<Vec<StoredResult>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT r.seq, r.payload, t.payload FROM requests r JOIN results t ON t.seq = r.seq
             ORDER BY r.seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut results = Vec::new();
        while let Some(row) = rows.next()? {
            let request: String = row.get(1)?;
            let result: String = row.get(2)?;
            results.push(StoredResult {
                seq: row.get(0)?,
                request: from_json(&request, "request")?,
                result: from_json(&result, "result")?,
            });
        }
        Ok(results)
    }

    fn counts(&self) -> Result<TableCounts, StoreError> {
        let count = |table: &str| -> Result<u64, StoreError> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                        row.get(0)
                    })?;
            Ok(n as u64)
        };
        Ok(TableCounts {
            licensees: count("licensees")?,
            statuses: count("licensee_status")?,
            makers: count("makers")?,
            records: count("ad_records")?,
            requests: count("requests")?,
            results: count("results")?,
        })
    }
}

fn import_licensees(
    tx: &Transaction<'_>,
    rows: &mut dyn Iterator<Item = Result<Licensee, Abort>>,
) -> Result<WriteCounts, StoreError> {
    let mut counts = WriteCounts::default();
    let mut exists = tx.prepare("SELECT 1 FROM licensees WHERE ffl = ?1")?;
    // A later listing updates name and address; an identical row changes nothing.
    let mut upsert = tx.prepare(
        "INSERT INTO licensees (ffl, license_name, business_name, premise_street, premise_city,
             premise_state, premise_zip, mail_street, mail_city, mail_state, mail_zip, voice_phone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (ffl) DO UPDATE SET license_name = excluded.license_name,
             business_name = excluded.business_name, premise_street = excluded.premise_street,
             premise_city = excluded.premise_city, premise_state = excluded.premise_state,
             premise_zip = excluded.premise_zip, mail_street = excluded.mail_street,
             mail_city = excluded.mail_city, mail_state = excluded.mail_state,
             mail_zip = excluded.mail_zip, voice_phone = excluded.voice_phone
         WHERE (license_name, business_name, premise_street, premise_city, premise_state,
                premise_zip, mail_street, mail_city, mail_state, mail_zip, voice_phone)
               IS NOT (excluded.license_name, excluded.business_name, excluded.premise_street,
                excluded.premise_city, excluded.premise_state, excluded.premise_zip,
                excluded.mail_street, excluded.mail_city, excluded.mail_state,
                excluded.mail_zip, excluded.voice_phone)",
    )?;
    for licensee in rows {
        let licensee = licensee?;
        let existed = exists
            .query_row([licensee.ffl.as_str()], |_| Ok(()))
            .optional()?
            .is_some();
        let changed = upsert.execute(params![
            licensee.ffl.as_str(),
            licensee.license_name,
            licensee.business_name,
            licensee.premise_street,
            licensee.premise_city,
            licensee.premise_state,
            licensee.premise_zip,
            licensee.mail_street,
            licensee.mail_city,
            licensee.mail_state,
            licensee.mail_zip,
            licensee.voice_phone,
        ])?;
        tally(&mut counts, existed, changed > 0);
    }
    Ok(counts)
}

fn tally(counts: &mut WriteCounts, existed: bool, changed: bool) {
    match (existed, changed) {
        (false, _) => counts.inserted += 1,
        (true, true) => counts.updated += 1,
        (true, false) => counts.already_present += 1,
    }
}

fn import_statuses(
    tx: &Transaction<'_>,
    rows: &mut dyn Iterator<Item = Result<LicenseeStatus, Abort>>,
) -> Result<WriteCounts, StoreError> {
    let mut counts = WriteCounts::default();
    let mut exists = tx.prepare("SELECT 1 FROM licensee_status WHERE ffl = ?1")?;
    // The latest row wins.
    let mut upsert = tx.prepare(
        "INSERT INTO licensee_status (ffl, status, status_on, records_received_on)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (ffl) DO UPDATE SET status = excluded.status,
             status_on = excluded.status_on, records_received_on = excluded.records_received_on
         WHERE (status, status_on, records_received_on)
               IS NOT (excluded.status, excluded.status_on, excluded.records_received_on)",
    )?;
    for status in rows {
        let status = status?;
        let existed = exists
            .query_row([status.ffl.as_str()], |_| Ok(()))
            .optional()?
            .is_some();
        let code = match status.status {
            BusinessStatus::Active => "ACTIVE",
            BusinessStatus::OutOfBusiness => "OUT_OF_BUSINESS",
        };
        let changed = upsert.execute(params![
            status.ffl.as_str(),
            code,
            date(status.status_on),
            date(status.records_received_on),
        ])?;
        tally(&mut counts, existed, changed > 0);
    }
    Ok(counts)
}

fn import_makers(
    tx: &Transaction<'_>,
    rows: &mut dyn Iterator<Item = Result<Maker, Abort>>,
) -> Result<WriteCounts, StoreError> {
    let mut counts = WriteCounts::default();
    let mut current = tx.prepare("SELECT payload FROM makers WHERE code = ?1")?;
    let mut upsert = tx.prepare(
        "INSERT INTO makers (code, payload) VALUES (?1, ?2)
         ON CONFLICT (code) DO UPDATE SET payload = excluded.payload",
    )?;
    for maker in rows {
        let maker = maker?;
        let code = maker.code.to_uppercase();
        let payload = json(&maker);
        let existing: Option<String> = current.query_row([&code], |row| row.get(0)).optional()?;
        if existing.as_deref() != Some(payload.as_str()) {
            upsert.execute(params![code, payload])?;
        }
        tally(
            &mut counts,
            existing.is_some(),
            existing.as_deref() != Some(payload.as_str()),
        );
    }
    Ok(counts)
}

/// Imports A&D records, in one transaction.
///
/// Every entry is checked against the idempotence key, but the database is asked only when the
/// key's 64-bit hash is already known (stored before, or seen earlier in this file): the hashes of
/// the stored entries are loaded once into memory, so the bulk of new rows costs one insert each.
fn import_records(
    tx: &Transaction<'_>,
    rows: &mut dyn Iterator<Item = Result<PreparedRecord, Abort>>,
) -> Result<WriteCounts, StoreError> {
    let mut counts = WriteCounts::default();
    let mut holders: HashSet<FflNumber, BuildHasherDefault<FnvHasher>> = HashSet::default();
    let mut known = stored_entry_hashes(tx)?;
    let mut insert =
        tx.prepare("INSERT INTO ad_records (serial_hash, entry_hash, record) VALUES (?1, ?2, ?3)")?;
    let mut same_hash = tx.prepare("SELECT record FROM ad_records WHERE entry_hash = ?1")?;
    // New entries wait in a small chunk, inserted in firearm-key order: consecutive inserts
    // then walk neighbouring index pages instead of jumping across the whole index.
    let mut chunk: Vec<PreparedRecord> = Vec::with_capacity(CHUNK);
    for record in rows {
        let record = record?;
        if !holders.contains(&record.ffl) {
            holders.insert(record.ffl.clone());
        }
        if known.insert(record.entry_hash) {
            chunk.push(record);
            if chunk.len() == CHUNK {
                counts.inserted += insert_chunk(&mut insert, &mut chunk)?;
            }
            continue;
        }
        // The hash is known: the entry may be stored, or waiting in the chunk.
        counts.inserted += insert_chunk(&mut insert, &mut chunk)?;
        if is_present(&mut same_hash, &record)? {
            counts.already_present += 1;
        } else {
            chunk.push(record);
            counts.inserted += insert_chunk(&mut insert, &mut chunk)?;
        }
    }
    counts.inserted += insert_chunk(&mut insert, &mut chunk)?;
    let mut holder = tx.prepare("INSERT OR IGNORE INTO book_holders (ffl) VALUES (?1)")?;
    for ffl in &holders {
        holder.execute([ffl.as_str()])?;
    }
    Ok(counts)
}

/// New entries inserted together, in firearm-key order.
const CHUNK: usize = 8192;

fn insert_chunk(
    insert: &mut rusqlite::Statement<'_>,
    chunk: &mut Vec<PreparedRecord>,
) -> Result<u64, StoreError> {
    chunk.sort_unstable_by_key(|record| record.serial_hash);
    for record in chunk.iter() {
        insert.execute(params![
            record.serial_hash,
            record.entry_hash,
            record.packed
        ])?;
    }
    let inserted = chunk.len() as u64;
    chunk.clear();
    Ok(inserted)
}

/// The entry hashes of every stored A&D record (read from the index alone).
fn stored_entry_hashes(
    tx: &Transaction<'_>,
) -> Result<HashSet<i64, BuildHasherDefault<IdentityHasher>>, StoreError> {
    let mut hashes = HashSet::default();
    let mut stmt = tx.prepare("SELECT entry_hash FROM ad_records INDEXED BY ad_records_entry")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        hashes.insert(row.get::<_, i64>(0)?);
    }
    Ok(hashes)
}

/// FNV-1a: the standard hasher's flooding resistance is not needed for licence numbers, and
/// it runs for every imported row.
struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// The keys are already well-mixed 64-bit hashes: hashing them again is wasted work.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_i64(&mut self, value: i64) {
        self.0 = value as u64;
    }
}

/// True when an entry with the record's idempotence key is stored. Entries are found by the
/// key's 64-bit hash, then compared in full, so two keys sharing a hash stay two entries.
fn is_present(
    same_hash: &mut rusqlite::Statement<'_>,
    record: &PreparedRecord,
) -> Result<bool, StoreError> {
    let mut rows = same_hash.query([record.entry_hash])?;
    while let Some(row) = rows.next()? {
        let stored = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        if unpack(stored)?.entry_key() == record.entry_key {
            return Ok(true);
        }
    }
    Ok(false)
}

fn import_requests(
    tx: &Transaction<'_>,
    rows: &mut dyn Iterator<Item = Result<TraceRequest, Abort>>,
) -> Result<WriteCounts, StoreError> {
    let mut counts = WriteCounts::default();
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO requests (agency, request_ref, payload) VALUES (?1, ?2, ?3)",
    )?;
    for request in rows {
        let request = request?;
        let changed =
            insert.execute(params![request.agency, request.request_ref, json(&request)])?;
        if changed > 0 {
            counts.inserted += 1;
        } else {
            counts.already_present += 1;
        }
    }
    Ok(counts)
}

struct SqliteRecordReader {
    conn: Connection,
}

impl RecordReader for SqliteRecordReader {
    fn bucket(&mut self, serial_key: &str) -> Result<Vec<AdRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record FROM ad_records WHERE serial_hash = ?1")?;
        let mut rows = stmt.query([stable_hash(serial_key)])?;
        let mut records = Vec::new();
        while let Some(row) = rows.next()? {
            let record = unpack(row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?)?;
            // The index holds the key's hash: leave out the rare record of another key.
            if level_key(&record.serial, Level::Confusable) == serial_key {
                records.push(record);
            }
        }
        Ok(records)
    }

    fn by_id(&mut self, id: i64) -> Result<Option<AdRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record FROM ad_records WHERE id = ?1")?;
        let packed: Option<String> = stmt.query_row([id], |row| row.get(0)).optional()?;
        packed.as_deref().map(unpack).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_of_another_layout_is_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        drop(SqliteStore::open(dir.path()).unwrap());
        let conn = Connection::open(dir.path().join("rastro.db")).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        drop(conn);
        let error = SqliteStore::open(dir.path()).err().expect("refused");
        assert!(
            error.to_string().contains("another version of rastro"),
            "{error}"
        );
    }

    fn record(serial: &str) -> PreparedRecord {
        let ffl = FflNumber::parse("5-74-029-01-5K-01234").unwrap();
        let acquired_on = NaiveDate::from_ymd_opt(2010, 3, 1).unwrap();
        PreparedRecord::new(&AdRecord {
            entry_ref: Some(format!("E-{serial}")),
            ..AdRecord::new(ffl, "Colt", serial, acquired_on)
        })
    }

    fn import(store: &mut SqliteStore, serials: &[&str]) {
        let mut rows = serials.iter().map(|s| Ok(record(s)));
        store.import(ImportRows::Records(&mut rows)).unwrap();
    }

    #[test]
    fn records_after_an_id_and_their_marks() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path()).unwrap();
        assert_eq!(store.last_record_id().unwrap(), 0);
        import(&mut store, &["A1", "A2"]);
        import(&mut store, &["A2", "B3"]);
        assert_eq!(store.last_record_id().unwrap(), 3);
        let mut after = Vec::new();
        store
            .scan_records_after(2, &mut |id, r| after.push((id, r.serial)))
            .unwrap();
        assert_eq!(after, vec![(3, "B3".to_string())]);
        let marks = store.record_marks(&[3, 1, 4]).unwrap();
        assert_eq!(
            marks[..2],
            [Some(record("B3").entry_hash), Some(record("A1").entry_hash)]
        );
        assert_eq!(marks[2], None);
    }

    #[test]
    fn a_new_store_opens_again() {
        let dir = tempfile::tempdir().unwrap();
        drop(SqliteStore::open(dir.path()).unwrap());
        assert!(SqliteStore::open(dir.path()).is_ok());
    }
}

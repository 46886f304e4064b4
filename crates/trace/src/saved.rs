//! The serial index saved beside the store, so that a start does not rebuild it.
//!
//! Stored record ids only grow and records are never deleted, so the index is two segments:
//! the main one covers the ids up to N, the delta the ids above N. An import indexes again
//! only the records after N (the delta, a fraction of the main segment at most); past that
//! fraction it rebuilds the main segment instead. A start loads both files and indexes, in
//! memory, whatever the store holds beyond them. Files that cannot be used (missing, damaged,
//! of another version, of another store or makers table) are rebuilt: a saved index is a
//! cache, never the reason a command fails.

use crate::index_file::{self, codes_fingerprint, makers_fingerprint, mark_ids, FileError};
use crate::index_file::{Header, Kind};
use crate::serials::{build_segment, group_of, FirearmIndex, Tokens};
use rastro_domain::serial::{FormatError, SerialIndex};
use rastro_domain::MakerTable;
use rastro_store::{Store, StoreError};
use std::path::Path;

/// How an index was made ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexStatus {
    /// The saved files covered every stored record.
    UpToDate,
    /// The saved main segment was kept; the records stored after it were indexed and saved
    /// as the delta (`new_records` of them not covered before).
    Extended { new_records: u64 },
    /// Built from every stored record, and saved.
    Rebuilt(RebuildReason),
}

/// Why the index was built from every stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebuildReason {
    /// No index was saved yet.
    Missing,
    /// The saved index could not be used.
    Unreadable(Unusable),
    /// The saved index describes the records of another store.
    OtherStore,
    /// The makers table or the code tables changed: maker ids and attribute codes with them.
    TablesChanged,
    /// The records stored after the main segment grew past a fraction of it.
    Compacted,
}

/// Why a saved index could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// Cut short, failing its checksum, or holding values no search could use: the detail,
    /// in English, for whoever looks into it.
    Damaged(String),
    /// Written by another version of rastro.
    OtherVersion,
    /// The file could not be read: the operating system's reason.
    Unreadable(String),
}

/// What opening or updating a saved index did.
#[derive(Debug)]
pub struct IndexReport {
    pub status: IndexStatus,
    /// Why the index could not be saved; it is used all the same, and built again next time.
    pub unsaved: Option<std::io::Error>,
}

/// The delta is indexed again at every import, so it is kept small: past an eighth of the
/// main segment (and this many records) the main segment is rebuilt instead.
const MIN_DELTA: i64 = 50_000;

fn too_big(main_last: i64, new: i64) -> bool {
    new > (main_last / 8).max(MIN_DELTA)
}

impl FirearmIndex {
    /// The index of every stored record: the one saved in `dir` when it fits the store,
    /// extended by the records stored since, else built from the store. Whatever was built
    /// is saved for the next start.
    pub fn open(
        store: &dyn Store,
        makers: &MakerTable,
        dir: &Path,
    ) -> Result<(FirearmIndex, IndexReport), StoreError> {
        let synced = sync(store, makers, dir, true)?;
        let index = synced.index.expect("loading was asked for");
        Ok((index, synced.report))
    }

    /// Brings the index saved in `dir` up to date with the store (after an import), reading
    /// only the headers of the saved files unless a rebuild is needed.
    pub fn update_saved(
        store: &dyn Store,
        makers: &MakerTable,
        dir: &Path,
    ) -> Result<IndexReport, StoreError> {
        Ok(sync(store, makers, dir, false)?.report)
    }
}

struct Synced {
    index: Option<FirearmIndex>,
    report: IndexReport,
}

/// What the saved files must match: the tables the index's codes come from.
struct Expected {
    makers: u64,
    codes: u64,
}

/// A segment read from its file: the header, and the index when it was asked for.
type Segment = (Header, Option<SerialIndex>);

fn sync(
    store: &dyn Store,
    makers: &MakerTable,
    dir: &Path,
    load: bool,
) -> Result<Synced, StoreError> {
    let expected = Expected {
        makers: makers_fingerprint(makers),
        codes: codes_fingerprint(group_of),
    };
    let main = match read(dir, Kind::Main, load) {
        Ok(main) => main,
        Err(error) => return rebuild(store, makers, dir, &expected, reason_for(&error)),
    };
    if let Some(reason) = main_mismatch(store, &main.0, &expected)? {
        return rebuild(store, makers, dir, &expected, reason);
    }
    let delta = match read(dir, Kind::Delta, load) {
        Ok(delta) if delta_fits(store, &delta.0, &main.0)? => Some(delta),
        _ => None,
    };
    let covered = delta.as_ref().map_or(main.0.last, |d| d.0.last);
    let last = store.last_record_id()?;
    if last == covered {
        return Ok(up_to_date(main, delta, load));
    }
    if last < covered {
        return rebuild(store, makers, dir, &expected, RebuildReason::OtherStore);
    }
    if too_big(main.0.last, last - main.0.last) {
        return rebuild(store, makers, dir, &expected, RebuildReason::Compacted);
    }
    extend(store, makers, dir, main, (last - covered) as u64, load)
}

fn read(dir: &Path, kind: Kind, load: bool) -> Result<Segment, FileError> {
    match load {
        true => index_file::read(dir, kind).map(|(h, ix)| (h, Some(ix))),
        false => index_file::read_header(dir, kind).map(|h| (h, None)),
    }
}

fn reason_for(error: &FileError) -> RebuildReason {
    match error {
        FileError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => RebuildReason::Missing,
        FileError::Io(e) => RebuildReason::Unreadable(Unusable::Unreadable(e.to_string())),
        FileError::Version(_) | FileError::Index(FormatError::Version { .. }) => {
            RebuildReason::Unreadable(Unusable::OtherVersion)
        }
        damaged => RebuildReason::Unreadable(Unusable::Damaged(damaged.to_string())),
    }
}

/// Why a main segment does not describe this store's first records with these tables.
fn main_mismatch(
    store: &dyn Store,
    header: &Header,
    expected: &Expected,
) -> Result<Option<RebuildReason>, StoreError> {
    if header.kind != Kind::Main || header.base != 0 {
        let why = Unusable::Damaged("not a main segment".into());
        return Ok(Some(RebuildReason::Unreadable(why)));
    }
    if header.makers != expected.makers || header.codes != expected.codes {
        return Ok(Some(RebuildReason::TablesChanged));
    }
    if !marks_fit(store, header)? {
        return Ok(Some(RebuildReason::OtherStore));
    }
    Ok(None)
}

/// A delta extends this main segment, with its tables, and covers this store's records.
fn delta_fits(store: &dyn Store, delta: &Header, main: &Header) -> Result<bool, StoreError> {
    let extends = delta.kind == Kind::Delta
        && delta.build_id == main.build_id
        && delta.base == main.last
        && (delta.makers, delta.codes) == (main.makers, main.codes)
        && delta.tokens.starts_with(&main.tokens);
    Ok(extends && marks_fit(store, delta)?)
}

/// The stamp's marks are those of the store's records with the same ids.
fn marks_fit(store: &dyn Store, header: &Header) -> Result<bool, StoreError> {
    let ids: Vec<i64> = header.marks.iter().map(|&(id, _)| id).collect();
    if ids != mark_ids(header.base, header.last) {
        return Ok(false);
    }
    let saved: Vec<Option<i64>> = header.marks.iter().map(|&(_, mark)| mark).collect();
    Ok(store.record_marks(&ids)? == saved)
}

fn up_to_date(main: Segment, delta: Option<Segment>, load: bool) -> Synced {
    let report = IndexReport {
        status: IndexStatus::UpToDate,
        unsaved: None,
    };
    if !load {
        return Synced {
            index: None,
            report,
        };
    }
    let tokens = delta
        .as_ref()
        .map_or(&main.0.tokens, |d| &d.0.tokens)
        .clone();
    let segments = [Some(main), delta]
        .into_iter()
        .flatten()
        .filter_map(|(_, index)| index)
        .collect();
    Synced {
        index: Some(FirearmIndex {
            segments,
            tokens: Tokens::from_list(tokens),
        }),
        report,
    }
}

/// Indexes the records after the main segment as its delta, and saves the delta.
fn extend(
    store: &dyn Store,
    makers: &MakerTable,
    dir: &Path,
    main: Segment,
    new_records: u64,
    load: bool,
) -> Result<Synced, StoreError> {
    let (main_header, main_index) = main;
    let mut tokens = Tokens::from_list(main_header.tokens.clone());
    let (delta, last) = build_segment(store, makers, main_header.last, &mut tokens)?;
    let header = Header {
        kind: Kind::Delta,
        base: main_header.last,
        last,
        marks: marks(store, main_header.last, last)?,
        tokens: tokens.list.clone(),
        ..main_header
    };
    let unsaved = index_file::write(dir, &header, &delta).err();
    let index = load.then(|| FirearmIndex {
        segments: main_index.into_iter().chain([delta]).collect(),
        tokens,
    });
    Ok(Synced {
        index,
        report: IndexReport {
            status: IndexStatus::Extended { new_records },
            unsaved,
        },
    })
}

/// Builds the main segment from every stored record, saves it and drops any delta.
fn rebuild(
    store: &dyn Store,
    makers: &MakerTable,
    dir: &Path,
    expected: &Expected,
    reason: RebuildReason,
) -> Result<Synced, StoreError> {
    let mut tokens = Tokens::default();
    let (index, last) = build_segment(store, makers, 0, &mut tokens)?;
    let header = Header {
        kind: Kind::Main,
        build_id: new_build_id(),
        makers: expected.makers,
        codes: expected.codes,
        base: 0,
        last,
        marks: marks(store, 0, last)?,
        tokens: tokens.list.clone(),
    };
    // The main file first: a delta left behind names the old build id, so it is never used.
    let unsaved = index_file::write(dir, &header, &index)
        .and_then(|()| index_file::remove(dir, Kind::Delta))
        .err();
    Ok(Synced {
        index: Some(FirearmIndex {
            segments: vec![index],
            tokens,
        }),
        report: IndexReport {
            status: IndexStatus::Rebuilt(reason),
            unsaved,
        },
    })
}

fn marks(store: &dyn Store, base: i64, last: i64) -> Result<Vec<(i64, Option<i64>)>, StoreError> {
    let ids = mark_ids(base, last);
    let marks = store.record_marks(&ids)?;
    Ok(ids.into_iter().zip(marks).collect())
}

/// A fresh id for a main segment (the standard hasher's random keys), which its deltas name.
fn new_build_id() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

//! The serial index saved beside the store: loaded when it fits, extended by imports without a
//! full rebuild, rebuilt when it is missing, damaged or stale.

mod common;

use common::pistol_entry;
use rastro_domain::{Maker, MakerTable};
use rastro_store::{ImportRows, PreparedRecord, SqliteStore, Store};
use rastro_trace::{FirearmIndex, IndexStatus, RebuildReason, Unusable};
use std::path::Path;

fn record(maker: &str, serial: &str, entry: usize) -> PreparedRecord {
    PreparedRecord::new(&pistol_entry("5-74-029-01-5K-01234", entry, maker, serial))
}

/// Imports `serials` as records of alternating makers, entries numbered from `first`.
fn import(store: &mut SqliteStore, first: usize, serials: &[String]) {
    let mut rows = serials.iter().enumerate().map(|(i, serial)| {
        let maker = ["Glock", "Colt", "Acme Arms"][(first + i) % 3];
        Ok(record(maker, serial, first + i))
    });
    store.import(ImportRows::Records(&mut rows)).unwrap();
}

fn serials(range: std::ops::Range<usize>) -> Vec<String> {
    range
        .map(|i| format!("BX{:06}", i * 7919 % 1_000_000))
        .collect()
}

fn makers() -> MakerTable {
    MakerTable::reference()
}

/// The serials found for `text` within 2 edits, sorted (segments may order ties differently).
fn found(index: &FirearmIndex, text: &str) -> Vec<String> {
    let hits = index.search(&makers(), text, None, None, None, 2).unwrap();
    let mut out: Vec<String> = hits
        .iter()
        .map(|h| format!("{} {} {} {}", h.serial, h.maker, h.edits, h.unreadable))
        .collect();
    out.sort();
    out
}

fn open(store: &SqliteStore, dir: &Path) -> (FirearmIndex, IndexStatus) {
    let (index, report) = FirearmIndex::open(store, &makers(), dir).unwrap();
    assert!(report.unsaved.is_none(), "{:?}", report.unsaved);
    (index, report.status)
}

const QUERIES: [&str; 5] = ["BX007919", "BX0O7918", "BX01583*", "BX?23757", "3757"];

#[test]
fn a_saved_index_is_loaded_and_answers_like_a_built_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    import(&mut store, 0, &serials(0..500));
    let (_, status) = open(&store, dir.path());
    assert_eq!(status, IndexStatus::Rebuilt(RebuildReason::Missing));
    let (loaded, status) = open(&store, dir.path());
    assert_eq!(status, IndexStatus::UpToDate);
    let built = FirearmIndex::build(&store, &makers()).unwrap();
    assert_eq!(loaded.len(), built.len());
    for q in QUERIES {
        assert_eq!(found(&loaded, q), found(&built, q), "{q}");
    }
}

#[test]
fn an_import_extends_the_saved_index_without_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    import(&mut store, 0, &serials(0..500));
    let report = FirearmIndex::update_saved(&store, &makers(), dir.path()).unwrap();
    assert_eq!(report.status, IndexStatus::Rebuilt(RebuildReason::Missing));

    import(
        &mut store,
        500,
        &["ZQ55501".to_string(), "ZQ55502".to_string()],
    );
    let report = FirearmIndex::update_saved(&store, &makers(), dir.path()).unwrap();
    assert_eq!(report.status, IndexStatus::Extended { new_records: 2 });
    let (index, status) = open(&store, dir.path());
    assert_eq!(status, IndexStatus::UpToDate);
    assert_eq!(
        found(&index, "ZQ55509"),
        ["ZQ55501 ACMEARMS 1 0", "ZQ55502 Glock GmbH 1 0"]
    );

    // A second import extends the same main segment: the delta holds both.
    import(&mut store, 502, &["ZQ55503".to_string()]);
    let report = FirearmIndex::update_saved(&store, &makers(), dir.path()).unwrap();
    assert_eq!(report.status, IndexStatus::Extended { new_records: 1 });
    let (index, status) = open(&store, dir.path());
    assert_eq!(status, IndexStatus::UpToDate);
    assert_eq!(found(&index, "ZQ55503").len(), 3);
    let built = FirearmIndex::build(&store, &makers()).unwrap();
    for q in QUERIES.iter().chain(&["ZQ5550?", "ZQ55500"]) {
        assert_eq!(found(&index, q), found(&built, q), "{q}");
    }
}

#[test]
fn records_stored_after_the_saved_index_are_indexed_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    import(&mut store, 0, &serials(0..100));
    open(&store, dir.path());
    // Imported without updating the saved index (an import that stopped before it).
    import(&mut store, 100, &["ZQ55501".to_string()]);
    let (index, status) = open(&store, dir.path());
    assert_eq!(status, IndexStatus::Extended { new_records: 1 });
    assert_eq!(
        found(&index, "ZQ55501"),
        ["ZQ55501 Colt's Manufacturing Company 0 0"]
    );
    assert_eq!(open(&store, dir.path()).1, IndexStatus::UpToDate);
}

#[test]
fn an_index_of_another_store_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    import(&mut store, 0, &serials(0..100));
    open(&store, dir.path());
    drop(store);
    // The store is replaced by one with as many records, and then some.
    std::fs::remove_file(dir.path().join("rastro.db")).unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    import(&mut store, 1000, &serials(1000..1150));
    let (index, status) = open(&store, dir.path());
    assert_eq!(status, IndexStatus::Rebuilt(RebuildReason::OtherStore));
    assert_eq!(index.len(), 150);
    assert!(found(&index, "BX007919").is_empty());
}

#[test]
fn an_index_of_another_makers_table_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    import(&mut store, 0, &serials(0..100));
    open(&store, dir.path());
    let changed = MakerTable::with_overrides([Maker {
        code: "ACME".into(),
        name: "Acme Arms".into(),
        aliases: vec![],
        country: None,
        role: rastro_domain::codes::MakerRole::Manufacturer,
        ffl: None,
    }]);
    let (_, report) = FirearmIndex::open(&store, &changed, dir.path()).unwrap();
    assert_eq!(
        report.status,
        IndexStatus::Rebuilt(RebuildReason::TablesChanged)
    );
}

#[test]
fn a_damaged_index_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    import(&mut store, 0, &serials(0..300));
    open(&store, dir.path());
    let file = dir.path().join("serials.idx");
    let good = std::fs::read(&file).unwrap();
    // A flip in the middle (the serials' text), then a file cut short.
    let mut bad = good.clone();
    bad[good.len() / 2] ^= 0x04;
    std::fs::write(&file, &bad).unwrap();
    let (index, status) = open(&store, dir.path());
    assert!(
        matches!(
            status,
            IndexStatus::Rebuilt(RebuildReason::Unreadable(Unusable::Damaged(_)))
        ),
        "{status:?}"
    );
    assert_eq!(index.len(), 300);
    assert_eq!(std::fs::read(&file).unwrap().len(), good.len());
    std::fs::write(&file, &good[..good.len() - 9]).unwrap();
    let (_, status) = open(&store, dir.path());
    assert!(matches!(
        status,
        IndexStatus::Rebuilt(RebuildReason::Unreadable(Unusable::Damaged(_)))
    ));
    assert_eq!(open(&store, dir.path()).1, IndexStatus::UpToDate);
    // A file of another version of rastro (its layout number, after the 8 magic bytes) is
    // said to be one, not damaged.
    let mut newer = good.clone();
    newer[8] = newer[8].wrapping_add(1);
    std::fs::write(&file, &newer).unwrap();
    assert_eq!(
        open(&store, dir.path()).1,
        IndexStatus::Rebuilt(RebuildReason::Unreadable(Unusable::OtherVersion))
    );
}

#[test]
fn a_damaged_delta_is_indexed_again_not_the_whole_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    import(&mut store, 0, &serials(0..100));
    open(&store, dir.path());
    import(&mut store, 100, &["ZQ55501".to_string()]);
    open(&store, dir.path());
    let file = dir.path().join("serials.delta.idx");
    let mut bad = std::fs::read(&file).unwrap();
    let at = bad.len() - 20;
    bad[at] ^= 0x01;
    std::fs::write(&file, &bad).unwrap();
    let (index, status) = open(&store, dir.path());
    assert_eq!(status, IndexStatus::Extended { new_records: 1 });
    assert_eq!(found(&index, "ZQ55501").len(), 1);
}

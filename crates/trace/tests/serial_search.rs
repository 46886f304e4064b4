//! `rastro serial search` through the trace crate: one line per firearm, with what its record
//! says it is, and nothing of the people in its books.

mod common;

use chrono::NaiveDate;
use common::pistol_entry;
use rastro_domain::{AdRecord, MakerTable};
use rastro_store::{ImportRows, PreparedRecord, SqliteStore, Store};
use rastro_trace::{with_firearm_details, FirearmIndex};

/// A book entry of a Glock pistol imported by Glock Inc, kept by licensee `ffl`.
fn book(ffl: &str, entry: usize, buyer: Option<&str>) -> PreparedRecord {
    PreparedRecord::new(&AdRecord {
        importer: Some("GLOCK INC".into()),
        model: Some("G19".into()),
        disposed_on: buyer.map(|_| NaiveDate::from_ymd_opt(2010, 4, 1).unwrap()),
        disposed_to_name: buyer.map(String::from),
        disposed_to_address: buyer.map(|_| "12 Main St, Laredo TX".into()),
        ..pistol_entry(ffl, entry, "GLOCK GMBH", "ABC123S")
    })
}

#[test]
fn a_firearm_is_one_line_with_its_type_caliber_and_model_and_no_purchaser() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    let mut rows = [
        book("5-74-029-01-5K-01234", 1, None),
        book("5-74-029-07-5K-04321", 2, Some("JOHN Q BUYER")),
    ]
    .into_iter()
    .map(Ok);
    store.import(ImportRows::Records(&mut rows)).unwrap();
    let makers = MakerTable::reference();
    let index = FirearmIndex::build(&store, &makers).unwrap();

    // Two books, each indexed under the manufacturer and the importer: one firearm.
    let mut found = index
        .search(&makers, "ABC1235", None, None, None, 2)
        .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].serial, "ABC123S");
    assert_eq!(found[0].model, None, "details are read on request");

    with_firearm_details(&store, &mut found).unwrap();
    let firearm = &found[0];
    assert_eq!(firearm.model.as_deref(), Some("G19"));
    assert_eq!(firearm.firearm_type.map(|t| t.code()), Some("PISTOL"));
    assert_eq!(firearm.caliber.map(|c| c.code()), Some("9X19"));
    let json = serde_json::to_string(firearm).unwrap();
    assert!(json.contains(r#""caliber":"9X19""#), "{json}");
    assert!(
        !json.contains("BUYER") && !json.contains("Laredo"),
        "{json}"
    );
}

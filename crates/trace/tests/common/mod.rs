//! Records shared by the trace crate's integration tests.

use chrono::NaiveDate;
use rastro_domain::{AdRecord, FflNumber};

/// A book entry of a 9 mm pistol, `maker`'s `serial`: entry `entry` of licensee `ffl`,
/// acquired in March 2010, with no parties.
pub fn pistol_entry(ffl: &str, entry: usize, maker: &str, serial: &str) -> AdRecord {
    AdRecord {
        ffl: FflNumber::parse(ffl).unwrap(),
        entry_ref: Some(format!("E-{entry}")),
        manufacturer: maker.into(),
        importer: None,
        model: None,
        serial: serial.into(),
        firearm_type: Some("PISTOL".into()),
        caliber: Some("9MM".into()),
        acquired_on: NaiveDate::from_ymd_opt(2010, 3, 1).unwrap(),
        acquired_from_ffl: None,
        acquired_from_name: None,
        acquired_from_address: None,
        disposed_on: None,
        disposed_to_ffl: None,
        disposed_to_name: None,
        disposed_to_address: None,
        purchaser_dob: None,
        purchaser_id: None,
        form_4473_ref: None,
    }
}

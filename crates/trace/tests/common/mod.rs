//! Records shared by the trace crate's integration tests.

use chrono::NaiveDate;
use rastro_domain::{AdRecord, FflNumber};

/// A book entry of a 9 mm pistol, `maker`'s `serial`: entry `entry` of licensee `ffl`,
/// acquired in March 2010, with no parties.
pub fn pistol_entry(ffl: &str, entry: usize, maker: &str, serial: &str) -> AdRecord {
    let ffl = FflNumber::parse(ffl).unwrap();
    let acquired_on = NaiveDate::from_ymd_opt(2010, 3, 1).unwrap();
    AdRecord {
        entry_ref: Some(format!("E-{entry}")),
        firearm_type: Some("PISTOL".into()),
        caliber: Some("9MM".into()),
        ..AdRecord::new(ffl, maker, serial, acquired_on)
    }
}

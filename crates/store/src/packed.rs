//! A&D records as they travel into the store: keys computed, fields packed.
//!
//! The import computes these on its reading thread, so the writing thread only writes. The packed
//! form is the record's 19 fields joined by the ASCII unit separator: one value to bind instead of
//! nineteen, and no field names repeated in every row. An empty field is an absent value (the
//! import never produces an empty string: an empty cell is absent).

use crate::StoreError;
use chrono::NaiveDate;
use rastro_domain::serial::{level_key, Level};
use rastro_domain::{AdRecord, FflNumber};

const SEPARATOR: char = '\u{1f}';
const FIELDS: usize = 19;

/// An A&D record ready to store.
#[derive(Debug, Clone)]
pub struct PreparedRecord {
    /// The firearm key: the serial's L3 form. Records are reached by it only.
    pub serial_key: String,
    /// A stable 64-bit hash of `serial_key`, which the store indexes.
    pub serial_hash: i64,
    /// The idempotence key of `formats.md` §4.
    pub entry_key: String,
    /// A stable 64-bit hash of `entry_key`.
    pub entry_hash: i64,
    /// The licensee whose book holds the entry.
    pub ffl: FflNumber,
    /// The record's fields, packed.
    pub packed: String,
}

impl PreparedRecord {
    pub fn new(record: &AdRecord) -> Self {
        let entry_key = record.entry_key();
        let serial_key = level_key(&record.serial, Level::Confusable);
        PreparedRecord {
            serial_hash: stable_hash(&serial_key),
            serial_key,
            entry_hash: stable_hash(&entry_key),
            entry_key,
            ffl: record.ffl.clone(),
            packed: pack(record),
        }
    }
}

/// FNV-1a, 64 bits: stored in the database, so it must never change between versions (the
/// standard library's hasher may).
pub fn stable_hash(text: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash as i64
}

fn pack(record: &AdRecord) -> String {
    let mut packed = String::with_capacity(320);
    let mut first = true;
    let mut field = |text: Option<&str>| {
        if !first {
            packed.push(SEPARATOR);
        }
        first = false;
        match text {
            Some(text) if text.contains(SEPARATOR) => {
                // Nobody types the separator into a book; drop it if a file carries one.
                packed.extend(text.chars().filter(|&c| c != SEPARATOR));
            }
            Some(text) => packed.push_str(text),
            None => {}
        }
    };
    let date = |date: Option<NaiveDate>| date.map(|d| d.format("%Y-%m-%d").to_string());
    field(Some(record.ffl.as_str()));
    field(record.entry_ref.as_deref());
    field(Some(&record.manufacturer));
    field(record.importer.as_deref());
    field(record.model.as_deref());
    field(Some(&record.serial));
    field(record.firearm_type.as_deref());
    field(record.caliber.as_deref());
    field(date(Some(record.acquired_on)).as_deref());
    field(record.acquired_from_ffl.as_ref().map(FflNumber::as_str));
    field(record.acquired_from_name.as_deref());
    field(record.acquired_from_address.as_deref());
    field(date(record.disposed_on).as_deref());
    field(record.disposed_to_ffl.as_ref().map(FflNumber::as_str));
    field(record.disposed_to_name.as_deref());
    field(record.disposed_to_address.as_deref());
    field(date(record.purchaser_dob).as_deref());
    field(record.purchaser_id.as_deref());
    field(record.form_4473_ref.as_deref());
    packed
}

fn corrupt(detail: &str) -> StoreError {
    StoreError::Corrupt {
        what: "A&D record",
        detail: detail.chars().take(200).collect(),
    }
}

/// Reads a record packed by [`PreparedRecord::new`].
pub fn unpack(packed: &str) -> Result<AdRecord, StoreError> {
    let fields: Vec<&str> = packed.split(SEPARATOR).collect();
    if fields.len() != FIELDS {
        return Err(corrupt(packed));
    }
    let text = |i: usize| (!fields[i].is_empty()).then(|| fields[i].to_string());
    let date = |i: usize| -> Result<Option<NaiveDate>, StoreError> {
        text(i)
            .map(|t| t.parse().map_err(|_| corrupt(packed)))
            .transpose()
    };
    let ffl = |i: usize| -> Result<Option<FflNumber>, StoreError> {
        text(i)
            .map(|t| FflNumber::parse(&t).map_err(|_| corrupt(packed)))
            .transpose()
    };
    Ok(AdRecord {
        ffl: ffl(0)?.ok_or_else(|| corrupt(packed))?,
        entry_ref: text(1),
        manufacturer: fields[2].to_string(),
        importer: text(3),
        model: text(4),
        serial: fields[5].to_string(),
        firearm_type: text(6),
        caliber: text(7),
        acquired_on: date(8)?.ok_or_else(|| corrupt(packed))?,
        acquired_from_ffl: ffl(9)?,
        acquired_from_name: text(10),
        acquired_from_address: text(11),
        disposed_on: date(12)?,
        disposed_to_ffl: ffl(13)?,
        disposed_to_name: text(14),
        disposed_to_address: text(15),
        purchaser_dob: date(16)?,
        purchaser_id: text(17),
        form_4473_ref: text(18),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> AdRecord {
        AdRecord {
            ffl: FflNumber::parse("5-74-029-01-5K-01234").unwrap(),
            entry_ref: Some("E-1".into()),
            manufacturer: "Colt's Mfg".into(),
            importer: None,
            model: Some("M4".into()),
            serial: "LE014388".into(),
            firearm_type: Some("RIFLE".into()),
            caliber: Some("5.56".into()),
            acquired_on: NaiveDate::from_ymd_opt(2010, 3, 1).unwrap(),
            acquired_from_ffl: FflNumber::parse("9-99-001-07-9Z-00001").ok(),
            acquired_from_name: None,
            acquired_from_address: None,
            disposed_on: NaiveDate::from_ymd_opt(2010, 4, 2),
            disposed_to_ffl: None,
            disposed_to_name: Some("PÉREZ, JOSÉ".into()),
            disposed_to_address: Some("1 Main St, El Paso, TX".into()),
            purchaser_dob: NaiveDate::from_ymd_opt(1980, 1, 2),
            purchaser_id: Some("TX123".into()),
            form_4473_ref: Some("4473-9".into()),
        }
    }

    #[test]
    fn a_record_survives_packing() {
        let original = record();
        let prepared = PreparedRecord::new(&original);
        assert_eq!(unpack(&prepared.packed).unwrap(), original);
        assert_eq!(prepared.serial_key, "1E014388");
    }

    #[test]
    fn a_damaged_row_is_an_error_not_a_panic() {
        assert!(unpack("only\u{1f}three\u{1f}fields").is_err());
        assert!(unpack("").is_err());
    }

    #[test]
    fn the_hash_is_stable() {
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325_u64 as i64);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c_u64 as i64);
    }
}

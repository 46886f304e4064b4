//! The records rastro holds: licensees, makers, A&D entries and trace requests.

use crate::ffl::FflNumber;
use chrono::NaiveDate;
use rastro_codes::{Country, MakerRole};
use serde::{Deserialize, Serialize};

/// A licensee of ATF's listing, with its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Licensee {
    pub ffl: FflNumber,
    pub license_name: String,
    pub business_name: Option<String>,
    pub premise_street: Option<String>,
    pub premise_city: Option<String>,
    /// Two-letter US state code of the premises.
    pub premise_state: Option<String>,
    pub premise_zip: Option<String>,
    pub mail_street: Option<String>,
    pub mail_city: Option<String>,
    pub mail_state: Option<String>,
    pub mail_zip: Option<String>,
    pub voice_phone: Option<String>,
}

impl Licensee {
    /// The name a person recognises: the business name where there is one.
    pub fn display_name(&self) -> &str {
        self.business_name.as_deref().unwrap_or(&self.license_name)
    }
}

/// Whether a licensee is in business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BusinessStatus {
    Active,
    OutOfBusiness,
}

/// A row of the licensee status file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseeStatus {
    pub ffl: FflNumber,
    pub status: BusinessStatus,
    pub status_on: Option<NaiveDate>,
    /// For a licensee out of business, when its A&D records were handed over.
    pub records_received_on: Option<NaiveDate>,
}

/// A manufacturer or importer of the makers table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Maker {
    pub code: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub country: Option<Country>,
    pub role: MakerRole,
    pub ffl: Option<FflNumber>,
}

/// One firearm entry in a licensee's acquisition and disposition book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdRecord {
    pub ffl: FflNumber,
    pub entry_ref: Option<String>,
    pub manufacturer: String,
    pub importer: Option<String>,
    pub model: Option<String>,
    pub serial: String,
    pub firearm_type: Option<String>,
    pub caliber: Option<String>,
    pub acquired_on: NaiveDate,
    pub acquired_from_ffl: Option<FflNumber>,
    pub acquired_from_name: Option<String>,
    pub acquired_from_address: Option<String>,
    pub disposed_on: Option<NaiveDate>,
    pub disposed_to_ffl: Option<FflNumber>,
    pub disposed_to_name: Option<String>,
    pub disposed_to_address: Option<String>,
    pub purchaser_dob: Option<NaiveDate>,
    pub purchaser_id: Option<String>,
    pub form_4473_ref: Option<String>,
}

impl AdRecord {
    /// An entry of licensee `ffl`'s book acquiring `manufacturer`'s `serial` on `acquired_on`,
    /// every other field empty: the start of a record built field by field.
    pub fn new(ffl: FflNumber, manufacturer: &str, serial: &str, acquired_on: NaiveDate) -> Self {
        AdRecord {
            ffl,
            entry_ref: None,
            manufacturer: manufacturer.into(),
            importer: None,
            model: None,
            serial: serial.into(),
            firearm_type: None,
            caliber: None,
            acquired_on,
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

    /// A manufacturer's or importer's own entry: no acquisition source.
    pub fn is_source_entry(&self) -> bool {
        self.acquired_from_ffl.is_none()
            && self.acquired_from_name.is_none()
            && self.acquired_from_address.is_none()
    }

    /// A disposition to a non-licensee: a retail sale.
    pub fn is_retail_sale(&self) -> bool {
        self.disposed_to_ffl.is_none()
            && (self.disposed_to_name.is_some() || self.disposed_to_address.is_some())
    }

    /// No disposition recorded: the firearm should still be in stock.
    pub fn is_in_stock(&self) -> bool {
        self.disposed_on.is_none()
            && self.disposed_to_ffl.is_none()
            && self.disposed_to_name.is_none()
            && self.disposed_to_address.is_none()
    }

    /// The idempotence key of `formats.md` §4: (`ffl_number`, `entry_ref`) when given, else
    /// (`ffl_number`, maker, serial, `acquired_on`).
    pub fn entry_key(&self) -> String {
        match &self.entry_ref {
            Some(entry) => format!("{}|{}", self.ffl, entry),
            None => format!(
                "{}|{}|{}|{}",
                self.ffl,
                rastro_codes::fold_compact(&self.manufacturer),
                self.serial.to_uppercase(),
                self.acquired_on
            ),
        }
    }
}

/// Routine or urgent, as on the request form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Priority {
    #[default]
    Routine,
    Urgent,
}

/// A trace request (ATF F 3312.1 / 3312.1(S)): one recovered firearm.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TraceRequest {
    pub request_ref: String,
    pub agency: String,
    pub officer: Option<String>,
    pub case_number: Option<String>,
    pub priority: Priority,
    pub urgent_justification: Option<String>,
    pub crime_code: Option<String>,
    pub requested_on: NaiveDate,
    pub recovered_on: NaiveDate,
    pub recovery_country: Option<Country>,
    /// The state as a canonical display name (Mexican state name or US state code).
    pub recovery_state: Option<String>,
    pub recovery_city: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub serial: Option<String>,
    pub obliterated: bool,
    pub manufacturer: Option<String>,
    pub importer: Option<String>,
    pub model: Option<String>,
    pub caliber: Option<String>,
    pub firearm_type: Option<String>,
    pub country_of_origin: Option<Country>,
    pub additional_markings: Option<String>,
    pub possessor_last: Option<String>,
    pub possessor_last_maternal: Option<String>,
    pub possessor_first: Option<String>,
    pub possessor_dob: Option<NaiveDate>,
}

/// A maker's role in the makers table, re-exported for convenience.
pub type MakerKind = MakerRole;

//! A small world to trace in: makers, a licensee registry with statuses, A&D books and trace
//! requests, with builders that read like the records they stand for.
//!
//! [`World::trace`] hands `resolve` the bucket the store would: every imported record whose
//! serial has the request's L3 key, of any maker.

#![allow(dead_code)]

use chrono::NaiveDate;
use rastro_domain::codes::{Country, MakerRole};
use rastro_domain::rules::{duplicate_result, resolve, serial_bucket, DuplicateIndex, TraceInput};
use rastro_domain::serial::{level_key, Level};
use rastro_domain::{
    AdRecord, BusinessStatus, Correction, FflNumber, Licensee, LicenseeStatus, Maker, MakerTable,
    Origin, Outcome, Reason, TraceRequest, TraceResult,
};
use std::collections::HashMap;

// ---------------------------------------------------------------------------------------------
// Values

/// A date written `YYYY-MM-DD`.
pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|_| panic!("bad test date {text}"))
}

/// An FFL number.
pub fn ffl(text: &str) -> FflNumber {
    FflNumber::parse(text).unwrap_or_else(|error| panic!("{error}"))
}

/// A country by its ISO code.
pub fn country(code: &str) -> Country {
    Country::parse(code).unwrap_or_else(|| panic!("unknown test country {code}"))
}

/// A serial correction as a result reports it.
pub fn correction(from: &str, to: &str, kind: &str) -> Correction {
    Correction {
        field: "serial".into(),
        from: from.into(),
        to: to.into(),
        kind: kind.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Makers: test makers with codes and names no reference maker uses.

/// A US manufacturer (licence type 07 at [`KESTREL_FFL`]).
pub const KESTREL: &str = "Kestrel Arms Test Co";
/// Another spelling of [`KESTREL`] in the makers table, with an accent and punctuation.
pub const KESTREL_ALIAS: &str = "Kestrel Test Armería S.A.";
/// An Austrian manufacturer, imported by [`ALPEN_USA`].
pub const ALPEN: &str = "Alpenwaffen Test GmbH";
/// The US importer of [`ALPEN`] (maker role `IMPORTER`).
pub const ALPEN_USA: &str = "Alpenwaffen Test USA Inc";
/// An alias of [`ALPEN_USA`].
pub const ALPEN_USA_ALIAS: &str = "AWT USA";
/// A Romanian manufacturer.
pub const CARPATI: &str = "Carpati Test Uzina";
/// An alias of [`CARPATI`].
pub const CARPATI_ALIAS: &str = "Cărpați Test";
/// A maker the table knows, without a country.
pub const NOWHERE: &str = "Nowhere Test Works";

fn maker(
    code: &str,
    name: &str,
    aliases: &[&str],
    country: Option<Country>,
    role: MakerRole,
) -> Maker {
    Maker {
        code: code.into(),
        name: name.into(),
        aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
        country,
        role,
        ffl: None,
    }
}

/// The reference makers table with the test makers added.
pub fn test_makers() -> MakerTable {
    MakerTable::with_overrides([
        maker(
            "ZZT-KESTREL",
            KESTREL,
            &[KESTREL_ALIAS, "KESTREL TEST"],
            Some(Country::US),
            MakerRole::Manufacturer,
        ),
        maker(
            "ZZT-ALPEN",
            ALPEN,
            &["ALPENWAFFEN TEST"],
            Some(country("AT")),
            MakerRole::Manufacturer,
        ),
        maker(
            "ZZT-ALPENUSA",
            ALPEN_USA,
            &[ALPEN_USA_ALIAS],
            Some(Country::US),
            MakerRole::Importer,
        ),
        maker(
            "ZZT-CARPATI",
            CARPATI,
            &[CARPATI_ALIAS],
            Some(country("RO")),
            MakerRole::Manufacturer,
        ),
        maker("ZZT-NOWHERE", NOWHERE, &[], None, MakerRole::Manufacturer),
    ])
}

// ---------------------------------------------------------------------------------------------
// Licensees

/// Kestrel's manufacturing licence (type 07), Arizona.
pub const KESTREL_FFL: &str = "9-86-003-07-5K-00101";
/// Alpenwaffen USA's import licence (type 08), Georgia.
pub const IMPORTER_FFL: &str = "1-58-013-08-5K-00102";
/// A wholesale distributor (type 01 dealer selling to dealers), Texas.
pub const DISTRIBUTOR_FFL: &str = "5-74-029-01-5K-00201";
/// A gun shop (type 01), Laredo, Texas.
pub const RETAILER_FFL: &str = "5-74-479-01-5K-00301";
/// A pawnshop (type 02), Tucson, Arizona.
pub const PAWNSHOP_FFL: &str = "9-86-019-02-5K-00302";

/// A licensee of the registry, with its premises in `state`.
pub fn licensee(number: &str, name: &str, state: &str) -> Licensee {
    Licensee {
        ffl: ffl(number),
        license_name: name.to_uppercase(),
        business_name: Some(name.into()),
        premise_street: Some("100 Test Rd".into()),
        premise_city: Some("Testville".into()),
        premise_state: Some(state.into()),
        premise_zip: Some("00000".into()),
        mail_street: None,
        mail_city: None,
        mail_state: None,
        mail_zip: None,
        voice_phone: None,
    }
}

pub use rastro_domain::Directory;

// ---------------------------------------------------------------------------------------------
// A&D entries

/// An entry of `holder`'s book; say how it was acquired with [`EntryExt`].
pub fn entry(holder: &str, manufacturer: &str, serial: &str) -> AdRecord {
    AdRecord::new(ffl(holder), manufacturer, serial, date("2000-01-01"))
}

/// Builders for an A&D entry.
pub trait EntryExt: Sized {
    /// Made or imported on `on`: no acquisition source.
    fn made(self, on: &str) -> Self;
    /// Acquired from another licensee.
    fn received_from(self, from: &str, on: &str) -> Self;
    /// Acquired from a non-licensee (a pawn, a trade-in).
    fn received_from_person(self, name: &str, on: &str) -> Self;
    /// Disposed of to another licensee.
    fn to_ffl(self, to: &str, on: &str) -> Self;
    /// Sold to a non-licensee: a retail sale.
    fn sold_to(self, name: &str, address: &str, on: &str) -> Self;
    /// The purchaser's date of birth, from the Form 4473.
    fn born(self, on: &str) -> Self;
    /// The importer marked on the firearm.
    fn imported_by(self, importer: &str) -> Self;
}

impl EntryExt for AdRecord {
    fn made(mut self, on: &str) -> Self {
        self.acquired_on = date(on);
        self
    }

    fn received_from(mut self, from: &str, on: &str) -> Self {
        self.acquired_on = date(on);
        self.acquired_from_ffl = Some(ffl(from));
        self
    }

    fn received_from_person(mut self, name: &str, on: &str) -> Self {
        self.acquired_on = date(on);
        self.acquired_from_name = Some(name.into());
        self
    }

    fn to_ffl(mut self, to: &str, on: &str) -> Self {
        self.disposed_on = Some(date(on));
        self.disposed_to_ffl = Some(ffl(to));
        self
    }

    fn sold_to(mut self, name: &str, address: &str, on: &str) -> Self {
        self.disposed_on = Some(date(on));
        self.disposed_to_name = Some(name.into());
        self.disposed_to_address = Some(address.into());
        self
    }

    fn born(mut self, on: &str) -> Self {
        self.purchaser_dob = Some(date(on));
        self
    }

    fn imported_by(mut self, importer: &str) -> Self {
        self.importer = Some(importer.into());
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Trace requests

/// The standard purchaser of [`World::sale_chain`].
pub const PURCHASER: &str = "GARZA, JUAN PABLO";
/// The standard purchaser's address.
pub const PURCHASER_ADDRESS: &str = "1200 Zacate Creek Dr, Laredo TX 78040";

/// A request of FGR, recovered in Culiacán, Sinaloa on 2020-03-01 and sent on 2020-03-11.
pub fn request(request_ref: &str) -> TraceRequest {
    TraceRequest {
        request_ref: request_ref.into(),
        agency: "FGR".into(),
        requested_on: date("2020-03-11"),
        recovered_on: date("2020-03-01"),
        recovery_country: Some(country("MX")),
        recovery_state: Some("Sinaloa".into()),
        recovery_city: Some("Culiacán".into()),
        ..TraceRequest::default()
    }
}

/// Builders for a trace request.
pub trait RequestExt: Sized {
    fn maker(self, manufacturer: &str) -> Self;
    fn importer(self, importer: &str) -> Self;
    fn serial(self, serial: &str) -> Self;
    fn obliterated(self) -> Self;
    fn origin_country(self, code: &str) -> Self;
    fn recovered(self, on: &str) -> Self;
    fn requested(self, on: &str) -> Self;
    fn place(self, country_code: &str, state: &str, city: &str) -> Self;
}

impl RequestExt for TraceRequest {
    fn maker(mut self, manufacturer: &str) -> Self {
        self.manufacturer = Some(manufacturer.into());
        self
    }

    fn importer(mut self, importer: &str) -> Self {
        self.importer = Some(importer.into());
        self
    }

    fn serial(mut self, serial: &str) -> Self {
        self.serial = Some(serial.into());
        self
    }

    fn obliterated(mut self) -> Self {
        self.obliterated = true;
        self
    }

    fn origin_country(mut self, code: &str) -> Self {
        self.country_of_origin = Some(country(code));
        self
    }

    fn recovered(mut self, on: &str) -> Self {
        self.recovered_on = date(on);
        self
    }

    fn requested(mut self, on: &str) -> Self {
        self.requested_on = date(on);
        self
    }

    fn place(mut self, country_code: &str, state: &str, city: &str) -> Self {
        self.recovery_country = Some(country(country_code));
        self.recovery_state = Some(state.into());
        self.recovery_city = Some(city.into());
        self
    }
}

// ---------------------------------------------------------------------------------------------
// The world

/// Makers, licensees and imported A&D books.
#[derive(Debug)]
pub struct World {
    pub makers: MakerTable,
    pub directory: Directory,
    pub records: Vec<AdRecord>,
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    /// The test makers and five active licensees: Kestrel (07, AZ), Alpenwaffen USA (08, GA), a
    /// distributor (01, TX), a gun shop (01, TX) and a pawnshop (02, AZ); no books imported.
    pub fn new() -> Self {
        let mut world = World {
            makers: test_makers(),
            directory: Directory::default(),
            records: Vec::new(),
        };
        world.add_licensee(licensee(KESTREL_FFL, "Kestrel Arms Test Co", "AZ"));
        world.add_licensee(licensee(IMPORTER_FFL, "Alpenwaffen Test USA", "GA"));
        world.add_licensee(licensee(DISTRIBUTOR_FFL, "Lone Star Test Wholesale", "TX"));
        world.add_licensee(licensee(RETAILER_FFL, "Border Test Guns", "TX"));
        world.add_licensee(licensee(PAWNSHOP_FFL, "Old Pueblo Test Pawn", "AZ"));
        world
    }

    /// Adds (or replaces) a licensee of the registry, active.
    pub fn add_licensee(&mut self, licensee: Licensee) {
        self.directory.statuses.insert(
            licensee.ffl.clone(),
            LicenseeStatus {
                ffl: licensee.ffl.clone(),
                status: BusinessStatus::Active,
                status_on: None,
                records_received_on: None,
            },
        );
        self.directory
            .licensees
            .insert(licensee.ffl.clone(), licensee);
    }

    /// Marks a licensee out of business since `on`; its books handed over on `records_received_on`.
    pub fn close(&mut self, number: &str, on: &str, records_received_on: Option<&str>) {
        self.directory.statuses.insert(
            ffl(number),
            LicenseeStatus {
                ffl: ffl(number),
                status: BusinessStatus::OutOfBusiness,
                status_on: Some(date(on)),
                records_received_on: records_received_on.map(date),
            },
        );
    }

    /// Imports one A&D entry.
    pub fn add(&mut self, record: AdRecord) {
        self.directory.book_holders.insert(record.ffl.clone());
        self.records.push(record);
    }

    /// Imports a licensee's book holding only another firearm: its records are on file.
    pub fn add_other_book(&mut self, holder: &str) {
        self.add(
            entry(holder, "Some Other Test Maker", "OTHER-000001")
                .received_from(KESTREL_FFL, "2015-01-01"),
        );
    }

    /// The standard sale of a firearm of `manufacturer` (as written in the books): made at
    /// Kestrel's licence on 2019-10-01, to the distributor on 2019-10-15 (acquired 2019-10-20),
    /// to the gun shop on 2019-11-01 (acquired 2019-11-05), sold to [`PURCHASER`] on 2020-01-01.
    pub fn sale_chain(&mut self, manufacturer: &str, serial: &str) {
        self.add(
            entry(KESTREL_FFL, manufacturer, serial)
                .made("2019-10-01")
                .to_ffl(DISTRIBUTOR_FFL, "2019-10-15"),
        );
        self.add(
            entry(DISTRIBUTOR_FFL, manufacturer, serial)
                .received_from(KESTREL_FFL, "2019-10-20")
                .to_ffl(RETAILER_FFL, "2019-11-01"),
        );
        self.add(
            entry(RETAILER_FFL, manufacturer, serial)
                .received_from(DISTRIBUTOR_FFL, "2019-11-05")
                .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01")
                .born("1990-04-12"),
        );
    }

    /// The bucket the store hands the rules: every record whose serial has the request's L3 key,
    /// of any maker; nothing for a request without a usable serial.
    pub fn bucket(&self, request: &TraceRequest) -> Vec<AdRecord> {
        match serial_bucket(request) {
            Some(key) => self
                .records
                .iter()
                .filter(|record| level_key(&record.serial, Level::Confusable) == key)
                .cloned()
                .collect(),
            None => Vec::new(),
        }
    }

    /// Steps 2 to 6 for one request.
    pub fn trace(&self, request: &TraceRequest) -> TraceResult {
        let bucket = self.bucket(request);
        resolve(&TraceInput {
            request,
            trace_id: format!("T-{}", request.request_ref),
            bucket: &bucket,
            makers: &self.makers,
            licensees: &self.directory,
            loose: None,
        })
    }

    /// Requests in import order: step 1 (duplicates) first, then steps 2 to 6, as a trace run.
    pub fn trace_in_order(&self, requests: &[TraceRequest]) -> Vec<TraceResult> {
        let mut index = DuplicateIndex::default();
        let mut origins: HashMap<i64, Origin> = HashMap::new();
        let mut results = Vec::new();
        for (position, request) in requests.iter().enumerate() {
            let seq = position as i64 + 1;
            let result = match index.check(seq, request, &self.makers) {
                Some(of) => {
                    let origin = origins[&of.first_seq];
                    duplicate_result(
                        request,
                        format!("T-{}", request.request_ref),
                        &self.makers,
                        of,
                        origin,
                    )
                }
                None => self.trace(request),
            };
            origins.insert(seq, result.origin);
            results.push(result);
        }
        results
    }
}

/// What a result decided: outcome, reason and origin.
pub fn decision(result: &TraceResult) -> (Outcome, Option<Reason>, Origin) {
    (result.outcome, result.reason, result.origin)
}

/// The FFL numbers of a result's chain.
pub fn chain_ffls(result: &TraceResult) -> Vec<&str> {
    result
        .chain
        .iter()
        .map(|link| link.ffl_number.as_str())
        .collect()
}

/// The roles of a result's chain.
pub fn chain_roles(result: &TraceResult) -> Vec<&str> {
    result.chain.iter().map(|link| link.role.as_str()).collect()
}

/// The serials of a result's candidates, sorted.
pub fn candidate_serials(result: &TraceResult) -> Vec<&str> {
    let mut serials: Vec<&str> = result
        .candidates
        .iter()
        .map(|c| c.serial.as_str())
        .collect();
    serials.sort_unstable();
    serials
}

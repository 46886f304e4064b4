//! The decision of `tracing-rules.md`, for one trace request.
//!
//! Everything here is a pure function of the request, the records of its serial bucket and the
//! licensee directory: the same inputs give the same result every time.

use crate::ffl::{ChainRole, FflNumber};
use crate::loose::{candidates, near_query, pattern_query, LooseMatcher, LooseQuery};
use crate::makers::{is_importer, is_us_maker, MakerIdentity, MakerTable};
use crate::model::{AdRecord, BusinessStatus, Licensee, LicenseeStatus, TraceRequest};
use crate::outcome::{Origin, Outcome, Reason};
use crate::result::{Candidate, ChainLink, Correction, Purchaser, RequestKey, TraceResult};
use chrono::NaiveDate;
use rastro_codes::{fold, fold_compact, Country};
use rastro_serial::{level_key, Level};
use std::collections::HashMap;

/// The Gun Control Act: sales before this day need not be on record.
pub fn gun_control_act() -> NaiveDate {
    NaiveDate::from_ymd_opt(1968, 12, 16).expect("valid date")
}

/// What the rules need to know about licensees.
pub trait LicenseeDirectory {
    /// The licensee of the registry (ATF's listing), if it holds this number.
    fn licensee(&self, ffl: &FflNumber) -> Option<&Licensee>;
    /// The licensee's latest status row.
    fn status(&self, ffl: &FflNumber) -> Option<&LicenseeStatus>;
    /// True when at least one A&D entry of this licensee has been imported.
    fn has_imported_entries(&self, ffl: &FflNumber) -> bool;

    /// "Records on file": imported entries, or books handed over.
    fn has_records_on_file(&self, ffl: &FflNumber) -> bool {
        self.has_imported_entries(ffl)
            || self
                .status(ffl)
                .is_some_and(|status| status.records_received_on.is_some())
    }
}

/// The A&D record of a serial bucket with the keys the rules compare, computed once.
#[derive(Debug, Clone)]
pub struct KeyedRecord<'r> {
    pub record: &'r AdRecord,
    pub identity: MakerIdentity,
    keys: [String; 4],
}

impl<'r> KeyedRecord<'r> {
    pub fn new(record: &'r AdRecord, makers: &MakerTable) -> Self {
        let identity = makers.identity(Some(&record.manufacturer), record.importer.as_deref());
        KeyedRecord {
            record,
            identity,
            keys: Level::ALL.map(|level| level_key(&record.serial, level)),
        }
    }

    fn key(&self, level: Level) -> &str {
        &self.keys[level as usize]
    }
}

/// The L3 key under which a request's records are looked up, if the request has a usable serial.
pub fn serial_bucket(request: &TraceRequest) -> Option<String> {
    usable_serial(request).map(|serial| level_key(serial, Level::Confusable))
}

/// The request's serial, unless it is obliterated or empty: nothing left once spaces and
/// separators are removed (a `-` written for "none" is no serial).
fn usable_serial(request: &TraceRequest) -> Option<&str> {
    let serial = request.serial.as_deref()?;
    let empty = level_key(serial, Level::Separators).is_empty();
    (!empty && !request.obliterated).then_some(serial)
}

/// The request's manufacturer, unless it is empty: no letter or digit to compare (a `-` written
/// for "none" is no name).
fn given_manufacturer(request: &TraceRequest) -> Option<&str> {
    request
        .manufacturer
        .as_deref()
        .filter(|manufacturer| !fold_compact(manufacturer).is_empty())
}

/// Origin without records (`origin0`).
pub fn origin_without_records(request: &TraceRequest, makers: &MakerTable) -> Origin {
    let manufacturer = request.manufacturer.as_deref();
    let importer = request.importer.as_deref();
    if makers.any(manufacturer, is_us_maker) {
        return Origin::UsSourced;
    }
    if makers.any(manufacturer, is_importer) || makers.any(importer, is_importer) {
        return Origin::UsSourced;
    }
    if let Some(country) = request.country_of_origin {
        return if country == Country::US {
            Origin::UsSourced
        } else {
            Origin::ThirdCountry
        };
    }
    if makers.any(manufacturer, |maker| {
        maker.country.is_some_and(|country| country != Country::US)
    }) {
        return Origin::ThirdCountry;
    }
    Origin::Undetermined
}

/// The inputs of one decision.
pub struct TraceInput<'a> {
    pub request: &'a TraceRequest,
    pub trace_id: String,
    /// Every A&D record whose serial has the request's L3 key, of any maker.
    pub bucket: &'a [AdRecord],
    pub makers: &'a MakerTable,
    pub licensees: &'a dyn LicenseeDirectory,
    /// Looser matching for an analyst; without it, the levels L0–L3 alone decide.
    pub loose: Option<&'a dyn LooseMatcher>,
}

/// Steps 2 to 6 of the decision (the duplicate check, step 1, is [`DuplicateIndex`]'s).
pub fn resolve(input: &TraceInput<'_>) -> TraceResult {
    let request = input.request;
    let mut result = empty_result(request, input.trace_id.clone(), input.makers);
    let origin0 = origin_without_records(request, input.makers);
    result.origin = origin0;

    let Some(manufacturer) = given_manufacturer(request) else {
        return finish_without_records(
            result,
            origin0,
            Outcome::InsufficientData,
            Reason::MissingManufacturer,
        );
    };
    let identity = input
        .makers
        .identity(Some(manufacturer), request.importer.as_deref());
    let Some(serial) = usable_serial(request) else {
        if let Some(review) = partly_readable(input, &identity, &mut result) {
            return review;
        }
        let reason = if request.obliterated {
            Reason::Obliterated
        } else {
            Reason::Missing
        };
        return finish_without_records(result, origin0, Outcome::SerialProblem, reason);
    };

    let records: Vec<KeyedRecord<'_>> = input
        .bucket
        .iter()
        .map(|record| KeyedRecord::new(record, input.makers))
        .filter(|keyed| keyed.identity.overlaps(&identity))
        .collect();

    let Some((level, matched)) = search_levels(serial, &records) else {
        if let Some(review) = loose_review(input, &identity, &near_query(serial), &mut result) {
            return review;
        }
        return no_record(result, origin0, manufacturer, input.makers);
    };
    result.origin = Origin::UsSourced;
    let firearms = distinct_firearms(&matched);
    if firearms.len() > 1 {
        result.outcome = Outcome::NeedsReview;
        result.candidates = firearms
            .iter()
            .map(|keyed| Candidate {
                maker: maker_name(input.makers, &keyed.record.manufacturer),
                serial: keyed.record.serial.clone(),
                score: 1.0,
            })
            .collect();
        return result;
    }
    let firearm_key = matched[0].key(Level::LeadingZeros).to_string();
    let firearm: Vec<&KeyedRecord<'_>> = records
        .iter()
        .filter(|keyed| keyed.key(Level::LeadingZeros) == firearm_key)
        .collect();
    let walk = Walk::run(&firearm, &records, input.licensees);
    apply_walk(
        &mut result,
        request.recovered_on,
        walk,
        &firearm,
        input.licensees,
    );
    let source = source_record(&firearm);
    result.serial_matched = Some(source.record.serial.clone());
    if let Some(kind) = level.correction_kind() {
        result.corrections.push(Correction {
            field: "serial".into(),
            from: serial.to_string(),
            to: source.record.serial.clone(),
            kind: kind.into(),
        });
    }
    result
}

/// Step 3 with looser matching: a serial marked obliterated that is still partly readable.
fn partly_readable(
    input: &TraceInput<'_>,
    identity: &MakerIdentity,
    result: &mut TraceResult,
) -> Option<TraceResult> {
    let serial = input.request.serial.as_deref()?;
    if !input.request.obliterated {
        return None;
    }
    loose_review(input, identity, &pattern_query(serial)?, result)
}

/// Candidates found by a looser search → `NEEDS_REVIEW`, origin `US_SOURCED`.
fn loose_review(
    input: &TraceInput<'_>,
    identity: &MakerIdentity,
    query: &LooseQuery,
    result: &mut TraceResult,
) -> Option<TraceResult> {
    let matcher = input.loose?;
    let found = candidates(input.request, matcher.search(identity, query), input.makers);
    if found.is_empty() {
        return None;
    }
    let mut review = result.clone();
    review.outcome = Outcome::NeedsReview;
    review.reason = None;
    review.origin = Origin::UsSourced;
    review.candidates = found;
    Some(review)
}

fn empty_result(request: &TraceRequest, trace_id: String, makers: &MakerTable) -> TraceResult {
    TraceResult {
        request_ref: request.request_ref.clone(),
        agency: request.agency.clone(),
        trace_id,
        outcome: Outcome::NoSourceRecord,
        reason: None,
        origin: Origin::Undetermined,
        maker: given_manufacturer(request).map(|m| maker_name(makers, m)),
        serial_submitted: request.serial.clone(),
        serial_matched: None,
        corrections: Vec::new(),
        chain: Vec::new(),
        retail_ffl: None,
        retail_state: None,
        sale_date: None,
        purchaser: None,
        ttc_days: None,
        lag_days: Some((request.requested_on - request.recovered_on).num_days()),
        candidates: Vec::new(),
        duplicate_of: None,
    }
}

/// The canonical name of a maker, or the name as written when the table does not know it.
fn maker_name(makers: &MakerTable, written: &str) -> String {
    makers
        .resolve(written)
        .map(|maker| maker.name.clone())
        .unwrap_or_else(|| written.trim().to_string())
}

/// Steps 2 and 3: a third-country firearm is not US-sourced whatever else is missing.
fn finish_without_records(
    mut result: TraceResult,
    origin0: Origin,
    outcome: Outcome,
    reason: Reason,
) -> TraceResult {
    if origin0 == Origin::ThirdCountry {
        result.outcome = Outcome::NotUsSourced;
    } else {
        result.outcome = outcome;
        result.reason = Some(reason);
    }
    result
}

fn no_record(
    mut result: TraceResult,
    origin0: Origin,
    manufacturer: &str,
    makers: &MakerTable,
) -> TraceResult {
    result.origin = origin0;
    match origin0 {
        Origin::ThirdCountry => result.outcome = Outcome::NotUsSourced,
        Origin::Undetermined if makers.lookup(manufacturer).is_empty() => {
            result.outcome = Outcome::InsufficientData;
            result.reason = Some(Reason::UnknownManufacturer);
        }
        _ => result.outcome = Outcome::NoSourceRecord,
    }
    result
}

/// The first level at which any record matches, with the records matching there.
fn search_levels<'a, 'r>(
    serial: &str,
    records: &'a [KeyedRecord<'r>],
) -> Option<(Level, Vec<&'a KeyedRecord<'r>>)> {
    Level::ALL.into_iter().find_map(|level| {
        let wanted = level_key(serial, level);
        let matched: Vec<_> = records
            .iter()
            .filter(|keyed| keyed.key(level) == wanted)
            .collect();
        (!matched.is_empty()).then_some((level, matched))
    })
}

/// One record per distinct firearm (distinct L2 form), in the order first seen.
fn distinct_firearms<'a, 'r>(matched: &[&'a KeyedRecord<'r>]) -> Vec<&'a KeyedRecord<'r>> {
    let mut seen: Vec<&str> = Vec::new();
    let mut firearms = Vec::new();
    for keyed in matched {
        let key = keyed.key(Level::LeadingZeros);
        if !seen.contains(&key) {
            seen.push(key);
            firearms.push(*keyed);
        }
    }
    firearms
}

/// The entry with no acquisition source; failing that, the earliest acquired.
fn source_record<'a, 'r>(firearm: &[&'a KeyedRecord<'r>]) -> &'a KeyedRecord<'r> {
    let earliest = |candidates: Vec<&'a KeyedRecord<'r>>| {
        candidates
            .into_iter()
            .min_by_key(|keyed| (keyed.record.acquired_on, keyed.record.ffl.clone()))
    };
    let sources: Vec<_> = firearm
        .iter()
        .copied()
        .filter(|keyed| keyed.record.is_source_entry())
        .collect();
    earliest(sources)
        .or_else(|| earliest(firearm.to_vec()))
        .expect("a firearm has at least one record")
}

/// Where and why the walk ended.
#[derive(Debug)]
enum WalkEnd<'r> {
    RetailSale(&'r AdRecord),
    Stopped(Outcome, Option<Reason>),
}

/// The walk from the source record, disposition by disposition (step 5).
struct Walk<'r> {
    /// The entries followed, one per licensee reached.
    entries: Vec<&'r AdRecord>,
    /// A licensee reached that holds no entry for the firearm.
    unentered: Option<FflNumber>,
    end: WalkEnd<'r>,
}

impl<'r> Walk<'r> {
    fn run(
        firearm: &[&KeyedRecord<'r>],
        bucket: &[KeyedRecord<'r>],
        licensees: &dyn LicenseeDirectory,
    ) -> Self {
        let source = source_record(firearm).record;
        let mut entries = vec![source];
        let mut current = source;
        loop {
            if current.is_retail_sale() {
                return Self::ended(entries, None, WalkEnd::RetailSale(current));
            }
            let Some(next_ffl) = current.disposed_to_ffl.as_ref() else {
                let end = WalkEnd::Stopped(
                    Outcome::StoppedAtLicensee,
                    Some(Reason::NoDispositionRecorded),
                );
                return Self::ended(entries, None, end);
            };
            if licensees.licensee(next_ffl).is_none() {
                let end =
                    WalkEnd::Stopped(Outcome::StoppedAtLicensee, Some(Reason::UnknownLicensee));
                return Self::ended(entries, None, end);
            }
            if entries.iter().any(|entry| &entry.ffl == next_ffl) {
                let end = WalkEnd::Stopped(
                    Outcome::StoppedAtLicensee,
                    Some(Reason::InconsistentRecords),
                );
                return Self::ended(entries, None, end);
            }
            match next_entry(next_ffl, current.disposed_on, firearm, bucket) {
                Some(entry) => {
                    entries.push(entry);
                    current = entry;
                }
                None => {
                    let end = missing_entry(next_ffl, source, licensees);
                    return Self::ended(entries, Some(next_ffl.clone()), end);
                }
            }
        }
    }

    fn ended(entries: Vec<&'r AdRecord>, unentered: Option<FflNumber>, end: WalkEnd<'r>) -> Self {
        Walk {
            entries,
            unentered,
            end,
        }
    }
}

/// The licensee's entry for the firearm: one of the firearm's records, or failing that one whose
/// serial matches at L3; among several, the earliest acquired on or after the previous
/// disposition, else the earliest.
fn next_entry<'r>(
    ffl: &FflNumber,
    previous_disposition: Option<NaiveDate>,
    firearm: &[&KeyedRecord<'r>],
    bucket: &[KeyedRecord<'r>],
) -> Option<&'r AdRecord> {
    let own: Vec<&'r AdRecord> = firearm
        .iter()
        .map(|keyed| keyed.record)
        .filter(|record| &record.ffl == ffl)
        .collect();
    let candidates = if own.is_empty() {
        bucket
            .iter()
            .map(|keyed| keyed.record)
            .filter(|record| &record.ffl == ffl)
            .collect()
    } else {
        own
    };
    let after = candidates
        .iter()
        .filter(|record| previous_disposition.is_none_or(|date| record.acquired_on >= date))
        .min_by_key(|record| record.acquired_on);
    after
        .or_else(|| candidates.iter().min_by_key(|record| record.acquired_on))
        .copied()
}

/// The walk reached a licensee with no entry for the firearm.
fn missing_entry<'r>(
    ffl: &FflNumber,
    source: &AdRecord,
    licensees: &dyn LicenseeDirectory,
) -> WalkEnd<'r> {
    if licensees.has_records_on_file(ffl) {
        return if source.acquired_on < gun_control_act() {
            WalkEnd::Stopped(Outcome::TooOld, None)
        } else {
            WalkEnd::Stopped(Outcome::StoppedAtLicensee, Some(Reason::RecordNotFound))
        };
    }
    let out_of_business = licensees
        .status(ffl)
        .is_some_and(|status| status.status == BusinessStatus::OutOfBusiness);
    if out_of_business {
        WalkEnd::Stopped(
            Outcome::StoppedAtLicensee,
            Some(Reason::OobRecordsNotReceived),
        )
    } else {
        WalkEnd::Stopped(
            Outcome::PendingLicensee,
            Some(Reason::LicenseeRecordsNotOnFile),
        )
    }
}

fn apply_walk(
    result: &mut TraceResult,
    recovered_on: NaiveDate,
    walk: Walk<'_>,
    firearm: &[&KeyedRecord<'_>],
    licensees: &dyn LicenseeDirectory,
) {
    result.chain = walk
        .entries
        .iter()
        .map(|entry| chain_link(entry, licensees))
        .collect();
    if let Some(ffl) = &walk.unentered {
        result.chain.push(unentered_link(ffl, licensees));
    }
    match walk.end {
        WalkEnd::RetailSale(sale) => complete(result, sale, recovered_on, licensees),
        WalkEnd::Stopped(outcome, reason) => match first_retail_sale(firearm) {
            // Step 6, holdings: the firearm's records hold a retail sale the walk did not reach.
            Some(sale) => {
                if result.chain.last().map(|link| link.ffl_number.as_str())
                    != Some(sale.ffl.as_str())
                {
                    result.chain.push(chain_link(sale, licensees));
                }
                complete(result, sale, recovered_on, licensees);
            }
            None => {
                result.outcome = outcome;
                result.reason = reason;
            }
        },
    }
}

fn first_retail_sale<'r>(firearm: &[&KeyedRecord<'r>]) -> Option<&'r AdRecord> {
    firearm
        .iter()
        .map(|keyed| keyed.record)
        .filter(|record| record.is_retail_sale())
        .min_by_key(|record| (record.disposed_on.is_none(), record.disposed_on))
}

fn complete(
    result: &mut TraceResult,
    sale: &AdRecord,
    recovered_on: NaiveDate,
    licensees: &dyn LicenseeDirectory,
) {
    result.outcome = Outcome::CompletedPurchaser;
    result.reason = None;
    result.retail_ffl = Some(sale.ffl.to_string());
    result.retail_state = licensees
        .licensee(&sale.ffl)
        .and_then(|licensee| licensee.premise_state.clone());
    result.sale_date = sale.disposed_on;
    result.purchaser = Some(Purchaser {
        name: sale.disposed_to_name.clone(),
        address: sale.disposed_to_address.clone(),
        dob: sale.purchaser_dob,
    });
    result.ttc_days = sale
        .disposed_on
        .map(|sold| (recovered_on - sold).num_days());
}

fn chain_link(entry: &AdRecord, licensees: &dyn LicenseeDirectory) -> ChainLink {
    let role = ChainRole::of(entry.ffl.licence_type(), entry.is_retail_sale());
    ChainLink {
        ffl_number: entry.ffl.to_string(),
        licensee_name: licensees
            .licensee(&entry.ffl)
            .map(|licensee| licensee.display_name().to_string()),
        role: role.code().to_string(),
        acquired_on: Some(entry.acquired_on),
        disposed_on: entry.disposed_on,
    }
}

fn unentered_link(ffl: &FflNumber, licensees: &dyn LicenseeDirectory) -> ChainLink {
    ChainLink {
        ffl_number: ffl.to_string(),
        licensee_name: licensees
            .licensee(ffl)
            .map(|licensee| licensee.display_name().to_string()),
        role: ChainRole::of(ffl.licence_type(), false).code().to_string(),
        acquired_on: None,
        disposed_on: None,
    }
}

/// Step 1: finds an earlier imported request for the same recovery.
#[derive(Debug, Default)]
pub struct DuplicateIndex {
    groups: HashMap<DuplicateKey, Vec<Earlier>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct DuplicateKey {
    serial: String,
    recovered_on: NaiveDate,
    country: Option<Country>,
    state: String,
    city: String,
}

#[derive(Debug)]
struct Earlier {
    identity: MakerIdentity,
    of: DuplicateOf,
}

/// The first request a duplicate repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateOf {
    pub first: RequestKey,
    /// The first request's import sequence number, to copy its origin from.
    pub first_seq: i64,
}

impl DuplicateIndex {
    fn key(request: &TraceRequest) -> Option<DuplicateKey> {
        let serial = request
            .serial
            .as_deref()
            .map(|serial| level_key(serial, Level::Confusable))
            .filter(|serial| !serial.is_empty())?;
        let folded = |text: &Option<String>| text.as_deref().map(fold).unwrap_or_default();
        Some(DuplicateKey {
            serial,
            recovered_on: request.recovered_on,
            country: request.recovery_country,
            state: folded(&request.recovery_state),
            city: folded(&request.recovery_city),
        })
    }

    /// Call for every request in import order: returns the first request this one repeats
    /// (directly, or through an earlier duplicate), or records it as a first request and returns
    /// `None`.
    pub fn check(
        &mut self,
        seq: i64,
        request: &TraceRequest,
        makers: &MakerTable,
    ) -> Option<DuplicateOf> {
        let key = Self::key(request)?;
        let identity =
            makers.identity(request.manufacturer.as_deref(), request.importer.as_deref());
        let group = self.groups.entry(key).or_default();
        if let Some(earlier) = group
            .iter()
            .find(|earlier| earlier.identity.overlaps(&identity))
        {
            // Kept too: a later request may share a maker code with this one and not the first.
            let of = earlier.of.clone();
            group.push(Earlier {
                identity,
                of: of.clone(),
            });
            return Some(of);
        }
        group.push(Earlier {
            identity,
            of: DuplicateOf {
                first: RequestKey {
                    agency: request.agency.clone(),
                    request_ref: request.request_ref.clone(),
                },
                first_seq: seq,
            },
        });
        None
    }
}

/// The result of a duplicate request, with the origin of the request it repeats.
pub fn duplicate_result(
    request: &TraceRequest,
    trace_id: String,
    makers: &MakerTable,
    of: DuplicateOf,
    origin: Origin,
) -> TraceResult {
    let mut result = empty_result(request, trace_id, makers);
    result.outcome = Outcome::Duplicate;
    result.origin = origin;
    result.duplicate_of = Some(of.first);
    result
}

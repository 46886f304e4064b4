//! The ground truth of every request, computed from what the generator did: which gun the request
//! is about, how its serial and maker were written, and how its chain of custody was built. The
//! steps follow tracing-rules.md in its order; the record search needs no search because the
//! generator guarantees (key sets, see `requests`) that a request's serial reaches no gun but its
//! own (or, for an ambiguous request, its own and its twin).

use serde::Serialize;

use crate::errors::{Descriptor, SerialError};
use crate::firearms::{gca_date, Disposition, Step};
use crate::geo::US_STATES;
use crate::makers::{normalize, Makers, Role};
use crate::plan::Traced;
use crate::requests::RequestRow;
use crate::world::{Book, World};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Origin {
    UsSourced,
    ThirdCountry,
    Undetermined,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Outcome {
    Duplicate,
    NotUsSourced,
    InsufficientData,
    SerialProblem,
    NoSourceRecord,
    NeedsReview,
    CompletedPurchaser,
    StoppedAtLicensee,
    PendingLicensee,
    TooOld,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    MissingManufacturer,
    UnknownManufacturer,
    Missing,
    Obliterated,
    NoDispositionRecorded,
    UnknownLicensee,
    InconsistentRecords,
    OobRecordsNotReceived,
    LicenseeRecordsNotOnFile,
    RecordNotFound,
}

/// The result of the rules for one request.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub outcome: Outcome,
    pub reason: Option<Reason>,
    pub origin: Origin,
    pub purchaser_name: Option<String>,
    /// Index of the retail licensee of a completed trace.
    #[serde(skip)]
    pub retail: Option<usize>,
    /// The licensees the walk reached (indices).
    #[serde(skip)]
    pub chain: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AfterPending {
    pub outcome: Outcome,
    pub reason: Option<Reason>,
    pub purchaser_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestKey {
    pub agency: String,
    pub request_ref: String,
}

/// One line of `truth.jsonl`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TruthRecord {
    pub file: &'static str,
    pub line: usize,
    pub agency: String,
    pub request_ref: Option<String>,
    pub rejected: bool,
    pub outcome: Option<Outcome>,
    pub reason: Option<Reason>,
    pub origin: Option<Origin>,
    pub purchaser_name: Option<String>,
    pub retail_ffl: Option<String>,
    pub retail_state: Option<&'static str>,
    pub maker_code: String,
    pub true_serial: String,
    pub serial_error: &'static str,
    pub descriptor: &'static str,
    pub duplicate_of: Option<RequestKey>,
    pub loose_outcome: Option<Outcome>,
    pub after_pending: Option<AfterPending>,
    /// FFL numbers of the licensees the walk reached (the one it could not pass included).
    pub chain: Vec<String>,
    pub recovered_on: String,
    pub sale_date: Option<String>,
    pub ring: bool,
}

/// Maker codes (indices) that a name resolves to; empty for an empty or unknown name.
fn resolve(makers: &Makers, name: &str) -> Vec<usize> {
    if name.trim().is_empty() {
        return Vec::new();
    }
    makers
        .by_name
        .get(&normalize(name))
        .cloned()
        .unwrap_or_default()
}

/// The request's maker identity: the codes of its manufacturer and importer.
pub fn identity(makers: &Makers, manufacturer: &str, importer: &str) -> Vec<usize> {
    let mut codes = resolve(makers, manufacturer);
    for c in resolve(makers, importer) {
        if !codes.contains(&c) {
            codes.push(c);
        }
    }
    codes
}

/// `origin0` of tracing-rules.md, rule by rule.
pub fn origin0(makers: &Makers, req: &RequestRow) -> Origin {
    let m = resolve(makers, &req.manufacturer);
    let i = resolve(makers, &req.importer);
    let maker = |x: &usize| &makers.makers[*x];
    if m.iter().any(|x| maker(x).country == "US") {
        return Origin::UsSourced;
    }
    if m.iter().chain(&i).any(|x| maker(x).role == Role::Importer) {
        return Origin::UsSourced;
    }
    if !req.coo.is_empty() {
        return if req.coo == "US" {
            Origin::UsSourced
        } else {
            Origin::ThirdCountry
        };
    }
    if m.iter().any(|x| maker(x).country != "US") {
        return Origin::ThirdCountry;
    }
    Origin::Undetermined
}

fn decision(outcome: Outcome, reason: Option<Reason>, origin: Origin) -> Decision {
    Decision {
        outcome,
        reason,
        origin,
        purchaser_name: None,
        retail: None,
        chain: Vec::new(),
    }
}

/// Steps 2–6 of the decision (the duplicate step is the caller's), strict and loose.
pub fn decide(world: &World, req: &RequestRow, gun: &Traced) -> (Decision, Outcome) {
    let makers = &world.makers;
    let o0 = origin0(makers, req);
    let codes = identity(makers, &req.manufacturer, &req.importer);
    let hits_gun = gun.in_books()
        && codes
            .iter()
            .any(|&c| c == gun.maker || Some(c) == gun.importer);
    // Step 2: no manufacturer.
    if req.manufacturer.trim().is_empty() {
        let d = if o0 == Origin::ThirdCountry {
            decision(Outcome::NotUsSourced, None, o0)
        } else {
            decision(
                Outcome::InsufficientData,
                Some(Reason::MissingManufacturer),
                o0,
            )
        };
        let loose = d.outcome;
        return (d, loose);
    }
    // Step 3: no usable serial. A pattern or fragment still finds the gun for an analyst.
    if req.serial.trim().is_empty() || req.obliterated {
        let reason = if req.obliterated {
            Reason::Obliterated
        } else {
            Reason::Missing
        };
        let d = if o0 == Origin::ThirdCountry {
            decision(Outcome::NotUsSourced, None, o0)
        } else {
            decision(Outcome::SerialProblem, Some(reason), o0)
        };
        let loose = if hits_gun && matches!(req.error, SerialError::Pattern | SerialError::Fragment)
        {
            Outcome::NeedsReview
        } else {
            d.outcome
        };
        return (d, loose);
    }
    // Step 4: record search.
    let found = hits_gun && req.error.level().is_some();
    if !found {
        let unknown_maker = resolve(makers, &req.manufacturer).is_empty();
        let d = match o0 {
            Origin::ThirdCountry => decision(Outcome::NotUsSourced, None, o0),
            Origin::Undetermined if unknown_maker => decision(
                Outcome::InsufficientData,
                Some(Reason::UnknownManufacturer),
                o0,
            ),
            _ => decision(Outcome::NoSourceRecord, None, o0),
        };
        let loose = if hits_gun && req.error.loose() {
            Outcome::NeedsReview
        } else {
            d.outcome
        };
        return (d, loose);
    }
    if req.error == SerialError::Ambiguous {
        let d = decision(Outcome::NeedsReview, None, Origin::UsSourced);
        return (d, Outcome::NeedsReview);
    }
    // Steps 5–6: walk and holdings.
    let d = walk(world, &gun.steps, false);
    let loose = d.outcome;
    (d, loose)
}

/// The walk of step 5 and the holdings rule of step 6 over the gun's own chain. `after_pending`
/// treats the pending books as imported.
pub fn walk(world: &World, steps: &[Step], after_pending: bool) -> Decision {
    let on_file = |lic: usize| match world.lic[lic].book {
        Book::OnFile => true,
        Book::Pending => after_pending,
        Book::Withheld => false,
    };
    let visible = |s: &Step| s.written && on_file(s.lic);
    let mut chain = vec![steps[0].lic];
    let mut i = 0;
    let (outcome, reason) = loop {
        let s = &steps[i];
        match &s.to {
            Disposition::Person(b) => {
                let mut d = decision(Outcome::CompletedPurchaser, None, Origin::UsSourced);
                d.purchaser_name = Some(b.name.clone());
                d.retail = Some(s.lic);
                d.chain = chain;
                return d;
            }
            Disposition::None => {
                break (
                    Outcome::StoppedAtLicensee,
                    Some(Reason::NoDispositionRecorded),
                )
            }
            Disposition::Unknown(_) => {
                break (Outcome::StoppedAtLicensee, Some(Reason::UnknownLicensee))
            }
            Disposition::Back(_) => {
                break (
                    Outcome::StoppedAtLicensee,
                    Some(Reason::InconsistentRecords),
                )
            }
            Disposition::Next => {
                let next = &steps[i + 1];
                if chain.contains(&next.lic) {
                    break (
                        Outcome::StoppedAtLicensee,
                        Some(Reason::InconsistentRecords),
                    );
                }
                chain.push(next.lic);
                if visible(next) {
                    i += 1;
                    continue;
                }
                let closed_withheld = world.lic[next.lic].book == Book::Withheld;
                break if closed_withheld {
                    (
                        Outcome::StoppedAtLicensee,
                        Some(Reason::OobRecordsNotReceived),
                    )
                } else if !on_file(next.lic) {
                    (
                        Outcome::PendingLicensee,
                        Some(Reason::LicenseeRecordsNotOnFile),
                    )
                } else if steps[0].acquired_on < gca_date() {
                    (Outcome::TooOld, None)
                } else {
                    (Outcome::StoppedAtLicensee, Some(Reason::RecordNotFound))
                };
            }
        }
    };
    // Holdings: a retail sale among the gun's own records (correctly spelled, on file).
    let sale = steps
        .iter()
        .filter(|s| visible(s) && s.misspelled.is_none())
        .filter_map(|s| match &s.to {
            Disposition::Person(b) => Some((s.disposed_on, s.lic, b)),
            _ => None,
        })
        .min_by_key(|(on, _, _)| *on);
    if let Some((_, lic, b)) = sale {
        let mut d = decision(Outcome::CompletedPurchaser, None, Origin::UsSourced);
        d.purchaser_name = Some(b.name.clone());
        d.retail = Some(lic);
        if chain.last() != Some(&lic) {
            chain.push(lic);
        }
        d.chain = chain;
        return d;
    }
    let mut d = decision(outcome, reason, Origin::UsSourced);
    d.chain = chain;
    d
}

/// The truth line of one request row.
pub fn record(
    world: &World,
    req: &RequestRow,
    gun: &Traced,
    original: Option<(&RequestRow, &TruthRecord)>,
) -> TruthRecord {
    let maker = &world.makers.makers[gun.maker];
    let sale_date = gun
        .steps
        .last()
        .and_then(|s| s.disposed_on)
        .map(|d| d.to_string());
    let mut t = TruthRecord {
        file: req.file(),
        line: 0,
        agency: req.agency.to_string(),
        request_ref: (!req.request_ref.is_empty()).then(|| req.request_ref.clone()),
        rejected: req.bad.is_some(),
        outcome: None,
        reason: None,
        origin: None,
        purchaser_name: None,
        retail_ffl: None,
        retail_state: None,
        maker_code: maker.code.clone(),
        true_serial: gun.serial.clone(),
        serial_error: req.error.code(),
        descriptor: descriptor_code(req.descriptor),
        duplicate_of: None,
        loose_outcome: None,
        after_pending: None,
        chain: Vec::new(),
        recovered_on: gun.recovery.on.to_string(),
        sale_date,
        ring: gun.ring,
    };
    if t.rejected {
        return t;
    }
    if let Some((orig, orig_truth)) = original {
        t.outcome = Some(Outcome::Duplicate);
        t.origin = orig_truth.origin;
        t.loose_outcome = Some(Outcome::Duplicate);
        t.duplicate_of = Some(RequestKey {
            agency: orig.agency.to_string(),
            request_ref: orig.request_ref.clone(),
        });
        return t;
    }
    let (d, loose) = decide(world, req, gun);
    t.outcome = Some(d.outcome);
    t.reason = d.reason;
    t.origin = Some(d.origin);
    t.purchaser_name = d.purchaser_name.clone();
    t.retail_ffl = d.retail.map(|l| world.lic[l].dashed.clone());
    t.retail_state = d.retail.map(|l| US_STATES[world.lic[l].state].code);
    t.chain = d
        .chain
        .iter()
        .map(|&l| world.lic[l].dashed.clone())
        .collect();
    t.loose_outcome = Some(loose);
    if d.outcome == Outcome::PendingLicensee {
        let after = walk(world, &gun.steps, true);
        t.after_pending = Some(AfterPending {
            outcome: after.outcome,
            reason: after.reason,
            purchaser_name: after.purchaser_name,
        });
    }
    t
}

fn descriptor_code(d: Descriptor) -> &'static str {
    match d {
        Descriptor::Normal => "normal",
        Descriptor::MissingMaker => "missing_maker",
        Descriptor::UnknownMaker => "unknown_maker",
        Descriptor::WrongMaker => "wrong_maker",
        Descriptor::ImporterAsMaker => "importer_as_maker",
    }
}

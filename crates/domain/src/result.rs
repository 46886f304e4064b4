//! A trace result: the contract of `formats.md` §6.

use crate::outcome::{Origin, Outcome, Reason};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The (agency, request_ref) key of a trace request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RequestKey {
    pub agency: String,
    pub request_ref: String,
}

/// A correction rastro made to match a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub field: String,
    pub from: String,
    pub to: String,
    /// `SEPARATORS`, `LEADING_ZEROS` or `CONFUSABLE`.
    pub kind: String,
}

/// One licensee the walk reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLink {
    pub ffl_number: String,
    pub licensee_name: Option<String>,
    /// `MANUFACTURER`, `IMPORTER`, `DISTRIBUTOR` or `RETAILER`.
    pub role: String,
    pub acquired_on: Option<NaiveDate>,
    pub disposed_on: Option<NaiveDate>,
}

/// The first retail purchaser, released only inside a trace result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purchaser {
    pub name: Option<String>,
    pub address: Option<String>,
    pub dob: Option<NaiveDate>,
}

/// A firearm an analyst should look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub maker: String,
    pub serial: String,
    /// 1.0 for a match at the serial levels; lower for looser matches.
    pub score: f64,
}

/// The result of one trace request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceResult {
    pub request_ref: String,
    pub agency: String,
    pub trace_id: String,
    pub outcome: Outcome,
    pub reason: Option<Reason>,
    pub origin: Origin,
    pub maker: Option<String>,
    pub serial_submitted: Option<String>,
    pub serial_matched: Option<String>,
    pub corrections: Vec<Correction>,
    pub chain: Vec<ChainLink>,
    pub retail_ffl: Option<String>,
    pub retail_state: Option<String>,
    pub sale_date: Option<NaiveDate>,
    pub purchaser: Option<Purchaser>,
    pub ttc_days: Option<i64>,
    pub lag_days: Option<i64>,
    pub candidates: Vec<Candidate>,
    pub duplicate_of: Option<RequestKey>,
}

impl TraceResult {
    /// The (agency, request_ref) key of the request this result answers.
    pub fn key(&self) -> RequestKey {
        RequestKey {
            agency: self.agency.clone(),
            request_ref: self.request_ref.clone(),
        }
    }
}

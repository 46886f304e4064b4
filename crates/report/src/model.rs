//! Input and output types of the report: what the lead hands in, and the computed tables.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// Language of the labels and of the number formatting.
///
/// Spanish follows Mexican usage (es-MX): `,` groups thousands and `.` marks decimals, as in
/// English, and a (non-breaking) space separates a number from `%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// Mexican Spanish.
    Es,
}

impl Lang {
    /// The BCP 47 tag written into `<html lang>` and into the JSON output.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }
}

/// Output format of [`render`](crate::render).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Aligned terminal tables, at most 100 columns wide.
    Text,
    /// The [`Report`] serialised, with a `labels` map for the language.
    Json,
    /// One self-contained HTML file with tables and SVG charts.
    Html,
}

/// A language or format name that is not known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Not `en` or `es`.
    #[error("unknown language `{0}` (expected `en` or `es`)")]
    Lang(String),
    /// Not `text`, `json` or `html`.
    #[error("unknown report format `{0}` (expected `text`, `json` or `html`)")]
    Format(String),
}

impl FromStr for Lang {
    type Err = ParseError;

    /// Accepts `en`/`es`, any case, with an optional region (`es-MX`, `en_US`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let primary = s.trim().split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "es" => Ok(Lang::Es),
            _ => Err(ParseError::Lang(s.to_string())),
        }
    }
}

impl FromStr for Format {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "html" | "htm" => Ok(Format::Html),
            _ => Err(ParseError::Format(s.to_string())),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// One trace result, flattened for reporting.
///
/// Codes are those of `tracing-rules.md`; they are compared after trimming and upper-casing, so
/// `"completed_purchaser"` counts as `COMPLETED_PURCHASER`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportRow {
    /// Outcome code, e.g. `COMPLETED_PURCHASER`, `DUPLICATE`.
    pub outcome: String,
    /// Reason code, e.g. `OOB_RECORDS_NOT_RECEIVED`.
    pub reason: Option<String>,
    /// `US_SOURCED`, `THIRD_COUNTRY` or `UNDETERMINED`; anything else counts as undetermined.
    pub origin: String,
    /// Date of recovery; reports group by its year, as ATF's published figures do.
    pub recovered_on: NaiveDate,
    /// Date the trace was requested.
    pub requested_on: Option<NaiveDate>,
    /// Recovery country: ISO code (`MX`) or name.
    pub recovery_country: Option<String>,
    /// Recovery state, display name (e.g. `Sinaloa`).
    pub recovery_state: Option<String>,
    /// US state code of the retailer, for `COMPLETED_PURCHASER`.
    pub retail_state: Option<String>,
    /// Time to crime: `recovered_on − sale_date`, in days.
    pub ttc_days: Option<i64>,
    /// Request lag: `requested_on − recovered_on`, in days; computed from the dates when absent.
    pub lag_days: Option<i64>,
    /// Canonical firearm type code: `PISTOL`, `RIFLE`, ...
    pub firearm_type: Option<String>,
    /// Canonical caliber label, e.g. `9×19`.
    pub caliber: Option<String>,
    /// Canonical maker name.
    pub maker: Option<String>,
}

/// What the report says about itself. Nothing here is read from the clock or the environment, so
/// the same rows and meta always give the same report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportMeta {
    /// Report title; when empty, a default title in the report's language is shown.
    pub title: String,
    /// When the report was generated (given by the caller).
    pub generated_at: DateTime<Utc>,
    /// Label of the data source, e.g. a file name or `synthetic sample, seed 42`.
    pub source: String,
}

impl ReportMeta {
    /// A meta block from its three parts.
    pub fn new(
        title: impl Into<String>,
        generated_at: DateTime<Utc>,
        source: impl Into<String>,
    ) -> Self {
        ReportMeta {
            title: title.into(),
            generated_at,
            source: source.into(),
        }
    }
}

/// All computed tables. Serialises with codes, never labels, in a fixed key order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The caller's meta block.
    pub meta: ReportMeta,
    /// Headline figures.
    pub summary: Summary,
    /// Things the reader must know: duplicates left out (always), data oddities (when present).
    pub notes: Vec<Note>,
    /// 1. Origin by recovery year (the GAO table).
    pub origin_by_year: OriginTable,
    /// 2. Outcomes, and reasons within each outcome.
    pub outcomes: OutcomeTable,
    /// 3. US states of the retailers of completed traces (top 10 + other).
    pub source_states: CountTable,
    /// 4. Firearm types.
    pub firearm_types: CountTable,
    /// 5. Calibers (top 15 + other).
    pub calibers: CountTable,
    /// 6. Makers (top 15 + other).
    pub makers: CountTable,
    /// 7. Time to crime over completed traces.
    pub time_to_crime: TimeToCrime,
    /// 8. Request lag.
    pub request_lag: RequestLag,
    /// 9. Recovery states in Mexico (top 10 + other).
    pub recovery_states: CountTable,
}

/// Headline figures over the results that are not duplicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// All input rows, duplicates included.
    pub rows: u64,
    /// `DUPLICATE` results, left out of every table.
    pub duplicates: u64,
    /// Results counted in the tables (`rows − duplicates`).
    pub traces: u64,
    /// Earliest recovery year among the traces.
    pub first_year: Option<i32>,
    /// Latest recovery year among the traces.
    pub last_year: Option<i32>,
    /// US-sourced traces, share of all traces.
    pub us_sourced: Cell,
    /// Traces followed to a purchaser, share of all traces.
    pub completed: Cell,
}

/// A count and its share (a fraction, 0–1) of some total; the share is `null` when that total is 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Cell {
    /// How many.
    pub count: u64,
    /// `count / total`, unrounded.
    pub share: Option<f64>,
}

impl Cell {
    /// `count` out of `total`.
    pub fn of(count: u64, total: u64) -> Self {
        let share = (total > 0).then(|| count as f64 / total as f64);
        Cell { count, share }
    }
}

/// Something the reader must know to read the tables right. Serialised as
/// `{"code": "DUPLICATES_EXCLUDED", "count": 3}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Note {
    /// `DUPLICATE` results left out of every table (always present, even at 0).
    DuplicatesExcluded {
        /// How many.
        count: u64,
    },
    /// Origin codes other than the three known ones, counted as undetermined.
    UnknownOrigin {
        /// How many.
        count: u64,
    },
    /// Completed traces with a negative time to crime (sold after recovery), left out of §7.
    NegativeTimeToCrime {
        /// How many.
        count: u64,
    },
    /// Requests dated before the recovery, left out of §8.
    NegativeRequestLag {
        /// How many.
        count: u64,
    },
    /// Recoveries outside Mexico, left out of §9.
    RecoveredOutsideMexico {
        /// How many.
        count: u64,
    },
}

/// Counts of the three origins, and their shares of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OriginCounts {
    /// `US_SOURCED`.
    pub us_sourced: Cell,
    /// `THIRD_COUNTRY`.
    pub third_country: Cell,
    /// `UNDETERMINED` (and unknown origin codes).
    pub undetermined: Cell,
    /// All three.
    pub total: u64,
}

/// One recovery year of the origin table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OriginYear {
    /// Year of `recovered_on`.
    pub year: i32,
    /// Origins of that year's traces.
    #[serde(flatten)]
    pub counts: OriginCounts,
}

/// Origin by recovery year: every year from the first to the last (years without traces show 0),
/// then the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OriginTable {
    /// One row a year, in order.
    pub years: Vec<OriginYear>,
    /// All years together.
    pub total: OriginCounts,
}

/// Outcomes by count, most frequent first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeTable {
    /// Traces counted (duplicates left out).
    pub total: u64,
    /// One row an outcome.
    pub outcomes: Vec<OutcomeRow>,
}

/// One outcome, its share of all traces, and its reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeRow {
    /// Outcome code.
    pub code: String,
    /// Count and share of all traces.
    #[serde(flatten)]
    pub cell: Cell,
    /// Reasons, shares within this outcome, most frequent first. A `null` code stands for the
    /// results of this outcome that give no reason; it is listed only when others do.
    pub reasons: Vec<ReasonRow>,
}

/// One reason within an outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonRow {
    /// Reason code, `null` for "no reason given".
    pub code: Option<String>,
    /// Count, and share of the outcome's results.
    #[serde(flatten)]
    pub cell: Cell,
}

/// A frequency table: values by count (ties by key), the top ones, and the rest as "other".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountTable {
    /// Results with a value: the denominator of the shares.
    pub total: u64,
    /// Results of the table's population without a value (not recorded), not in `total`.
    pub missing: u64,
    /// The top values.
    pub rows: Vec<CountRow>,
    /// The values past the top, together; `null` when there are none.
    pub other: Option<OtherRow>,
}

/// One value of a frequency table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountRow {
    /// The value: a code (state, type) or a canonical name (caliber, maker, Mexican state).
    pub key: String,
    /// Count and share of the table's total.
    #[serde(flatten)]
    pub cell: Cell,
}

/// The values past the top of a frequency table, together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherRow {
    /// How many distinct values.
    pub distinct: u64,
    /// Their count and share.
    #[serde(flatten)]
    pub cell: Cell,
}

/// One histogram band, `[from, to)` in the table's unit; `to` is `null` for the open last band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// Lower bound, inclusive.
    pub from: i64,
    /// Upper bound, exclusive.
    pub to: Option<i64>,
    /// Count and share of the values.
    #[serde(flatten)]
    pub cell: Cell,
}

/// Time to crime over completed traces. A year is 365.25 days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToCrime {
    /// Completed traces with a usable time to crime.
    pub n: u64,
    /// Completed traces without one.
    pub missing: u64,
    /// Completed traces with a negative one (a data error), left out.
    pub negative: u64,
    /// Median, in days.
    pub median_days: Option<f64>,
    /// Mean, in days.
    pub mean_days: Option<f64>,
    /// Median in years, rounded to one decimal as published.
    pub median_years: Option<f64>,
    /// Mean in years, rounded to one decimal.
    pub mean_years: Option<f64>,
    /// Under 1 year.
    pub under_1y: Cell,
    /// Under 3 years: "short" time to crime, a trafficking indicator.
    pub under_3y: Cell,
    /// Bands in years: <1, 1–3, 3–5, 5–10, 10–20, 20+.
    pub bands_years: Vec<Band>,
}

/// Request lag: `requested_on − recovered_on`, over all traces with both dates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestLag {
    /// Traces with a usable lag.
    pub n: u64,
    /// Traces without one.
    pub missing: u64,
    /// Traces requested before recovery (a data error), left out.
    pub negative: u64,
    /// Median, in days.
    pub median_days: Option<f64>,
    /// Mean, in days.
    pub mean_days: Option<f64>,
    /// Over 90 days.
    pub over_90d: Cell,
    /// Over 365 days.
    pub over_365d: Cell,
    /// Bands in days: 0–30, 31–90, 91–180, 181–365, 366–730, over 730.
    pub bands_days: Vec<Band>,
}

//! Computing the tables from the rows.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;

use crate::model::{
    Band, Cell, CountRow, CountTable, Note, OriginCounts, OriginTable, OriginYear, OtherRow,
    OutcomeRow, OutcomeTable, ReasonRow, Report, ReportMeta, ReportRow, RequestLag, Summary,
    TimeToCrime,
};

/// Outcome code of a repeated request; such results are left out of every table.
pub const DUPLICATE: &str = "DUPLICATE";
/// Outcome code of a trace followed to the first retail purchaser.
pub const COMPLETED: &str = "COMPLETED_PURCHASER";

/// Days in a year, for time to crime in years: the average calendar year, so that leap days
/// do not shift band edges.
pub const DAYS_PER_YEAR: f64 = 365.25;

/// Rows kept in the source-state and recovery-state tables.
const TOP_STATES: usize = 10;
/// Rows kept in the caliber and maker tables.
const TOP_NAMES: usize = 15;

/// Time-to-crime band edges, in years.
const TTC_EDGES_YEARS: [i64; 5] = [1, 3, 5, 10, 20];
/// Request-lag band edges, in days (`[0, 31)` is "0–30 days").
const LAG_EDGES_DAYS: [i64; 5] = [31, 91, 181, 366, 731];

/// Computes every table of the report. Duplicates are counted, then left out of every table.
pub fn build(rows: &[ReportRow], meta: &ReportMeta) -> Report {
    let (dups, traces): (Vec<&ReportRow>, Vec<&ReportRow>) =
        rows.iter().partition(|r| code(&r.outcome) == DUPLICATE);

    let origin_by_year = origin_table(&traces);
    let completed: Vec<&ReportRow> = traces
        .iter()
        .copied()
        .filter(|r| code(&r.outcome) == COMPLETED)
        .collect();
    let time_to_crime = time_to_crime(&completed);
    let request_lag = request_lag(&traces);
    let (recovery_states, outside_mexico) = recovery_states(&traces);

    let notes = notes(
        dups.len() as u64,
        unknown_origins(&traces),
        &time_to_crime,
        &request_lag,
        outside_mexico,
    );
    let summary = Summary {
        rows: rows.len() as u64,
        duplicates: dups.len() as u64,
        traces: traces.len() as u64,
        first_year: origin_by_year.years.first().map(|y| y.year),
        last_year: origin_by_year.years.last().map(|y| y.year),
        us_sourced: origin_by_year.total.us_sourced,
        completed: Cell::of(completed.len() as u64, traces.len() as u64),
    };

    Report {
        meta: meta.clone(),
        summary,
        notes,
        origin_by_year,
        outcomes: outcome_table(&traces),
        // Codes are normalised so that `tx` and `TX`, `machine gun` and `MACHINE_GUN` count
        // together; names are counted as given (the lead passes canonical names).
        source_states: count_table(
            completed.iter().map(|r| as_code(&r.retail_state)),
            Some(TOP_STATES),
        ),
        firearm_types: count_table(traces.iter().map(|r| as_code(&r.firearm_type)), None),
        calibers: count_table(traces.iter().map(|r| r.caliber.clone()), Some(TOP_NAMES)),
        makers: count_table(traces.iter().map(|r| r.maker.clone()), Some(TOP_NAMES)),
        time_to_crime,
        request_lag,
        recovery_states,
    }
}

/// A code as compared: trimmed, upper case, inner spaces as `_` (`machine gun` → `MACHINE_GUN`).
pub(crate) fn code(raw: &str) -> String {
    raw.split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .to_uppercase()
}

/// An optional code, normalised by [`code`].
fn as_code(raw: &Option<String>) -> Option<String> {
    raw.as_deref().map(code)
}

/// A free-text value, trimmed; blank counts as not recorded.
fn value(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn notes(
    duplicates: u64,
    unknown_origin: u64,
    ttc: &TimeToCrime,
    lag: &RequestLag,
    outside_mexico: u64,
) -> Vec<Note> {
    // The duplicates note is always there: readers compare totals with other releases, and
    // "0 left out" is an answer too.
    let mut notes = vec![Note::DuplicatesExcluded { count: duplicates }];
    let optional = [
        Note::UnknownOrigin {
            count: unknown_origin,
        },
        Note::NegativeTimeToCrime {
            count: ttc.negative,
        },
        Note::NegativeRequestLag {
            count: lag.negative,
        },
        Note::RecoveredOutsideMexico {
            count: outside_mexico,
        },
    ];
    notes.extend(optional.into_iter().filter(|n| n.count() > 0));
    notes
}

impl Note {
    /// The note's code, as its `code` field serialises.
    pub fn code(&self) -> &'static str {
        match self {
            Note::DuplicatesExcluded { .. } => "DUPLICATES_EXCLUDED",
            Note::UnknownOrigin { .. } => "UNKNOWN_ORIGIN",
            Note::NegativeTimeToCrime { .. } => "NEGATIVE_TIME_TO_CRIME",
            Note::NegativeRequestLag { .. } => "NEGATIVE_REQUEST_LAG",
            Note::RecoveredOutsideMexico { .. } => "RECOVERED_OUTSIDE_MEXICO",
        }
    }

    /// The count the note is about.
    pub fn count(&self) -> u64 {
        match *self {
            Note::DuplicatesExcluded { count }
            | Note::UnknownOrigin { count }
            | Note::NegativeTimeToCrime { count }
            | Note::NegativeRequestLag { count }
            | Note::RecoveredOutsideMexico { count } => count,
        }
    }
}

/// Which of the three origin columns a code falls in: 0 US-sourced, 1 third country,
/// 2 undetermined (also any unknown code, so that the columns always add up to the total).
fn origin_column(origin: &str) -> usize {
    match code(origin).as_str() {
        "US_SOURCED" => 0,
        "THIRD_COUNTRY" => 1,
        _ => 2,
    }
}

fn unknown_origins(traces: &[&ReportRow]) -> u64 {
    let known = ["US_SOURCED", "THIRD_COUNTRY", "UNDETERMINED"];
    traces
        .iter()
        .filter(|r| !known.contains(&code(&r.origin).as_str()))
        .count() as u64
}

fn origin_counts(counts: [u64; 3]) -> OriginCounts {
    let total = counts.iter().sum();
    OriginCounts {
        us_sourced: Cell::of(counts[0], total),
        third_country: Cell::of(counts[1], total),
        undetermined: Cell::of(counts[2], total),
        total,
    }
}

/// The GAO table. Years without traces between the first and the last are listed with zeros, so
/// that a gap in the data shows as a gap rather than disappearing.
fn origin_table(traces: &[&ReportRow]) -> OriginTable {
    let mut by_year: BTreeMap<i32, [u64; 3]> = BTreeMap::new();
    let mut total = [0u64; 3];
    for r in traces {
        let col = origin_column(&r.origin);
        by_year.entry(r.recovered_on.year()).or_default()[col] += 1;
        total[col] += 1;
    }
    let years = match (by_year.keys().next(), by_year.keys().next_back()) {
        (Some(&first), Some(&last)) => (first..=last)
            .map(|year| OriginYear {
                year,
                counts: origin_counts(by_year.get(&year).copied().unwrap_or_default()),
            })
            .collect(),
        _ => Vec::new(),
    };
    OriginTable {
        years,
        total: origin_counts(total),
    }
}

/// Order of outcomes that tie on count: as the decision steps of `tracing-rules.md` go, furthest
/// traced first; unknown codes after, by code.
fn outcome_rank(code: &str) -> usize {
    const ORDER: [&str; 9] = [
        "COMPLETED_PURCHASER",
        "STOPPED_AT_LICENSEE",
        "PENDING_LICENSEE",
        "TOO_OLD",
        "NEEDS_REVIEW",
        "NO_SOURCE_RECORD",
        "SERIAL_PROBLEM",
        "INSUFFICIENT_DATA",
        "NOT_US_SOURCED",
    ];
    ORDER.iter().position(|c| *c == code).unwrap_or(ORDER.len())
}

fn outcome_table(traces: &[&ReportRow]) -> OutcomeTable {
    let mut by_outcome: HashMap<String, BTreeMap<Option<String>, u64>> = HashMap::new();
    for r in traces {
        let reason = value(&r.reason).map(code);
        *by_outcome
            .entry(code(&r.outcome))
            .or_default()
            .entry(reason)
            .or_default() += 1;
    }
    let total = traces.len() as u64;
    let mut outcomes: Vec<OutcomeRow> = by_outcome
        .into_iter()
        .map(|(code, reasons)| outcome_row(code, reasons, total))
        .collect();
    outcomes.sort_by(|a, b| {
        b.cell
            .count
            .cmp(&a.cell.count)
            .then_with(|| outcome_rank(&a.code).cmp(&outcome_rank(&b.code)))
            .then_with(|| a.code.cmp(&b.code))
    });
    OutcomeTable { total, outcomes }
}

fn outcome_row(code: String, reasons: BTreeMap<Option<String>, u64>, total: u64) -> OutcomeRow {
    let count: u64 = reasons.values().sum();
    // An outcome that never gives a reason (a completed trace) lists none; one that sometimes does
    // lists the results without one too, so that its reason shares add up to 100 %.
    let has_reasons = reasons.keys().any(Option::is_some);
    let mut rows: Vec<ReasonRow> = reasons
        .into_iter()
        .filter(|_| has_reasons)
        .map(|(code, n)| ReasonRow {
            code,
            cell: Cell::of(n, count),
        })
        .collect();
    // Desc by count; ties by code, with "no reason" (None) last.
    rows.sort_by(|a, b| {
        b.cell
            .count
            .cmp(&a.cell.count)
            .then_with(|| a.code.is_none().cmp(&b.code.is_none()))
            .then_with(|| a.code.cmp(&b.code))
    });
    OutcomeRow {
        code,
        cell: Cell::of(count, total),
        reasons: rows,
    }
}

/// A frequency table of the values, desc by count, ties by value; past `top`, the rest are one
/// "other" row.
fn count_table(values: impl Iterator<Item = Option<String>>, top: Option<usize>) -> CountTable {
    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut missing = 0;
    for v in values {
        match value(&v) {
            Some(v) => *counts.entry(v.to_string()).or_default() += 1,
            None => missing += 1,
        }
    }
    let total: u64 = counts.values().sum();
    let mut sorted: Vec<(String, u64)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    let keep = top.unwrap_or(usize::MAX).min(sorted.len());
    let rest = &sorted[keep..];
    let other = (!rest.is_empty()).then(|| OtherRow {
        distinct: rest.len() as u64,
        cell: Cell::of(rest.iter().map(|(_, n)| n).sum(), total),
    });
    let rows = sorted[..keep]
        .iter()
        .map(|(key, n)| CountRow {
            key: key.clone(),
            cell: Cell::of(*n, total),
        })
        .collect();
    CountTable {
        total,
        missing,
        rows,
        other,
    }
}

/// Whether a recovery country names Mexico. An absent country is taken as Mexico: rastro's
/// requests come from Mexican agencies, and the lead leaves the field empty only when it was.
fn is_mexico(country: &Option<String>) -> bool {
    match value(country) {
        None => true,
        Some(c) => matches!(
            c.to_uppercase().as_str(),
            "MX" | "MEX" | "MEXICO" | "MÉXICO" | "484"
        ),
    }
}

/// Recovery states of the traces recovered in Mexico, and how many were recovered elsewhere.
fn recovery_states(traces: &[&ReportRow]) -> (CountTable, u64) {
    let (mexico, elsewhere): (Vec<&&ReportRow>, Vec<&&ReportRow>) =
        traces.iter().partition(|r| is_mexico(&r.recovery_country));
    let states = mexico.iter().map(|r| r.recovery_state.clone());
    let table = count_table(states, Some(TOP_STATES));
    (table, elsewhere.len() as u64)
}

/// Median of sorted values; the mean of the middle two for an even count.
pub(crate) fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0),
    }
}

fn mean(values: &[i64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<i64>() as f64 / values.len() as f64)
}

/// Rounded to one decimal, as the published figures are.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Counts values into bands `[0, e0), [e0, e1), ..., [e_last, ∞)`.
fn bands(values: &[i64], edges: &[i64]) -> Vec<Band> {
    let n = values.len() as u64;
    let lows = std::iter::once(0).chain(edges.iter().copied());
    let highs = edges.iter().copied().map(Some).chain(std::iter::once(None));
    lows.zip(highs)
        .map(|(from, to)| {
            let inside = values
                .iter()
                .filter(|&&v| v >= from && to.is_none_or(|t| v < t))
                .count() as u64;
            Band {
                from,
                to,
                cell: Cell::of(inside, n),
            }
        })
        .collect()
}

/// Splits optional day counts into sorted usable values, missing and negative counts.
fn usable_days(values: impl Iterator<Item = Option<i64>>) -> (Vec<i64>, u64, u64) {
    let (mut ok, mut missing, mut negative) = (Vec::new(), 0, 0);
    for v in values {
        match v {
            None => missing += 1,
            Some(d) if d < 0 => negative += 1,
            Some(d) => ok.push(d),
        }
    }
    ok.sort_unstable();
    (ok, missing, negative)
}

fn time_to_crime(completed: &[&ReportRow]) -> TimeToCrime {
    let (days, missing, negative) = usable_days(completed.iter().map(|r| r.ttc_days));
    // Band edges are whole years, compared in days against 365.25-day years; a value is in
    // [a, b) years when a·365.25 ≤ days < b·365.25.
    let years: Vec<i64> = days.iter().map(|&d| year_band_index(d)).collect();
    let median_days = median(&days);
    let mean_days = mean(&days);
    let n = days.len() as u64;
    TimeToCrime {
        n,
        missing,
        negative,
        median_days,
        mean_days,
        median_years: median_days.map(|d| round1(d / DAYS_PER_YEAR)),
        mean_years: mean_days.map(|d| round1(d / DAYS_PER_YEAR)),
        under_1y: Cell::of(years.iter().filter(|&&y| y < 1).count() as u64, n),
        under_3y: Cell::of(years.iter().filter(|&&y| y < 3).count() as u64, n),
        bands_years: bands(&years, &TTC_EDGES_YEARS),
    }
}

/// Whole years completed by a number of days (365.25-day years), for banding.
fn year_band_index(days: i64) -> i64 {
    (days as f64 / DAYS_PER_YEAR).floor() as i64
}

fn request_lag(traces: &[&ReportRow]) -> RequestLag {
    let lags = traces.iter().map(|r| {
        r.lag_days
            .or_else(|| r.requested_on.map(|q| (q - r.recovered_on).num_days()))
    });
    let (days, missing, negative) = usable_days(lags);
    let n = days.len() as u64;
    RequestLag {
        n,
        missing,
        negative,
        median_days: median(&days),
        mean_days: mean(&days),
        over_90d: Cell::of(days.iter().filter(|&&d| d > 90).count() as u64, n),
        over_365d: Cell::of(days.iter().filter(|&&d| d > 365).count() as u64, n),
        bands_days: bands(&days, &LAG_EDGES_DAYS),
    }
}

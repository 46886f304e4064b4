//! Origin and trace reports for rastro, in English and Mexican Spanish, as terminal text, JSON
//! or one self-contained HTML page with SVG charts.
//!
//! The report mirrors the tables published by GAO and ATF for firearms recovered in Mexico:
//! origin by recovery year, outcomes, source states, types, calibers, makers, time to crime,
//! plus request lag and recovery states. `DUPLICATE` results are left out of every table, and a
//! note says how many.
//!
//! ```
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use rastro_report::{build, render, Format, Lang, ReportMeta, ReportRow};
//!
//! let row = ReportRow {
//!     outcome: "COMPLETED_PURCHASER".into(),
//!     origin: "US_SOURCED".into(),
//!     recovered_on: NaiveDate::from_ymd_opt(2023, 5, 2).unwrap(),
//!     retail_state: Some("TX".into()),
//!     ttc_days: Some(800),
//!     ..Default::default()
//! };
//! let meta = ReportMeta::new("Sinaloa 2023", Utc.with_ymd_and_hms(2024, 1, 15, 9, 0, 0).unwrap(), "sample");
//! let report = build(&[row], &meta);
//! assert_eq!(report.origin_by_year.total.us_sourced.count, 1);
//! let html = render(&report, Format::Html, Lang::Es);
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! ```
//!
//! This crate depends on no other rastro crate: callers map their trace results into
//! [`ReportRow`]s.

mod build;
pub mod fmt;
mod html;
mod json;
mod labels;
mod model;
mod svg;
mod text;

pub use build::{build, COMPLETED, DAYS_PER_YEAR, DUPLICATE};
pub use json::SCHEMA as JSON_SCHEMA;
pub use model::{
    Band, Cell, CountRow, CountTable, Format, Lang, Note, OriginCounts, OriginTable, OriginYear,
    OtherRow, OutcomeRow, OutcomeTable, ParseError, ReasonRow, Report, ReportMeta, ReportRow,
    RequestLag, Summary, TimeToCrime,
};
pub use text::origin_table_text;

/// Renders a report in a format and a language.
///
/// Text and JSON end with a newline; HTML is a complete document.
pub fn render(report: &Report, format: Format, lang: Lang) -> String {
    match format {
        Format::Text => text::render(report, lang),
        Format::Json => json::render(report, lang),
        Format::Html => html::render(report, lang),
    }
}

#[cfg(test)]
mod tests;

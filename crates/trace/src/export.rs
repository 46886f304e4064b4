//! The results file of `formats.md` §6: JSON Lines, or the same fields flattened as CSV.

use rastro_domain::TraceResult;
use rastro_store::{Store, StoreError};
use std::io::Write;
use thiserror::Error;

/// The two layouts of the results file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

/// Why an export failed.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the results: {0}")]
    Write(#[from] std::io::Error),
    #[error("cannot write the results: {0}")]
    Csv(#[from] csv::Error),
}

/// Writes every stored result, in import order; returns how many were written.
pub fn export_results(
    store: &dyn Store,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let results = store.results()?;
    match format {
        ExportFormat::Jsonl => {
            for stored in &results {
                serde_json::to_writer(&mut *out, &stored.result).map_err(std::io::Error::from)?;
                out.write_all(b"\n")?;
            }
        }
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut *out);
            writer.write_record(CSV_HEADER)?;
            for stored in &results {
                writer.write_record(flatten(&stored.result))?;
            }
            writer.flush()?;
        }
    }
    out.flush()?;
    Ok(results.len())
}

const CSV_HEADER: [&str; 24] = [
    "request_ref",
    "agency",
    "trace_id",
    "outcome",
    "reason",
    "origin",
    "maker",
    "serial_submitted",
    "serial_matched",
    "corrections",
    "chain",
    "chain_roles",
    "retail_ffl",
    "retail_state",
    "sale_date",
    "purchaser_name",
    "purchaser_address",
    "purchaser_dob",
    "ttc_days",
    "lag_days",
    "candidates",
    "duplicate_of_request_ref",
    "duplicate_of_agency",
    "chain_names",
];

fn text<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn flatten(result: &TraceResult) -> Vec<String> {
    let purchaser = result.purchaser.as_ref();
    let joined = |parts: Vec<String>, separator: &str| parts.join(separator);
    vec![
        result.request_ref.clone(),
        result.agency.clone(),
        result.trace_id.clone(),
        result.outcome.code().to_string(),
        text(&result.reason.map(|r| r.code())),
        result.origin.code().to_string(),
        text(&result.maker),
        text(&result.serial_submitted),
        text(&result.serial_matched),
        joined(
            result
                .corrections
                .iter()
                .map(|c| format!("{}:{}>{}", c.kind, c.from, c.to))
                .collect(),
            ";",
        ),
        joined(
            result.chain.iter().map(|l| l.ffl_number.clone()).collect(),
            ">",
        ),
        joined(result.chain.iter().map(|l| l.role.clone()).collect(), ">"),
        text(&result.retail_ffl),
        text(&result.retail_state),
        text(&result.sale_date),
        text(&purchaser.and_then(|p| p.name.clone())),
        text(&purchaser.and_then(|p| p.address.clone())),
        text(&purchaser.and_then(|p| p.dob)),
        text(&result.ttc_days),
        text(&result.lag_days),
        joined(
            result
                .candidates
                .iter()
                .map(|c| format!("{}:{}:{:.2}", c.maker, c.serial, c.score))
                .collect(),
            ";",
        ),
        text(&result.duplicate_of.as_ref().map(|d| d.request_ref.clone())),
        text(&result.duplicate_of.as_ref().map(|d| d.agency.clone())),
        joined(
            result
                .chain
                .iter()
                .map(|l| l.licensee_name.clone().unwrap_or_default())
                .collect(),
            ">",
        ),
    ]
}

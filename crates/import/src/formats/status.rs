//! Format 2: licensee status.

use super::cells::Cells;
use super::licensees::col;
use crate::table::{ColumnSpec, RowError, Text};
use rastro_domain::{BusinessStatus, LicenseeStatus};

pub const COLUMNS: &[ColumnSpec] = &[
    col(
        "ffl_number",
        &["ffl_number", "ffl", "license number"],
        &["numero licencia", "licencia"],
        true,
    ),
    col("status", &["status"], &["estatus", "situacion"], true),
    col(
        "status_on",
        &["status_on", "status date"],
        &["fecha estatus"],
        false,
    ),
    col(
        "records_received_on",
        &["records_received_on", "records received"],
        &["fecha recepcion registros", "registros recibidos"],
        false,
    ),
];

pub fn parse(cells: &Cells<'_>) -> Result<LicenseeStatus, RowError> {
    let raw = cells.required("status")?;
    let status = match rastro_domain::codes::fold_compact(raw).as_str() {
        "ACTIVE" | "ACTIVO" | "ACTIVA" => BusinessStatus::Active,
        "OUTOFBUSINESS" | "OOB" | "CERRADO" | "CERRADA" | "FUERADENEGOCIO" | "BAJA" => {
            BusinessStatus::OutOfBusiness
        }
        _ => {
            return Err(cells.invalid(
                "status",
                raw,
                Text::new(
                    "expected ACTIVE or OUT_OF_BUSINESS",
                    "se espera ACTIVE u OUT_OF_BUSINESS",
                ),
            ))
        }
    };
    Ok(LicenseeStatus {
        ffl: cells.required_ffl("ffl_number")?,
        status,
        status_on: cells.date("status_on")?,
        records_received_on: cells.date("records_received_on")?,
    })
}

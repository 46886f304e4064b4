//! Format 4: A&D records, one row per firearm entry in a licensee's book.

use super::cells::Cells;
use super::licensees::col;
use crate::table::{ColumnSpec, RowError};
use rastro_domain::AdRecord;
use rastro_store::PreparedRecord;

pub const COLUMNS: &[ColumnSpec] = &[
    col(
        "ffl_number",
        &["ffl_number", "ffl"],
        &["numero licencia", "licencia"],
        true,
    ),
    col(
        "entry_ref",
        &["entry_ref", "entry"],
        &["numero asiento", "asiento"],
        false,
    ),
    col(
        "manufacturer",
        &["manufacturer", "maker"],
        &["fabricante", "marca"],
        true,
    ),
    col("importer", &["importer"], &["importador"], false),
    col("model", &["model"], &["modelo"], false),
    col(
        "serial",
        &["serial", "serial number"],
        &["numero serie", "matricula"],
        true,
    ),
    col("type", &["type", "firearm type"], &["tipo"], false),
    col("caliber", &["caliber", "gauge"], &["calibre"], false),
    col(
        "acquired_on",
        &["acquired_on", "acquisition date"],
        &["fecha adquisicion"],
        true,
    ),
    col(
        "acquired_from_ffl",
        &["acquired_from_ffl"],
        &["adquirido ffl"],
        false,
    ),
    col(
        "acquired_from_name",
        &["acquired_from_name"],
        &["adquirido nombre"],
        false,
    ),
    col(
        "acquired_from_address",
        &["acquired_from_address"],
        &["adquirido domicilio"],
        false,
    ),
    col(
        "disposed_on",
        &["disposed_on", "disposition date"],
        &["fecha disposicion"],
        false,
    ),
    col(
        "disposed_to_ffl",
        &["disposed_to_ffl"],
        &["dispuesto ffl"],
        false,
    ),
    col(
        "disposed_to_name",
        &["disposed_to_name"],
        &["dispuesto nombre"],
        false,
    ),
    col(
        "disposed_to_address",
        &["disposed_to_address"],
        &["dispuesto domicilio"],
        false,
    ),
    col(
        "purchaser_dob",
        &["purchaser_dob"],
        &["comprador fecha nacimiento"],
        false,
    ),
    col(
        "purchaser_id",
        &["purchaser_id"],
        &["comprador identificacion"],
        false,
    ),
    col(
        "form_4473_ref",
        &["form_4473_ref", "4473"],
        &["formulario 4473"],
        false,
    ),
];

/// Reads one entry, with its keys computed here, on the reading thread.
pub fn parse(cells: &Cells<'_>) -> Result<PreparedRecord, RowError> {
    parse_record(cells).map(|record| PreparedRecord::new(&record))
}

fn parse_record(cells: &Cells<'_>) -> Result<AdRecord, RowError> {
    Ok(AdRecord {
        ffl: cells.required_ffl("ffl_number")?,
        entry_ref: cells.string("entry_ref"),
        manufacturer: cells.required("manufacturer")?.to_string(),
        importer: cells.string("importer"),
        model: cells.string("model"),
        serial: cells.required("serial")?.to_string(),
        firearm_type: cells.string("type"),
        caliber: cells.string("caliber"),
        acquired_on: cells.required_date("acquired_on")?,
        acquired_from_ffl: cells.ffl("acquired_from_ffl")?,
        acquired_from_name: cells.string("acquired_from_name"),
        acquired_from_address: cells.string("acquired_from_address"),
        disposed_on: cells.date("disposed_on")?,
        disposed_to_ffl: cells.ffl("disposed_to_ffl")?,
        disposed_to_name: cells.string("disposed_to_name"),
        disposed_to_address: cells.string("disposed_to_address"),
        purchaser_dob: cells.date("purchaser_dob")?,
        purchaser_id: cells.string("purchaser_id"),
        form_4473_ref: cells.string("form_4473_ref"),
    })
}

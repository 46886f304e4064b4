//! Format 3: makers (manufacturers and importers).

use super::cells::Cells;
use super::licensees::col;
use crate::table::{ColumnSpec, RowError, Text};
use rastro_domain::codes::{Country, MakerRole};
use rastro_domain::Maker;

pub const COLUMNS: &[ColumnSpec] = &[
    col(
        "maker_code",
        &["maker_code", "code"],
        &["codigo fabricante", "codigo"],
        true,
    ),
    col(
        "name",
        &["name", "maker name"],
        &["nombre", "razon social"],
        true,
    ),
    col(
        "aliases",
        &["aliases", "alias"],
        &["alias", "otros nombres"],
        false,
    ),
    col("country", &["country"], &["pais"], false),
    col("role", &["role"], &["rol", "funcion"], true),
    col(
        "ffl_number",
        &["ffl_number", "ffl"],
        &["numero licencia", "licencia"],
        false,
    ),
];

pub fn parse(cells: &Cells<'_>) -> Result<Maker, RowError> {
    let role_text = cells.required("role")?;
    let role = match rastro_domain::codes::fold_compact(role_text).as_str() {
        "MANUFACTURER" | "FABRICANTE" => MakerRole::Manufacturer,
        "IMPORTER" | "IMPORTADOR" => MakerRole::Importer,
        _ => {
            return Err(cells.invalid(
                "role",
                role_text,
                Text::new(
                    "expected MANUFACTURER or IMPORTER",
                    "se espera MANUFACTURER o IMPORTER",
                ),
            ))
        }
    };
    let country = match cells.text("country") {
        Some(text) => Some(Country::parse(text).ok_or_else(|| {
            cells.invalid(
                "country",
                text,
                Text::new(
                    "not an ISO 3166 country code or name",
                    "no es un código ni un nombre de país ISO 3166",
                ),
            )
        })?),
        None => None,
    };
    let aliases = cells
        .text("aliases")
        .map(|text| {
            text.split(';')
                .map(str::trim)
                .filter(|alias| !alias.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(Maker {
        code: cells.required("maker_code")?.to_uppercase(),
        name: cells.required("name")?.to_string(),
        aliases,
        country,
        role,
        ffl: cells.ffl("ffl_number")?,
    })
}

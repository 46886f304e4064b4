//! Format 5: trace requests (ATF F 3312.1 / 3312.1(S)), English or Spanish headers.

use super::cells::Cells;
use super::licensees::col;
use crate::table::{ColumnSpec, RowError, Text};
use rastro_domain::codes::{parse_state, Caliber, Country, FirearmType, StateRef};
use rastro_domain::{Priority, TraceRequest};

pub const COLUMNS: &[ColumnSpec] = &[
    col("request_ref", &["request_ref"], &["folio"], true),
    col("agency", &["agency"], &["dependencia"], true),
    col("officer", &["officer"], &["agente"], false),
    col(
        "case_number",
        &["case_number"],
        &["carpeta_investigacion"],
        false,
    ),
    col("priority", &["priority"], &["prioridad"], false),
    col(
        "urgent_justification",
        &["urgent_justification"],
        &["justificacion"],
        false,
    ),
    col("crime_code", &["crime_code"], &["delito"], false),
    col(
        "requested_on",
        &["requested_on"],
        &["fecha_solicitud"],
        false,
    ),
    col(
        "recovered_on",
        &["recovered_on"],
        &["fecha_aseguramiento"],
        true,
    ),
    col("recovery_country", &["recovery_country"], &["pais"], false),
    col("recovery_state", &["recovery_state"], &["estado"], false),
    col("recovery_city", &["recovery_city"], &["municipio"], false),
    col("latitude", &["latitude"], &["latitud"], false),
    col("longitude", &["longitude"], &["longitud"], false),
    col("serial", &["serial"], &["numero_serie", "matricula"], false),
    col("obliterated", &["obliterated"], &["borrado"], false),
    col(
        "manufacturer",
        &["manufacturer"],
        &["marca", "fabricante"],
        false,
    ),
    col("importer", &["importer"], &["importador"], false),
    col("model", &["model"], &["modelo"], false),
    col("caliber", &["caliber"], &["calibre"], false),
    col("type", &["type"], &["tipo"], false),
    col(
        "country_of_origin",
        &["country_of_origin"],
        &["pais_origen"],
        false,
    ),
    col(
        "additional_markings",
        &["additional_markings"],
        &["marcas_adicionales"],
        false,
    ),
    col(
        "possessor_last",
        &["possessor_last"],
        &["poseedor_apellido_paterno"],
        false,
    ),
    col(
        "possessor_last_maternal",
        &[],
        &["poseedor_apellido_materno"],
        false,
    ),
    col(
        "possessor_first",
        &["possessor_first"],
        &["poseedor_nombre"],
        false,
    ),
    col(
        "possessor_dob",
        &["possessor_dob"],
        &["poseedor_fecha_nacimiento"],
        false,
    ),
];

pub fn parse(cells: &Cells<'_>) -> Result<TraceRequest, RowError> {
    let priority = priority(cells)?;
    let urgent_justification = cells.string("urgent_justification");
    if priority == Priority::Urgent && urgent_justification.is_none() {
        return Err(cells.invalid(
            "urgent_justification",
            "",
            Text::new(
                "an urgent request needs a justification",
                "una solicitud urgente requiere justificación",
            ),
        ));
    }
    let recovered_on = cells.required_date("recovered_on")?;
    let requested_on = cells.date("requested_on")?.unwrap_or(cells.today);
    let recovery_country = country(cells, "recovery_country")?;
    Ok(TraceRequest {
        request_ref: cells.required("request_ref")?.to_string(),
        agency: cells.required("agency")?.to_uppercase(),
        officer: cells.string("officer"),
        case_number: cells.string("case_number"),
        priority,
        urgent_justification,
        crime_code: cells.string("crime_code"),
        requested_on,
        recovered_on,
        recovery_country,
        recovery_state: cells
            .text("recovery_state")
            .map(|text| state_name(recovery_country, text)),
        recovery_city: cells.string("recovery_city"),
        latitude: cells.degrees("latitude", true)?,
        longitude: cells.degrees("longitude", false)?,
        serial: cells.string("serial"),
        obliterated: cells.yes_no("obliterated")?.unwrap_or(false),
        manufacturer: cells.string("manufacturer"),
        importer: cells.string("importer"),
        model: cells.string("model"),
        caliber: cells.text("caliber").map(caliber_code),
        firearm_type: cells.text("type").map(type_code),
        country_of_origin: country(cells, "country_of_origin")?,
        additional_markings: cells.string("additional_markings"),
        possessor_last: cells.string("possessor_last"),
        possessor_last_maternal: cells.string("possessor_last_maternal"),
        possessor_first: cells.string("possessor_first"),
        possessor_dob: cells.date("possessor_dob")?,
    })
}

fn priority(cells: &Cells<'_>) -> Result<Priority, RowError> {
    let Some(text) = cells.text("priority") else {
        return Ok(Priority::Routine);
    };
    match rastro_domain::codes::fold_compact(text).as_str() {
        "ROUTINE" | "RUTINARIA" | "RUTINA" => Ok(Priority::Routine),
        "URGENT" | "URGENTE" => Ok(Priority::Urgent),
        _ => Err(cells.invalid(
            "priority",
            text,
            Text::new(
                "expected ROUTINE or URGENT",
                "se espera RUTINARIA o URGENTE",
            ),
        )),
    }
}

fn country(cells: &Cells<'_>, key: &str) -> Result<Option<Country>, RowError> {
    cells
        .text(key)
        .map(|text| {
            Country::parse(text).ok_or_else(|| {
                cells.invalid(
                    key,
                    text,
                    Text::new(
                        "not an ISO 3166 country code or a country name in English or Spanish",
                        "no es un código de país ISO 3166 ni un nombre de país en español o inglés",
                    ),
                )
            })
        })
        .transpose()
}

/// The state's canonical name (a Mexican state's official name, a US state's code); a name that
/// the tables do not know is kept as written rather than guessed.
fn state_name(country: Option<Country>, text: &str) -> String {
    match parse_state(country, text) {
        Some(StateRef::Mx(state)) => state.short_name().to_string(),
        Some(StateRef::Us(state)) => state.code().to_string(),
        None => text.to_string(),
    }
}

/// The canonical caliber code, or the text as written when the table does not know it.
fn caliber_code(text: &str) -> String {
    Caliber::parse(text)
        .map(|caliber| caliber.code().to_string())
        .unwrap_or_else(|| text.to_string())
}

/// The canonical type code, or the text as written when the table does not know it.
fn type_code(text: &str) -> String {
    FirearmType::parse(text)
        .map(|kind| kind.code().to_string())
        .unwrap_or_else(|| text.to_string())
}

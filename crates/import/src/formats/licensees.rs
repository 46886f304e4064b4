//! Format 1: ATF's public licensee listing.

use super::cells::Cells;
use crate::table::{BoundSchema, ColumnSpec, FileError, HeaderLang, RowError, RowErrorKind, Text};
use rastro_domain::{FflNumber, Licensee};
use std::path::Path;

pub(crate) const fn col(
    key: &'static str,
    en: &'static [&'static str],
    es: &'static [&'static str],
    required: bool,
) -> ColumnSpec {
    ColumnSpec {
        key,
        aliases_en: en,
        aliases_es: es,
        required,
    }
}

/// The listing's columns. The six parts of the licence number are required, unless the file
/// carries the whole number in one `ffl_number` column (accepted as an extension).
pub const COLUMNS: &[ColumnSpec] = &[
    col("lic_regn", &["LIC_REGN", "region"], &["region"], false),
    col("lic_dist", &["LIC_DIST", "district"], &["distrito"], false),
    col("lic_cnty", &["LIC_CNTY", "county"], &["condado"], false),
    col(
        "lic_type",
        &["LIC_TYPE", "license type"],
        &["tipo licencia"],
        false,
    ),
    col(
        "lic_xprdte",
        &["LIC_XPRDTE", "expiration"],
        &["vencimiento"],
        false,
    ),
    col("lic_seqn", &["LIC_SEQN", "sequence"], &["secuencia"], false),
    col(
        "ffl_number",
        &["ffl_number", "ffl", "license number"],
        &["numero licencia", "licencia"],
        false,
    ),
    col(
        "license_name",
        &["LICENSE_NAME"],
        &["nombre licencia", "titular"],
        true,
    ),
    col(
        "business_name",
        &["BUSINESS_NAME"],
        &["nombre comercial", "razon social"],
        false,
    ),
    col(
        "premise_street",
        &["PREMISE_STREET"],
        &["calle local"],
        false,
    ),
    col("premise_city", &["PREMISE_CITY"], &["ciudad local"], false),
    col(
        "premise_state",
        &["PREMISE_STATE"],
        &["estado local"],
        false,
    ),
    col(
        "premise_zip_code",
        &["PREMISE_ZIP_CODE", "premise_zip"],
        &["codigo postal local"],
        false,
    ),
    col("mail_street", &["MAIL_STREET"], &["calle correo"], false),
    col("mail_city", &["MAIL_CITY"], &["ciudad correo"], false),
    col("mail_state", &["MAIL_STATE"], &["estado correo"], false),
    col(
        "mail_zip_code",
        &["MAIL_ZIP_CODE", "mail_zip"],
        &["codigo postal correo"],
        false,
    ),
    col(
        "voice_phone",
        &["VOICE_PHONE", "phone"],
        &["telefono"],
        false,
    ),
];

/// The six parts of the licence number: column, width, and what a part is, for the message.
const PARTS: [(&str, usize, &str, &str); 6] = [
    (
        "lic_regn",
        1,
        "the region is 1 digit",
        "la región es de 1 dígito",
    ),
    (
        "lic_dist",
        2,
        "the district is 2 digits",
        "el distrito es de 2 dígitos",
    ),
    (
        "lic_cnty",
        3,
        "the county is 3 digits",
        "el condado es de 3 dígitos",
    ),
    (
        "lic_type",
        2,
        "the licence type is 2 digits",
        "el tipo de licencia es de 2 dígitos",
    ),
    (
        "lic_xprdte",
        2,
        "the expiry is 2 letters or digits",
        "el vencimiento es de 2 letras o dígitos",
    ),
    (
        "lic_seqn",
        5,
        "the sequence is 5 digits",
        "la secuencia es de 5 dígitos",
    ),
];

/// A listing must give the licence number: the six `LIC_*` columns, or one `ffl_number` column.
/// Without them no row could be imported, so the file is refused as a whole, naming the columns.
pub fn check_columns(bound: &BoundSchema, path: &Path) -> Result<(), FileError> {
    if bound.has("ffl_number") {
        return Ok(());
    }
    let missing: Vec<String> = COLUMNS
        .iter()
        .filter(|column| PARTS.iter().any(|part| part.0 == column.key) && !bound.has(column.key))
        .map(|column| match bound.lang() {
            HeaderLang::Es => column.aliases_es[0].to_string(),
            _ => column.aliases_en[0].to_string(),
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(FileError::MissingColumns {
            path: path.to_path_buf(),
            columns: missing,
        })
    }
}

/// Reads one listing row.
pub fn parse(cells: &Cells<'_>) -> Result<Licensee, RowError> {
    let ffl = licence_number(cells)?;
    Ok(Licensee {
        ffl,
        license_name: cells.required("license_name")?.to_string(),
        business_name: cells.string("business_name"),
        premise_street: cells.string("premise_street"),
        premise_city: cells.string("premise_city"),
        premise_state: cells.text("premise_state").map(str::to_uppercase),
        premise_zip: cells.string("premise_zip_code"),
        mail_street: cells.string("mail_street"),
        mail_city: cells.string("mail_city"),
        mail_state: cells.text("mail_state").map(str::to_uppercase),
        mail_zip: cells.string("mail_zip_code"),
        voice_phone: cells.string("voice_phone"),
    })
}

/// The licence number, from the `ffl_number` column or else the six parts. A part that does not
/// have its shape is reported on its own column.
fn licence_number(cells: &Cells<'_>) -> Result<FflNumber, RowError> {
    if let Some(ffl) = cells.ffl("ffl_number")? {
        return Ok(ffl);
    }
    let mut padded: [String; 6] = Default::default();
    for (slot, (key, width, en, es)) in padded.iter_mut().zip(PARTS) {
        let part = cells
            .text(key)
            .ok_or_else(|| cells.error(key, RowErrorKind::MissingValue))?;
        // ATF's listing drops leading zeros in some exports (district `5` for `05`): pad each part.
        *slot = format!("{part:0>width$}");
        let allowed = if key == "lic_xprdte" {
            char::is_ascii_alphanumeric
        } else {
            char::is_ascii_digit
        };
        let shape_ok = slot.len() == width && slot.chars().all(|c| allowed(&c));
        if !shape_ok {
            return Err(cells.invalid(key, part, Text::new(en, es)));
        }
    }
    let refs: [&str; 6] = std::array::from_fn(|i| padded[i].as_str());
    FflNumber::from_parts(refs).map_err(|_| {
        cells.invalid(
            "lic_seqn",
            &padded.join("-"),
            Text::new(
                "the licence parts do not form an FFL number (REGN-DIST-CNTY-TYPE-XPRDTE-SEQN)",
                "las partes de la licencia no forman un número FFL (REGN-DIST-CNTY-TYPE-XPRDTE-SEQN)",
            ),
        )
    })
}

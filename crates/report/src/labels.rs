//! Labels in English and Mexican Spanish: report text, and the codes of `tracing-rules.md`.
//!
//! Codes that have no label here (a new outcome, an odd type) are shown as the code itself, so
//! a report never hides a result because its label is missing.

use std::borrow::Cow;

use crate::model::{Lang, Note};

/// Declares the report's own words: one variant per text, with its JSON id and both languages.
/// A macro keeps each English text next to its Spanish one, and makes a missing one a compile
/// error.
macro_rules! texts {
    ($($name:ident $id:literal => $en:literal, $es:literal;)*) => {
        /// A piece of the report's own text (titles, column heads, phrases).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text { $($name),* }

        impl Text {
            /// Every text, in declaration order.
            pub const ALL: &'static [Text] = &[$(Text::$name),*];

            /// The text in a language.
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(Text::$name => match lang { Lang::En => $en, Lang::Es => $es },)*
                }
            }

            /// Stable id of the text, the key in the JSON `labels.text` map.
            pub fn id(self) -> &'static str {
                match self { $(Text::$name => $id,)* }
            }
        }
    };
}

texts! {
    DefaultTitle "default_title" => "Firearm trace report", "Informe de rastreo de armas de fuego";
    Generated "generated" => "Generated", "Generado";
    Source "source" => "Source", "Fuente";
    Contents "contents" => "Contents", "Contenido";
    Summary "summary" => "Summary", "Resumen";
    Notes "notes" => "Notes", "Notas";
    NoResults "no_results" => "No trace results to report.", "No hay resultados de rastreo que informar.";
    NoData "no_data" => "No data.", "Sin datos.";
    Traces "traces" => "Trace results", "Resultados de rastreo";
    RecoveryYears "recovery_years" => "Recovery years", "Años de aseguramiento";
    MedianTtc "median_ttc" => "Median time to crime", "Mediana del tiempo hasta el delito";

    OriginTitle "origin_title" => "Origin by recovery year", "Origen por año de aseguramiento";
    OutcomesTitle "outcomes_title" => "Trace outcomes and reasons", "Resultados del rastreo y motivos";
    SourceStatesTitle "source_states_title" => "Source states of completed traces", "Estados de procedencia de los rastreos completados";
    TypesTitle "types_title" => "Firearm types", "Tipos de arma";
    CalibersTitle "calibers_title" => "Calibers", "Calibres";
    MakersTitle "makers_title" => "Top makers", "Principales fabricantes";
    TtcTitle "ttc_title" => "Time to crime (completed traces)", "Tiempo hasta el delito (rastreos completados)";
    LagTitle "lag_title" => "Request lag (recovery to trace request)", "Demora de la solicitud (del aseguramiento a la solicitud)";
    RecoveryStatesTitle "recovery_states_title" => "Recovery states in Mexico", "Estados de aseguramiento en México";

    Year "year" => "Year", "Año";
    Total "total" => "Total", "Total";
    Count "count" => "Count", "Cantidad";
    Share "share" => "Share", "Porcentaje";
    OutcomeReason "outcome_reason" => "Outcome / reason", "Resultado / motivo";
    State "state" => "State", "Estado";
    FirearmType "firearm_type" => "Type", "Tipo";
    Caliber "caliber" => "Caliber", "Calibre";
    Maker "maker" => "Maker", "Fabricante";
    YearsBand "years_band" => "Years", "Años";
    DaysBand "days_band" => "Days", "Días";
    Distribution "distribution" => "Distribution", "Distribución";
    NotRecorded "not_recorded" => "Not recorded", "Sin dato";
    NoReason "no_reason" => "No reason given", "Sin motivo indicado";

    Statistic "statistic" => "Statistic", "Indicador";
    Value "value" => "Value", "Valor";
    WithTtc "with_ttc" => "Completed traces with a time to crime", "Rastreos completados con tiempo hasta el delito";
    WithLag "with_lag" => "Traces with both dates", "Rastreos con ambas fechas";
    Median "median" => "Median", "Mediana";
    Mean "mean" => "Mean", "Media";
    Under1y "under_1y" => "Under 1 year", "Menos de 1 año";
    Under3y "under_3y" => "Under 3 years (short: a trafficking indicator)", "Menos de 3 años (tiempo corto: indicador de tráfico)";
    Over90d "over_90d" => "Over 90 days", "Más de 90 días";
    Over365d "over_365d" => "Over 365 days", "Más de 365 días";
    YearsUnit "years_unit" => "years", "años";
    DaysUnit "days_unit" => "days", "días";

    ReasonShareNote "reason_share_note" => "Reason shares are of their outcome.", "Los porcentajes de los motivos son del total de su resultado.";
    SharesNote "shares_note" => "Shares are of the results with a value; those not recorded are counted apart.", "Los porcentajes son de los resultados con dato; los que no lo tienen se cuentan aparte.";
    YearDefinition "year_definition" => "A year is 365.25 days.", "Un año equivale a 365.25 días.";
    OriginNote "origin_note" => "Years follow the date of recovery, as in ATF's and GAO's published figures.", "Los años corresponden a la fecha de aseguramiento, como en las cifras publicadas por la ATF y la GAO.";

    OriginChartDesc "origin_chart_desc" => "Stacked bars: number of traces per recovery year, split into US-sourced, third-country and undetermined origin.", "Barras apiladas: número de rastreos por año de aseguramiento, divididos en origen estadounidense, tercer país e indeterminado.";
    OutcomesChartDesc "outcomes_chart_desc" => "Horizontal bars: number of traces with each outcome.", "Barras horizontales: número de rastreos con cada resultado.";
    StatesChartDesc "states_chart_desc" => "Horizontal bars: completed traces by US state of the retail sale.", "Barras horizontales: rastreos completados por estado de EE. UU. de la venta al menudeo.";
    TtcChartDesc "ttc_chart_desc" => "Histogram: completed traces by years between retail sale and recovery.", "Histograma: rastreos completados por años entre la venta al menudeo y el aseguramiento.";
    Traced "traced" => "Traces", "Rastreos";
    CompletedTraces "completed_traces" => "Completed traces", "Rastreos completados";
    Footer "footer" => "Generated by rastro. Shares are rounded to one decimal and may not add up to 100%.", "Generado por rastro. Los porcentajes se redondean a un decimal y pueden no sumar 100\u{a0}%.";
}

/// Label of an origin code.
pub fn origin(code: &str, lang: Lang) -> Cow<'static, str> {
    let pair = match code {
        "US_SOURCED" => ("US-sourced", "De origen estadounidense"),
        "THIRD_COUNTRY" => ("Third country", "Tercer país"),
        "UNDETERMINED" => ("Undetermined", "Indeterminado"),
        _ => return Cow::Owned(code.to_string()),
    };
    Cow::Borrowed(pick(pair, lang))
}

/// Every outcome code of `tracing-rules.md`.
pub const OUTCOMES: [&str; 10] = [
    "COMPLETED_PURCHASER",
    "STOPPED_AT_LICENSEE",
    "PENDING_LICENSEE",
    "TOO_OLD",
    "NEEDS_REVIEW",
    "NO_SOURCE_RECORD",
    "SERIAL_PROBLEM",
    "INSUFFICIENT_DATA",
    "NOT_US_SOURCED",
    "DUPLICATE",
];

/// Label of an outcome code.
pub fn outcome(code: &str, lang: Lang) -> Cow<'static, str> {
    let pair = match code {
        "COMPLETED_PURCHASER" => ("Traced to a purchaser", "Rastreada hasta el comprador"),
        "STOPPED_AT_LICENSEE" => ("Stopped at a licensee", "Detenida en un licenciatario"),
        "PENDING_LICENSEE" => (
            "Waiting for a licensee's records",
            "En espera de los registros de un licenciatario",
        ),
        "TOO_OLD" => (
            "Too old (sold before the 1968 Gun Control Act)",
            "Demasiado antigua (vendida antes de la ley GCA de 1968)",
        ),
        "NEEDS_REVIEW" => ("Needs analyst review", "Requiere revisión de un analista"),
        "NO_SOURCE_RECORD" => ("No source record found", "Sin registro de origen"),
        "SERIAL_PROBLEM" => ("Serial number problem", "Problema con el número de serie"),
        "INSUFFICIENT_DATA" => ("Insufficient data", "Datos insuficientes"),
        "NOT_US_SOURCED" => ("Not US-sourced", "No es de origen estadounidense"),
        "DUPLICATE" => ("Duplicate request", "Solicitud duplicada"),
        _ => return Cow::Owned(code.to_string()),
    };
    Cow::Borrowed(pick(pair, lang))
}

/// Every reason code of `tracing-rules.md`.
pub const REASONS: [&str; 10] = [
    "MISSING_MANUFACTURER",
    "MISSING",
    "OBLITERATED",
    "UNKNOWN_MANUFACTURER",
    "NO_DISPOSITION_RECORDED",
    "UNKNOWN_LICENSEE",
    "INCONSISTENT_RECORDS",
    "OOB_RECORDS_NOT_RECEIVED",
    "LICENSEE_RECORDS_NOT_ON_FILE",
    "RECORD_NOT_FOUND",
];

/// Label of a reason code; `None` is "no reason given".
pub fn reason(code: Option<&str>, lang: Lang) -> Cow<'static, str> {
    let Some(code) = code else {
        return Cow::Borrowed(Text::NoReason.get(lang));
    };
    let pair = match code {
        "MISSING_MANUFACTURER" => ("Manufacturer missing", "Falta el fabricante"),
        "MISSING" => ("Serial number missing", "Falta el número de serie"),
        "OBLITERATED" => ("Serial number obliterated", "Número de serie borrado"),
        "UNKNOWN_MANUFACTURER" => ("Unknown manufacturer", "Fabricante desconocido"),
        "NO_DISPOSITION_RECORDED" => (
            "No disposition recorded (still in stock)",
            "Sin registro de salida (sigue en inventario)",
        ),
        "UNKNOWN_LICENSEE" => (
            "Sold to an unknown licence number",
            "Vendida a un número de licencia desconocido",
        ),
        "INCONSISTENT_RECORDS" => ("Inconsistent records", "Registros incongruentes"),
        "OOB_RECORDS_NOT_RECEIVED" => (
            "Out of business, records not received",
            "Negocio cerrado, registros no recibidos",
        ),
        "LICENSEE_RECORDS_NOT_ON_FILE" => (
            "Licensee's records not on file (asked)",
            "Registros del licenciatario no disponibles (solicitados)",
        ),
        "RECORD_NOT_FOUND" => (
            "Not found in the licensee's records",
            "No encontrada en los registros del licenciatario",
        ),
        _ => return Cow::Owned(code.to_string()),
    };
    Cow::Borrowed(pick(pair, lang))
}

/// Every canonical firearm type code.
pub const FIREARM_TYPES: [&str; 9] = [
    "PISTOL",
    "REVOLVER",
    "RIFLE",
    "SHOTGUN",
    "MACHINE_GUN",
    "SUBMACHINE_GUN",
    "DERRINGER",
    "RECEIVER",
    "OTHER",
];

/// Label of a firearm type code (`MACHINE GUN` and `MACHINE_GUN` alike).
pub fn firearm_type(code: &str, lang: Lang) -> Cow<'static, str> {
    let pair = match crate::build::code(code).as_str() {
        "PISTOL" => ("Pistol", "Pistola"),
        "REVOLVER" => ("Revolver", "Revólver"),
        "RIFLE" => ("Rifle", "Rifle"),
        "SHOTGUN" => ("Shotgun", "Escopeta"),
        "MACHINE_GUN" => ("Machine gun", "Ametralladora"),
        "SUBMACHINE_GUN" => ("Submachine gun", "Subametralladora"),
        "DERRINGER" => ("Derringer", "Derringer"),
        "RECEIVER" => ("Receiver", "Receptor"),
        "OTHER" => ("Other", "Otro"),
        _ => return Cow::Owned(code.to_string()),
    };
    Cow::Borrowed(pick(pair, lang))
}

/// US states and territories by postal code: (code, English, Spanish).
const US_STATES: [(&str, &str, &str); 56] = [
    ("AK", "Alaska", "Alaska"),
    ("AL", "Alabama", "Alabama"),
    ("AR", "Arkansas", "Arkansas"),
    ("AS", "American Samoa", "Samoa Americana"),
    ("AZ", "Arizona", "Arizona"),
    ("CA", "California", "California"),
    ("CO", "Colorado", "Colorado"),
    ("CT", "Connecticut", "Connecticut"),
    ("DC", "District of Columbia", "Distrito de Columbia"),
    ("DE", "Delaware", "Delaware"),
    ("FL", "Florida", "Florida"),
    ("GA", "Georgia", "Georgia"),
    ("GU", "Guam", "Guam"),
    ("HI", "Hawaii", "Hawái"),
    ("IA", "Iowa", "Iowa"),
    ("ID", "Idaho", "Idaho"),
    ("IL", "Illinois", "Illinois"),
    ("IN", "Indiana", "Indiana"),
    ("KS", "Kansas", "Kansas"),
    ("KY", "Kentucky", "Kentucky"),
    ("LA", "Louisiana", "Luisiana"),
    ("MA", "Massachusetts", "Massachusetts"),
    ("MD", "Maryland", "Maryland"),
    ("ME", "Maine", "Maine"),
    ("MI", "Michigan", "Míchigan"),
    ("MN", "Minnesota", "Minnesota"),
    ("MO", "Missouri", "Misuri"),
    ("MP", "Northern Mariana Islands", "Islas Marianas del Norte"),
    ("MS", "Mississippi", "Misisipi"),
    ("MT", "Montana", "Montana"),
    ("NC", "North Carolina", "Carolina del Norte"),
    ("ND", "North Dakota", "Dakota del Norte"),
    ("NE", "Nebraska", "Nebraska"),
    ("NH", "New Hampshire", "Nuevo Hampshire"),
    ("NJ", "New Jersey", "Nueva Jersey"),
    ("NM", "New Mexico", "Nuevo México"),
    ("NV", "Nevada", "Nevada"),
    ("NY", "New York", "Nueva York"),
    ("OH", "Ohio", "Ohio"),
    ("OK", "Oklahoma", "Oklahoma"),
    ("OR", "Oregon", "Oregón"),
    ("PA", "Pennsylvania", "Pensilvania"),
    ("PR", "Puerto Rico", "Puerto Rico"),
    ("RI", "Rhode Island", "Rhode Island"),
    ("SC", "South Carolina", "Carolina del Sur"),
    ("SD", "South Dakota", "Dakota del Sur"),
    ("TN", "Tennessee", "Tennessee"),
    ("TX", "Texas", "Texas"),
    ("UT", "Utah", "Utah"),
    ("VA", "Virginia", "Virginia"),
    ("VI", "US Virgin Islands", "Islas Vírgenes de EE. UU."),
    ("VT", "Vermont", "Vermont"),
    ("WA", "Washington", "Washington"),
    ("WI", "Wisconsin", "Wisconsin"),
    ("WV", "West Virginia", "Virginia Occidental"),
    ("WY", "Wyoming", "Wyoming"),
];

/// Name of a US state code with the code after it (`Texas (TX)`); unknown codes as given.
pub fn us_state(code: &str, lang: Lang) -> Cow<'static, str> {
    let upper = code.trim().to_ascii_uppercase();
    match US_STATES.binary_search_by(|(c, _, _)| (*c).cmp(upper.as_str())) {
        Ok(i) => {
            let (c, en, es) = US_STATES[i];
            Cow::Owned(format!("{} ({c})", pick((en, es), lang)))
        }
        Err(_) => Cow::Owned(code.to_string()),
    }
}

/// Label of a time-to-crime band in years: `< 1`, `1–3`, ..., `20+`.
pub fn years_band(from: i64, to: Option<i64>, lang: Lang) -> String {
    let unit = Text::YearsUnit.get(lang);
    match (from, to) {
        (0, Some(t)) => format!("< {t} {}", singular_year(t, lang).unwrap_or(unit)),
        (f, Some(t)) => format!("{f}–{t} {unit}"),
        (f, None) => format!("{f}+ {unit}"),
    }
}

/// "1 year" reads better than "1 years".
fn singular_year(n: i64, lang: Lang) -> Option<&'static str> {
    (n == 1).then_some(match lang {
        Lang::En => "year",
        Lang::Es => "año",
    })
}

/// Label of a request-lag band in days: `0–30`, ..., `> 730`. Bands are `[from, to)`.
pub fn days_band(from: i64, to: Option<i64>, lang: Lang) -> String {
    let unit = Text::DaysUnit.get(lang);
    match to {
        Some(t) => format!("{from}–{} {unit}", t - 1),
        None => format!("> {} {unit}", from - 1),
    }
}

/// "Other (3 more)" for the rest of a frequency table.
pub fn other_row(distinct: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Other ({distinct} more)"),
        Lang::Es => format!("Otros ({distinct} más)"),
    }
}

/// The sentence of a note, in a language.
pub fn note(note: &Note, lang: Lang) -> String {
    let n = crate::fmt::int(note.count());
    let one = note.count() == 1;
    match (note, lang) {
        (Note::DuplicatesExcluded { .. }, Lang::En) => format!(
            "{n} duplicate {} left out of every table.",
            if one { "request is" } else { "requests are" }
        ),
        (Note::DuplicatesExcluded { .. }, Lang::Es) => format!(
            "{} de todas las tablas {n} {}.",
            if one { "Se excluye" } else { "Se excluyen" },
            if one { "solicitud duplicada" } else { "solicitudes duplicadas" }
        ),
        (Note::UnknownOrigin { .. }, Lang::En) => format!(
            "{n} {} an unknown origin code, counted as undetermined.",
            if one { "result has" } else { "results have" }
        ),
        (Note::UnknownOrigin { .. }, Lang::Es) => format!(
            "{n} {} un código de origen desconocido; se cuenta{} como indeterminado{}.",
            if one { "resultado tiene" } else { "resultados tienen" },
            if one { "" } else { "n" },
            if one { "" } else { "s" }
        ),
        (Note::NegativeTimeToCrime { .. }, Lang::En) => format!(
            "{n} completed {} a sale date after the recovery, left out of the time to crime.",
            if one { "trace has" } else { "traces have" }
        ),
        (Note::NegativeTimeToCrime { .. }, Lang::Es) => format!(
            "{n} {} con fecha de venta posterior al aseguramiento se {} del tiempo hasta el delito.",
            if one { "rastreo completado" } else { "rastreos completados" },
            if one { "excluye" } else { "excluyen" }
        ),
        (Note::NegativeRequestLag { .. }, Lang::En) => format!(
            "{n} {} dated before the recovery, left out of the request lag.",
            if one { "request is" } else { "requests are" }
        ),
        (Note::NegativeRequestLag { .. }, Lang::Es) => format!(
            "{n} {} con fecha anterior al aseguramiento se {} de la demora de la solicitud.",
            if one { "solicitud" } else { "solicitudes" },
            if one { "excluye" } else { "excluyen" }
        ),
        (Note::RecoveredOutsideMexico { .. }, Lang::En) => format!(
            "{n} {} recovered outside Mexico, left out of the recovery states.",
            if one { "firearm was" } else { "firearms were" }
        ),
        (Note::RecoveredOutsideMexico { .. }, Lang::Es) => format!(
            "{n} {} fuera de México se {} de los estados de aseguramiento.",
            if one { "arma asegurada" } else { "armas aseguradas" },
            if one { "excluye" } else { "excluyen" }
        ),
    }
}

fn pick(pair: (&'static str, &'static str), lang: Lang) -> &'static str {
    match lang {
        Lang::En => pair.0,
        Lang::Es => pair.1,
    }
}

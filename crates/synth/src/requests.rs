//! Trace requests (format 5): one row per recovered gun, written in English (`requests-en.csv`,
//! UTF-8, `,`, US dates) or Spanish (`solicitudes-es.csv`, Windows-1252, `;`, Mexican dates),
//! with the serial and maker written through the error model, plus a few duplicate submissions and
//! rows the importer must reject. Also writes `truth.jsonl`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::SmallRng;
use rand::Rng;

use crate::catalog::{spell_caliber, FType};
use crate::dist::pick;
use crate::error::SynthError;
use crate::errors::{confusable, garble, unknown_spelling, Descriptor, SerialError};
use crate::firearms::Issuer;
use crate::geo::MX_STATES;
use crate::names::{strip_accents, Possessor};
use crate::plan::{BadRow, Plan, Traced};
use crate::serials::{l2, l3, serial_key};
use crate::truth::{identity, record, TruthRecord};
use crate::world::{as_of, World};
use crate::writer::{Line, Out};

pub const EN_FILE: &str = "requests-en.csv";
pub const ES_FILE: &str = "solicitudes-es.csv";

/// One request row, before it is spelled out in its file's language.
#[derive(Debug, Clone)]
pub struct RequestRow {
    pub gun: usize,
    pub spanish: bool,
    pub agency: &'static str,
    pub request_ref: String,
    pub officer: String,
    pub case_number: String,
    pub urgent: bool,
    pub crime: &'static str,
    pub requested_on: NaiveDate,
    pub recovered_on: NaiveDate,
    /// The recovery country as written (a duplicate repeats it word for word).
    pub country: &'static str,
    pub state: usize,
    pub city: &'static str,
    pub serial: String,
    pub obliterated: bool,
    pub manufacturer: String,
    pub importer: String,
    pub model: String,
    pub caliber: &'static str,
    pub ftype: FType,
    pub coo: String,
    pub markings: String,
    pub possessor: Option<Possessor>,
    pub bad: Option<BadRow>,
    /// Index (in the row list) of the request this one re-submits.
    pub duplicate_of: Option<usize>,
    pub error: SerialError,
    pub descriptor: Descriptor,
}

impl RequestRow {
    pub fn file(&self) -> &'static str {
        if self.spanish {
            ES_FILE
        } else {
            EN_FILE
        }
    }
}

/// Counts of what was written.
#[derive(Debug, Default, Clone)]
pub struct RequestCounts {
    pub english: usize,
    pub spanish: usize,
    pub rejected: usize,
    pub duplicates: usize,
}

/// Builds every request row, writes both request files and the truth.
pub fn write_all(
    rng: &mut SmallRng,
    world: &World,
    issuer: &Issuer,
    plan: &Plan,
    dir: &Path,
) -> Result<RequestCounts, SynthError> {
    let mut builder = Builder {
        rng,
        world,
        issuer,
        seen: HashSet::new(),
    };
    let mut rows: Vec<RequestRow> = (0..plan.traced.len())
        .map(|g| builder.row(g, &plan.traced[g]))
        .collect();
    for &g in &plan.duplicates {
        let mut dup = rows[g].clone();
        dup.duplicate_of = Some(g);
        dup.requested_on =
            (dup.requested_on + Duration::days(builder.rng.gen_range(20..300))).min(as_of());
        dup.officer = world.names.agent(builder.rng);
        rows.push(dup);
    }
    let order = file_order(&rows);
    assign_refs(&mut rows, &order);
    let truths = truths(world, plan, &rows, &order);
    let counts = RequestCounts {
        english: order.iter().filter(|&&i| !rows[i].spanish).count(),
        spanish: order.iter().filter(|&&i| rows[i].spanish).count(),
        rejected: rows.iter().filter(|r| r.bad.is_some()).count(),
        duplicates: plan.duplicates.len(),
    };
    write_english(builder.rng, dir, &rows, &order)?;
    write_spanish(builder.rng, dir, &rows, &order)?;
    write_truth(dir, &truths, &order)?;
    Ok(counts)
}

struct Builder<'a> {
    rng: &'a mut SmallRng,
    world: &'a World,
    issuer: &'a Issuer,
    /// (L3 serial, recovered on, state, city) of every importable request: a new request must not
    /// look like a duplicate of an earlier one by accident.
    seen: HashSet<(String, NaiveDate, usize, &'static str)>,
}

impl Builder<'_> {
    fn row(&mut self, g: usize, t: &Traced) -> RequestRow {
        let world = self.world;
        let maker = &world.makers.makers[t.maker];
        let kind = &world.makers.kinds[t.kind];
        let spanish = t.spanish;
        let agency = if spanish {
            pick(
                self.rng,
                &["PGR", "PGR", "PGR", "PGR", "PGR", "PGR", "SEDENA", "SEMAR"],
            )
        } else {
            pick(self.rng, &["ATF-MCO", "ATF-MCO", "ATF-MTY", "ATF-GDL"])
        };
        let (manufacturer, importer, coo) = self.makers_fields(t);
        let mut row = RequestRow {
            gun: g,
            spanish,
            agency,
            request_ref: String::new(),
            officer: world.names.agent(self.rng),
            case_number: case_number(self.rng, t),
            urgent: self.rng.gen_bool(0.03),
            crime: pick(
                self.rng,
                &[
                    "LFAFE ART. 83",
                    "PORTACION DE ARMA DE FUEGO DE USO EXCLUSIVO",
                    "DELINCUENCIA ORGANIZADA",
                    "HOMICIDIO",
                    "ACOPIO DE ARMAS",
                ],
            ),
            requested_on: t.requested_on,
            recovered_on: t.recovery.on,
            country: if spanish {
                pick(self.rng, &["México", "MEXICO", "MX"])
            } else {
                pick(self.rng, &["MX", "MEXICO", "Mexico"])
            },
            state: t.recovery.state,
            city: t.recovery.city,
            serial: String::new(),
            obliterated: false,
            manufacturer,
            importer,
            model: if self.rng.gen_bool(0.85) {
                maker
                    .models
                    .get(t.model)
                    .map(|m| m.name.clone())
                    .unwrap_or_default()
            } else {
                String::new()
            },
            caliber: spell_caliber(self.rng, kind.caliber),
            ftype: kind.ftype,
            coo,
            markings: t
                .importer
                .map(|i| {
                    let imp = &world.makers.makers[i];
                    format!("{} {}", imp.spellings[0], imp.state.unwrap_or_default())
                })
                .unwrap_or_default(),
            possessor: self
                .rng
                .gen_bool(0.4)
                .then(|| world.names.possessor(self.rng, t.recovery.on)),
            bad: t.bad,
            duplicate_of: None,
            error: t.error,
            descriptor: t.descriptor,
        };
        self.serial(&mut row, t);
        row
    }

    /// Manufacturer, importer and country of origin as the request writes them.
    fn makers_fields(&mut self, t: &Traced) -> (String, String, String) {
        let world = self.world;
        let rng = &mut *self.rng;
        let maker = &world.makers.makers[t.maker];
        let importer = t.importer.map(|i| &world.makers.makers[i]);
        let spelled_importer = |rng: &mut SmallRng, p: f64| {
            importer
                .filter(|_| rng.gen_bool(p))
                .map(|m| m.spelling(rng).to_string())
                .unwrap_or_default()
        };
        let country = |rng: &mut SmallRng, p_foreign: f64, p_us: f64| {
            let p = if maker.country == "US" {
                p_us
            } else {
                p_foreign
            };
            if rng.gen_bool(p) {
                maker.country.to_string()
            } else {
                String::new()
            }
        };
        match t.descriptor {
            Descriptor::MissingMaker => (
                String::new(),
                spelled_importer(rng, 0.1),
                country(rng, 0.1, 0.05),
            ),
            Descriptor::UnknownMaker => {
                let base = maker.name.clone();
                let name = unknown_spelling(rng, &world.makers, &base);
                (name, spelled_importer(rng, 0.15), country(rng, 0.15, 0.05))
            }
            Descriptor::WrongMaker => {
                let wrong = &world.makers.makers[pick(rng, &world.makers.defunct)];
                (
                    wrong.spelling(rng).to_string(),
                    spelled_importer(rng, 0.9),
                    country(rng, 0.5, 0.2),
                )
            }
            Descriptor::ImporterAsMaker => (
                spelled_importer(rng, 1.0),
                String::new(),
                country(rng, 0.6, 0.2),
            ),
            Descriptor::Normal => (
                maker.spelling(rng).to_string(),
                spelled_importer(rng, 0.9),
                country(rng, 0.6, 0.2),
            ),
        }
    }

    /// Writes the serial through the error model, redrawing until it reaches no gun but its own
    /// (and for an ambiguous request exactly its own and its twin), and until it cannot pass for
    /// a duplicate of an earlier request.
    fn serial(&mut self, row: &mut RequestRow, t: &Traced) {
        let codes = identity(&self.world.makers, &row.manufacturer, &row.importer);
        let own: Vec<usize> = if t.in_books() {
            std::iter::once(t.maker).chain(t.importer).collect()
        } else {
            Vec::new()
        };
        let mut error = t.error;
        for attempt in 0..40 {
            if attempt == 30 {
                error = SerialError::None;
            }
            let candidate = match error {
                SerialError::Ambiguous => t.twin.as_deref().and_then(|twin| {
                    confusable(self.rng, &t.serial, None)
                        .filter(|c| l2(c) != l2(twin) && l2(c) != l2(&t.serial))
                }),
                _ => garble(self.rng, error, &t.serial),
            };
            let Some(candidate) = candidate else {
                // An ambiguous request keeps trying: with a twin in the books, a plain
                // look-alike would be ambiguous too.
                if error != SerialError::Ambiguous || t.twin.is_none() {
                    error = fallback(error);
                }
                continue;
            };
            if !self.reaches_only_own(&candidate, error, &codes, &own) {
                continue;
            }
            let dup_key = (l3(&candidate), row.recovered_on, row.state, row.city);
            if !dup_key.0.is_empty() && self.seen.contains(&dup_key) {
                if attempt >= 30 {
                    // Same serial, day and place as an earlier request: move the recovery a day.
                    row.recovered_on += Duration::days(1);
                }
                continue;
            }
            if row.bad.is_none() && !dup_key.0.is_empty() {
                self.seen.insert(dup_key);
            }
            row.serial = candidate;
            row.obliterated = error.obliterated();
            row.error = error;
            return;
        }
        // Unreachable in practice; keep the request valid and unambiguous.
        row.serial = String::new();
        row.obliterated = false;
        row.error = SerialError::Missing;
    }

    /// True when the serial, searched over the request's maker identity, finds at L0–L3 only the
    /// gun's own records (or nothing, for errors that must find nothing).
    fn reaches_only_own(
        &self,
        serial: &str,
        error: SerialError,
        codes: &[usize],
        own: &[usize],
    ) -> bool {
        if error.obliterated() || serial.trim().is_empty() {
            return true;
        }
        let key = serial_key(serial);
        let matches_own = error.level().is_some();
        codes.iter().all(|&c| {
            let hit = self.issuer.keys[c].contains(&key);
            !hit || (matches_own && own.contains(&c))
        })
    }
}

/// When an error cannot apply to a serial (no leading digit, too short for a pattern, ...).
fn fallback(error: SerialError) -> SerialError {
    match error {
        SerialError::LeadingZeros | SerialError::Ambiguous => SerialError::Confusable,
        SerialError::Confusable | SerialError::Separators => SerialError::None,
        SerialError::Pattern | SerialError::Fragment => SerialError::Obliterated,
        SerialError::Edit2 | SerialError::Transposition => SerialError::Edit1,
        _ => SerialError::None,
    }
}

fn case_number(rng: &mut SmallRng, t: &Traced) -> String {
    let st: String = strip_accents(MX_STATES[t.recovery.state].name)
        .to_uppercase()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .take(3)
        .collect();
    format!(
        "AP/PGR/{st}/{:03}/{}",
        rng.gen_range(1..999),
        t.recovery.on.year()
    )
}

/// Row order within each file: by request date (duplicates come after their originals, which
/// were requested earlier), English rows first, then Spanish.
fn file_order(rows: &[RequestRow]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| {
        (
            rows[i].spanish,
            rows[i].requested_on,
            rows[i].duplicate_of.is_some(),
            i,
        )
    });
    order
}

/// Folios: per agency and year, numbered in file order. A bad row may lack its folio.
fn assign_refs(rows: &mut [RequestRow], order: &[usize]) {
    let mut next: HashMap<(&'static str, i32), u32> = HashMap::new();
    for &i in order {
        let r = &mut rows[i];
        let year = r.requested_on.year();
        let n = next.entry((r.agency, year)).or_insert(0);
        *n += 1;
        r.request_ref = if r.spanish {
            format!("{}/{}/{:06}", r.agency, year, *n)
        } else {
            format!("MX-{}-{:05}", year, *n)
        };
        if r.bad == Some(BadRow::MissingFolio) {
            r.request_ref.clear();
        }
    }
}

fn truths(world: &World, plan: &Plan, rows: &[RequestRow], order: &[usize]) -> Vec<TruthRecord> {
    let mut out: Vec<Option<TruthRecord>> = vec![None; rows.len()];
    let mut line_en = 1;
    let mut line_es = 1;
    // Originals before duplicates, whatever the file order.
    let mut by_dup: Vec<usize> = order.to_vec();
    by_dup.sort_by_key(|&i| rows[i].duplicate_of.is_some());
    for &i in &by_dup {
        let r = &rows[i];
        let original = r
            .duplicate_of
            .and_then(|o| out[o].as_ref().map(|t| (&rows[o], t)));
        out[i] = Some(record(world, r, &plan.traced[r.gun], original));
    }
    for &i in order {
        if let Some(t) = out[i].as_mut() {
            let line = if rows[i].spanish {
                &mut line_es
            } else {
                &mut line_en
            };
            *line += 1;
            t.line = *line;
        }
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

fn write_truth(dir: &Path, truths: &[TruthRecord], order: &[usize]) -> Result<(), SynthError> {
    let mut out = Out::create(dir, "truth.jsonl")?;
    for &i in order {
        let mut json = serde_json::to_vec(&truths[i]).map_err(|source| SynthError::Json {
            what: "truth record",
            source,
        })?;
        json.push(b'\n');
        out.write(&json)?;
    }
    out.finish()
}

/// A date field, or the broken value of a bad row.
fn date_text(rng: &mut SmallRng, d: NaiveDate, spanish: bool) -> String {
    let u: f64 = rng.gen();
    if spanish {
        if u < 0.75 {
            d.format("%d/%m/%Y").to_string()
        } else if u < 0.85 {
            d.format("%d-%m-%Y").to_string()
        } else {
            d.to_string()
        }
    } else if u < 0.8 {
        d.format("%m/%d/%Y").to_string()
    } else {
        d.to_string()
    }
}

fn recovered_text(rng: &mut SmallRng, r: &RequestRow) -> String {
    match r.bad {
        Some(BadRow::UnreadableDate) => {
            let y = r.recovered_on.year();
            match rng.gen_range(0..4) {
                0 if r.spanish => format!("31/02/{y}"),
                0 => format!("02/31/{y}"),
                1 => format!("{y}-13-45"),
                2 => "s/f".to_string(),
                _ => format!("{}/{y}", r.recovered_on.month()),
            }
        }
        Some(BadRow::FutureDate) => {
            let future =
                NaiveDate::from_ymd_opt(2099, r.recovered_on.month(), 1).unwrap_or(r.recovered_on);
            date_text(rng, future, r.spanish)
        }
        _ => date_text(rng, r.recovered_on, r.spanish),
    }
}

const EN_HEADER: &[&str] = &[
    "request_ref",
    "agency",
    "officer",
    "case_number",
    "priority",
    "urgent_justification",
    "crime_code",
    "requested_on",
    "recovered_on",
    "recovery_country",
    "recovery_state",
    "recovery_city",
    "latitude",
    "longitude",
    "serial",
    "obliterated",
    "manufacturer",
    "importer",
    "model",
    "caliber",
    "type",
    "country_of_origin",
    "additional_markings",
    "possessor_last",
    "possessor_first",
    "possessor_dob",
];

const ES_HEADER: &[&str] = &[
    "folio",
    "dependencia",
    "agente",
    "carpeta_investigacion",
    "prioridad",
    "justificacion",
    "delito",
    "fecha_solicitud",
    "fecha_aseguramiento",
    "pais",
    "estado",
    "municipio",
    "latitud",
    "longitud",
    "numero_serie",
    "borrado",
    "marca",
    "importador",
    "modelo",
    "calibre",
    "tipo",
    "pais_origen",
    "marcas_adicionales",
    "poseedor_apellido_paterno",
    "poseedor_apellido_materno",
    "poseedor_nombre",
    "poseedor_fecha_nacimiento",
];

fn yes_no(rng: &mut SmallRng, v: bool, spanish: bool) -> &'static str {
    match (v, spanish) {
        (true, true) => pick(rng, &["S", "SI", "SÍ"]),
        (false, true) => pick(rng, &["N", "NO", ""]),
        (true, false) => pick(rng, &["Y", "YES"]),
        (false, false) => pick(rng, &["N", "NO", ""]),
    }
}

fn write_english(
    rng: &mut SmallRng,
    dir: &Path,
    rows: &[RequestRow],
    order: &[usize],
) -> Result<(), SynthError> {
    let mut out = Out::create(dir, EN_FILE)?;
    let mut line = Line::new(',');
    line.fields(EN_HEADER);
    out.write(line.end())?;
    for &i in order.iter().filter(|&&i| !rows[i].spanish) {
        let r = &rows[i];
        line.clear();
        let recovered = recovered_text(rng, r);
        let requested = date_text(rng, r.requested_on, false);
        let p = r.possessor.clone().unwrap_or_default();
        let last = [p.paterno.as_str(), p.materno.as_str()]
            .join(" ")
            .trim()
            .to_string();
        let dob = p.dob.map(|d| date_text(rng, d, false)).unwrap_or_default();
        line.fields(&[
            &r.request_ref,
            r.agency,
            &r.officer,
            &r.case_number,
            if r.urgent { "URGENT" } else { "ROUTINE" },
            if r.urgent {
                "HOMICIDE OF LAW ENFORCEMENT OFFICERS"
            } else {
                ""
            },
            r.crime,
            &requested,
            &recovered,
            r.country,
            MX_STATES[r.state].name,
            r.city,
            "",
            "",
            &r.serial,
            if r.serial.is_empty() && !r.obliterated {
                ""
            } else {
                yes_no(rng, r.obliterated, false)
            },
            &r.manufacturer,
            &r.importer,
            &r.model,
            r.caliber,
            r.ftype.english(),
            &r.coo,
            &r.markings,
            &last,
            &p.nombre,
            &dob,
        ]);
        out.write(line.end())?;
    }
    out.finish()
}

fn write_spanish(
    rng: &mut SmallRng,
    dir: &Path,
    rows: &[RequestRow],
    order: &[usize],
) -> Result<(), SynthError> {
    let mut out = Out::create(dir, ES_FILE)?;
    let mut line = Line::new(';');
    line.fields(ES_HEADER);
    out.write(&windows_1252(line.end()))?;
    for &i in order.iter().filter(|&&i| rows[i].spanish) {
        let r = &rows[i];
        line.clear();
        let recovered = recovered_text(rng, r);
        let requested = date_text(rng, r.requested_on, true);
        let p = r.possessor.clone().unwrap_or_default();
        let dob = p.dob.map(|d| date_text(rng, d, true)).unwrap_or_default();
        line.fields(&[
            &r.request_ref,
            r.agency,
            &r.officer,
            &r.case_number,
            if r.urgent { "URGENTE" } else { "RUTINARIA" },
            if r.urgent {
                "HOMICIDIO DE ELEMENTOS DE SEGURIDAD"
            } else {
                ""
            },
            r.crime,
            &requested,
            &recovered,
            r.country,
            MX_STATES[r.state].name,
            r.city,
            "",
            "",
            &r.serial,
            yes_no(rng, r.obliterated, true),
            &r.manufacturer,
            &r.importer,
            &r.model,
            r.caliber,
            r.ftype.spanish(rng),
            &r.coo,
            &r.markings,
            &p.paterno,
            &p.materno,
            &p.nombre,
            &dob,
        ]);
        out.write(&windows_1252(line.end()))?;
    }
    out.finish()
}

/// Encodes a line as Windows-1252. Every character the generator writes is in that code page;
/// anything else would become `?` rather than an HTML entity.
fn windows_1252(line: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(line);
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(&text);
    if !had_errors {
        return bytes.into_owned();
    }
    let safe: String = text
        .chars()
        .map(|c| {
            let mut buf = [0u8; 4];
            let (_, _, bad) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
            if bad {
                '?'
            } else {
                c
            }
        })
        .collect();
    encoding_rs::WINDOWS_1252.encode(&safe).0.into_owned()
}

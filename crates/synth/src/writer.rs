//! Writing the files: a small CSV line builder (RFC 4180 quoting), the licensee listing, the
//! status and makers tables, and the A&D books split by where each book is.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rand::rngs::SmallRng;
use rand::Rng;

use crate::catalog::spell_caliber;
use crate::error::SynthError;
use crate::firearms::{book_spelling, Disposition, Gun};
use crate::geo::US_STATES;
use crate::world::{Book, World};

/// A buffered output file that remembers its path for error messages.
pub struct Out {
    path: PathBuf,
    w: BufWriter<File>,
}

impl Out {
    pub fn create(dir: &Path, name: &str) -> Result<Self, SynthError> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(SynthError::io(&path))?;
        Ok(Self {
            w: BufWriter::with_capacity(1 << 20, file),
            path,
        })
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), SynthError> {
        self.w.write_all(bytes).map_err(SynthError::io(&self.path))
    }

    pub fn finish(mut self) -> Result<(), SynthError> {
        self.w.flush().map_err(SynthError::io(&self.path))
    }
}

/// Builds one delimited line, quoting a field only when it must be.
pub struct Line {
    pub buf: String,
    delim: char,
    first: bool,
}

impl Line {
    pub fn new(delim: char) -> Self {
        Self {
            buf: String::with_capacity(512),
            delim,
            first: true,
        }
    }

    pub fn clear(&mut self) {
        self.buf.clear();
        self.first = true;
    }

    fn sep(&mut self) {
        if !self.first {
            self.buf.push(self.delim);
        }
        self.first = false;
    }

    pub fn field(&mut self, s: &str) -> &mut Self {
        self.sep();
        // The delimiters are ASCII, so a byte scan finds them (and it is much cheaper than a
        // char pattern search on the A&D hot path).
        let delim = self.delim as u8;
        let needs_quotes = s
            .as_bytes()
            .iter()
            .any(|&b| b == delim || b == b'"' || b == b'\n' || b == b'\r');
        if needs_quotes {
            self.buf.push('"');
            for c in s.chars() {
                if c == '"' {
                    self.buf.push('"');
                }
                self.buf.push(c);
            }
            self.buf.push('"');
        } else {
            self.buf.push_str(s);
        }
        self
    }

    pub fn fields(&mut self, fs: &[&str]) -> &mut Self {
        for f in fs {
            self.field(f);
        }
        self
    }

    /// An ISO date (always accepted by the formats).
    pub fn date(&mut self, d: Option<NaiveDate>) -> &mut Self {
        self.sep();
        if let Some(d) = d {
            let _ = write!(self.buf, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
        }
        self
    }

    pub fn num(&mut self, n: u64) -> &mut Self {
        self.sep();
        let _ = write!(self.buf, "{n}");
        self
    }

    pub fn end(&mut self) -> &[u8] {
        self.buf.push('\n');
        self.buf.as_bytes()
    }
}

/// Format 1, tab-delimited like ATF's own listing files.
pub fn write_listing(dir: &Path, world: &World) -> Result<usize, SynthError> {
    let mut out = Out::create(dir, "ffl-listing.txt")?;
    let mut line = Line::new('\t');
    line.fields(&[
        "LIC_REGN",
        "LIC_DIST",
        "LIC_CNTY",
        "LIC_TYPE",
        "LIC_XPRDTE",
        "LIC_SEQN",
        "LICENSE_NAME",
        "BUSINESS_NAME",
        "PREMISE_STREET",
        "PREMISE_CITY",
        "PREMISE_STATE",
        "PREMISE_ZIP_CODE",
        "MAIL_STREET",
        "MAIL_CITY",
        "MAIL_STATE",
        "MAIL_ZIP_CODE",
        "VOICE_PHONE",
    ]);
    out.write(line.end())?;
    for l in &world.lic {
        line.clear();
        let st = US_STATES[l.state].code;
        line.num(u64::from(l.ffl.regn))
            .field(&format!("{:02}", l.ffl.dist))
            .field(&format!("{:03}", l.ffl.cnty))
            .field(l.ffl.ltype)
            .field(&l.ffl.xprdte)
            .field(&format!("{:05}", l.ffl.seqn))
            .fields(&[
                &l.license_name,
                &l.business_name,
                &l.street,
                l.city,
                st,
                &l.zip,
            ])
            .fields(&[&l.street, l.city, st, &l.zip, &l.phone]);
        out.write(line.end())?;
    }
    out.finish()?;
    Ok(world.lic.len())
}

/// Format 2: every licensee's status; closed ones with their closing date and, when their books
/// were handed over, the date they were received.
pub fn write_status(dir: &Path, world: &World) -> Result<(), SynthError> {
    let mut out = Out::create(dir, "licensee-status.csv")?;
    let mut line = Line::new(',');
    line.fields(&["ffl_number", "status", "status_on", "records_received_on"]);
    out.write(line.end())?;
    for l in &world.lic {
        line.clear();
        line.field(&l.dashed);
        match l.closed_on {
            Some(closed) => line.field("OUT_OF_BUSINESS").date(Some(closed)),
            None => line.field("ACTIVE").date(Some(l.licensed_on)),
        };
        line.date(l.records_received_on);
        out.write(line.end())?;
    }
    out.finish()
}

/// Format 3: the makers table.
pub fn write_makers(dir: &Path, world: &World) -> Result<(), SynthError> {
    let mut out = Out::create(dir, "makers.csv")?;
    let mut line = Line::new(',');
    line.fields(&[
        "maker_code",
        "name",
        "aliases",
        "country",
        "role",
        "ffl_number",
    ]);
    out.write(line.end())?;
    for m in &world.makers.makers {
        line.clear();
        let ffl = m
            .licensee
            .map(|l| world.lic[l].dashed.as_str())
            .unwrap_or("");
        line.fields(&[
            &m.code,
            &m.name,
            &m.aliases.join(";"),
            m.country,
            m.role.code(),
            ffl,
        ]);
        out.write(line.end())?;
    }
    out.finish()
}

pub const AD_HEADER: &[&str] = &[
    "ffl_number",
    "entry_ref",
    "manufacturer",
    "importer",
    "model",
    "serial",
    "type",
    "caliber",
    "acquired_on",
    "acquired_from_ffl",
    "acquired_from_name",
    "acquired_from_address",
    "disposed_on",
    "disposed_to_ffl",
    "disposed_to_name",
    "disposed_to_address",
    "purchaser_dob",
    "purchaser_id",
    "form_4473_ref",
];

/// The A&D books: rows of books on file go to `ad-records.csv`, rows of active licensees whose
/// records are not on file to `ad-records-pending.csv`, rows of closed licensees that never
/// handed their books over nowhere.
pub struct AdWriter {
    main: Out,
    pending: Out,
    line: Line,
    pub main_rows: u64,
    pub pending_rows: u64,
    /// Rows written per licensee (either file).
    pub rows_by_lic: Vec<u32>,
}

impl AdWriter {
    pub fn create(dir: &Path, licensees: usize) -> Result<Self, SynthError> {
        let mut main = Out::create(dir, "ad-records.csv")?;
        let mut pending = Out::create(dir, "ad-records-pending.csv")?;
        let mut line = Line::new(',');
        line.fields(AD_HEADER);
        let header = line.end().to_vec();
        main.write(&header)?;
        pending.write(&header)?;
        Ok(Self {
            main,
            pending,
            line,
            main_rows: 0,
            pending_rows: 0,
            rows_by_lic: vec![0; licensees],
        })
    }

    pub fn rows(&self) -> u64 {
        self.main_rows + self.pending_rows
    }

    /// Writes every entry of `gun` that some book holds.
    pub fn write_gun(
        &mut self,
        rng: &mut SmallRng,
        world: &World,
        gun: &Gun,
    ) -> Result<(), SynthError> {
        let maker = &world.makers.makers[gun.maker];
        let model = &maker.models[gun.model].name;
        let kind = &world.makers.kinds[gun.kind];
        for (i, step) in gun.steps.iter().enumerate() {
            let lic = &world.lic[step.lic];
            if !step.written || lic.book == Book::Withheld {
                continue;
            }
            self.rows_by_lic[step.lic] += 1;
            let entry_no = self.rows_by_lic[step.lic];
            let line = &mut self.line;
            line.clear();
            line.field(if rng.gen_bool(0.05) {
                &lic.plain
            } else {
                &lic.dashed
            })
            .num(u64::from(entry_no))
            .field(maker.spelling(rng))
            .field(
                gun.importer
                    .map_or("", |imp| world.makers.makers[imp].spelling(rng)),
            );
            let spelled = match &step.misspelled {
                Some(s) => Some(s.clone()),
                None => book_spelling(rng, &gun.serial, 0.03),
            };
            line.field(model)
                .field(spelled.as_deref().unwrap_or(&gun.serial))
                .field(kind.ftype.english())
                .field(spell_caliber(rng, kind.caliber))
                .date(Some(step.acquired_on));
            let from = (i > 0).then(|| ffl_spelling(rng, &world.lic[gun.steps[i - 1].lic]));
            line.field(from.unwrap_or("")).field("").field("");
            line.date(step.disposed_on);
            match &step.to {
                Disposition::Next => {
                    let next = &world.lic[gun.steps[i + 1].lic];
                    line.field(ffl_spelling(rng, next))
                        .fields(&["", "", "", "", ""]);
                }
                Disposition::Back(l) => {
                    line.field(ffl_spelling(rng, &world.lic[*l]))
                        .fields(&["", "", "", "", ""]);
                }
                Disposition::Unknown(ffl) => {
                    line.field(ffl).fields(&["", "", "", "", ""]);
                }
                Disposition::Person(b) => {
                    line.field("")
                        .field(&b.name)
                        .field(&b.address)
                        .date(Some(b.dob))
                        .field(&b.id);
                    let form = format!("{}-{}", lic.ffl.seqn, entry_no);
                    line.field(&form);
                }
                Disposition::None => {
                    line.fields(&["", "", "", "", "", ""]);
                }
            }
            if lic.book == Book::Pending {
                self.pending_rows += 1;
                self.pending.write(self.line.end())?;
            } else {
                self.main_rows += 1;
                self.main.write(self.line.end())?;
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Result<(), SynthError> {
        self.main.finish()?;
        self.pending.finish()
    }
}

/// An FFL number as another licensee's book writes it: with dashes, sometimes without.
fn ffl_spelling<'a>(rng: &mut SmallRng, lic: &'a crate::world::Licensee) -> &'a str {
    if rng.gen_bool(0.1) {
        &lic.plain
    } else {
        &lic.dashed
    }
}

//! rastro-synth: a deterministic, streaming generator of synthetic worlds for rastro, calibrated
//! to the 2009–14 Mexico trace data (see `shared/reference/calibration.md`).
//!
//! One call to [`generate`] writes, into a directory, every input file of `formats.md` (the
//! licensee listing and status, the makers table, the A&D books, the trace requests in English and
//! Spanish), the books that are not on file yet (`ad-records-pending.csv`), and the ground truth of
//! every request (`truth.jsonl`), computed from how the generator built each gun's history and
//! request, never by running a resolver. The same [`SynthConfig`] always gives the same bytes.
//!
//! The A&D books are streamed: memory holds the licensees, the traced guns and, per maker, a
//! counter per serial format and a set of 64-bit serial keys.

mod catalog;
mod config;
mod dist;
mod emit;
mod error;
mod errors;
pub mod evaluate;
mod firearms;
mod geo;
mod makers;
mod names;
mod plan;
mod requests;
mod serials;
mod truth;
mod world;
mod writer;

use std::path::Path;

use serde::Serialize;

pub use config::SynthConfig;
pub use error::SynthError;

use crate::config::Scale;
use crate::dist::stream;
use crate::world::{Book, LicKind, World};

/// What a generated world holds (also written as `world.json`).
#[derive(Debug, Clone, Serialize)]
pub struct SynthSummary {
    pub seed: u64,
    /// Files written into the output directory.
    pub files: Vec<String>,
    pub licensees: LicenseeCounts,
    pub makers: usize,
    /// Rows of `ad-records.csv`.
    pub ad_rows: u64,
    /// Rows of `ad-records-pending.csv`.
    pub ad_rows_pending: u64,
    /// Request rows written (both files, bad rows and duplicates included).
    pub requests: usize,
    pub requests_en: usize,
    pub requests_es: usize,
    /// Request rows the importer must reject.
    pub rejected: usize,
    /// Requests that re-submit an earlier one.
    pub duplicates: usize,
    /// Straw-purchase rings generated.
    pub rings: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LicenseeCounts {
    pub total: usize,
    pub manufacturers: usize,
    pub importers: usize,
    pub distributors: usize,
    pub dealers: usize,
    pub pawnbrokers: usize,
    pub out_of_business: usize,
    /// Out of business with records handed over (rows in `ad-records.csv`).
    pub records_received: usize,
    /// Out of business, records never handed over (rows nowhere).
    pub records_never_received: usize,
    /// Active with records not on file (rows in `ad-records-pending.csv`).
    pub pending: usize,
}

/// Stream labels: one independent random stream per part of the world.
const WORLD: u64 = 1;
const PLAN: u64 = 2;
const BOOKS: u64 = 3;
const REQUESTS: u64 = 4;

/// Generates a world into `out_dir` (created if missing). `progress` is called now and then with
/// the number of A&D rows written so far (both A&D files).
pub fn generate(
    config: &SynthConfig,
    out_dir: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<SynthSummary, SynthError> {
    config.validate()?;
    std::fs::create_dir_all(out_dir).map_err(SynthError::io(out_dir))?;
    let scale = Scale::new(config);
    let mut rng = stream(config.seed, WORLD);
    let makers = makers::build(&mut rng);
    let world = World::build(&mut rng, makers, &scale);
    let mut plan = plan::plan(&mut stream(config.seed, PLAN), &world, config.requests);

    let licensees = writer::write_listing(out_dir, &world)?;
    writer::write_status(out_dir, &world)?;
    writer::write_makers(out_dir, &world)?;

    let ad = writer::AdWriter::create(out_dir, world.lic.len())?;
    let mut emitter = emit::Emitter::new(&world, ad, stream(config.seed, BOOKS));
    emitter.run(&mut plan, config.ad_row_target() as u64, progress)?;
    let (ad_rows, ad_rows_pending) = (emitter.ad.main_rows, emitter.ad.pending_rows);
    let emit::Emitter { issuer, ad, .. } = emitter;
    ad.finish()?;

    let counts = requests::write_all(
        &mut stream(config.seed, REQUESTS),
        &world,
        &issuer,
        &plan,
        out_dir,
    )?;
    let summary = SynthSummary {
        seed: config.seed,
        files: FILES.iter().map(|f| f.to_string()).collect(),
        licensees: licensee_counts(&world, licensees),
        makers: world.makers.makers.len(),
        ad_rows,
        ad_rows_pending,
        requests: counts.english + counts.spanish,
        requests_en: counts.english,
        requests_es: counts.spanish,
        rejected: counts.rejected,
        duplicates: counts.duplicates,
        rings: plan.rings,
    };
    let json = serde_json::to_vec_pretty(&summary).map_err(|source| SynthError::Json {
        what: "world summary",
        source,
    })?;
    let path = out_dir.join("world.json");
    std::fs::write(&path, json).map_err(SynthError::io(&path))?;
    Ok(summary)
}

/// Every file `generate` writes.
pub const FILES: &[&str] = &[
    "ffl-listing.txt",
    "licensee-status.csv",
    "makers.csv",
    "ad-records.csv",
    "ad-records-pending.csv",
    requests::EN_FILE,
    requests::ES_FILE,
    "truth.jsonl",
    "world.json",
];

fn licensee_counts(world: &World, total: usize) -> LicenseeCounts {
    let mut c = LicenseeCounts {
        total,
        ..LicenseeCounts::default()
    };
    for l in &world.lic {
        match l.kind {
            LicKind::Manufacturer => c.manufacturers += 1,
            LicKind::Importer => c.importers += 1,
            LicKind::Distributor => c.distributors += 1,
            LicKind::Dealer => c.dealers += 1,
            LicKind::Pawnbroker => c.pawnbrokers += 1,
        }
        if l.closed_on.is_some() {
            c.out_of_business += 1;
        }
        if l.records_received_on.is_some() {
            c.records_received += 1;
        }
        match l.book {
            Book::Withheld => c.records_never_received += 1,
            Book::Pending => c.pending += 1,
            Book::OnFile => {}
        }
    }
    c
}

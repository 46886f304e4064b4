//! One function per subcommand.

use crate::i18n::Lang;
use anyhow::Result;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rastro_import::{FileKind, ImportOutcome};
use rastro_store::{SqliteStore, Store};
use rastro_trace::{
    ExportFormat, FirearmIndex, IndexReport, IndexStatus, RebuildReason, TraceOptions, Unusable,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportKind {
    /// ATF's licensee listing (formats.md §1).
    Licensees,
    /// Licensee status (§2).
    Status,
    /// Makers and importers (§3).
    Makers,
    /// A&D records (§4).
    Records,
    /// Trace requests, English or Spanish (§5).
    Requests,
}

impl ImportKind {
    fn file_kind(self) -> FileKind {
        match self {
            ImportKind::Licensees => FileKind::Licensees,
            ImportKind::Status => FileKind::Status,
            ImportKind::Makers => FileKind::Makers,
            ImportKind::Records => FileKind::Records,
            ImportKind::Requests => FileKind::Requests,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ResultsFormat {
    Jsonl,
    Csv,
}

/// Opens the store in `data`, creating it if there is none: for the commands that add to it.
pub fn open_store(data: &Path, lang: Lang) -> Result<SqliteStore> {
    SqliteStore::open(data)
        .map_err(|error| anyhow::anyhow!("{}", crate::i18n::store_error(&error, lang)))
}

/// Opens the store in `data`, which must exist: for the commands that trace, report, export
/// or search what was imported.
fn open_existing_store(data: &Path, lang: Lang) -> Result<SqliteStore> {
    SqliteStore::open_existing(data)
        .map_err(|error| anyhow::anyhow!("{}", crate::i18n::store_error(&error, lang)))
}

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressMode {
    /// A bar when standard error is a terminal, nothing otherwise.
    Auto,
    /// One line `progress BYTES TOTAL` on standard error per step, for scripts and tests.
    Lines,
    /// Nothing.
    None,
}

static PROGRESS_MODE: std::sync::OnceLock<ProgressMode> = std::sync::OnceLock::new();

pub fn set_progress_mode(mode: ProgressMode) {
    let _ = PROGRESS_MODE.set(mode);
}

fn progress_mode() -> ProgressMode {
    *PROGRESS_MODE.get().unwrap_or(&ProgressMode::Auto)
}

/// A progress bar over a file's bytes, hidden when standard error is not a terminal.
pub fn byte_progress(total: u64) -> ProgressBar {
    if progress_mode() != ProgressMode::Auto {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} {msg}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}

pub fn import(
    data: &Path,
    lang: Lang,
    kind: ImportKind,
    file: &Path,
    errors: Option<PathBuf>,
) -> Result<()> {
    let mut store = open_store(data, lang)?;
    let outcome = import_into(&mut store, lang, kind, file)?;
    print_import_summary(lang, file, &outcome);
    if matches!(kind, ImportKind::Records) {
        update_serial_index(&store, data, lang)?;
    }
    if !outcome.errors.is_empty() {
        let path = errors.unwrap_or_else(|| error_report_path(file));
        rastro_import::write_error_report(&path, &outcome.errors, lang.import())
            .map_err(|error| crate::i18n::cannot_write(&path, &error, lang))?;
        println!(
            "{} {}",
            lang.pick("Rejected rows written to", "Filas rechazadas escritas en"),
            path.display()
        );
    }
    Ok(())
}

pub fn import_into(
    store: &mut dyn Store,
    lang: Lang,
    kind: ImportKind,
    file: &Path,
) -> Result<ImportOutcome> {
    let total = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    let bar = byte_progress(total);
    let lines = progress_mode() == ProgressMode::Lines;
    let outcome = rastro_import::import_file(store, kind.file_kind(), file, &mut |read| {
        bar.set_position(read);
        if lines {
            eprintln!("progress {read} {total}");
        }
    });
    bar.finish_and_clear();
    outcome.map_err(|error| anyhow::anyhow!(error.message(lang.import())))
}

fn error_report_path(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".errors.csv");
    file.with_file_name(name)
}

pub fn print_import_summary(lang: Lang, file: &Path, outcome: &ImportOutcome) {
    println!("{}", outcome.summary(lang.import(), file));
    for error in outcome.errors.iter().take(5) {
        println!("  {}", error.message(lang.import()));
    }
    if outcome.errors.len() > 5 {
        println!(
            "  … {} {}",
            outcome.errors.len() - 5,
            lang.pick("more", "más")
        );
    }
}

/// Brings the serial index saved in the data folder up to date with the records just
/// imported. The import is already stored: a failure here is a notice, not an error.
fn update_serial_index(store: &SqliteStore, data: &Path, lang: Lang) -> Result<()> {
    let makers = rastro_domain::MakerTable::with_overrides(store.makers()?);
    let started = Instant::now();
    match FirearmIndex::update_saved(store, &makers, data) {
        Ok(report) => index_notice(lang, &report, started),
        Err(error) => eprintln!(
            "{}: {error}",
            lang.pick(
                "The serial index was not updated; the next search rebuilds it",
                "El índice de números de serie no se actualizó; la próxima búsqueda lo reconstruye"
            )
        ),
    }
    Ok(())
}

/// The serial index saved in the data folder, brought up to date with the store.
fn open_serial_index(
    store: &SqliteStore,
    makers: &rastro_domain::MakerTable,
    data: &Path,
    lang: Lang,
) -> Result<FirearmIndex> {
    let started = Instant::now();
    let (index, report) = FirearmIndex::open(store, makers, data)?;
    index_notice(lang, &report, started);
    Ok(index)
}

/// One line on standard error when the saved serial index was extended or rebuilt, or could
/// not be saved; nothing when it was simply loaded.
fn index_notice(lang: Lang, report: &IndexReport, started: Instant) {
    let secs = started.elapsed().as_secs_f64();
    let what = match &report.status {
        IndexStatus::UpToDate => None,
        IndexStatus::Extended { new_records } => Some(format!(
            "{} {} {} ({secs:.1} s)",
            lang.pick(
                "Serial index extended by",
                "Índice de números de serie ampliado con"
            ),
            rastro_report::fmt::int(*new_records),
            match *new_records == 1 {
                true => lang.pick("new record", "registro nuevo"),
                false => lang.pick("new records", "registros nuevos"),
            },
        )),
        IndexStatus::Rebuilt(reason) => Some(format!(
            "{} ({secs:.1} s): {}",
            lang.pick(
                "Serial index built",
                "Índice de números de serie construido"
            ),
            rebuild_reason(lang, reason)
        )),
    };
    if let Some(line) = what {
        eprintln!("{line}");
    }
    if let Some(error) = &report.unsaved {
        eprintln!(
            "{}: {error}",
            lang.pick(
                "The serial index could not be saved in the data folder",
                "No se pudo guardar el índice de números de serie en la carpeta de datos"
            )
        );
    }
}

/// Why a saved index could not be used, for a person. A damaged file's detail is for whoever
/// looks into it, so it is given in English only.
fn unusable(lang: Lang, why: &Unusable) -> String {
    match (why, lang) {
        (Unusable::Damaged(detail), Lang::En) => format!("damaged: {detail}"),
        (Unusable::Damaged(_), Lang::Es) => "está dañado".into(),
        (Unusable::OtherVersion, Lang::En) => "saved by another version of rastro".into(),
        (Unusable::OtherVersion, Lang::Es) => "lo guardó otra versión de rastro".into(),
        (Unusable::Unreadable(os), Lang::En) => format!("could not be read: {os}"),
        (Unusable::Unreadable(os), Lang::Es) => format!("no se pudo leer: {os}"),
    }
}

fn rebuild_reason(lang: Lang, reason: &RebuildReason) -> String {
    match reason {
        RebuildReason::Missing => lang
            .pick("none was saved yet", "aún no había uno guardado")
            .into(),
        RebuildReason::Unreadable(why) => format!(
            "{} ({})",
            lang.pick(
                "the saved one could not be used",
                "el guardado no se pudo usar"
            ),
            unusable(lang, why)
        ),
        RebuildReason::OtherStore => lang
            .pick(
                "the saved one was built from other records",
                "el guardado se construyó con otros registros",
            )
            .into(),
        RebuildReason::TablesChanged => lang
            .pick(
                "the makers table changed since it was saved",
                "la tabla de fabricantes cambió desde que se guardó",
            )
            .into(),
        RebuildReason::Compacted => lang
            .pick(
                "the records added since it was saved outgrew the saved part",
                "los registros añadidos desde que se guardó superaron la parte guardada",
            )
            .into(),
    }
}

pub fn trace(data: &Path, lang: Lang, all: bool, candidates: bool) -> Result<()> {
    let mut store = open_existing_store(data, lang)?;
    let options = TraceOptions {
        all,
        candidates,
        ..TraceOptions::default()
    };
    // Only looser matching needs the serial index: a plain trace does not load it.
    let index = match candidates {
        true => {
            let makers = rastro_domain::MakerTable::with_overrides(store.makers()?);
            Some(open_serial_index(&store, &makers, data, lang)?)
        }
        false => None,
    };
    let summary = rastro_trace::run_with_index(&mut store, options, index.as_ref())?;
    println!(
        "{}: {} ({:.2} s); {}: {}",
        lang.pick("Traced", "Rastreadas"),
        summary.traced,
        summary.elapsed.as_secs_f64(),
        lang.pick("unchanged", "sin cambios"),
        summary.kept
    );
    for (outcome, count) in &summary.outcomes {
        println!("  {outcome:<22} {count:>8}");
    }
    Ok(())
}

pub fn report(data: &Path, lang: Lang, format: ReportFormat, out: Option<PathBuf>) -> Result<()> {
    let store = open_existing_store(data, lang)?;
    let report = crate::demo::build_report(&store, data)?;
    let format = match format {
        ReportFormat::Text => rastro_report::Format::Text,
        ReportFormat::Json => rastro_report::Format::Json,
        ReportFormat::Html => rastro_report::Format::Html,
    };
    let rendered = rastro_report::render(&report, format, lang.report());
    write_output(out.as_deref(), rendered.as_bytes(), lang)
}

fn write_output(out: Option<&Path>, bytes: &[u8], lang: Lang) -> Result<()> {
    match out {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|error| crate::i18n::cannot_write(path, &error, lang)),
        None => {
            std::io::stdout().write_all(bytes)?;
            Ok(())
        }
    }
}

pub fn export_results(
    data: &Path,
    lang: Lang,
    format: ResultsFormat,
    out: Option<PathBuf>,
) -> Result<()> {
    let store = open_existing_store(data, lang)?;
    let format = match format {
        ResultsFormat::Jsonl => ExportFormat::Jsonl,
        ResultsFormat::Csv => ExportFormat::Csv,
    };
    let written = match &out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|error| crate::i18n::cannot_write(path, &error, lang))?;
            let mut writer = std::io::BufWriter::new(file);
            rastro_trace::export_results(&store, format, &mut writer)?
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            rastro_trace::export_results(&store, format, &mut lock)?
        }
    };
    if let Some(path) = out {
        println!(
            "{} {} {}",
            written,
            lang.pick("results written to", "resultados escritos en"),
            path.display()
        );
    }
    Ok(())
}

pub fn synth(
    lang: Lang,
    out: &Path,
    seed: u64,
    requests: usize,
    ad_rows: Option<usize>,
) -> Result<()> {
    let started = Instant::now();
    let summary = crate::demo::synthesize(lang, out, seed, requests, ad_rows)?;
    println!(
        "{} {} ({:.1} s): {}",
        lang.pick("Synthetic world written to", "Mundo sintético escrito en"),
        out.display(),
        started.elapsed().as_secs_f64(),
        serde_json::to_string(&summary)?
    );
    Ok(())
}

pub fn evaluate(lang: Lang, truth: &Path, results: &Path, candidates: bool) -> Result<()> {
    let evaluation = rastro_synth::evaluate::evaluate_files_with(truth, results, candidates)?;
    print!("{}", evaluation.render(lang == Lang::Es));
    if evaluation.wrong_purchasers > 0 {
        anyhow::bail!(
            "{} {}",
            evaluation.wrong_purchasers,
            lang.pick(
                "completed traces name a wrong purchaser",
                "rastreos completos nombran a un comprador equivocado"
            )
        );
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Folder for the generated world and its store.
    #[arg(long, default_value = "./bench-data")]
    pub dir: PathBuf,
    #[arg(long, default_value_t = 100_000)]
    pub requests: usize,
    #[arg(long, default_value_t = 10_000_000)]
    pub ad_rows: usize,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Also time the `sqlite3` command-line tool importing the same A&D file.
    #[arg(long)]
    pub sqlite3: bool,
}

pub fn bench(lang: Lang, args: BenchArgs) -> Result<()> {
    crate::demo::bench(lang, args)
}

#[derive(Debug, Args)]
pub struct SerialSearchArgs {
    /// The serial as read: `?` for one unreadable character, `*` for an unreadable run.
    pub query: String,
    /// Only this maker identity (a name or alias of the makers table).
    #[arg(long)]
    pub maker: Option<String>,
    /// Only firearms of this type (PISTOL, PISTOLA, RIFLE, FUSIL…); records without one are kept.
    #[arg(long = "type")]
    pub firearm_type: Option<String>,
    /// Only firearms of this caliber or a compatible one (.223 ~ 5.56); records without one are kept.
    #[arg(long)]
    pub caliber: Option<String>,
    /// Edits allowed for a readable serial: 0, 1 or 2 (more is refused by the search, in the
    /// user's language).
    #[arg(long, default_value_t = 2)]
    pub max_edits: u8,
    /// JSON Lines instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One line of `serial search --json`: a candidate and why it was found, in words.
#[derive(serde::Serialize)]
struct SearchLine<'a> {
    #[serde(flatten)]
    found: &'a rastro_trace::Found,
    explanation: Vec<String>,
}

/// When a search finds nothing, what a wider one finds: without the type and caliber filters
/// when some were given, over all makers when one was named, else with more edits. A type, a
/// caliber or a maker misread off a firearm, or a limit set too tight, must not pass for "no
/// such firearm".
fn wider_search_hint(
    index: &FirearmIndex,
    makers: &rastro_domain::MakerTable,
    args: &SerialSearchArgs,
    lang: Lang,
) -> Option<String> {
    let (kind, caliber) = (args.firearm_type.as_deref(), args.caliber.as_deref());
    let search = |maker: Option<&str>, filters: (Option<&str>, Option<&str>), max_edits: u8| {
        let found = index.search(makers, &args.query, maker, filters.0, filters.1, max_edits);
        crate::i18n::listed_count(found.map_or(0, |found| found.len()), lang)
    };
    let count = |maker: Option<&str>, max_edits: u8| search(maker, (kind, caliber), max_edits);
    if kind.is_some() || caliber.is_some() {
        if let Some(unfiltered) = search(args.maker.as_deref(), (None, None), args.max_edits) {
            let (en, es, options) = match (kind.is_some(), caliber.is_some()) {
                (true, true) => ("type and caliber", "tipo y calibre", "--type, --caliber"),
                (true, false) => ("type", "tipo", "--type"),
                _ => ("caliber", "calibre", "--caliber"),
            };
            return Some(match lang {
                Lang::En => format!(
                    "No candidates of this {en}; {unfiltered} of others (search without \
                     {options} to see them)."
                ),
                Lang::Es => format!(
                    "Sin candidatos de este {es}; hay {unfiltered} de otros (busque sin \
                     {options} para verlos)."
                ),
            });
        }
    }
    let pattern = rastro_trace::is_pattern(&args.query);
    if args.maker.is_some() {
        if let Some(elsewhere) = count(None, args.max_edits) {
            return Some(match lang {
                Lang::En => format!(
                    "No candidates for this maker; {elsewhere} under other makers (search \
                     without --maker to see them)."
                ),
                Lang::Es => format!(
                    "Sin candidatos de este fabricante; hay {elsewhere} de otros fabricantes \
                     (busque sin --maker para verlos)."
                ),
            });
        }
    }
    if pattern || args.max_edits >= 2 {
        return None;
    }
    let k = args.max_edits;
    let (wider, found) =
        (k + 1..=2).find_map(|wider| Some((wider, count(args.maker.as_deref(), wider)?)))?;
    let plural = |n: u8| if n == 1 { "" } else { "s" };
    Some(match lang {
        Lang::En => format!(
            "No candidates within {k} edit{}; {found} within {wider} edit{} (--max-edits \
             {wider}).",
            plural(k),
            plural(wider)
        ),
        Lang::Es => format!(
            "Sin candidatos a {k} cambio{}; hay {found} a {wider} cambio{} (--max-edits \
             {wider}).",
            plural(k),
            plural(wider)
        ),
    })
}

pub fn serial_search(data: &Path, lang: Lang, args: SerialSearchArgs) -> Result<()> {
    let store = open_existing_store(data, lang)?;
    let makers = rastro_domain::MakerTable::with_overrides(store.makers()?);
    let started = Instant::now();
    let index = open_serial_index(&store, &makers, data, lang)?;
    let built = started.elapsed();
    let mut found = index
        .search(
            &makers,
            &args.query,
            args.maker.as_deref(),
            args.firearm_type.as_deref(),
            args.caliber.as_deref(),
            args.max_edits,
        )
        .map_err(|error| anyhow::anyhow!("{}", crate::i18n::search_error(&error, lang)))?;
    rastro_trace::with_firearm_details(&store, &mut found)?;
    let explain = |hit: &rastro_trace::Found| -> Vec<String> {
        let steps = hit.steps.iter();
        steps
            .map(|step| crate::i18n::describe_step(step, lang))
            .collect()
    };
    if args.json {
        for hit in &found {
            let line = SearchLine {
                found: hit,
                explanation: explain(hit),
            };
            println!("{}", serde_json::to_string(&line)?);
        }
        return Ok(());
    }
    eprintln!(
        "{} {} ({:.1} s)",
        rastro_report::fmt::int(index.len() as u64),
        lang.pick("serials indexed", "números de serie indexados"),
        built.as_secs_f64()
    );
    if found.is_empty() {
        match wider_search_hint(&index, &makers, &args, lang) {
            Some(hint) => println!("{hint}"),
            None => println!("{}", lang.pick("No candidates.", "Sin candidatos.")),
        }
    }
    let pattern = rastro_trace::is_pattern(&args.query);
    let rows: Vec<[String; 4]> = found
        .iter()
        .map(|hit| {
            [
                hit.serial.clone(),
                hit.maker.clone(),
                crate::i18n::firearm(hit, lang),
                crate::i18n::distance(hit, pattern, lang),
            ]
        })
        .collect();
    let width = |column: usize| {
        let widths = rows.iter().map(|row| row[column].chars().count());
        widths.max().unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2), width(3)];
    for (rank, (hit, row)) in found.iter().zip(&rows).enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!(
            "{:>2}. {}  {:.2}  {}",
            rank + 1,
            cells.join("  "),
            hit.score,
            explain(hit).join("; ")
        );
    }
    Ok(())
}

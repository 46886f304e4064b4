//! The demo, the benchmark and the glue they share with the report command.

use crate::commands::{import_into, open_store, print_import_summary, BenchArgs, ImportKind};
use crate::i18n::Lang;
use anyhow::{Context, Result};
use rastro_domain::codes::Caliber;
use rastro_domain::{TraceRequest, TraceResult};
use rastro_report::{ReportMeta, ReportRow};
use rastro_store::Store;
use rastro_trace::TraceOptions;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The files of a synthetic world, in the order they are imported.
const WORLD_FILES: [(ImportKind, &str); 7] = [
    (ImportKind::Licensees, "ffl-listing.txt"),
    (ImportKind::Status, "licensee-status.csv"),
    (ImportKind::Makers, "makers.csv"),
    (ImportKind::Records, "ad-records.csv"),
    (ImportKind::Requests, "requests-en.csv"),
    (ImportKind::Requests, "solicitudes-es.csv"),
    (ImportKind::Records, "ad-records-pending.csv"),
];

/// Generates a synthetic world into `out`.
pub fn synthesize(
    lang: Lang,
    out: &Path,
    seed: u64,
    requests: usize,
    ad_rows: Option<usize>,
) -> Result<rastro_synth::SynthSummary> {
    let config = rastro_synth::SynthConfig {
        seed,
        requests,
        ad_rows,
    };
    let bar = indicatif::ProgressBar::new_spinner();
    let summary = rastro_synth::generate(&config, out, &mut |rows| bar.set_position(rows))
        .map_err(|error| anyhow::anyhow!("{}", crate::i18n::synth_error(&error, lang)))
        .with_context(|| {
            let generating = lang.pick(
                "generating a synthetic world in",
                "generando un mundo sintético en",
            );
            format!("{generating} {}", out.display())
        })?;
    bar.finish_and_clear();
    Ok(summary)
}

/// The report over every stored result.
pub fn build_report(store: &dyn Store, source: &Path) -> Result<rastro_report::Report> {
    let results = store.results()?;
    let rows: Vec<ReportRow> = results
        .iter()
        .map(|stored| report_row(&stored.request, &stored.result))
        .collect();
    let meta = ReportMeta::new("", chrono::Utc::now(), source.display().to_string());
    Ok(rastro_report::build(&rows, &meta))
}

/// A trace result flattened for reporting. No purchaser data goes into a report.
fn report_row(request: &TraceRequest, result: &TraceResult) -> ReportRow {
    let caliber = request.caliber.as_deref().map(|text| {
        Caliber::from_code(text)
            .map(|caliber| caliber.label().to_string())
            .unwrap_or_else(|| text.to_string())
    });
    ReportRow {
        outcome: result.outcome.code().to_string(),
        reason: result.reason.map(|reason| reason.code().to_string()),
        origin: result.origin.code().to_string(),
        recovered_on: request.recovered_on,
        requested_on: Some(request.requested_on),
        recovery_country: request
            .recovery_country
            .map(|country| country.code().to_string()),
        recovery_state: request.recovery_state.clone(),
        retail_state: result.retail_state.clone(),
        ttc_days: result.ttc_days,
        lag_days: result.lag_days,
        firearm_type: request.firearm_type.clone(),
        caliber,
        maker: result.maker.clone(),
    }
}

/// What the demo writes into its folder: nothing else is ever removed from it.
const DEMO_ENTRIES: [&str; 4] = ["world", "data", "report.html", "informe.html"];

/// Removes an earlier demo run from `out`. The demo generates its world anew each time, so the
/// store of an earlier run (of another size or seed, or written by another version of rastro)
/// must not be imported into or read from: its results would mix with this run's, or the
/// store would not open at all. A folder holding anything the demo does not write is left
/// alone, and the demo stops.
fn clear_earlier_run(out: &Path, lang: Lang) -> Result<()> {
    let entries = match std::fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", out.display())),
    };
    let mut earlier = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", out.display()))?;
        let name = entry.file_name();
        if !DEMO_ENTRIES.iter().any(|own| name == **own) {
            anyhow::bail!(
                "{} {} ({}); {}",
                out.display(),
                lang.pick(
                    "holds files the demo did not write",
                    "contiene archivos que la demostración no escribió"
                ),
                name.to_string_lossy(),
                lang.pick(
                    "choose another folder with --out",
                    "elija otra carpeta con --out"
                )
            );
        }
        earlier.push(entry.path());
    }
    for path in earlier {
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.with_context(|| format!("removing the earlier demo's {}", path.display()))?;
    }
    Ok(())
}

/// `rastro demo`: a 2009–2014-like world, generated, imported (all but the late books of
/// licensees that must still be asked), traced and reported.
pub fn run(_data: &Path, lang: Lang, out: &Path, requests: usize, seed: u64) -> Result<()> {
    let started = Instant::now();
    clear_earlier_run(out, lang)?;
    let world = out.join("world");
    println!(
        "{}",
        lang.pick(
            "1/4 Generating a synthetic world like Mexico's 2009–2014 traces…",
            "1/4 Generando un mundo sintético como los rastreos de México 2009–2014…"
        )
    );
    synthesize(lang, &world, seed, requests, None)?;
    // The demo keeps its own store, so it never mixes synthetic data into real data.
    let data = out.join("data");
    let mut store = open_store(&data, lang)?;
    println!("{}", lang.pick("2/4 Importing…", "2/4 Importando…"));
    for (kind, name) in &WORLD_FILES[..6] {
        let file = world.join(name);
        let outcome = import_into(&mut store, lang, *kind, &file)?;
        print_import_summary(lang, &file, &outcome);
    }
    println!("{}", lang.pick("3/4 Tracing…", "3/4 Rastreando…"));
    let summary = rastro_trace::run(&mut store, TraceOptions::default())?;
    println!(
        "    {} {} ({:.0} {})",
        summary.traced,
        lang.pick("requests traced", "solicitudes rastreadas"),
        summary.traced as f64 / summary.elapsed.as_secs_f64().max(1e-9),
        lang.pick("per second", "por segundo")
    );
    println!(
        "{}",
        lang.pick("4/4 Reporting…", "4/4 Generando el informe…")
    );
    let report = build_report(&store, &data)?;
    let html_path = out.join(lang.pick("report.html", "informe.html"));
    std::fs::write(
        &html_path,
        rastro_report::render(&report, rastro_report::Format::Html, lang.report()),
    )
    .map_err(|error| crate::i18n::cannot_write(&html_path, &error, lang))?;
    println!();
    println!(
        "{}",
        rastro_report::origin_table_text(&report, lang.report())
    );
    println!(
        "{} {}",
        lang.pick("HTML report:", "Informe HTML:"),
        html_path.display()
    );
    println!(
        "{} {:.1} s",
        lang.pick("Done in", "Terminado en"),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Peak resident memory of this process, from the kernel.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// `rastro bench`: import and trace speed on a synthetic world, beside `sqlite3 .import`.
pub fn bench(lang: Lang, args: BenchArgs) -> Result<()> {
    let world = args.dir.join(format!(
        "world-{}-{}-{}",
        args.seed, args.requests, args.ad_rows
    ));
    if !world.join("world.json").exists() {
        println!(
            "generating {} requests, {} A&D rows…",
            args.requests, args.ad_rows
        );
        synthesize(lang, &world, args.seed, args.requests, Some(args.ad_rows))?;
    }
    let data = args.dir.join("bench-store");
    if data.exists() {
        std::fs::remove_dir_all(&data)?;
    }
    let mut store = open_store(&data, lang)?;
    let records_file = world.join("ad-records.csv");
    let mut lines = vec![format!(
        "| step | rows | seconds | rows/s |\n|---|---:|---:|---:|"
    )];
    for (kind, name) in &WORLD_FILES[..6] {
        let file = world.join(name);
        let started = Instant::now();
        let outcome = import_into(&mut store, lang, *kind, &file)?;
        let seconds = started.elapsed().as_secs_f64();
        lines.push(format!(
            "| import {name} | {} | {seconds:.2} | {:.0} |",
            outcome.rows_read,
            outcome.rows_read as f64 / seconds
        ));
    }
    let started = Instant::now();
    let summary = rastro_trace::run(&mut store, TraceOptions::default())?;
    let seconds = started.elapsed().as_secs_f64();
    lines.push(format!(
        "| trace (incl. loading the directory) | {} | {seconds:.2} | {:.0} |",
        summary.traced,
        summary.traced as f64 / seconds
    ));
    if args.sqlite3 {
        lines.push(sqlite3_yardstick(&records_file, &args.dir)?);
    }
    println!("{}", lines.join("\n"));
    if let Some(peak) = peak_memory_mib() {
        println!("peak memory (VmHWM): {peak:.0} MiB");
    }
    Ok(())
}

/// Times the `sqlite3` tool importing the A&D file into a bare table with a key index.
fn sqlite3_yardstick(records: &Path, dir: &Path) -> Result<String> {
    let db: PathBuf = dir.join("sqlite3-yardstick.db");
    let _ = std::fs::remove_file(&db);
    let script = format!(
        "PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -1048576;\n\
         CREATE TABLE ad (ffl_number, entry_ref, manufacturer, importer, model, serial, type, caliber,\n\
           acquired_on, acquired_from_ffl, acquired_from_name, acquired_from_address, disposed_on,\n\
           disposed_to_ffl, disposed_to_name, disposed_to_address, purchaser_dob, purchaser_id, form_4473_ref);\n\
         CREATE INDEX ad_firearm ON ad (serial, manufacturer);\n\
         CREATE UNIQUE INDEX ad_entry ON ad (ffl_number, entry_ref, serial, acquired_on);\n\
         BEGIN;\n.import --csv --skip 1 {} ad\nCOMMIT;\nSELECT count(*) FROM ad;\n",
        records.display()
    );
    let started = Instant::now();
    let output = std::process::Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("piped")
                .write_all(script.as_bytes())?;
            child.wait_with_output()
        })
        .context("running sqlite3 (apt-get install sqlite3)")?;
    let seconds = started.elapsed().as_secs_f64();
    let rows: f64 = String::from_utf8_lossy(&output.stdout)
        .lines()
        .last()
        .and_then(|line| line.trim().parse().ok())
        .unwrap_or(0.0);
    let _ = std::fs::remove_file(&db);
    Ok(format!(
        "| sqlite3 .import of the same A&D file (yardstick) | {rows:.0} | {seconds:.2} | {:.0} |",
        rows / seconds
    ))
}

//! Measures the reading layer: generates a trace-request-like CSV and reads every cell of every
//! row through `TableReader`.
//!
//! ```text
//! cargo run --release -p rastro-import --example read_speed -- [ROWS] [utf8|accents|latin1]
//! ```
//!
//! `utf8` is pure ASCII (no decision pass), `accents` is UTF-8 with accented values (the whole
//! file is validated once, then passed through), `latin1` is Windows-1252 (transcoded).

use std::fs::File;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use rastro_import::table::{ColumnSpec, Schema, TableReader, Text};

const fn col(key: &'static str, es: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec {
        key,
        aliases_en: &[],
        aliases_es: es,
        required: false,
    }
}

const COLUMNS: &[ColumnSpec] = &[
    col("request_ref", &["folio"]),
    col("agency", &["dependencia"]),
    col("officer", &["agente"]),
    col("case_number", &["carpeta_investigacion"]),
    col("recovered_on", &["fecha_aseguramiento"]),
    col("recovery_country", &["pais"]),
    col("recovery_state", &["estado"]),
    col("recovery_city", &["municipio"]),
    col("latitude", &["latitud"]),
    col("longitude", &["longitud"]),
    col("serial", &["numero_serie"]),
    col("obliterated", &["borrado"]),
    col("manufacturer", &["marca"]),
    col("model", &["modelo"]),
    col("caliber", &["calibre"]),
    col("type", &["tipo"]),
    col("possessor_last", &["poseedor_apellido_paterno"]),
    col("possessor_first", &["poseedor_nombre"]),
];

/// A small deterministic generator, so that runs are comparable.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn generate(path: &Path, rows: u64, variant: &str) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.aliases_es[0]).collect();
    writeln!(out, "{}", header.join(";"))?;
    let cities: &[&str] = if variant == "utf8" {
        &[
            "CULIACAN",
            "TIJUANA",
            "MONTERREY",
            "REYNOSA",
            "NUEVO LAREDO",
        ]
    } else {
        &[
            "CULIACÁN",
            "TIJUANA",
            "MONTERREY",
            "REYNOSA",
            "SAN PEDRO GARZA GARCÍA",
        ]
    };
    let surnames: &[&str] = if variant == "utf8" {
        &["GARCIA LOPEZ", "HERNANDEZ", "MARTINEZ RUIZ"]
    } else {
        &["GARCÍA LÓPEZ", "HERNÁNDEZ", "MARTÍNEZ RUIZ"]
    };
    let makers = [
        "SMITH & WESSON",
        "COLT",
        "GLOCK",
        "RUGER",
        "\"ROMARM; CUGIR\"",
    ];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut line = String::with_capacity(512);
    for i in 0..rows {
        line.clear();
        let r = rng.next();
        use std::fmt::Write as _;
        let _ = write!(
            line,
            "FGR-{i:08};FGR;AGENTE {};CI/{}/{};{:02}/{:02}/20{:02};MX;SINALOA;{};{}.{:04};-{}.{:04};{:X};N;{};MODELO {};7.62x39mm;PISTOLA;{};JUAN CARLOS",
            r % 997,
            r % 31,
            r % 1000,
            1 + r % 28,
            1 + (r >> 8) % 12,
            10 + (r >> 16) % 14,
            rng.pick(cities),
            14 + r % 18,
            r % 10_000,
            86 + r % 31,
            (r >> 3) % 10_000,
            rng.next() & 0xFFFF_FFFF,
            rng.pick(&makers),
            r % 100,
            rng.pick(surnames),
        );
        line.push('\n');
        if variant == "latin1" {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&line);
            out.write_all(&bytes)?;
        } else {
            out.write_all(line.as_bytes())?;
        }
    }
    out.flush()
}

/// CPU time of this process so far (Linux only).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let variant = args.next().unwrap_or_else(|| "accents".into());
    let path = std::env::temp_dir().join(format!("rastro-read-speed-{variant}-{rows}.csv"));
    // Set KEEP=1 to reuse the file between runs (e.g. under a profiler).
    let keep = std::env::var_os("KEEP").is_some();
    if !(keep && path.exists()) {
        generate(&path, rows, &variant)?;
    }
    let schema = Schema::new(Text::new("trace requests", "solicitudes"), COLUMNS);

    let (start, cpu_start) = (Instant::now(), cpu_seconds());
    let mut reader = TableReader::open(&path, &schema)?;
    let (mut read, mut cells, mut errors) = (0u64, 0usize, 0u64);
    while let Some(row) = reader.next_row()? {
        match row {
            Ok(row) => {
                read += 1;
                for c in 0..COLUMNS.len() {
                    cells += row.get_column(c).map_or(0, str::len);
                }
            }
            Err(_) => errors += 1,
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu_start).map(|(end, start)| end - start);
    let mb = reader.total_bytes().unwrap_or(0) as f64 / 1e6;
    black_box(cells);
    println!(
        "{variant}: {read} rows ({errors} errors), {mb:.0} MB, {}",
        reader.encoding()
    );
    println!(
        "  wall {secs:.2} s: {:.0} rows/s, {:.0} MB/s",
        read as f64 / secs,
        mb / secs
    );
    if let Some(cpu) = cpu {
        // On a shared machine the wall clock includes time spent waiting for a core.
        println!(
            "  cpu  {cpu:.2} s: {:.0} rows/s, {:.0} MB/s",
            read as f64 / cpu,
            mb / cpu
        );
    }
    if !keep {
        std::fs::remove_file(&path)?;
    }
    Ok(())
}

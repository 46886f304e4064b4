//! The serial index benchmark (issue 3): build rate, bytes per serial, and latency of every
//! query kind, maker-scoped and over all makers, on synthetic corpora of real serial formats.
//!
//! ```sh
//! cargo bench -p rastro-serial                                   # 1M and 10M serials
//! RASTRO_SERIAL_BENCH_100M=1 cargo bench -p rastro-serial        # also 100M
//! RASTRO_SERIAL_BENCH_SIZES=200000 cargo bench -p rastro-serial  # any sizes, comma-separated
//! RASTRO_SERIAL_BENCH_OUT=/tmp/serial cargo bench -p rastro-serial
//! cargo bench -p rastro-serial --features stats                 # also the near search's work
//! RASTRO_SERIAL_BENCH_KINDS=edit2 cargo bench -p rastro-serial   # only some kinds of query
//! RASTRO_SERIAL_BENCH_SCOPES=maker RASTRO_SERIAL_BENCH_REPEAT=20 \
//!     cargo bench -p rastro-serial                               # one scope, each set 20 times (profiling)
//! RASTRO_SERIAL_BENCH_QUERIES=TNM116,V065 cargo bench -p rastro-serial  # only these queries
//! RASTRO_SERIAL_BENCH_PER_KIND=10000 cargo bench -p rastro-serial      # queries per kind
//! ```
//!
//! With `RASTRO_SERIAL_BENCH_OUT`, each size's corpus and queries are written to
//! `$RASTRO_SERIAL_BENCH_OUT/<size>/corpus.tsv` (`maker_id, serial, firearm_id`) and
//! `queries.tsv` (`kind, maker_id or empty, query text, max_edits`), so the peer benchmark
//! runs the very same corpus and queries. Everything is deterministic (seed 2026).

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use corpus::{derive, Corpus, Entry, Kind, Rng};
use rastro_serial::{Attrs, IndexBuilder, Query, QueryKind, SerialIndex};

/// The allocator rastro's binary ships with (`crates/cli`): the index is measured as it runs
/// there, on 2 MB pages. Under the system allocator its searches take up to 1.6× as long
/// (`docs/performance.md`, "The allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 2026;
/// Queries per kind (half maker-scoped, half over all makers); fewer at 100M;
/// `RASTRO_SERIAL_BENCH_PER_KIND` sets it (more first-touch queries for a steadier median).
fn queries_per_set(n: usize) -> usize {
    let asked = std::env::var("RASTRO_SERIAL_BENCH_PER_KIND").ok();
    if let Some(per_kind) = asked.and_then(|v| v.parse().ok()) {
        per_kind
    } else if n >= 50_000_000 {
        200
    } else {
        1000
    }
}
const CHUNK: usize = 1 << 20;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` asks for a list; there are no tests here.
    }
    for n in sizes() {
        run(n);
    }
}

fn sizes() -> Vec<usize> {
    if let Ok(list) = std::env::var("RASTRO_SERIAL_BENCH_SIZES") {
        return list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
    }
    let mut sizes = vec![1_000_000, 10_000_000];
    if std::env::var_os("RASTRO_SERIAL_BENCH_100M").is_some() {
        sizes.push(100_000_000);
    }
    sizes
}

/// One query of the benchmark: what the peers get too.
struct BenchQuery {
    kind: Kind,
    maker: Option<u32>,
    text: String,
}

fn run(n: usize) {
    println!("\n== {n} serials (1,000 makers, Zipf-skewed; seed {SEED}) ==");
    let out =
        std::env::var_os("RASTRO_SERIAL_BENCH_OUT").map(|d| PathBuf::from(d).join(n.to_string()));
    let mut corpus_tsv = out.as_ref().map(|d| {
        fs::create_dir_all(d).expect("create the output folder");
        BufWriter::new(File::create(d.join("corpus.tsv")).expect("create corpus.tsv"))
    });
    // Sources of the queries: serials drawn uniformly, so makers are queried by their share;
    // each kind of query has its own, so that no kind runs on memory an earlier kind's queries
    // of the same serials have brought into the cache (as the first queries on a serial do).
    let mut rng = Rng::new(SEED ^ n as u64);
    let wanted: Vec<usize> = {
        let mut w: Vec<usize> = (0..queries_per_set(n) * Kind::ALL.len())
            .map(|_| rng.below(n))
            .collect();
        w.sort_unstable();
        w
    };
    let mut sources: Vec<Entry> = Vec::with_capacity(wanted.len());
    let (index, build_time, build_cpu) = build(n, &wanted, &mut sources, corpus_tsv.as_mut());
    drop(corpus_tsv);
    report_build(&index, n, build_time, build_cpu);

    let mut queries = Vec::new();
    let mut rng = Rng::new(SEED);
    shuffle(&mut sources, &mut rng);
    for (kind, sources) in Kind::ALL
        .into_iter()
        .zip(sources.chunks(queries_per_set(n)))
    {
        for (i, e) in sources.iter().enumerate() {
            let scoped = i % 2 == 0;
            queries.push(BenchQuery {
                kind,
                maker: scoped.then_some(e.maker),
                text: derive(kind, &e.serial, &mut rng),
            });
        }
    }
    if let Some(d) = &out {
        write_queries(&d.join("queries.tsv"), &queries);
        println!("wrote {}/{{corpus,queries}}.tsv", d.display());
    }
    println!(
        "{:<14} {:<8} {:>7} {:>10} {:>10} {:>10} {:>9} {:>7} {:>11} {:>7}",
        "kind",
        "scope",
        "queries",
        "median ms",
        "p99 ms",
        "max ms",
        "mean hits",
        "errors",
        "cpu mean ms",
        "on cpu"
    );
    // `RASTRO_SERIAL_BENCH_KINDS=edit2,fragment` measures only those kinds (for profiling).
    let only = std::env::var("RASTRO_SERIAL_BENCH_KINDS").ok();
    let wanted = |kind: Kind| {
        only.as_deref()
            .is_none_or(|list| list.split(',').any(|k| k == kind.name()))
    };
    let scopes = std::env::var("RASTRO_SERIAL_BENCH_SCOPES").unwrap_or_default();
    let wanted_scope =
        |scoped: bool| scopes.is_empty() || scopes.contains(if scoped { "maker" } else { "all" });
    // `RASTRO_SERIAL_BENCH_QUERIES=TNM116,V065` measures only the queries of those texts.
    let only_texts = std::env::var("RASTRO_SERIAL_BENCH_QUERIES").ok();
    let repeat: usize = std::env::var("RASTRO_SERIAL_BENCH_REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    for kind in Kind::ALL.into_iter().filter(|&k| wanted(k)) {
        for scoped in [true, false].into_iter().filter(|&s| wanted_scope(s)) {
            let set: Vec<&BenchQuery> = queries
                .iter()
                .filter(|q| q.kind == kind && q.maker.is_some() == scoped)
                .filter(|q| {
                    only_texts
                        .as_deref()
                        .is_none_or(|t| t.split(',').any(|x| x == q.text))
                })
                .collect();
            for _ in 0..repeat {
                rastro_serial::stats::take();
                measure(&index, kind, scoped, &set);
                print_stats(rastro_serial::stats::take(), set.len());
            }
        }
    }
}

/// Work per query of the near search, when built with `--features stats`.
fn print_stats(stats: rastro_serial::stats::Stats, queries: usize) {
    if cfg!(feature = "stats") && (stats.nodes > 0 || stats.keys_read > 0) {
        let per = |n: usize| n / queries.max(1);
        println!(
            "{:>16} nodes {} (by walk {:?}), ranges verified {}, keys verified {}, lookups {}, keys read {:.1}",
            "per query:",
            per(stats.nodes),
            stats.nodes_by_walk.map(per),
            per(stats.leaves),
            per(stats.keys_verified),
            per(stats.lookups),
            stats.keys_read as f64 / queries.max(1) as f64,
        );
    }
}

/// Generates the corpus in chunks and times only the builder's work.
fn build(
    n: usize,
    wanted: &[usize],
    sources: &mut Vec<Entry>,
    mut tsv: Option<&mut BufWriter<File>>,
) -> (SerialIndex, Duration, Duration) {
    let mut builder = IndexBuilder::new();
    let mut corpus = Corpus::new(SEED);
    let mut timed = Duration::ZERO;
    let mut cpu_ns = 0u64;
    let mut next_wanted = 0;
    let mut done = 0;
    while done < n {
        let chunk: Vec<Entry> = corpus.by_ref().take(CHUNK.min(n - done)).collect();
        for (i, e) in chunk.iter().enumerate() {
            while wanted.get(next_wanted) == Some(&(done + i)) {
                sources.push(e.clone());
                next_wanted += 1;
            }
            if let Some(w) = tsv.as_deref_mut() {
                writeln!(w, "{}\t{}\t{}", e.maker, e.serial, e.firearm).expect("write corpus.tsv");
            }
        }
        let (t, cpu) = (Instant::now(), on_cpu_ns());
        for e in &chunk {
            let attrs = Attrs {
                firearm_type: e.firearm_type,
                caliber: e.caliber,
            };
            builder.add(e.maker, &e.serial, e.firearm, attrs);
        }
        timed += t.elapsed();
        cpu_ns += on_cpu_ns()
            .zip(cpu)
            .map_or(0, |(after, before)| after - before);
        done += chunk.len();
    }
    let (t, cpu) = (Instant::now(), on_cpu_ns());
    let index = builder.build();
    timed += t.elapsed();
    cpu_ns += on_cpu_ns()
        .zip(cpu)
        .map_or(0, |(after, before)| after - before);
    let cpu = Duration::from_nanos(cpu_ns);
    (index, timed, cpu)
}

fn report_build(index: &SerialIndex, n: usize, took: Duration, cpu: Duration) {
    let secs = took.as_secs_f64();
    println!(
        "build: {:.2} s, {:.2} M serials/s ({:.2} s on CPU, {:.2} M serials/s); memory {:.1} MiB = {:.1} bytes/serial (serial text included)",
        secs,
        n as f64 / secs / 1e6,
        cpu.as_secs_f64(),
        n as f64 / cpu.as_secs_f64().max(1e-9) / 1e6,
        index.memory_bytes() as f64 / (1 << 20) as f64,
        index.memory_bytes() as f64 / n as f64
    );
    let parts: Vec<String> = index
        .memory_breakdown()
        .into_iter()
        .map(|(part, bytes)| format!("{part} {:.2}", bytes as f64 / n as f64))
        .collect();
    println!("bytes/serial by part: {}", parts.join(", "));
    if let Some(hwm) = peak_rss() {
        println!("peak RSS of the process so far: {hwm}");
    }
}

/// `VmHWM` from `/proc/self/status` (Linux), as printed there.
fn peak_rss() -> Option<String> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_string())
}

fn query_of(q: &BenchQuery) -> Query {
    let kind = match q.kind {
        Kind::LookAlike => QueryKind::Levels,
        k if k.is_pattern() => QueryKind::Pattern,
        k => QueryKind::Near {
            max_edits: k.max_edits(),
        },
    };
    let mut query = Query::new(q.text.clone(), kind);
    query.makers = q.maker.map(|m| vec![m]);
    query.limit = 20;
    query
}

fn measure(index: &SerialIndex, kind: Kind, scoped: bool, set: &[&BenchQuery]) {
    let mut times = Vec::with_capacity(set.len());
    let (mut hits, mut errors) = (0usize, 0usize);
    let on_cpu = on_cpu_ns();
    for q in set {
        let query = query_of(q);
        let t = Instant::now();
        let r = index.search(&query);
        times.push(t.elapsed());
        match r {
            Ok(h) => hits += h.len(),
            Err(_) => errors += 1,
        }
    }
    let on_cpu = on_cpu_ns()
        .zip(on_cpu)
        .map(|(after, before)| after - before);
    let wall: Duration = times.iter().sum();
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "{:<14} {:<8} {:>7} {:>10.4} {:>10.4} {:>10.4} {:>9.1} {:>7} {:>11.3} {:>6.0}%",
        kind.name(),
        if scoped { "maker" } else { "all" },
        set.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(times[times.len() - 1]),
        hits as f64 / set.len() as f64,
        errors,
        on_cpu.map_or(f64::NAN, |ns| ns as f64 / 1e6 / set.len() as f64),
        on_cpu.map_or(f64::NAN, |ns| ns as f64 / 1e4 / ms(wall).max(1e-9)),
    );
}

/// Nanoseconds this thread has run on a CPU (Linux), to tell the latency of a query from the
/// time the thread waited for a core on a shared machine.
fn on_cpu_ns() -> Option<u64> {
    let stat = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn write_queries(path: &PathBuf, queries: &[BenchQuery]) {
    let mut w = BufWriter::new(File::create(path).expect("create queries.tsv"));
    for q in queries {
        let maker = q.maker.map(|m| m.to_string()).unwrap_or_default();
        writeln!(
            w,
            "{}\t{}\t{}\t{}",
            q.kind.name(),
            maker,
            q.text,
            q.kind.max_edits()
        )
        .expect("write queries.tsv");
    }
}

fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        v.swap(i, rng.below(i + 1));
    }
}

//! Peers for rastro's serial-search benchmark (issue 3): the `fst` crate's Levenshtein automaton,
//! SQLite FTS5 with the trigram tokenizer, and PostgreSQL `pg_trgm` with a GIN index, measured on
//! the corpus and queries that `cargo bench -p rastro-serial` writes, with recall and precision
//! against a brute-force matcher. See README.md.

mod gen;
mod norm;

use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The allocator rastro's binary ships with (`crates/cli`), for rastro and the Rust peers alike:
/// under the system allocator rastro's searches take up to 1.6× as long. `run.sh` turns mimalloc's
/// purging of freed pages off, which would otherwise slow fst's automata.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// ---------------------------------------------------------------------------------------------
// Data

struct Corpus {
    makers: Vec<String>,
    maker_of: Vec<u32>,
    l3: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
enum Kind {
    Lookalike,
    Edit1,
    Edit2,
    Transposition,
    PatternQ,
    PatternStar,
    Fragment,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "lookalike" => Kind::Lookalike,
            "edit1" => Kind::Edit1,
            "edit2" => Kind::Edit2,
            "transposition" => Kind::Transposition,
            "pattern_q" => Kind::PatternQ,
            "pattern_star" => Kind::PatternStar,
            "fragment" => Kind::Fragment,
            _ => return None,
        })
    }
    fn name(self) -> &'static str {
        match self {
            Kind::Lookalike => "lookalike",
            Kind::Edit1 => "edit1",
            Kind::Edit2 => "edit2",
            Kind::Transposition => "transposition",
            Kind::PatternQ => "pattern_q",
            Kind::PatternStar => "pattern_star",
            Kind::Fragment => "fragment",
        }
    }
    fn is_near(self) -> bool {
        matches!(
            self,
            Kind::Lookalike | Kind::Edit1 | Kind::Edit2 | Kind::Transposition
        )
    }
}

struct Query {
    kind: Kind,
    /// Index into `Corpus::makers`; `None` = all makers. A maker unknown to the corpus gets
    /// `Some(u32::MAX)` (no results).
    maker: Option<u32>,
    /// Near queries: the L3 form of the query. Patterns and fragments: the normalised glob.
    text: String,
    /// The query as written in `queries.tsv` (what rastro is given).
    raw: String,
    k: usize,
}

/// Reads `corpus.tsv`; every serial as written also goes to `rastro` (row number as firearm id,
/// the harness's maker index as maker id), when given.
fn load_corpus(
    path: &Path,
    mut rastro: Option<&mut rastro_serial::IndexBuilder>,
) -> Result<Corpus> {
    let f = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    let mut makers = Vec::new();
    let mut maker_ix: HashMap<String, u32> = HashMap::new();
    let (mut maker_of, mut l3) = (Vec::new(), Vec::new());
    for line in BufReader::with_capacity(1 << 20, f).lines() {
        let line = line?;
        if line.is_empty() {
            continue;
        }
        let mut it = line.split('\t');
        let (Some(m), Some(s)) = (it.next(), it.next()) else {
            bail!("bad corpus line: {line:?}")
        };
        let mi = match maker_ix.get(m) {
            Some(&i) => i,
            None => {
                let i = makers.len() as u32;
                makers.push(m.to_string());
                maker_ix.insert(m.to_string(), i);
                i
            }
        };
        if let Some(b) = rastro.as_deref_mut() {
            b.add(mi, s, l3.len() as u64, rastro_serial::Attrs::default());
        }
        maker_of.push(mi);
        l3.push(norm::l3(s));
    }
    Ok(Corpus {
        makers,
        maker_of,
        l3,
    })
}

fn load_queries(path: &Path, c: &Corpus, max_per_kind: usize) -> Result<Vec<Query>> {
    let f = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    let ix: HashMap<&str, u32> = c
        .makers
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i as u32))
        .collect();
    let mut per_kind: HashMap<Kind, usize> = HashMap::new();
    let mut out = Vec::new();
    for line in BufReader::new(f).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            bail!("bad query line: {line:?}");
        }
        let Some(kind) = Kind::parse(cols[0].trim()) else {
            bail!("unknown query kind {:?}", cols[0])
        };
        let n = per_kind.entry(kind).or_default();
        if *n >= max_per_kind {
            continue;
        }
        *n += 1;
        let maker = match cols[1].trim() {
            "" => None,
            m => Some(*ix.get(m).unwrap_or(&u32::MAX)),
        };
        let k: usize = cols
            .get(3)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .transpose()?
            .unwrap_or(0);
        let text = match kind {
            Kind::Fragment => norm::fragment_pattern(cols[2]),
            Kind::PatternQ | Kind::PatternStar => norm::query_pattern(cols[2]),
            _ => norm::l3(cols[2]),
        };
        out.push(Query {
            kind,
            maker,
            text,
            raw: cols[2].to_string(),
            k,
        });
    }
    Ok(out)
}

/// Distinct L3 forms (sorted) with their postings (corpus rows). The key text is stored
/// contiguously so that scanning it (brute force, FST build) runs at memory speed.
struct Dict {
    text: String,
    koff: Vec<u32>,
    off: Vec<u32>,
    post: Vec<u32>,
}

impl Dict {
    fn from_sorted_rows(rows: impl Iterator<Item = u32>, l3: &[String]) -> Dict {
        let (mut text, mut koff, mut off, mut post) =
            (String::new(), vec![0u32], vec![], Vec::new());
        let mut last: Option<u32> = None;
        for r in rows {
            if last.is_none_or(|p| l3[p as usize] != l3[r as usize]) {
                text.push_str(&l3[r as usize]);
                koff.push(text.len() as u32);
                off.push(post.len() as u32);
                last = Some(r);
            }
            post.push(r);
        }
        off.push(post.len() as u32);
        Dict {
            text,
            koff,
            off,
            post,
        }
    }
    fn len(&self) -> usize {
        self.koff.len() - 1
    }
    fn postings(&self, key: usize) -> &[u32] {
        &self.post[self.off[key] as usize..self.off[key + 1] as usize]
    }
    fn key(&self, i: usize) -> &str {
        &self.text[self.koff[i] as usize..self.koff[i + 1] as usize]
    }
}

struct Dicts {
    global: Dict,
    per_maker: Vec<Dict>,
}

fn build_dicts(c: &Corpus) -> Dicts {
    let mut order: Vec<u32> = (0..c.l3.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| c.l3[a as usize].cmp(&c.l3[b as usize]).then(a.cmp(&b)));
    let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); c.makers.len()];
    for &r in &order {
        buckets[c.maker_of[r as usize] as usize].push(r);
    }
    let global = Dict::from_sorted_rows(order.into_iter(), &c.l3);
    let per_maker = buckets
        .into_iter()
        .map(|b| Dict::from_sorted_rows(b.into_iter(), &c.l3))
        .collect();
    Dicts { global, per_maker }
}

// ---------------------------------------------------------------------------------------------
// Brute force

fn brute(d: &Dicts, q: &Query) -> Vec<u32> {
    let dict = match q.maker {
        None => &d.global,
        Some(m) if (m as usize) < d.per_maker.len() => &d.per_maker[m as usize],
        Some(_) => return Vec::new(),
    };
    let mut out = Vec::new();
    if q.kind.is_near() {
        // Exact-safe prefilter: each OSA operation changes the L1 distance between the two
        // strings' character histograms by at most 2 (substitution 2, insertion/deletion 1,
        // transposition 0), so a key whose histogram distance exceeds 2k cannot be in reach.
        let qa = q.text.is_ascii();
        let mut hist = [0i32; 128];
        for &b in q.text.as_bytes() {
            hist[(b & 127) as usize] += 1;
        }
        let qlen = q.text.len() as i32;
        let bound = 2 * q.k as i32;
        for i in 0..dict.len() {
            let key = dict.key(i);
            if qa && key.is_ascii() {
                if key.len().abs_diff(q.text.len()) > q.k {
                    continue;
                }
                let mut l1 = qlen;
                for &b in key.as_bytes() {
                    let h = &mut hist[b as usize];
                    l1 += if *h > 0 { -1 } else { 1 };
                    *h -= 1;
                }
                for &b in key.as_bytes() {
                    hist[b as usize] += 1;
                }
                if l1 > bound {
                    continue;
                }
            }
            if norm::osa_str(key, &q.text, q.k).is_some() {
                out.extend_from_slice(dict.postings(i));
            }
        }
    } else {
        let g = norm::Glob::new(&q.text);
        for i in 0..dict.len() {
            if g.matches(dict.key(i)) {
                out.extend_from_slice(dict.postings(i));
            }
        }
    }
    out.sort_unstable();
    out
}

fn brute_all(d: &Dicts, qs: &[Query], threads: usize) -> Vec<Vec<u32>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut res: Vec<Vec<u32>> = vec![Vec::new(); qs.len()];
    let slots: Vec<std::sync::Mutex<&mut Vec<u32>>> =
        res.iter_mut().map(std::sync::Mutex::new).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= qs.len() {
                    break;
                }
                let r = brute(d, &qs[i]);
                **slots[i].lock().unwrap() = r;
            });
        }
    });
    drop(slots);
    res
}

// ---------------------------------------------------------------------------------------------
// Measurements

#[derive(Default)]
struct Cell {
    n: usize,
    errors: usize,
    truth: usize,
    found: usize,
    returned: usize,
    full: usize,
    lat: Vec<Duration>,
}

type Key = (String, Kind, &'static str); // (peer, kind, scope)

struct Bench {
    notes: Vec<String>,
    cells: BTreeMap<Key, Cell>,
    builds: Vec<(String, Duration, usize, String)>,
}

fn scope_of(q: &Query) -> &'static str {
    if q.maker.is_some() {
        "maker"
    } else {
        "all"
    }
}

impl Bench {
    fn record(&mut self, peer: &str, q: &Query, truth: &[u32], got: Result<Vec<u32>>, t: Duration) {
        let cell = self
            .cells
            .entry((peer.to_string(), q.kind, scope_of(q)))
            .or_default();
        cell.n += 1;
        match got {
            Ok(mut got) => {
                // Recall over the queries answered: a refused query is counted as an error.
                cell.truth += truth.len();
                got.sort_unstable();
                got.dedup();
                let found = count_common(truth, &got);
                cell.found += found;
                cell.returned += got.len();
                if found == truth.len() {
                    cell.full += 1;
                }
                cell.lat.push(t);
            }
            Err(e) => {
                if cell.errors == 0 {
                    eprintln!("  {peer} {}: error on {:?}: {e:#}", q.kind.name(), q.text);
                }
                cell.errors += 1;
            }
        }
    }
}

fn count_common(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn pct(lat: &mut [Duration], p: f64) -> f64 {
    if lat.is_empty() {
        return f64::NAN;
    }
    lat.sort_unstable();
    let i = ((lat.len() as f64 * p).ceil() as usize).clamp(1, lat.len()) - 1;
    lat[i].as_secs_f64() * 1e3
}

// ---------------------------------------------------------------------------------------------
// Peer: fst Levenshtein

mod peer_fst {
    use super::*;
    use fst::automaton::Levenshtein;
    use fst::{IntoStreamer, Map, Streamer};

    fn build_map(d: &Dict) -> Result<Map<Vec<u8>>> {
        let mut b = fst::MapBuilder::memory();
        for i in 0..d.len() {
            b.insert(d.key(i).as_bytes(), i as u64)?;
        }
        Ok(Map::new(b.into_inner()?)?)
    }

    pub fn build_global(d: &Dicts) -> Result<Map<Vec<u8>>> {
        build_map(&d.global)
    }
    pub fn build_per_maker(d: &Dicts) -> Result<Vec<Map<Vec<u8>>>> {
        d.per_maker.iter().map(build_map).collect()
    }

    pub fn search(
        map: &Map<Vec<u8>>,
        dict: &Dict,
        q: &Query,
        maker_filter: Option<(&[u32], u32)>,
    ) -> Result<Vec<u32>> {
        let lev = Levenshtein::new(&q.text, q.k as u32)?;
        Ok(matches(map, dict, lev, |_| true, maker_filter))
    }

    /// A look-alike query as an exact lookup of its L3 form, without an automaton: what an
    /// fst user would write for 0 edits once the keys are folded as rastro folds them.
    pub fn get(
        map: &Map<Vec<u8>>,
        dict: &Dict,
        q: &Query,
        maker_filter: Option<(&[u32], u32)>,
    ) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(v) = map.get(q.text.as_bytes()) {
            add_postings(dict, v, maker_filter, &mut out);
        }
        out
    }

    /// The rows of every key `lev` accepts and `keep` too (of the maker, when filtered).
    fn matches(
        map: &Map<Vec<u8>>,
        dict: &Dict,
        lev: Levenshtein,
        keep: impl Fn(&[u8]) -> bool,
        maker_filter: Option<(&[u32], u32)>,
    ) -> Vec<u32> {
        let mut s = map.search(lev).into_stream();
        let mut out = Vec::new();
        while let Some((key, v)) = s.next() {
            if keep(key) {
                add_postings(dict, v, maker_filter, &mut out);
            }
        }
        out
    }

    /// The rows of key `v` (of the maker, when filtered) onto `out`.
    fn add_postings(dict: &Dict, v: u64, maker_filter: Option<(&[u32], u32)>, out: &mut Vec<u32>) {
        let p = dict.postings(v as usize);
        match maker_filter {
            None => out.extend_from_slice(p),
            Some((maker_of, m)) => {
                out.extend(p.iter().copied().filter(|&r| maker_of[r as usize] == m))
            }
        }
    }

    /// [`search`] at full recall under OSA: a transposition is 2 Levenshtein edits, so the
    /// automaton runs with `2k` and its matches are checked against OSA `k` (the fst crate
    /// refuses automata beyond its state limit: an error, reported as such).
    pub fn search_full_recall(
        map: &Map<Vec<u8>>,
        dict: &Dict,
        q: &Query,
        maker_filter: Option<(&[u32], u32)>,
    ) -> Result<Vec<u32>> {
        let lev = Levenshtein::new(&q.text, 2 * q.k as u32)?;
        let within_osa = |key: &[u8]| {
            let key = std::str::from_utf8(key).unwrap_or("");
            norm::osa_str(key, &q.text, q.k).is_some()
        };
        Ok(matches(map, dict, lev, within_osa, maker_filter))
    }
}

// ---------------------------------------------------------------------------------------------
// Warm-up: each peer answers untimed queries just before its timed block of a kind, so that
// every peer is measured in the steady state a server runs in (its pages' translations and its
// branches' history warm), not in the first queries after the builds. rastro's own bench showed
// how much that matters for a lookup that waits on memory: its first 150 look-alike lookups
// after a build took 1.18–1.78 µs at the median, the next 150 1.03–1.50, the last 150 of 2,000
// 0.87–1.44. The warm-up queries are random corpus serials, not the timed queries, whose memory
// stays cold.

/// At most this many warm-up queries per peer and block...
const WARM_UP: usize = 2000;
/// ...and no more than this time on them (fst's 2-edit automaton takes milliseconds a query).
const WARM_UP_TIME: Duration = Duration::from_millis(100);

/// Warm-up queries shaped like the block's (`like`): random corpus serials (L3 forms), half of
/// them maker-scoped; for patterns and fragments, a fragment of 4 characters of each.
fn warm_up_queries<'a>(corpus: &'a Corpus, like: &'a Query) -> impl Iterator<Item = Query> + 'a {
    let n = corpus.l3.len() as u64;
    (0..WARM_UP as u64).filter_map(move |i| {
        let row = (i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11) % n.max(1);
        let serial = corpus.l3.get(row as usize)?;
        let maker = (i % 2 == 0).then(|| corpus.maker_of[row as usize]);
        let (text, raw) = if like.kind.is_near() {
            (serial.clone(), serial.clone())
        } else {
            let mid = serial.len().saturating_sub(4) / 2;
            let fragment = serial.get(mid..mid + 4)?;
            (norm::fragment_pattern(fragment), format!("*{fragment}*"))
        };
        Some(Query {
            kind: if like.kind.is_near() {
                like.kind
            } else {
                Kind::Fragment
            },
            maker,
            text,
            raw,
            k: like.k,
        })
    })
}

/// Runs `answer` on the warm-up queries for a block like `like`, untimed, within the limits.
fn warm_up(corpus: &Corpus, like: &Query, mut answer: impl FnMut(&Query)) {
    let t = Instant::now();
    for q in warm_up_queries(corpus, like) {
        if t.elapsed() > WARM_UP_TIME {
            break;
        }
        answer(&q);
    }
}

/// Whether `queries[i]` is the first of its kind's block (the queries come kind by kind).
fn first_of_kind(queries: &[Query], i: usize) -> bool {
    i == 0 || queries[i - 1].kind != queries[i].kind
}

// ---------------------------------------------------------------------------------------------
// rastro itself, in the same run: its latency beside each peer's, query by query, so that the
// ratios do not depend on the machine's phase between two separate runs.

mod peer_rastro {
    use super::*;
    use rastro_serial::{Query as RastroQuery, QueryKind, SerialIndex};

    /// The hits rastro's bench asks for (`limit` 20, as `cargo bench -p rastro-serial`).
    pub const TOP: usize = 20;

    /// rastro's query for `q`, as its bench asks it, with `limit` hits (0: all).
    fn query_of(q: &Query, limit: usize) -> RastroQuery {
        let kind = match q.kind {
            Kind::Lookalike => QueryKind::Levels,
            Kind::PatternQ | Kind::PatternStar | Kind::Fragment => QueryKind::Pattern,
            _ => QueryKind::Near {
                max_edits: q.k as u8,
            },
        };
        let mut query = RastroQuery::new(q.raw.clone(), kind);
        query.makers = q.maker.map(|m| vec![m]);
        query.limit = limit;
        query
    }

    /// rastro's search for `query` (timed, as a peer's search is from its query text): the
    /// corpus rows of the hits (the index was built with row numbers as firearm ids). The
    /// query's fields are filled in before, as its bench does: they are the caller's data, as
    /// the text handed to a peer is.
    fn run(index: &SerialIndex, query: &RastroQuery) -> Result<Vec<u32>> {
        let hits = index.search(query)?;
        Ok(hits.into_iter().map(|h| h.firearm as u32).collect())
    }

    /// Times rastro's top-20 search for `q` (its bench's setting) and records it.
    pub fn record(bench: &mut Bench, index: &SerialIndex, q: &Query, truth: &[u32]) {
        let query = query_of(q, TOP);
        let t = Instant::now();
        let r = run(index, &query);
        bench.record(TOP_PEER, q, truth, r, t.elapsed());
    }

    /// At the first query of a kind (`queries[i]`), runs rastro's top-20 searches for every
    /// query of that kind (the queries come kind by kind), just before the peer answers them.
    /// rastro and the peer each answer a kind's queries back to back, as in their own runs,
    /// within seconds of each other: the same phase of the machine, and neither evicting the
    /// other's memory between two of its queries.
    pub fn record_block_before(
        bench: &mut Bench,
        index: &SerialIndex,
        corpus: &Corpus,
        queries: &[Query],
        truth: &[Vec<u32>],
        i: usize,
    ) {
        if !first_of_kind(queries, i) {
            return;
        }
        let kind = queries[i].kind;
        warm_up(corpus, &queries[i], |q| {
            let _ = run(index, &query_of(q, TOP));
        });
        let block = queries[i..].iter().take_while(|q| q.kind == kind).count();
        for (q, tr) in queries[i..i + block].iter().zip(&truth[i..i + block]) {
            record(bench, index, q, tr);
        }
    }

    /// Times rastro's search for all hits of every query, in a pass of its own (after the
    /// top-20 pass: the memory of a query was last touched several queries before), for the
    /// recall against the brute force: the top 20 cannot have full recall.
    pub fn record_all_hits(
        bench: &mut Bench,
        index: &SerialIndex,
        corpus: &Corpus,
        queries: &[Query],
        truth: &[Vec<u32>],
    ) {
        let mut missed = 0;
        for (q, tr) in queries.iter().zip(truth) {
            let query = query_of(q, 0);
            let t = Instant::now();
            let r = run(index, &query);
            let took = t.elapsed();
            if let Ok(got) = &r {
                missed += report_misses(corpus, q, tr, got);
            }
            bench.record(ALL_PEER, q, tr, r, took);
        }
        eprintln!("rastro: {missed} firearms in reach missed by its all-hits searches (must be 0)");
        bench.notes.push(format!(
            "rastro cross-check: {missed} firearms in reach missed by `{ALL_PEER}`."
        ));
    }

    /// The firearms in reach (`truth`, sorted) that `got` lacks, the first few printed.
    fn report_misses(corpus: &Corpus, q: &Query, truth: &[u32], got: &[u32]) -> usize {
        let mut got = got.to_vec();
        got.sort_unstable();
        let missing: Vec<u32> = truth
            .iter()
            .copied()
            .filter(|r| got.binary_search(r).is_err())
            .collect();
        if let Some(&row) = missing.first() {
            eprintln!(
                "  rastro missed {} of {} for {} {:?} (the harness's form {:?}), e.g. row {row} {:?}",
                missing.len(),
                truth.len(),
                q.kind.name(),
                q.raw,
                q.text,
                corpus.l3[row as usize]
            );
        }
        missing.len()
    }

    pub const TOP_PEER: &str = "rastro (top 20, same run)";
    pub const ALL_PEER: &str = "rastro (all hits, same run)";
}

// ---------------------------------------------------------------------------------------------
// Peer: SQLite FTS5 trigram

mod peer_sqlite {
    use super::*;
    use rusqlite::{params, Connection};

    pub fn open(path: &Path, c: &Corpus, reuse: bool) -> Result<(Connection, Option<Duration>)> {
        if !reuse && path.exists() {
            std::fs::remove_file(path)?;
        }
        let conn = Connection::open(path)?;
        conn.execute_batch("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-2000000; PRAGMA temp_store=MEMORY;")?;
        let has_fts5: bool =
            conn.query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| {
                r.get(0)
            })?;
        if !has_fts5 {
            bail!("this SQLite was built without FTS5");
        }
        if reuse {
            let n: Option<i64> = conn
                .query_row("SELECT count(*) FROM s", [], |r| r.get(0))
                .ok();
            if n == Some(c.l3.len() as i64) {
                eprintln!("  sqlite: reusing {}", path.display());
                return Ok((conn, None));
            }
            conn.execute_batch("DROP TABLE IF EXISTS s;")?;
        }
        let t = Instant::now();
        conn.execute_batch(r#"CREATE VIRTUAL TABLE s USING fts5(l3, maker UNINDEXED, tokenize="trigram case_sensitive 1");"#)?;
        conn.execute_batch("BEGIN")?;
        {
            let mut st = conn.prepare("INSERT INTO s(rowid, l3, maker) VALUES (?1, ?2, ?3)")?;
            for (i, s) in c.l3.iter().enumerate() {
                st.execute(params![i as i64, s, c.makers[c.maker_of[i] as usize]])?;
            }
        }
        conn.execute_batch("COMMIT; INSERT INTO s(s) VALUES('optimize');")?;
        Ok((conn, Some(t.elapsed())))
    }

    /// GLOB with `[` escaped (`?` and `*` are already GLOB's wildcards).
    pub fn glob(p: &str) -> String {
        p.replace('[', "[[]")
    }

    pub fn search(conn: &Connection, c: &Corpus, q: &Query) -> Result<Vec<u32>> {
        let g = glob(&q.text);
        let mut out = Vec::new();
        match q.maker {
            None => {
                let mut st = conn.prepare_cached("SELECT rowid FROM s WHERE l3 GLOB ?1")?;
                let mut rows = st.query(params![g])?;
                while let Some(r) = rows.next()? {
                    out.push(r.get::<_, i64>(0)? as u32);
                }
            }
            Some(m) => {
                let name = c
                    .makers
                    .get(m as usize)
                    .map(String::as_str)
                    .unwrap_or("\u{1}");
                let mut st =
                    conn.prepare_cached("SELECT rowid FROM s WHERE l3 GLOB ?1 AND maker = ?2")?;
                let mut rows = st.query(params![g, name])?;
                while let Some(r) = rows.next()? {
                    out.push(r.get::<_, i64>(0)? as u32);
                }
            }
        }
        Ok(out)
    }
}

// ---------------------------------------------------------------------------------------------
// Peer: PostgreSQL pg_trgm

mod peer_pg {
    use super::*;
    use postgres::{Client, NoTls, Statement};

    pub struct Pg {
        pub client: Client,
        like_all: Statement,
        like_maker: Statement,
        sim_all: Statement,
        sim_maker: Statement,
        simlev_all: Statement,
        simlev_maker: Statement,
    }

    fn copy_escape(s: &str) -> String {
        s.replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
            .replace('\r', "\\r")
    }

    pub fn open(
        conn: &str,
        c: &Corpus,
        reuse: bool,
        threshold: f64,
    ) -> Result<(Pg, Option<Duration>)> {
        let mut client = Client::connect(conn, NoTls)
            .with_context(|| format!("connect to PostgreSQL ({conn})"))?;
        client.batch_execute("CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS fuzzystrmatch; SET max_parallel_workers_per_gather = 0; SET jit = off;")?;
        let mut built = None;
        let existing: Option<i64> = if reuse {
            client
                .query_opt("SELECT n FROM serial_peers_meta", &[])
                .ok()
                .flatten()
                .map(|r| r.get(0))
        } else {
            None
        };
        if existing == Some(c.l3.len() as i64) {
            eprintln!("  pg: reusing table serials ({} rows)", c.l3.len());
        } else {
            let t = Instant::now();
            client.batch_execute(
                "DROP TABLE IF EXISTS serials; DROP TABLE IF EXISTS serial_peers_meta;
                 CREATE UNLOGGED TABLE serials (id int4 NOT NULL, maker text NOT NULL, l3 text NOT NULL);",
            )?;
            {
                let mut w = client.copy_in("COPY serials (id, maker, l3) FROM STDIN")?;
                let mut buf = Vec::with_capacity(1 << 22);
                for (i, s) in c.l3.iter().enumerate() {
                    writeln!(
                        buf,
                        "{}\t{}\t{}",
                        i,
                        copy_escape(&c.makers[c.maker_of[i] as usize]),
                        copy_escape(s)
                    )?;
                    if buf.len() > (1 << 22) - 4096 {
                        w.write_all(&buf)?;
                        buf.clear();
                    }
                }
                w.write_all(&buf)?;
                w.finish()?;
            }
            let loaded = t.elapsed();
            client.batch_execute(
                "SET maintenance_work_mem = '2GB';
                 CREATE INDEX serials_l3_trgm ON serials USING gin (l3 gin_trgm_ops);
                 CREATE INDEX serials_maker ON serials (maker);
                 ANALYZE serials;",
            )?;
            client.batch_execute(&format!(
                "CREATE TABLE serial_peers_meta (n int8); INSERT INTO serial_peers_meta VALUES ({});",
                c.l3.len()
            ))?;
            eprintln!(
                "  pg: COPY {:.1}s, total with GIN + btree + ANALYZE {:.1}s",
                loaded.as_secs_f64(),
                t.elapsed().as_secs_f64()
            );
            built = Some(t.elapsed());
        }
        client.batch_execute(&format!("SET pg_trgm.similarity_threshold = {threshold};"))?;
        let like_all = client.prepare("SELECT id FROM serials WHERE l3 LIKE $1")?;
        let like_maker =
            client.prepare("SELECT id FROM serials WHERE l3 LIKE $1 AND maker = $2")?;
        let sim_all = client.prepare("SELECT id FROM serials WHERE l3 % $1")?;
        let sim_maker = client.prepare("SELECT id FROM serials WHERE l3 % $1 AND maker = $2")?;
        let simlev_all =
            client.prepare("SELECT id FROM serials WHERE l3 % $1 AND levenshtein(l3, $1) <= $2")?;
        let simlev_maker = client.prepare(
            "SELECT id FROM serials WHERE l3 % $1 AND maker = $3 AND levenshtein(l3, $1) <= $2",
        )?;
        Ok((
            Pg {
                client,
                like_all,
                like_maker,
                sim_all,
                sim_maker,
                simlev_all,
                simlev_maker,
            },
            built,
        ))
    }

    /// `?` → `_`, `*` → `%`, with LIKE's own `\ % _` escaped.
    pub fn like(p: &str) -> String {
        let mut s = String::with_capacity(p.len() + 4);
        for ch in p.chars() {
            match ch {
                '?' => s.push('_'),
                '*' => s.push('%'),
                '\\' | '%' | '_' => {
                    s.push('\\');
                    s.push(ch);
                }
                c => s.push(c),
            }
        }
        s
    }

    fn maker_name<'a>(c: &'a Corpus, q: &Query) -> &'a str {
        q.maker
            .and_then(|m| c.makers.get(m as usize))
            .map(String::as_str)
            .unwrap_or("\u{1}")
    }

    fn ids(rows: Vec<postgres::Row>) -> Vec<u32> {
        rows.iter().map(|r| r.get::<_, i32>(0) as u32).collect()
    }

    pub fn search_like(pg: &mut Pg, c: &Corpus, q: &Query) -> Result<Vec<u32>> {
        let l = like(&q.text);
        Ok(ids(match q.maker {
            None => pg.client.query(&pg.like_all, &[&l])?,
            Some(_) => pg.client.query(&pg.like_maker, &[&l, &maker_name(c, q)])?,
        }))
    }

    pub fn search_sim(pg: &mut Pg, c: &Corpus, q: &Query) -> Result<Vec<u32>> {
        Ok(ids(match q.maker {
            None => pg.client.query(&pg.sim_all, &[&q.text])?,
            Some(_) => pg
                .client
                .query(&pg.sim_maker, &[&q.text, &maker_name(c, q)])?,
        }))
    }

    pub fn search_simlev(pg: &mut Pg, c: &Corpus, q: &Query) -> Result<Vec<u32>> {
        let k = q.k as i32;
        Ok(ids(match q.maker {
            None => pg.client.query(&pg.simlev_all, &[&q.text, &k])?,
            Some(_) => pg
                .client
                .query(&pg.simlev_maker, &[&q.text, &k, &maker_name(c, q)])?,
        }))
    }
}

// ---------------------------------------------------------------------------------------------
// rastro's own figures (optional `rastro.json`)

#[derive(Clone, Copy, Debug)]
struct Ref {
    p50_ms: f64,
    p99_ms: f64,
}

/// Accepts, leniently, what rastro's bench writes: either a list of objects or an object holding
/// one (under `results`, `rows`, `queries` or `kinds`), or a map from kind (optionally
/// `kind/scope`) to an object. Each object: `kind`, optional `scope` (`maker`|`all`) or
/// `maker_scoped`/`scoped` (bool), and latency as `p50_ms`|`median_ms`|`p50_us`|`median_us`|
/// `p50_ns`|`median_ns` and `p99_ms`|`p99_us`|`p99_ns`.
fn load_rastro(path: &Path) -> Result<HashMap<(Kind, &'static str), Ref>> {
    use serde_json::Value;
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let mut entries: Vec<(Option<String>, Value)> = Vec::new();
    let collect = |v: &Value, entries: &mut Vec<(Option<String>, Value)>| match v {
        Value::Array(a) => entries.extend(a.iter().map(|x| (None, x.clone()))),
        Value::Object(o) => entries.extend(o.iter().map(|(k, x)| (Some(k.clone()), x.clone()))),
        _ => {}
    };
    match &v {
        Value::Object(o)
            if ["results", "rows", "queries", "kinds"]
                .iter()
                .any(|k| o.contains_key(*k)) =>
        {
            for k in ["results", "rows", "queries", "kinds"] {
                if let Some(x) = o.get(k) {
                    collect(x, &mut entries);
                }
            }
        }
        other => collect(other, &mut entries),
    }
    let num = |o: &serde_json::Map<String, Value>, names: &[(&str, f64)]| {
        names
            .iter()
            .find_map(|(n, scale)| o.get(*n).and_then(Value::as_f64).map(|x| x * scale))
    };
    let mut out = HashMap::new();
    for (key, e) in entries {
        let Value::Object(o) = e else { continue };
        let (kname, kscope) = match &key {
            Some(k) => match k.split_once(['/', ':', '.']) {
                Some((a, b)) => (a.to_string(), Some(b.to_string())),
                None => (k.clone(), None),
            },
            None => (String::new(), None),
        };
        let kind_s = o
            .get("kind")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or(kname);
        let Some(kind) = Kind::parse(&kind_s) else {
            continue;
        };
        let scope = o
            .get("scope")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or(kscope)
            .or_else(|| {
                o.get("maker_scoped")
                    .or(o.get("scoped"))
                    .and_then(Value::as_bool)
                    .map(|b| if b { "maker".into() } else { "all".into() })
            });
        let p50 = num(
            &o,
            &[
                ("p50_ms", 1.0),
                ("median_ms", 1.0),
                ("p50_us", 1e-3),
                ("median_us", 1e-3),
                ("p50_ns", 1e-6),
                ("median_ns", 1e-6),
            ],
        );
        let p99 = num(&o, &[("p99_ms", 1.0), ("p99_us", 1e-3), ("p99_ns", 1e-6)]);
        let (Some(p50_ms), Some(p99_ms)) = (p50, p99) else {
            continue;
        };
        let r = Ref { p50_ms, p99_ms };
        match scope.as_deref() {
            Some("maker") | Some("maker_scoped") | Some("scoped") => {
                out.insert((kind, "maker"), r);
            }
            Some("all") | Some("all_makers") | Some("global") => {
                out.insert((kind, "all"), r);
            }
            _ => {
                out.entry((kind, "maker")).or_insert(r);
                out.entry((kind, "all")).or_insert(r);
            }
        }
    }
    Ok(out)
}

/// rastro's bench output as printed (`cargo bench -p rastro-serial | tee rastro-bench.txt`): the
/// section `== N serials ...` for this corpus size, rows `kind scope queries median p99 ...`.
fn load_rastro_txt(path: &Path, n: usize) -> Result<HashMap<(Kind, &'static str), Ref>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = HashMap::new();
    let mut in_section = false;
    for line in text.lines() {
        if let Some(h) = line.trim().strip_prefix("== ") {
            in_section = h
                .split_whitespace()
                .next()
                .map(|x| x.replace([',', '_'], ""))
                == Some(n.to_string());
            continue;
        }
        if !in_section {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 5 {
            continue;
        }
        let (Some(kind), Ok(p50), Ok(p99)) =
            (Kind::parse(f[0]), f[3].parse::<f64>(), f[4].parse::<f64>())
        else {
            continue;
        };
        let scope = match f[1] {
            "maker" => "maker",
            "all" => "all",
            _ => continue,
        };
        out.insert(
            (kind, scope),
            Ref {
                p50_ms: p50,
                p99_ms: p99,
            },
        );
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Main

struct Args {
    generate: Option<usize>,
    data: PathBuf,
    per_kind: usize,
    makers: usize,
    seed: u64,
    max_per_kind: usize,
    peers: Vec<String>,
    pg: String,
    pg_threshold: f64,
    sqlite_db: Option<PathBuf>,
    reuse: bool,
    threads: usize,
    size: Option<String>,
    /// Only these query kinds (`--kinds lookalike,edit1`); all when empty.
    kinds: Vec<Kind>,
}

fn parse_args() -> Result<Args> {
    let mut a = Args {
        generate: None,
        data: std::env::var_os("RASTRO_SERIAL_BENCH_OUT")
            .map(PathBuf::from)
            .unwrap_or_else(|| "/tmp/rastro-serial-bench".into()),
        per_kind: 200,
        makers: 1000,
        seed: 42,
        max_per_kind: usize::MAX,
        peers: vec!["fst".into(), "sqlite".into(), "pg".into(), "rastro".into()],
        pg: std::env::var("SERIAL_PEERS_PG")
            .unwrap_or_else(|_| "host=/tmp port=55432 user=postgres dbname=postgres".into()),
        pg_threshold: 0.3,
        sqlite_db: None,
        reuse: false,
        threads: 2,
        size: None,
        kinds: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut val = || it.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--generate" => a.generate = Some(val()?.replace('_', "").parse()?),
            "--data" | "--out" => a.data = val()?.into(),
            "--queries-per-kind" => a.per_kind = val()?.parse()?,
            "--makers" => a.makers = val()?.parse()?,
            "--seed" => a.seed = val()?.parse()?,
            "--max-per-kind" => a.max_per_kind = val()?.parse()?,
            "--peers" => a.peers = val()?.split(',').map(str::to_string).collect(),
            "--pg" => a.pg = val()?,
            "--pg-threshold" => a.pg_threshold = val()?.parse()?,
            "--sqlite-db" => a.sqlite_db = Some(val()?.into()),
            "--reuse" => a.reuse = true,
            "--threads" => a.threads = val()?.parse()?,
            "--size" => a.size = Some(val()?),
            "--kinds" => {
                for name in val()?.split(',') {
                    let kind =
                        Kind::parse(name).with_context(|| format!("unknown kind {name:?}"))?;
                    a.kinds.push(kind);
                }
            }
            "-h" | "--help" => {
                println!("{}", include_str!("../README.md"));
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?} (see --help)"),
        }
    }
    Ok(a)
}

fn main() -> Result<()> {
    let args = parse_args()?;
    if let Some(n) = args.generate {
        let t = Instant::now();
        gen::generate(n, &args.data, args.per_kind, args.makers, args.seed)?;
        eprintln!(
            "generated {n} serials and {} queries per kind in {} ({:.1}s)",
            args.per_kind,
            args.data.display(),
            t.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    // The folder holds corpus.tsv itself, or one sub-folder per corpus size (as
    // `cargo bench -p rastro-serial` writes them: `$RASTRO_SERIAL_BENCH_OUT/<size>/`).
    let mut sets = Vec::new();
    if args.data.join("corpus.tsv").exists() {
        sets.push(args.data.clone());
    } else {
        for e in std::fs::read_dir(&args.data)
            .with_context(|| format!("read {}", args.data.display()))?
        {
            let p = e?.path();
            if p.join("corpus.tsv").exists() && p.join("queries.tsv").exists() {
                sets.push(p);
            }
        }
        let size = |p: &PathBuf| {
            p.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(u64::MAX)
        };
        sets.sort_by_key(size);
        if let Some(only) = &args.size {
            sets.retain(|p| p.file_name().and_then(|n| n.to_str()) == Some(only.as_str()));
        }
        if sets.is_empty() {
            bail!(
                "no corpus.tsv in {} nor in its sub-folders",
                args.data.display()
            );
        }
    }
    for set in sets {
        run_one(&args, &set)?;
    }
    Ok(())
}

fn run_one(args: &Args, data: &Path) -> Result<()> {
    let t = Instant::now();
    let want = |p: &str| args.peers.iter().any(|x| x == p);
    let mut rastro_builder = want("rastro").then(rastro_serial::IndexBuilder::new);
    let corpus = load_corpus(&data.join("corpus.tsv"), rastro_builder.as_mut())?;
    let mut queries = load_queries(&data.join("queries.tsv"), &corpus, args.max_per_kind)?;
    if !args.kinds.is_empty() {
        queries.retain(|q| args.kinds.contains(&q.kind));
    }
    eprintln!(
        "loaded {} serials, {} makers, {} queries ({:.1}s)",
        corpus.l3.len(),
        corpus.makers.len(),
        queries.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let dicts = build_dicts(&corpus);
    eprintln!(
        "dictionaries: {} distinct L3 forms ({:.1}s)",
        dicts.global.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let truth = brute_all(&dicts, &queries, args.threads);
    eprintln!(
        "brute force: {} queries, {} hits ({:.1}s)",
        queries.len(),
        truth.iter().map(Vec::len).sum::<usize>(),
        t.elapsed().as_secs_f64()
    );

    let mut bench = Bench {
        notes: Vec::new(),
        cells: BTreeMap::new(),
        builds: Vec::new(),
    };
    let n = corpus.l3.len();
    let rastro_index = rastro_builder.map(|b| {
        let t = Instant::now();
        let index = b.build();
        bench.builds.push((
            "rastro (same run)".into(),
            t.elapsed(),
            index.memory_bytes(),
            "memory_bytes(); the builder's adds overlap the corpus load, untimed".into(),
        ));
        eprintln!("rastro: built in {:.1}s", t.elapsed().as_secs_f64());
        index
    });
    // Kinds whose queries rastro has answered beside a peer; the others get a pass of their own.
    let mut rastro_done: Vec<Kind> = Vec::new();

    if want("fst") {
        let t = Instant::now();
        let global = peer_fst::build_global(&dicts)?;
        let tg = t.elapsed();
        bench.builds.push((
            "fst (one FST)".into(),
            tg,
            global.as_fst().size(),
            format!("{} keys", global.len()),
        ));
        let t = Instant::now();
        let per_maker = peer_fst::build_per_maker(&dicts)?;
        let tm = t.elapsed();
        let bytes: usize = per_maker.iter().map(|m| m.as_fst().size()).sum();
        bench.builds.push((
            "fst (per maker)".into(),
            tm,
            bytes,
            format!("{} FSTs", per_maker.len()),
        ));
        let (mut misses, mut unexplained) = (0usize, 0usize);
        eprintln!(
            "fst: built (global {:.1}s, per maker {:.1}s)",
            tg.as_secs_f64(),
            tm.as_secs_f64()
        );
        for (i, (q, tr)) in queries.iter().zip(&truth).enumerate() {
            if !q.kind.is_near() {
                continue;
            }
            if let Some(index) = &rastro_index {
                peer_rastro::record_block_before(&mut bench, index, &corpus, &queries, &truth, i);
            }
            if first_of_kind(&queries, i) {
                warm_up(&corpus, q, |w| {
                    let filter = w.maker.map(|m| (&corpus.maker_of[..], m));
                    let _ = peer_fst::search(&global, &dicts.global, w, filter);
                    if w.kind == Kind::Lookalike {
                        let _ = peer_fst::get(&global, &dicts.global, w, filter);
                    }
                    let maker = w.maker.map(|m| m as usize);
                    if let Some((map, dict)) =
                        maker.and_then(|m| per_maker.get(m).zip(dicts.per_maker.get(m)))
                    {
                        let _ = peer_fst::search(map, dict, w, None);
                    }
                });
            }
            let t = Instant::now();
            let r = peer_fst::search(
                &global,
                &dicts.global,
                q,
                q.maker.map(|m| (&corpus.maker_of[..], m)),
            );
            let el = t.elapsed();
            if let Ok(got) = &r {
                // Cross-check of the brute force: every firearm fst misses must be one that plain
                // Levenshtein puts beyond k (i.e. it needs a transposition under OSA).
                let mut got = got.clone();
                got.sort_unstable();
                for &row in tr {
                    if got.binary_search(&row).is_err() {
                        misses += 1;
                        if norm::levenshtein(&corpus.l3[row as usize], &q.text) <= q.k {
                            unexplained += 1;
                            if unexplained <= 5 {
                                eprintln!(
                                    "  fst missed {:?} for {:?} within Levenshtein {}",
                                    corpus.l3[row as usize], q.text, q.k
                                );
                            }
                        }
                    }
                }
            }
            bench.record("fst (one FST)", q, tr, r, el);
            if q.kind == Kind::Lookalike {
                let filter = q.maker.map(|m| (&corpus.maker_of[..], m));
                let t = Instant::now();
                let r = peer_fst::get(&global, &dicts.global, q, filter);
                bench.record("fst (one FST, exact get)", q, tr, Ok(r), t.elapsed());
            }
            if let Some(m) = q.maker {
                let t = Instant::now();
                let r = match per_maker.get(m as usize) {
                    Some(map) => peer_fst::search(map, &dicts.per_maker[m as usize], q, None),
                    None => Ok(Vec::new()),
                };
                bench.record("fst (per maker)", q, tr, r, t.elapsed());
            }
        }
        rastro_done.extend(queries.iter().map(|q| q.kind).filter(|k| k.is_near()));
        eprintln!("fst: queried; {misses} firearms in reach missed by the one FST, {unexplained} of them within plain Levenshtein k (must be 0)");
        bench.notes.push(format!("fst cross-check: {misses} firearms in reach missed by `fst (one FST)`, all but {unexplained} at plain Levenshtein distance > k (transpositions)."));
    }

    // fst configured for full recall under OSA (Levenshtein 2k, then an OSA check).
    if want("fst-full") {
        let global = peer_fst::build_global(&dicts)?;
        let per_maker = peer_fst::build_per_maker(&dicts)?;
        for (q, tr) in queries.iter().zip(&truth) {
            if !q.kind.is_near() || q.k == 0 {
                continue;
            }
            let filter = q.maker.map(|m| (&corpus.maker_of[..], m));
            let t = Instant::now();
            let r = peer_fst::search_full_recall(&global, &dicts.global, q, filter);
            bench.record("fst (one FST, Lev. 2k + OSA)", q, tr, r, t.elapsed());
            if let Some(m) = q.maker {
                let t = Instant::now();
                let r = match per_maker.get(m as usize) {
                    Some(map) => {
                        peer_fst::search_full_recall(map, &dicts.per_maker[m as usize], q, None)
                    }
                    None => Ok(Vec::new()),
                };
                bench.record("fst (per maker, Lev. 2k + OSA)", q, tr, r, t.elapsed());
            }
        }
        eprintln!("fst-full: queried");
    }

    if want("sqlite") {
        let db = args
            .sqlite_db
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join(format!("serial-peers-{n}.sqlite")));
        let (conn, built) = peer_sqlite::open(&db, &corpus, args.reuse)?;
        if let Some(b) = built {
            let size = std::fs::metadata(&db)
                .map(|m| m.len() as usize)
                .unwrap_or(0);
            bench.builds.push((
                "sqlite fts5 trigram".into(),
                b,
                size,
                db.display().to_string(),
            ));
            eprintln!("sqlite: built in {:.1}s", b.as_secs_f64());
        }
        // Warm the page cache once.
        let _ = conn.query_row("SELECT count(*) FROM s WHERE l3 GLOB '*123*'", [], |r| {
            r.get::<_, i64>(0)
        });
        for (i, (q, tr)) in queries.iter().zip(&truth).enumerate() {
            if q.kind.is_near() {
                continue;
            }
            if let Some(index) = &rastro_index {
                peer_rastro::record_block_before(&mut bench, index, &corpus, &queries, &truth, i);
            }
            if first_of_kind(&queries, i) {
                warm_up(&corpus, q, |w| {
                    let _ = peer_sqlite::search(&conn, &corpus, w);
                });
            }
            let t = Instant::now();
            let r = peer_sqlite::search(&conn, &corpus, q);
            bench.record("sqlite fts5 trigram", q, tr, r, t.elapsed());
        }
        rastro_done.extend(queries.iter().map(|q| q.kind).filter(|k| !k.is_near()));
        eprintln!("sqlite: queried");
    }

    if let Some(index) = &rastro_index {
        for (q, tr) in queries.iter().zip(&truth) {
            if !rastro_done.contains(&q.kind) {
                peer_rastro::record(&mut bench, index, q, tr);
            }
        }
        peer_rastro::record_all_hits(&mut bench, index, &corpus, &queries, &truth);
        eprintln!("rastro: queried");
    }

    if want("pg") {
        let (mut pg, built) = peer_pg::open(&args.pg, &corpus, args.reuse, args.pg_threshold)?;
        if let Some(b) = built {
            let size: i64 = pg
                .client
                .query_one("SELECT pg_total_relation_size('serials')", &[])?
                .get(0);
            bench.builds.push((
                "postgres pg_trgm GIN".into(),
                b,
                size as usize,
                "table + GIN + btree(maker)".into(),
            ));
        }
        let _ = pg
            .client
            .query("SELECT count(*) FROM serials WHERE l3 LIKE '%123%'", &[]);
        let sim = format!("pg_trgm % (t={})", args.pg_threshold);
        let simlev = format!("pg_trgm % + levenshtein (t={})", args.pg_threshold);
        for (q, tr) in queries.iter().zip(&truth) {
            let t = Instant::now();
            if q.kind.is_near() {
                let r = peer_pg::search_sim(&mut pg, &corpus, q);
                bench.record(&sim, q, tr, r, t.elapsed());
                let t = Instant::now();
                let r = peer_pg::search_simlev(&mut pg, &corpus, q);
                bench.record(&simlev, q, tr, r, t.elapsed());
            } else {
                let r = peer_pg::search_like(&mut pg, &corpus, q);
                bench.record("pg_trgm LIKE", q, tr, r, t.elapsed());
            }
        }
        eprintln!("pg: queried");
    }

    let rastro_path = data.join("rastro.json");
    let rastro_txt = [
        data.join("rastro-bench.txt"),
        data.parent().unwrap_or(data).join("rastro-bench.txt"),
    ]
    .into_iter()
    .find(|p| p.exists());
    let same_run = same_run_figures(&mut bench);
    let rastro = if !same_run.is_empty() {
        Some(same_run)
    } else if rastro_path.exists() || rastro_txt.is_some() {
        let loaded = if rastro_path.exists() {
            load_rastro(&rastro_path)
        } else {
            load_rastro_txt(rastro_txt.as_deref().unwrap(), corpus.l3.len())
        };
        match loaded {
            Ok(r) if !r.is_empty() => Some(r),
            Ok(_) => {
                eprintln!("rastro.json: no usable entries, column left out");
                None
            }
            Err(e) => {
                eprintln!("rastro.json: {e:#}; column left out");
                None
            }
        }
    } else {
        None
    };

    let report = render(data, &corpus, &dicts, &queries, &mut bench, rastro.as_ref());
    print!("{report}");
    let _ = std::fs::write(data.join("peers.md"), &report);
    Ok(())
}

/// rastro's p50 and p99 by kind and scope from its top-20 searches in this run, if it ran.
fn same_run_figures(bench: &mut Bench) -> HashMap<(Kind, &'static str), Ref> {
    bench
        .cells
        .iter_mut()
        .filter(|((peer, _, _), c)| peer == peer_rastro::TOP_PEER && !c.lat.is_empty())
        .map(|((_, kind, scope), c)| {
            let r = Ref {
                p50_ms: pct(&mut c.lat, 0.5),
                p99_ms: pct(&mut c.lat, 0.99),
            };
            ((*kind, *scope), r)
        })
        .collect()
}

fn render(
    data: &Path,
    corpus: &Corpus,
    dicts: &Dicts,
    queries: &[Query],
    bench: &mut Bench,
    rastro: Option<&HashMap<(Kind, &'static str), Ref>>,
) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let n = corpus.l3.len();
    let _ = writeln!(
        s,
        "## Serial-search peers: {} serials ({} distinct L3 forms), {} makers, {} queries\n",
        n,
        dicts.global.len(),
        corpus.makers.len(),
        queries.len()
    );
    let _ = writeln!(
        s,
        "Data: `{}`. Latency: one query at a time, client side, milliseconds.",
        data.display()
    );
    let _ = writeln!(s, "Recall = firearms in reach found / firearms in reach (brute force over the same corpus), over the queries answered (refused ones are counted as errors); full = queries with every firearm in reach found; precision = returned in reach / returned.\n");
    let _ = write!(
        s,
        "| kind | scope | peer | queries | recall | full | precision | p50 ms | p99 ms |"
    );
    if rastro.is_some() {
        let _ = write!(
            s,
            " rastro p50 | rastro p99 | rastro/peer p50 | rastro/peer p99 |"
        );
    }
    let _ = writeln!(s);
    let _ = write!(s, "|---|---|---|--:|--:|--:|--:|--:|--:|");
    if rastro.is_some() {
        let _ = write!(s, "--:|--:|--:|--:|");
    }
    let _ = writeln!(s);
    let mut keys: Vec<Key> = bench.cells.keys().cloned().collect();
    keys.sort_by(|a, b| (a.1, a.2, &a.0).cmp(&(b.1, b.2, &b.0)));
    for key in keys {
        let c = bench.cells.get_mut(&key).unwrap();
        let recall = if c.truth == 0 {
            f64::NAN
        } else {
            c.found as f64 / c.truth as f64
        };
        let precision = if c.returned == 0 {
            f64::NAN
        } else {
            c.found as f64 / c.returned as f64
        };
        let p50 = pct(&mut c.lat, 0.5);
        let p99 = pct(&mut c.lat, 0.99);
        let errs = if c.errors > 0 {
            format!(" ({} errors)", c.errors)
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "| {} | {} | {} | {}{} | {:.2}% | {}/{} | {:.2}% | {:.3} | {:.3} |",
            key.1.name(),
            key.2,
            key.0,
            c.n,
            errs,
            recall * 100.0,
            c.full,
            c.n,
            precision * 100.0,
            p50,
            p99
        );
        if let Some(r) = rastro.filter(|_| !key.0.starts_with("rastro")) {
            match r.get(&(key.1, key.2)) {
                Some(r) => {
                    let _ = write!(
                        s,
                        " {:.4} | {:.4} | {:.4} | {:.4} |",
                        r.p50_ms,
                        r.p99_ms,
                        r.p50_ms / p50,
                        r.p99_ms / p99
                    );
                }
                None => {
                    let _ = write!(s, " | | | |");
                }
            }
        } else if rastro.is_some() {
            let _ = write!(s, " | | | |");
        }
        let _ = writeln!(s);
    }
    for n in &bench.notes {
        let _ = writeln!(s, "\n{n}");
    }
    let _ = writeln!(
        s,
        "\n| peer | build s | serials/s | size MiB | note |\n|---|--:|--:|--:|---|"
    );
    for (name, t, bytes, note) in &bench.builds {
        let _ = writeln!(
            s,
            "| {} | {:.1} | {:.0} | {:.1} | {} |",
            name,
            t.as_secs_f64(),
            n as f64 / t.as_secs_f64(),
            *bytes as f64 / (1 << 20) as f64,
            note
        );
    }
    s
}

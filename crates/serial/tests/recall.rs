//! Exact recall: the index against brute force on 1,000 random queries of each kind over a
//! corpus of 1 million serials in real makers' formats. Not one serial within a query's reach
//! may be missed, and none outside it returned.
//!
//! The brute force is written independently of the index: a textbook OSA table and a
//! recursive glob, over every entry of the query's scope whose length can match.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use common::corpus::{corpus, derive, Entry, Kind, Rng, MAKERS};
use rastro_serial::{
    fold_confusable, level_key, Attrs, IndexBuilder, Level, Query, QueryKind, SerialIndex,
};

const CORPUS: usize = 1_000_000;
const QUERIES: usize = 1_000;

struct Fixture {
    entries: Vec<Entry>,
    l3: Vec<Vec<char>>,
    /// Entry ids by (maker, L3 length), and by L3 length over all makers.
    by_maker_len: HashMap<(u32, usize), Vec<u32>>,
    by_len: HashMap<usize, Vec<u32>>,
    by_maker: HashMap<u32, Vec<u32>>,
    index: SerialIndex,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let entries = corpus(CORPUS, 42);
        let mut b = IndexBuilder::new();
        for e in &entries {
            let attrs = Attrs {
                firearm_type: e.firearm_type,
                caliber: e.caliber,
            };
            b.add(e.maker, &e.serial, e.firearm, attrs);
        }
        let index = b.build();
        let l3: Vec<Vec<char>> = entries
            .iter()
            .map(|e| level_key(&e.serial, Level::Confusable).chars().collect())
            .collect();
        let (mut by_maker_len, mut by_len, mut by_maker) =
            (HashMap::new(), HashMap::new(), HashMap::new());
        for (i, e) in entries.iter().enumerate() {
            let n = l3[i].len();
            by_maker_len
                .entry((e.maker, n))
                .or_insert_with(Vec::new)
                .push(i as u32);
            by_len.entry(n).or_insert_with(Vec::new).push(i as u32);
            by_maker
                .entry(e.maker)
                .or_insert_with(Vec::new)
                .push(i as u32);
        }
        Fixture {
            entries,
            l3,
            by_maker_len,
            by_len,
            by_maker,
            index,
        }
    })
}

/// Textbook optimal-string-alignment distance, or `None` above `k` (three rolling rows on
/// the stack; stops once no later row can come back to `k`).
fn osa(a: &[char], b: &[char], k: usize) -> Option<usize> {
    const W: usize = 80;
    if a.len() >= W || b.len() >= W {
        return None; // never in this corpus (serials are at most 64 bytes)
    }
    let (mut prev2, mut prev, mut cur) = ([0u8; W], [0u8; W], [0u8; W]);
    for (j, x) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *x = j as u8;
    }
    let mut prev_min = 0u8;
    for i in 1..=a.len() {
        cur[0] = i as u8;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + u8::from(a[i - 1] != b[j - 1]);
            let mut v = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        // Later rows come from this one (+0) or the one before (+1 by a transposition).
        let row_min = *cur[..=b.len()].iter().min().unwrap_or(&0);
        if usize::from(row_min.min(prev_min + 1)) > k {
            return None;
        }
        prev_min = row_min;
        (prev2, prev, cur) = (prev, cur, prev2);
    }
    Some(usize::from(prev[b.len()])).filter(|&d| d <= k)
}

/// Glob: `?` one character, `*` any run.
fn glob(p: &[char], s: &[char]) -> bool {
    match p.split_first() {
        None => s.is_empty(),
        Some(('*', [])) => true,
        Some(('*', rest)) => (0..=s.len()).any(|i| glob(rest, &s[i..])),
        Some(('?', rest)) => !s.is_empty() && glob(rest, &s[1..]),
        Some((c, rest)) => s.first() == Some(c) && glob(rest, &s[1..]),
    }
}

/// The pattern as `tracing-rules.md` defines it: wildcards kept, readable characters folded.
fn pattern_chars(text: &str) -> Vec<char> {
    if text.contains(['?', '*']) {
        level_key(text, Level::Confusable).chars().collect()
    } else {
        let body = level_key(text, Level::Separators);
        let body = body.chars().map(fold_confusable);
        std::iter::once('*')
            .chain(body)
            .chain(std::iter::once('*'))
            .collect()
    }
}

struct Case {
    query: Query,
    kind: Kind,
}

/// Queries of `kind`: mostly scoped to the source serial's maker (chosen uniformly among
/// makers 60% of the time, by serial otherwise), 7% to a two-maker identity, 1% to all
/// makers (whose brute force costs a full scan); a fifth carry a type or caliber filter.
fn cases(kind: Kind, seed: u64) -> Vec<Case> {
    let f = fixture();
    let mut rng = Rng::new(seed);
    (0..QUERIES)
        .map(|_| {
            let source = if rng.chance(60) {
                let maker = 1 + rng.below(MAKERS as usize) as u32;
                match f.by_maker.get(&maker) {
                    Some(list) => list[rng.below(list.len())] as usize,
                    None => rng.below(CORPUS),
                }
            } else {
                rng.below(CORPUS)
            };
            let e = &f.entries[source];
            let text = derive(kind, &e.serial, &mut rng);
            let makers = match rng.below(100) {
                0 => None,
                1..=7 => Some(vec![e.maker, 1 + rng.below(MAKERS as usize) as u32]),
                _ => Some(vec![e.maker]),
            };
            let query_kind = match kind {
                Kind::LookAlike => QueryKind::Levels,
                k if k.is_pattern() => QueryKind::Pattern,
                k => QueryKind::Near {
                    max_edits: k.max_edits(),
                },
            };
            let mut query = Query::new(text, query_kind);
            query.makers = makers;
            query.limit = 0;
            match rng.below(10) {
                0 => query.firearm_type = Some(rng.below(4) as u8),
                1 => query.caliber = Some(rng.below(12) as u16),
                _ => {}
            }
            Case { query, kind }
        })
        .collect()
}

fn attrs_fit(e: &Entry, q: &Query) -> bool {
    let t = !matches!((q.firearm_type, e.firearm_type), (Some(a), Some(b)) if a != b);
    let c = !matches!((q.caliber, e.caliber), (Some(a), Some(b)) if a != b);
    t && c
}

/// Entries of the query's scope with an L3 length in `lens`.
fn scope(f: &Fixture, q: &Query, lens: impl Iterator<Item = usize> + Clone) -> Vec<u32> {
    let mut out = Vec::new();
    match &q.makers {
        None => {
            for n in lens {
                out.extend(f.by_len.get(&n).into_iter().flatten());
            }
        }
        Some(makers) => {
            let makers: BTreeSet<u32> = makers.iter().copied().collect();
            for m in makers {
                for n in lens.clone() {
                    out.extend(f.by_maker_len.get(&(m, n)).into_iter().flatten());
                }
            }
        }
    }
    out
}

/// The brute-force answer: firearm → edits (or `None` if the query cannot run).
fn brute(f: &Fixture, case: &Case) -> Option<HashMap<u64, u8>> {
    let q = &case.query;
    let mut out = HashMap::new();
    if case.kind.is_pattern() {
        let p = pattern_chars(&q.text);
        let readable = p.iter().filter(|c| !matches!(c, '?' | '*')).count();
        if readable < 4 {
            return None;
        }
        let max = if p.contains(&'*') { 200 } else { p.len() };
        let min = if p.contains(&'*') { readable } else { p.len() };
        for e in scope(f, q, min..=max) {
            let entry = &f.entries[e as usize];
            if attrs_fit(entry, q) && glob(&p, &f.l3[e as usize]) {
                out.insert(entry.firearm, 0);
            }
        }
    } else {
        let k = usize::from(case.kind.max_edits());
        let q3: Vec<char> = level_key(&q.text, Level::Confusable).chars().collect();
        if q3.is_empty() {
            return None;
        }
        for e in scope(f, q, q3.len().saturating_sub(k)..=q3.len() + k) {
            let entry = &f.entries[e as usize];
            if !attrs_fit(entry, q) {
                continue;
            }
            let s3 = &f.l3[e as usize];
            if let Some(d) = osa(&q3, s3, k) {
                out.insert(entry.firearm, d as u8);
            }
        }
    }
    Some(out)
}

fn check(kind: Kind, seed: u64) {
    let f = fixture();
    let (mut hits, mut empty) = (0usize, 0usize);
    let mut timing = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    for case in cases(kind, seed) {
        let t0 = std::time::Instant::now();
        let expected = brute(f, &case);
        let t1 = std::time::Instant::now();
        let got = f.index.search(&case.query);
        timing.0 += t1 - t0;
        timing.1 += t1.elapsed();
        let (Some(expected), Ok(got)) = (&expected, &got) else {
            assert!(
                expected.is_none() && got.is_err(),
                "{kind:?} {:?}: brute {expected:?}, index {got:?}",
                case.query
            );
            continue;
        };
        let found: HashMap<u64, u8> = got.iter().map(|h| (h.firearm, h.edits)).collect();
        assert_eq!(
            found.len(),
            got.len(),
            "a firearm twice for {:?}",
            case.query
        );
        for (firearm, edits) in expected {
            assert_eq!(
                found.get(firearm),
                Some(edits),
                "{kind:?}: {:?} missed or mis-scored firearm {firearm} ({:?})",
                case.query,
                f.entries[*firearm as usize]
            );
        }
        assert_eq!(
            found.len(),
            expected.len(),
            "{kind:?}: extra hits for {:?}",
            case.query
        );
        assert!(
            got.windows(2)
                .all(|w| (w[0].edits, w[0].unreadable) <= (w[1].edits, w[1].unreadable)),
            "ranking of {:?}",
            case.query
        );
        hits += got.len();
        empty += usize::from(got.is_empty());
        if got.is_empty() && std::env::var_os("RECALL_DEBUG").is_some() {
            eprintln!("no hit: {:?}", case.query);
        }
    }
    eprintln!(
        "{kind:?}: {QUERIES} queries, {hits} hits, {empty} without a hit \
         (brute force {:?}, index {:?})",
        timing.0, timing.1
    );
    assert!(
        hits >= QUERIES / 2,
        "the queries of {kind:?} should find serials"
    );
}

#[test]
fn lookalikes_recall() {
    check(Kind::LookAlike, 1);
}

#[test]
fn one_edit_recall() {
    check(Kind::OneEdit, 2);
}

#[test]
fn two_edits_recall() {
    check(Kind::TwoEdits, 3);
}

#[test]
fn transpositions_recall() {
    check(Kind::Transposition, 4);
}

#[test]
fn pattern_with_question_marks_recall() {
    check(Kind::PatternOne, 5);
}

#[test]
fn pattern_with_stars_recall() {
    check(Kind::PatternStar, 6);
}

#[test]
fn fragments_recall() {
    check(Kind::Fragment, 7);
}

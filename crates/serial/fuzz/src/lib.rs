//! Fuzz bodies of the serial crate, one per cargo-fuzz target (`fuzz_targets/*.rs`).
//!
//! They live in a library, not in the targets, so `crates/serial/tests/fuzz_replay.rs` can
//! include this file and replay the committed seeds (and any corpus) under plain `cargo test`:
//! it therefore uses nothing but `std` and `rastro_serial`.
//!
//! Inputs are raw bytes read by [`Input`]: a few header bytes, then strings separated by
//! `0xFF` (a byte no UTF-8 text contains, so every valid string survives; invalid sequences
//! become U+FFFD). The checks are written independently of the index: a brute force over the
//! indexed serials with `level_key` and the reference `osa_distance`, and a dynamic-programming
//! glob for patterns.

#[path = "../../tests/common/corpus.rs"]
mod corpus;

use std::mem::discriminant;
use std::sync::OnceLock;

use rastro_serial::{
    fold_confusable, level_key, match_level, osa_distance, Attrs, Hit, IndexBuilder, Level, Query,
    QueryError, QueryKind, SerialIndex, Step, MAX_NEAR_CHARS, MAX_QUERY_BYTES, MAX_SERIAL_BYTES,
    MIN_READABLE,
};

/// Most edits a near query may ask for (`QueryKind::Near` documents 0..=2).
const MAX_EDITS: u8 = 2;

/// Reads fuzz input bytes; past the end every read gives zeros or empty strings, so any input,
/// even empty, decodes to something.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// The bytes up to the next `0xFF` (consumed) or the end, as text.
    pub fn text(&mut self) -> String {
        let end = self
            .data
            .iter()
            .position(|&b| b == 0xFF)
            .unwrap_or(self.data.len());
        let s = String::from_utf8_lossy(&self.data[..end]).into_owned();
        self.data = self.data.get(end + 1..).unwrap_or(&[]);
        s
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// levels

/// `levels`: every level of two arbitrary strings; nothing panics, the levels are consistent
/// with one another, `match_level` agrees with the keys.
pub fn levels(data: &[u8]) {
    let mut input = Input::new(data);
    let a = input.text();
    let b = input.text();
    for s in [&a, &b] {
        check_levels_of(s);
    }
    let m = match_level(&a, &b);
    assert_eq!(m, match_level(&b, &a), "match_level is not symmetric");
    assert_eq!(match_level(&a, &a), Some(Level::Exact));
    for level in Level::ALL {
        let equal = level_key(&a, level) == level_key(&b, level);
        // Keys equal at one level stay equal at every looser one, so the strictest matching
        // level splits the levels in two.
        assert_eq!(
            equal,
            m.is_some_and(|m| level >= m),
            "{a:?} {b:?} at {level}: match_level says {m:?}"
        );
    }
}

fn check_levels_of(s: &str) {
    let l0 = level_key(s, Level::Exact);
    let l1 = level_key(s, Level::Separators);
    let l2 = level_key(s, Level::LeadingZeros);
    let l3 = level_key(s, Level::Confusable);
    let upper: String = s.chars().flat_map(char::to_uppercase).collect();
    assert_eq!(l0, upper, "L0 of {s:?}");
    // Each level is the one before with one more step applied.
    let expected_l1: String = l0
        .chars()
        .filter(|&c| !(c.is_whitespace() || matches!(c, '-' | '.' | '/' | '_')))
        .collect();
    assert_eq!(l1, expected_l1, "L1 of {s:?}");
    assert_eq!(l2, l1.trim_start_matches('0'), "L2 of {s:?}");
    let expected_l3: String = l2.chars().map(fold_confusable).collect();
    assert_eq!(l3, expected_l3, "L3 of {s:?}");
    // Idempotence. L3 is not idempotent by design: folding comes after the leading zeros are
    // removed, so "O1" has the L3 form "01", whose own L3 form is "1". What holds is that
    // folding a folded form changes nothing, and that the L2 form is a fixed point.
    for (level, key) in [
        (Level::Exact, &l0),
        (Level::Separators, &l1),
        (Level::LeadingZeros, &l2),
    ] {
        assert_eq!(
            &level_key(key, level),
            key,
            "{level} of {s:?} is not idempotent"
        );
    }
    let refolded: String = l3.chars().map(fold_confusable).collect();
    assert_eq!(refolded, l3, "folding {s:?} twice");
    assert_eq!(
        level_key(&l3, Level::Confusable),
        l3.trim_start_matches('0')
    );
}

// ---------------------------------------------------------------------------------------------
// The model the index is checked against.

/// One serial as the brute force sees it.
struct Entry {
    maker: u32,
    firearm: u64,
    attrs: Attrs,
    /// The serial as the index keeps it (cut to `MAX_SERIAL_BYTES` at a character boundary).
    serial: String,
    l3: Vec<char>,
}

struct Model {
    entries: Vec<Entry>,
    index: SerialIndex,
}

impl Model {
    fn build(rows: Vec<(u32, String, u64, Attrs)>) -> Model {
        let mut b = IndexBuilder::new();
        for (maker, serial, firearm, attrs) in &rows {
            b.add(*maker, serial, *firearm, *attrs);
        }
        let index = b.build();
        let entries = rows
            .into_iter()
            .map(|(maker, serial, firearm, attrs)| {
                let serial = cut(&serial, MAX_SERIAL_BYTES).to_string();
                let l3 = level_key(&serial, Level::Confusable).chars().collect();
                Entry {
                    maker,
                    firearm,
                    attrs,
                    serial,
                    l3,
                }
            })
            .collect();
        Model { entries, index }
    }
}

/// The longest prefix of `s` of at most `max` bytes.
fn cut(s: &str, max: usize) -> &str {
    let end = (0..=max.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    &s[..end]
}

/// The fixed index of `query`: a few thousand serials in real makers' formats (the corpus of
/// the recall tests and the benchmark), look-alike and separator variants of some, and odd
/// serials: empty, separators only, zeros only, non-ASCII, wildcard characters, over-long.
fn fixture() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let mut rows: Vec<(u32, String, u64, Attrs)> = corpus::corpus(4000, 7)
            .into_iter()
            .map(|e| {
                let attrs = Attrs {
                    firearm_type: e.firearm_type,
                    caliber: e.caliber,
                };
                (e.maker, e.serial, e.firearm, attrs)
            })
            .collect();
        let variants: Vec<String> = rows
            .iter()
            .step_by(97)
            .flat_map(|r| {
                let s = &r.1;
                [
                    s.replace('0', "O").replace('1', "I"),
                    format!("00{s}"),
                    s.to_lowercase().replace('-', " "),
                ]
            })
            .collect();
        let odd = [
            "",
            " ",
            "-./_",
            "0",
            "000",
            "00-0",
            "O",
            "O1",
            "0O0Q",
            "LE0I4388",
            "LEO14388",
            "le014388",
            "ß",
            "ßSS55",
            "ÄÖÜ-12",
            "ΐΐΐΐ",
            "ﬃ1234",
            "é1234",
            "1234é",
            "?*?",
            "AB?1*23",
            "A\nB\t1234",
            "\u{0}1234",
            "\u{FFFD}\u{FFFD}",
            "ABCD",
            "ABDC",
            "BACD",
            "A",
            "AB",
            "ABC",
        ];
        let long = [
            "9".repeat(10_000),
            "é".repeat(5_000),
            "A1".repeat(32),
            "A1".repeat(33),
            format!("{}é", "7".repeat(63)),
            "ΐ".repeat(40),
        ];
        let specials = variants
            .into_iter()
            .chain(odd.iter().map(|s| s.to_string()))
            .chain(long);
        for (i, s) in specials.enumerate() {
            let next = rows.len() as u64;
            // A few makers, including the lowest and highest ids and one of the corpus's.
            let maker = [0, 1, 42, u32::MAX][i % 4];
            let attrs = Attrs {
                firearm_type: (i % 3 != 0).then_some((i % 4) as u8),
                caliber: (i % 5 != 0).then_some((i % 12) as u16),
            };
            rows.push((maker, s, next, attrs));
        }
        Model::build(rows)
    })
}

// ---------------------------------------------------------------------------------------------
// Queries

const LIMITS: [usize; 8] = [0, 0, 1, 2, 3, 7, 20, usize::MAX];

/// Decodes a query: 4 header bytes (kind and edits, scope, filters, limit and text source),
/// then what the text source needs. Makers and texts come mostly from the model's own entries
/// so that queries find something.
fn decode_query(input: &mut Input, model: &Model) -> Query {
    let kind_byte = input.byte();
    let scope = input.byte();
    let filters = input.byte();
    let misc = input.byte();
    let n = model.entries.len();
    let pick = |x: u16| (n > 0).then(|| &model.entries[usize::from(x) % n]);
    let source = pick(input.u16());

    let kind = match kind_byte % 3 {
        0 => QueryKind::Levels,
        1 => QueryKind::Near {
            // Mostly 0..=3, sometimes far beyond what is allowed.
            max_edits: match kind_byte / 3 {
                e @ 0..=63 => e % 4,
                e => e,
            },
        },
        _ => QueryKind::Pattern,
    };
    let maker = source.map_or(0, |e| e.maker);
    let makers = match scope % 6 {
        0 | 1 => None,
        2 => Some(vec![maker]),
        3 => Some(vec![maker, pick(input.u16()).map_or(1, |e| e.maker)]),
        4 => Some(vec![]),
        _ => Some(vec![input.u32(), maker, maker]),
    };
    let firearm_type = (filters & 1 != 0).then_some((filters >> 1) % 5);
    let caliber = (filters & 0x20 != 0).then_some(u16::from(filters >> 6) * 4);
    let limit = LIMITS[usize::from(misc & 7)];

    let serial = source.map_or("", |e| e.serial.as_str());
    let text = match (misc >> 3) % 4 {
        // The rest of the input as it is.
        0 => input.text(),
        // A misreading of an indexed serial, as the recall tests draw them.
        1 => {
            let kind = corpus::Kind::ALL[usize::from(misc >> 5) % corpus::Kind::ALL.len()];
            let mut rng = corpus::Rng::new(u64::from(input.u16()));
            corpus::derive(kind, serial, &mut rng)
        }
        // An indexed serial edited by the input, so mutations stay near real serials.
        2 => edit(serial, input),
        // An indexed serial with text around it.
        _ => format!("{}{serial}{}", input.text(), input.text()),
    };
    Query {
        text,
        kind,
        makers,
        firearm_type,
        caliber,
        limit,
    }
}

/// Applies edits read from `input` (operation byte, then a character) to `serial`.
fn edit(serial: &str, input: &mut Input) -> String {
    let mut c: Vec<char> = serial.chars().collect();
    while !input.is_empty() {
        let (op, at) = (input.byte(), usize::from(input.byte()));
        let ch = char::from(input.byte());
        let n = c.len();
        match op % 6 {
            0 => c.insert(at % (n + 1), ch),
            1 if n > 0 => c[at % n] = ch,
            2 if n > 0 => {
                c.remove(at % n);
            }
            3 if n > 1 => c.swap(at % (n - 1), at % (n - 1) + 1),
            4 if n > 0 => c[at % n] = ['?', '*'][usize::from(op >> 7)],
            _ => c.push(ch),
        }
    }
    c.into_iter().collect()
}

/// `query`: an arbitrary query on the fixed index.
pub fn query(data: &[u8]) {
    let model = fixture();
    let mut input = Input::new(data);
    let q = decode_query(&mut input, model);
    check_search(model, &q);
}

/// `build_search`: an arbitrary small corpus, then a query on it.
pub fn build_search(data: &[u8]) {
    let mut input = Input::new(data);
    let count = input.byte() % 32;
    let mut rows = Vec::new();
    for _ in 0..count {
        let maker_byte = input.byte();
        // Few makers so scopes share entries; now and then one at the ends of the range.
        let maker = match maker_byte {
            0xF0..=0xF7 => u32::MAX - u32::from(maker_byte & 1),
            b => u32::from(b % 4),
        };
        let id = input.byte();
        // Mostly small firearm ids, duplicates included; sometimes past 32 bits.
        let firearm = match id >> 6 {
            3 => u64::from(id) << 40,
            _ => u64::from(id % 16),
        };
        let a = input.byte();
        let attrs = Attrs {
            firearm_type: (a & 1 != 0).then_some((a >> 1) % 3),
            caliber: (a & 0x10 != 0).then_some(u16::from(a >> 5) % 3),
        };
        let mut serial = input.text();
        // Over-long serials are cut by the index: reach them without giving up input bytes.
        if a & 0x08 != 0 {
            serial = serial.repeat(1 + usize::from(a >> 6) * 8);
        }
        rows.push((maker, serial, firearm, attrs));
    }
    let model = Model::build(rows);
    assert_eq!(model.index.len(), model.entries.len());
    let q = decode_query(&mut input, &model);
    check_search(&model, &q);
}

// ---------------------------------------------------------------------------------------------
// The checks

/// The pattern of `text` as `tracing-rules.md` defines it: with `?` or `*`, folded like an L3
/// form (leading zeros go up to the first wildcard); a bare fragment is found anywhere, so it
/// is folded but keeps its zeros.
fn pattern_chars(text: &str) -> Vec<char> {
    if text.contains(['?', '*']) {
        level_key(text, Level::Confusable).chars().collect()
    } else {
        std::iter::once('*')
            .chain(
                level_key(text, Level::Separators)
                    .chars()
                    .map(fold_confusable),
            )
            .chain(std::iter::once('*'))
            .collect()
    }
}

fn readable(p: &[char]) -> usize {
    p.iter().filter(|c| !matches!(c, '?' | '*')).count()
}

/// Glob by dynamic programming over prefixes: `?` one character, `*` any run. `rows` is
/// scratch space, reused across calls: allocation dominated the fuzzing time.
fn glob(p: &[char], s: &[char], rows: &mut [Vec<bool>; 2]) -> bool {
    let fixed = p.iter().filter(|&&c| c != '*').count();
    // Every token but `*` takes one character: a cheap rejection of most entries.
    if s.len() < fixed || (!p.contains(&'*') && s.len() != fixed) {
        return false;
    }
    let [row, next] = rows;
    // row[j]: the pattern so far matches s[..j].
    row.clear();
    row.resize(s.len() + 1, false);
    row[0] = true;
    for &pc in p {
        next.clear();
        next.resize(s.len() + 1, false);
        for j in 0..=s.len() {
            next[j] = match pc {
                '*' => row[j] || (j > 0 && next[j - 1]),
                '?' => j > 0 && row[j - 1],
                c => j > 0 && row[j - 1] && s[j - 1] == c,
            };
        }
        std::mem::swap(row, next);
    }
    row[s.len()]
}

/// The error a query must get, if any, by the documented limits.
fn expected_error(q: &Query) -> Option<QueryError> {
    if q.text.trim().is_empty() {
        return Some(QueryError::Empty);
    }
    let too_long = QueryError::TooLong { len: 0, max: 0 };
    if q.text.len() > MAX_QUERY_BYTES {
        return Some(too_long);
    }
    let too_short = QueryError::TooShort {
        readable: 0,
        needed: 0,
    };
    let max_edits = match q.kind {
        QueryKind::Pattern => {
            return (readable(&pattern_chars(&q.text)) < MIN_READABLE).then_some(too_short)
        }
        QueryKind::Levels => 0,
        QueryKind::Near { max_edits } => max_edits,
    };
    if max_edits > MAX_EDITS {
        return Some(QueryError::TooManyEdits { asked: 0, max: 0 });
    }
    let q3 = level_key(&q.text, Level::Confusable).chars().count();
    if q3 == 0 {
        return Some(QueryError::NothingLeft);
    }
    (q3 > MAX_NEAR_CHARS).then_some(too_long)
}

fn in_scope(e: &Entry, q: &Query) -> bool {
    let maker = q.makers.as_ref().is_none_or(|m| m.contains(&e.maker));
    let fits =
        |want: Option<u16>, has: Option<u16>| !matches!((want, has), (Some(a), Some(b)) if a != b);
    maker
        && fits(
            q.firearm_type.map(u16::from),
            e.attrs.firearm_type.map(u16::from),
        )
        && fits(q.caliber, e.attrs.caliber)
}

/// What identifies a hit among entries: duplicates of all three are interchangeable.
type Found = (u64, u32, String, u8);

fn found_of(h: &Hit) -> Found {
    let cost = h.edits.max(h.unreadable);
    (h.firearm, h.maker, h.serial.clone(), cost)
}

/// Runs `q` on the model's index and checks the answer against brute force.
fn check_search(model: &Model, q: &Query) {
    let got = model.index.search(q);
    let hits = match (got, expected_error(q)) {
        (Ok(hits), None) => hits,
        (Err(e), Some(want)) => {
            assert_eq!(
                discriminant(&e),
                discriminant(&want),
                "{q:?}: got {e:?}, expected an error like {want:?}"
            );
            assert!(!e.to_string().is_empty());
            return;
        }
        (got, want) => panic!("{q:?}: got {got:?}, expected error {want:?}"),
    };
    let mut expected: Vec<Found> = match q.kind {
        QueryKind::Pattern => brute_pattern(model, q),
        QueryKind::Levels => brute_near(model, q, 0),
        QueryKind::Near { max_edits } => brute_near(model, q, max_edits),
    };
    for h in &hits {
        check_hit(q, h);
    }
    let costs: Vec<u8> = hits.iter().map(|h| h.edits.max(h.unreadable)).collect();
    assert!(
        costs.windows(2).all(|w| w[0] <= w[1]),
        "{q:?}: hits not ranked by cost: {costs:?}"
    );
    let mut got: Vec<Found> = hits.iter().map(found_of).collect();
    got.sort();
    expected.sort();
    if q.limit == 0 {
        assert_eq!(got, expected, "{q:?}: hits differ from brute force");
        return;
    }
    // With a limit: the best `limit` of them by cost, each one within reach.
    let mut left: Vec<Option<&Found>> = expected.iter().map(Some).collect();
    for f in &got {
        let slot = left.iter_mut().find(|x| x.is_some_and(|x| x == f));
        assert!(
            slot.map(Option::take).is_some(),
            "{q:?}: hit {f:?} out of reach, or returned twice (brute force: {expected:?})"
        );
    }
    let mut want_costs: Vec<u8> = expected.iter().map(|f| f.3).collect();
    want_costs.sort_unstable();
    want_costs.truncate(q.limit);
    assert_eq!(
        costs, want_costs,
        "{q:?}: not the best {} hits (brute force: {expected:?})",
        q.limit
    );
}

fn brute_near(model: &Model, q: &Query, k: u8) -> Vec<Found> {
    let q3: Vec<char> = level_key(&q.text, Level::Confusable).chars().collect();
    let k = usize::from(k);
    model
        .entries
        .iter()
        // The distance is at least the difference in length: skip the table for those.
        .filter(|e| in_scope(e, q) && e.l3.len().abs_diff(q3.len()) <= k)
        .filter_map(|e| {
            let d = osa_distance(&q3, &e.l3);
            (d <= k).then(|| (e.firearm, e.maker, e.serial.clone(), d as u8))
        })
        .collect()
}

fn brute_pattern(model: &Model, q: &Query) -> Vec<Found> {
    let p = pattern_chars(&q.text);
    let r = readable(&p);
    let mut rows = [Vec::new(), Vec::new()];
    model
        .entries
        .iter()
        .filter(|e| in_scope(e, q) && glob(&p, &e.l3, &mut rows))
        .map(|e| {
            let unreadable = (e.l3.len() - r).min(255) as u8;
            (e.firearm, e.maker, e.serial.clone(), unreadable)
        })
        .collect()
}

/// What every hit must satisfy on its own.
fn check_hit(q: &Query, h: &Hit) {
    assert!(
        h.score > 0.0 && h.score <= 1.0,
        "{q:?}: score {} of {h:?}",
        h.score
    );
    assert!(h.serial.len() <= MAX_SERIAL_BYTES, "{q:?}: {h:?}");
    if q.kind == QueryKind::Pattern {
        assert_eq!(h.edits, 0, "{q:?}: {h:?}");
        let l3 = level_key(&h.serial, Level::Confusable).chars().count();
        let wildcards: usize = h
            .explanation
            .iter()
            .map(|s| match s {
                Step::Wildcard { len, .. } => *len,
                other => panic!("{q:?}: {other:?} in the explanation of a pattern hit"),
            })
            .sum();
        if h.unreadable < 255 {
            assert_eq!(wildcards, usize::from(h.unreadable), "{q:?}: {h:?}");
        }
        assert!(wildcards <= l3, "{q:?}: {h:?}");
        return;
    }
    assert_eq!(h.unreadable, 0, "{q:?}: {h:?}");
    let edit_steps = h
        .explanation
        .iter()
        .filter(|s| !matches!(s, Step::LookAlike { .. } | Step::Wildcard { .. }))
        .count();
    assert_eq!(
        edit_steps,
        usize::from(h.edits),
        "{q:?}: explanation of {h:?}"
    );
    if h.edits == 0 {
        let level = match_level(&q.text, &h.serial);
        assert!(level.is_some(), "{q:?}: 0 edits but no level for {h:?}");
        assert_eq!(h.level, level, "{q:?}: {h:?}");
        // Equal L3 forms, different L2 forms: exactly a match at L3.
        assert_eq!(
            h.lookalike_only,
            level == Some(Level::Confusable),
            "{q:?}: {h:?}"
        );
    } else {
        assert_eq!(h.level, None, "{q:?}: {h:?}");
        assert!(!h.lookalike_only, "{q:?}: {h:?}");
    }
    // The explanation names serial positions in order.
    let ats: Vec<usize> = h.explanation.iter().map(step_at).collect();
    assert!(
        ats.windows(2).all(|w| w[0] <= w[1]),
        "{q:?}: explanation out of order: {h:?}"
    );
}

fn step_at(s: &Step) -> usize {
    match *s {
        Step::Substituted { at, .. }
        | Step::Inserted { at, .. }
        | Step::Dropped { at, .. }
        | Step::Transposed { at }
        | Step::LookAlike { at, .. }
        | Step::Wildcard { at, .. } => at,
    }
}

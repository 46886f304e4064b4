//! A deterministic synthetic corpus of serials in real makers' formats
//! (`calibration.md` §3.2), and queries drawn from it. Shared by the recall tests and the
//! benchmark (which also writes both out for the peer benchmark).
#![allow(dead_code)]

/// A small deterministic generator (splitmix64): the same seed gives the same corpus everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn letter(&mut self) -> char {
        (b'A' + self.below(26) as u8) as char
    }

    fn digit(&mut self) -> char {
        (b'0' + self.below(10) as u8) as char
    }

    fn digits(&mut self, n: usize, s: &mut String) {
        (0..n).for_each(|_| s.push(self.digit()));
    }

    fn letters(&mut self, n: usize, s: &mut String) {
        (0..n).for_each(|_| s.push(self.letter()));
    }
}

/// One corpus entry.
#[derive(Clone, Debug)]
pub struct Entry {
    pub maker: u32,
    pub serial: String,
    pub firearm: u64,
    pub firearm_type: Option<u8>,
    pub caliber: Option<u16>,
}

/// Number of makers in every corpus.
pub const MAKERS: u32 = 1000;

/// Maker ids by popularity: a Zipf-like skew (weight 1/r) over `MAKERS` makers, so the top
/// ten hold about 40% of the serials. Returns the cumulative weights.
fn maker_weights() -> Vec<f64> {
    let mut acc = 0.0;
    (1..=MAKERS)
        .map(|r| {
            acc += 1.0 / f64::from(r);
            acc
        })
        .collect()
}

fn pick_maker(rng: &mut Rng, cumulative: &[f64]) -> u32 {
    let total = *cumulative.last().unwrap_or(&1.0);
    let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
    cumulative.partition_point(|&c| c < x) as u32 + 1
}

/// A serial in the format of `maker`: 1 Glock, 2 Ruger, 3 S&W, 4 Colt, 5 Century (WASR),
/// others cycle through numeric and generic formats by id.
pub fn serial_for(maker: u32, rng: &mut Rng) -> String {
    let mut s = String::with_capacity(12);
    match maker {
        1 => {
            // Glock: LLL### or LLLL###, early imports LL###US.
            match rng.below(10) {
                0 => {
                    rng.letters(2, &mut s);
                    rng.digits(3, &mut s);
                    s.push_str("US");
                }
                1..=4 => {
                    rng.letters(3, &mut s);
                    rng.digits(3, &mut s);
                }
                _ => {
                    rng.letters(4, &mut s);
                    rng.digits(3, &mut s);
                }
            }
        }
        2 => {
            // Ruger: NNN-NNNNN (a 2-digit series before).
            let series = if rng.chance(20) { 2 } else { 3 };
            rng.digits(series, &mut s);
            s.push('-');
            rng.digits(5, &mut s);
        }
        3 => {
            rng.letters(3, &mut s);
            rng.digits(4, &mut s);
        }
        4 => {
            s.push_str("LE");
            rng.digits(6, &mut s);
        }
        5 => {
            // WASR-10 style: two letters, a dash, 4 digits, dash, 2-digit year; or 1-AB1234-09.
            if rng.chance(50) {
                rng.letters(2, &mut s);
                s.push('-');
                rng.digits(4, &mut s);
                s.push('-');
                rng.digits(2, &mut s);
            } else {
                rng.digits(1, &mut s);
                s.push('-');
                rng.letters(2, &mut s);
                rng.digits(4, &mut s);
                s.push('-');
                rng.digits(2, &mut s);
            }
        }
        m => match m % 4 {
            0 => rng.digits(5 + (m as usize % 5), &mut s),
            1 => {
                rng.letters(1 + (m as usize % 2), &mut s);
                rng.digits(5 + (m as usize % 3), &mut s);
            }
            2 => {
                rng.digits(2, &mut s);
                rng.letters(2, &mut s);
                rng.digits(4, &mut s);
            }
            _ => {
                // Leading zeros and a separator, which L1/L2 remove.
                s.push_str("00");
                rng.digits(4 + (m as usize % 3), &mut s);
            }
        },
    }
    s
}

/// A stream of entries with firearm ids `0, 1, 2, …`, deterministic in its seed.
pub struct Corpus {
    rng: Rng,
    weights: Vec<f64>,
    next: u64,
}

impl Corpus {
    pub fn new(seed: u64) -> Self {
        Corpus {
            rng: Rng::new(seed),
            weights: maker_weights(),
            next: 0,
        }
    }
}

impl Iterator for Corpus {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        let rng = &mut self.rng;
        let maker = pick_maker(rng, &self.weights);
        let serial = serial_for(maker, rng);
        let firearm_type = (!rng.chance(20)).then(|| rng.below(4) as u8);
        let caliber = (!rng.chance(30)).then(|| rng.below(12) as u16);
        self.next += 1;
        Some(Entry {
            maker,
            serial,
            firearm: self.next - 1,
            firearm_type,
            caliber,
        })
    }
}

/// `n` entries with firearm ids `0..n`, deterministic in `seed`.
pub fn corpus(n: usize, seed: u64) -> Vec<Entry> {
    Corpus::new(seed).take(n).collect()
}

/// The kinds of query the recall test and the benchmark draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    LookAlike,
    OneEdit,
    TwoEdits,
    Transposition,
    PatternOne,
    PatternStar,
    Fragment,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::LookAlike,
        Kind::OneEdit,
        Kind::TwoEdits,
        Kind::Transposition,
        Kind::PatternOne,
        Kind::PatternStar,
        Kind::Fragment,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::LookAlike => "lookalike",
            Kind::OneEdit => "edit1",
            Kind::TwoEdits => "edit2",
            Kind::Transposition => "transposition",
            Kind::PatternOne => "pattern_q",
            Kind::PatternStar => "pattern_star",
            Kind::Fragment => "fragment",
        }
    }

    /// Edits a near query of this kind allows (patterns: 0).
    pub fn max_edits(self) -> u8 {
        match self {
            Kind::LookAlike => 0,
            Kind::OneEdit | Kind::Transposition => 1,
            Kind::TwoEdits => 2,
            _ => 0,
        }
    }

    pub fn is_pattern(self) -> bool {
        matches!(self, Kind::PatternOne | Kind::PatternStar | Kind::Fragment)
    }
}

const LOOKALIKES: [&str; 6] = ["0OQD", "1IL", "2Z", "5S", "6G", "8B"];
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// A query text of `kind` derived from `serial` (as a misreading of it would be).
pub fn derive(kind: Kind, serial: &str, rng: &mut Rng) -> String {
    let mut c: Vec<char> = serial.chars().collect();
    match kind {
        Kind::LookAlike => {
            for ch in c.iter_mut() {
                if let Some(class) = LOOKALIKES.iter().find(|cl| cl.contains(*ch)) {
                    if rng.chance(50) {
                        let options: Vec<char> = class.chars().collect();
                        *ch = options[rng.below(options.len())];
                    }
                }
            }
        }
        Kind::OneEdit => edit(&mut c, rng),
        Kind::TwoEdits => {
            edit(&mut c, rng);
            edit(&mut c, rng);
        }
        Kind::Transposition => {
            if c.len() >= 2 {
                let i = rng.below(c.len() - 1);
                c.swap(i, i + 1);
            }
        }
        Kind::PatternOne => {
            let holes = 1 + rng.below(2);
            for _ in 0..holes {
                let i = rng.below(c.len().max(1));
                if let Some(x) = c.get_mut(i) {
                    *x = '?';
                }
            }
        }
        Kind::PatternStar => {
            // Keep 4–6 readable characters at the two ends, a run in between unreadable.
            let keep = 4 + rng.below(3);
            if c.len() > keep {
                let head = rng.below(keep + 1);
                let tail = keep - head;
                let mut p: Vec<char> = c[..head].to_vec();
                p.push('*');
                p.extend_from_slice(&c[c.len() - tail..]);
                c = p;
            }
        }
        Kind::Fragment => {
            let len = 4 + rng.below(3);
            if c.len() > len {
                let start = rng.below(c.len() - len + 1);
                c = c[start..start + len].to_vec();
            }
        }
    }
    c.into_iter().collect()
}

/// One random edit: substitute, insert, delete or swap.
fn edit(c: &mut Vec<char>, rng: &mut Rng) {
    let any = ALPHABET[rng.below(ALPHABET.len())] as char;
    let n = c.len();
    match rng.below(4) {
        0 if n > 0 => c[rng.below(n)] = any,
        1 => c.insert(rng.below(n + 1), any),
        2 if n > 1 => {
            c.remove(rng.below(n));
        }
        _ if n > 1 => {
            let i = rng.below(n - 1);
            c.swap(i, i + 1);
        }
        _ => c.push(any),
    }
}

//! Serial numbers: the matching forms of tracing-rules.md (L1–L3), compact keys, and per-maker
//! serial formats.
//!
//! Every serial that a format issues is built from literal prefixes, digits and letters of the
//! "safe" alphabet (no O Q D I L Z S G B), so that folding look-alikes (L3) cannot merge two
//! issued serials by accident; the per-maker key sets in `firearms` double-check it.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// Letters that no look-alike class contains, and two disjoint halves of them. `B` letters are kept
/// for the serials of foreign guns that were never imported (see `Alpha`).
const SAFE: &[u8] = b"ACEFHJKMNPRTUVWXY";
const SAFE_A: &[u8] = b"ACEFHJKMN";
const SAFE_B: &[u8] = b"PRTUVWXY";

/// The alphabet of a letter run in a serial format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alpha {
    /// All 17 safe letters.
    Safe,
    /// The first 9 safe letters: used by makers whose guns also reach Mexico without an import
    /// mark, so that those guns' serials (alphabet `B`) stay more than two edits away.
    A,
    /// The other 8 safe letters (see `A`).
    B,
}

impl Alpha {
    fn letters(self) -> &'static [u8] {
        match self {
            Alpha::Safe => SAFE,
            Alpha::A => SAFE_A,
            Alpha::B => SAFE_B,
        }
    }
}

/// One segment of a serial format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Lit(String),
    Letters(u8, Alpha),
    Digits(u8),
    /// Digits whose first one is not zero (so the serial has no leading zero to lose).
    DigitsNz(u8),
}

/// A serial format: its segments, and an affine scramble of the issue index so that consecutive
/// guns do not get consecutive serials.
#[derive(Debug, Clone)]
pub struct Format {
    segs: Vec<Seg>,
    capacity: u64,
    mult: u64,
    offset: u64,
}

impl Format {
    pub fn new(segs: Vec<Seg>, salt: u64) -> Self {
        let capacity = segs
            .iter()
            .map(|s| match s {
                Seg::Lit(_) => 1u128,
                Seg::Letters(n, a) => (a.letters().len() as u128).pow(u32::from(*n)),
                Seg::Digits(n) => 10u128.pow(u32::from(*n)),
                Seg::DigitsNz(n) => 9 * 10u128.pow(u32::from(*n).saturating_sub(1)),
            })
            .product::<u128>()
            .min(u128::from(u64::MAX / 4)) as u64;
        let mut mult =
            (0x9E37_79B9_7F4A_7C15u64 ^ salt.wrapping_mul(0x2545_F491)) % capacity.max(1);
        while gcd(mult, capacity) != 1 {
            mult += 1;
        }
        let offset = salt.wrapping_mul(0x5851_F42D_4C95_7F2D) % capacity.max(1);
        Self {
            segs,
            capacity,
            mult,
            offset,
        }
    }

    pub fn capacity(&self) -> u64 {
        self.capacity
    }

    /// The `index`-th serial of this format (`index < capacity`); distinct indices give distinct
    /// serials.
    pub fn render(&self, index: u64) -> String {
        let cap = u128::from(self.capacity);
        let mut x =
            ((u128::from(index) * u128::from(self.mult) + u128::from(self.offset)) % cap) as u64;
        // Fill positions from the last one backwards, then reverse.
        let mut out: Vec<u8> = Vec::with_capacity(16);
        for seg in self.segs.iter().rev() {
            match seg {
                Seg::Lit(s) => out.extend(s.bytes().rev()),
                Seg::Letters(n, a) => {
                    let letters = a.letters();
                    for _ in 0..*n {
                        out.push(letters[(x % letters.len() as u64) as usize]);
                        x /= letters.len() as u64;
                    }
                }
                Seg::Digits(n) => {
                    for _ in 0..*n {
                        out.push(b'0' + (x % 10) as u8);
                        x /= 10;
                    }
                }
                Seg::DigitsNz(n) => {
                    for _ in 1..*n {
                        out.push(b'0' + (x % 10) as u8);
                        x /= 10;
                    }
                    out.push(b'1' + (x % 9) as u8);
                    x /= 9;
                }
            }
        }
        out.reverse();
        String::from_utf8(out).unwrap_or_default()
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Characters that L1 removes.
pub fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '/' | '_')
}

/// L1 form: upper case, separators removed.
pub fn l1(s: &str) -> String {
    s.chars()
        .filter(|&c| !is_separator(c))
        .flat_map(char::to_uppercase)
        .collect()
}

/// L2 form: L1 without leading zeros.
pub fn l2(s: &str) -> String {
    l1(s).trim_start_matches('0').to_string()
}

/// The look-alike class representative of one upper-case character.
pub fn fold(c: char) -> char {
    match c {
        'O' | 'Q' | 'D' => '0',
        'I' | 'L' => '1',
        'Z' => '2',
        'S' => '5',
        'G' => '6',
        'B' => '8',
        c => c,
    }
}

/// L3 form: L2 with look-alikes folded.
pub fn l3(s: &str) -> String {
    l2(s).chars().map(fold).collect()
}

/// True when `c` is in the class of `0` (which L2 strips at the front): the generator never puts
/// such a character first in a garbled serial, so that the order in which a reader strips zeros
/// and folds cannot matter.
pub fn zero_class(c: char) -> bool {
    fold(c) == '0'
}

/// A compact key of an L3 form: exact (base 37) up to 12 alphanumeric characters, else a hash with
/// the top bit set. Keys of different forms differ except for (astronomically rare) hash
/// collisions, which only make the generator redraw.
pub fn key(l3_form: &str) -> u64 {
    let bytes = l3_form.as_bytes();
    if bytes.len() <= 12 && bytes.iter().all(u8::is_ascii_alphanumeric) {
        bytes.iter().fold(0u64, |k, &b| {
            let v = if b.is_ascii_digit() {
                b - b'0' + 1
            } else {
                b.to_ascii_uppercase() - b'A' + 11
            };
            k * 37 + u64::from(v)
        })
    } else {
        let mut h: u64 = 0xCBF2_9CE4_8422_2325;
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
        }
        h | (1 << 63)
    }
}

/// The key of a serial as written (L3, then `key`).
pub fn serial_key(serial: &str) -> u64 {
    key(&l3(serial))
}

/// A fast hasher for `u64` keys that are already well spread.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        let x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 29);
    }
}

pub type KeySet = HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// Optimal string alignment distance (insertions, deletions, substitutions, adjacent
/// transpositions), as tracing-rules.md uses for near serials. Tests only: the generator knows
/// its distances by construction.
#[cfg(test)]
pub fn osa(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_follow_the_rules() {
        assert_eq!(l1("bxr 123"), "BXR123");
        assert_eq!(l2("00-123"), "123");
        assert_eq!(l3("LE0I4388"), l3("LE014388"));
        assert_ne!(l2("LE0I4388"), l2("LE014388"));
        assert_eq!(l3("LEO14388"), l3("LE014388"));
    }

    #[test]
    fn formats_issue_distinct_serials() {
        let f = Format::new(vec![Seg::Letters(2, Alpha::Safe), Seg::Digits(3)], 7);
        let all: HashSet<String> = (0..f.capacity()).map(|i| f.render(i)).collect();
        assert_eq!(all.len() as u64, f.capacity());
        let keys: HashSet<u64> = all.iter().map(|s| serial_key(s)).collect();
        assert_eq!(
            keys.len(),
            all.len(),
            "L3 folding must be injective on issued serials"
        );
    }

    #[test]
    fn nonzero_digits_never_lead_with_zero() {
        let f = Format::new(
            vec![Seg::DigitsNz(3), Seg::Lit("-".into()), Seg::Digits(5)],
            3,
        );
        for i in 0..5000 {
            assert!(!f.render(i).starts_with('0'));
        }
    }

    #[test]
    fn osa_counts_transpositions_once() {
        assert_eq!(osa("ABCD", "ABDC"), 1);
        assert_eq!(osa("ABC", "ABC"), 0);
        assert_eq!(osa("ABC", "AXBC"), 1);
        assert_eq!(osa("CA", "ABC"), 3);
    }

    #[test]
    fn keys_are_exact_for_short_forms() {
        assert_ne!(key("ABC123"), key("ABC124"));
        assert_ne!(key("1"), key("01"));
        assert!(key("ABCDEFGHJKMNP") >> 63 == 1);
    }
}

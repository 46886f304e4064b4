//! The serial matching levels L0–L3.
//!
//! Each level is cumulative: L1 is L0 with separators removed, L2 is L1 without leading zeros,
//! L3 is L2 with the look-alike classes folded. The folding happens after the leading zeros are
//! removed, exactly in the order `tracing-rules.md` lists the steps.

use std::fmt;

/// A serial matching level, from strictest to loosest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// L0: equal after upper-casing.
    Exact,
    /// L1: equal after also removing spaces and `- . / _`.
    Separators,
    /// L2: equal after also removing leading zeros.
    LeadingZeros,
    /// L3: equal after also folding look-alike characters.
    Confusable,
}

impl Level {
    /// All levels in the order they are tried.
    pub const ALL: [Level; 4] = [
        Level::Exact,
        Level::Separators,
        Level::LeadingZeros,
        Level::Confusable,
    ];

    /// The code used in trace results (`corrections[].kind`); `None` for an exact match.
    pub fn correction_kind(self) -> Option<&'static str> {
        match self {
            Level::Exact => None,
            Level::Separators => Some("SEPARATORS"),
            Level::LeadingZeros => Some("LEADING_ZEROS"),
            Level::Confusable => Some("CONFUSABLE"),
        }
    }

    /// The short name `L0`…`L3`.
    pub fn short(self) -> &'static str {
        match self {
            Level::Exact => "L0",
            Level::Separators => "L1",
            Level::LeadingZeros => "L2",
            Level::Confusable => "L3",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.short())
    }
}

pub(crate) fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '.' | '/' | '_')
}

/// Marks a separator in [`ASCII_UPPER`] (no ASCII byte has this value).
const SEPARATOR: u8 = 0xFF;

/// Per ASCII byte: its upper case, or [`SEPARATOR`] where [`is_separator`] holds (the ASCII
/// white space of `char::is_whitespace`, `-`, `.`, `/`, `_`). The levels of an ASCII serial
/// are computed a byte at a time on every hit a search returns, so they are table lookups.
const ASCII_UPPER: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'\t'..=b'\r' | b' ' | b'-' | b'.' | b'/' | b'_' => SEPARATOR,
            c => c.to_ascii_uppercase(),
        };
        b += 1;
    }
    table
};

/// Per ASCII byte: [`fold_confusable`] of it.
const ASCII_FOLDED: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = fold_confusable(b as u8 as char) as u8;
        b += 1;
    }
    table
};

/// Folds one upper-case character to the representative of its look-alike class:
/// {0 O Q D}, {1 I L}, {2 Z}, {5 S}, {6 G}, {8 B}.
pub const fn fold_confusable(c: char) -> char {
    match c {
        'O' | 'Q' | 'D' => '0',
        'I' | 'L' => '1',
        'Z' => '2',
        'S' => '5',
        'G' => '6',
        'B' => '8',
        other => other,
    }
}

/// The key of `serial` at `level`: two serials match at a level when their keys are equal.
pub fn level_key(serial: &str, level: Level) -> String {
    if serial.is_ascii() {
        return ascii_level_key(serial.as_bytes(), level);
    }
    unicode_level_key(serial, level)
}

/// [`level_key`] of any serial: upper-cased the Unicode way (one character may become several).
fn unicode_level_key(serial: &str, level: Level) -> String {
    let mut key = String::with_capacity(serial.len());
    key.extend(unicode_level_chars(serial, level).map(|(_, c)| c));
    key
}

/// The characters of the key of `serial` at `level`, each with the index (from 0) of the
/// character of `serial` it comes from.
fn unicode_level_chars(serial: &str, level: Level) -> impl Iterator<Item = (usize, char)> + '_ {
    let drop_separators = level >= Level::Separators;
    let mut leading = level >= Level::LeadingZeros;
    let upper = serial
        .chars()
        .enumerate()
        .flat_map(|(i, c)| c.to_uppercase().map(move |u| (i, u)));
    upper.filter_map(move |(i, c)| {
        if drop_separators && is_separator(c) {
            return None;
        }
        if leading {
            if c == '0' {
                return None;
            }
            leading = false;
        }
        Some((
            i,
            if level == Level::Confusable {
                fold_confusable(c)
            } else {
                c
            },
        ))
    })
}

/// For each character of the key of `serial` at `level`, the index (from 0) of the character
/// of `serial` it comes from: keys drop separators and leading zeros, and upper-casing may turn
/// one character into several (ß → SS). What a person reading the serial as written counts.
pub fn level_sources(serial: &str, level: Level) -> Vec<usize> {
    unicode_level_chars(serial, level).map(|(i, _)| i).collect()
}

/// [`level_key`] of an ASCII serial: byte by byte, no Unicode case mapping (the hits of every
/// search build several of these).
fn ascii_level_key(serial: &[u8], level: Level) -> String {
    let mut key = String::with_capacity(serial.len());
    for_each_ascii_level_byte(serial, level, |b| key.push(char::from(b)));
    key
}

/// The upper case of an ASCII byte, or [`SEPARATOR`].
pub(crate) fn ascii_upper(b: u8) -> u8 {
    ASCII_UPPER[usize::from(b & 0x7F)]
}

/// Whether the ASCII byte `b` is a separator (dropped from L1 on).
pub(crate) fn is_ascii_separator(b: u8) -> bool {
    b.is_ascii() && ascii_upper(b) == SEPARATOR
}

/// [`fold_confusable`] of an upper-case ASCII byte.
pub(crate) fn ascii_folded(b: u8) -> u8 {
    ASCII_FOLDED[usize::from(b & 0x7F)]
}

/// The part of an ASCII serial left once its leading zeros, and the separators among and
/// before them, are dropped (the L2 step; `O` is no zero until it is folded, after it).
fn without_leading_zeros(serial: &[u8]) -> &[u8] {
    let lead = serial
        .iter()
        .take_while(|&&b| matches!(ascii_upper(b), b'0' | SEPARATOR))
        .count();
    &serial[lead..]
}

/// Calls `emit` with each byte of the key of the ASCII `serial` at `level`, in order.
#[inline(always)]
fn for_each_ascii_level_byte(serial: &[u8], level: Level, mut emit: impl FnMut(u8)) {
    if level == Level::Exact {
        serial.iter().for_each(|&b| emit(b.to_ascii_uppercase()));
        return;
    }
    let rest = if level >= Level::LeadingZeros {
        without_leading_zeros(serial)
    } else {
        serial
    };
    for c in rest.iter().map(|&b| ascii_upper(b)) {
        if c != SEPARATOR {
            emit(match level {
                Level::Confusable => ASCII_FOLDED[usize::from(c)],
                _ => c,
            });
        }
    }
}

/// Calls `emit` with each byte of the L2 form (separators and leading zeros dropped, upper
/// case) of the ASCII `serial`, in order: for comparing forms without building them.
pub(crate) fn each_ascii_l2_byte(serial: &[u8], emit: impl FnMut(u8)) {
    for_each_ascii_level_byte(serial, Level::LeadingZeros, emit);
}

/// Appends the key of the ASCII `serial` at `level` to `out` (the index's build runs this on
/// every serial).
pub(crate) fn push_ascii_level_bytes(serial: &[u8], level: Level, out: &mut Vec<u8>) {
    out.reserve(serial.len());
    for_each_ascii_level_byte(serial, level, |b| out.push(b));
}

/// The key at one level of an ASCII serial of at most 64 bytes, on the stack: a look-alike
/// lookup computes a few a hit, and allocates for none of them.
#[derive(Clone, Copy)]
pub(crate) struct ShortKey {
    bytes: [u8; SHORT_SERIAL],
    len: usize,
}

impl ShortKey {
    /// The L2 and L3 keys of `serial` in one pass (L3 folds L2 a byte at a time), if
    /// `serial` is ASCII and at most 64 bytes long.
    #[inline]
    pub(crate) fn l2_and_l3(serial: &[u8]) -> Option<(ShortKey, ShortKey)> {
        if serial.len() > SHORT_SERIAL || !serial.is_ascii() {
            return None;
        }
        let empty = ShortKey {
            bytes: [0; SHORT_SERIAL],
            len: 0,
        };
        let (mut l2, mut l3) = (empty, ShortKey { ..empty });
        for_each_ascii_level_byte(serial, Level::LeadingZeros, |b| {
            l2.bytes[l2.len] = b;
            l3.bytes[l2.len] = ASCII_FOLDED[usize::from(b & 0x7F)];
            l2.len += 1;
        });
        l3.len = l2.len;
        Some((l2, l3))
    }

    /// The key of `serial` at `level`, if `serial` is ASCII and at most 64 bytes long.
    #[inline]
    pub(crate) fn of(serial: &[u8], level: Level) -> Option<ShortKey> {
        if serial.len() > SHORT_SERIAL || !serial.is_ascii() {
            return None;
        }
        let mut key = ShortKey {
            bytes: [0; SHORT_SERIAL],
            len: 0,
        };
        for_each_ascii_level_byte(serial, level, |b| {
            key.bytes[key.len] = b;
            key.len += 1;
        });
        Some(key)
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// Writes the key of `serial` at `level` into `out` as characters.
pub(crate) fn level_chars(serial: &str, level: Level, out: &mut Vec<char>) {
    out.clear();
    if serial.is_ascii() {
        // A key is never longer than its serial.
        out.reserve(serial.len());
        for_each_ascii_level_byte(serial.as_bytes(), level, |b| out.push(char::from(b)));
    } else {
        out.extend(unicode_level_key(serial, level).chars());
    }
}

/// The strictest level at which two serials match, if any.
pub fn match_level(a: &str, b: &str) -> Option<Level> {
    if a.is_ascii() && b.is_ascii() {
        return ascii_match_level(a.as_bytes(), b.as_bytes());
    }
    Level::ALL
        .into_iter()
        .find(|&level| level_key(a, level) == level_key(b, level))
}

/// Serials up to this long are compared by [`ascii_match_level`] without allocating.
pub(crate) const SHORT_SERIAL: usize = 64;

/// [`match_level`] of two ASCII serials: their L1 forms once, then L2 and L3 from those (a
/// search runs this on every hit at 0 edits).
fn ascii_match_level(a: &[u8], b: &[u8]) -> Option<Level> {
    if a.eq_ignore_ascii_case(b) {
        return Some(Level::Exact);
    }
    let l1 = |serial| ShortKey::of(serial, Level::Separators);
    let (a1, b1) = match (l1(a), l1(b)) {
        (Some(a1), Some(b1)) => (a1, b1),
        _ => {
            return Level::ALL[1..]
                .iter()
                .copied()
                .find(|&level| level_key_bytes(a, level) == level_key_bytes(b, level));
        }
    };
    let (a1, b1) = (a1.as_bytes(), b1.as_bytes());
    if a1 == b1 {
        return Some(Level::Separators);
    }
    let (a2, b2) = (without_leading_zeros(a1), without_leading_zeros(b1));
    if a2 == b2 {
        return Some(Level::LeadingZeros);
    }
    let fold = |c: &u8| ASCII_FOLDED[usize::from(c & 0x7F)];
    (a2.len() == b2.len() && a2.iter().map(fold).eq(b2.iter().map(fold)))
        .then_some(Level::Confusable)
}

/// The key of an ASCII serial at `level`, as bytes.
fn level_key_bytes(serial: &[u8], level: Level) -> Vec<u8> {
    let mut key = Vec::new();
    push_ascii_level_bytes(serial, level, &mut key);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_is_case_insensitive_only() {
        assert_eq!(match_level("abc123", "ABC123"), Some(Level::Exact));
        assert_eq!(level_key(" ab-1 ", Level::Exact), " AB-1 ");
    }

    #[test]
    fn separators_are_removed_at_l1() {
        assert_eq!(match_level("BXR 123", "BXR123"), Some(Level::Separators));
        assert_eq!(
            match_level("123-456.78/9_0", "1234567890"),
            Some(Level::Separators)
        );
    }

    #[test]
    fn leading_zeros_are_removed_at_l2() {
        assert_eq!(match_level("0012345", "12345"), Some(Level::LeadingZeros));
        assert_eq!(match_level("00-123", "123"), Some(Level::LeadingZeros));
        // Inner zeros are not leading zeros.
        assert_eq!(match_level("A0012", "A12"), None);
    }

    #[test]
    fn look_alikes_fold_at_l3() {
        assert_eq!(match_level("LE0I4388", "LE014388"), Some(Level::Confusable));
        assert_eq!(match_level("LEO14388", "LE014388"), Some(Level::Confusable));
        assert_eq!(
            level_key("OQD0 ILl1 Z2 S5 G6 B8", Level::Confusable),
            "0000111122556688"
        );
    }

    #[test]
    fn ascii_keys_are_the_unicode_keys() {
        // Every pair of ASCII bytes, framed by a leading zero run and a separator.
        for a in 0u8..128 {
            for b in 0u8..128 {
                let serial = String::from_utf8(vec![b'0', a, b, b' ', b'0', b'o']).unwrap();
                for level in Level::ALL {
                    assert_eq!(
                        ascii_level_key(serial.as_bytes(), level),
                        unicode_level_key(&serial, level),
                        "{serial:?} at {level}"
                    );
                }
                let (a, b) = (char::from(a), char::from(b));
                for other in [format!("{a}{b}0O"), format!("00{a}{b}-0o"), "0O".into()] {
                    let strictest = Level::ALL.into_iter().find(|&level| {
                        unicode_level_key(&serial, level) == unicode_level_key(&other, level)
                    });
                    assert_eq!(
                        match_level(&serial, &other),
                        strictest,
                        "{serial:?} {other:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn long_ascii_serials_match_as_their_unicode_keys() {
        let long = format!("00-{}", "AB0O-1".repeat(20));
        for other in [
            long.to_lowercase(),
            long.replace('-', ""),
            long.trim_start_matches(['0', '-']).to_string(),
            long.replace('O', "0"),
            long.replace('O', "X"),
            "AB".into(),
        ] {
            let strictest = Level::ALL
                .into_iter()
                .find(|&level| unicode_level_key(&long, level) == unicode_level_key(&other, level));
            assert_eq!(match_level(&long, &other), strictest, "{other:?}");
            assert_eq!(match_level(&other, &long), strictest, "{other:?}");
        }
    }

    #[test]
    fn different_serials_do_not_match() {
        assert_eq!(match_level("ABC123", "ABC124"), None);
        assert_eq!(match_level("", "0"), Some(Level::LeadingZeros));
    }
}

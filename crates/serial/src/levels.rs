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

/// Folds one upper-case character to the representative of its look-alike class:
/// {0 O Q D}, {1 I L}, {2 Z}, {5 S}, {6 G}, {8 B}.
pub fn fold_confusable(c: char) -> char {
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
    let drop_separators = level >= Level::Separators;
    let mut leading = level >= Level::LeadingZeros;
    for c in serial.chars().flat_map(char::to_uppercase) {
        if drop_separators && is_separator(c) {
            continue;
        }
        if leading {
            if c == '0' {
                continue;
            }
            leading = false;
        }
        key.push(if level == Level::Confusable {
            fold_confusable(c)
        } else {
            c
        });
    }
    key
}

/// [`level_key`] of an ASCII serial: byte by byte, no Unicode case mapping (the hits of every
/// search build several of these).
fn ascii_level_key(serial: &[u8], level: Level) -> String {
    let mut key = String::with_capacity(serial.len());
    key.extend(ascii_level_bytes(serial, level).map(char::from));
    key
}

/// The bytes of the key of an ASCII serial at `level` (the index's build runs this on every
/// serial, without allocating).
pub(crate) fn ascii_level_bytes(serial: &[u8], level: Level) -> impl Iterator<Item = u8> + '_ {
    let drop_separators = level >= Level::Separators;
    let mut leading = level >= Level::LeadingZeros;
    serial.iter().filter_map(move |&b| {
        let c = char::from(b.to_ascii_uppercase());
        if drop_separators && is_separator(c) {
            return None;
        }
        if leading {
            if c == '0' {
                return None;
            }
            leading = false;
        }
        Some(match level {
            Level::Confusable => fold_confusable(c) as u8,
            _ => c as u8,
        })
    })
}

/// Writes the key of `serial` at `level` into `out` as characters.
pub(crate) fn level_chars(serial: &str, level: Level, out: &mut Vec<char>) {
    out.clear();
    if serial.is_ascii() {
        // A key is never longer than its serial; reserving spares the growth steps of an
        // extend from a filter, which knows no length.
        out.reserve(serial.len());
        out.extend(ascii_level_bytes(serial.as_bytes(), level).map(char::from));
    } else {
        out.extend(unicode_level_key(serial, level).chars());
    }
}

/// The strictest level at which two serials match, if any.
pub fn match_level(a: &str, b: &str) -> Option<Level> {
    if a.is_ascii() && b.is_ascii() {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        return Level::ALL
            .into_iter()
            .find(|&level| ascii_level_bytes(a, level).eq(ascii_level_bytes(b, level)));
    }
    Level::ALL
        .into_iter()
        .find(|&level| level_key(a, level) == level_key(b, level))
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
    fn different_serials_do_not_match() {
        assert_eq!(match_level("ABC123", "ABC124"), None);
        assert_eq!(match_level("", "0"), Some(Level::LeadingZeros));
    }
}

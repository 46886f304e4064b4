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

/// The strictest level at which two serials match, if any.
pub fn match_level(a: &str, b: &str) -> Option<Level> {
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
    fn different_serials_do_not_match() {
        assert_eq!(match_level("ABC123", "ABC124"), None);
        assert_eq!(match_level("", "0"), Some(Level::LeadingZeros));
    }
}

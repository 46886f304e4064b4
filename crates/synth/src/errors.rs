//! The error model of trace requests: how the serial, the maker and the other descriptors of a
//! recovered gun end up written on the request (calibration §7.B–D).

use rand::rngs::SmallRng;
use rand::Rng;

use crate::dist::pick;
use crate::firearms::alternatives;
use crate::makers::{normalize, Makers};
use crate::serials::{fold, l1, l2, l3, zero_class};

/// What happened to the serial between the firearm and the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerialError {
    None,
    /// Spaces or dashes added or removed (matches at L1).
    Separators,
    /// Leading zeros added or dropped (matches at L2).
    LeadingZeros,
    /// One look-alike character (matches at L3).
    Confusable,
    /// A look-alike that matches this gun and a second gun of the same maker at L3 only.
    Ambiguous,
    Edit1,
    Edit2,
    Transposition,
    /// Partly obliterated, written with `?`/`*` and at least 4 readable characters.
    Pattern,
    /// Partly obliterated, written as the readable fragment only.
    Fragment,
    /// Fully obliterated: empty or unreadable placeholder.
    Obliterated,
    /// Not written at all.
    Missing,
}

impl SerialError {
    pub fn code(self) -> &'static str {
        match self {
            SerialError::None => "none",
            SerialError::Separators => "separators",
            SerialError::LeadingZeros => "leading_zeros",
            SerialError::Confusable => "confusable",
            SerialError::Ambiguous => "confusable_ambiguous",
            SerialError::Edit1 => "edit1",
            SerialError::Edit2 => "edit2",
            SerialError::Transposition => "transposition",
            SerialError::Pattern => "pattern",
            SerialError::Fragment => "fragment",
            SerialError::Obliterated => "obliterated",
            SerialError::Missing => "missing",
        }
    }

    /// Draws the serial's fate. Rates: fully obliterated 5%, partly 8% (pattern 5, fragment 3),
    /// missing 1.2%, 1–2 edits or a transposition 2.2%, look-alikes 2%, separators 4%, leading
    /// zeros 1.5%, and a few ambiguous look-alikes (in-books guns only).
    pub fn draw(rng: &mut SmallRng, in_books: bool) -> Self {
        let u: f64 = rng.gen();
        let table: &[(f64, SerialError)] = &[
            (0.050, SerialError::Obliterated),
            (0.050, SerialError::Pattern),
            (0.030, SerialError::Fragment),
            (0.012, SerialError::Missing),
            (0.012, SerialError::Edit1),
            (0.004, SerialError::Edit2),
            (0.006, SerialError::Transposition),
            (0.020, SerialError::Confusable),
            (0.040, SerialError::Separators),
            (0.015, SerialError::LeadingZeros),
            (0.0012, SerialError::Ambiguous),
        ];
        let mut acc = 0.0;
        for &(p, e) in table {
            acc += p;
            if u < acc {
                return if e == SerialError::Ambiguous && !in_books {
                    SerialError::Confusable
                } else {
                    e
                };
            }
        }
        SerialError::None
    }

    /// True when the request's serial is marked obliterated.
    pub fn obliterated(self) -> bool {
        matches!(
            self,
            SerialError::Pattern | SerialError::Fragment | SerialError::Obliterated
        )
    }

    /// The strict matching level at which the request finds the gun's own records, if any
    /// (0–3); None when the serial does not match at L0–L3.
    pub fn level(self) -> Option<u8> {
        match self {
            SerialError::None => Some(0),
            SerialError::Separators => Some(1),
            SerialError::LeadingZeros => Some(2),
            SerialError::Confusable | SerialError::Ambiguous => Some(3),
            _ => None,
        }
    }

    /// True for serials that the looser matching of tracing-rules.md compares with near serials
    /// (edits) or as a pattern (partly obliterated).
    pub fn loose(self) -> bool {
        matches!(
            self,
            SerialError::Edit1
                | SerialError::Edit2
                | SerialError::Transposition
                | SerialError::Pattern
                | SerialError::Fragment
        )
    }
}

/// How the maker fields of a request are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Descriptor {
    Normal,
    /// Manufacturer left empty.
    MissingMaker,
    /// Manufacturer in a spelling the makers table does not know.
    UnknownMaker,
    /// A wrong (listed, defunct) maker.
    WrongMaker,
    /// The importer's name in the manufacturer field (as the import mark is the most visible).
    ImporterAsMaker,
}

impl Descriptor {
    pub fn draw(
        rng: &mut SmallRng,
        in_books: bool,
        imported_by_century: bool,
        imported: bool,
    ) -> Self {
        let u: f64 = rng.gen();
        if u < 0.085 {
            Descriptor::MissingMaker
        } else if u < 0.147 {
            Descriptor::UnknownMaker
        } else if in_books && u < 0.172 {
            Descriptor::WrongMaker
        } else if imported && rng.gen_bool(if imported_by_century { 0.15 } else { 0.03 }) {
            Descriptor::ImporterAsMaker
        } else {
            Descriptor::Normal
        }
    }
}

/// The error that can really apply to `serial`: a planned error that cannot (a leading-zero slip
/// on a serial that starts with a letter, a pattern on a 4-character serial...) becomes the
/// nearest one that can. Decided once the serial is known, so that the books and the request
/// agree on it.
pub fn applicable(error: SerialError, serial: &str) -> SerialError {
    let form: Vec<char> = l1(serial).chars().collect();
    let significant: Vec<char> = l2(serial).chars().collect();
    let lead = form.len() - significant.len();
    let has_lookalike = (lead + 1..form.len()).any(|i| !alternatives(form[i]).is_empty());
    match error {
        SerialError::LeadingZeros if !form.first().is_some_and(char::is_ascii_digit) => {
            applicable(SerialError::Confusable, serial)
        }
        SerialError::Confusable | SerialError::Ambiguous if !has_lookalike => SerialError::None,
        SerialError::Separators if form.len() < 2 => SerialError::None,
        SerialError::Pattern | SerialError::Fragment if significant.len() < 5 => {
            SerialError::Obliterated
        }
        SerialError::Transposition if !significant.windows(2).any(|w| fold(w[0]) != fold(w[1])) => {
            SerialError::Edit1
        }
        e => e,
    }
}

const EDIT_CHARS: &[u8] = b"ACEFHJKMNPRTUVWXY0123456789";

/// Applies `error` to a marked serial. None when the error cannot apply to this serial (the caller
/// then picks another); the caller also checks the result against the books.
pub fn garble(rng: &mut SmallRng, error: SerialError, serial: &str) -> Option<String> {
    match error {
        SerialError::None => Some(if rng.gen_bool(0.03) {
            serial.to_lowercase()
        } else {
            serial.to_string()
        }),
        SerialError::Separators => separators(rng, serial),
        SerialError::LeadingZeros => leading_zeros(rng, serial),
        SerialError::Confusable | SerialError::Ambiguous => confusable(rng, serial, None),
        SerialError::Edit1 => edit(rng, &l2(serial), 1),
        SerialError::Edit2 => edit(rng, &l2(serial), 2),
        SerialError::Transposition => transposition(rng, &l2(serial)),
        SerialError::Pattern => pattern(rng, &l2(serial)),
        SerialError::Fragment => fragment(rng, &l2(serial)),
        SerialError::Obliterated => {
            Some(pick(rng, &["", "", "", "*", "*", "???", "????", "**", "?"]).to_string())
        }
        SerialError::Missing => Some(String::new()),
    }
}

fn separators(rng: &mut SmallRng, serial: &str) -> Option<String> {
    let out = if serial.contains(['-', ' ']) {
        if rng.gen_bool(0.5) {
            l1(serial)
        } else {
            serial.replace('-', " ")
        }
    } else {
        let n = serial.chars().count();
        if n < 2 {
            return None;
        }
        let p = rng.gen_range(1..n);
        let sep = if rng.gen_bool(0.6) { ' ' } else { '-' };
        let mut chars: Vec<char> = serial.chars().collect();
        chars.insert(p, sep);
        chars.into_iter().collect()
    };
    (out.to_uppercase() != serial.to_uppercase()).then_some(out)
}

fn leading_zeros(rng: &mut SmallRng, serial: &str) -> Option<String> {
    let form = l1(serial);
    if form.starts_with('0') {
        let rest = form.trim_start_matches('0');
        (!rest.is_empty()).then(|| rest.to_string())
    } else if form.starts_with(|c: char| c.is_ascii_digit()) {
        Some(format!(
            "{}{serial}",
            if rng.gen_bool(0.7) { "0" } else { "00" }
        ))
    } else {
        None
    }
}

/// One look-alike substitution in the L1 form, after any leading zeros and never on the first
/// significant character (so L2 still strips the same zeros and the first character keeps its
/// class). `avoid` keeps a position free (the ambiguous case needs two different ones).
pub fn confusable(rng: &mut SmallRng, serial: &str, avoid: Option<usize>) -> Option<String> {
    let chars: Vec<char> = l1(serial).chars().collect();
    let lead = chars.iter().take_while(|&&c| c == '0').count();
    let positions: Vec<usize> = (lead + 1..chars.len())
        .filter(|&i| Some(i) != avoid && !alternatives(chars[i]).is_empty())
        .collect();
    if positions.is_empty() {
        return None;
    }
    let p = pick(rng, &positions);
    let mut out = chars;
    out[p] = pick(rng, &alternatives(out[p]));
    Some(out.into_iter().collect())
}

/// One to two random edits (substitution to another look-alike class, insertion, deletion) of an
/// L2 form.
fn edit(rng: &mut SmallRng, form: &str, edits: usize) -> Option<String> {
    for _ in 0..20 {
        let mut chars: Vec<char> = form.chars().collect();
        for _ in 0..edits {
            let c = char::from(pick(rng, EDIT_CHARS));
            match rng.gen_range(0..3) {
                0 => {
                    let p = rng.gen_range(0..chars.len());
                    if fold(chars[p]) != fold(c) {
                        chars[p] = c;
                    }
                }
                1 => {
                    let p = rng.gen_range(0..=chars.len());
                    chars.insert(p, c);
                }
                _ if chars.len() > 4 => {
                    chars.remove(rng.gen_range(0..chars.len()));
                }
                _ => {}
            }
        }
        let out: String = chars.into_iter().collect();
        if acceptable(&out, form) {
            return Some(out);
        }
    }
    None
}

fn transposition(rng: &mut SmallRng, form: &str) -> Option<String> {
    let chars: Vec<char> = form.chars().collect();
    let positions: Vec<usize> = (0..chars.len().saturating_sub(1))
        .filter(|&i| fold(chars[i]) != fold(chars[i + 1]))
        .collect();
    if positions.is_empty() {
        return None;
    }
    for _ in 0..10 {
        let p = pick(rng, &positions);
        let mut out = chars.clone();
        out.swap(p, p + 1);
        let out: String = out.into_iter().collect();
        if acceptable(&out, form) {
            return Some(out);
        }
    }
    None
}

/// A garbled serial must still look like one (4+ characters), must not start with a character of
/// the zero class (see `zero_class`), and must really differ from the original at L3.
fn acceptable(out: &str, original: &str) -> bool {
    out.chars().count() >= 4 && !out.starts_with(zero_class) && l3(out) != l3(original)
}

/// A partly obliterated serial: one to three `?`, or a `*` for an unreadable head or tail, with at
/// least 4 readable characters left.
fn pattern(rng: &mut SmallRng, form: &str) -> Option<String> {
    let mut chars: Vec<char> = form.chars().collect();
    let n = chars.len();
    if n < 5 {
        return None;
    }
    if rng.gen_bool(0.6) {
        let k = rng.gen_range(1..=(n - 4).min(3));
        let mut positions: Vec<usize> = (0..n).collect();
        for _ in 0..k {
            let i = rng.gen_range(0..positions.len());
            chars[positions.remove(i)] = '?';
        }
    } else {
        let keep = rng.gen_range(4..n);
        if rng.gen_bool(0.5) {
            chars = std::iter::once('*')
                .chain(chars[n - keep..].iter().copied())
                .collect();
        } else {
            chars.truncate(keep);
            chars.push('*');
        }
    }
    if chars.first().is_some_and(|&c| zero_class(c)) {
        chars[0] = '?';
    }
    let readable = chars.iter().filter(|&&c| c != '?' && c != '*').count();
    (readable >= 4).then(|| chars.into_iter().collect())
}

/// The readable part of a partly obliterated serial, 4 or more characters, not the whole serial.
fn fragment(rng: &mut SmallRng, form: &str) -> Option<String> {
    let chars: Vec<char> = form.chars().collect();
    let n = chars.len();
    if n < 5 {
        return None;
    }
    for _ in 0..10 {
        let len = rng.gen_range(4..n);
        let start = rng.gen_range(0..=n - len);
        if !zero_class(chars[start]) {
            return Some(chars[start..start + len].iter().collect());
        }
    }
    None
}

/// A spelling of `name` that the makers table does not know: two typing slips (a doubled letter, a
/// swapped pair, a dropped vowel).
pub fn unknown_spelling(rng: &mut SmallRng, makers: &Makers, name: &str) -> String {
    let base: Vec<char> = name.to_uppercase().chars().collect();
    for _ in 0..50 {
        let mut chars = base.clone();
        for _ in 0..2 {
            let letters: Vec<usize> = (0..chars.len())
                .filter(|&i| chars[i].is_ascii_alphabetic())
                .collect();
            if letters.len() < 3 {
                break;
            }
            let p = pick(rng, &letters);
            match rng.gen_range(0..3) {
                0 => chars.insert(p, chars[p]),
                1 if p + 1 < chars.len() && chars[p + 1].is_ascii_alphabetic() => {
                    chars.swap(p, p + 1)
                }
                _ if "AEIOU".contains(chars[p]) => {
                    chars.remove(p);
                }
                _ => chars.insert(p + 1, 'H'),
            }
        }
        let out: String = chars.into_iter().collect();
        let norm = normalize(&out);
        let known = makers.by_name.contains_key(&norm)
            || rastro_codes::find_reference_maker(&out).is_some();
        if norm.len() >= 3 && !known {
            return out;
        }
    }
    format!("{} ARMZ", name.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::stream;
    use crate::serials::osa;

    #[test]
    fn matching_errors_match_at_their_level() {
        let mut rng = stream(3, 3);
        for serial in ["LE014388", "331-12345", "ACE1234", "0012345", "PRT VWXY"] {
            for _ in 0..50 {
                if let Some(s) = garble(&mut rng, SerialError::Separators, serial) {
                    assert_ne!(s.to_uppercase(), serial.to_uppercase());
                    assert_eq!(l1(&s), l1(serial));
                }
                if let Some(s) = garble(&mut rng, SerialError::LeadingZeros, serial) {
                    assert_ne!(l1(&s), l1(serial));
                    assert_eq!(l2(&s), l2(serial));
                }
                if let Some(s) = garble(&mut rng, SerialError::Confusable, serial) {
                    assert_ne!(l2(&s), l2(serial), "{serial} -> {s}");
                    assert_eq!(l3(&s), l3(serial), "{serial} -> {s}");
                }
            }
        }
    }

    #[test]
    fn edits_stay_near() {
        let mut rng = stream(4, 4);
        for serial in ["LE014388", "331-12345", "ACE1234", "0012345"] {
            for e in [
                SerialError::Edit1,
                SerialError::Edit2,
                SerialError::Transposition,
            ] {
                for _ in 0..50 {
                    if let Some(s) = garble(&mut rng, e, serial) {
                        let d = osa(&l3(&s), &l3(serial));
                        assert!((1..=2).contains(&d), "{serial} -> {s} ({d})");
                        assert!(!s.starts_with(zero_class));
                    }
                }
            }
        }
    }

    #[test]
    fn patterns_keep_four_readable_characters() {
        let mut rng = stream(5, 5);
        for _ in 0..200 {
            let p = garble(&mut rng, SerialError::Pattern, "LE014388").unwrap_or_default();
            assert!(p.contains(['?', '*']), "{p}");
            assert!(
                p.chars().filter(|c| c.is_ascii_alphanumeric()).count() >= 4,
                "{p}"
            );
        }
    }
}

//! Looser matching: candidates for an analyst (`tracing-rules.md`, "Looser matching").
//!
//! Where the serial levels L0–L3 find nothing, rastro still looks — near serials for a readable
//! serial, patterns for a partly readable one — and hands what it finds to an analyst as
//! `NEEDS_REVIEW` candidates. It never follows a looser match by itself.
//!
//! The search itself is a [`LooseMatcher`]'s (the serial index, or brute force in tests); this
//! module decides when to ask, and which of the records returned are candidates.

use crate::makers::{MakerIdentity, MakerTable};
use crate::model::{AdRecord, TraceRequest};
use crate::result::Candidate;
use rastro_codes::{Caliber, FirearmType};
use rastro_serial::{level_key, Level};

/// Most candidates a result lists.
pub const MAX_CANDIDATES: usize = 20;
/// Near serials are within this many edits (optimal string alignment) of the request's L3 form.
pub const MAX_EDITS: u8 = 2;
/// A partly readable serial needs this many readable characters to be searched.
pub const MIN_READABLE: usize = 4;

/// A record a looser search found, with how far it is from the request.
#[derive(Debug, Clone)]
pub struct LooseHit {
    pub record: AdRecord,
    /// Edits (near serials) or unreadable characters (patterns): fewer is better.
    pub distance: u8,
}

/// What a looser search looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LooseQuery {
    /// Serials whose L3 form is within `max_edits` of `key`, the L3 form of `serial` (as read).
    Near {
        serial: String,
        key: String,
        max_edits: u8,
    },
    /// Serials whose L3 form matches `pattern`: `?` one character, `*` any run, the readable
    /// characters folded like L3 forms. `text` is the serial as read (a bare fragment has no
    /// wildcards there).
    Pattern { text: String, pattern: String },
}

/// Searches A&D records by a looser match, within one maker identity.
pub trait LooseMatcher {
    /// The records of the maker identity that the query reaches, of any distinct firearm.
    fn search(&self, identity: &MakerIdentity, query: &LooseQuery) -> Vec<LooseHit>;
}

/// The looser query for a serial marked obliterated, if it is a usable pattern: one with `?` or
/// `*` is a pattern, one without is a readable fragment (`*FRAGMENT*`); either needs
/// [`MIN_READABLE`] readable characters.
pub fn pattern_query(serial: &str) -> Option<LooseQuery> {
    let cleaned: String = serial
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.' | '/' | '_')))
        .flat_map(char::to_uppercase)
        .collect();
    let readable = cleaned.chars().filter(|c| !matches!(c, '?' | '*')).count();
    if readable < MIN_READABLE {
        return None;
    }
    let has_wildcards = cleaned.contains(['?', '*']);
    let pattern = if has_wildcards {
        cleaned
    } else {
        format!("*{cleaned}*")
    };
    Some(LooseQuery::Pattern {
        text: serial.to_string(),
        pattern: fold_pattern(&pattern),
    })
}

/// Folds the readable characters of a pattern as L3 forms are folded.
fn fold_pattern(pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| match c {
            '?' | '*' => c,
            other => rastro_serial::fold_confusable(other),
        })
        .collect()
}

/// The near-serial query for a readable serial.
pub fn near_query(serial: &str) -> LooseQuery {
    LooseQuery::Near {
        serial: serial.to_string(),
        key: level_key(serial, Level::Confusable),
        max_edits: MAX_EDITS,
    }
}

/// The candidates among the hits: consistent with the request's type and caliber, one per
/// distinct firearm (L2 form), best first, at most [`MAX_CANDIDATES`].
pub fn candidates(
    request: &TraceRequest,
    mut hits: Vec<LooseHit>,
    makers: &MakerTable,
) -> Vec<Candidate> {
    hits.retain(|hit| consistent(request, &hit.record));
    hits.sort_by(|a, b| {
        (a.distance, level_key(&a.record.serial, Level::LeadingZeros))
            .cmp(&(b.distance, level_key(&b.record.serial, Level::LeadingZeros)))
    });
    let mut seen: Vec<String> = Vec::new();
    let mut chosen = Vec::new();
    for hit in hits {
        let firearm = level_key(&hit.record.serial, Level::LeadingZeros);
        if seen.contains(&firearm) {
            continue;
        }
        seen.push(firearm);
        chosen.push(Candidate {
            maker: makers
                .resolve(&hit.record.manufacturer)
                .map(|maker| maker.name.clone())
                .unwrap_or_else(|| hit.record.manufacturer.clone()),
            serial: hit.record.serial.clone(),
            score: score(hit.distance),
        });
        if chosen.len() == MAX_CANDIDATES {
            break;
        }
    }
    chosen
}

/// 1.0 for an exact match, lower the further a candidate is.
fn score(distance: u8) -> f64 {
    1.0 / (1.0 + f64::from(distance))
}

/// A record contradicts the request when both state a type (or a caliber) the code tables know
/// and the two differ (calibers: are not compatible). What either side leaves out, or writes in
/// a way the tables do not know, contradicts nothing.
pub fn consistent(request: &TraceRequest, record: &AdRecord) -> bool {
    let types = (
        request.firearm_type.as_deref().and_then(FirearmType::parse),
        record.firearm_type.as_deref().and_then(FirearmType::parse),
    );
    if let (Some(wanted), Some(found)) = types {
        if wanted != found {
            return false;
        }
    }
    let calibers = (
        request.caliber.as_deref().and_then(parse_caliber),
        record.caliber.as_deref().and_then(parse_caliber),
    );
    match calibers {
        (Some(wanted), Some(found)) => wanted.compatible(found),
        _ => true,
    }
}

/// Requests store a caliber's canonical code; books write it any way.
fn parse_caliber(text: &str) -> Option<Caliber> {
    Caliber::from_code(text).or_else(|| Caliber::parse(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_needs_four_readable_characters() {
        assert_eq!(pattern_query("AB-1"), None);
        assert_eq!(
            pattern_query("ab-12"),
            Some(LooseQuery::Pattern {
                text: "ab-12".into(),
                pattern: "*A812*".into()
            })
        );
        assert_eq!(pattern_query("??"), None);
    }

    #[test]
    fn wildcards_are_kept_and_readable_characters_folded() {
        assert_eq!(
            pattern_query("LE0?43*"),
            Some(LooseQuery::Pattern {
                text: "LE0?43*".into(),
                pattern: "1E0?43*".into()
            })
        );
    }

    #[test]
    fn scores_fall_with_distance() {
        assert!(score(0) > score(1) && score(1) > score(2));
    }
}

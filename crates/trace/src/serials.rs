//! Serial search over the store: the serial index built from the A&D records, reached by
//! firearm (maker identity + serial) only.

use rastro_domain::codes::{Caliber, FirearmType};
use rastro_domain::makers::MakerToken;
use rastro_domain::serial::{level_key, level_sources, Level};
use rastro_domain::serial::{
    Attrs, Hit, IndexBuilder, Query, QueryError, QueryKind, SerialIndex, Step,
};
use rastro_domain::{LooseQuery, MakerIdentity, MakerTable};
use rastro_store::{Store, StoreError};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The serial index of the store's A&D records, with the maker identities it was built with:
/// one segment when built in memory; a main segment and a delta of the records stored after
/// it when loaded from the data folder (see `saved.rs`).
pub struct FirearmIndex {
    pub(crate) segments: Vec<SerialIndex>,
    pub(crate) tokens: Tokens,
}

/// Maker id (as given to the index) ↔ the maker token it stands for. Ids are handed out in
/// the order makers are met, and only added to: a delta segment extends its main's table.
#[derive(Default)]
pub(crate) struct Tokens {
    pub(crate) list: Vec<MakerToken>,
    ids: HashMap<MakerToken, u32>,
}

impl Tokens {
    pub(crate) fn from_list(list: Vec<MakerToken>) -> Self {
        let ids = list
            .iter()
            .enumerate()
            .map(|(i, token)| (token.clone(), i as u32))
            .collect();
        Tokens { list, ids }
    }

    fn id(&mut self, token: &MakerToken) -> u32 {
        if let Some(&id) = self.ids.get(token) {
            return id;
        }
        self.list.push(token.clone());
        self.ids.insert(token.clone(), self.list.len() as u32 - 1);
        self.list.len() as u32 - 1
    }
}

/// Most firearms a search lists.
pub const MAX_SHOWN: usize = 20;

/// One firearm a serial search found. No purchaser data: that leaves only in a trace result.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    pub maker: String,
    pub serial: String,
    pub edits: u8,
    pub unreadable: u8,
    pub lookalike_only: bool,
    pub score: f32,
    /// Why the serial was found, in serial order, each position (`at`) counted in `serial` as
    /// written, from 1 (the index counts in its L3 form, without separators and leading
    /// zeros). Put into words by the caller, in its user's language.
    #[serde(skip)]
    pub steps: Vec<Step>,
    /// The stored record the firearm was found by (one of its books).
    #[serde(skip)]
    pub record: i64,
    /// What that record says of the firearm, once [`with_firearm_details`] has read it: what
    /// an analyst tells candidates apart by.
    pub model: Option<String>,
    pub firearm_type: Option<FirearmType>,
    pub caliber: Option<Caliber>,
}

/// Fills in the model, type and caliber of each firearm found, from its record. Only those
/// fields are copied: the record's parties stay in the store.
pub fn with_firearm_details(store: &dyn Store, found: &mut [Found]) -> Result<(), StoreError> {
    let mut reader = store.record_reader()?;
    for firearm in found {
        let Some(record) = reader.by_id(firearm.record)? else {
            continue;
        };
        firearm.model = record.model;
        firearm.firearm_type = record.firearm_type.as_deref().and_then(FirearmType::parse);
        firearm.caliber = record.caliber.as_deref().and_then(caliber_of);
    }
    Ok(())
}

/// Whether a search text is a pattern (unreadable characters marked by `?` or `*`), whose
/// candidates differ by unreadable characters rather than by edits.
pub fn is_pattern(text: &str) -> bool {
    text.contains(['?', '*'])
}

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Query(#[from] QueryError),
    #[error("no maker or record goes by «{name}»{}", did_you_mean(.closest.as_deref()))]
    UnknownMaker {
        name: String,
        /// The maker the name most likely meant, if one is near it.
        closest: Option<String>,
    },
    #[error("«{0}» is not a firearm type")]
    UnknownType(String),
    #[error("«{0}» is not a caliber the code tables know")]
    UnknownCaliber(String),
}

fn did_you_mean(closest: Option<&str>) -> String {
    closest.map_or(String::new(), |name| format!(" (did you mean {name}?)"))
}

/// A caliber as a small code for the index: compatible calibers (.223 and 5.56×45, .38 Special
/// and .357 Magnum…) share one, so the index's equality filter keeps them together. A caliber
/// family written without detail (a bare `.38`) contradicts nothing: no code.
fn caliber_group(text: &str) -> Option<u16> {
    group_of(caliber_of(text)?)
}

/// A caliber as written in a record or a search: its code, or any spelling the table knows.
fn caliber_of(text: &str) -> Option<Caliber> {
    Caliber::from_code(text).or_else(|| Caliber::parse(text))
}

pub(crate) fn group_of(caliber: Caliber) -> Option<u16> {
    if caliber.is_family() {
        return None;
    }
    Caliber::ALL
        .iter()
        .enumerate()
        .filter(|(_, other)| !other.is_family() && caliber.compatible(**other))
        .map(|(index, _)| index as u16)
        .min()
}

/// A firearm type as a small code for the index.
fn type_code(text: &str) -> Option<u8> {
    let kind = FirearmType::parse(text)?;
    FirearmType::ALL
        .iter()
        .position(|k| *k == kind)
        .map(|i| i as u8)
}

impl FirearmIndex {
    /// Builds the index from every stored record, in memory.
    pub fn build(store: &dyn Store, makers: &MakerTable) -> Result<Self, StoreError> {
        let mut tokens = Tokens::default();
        let (index, _) = build_segment(store, makers, 0, &mut tokens)?;
        Ok(FirearmIndex {
            segments: vec![index],
            tokens,
        })
    }

    /// Serials stored in the index.
    pub fn len(&self) -> usize {
        self.segments.iter().map(SerialIndex::len).sum()
    }

    /// True when no record was indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs `query` on every segment; hits ranked as one index ranks them (fewest edits or
    /// unreadable characters, then fewest look-alikes), older segments first among equals.
    fn hits(&self, query: &Query) -> Result<Vec<Hit>, QueryError> {
        let mut hits = Vec::new();
        for segment in &self.segments {
            hits.extend(segment.search(query)?);
        }
        if self.segments.len() > 1 {
            hits.sort_by_key(|hit| (hit.edits, hit.unreadable, lookalikes(hit)));
        }
        Ok(hits)
    }

    /// Searches for `text`: a pattern when it has `?` or `*`, else serials within `max_edits`.
    pub fn search(
        &self,
        makers: &MakerTable,
        text: &str,
        maker: Option<&str>,
        firearm_type: Option<&str>,
        caliber: Option<&str>,
        max_edits: u8,
    ) -> Result<Vec<Found>, SearchError> {
        let kind = if is_pattern(text) {
            QueryKind::Pattern
        } else {
            QueryKind::Near { max_edits }
        };
        let mut query = Query::new(text, kind);
        if let Some(name) = maker {
            let identity = makers.identity(Some(name), None);
            let scope = self.scope(&identity);
            // A name neither the makers table nor any record knows is a typo, not a maker
            // without this serial: saying "no candidates" would mislead.
            if makers.lookup(name).is_empty() && scope.is_empty() {
                return Err(SearchError::UnknownMaker {
                    name: name.to_string(),
                    closest: makers.closest(name).map(|maker| maker.name.clone()),
                });
            }
            query.makers = Some(scope);
        }
        if let Some(kind) = firearm_type {
            query.firearm_type =
                Some(type_code(kind).ok_or_else(|| SearchError::UnknownType(kind.to_string()))?);
        }
        // Unlimited: several books record one firearm, and it is listed once.
        query.limit = 0;
        if let Some(text) = caliber {
            if caliber_of(text).is_none() {
                return Err(SearchError::UnknownCaliber(text.to_string()));
            }
            query.caliber = caliber_group(text);
        }
        let hits = self.hits(&query)?;
        // One line per firearm: its books (one record each) share its maker and serial, and a
        // record of a firearm marked by its manufacturer and its importer is indexed under both.
        let (mut seen, mut records) = (HashSet::new(), HashSet::new());
        Ok(hits
            .into_iter()
            .filter(|hit| {
                let firearm = (hit.maker, level_key(&hit.serial, Level::LeadingZeros));
                seen.insert(firearm) && records.insert(hit.firearm)
            })
            .take(MAX_SHOWN)
            .map(|hit| Found {
                steps: as_written(&hit.explanation, &hit.serial),
                maker: self.maker_name(makers, hit.maker),
                serial: hit.serial,
                edits: hit.edits,
                unreadable: hit.unreadable,
                lookalike_only: hit.lookalike_only,
                score: hit.score,
                record: hit.firearm as i64,
                model: None,
                firearm_type: None,
                caliber: None,
            })
            .collect())
    }

    /// The stored ids of the records a looser query reaches within a maker identity, with their
    /// distance (edits, or unreadable characters for a pattern).
    pub fn loose_hits(
        &self,
        identity: &MakerIdentity,
        query: &LooseQuery,
    ) -> Result<Vec<(i64, u8)>, QueryError> {
        let scope = self.scope(identity);
        if scope.is_empty() {
            return Ok(Vec::new());
        }
        let mut search = match query {
            LooseQuery::Near {
                serial, max_edits, ..
            } => Query::new(
                serial.as_str(),
                QueryKind::Near {
                    max_edits: *max_edits,
                },
            ),
            LooseQuery::Pattern { text, .. } => Query::new(text.as_str(), QueryKind::Pattern),
        };
        search.makers = Some(scope);
        search.limit = 0;
        let hits = self.hits(&search)?;
        let mut seen = HashSet::new();
        Ok(hits
            .into_iter()
            .filter(|hit| seen.insert(hit.firearm))
            .map(|hit| (hit.firearm as i64, hit.edits.max(hit.unreadable)))
            .collect())
    }

    /// The index's maker ids of a maker identity (none when no record of it was indexed).
    fn scope(&self, identity: &MakerIdentity) -> Vec<u32> {
        identity
            .tokens()
            .iter()
            .filter_map(|token| self.tokens.ids.get(token).copied())
            .collect()
    }

    fn maker_name(&self, makers: &MakerTable, id: u32) -> String {
        match self.tokens.list.get(id as usize) {
            Some(MakerToken::Known(index)) => makers.get(*index).name.clone(),
            Some(MakerToken::Unknown(name)) => name.clone(),
            None => String::new(),
        }
    }
}

/// Indexes the records with ids above `after`, giving makers ids from `tokens`; with the
/// last id indexed (`after` when there is none).
pub(crate) fn build_segment(
    store: &dyn Store,
    makers: &MakerTable,
    after: i64,
    tokens: &mut Tokens,
) -> Result<(SerialIndex, i64), StoreError> {
    let mut builder = IndexBuilder::new();
    let mut last = after;
    store.scan_records_after(after, &mut |id, record| {
        last = last.max(id);
        let identity = makers.identity(Some(&record.manufacturer), record.importer.as_deref());
        let attrs = Attrs {
            firearm_type: record.firearm_type.as_deref().and_then(type_code),
            caliber: record.caliber.as_deref().and_then(caliber_group),
        };
        for token in identity.tokens() {
            builder.add(tokens.id(token), &record.serial, id as u64, attrs);
        }
    })?;
    Ok((builder.build(), last))
}

/// Look-alike differences of a hit, as the index ranks them.
fn lookalikes(hit: &Hit) -> usize {
    hit.explanation
        .iter()
        .filter(|step| matches!(step, Step::LookAlike { .. }))
        .count()
}

/// `steps` with their positions in the L3 form of `serial` turned into positions in `serial`
/// as written, counted from 1: what a person reading the serial counts.
fn as_written(steps: &[Step], serial: &str) -> Vec<Step> {
    let written = written_positions(serial);
    // A position past the L3 form's end (an extra character read after its last) follows the
    // serial's last character.
    let at = |i: usize| {
        written
            .get(i)
            .copied()
            .unwrap_or_else(|| serial.chars().count() + 1)
    };
    steps
        .iter()
        .map(|step| match *step {
            Step::Substituted { at: i, from, to } => Step::Substituted {
                at: at(i),
                from,
                to,
            },
            Step::Inserted { at: i, ch } => Step::Inserted { at: at(i), ch },
            Step::Dropped { at: i, ch } => Step::Dropped { at: at(i), ch },
            Step::Transposed { at: i } => Step::Transposed { at: at(i) },
            Step::LookAlike { at: i, from, to } => Step::LookAlike {
                at: at(i),
                from,
                to,
            },
            // The span as written: separators inside it count.
            Step::Wildcard { at: i, len } => Step::Wildcard {
                at: at(i),
                len: at(i + len.max(1) - 1) + 1 - at(i),
            },
        })
        .collect()
}

/// For each character of the L3 form of `serial`, the position (from 1) in `serial` of the
/// character it comes from.
fn written_positions(serial: &str) -> Vec<usize> {
    let sources = level_sources(serial, Level::Confusable);
    sources.into_iter().map(|i| i + 1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_the_serial_as_written() {
        // Separators and leading zeros are not in the L3 form; `ß` is two characters there.
        assert_eq!(written_positions("SP-101389"), [1, 2, 4, 5, 6, 7, 8, 9]);
        assert_eq!(written_positions("00-12 3"), [4, 5, 7]);
        assert_eq!(written_positions("aß1"), [1, 2, 2, 3]);
        let steps = [
            Step::LookAlike {
                at: 2,
                from: 'I',
                to: '1',
            },
            Step::Inserted { at: 8, ch: '7' },
            Step::Wildcard { at: 1, len: 3 },
        ];
        assert_eq!(
            as_written(&steps, "SP-101389"),
            [
                Step::LookAlike {
                    at: 4,
                    from: 'I',
                    to: '1'
                },
                Step::Inserted { at: 10, ch: '7' },
                Step::Wildcard { at: 2, len: 4 },
            ]
        );
    }
}

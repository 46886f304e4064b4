//! The makers table and maker identities (`tracing-rules.md`, "Maker identity").

use crate::model::Maker;
use rastro_codes::{fold_compact, reference_makers, Country, MakerRole};
use std::collections::HashMap;

/// One part of a maker identity: a maker of the table, or a name the table does not know.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MakerToken {
    /// Index of a maker in the [`MakerTable`].
    Known(u32),
    /// A name the table does not know, compared as its normalised text.
    Unknown(String),
}

/// The maker codes (or unknown names) of a firearm's `manufacturer` and `importer`.
///
/// Two identities are the same maker identity when they share at least one token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MakerIdentity {
    tokens: Vec<MakerToken>,
}

impl MakerIdentity {
    /// True when the two identities share a maker code or an unknown name.
    pub fn overlaps(&self, other: &MakerIdentity) -> bool {
        self.tokens.iter().any(|token| other.tokens.contains(token))
    }

    /// The tokens, manufacturer's first.
    pub fn tokens(&self) -> &[MakerToken] {
        &self.tokens
    }

    /// True when neither name was given.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    fn push(&mut self, token: MakerToken) {
        if !self.tokens.contains(&token) {
            self.tokens.push(token);
        }
    }
}

/// The makers table: rastro's reference table, overridden and extended by imported makers.
#[derive(Debug, Clone, Default)]
pub struct MakerTable {
    makers: Vec<Maker>,
    by_code: HashMap<String, u32>,
    /// Folded name or alias → makers carrying it (an alias may be shared, e.g. `GLOCK`).
    by_name: HashMap<String, Vec<u32>>,
}

impl MakerTable {
    /// The reference table shipped with rastro.
    pub fn reference() -> Self {
        let mut table = MakerTable::default();
        for reference in reference_makers() {
            table.insert_or_replace(Maker {
                code: reference.code.to_string(),
                name: reference.name.to_string(),
                aliases: reference.aliases.iter().map(|a| a.to_string()).collect(),
                country: Some(reference.country),
                role: reference.role,
                ffl: reference
                    .ffl_number
                    .and_then(|number| crate::ffl::FflNumber::parse(number).ok()),
            });
        }
        table.reindex_names();
        table
    }

    /// The reference table with `makers` added or overriding it by code.
    pub fn with_overrides(makers: impl IntoIterator<Item = Maker>) -> Self {
        let mut table = Self::reference();
        for maker in makers {
            table.insert_or_replace(maker);
        }
        table.reindex_names();
        table
    }

    /// Adds a maker, or replaces the one with the same code.
    pub fn upsert(&mut self, maker: Maker) {
        self.insert_or_replace(maker);
        self.reindex_names();
    }

    fn insert_or_replace(&mut self, maker: Maker) {
        let code = maker.code.to_uppercase();
        match self.by_code.get(&code) {
            Some(&index) => self.makers[index as usize] = maker,
            None => {
                self.by_code.insert(code, self.makers.len() as u32);
                self.makers.push(maker);
            }
        }
    }

    fn reindex_names(&mut self) {
        self.by_name.clear();
        for (index, maker) in self.makers.iter().enumerate() {
            let names = std::iter::once(&maker.name)
                .chain(maker.aliases.iter())
                .chain(std::iter::once(&maker.code));
            for name in names {
                let key = fold_compact(name);
                if key.is_empty() {
                    continue;
                }
                let entry = self.by_name.entry(key).or_default();
                if !entry.contains(&(index as u32)) {
                    entry.push(index as u32);
                }
            }
        }
    }

    /// The makers whose name, alias or code is `name` (case, accents and punctuation ignored).
    pub fn lookup(&self, name: &str) -> &[u32] {
        self.by_name
            .get(&fold_compact(name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The maker whose name, alias or code is nearest to `name` (case, accents and
    /// punctuation ignored), within 2 edits and fewer than a third of its characters: what a
    /// person who mistyped a maker most likely meant. `None` for a name the table knows.
    pub fn closest(&self, name: &str) -> Option<&Maker> {
        let wanted: Vec<char> = fold_compact(name).chars().collect();
        if wanted.is_empty() || !self.lookup(name).is_empty() {
            return None;
        }
        let within = (wanted.len().saturating_sub(1) / 3).min(2);
        let mut names: Vec<(&String, &Vec<u32>)> = self.by_name.iter().collect();
        names.sort(); // ties go to the same maker on every run
        names
            .into_iter()
            .filter(|(key, _)| key.chars().count().abs_diff(wanted.len()) <= within)
            .map(|(key, makers)| {
                let key: Vec<char> = key.chars().collect();
                (crate::serial::osa_distance(&key, &wanted), makers[0])
            })
            .filter(|&(distance, _)| distance <= within)
            .min_by_key(|&(distance, _)| distance)
            .map(|(_, index)| self.get(index))
    }

    /// The maker at an index returned by [`Self::lookup`].
    pub fn get(&self, index: u32) -> &Maker {
        &self.makers[index as usize]
    }

    /// The maker with this code.
    pub fn by_code(&self, code: &str) -> Option<&Maker> {
        self.by_code
            .get(&code.to_uppercase())
            .map(|&index| &self.makers[index as usize])
    }

    /// Every maker.
    pub fn iter(&self) -> impl Iterator<Item = &Maker> {
        self.makers.iter()
    }

    /// The maker identity of a firearm marked with these names.
    pub fn identity(&self, manufacturer: Option<&str>, importer: Option<&str>) -> MakerIdentity {
        let mut identity = MakerIdentity::default();
        for name in [manufacturer, importer].into_iter().flatten() {
            self.add_name(&mut identity, name);
        }
        identity
    }

    fn add_name(&self, identity: &mut MakerIdentity, name: &str) {
        let key = fold_compact(name);
        if key.is_empty() {
            return;
        }
        match self.by_name.get(&key) {
            Some(indices) => indices
                .iter()
                .for_each(|&index| identity.push(MakerToken::Known(index))),
            None => identity.push(MakerToken::Unknown(key)),
        }
    }

    /// The first maker a name resolves to.
    pub fn resolve(&self, name: &str) -> Option<&Maker> {
        self.lookup(name).first().map(|&index| self.get(index))
    }

    /// True when any maker a name resolves to satisfies `test`.
    pub fn any(&self, name: Option<&str>, test: impl Fn(&Maker) -> bool) -> bool {
        name.map(|name| self.lookup(name).iter().any(|&i| test(self.get(i))))
            .unwrap_or(false)
    }
}

/// True when the maker is a manufacturer of the United States.
pub fn is_us_maker(maker: &Maker) -> bool {
    maker.country == Some(Country::US)
}

/// True when the maker's role is importer.
pub fn is_importer(maker: &Maker) -> bool {
    maker.role == MakerRole::Importer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maker(code: &str, name: &str, aliases: &[&str], country: Country, role: MakerRole) -> Maker {
        Maker {
            code: code.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            country: Some(country),
            role,
            ffl: None,
        }
    }

    #[test]
    fn names_resolve_case_accent_and_punctuation_insensitively() {
        let table = MakerTable::with_overrides([maker(
            "SWX",
            "Smith & Wesson X",
            &["S&W X", "SMITH AND WESSON X"],
            Country::US,
            MakerRole::Manufacturer,
        )]);
        let a = table.identity(Some("s & w x"), None);
        let b = table.identity(Some("Smith and Wesson X"), None);
        assert!(a.overlaps(&b));
        assert_eq!(table.resolve("smith-&-wesson x").unwrap().code, "SWX");
    }

    #[test]
    fn a_mistyped_maker_is_matched_to_the_nearest_name() {
        let table = MakerTable::reference();
        let colt = table.resolve("Colt").unwrap().code.clone();
        assert_eq!(table.closest("Cotl").unwrap().code, colt);
        assert_eq!(
            table.closest("colt'").map(|m| &m.code),
            None,
            "a known name"
        );
        assert_eq!(table.closest("Nobody"), None, "nothing near");
        assert_eq!(table.closest(""), None);
    }

    #[test]
    fn identities_share_a_code_through_the_importer() {
        let table = MakerTable::with_overrides([
            maker(
                "GLK",
                "Glock GmbH X",
                &["GLOCKX"],
                Country::parse("AT").unwrap(),
                MakerRole::Manufacturer,
            ),
            maker(
                "GLKUS",
                "Glock Inc X",
                &[],
                Country::US,
                MakerRole::Importer,
            ),
        ]);
        let request = table.identity(None, Some("GLOCK INC X"));
        let record = table.identity(Some("GLOCKX"), Some("Glock Inc. X"));
        assert!(request.overlaps(&record));
    }

    #[test]
    fn unknown_names_compare_as_text() {
        let table = MakerTable::default();
        let a = table.identity(Some("Fábrica Ñandú"), None);
        let b = table.identity(Some("FABRICA NANDU"), None);
        let c = table.identity(Some("Other"), None);
        assert!(a.overlaps(&b));
        assert!(!a.overlaps(&c));
    }
}

//! Firearms and their chains of custody: who made or imported each gun, which licensees' books it
//! passed through, and how each book recorded it. Also the issuing of serials, with the per-maker
//! key sets that keep every issued serial distinct at L3 within every maker identity.

use chrono::{Duration, NaiveDate};
use rand::rngs::SmallRng;
use rand::Rng;

use crate::dist::{lognormal_days, ymd};
use crate::makers::Makers;
use crate::names::Buyer;
use crate::serials::{serial_key, KeySet};
use crate::world::World;

/// Where one book entry sent the gun.
#[derive(Debug, Clone)]
pub enum Disposition {
    /// To the licensee of the next step.
    Next,
    /// Back to a licensee already in the chain (an inconsistent book).
    Back(usize),
    /// To an FFL number that the listing does not hold.
    Unknown(String),
    /// A retail sale to a non-licensee.
    Person(Box<Buyer>),
    /// Still in stock: no disposition recorded.
    None,
}

/// One licensee's entry for the gun.
#[derive(Debug, Clone)]
pub struct Step {
    pub lic: usize,
    pub acquired_on: NaiveDate,
    pub disposed_on: Option<NaiveDate>,
    pub to: Disposition,
    /// False when the licensee's book lacks the entry (records on file, entry missing).
    pub written: bool,
    /// The serial as this book wrote it, when it differs from the marked serial by a look-alike
    /// character (a misspelled book: the walk still accepts it at L3).
    pub misspelled: Option<String>,
}

/// A firearm in US licensees' books.
#[derive(Debug, Clone)]
pub struct Gun {
    pub pop: usize,
    pub maker: usize,
    pub importer: Option<usize>,
    pub model: usize,
    pub kind: usize,
    pub serial: String,
    pub steps: Vec<Step>,
}

/// How a planned chain should go wrong (for traced guns; background chains are clean).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mishaps {
    pub retail_entry_missing: bool,
    pub no_disposition: bool,
    pub unknown_licensee: bool,
    pub inconsistent: bool,
    /// Made and sold before the Gun Control Act (1968-12-16), retail entry missing.
    pub too_old: bool,
    /// The retailer's book writes the serial with a look-alike character.
    pub misspelled_retail: bool,
}

/// The Gun Control Act's effective date: older sales need not be on record.
pub fn gca_date() -> NaiveDate {
    ymd(1968, 12, 16)
}

/// Builds the steps of a chain ending in a retail sale on `sale_on` at `retailer` (or, with
/// `buyer` None, in the retailer's stock), through `distributor` when given. Dates are drawn
/// backwards from the sale.
#[allow(clippy::too_many_arguments)]
pub fn chain(
    rng: &mut SmallRng,
    world: &World,
    source: usize,
    distributor: Option<usize>,
    retailer: usize,
    sale_on: NaiveDate,
    buyer: Option<Buyer>,
    mishaps: Mishaps,
) -> Vec<Step> {
    let retail_acq = sale_on - Duration::days(lognormal_days(rng, 45.0, 1.1, 1));
    let (mut steps, handed_on) = match distributor {
        Some(d) => {
            let dist_acq = retail_acq - Duration::days(lognormal_days(rng, 30.0, 1.0, 1));
            let made = dist_acq - Duration::days(lognormal_days(rng, 20.0, 1.0, 0));
            (
                vec![
                    step(source, made, Some(dist_acq), Disposition::Next),
                    step(d, dist_acq, Some(retail_acq), Disposition::Next),
                ],
                retail_acq,
            )
        }
        None => {
            let made = retail_acq - Duration::days(lognormal_days(rng, 40.0, 1.0, 0));
            (
                vec![step(source, made, Some(retail_acq), Disposition::Next)],
                retail_acq,
            )
        }
    };
    if mishaps.unknown_licensee {
        let last = steps.len() - 1;
        let pick = rng.gen_range(0..world.unknown_ffls.len());
        steps[last].to = Disposition::Unknown(world.unknown_ffls[pick].clone());
        return steps;
    }
    let to = match buyer {
        Some(b) if !mishaps.no_disposition => Disposition::Person(Box::new(b)),
        _ => Disposition::None,
    };
    let disposed_on = matches!(to, Disposition::Person(_)).then_some(sale_on);
    let mut retail = step(retailer, handed_on, disposed_on, to);
    if mishaps.inconsistent {
        let previous = steps[steps.len() - 1].lic;
        retail.to = Disposition::Back(previous);
        retail.disposed_on = Some(sale_on);
    }
    retail.written = !(mishaps.retail_entry_missing || mishaps.too_old);
    steps.push(retail);
    steps
}

fn step(
    lic: usize,
    acquired_on: NaiveDate,
    disposed_on: Option<NaiveDate>,
    to: Disposition,
) -> Step {
    Step {
        lic,
        acquired_on,
        disposed_on,
        to,
        written: true,
        misspelled: None,
    }
}

/// The other members of `c`'s look-alike class.
pub fn alternatives(c: char) -> Vec<char> {
    const CLASSES: &[&str] = &["0OQD", "1IL", "2Z", "5S", "6G", "8B"];
    CLASSES
        .iter()
        .find(|cl| cl.contains(c))
        .map(|cl| cl.chars().filter(|&x| x != c).collect())
        .unwrap_or_default()
}

/// Issues serials: per-(maker, format) counters, and per-maker sets of the L3 keys of every
/// serial in any book, under the manufacturer's code and the importer's code alike (the records of
/// a maker identity are those whose manufacturer or importer shares a code with the request).
pub struct Issuer {
    counters: Vec<Vec<u64>>,
    overflow: Vec<u64>,
    pub keys: Vec<KeySet>,
}

impl Issuer {
    pub fn new(makers: &Makers) -> Self {
        Self {
            counters: makers
                .makers
                .iter()
                .map(|m| vec![0; m.formats.len()])
                .collect(),
            overflow: vec![0; makers.makers.len()],
            keys: vec![KeySet::default(); makers.makers.len()],
        }
    }

    /// A fresh serial for a gun of `maker` in `format`. For a gun that goes into books, its key is
    /// checked against and added to the key sets of `maker` and `importer`.
    pub fn issue(
        &mut self,
        makers: &Makers,
        maker: usize,
        format: usize,
        importer: Option<usize>,
        in_books: bool,
    ) -> String {
        let m = &makers.makers[maker];
        loop {
            let i = self.counters[maker][format];
            self.counters[maker][format] += 1;
            let serial = if i < m.formats[format].capacity() {
                m.formats[format].render(i)
            } else {
                let j = self.overflow[maker];
                self.overflow[maker] += 1;
                m.overflow.render(j)
            };
            if !in_books {
                return serial;
            }
            let key = serial_key(&serial);
            let taken = self.keys[maker].contains(&key)
                || importer.is_some_and(|imp| self.keys[imp].contains(&key));
            if taken {
                continue;
            }
            self.keys[maker].insert(key);
            if let Some(imp) = importer {
                self.keys[imp].insert(key);
            }
            return serial;
        }
    }
}

/// A serial as a book may write it without changing the gun: a space or dash inserted (L1 still
/// matches). `rate` is the chance of a variant.
pub fn book_spelling(rng: &mut SmallRng, serial: &str, rate: f64) -> Option<String> {
    if serial.len() < 4 || !rng.gen_bool(rate) || serial.contains(['-', ' ']) {
        return None;
    }
    let p = rng.gen_range(1..serial.len());
    if !serial.is_char_boundary(p) {
        return None;
    }
    let sep = if rng.gen_bool(0.5) { " " } else { "-" };
    Some(format!("{}{}{}", &serial[..p], sep, &serial[p..]))
}

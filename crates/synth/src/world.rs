//! The licensee world: manufacturers (07), importers (08), distributors and dealers (01),
//! pawnbrokers (02), their FFL numbers and their record status.

use std::collections::HashSet;

use chrono::NaiveDate;
use rand::rngs::SmallRng;
use rand::Rng;

use crate::config::Scale;
use crate::dist::{date_between, pick, ymd, Weighted};
use crate::geo::{is_border, us_state_index, UsState, STREETS, STREET_KINDS, US_STATES};
use crate::makers::{Makers, Role};
use crate::names::NameTables;

/// The day the world is seen from: every book, status and request date is on or before it.
pub fn as_of() -> NaiveDate {
    ymd(2016, 6, 30)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicKind {
    Manufacturer,
    Importer,
    Distributor,
    Dealer,
    Pawnbroker,
}

impl LicKind {
    pub fn type_code(self) -> &'static str {
        match self {
            LicKind::Manufacturer => "07",
            LicKind::Importer => "08",
            LicKind::Distributor | LicKind::Dealer => "01",
            LicKind::Pawnbroker => "02",
        }
    }
}

/// Where a licensee's A&D book is, which decides the file its rows go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Book {
    /// Imported: active, or out of business with its records handed over (`ad-records.csv`).
    OnFile,
    /// Active, but its records were never imported (`ad-records-pending.csv`).
    Pending,
    /// Out of business, records never handed over: its rows are written nowhere.
    Withheld,
}

/// An FFL number, `REGN-DIST-CNTY-TYPE-XPRDTE-SEQN`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ffl {
    pub regn: u8,
    pub dist: u8,
    pub cnty: u16,
    pub ltype: &'static str,
    pub xprdte: String,
    pub seqn: u32,
}

impl Ffl {
    pub fn dashed(&self) -> String {
        format!(
            "{}-{:02}-{:03}-{}-{}-{:05}",
            self.regn, self.dist, self.cnty, self.ltype, self.xprdte, self.seqn
        )
    }

    pub fn plain(&self) -> String {
        self.dashed().replace('-', "")
    }
}

#[derive(Debug, Clone)]
pub struct Licensee {
    pub ffl: Ffl,
    /// The dashed and undashed spellings, precomputed for the A&D writer.
    pub dashed: String,
    pub plain: String,
    pub kind: LicKind,
    pub state: usize,
    pub license_name: String,
    pub business_name: String,
    pub street: String,
    pub city: &'static str,
    pub zip: String,
    pub phone: String,
    pub licensed_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub records_received_on: Option<NaiveDate>,
    pub book: Book,
}

impl Licensee {
    pub fn is_retailer(&self) -> bool {
        matches!(self.kind, LicKind::Dealer | LicKind::Pawnbroker)
    }

    /// The latest day it can have dealt in a gun.
    pub fn last_day(&self) -> NaiveDate {
        self.closed_on.unwrap_or_else(as_of)
    }
}

/// The whole world of licensees and makers.
pub struct World {
    pub makers: Makers,
    pub lic: Vec<Licensee>,
    pub retailers_by_state: Vec<Vec<usize>>,
    pub distributors: Vec<usize>,
    /// FFL-shaped numbers that the listing does not hold.
    pub unknown_ffls: Vec<String>,
    /// Draw of a US state for a background retail sale.
    pub retail_state_w: Weighted,
    /// Draw of a US state for the first retail sale of a traced gun (calibration §1.3).
    pub source_state_w: Weighted,
    pub names: NameTables,
}

struct FflAllocator {
    taken: HashSet<String>,
}

impl FflAllocator {
    fn next(&mut self, rng: &mut SmallRng, state: &UsState, ltype: &'static str) -> Ffl {
        loop {
            let ffl = Ffl {
                regn: state.region,
                dist: pick(rng, state.districts),
                cnty: rng.gen_range(1..=254),
                ltype,
                xprdte: format!(
                    "{}{}",
                    rng.gen_range(5..=9),
                    char::from(pick(rng, b"ABCDEFGHJKLM"))
                ),
                seqn: rng.gen_range(1..=99_999),
            };
            if self.taken.insert(ffl.dashed()) {
                return ffl;
            }
        }
    }
}

impl World {
    pub fn build(rng: &mut SmallRng, makers: Makers, scale: &Scale) -> World {
        let names = NameTables::new();
        let mut alloc = FflAllocator {
            taken: HashSet::new(),
        };
        let mut world = World {
            makers,
            lic: Vec::new(),
            retailers_by_state: vec![Vec::new(); US_STATES.len()],
            distributors: Vec::new(),
            unknown_ffls: Vec::new(),
            retail_state_w: Weighted::new(US_STATES.iter().map(|s| s.retail_weight)),
            source_state_w: Weighted::new(US_STATES.iter().map(|s| s.source_weight)),
            names,
        };
        world.add_maker_licensees(rng, &mut alloc);
        world.add_distributors(rng, &mut alloc, scale.distributors);
        world.add_retailers(rng, &mut alloc, scale);
        world.unknown_ffls = (0..scale.unknown_ffls)
            .map(|_| {
                let state = &US_STATES[rng.gen_range(0..US_STATES.len())];
                alloc.next(rng, state, "01").dashed()
            })
            .collect();
        world
    }

    fn add_maker_licensees(&mut self, rng: &mut SmallRng, alloc: &mut FflAllocator) {
        for m in 0..self.makers.makers.len() {
            let maker = &self.makers.makers[m];
            let Some(state) = maker.state else { continue };
            let kind = match maker.role {
                Role::Manufacturer => LicKind::Manufacturer,
                Role::Importer => LicKind::Importer,
            };
            let name = maker.name.to_uppercase();
            let idx = self.push(rng, alloc, us_state_index(state), kind, name.clone(), name);
            self.lic[idx].book = Book::OnFile;
            self.makers.makers[m].licensee = Some(idx);
        }
    }

    fn add_distributors(&mut self, rng: &mut SmallRng, alloc: &mut FflAllocator, n: usize) {
        const SUFFIXES: &[&str] = &[
            "WHOLESALE",
            "DISTRIBUTING",
            "SPORTS SUPPLY",
            "ARMS DISTRIBUTORS",
            "OUTDOOR WHOLESALE",
        ];
        for i in 0..n {
            let state = self.retail_state_w.sample(rng);
            let owner = self.names.owner(rng, is_border(state));
            let business = format!("{} {}", self.names.us_surname(rng), pick(rng, SUFFIXES));
            let idx = self.push(rng, alloc, state, LicKind::Distributor, owner, business);
            // A few distributors closed without handing over their books, and one or two never
            // sent theirs in: the walk stops there unless the retailer's books show the sale.
            let book = match i % 25 {
                3 | 17 => Book::Withheld,
                9 => Book::Pending,
                _ => Book::OnFile,
            };
            self.set_book(rng, idx, book, i % 25 == 21);
            self.distributors.push(idx);
        }
    }

    fn add_retailers(&mut self, rng: &mut SmallRng, alloc: &mut FflAllocator, scale: &Scale) {
        let border_w: f64 = US_STATES.iter().take(4).map(|s| s.retail_weight).sum();
        let other_w: f64 = US_STATES.iter().skip(4).map(|s| s.retail_weight).sum();
        for (s, st) in US_STATES.iter().enumerate() {
            let n = if is_border(s) {
                scale.border_retailers as f64 * st.retail_weight / border_w
            } else {
                scale.other_retailers as f64 * st.retail_weight / other_w
            };
            for _ in 0..(n.round() as usize).max(2) {
                let pawn = rng.gen_bool(0.12);
                let owner = self.names.owner(rng, is_border(s));
                let business = retail_name(rng, &self.names, st, pawn);
                let kind = if pawn {
                    LicKind::Pawnbroker
                } else {
                    LicKind::Dealer
                };
                let idx = self.push(rng, alloc, s, kind, owner, business);
                let u: f64 = rng.gen();
                let (book, closed_with_records) = if u < 0.045 {
                    (Book::OnFile, true)
                } else if u < 0.100 {
                    (Book::Withheld, false)
                } else if u < 0.135 {
                    (Book::Pending, false)
                } else {
                    (Book::OnFile, false)
                };
                self.set_book(rng, idx, book, closed_with_records);
                self.retailers_by_state[s].push(idx);
            }
        }
    }

    /// Sets where a licensee's book is, with its closing and hand-over dates.
    fn set_book(&mut self, rng: &mut SmallRng, idx: usize, book: Book, closed_with_records: bool) {
        let l = &mut self.lic[idx];
        l.book = book;
        if book == Book::Withheld || closed_with_records {
            let closed = date_between(rng, ymd(2009, 6, 1), ymd(2016, 3, 31));
            l.closed_on = Some(closed);
            if closed_with_records {
                l.records_received_on =
                    Some(closed + chrono::Duration::days(rng.gen_range(20..150)));
            }
        }
    }

    fn push(
        &mut self,
        rng: &mut SmallRng,
        alloc: &mut FflAllocator,
        state: usize,
        kind: LicKind,
        license_name: String,
        business_name: String,
    ) -> usize {
        let st = &US_STATES[state];
        let ffl = alloc.next(rng, st, kind.type_code());
        let (city, zip3) = pick(rng, st.cities);
        let l = Licensee {
            dashed: ffl.dashed(),
            plain: ffl.plain(),
            ffl,
            kind,
            state,
            license_name,
            business_name,
            street: format!(
                "{} {} {}",
                rng.gen_range(100..9999),
                pick(rng, STREETS),
                pick(rng, STREET_KINDS)
            ),
            city,
            zip: format!("{zip3}{:02}", rng.gen_range(1..99)),
            phone: format!(
                "{}555{:04}",
                rng.gen_range(200..990),
                rng.gen_range(0..10_000)
            ),
            licensed_on: date_between(rng, ymd(1972, 1, 1), ymd(2007, 12, 31)),
            closed_on: None,
            records_received_on: None,
            book: Book::OnFile,
        };
        self.lic.push(l);
        self.lic.len() - 1
    }

    /// A retailer in `state` that was in business on `on`; any retailer there if none was.
    pub fn retailer_in(&self, rng: &mut SmallRng, state: usize, on: NaiveDate) -> usize {
        let list = &self.retailers_by_state[state];
        for _ in 0..20 {
            let r = pick(rng, list);
            if self.lic[r].last_day() >= on {
                return r;
            }
        }
        list.iter()
            .copied()
            .find(|&r| self.lic[r].closed_on.is_none())
            .unwrap_or(list[0])
    }

    /// A distributor still in business on `on`, if one is found quickly.
    pub fn distributor_on(&self, rng: &mut SmallRng, on: NaiveDate) -> Option<usize> {
        (0..20)
            .map(|_| pick(rng, &self.distributors))
            .find(|&d| self.lic[d].last_day() >= on)
    }
}

fn retail_name(rng: &mut SmallRng, names: &NameTables, st: &UsState, pawn: bool) -> String {
    let (city, _) = pick(rng, st.cities);
    if pawn {
        return match rng.gen_range(0..3) {
            0 => format!("{city} PAWN"),
            1 => format!("{} PAWN & GUN", names.us_surname(rng)),
            _ => format!("CASH AMERICA PAWN OF {city}"),
        };
    }
    match rng.gen_range(0..6) {
        0 => format!("{}'S GUNS", names.us_surname(rng)),
        1 => format!("{} SPORTING GOODS", names.us_surname(rng)),
        2 => format!("{city} GUN SHOP"),
        3 => format!("{} ARMS & AMMO", names.us_surname(rng)),
        4 => format!("{} OUTDOORS", names.us_surname(rng)),
        _ => format!("{} FIREARMS", names.us_surname(rng)),
    }
}

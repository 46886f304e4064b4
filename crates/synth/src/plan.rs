//! Plans the recovered (traced) guns before any book is written: what each gun is, where and when
//! it was sold and recovered, how its chain of custody goes wrong, and how its request will be
//! written. Straw-purchase rings supply part of the guns (and background stock of their own).

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::SmallRng;
use rand::Rng;

use crate::dist::{date_between, lognormal_days, pick, ring_lag_days, ttc_days, ymd, Weighted};
use crate::errors::{Descriptor, SerialError};
use crate::firearms::{chain, Gun, Mishaps, Step};
use crate::geo::{corridor, is_border, mx_state_index, MX_STATES, US_STATES};
use crate::makers::Channel;
use crate::names::Buyer;
use crate::world::{as_of, Book, World};

/// Recovery years and their traced totals (calibration §1.1, 2009–14).
const YEARS: [(i32, f64); 6] = [
    (2009, 21.6),
    (2010, 8.3),
    (2011, 20.3),
    (2012, 19.0),
    (2013, 16.1),
    (2014, 19.5),
];

/// Share of in-books traced guns bought by straw-purchase rings (the "fresh" trafficked
/// component of time to crime).
const RING_SHARE: f64 = 0.08;

#[derive(Debug, Clone)]
pub struct Recovery {
    pub on: NaiveDate,
    pub state: usize,
    pub city: &'static str,
}

/// A request row that the importer must reject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadRow {
    UnreadableDate,
    FutureDate,
    MissingFolio,
}

/// A recovered gun and the plan of its trace request.
#[derive(Debug, Clone)]
pub struct Traced {
    pub pop: usize,
    pub maker: usize,
    pub importer: Option<usize>,
    pub model: usize,
    pub kind: usize,
    pub recovery: Recovery,
    pub requested_on: NaiveDate,
    /// The chain of custody; empty for a third-country gun.
    pub steps: Vec<Step>,
    pub ring: bool,
    pub error: SerialError,
    pub descriptor: Descriptor,
    pub spanish: bool,
    pub bad: Option<BadRow>,
    /// The marked serial, issued when the gun's rows are written.
    pub serial: String,
    /// For an ambiguous request: the serial of the second gun that differs only by a look-alike.
    pub twin: Option<String>,
}

impl Traced {
    pub fn in_books(&self) -> bool {
        !self.steps.is_empty()
    }
}

pub struct Plan {
    pub traced: Vec<Traced>,
    /// Ring purchases that were not recovered in 2009–14: background stock with known buyers.
    pub ring_background: Vec<Gun>,
    /// Traced guns whose request is submitted twice.
    pub duplicates: Vec<usize>,
    pub rings: usize,
}

/// The state whose ring count is furthest below its source-state share of `total`.
fn furthest_behind(counts: &[usize], total: usize) -> usize {
    let weight: f64 = US_STATES.iter().map(|s| s.source_weight).sum();
    (0..US_STATES.len())
        .max_by(|&a, &b| {
            let gap =
                |s: usize| US_STATES[s].source_weight / weight * total as f64 - counts[s] as f64;
            gap(a).total_cmp(&gap(b))
        })
        .unwrap_or(0)
}

/// Splits `total` over the years by the calibration's weights (largest remainder).
fn year_quotas(total: usize) -> Vec<usize> {
    let sum: f64 = YEARS.iter().map(|y| y.1).sum();
    let raw: Vec<f64> = YEARS.iter().map(|y| total as f64 * y.1 / sum).collect();
    let mut q: Vec<usize> = raw.iter().map(|r| r.floor() as usize).collect();
    let mut order: Vec<usize> = (0..YEARS.len()).collect();
    order.sort_by(|&a, &b| (raw[b] - raw[b].floor()).total_cmp(&(raw[a] - raw[a].floor())));
    let short = total - q.iter().sum::<usize>();
    for &i in order.iter().take(short) {
        q[i] += 1;
    }
    q
}

fn year_index(d: NaiveDate) -> Option<usize> {
    YEARS.iter().position(|y| y.0 == d.year())
}

pub fn plan(rng: &mut SmallRng, world: &World, requests: usize) -> Plan {
    let bad = (requests * 3 / 1000).max(1);
    let dups = (requests * 3 / 1000).max(1);
    let guns = requests - dups;
    let mut quotas = year_quotas(guns);
    let mut planner = Planner { rng, world };
    let in_books_share = 1.0 - world.makers.third_share;
    let ring_target = (guns as f64 * in_books_share * RING_SHARE) as usize;
    let (mut traced, ring_background, rings) = planner.rings(ring_target, &mut quotas);
    let ring_count = traced.len();
    // The rings took in-books guns only; keep the overall third-country share on target.
    let third_p = (world.makers.third_share * guns as f64 / (guns - ring_count) as f64).min(1.0);
    for (y, &q) in quotas.iter().enumerate() {
        for _ in 0..q {
            let t = planner.single(YEARS[y].0, third_p);
            traced.push(t);
        }
    }
    // Bad rows and duplicates are spread at random over the guns.
    let n = traced.len();
    for _ in 0..bad {
        let i = planner.rng.gen_range(0..n);
        traced[i].bad = Some(pick(
            planner.rng,
            &[
                BadRow::UnreadableDate,
                BadRow::FutureDate,
                BadRow::MissingFolio,
            ],
        ));
    }
    let mut duplicates = Vec::new();
    while duplicates.len() < dups {
        let i = planner.rng.gen_range(0..n);
        let t = &traced[i];
        // Originals with a readable serial and a maker the table knows: whether two requests
        // with no (or an unknown) maker share a maker identity is left open by the rules.
        let usable = t.bad.is_none()
            && !matches!(t.error, SerialError::Missing | SerialError::Obliterated)
            && matches!(
                t.descriptor,
                Descriptor::Normal | Descriptor::ImporterAsMaker
            )
            && !duplicates.contains(&i);
        if usable {
            duplicates.push(i);
        }
    }
    Plan {
        traced,
        ring_background,
        duplicates,
        rings,
    }
}

struct Planner<'a> {
    rng: &'a mut SmallRng,
    world: &'a World,
}

/// Guns that rings favour (calibration §5: AK-type rifles above all, AR-type rifles, FN 5.7
/// pistols, Barretts, Glocks, .38 Super Colts): maker code, kind, weight.
const RING_POOL: &[(&str, usize, f64)] = &[
    ("ROMARM", crate::catalog::k::AK, 45.0),
    ("COLT", crate::catalog::k::AR, 10.0),
    ("BUSHMASTER", crate::catalog::k::AR, 8.0),
    ("DPMS", crate::catalog::k::AR, 5.0),
    ("FN", crate::catalog::k::P57, 7.0),
    ("BARRETT", crate::catalog::k::B50, 2.0),
    ("GLOCKAT", crate::catalog::k::P9, 8.0),
    ("TAURUS", crate::catalog::k::P9, 5.0),
    ("COLT", crate::catalog::k::P38S, 7.0),
    ("PSA", crate::catalog::k::AK, 3.0),
];

impl Planner<'_> {
    /// Generates rings until `target` of their guns are recovered in 2009–14 (within each
    /// year's quota, at most a quarter of it).
    fn rings(&mut self, target: usize, quotas: &mut [usize]) -> (Vec<Traced>, Vec<Gun>, usize) {
        let mut ring_left: Vec<usize> = quotas.iter().map(|q| q / 4).collect();
        let pool: Vec<(usize, usize)> = RING_POOL
            .iter()
            .filter_map(|&(code, kind, _)| {
                let pop =
                    self.world.makers.pops.iter().position(|p| {
                        p.in_books() && self.world.makers.makers[p.maker].code == code
                    })?;
                Some((pop, kind))
            })
            .collect();
        let pool_w = Weighted::new(RING_POOL.iter().map(|r| r.2));
        let mut traced = Vec::new();
        let mut background = Vec::new();
        let mut rings = 0;
        // Ring guns come in big lumps; the dealer's state goes to the state furthest behind its
        // share so far, so that the lumps do not skew the source-state mix.
        let mut by_state = vec![0usize; US_STATES.len()];
        while traced.len() < target && rings < 100_000 {
            rings += 1;
            let center = date_between(self.rng, ymd(2008, 3, 1), ymd(2014, 9, 30));
            let state = furthest_behind(&by_state, traced.len() + 50);
            let dealer = self.ring_dealer(state, center + Duration::days(150));
            let recover_p = self.rng.gen_range(0.05..0.7);
            let n_buyers = if self.rng.gen_bool(0.05) {
                self.rng.gen_range(20..=40)
            } else {
                self.rng.gen_range(3..=20)
            };
            for _ in 0..n_buyers {
                let buyer =
                    self.world
                        .names
                        .buyer(self.rng, &US_STATES[state], is_border(state), center);
                let count = lognormal_days(self.rng, 8.0, 1.2, 1).min(700);
                let mut bought = 0;
                while bought < count {
                    let basket = (self.rng.gen_range(1..=6)).min(count - bought);
                    bought += basket;
                    let day = center + Duration::days(self.rng.gen_range(-150..=150));
                    let day = day.min(self.world.lic[dealer].last_day());
                    let distributor = self.world.distributor_on(self.rng, day);
                    for _ in 0..basket {
                        let (pop, kind) = pool[pool_w.sample(self.rng).min(pool.len() - 1)];
                        let recovered = day + Duration::days(ring_lag_days(self.rng));
                        let slot = year_index(recovered)
                            .filter(|&y| ring_left[y] > 0 && quotas[y] > 0)
                            .filter(|_| self.rng.gen_bool(recover_p) && traced.len() < target);
                        let gun =
                            self.gun(pop, kind, distributor, dealer, day, &buyer, slot.is_some());
                        match slot {
                            Some(y) => {
                                ring_left[y] -= 1;
                                quotas[y] -= 1;
                                by_state[state] += 1;
                                traced.push(self.traced_from(gun, recovered, true, Some(state)));
                            }
                            None => background.push(gun),
                        }
                    }
                }
            }
        }
        (traced, background, rings)
    }

    /// A ring's dealer: usually one whose books are on file (rings are found because traces reach
    /// them), sometimes any.
    fn ring_dealer(&mut self, state: usize, on: NaiveDate) -> usize {
        for _ in 0..10 {
            let d = self.world.retailer_in(self.rng, state, on);
            if self.world.lic[d].book == Book::OnFile || self.rng.gen_bool(0.1) {
                return d;
            }
        }
        self.world.retailer_in(self.rng, state, on)
    }

    /// A ring gun's chain. Traced ring guns get mishaps like any traced gun.
    #[allow(clippy::too_many_arguments)]
    fn gun(
        &mut self,
        pop: usize,
        kind: usize,
        distributor: Option<usize>,
        dealer: usize,
        day: NaiveDate,
        buyer: &Buyer,
        traced: bool,
    ) -> Gun {
        let p = &self.world.makers.pops[pop];
        let maker = &self.world.makers.makers[p.maker];
        let models = maker.models_of_kind(kind);
        let model = if models.is_empty() {
            0
        } else {
            pick(self.rng, &models)
        };
        let mishaps = if traced {
            self.mishaps(false)
        } else {
            Mishaps::default()
        };
        let source = self.source_licensee(pop);
        let steps = chain(
            self.rng,
            self.world,
            source,
            distributor,
            dealer,
            day,
            Some(buyer.clone()),
            mishaps,
        );
        Gun {
            pop,
            maker: p.maker,
            importer: p.importer(),
            model,
            kind,
            serial: String::new(),
            steps,
        }
    }

    fn source_licensee(&self, pop: usize) -> usize {
        let p = &self.world.makers.pops[pop];
        let holder = match p.channel {
            Channel::Imported { importer } => importer,
            _ => p.maker,
        };
        self.world.makers.makers[holder]
            .licensee
            .unwrap_or_default()
    }

    /// How a traced gun's chain goes wrong: mostly it does not. Rates are per in-books gun.
    fn mishaps(&mut self, allow_too_old: bool) -> Mishaps {
        let u: f64 = self.rng.gen();
        let mut m = Mishaps::default();
        if u < 0.050 {
            m.retail_entry_missing = true;
        } else if u < 0.070 {
            m.no_disposition = true;
        } else if u < 0.080 {
            m.unknown_licensee = true;
        } else if u < 0.088 {
            m.inconsistent = true;
        } else if u < 0.108 && allow_too_old {
            m.too_old = true;
        }
        m
    }

    /// A gun recovered in `year` that no ring bought.
    fn single(&mut self, year: i32, third_p: f64) -> Traced {
        let makers = &self.world.makers;
        let third = self.rng.gen_bool(third_p);
        let (pop, kind) = if third {
            makers.third[makers.third_w.sample(self.rng)]
        } else {
            makers.books[makers.books_w.sample(self.rng)]
        };
        let recovered = date_between(self.rng, ymd(year, 1, 1), ymd(year, 12, 31));
        if third {
            let p = &makers.pops[pop];
            let models = makers.makers[p.maker].models_of_kind(kind);
            let gun = Gun {
                pop,
                maker: p.maker,
                importer: None,
                model: if models.is_empty() {
                    0
                } else {
                    pick(self.rng, &models)
                },
                kind,
                serial: String::new(),
                steps: Vec::new(),
            };
            return self.traced_from(gun, recovered, false, None);
        }
        let mishaps = self.mishaps(true);
        let sale = if mishaps.too_old {
            date_between(self.rng, ymd(1955, 1, 1), ymd(1968, 9, 30))
        } else {
            self.sale_date(recovered)
        };
        let state = self.world.source_state_w.sample(self.rng);
        let retailer = self.world.retailer_in(self.rng, state, sale);
        let distributor = if self.rng.gen_bool(0.9) {
            self.world.distributor_on(self.rng, sale)
        } else {
            None
        };
        let buyer = self
            .world
            .names
            .buyer(self.rng, &US_STATES[state], is_border(state), sale);
        let p = &makers.pops[pop];
        let models = makers.makers[p.maker].models_of_kind(kind);
        let source = self.source_licensee(pop);
        let steps = chain(
            self.rng,
            self.world,
            source,
            distributor,
            retailer,
            sale,
            Some(buyer),
            mishaps,
        );
        let gun = Gun {
            pop,
            maker: p.maker,
            importer: p.importer(),
            model: if models.is_empty() {
                0
            } else {
                pick(self.rng, &models)
            },
            kind,
            serial: String::new(),
            steps,
        };
        self.traced_from(gun, recovered, false, Some(state))
    }

    /// Sale date from the time-to-crime model, kept after the Gun Control Act so that only the
    /// deliberate too-old guns predate it.
    fn sale_date(&mut self, recovered: NaiveDate) -> NaiveDate {
        for _ in 0..100 {
            let sale = recovered - Duration::days(ttc_days(self.rng));
            if sale >= ymd(1970, 1, 1) {
                return sale;
            }
        }
        recovered - Duration::days(3650)
    }

    fn traced_from(
        &mut self,
        gun: Gun,
        recovered: NaiveDate,
        ring: bool,
        source_state: Option<usize>,
    ) -> Traced {
        let (state, city) = self.recovery_place(source_state);
        let makers = &self.world.makers;
        let in_books = !gun.steps.is_empty();
        let century = gun
            .importer
            .is_some_and(|i| makers.makers[i].code == "CENTURY");
        let lag = lognormal_days(self.rng, 40.0, 1.0, 1);
        Traced {
            pop: gun.pop,
            maker: gun.maker,
            importer: gun.importer,
            model: gun.model,
            kind: gun.kind,
            recovery: Recovery {
                on: recovered,
                state,
                city,
            },
            requested_on: (recovered + Duration::days(lag)).min(as_of()),
            steps: gun.steps,
            ring,
            error: SerialError::draw(self.rng, in_books),
            descriptor: Descriptor::draw(self.rng, in_books, century, gun.importer.is_some()),
            spanish: self.rng.gen_bool(0.65),
            bad: None,
            serial: String::new(),
            twin: None,
        }
    }

    /// Where in Mexico: half the guns sold in a border state follow its trafficking corridor.
    fn recovery_place(&mut self, source_state: Option<usize>) -> (usize, &'static str) {
        let corridor = source_state.map(corridor).unwrap_or_default();
        let state = if !corridor.is_empty() && self.rng.gen_bool(0.5) {
            mx_state_index(pick(self.rng, corridor))
        } else {
            let w = Weighted::new(MX_STATES.iter().map(|s| s.weight));
            w.sample(self.rng)
        };
        (state, pick(self.rng, MX_STATES[state].municipalities))
    }
}

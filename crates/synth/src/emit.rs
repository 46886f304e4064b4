//! Streams the A&D books: the traced guns (with their serials issued here), the twins of ambiguous
//! requests, the rings' other purchases, and background stock never recovered, which makes up the
//! bulk of the rows. Nothing but per-maker counters and key sets stays in memory.

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::SmallRng;
use rand::Rng;

use crate::dist::{date_between, pick, ymd};
use crate::error::SynthError;
use crate::errors::{applicable, confusable, SerialError};
use crate::firearms::{chain, Gun, Issuer, Mishaps};
use crate::geo::{is_border, US_STATES};
use crate::makers::Channel;
use crate::plan::{Plan, Traced};
use crate::serials::l2;
use crate::world::{as_of, Book, World};
use crate::writer::AdWriter;

/// Progress is reported every this many rows.
const PROGRESS_EVERY: u64 = 1 << 16;

pub struct Emitter<'a> {
    pub world: &'a World,
    pub issuer: Issuer,
    pub ad: AdWriter,
    rng: SmallRng,
    next_report: u64,
}

impl<'a> Emitter<'a> {
    pub fn new(world: &'a World, ad: AdWriter, rng: SmallRng) -> Self {
        Self {
            issuer: Issuer::new(&world.makers),
            world,
            ad,
            rng,
            next_report: PROGRESS_EVERY,
        }
    }

    /// Writes all books until `ad-records.csv` holds about `target` rows.
    pub fn run(
        &mut self,
        plan: &mut Plan,
        target: u64,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(), SynthError> {
        for gun in &mut plan.ring_background {
            self.issue(gun);
            self.ad.write_gun(&mut self.rng, self.world, gun)?;
        }
        // Interleave the traced guns with the background so that they are spread over the file.
        let per_gun = 2.9;
        let mut next_traced = 0;
        let total_traced = plan.traced.len();
        while self.ad.main_rows < target || next_traced < total_traced {
            let left_rows = target.saturating_sub(self.ad.main_rows) as f64;
            let left_traced = (total_traced - next_traced) as f64;
            let p_traced = if left_rows <= 0.0 {
                1.0
            } else {
                (left_traced / (left_rows / per_gun + left_traced)).min(1.0)
            };
            if next_traced < total_traced && self.rng.gen_bool(p_traced) {
                self.traced(&mut plan.traced[next_traced])?;
                next_traced += 1;
            } else if self.ad.main_rows < target {
                let gun = self.background(None)?;
                self.ad.write_gun(&mut self.rng, self.world, &gun)?;
            }
            self.report(progress);
        }
        self.fill_empty_books()?;
        progress(self.ad.rows());
        Ok(())
    }

    fn report(&mut self, progress: &mut dyn FnMut(u64)) {
        if self.ad.rows() >= self.next_report {
            progress(self.ad.rows());
            self.next_report += PROGRESS_EVERY;
        }
    }

    /// Issues the serial of a gun in books.
    fn issue(&mut self, gun: &mut Gun) {
        let pop = &self.world.makers.pops[gun.pop];
        let maker = &self.world.makers.makers[gun.maker];
        let format = pop.format.unwrap_or(maker.models[gun.model].format);
        gun.serial = self.issuer.issue(
            &self.world.makers,
            gun.maker,
            format,
            gun.importer,
            pop.in_books(),
        );
    }

    /// A traced gun: its serial, for some a look-alike in the retailer's book, for an ambiguous
    /// request a twin gun, then its rows.
    fn traced(&mut self, t: &mut Traced) -> Result<(), SynthError> {
        let mut gun = Gun {
            pop: t.pop,
            maker: t.maker,
            importer: t.importer,
            model: t.model,
            kind: t.kind,
            serial: String::new(),
            steps: std::mem::take(&mut t.steps),
        };
        self.issue(&mut gun);
        t.serial = gun.serial.clone();
        t.error = applicable(t.error, &t.serial);
        if gun.steps.is_empty() {
            return Ok(());
        }
        // A retailer that misspells the serial with a look-alike: harmless for requests that
        // match at L0–L2 (the walk accepts an L3 match there), so only those get it.
        let clean_request = matches!(
            t.error,
            SerialError::None | SerialError::Separators | SerialError::LeadingZeros
        );
        if clean_request && t.bad.is_none() && self.rng.gen_bool(0.01) {
            let last = gun.steps.len() - 1;
            if last > 0 && self.world.lic[gun.steps[last].lic].book == Book::OnFile {
                gun.steps[last].misspelled = confusable(&mut self.rng, &gun.serial, None);
            }
        }
        if t.error == SerialError::Ambiguous {
            t.twin = self.twin(&gun)?;
            if t.twin.is_none() {
                t.error = SerialError::Confusable;
            }
        }
        self.ad.write_gun(&mut self.rng, self.world, &gun)?;
        t.steps = gun.steps;
        Ok(())
    }

    /// A second gun of the same maker whose serial differs from `gun`'s only by a look-alike
    /// (LE014388 / LEO14388), written with a background chain. Only when a request can still
    /// differ from both at L2 (another look-alike position or a third class member).
    fn twin(&mut self, gun: &Gun) -> Result<Option<String>, SynthError> {
        for _ in 0..10 {
            let Some(twin) = confusable(&mut self.rng, &gun.serial, None) else {
                return Ok(None);
            };
            let request_possible = (0..20).any(|_| {
                confusable(&mut self.rng, &gun.serial, None)
                    .is_some_and(|r| l2(&r) != l2(&twin) && l2(&r) != l2(&gun.serial))
            });
            if !request_possible {
                continue;
            }
            let mut other = self.background(Some(gun))?;
            other.serial = twin.clone();
            self.ad.write_gun(&mut self.rng, self.world, &other)?;
            return Ok(Some(twin));
        }
        Ok(None)
    }

    /// A background gun with a clean chain: sold at retail (or still in stock) somewhere in the
    /// US. With `like`, a gun of the same maker, importer and model.
    fn background(&mut self, like: Option<&Gun>) -> Result<Gun, SynthError> {
        let world = self.world;
        let makers = &world.makers;
        let rng = &mut self.rng;
        let (pop, kind, model) = match like {
            Some(g) => (g.pop, g.kind, g.model),
            None => {
                let (pop, kind) = makers.books[makers.books_w.sample(rng)];
                let models = makers.makers[makers.pops[pop].maker].models_of_kind(kind);
                (
                    pop,
                    kind,
                    if models.is_empty() {
                        0
                    } else {
                        pick(rng, &models)
                    },
                )
            }
        };
        let p = &makers.pops[pop];
        let state = world.retail_state_w.sample(rng);
        let sale = background_sale(rng);
        let retailer = world.retailer_in(rng, state, sale);
        let sale = sale.min(world.lic[retailer].last_day());
        let distributor = if rng.gen_bool(0.9) {
            world.distributor_on(rng, sale)
        } else {
            None
        };
        let buyer = (!rng.gen_bool(0.02)).then(|| {
            world
                .names
                .buyer(rng, &US_STATES[state], is_border(state), sale)
        });
        let holder = match p.channel {
            Channel::Imported { importer } => importer,
            _ => p.maker,
        };
        let source = makers.makers[holder].licensee.unwrap_or_default();
        let steps = chain(
            rng,
            world,
            source,
            distributor,
            retailer,
            sale,
            buyer,
            Mishaps::default(),
        );
        let mut gun = Gun {
            pop,
            maker: p.maker,
            importer: p.importer(),
            model,
            kind,
            serial: String::new(),
            steps,
        };
        if like.is_none() {
            self.issue(&mut gun);
            // A few books misspell a serial with a look-alike (never the source record).
            if gun.steps.len() > 1 && self.rng.gen_bool(0.003) {
                let i = self.rng.gen_range(1..gun.steps.len());
                gun.steps[i].misspelled = confusable(&mut self.rng, &gun.serial, None);
            }
        }
        Ok(gun)
    }

    /// Every licensee whose book is on file or pending must hold at least one row, or a trace
    /// that reaches it would read "no records on file" instead of "entry missing". Sends a
    /// background gun through each such licensee that has none.
    fn fill_empty_books(&mut self) -> Result<(), SynthError> {
        for l in 0..self.world.lic.len() {
            let lic = &self.world.lic[l];
            let needs = self.ad.rows_by_lic[l] == 0
                && lic.book != Book::Withheld
                && (lic.is_retailer() || self.world.distributors.contains(&l));
            if !needs {
                continue;
            }
            let mut gun = self.background(None)?;
            let sale = lic.last_day() - Duration::days(self.rng.gen_range(30..2000));
            let source = gun.steps[0].lic;
            let (retailer, distributor) = if lic.is_retailer() {
                (l, None)
            } else {
                let state = self.world.retail_state_w.sample(&mut self.rng);
                (self.world.retailer_in(&mut self.rng, state, sale), Some(l))
            };
            let buyer = self.world.names.buyer(
                &mut self.rng,
                &US_STATES[self.world.lic[retailer].state],
                is_border(self.world.lic[retailer].state),
                sale,
            );
            gun.steps = chain(
                &mut self.rng,
                self.world,
                source,
                distributor,
                retailer,
                sale,
                Some(buyer),
                Mishaps::default(),
            );
            for s in &mut gun.steps {
                s.misspelled = None;
            }
            self.ad.write_gun(&mut self.rng, self.world, &gun)?;
        }
        Ok(())
    }
}

/// A background retail sale date: 1970 to the world's day, more recent years more likely (the
/// US market grew, and old records thin out).
fn background_sale(rng: &mut SmallRng) -> NaiveDate {
    let span = as_of().year() - 1970;
    let u: f64 = rng.gen();
    let year = 1970 + (f64::from(span) * u.powf(0.6)) as i32;
    date_between(rng, ymd(year, 1, 1), ymd(year, 12, 31)).min(as_of())
}

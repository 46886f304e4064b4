//! Random helpers: seeded streams, weighted choice, and the time-to-crime model.

use chrono::{Duration, NaiveDate};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp, LogNormal};

/// One independent random stream per part of the world, so that changing how one part draws does
/// not shift every other part (and files stay comparable across small changes).
pub fn stream(seed: u64, label: u64) -> SmallRng {
    SmallRng::seed_from_u64(splitmix(seed ^ splitmix(label)))
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Weighted choice over indices by a cumulative table (binary search: O(log n) per draw).
#[derive(Debug, Clone)]
pub struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    /// Builds the table. Zero and negative weights are never drawn. An all-zero table draws 0.
    pub fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Self { cumulative }
    }

    pub fn sample(&self, rng: &mut SmallRng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        if total <= 0.0 {
            return 0;
        }
        let x = rng.gen::<f64>() * total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
    }
}

/// Picks one element of a non-empty slice uniformly.
pub fn pick<T: Copy>(rng: &mut SmallRng, items: &[T]) -> T {
    items[rng.gen_range(0..items.len())]
}

/// Time to crime, in days, for a gun that was not bought by a trafficking ring.
///
/// Calibration §1.7 fits Mexico 2022–23 with 0.22·Exp(1.2 y) + 0.78·LogN(median 8 y, σ 1.0) and
/// suggests w≈0.10 with an aged median ≈12 y for 2006–10, the regime closer to 2009–14. Ring
/// purchases (modelled separately, `ring_lag_days`, 8% of in-books traced guns) already supply
/// most of the fresh component, so non-ring guns use w = 0.05, Exp(mean 1.2 y), LogN(median
/// 12 y, σ 1.0): overall about 13% fresh, ~20% under 3 years, as in the 2006–10 figures.
pub fn ttc_days(rng: &mut SmallRng) -> i64 {
    let years = if rng.gen_bool(0.05) {
        Exp::new(1.0 / 1.2).map(|d| d.sample(rng)).unwrap_or(1.2)
    } else {
        LogNormal::new(12f64.ln(), 1.0)
            .map(|d| d.sample(rng))
            .unwrap_or(12.0)
    };
    (years * 365.25).round().max(20.0) as i64
}

/// Days from a ring purchase to its recovery in Mexico: Exp(mean ≈ 8 months) plus transit
/// (calibration §5: Galloway 4 months, Avila 11 months).
pub fn ring_lag_days(rng: &mut SmallRng) -> i64 {
    let days: f64 = Exp::new(1.0 / 240.0)
        .map(|d| d.sample(rng))
        .unwrap_or(240.0);
    10 + days.round() as i64
}

/// A log-normal number of days with the given median, at least `min`.
pub fn lognormal_days(rng: &mut SmallRng, median: f64, sigma: f64, min: i64) -> i64 {
    let d = LogNormal::new(median.ln(), sigma)
        .map(|d| d.sample(rng))
        .unwrap_or(median);
    (d.round() as i64).max(min)
}

/// A uniformly drawn date in `[from, to]`.
pub fn date_between(rng: &mut SmallRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0);
    from + Duration::days(rng.gen_range(0..=span))
}

/// `NaiveDate` from parts known to be valid (the generator's own constants).
pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

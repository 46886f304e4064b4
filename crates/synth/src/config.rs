//! What the caller chooses, and the sizes derived from it.

use crate::error::SynthError;

/// How big a world to generate, and from which seed. The same configuration always writes the
/// same bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthConfig {
    /// Seed of every random draw.
    pub seed: u64,
    /// Trace request rows to write (both request files together, bad rows and duplicates
    /// included). The default matches the 2009–14 total of 104,850 traces.
    pub requests: usize,
    /// Target row count of `ad-records.csv` (the imported books); `None` means ten rows per
    /// request. Rows of books that are not on file come on top of it.
    pub ad_rows: Option<usize>,
}

impl Default for SynthConfig {
    fn default() -> Self {
        Self {
            seed: 2009,
            requests: 105_000,
            ad_rows: None,
        }
    }
}

/// The fewest requests a world is generated for: fewer leave some outcomes without a case.
pub const MIN_REQUESTS: usize = 100;

impl SynthConfig {
    /// The target row count of `ad-records.csv`.
    pub fn ad_row_target(&self) -> usize {
        self.ad_rows.unwrap_or(self.requests.saturating_mul(10))
    }

    pub(crate) fn validate(&self) -> Result<(), SynthError> {
        if self.requests < MIN_REQUESTS {
            return Err(SynthError::TooFewRequests {
                got: self.requests,
                min: MIN_REQUESTS,
            });
        }
        if self.ad_row_target() < self.requests * 4 {
            return Err(SynthError::TooFewAdRows {
                got: self.ad_row_target(),
                needed: self.requests * 4,
                requests: self.requests,
            });
        }
        Ok(())
    }
}

/// Population sizes that follow from the configuration.
#[derive(Debug, Clone)]
pub struct Scale {
    /// Dealers and pawnbrokers in TX, CA, AZ and NM (calibration §2.2: ~8,500 for the full
    /// 2009–14 volume).
    pub border_retailers: usize,
    /// Dealers and pawnbrokers in the other states.
    pub other_retailers: usize,
    pub distributors: usize,
    /// FFL-shaped numbers that the listing does not hold (dispositions to them stop a trace).
    pub unknown_ffls: usize,
}

impl Scale {
    pub fn new(config: &SynthConfig) -> Self {
        let r = config.requests;
        Self {
            border_retailers: (r * 8_500 / 105_000).max(120),
            other_retailers: (r * 6_000 / 105_000).max(80),
            distributors: (r / 2_500).max(12),
            unknown_ffls: (r / 2_000).max(10),
        }
    }
}

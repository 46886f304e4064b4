//! The licensee directory held in memory: what the rules need to know about licensees.

use crate::{FflNumber, Licensee, LicenseeDirectory, LicenseeStatus};
use std::collections::{HashMap, HashSet};

/// Licensees, their statuses and whose books are on file, held in memory for tracing.
#[derive(Debug, Default, Clone)]
pub struct Directory {
    pub licensees: HashMap<FflNumber, Licensee>,
    pub statuses: HashMap<FflNumber, LicenseeStatus>,
    pub book_holders: HashSet<FflNumber>,
}

impl LicenseeDirectory for Directory {
    fn licensee(&self, ffl: &FflNumber) -> Option<&Licensee> {
        self.licensees.get(ffl)
    }

    fn status(&self, ffl: &FflNumber) -> Option<&LicenseeStatus> {
        self.statuses.get(ffl)
    }

    fn has_imported_entries(&self, ffl: &FflNumber) -> bool {
        self.book_holders.contains(ffl)
    }
}

//! Reading domain values out of one row; every problem becomes a [`RowError`] that names the
//! file, line and column.

use crate::table::{Row, RowError, RowErrorKind, Text};
use chrono::NaiveDate;
use rastro_domain::FflNumber;

/// One row, with today's date for the "no future dates" rule.
pub struct Cells<'r> {
    pub row: Row<'r>,
    pub today: NaiveDate,
}

impl<'r> Cells<'r> {
    pub fn error(&self, key: &str, kind: RowErrorKind) -> RowError {
        self.row.error(key, kind)
    }

    /// The cell's text, trimmed; `None` when empty or absent.
    pub fn text(&self, key: &str) -> Option<&'r str> {
        self.row.get(key)
    }

    pub fn string(&self, key: &str) -> Option<String> {
        self.text(key).map(str::to_string)
    }

    pub fn required(&self, key: &str) -> Result<&'r str, RowError> {
        self.row.required(key)
    }

    pub fn date(&self, key: &str) -> Result<Option<NaiveDate>, RowError> {
        self.row.date(key, self.today)
    }

    pub fn required_date(&self, key: &str) -> Result<NaiveDate, RowError> {
        self.date(key)?
            .ok_or_else(|| self.error(key, RowErrorKind::MissingValue))
    }

    pub fn yes_no(&self, key: &str) -> Result<Option<bool>, RowError> {
        self.row.yes_no(key)
    }

    pub fn degrees(&self, key: &str, latitude: bool) -> Result<Option<f64>, RowError> {
        self.row.degrees(key, latitude)
    }

    pub fn ffl(&self, key: &str) -> Result<Option<FflNumber>, RowError> {
        self.text(key)
            .map(|value| {
                FflNumber::parse(value).map_err(|_| {
                    self.invalid(
                        key,
                        value,
                        Text::new(
                            "an FFL number has the shape 5-74-029-01-5K-01234 (dashes optional)",
                            "un número FFL tiene la forma 5-74-029-01-5K-01234 (guiones opcionales)",
                        ),
                    )
                })
            })
            .transpose()
    }

    pub fn required_ffl(&self, key: &str) -> Result<FflNumber, RowError> {
        self.ffl(key)?
            .ok_or_else(|| self.error(key, RowErrorKind::MissingValue))
    }

    /// A value that was read but is not acceptable.
    pub fn invalid(&self, key: &str, value: &str, detail: Text) -> RowError {
        self.error(
            key,
            RowErrorKind::Invalid {
                value: value.to_string(),
                detail,
            },
        )
    }
}

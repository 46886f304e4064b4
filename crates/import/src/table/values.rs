//! Reading the value types shared by all input files: dates, yes/no, decimal degrees.
//!
//! The rules are those of formats.md, "Common rules". Nothing is guessed: a date that could be
//! read two ways is read only the way the file's header language allows, or not at all.

use chrono::NaiveDate;

use super::errors::{quoted, Lang};
use super::header::HeaderLang;

/// A cell value that could not be read. Carries the value as written, for the message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum ValueError {
    /// Not a date in any form accepted for the file's header language.
    BadDate {
        /// The value as written.
        value: String,
        /// The header language, which decides the accepted forms.
        lang: HeaderLang,
    },
    /// A valid date after today.
    FutureDate {
        /// The value as written.
        value: String,
    },
    /// Not one of the yes/no words.
    BadYesNo {
        /// The value as written.
        value: String,
    },
    /// Not a number.
    BadNumber {
        /// The value as written.
        value: String,
    },
    /// A number outside its allowed range.
    OutOfRange {
        /// The value as written.
        value: String,
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
    },
}

impl ValueError {
    /// What is wrong, in `lang`, e.g. `la fecha «31/02/2013» no es válida (...)`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ValueError::BadDate { value, lang: h }, Lang::En) => format!(
                "the date {} is not valid (accepted: {})",
                quoted(value, lang),
                date_forms(*h, lang)
            ),
            (ValueError::BadDate { value, lang: h }, Lang::Es) => format!(
                "la fecha {} no es válida (se acepta: {})",
                quoted(value, lang),
                date_forms(*h, lang)
            ),
            (ValueError::FutureDate { value }, Lang::En) => {
                format!("the date {} is in the future", quoted(value, lang))
            }
            (ValueError::FutureDate { value }, Lang::Es) => {
                format!("la fecha {} está en el futuro", quoted(value, lang))
            }
            (ValueError::BadYesNo { value }, Lang::En) => format!(
                "{} is not yes or no (accepted: Y/N, YES/NO, S/N, SI/NO, TRUE/FALSE, 1/0)",
                quoted(value, lang)
            ),
            (ValueError::BadYesNo { value }, Lang::Es) => format!(
                "{} no es sí o no (se acepta: S/N, SI/NO, Y/N, YES/NO, TRUE/FALSE, 1/0)",
                quoted(value, lang)
            ),
            (ValueError::BadNumber { value }, Lang::En) => {
                format!("{} is not a number", quoted(value, lang))
            }
            (ValueError::BadNumber { value }, Lang::Es) => {
                format!("{} no es un número", quoted(value, lang))
            }
            (ValueError::OutOfRange { value, min, max }, Lang::En) => format!(
                "{} is out of range (from {min} to {max})",
                quoted(value, lang)
            ),
            (ValueError::OutOfRange { value, min, max }, Lang::Es) => format!(
                "{} está fuera del rango permitido (de {min} a {max})",
                quoted(value, lang)
            ),
        }
    }
}

/// The date forms accepted for a header language, written for a reader of `lang`.
fn date_forms(headers: HeaderLang, lang: Lang) -> &'static str {
    match (headers, lang) {
        (HeaderLang::En, Lang::En) => "YYYY-MM-DD, MM/DD/YYYY",
        (HeaderLang::En, Lang::Es) => "AAAA-MM-DD, MM/DD/AAAA",
        (HeaderLang::Es, Lang::En) => "YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY",
        (HeaderLang::Es, Lang::Es) => "AAAA-MM-DD, DD/MM/AAAA, DD-MM-AAAA",
        (HeaderLang::Unknown, Lang::En) => "YYYY-MM-DD",
        (HeaderLang::Unknown, Lang::Es) => "AAAA-MM-DD",
    }
}

/// Reads a date.
///
/// `YYYY-MM-DD` is always accepted; with English headers also `MM/DD/YYYY`, with Spanish headers
/// also `DD/MM/YYYY` and `DD-MM-YYYY`. Day and month may have one digit (`3/7/2012`); the year
/// must have four. A time of day after the date (`2013-02-28 00:00:00`, as spreadsheets export
/// dates) is allowed and ignored. A date after `today` is [`ValueError::FutureDate`].
pub fn parse_date(s: &str, lang: HeaderLang, today: NaiveDate) -> Result<NaiveDate, ValueError> {
    let bad = || ValueError::BadDate {
        value: s.to_string(),
        lang,
    };
    let date = read_date(strip_time(s.trim()), lang).ok_or_else(bad)?;
    if date > today {
        return Err(ValueError::FutureDate {
            value: s.to_string(),
        });
    }
    Ok(date)
}

/// Drops a trailing time of day (`H:MM`, `H:MM:SS`, optional fraction), separated from the
/// date by a space or `T`. Anything else is left for the date parser to reject.
fn strip_time(s: &str) -> &str {
    match s.find([' ', 'T']) {
        Some(i) if is_time(s[i + 1..].trim_start()) => &s[..i],
        _ => s,
    }
}

fn is_time(t: &str) -> bool {
    let t = t.split_once('.').map_or(t, |(whole, _)| whole);
    let parts: Vec<&str> = t.split(':').collect();
    let in_range = |p: &str, digits: std::ops::RangeInclusive<usize>, max: u32| {
        digits.contains(&p.len()) && all_digits(p) && p.parse::<u32>().is_ok_and(|v| v <= max)
    };
    matches!(parts.len(), 2 | 3)
        && in_range(parts[0], 1..=2, 23)
        && parts[1..].iter().all(|p| in_range(p, 2..=2, 59))
}

fn read_date(s: &str, lang: HeaderLang) -> Option<NaiveDate> {
    if let Some(d) = split3(s, '-').and_then(|[y, m, d]| ymd(y, m, d)) {
        return Some(d);
    }
    match lang {
        HeaderLang::En => split3(s, '/').and_then(|[m, d, y]| ymd(y, m, d)),
        HeaderLang::Es => split3(s, '/')
            .or_else(|| split3(s, '-'))
            .and_then(|[d, m, y]| ymd(y, m, d)),
        HeaderLang::Unknown => None,
    }
}

fn split3(s: &str, sep: char) -> Option<[&str; 3]> {
    let mut it = s.split(sep);
    let parts = [it.next()?, it.next()?, it.next()?];
    it.next().is_none().then_some(parts)
}

/// Builds a date from a 4-digit year and 1- or 2-digit month and day; `None` if any part has
/// another shape or the date does not exist (31/02).
fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let year_ok = y.len() == 4 && all_digits(y);
    let short_ok = |p: &str| (1..=2).contains(&p.len()) && all_digits(p);
    if !(year_ok && short_ok(m) && short_ok(d)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// Reads yes/no: `Y`/`N`, `YES`/`NO`, `S`/`N`, `SI`/`SÍ`/`NO`, `TRUE`/`FALSE`, `1`/`0`, in any
/// case.
pub fn parse_yes_no(s: &str) -> Result<bool, ValueError> {
    const YES: [&str; 6] = ["y", "yes", "s", "si", "true", "1"];
    const NO: [&str; 4] = ["n", "no", "false", "0"];
    let t = s.trim();
    let is_one_of = |words: &[&str]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
    if is_one_of(&YES) || t == "sí" || t == "SÍ" || t == "Sí" || t == "sÍ" {
        Ok(true)
    } else if is_one_of(&NO) {
        Ok(false)
    } else {
        Err(ValueError::BadYesNo {
            value: s.to_string(),
        })
    }
}

/// Reads a latitude (`lat = true`, -90 to 90) or longitude (-180 to 180) in decimal degrees.
///
/// A `,` is accepted as the decimal separator, as Spanish spreadsheets write it; there is no
/// ambiguity with a thousands separator since no value in range has four integer digits.
pub fn parse_decimal_degrees(s: &str, lat: bool) -> Result<f64, ValueError> {
    let t = s.trim();
    let value = || s.to_string();
    let v = parse_plain_decimal(t).ok_or_else(|| ValueError::BadNumber { value: value() })?;
    let limit = if lat { 90.0 } else { 180.0 };
    if !(-limit..=limit).contains(&v) {
        return Err(ValueError::OutOfRange {
            value: value(),
            min: -limit,
            max: limit,
        });
    }
    Ok(v)
}

/// A signed decimal with `.` or `,` as separator and nothing else: `f64::from_str` alone would
/// also take `inf`, `NaN` and `1e5`, which no file means as a coordinate.
fn parse_plain_decimal(t: &str) -> Option<f64> {
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    let separators = unsigned
        .bytes()
        .filter(|b| matches!(b, b'.' | b','))
        .count();
    let digits = unsigned.bytes().filter(u8::is_ascii_digit).count();
    if digits == 0 || separators > 1 || digits + separators != unsigned.len() {
        return None;
    }
    t.replace(',', ".").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn iso_dates_are_read_whatever_the_header_language() {
        for lang in [HeaderLang::En, HeaderLang::Es, HeaderLang::Unknown] {
            assert_eq!(
                parse_date("2013-02-28", lang, today()),
                Ok(date(2013, 2, 28))
            );
            assert_eq!(
                parse_date(" 2013-2-3 ", lang, today()),
                Ok(date(2013, 2, 3))
            );
        }
    }

    #[test]
    fn slash_dates_follow_the_header_language() {
        let en = parse_date("3/7/2012", HeaderLang::En, today());
        let es = parse_date("3/7/2012", HeaderLang::Es, today());
        assert_eq!(en, Ok(date(2012, 3, 7)));
        assert_eq!(es, Ok(date(2012, 7, 3)));
        assert_eq!(
            parse_date("03/07/2012", HeaderLang::Unknown, today()),
            Err(ValueError::BadDate {
                value: "03/07/2012".into(),
                lang: HeaderLang::Unknown
            })
        );
    }

    #[test]
    fn day_first_with_dashes_only_in_spanish_files() {
        assert_eq!(
            parse_date("25-12-2012", HeaderLang::Es, today()),
            Ok(date(2012, 12, 25))
        );
        assert!(parse_date("25-12-2012", HeaderLang::En, today()).is_err());
        assert!(parse_date("12-25-2012", HeaderLang::Es, today()).is_err());
    }

    #[test]
    fn day_and_month_are_never_swapped_to_make_a_date_fit() {
        assert!(parse_date("25/12/2012", HeaderLang::En, today()).is_err());
        assert!(parse_date("12/25/2012", HeaderLang::Es, today()).is_err());
    }

    #[test]
    fn impossible_and_malformed_dates_are_bad() {
        for s in [
            "31/02/2013",
            "2013-02-30",
            "",
            "12/2012",
            "1/1/12",
            "2013-001-01",
            "2013-01-01-01",
            "hoy",
            "１/１/２０１２",
            "2013-02-28 25:00",
        ] {
            assert!(
                matches!(
                    parse_date(s, HeaderLang::Es, today()),
                    Err(ValueError::BadDate { .. })
                ),
                "{s:?}"
            );
        }
    }

    #[test]
    fn a_time_of_day_after_the_date_is_ignored() {
        assert_eq!(
            parse_date("2013-02-28 00:00:00", HeaderLang::Unknown, today()),
            Ok(date(2013, 2, 28))
        );
        assert_eq!(
            parse_date("2013-02-28T10:15", HeaderLang::Unknown, today()),
            Ok(date(2013, 2, 28))
        );
        assert_eq!(
            parse_date("28/02/2013 0:00", HeaderLang::Es, today()),
            Ok(date(2013, 2, 28))
        );
    }

    #[test]
    fn future_dates_are_rejected_and_today_is_not() {
        assert_eq!(
            parse_date("2024-06-30", HeaderLang::En, today()),
            Ok(today())
        );
        assert_eq!(
            parse_date("2024-07-01", HeaderLang::En, today()),
            Err(ValueError::FutureDate {
                value: "2024-07-01".into()
            })
        );
        assert!(matches!(
            parse_date("01/07/2024", HeaderLang::Es, today()),
            Err(ValueError::FutureDate { .. })
        ));
    }

    #[test]
    fn yes_no_table() {
        for s in [
            "Y", "y", "YES", "Yes", "S", "s", "SI", "si", "SÍ", "sí", "TRUE", "true", "1",
        ] {
            assert_eq!(parse_yes_no(s), Ok(true), "{s}");
        }
        for s in ["N", "n", "NO", "no", "No", "FALSE", "False", "0", " n "] {
            assert_eq!(parse_yes_no(s), Ok(false), "{s}");
        }
        for s in ["", "X", "nope", "2", "verdadero", "SII"] {
            assert!(parse_yes_no(s).is_err(), "{s}");
        }
    }

    #[test]
    fn degrees_accept_a_decimal_comma_and_check_the_range() {
        assert_eq!(parse_decimal_degrees("19.4326", true), Ok(19.4326));
        assert_eq!(parse_decimal_degrees("-99,1332", false), Ok(-99.1332));
        assert_eq!(parse_decimal_degrees("+90", true), Ok(90.0));
        assert!(matches!(
            parse_decimal_degrees("91", true),
            Err(ValueError::OutOfRange { .. })
        ));
        assert!(parse_decimal_degrees("179.9", false).is_ok());
        for s in [
            "", "NaN", "inf", "1e2", "1.2.3", "1,2.3", "-", ".", "19°N", "1 000",
        ] {
            assert!(
                matches!(
                    parse_decimal_degrees(s, false),
                    Err(ValueError::BadNumber { .. })
                ),
                "{s}"
            );
        }
    }

    #[test]
    fn messages_quote_the_value_in_each_language() {
        let e = ValueError::BadDate {
            value: "31/02/2013".into(),
            lang: HeaderLang::Es,
        };
        assert!(e
            .message(Lang::Es)
            .starts_with("la fecha «31/02/2013» no es válida"));
        assert!(e
            .message(Lang::En)
            .starts_with("the date “31/02/2013” is not valid"));
    }
}

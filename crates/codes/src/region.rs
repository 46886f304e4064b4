//! A recovery state, US or Mexican, read in the light of the recovery country.

use serde::{Deserialize, Serialize};

use crate::country::Country;
use crate::lang::Lang;
use crate::mx_state::MxState;
use crate::text::compact_key;
use crate::us_state::UsState;

/// A first-level subdivision of the US or Mexico.
///
/// Serialised as `{"US":"TX"}` or `{"MX":"SON"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StateRef {
    /// A US state, DC or territory.
    #[serde(rename = "US")]
    Us(UsState),
    /// A Mexican federal entity.
    #[serde(rename = "MX")]
    Mx(MxState),
}

impl StateRef {
    /// The country the state belongs to (`US` for US territories too).
    pub const fn country(self) -> Country {
        match self {
            StateRef::Us(_) => Country::US,
            StateRef::Mx(_) => Country::MX,
        }
    }

    /// The state's code (`TX`, `SON`): unique across both countries.
    pub const fn code(self) -> &'static str {
        match self {
            StateRef::Us(s) => s.code(),
            StateRef::Mx(s) => s.code(),
        }
    }

    /// The state's name for display (Mexican states by their everyday name, which does not
    /// depend on the language).
    pub const fn name(self, lang: Lang) -> &'static str {
        match self {
            StateRef::Us(s) => s.name(lang),
            StateRef::Mx(s) => s.short_name(),
        }
    }
}

impl std::fmt::Display for StateRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl From<UsState> for StateRef {
    fn from(s: UsState) -> Self {
        StateRef::Us(s)
    }
}

impl From<MxState> for StateRef {
    fn from(s: MxState) -> Self {
        StateRef::Mx(s)
    }
}

/// US territories that ISO also lists as countries; a request may name either.
const US_TERRITORY_COUNTRIES: [&str; 5] = ["PR", "GU", "VI", "AS", "MP"];

/// Reads a recovery state (formats.md: "US state code, or Mexican state by name or INEGI
/// number").
///
/// - Country `MX`: a Mexican entity only; country `US` (or a US territory): a US state only.
/// - Unknown country: a US two-letter code first, then a Mexican entity (name, number, code),
///   then a US state's name. A Mexican state's name never reads as a US one or the reverse,
///   except `México`/`Mexico`, which is the State of Mexico.
/// - Any other country: `None` (rastro has no tables for its subdivisions).
pub fn parse_state(country: Option<Country>, s: &str) -> Option<StateRef> {
    match country {
        Some(Country::MX) => MxState::parse(s).map(StateRef::Mx),
        Some(c) if c == Country::US || US_TERRITORY_COUNTRIES.contains(&c.code()) => {
            UsState::parse(s).map(StateRef::Us)
        }
        Some(_) => None,
        None => {
            let key = compact_key(s)?;
            UsState::from_folded_code(&key)
                .map(StateRef::Us)
                .or_else(|| MxState::parse(s).map(StateRef::Mx))
                .or_else(|| UsState::parse(s).map(StateRef::Us))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_country() {
        let mx = Some(Country::MX);
        let us = Some(Country::US);
        assert_eq!(
            parse_state(mx, "Sonora"),
            Some(StateRef::Mx(MxState::Sonora))
        );
        assert_eq!(parse_state(mx, "26"), Some(StateRef::Mx(MxState::Sonora)));
        assert_eq!(parse_state(mx, "TX"), None);
        assert_eq!(parse_state(us, "TX"), Some(StateRef::Us(UsState::Texas)));
        assert_eq!(
            parse_state(us, "Nuevo México"),
            Some(StateRef::Us(UsState::NewMexico))
        );
        assert_eq!(parse_state(us, "Sonora"), None);
        assert_eq!(parse_state(us, "26"), None);
        assert_eq!(parse_state(Country::parse("GT"), "Peten"), None);
        assert_eq!(
            parse_state(Country::parse("PR"), "PR"),
            Some(StateRef::Us(UsState::PuertoRico))
        );
    }

    #[test]
    fn unknown_country() {
        assert_eq!(parse_state(None, "TX"), Some(StateRef::Us(UsState::Texas)));
        assert_eq!(
            parse_state(None, "az"),
            Some(StateRef::Us(UsState::Arizona))
        );
        assert_eq!(
            parse_state(None, "Sinaloa"),
            Some(StateRef::Mx(MxState::Sinaloa))
        );
        assert_eq!(
            parse_state(None, "09"),
            Some(StateRef::Mx(MxState::CiudadDeMexico))
        );
        assert_eq!(
            parse_state(None, "BC"),
            Some(StateRef::Mx(MxState::BajaCalifornia))
        );
        assert_eq!(
            parse_state(None, "Texas"),
            Some(StateRef::Us(UsState::Texas))
        );
        assert_eq!(
            parse_state(None, "Nuevo León"),
            Some(StateRef::Mx(MxState::NuevoLeon))
        );
        assert_eq!(
            parse_state(None, "Nuevo México"),
            Some(StateRef::Us(UsState::NewMexico))
        );
        assert_eq!(
            parse_state(None, "México"),
            Some(StateRef::Mx(MxState::EstadoDeMexico))
        );
        assert_eq!(parse_state(None, ""), None);
        assert_eq!(parse_state(None, "Ontario"), None);
    }

    #[test]
    fn accessors() {
        let s = StateRef::from(MxState::Michoacan);
        assert_eq!(s.country(), Country::MX);
        assert_eq!(s.code(), "MIC");
        assert_eq!(s.name(Lang::En), "Michoacán");
        let t = StateRef::from(UsState::NewMexico);
        assert_eq!(
            (t.country(), t.code(), t.name(Lang::Es)),
            (Country::US, "NM", "Nuevo México")
        );
    }
}

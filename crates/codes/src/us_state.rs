//! US states, the District of Columbia and the inhabited territories.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lang::Lang;
use crate::serde_code::serde_via_code;
use crate::text::{compact_key, fold_compact};

/// Defines `UsState` from rows of variant, USPS code, English name, Spanish name and other
/// spellings.
macro_rules! us_states {
    ($( $var:ident = $code:literal, $en:literal, $es:literal, [$($alias:literal),* $(,)?]; )*) => {
        /// A US state, the District of Columbia or an inhabited territory, by its USPS code.
        /// Serialised as the code (`"TX"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum UsState {
            $( #[doc = $en] $var, )*
        }

        impl UsState {
            /// All of them, in code order.
            pub const ALL: &'static [UsState] = &[$(UsState::$var),*];

            /// The two-letter USPS code (`TX`).
            pub const fn code(self) -> &'static str {
                match self { $(UsState::$var => $code,)* }
            }

            /// The name in `lang` (`New Mexico`/`Nuevo México`).
            pub const fn name(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((UsState::$var, Lang::En) => $en, (UsState::$var, Lang::Es) => $es,)*
                }
            }

            const fn aliases(self) -> &'static [&'static str] {
                match self { $(UsState::$var => &[$($alias),*],)* }
            }
        }
    };
}

us_states! {
    Alaska = "AK", "Alaska", "Alaska", [];
    Alabama = "AL", "Alabama", "Alabama", [];
    Arkansas = "AR", "Arkansas", "Arkansas", [];
    AmericanSamoa = "AS", "American Samoa", "Samoa Americana", [];
    Arizona = "AZ", "Arizona", "Arizona", ["Ariz"];
    California = "CA", "California", "California", ["Calif", "Cal"];
    Colorado = "CO", "Colorado", "Colorado", [];
    Connecticut = "CT", "Connecticut", "Connecticut", [];
    DistrictOfColumbia = "DC", "District of Columbia", "Distrito de Columbia", ["Washington DC", "Washington D.C."];
    Delaware = "DE", "Delaware", "Delaware", [];
    Florida = "FL", "Florida", "Florida", ["Fla"];
    Georgia = "GA", "Georgia", "Georgia", [];
    Guam = "GU", "Guam", "Guam", [];
    Hawaii = "HI", "Hawaii", "Hawái", [];
    Iowa = "IA", "Iowa", "Iowa", [];
    Idaho = "ID", "Idaho", "Idaho", [];
    Illinois = "IL", "Illinois", "Illinois", [];
    Indiana = "IN", "Indiana", "Indiana", [];
    Kansas = "KS", "Kansas", "Kansas", [];
    Kentucky = "KY", "Kentucky", "Kentucky", [];
    Louisiana = "LA", "Louisiana", "Luisiana", [];
    Massachusetts = "MA", "Massachusetts", "Massachusetts", [];
    Maryland = "MD", "Maryland", "Maryland", [];
    Maine = "ME", "Maine", "Maine", [];
    Michigan = "MI", "Michigan", "Míchigan", [];
    Minnesota = "MN", "Minnesota", "Minnesota", [];
    Missouri = "MO", "Missouri", "Misuri", [];
    NorthernMarianaIslands = "MP", "Northern Mariana Islands", "Islas Marianas del Norte", [];
    Mississippi = "MS", "Mississippi", "Misisipi", [];
    Montana = "MT", "Montana", "Montana", [];
    NorthCarolina = "NC", "North Carolina", "Carolina del Norte", [];
    NorthDakota = "ND", "North Dakota", "Dakota del Norte", [];
    Nebraska = "NE", "Nebraska", "Nebraska", [];
    NewHampshire = "NH", "New Hampshire", "Nuevo Hampshire", [];
    NewJersey = "NJ", "New Jersey", "Nueva Jersey", [];
    NewMexico = "NM", "New Mexico", "Nuevo México", ["N. Mex.", "Nuevo Mejico"];
    Nevada = "NV", "Nevada", "Nevada", [];
    NewYork = "NY", "New York", "Nueva York", [];
    Ohio = "OH", "Ohio", "Ohio", [];
    Oklahoma = "OK", "Oklahoma", "Oklahoma", [];
    Oregon = "OR", "Oregon", "Oregón", [];
    Pennsylvania = "PA", "Pennsylvania", "Pensilvania", [];
    PuertoRico = "PR", "Puerto Rico", "Puerto Rico", [];
    RhodeIsland = "RI", "Rhode Island", "Rhode Island", [];
    SouthCarolina = "SC", "South Carolina", "Carolina del Sur", [];
    SouthDakota = "SD", "South Dakota", "Dakota del Sur", [];
    Tennessee = "TN", "Tennessee", "Tennessee", [];
    Texas = "TX", "Texas", "Texas", ["Tex", "Tejas"];
    Utah = "UT", "Utah", "Utah", [];
    Virginia = "VA", "Virginia", "Virginia", [];
    UsVirginIslands = "VI", "U.S. Virgin Islands", "Islas Vírgenes de los Estados Unidos", ["Virgin Islands", "Islas Vírgenes"];
    Vermont = "VT", "Vermont", "Vermont", [];
    Washington = "WA", "Washington", "Washington", [];
    Wisconsin = "WI", "Wisconsin", "Wisconsin", [];
    WestVirginia = "WV", "West Virginia", "Virginia Occidental", [];
    Wyoming = "WY", "Wyoming", "Wyoming", [];
}

serde_via_code!(UsState, "a US state code such as \"TX\"");

impl UsState {
    /// Reads a state: its code in any case (`tx`, `N.M.`, `US-TX`) or its name in English or
    /// Spanish, with or without accents (`Texas`, `Nuevo México`, `Carolina del Norte`).
    pub fn parse(s: &str) -> Option<UsState> {
        let key = compact_key(s)?;
        Self::from_folded_code(&key).or_else(|| name_index().get(key.as_str()).copied())
    }

    /// Reads exactly a code in upper case (what serde writes).
    pub fn from_code(s: &str) -> Option<UsState> {
        Self::ALL.iter().copied().find(|st| st.code() == s)
    }

    /// A compact-folded code, alone or after `US`: `TX`, `USTX`.
    pub(crate) fn from_folded_code(key: &str) -> Option<UsState> {
        let code = match key.len() {
            2 => key,
            4 => key.strip_prefix("US")?,
            _ => return None,
        };
        Self::from_code(code)
    }

    /// The four states on the Mexican border: California, Arizona, New Mexico and Texas.
    pub const fn is_border_state(self) -> bool {
        matches!(
            self,
            UsState::California | UsState::Arizona | UsState::NewMexico | UsState::Texas
        )
    }

    /// A territory rather than a state or DC (Puerto Rico, Guam, ...).
    pub const fn is_territory(self) -> bool {
        matches!(
            self,
            UsState::AmericanSamoa
                | UsState::Guam
                | UsState::NorthernMarianaIslands
                | UsState::PuertoRico
                | UsState::UsVirginIslands
        )
    }
}

impl std::fmt::Display for UsState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

fn name_index() -> &'static HashMap<String, UsState> {
    static INDEX: OnceLock<HashMap<String, UsState>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map = HashMap::new();
        for &st in UsState::ALL {
            for s in [st.name(Lang::En), st.name(Lang::Es)]
                .iter()
                .chain(st.aliases())
            {
                map.insert(fold_compact(s), st);
            }
        }
        map
    })
}

#[cfg(test)]
mod tests {
    use super::UsState::{self, *};
    use crate::Lang;

    #[test]
    fn fifty_states_dc_and_territories() {
        assert_eq!(UsState::ALL.len(), 50 + 1 + 5);
        assert_eq!(UsState::ALL.iter().filter(|s| s.is_territory()).count(), 5);
    }

    #[test]
    fn parse() {
        let cases = [
            ("TX", Texas),
            ("tx", Texas),
            (" Texas ", Texas),
            ("Texas", Texas),
            ("TEXAS", Texas),
            ("Tejas", Texas),
            ("NM", NewMexico),
            ("N.M.", NewMexico),
            ("New Mexico", NewMexico),
            ("Nuevo México", NewMexico),
            ("Nuevo Mexico", NewMexico),
            ("California", California),
            ("CA", California),
            ("Calif.", California),
            ("Arizona", Arizona),
            ("Ariz.", Arizona),
            ("Florida", Florida),
            ("Carolina del Norte", NorthCarolina),
            ("Luisiana", Louisiana),
            ("Washington", Washington),
            ("Washington, D.C.", DistrictOfColumbia),
            ("DC", DistrictOfColumbia),
            ("Puerto Rico", PuertoRico),
            ("PR", PuertoRico),
            ("Guam", Guam),
            ("US-TX", Texas),
            ("Virginia Occidental", WestVirginia),
        ];
        for (s, want) in cases {
            assert_eq!(UsState::parse(s), Some(want), "{s:?}");
        }
        for s in ["", "XX", "Sonora", "Nuevo", "Tex as x", "T"] {
            assert_eq!(UsState::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn every_state_round_trips() {
        for &st in UsState::ALL {
            assert_eq!(UsState::from_code(st.code()), Some(st));
            assert_eq!(UsState::parse(st.code()), Some(st));
            assert_eq!(UsState::parse(&st.code().to_lowercase()), Some(st));
            assert_eq!(UsState::parse(st.name(Lang::En)), Some(st));
            assert_eq!(UsState::parse(st.name(Lang::Es)), Some(st));
        }
    }

    #[test]
    fn border() {
        let border: Vec<_> = UsState::ALL
            .iter()
            .filter(|s| s.is_border_state())
            .collect();
        assert_eq!(border, [&Arizona, &California, &NewMexico, &Texas]);
    }
}

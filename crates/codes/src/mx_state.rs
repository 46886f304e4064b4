//! Mexico's 32 federal entities (31 states and Mexico City), with their INEGI numbers.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::serde_code::serde_via_code;
use crate::text::{compact_key, fold_compact};

/// Defines `MxState` from rows of variant, INEGI number, ISO 3166-2 code, customary
/// abbreviation, official name, short name and other spellings.
macro_rules! mx_states {
    ($( $var:ident = $inegi:literal, $iso:literal, $abbr:literal, $name:literal, $short:literal,
        [$($alias:literal),* $(,)?]; )*) => {
        /// A Mexican federal entity. The discriminant is the INEGI number (01 Aguascalientes …
        /// 32 Zacatecas). Serialised as its [`code`](MxState::code) (`"SON"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum MxState {
            $( #[doc = $name] $var = $inegi, )*
        }

        impl MxState {
            /// All 32, in INEGI order.
            pub const ALL: [MxState; 32] = [$(MxState::$var),*];

            /// The ISO 3166-2:MX subdivision code without its `MX-` prefix (`SON`, `CHH`,
            /// `CMX`, `MEX`): three letters, never clashing with a US state code.
            pub const fn code(self) -> &'static str {
                match self { $(MxState::$var => $iso,)* }
            }

            /// The customary Mexican abbreviation (`Son.`, `Chih.`, `CDMX`, `Edomex` → `MEX`,
            /// `Tamps.`), without dots: `SON`, `CHIH`, `CDMX`, `MEX`, `TAMPS`.
            pub const fn abbr(self) -> &'static str {
                match self { $(MxState::$var => $abbr,)* }
            }

            /// The official name, with accents, as in INEGI's catalogue of federal entities
            /// (`Coahuila de Zaragoza`, `México`, `Michoacán de Ocampo`).
            pub const fn name(self) -> &'static str {
                match self { $(MxState::$var => $name,)* }
            }

            /// The name in everyday use (`Coahuila`, `Estado de México`, `Michoacán`): better
            /// for display, and never confused with the country.
            pub const fn short_name(self) -> &'static str {
                match self { $(MxState::$var => $short,)* }
            }

            const fn aliases(self) -> &'static [&'static str] {
                match self { $(MxState::$var => &[$($alias),*],)* }
            }
        }
    };
}

mx_states! {
    Aguascalientes = 1, "AGU", "AGS", "Aguascalientes", "Aguascalientes", [];
    BajaCalifornia = 2, "BCN", "BC", "Baja California", "Baja California", ["Baja California Norte"];
    BajaCaliforniaSur = 3, "BCS", "BCS", "Baja California Sur", "Baja California Sur", [];
    Campeche = 4, "CAM", "CAMP", "Campeche", "Campeche", [];
    Coahuila = 5, "COA", "COAH", "Coahuila de Zaragoza", "Coahuila", [];
    Colima = 6, "COL", "COL", "Colima", "Colima", [];
    Chiapas = 7, "CHP", "CHIS", "Chiapas", "Chiapas", [];
    Chihuahua = 8, "CHH", "CHIH", "Chihuahua", "Chihuahua", [];
    CiudadDeMexico = 9, "CMX", "CDMX", "Ciudad de México", "Ciudad de México",
        ["Distrito Federal", "DF", "Mexico City", "Cd. de México", "Cd. México", "México D.F.", "México City"];
    Durango = 10, "DUR", "DGO", "Durango", "Durango", [];
    Guanajuato = 11, "GUA", "GTO", "Guanajuato", "Guanajuato", [];
    Guerrero = 12, "GRO", "GRO", "Guerrero", "Guerrero", [];
    Hidalgo = 13, "HID", "HGO", "Hidalgo", "Hidalgo", [];
    Jalisco = 14, "JAL", "JAL", "Jalisco", "Jalisco", [];
    EstadoDeMexico = 15, "MEX", "MEX", "México", "Estado de México",
        ["Edo. de México", "Edo. de Méx.", "Edo. Méx.", "Edomex", "Estado de Méx."];
    Michoacan = 16, "MIC", "MICH", "Michoacán de Ocampo", "Michoacán", [];
    Morelos = 17, "MOR", "MOR", "Morelos", "Morelos", [];
    Nayarit = 18, "NAY", "NAY", "Nayarit", "Nayarit", [];
    NuevoLeon = 19, "NLE", "NL", "Nuevo León", "Nuevo León", [];
    Oaxaca = 20, "OAX", "OAX", "Oaxaca", "Oaxaca", [];
    Puebla = 21, "PUE", "PUE", "Puebla", "Puebla", [];
    Queretaro = 22, "QUE", "QRO", "Querétaro", "Querétaro", ["Querétaro de Arteaga", "Querétaro Arteaga"];
    QuintanaRoo = 23, "ROO", "QROO", "Quintana Roo", "Quintana Roo", [];
    SanLuisPotosi = 24, "SLP", "SLP", "San Luis Potosí", "San Luis Potosí", [];
    Sinaloa = 25, "SIN", "SIN", "Sinaloa", "Sinaloa", [];
    Sonora = 26, "SON", "SON", "Sonora", "Sonora", [];
    Tabasco = 27, "TAB", "TAB", "Tabasco", "Tabasco", [];
    Tamaulipas = 28, "TAM", "TAMPS", "Tamaulipas", "Tamaulipas", [];
    Tlaxcala = 29, "TLA", "TLAX", "Tlaxcala", "Tlaxcala", [];
    Veracruz = 30, "VER", "VER", "Veracruz de Ignacio de la Llave", "Veracruz", ["Veracruz-Llave"];
    Yucatan = 31, "YUC", "YUC", "Yucatán", "Yucatán", [];
    Zacatecas = 32, "ZAC", "ZAC", "Zacatecas", "Zacatecas", [];
}

serde_via_code!(MxState, "a Mexican state code such as \"SON\"");

impl MxState {
    /// The INEGI number, 1 to 32.
    pub const fn inegi(self) -> u8 {
        self as u8
    }

    /// The entity with INEGI number `n` (1 to 32).
    pub fn from_inegi(n: u8) -> Option<MxState> {
        Self::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// Reads exactly a [`code`](Self::code) (what serde writes).
    pub fn from_code(s: &str) -> Option<MxState> {
        Self::ALL.into_iter().find(|st| st.code() == s)
    }

    /// Reads an entity: its INEGI number (`9`, `09`), its name with or without accents and in
    /// its long or short form (`Michoacán de Ocampo`, `Michoacan`, `Estado de México`, `Edomex`,
    /// `Veracruz de Ignacio de la Llave`, `Distrito Federal`), its ISO code (`SON`, `MX-SON`)
    /// or its customary abbreviation (`Chih.`, `Tamps.`, `CDMX`, `N.L.`).
    ///
    /// A bare `México` is the State of Mexico (15): this reads a state column.
    pub fn parse(s: &str) -> Option<MxState> {
        let t = s.trim();
        if (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
            return Self::from_inegi(t.parse().ok()?);
        }
        let key = compact_key(t)?;
        let index = name_index();
        index.get(key.as_str()).copied().or_else(|| {
            // ISO 3166-2 with its country prefix: MX-SON.
            let iso = key.strip_prefix("MX").filter(|k| k.len() == 3)?;
            Self::from_code(iso)
        })
    }
}

impl std::fmt::Display for MxState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

fn name_index() -> &'static HashMap<String, MxState> {
    static INDEX: OnceLock<HashMap<String, MxState>> = OnceLock::new();
    INDEX.get_or_init(|| build_index().0)
}

/// The index of compact spellings, and any spelling two entities claim (a table error).
fn build_index() -> (HashMap<String, MxState>, Vec<String>) {
    let mut map = HashMap::new();
    let mut clashes = Vec::new();
    for st in MxState::ALL {
        let own = [st.code(), st.abbr(), st.name(), st.short_name()];
        for s in own.iter().chain(st.aliases()) {
            let key = fold_compact(s);
            if let Some(prev) = map.insert(key.clone(), st) {
                if prev != st {
                    clashes.push(format!("{key}: {prev:?} and {st:?}"));
                }
            }
        }
    }
    (map, clashes)
}

#[cfg(test)]
mod tests {
    use super::build_index;
    use super::MxState::{self, *};
    use crate::text::fold;

    #[test]
    fn inegi_numbers() {
        for (i, st) in MxState::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(st.inegi()), i + 1);
        }
        assert_eq!(Aguascalientes.inegi(), 1);
        assert_eq!(CiudadDeMexico.inegi(), 9);
        assert_eq!(EstadoDeMexico.inegi(), 15);
        assert_eq!(Michoacan.inegi(), 16);
        assert_eq!(Zacatecas.inegi(), 32);
        assert_eq!(MxState::from_inegi(0), None);
        assert_eq!(MxState::from_inegi(33), None);
    }

    #[test]
    fn every_state_by_name_plain_name_and_number() {
        for st in MxState::ALL {
            let n = st.inegi();
            for s in [
                st.name().to_string(),
                fold(st.name()),
                fold(st.name()).to_lowercase(),
                st.short_name().to_string(),
                fold(st.short_name()),
                n.to_string(),
                format!("{n:02}"),
                st.code().to_string(),
                st.abbr().to_string(),
                format!("MX-{}", st.code()),
            ] {
                assert_eq!(MxState::parse(&s), Some(st), "{s:?}");
            }
            assert_eq!(MxState::from_code(st.code()), Some(st));
        }
    }

    #[test]
    fn variants() {
        let cases = [
            ("Coahuila de Zaragoza", Coahuila),
            ("Coahuila", Coahuila),
            ("Estado de México", EstadoDeMexico),
            ("Estado de Mexico", EstadoDeMexico),
            ("Edomex", EstadoDeMexico),
            ("EDO. MEX.", EstadoDeMexico),
            ("México", EstadoDeMexico),
            ("Michoacán de Ocampo", Michoacan),
            ("Michoacan", Michoacan),
            ("Veracruz de Ignacio de la Llave", Veracruz),
            ("Veracruz", Veracruz),
            ("CDMX", CiudadDeMexico),
            ("Ciudad de México", CiudadDeMexico),
            ("Distrito Federal", CiudadDeMexico),
            ("DF", CiudadDeMexico),
            ("D.F.", CiudadDeMexico),
            ("Queretaro", Queretaro),
            ("Nuevo Leon", NuevoLeon),
            ("N.L.", NuevoLeon),
            ("Chih.", Chihuahua),
            ("Tamps.", Tamaulipas),
            ("Q. Roo", QuintanaRoo),
            ("S.L.P.", SanLuisPotosi),
            ("Baja California Norte", BajaCalifornia),
            ("B.C.S.", BajaCaliforniaSur),
            ("sinaloa", Sinaloa),
            (" SONORA ", Sonora),
            ("9", CiudadDeMexico),
            ("09", CiudadDeMexico),
            ("32", Zacatecas),
        ];
        for (s, want) in cases {
            assert_eq!(MxState::parse(s), Some(want), "{s:?}");
        }
        for s in [
            "", "0", "00", "33", "100", "009", "Texas", "Baja", "Nuevo", "MX-TX", "-9", "9.0",
        ] {
            assert_eq!(MxState::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn no_clashes() {
        let (_, clashes) = build_index();
        assert!(clashes.is_empty(), "{clashes:#?}");
        for st in MxState::ALL {
            assert_eq!(st.code().len(), 3);
            assert!(crate::UsState::parse(st.code()).is_none(), "{st:?}");
        }
    }
}

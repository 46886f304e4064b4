//! Countries: ISO 3166-1 alpha-2 codes, read from a code or a name in English or Spanish.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lang::Lang;
use crate::serde_code::serde_via_code;
use crate::text::compact_key;

/// A country, as its ISO 3166-1 alpha-2 code (two upper-case ASCII letters, always an assigned
/// code). Serialised as the code (`"MX"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

/// Every assigned ISO 3166-1 alpha-2 code, sorted, two letters each (tzdata's `iso3166.tab`).
const ISO_CODES: &str = "\
ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCR\
CUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHU\
IDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQ\
MRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSI\
SJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

/// A country rastro knows by name: code, alpha-3 code, English and Spanish names, and other
/// names and abbreviations seen in records.
struct Named {
    code: &'static str,
    alpha3: &'static str,
    en: &'static str,
    es: &'static str,
    aliases: &'static [&'static str],
}

const fn n(
    code: &'static str,
    alpha3: &'static str,
    en: &'static str,
    es: &'static str,
    aliases: &'static [&'static str],
) -> Named {
    Named {
        code,
        alpha3,
        en,
        es,
        aliases,
    }
}

/// The countries that matter for traces between the US and Mexico: North and Central America
/// and the Caribbean, South America, and the countries whose makers' firearms turn up.
#[rustfmt::skip]
const NAMED: &[Named] = &[
    n("US", "USA", "United States", "Estados Unidos", &["EUA", "EEUU", "E.U.A.", "EE.UU.", "U.S.A.", "United States of America", "Estados Unidos de América", "Estados Unidos de Norteamérica"]),
    n("MX", "MEX", "Mexico", "México", &["Estados Unidos Mexicanos", "República Mexicana", "Méjico"]),
    n("CA", "CAN", "Canada", "Canadá", &[]),
    n("GT", "GTM", "Guatemala", "Guatemala", &[]),
    n("BZ", "BLZ", "Belize", "Belice", &[]),
    n("SV", "SLV", "El Salvador", "El Salvador", &["Salvador"]),
    n("HN", "HND", "Honduras", "Honduras", &[]),
    n("NI", "NIC", "Nicaragua", "Nicaragua", &[]),
    n("CR", "CRI", "Costa Rica", "Costa Rica", &[]),
    n("PA", "PAN", "Panama", "Panamá", &[]),
    n("CU", "CUB", "Cuba", "Cuba", &[]),
    n("DO", "DOM", "Dominican Republic", "República Dominicana", &[]),
    n("HT", "HTI", "Haiti", "Haití", &[]),
    n("JM", "JAM", "Jamaica", "Jamaica", &[]),
    n("PR", "PRI", "Puerto Rico", "Puerto Rico", &[]),
    n("CO", "COL", "Colombia", "Colombia", &[]),
    n("VE", "VEN", "Venezuela", "Venezuela", &[]),
    n("EC", "ECU", "Ecuador", "Ecuador", &[]),
    n("PE", "PER", "Peru", "Perú", &[]),
    n("BO", "BOL", "Bolivia", "Bolivia", &[]),
    n("CL", "CHL", "Chile", "Chile", &[]),
    n("AR", "ARG", "Argentina", "Argentina", &[]),
    n("UY", "URY", "Uruguay", "Uruguay", &[]),
    n("PY", "PRY", "Paraguay", "Paraguay", &[]),
    n("BR", "BRA", "Brazil", "Brasil", &[]),
    n("AT", "AUT", "Austria", "Austria", &[]),
    n("DE", "DEU", "Germany", "Alemania", &["West Germany", "Alemania Occidental", "Deutschland"]),
    n("BE", "BEL", "Belgium", "Bélgica", &[]),
    n("IT", "ITA", "Italy", "Italia", &[]),
    n("ES", "ESP", "Spain", "España", &[]),
    n("PT", "PRT", "Portugal", "Portugal", &[]),
    n("FR", "FRA", "France", "Francia", &[]),
    n("GB", "GBR", "United Kingdom", "Reino Unido", &["UK", "Great Britain", "Gran Bretaña", "England", "Inglaterra"]),
    n("NL", "NLD", "Netherlands", "Países Bajos", &["Holland", "Holanda"]),
    n("CH", "CHE", "Switzerland", "Suiza", &[]),
    n("SE", "SWE", "Sweden", "Suecia", &[]),
    n("FI", "FIN", "Finland", "Finlandia", &[]),
    n("NO", "NOR", "Norway", "Noruega", &[]),
    n("DK", "DNK", "Denmark", "Dinamarca", &[]),
    n("CZ", "CZE", "Czech Republic", "República Checa", &["Czechia", "Chequia"]),
    n("SK", "SVK", "Slovakia", "Eslovaquia", &[]),
    n("PL", "POL", "Poland", "Polonia", &[]),
    n("HU", "HUN", "Hungary", "Hungría", &[]),
    n("RO", "ROU", "Romania", "Rumania", &["Rumanía", "Roumania", "ROM"]),
    n("BG", "BGR", "Bulgaria", "Bulgaria", &[]),
    n("RS", "SRB", "Serbia", "Serbia", &[]),
    n("HR", "HRV", "Croatia", "Croacia", &[]),
    n("SI", "SVN", "Slovenia", "Eslovenia", &[]),
    n("BA", "BIH", "Bosnia and Herzegovina", "Bosnia y Herzegovina", &["Bosnia"]),
    n("RU", "RUS", "Russia", "Rusia", &["Russian Federation", "Federación Rusa", "Federación de Rusia"]),
    n("UA", "UKR", "Ukraine", "Ucrania", &[]),
    n("BY", "BLR", "Belarus", "Bielorrusia", &[]),
    n("GR", "GRC", "Greece", "Grecia", &[]),
    n("TR", "TUR", "Turkey", "Turquía", &["Türkiye"]),
    n("IL", "ISR", "Israel", "Israel", &[]),
    n("EG", "EGY", "Egypt", "Egipto", &[]),
    n("ZA", "ZAF", "South Africa", "Sudáfrica", &[]),
    n("CN", "CHN", "China", "China", &["People's Republic of China", "República Popular China", "PRC"]),
    n("TW", "TWN", "Taiwan", "Taiwán", &[]),
    n("JP", "JPN", "Japan", "Japón", &[]),
    n("KR", "KOR", "South Korea", "Corea del Sur", &["Korea", "Corea", "Republic of Korea", "República de Corea"]),
    n("KP", "PRK", "North Korea", "Corea del Norte", &[]),
    n("PH", "PHL", "Philippines", "Filipinas", &[]),
    n("IN", "IND", "India", "India", &[]),
    n("PK", "PAK", "Pakistan", "Pakistán", &[]),
    n("IR", "IRN", "Iran", "Irán", &[]),
    n("IQ", "IRQ", "Iraq", "Irak", &[]),
    n("VN", "VNM", "Vietnam", "Vietnam", &[]),
    n("AU", "AUS", "Australia", "Australia", &[]),
];

serde_via_code!(Country, "an ISO 3166-1 alpha-2 country code such as \"MX\"");

impl Country {
    /// The United States.
    pub const US: Country = Country(*b"US");
    /// Mexico.
    pub const MX: Country = Country(*b"MX");

    /// A country from a code known at compile time; the static tables use it, and a test
    /// checks that every such code is assigned.
    pub(crate) const fn from_static(code: [u8; 2]) -> Country {
        Country(code)
    }

    /// Reads exactly an assigned ISO 3166-1 alpha-2 code in upper case (what serde writes).
    pub fn from_code(s: &str) -> Option<Country> {
        let b: [u8; 2] = s.as_bytes().try_into().ok()?;
        let assigned = b.iter().all(u8::is_ascii_uppercase)
            && ISO_CODES.as_bytes().chunks_exact(2).any(|c| c == b);
        assigned.then_some(Country(b))
    }

    /// Reads a country: its alpha-2 code in any case (`mx`, `U.S.`), or for the countries of the
    /// table its alpha-3 code or a name in English or Spanish, with or without accents and
    /// punctuation (`México`, `EE.UU.`, `EUA`, `USA`, `Rumania`, `República Checa`).
    pub fn parse(s: &str) -> Option<Country> {
        let key = compact_key(s)?;
        if key.len() == 2 {
            if let Some(c) = Country::from_code(&key) {
                return Some(c);
            }
        }
        name_index().get(key.as_str()).copied()
    }

    /// The alpha-2 code (`"MX"`).
    pub fn code(&self) -> &str {
        // Always two ASCII letters, by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The alpha-3 code, for the countries rastro knows by name.
    pub fn alpha3(self) -> Option<&'static str> {
        self.named().map(|n| n.alpha3)
    }

    /// The country's name in `lang` ("Mexico"/"México"); for a country outside the table, its
    /// code.
    pub fn name(self, lang: Lang) -> &'static str {
        match self.named() {
            Some(n) => lang.pick(n.en, n.es),
            None => self.static_code(),
        }
    }

    /// The countries rastro knows by name.
    pub fn named_countries() -> impl Iterator<Item = Country> {
        NAMED.iter().filter_map(|n| Country::from_code(n.code))
    }

    fn named(self) -> Option<&'static Named> {
        NAMED.iter().find(|n| n.code.as_bytes() == self.0)
    }

    /// The code as a `'static` slice of [`ISO_CODES`].
    fn static_code(self) -> &'static str {
        ISO_CODES
            .as_bytes()
            .chunks_exact(2)
            .position(|c| c == self.0)
            .map_or("??", |i| &ISO_CODES[2 * i..2 * i + 2])
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Compact folded names, alpha-3 codes and aliases of the named countries.
fn name_index() -> &'static HashMap<String, Country> {
    static INDEX: OnceLock<HashMap<String, Country>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map = HashMap::new();
        for n in NAMED {
            let country = Country::from_code(n.code).expect("named countries have assigned codes");
            for s in [n.alpha3, n.en, n.es].iter().chain(n.aliases) {
                map.insert(crate::text::fold_compact(s), country);
            }
        }
        map
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(Country::parse("MX"), Some(Country::MX));
        assert_eq!(Country::parse(" us "), Some(Country::US));
        assert_eq!(Country::parse("U.S."), Some(Country::US));
        assert_eq!(
            Country::parse("KZ").map(|c| c.to_string()),
            Some("KZ".into())
        );
        assert_eq!(Country::parse("XX"), None);
        assert_eq!(Country::parse("EU"), None);
        assert_eq!(Country::from_code("mx"), None);
        assert_eq!(Country::from_code("MEX"), None);
        assert_eq!(ISO_CODES.len(), 2 * 249);
    }

    #[test]
    fn names() {
        let cases = [
            ("Mexico", "MX"),
            ("México", "MX"),
            ("MEXICO", "MX"),
            ("MEX", "MX"),
            ("Estados Unidos", "US"),
            ("EUA", "US"),
            ("E.U.A.", "US"),
            ("EE.UU.", "US"),
            ("EEUU", "US"),
            ("USA", "US"),
            ("U.S.A.", "US"),
            ("United States", "US"),
            ("Austria", "AT"),
            ("Rumania", "RO"),
            ("Rumanía", "RO"),
            ("Romania", "RO"),
            ("Brasil", "BR"),
            ("Brazil", "BR"),
            ("Alemania", "DE"),
            ("España", "ES"),
            ("Espana", "ES"),
            ("Spain", "ES"),
            ("China", "CN"),
            ("Italia", "IT"),
            ("Turquía", "TR"),
            ("Turkey", "TR"),
            ("Bélgica", "BE"),
            ("República Checa", "CZ"),
            ("Czech Republic", "CZ"),
            ("Israel", "IL"),
            ("Croacia", "HR"),
            ("Rusia", "RU"),
            ("Filipinas", "PH"),
            ("Argentina", "AR"),
            ("Canadá", "CA"),
            ("Corea del Sur", "KR"),
            ("Japón", "JP"),
            ("Suiza", "CH"),
            ("Francia", "FR"),
            ("Reino Unido", "GB"),
            ("Hungría", "HU"),
            ("Bulgaria", "BG"),
            ("Serbia", "RS"),
            ("Polonia", "PL"),
            ("Guatemala", "GT"),
            ("Belice", "BZ"),
            ("El Salvador", "SV"),
            ("Honduras", "HN"),
            ("Nicaragua", "NI"),
            ("Costa Rica", "CR"),
            ("Panamá", "PA"),
            ("UK", "GB"),
            ("Türkiye", "TR"),
        ];
        for (s, code) in cases {
            assert_eq!(
                Country::parse(s).map(|c| c.to_string()),
                Some(code.to_string()),
                "{s:?}"
            );
        }
        for s in ["", "Narnia", "Estados", "America", "Korea del"] {
            assert_eq!(Country::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn names_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for n in NAMED {
            assert!(seen.insert(n.code), "duplicate {}", n.code);
            let c = Country::from_code(n.code).unwrap();
            assert_eq!(Country::parse(c.name(Lang::En)), Some(c));
            assert_eq!(Country::parse(c.name(Lang::Es)), Some(c));
            assert_eq!(Country::parse(n.alpha3), Some(c));
            assert_eq!(c.alpha3(), Some(n.alpha3));
            for a in n.aliases {
                assert_eq!(Country::parse(a), Some(c), "{a:?}");
            }
        }
        assert!(Country::named_countries().count() >= 60);
        assert_eq!(Country::MX.name(Lang::Es), "México");
        assert_eq!(Country::parse("KZ").unwrap().name(Lang::En), "KZ");
    }
}

//! The reference table of common makers (manufacturers and importers) that rastro ships.
//!
//! A makers file (formats.md §3) adds to or overrides this table by `maker_code`; resolving a
//! request's `manufacturer`/`importer` against the merged table is the job of the crates that
//! hold it. This table only covers the makers that dominate traces from Mexico (calibration §1.6)
//! so that a fresh installation resolves them without any file.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::country::Country;
use crate::lang::Lang;
use crate::text::{compact_key, fold_compact};

/// What a maker is in US licensing terms (formats.md §3 `role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MakerRole {
    /// Makes firearms (licence type 07 in the US).
    Manufacturer,
    /// Imports firearms into the US (licence type 08).
    Importer,
}

impl MakerRole {
    /// `MANUFACTURER` or `IMPORTER`.
    pub const fn code(self) -> &'static str {
        match self {
            MakerRole::Manufacturer => "MANUFACTURER",
            MakerRole::Importer => "IMPORTER",
        }
    }

    /// Reads a role: `MANUFACTURER`/`FABRICANTE`, `IMPORTER`/`IMPORTADOR`, any case.
    pub fn parse(s: &str) -> Option<MakerRole> {
        match compact_key(s)?.as_str() {
            "MANUFACTURER" | "FABRICANTE" => Some(MakerRole::Manufacturer),
            "IMPORTER" | "IMPORTADOR" => Some(MakerRole::Importer),
            _ => None,
        }
    }

    /// The role's name for display.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MakerRole::Manufacturer, Lang::En) => "Manufacturer",
            (MakerRole::Manufacturer, Lang::Es) => "Fabricante",
            (MakerRole::Importer, Lang::En) => "Importer",
            (MakerRole::Importer, Lang::Es) => "Importador",
        }
    }
}

impl std::fmt::Display for MakerRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One row of the reference makers table; the fields are those of a makers file.
///
/// `Serialize` only: the table is static, and a makers file is read into the importing crate's
/// own owned types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct MakerRef {
    /// Short stable code (`SW`, `COLT`, `GLOCKAT`, `GLOCKUS`): the key a makers file overrides.
    pub code: &'static str,
    /// Canonical name, reported as `maker` in trace results.
    pub name: &'static str,
    /// Other spellings seen in books and on firearms, compared as [`fold_compact`] does.
    pub aliases: &'static [&'static str],
    /// Country of manufacture for a manufacturer; `US` for an importer.
    pub country: Country,
    /// Manufacturer or importer.
    pub role: MakerRole,
    /// The US licence under which the maker's first transfers are recorded; `None` for a
    /// foreign manufacturer.
    ///
    /// **Placeholders.** The numbers in the shipped table are synthetic (region 9, district 99,
    /// expiry `9Z`: no real licensee has them), shaped like real ones so that the data path can
    /// be exercised. A makers file with the real licence numbers overrides them.
    pub ffl_number: Option<&'static str>,
}

use MakerRole::{Importer, Manufacturer};

const fn m(
    code: &'static str,
    name: &'static str,
    aliases: &'static [&'static str],
    country: [u8; 2],
    role: MakerRole,
    ffl_number: Option<&'static str>,
) -> MakerRef {
    MakerRef {
        code,
        name,
        aliases,
        country: Country::from_static(country),
        role,
        ffl_number,
    }
}

/// Rows: US manufacturers, US importers (the US arms of foreign makers among them: `GLOCKUS`,
/// `BERETTAUS`, `TAURUSUS`, `FNUS`, `HKUS`...), then foreign manufacturers. A bare brand name
/// (`GLOCK`, `BERETTA`, `TAURUS`, `FN`) is the foreign manufacturer; the US company is named
/// with its suffix (`GLOCK INC`, `BERETTA USA`).
#[rustfmt::skip]
static MAKERS: &[MakerRef] = &[
    m("SW", "Smith & Wesson", &["S&W", "SMITH AND WESSON", "SMITH & WESSON CORP", "SMITH & WESSON INC", "SMITH & WESSON BRANDS"], *b"US", Manufacturer, Some("9-99-001-07-9Z-00001")),
    m("COLT", "Colt's Manufacturing Company", &["COLT", "COLT'S MFG", "COLTS MANUFACTURING", "COLT'S MFG CO", "COLT INDUSTRIES", "COLT DEFENSE", "COLT'S PATENT FIRE ARMS"], *b"US", Manufacturer, Some("9-99-002-07-9Z-00002")),
    m("RUGER", "Sturm, Ruger & Co.", &["RUGER", "STURM RUGER", "STURM RUGER & CO", "STURM RUGER AND CO", "STURM RUGER & COMPANY", "STURM RUGER & CO INC"], *b"US", Manufacturer, Some("9-99-003-07-9Z-00003")),
    m("SIG", "SIG Sauer", &["SIG SAUER INC", "SIGARMS", "SIG ARMS"], *b"US", Manufacturer, Some("9-99-004-07-9Z-00004")),
    m("SPRINGFIELD", "Springfield Armory", &["SPRINGFIELD", "SPRINGFIELD INC", "SPRINGFIELD ARMORY INC"], *b"US", Manufacturer, Some("9-99-005-07-9Z-00005")),
    m("BROWNING", "Browning Arms Company", &["BROWNING", "BROWNING ARMS", "BROWNING ARMS CO"], *b"US", Manufacturer, Some("9-99-006-07-9Z-00006")),
    m("WINCHESTER", "Winchester Repeating Arms", &["WINCHESTER", "US REPEATING ARMS", "USRAC", "OLIN WINCHESTER", "WINCHESTER WESTERN"], *b"US", Manufacturer, Some("9-99-007-07-9Z-00007")),
    m("REMINGTON", "Remington Arms", &["REMINGTON", "REMINGTON ARMS CO", "REMINGTON ARMS COMPANY"], *b"US", Manufacturer, Some("9-99-008-07-9Z-00008")),
    m("MOSSBERG", "O.F. Mossberg & Sons", &["MOSSBERG", "O F MOSSBERG", "MOSSBERG & SONS"], *b"US", Manufacturer, Some("9-99-009-07-9Z-00009")),
    m("MAVERICK", "Maverick Arms", &["MAVERICK ARMS INC"], *b"US", Manufacturer, Some("9-99-010-07-9Z-00010")),
    m("MARLIN", "Marlin Firearms", &["MARLIN", "MARLIN FIREARMS CO"], *b"US", Manufacturer, Some("9-99-011-07-9Z-00011")),
    m("SAVAGE", "Savage Arms", &["SAVAGE", "SAVAGE ARMS INC"], *b"US", Manufacturer, Some("9-99-012-07-9Z-00012")),
    m("KIMBER", "Kimber Manufacturing", &["KIMBER", "KIMBER MFG", "KIMBER AMERICA"], *b"US", Manufacturer, Some("9-99-013-07-9Z-00013")),
    m("BUSHMASTER", "Bushmaster Firearms", &["BUSHMASTER", "BUSHMASTER FIREARMS INTERNATIONAL"], *b"US", Manufacturer, Some("9-99-014-07-9Z-00014")),
    m("PSA", "Palmetto State Armory", &["PALMETTO"], *b"US", Manufacturer, Some("9-99-015-07-9Z-00015")),
    m("BARRETT", "Barrett Firearms Manufacturing", &["BARRETT", "BARRET", "BARRETT FIREARMS", "BARRETT FIREARMS MFG"], *b"US", Manufacturer, Some("9-99-016-07-9Z-00016")),
    m("HIPOINT", "Hi-Point Firearms", &["HI POINT", "HI-POINT", "BEEMILLER"], *b"US", Manufacturer, Some("9-99-017-07-9Z-00017")),
    m("KELTEC", "Kel-Tec CNC Industries", &["KEL-TEC", "KELTEC CNC"], *b"US", Manufacturer, Some("9-99-018-07-9Z-00018")),
    m("ANDERSON", "Anderson Manufacturing", &["ANDERSON", "ANDERSON MFG"], *b"US", Manufacturer, Some("9-99-019-07-9Z-00019")),
    m("DPMS", "DPMS Panther Arms", &["PANTHER ARMS", "DEFENSE PROCUREMENT MANUFACTURING SERVICES"], *b"US", Manufacturer, Some("9-99-020-07-9Z-00020")),
    m("ARMALITE", "ArmaLite", &["ARMALITE INC"], *b"US", Manufacturer, Some("9-99-021-07-9Z-00021")),
    m("CHARTER", "Charter Arms", &["CHARTER 2000"], *b"US", Manufacturer, Some("9-99-022-07-9Z-00022")),
    m("MRI", "Magnum Research", &["MAGNUM RESEARCH INC"], *b"US", Manufacturer, Some("9-99-023-07-9Z-00023")),
    m("INTRATEC", "Intratec", &["INTRATEC USA", "INTRATEC FIREARMS"], *b"US", Manufacturer, Some("9-99-024-07-9Z-00024")),
    m("SCCY", "SCCY Industries", &[], *b"US", Manufacturer, Some("9-99-025-07-9Z-00025")),
    m("JIMENEZ", "Jimenez Arms", &["JIMENEZ ARMS INC"], *b"US", Manufacturer, Some("9-99-026-07-9Z-00026")),
    m("LORCIN", "Lorcin Engineering", &[], *b"US", Manufacturer, Some("9-99-027-07-9Z-00027")),
    m("HENRY", "Henry Repeating Arms", &[], *b"US", Manufacturer, Some("9-99-028-07-9Z-00028")),
    m("AUTOORD", "Auto-Ordnance", &["AUTO ORDNANCE CORP"], *b"US", Manufacturer, Some("9-99-029-07-9Z-00029")),
    m("GLOCKUS", "Glock Inc.", &["GLOCK INC", "GLOCK USA"], *b"US", Importer, Some("9-99-030-08-9Z-00030")),
    m("BERETTAUS", "Beretta USA Corp.", &["BERETTA USA", "BERETTA U.S.A."], *b"US", Importer, Some("9-99-031-08-9Z-00031")),
    m("CENTURY", "Century International Arms", &["CENTURY", "CENTURY ARMS", "CAI", "CENTURY INTL ARMS", "CENTURY ARMS INTERNATIONAL", "CENTURY INTERNATIONAL ARMS INC"], *b"US", Importer, Some("9-99-032-08-9Z-00032")),
    m("TAURUSUS", "Taurus International Manufacturing", &["TAURUS INTERNATIONAL", "TAURUS INTL", "TAURUS USA", "TAURUS INTERNATIONAL MFG"], *b"US", Importer, Some("9-99-033-08-9Z-00033")),
    m("FNUS", "FN America", &["FN AMERICA LLC", "FNH USA", "FN MANUFACTURING", "FN USA"], *b"US", Importer, Some("9-99-034-08-9Z-00034")),
    m("HKUS", "Heckler & Koch USA", &["HK USA", "H&K USA", "HECKLER & KOCH INC", "HECKLER AND KOCH INC"], *b"US", Importer, Some("9-99-035-08-9Z-00035")),
    m("WALTHERUS", "Walther Arms", &["WALTHER ARMS INC", "WALTHER USA"], *b"US", Importer, Some("9-99-036-08-9Z-00036")),
    m("CZUSA", "CZ-USA", &[], *b"US", Importer, Some("9-99-037-08-9Z-00037")),
    m("BENELLIUS", "Benelli USA", &["BENELLI USA CORP"], *b"US", Importer, Some("9-99-038-08-9Z-00038")),
    m("IWIUS", "IWI US", &["IWI US INC", "IWI USA"], *b"US", Importer, Some("9-99-039-08-9Z-00039")),
    m("ARSENALUS", "Arsenal Inc.", &["ARSENAL INC", "ARSENAL USA"], *b"US", Importer, Some("9-99-040-08-9Z-00040")),
    m("RIA", "Rock Island Armory", &["ROCK ISLAND", "ARMSCOR PRECISION INTERNATIONAL"], *b"US", Importer, Some("9-99-041-08-9Z-00041")),
    m("SDS", "SDS Imports", &["SDS IMPORTS LLC"], *b"US", Importer, Some("9-99-042-08-9Z-00042")),
    m("STOEGER", "Stoeger Industries", &["STOEGER"], *b"US", Importer, Some("9-99-043-08-9Z-00043")),
    m("INTERARMS", "Interarms", &["INTERARMCO"], *b"US", Importer, Some("9-99-044-08-9Z-00044")),
    m("EAGLE", "Eagle Imports", &["EAGLE IMPORTS INC"], *b"US", Importer, Some("9-99-045-08-9Z-00045")),
    m("GLOCKAT", "Glock GmbH", &["GLOCK", "GLOCK GES.M.B.H.", "GLOCK AUSTRIA"], *b"AT", Manufacturer, None),
    m("BERETTAIT", "Fabbrica d'Armi Pietro Beretta", &["BERETTA", "PIETRO BERETTA", "P. BERETTA", "BERETTA HOLDING", "BERETTA ITALY"], *b"IT", Manufacturer, None),
    m("ROMARM", "Romarm", &["CUGIR", "ROMARM/CUGIR", "ROMARM SA", "UZINA MECANICA CUGIR", "CUGIR ARMS FACTORY"], *b"RO", Manufacturer, None),
    m("TAURUS", "Forjas Taurus", &["TAURUS", "FORJAS TAURUS SA", "TAURUS ARMAS", "TAURUS BRASIL"], *b"BR", Manufacturer, None),
    m("FN", "FN Herstal", &["FABRIQUE NATIONALE", "FABRIQUE NATIONALE HERSTAL", "FN HERSTAL SA"], *b"BE", Manufacturer, None),
    m("HK", "Heckler & Koch", &["H&K", "HECKLER AND KOCH", "HECKLER & KOCH GMBH"], *b"DE", Manufacturer, None),
    m("WALTHER", "Carl Walther", &["WALTHER", "CARL WALTHER GMBH", "WALTHER GMBH"], *b"DE", Manufacturer, None),
    m("CZ", "Česká zbrojovka", &["CESKA ZBROJOVKA UHERSKY BROD", "CZUB", "CZ UB"], *b"CZ", Manufacturer, None),
    m("ZASTAVA", "Zastava Arms", &["ZASTAVA", "ZASTAVA ORUZJE"], *b"RS", Manufacturer, None),
    m("NORINCO", "Norinco", &["CHINA NORTH INDUSTRIES", "CHINA NORTH INDUSTRIES CORP"], *b"CN", Manufacturer, None),
    m("BERSA", "Bersa", &["BERSA SA"], *b"AR", Manufacturer, None),
    m("CANIK", "Canik", &["CANIK55", "SAMSUN YURT SAVUNMA"], *b"TR", Manufacturer, None),
    m("TISAS", "Tisaş", &["TRABZON SILAH", "TRABZON SILAH SANAYI"], *b"TR", Manufacturer, None),
    m("LLAMA", "Llama Gabilondo y Cía", &["LLAMA", "GABILONDO", "GABILONDO Y CIA", "LLAMA GABILONDO"], *b"ES", Manufacturer, None),
    m("STAR", "Star Bonifacio Echeverría", &["BONIFACIO ECHEVERRIA", "STAR BONIFACIO ECHEVERRIA SA"], *b"ES", Manufacturer, None),
    m("ASTRA", "Astra Unceta y Cía", &["ASTRA UNCETA", "UNCETA Y CIA"], *b"ES", Manufacturer, None),
    m("ARMSCOR", "Armscor", &["ARMS CORPORATION OF THE PHILIPPINES", "ARMSCOR PHILIPPINES"], *b"PH", Manufacturer, None),
    m("IMI", "Israel Military Industries", &[], *b"IL", Manufacturer, None),
    m("IWI", "Israel Weapon Industries", &[], *b"IL", Manufacturer, None),
    m("DERYA", "Derya Arms", &["DERYA"], *b"TR", Manufacturer, None),
    m("ROSSI", "Amadeo Rossi", &["ROSSI", "AMADEO ROSSI SA"], *b"BR", Manufacturer, None),
    m("HATSAN", "Hatsan Arms", &["HATSAN"], *b"TR", Manufacturer, None),
    m("BENELLI", "Benelli Armi", &["BENELLI", "BENELLI ARMI SPA"], *b"IT", Manufacturer, None),
    m("FRANCHI", "Luigi Franchi", &["FRANCHI", "LUIGI FRANCHI SPA"], *b"IT", Manufacturer, None),
    m("FABARM", "Fabarm", &["FABBRICA BRESCIANA ARMI"], *b"IT", Manufacturer, None),
    m("DAEWOO", "Daewoo Precision Industries", &["DAEWOO", "DAEWOO PRECISION"], *b"KR", Manufacturer, None),
    m("ARSENAL", "Arsenal AD", &["ARSENAL", "ARSENAL JSCO", "ARSENAL BULGARIA"], *b"BG", Manufacturer, None),
    m("IZHMASH", "Izhmash (Kalashnikov Concern)", &["KALASHNIKOV CONCERN", "KALASHNIKOV GROUP"], *b"RU", Manufacturer, None),
    m("MAADI", "Maadi", &["MAADI CO", "MAADI COMPANY FOR ENGINEERING INDUSTRIES"], *b"EG", Manufacturer, None),
    m("HSPRODUKT", "HS Produkt", &["IM METAL"], *b"HR", Manufacturer, None),
    m("SARSILMAZ", "Sarsılmaz", &["SAR ARMS"], *b"TR", Manufacturer, None),
];

/// The reference makers table shipped with rastro.
pub fn reference_makers() -> &'static [MakerRef] {
    MAKERS
}

/// The reference maker with this exact code.
pub fn reference_maker(code: &str) -> Option<&'static MakerRef> {
    MAKERS.iter().find(|m| m.code == code)
}

/// The reference maker whose code, name or alias equals `name` after [`fold_compact`]
/// (`S&W`, `Smith & Wesson Corp.`, `colt's mfg`). Only the shipped table: a makers file's
/// overrides are merged by the caller.
pub fn find_reference_maker(name: &str) -> Option<&'static MakerRef> {
    let key = compact_key(name)?;
    name_index().get(key.as_str()).map(|&i| &MAKERS[i])
}

fn name_index() -> &'static HashMap<String, usize> {
    static INDEX: OnceLock<HashMap<String, usize>> = OnceLock::new();
    INDEX.get_or_init(|| build_index().0)
}

/// Compact spellings to row index, and any spelling that two makers claim (a table error).
fn build_index() -> (HashMap<String, usize>, Vec<String>) {
    let mut map = HashMap::new();
    let mut clashes = Vec::new();
    for (i, m) in MAKERS.iter().enumerate() {
        for s in [m.code, m.name].iter().chain(m.aliases) {
            let key = fold_compact(s);
            if let Some(prev) = map.insert(key.clone(), i) {
                if prev != i {
                    clashes.push(format!("{key}: {} and {}", MAKERS[prev].code, m.code));
                }
            }
        }
    }
    (map, clashes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(name: &str) -> Option<&'static str> {
        find_reference_maker(name).map(|m| m.code)
    }

    #[test]
    fn table_is_consistent() {
        let (_, clashes) = build_index();
        assert!(clashes.is_empty(), "{clashes:#?}");
        assert!(MAKERS.len() >= 60);
        let mut ffls = std::collections::HashSet::new();
        let mut codes = std::collections::HashSet::new();
        for m in MAKERS {
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(m
                .code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
            assert_eq!(
                Country::from_code(m.country.code()),
                Some(m.country),
                "{}",
                m.code
            );
            if m.role == MakerRole::Importer {
                assert_eq!(m.country, Country::US, "{}: importers are US", m.code);
            }
            match m.ffl_number {
                Some(ffl) => {
                    assert_eq!(m.country, Country::US, "{}", m.code);
                    assert!(ffls.insert(ffl), "duplicate FFL {ffl}");
                    let parts: Vec<_> = ffl.split('-').collect();
                    let lens: Vec<_> = parts.iter().map(|p| p.len()).collect();
                    assert_eq!(lens, [1, 2, 3, 2, 2, 5], "{ffl}");
                    let want_type = match m.role {
                        MakerRole::Manufacturer => "07",
                        MakerRole::Importer => "08",
                    };
                    assert_eq!(parts[3], want_type, "{ffl}");
                    for i in [0, 1, 2, 5] {
                        assert!(parts[i].bytes().all(|b| b.is_ascii_digit()), "{ffl}");
                    }
                }
                None => assert_ne!(m.country, Country::US, "{}: US makers have an FFL", m.code),
            }
        }
    }

    #[test]
    fn brief_spellings() {
        let cases = [
            ("S&W", "SW"),
            ("Smith & Wesson", "SW"),
            ("SMITH AND WESSON", "SW"),
            ("smith & wesson corp.", "SW"),
            ("Colt", "COLT"),
            ("COLT'S MFG", "COLT"),
            ("Colt's Mfg.", "COLT"),
            ("COLTS MFG", "COLT"),
            ("COLTS MANUFACTURING", "COLT"),
            ("Glock", "GLOCKAT"),
            ("GLOCK GmbH", "GLOCKAT"),
            ("Glock Inc.", "GLOCKUS"),
            ("GLOCK INC", "GLOCKUS"),
            ("Beretta", "BERETTAIT"),
            ("BERETTA USA", "BERETTAUS"),
            ("Century", "CENTURY"),
            ("CENTURY ARMS", "CENTURY"),
            ("CAI", "CENTURY"),
            ("Century International Arms", "CENTURY"),
            ("ROMARM", "ROMARM"),
            ("Cugir", "ROMARM"),
            ("ROMARM/CUGIR", "ROMARM"),
            ("Ruger", "RUGER"),
            ("STURM RUGER & CO", "RUGER"),
            ("Sturm, Ruger & Co., Inc.", "RUGER"),
            ("Taurus", "TAURUS"),
            ("FORJAS TAURUS", "TAURUS"),
            ("Taurus International", "TAURUSUS"),
            ("SIG SAUER", "SIG"),
            ("Springfield Armory", "SPRINGFIELD"),
            ("Browning", "BROWNING"),
            ("Winchester", "WINCHESTER"),
            ("Remington", "REMINGTON"),
            ("Mossberg", "MOSSBERG"),
            ("O.F. Mossberg & Sons", "MOSSBERG"),
            ("Marlin", "MARLIN"),
            ("Savage", "SAVAGE"),
            ("Kimber", "KIMBER"),
            ("Bushmaster", "BUSHMASTER"),
            ("Palmetto State Armory", "PSA"),
            ("Barrett", "BARRETT"),
            ("barret", "BARRETT"),
            ("FN Herstal", "FN"),
            ("FN America", "FNUS"),
            ("Heckler & Koch", "HK"),
            ("H&K", "HK"),
            ("H&K USA", "HKUS"),
            ("Walther", "WALTHER"),
            ("CZ", "CZ"),
            ("Česká zbrojovka", "CZ"),
            ("CZ-USA", "CZUSA"),
            ("Zastava", "ZASTAVA"),
            ("Norinco", "NORINCO"),
            ("Hi-Point", "HIPOINT"),
            ("Kel-Tec", "KELTEC"),
            ("Bersa", "BERSA"),
            ("Canik", "CANIK"),
            ("Tisas", "TISAS"),
            ("TİSAŞ", "TISAS"),
            ("Llama", "LLAMA"),
            ("Gabilondo", "LLAMA"),
            ("Star", "STAR"),
            ("Star Bonifacio Echeverria", "STAR"),
            ("Astra", "ASTRA"),
            ("Armscor", "ARMSCOR"),
            ("Rock Island Armory", "RIA"),
            ("IMI", "IMI"),
            ("I.M.I.", "IMI"),
            ("IWI", "IWI"),
            ("Derya", "DERYA"),
            ("Anderson", "ANDERSON"),
            ("DPMS", "DPMS"),
            ("ArmaLite", "ARMALITE"),
            ("Charter Arms", "CHARTER"),
            ("Rossi", "ROSSI"),
            ("Hatsan", "HATSAN"),
            ("Benelli", "BENELLI"),
            ("Franchi", "FRANCHI"),
            ("Pietro Beretta", "BERETTAIT"),
            ("Fabarm", "FABARM"),
            ("Daewoo", "DAEWOO"),
            ("Israel Military Industries", "IMI"),
            ("Arsenal", "ARSENAL"),
            ("Izhmash", "IZHMASH"),
            ("Kalashnikov Concern", "IZHMASH"),
        ];
        for (name, code) in cases {
            assert_eq!(code_of(name), Some(code), "{name:?}");
        }
        for name in ["", "Interstate Arms", "Kalashnikov", "Acme", "GLOCK 19"] {
            assert_eq!(code_of(name), None, "{name:?}");
        }
    }

    #[test]
    fn roles_and_countries() {
        let glock_at = reference_maker("GLOCKAT").unwrap();
        assert_eq!(
            (glock_at.country.code(), glock_at.role),
            ("AT", MakerRole::Manufacturer)
        );
        assert_eq!(glock_at.ffl_number, None);
        let glock_us = reference_maker("GLOCKUS").unwrap();
        assert_eq!(
            (glock_us.country, glock_us.role),
            (Country::US, MakerRole::Importer)
        );
        assert!(glock_us.ffl_number.is_some_and(|f| f.contains("-08-")));
        let browning = reference_maker("BROWNING").unwrap();
        assert_eq!(
            (browning.country, browning.role),
            (Country::US, MakerRole::Manufacturer)
        );
        assert_eq!(reference_maker("ROMARM").unwrap().country.code(), "RO");
        assert_eq!(reference_maker("sw"), None);
    }

    #[test]
    fn every_spelling_resolves_to_its_row() {
        for m in MAKERS {
            for s in [m.code, m.name].iter().chain(m.aliases) {
                assert_eq!(code_of(s), Some(m.code), "{s:?}");
            }
        }
    }

    #[test]
    fn role_parse() {
        assert_eq!(
            MakerRole::parse("MANUFACTURER"),
            Some(MakerRole::Manufacturer)
        );
        assert_eq!(MakerRole::parse("importador"), Some(MakerRole::Importer));
        assert_eq!(MakerRole::parse("dealer"), None);
    }
}

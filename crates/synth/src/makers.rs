//! The makers table (format 3): about 55 real manufacturers and importers plus a generated long
//! tail (~840 makers), their models, serial formats and spellings, and the "populations" of
//! traced guns (a maker, how it reaches the US market, and its share of traces).

use std::collections::{HashMap, HashSet};

use rand::rngs::SmallRng;
use rand::Rng;

use crate::catalog::{k, kinds, Kind};
use crate::dist::{pick, Weighted};
use crate::names::strip_accents;
use crate::serials::{Alpha, Format, Seg};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Manufacturer,
    Importer,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Manufacturer => "MANUFACTURER",
            Role::Importer => "IMPORTER",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub kind: usize,
    pub format: usize,
}

#[derive(Debug, Clone)]
pub struct Maker {
    pub code: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// ISO country of manufacture; `US` for importers.
    pub country: &'static str,
    pub role: Role,
    /// Premises state (index into `geo::US_STATES`) for a US maker or importer with a licence.
    pub state: Option<&'static str>,
    /// Index of its licensee (type 07/08) once the world is built.
    pub licensee: Option<usize>,
    pub models: Vec<Model>,
    pub formats: Vec<Format>,
    /// Fallback format once a format is exhausted.
    pub overflow: Format,
    /// Spellings for books and requests: the most common first (see `spelling`).
    pub spellings: Vec<String>,
}

impl Maker {
    /// A spelling of this maker as a book or a request writes it: about 80% of the time the most
    /// common one, otherwise the name or any alias, as listed or in upper case (calibration §7.D:
    /// maker alias variance). Every spelling is in the makers table, up to case.
    pub fn spelling(&self, rng: &mut SmallRng) -> &str {
        if rng.gen_bool(0.8) || self.spellings.len() < 2 {
            &self.spellings[0]
        } else {
            &self.spellings[rng.gen_range(1..self.spellings.len())]
        }
    }

    pub fn models_of_kind(&self, kind: usize) -> Vec<usize> {
        (0..self.models.len())
            .filter(|&m| self.models[m].kind == kind)
            .collect()
    }
}

/// How the guns of a population reach Mexico.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Made in the US: the maker's own book is the source record.
    UsMade,
    /// Imported by `importer`: the importer's book is the source record.
    Imported { importer: usize },
    /// Never in a US licensee's book (no import mark): a third-country gun.
    ThirdCountry,
}

/// A maker's share of traced guns through one channel.
#[derive(Debug, Clone)]
pub struct Population {
    pub maker: usize,
    pub channel: Channel,
    pub weight: f64,
    /// Serial format forced on this population (the unmarked Romanian rifles), else the model's.
    pub format: Option<usize>,
}

impl Population {
    pub fn in_books(&self) -> bool {
        !matches!(self.channel, Channel::ThirdCountry)
    }

    pub fn importer(&self) -> Option<usize> {
        match self.channel {
            Channel::Imported { importer } => Some(importer),
            _ => None,
        }
    }
}

/// Everything about makers that the rest of the generator needs.
pub struct Makers {
    pub makers: Vec<Maker>,
    pub kinds: Vec<Kind>,
    pub pops: Vec<Population>,
    /// Joint draw of (population, kind) for guns in US books, fitted (IPF) so that both the
    /// population weights and the kind shares come out as targeted.
    pub books: Vec<(usize, usize)>,
    pub books_w: Weighted,
    /// The same restricted to third-country guns.
    pub third: Vec<(usize, usize)>,
    pub third_w: Weighted,
    /// Share of third-country guns among traced guns.
    pub third_share: f64,
    /// Makers that are in the table but made nothing in this world: requests that name the wrong
    /// maker name one of these, so that a wrong maker never finds another gun's records.
    pub defunct: Vec<usize>,
    /// Normalised name or alias → maker indices.
    pub by_name: HashMap<String, Vec<usize>>,
}

/// Normalises a maker name for lookup: upper case, accents dropped, only letters and digits.
/// This is at least as aggressive as the rules' "case-, accent- and punctuation-insensitive"
/// comparison, so names distinct here are distinct for any reader.
pub fn normalize(name: &str) -> String {
    strip_accents(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Parses the tiny serial-format notation used in the tables below: tokens separated by spaces,
/// `"xyz` a literal (`~` stands for a space), `L3` three safe letters, `A2`/`B7` letters of the
/// `A`/`B` halves, `D4` four digits, `N5` five digits without a leading zero.
fn format(spec: &str, salt: u64) -> Format {
    let segs = spec
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|t| {
            let (head, rest) = t.split_at(1);
            let n = rest.parse::<u8>().unwrap_or(1);
            match head {
                "\"" => Seg::Lit(rest.replace('~', " ")),
                "L" => Seg::Letters(n, Alpha::Safe),
                "A" => Seg::Letters(n, Alpha::A),
                "B" => Seg::Letters(n, Alpha::B),
                "D" => Seg::Digits(n),
                _ => Seg::DigitsNz(n),
            }
        })
        .collect();
    Format::new(segs, salt)
}

/// One real maker: code, name, aliases, country, role, premises state, share of traced guns
/// (percent), channel, models `(name, kind, format index)` and formats.
struct Real {
    code: &'static str,
    name: &'static str,
    aliases: &'static str,
    country: &'static str,
    role: Role,
    state: Option<&'static str>,
    share: f64,
    channel: RealChannel,
    models: &'static [(&'static str, usize, usize)],
    formats: &'static [&'static str],
}

enum RealChannel {
    UsMade,
    Imported(&'static str),
    Third,
    /// An importer, or a maker listed but making nothing in this world.
    None,
    /// Imported, and also reaching Mexico unmarked with serials of format `.1`.
    ImportedAndThird(&'static str, f64, usize),
}

use RealChannel as C;
use Role::{Importer as IMP, Manufacturer as MAN};

#[rustfmt::skip]
static REAL: &[Real] = &[
    Real { code: "SW", name: "Smith & Wesson", aliases: "S&W;SMITH AND WESSON;SMITH & WESSON CORP", country: "US", role: MAN, state: Some("MA"), share: 7.5, channel: C::UsMade,
        models: &[("M&P9", k::P9, 0), ("SW9VE", k::P9, 0), ("SW40VE", k::P40, 0), ("MODEL 10", k::R38, 1), ("MODEL 686", k::R357, 1), ("M&P15", k::AR, 2), ("MODEL 29", k::R44, 1), ("BODYGUARD 380", k::P380, 0)],
        formats: &["L3 D4", "\"C N6", "\"SM N5"] },
    Real { code: "COLT", name: "Colt's Manufacturing Company", aliases: "COLT;COLT'S MFG;COLTS MFG CO", country: "US", role: MAN, state: Some("CT"), share: 7.0, channel: C::UsMade,
        models: &[("M4 LE6920", k::AR, 0), ("AR-15 SPORTER", k::AR, 1), ("GOVERNMENT EL JEFE", k::P38S, 2), ("SUPER 38", k::P38S, 2), ("GOVERNMENT 1911", k::P45, 3), ("PYTHON", k::R357, 4), ("DETECTIVE SPECIAL", k::R38, 4), ("MUSTANG", k::P380, 3)],
        formats: &["\"LE D6", "\"SP D6", "\"SS D5", "\"CV D5", "N5 \"E"] },
    Real { code: "RUGER", name: "Sturm, Ruger & Co.", aliases: "RUGER;STURM RUGER;STURM RUGER & CO", country: "US", role: MAN, state: Some("CT"), share: 4.5, channel: C::UsMade,
        models: &[("SR9", k::P9, 0), ("P95", k::P9, 1), ("P345", k::P45, 2), ("LCP", k::P380, 3), ("GP100", k::R357, 4), ("SP101", k::R38, 5), ("MINI-14", k::AR, 6), ("10/22", k::L22, 7), ("MINI THIRTY", k::AK, 8), ("SR22", k::P22, 9)],
        formats: &["\"331- D5", "\"312- D5", "\"664- D5", "\"371- D5", "\"170- D5", "\"570- D5", "\"580- D5", "\"240- D5", "\"189- D5", "\"365- D5"] },
    Real { code: "SIG", name: "Sig Sauer Inc", aliases: "SIG SAUER;SIG;SIGSAUER", country: "US", role: MAN, state: Some("NH"), share: 2.0, channel: C::UsMade,
        models: &[("P226", k::P9, 0), ("P229", k::P40, 0), ("P238", k::P380, 1), ("SIG556", k::AR, 2), ("P220", k::P45, 0)],
        formats: &["\"U N6", "\"27A N6", "\"JS N6"] },
    Real { code: "BROWNING", name: "Browning Arms Company", aliases: "BROWNING;BROWNING ARMS", country: "US", role: MAN, state: Some("UT"), share: 2.0, channel: C::UsMade,
        models: &[("HI-POWER", k::P9, 0), ("A5", k::S12, 1), ("BAR", k::L3006, 2), ("BUCK MARK", k::P22, 3)],
        formats: &["N3 \"PN D5", "N5 \"NZ D3", "N5 \"MV D3", "N3 \"NT D5"] },
    Real { code: "WINCHESTER", name: "Winchester Repeating Arms", aliases: "WINCHESTER;WINCHESTER ARMS;U.S. REPEATING ARMS", country: "US", role: MAN, state: Some("CT"), share: 2.0, channel: C::UsMade,
        models: &[("MODEL 94", k::L3030, 0), ("MODEL 1300", k::S12, 1), ("MODEL 70", k::L308, 2), ("SXP", k::S20, 1)],
        formats: &["N7", "\"L N7", "\"G N7"] },
    Real { code: "REMINGTON", name: "Remington Arms Company", aliases: "REMINGTON;REMINGTON ARMS;REM", country: "US", role: MAN, state: Some("NY"), share: 2.0, channel: C::UsMade,
        models: &[("870", k::S12, 0), ("700", k::L308, 1), ("R1911", k::P45, 2), ("1100", k::S20, 0), ("7400", k::L3006, 1)],
        formats: &["\"A N6 \"M", "\"E N7", "\"RH N5"] },
    Real { code: "BARRETT", name: "Barrett Firearms Manufacturing", aliases: "BARRETT;BARRETT FIREARMS", country: "US", role: MAN, state: Some("TN"), share: 0.3, channel: C::UsMade,
        models: &[("M82A1", k::B50, 0), ("M107A1", k::B50, 0), ("M95", k::B50, 0)],
        formats: &["\"AA N5"] },
    Real { code: "SPRINGFIELD", name: "Springfield Armory", aliases: "SPRINGFIELD;SPRINGFIELD ARMORY INC", country: "US", role: MAN, state: Some("IL"), share: 1.5, channel: C::UsMade,
        models: &[("1911 A1", k::P45, 0), ("M1A", k::L308, 1), ("XD-9", k::P9, 2)],
        formats: &["\"N N6", "N6", "\"US N6"] },
    Real { code: "BUSHMASTER", name: "Bushmaster Firearms", aliases: "BUSHMASTER;BUSHMASTER FIREARMS INTL", country: "US", role: MAN, state: Some("ME"), share: 2.0, channel: C::UsMade,
        models: &[("XM-15", k::AR, 0), ("CARBON 15", k::AR, 0), ("ACR", k::AR, 0)],
        formats: &["\"BFI N6"] },
    Real { code: "MOSSBERG", name: "O.F. Mossberg & Sons", aliases: "MOSSBERG;O F MOSSBERG & SONS", country: "US", role: MAN, state: Some("CT"), share: 1.5, channel: C::UsMade,
        models: &[("500", k::S12, 0), ("MAVERICK 88", k::S12, 1), ("500 20GA", k::S20, 0), ("500 .410", k::S410, 0), ("702 PLINKSTER", k::L22, 2)],
        formats: &["\"U N6", "\"MV N5", "\"EM N6"] },
    Real { code: "MARLIN", name: "Marlin Firearms", aliases: "MARLIN", country: "US", role: MAN, state: Some("CT"), share: 0.8, channel: C::UsMade,
        models: &[("336", k::L3030, 0), ("MODEL 60", k::L22, 0), ("1894", k::R357, 1)],
        formats: &["N8", "\"MR N6"] },
    Real { code: "HIPOINT", name: "Hi-Point Firearms", aliases: "HI-POINT;HI POINT;BEEMILLER", country: "US", role: MAN, state: Some("OH"), share: 0.8, channel: C::UsMade,
        models: &[("C9", k::P9, 0), ("CF380", k::P380, 1), ("JHP", k::P45, 2), ("995", k::P9, 3)],
        formats: &["\"P N6", "\"P8 N5", "\"X4 N5", "\"E N6"] },
    Real { code: "KELTEC", name: "Kel-Tec CNC Industries", aliases: "KEL-TEC;KELTEC;KEL TEC", country: "US", role: MAN, state: Some("FL"), share: 0.6, channel: C::UsMade,
        models: &[("PF-9", k::P9, 0), ("P-3AT", k::P380, 1), ("SUB-2000", k::P9, 2), ("P-32", k::P32, 1)],
        formats: &["L3 N2", "N2 \"K D3", "\"E N5"] },
    Real { code: "KIMBER", name: "Kimber Mfg", aliases: "KIMBER", country: "US", role: MAN, state: Some("NY"), share: 0.5, channel: C::UsMade,
        models: &[("CUSTOM II", k::P45, 0), ("ULTRA CARRY", k::P45, 0), ("SOLO", k::P9, 1)],
        formats: &["\"K N6", "\"KS N5"] },
    Real { code: "SAVAGE", name: "Savage Arms", aliases: "SAVAGE", country: "US", role: MAN, state: Some("MA"), share: 0.5, channel: C::UsMade,
        models: &[("110", k::L308, 0), ("MARK II", k::L22, 1), ("93R17", k::L22, 1)],
        formats: &["\"H N6", "N7"] },
    Real { code: "PSA", name: "Palmetto State Armory", aliases: "PSA;PALMETTO", country: "US", role: MAN, state: Some("SC"), share: 0.5, channel: C::UsMade,
        models: &[("PA-15", k::AR, 0), ("PSAK-47", k::AK, 1)],
        formats: &["\"PA N6", "\"AKP N5"] },
    Real { code: "DPMS", name: "DPMS Panther Arms", aliases: "DPMS;PANTHER ARMS", country: "US", role: MAN, state: Some("MN"), share: 1.0, channel: C::UsMade,
        models: &[("PANTHER A-15", k::AR, 0), ("ORACLE", k::AR, 0), ("LR-308", k::L308, 0), ("A-15 LOWER", k::RCV, 1)],
        formats: &["\"F N6", "\"FH N6"] },
    Real { code: "ARMALITE", name: "ArmaLite Inc", aliases: "ARMALITE", country: "US", role: MAN, state: Some("IL"), share: 0.4, channel: C::UsMade,
        models: &[("AR-10", k::L308, 0), ("M-15", k::AR, 1)],
        formats: &["\"US N6", "\"A N6"] },
    Real { code: "ROCKRIVER", name: "Rock River Arms", aliases: "ROCK RIVER;RRA", country: "US", role: MAN, state: Some("IL"), share: 0.5, channel: C::UsMade,
        models: &[("LAR-15", k::AR, 0), ("LAR-47", k::AK, 1)],
        formats: &["\"CM N6", "\"KM N6"] },
    Real { code: "CHARTER", name: "Charter Arms", aliases: "CHARTER;CHARTER 2000", country: "US", role: MAN, state: Some("CT"), share: 0.4, channel: C::UsMade,
        models: &[("UNDERCOVER", k::R38, 0), ("BULLDOG", k::R44, 0), ("PATHFINDER", k::R22, 0)],
        formats: &["N6"] },
    Real { code: "HERITAGE", name: "Heritage Manufacturing", aliases: "HERITAGE", country: "US", role: MAN, state: Some("FL"), share: 0.3, channel: C::UsMade,
        models: &[("ROUGH RIDER", k::R22, 0)],
        formats: &["\"J N5"] },
    Real { code: "INTRATEC", name: "Intratec", aliases: "INTRATEC USA", country: "US", role: MAN, state: Some("FL"), share: 0.3, channel: C::UsMade,
        models: &[("TEC-DC9", k::SMG9, 0), ("AB-10", k::SMG9, 0), ("TEC-22", k::P22, 1)],
        formats: &["\"T N5", "\"TT N4"] },
    Real { code: "BOND", name: "Bond Arms", aliases: "BOND;BOND ARMS INC", country: "US", role: MAN, state: Some("TX"), share: 0.2, channel: C::UsMade,
        models: &[("TEXAS DEFENDER", k::DER, 0), ("SNAKE SLAYER", k::DER, 0)],
        formats: &["N5"] },
    // Importers.
    Real { code: "GLOCKUS", name: "Glock Inc", aliases: "GLOCK INC;GLOCK INC SMYRNA GA;GLOCK USA", country: "US", role: IMP, state: Some("GA"), share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "CENTURY", name: "Century International Arms", aliases: "CENTURY ARMS;CENTURY;CAI;CENTURY INTL ARMS", country: "US", role: IMP, state: Some("FL"), share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "BERETTAUS", name: "Beretta USA Corp", aliases: "BERETTA USA;BERETTA U.S.A. CORP", country: "US", role: IMP, state: Some("MD"), share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "TAURUSUS", name: "Taurus International Manufacturing", aliases: "TAURUS INTL;TAURUS INTERNATIONAL;TAURUS USA", country: "US", role: IMP, state: Some("FL"), share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "FNUS", name: "FN America LLC", aliases: "FNH USA;FN AMERICA;FN MANUFACTURING", country: "US", role: IMP, state: Some("VA"), share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "CZUSA", name: "CZ-USA", aliases: "CZ USA", country: "US", role: IMP, state: Some("KS"), share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "WALTHERUS", name: "Walther Arms Inc", aliases: "WALTHER ARMS", country: "US", role: IMP, state: Some("AR"), share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "EAA", name: "European American Armory", aliases: "EAA;EAA CORP", country: "US", role: IMP, state: Some("FL"), share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "EAGLE", name: "Eagle Imports", aliases: "EAGLE IMPORTS INC", country: "US", role: IMP, state: Some("NJ"), share: 0.0, channel: C::None, models: &[], formats: &[] },
    // Foreign makers whose guns reach Mexico through a US importer.
    Real { code: "GLOCKAT", name: "Glock GmbH", aliases: "GLOCK;GLOCK GES.M.B.H.", country: "AT", role: MAN, state: None, share: 4.3, channel: C::Imported("GLOCKUS"),
        models: &[("G17", k::P9, 0), ("G19", k::P9, 0), ("G26", k::P9, 0), ("G22", k::P40, 0), ("G23", k::P40, 0), ("G21", k::P45, 0), ("G42", k::P380, 0)],
        formats: &["L3 D3"] },
    Real { code: "ROMARM", name: "Romarm SA", aliases: "ROMARM;CUGIR;ROMARM CUGIR", country: "RO", role: MAN, state: None, share: 6.3, channel: C::ImportedAndThird("CENTURY", 1.8, 1),
        models: &[("WASR-10", k::AK, 0), ("WASR-10/63", k::AK, 0), ("PM md. 63", k::AK, 0)],
        formats: &["A2 D4 \"- D2", "B3 \"~ B4"] },
    Real { code: "ZASTAVA", name: "Zastava Arms", aliases: "ZASTAVA;ZCZ", country: "RS", role: MAN, state: None, share: 0.4, channel: C::Imported("CENTURY"),
        models: &[("M70", k::AK, 0), ("M88", k::P9, 1)],
        formats: &["\"M70 N6", "\"MK N5"] },
    Real { code: "FEG", name: "FEG", aliases: "FEGARMY;FEG HUNGARY", country: "HU", role: MAN, state: None, share: 0.3, channel: C::Imported("CENTURY"),
        models: &[("SA-85M", k::AK, 0), ("PA-63", k::P380, 1)],
        formats: &["\"SA N6", "\"FA N5"] },
    Real { code: "CANIK", name: "Canik55", aliases: "CANIK;SAMSUN YURT SAVUNMA", country: "TR", role: MAN, state: None, share: 1.0, channel: C::Imported("CENTURY"),
        models: &[("TP9", k::P9, 0), ("C100", k::P9, 0)],
        formats: &["\"T6 N4 \"- D2 L2 N5"] },
    Real { code: "TAURUS", name: "Forjas Taurus", aliases: "TAURUS;TAURUS BRASIL;TAURUS ARMAS", country: "BR", role: MAN, state: None, share: 2.2, channel: C::Imported("TAURUSUS"),
        models: &[("PT92", k::P9, 0), ("PT111 MILLENNIUM", k::P9, 0), ("PT738", k::P380, 0), ("MODEL 85", k::R38, 1), ("MODEL 605", k::R357, 1), ("PT24/7", k::P40, 0)],
        formats: &["L3 N5", "\"F N6"] },
    Real { code: "ROSSI", name: "Amadeo Rossi", aliases: "ROSSI", country: "BR", role: MAN, state: None, share: 0.4, channel: C::Imported("TAURUSUS"),
        models: &[("R461", k::R357, 0), ("R351", k::R38, 0)],
        formats: &["\"W N6"] },
    Real { code: "BERETTAIT", name: "Fabbrica d'Armi Pietro Beretta", aliases: "BERETTA;P. BERETTA;PIETRO BERETTA", country: "IT", role: MAN, state: None, share: 1.7, channel: C::Imported("BERETTAUS"),
        models: &[("92FS", k::P9, 0), ("PX4 STORM", k::P40, 1), ("84FS CHEETAH", k::P380, 2), ("21A BOBCAT", k::P25, 3), ("TOMCAT", k::P32, 3)],
        formats: &["\"BER N6 \"Z", "\"PX N5", "\"E N5 \"Y", "\"CAA N6"] },
    Real { code: "TANFOGLIO", name: "Fratelli Tanfoglio", aliases: "TANFOGLIO", country: "IT", role: MAN, state: None, share: 0.4, channel: C::Imported("EAA"),
        models: &[("WITNESS", k::P9, 0), ("WITNESS .45", k::P45, 0), ("WITNESS 10", k::P10, 0)],
        formats: &["\"AE N5"] },
    Real { code: "GIRSAN", name: "Girsan", aliases: "GIRSAN MAKINA", country: "TR", role: MAN, state: None, share: 0.4, channel: C::Imported("EAA"),
        models: &[("MC28", k::P9, 0), ("MC1911", k::P45, 0)],
        formats: &["\"T6368 N2 \"- L1 N5"] },
    Real { code: "FN", name: "FN Herstal", aliases: "FN;FABRIQUE NATIONALE;FN HERSTAL SA", country: "BE", role: MAN, state: None, share: 1.1, channel: C::Imported("FNUS"),
        models: &[("FIVE-SEVEN", k::P57, 0), ("FNX-9", k::P9, 1), ("FNAR", k::L308, 2)],
        formats: &["\"386 N6", "\"FX N6", "\"FN N6"] },
    Real { code: "CZ", name: "Ceska Zbrojovka", aliases: "CZ;CESKA ZBROJOVKA UHERSKY BROD", country: "CZ", role: MAN, state: None, share: 1.0, channel: C::Imported("CZUSA"),
        models: &[("CZ 75", k::P9, 0), ("CZ 83", k::P380, 1), ("VZ 58", k::AK, 2)],
        formats: &["\"A N6", "\"K N6", "\"H N5"] },
    Real { code: "WALTHER", name: "Carl Walther GmbH", aliases: "WALTHER;CARL WALTHER", country: "DE", role: MAN, state: None, share: 0.8, channel: C::Imported("WALTHERUS"),
        models: &[("PPK", k::P380, 0), ("P99", k::P9, 1), ("P22", k::P22, 2)],
        formats: &["N6 \"S", "\"FAK N4", "\"L N6"] },
    Real { code: "BERSA", name: "Bersa SA", aliases: "BERSA", country: "AR", role: MAN, state: None, share: 0.4, channel: C::Imported("EAGLE"),
        models: &[("THUNDER 380", k::P380, 0), ("THUNDER 9", k::P9, 0)],
        formats: &["N6"] },
    // Third-country makers: never imported in this world.
    Real { code: "STAR", name: "Star Bonifacio Echeverría", aliases: "STAR;STAR ECHEVERRIA", country: "ES", role: MAN, state: None, share: 2.0, channel: C::Third,
        models: &[("MODELO B SUPER", k::P38S, 0), ("MEGASTAR", k::P45, 0), ("FIRESTAR", k::P9, 0)],
        formats: &["N7"] },
    Real { code: "LLAMA", name: "Gabilondo y Cía", aliases: "LLAMA;GABILONDO", country: "ES", role: MAN, state: None, share: 1.5, channel: C::Third,
        models: &[("LLAMA III-A", k::P380, 0), ("LLAMA MAX-I", k::P45, 0), ("LLAMA XI", k::P38S, 0)],
        formats: &["\"A N6"] },
    Real { code: "ASTRA", name: "Astra Unceta y Cía", aliases: "ASTRA;UNCETA", country: "ES", role: MAN, state: None, share: 1.0, channel: C::Third,
        models: &[("A-100", k::P9, 0), ("CADIX", k::R38, 0), ("CONSTABLE", k::P380, 0)],
        formats: &["N7"] },
    Real { code: "NORINCO", name: "China North Industries", aliases: "NORINCO;CHINA NORTH INDUSTRIES CORP", country: "CN", role: MAN, state: None, share: 4.0, channel: C::Third,
        models: &[("TYPE 56", k::AK, 0), ("MAK-90", k::AK, 0), ("NP-22", k::P9, 1), ("SKS", k::AK, 0)],
        formats: &["N8", "\"N N7"] },
    Real { code: "BERNARDELLI", name: "Vincenzo Bernardelli", aliases: "BERNARDELLI", country: "IT", role: MAN, state: None, share: 1.0, channel: C::Third,
        models: &[("P. ONE", k::P9, 0), ("MODELLO 60", k::P380, 0)],
        formats: &["\"R N6"] },
    Real { code: "PIETTA", name: "Fratelli Pietta", aliases: "PIETTA;F.LLI PIETTA", country: "IT", role: MAN, state: None, share: 0.5, channel: C::Third,
        models: &[("1873 SA", k::R44, 0), ("1873 .38", k::R38, 0)],
        formats: &["\"P N5"] },
    Real { code: "HK", name: "Heckler & Koch", aliases: "HK;H&K;HECKLER AND KOCH;HECKLER & KOCH GMBH", country: "DE", role: MAN, state: None, share: 1.5, channel: C::Third,
        models: &[("G3", k::L308, 0), ("MP5", k::SMG9, 0), ("USP", k::P9, 1), ("HK33", k::AR, 0)],
        formats: &["N6", "\"24- N6"] },
    Real { code: "ROHM", name: "Röhm GmbH", aliases: "ROHM;RG", country: "DE", role: MAN, state: None, share: 1.0, channel: C::Third,
        models: &[("RG-14", k::R22, 0), ("RG-38", k::R38, 0)],
        formats: &["\"R N6"] },
    Real { code: "ERMA", name: "Erma-Werke", aliases: "ERMA;ERMA WERKE", country: "DE", role: MAN, state: None, share: 0.5, channel: C::Third,
        models: &[("EP 22", k::P22, 0), ("KGP 68", k::P380, 0)],
        formats: &["N6"] },
    Real { code: "IZHMASH", name: "Izhmash", aliases: "IZHMASH;IZH", country: "RU", role: MAN, state: None, share: 1.0, channel: C::Third,
        models: &[("AKM", k::AK, 0), ("MAKAROV", k::P380, 1)],
        formats: &["\"EK N6", "\"TE N4"] },
    Real { code: "IMI", name: "Israel Military Industries", aliases: "IMI;ISRAEL MILITARY IND", country: "IL", role: MAN, state: None, share: 0.8, channel: C::Third,
        models: &[("UZI", k::SMG9, 0), ("GALIL", k::AR, 1), ("JERICHO 941", k::P9, 2)],
        formats: &["\"UA N5", "N7", "\"J N6"] },
    // Listed makers that made nothing in this world (defunct before 2009).
    Real { code: "IVERJOHNSON", name: "Iver Johnson Arms", aliases: "IVER JOHNSON", country: "US", role: MAN, state: None, share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "HR", name: "Harrington & Richardson", aliases: "H&R;HARRINGTON AND RICHARDSON", country: "US", role: MAN, state: None, share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "LORCIN", name: "Lorcin Engineering", aliases: "LORCIN", country: "US", role: MAN, state: None, share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "JENNINGS", name: "Jennings Firearms", aliases: "JENNINGS", country: "US", role: MAN, state: None, share: 0.0, channel: C::None, models: &[], formats: &[] },
    Real { code: "DAVIS", name: "Davis Industries", aliases: "DAVIS", country: "US", role: MAN, state: None, share: 0.0, channel: C::None, models: &[], formats: &[] },
];

/// Shares (percent of traced guns) of the generated long tail, by channel.
const TAIL_US_SHARE: f64 = 21.5;
const TAIL_IMPORTED_SHARE: f64 = 0.6;
const TAIL_THIRD_SHARE: f64 = 2.6;
const TAIL_US: usize = 780;
const TAIL_IMPORTED: usize = 15;
const TAIL_THIRD: usize = 45;

static SYLLABLES: &[&str] = &[
    "ka", "ro", "van", "del", "mar", "tor", "ber", "lin", "sa", "ven", "quin", "dor", "mel", "tas",
    "ric", "hal", "bro", "wen", "cor", "ish", "tal", "nor", "vik", "mon", "tre", "gar", "lo",
    "den", "fal", "kor", "ran", "sel", "tu", "vo", "zen", "har", "pel", "dru", "mak", "sto",
];

static US_SUFFIXES: &[&str] = &[
    "Arms",
    "Firearms",
    "Armory",
    "Rifle Co",
    "Defense",
    "Precision",
    "Manufacturing",
    "Tactical",
    "Gun Works",
];

static FOREIGN: &[(&str, &str)] = &[
    ("IT", "Armi"),
    ("DE", "Waffen"),
    ("ES", "Armas"),
    ("BR", "Armas"),
    ("TR", "Silah"),
    ("CZ", "Zbrojovka"),
    ("PH", "Arms Corp"),
    ("AR", "Armas"),
    ("CN", "Industries"),
];

static TAIL_FORMATS: &[&str] = &[
    "L2 N5",
    "L3 N4",
    "N7",
    "N6",
    "\"00 N5",
    "L1 N6",
    "N3 \"- D4",
    "L2 \"- N5",
    "N2 L2 D4",
    "L4 N3",
    "\"000 N4",
];

/// Builds the makers table, the populations and the fitted joint (population, kind) draws.
pub fn build(rng: &mut SmallRng) -> Makers {
    let mut makers = Vec::new();
    let mut pops = Vec::new();
    let mut defunct = Vec::new();
    let mut codes: HashMap<&'static str, usize> = HashMap::new();
    for (i, r) in REAL.iter().enumerate() {
        codes.insert(r.code, i);
        let formats: Vec<Format> = r
            .formats
            .iter()
            .enumerate()
            .map(|(j, f)| format(f, (i * 31 + j) as u64 + 1))
            .collect();
        let shared = matches!(r.channel, C::ImportedAndThird(..));
        makers.push(Maker {
            code: r.code.to_string(),
            name: r.name.to_string(),
            aliases: r.aliases.split(';').map(str::to_string).collect(),
            country: r.country,
            role: r.role,
            state: r.state,
            licensee: None,
            models: r
                .models
                .iter()
                .map(|&(name, kind, format)| Model {
                    name: name.to_string(),
                    kind,
                    format,
                })
                .collect(),
            formats,
            overflow: format(
                if shared { "A3 A2 D6" } else { "L3 L2 D6" },
                i as u64 + 1000,
            ),
            spellings: Vec::new(),
        });
    }
    for (i, r) in REAL.iter().enumerate() {
        let importer = |code: &str| codes.get(code).copied().unwrap_or_default();
        match r.channel {
            C::UsMade => pops.push(pop(i, Channel::UsMade, r.share, None)),
            C::Imported(imp) => pops.push(pop(
                i,
                Channel::Imported {
                    importer: importer(imp),
                },
                r.share,
                None,
            )),
            C::ImportedAndThird(imp, third_share, third_format) => {
                pops.push(pop(
                    i,
                    Channel::Imported {
                        importer: importer(imp),
                    },
                    r.share,
                    None,
                ));
                pops.push(pop(
                    i,
                    Channel::ThirdCountry,
                    third_share,
                    Some(third_format),
                ));
            }
            C::Third => pops.push(pop(i, Channel::ThirdCountry, r.share, None)),
            C::None if r.role == Role::Manufacturer => defunct.push(i),
            C::None => {}
        }
    }
    let kinds = kinds();
    add_long_tail(rng, &mut makers, &mut pops, &kinds);
    for m in &mut makers {
        m.spellings = spellings(m);
    }
    let by_name = name_index(&makers);
    let (books, books_w) = fit(&makers, &pops, &kinds, Population::in_books);
    let (third, third_w) = fit(&makers, &pops, &kinds, |p| !p.in_books());
    let total: f64 = pops.iter().map(|p| p.weight).sum();
    let third_share = pops
        .iter()
        .filter(|p| !p.in_books())
        .map(|p| p.weight)
        .sum::<f64>()
        / total;
    Makers {
        makers,
        kinds,
        pops,
        books,
        books_w,
        third,
        third_w,
        third_share,
        defunct,
        by_name,
    }
}

fn pop(maker: usize, channel: Channel, weight: f64, format: Option<usize>) -> Population {
    Population {
        maker,
        channel,
        weight,
        format,
    }
}

/// Generated makers, Zipf-weighted within each channel, with made-up names built from syllables
/// (so that none is a real maker's name or alias).
fn add_long_tail(
    rng: &mut SmallRng,
    makers: &mut Vec<Maker>,
    pops: &mut Vec<Population>,
    kinds: &[Kind],
) {
    let mut taken: HashSet<String> = makers
        .iter()
        .flat_map(|m| std::iter::once(&m.name).chain(&m.aliases))
        .map(|n| normalize(n))
        .chain(makers.iter().map(|m| m.code.clone()))
        .chain(reference_spellings())
        .collect();
    let importers: Vec<usize> = (0..makers.len())
        .filter(|&i| makers[i].role == Role::Importer)
        .collect();
    let kind_w = Weighted::new(kinds.iter().map(|k| k.share));
    let groups = [
        (TAIL_US, TAIL_US_SHARE, 0u8),
        (TAIL_IMPORTED, TAIL_IMPORTED_SHARE, 1),
        (TAIL_THIRD, TAIL_THIRD_SHARE, 2),
    ];
    for (count, share, group) in groups {
        let zipf: Vec<f64> = (0..count).map(|r| 1.0 / (r as f64 + 4.0)).collect();
        let total: f64 = zipf.iter().sum();
        for z in zipf {
            let word = loop {
                let n = rng.gen_range(2..=3);
                let w: String = (0..n).map(|_| pick(rng, SYLLABLES)).collect();
                let mut c = w.chars();
                let word = c
                    .next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default();
                if word.len() >= 5 && !taken.contains(&normalize(&word)) {
                    break word;
                }
            };
            let (country, suffix) = if group == 0 {
                ("US", pick(rng, US_SUFFIXES))
            } else {
                pick(rng, FOREIGN)
            };
            let name = format!("{word} {suffix}");
            let aliases = vec![name.to_uppercase(), word.to_uppercase()];
            taken.insert(normalize(&word));
            taken.insert(normalize(&name));
            let code = word.to_uppercase();
            taken.insert(code.clone());
            let idx = makers.len();
            let n_formats = rng.gen_range(1..=2);
            let formats: Vec<Format> = (0..n_formats)
                .map(|j| format(pick(rng, TAIL_FORMATS), (idx * 31 + j) as u64 + 7))
                .collect();
            let n_models = rng.gen_range(1..=4);
            let models = (0..n_models)
                .map(|m| {
                    let kind = kind_w.sample(rng);
                    Model {
                        name: format!("{}-{}{}", &code[..2], kinds[kind].tag, m + 1),
                        kind,
                        format: rng.gen_range(0..n_formats),
                    }
                })
                .collect();
            makers.push(Maker {
                code,
                name,
                aliases,
                country,
                role: Role::Manufacturer,
                state: (group == 0).then(|| tail_state(rng)),
                licensee: None,
                models,
                formats,
                overflow: format("L3 L2 D6", idx as u64 + 1000),
                spellings: Vec::new(),
            });
            let channel = match group {
                0 => Channel::UsMade,
                1 => Channel::Imported {
                    importer: pick(rng, &importers),
                },
                _ => Channel::ThirdCountry,
            };
            pops.push(pop(idx, channel, share * z / total, None));
        }
    }
}

/// Every spelling (code, name, alias) of rastro's shipped reference makers table, normalised: a
/// resolver merges that table with `makers.csv`, so generated names must avoid all of them.
fn reference_spellings() -> impl Iterator<Item = String> {
    rastro_codes::reference_makers()
        .iter()
        .flat_map(|m| {
            [m.code, m.name]
                .into_iter()
                .chain(m.aliases.iter().copied())
        })
        .map(normalize)
}

/// Premises state of a generated US maker: spread over the country, a few in the border states.
fn tail_state(rng: &mut SmallRng) -> &'static str {
    const STATES: &[&str] = &[
        "TX", "AZ", "FL", "GA", "NV", "CO", "UT", "TN", "NC", "IL", "OH", "PA", "MN", "SC", "KS",
        "AL", "MO", "NH", "CT", "MA", "WA", "CA", "OK", "AR",
    ];
    pick(rng, STATES)
}

/// The most common spelling (first alias, upper case), then the name and every alias as listed
/// and in upper case.
fn spellings(m: &Maker) -> Vec<String> {
    let first = m.aliases.first().unwrap_or(&m.name).to_uppercase();
    let mut out = vec![first];
    for n in std::iter::once(&m.name).chain(&m.aliases) {
        for s in [n.clone(), n.to_uppercase()] {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

fn name_index(makers: &[Maker]) -> HashMap<String, Vec<usize>> {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, m) in makers.iter().enumerate() {
        for n in std::iter::once(&m.name).chain(&m.aliases) {
            let list = by_name.entry(normalize(n)).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    by_name
}

/// Iterative proportional fitting of the (population, kind) joint: rows (populations) sum to the
/// population weights, columns (kinds) to the kind shares, and only the kinds that the maker
/// makes get any weight.
fn fit(
    makers: &[Maker],
    pops: &[Population],
    kinds: &[Kind],
    keep: impl Fn(&Population) -> bool,
) -> (Vec<(usize, usize)>, Weighted) {
    let rows: Vec<usize> = (0..pops.len()).filter(|&p| keep(&pops[p])).collect();
    let mut m: Vec<Vec<f64>> = rows
        .iter()
        .map(|&p| {
            let maker = &makers[pops[p].maker];
            (0..kinds.len())
                .map(|kd| f64::from(u8::from(maker.models.iter().any(|mo| mo.kind == kd))))
                .collect()
        })
        .collect();
    let row_target: Vec<f64> = rows.iter().map(|&p| pops[p].weight).collect();
    let total: f64 = row_target.iter().sum();
    let kind_total: f64 = kinds.iter().map(|k| k.share).sum();
    let col_target: Vec<f64> = kinds.iter().map(|k| k.share / kind_total * total).collect();
    for _ in 0..60 {
        for (r, row) in m.iter_mut().enumerate() {
            let s: f64 = row.iter().sum();
            if s > 0.0 {
                row.iter_mut().for_each(|x| *x *= row_target[r] / s);
            }
        }
        for (c, &target) in col_target.iter().enumerate() {
            let s: f64 = m.iter().map(|row| row[c]).sum();
            if s > 0.0 {
                m.iter_mut().for_each(|row| row[c] *= target / s);
            }
        }
    }
    let mut cells = Vec::new();
    let mut weights = Vec::new();
    for (r, row) in m.iter().enumerate() {
        for (c, &w) in row.iter().enumerate() {
            if w > 0.0 {
                cells.push((rows[r], c));
                weights.push(w);
            }
        }
    }
    (cells, Weighted::new(weights))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::stream;

    #[test]
    fn names_and_aliases_are_unambiguous() {
        let m = build(&mut stream(1, 1));
        for (name, list) in &m.by_name {
            assert_eq!(list.len(), 1, "{name} names several makers");
        }
        let codes: HashSet<&str> = m.makers.iter().map(|x| x.code.as_str()).collect();
        assert_eq!(codes.len(), m.makers.len());
        assert!(
            m.makers.len() > 850 && m.makers.len() < 950,
            "{}",
            m.makers.len()
        );
    }

    /// A name that both this table and rastro's reference table know must mean the same kind of
    /// maker in both (same country and role), or origin0 would differ between them.
    #[test]
    fn spellings_agree_with_the_reference_table() {
        let m = build(&mut stream(1, 1));
        for mk in &m.makers {
            for s in &mk.spellings {
                if let Some(r) = rastro_codes::find_reference_maker(s) {
                    let same_kind = r.country.code() == mk.country
                        && (r.role == rastro_codes::MakerRole::Importer)
                            == (mk.role == Role::Importer);
                    assert!(
                        r.code == mk.code || same_kind,
                        "{s}: {} vs {}",
                        r.code,
                        mk.code
                    );
                }
            }
        }
    }

    #[test]
    fn every_model_format_exists() {
        let m = build(&mut stream(1, 1));
        for mk in &m.makers {
            for mo in &mk.models {
                assert!(mo.format < mk.formats.len(), "{} {}", mk.code, mo.name);
            }
        }
        for p in &m.pops {
            if let Some(f) = p.format {
                assert!(f < m.makers[p.maker].formats.len());
            }
        }
    }
}

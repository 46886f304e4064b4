//! Firearm types and calibers, with the spellings that books and requests use, and the target mix
//! of (type, caliber) "kinds" for traced guns (calibration §1.4–1.5).

use rand::rngs::SmallRng;
use rand::Rng;

use crate::dist::pick;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FType {
    Pistol,
    Revolver,
    Rifle,
    Shotgun,
    SubmachineGun,
    Receiver,
    Derringer,
}

impl FType {
    /// The type as an English book or request writes it.
    pub fn english(self) -> &'static str {
        match self {
            FType::Pistol => "PISTOL",
            FType::Revolver => "REVOLVER",
            FType::Rifle => "RIFLE",
            FType::Shotgun => "SHOTGUN",
            FType::SubmachineGun => "SUBMACHINE GUN",
            FType::Receiver => "RECEIVER",
            FType::Derringer => "DERRINGER",
        }
    }

    /// The type as a Spanish request writes it (`FUSIL` for most rifles).
    pub fn spanish(self, rng: &mut SmallRng) -> &'static str {
        match self {
            FType::Pistol => "PISTOLA",
            FType::Revolver => {
                if rng.gen_bool(0.7) {
                    "REVÓLVER"
                } else {
                    "REVOLVER"
                }
            }
            FType::Rifle => {
                if rng.gen_bool(0.7) {
                    "FUSIL"
                } else {
                    "RIFLE"
                }
            }
            FType::Shotgun => "ESCOPETA",
            FType::SubmachineGun => "SUBAMETRALLADORA",
            FType::Receiver => "RECEPTOR",
            FType::Derringer => "DERRINGER",
        }
    }
}

/// A caliber: its canonical spelling, then the variant notations seen in books and seizure reports.
pub struct Caliber {
    pub canonical: &'static str,
    pub variants: &'static [&'static str],
}

pub static CALIBERS: &[Caliber] = &[
    Caliber {
        canonical: "9MM",
        variants: &[
            "9 MM",
            "9mm Luger",
            "9X19",
            "9 MM LUGER",
            "9mm Parabellum",
            "9MM LUGER",
        ],
    },
    Caliber {
        canonical: ".38 SUPER",
        variants: &["38 SUPER", "38 súper", ".38 SUPER AUTO", ".38 SÚPER"],
    },
    Caliber {
        canonical: ".380",
        variants: &["380 ACP", ".380 AUTO", "380", ".380 ACP"],
    },
    Caliber {
        canonical: ".45 ACP",
        variants: &[".45", "45 AUTO", ".45 AUTO", "45 ACP"],
    },
    Caliber {
        canonical: ".40 S&W",
        variants: &[".40", "40 SW", "40 S&W", ".40 SW"],
    },
    Caliber {
        canonical: ".22 LR",
        variants: &[".22", "22 L.R.", "22LR", ".22 L.R."],
    },
    Caliber {
        canonical: "5.7X28",
        variants: &["5.7x28mm", "57×28", "5.7 X 28", "5.7X28MM"],
    },
    Caliber {
        canonical: ".25 ACP",
        variants: &[".25", "25 AUTO", "6.35MM"],
    },
    Caliber {
        canonical: "10MM",
        variants: &["10 MM", "10MM AUTO"],
    },
    Caliber {
        canonical: ".32 ACP",
        variants: &[".32", "32 AUTO", "7.65MM"],
    },
    Caliber {
        canonical: ".38 SPL",
        variants: &[".38 SPECIAL", "38 ESPECIAL", ".38", "38 SPL"],
    },
    Caliber {
        canonical: ".357 MAG",
        variants: &[".357", "357 MAGNUM", ".357 MAGNUM"],
    },
    Caliber {
        canonical: ".44 MAG",
        variants: &[".44", "44 MAGNUM", ".44 MAGNUM"],
    },
    Caliber {
        canonical: "7.62X39",
        variants: &[
            "7.62x39mm",
            "7,62 X 39 MM",
            "7.62 X 39",
            "7.62×39",
            "7.62X39MM",
        ],
    },
    Caliber {
        canonical: ".223",
        variants: &[".223 REM", "223", "5.56", "5.56X45", "5.56 NATO", ".223 mm"],
    },
    Caliber {
        canonical: ".50 BMG",
        variants: &[".50", "50 BMG", "CALIBRE 50", ".50 CAL"],
    },
    Caliber {
        canonical: ".30-06",
        variants: &["30-06", "3006", ".30-06 SPRG"],
    },
    Caliber {
        canonical: ".308",
        variants: &["308 WIN", "7.62X51", ".308 WIN", "7.62 X 51"],
    },
    Caliber {
        canonical: ".30-30",
        variants: &["30-30 WIN", "30-30", ".30-30 WIN"],
    },
    Caliber {
        canonical: "12 GA",
        variants: &["12", "CAL. 12", "12 GAUGE", "12GA"],
    },
    Caliber {
        canonical: "20 GA",
        variants: &["20", "20 GAUGE", "20GA"],
    },
    Caliber {
        canonical: ".410",
        variants: &["410", ".410 GA", "410 BORE"],
    },
    Caliber {
        canonical: "16 GA",
        variants: &["16", "16 GAUGE"],
    },
];

/// Index of a caliber by its canonical spelling.
fn cal(canonical: &str) -> usize {
    CALIBERS
        .iter()
        .position(|c| c.canonical == canonical)
        .unwrap_or_default()
}

/// Spells a caliber the way a book or a request does: the canonical notation about 80% of the
/// time, otherwise one of the variants (calibration §7.D: ~20% notation variance).
pub fn spell_caliber(rng: &mut SmallRng, caliber: usize) -> &'static str {
    let c = &CALIBERS[caliber];
    if rng.gen_bool(0.8) || c.variants.is_empty() {
        c.canonical
    } else {
        pick(rng, c.variants)
    }
}

/// A (type, caliber) pair with its target share of traced guns.
pub struct Kind {
    pub ftype: FType,
    pub caliber: usize,
    pub share: f64,
    /// Short tag for generated model names.
    pub tag: &'static str,
}

/// Kind indices used by the makers table.
pub mod k {
    pub const P9: usize = 0;
    pub const P38S: usize = 1;
    pub const P380: usize = 2;
    pub const P45: usize = 3;
    pub const P40: usize = 4;
    pub const P22: usize = 5;
    pub const P57: usize = 6;
    pub const P25: usize = 7;
    pub const P10: usize = 8;
    pub const P32: usize = 9;
    pub const R38: usize = 10;
    pub const R357: usize = 11;
    pub const R22: usize = 12;
    pub const R44: usize = 13;
    pub const AK: usize = 14;
    pub const AR: usize = 15;
    pub const B50: usize = 16;
    pub const L22: usize = 17;
    pub const L3006: usize = 18;
    pub const L308: usize = 19;
    pub const L3030: usize = 20;
    pub const S12: usize = 21;
    pub const S20: usize = 22;
    pub const S410: usize = 23;
    pub const SMG9: usize = 25;
    pub const RCV: usize = 26;
    pub const DER: usize = 27;
}

/// The target mix. Shares are percentages of traced guns: pistols 50, rifles 33, revolvers 9,
/// shotguns 6, other 2 (calibration §1.4, 2022–23 split) and the §1.5 caliber table (9 mm 27%,
/// 7.62×39 14%, .223/5.56 14.5%, .38 Super 5%, ...).
pub fn kinds() -> Vec<Kind> {
    use FType::*;
    let kind = |ftype, caliber: &str, share, tag| Kind {
        ftype,
        caliber: cal(caliber),
        share,
        tag,
    };
    vec![
        kind(Pistol, "9MM", 26.0, "9"),
        kind(Pistol, ".38 SUPER", 5.0, "38S"),
        kind(Pistol, ".380", 5.0, "380"),
        kind(Pistol, ".45 ACP", 4.0, "45"),
        kind(Pistol, ".40 S&W", 4.0, "40"),
        kind(Pistol, ".22 LR", 2.0, "22P"),
        kind(Pistol, "5.7X28", 1.0, "57"),
        kind(Pistol, ".25 ACP", 1.0, "25"),
        kind(Pistol, "10MM", 0.5, "10"),
        kind(Pistol, ".32 ACP", 1.5, "32"),
        kind(Revolver, ".38 SPL", 5.0, "38R"),
        kind(Revolver, ".357 MAG", 3.0, "357"),
        kind(Revolver, ".22 LR", 0.5, "22R"),
        kind(Revolver, ".44 MAG", 0.5, "44"),
        kind(Rifle, "7.62X39", 14.0, "47"),
        kind(Rifle, ".223", 14.0, "15"),
        kind(Rifle, ".50 BMG", 0.5, "50"),
        kind(Rifle, ".22 LR", 1.5, "22L"),
        kind(Rifle, ".30-06", 1.0, "06"),
        kind(Rifle, ".308", 1.5, "308"),
        kind(Rifle, ".30-30", 0.5, "30"),
        kind(Shotgun, "12 GA", 4.0, "12"),
        kind(Shotgun, "20 GA", 1.0, "20"),
        kind(Shotgun, ".410", 0.5, "410"),
        kind(Shotgun, "16 GA", 0.5, "16"),
        kind(SubmachineGun, "9MM", 1.0, "SM"),
        kind(Receiver, ".223", 0.5, "LR"),
        kind(Derringer, ".38 SPL", 0.5, "DR"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use rastro_codes::{Caliber as CodeCaliber, FirearmType};

    /// Every notation a book or request writes reads, in rastro's code tables, as a caliber that
    /// agrees with the canonical one (the looser matching drops candidates whose caliber
    /// contradicts the request's).
    #[test]
    fn caliber_notations_agree_in_the_code_tables() {
        let mut bad = Vec::new();
        for c in CALIBERS {
            let canonical = CodeCaliber::parse(c.canonical);
            for v in c.variants {
                let parsed = CodeCaliber::parse(v);
                let agrees = match (canonical, parsed) {
                    (Some(a), Some(b)) => a == b || a.compatible(b),
                    _ => false,
                };
                if !agrees {
                    bad.push(format!(
                        "{} / {v}: {canonical:?} vs {parsed:?}",
                        c.canonical
                    ));
                }
            }
        }
        assert!(bad.is_empty(), "{bad:#?}");
    }

    #[test]
    fn type_spellings_read_as_their_type() {
        let mut rng = crate::dist::stream(1, 9);
        for t in [
            FType::Pistol,
            FType::Revolver,
            FType::Rifle,
            FType::Shotgun,
            FType::SubmachineGun,
            FType::Receiver,
            FType::Derringer,
        ] {
            let en = FirearmType::parse(t.english());
            assert!(en.is_some(), "{}", t.english());
            for _ in 0..10 {
                let es = t.spanish(&mut rng);
                assert_eq!(FirearmType::parse(es), en, "{es}");
            }
        }
    }
}

//! Calibers: one canonical table, and a reader for the many ways books and seizure reports
//! write them (`7.62X39`, `7,62 x 39 mm`, `cal. 7.62×39`; `.223 mm`; `38 súper`; `3006`).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lang::Lang;
use crate::serde_code::serde_via_code;
use crate::text::fold_letters;

/// Defines the `Caliber` enum with, per variant, its code, its label and the extra spellings
/// accepted by [`Caliber::parse`]. Spellings are written naturally; they go through the same
/// normalisation as the input, so `"9 MM KURZ"` here matches `9mm kurz` there.
macro_rules! calibers {
    ($( $(#[doc = $doc:literal])* $var:ident = $code:literal, $label:literal, [$($alias:literal),* $(,)?]; )*) => {
        /// A caliber (or gauge) from rastro's canonical table.
        ///
        /// Besides specific calibers the table has a few "unspecified" families (`.22`, `.32`,
        /// `.38`, `.44`, `.45`, `7.62`): books and reports often write only the number, and
        /// reading `.38` as either `.38 Special` or `.38 Super` would be a guess. A family is
        /// [`compatible`](Caliber::compatible) with each of its members.
        ///
        /// Serialised as its [`code`](Caliber::code).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Caliber {
            $( $(#[doc = $doc])* $var, )*
        }

        impl Caliber {
            /// Every caliber of the table.
            pub const ALL: &'static [Caliber] = &[$(Caliber::$var),*];

            /// The stable canonical code (`9X19`, `7.62X39`, `5.56X45`, `.38SUPER`, `12GA`).
            pub const fn code(self) -> &'static str {
                match self { $(Caliber::$var => $code,)* }
            }

            /// The display label (`9x19 mm`, `.38 Super`, `12 gauge`); parses back to `self`.
            pub const fn label(self) -> &'static str {
                match self { $(Caliber::$var => $label,)* }
            }

            /// Spellings accepted besides the code and the labels.
            const fn aliases(self) -> &'static [&'static str] {
                match self { $(Caliber::$var => &[$($alias),*],)* }
            }
        }
    };
}

calibers! {
    /// .17 Hornady Magnum Rimfire.
    Hmr17 = ".17HMR", ".17 HMR", ["17 HORNADY MAGNUM RIMFIRE"];
    /// .22 Long Rifle.
    Lr22 = ".22LR", ".22 LR", ["22 LONG RIFLE", "22 L.R."];
    /// .22 Winchester Magnum Rimfire.
    Wmr22 = ".22WMR", ".22 WMR", ["22 MAG", "22 MAGNUM", "22 WIN MAG", "22 WINCHESTER MAGNUM"];
    /// .22 of unspecified cartridge (LR or WMR).
    Any22 = ".22", ".22", [];
    /// .25 ACP (6.35 mm Browning).
    Acp25 = ".25ACP", ".25 ACP", ["25", "25 AUTO", "6.35", "6.35 BROWNING", "6.35X15"];
    /// .32 ACP (7.65 mm Browning).
    Acp32 = ".32ACP", ".32 ACP", ["32 AUTO", "7.65", "7.65 BROWNING", "7.65X17"];
    /// .32 S&W Long.
    SwLong32 = ".32SWL", ".32 S&W Long", ["32 S&W L", "32 LONG"];
    /// .32 of unspecified cartridge.
    Any32 = ".32", ".32", [];
    /// .380 ACP (9 mm Kurz, 9×17).
    Acp380 = ".380ACP", ".380 ACP", ["380", "380 AUTO", "9 KURZ", "9 CORTO", "9 SHORT", "9X17"];
    /// 9×18 mm Makarov.
    Mak9x18 = "9X18", "9x18 mm Makarov", ["9 MAKAROV", "9 MAK"];
    /// 9×19 mm (9 mm Luger, Parabellum): what a bare "9 mm" means.
    Luger9x19 = "9X19", "9x19 mm", ["9", "9 NATO", "9X19 NATO"];
    /// .38 Super (restricted to the military in Mexico; the narco status pistol).
    Super38 = ".38SUPER", ".38 Super", ["38 SUPER AUTO", "38 SUPER ACP"];
    /// .38 Special.
    Special38 = ".38SPL", ".38 Special", ["38 S&W SPECIAL", "38 SP", "38 ESP"];
    /// .38 S&W.
    Sw38 = ".38SW", ".38 S&W", [];
    /// .38 of unspecified cartridge (Special, Super, S&W).
    Any38 = ".38", ".38", [];
    /// .357 Magnum.
    Mag357 = ".357MAG", ".357 Magnum", ["357"];
    /// .357 SIG.
    Sig357 = ".357SIG", ".357 SIG", [];
    /// .40 S&W.
    Sw40 = ".40SW", ".40 S&W", ["40", "40 SMITH & WESSON", "40 SMITH AND WESSON"];
    /// 10 mm Auto.
    Auto10mm = "10MM", "10 mm Auto", ["10 AUTO"];
    /// .44 Magnum.
    Mag44 = ".44MAG", ".44 Magnum", ["44 REM MAG", "44 REMINGTON MAGNUM"];
    /// .44 Special.
    Special44 = ".44SPL", ".44 Special", ["44 S&W SPECIAL"];
    /// .44 of unspecified cartridge.
    Any44 = ".44", ".44", [];
    /// .45 ACP.
    Acp45 = ".45ACP", ".45 ACP", ["45 AUTO", "11.43", "11.43X23"];
    /// .45 Colt (Long Colt).
    Colt45 = ".45COLT", ".45 Colt", ["45 LC", "45 LONG COLT", "45 L.C."];
    /// .45-70 Government.
    Govt45_70 = ".45-70", ".45-70 Government", ["45-70 GOVT"];
    /// .45 of unspecified cartridge.
    Any45 = ".45", ".45", [];
    /// .50 Action Express.
    Ae50 = ".50AE", ".50 AE", ["50 ACTION EXPRESS"];
    /// 5.7×28 mm (FN Five-seveN, P90).
    Fn5_7x28 = "5.7X28", "5.7x28 mm", ["57X28", "5.7"];
    /// 7.62×25 mm Tokarev.
    Tok7_62x25 = "7.62X25", "7.62x25 mm Tokarev", ["762X25", "7.62 TOKAREV"];
    /// .223 Remington.
    Rem223 = ".223REM", ".223 Remington", ["223", "223 REM"];
    /// 5.56×45 mm NATO.
    Nato5_56x45 = "5.56X45", "5.56x45 mm NATO", ["5.56", "556", "556X45", "5.56 NATO", "556 NATO"];
    /// 5.45×39 mm.
    Sov5_45x39 = "5.45X39", "5.45x39 mm", ["545X39", "5.45"];
    /// 7.62×39 mm (AK, "cuerno de chivo"): the most seized caliber in Mexico.
    Sov7_62x39 = "7.62X39", "7.62x39 mm", ["762X39"];
    /// 7.62×51 mm NATO.
    Nato7_62x51 = "7.62X51", "7.62x51 mm NATO", ["762X51", "7.62 NATO", "762 NATO"];
    /// 7.62×54 mmR.
    Rus7_62x54r = "7.62X54R", "7.62x54R", ["7.62X54", "762X54R", "762X54"];
    /// 7.62 mm of unspecified cartridge.
    Any7_62 = "7.62", "7.62 mm", ["762"];
    /// .308 Winchester.
    Win308 = ".308WIN", ".308 Winchester", ["308"];
    /// .30-06 Springfield.
    Spr30_06 = ".30-06", ".30-06 Springfield", ["3006", "30.06", "7.62X63"];
    /// .30 Carbine (M1).
    Carbine30 = ".30CARBINE", ".30 Carbine", ["30 CARABINA", "30 M1", "30 M1 CARBINE", "7.62X33"];
    /// .30-30 Winchester.
    Win30_30 = ".30-30", ".30-30 Winchester", ["3030", "30 WCF"];
    /// .300 AAC Blackout.
    Blk300 = ".300BLK", ".300 AAC Blackout", ["300 BLACKOUT", "300 AAC", "7.62X35"];
    /// .300 Winchester Magnum.
    Wm300 = ".300WM", ".300 Winchester Magnum", ["300 WIN MAG"];
    /// .243 Winchester.
    Win243 = ".243WIN", ".243 Winchester", ["243"];
    /// .270 Winchester.
    Win270 = ".270WIN", ".270 Winchester", ["270"];
    /// 7 mm Remington Magnum.
    Rm7mm = "7MMRM", "7 mm Remington Magnum", ["7MM REM MAG"];
    /// 6.5 mm Creedmoor.
    Cm6_5 = "6.5CM", "6.5 mm Creedmoor", [];
    /// .338 Lapua Magnum.
    Lapua338 = ".338LM", ".338 Lapua Magnum", ["338 LAPUA", "338 LAPUA MAG"];
    /// .50 BMG (12.7×99 mm; Barrett): a bare "calibre .50" in Mexican reports.
    Bmg50 = ".50BMG", ".50 BMG", ["50", "12.7X99", "12.7X99 NATO", "50 BROWNING"];
    /// 12 gauge ("calibre 12").
    Ga12 = "12GA", "12 gauge", ["12", "12/70", "12/76"];
    /// 16 gauge.
    Ga16 = "16GA", "16 gauge", ["16"];
    /// 20 gauge.
    Ga20 = "20GA", "20 gauge", ["20", "20/70", "20/76"];
    /// 28 gauge.
    Ga28 = "28GA", "28 gauge", ["28"];
    /// .410 bore.
    Bore410 = ".410", ".410 bore", ["410 GA", "36 GA"];
}

serde_via_code!(Caliber, "a caliber code such as \"9X19\"");

/// Pairs that are one cartridge under two names, or where one is fired from the other's guns;
/// a record and a request that use the two names do not contradict each other
/// (tracing-rules.md, "Consistency").
const TWINS: &[(Caliber, Caliber)] = &[
    (Caliber::Rem223, Caliber::Nato5_56x45),
    (Caliber::Special38, Caliber::Mag357),
    (Caliber::Win308, Caliber::Nato7_62x51),
    (Caliber::Special44, Caliber::Mag44),
];

impl Caliber {
    /// Reads a caliber as written in a book, a request or a seizure report.
    ///
    /// Case, accents, spaces, a decimal comma, `×`/`x`, a leading dot, `+P` and the noise words
    /// `CAL`/`CALIBRE`/`CALIBER`, `LUGER`, `PARABELLUM`, `FN`, `SPRINGFIELD` do not matter; `MM`
    /// is ignored where the number alone is unambiguous (`.223 mm`, `7.62x39mm`, `.9mm`).
    /// A spelling the table does not know is `None`: never a guess.
    ///
    /// ```
    /// use rastro_codes::Caliber;
    /// assert_eq!(Caliber::parse("7,62 X 39 MM"), Some(Caliber::Sov7_62x39));
    /// assert_eq!(Caliber::parse("38 súper"), Some(Caliber::Super38));
    /// assert_eq!(Caliber::parse("calibre 12"), Some(Caliber::Ga12));
    /// assert_eq!(Caliber::parse(".38"), Some(Caliber::Any38));
    /// assert_eq!(Caliber::parse("AK-47"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Caliber> {
        let (full, without_mm) = keys(s)?;
        let index = index();
        index.get(&full).or_else(|| index.get(&without_mm)).copied()
    }

    /// Reads exactly a [`code`](Self::code) (what serde writes).
    pub fn from_code(s: &str) -> Option<Caliber> {
        Self::ALL.iter().copied().find(|c| c.code() == s)
    }

    /// The label in the user's language: gauges are "calibre 12" in Spanish.
    pub fn label_in(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Es, Caliber::Ga12) => "calibre 12",
            (Lang::Es, Caliber::Ga16) => "calibre 16",
            (Lang::Es, Caliber::Ga20) => "calibre 20",
            (Lang::Es, Caliber::Ga28) => "calibre 28",
            (Lang::Es, Caliber::Bore410) => "calibre .410",
            _ => self.label(),
        }
    }

    /// The members of an unspecified family (`.38` → `.38 Special`, `.38 Super`...); empty for
    /// a specific caliber.
    pub const fn members(self) -> &'static [Caliber] {
        use Caliber::*;
        match self {
            Any22 => &[Lr22, Wmr22],
            Any32 => &[Acp32, SwLong32],
            Any38 => &[Special38, Super38, Sw38, Mag357],
            Any44 => &[Mag44, Special44],
            Any45 => &[Acp45, Colt45, Govt45_70],
            Any7_62 => &[
                Sov7_62x39,
                Nato7_62x51,
                Win308,
                Rus7_62x54r,
                Tok7_62x25,
                Carbine30,
                Blk300,
            ],
            _ => &[],
        }
    }

    /// An unspecified family such as `.38` rather than a specific cartridge.
    pub const fn is_family(self) -> bool {
        !self.members().is_empty()
    }

    /// Whether a record stating `other` is consistent with a request stating `self`: the same
    /// caliber, one cartridge under two names (.223/5.56×45, .308/7.62×51), a cartridge that
    /// the other's guns fire (.38 Special in a .357 Magnum, .44 Special in a .44 Magnum), or a
    /// family and one of its members. Any other pair contradicts. Symmetric.
    pub fn compatible(self, other: Caliber) -> bool {
        self == other
            || TWINS
                .iter()
                .any(|&(a, b)| (a, b) == (self, other) || (b, a) == (self, other))
            || self.members().contains(&other)
            || other.members().contains(&self)
    }
}

impl std::fmt::Display for Caliber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The longest input worth reading as a caliber.
const MAX_INPUT: usize = 64;

/// The index from normalised spelling to caliber, built once.
fn index() -> &'static HashMap<String, Caliber> {
    static INDEX: OnceLock<HashMap<String, Caliber>> = OnceLock::new();
    INDEX.get_or_init(|| build_index().0)
}

/// Builds the index from codes, labels and aliases, and lists any spelling that two calibers
/// claim (a table error, caught by a test).
fn build_index() -> (HashMap<String, Caliber>, Vec<String>) {
    let mut map = HashMap::new();
    let mut clashes = Vec::new();
    for &cal in Caliber::ALL {
        let mut add = |key: String| match map.insert(key.clone(), cal) {
            Some(prev) if prev != cal => clashes.push(format!("{key} → {prev:?} and {cal:?}")),
            _ => {}
        };
        // A label is also entered without its `mm` ("9x18 mm Makarov" → "9x18 Makarov"); an
        // alias only as written, so that `10MM` does not make a bare `10` mean 10 mm Auto.
        for label in [cal.label(), cal.label_in(Lang::Es)] {
            let (full, without_mm) = keys(label).expect("labels are not empty");
            add(full);
            add(without_mm);
        }
        for s in [cal.code()].iter().chain(cal.aliases()) {
            // Every code and alias has a key (tested), so `None` cannot happen.
            if let Some((full, _)) = keys(s) {
                add(full);
            }
        }
    }
    (map, clashes)
}

/// The two lookup keys of a spelling: its normalised tokens joined, and the same without `MM`
/// tokens. `10MM` needs the first; `.223 mm` the second.
fn keys(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    if s.is_empty() || s.len() > MAX_INPUT {
        return None;
    }
    let norm = normalize(s);
    let tokens = canonical_tokens(&norm);
    let full: String = tokens.concat();
    if full.is_empty() {
        return None;
    }
    let without_mm = tokens.iter().filter(|t| **t != "MM").copied().collect();
    Some((full, without_mm))
}

/// Upper-case ASCII letters, digits, `.` and spaces: accents folded, a decimal comma made a
/// point, `×` made `X`, `&` and apostrophes removed (`S&W` → `SW`), `+P`/`+P+` dropped, and any
/// other character a space.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        match c {
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_uppercase()),
            '.' => out.push('.'),
            ',' if prev.is_ascii_digit() && chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('.');
            }
            '×' | '*' => out.push('X'),
            '&' | '\'' | '’' => {}
            '+' => {
                // Pressure ratings (+P, +P+) say nothing about the caliber.
                if chars.next_if(|&c| c == 'P' || c == 'p').is_some() {
                    chars.next_if_eq(&'+');
                }
                out.push(' ');
            }
            c if c.is_ascii() => out.push(' '),
            c => {
                if !fold_letters(c, &mut out) {
                    out.push(' ');
                }
            }
        }
        prev = c;
    }
    out
}

/// Splits a normalised spelling into letter runs and number runs (`7.62X39MM` → `7.62`, `X`,
/// `39`, `MM`), trims stray dots, drops noise words and maps synonyms to one form.
fn canonical_tokens(norm: &str) -> Vec<&str> {
    let mut raw = Vec::new();
    for word in norm.split_ascii_whitespace() {
        split_runs(word, &mut raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let t = raw[i];
        if t == "LONG" && raw.get(i + 1) == Some(&"RIFLE") {
            out.push("LR");
            i += 2;
            continue;
        }
        if let Some(t) = synonym(t) {
            if !t.is_empty() {
                out.push(t);
            }
        }
        i += 1;
    }
    out
}

/// Splits a word where letters meet digits, trimming dots at the ends of each run.
fn split_runs<'a>(word: &'a str, out: &mut Vec<&'a str>) {
    let is_num = |b: u8| b.is_ascii_digit() || b == b'.';
    let bytes = word.as_bytes();
    let mut start = 0;
    for i in 1..=bytes.len() {
        let boundary = i == bytes.len() || is_num(bytes[i]) != is_num(bytes[i - 1]);
        if boundary {
            let run = word[start..i].trim_matches('.');
            if !run.is_empty() {
                out.push(run);
            }
            start = i;
        }
    }
}

/// The canonical form of a token: `Some("")` for noise, the synonym's form, or the token itself.
fn synonym(t: &str) -> Option<&str> {
    Some(match t {
        "CAL" | "CALS" | "CALIB" | "CALIBRE" | "CALIBER" | "CALIBRO" | "CALB" | "LUGER"
        | "PARABELLUM" | "PARA" | "FN" | "SPRINGFIELD" | "SPRG" | "SPRGFLD" | "AND" | "Y"
        | "DE" | "DEL" => "",
        "MAGNUM" | "MAGNUN" => "MAG",
        "SPECIAL" | "ESPECIAL" | "SPCL" | "ESP" | "SP" => "SPL",
        "GAUGE" | "GAGE" | "GAUGUE" | "G" => "GA",
        "WINCHESTER" => "WIN",
        "REMINGTON" => "REM",
        "BLACKOUT" => "BLK",
        "AUTOMATIC" | "AUTOMATICO" | "AUTOMATICA" => "AUTO",
        "CARBINA" | "CARABINA" => "CARBINE",
        "CORTO" | "SHORT" => "KURZ",
        "SMITH" => "S",
        "WESSON" => "W",
        "GOVERNMENT" | "GOV" => "GOVT",
        "CREEDMOOR" | "CREED" => "CM",
        "MAKAROV" => "MAK",
        "TOKAREV" => "TOK",
        _ => t,
    })
}

#[cfg(test)]
mod tests {
    use super::Caliber::{self, *};
    use super::*;

    fn check(cases: &[(&str, Caliber)]) {
        for &(s, want) in cases {
            assert_eq!(Caliber::parse(s), Some(want), "{s:?}");
        }
    }

    #[test]
    fn table_has_no_clashes() {
        for &c in Caliber::ALL {
            for s in c.aliases() {
                assert!(keys(s).is_some(), "{s:?}");
            }
        }
        let (_, clashes) = build_index();
        assert!(clashes.is_empty(), "{clashes:#?}");
        let mut codes: Vec<_> = Caliber::ALL.iter().map(|c| c.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Caliber::ALL.len());
    }

    #[test]
    fn brief_spellings() {
        check(&[
            ("7.62x39", Sov7_62x39),
            ("7,62 X 39 MM", Sov7_62x39),
            ("7.62×39", Sov7_62x39),
            ("7.62X39MM", Sov7_62x39),
            ("7.62x39mm", Sov7_62x39),
            ("cal. 7.62 x 39", Sov7_62x39),
            (".223", Rem223),
            ("223 REM", Rem223),
            (".223 mm", Rem223),
            ("calibre .223 mm", Rem223),
            ("5.56", Nato5_56x45),
            ("5.56x45", Nato5_56x45),
            ("5.56 NATO", Nato5_56x45),
            ("5,56 x 45 mm", Nato5_56x45),
            ("38 súper", Super38),
            (".38 SUPER", Super38),
            (".38 Super +P", Super38),
            ("38 SPL", Special38),
            (".38 special", Special38),
            (".38 Especial", Special38),
            (".38 SPL +P+", Special38),
            (".357 MAG", Mag357),
            (".357 Magnum", Mag357),
            ("9mm", Luger9x19),
            (".9mm", Luger9x19),
            ("calibre .9mm", Luger9x19),
            ("9 MM LUGER", Luger9x19),
            ("9x19", Luger9x19),
            ("9 MM PARABELLUM", Luger9x19),
            ("9MM", Luger9x19),
            ("9", Luger9x19),
            (".380", Acp380),
            ("380 ACP", Acp380),
            ("9MM KURZ", Acp380),
            ("9 mm corto", Acp380),
            (".45 ACP", Acp45),
            ("45 AUTO", Acp45),
            (".40 S&W", Sw40),
            ("40SW", Sw40),
            ("40 S & W", Sw40),
            (".40 Smith & Wesson", Sw40),
            ("12 GA", Ga12),
            ("CAL. 12", Ga12),
            ("12 GAUGE", Ga12),
            ("calibre 12", Ga12),
            ("12GA", Ga12),
            (".22 LR", Lr22),
            ("22LR", Lr22),
            (".22 Long Rifle", Lr22),
            (".22 L.R.", Lr22),
            ("5.7x28", Fn5_7x28),
            ("57x28", Fn5_7x28),
            ("57×28", Fn5_7x28),
            ("FN 5.7", Fn5_7x28),
            (".50 BMG", Bmg50),
            ("calibre 50", Bmg50),
            (".50", Bmg50),
            ("cal .50", Bmg50),
            ("3006", Spr30_06),
            (".30-06", Spr30_06),
            ("30-06 Springfield", Spr30_06),
            ("7.62x51", Nato7_62x51),
            (".308", Win308),
            (".308 Win", Win308),
            ("7.62 NATO", Nato7_62x51),
            (".30 carbine", Carbine30),
            (".30 M1", Carbine30),
            (".410", Bore410),
            ("20 GA", Ga20),
            (".25 ACP", Acp25),
            (".32", Any32),
            (".44 MAG", Mag44),
            ("10mm", Auto10mm),
            ("10 MM AUTO", Auto10mm),
        ]);
    }

    #[test]
    fn more_spellings() {
        check(&[
            (".38", Any38),
            ("38", Any38),
            (".45", Any45),
            (".22", Any22),
            ("7.62", Any7_62),
            ("7.62 mm", Any7_62),
            (".22 WMR", Wmr22),
            (".22 Mag", Wmr22),
            (".45 Colt", Colt45),
            (".45 LC", Colt45),
            ("45-70", Govt45_70),
            ("7.62x54R", Rus7_62x54r),
            ("7.62x25 Tokarev", Tok7_62x25),
            ("9x18 Makarov", Mak9x18),
            (".300 Blackout", Blk300),
            (".300 AAC Blackout", Blk300),
            ("6.5 Creedmoor", Cm6_5),
            (".338 Lapua Magnum", Lapua338),
            ("12.7x99", Bmg50),
            ("7.65 mm", Acp32),
            ("6.35mm", Acp25),
            ("11.43 mm", Acp45),
            ("5.45x39", Sov5_45x39),
            (".357 SIG", Sig357),
            ("12/70", Ga12),
            ("calibre 20", Ga20),
            (".410 GA", Bore410),
            ("7mm Rem Mag", Rm7mm),
            ("  .38   S.&W.  Special ", Special38),
        ]);
    }

    #[test]
    fn unknown_is_none() {
        for s in [
            "", " ", "CAL", "calibre", "mm", ".30", "10", "12.7", "7.62.39", "AK-47", "9 largo",
            "4.5 mm", "diversos", "38/357", "SIN DATO", ".17", "6.8 SPC",
        ] {
            assert_eq!(Caliber::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn codes_and_labels_round_trip() {
        for &c in Caliber::ALL {
            assert_eq!(Caliber::from_code(c.code()), Some(c));
            assert_eq!(Caliber::parse(c.code()), Some(c), "{}", c.code());
            assert_eq!(Caliber::parse(c.label()), Some(c), "{}", c.label());
            assert_eq!(
                Caliber::parse(c.label_in(Lang::Es)),
                Some(c),
                "{}",
                c.label_in(Lang::Es)
            );
        }
    }

    #[test]
    fn compatibility() {
        assert!(Rem223.compatible(Nato5_56x45) && Nato5_56x45.compatible(Rem223));
        assert!(Special38.compatible(Mag357) && Mag357.compatible(Special38));
        assert!(Win308.compatible(Nato7_62x51) && Nato7_62x51.compatible(Win308));
        assert!(Any38.compatible(Super38) && Special38.compatible(Any38));
        assert!(Any38.compatible(Mag357));
        assert!(Any7_62.compatible(Sov7_62x39) && Any7_62.compatible(Win308));
        assert!(!Super38.compatible(Special38));
        assert!(!Luger9x19.compatible(Acp380));
        assert!(!Sov7_62x39.compatible(Nato7_62x51));
        assert!(!Rem223.compatible(Win308));
        assert!(!Any38.compatible(Any45));
        assert!(!Any22.compatible(Rem223));
        for &a in Caliber::ALL {
            assert!(a.compatible(a));
            for &b in Caliber::ALL {
                assert_eq!(a.compatible(b), b.compatible(a), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn serde_is_the_code() {
        assert_eq!(Caliber::Super38.to_string(), ".38SUPER");
        assert_eq!(Caliber::from_code("7.62X39"), Some(Sov7_62x39));
        assert_eq!(Caliber::from_code("7.62x39"), None);
    }
}

//! Firearm types of the trace request form (ATF F 3312.1 and its Spanish version).

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::text::compact_key;

/// The type of a firearm, as on the trace request form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FirearmType {
    /// Pistol (semi-automatic handgun). `PISTOLA`.
    Pistol,
    /// Revolver. `REVÓLVER`.
    Revolver,
    /// Rifle or carbine. `FUSIL`, `CARABINA`.
    Rifle,
    /// Shotgun. `ESCOPETA`.
    Shotgun,
    /// Machine gun. `AMETRALLADORA`.
    MachineGun,
    /// Submachine gun. `SUBAMETRALLADORA`.
    SubmachineGun,
    /// Derringer.
    Derringer,
    /// Receiver or frame alone. `RECEPTOR`.
    Receiver,
    /// Any other firearm. `OTRO`.
    Other,
}

/// Leading words that introduce the type in Mexican seizure reports
/// ("arma de fuego tipo pistola"), compared compactly.
const PREFIXES: [&str; 4] = ["ARMADEFUEGOTIPO", "ARMADEFUEGO", "ARMATIPO", "TIPO"];

impl FirearmType {
    /// Every type, in form order.
    pub const ALL: [FirearmType; 9] = [
        FirearmType::Pistol,
        FirearmType::Revolver,
        FirearmType::Rifle,
        FirearmType::Shotgun,
        FirearmType::MachineGun,
        FirearmType::SubmachineGun,
        FirearmType::Derringer,
        FirearmType::Receiver,
        FirearmType::Other,
    ];

    /// The stable code: `PISTOL`, `REVOLVER`, `RIFLE`, `SHOTGUN`, `MACHINE_GUN`,
    /// `SUBMACHINE_GUN`, `DERRINGER`, `RECEIVER`, `OTHER` (also its serde form).
    pub const fn code(self) -> &'static str {
        match self {
            FirearmType::Pistol => "PISTOL",
            FirearmType::Revolver => "REVOLVER",
            FirearmType::Rifle => "RIFLE",
            FirearmType::Shotgun => "SHOTGUN",
            FirearmType::MachineGun => "MACHINE_GUN",
            FirearmType::SubmachineGun => "SUBMACHINE_GUN",
            FirearmType::Derringer => "DERRINGER",
            FirearmType::Receiver => "RECEIVER",
            FirearmType::Other => "OTHER",
        }
    }

    /// The name shown to a user.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FirearmType::Pistol, Lang::En) => "Pistol",
            (FirearmType::Pistol, Lang::Es) => "Pistola",
            (FirearmType::Revolver, Lang::En) => "Revolver",
            (FirearmType::Revolver, Lang::Es) => "Revólver",
            (FirearmType::Rifle, _) => "Rifle",
            (FirearmType::Shotgun, Lang::En) => "Shotgun",
            (FirearmType::Shotgun, Lang::Es) => "Escopeta",
            (FirearmType::MachineGun, Lang::En) => "Machine gun",
            (FirearmType::MachineGun, Lang::Es) => "Ametralladora",
            (FirearmType::SubmachineGun, Lang::En) => "Submachine gun",
            (FirearmType::SubmachineGun, Lang::Es) => "Subametralladora",
            (FirearmType::Derringer, _) => "Derringer",
            (FirearmType::Receiver, Lang::En) => "Receiver",
            (FirearmType::Receiver, Lang::Es) => "Receptor",
            (FirearmType::Other, Lang::En) => "Other",
            (FirearmType::Other, Lang::Es) => "Otro",
        }
    }

    /// Reads a type in English or Spanish, any case, with or without accents or the
    /// "arma de fuego tipo" lead-in: `PISTOL`/`PISTOLA`, `REVÓLVER`, `FUSIL`, `CARABINA`,
    /// `ESCOPETA`, `MACHINE GUN`, `SUBAMETRALLADORA`, `RECEPTOR`, `OTRO`...
    ///
    /// Classes that span types (`ARMA CORTA`, `HANDGUN`, `ARMA LARGA`) are `None`: which type
    /// they are is not known, and a guess could wrongly rule out a candidate.
    pub fn parse(s: &str) -> Option<FirearmType> {
        let key = compact_key(s)?;
        let mut rest = key.as_str();
        if let Some(p) = PREFIXES
            .iter()
            .find(|p| rest.starts_with(*p) && rest.len() > p.len())
        {
            rest = &rest[p.len()..];
        }
        Self::from_compact(rest)
    }

    fn from_compact(key: &str) -> Option<FirearmType> {
        use FirearmType::*;
        Some(match key {
            "PISTOL"
            | "PISTOLA"
            | "SEMIAUTOPISTOL"
            | "SEMIAUTOMATICPISTOL"
            | "PISTOLASEMIAUTOMATICA" => Pistol,
            "REVOLVER" => Revolver,
            "RIFLE" | "FUSIL" | "CARBINE" | "CARABINA" | "ASSAULTRIFLE" | "RIFLEDEASALTO"
            | "FUSILDEASALTO" | "CUERNODECHIVO" => Rifle,
            "SHOTGUN" | "ESCOPETA" => Shotgun,
            "MACHINEGUN" | "AMETRALLADORA" => MachineGun,
            "SUBMACHINEGUN"
            | "SMG"
            | "SUBAMETRALLADORA"
            | "SUBFUSIL"
            | "PISTOLAAMETRALLADORA"
            | "MACHINEPISTOL" => SubmachineGun,
            "DERRINGER" => Derringer,
            "RECEIVER" | "RECEPTOR" | "FRAME" | "RECEIVERFRAME" | "FRAMERECEIVER"
            | "LOWERRECEIVER" | "ARMAZON" | "RECEPTORINFERIOR" => Receiver,
            "OTHER" | "OTRO" | "OTRA" => Other,
            _ => return None,
        })
    }

    /// Reads exactly a [`code`](Self::code) (what serde writes).
    pub fn from_code(s: &str) -> Option<FirearmType> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }

    /// Pistols, revolvers and derringers: the "arma corta" class of Mexican statistics.
    pub const fn is_handgun(self) -> bool {
        matches!(
            self,
            FirearmType::Pistol | FirearmType::Revolver | FirearmType::Derringer
        )
    }

    /// Rifles and shotgun: the "arma larga" class.
    pub const fn is_long_gun(self) -> bool {
        matches!(self, FirearmType::Rifle | FirearmType::Shotgun)
    }
}

impl std::fmt::Display for FirearmType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::FirearmType::{self, *};
    use crate::Lang;

    #[test]
    fn both_languages() {
        let cases = [
            ("PISTOL", Pistol),
            ("PISTOLA", Pistol),
            ("pistola", Pistol),
            ("REVOLVER", Revolver),
            ("REVÓLVER", Revolver),
            ("revólver", Revolver),
            ("RIFLE", Rifle),
            ("FUSIL", Rifle),
            ("CARABINA", Rifle),
            ("Carbine", Rifle),
            ("SHOTGUN", Shotgun),
            ("ESCOPETA", Shotgun),
            ("MACHINE GUN", MachineGun),
            ("MACHINE_GUN", MachineGun),
            ("machinegun", MachineGun),
            ("AMETRALLADORA", MachineGun),
            ("SUBMACHINE GUN", SubmachineGun),
            ("SUB-MACHINE GUN", SubmachineGun),
            ("SUBAMETRALLADORA", SubmachineGun),
            ("DERRINGER", Derringer),
            ("RECEIVER", Receiver),
            ("RECEPTOR", Receiver),
            ("RECEIVER/FRAME", Receiver),
            ("OTHER", Other),
            ("OTRO", Other),
            ("arma de fuego tipo pistola", Pistol),
            ("Arma tipo fusil", Rifle),
        ];
        for (s, t) in cases {
            assert_eq!(FirearmType::parse(s), Some(t), "{s:?}");
        }
    }

    #[test]
    fn ambiguous_or_unknown() {
        for s in [
            "ARMA CORTA",
            "arma larga",
            "HANDGUN",
            "",
            "TIPO",
            "ARMA",
            "AK-47",
            "pistolas",
        ] {
            assert_eq!(FirearmType::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn codes_and_labels_round_trip() {
        for t in FirearmType::ALL {
            assert_eq!(FirearmType::from_code(t.code()), Some(t));
            assert_eq!(FirearmType::parse(t.code()), Some(t));
            assert_eq!(FirearmType::parse(t.label(Lang::En)), Some(t));
            assert_eq!(FirearmType::parse(t.label(Lang::Es)), Some(t));
        }
    }

    #[test]
    fn classes() {
        assert!(Pistol.is_handgun() && Revolver.is_handgun() && Derringer.is_handgun());
        assert!(!Rifle.is_handgun() && Rifle.is_long_gun() && Shotgun.is_long_gun());
        assert!(!Receiver.is_handgun() && !Receiver.is_long_gun());
    }
}

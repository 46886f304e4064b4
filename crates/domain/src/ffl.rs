//! Federal firearms licence numbers and licence types.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// Why a text is not an FFL number.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("«{0}» is not an FFL number (expected REGN-DIST-CNTY-TYPE-XPRDTE-SEQN, e.g. 5-74-029-01-5K-01234)")]
pub struct FflParseError(pub String);

/// A licence number `REGN-DIST-CNTY-TYPE-XPRDTE-SEQN`: region 1 digit, district 2 digits,
/// county 3 digits, type 2 digits, expiry 2 characters, sequence 5 digits.
///
/// Stored in its dashed canonical form, so equal licences compare equal however they were written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FflNumber(String);

const PART_LENGTHS: [usize; 6] = [1, 2, 3, 2, 2, 5];

impl FflNumber {
    /// Parses an FFL number written with or without dashes (spaces around it are ignored).
    pub fn parse(text: &str) -> Result<Self, FflParseError> {
        let error = || FflParseError(text.to_string());
        let trimmed = text.trim();
        // Runs for every FFL cell of every A&D row: bytes, no intermediate strings.
        let compact: Vec<u8> = trimmed
            .bytes()
            .filter(|b| *b != b'-' && *b != b' ')
            .map(|b| b.to_ascii_uppercase())
            .collect();
        if compact.len() != 15 {
            return Err(error());
        }
        let mut canonical = String::with_capacity(20);
        let mut start = 0;
        for (index, len) in PART_LENGTHS.into_iter().enumerate() {
            let part = &compact[start..start + len];
            let expiry = index == 4;
            let valid = if expiry {
                part.iter().all(u8::is_ascii_alphanumeric)
            } else {
                part.iter().all(u8::is_ascii_digit)
            };
            if !valid {
                return Err(error());
            }
            if index > 0 {
                canonical.push('-');
            }
            // Checked ASCII above.
            canonical.extend(part.iter().map(|&b| b as char));
            start += len;
        }
        if trimmed.contains('-') && !dashes_in_place(trimmed) {
            return Err(error());
        }
        Ok(FflNumber(canonical))
    }

    /// Builds the number from the columns of ATF's listing.
    pub fn from_parts(parts: [&str; 6]) -> Result<Self, FflParseError> {
        Self::parse(&parts.join("-"))
    }

    /// The canonical dashed form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The licence type (`01`, `07`, …) embedded in the number.
    pub fn licence_type(&self) -> LicenceType {
        LicenceType::from_code(&self.0[9..11])
    }
}

/// A number written with dashes must have them between the parts, not anywhere.
fn dashes_in_place(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').map(str::trim).collect();
    parts.len() == 6
        && parts
            .iter()
            .zip(PART_LENGTHS)
            .all(|(part, len)| part.len() == len)
}

impl fmt::Display for FflNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The licence types of ATF's listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LicenceType {
    Dealer,
    Pawnbroker,
    Collector,
    AmmunitionManufacturer,
    Manufacturer,
    Importer,
    DestructiveDeviceDealer,
    DestructiveDeviceManufacturer,
    DestructiveDeviceImporter,
    Other,
}

impl LicenceType {
    /// From the two-digit code (`01` … `11`); an unknown code is `Other`.
    pub fn from_code(code: &str) -> Self {
        match code.trim() {
            "01" | "1" => Self::Dealer,
            "02" | "2" => Self::Pawnbroker,
            "03" | "3" => Self::Collector,
            "06" | "6" => Self::AmmunitionManufacturer,
            "07" | "7" => Self::Manufacturer,
            "08" | "8" => Self::Importer,
            "09" | "9" => Self::DestructiveDeviceDealer,
            "10" => Self::DestructiveDeviceManufacturer,
            "11" => Self::DestructiveDeviceImporter,
            _ => Self::Other,
        }
    }
}

/// The role a licensee plays in a trace chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChainRole {
    Manufacturer,
    Importer,
    Distributor,
    Retailer,
}

impl ChainRole {
    /// Licence types 07/10 are manufacturers, 08/11 importers; any other licensee is a retailer
    /// where it disposed of the firearm to a non-licensee, else a distributor.
    pub fn of(licence: LicenceType, sold_to_non_licensee: bool) -> Self {
        match licence {
            LicenceType::Manufacturer | LicenceType::DestructiveDeviceManufacturer => {
                Self::Manufacturer
            }
            LicenceType::Importer | LicenceType::DestructiveDeviceImporter => Self::Importer,
            _ if sold_to_non_licensee => Self::Retailer,
            _ => Self::Distributor,
        }
    }

    /// The code written in results.
    pub fn code(self) -> &'static str {
        match self {
            Self::Manufacturer => "MANUFACTURER",
            Self::Importer => "IMPORTER",
            Self::Distributor => "DISTRIBUTOR",
            Self::Retailer => "RETAILER",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_and_without_dashes() {
        let dashed = FflNumber::parse("5-74-029-01-5K-01234").unwrap();
        let bare = FflNumber::parse("574029015k01234").unwrap();
        assert_eq!(dashed, bare);
        assert_eq!(bare.as_str(), "5-74-029-01-5K-01234");
        assert_eq!(dashed.licence_type(), LicenceType::Dealer);
    }

    #[test]
    fn rejects_other_shapes() {
        for bad in [
            "",
            "5-74-029-01-5K-0123",
            "57-4-029-01-5K-01234",
            "X-74-029-01-5K-01234",
            "5-74-029-01-5K-01234-9",
        ] {
            assert!(FflNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn roles_follow_licence_types() {
        assert_eq!(
            ChainRole::of(LicenceType::Manufacturer, true),
            ChainRole::Manufacturer
        );
        assert_eq!(
            ChainRole::of(LicenceType::DestructiveDeviceImporter, false),
            ChainRole::Importer
        );
        assert_eq!(
            ChainRole::of(LicenceType::Pawnbroker, true),
            ChainRole::Retailer
        );
        assert_eq!(
            ChainRole::of(LicenceType::Dealer, false),
            ChainRole::Distributor
        );
    }
}

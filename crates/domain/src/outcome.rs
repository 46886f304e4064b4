//! The outcome, reason and origin codes of `tracing-rules.md`.

use serde::{Deserialize, Serialize};

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in the order the rules list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code written in results and reports.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code written by [`Self::code`].
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_enum! {
    /// How far a trace got.
    Outcome {
        CompletedPurchaser => "COMPLETED_PURCHASER",
        StoppedAtLicensee => "STOPPED_AT_LICENSEE",
        PendingLicensee => "PENDING_LICENSEE",
        TooOld => "TOO_OLD",
        NeedsReview => "NEEDS_REVIEW",
        NoSourceRecord => "NO_SOURCE_RECORD",
        NotUsSourced => "NOT_US_SOURCED",
        SerialProblem => "SERIAL_PROBLEM",
        InsufficientData => "INSUFFICIENT_DATA",
        Duplicate => "DUPLICATE",
    }
}

code_enum! {
    /// Why a trace stopped where it did.
    Reason {
        MissingManufacturer => "MISSING_MANUFACTURER",
        UnknownManufacturer => "UNKNOWN_MANUFACTURER",
        Missing => "MISSING",
        Obliterated => "OBLITERATED",
        NoDispositionRecorded => "NO_DISPOSITION_RECORDED",
        UnknownLicensee => "UNKNOWN_LICENSEE",
        InconsistentRecords => "INCONSISTENT_RECORDS",
        OobRecordsNotReceived => "OOB_RECORDS_NOT_RECEIVED",
        LicenseeRecordsNotOnFile => "LICENSEE_RECORDS_NOT_ON_FILE",
        RecordNotFound => "RECORD_NOT_FOUND",
    }
}

code_enum! {
    /// Where the firearm came from.
    Origin {
        UsSourced => "US_SOURCED",
        ThirdCountry => "THIRD_COUNTRY",
        Undetermined => "UNDETERMINED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::from_code(outcome.code()), Some(*outcome));
        }
        for reason in Reason::ALL {
            assert_eq!(Reason::from_code(reason.code()), Some(*reason));
        }
        assert_eq!(
            serde_json::to_string(&Origin::ThirdCountry).unwrap(),
            "\"THIRD_COUNTRY\""
        );
    }
}

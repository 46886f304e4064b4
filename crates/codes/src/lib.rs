//! Code tables of rastro: text folding, languages, firearm types, calibers, countries, US and
//! Mexican states, the reference makers table, and yes/no cells.
//!
//! Pure data and functions: no I/O, no environment access, no global state beyond lookup
//! indexes built once on first use. Every `parse` is lenient (case, accents, punctuation,
//! English and Spanish) but never guesses: a spelling it does not know is `None`. Every type
//! has a stable `code()`, which is also its serde form, and `from_code` reads it back exactly.

#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod caliber;
mod country;
mod firearm_type;
mod lang;
mod makers;
mod mx_state;
mod region;
mod serde_code;
mod text;
mod us_state;
mod yesno;

pub use caliber::Caliber;
pub use country::Country;
pub use firearm_type::FirearmType;
pub use lang::Lang;
pub use makers::{find_reference_maker, reference_maker, reference_makers, MakerRef, MakerRole};
pub use mx_state::MxState;
pub use region::{parse_state, StateRef};
pub use text::{fold, fold_compact, fold_compact_into, fold_into};
pub use us_state::UsState;
pub use yesno::yes_no;

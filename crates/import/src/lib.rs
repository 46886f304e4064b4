//! Readers for the input files described in formats.md.
//!
//! `table` is the generic layer (encoding, delimiter, headers, values, bilingual errors);
//! `formats` maps each of the five input files to domain values and streams them into a store.

pub mod formats;
pub mod table;

pub use formats::{import_file, import_file_on, FileKind, ImportError, ImportOutcome};
pub use table::{write_error_report, Encoding, FileError, Lang, RowError};

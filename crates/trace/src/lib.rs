//! Runs the tracing rules over the store, and exports the results.

mod export;
mod index_file;
mod run;
mod saved;
mod serials;

pub use export::{export_results, ExportError, ExportFormat};
pub use run::{run, run_with_index, TraceError, TraceOptions, TraceSummary};
pub use saved::{IndexReport, IndexStatus, RebuildReason, Unusable};
pub use serials::{is_pattern, with_firearm_details, FirearmIndex, Found, SearchError, MAX_SHOWN};

//! Runs the tracing rules over the store, and exports the results.

mod export;
mod run;
mod serials;

pub use export::{export_results, ExportError, ExportFormat};
pub use run::{run, TraceError, TraceOptions, TraceSummary};
pub use serials::{FirearmIndex, Found, SearchError};

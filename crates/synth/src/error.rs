//! Errors of the generator. Every I/O failure names the file it happened on.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("a synthetic world needs at least {min} requests (got {got})")]
    TooFewRequests { got: usize, min: usize },
    #[error("a synthetic world needs at least {needed} A&D rows for {requests} requests, 4 a request (got {got})")]
    TooFewAdRows {
        got: usize,
        needed: usize,
        requests: usize,
    },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot serialise {what}: {source}")]
    Json {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
}

impl SynthError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> SynthError {
        let path = path.into();
        move |source| SynthError::Io { path, source }
    }
}

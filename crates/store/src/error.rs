use std::path::PathBuf;
use thiserror::Error;

/// Why the store could not do what was asked.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    DataFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("there is no rastro store in {path}: import files into it first")]
    Missing { path: PathBuf },
    #[error("the database {path} cannot be opened: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the store {path} was written by another version of rastro (layout {found}, this \
         version reads {expected}): import the files again into a new data folder"
    )]
    SchemaVersion {
        path: PathBuf,
        found: i64,
        expected: i64,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the import was abandoned by its reader; nothing of it was kept")]
    Aborted,
    #[error("stored data is damaged ({what}): {detail}")]
    Corrupt { what: &'static str, detail: String },
}

impl From<crate::Abort> for StoreError {
    fn from(_: crate::Abort) -> Self {
        StoreError::Aborted
    }
}

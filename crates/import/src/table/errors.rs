//! Errors of the reading layer and their messages in English and Spanish.
//!
//! Two levels, as formats.md asks: a [`FileError`] stops the import of a whole file (it cannot be
//! opened, it is empty, its headers do not fit the format), a [`RowError`] rejects one row and the
//! import goes on. Both say what went wrong in the user's language through `message(Lang)`;
//! their `Display` is the English message.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use super::values::ValueError;

/// Language of the messages shown to the user: the project-wide one of `rastro-codes`.
pub use rastro_codes::Lang;

/// A short text given in both languages, for details that only the caller can word (for example
/// "an FFL number has the shape 5-74-029-01-5K-01234").
///
/// Boxed, so that it keeps [`RowError`] small: every row-reading function returns one in its
/// `Err`, and a large `Err` slows the common `Ok` path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(Box<[Cow<'static, str>; 2]>);

impl Text {
    /// Builds a text from its English and Spanish wordings.
    pub fn new(en: impl Into<Cow<'static, str>>, es: impl Into<Cow<'static, str>>) -> Self {
        Text(Box::new([en.into(), es.into()]))
    }

    /// The wording in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.0[0],
            Lang::Es => &self.0[1],
        }
    }

    /// The English wording.
    pub fn en(&self) -> &str {
        self.get(Lang::En)
    }

    /// The Spanish wording.
    pub fn es(&self) -> &str {
        self.get(Lang::Es)
    }
}

/// Longest cell value quoted in a message; a 10,000-character cell would drown the sentence.
const MAX_SHOWN_CHARS: usize = 60;

/// Quotes a user value the way each language does (“…” in English, «…» in Spanish), cut to
/// [`MAX_SHOWN_CHARS`] characters.
pub(crate) fn quoted(value: &str, lang: Lang) -> String {
    let mut shown: String = value.chars().take(MAX_SHOWN_CHARS).collect();
    if shown.len() < value.len() {
        shown.push('…');
    }
    match lang {
        Lang::En => format!("“{shown}”"),
        Lang::Es => format!("«{shown}»"),
    }
}

/// Why a row was rejected.
#[derive(Debug, Clone, PartialEq)]
pub enum RowErrorKind {
    /// A required column is empty in this row.
    MissingValue,
    /// The row has a different number of fields than the header.
    WrongFieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// A value could not be read (date, yes/no, number).
    Value(ValueError),
    /// A value was read but is not acceptable; `detail` says why.
    Invalid {
        /// The value as written; empty when the problem is a value that is absent (the message
        /// is then the detail alone).
        value: String,
        /// What is wrong, or what was expected.
        detail: Text,
    },
    /// The row's bytes are not text (only if the file changes while it is read).
    Unreadable,
}

impl From<ValueError> for RowErrorKind {
    fn from(e: ValueError) -> Self {
        RowErrorKind::Value(e)
    }
}

impl RowErrorKind {
    /// The reason alone, without file, line or column.
    pub fn reason(&self, lang: Lang) -> String {
        match (self, lang) {
            (RowErrorKind::MissingValue, Lang::En) => "a value is required here".into(),
            (RowErrorKind::MissingValue, Lang::Es) => "falta el valor, que es obligatorio".into(),
            (RowErrorKind::WrongFieldCount { expected, found }, Lang::En) => {
                format!("the row has {found} fields but the header has {expected}")
            }
            (RowErrorKind::WrongFieldCount { expected, found }, Lang::Es) => {
                format!("la fila tiene {found} campos, pero el encabezado tiene {expected}")
            }
            (RowErrorKind::Value(e), lang) => e.message(lang),
            (RowErrorKind::Invalid { value, detail }, lang) if value.is_empty() => {
                detail.get(lang).to_string()
            }
            (RowErrorKind::Invalid { value, detail }, Lang::En) => {
                format!("{} is not valid: {}", quoted(value, lang), detail.en())
            }
            (RowErrorKind::Invalid { value, detail }, Lang::Es) => {
                format!("{} no es válido: {}", quoted(value, lang), detail.es())
            }
            (RowErrorKind::Unreadable, Lang::En) => {
                "the row is not valid text (did the file change while it was read?)".into()
            }
            (RowErrorKind::Unreadable, Lang::Es) => {
                "la fila no es texto válido (¿cambió el archivo mientras se leía?)".into()
            }
        }
    }
}

/// A row that cannot be imported. Every other row of the file is still imported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub struct RowError {
    /// The file, as given to the reader.
    pub file: PathBuf,
    /// 1-based physical line where the row starts (the header is line 1).
    pub line: u64,
    /// The column's header as written in the file, when the error is about one column.
    pub column: Option<String>,
    /// What went wrong.
    pub kind: RowErrorKind,
}

impl RowError {
    /// The reason alone (for the `reason` column of the error report).
    pub fn reason(&self, lang: Lang) -> String {
        self.kind.reason(lang)
    }

    /// A full sentence: file name, line, column and reason, e.g.
    /// `solicitudes.csv, línea 14, columna «fecha_aseguramiento»: la fecha «31/02/2013» no es válida`.
    ///
    /// Only the file's name is shown (not its folder): the sentence is repeated for every rejected
    /// row and the folder is the same for all of them.
    pub fn message(&self, lang: Lang) -> String {
        let mut s = file_name(&self.file);
        let line_word = match lang {
            Lang::En => "line",
            Lang::Es => "línea",
        };
        let _ = write!(s, ", {line_word} {}", self.line);
        if let Some(column) = &self.column {
            let column_word = match lang {
                Lang::En => "column",
                Lang::Es => "columna",
            };
            let _ = write!(s, ", {column_word} {}", quoted(column, lang));
        }
        let _ = write!(s, ": {}", self.reason(lang));
        s
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A problem with a whole file: nothing of it is imported.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum FileError {
    /// The file cannot be opened.
    Open {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: io::Error,
    },
    /// Reading failed part-way.
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: io::Error,
    },
    /// The file has no content (or only blank lines).
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The first line has no column names.
    NoHeader {
        /// The file.
        path: PathBuf,
    },
    /// Required columns are absent from the header.
    MissingColumns {
        /// The file.
        path: PathBuf,
        /// The missing columns, named in the language of the file's headers.
        columns: Vec<String>,
    },
    /// Two headers name the same column.
    DuplicateColumn {
        /// The file.
        path: PathBuf,
        /// The column's canonical key.
        column: String,
        /// The headers as written.
        headers: Vec<String>,
    },
    /// The headers match (almost) none of the format's columns: probably another kind of file.
    WrongKind {
        /// The file.
        path: PathBuf,
        /// The kind of file that was expected (e.g. "trace requests").
        expected: Text,
        /// The file's headers as written.
        headers: Vec<String>,
    },
}

impl FileError {
    /// The file concerned.
    pub fn path(&self) -> &Path {
        match self {
            FileError::Open { path, .. }
            | FileError::Read { path, .. }
            | FileError::Empty { path }
            | FileError::NoHeader { path }
            | FileError::MissingColumns { path, .. }
            | FileError::DuplicateColumn { path, .. }
            | FileError::WrongKind { path, .. } => path,
        }
    }

    /// A full sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let p = self.path().display();
        match (self, lang) {
            (FileError::Open { source, .. }, Lang::En) => {
                format!("cannot open {p}: {}", io_reason(source, lang))
            }
            (FileError::Open { source, .. }, Lang::Es) => {
                format!("no se puede abrir {p}: {}", io_reason(source, lang))
            }
            (FileError::Read { source, .. }, Lang::En) => {
                format!("cannot read {p}: {}", io_reason(source, lang))
            }
            (FileError::Read { source, .. }, Lang::Es) => {
                format!("no se puede leer {p}: {}", io_reason(source, lang))
            }
            (FileError::Empty { .. }, Lang::En) => format!("{p} is empty"),
            (FileError::Empty { .. }, Lang::Es) => format!("{p} está vacío"),
            (FileError::NoHeader { .. }, Lang::En) => {
                format!("{p} has no header: its first line must name the columns")
            }
            (FileError::NoHeader { .. }, Lang::Es) => format!(
                "{p} no tiene encabezados: su primera línea debe dar los nombres de las columnas"
            ),
            (FileError::MissingColumns { columns, .. }, Lang::En) => {
                let list = quoted_list(columns, lang);
                if columns.len() == 1 {
                    format!("{p}: the required column {list} is missing")
                } else {
                    format!("{p}: the required columns {list} are missing")
                }
            }
            (FileError::MissingColumns { columns, .. }, Lang::Es) => {
                let list = quoted_list(columns, lang);
                if columns.len() == 1 {
                    format!("{p}: falta la columna obligatoria {list}")
                } else {
                    format!("{p}: faltan las columnas obligatorias {list}")
                }
            }
            (FileError::DuplicateColumn { column, headers, .. }, Lang::En) => format!(
                "{p}: the headers {} all name the column {}; keep only one",
                quoted_list(headers, lang),
                quoted(column, lang)
            ),
            (FileError::DuplicateColumn { column, headers, .. }, Lang::Es) => format!(
                "{p}: los encabezados {} corresponden todos a la columna {}; deje solo uno",
                quoted_list(headers, lang),
                quoted(column, lang)
            ),
            (FileError::WrongKind { expected, headers, .. }, Lang::En) => format!(
                "{p} does not look like a file of {}: its columns ({}) are not those of that format",
                expected.en(),
                quoted_list(headers, lang)
            ),
            (FileError::WrongKind { expected, headers, .. }, Lang::Es) => format!(
                "{p} no parece un archivo de {}: sus columnas ({}) no son las de ese formato",
                expected.es(),
                quoted_list(headers, lang)
            ),
        }
    }
}

/// At most this many names are listed in a message; a 300-column file would hide the sentence.
const MAX_LISTED: usize = 8;

fn quoted_list(items: &[String], lang: Lang) -> String {
    let mut shown: Vec<String> = items
        .iter()
        .take(MAX_LISTED)
        .map(|i| quoted(i, lang))
        .collect();
    if items.len() > MAX_LISTED {
        shown.push("…".into());
    }
    shown.join(", ")
}

/// The OS reason of an I/O error. The operating system words it in English, so the common cases
/// are translated for Spanish readers; the others keep the OS wording.
fn io_reason(e: &io::Error, lang: Lang) -> String {
    // The common reasons in plain words in both languages; the system's text otherwise.
    let (en, es) = match e.kind() {
        io::ErrorKind::NotFound => ("the file does not exist", "el archivo no existe"),
        io::ErrorKind::PermissionDenied => ("permission denied", "permiso denegado"),
        io::ErrorKind::IsADirectory => (
            "it is a folder, not a file",
            "es una carpeta, no un archivo",
        ),
        _ => return e.to_string(),
    };
    match lang {
        Lang::En => en.to_string(),
        Lang::Es => es.to_string(),
    }
}

/// Writes rejected rows as CSV with the columns `file,line,column,reason`, one error a line, the
/// reason in the user's language. Streaming, so a file with millions of bad rows does not have to
/// keep them all in memory.
pub struct ErrorReportWriter<W: io::Write> {
    csv: csv::Writer<W>,
    lang: Lang,
}

impl ErrorReportWriter<std::fs::File> {
    /// Creates (or truncates) the report file at `path` and writes the header.
    pub fn create(path: &Path, lang: Lang) -> io::Result<Self> {
        Self::new(std::fs::File::create(path)?, lang)
    }
}

impl<W: io::Write> ErrorReportWriter<W> {
    /// Wraps any writer and writes the header.
    pub fn new(out: W, lang: Lang) -> io::Result<Self> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(["file", "line", "column", "reason"])?;
        Ok(ErrorReportWriter { csv, lang })
    }

    /// Appends one error.
    pub fn write(&mut self, e: &RowError) -> io::Result<()> {
        let file = e.file.display().to_string();
        let line = e.line.to_string();
        let column = e.column.as_deref().unwrap_or("");
        self.csv
            .write_record([file.as_str(), &line, column, &e.reason(self.lang)])?;
        Ok(())
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> io::Result<W> {
        self.csv.into_inner().map_err(|e| e.into_error())
    }
}

/// Writes all `errors` to a new CSV report at `path` (see [`ErrorReportWriter`]).
pub fn write_error_report(path: &Path, errors: &[RowError], lang: Lang) -> io::Result<()> {
    let mut w = ErrorReportWriter::create(path, lang)?;
    for e in errors {
        w.write(e)?;
    }
    w.finish()?;
    Ok(())
}

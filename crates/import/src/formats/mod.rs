//! The five input files of `formats.md`, read row by row into the store.

mod cells;
pub mod licensees;
pub mod makers;
pub mod records;
pub mod requests;
pub mod status;

use crate::table::{Encoding, FileError, HeaderLang, Lang, RowError, Schema, TableReader, Text};
use cells::Cells;
use chrono::NaiveDate;
use rastro_store::{Abort, ImportRows, Store, StoreError, WriteCounts};
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};

/// The kinds of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Licensees,
    Status,
    Makers,
    Records,
    Requests,
}

impl FileKind {
    /// Every kind, in the order of formats.md.
    pub const ALL: [FileKind; 5] = [
        FileKind::Licensees,
        FileKind::Status,
        FileKind::Makers,
        FileKind::Records,
        FileKind::Requests,
    ];

    /// The columns of this kind of file.
    pub fn schema(self) -> Schema {
        let (en, es, columns) = match self {
            FileKind::Licensees => (
                "licensee listing",
                "listado de licenciatarios",
                licensees::COLUMNS,
            ),
            FileKind::Status => (
                "licensee status",
                "estatus de licenciatarios",
                status::COLUMNS,
            ),
            FileKind::Makers => ("makers", "fabricantes", makers::COLUMNS),
            FileKind::Records => (
                "A&D records",
                "registros de adquisición y disposición",
                records::COLUMNS,
            ),
            FileKind::Requests => (
                "trace requests",
                "solicitudes de rastreo",
                requests::COLUMNS,
            ),
        };
        Schema::new(Text::new(en, es), columns)
    }
}

/// What importing one file did.
#[derive(Debug)]
pub struct ImportOutcome {
    pub kind: FileKind,
    /// Data rows read (the header not counted).
    pub rows_read: u64,
    pub counts: WriteCounts,
    /// Rows that could not be imported, with file, line, column and reason.
    pub errors: Vec<RowError>,
    pub encoding: Encoding,
    pub delimiter: u8,
    pub header_lang: HeaderLang,
    /// Headers that are not columns of this format (reported once, not imported).
    pub ignored_columns: Vec<String>,
}

impl ImportOutcome {
    /// A one-paragraph summary for the terminal.
    pub fn summary(&self, lang: Lang, file: &Path) -> String {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let c = &self.counts;
        let mut text = match lang {
            Lang::En => format!(
                "{name}: {} rows read, {} imported, {} updated, {} already present, {} rejected",
                self.rows_read, c.inserted, c.updated, c.already_present, self.errors.len()
            ),
            Lang::Es => format!(
                "{name}: {} filas leídas, {} importadas, {} actualizadas, {} ya presentes, {} rechazadas",
                self.rows_read, c.inserted, c.updated, c.already_present, self.errors.len()
            ),
        };
        if self.encoding == Encoding::Windows1252 {
            text.push_str(match lang {
                Lang::En => " (not UTF-8: read as Windows-1252)",
                Lang::Es => " (no es UTF-8: leído como Windows-1252)",
            });
        }
        if !self.ignored_columns.is_empty() {
            let list = self.ignored_columns.join(", ");
            text.push_str(&match lang {
                Lang::En => format!("\n  columns not imported: {list}"),
                Lang::Es => format!("\n  columnas no importadas: {list}"),
            });
        }
        text
    }
}

/// Why a whole file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", .0.message(Lang::En))]
    File(#[from] FileError),
    #[error("the store failed: {0}")]
    Store(#[from] StoreError),
}

impl ImportError {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ImportError::File(error) => error.message(lang),
            ImportError::Store(error) => match lang {
                Lang::En => format!("the store failed: {error}"),
                Lang::Es => format!("falló el almacén de datos: {error}"),
            },
        }
    }
}

/// Imports one file into the store in one transaction, with today's date for the
/// "no future dates" rule. `progress` gets the bytes read so far.
pub fn import_file(
    store: &mut dyn Store,
    kind: FileKind,
    path: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportOutcome, ImportError> {
    let today = chrono::Local::now().date_naive();
    import_file_on(store, kind, path, today, progress)
}

/// [`import_file`] with the date of "today" given.
pub fn import_file_on(
    store: &mut dyn Store,
    kind: FileKind,
    path: &Path,
    today: NaiveDate,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportOutcome, ImportError> {
    let schema = kind.schema();
    let reader = TableReader::open(path, &schema).map_err(|error| wrong_kind(kind, path, error))?;
    if kind == FileKind::Licensees {
        licensees::check_columns(reader.schema(), path)?;
    }
    let bound = reader.schema().clone();
    let mut source = RowSource {
        reader,
        today,
        rows_read: 0,
        errors: Vec::new(),
        fatal: None,
    };
    let stored = match kind {
        FileKind::Licensees => {
            stream_into_store(&mut source, store, progress, licensees::parse, |rows| {
                ImportRows::Licensees(rows)
            })
        }
        FileKind::Status => {
            stream_into_store(&mut source, store, progress, status::parse, |rows| {
                ImportRows::Statuses(rows)
            })
        }
        FileKind::Makers => {
            stream_into_store(&mut source, store, progress, makers::parse, |rows| {
                ImportRows::Makers(rows)
            })
        }
        FileKind::Records => {
            stream_into_store(&mut source, store, progress, records::parse, |rows| {
                ImportRows::Records(rows)
            })
        }
        FileKind::Requests => {
            stream_into_store(&mut source, store, progress, requests::parse, |rows| {
                ImportRows::Requests(rows)
            })
        }
    };
    if let Some(fatal) = source.fatal.take() {
        return Err(fatal.into());
    }
    progress(source.reader.bytes_read());
    let mut errors = source.errors;
    errors.sort_by_key(|error| error.line);
    Ok(ImportOutcome {
        kind,
        rows_read: source.rows_read,
        counts: stored?,
        errors,
        encoding: source.reader.encoding(),
        delimiter: source.reader.delimiter(),
        header_lang: bound.lang(),
        ignored_columns: bound.unknown_headers().map(str::to_string).collect(),
    })
}

/// A file that lacks required columns of `kind` but has every required column of another kind
/// (an A&D book given as trace requests shares `serial`, `manufacturer`, `model`… with them) was
/// most likely given as the wrong kind: say so, rather than list the columns it lacks.
fn wrong_kind(kind: FileKind, path: &Path, error: FileError) -> FileError {
    let FileError::MissingColumns { .. } = error else {
        return error;
    };
    let other = FileKind::ALL
        .into_iter()
        .filter(|&other| other != kind)
        .find_map(|other| TableReader::open(path, &other.schema()).ok());
    match other {
        Some(reader) => FileError::WrongKind {
            path: path.to_path_buf(),
            expected: kind.schema().kind().clone(),
            headers: reader.schema().headers().to_vec(),
        },
        None => error,
    }
}

/// The rows of one file, parsed on demand; rows that cannot be read become row errors.
struct RowSource {
    reader: TableReader,
    today: NaiveDate,
    rows_read: u64,
    errors: Vec<RowError>,
    /// The file became unreadable halfway: the import is abandoned.
    fatal: Option<FileError>,
}

/// Parsed rows travel from the reading thread to the store in batches of this many.
const BATCH: usize = 4096;

/// What the reading thread hands to the writing one.
enum Message<T> {
    /// Parsed rows, and how many bytes of the file were read so far.
    Rows(Vec<T>, u64),
    /// The file cannot be read any further: abandon the import.
    Fatal,
}

impl RowSource {
    /// The next row that parses, `None` at the end of the file, `Abort` if it cannot be read.
    fn next_parsed<T>(
        &mut self,
        parse: fn(&Cells<'_>) -> Result<T, RowError>,
    ) -> Option<Result<T, Abort>> {
        loop {
            let row = match self.reader.next_row() {
                Ok(None) => return None,
                Ok(Some(row)) => row,
                Err(error) => {
                    self.fatal = Some(error);
                    return Some(Err(Abort));
                }
            };
            self.rows_read += 1;
            let parsed = row.and_then(|row| {
                parse(&Cells {
                    row,
                    today: self.today,
                })
            });
            match parsed {
                Ok(value) => return Some(Ok(value)),
                Err(error) => self.errors.push(error),
            }
        }
    }

    /// Reads and parses the whole file, sending batches until the receiver hangs up.
    fn produce<T>(
        &mut self,
        parse: fn(&Cells<'_>) -> Result<T, RowError>,
        sender: SyncSender<Message<T>>,
    ) {
        let mut batch = Vec::with_capacity(BATCH);
        while let Some(parsed) = self.next_parsed(parse) {
            match parsed {
                Ok(value) => batch.push(value),
                Err(Abort) => {
                    let _ = sender.send(Message::Fatal);
                    return;
                }
            }
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                if sender
                    .send(Message::Rows(full, self.reader.bytes_read()))
                    .is_err()
                {
                    return;
                }
            }
        }
        let _ = sender.send(Message::Rows(batch, self.reader.bytes_read()));
    }
}

/// Streams the parsed rows into the store, in the store's one transaction. Reading and parsing
/// run on their own thread, so the store writes while the next rows are parsed.
fn stream_into_store<T: Send>(
    source: &mut RowSource,
    store: &mut dyn Store,
    progress: &mut dyn FnMut(u64),
    parse: fn(&Cells<'_>) -> Result<T, RowError>,
    wrap: fn(&mut dyn Iterator<Item = Result<T, Abort>>) -> ImportRows<'_>,
) -> Result<WriteCounts, ImportError> {
    let (sender, receiver) = sync_channel::<Message<T>>(8);
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || source.produce(parse, sender));
        let mut pending = Vec::new().into_iter();
        let mut rows = std::iter::from_fn(move || loop {
            if let Some(value) = pending.next() {
                return Some(Ok(value));
            }
            match receiver.recv() {
                Ok(Message::Rows(batch, bytes_read)) => {
                    progress(bytes_read);
                    pending = batch.into_iter();
                }
                Ok(Message::Fatal) => return Some(Err(Abort)),
                Err(_) => return None,
            }
        });
        let stored = store.import(wrap(&mut rows));
        // Dropping the receiver stops a producer the store no longer listens to.
        drop(rows);
        producer.join().expect("the reading thread does not panic");
        Ok(stored?)
    })
}

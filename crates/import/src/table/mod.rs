//! The generic reading layer shared by all input formats (formats.md, "Common rules").
//!
//! A format module describes its columns with [`ColumnSpec`]s gathered in a [`Schema`], opens a
//! file with [`TableReader::open`], and reads [`Row`]s one at a time:
//!
//! ```no_run
//! use rastro_import::table::{ColumnSpec, Schema, TableReader, Text};
//! # fn main() -> Result<(), rastro_import::table::FileError> {
//! const COLUMNS: &[ColumnSpec] = &[
//!     ColumnSpec { key: "request_ref", aliases_en: &["request_ref"], aliases_es: &["folio"], required: true },
//!     ColumnSpec { key: "serial", aliases_en: &["serial"], aliases_es: &["numero_serie", "matricula"], required: false },
//! ];
//! let schema = Schema::new(Text::new("trace requests", "solicitudes de rastreo"), COLUMNS);
//! let mut reader = TableReader::open("solicitudes.csv".as_ref(), &schema)?;
//! let mut rejected = Vec::new();
//! while let Some(row) = reader.next_row()? {
//!     match row.and_then(|row| Ok((row.required("request_ref")?, row.get("serial")))) {
//!         Ok((folio, serial)) => println!("{folio}: {serial:?}"),
//!         Err(e) => rejected.push(e),
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Decoding ([`encoding`]), delimiter detection ([`delimiter`]) and header matching ([`header`])
//! happen in `open`; values are read with the functions of [`values`] or the [`Row`] helpers.

pub mod delimiter;
pub mod encoding;
pub mod errors;
pub mod header;
pub mod values;

use std::fs::File;
use std::io::{self, Chain, Cursor, Read, Seek};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use csv::ByteRecord;

pub use delimiter::detect_delimiter;
pub use encoding::{DecodingReader, Encoding};
pub use errors::{
    write_error_report, ErrorReportWriter, FileError, Lang, RowError, RowErrorKind, Text,
};
pub use header::{normalize_header, BoundSchema, ColumnSpec, HeaderLang, Schema};
pub use values::{parse_date, parse_decimal_degrees, parse_yes_no, ValueError};

/// Bytes read ahead of the CSV parser to find the header line and detect the delimiter.
const SNIFF_MIN: usize = 64 << 10;
/// Give up looking for the end of the header line after this many bytes.
const SNIFF_MAX: usize = 1 << 20;
/// Buffer of the CSV parser: large reads keep system calls rare on multi-gigabyte files.
const CSV_BUFFER: usize = 256 << 10;

type Source<R> = Chain<Cursor<Vec<u8>>, DecodingReader<R>>;

/// Reads the rows of one delimited text file against a [`Schema`].
///
/// Rows are read with [`TableReader::next_row`], which reuses one record buffer: a [`Row`]
/// borrows it until the next call, and no cell is copied.
pub struct TableReader<R = File> {
    records: Records<R>,
    bound: BoundSchema,
    delimiter: u8,
    total_bytes: Option<u64>,
    blank_rows: u64,
}

impl TableReader<File> {
    /// Opens `path`, detects its encoding and delimiter, and binds its header line to `schema`.
    pub fn open(path: &Path, schema: &Schema) -> Result<Self, FileError> {
        let open_err = |source| FileError::Open {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(open_err)?;
        let len = file.metadata().map_err(open_err)?.len();
        let mut reader = Self::from_reader(path, file, schema)?;
        reader.total_bytes = Some(len);
        Ok(reader)
    }
}

impl<R: Read + Seek> TableReader<R> {
    /// Like [`TableReader::open`] on any seekable source positioned at the start of the file;
    /// `path` only names the file in errors.
    pub fn from_reader(path: &Path, inner: R, schema: &Schema) -> Result<Self, FileError> {
        let read_err = |source| FileError::Read {
            path: path.to_path_buf(),
            source,
        };
        let mut text = DecodingReader::new(inner).map_err(read_err)?;
        let mut head = read_head(&mut text).map_err(read_err)?;
        if uses_lone_cr(&head) {
            text.set_cr_as_lf(true);
            encoding::cr_to_lf(&mut head);
        }
        let delimiter = detect_delimiter(&head);
        let csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            // Only `\n` ends a record, so that each record consumes exactly one line break and
            // line numbers can be computed (see `Records::line`); a `\r` before it is trimmed
            // with the rest of the cell.
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(CSV_BUFFER)
            .from_reader(Cursor::new(head).chain(text));
        let mut records = Records {
            path: path.to_path_buf(),
            csv,
            record: ByteRecord::new(),
            line_after: 1,
            done: false,
        };
        let bound = records.read_header(schema)?;
        Ok(TableReader {
            records,
            bound,
            delimiter,
            total_bytes: None,
            blank_rows: 0,
        })
    }

    /// The next row: `Ok(None)` at the end of the file, `Ok(Some(Err(_)))` for a row that cannot
    /// be imported (wrong number of fields), `Err(_)` if the file cannot be read any further.
    ///
    /// Blank rows (every cell empty, as spreadsheets leave at the end of an export) carry no data
    /// and are skipped; [`TableReader::blank_rows`] counts them.
    pub fn next_row(&mut self) -> Result<Option<Result<Row<'_>, RowError>>, FileError> {
        loop {
            match self.records.read() {
                Ok(false) => return Ok(None),
                Ok(true) if is_blank(self.records.record.as_slice()) => self.blank_rows += 1,
                Ok(true) => break,
                Err(ReadFailure::Row(e)) => return Ok(Some(Err(e))),
                Err(ReadFailure::File(e)) => return Err(e),
            }
        }
        let line = self.records.line();
        let record = &self.records.record;
        let Some(text) = record_text(record) else {
            return Ok(Some(Err(self
                .records
                .error(line, RowErrorKind::Unreadable))));
        };
        if let Some(kind) = shape_error(record, text, &self.bound) {
            return Ok(Some(Err(self.records.error(line, kind))));
        }
        Ok(Some(Ok(Row {
            record,
            text,
            bound: &self.bound,
            file: &self.records.path,
            line,
        })))
    }

    /// The file's header binding: header language, unknown headers, column positions.
    pub fn schema(&self) -> &BoundSchema {
        &self.bound
    }

    /// The header language (decides the accepted date forms).
    pub fn header_lang(&self) -> HeaderLang {
        self.bound.lang()
    }

    /// The file's encoding. Final once all rows have been read: a file that is ASCII up to some
    /// point reads as [`Encoding::Utf8`] until then.
    pub fn encoding(&self) -> Encoding {
        self.text().encoding()
    }

    /// The detected delimiter.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Bytes of the file consumed so far, for a progress bar (runs ahead of the rows returned
    /// by up to a buffer's worth).
    pub fn bytes_read(&self) -> u64 {
        self.text().bytes_read()
    }

    /// The file's size, when opened with [`TableReader::open`].
    pub fn total_bytes(&self) -> Option<u64> {
        self.total_bytes
    }

    /// Blank rows skipped so far.
    pub fn blank_rows(&self) -> u64 {
        self.blank_rows
    }

    /// The file, as given.
    pub fn path(&self) -> &Path {
        &self.records.path
    }

    fn text(&self) -> &DecodingReader<R> {
        self.records.csv.get_ref().get_ref().1
    }
}

/// The CSV records of a file, with the physical line where each starts.
struct Records<R> {
    path: PathBuf,
    csv: csv::Reader<Source<R>>,
    /// The record last read, reused for every record. Kept as bytes: its text is validated
    /// once as a whole (see `record_text`) rather than field by field.
    record: ByteRecord,
    /// The line just after the last record read (the csv parser's line count).
    line_after: u64,
    done: bool,
}

enum ReadFailure {
    Row(RowError),
    File(FileError),
}

impl<R: Read + Seek> Records<R> {
    /// Reads the header line (the first line that is not blank) and binds it to `schema`.
    fn read_header(&mut self, schema: &Schema) -> Result<BoundSchema, FileError> {
        loop {
            let first = self.read();
            let path = || self.path.clone();
            match first {
                // A line of spaces is a blank line; a line of empty cells is a header without
                // names.
                Ok(true) if is_blank(self.record.as_slice()) && self.record.len() == 1 => continue,
                Ok(true) if is_blank(self.record.as_slice()) => {
                    return Err(FileError::NoHeader { path: path() })
                }
                Ok(true) => {
                    let names = self.record.iter().map(String::from_utf8_lossy);
                    return schema.bind(&self.path, names);
                }
                Ok(false) => return Err(FileError::Empty { path: path() }),
                Err(ReadFailure::File(e)) => return Err(e),
                // Cannot happen: a byte record has no UTF-8 error.
                Err(ReadFailure::Row(_)) => return Err(FileError::NoHeader { path: path() }),
            }
        }
    }

    /// Reads the next record into `self.record`; `Ok(false)` at the end.
    fn read(&mut self) -> Result<bool, ReadFailure> {
        if self.done {
            return Ok(false);
        }
        let line_before = self.line_after;
        let result = self.csv.read_byte_record(&mut self.record);
        self.line_after = self.csv.position().line();
        match result {
            Ok(more) => {
                self.done = !more;
                Ok(more)
            }
            Err(e) => Err(self.failure(e, line_before)),
        }
    }

    fn failure(&mut self, e: csv::Error, line_before: u64) -> ReadFailure {
        match e.into_kind() {
            csv::ErrorKind::Io(source) => {
                self.done = true;
                ReadFailure::File(FileError::Read {
                    path: self.path.clone(),
                    source,
                })
            }
            // Byte records with `flexible` raise no other error; only defensive.
            _ => ReadFailure::Row(self.error(line_before, RowErrorKind::Unreadable)),
        }
    }

    /// The line where the record just read starts.
    ///
    /// The csv parser reports the line count after the record, which includes any blank lines it
    /// skipped before it, the line breaks inside its quoted fields, and its terminating `\n`
    /// (every record has one: the decoder ends the text with `\n`). Subtracting the last two
    /// gives the start. The one case where a record has no terminator (a quote left open until
    /// the end of the file) is caught by never going below the line after the previous record.
    fn line(&self) -> u64 {
        let bytes = self.record.as_slice();
        // `contains` is a fast memchr; most records have no line break to count.
        let breaks = if bytes.contains(&b'\n') {
            bytes.iter().filter(|&&b| b == b'\n').count() as u64
        } else {
            0
        };
        let line_before = self.record.position().map_or(1, |p| p.line());
        self.line_after.saturating_sub(breaks + 1).max(line_before)
    }

    fn error(&self, line: u64, kind: RowErrorKind) -> RowError {
        RowError {
            file: self.path.clone(),
            line,
            column: None,
            kind,
        }
    }
}

/// Checks the number of fields against the header. Extra fields that are empty (a trailing
/// delimiter) and missing fields under empty header cells are harmless.
fn shape_error(record: &ByteRecord, text: &str, bound: &BoundSchema) -> Option<RowErrorKind> {
    let (expected, found) = (bound.width(), record.len());
    let extra_start = record.range(expected).map_or(text.len(), |r| r.start);
    let extra_blank = text.get(extra_start..).is_none_or(|t| t.trim().is_empty());
    let missing_unnamed = bound.headers().iter().skip(found).all(|h| h.is_empty());
    (!(extra_blank && missing_unnamed)).then_some(RowErrorKind::WrongFieldCount { expected, found })
}

/// Reads the start of the text: at least [`SNIFF_MIN`] bytes, and on until the end of the first
/// line, up to [`SNIFF_MAX`].
fn read_head<R: Read + Seek>(text: &mut DecodingReader<R>) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_MIN);
    loop {
        let before = head.len();
        text.by_ref()
            .take(SNIFF_MIN as u64)
            .read_to_end(&mut head)?;
        let at_end = head.len() == before;
        let has_line = head.iter().any(|&b| b == b'\n' || b == b'\r');
        if at_end || has_line || head.len() >= SNIFF_MAX {
            return Ok(head);
        }
    }
}

/// The text of a record, validated once as a whole. Then each field is a slice of it, cut at
/// field boundaries that are checked to be character boundaries. The decoder only produces
/// UTF-8, so `None` means the file changed while it was read.
fn record_text(record: &ByteRecord) -> Option<&str> {
    let text = std::str::from_utf8(record.as_slice()).ok()?;
    let cut_ok = (0..record.len()).all(|i| {
        record
            .range(i)
            .is_some_and(|r| text.is_char_boundary(r.end))
    });
    cut_ok.then_some(text)
}

/// `str::trim`, with a fast path for the usual cell that starts and ends in ASCII.
fn trim(s: &str) -> &str {
    let t = s.trim_ascii();
    let b = t.as_bytes();
    let edges_ascii = b.first().is_none_or(u8::is_ascii) && b.last().is_none_or(u8::is_ascii);
    if edges_ascii {
        t
    } else {
        t.trim()
    }
}

/// Whether lines end in a lone `\r`: the start of the file has a `\r` and no `\n` (but the one
/// the decoder adds at the end of a small file).
fn uses_lone_cr(head: &[u8]) -> bool {
    let head = head.strip_suffix(b"\n").unwrap_or(head);
    head.contains(&b'\r') && !head.contains(&b'\n')
}

/// Whether a record (all its fields, concatenated) has only white space. Most rows start with
/// a visible ASCII character, which answers at once.
fn is_blank(bytes: &[u8]) -> bool {
    match bytes.iter().position(|b| !b.is_ascii_whitespace()) {
        None => true,
        Some(i) if bytes[i].is_ascii() => false,
        Some(_) => std::str::from_utf8(bytes).is_ok_and(|t| t.trim().is_empty()),
    }
}

/// One row of a file, borrowed from its [`TableReader`] until the next row is read.
#[derive(Debug, Clone, Copy)]
pub struct Row<'r> {
    record: &'r ByteRecord,
    /// The record's text: every field is a slice of it.
    text: &'r str,
    bound: &'r BoundSchema,
    file: &'r Path,
    line: u64,
}

impl<'r> Row<'r> {
    /// The 1-based line where the row starts in the file (the header is line 1).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The value of the column with canonical `key`, trimmed; `None` if the cell is empty or the
    /// file has no such column.
    pub fn get(&self, key: &str) -> Option<&'r str> {
        self.field(self.bound.field_of(key)?)
    }

    /// The value of the column at index `col` of [`Schema::columns`] (saves the key lookup in
    /// hot loops).
    pub fn get_column(&self, col: usize) -> Option<&'r str> {
        self.field(self.bound.field_of_column(col)?)
    }

    fn field(&self, i: usize) -> Option<&'r str> {
        let v = trim(self.text.get(self.record.range(i)?)?);
        (!v.is_empty()).then_some(v)
    }

    /// The value of a column that must not be empty.
    pub fn required(&self, key: &str) -> Result<&'r str, RowError> {
        self.get(key)
            .ok_or_else(|| self.error(key, RowErrorKind::MissingValue))
    }

    /// The column read as a date (see [`parse_date`]), the file's header language deciding the
    /// accepted forms; `Ok(None)` if empty.
    pub fn date(&self, key: &str, today: NaiveDate) -> Result<Option<NaiveDate>, RowError> {
        self.parse(key, |s| parse_date(s, self.bound.lang(), today))
    }

    /// The column read as yes/no (see [`parse_yes_no`]); `Ok(None)` if empty.
    pub fn yes_no(&self, key: &str) -> Result<Option<bool>, RowError> {
        self.parse(key, parse_yes_no)
    }

    /// The column read as a latitude (`lat`) or longitude (see [`parse_decimal_degrees`]);
    /// `Ok(None)` if empty.
    pub fn degrees(&self, key: &str, lat: bool) -> Result<Option<f64>, RowError> {
        self.parse(key, |s| parse_decimal_degrees(s, lat))
    }

    fn parse<T>(
        &self,
        key: &str,
        read: impl FnOnce(&str) -> Result<T, ValueError>,
    ) -> Result<Option<T>, RowError> {
        self.get(key)
            .map(read)
            .transpose()
            .map_err(|e| self.error(key, e.into()))
    }

    /// A row error about the column with `key` (named by its header as written).
    pub fn error(&self, key: &str, kind: RowErrorKind) -> RowError {
        RowError {
            file: self.file.to_path_buf(),
            line: self.line,
            column: self.bound.header_of(key).map(str::to_string),
            kind,
        }
    }

    /// A row error about the row as a whole.
    pub fn row_error(&self, kind: RowErrorKind) -> RowError {
        RowError {
            file: self.file.to_path_buf(),
            line: self.line,
            column: None,
            kind,
        }
    }

    /// The non-empty cells of columns that are not part of the format, as (header as written,
    /// trimmed value): the "additional data".
    pub fn extras(&self) -> impl Iterator<Item = (&'r str, &'r str)> + 'r {
        let (row, bound) = (*self, self.bound);
        bound
            .extra_fields()
            .iter()
            .filter_map(move |&i| Some((bound.headers()[i].as_str(), row.field(i)?)))
    }

    /// The binding of the file's headers (header language, positions).
    pub fn schema(&self) -> &'r BoundSchema {
        self.bound
    }
}

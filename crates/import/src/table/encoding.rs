//! Turning a file's bytes into UTF-8 text, streaming.
//!
//! formats.md: UTF-8 with or without BOM; a file that is not valid UTF-8 is read as
//! Windows-1252 and the import report says so. The choice holds for the whole file, so it cannot
//! be made on the first chunk alone, yet a 2 GB file must not be read into memory nor, when it is
//! UTF-8, copied byte by byte. [`DecodingReader`] therefore:
//!
//! - passes bytes through untouched while they are ASCII (identical in both encodings, so no
//!   decision is needed yet, and most licensee listings are pure ASCII);
//! - at the first non-ASCII byte, validates the rest of the file as UTF-8 in one fast pass
//!   (`std::str::from_utf8` over 1 MiB chunks), then seeks back and either keeps passing bytes
//!   through (valid UTF-8) or transcodes from there on with `encoding_rs` (Windows-1252). The
//!   bytes before that point were ASCII, so they read the same either way.
//!
//! A UTF-16 file (spreadsheets' "Unicode text" export) is recognised by its BOM and transcoded.

use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};

use encoding_rs::{Decoder, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Character encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Encoding {
    /// UTF-8, with or without BOM (also pure ASCII).
    Utf8,
    /// Windows-1252: the file was not valid UTF-8.
    Windows1252,
    /// UTF-16 little-endian, recognised by its BOM.
    Utf16Le,
    /// UTF-16 big-endian, recognised by its BOM.
    Utf16Be,
}

impl Encoding {
    /// The encoding's usual name, e.g. `Windows-1252`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Chunk size of the UTF-8 validation pass.
const SCAN_CHUNK: usize = 1 << 20;
/// Raw bytes transcoded per step.
const DECODE_CHUNK: usize = 64 << 10;

enum Mode {
    /// Only ASCII seen so far: bytes pass through.
    Undecided,
    /// The whole file is valid UTF-8: bytes pass through.
    Utf8,
    /// Transcoding to UTF-8.
    Decode(Box<Decoder>),
}

/// A reader that yields the UTF-8 text of a file in UTF-8, Windows-1252 or UTF-16 (see the
/// module documentation), without BOM. Its output always ends with `\n` when it is not empty, so
/// that the last record of a file is terminated like every other (line numbers rely on it).
pub struct DecodingReader<R> {
    inner: R,
    mode: Mode,
    encoding: Encoding,
    /// Raw input not yet transcoded (`Decode` mode).
    raw: Vec<u8>,
    raw_pos: usize,
    /// Transcoded output not yet handed out (`Decode` mode).
    out: Vec<u8>,
    out_pos: usize,
    /// The decoder has been told the input ended.
    flushed: bool,
    bytes_read: u64,
    emitted_any: bool,
    ends_with_newline: bool,
    /// Turn every `\r` into `\n` (files whose lines end in a lone `\r`).
    cr_as_lf: bool,
}

impl<R: Read + Seek> DecodingReader<R> {
    /// Wraps `inner`, positioned at the start of the file, and skips a BOM if there is one.
    pub fn new(mut inner: R) -> io::Result<Self> {
        let start = inner.stream_position()?;
        let mut head = [0u8; 3];
        let n = read_full(&mut inner, &mut head)?;
        let (bom_len, mode, encoding) = match &head[..n] {
            [0xEF, 0xBB, 0xBF] => (3, Mode::Undecided, Encoding::Utf8),
            [0xFF, 0xFE, ..] => (2, decode_mode(UTF_16LE), Encoding::Utf16Le),
            [0xFE, 0xFF, ..] => (2, decode_mode(UTF_16BE), Encoding::Utf16Be),
            _ => (0, Mode::Undecided, Encoding::Utf8),
        };
        inner.seek(SeekFrom::Start(start + bom_len))?;
        Ok(DecodingReader {
            inner,
            mode,
            encoding,
            raw: Vec::new(),
            raw_pos: 0,
            out: Vec::new(),
            out_pos: 0,
            flushed: false,
            bytes_read: bom_len,
            emitted_any: false,
            ends_with_newline: false,
            cr_as_lf: false,
        })
    }

    /// The encoding the file is read in. While only ASCII has been read this is
    /// [`Encoding::Utf8`]: it is final once the whole file has been read.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// From now on, output every `\r` as `\n`: for files whose lines end in a lone `\r` (old
    /// Mac exports), which the CSV reader would otherwise see as one long line. Not for CRLF
    /// files, whose every line would be followed by a blank one.
    pub fn set_cr_as_lf(&mut self, on: bool) {
        self.cr_as_lf = on;
    }

    /// Bytes of the file consumed so far (for a progress bar).
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Reads raw bytes straight into `buf` (ASCII or verified UTF-8).
    fn read_direct(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = read_some(&mut self.inner, buf)?;
        self.bytes_read += n as u64;
        if matches!(self.mode, Mode::Undecided) {
            let ascii = encoding_rs::Encoding::ascii_valid_up_to(&buf[..n]);
            if ascii < n {
                return self.decide(buf, ascii, n);
            }
        }
        Ok(n)
    }

    /// Called at the first non-ASCII byte (`buf[first]`, with `n` bytes read into `buf`):
    /// settles the encoding of the whole file.
    fn decide(&mut self, buf: &mut [u8], first: usize, n: usize) -> io::Result<usize> {
        let mut validator = Utf8Validator::default();
        if validator.feed(&buf[first..n]) && self.rest_is_utf8(validator)? {
            self.mode = Mode::Utf8;
            return Ok(n);
        }
        self.mode = decode_mode(WINDOWS_1252);
        self.encoding = Encoding::Windows1252;
        self.raw.clear();
        self.raw.extend_from_slice(&buf[first..n]);
        self.raw_pos = 0;
        if first > 0 {
            Ok(first)
        } else {
            self.read_decoded(buf)
        }
    }

    /// Validates the rest of the file as UTF-8, then seeks back to where reading stopped.
    fn rest_is_utf8(&mut self, mut validator: Utf8Validator) -> io::Result<bool> {
        let resume = self.inner.stream_position()?;
        let mut chunk = vec![0u8; SCAN_CHUNK];
        let valid = loop {
            let n = read_some(&mut self.inner, &mut chunk)?;
            if n == 0 {
                break validator.finish();
            }
            if !validator.feed(&chunk[..n]) {
                break false;
            }
        };
        self.inner.seek(SeekFrom::Start(resume))?;
        Ok(valid)
    }

    /// Hands out transcoded text, transcoding the next chunk when needed.
    fn read_decoded(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos == self.out.len() {
            if !self.transcode_next()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }

    /// Transcodes the next raw chunk into `out`; `false` once the input is exhausted and the
    /// decoder flushed.
    fn transcode_next(&mut self) -> io::Result<bool> {
        if self.flushed {
            return Ok(false);
        }
        if self.raw_pos == self.raw.len() {
            self.raw.resize(DECODE_CHUNK, 0);
            let n = read_some(&mut self.inner, &mut self.raw)?;
            self.raw.truncate(n);
            self.raw_pos = 0;
            self.bytes_read += n as u64;
        }
        let Mode::Decode(decoder) = &mut self.mode else {
            return Ok(false);
        };
        let src = &self.raw[self.raw_pos..];
        let last = src.is_empty();
        // Room for the whole chunk, so that one call consumes all of it.
        let room = decoder
            .max_utf8_buffer_length(src.len())
            .unwrap_or(4 * DECODE_CHUNK);
        self.out.resize(room, 0);
        let (_, read, written, _) = decoder.decode_to_utf8(src, &mut self.out, last);
        self.raw_pos += read;
        self.out.truncate(written);
        self.out_pos = 0;
        self.flushed = last;
        Ok(true)
    }
}

impl<R: Read + Seek> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = match self.mode {
            Mode::Decode(_) => self.read_decoded(buf)?,
            Mode::Undecided | Mode::Utf8 => self.read_direct(buf)?,
        };
        if n > 0 {
            if self.cr_as_lf {
                cr_to_lf(&mut buf[..n]);
            }
            self.emitted_any = true;
            self.ends_with_newline = buf[n - 1] == b'\n';
            return Ok(n);
        }
        // End of input: terminate the last line if needed.
        if self.emitted_any && !self.ends_with_newline {
            self.ends_with_newline = true;
            buf[0] = b'\n';
            return Ok(1);
        }
        Ok(0)
    }
}

pub(crate) fn cr_to_lf(bytes: &mut [u8]) {
    for b in bytes.iter_mut().filter(|b| **b == b'\r') {
        *b = b'\n';
    }
}

fn decode_mode(encoding: &'static encoding_rs::Encoding) -> Mode {
    Mode::Decode(Box::new(encoding.new_decoder_without_bom_handling()))
}

/// One `read`, retried when interrupted by a signal.
fn read_some<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match r.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Reads until `buf` is full or the input ends.
fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match read_some(r, &mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Validates UTF-8 fed in chunks that may cut a character in two.
#[derive(Default)]
struct Utf8Validator {
    /// The start of a character cut by the end of the previous chunk.
    pending: [u8; 4],
    pending_len: usize,
}

impl Utf8Validator {
    /// Feeds the next chunk; `false` as soon as the input is not UTF-8.
    fn feed(&mut self, mut chunk: &[u8]) -> bool {
        if self.pending_len > 0 {
            match self.complete_pending(chunk) {
                Some(used) => chunk = &chunk[used..],
                None => return false,
            }
            if self.pending_len > 0 {
                return true; // The chunk was too short to finish the character.
            }
        }
        match std::str::from_utf8(chunk) {
            Ok(_) => true,
            // A character cut by the end of the chunk: keep its start for the next one.
            Err(e) if e.error_len().is_none() => {
                let tail = &chunk[e.valid_up_to()..];
                self.pending[..tail.len()].copy_from_slice(tail);
                self.pending_len = tail.len();
                true
            }
            Err(_) => false,
        }
    }

    /// Completes the pending character from the start of `chunk`. Returns how many bytes of
    /// `chunk` it took, or `None` if the character is invalid.
    fn complete_pending(&mut self, chunk: &[u8]) -> Option<usize> {
        let width = utf8_width(self.pending[0]);
        let take = (width - self.pending_len).min(chunk.len());
        let end = self.pending_len + take;
        self.pending[self.pending_len..end].copy_from_slice(&chunk[..take]);
        match std::str::from_utf8(&self.pending[..end]) {
            Ok(_) => self.pending_len = 0,
            Err(e) if e.error_len().is_none() && end < width => self.pending_len = end,
            Err(_) => return None,
        }
        Some(take)
    }

    /// Whether the input ended on a whole character.
    fn finish(&self) -> bool {
        self.pending_len == 0
    }
}

/// Length of the UTF-8 sequence started by `lead` (only called on bytes that `from_utf8`
/// reported as the start of an incomplete sequence, hence valid lead bytes).
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Cursor;

    fn decode_all(bytes: &[u8], read_size: usize) -> (Vec<u8>, Encoding) {
        let mut r = DecodingReader::new(Cursor::new(bytes.to_vec())).unwrap();
        let mut out = Vec::new();
        let mut buf = vec![0u8; read_size];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        (out, r.encoding())
    }

    /// What the reader must produce: the text in the right encoding, plus a final newline.
    fn expected(bytes: &[u8]) -> (Vec<u8>, Encoding) {
        let (text, enc) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            match std::str::from_utf8(rest) {
                Ok(s) => (s.to_string(), Encoding::Utf8),
                Err(_) => (
                    WINDOWS_1252
                        .decode_without_bom_handling(rest)
                        .0
                        .into_owned(),
                    Encoding::Windows1252,
                ),
            }
        } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            (
                UTF_16LE.decode_without_bom_handling(rest).0.into_owned(),
                Encoding::Utf16Le,
            )
        } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            (
                UTF_16BE.decode_without_bom_handling(rest).0.into_owned(),
                Encoding::Utf16Be,
            )
        } else {
            match std::str::from_utf8(bytes) {
                Ok(s) => (s.to_string(), Encoding::Utf8),
                Err(_) => (
                    WINDOWS_1252
                        .decode_without_bom_handling(bytes)
                        .0
                        .into_owned(),
                    Encoding::Windows1252,
                ),
            }
        };
        let mut text = text.into_bytes();
        if !text.is_empty() && !text.ends_with(b"\n") {
            text.push(b'\n');
        }
        (text, enc)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (out, enc) = decode_all("\u{feff}Número\n".as_bytes(), 4096);
        assert_eq!(
            (out.as_slice(), enc),
            ("Número\n".as_bytes(), Encoding::Utf8)
        );
        let (out, enc) = decode_all("Número\n".as_bytes(), 4096);
        assert_eq!(
            (out.as_slice(), enc),
            ("Número\n".as_bytes(), Encoding::Utf8)
        );
    }

    #[test]
    fn invalid_utf8_is_read_as_windows_1252() {
        let (out, enc) = decode_all(b"N\xfamero;caf\xe9 \x80\n", 4096);
        assert_eq!(enc, Encoding::Windows1252);
        assert_eq!(String::from_utf8(out).unwrap(), "Número;café €\n");
    }

    #[test]
    fn valid_utf8_early_and_invalid_late_is_windows_1252_throughout() {
        let mut bytes = "é\n".as_bytes().to_vec();
        bytes.resize(bytes.len() + 3 * SCAN_CHUNK, b'a');
        bytes.push(0xE9);
        let (out, enc) = decode_all(&bytes, 8192);
        assert_eq!(enc, Encoding::Windows1252);
        assert!(out.starts_with("Ã©\n".as_bytes()));
        assert!(out.ends_with("aé\n".as_bytes()));
    }

    #[test]
    fn utf16_with_bom_is_transcoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "año;ñ\r\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let (out, enc) = decode_all(&bytes, 4096);
        assert_eq!(enc, Encoding::Utf16Le);
        assert_eq!(String::from_utf8(out).unwrap(), "año;ñ\r\n");
    }

    #[test]
    fn empty_input_stays_empty_and_bytes_are_counted() {
        assert_eq!(decode_all(b"", 16).0, b"");
        assert_eq!(decode_all(b"\xEF\xBB\xBF", 16).0, b"");
        let mut r = DecodingReader::new(Cursor::new(b"ab\xe9".to_vec())).unwrap();
        io::copy(&mut r, &mut io::sink()).unwrap();
        assert_eq!(r.bytes_read(), 3);
    }

    proptest! {
        #[test]
        fn validator_agrees_with_std(bytes in proptest::collection::vec(any::<u8>(), 0..64),
                                     cuts in proptest::collection::vec(0usize..64, 0..6)) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut v = Utf8Validator::default();
            let mut ok = true;
            let mut start = 0;
            for end in cuts.into_iter().chain([bytes.len()]) {
                ok = ok && v.feed(&bytes[start..end]);
                start = end;
            }
            ok = ok && v.finish();
            prop_assert_eq!(ok, std::str::from_utf8(&bytes).is_ok());
        }

        #[test]
        fn reader_output_matches_whole_file_decoding(
            bytes in proptest::collection::vec(prop_oneof![
                4 => 0x20u8..0x7F, 1 => Just(b'\n'), 1 => any::<u8>(),
                1 => Just(0xC3u8), 1 => Just(0xA9u8)], 0..300),
            read_size in 1usize..40,
        ) {
            prop_assert_eq!(decode_all(&bytes, read_size), expected(&bytes));
        }

        #[test]
        fn reader_handles_valid_utf8_text(s in "\\PC{0,200}", read_size in 1usize..40) {
            prop_assert_eq!(decode_all(s.as_bytes(), read_size), expected(s.as_bytes()));
        }
    }
}

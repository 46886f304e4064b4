//! The files of a saved serial index: `serials.idx` (the main segment) and
//! `serials.delta.idx` (the records stored after it), in the data folder beside the store.
//!
//! A file is a header, the serialized [`SerialIndex`] and a checksum of all that precedes it:
//!
//! ```text
//! magic "RSTRSEGM", FILE_VERSION (u32), kind (u8: 0 main, 1 delta), build id (u64),
//! makers fingerprint (u64), codes fingerprint (u64), base and last record ids (i64),
//! marks (u32 count, then id i64, present u8, mark i64), tokens (u32 count, then tag u8 and a
//! maker index u32 or a name: u32 length and UTF-8), index length (u64) and bytes, checksum (u64)
//! ```
//!
//! The stamp (fingerprints, ids, marks) says which records the segment covers: ids in
//! `(base, last]` of the store whose records have these marks, indexed with this makers table
//! and these code tables. A delta carries the build id of the main segment it extends, and
//! the whole token table (the main's, then the makers met in the delta).

use rastro_domain::codes::{Caliber, FirearmType};
use rastro_domain::makers::MakerToken;
use rastro_domain::serial::{FormatError, SerialIndex};
use rastro_domain::MakerTable;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// The main segment's file name in the data folder.
pub(crate) const MAIN_FILE: &str = "serials.idx";
/// The delta segment's file name.
pub(crate) const DELTA_FILE: &str = "serials.delta.idx";

const MAGIC: [u8; 8] = *b"RSTRSEGM";
/// The layout of the file around the index (the index has its own layout version).
const FILE_VERSION: u32 = 1;
/// Longest maker name kept in a token table: a longer one means a damaged file.
const MAX_NAME_BYTES: u32 = 1 << 16;

/// Which part of the index a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Main,
    Delta,
}

/// Everything in a file but the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub kind: Kind,
    /// A main segment's own id; a delta's is the id of the main it extends.
    pub build_id: u64,
    pub makers: u64,
    pub codes: u64,
    /// The segment covers the record ids in `(base, last]`.
    pub base: i64,
    pub last: i64,
    /// Some ids of that range with their records' marks ([`rastro_store::Store::record_marks`]).
    pub marks: Vec<(i64, Option<i64>)>,
    /// Index maker id → maker token.
    pub tokens: Vec<MakerToken>,
}

/// Why a saved file cannot be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FileError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Index(#[from] FormatError),
    #[error("not a saved serial index")]
    NotAnIndexFile,
    #[error("saved by another version of rastro (file layout {0})")]
    Version(u32),
    #[error("damaged: {0}")]
    Damaged(&'static str),
}

pub(crate) fn path(dir: &Path, kind: Kind) -> PathBuf {
    dir.join(match kind {
        Kind::Main => MAIN_FILE,
        Kind::Delta => DELTA_FILE,
    })
}

/// Writes a segment atomically: a reader sees the old file or the new one, never a mix. Not
/// synced to disk: a file torn by a crash fails its checksum and is rebuilt.
pub(crate) fn write(dir: &Path, header: &Header, index: &SerialIndex) -> std::io::Result<()> {
    let index_bytes = index.to_bytes();
    let mut head = encode_header(header);
    head.extend_from_slice(&(index_bytes.len() as u64).to_le_bytes());
    let sum = file_checksum(&head, &index_bytes);
    let target = path(dir, header.kind);
    let temp = target.with_extension(format!("tmp{}", std::process::id()));
    let written = File::create(&temp).and_then(|mut f| {
        f.write_all(&head)?;
        f.write_all(&index_bytes)?;
        f.write_all(&sum.to_le_bytes())
    });
    match written.and_then(|()| std::fs::rename(&temp, &target)) {
        Ok(()) => Ok(()),
        Err(error) => {
            let _ = std::fs::remove_file(&temp);
            Err(error)
        }
    }
}

/// The checksum of a file: of its header (with the index length) and of its index, combined,
/// so that writing needs no copy of the index joined to the header.
fn file_checksum(head: &[u8], index: &[u8]) -> u64 {
    checksum(head).rotate_left(17) ^ checksum(index)
}

/// Reads a whole segment, checksum and index checked.
pub(crate) fn read(dir: &Path, kind: Kind) -> Result<(Header, SerialIndex), FileError> {
    let bytes = std::fs::read(path(dir, kind))?;
    let Some(body_len) = bytes.len().checked_sub(8) else {
        return Err(FileError::NotAnIndexFile);
    };
    let (body, sum) = bytes.split_at(body_len);
    let mut rest = body;
    let header = decode_header(&mut rest)?;
    let len = read_u64(&mut rest)?;
    if len != rest.len() as u64 {
        return Err(FileError::Damaged("index length"));
    }
    let head = &body[..body.len() - rest.len()];
    if u64::from_le_bytes(sum.try_into().expect("8 bytes")) != file_checksum(head, rest) {
        return Err(FileError::Damaged("checksum"));
    }
    let index = SerialIndex::from_bytes(rest)?;
    Ok((header, index))
}

/// Reads the header of a segment only (what an import needs to extend it).
pub(crate) fn read_header(dir: &Path, kind: Kind) -> Result<Header, FileError> {
    let mut reader = BufReader::new(File::open(path(dir, kind))?);
    decode_header(&mut reader)
}

/// Removes a segment file; a missing one is not an error.
pub(crate) fn remove(dir: &Path, kind: Kind) -> std::io::Result<()> {
    match std::fs::remove_file(path(dir, kind)) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

fn encode_header(h: &Header) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&FILE_VERSION.to_le_bytes());
    out.push(match h.kind {
        Kind::Main => 0,
        Kind::Delta => 1,
    });
    for v in [h.build_id, h.makers, h.codes] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for v in [h.base, h.last] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(h.marks.len() as u32).to_le_bytes());
    for &(id, mark) in &h.marks {
        out.extend_from_slice(&id.to_le_bytes());
        out.push(u8::from(mark.is_some()));
        out.extend_from_slice(&mark.unwrap_or(0).to_le_bytes());
    }
    out.extend_from_slice(&(h.tokens.len() as u32).to_le_bytes());
    for token in &h.tokens {
        match token {
            MakerToken::Known(index) => {
                out.push(0);
                out.extend_from_slice(&index.to_le_bytes());
            }
            MakerToken::Unknown(name) => {
                out.push(1);
                out.extend_from_slice(&(name.len() as u32).to_le_bytes());
                out.extend_from_slice(name.as_bytes());
            }
        }
    }
    out
}

fn decode_header(r: &mut impl Read) -> Result<Header, FileError> {
    if read_array::<8>(r)? != MAGIC {
        return Err(FileError::NotAnIndexFile);
    }
    let version = u32::from_le_bytes(read_array(r)?);
    if version != FILE_VERSION {
        return Err(FileError::Version(version));
    }
    let kind = match read_array::<1>(r)?[0] {
        0 => Kind::Main,
        1 => Kind::Delta,
        _ => return Err(FileError::Damaged("kind")),
    };
    let (build_id, makers, codes) = (read_u64(r)?, read_u64(r)?, read_u64(r)?);
    let (base, last) = (read_u64(r)? as i64, read_u64(r)? as i64);
    let marks = read_marks(r)?;
    let tokens = read_tokens(r)?;
    Ok(Header {
        kind,
        build_id,
        makers,
        codes,
        base,
        last,
        marks,
        tokens,
    })
}

fn read_marks(r: &mut impl Read) -> Result<Vec<(i64, Option<i64>)>, FileError> {
    let n = u32::from_le_bytes(read_array(r)?);
    if n > 64 {
        return Err(FileError::Damaged("marks"));
    }
    (0..n)
        .map(|_| {
            let id = read_u64(r)? as i64;
            let present = read_array::<1>(r)?[0] != 0;
            let mark = read_u64(r)? as i64;
            Ok((id, present.then_some(mark)))
        })
        .collect()
}

fn read_tokens(r: &mut impl Read) -> Result<Vec<MakerToken>, FileError> {
    let n = u32::from_le_bytes(read_array(r)?);
    // No capacity from the file: a damaged count fails on reading, not on allocating.
    let mut tokens = Vec::new();
    for _ in 0..n {
        let token = match read_array::<1>(r)?[0] {
            0 => MakerToken::Known(u32::from_le_bytes(read_array(r)?)),
            1 => MakerToken::Unknown(read_name(r)?),
            _ => return Err(FileError::Damaged("maker tokens")),
        };
        tokens.push(token);
    }
    Ok(tokens)
}

fn read_name(r: &mut impl Read) -> Result<String, FileError> {
    let len = u32::from_le_bytes(read_array(r)?);
    if len > MAX_NAME_BYTES {
        return Err(FileError::Damaged("maker name"));
    }
    let mut bytes = vec![0u8; len as usize];
    r.read_exact(&mut bytes).map_err(cut_short)?;
    String::from_utf8(bytes).map_err(|_| FileError::Damaged("maker name"))
}

fn read_array<const N: usize>(r: &mut impl Read) -> Result<[u8; N], FileError> {
    let mut a = [0u8; N];
    r.read_exact(&mut a).map_err(cut_short)?;
    Ok(a)
}

/// A file that ends early is damaged, whatever the reader calls it.
fn cut_short(error: std::io::Error) -> FileError {
    match error.kind() {
        std::io::ErrorKind::UnexpectedEof => FileError::Damaged("cut short"),
        _ => FileError::Io(error),
    }
}

fn read_u64(r: &mut impl Read) -> Result<u64, FileError> {
    Ok(u64::from_le_bytes(read_array(r)?))
}

/// A 64-bit checksum over four interleaved lanes of words, so a file of hundreds of
/// megabytes is checked in a few tens of milliseconds. Detects damage, not tampering.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut lanes = [1u64, 2, 3, 4];
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        for (lane, word) in lanes.iter_mut().zip(chunk.chunks_exact(8)) {
            let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
            *lane = (lane.rotate_left(23) ^ w).wrapping_mul(K);
        }
    }
    let mut h = bytes.len() as u64;
    for &b in chunks.remainder() {
        h = (h.rotate_left(8) ^ u64::from(b)).wrapping_mul(K);
    }
    for lane in lanes {
        h = (h.rotate_left(31) ^ lane).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

/// The makers table as the index sees it: maker ids are positions in it, and a record's
/// maker identity depends on every code, name and alias.
pub(crate) fn makers_fingerprint(makers: &MakerTable) -> u64 {
    let mut text = String::new();
    for maker in makers.iter() {
        text.push_str(&maker.code);
        text.push('\u{1f}');
        text.push_str(&maker.name);
        for alias in &maker.aliases {
            text.push('\u{1f}');
            text.push_str(alias);
        }
        text.push('\u{1e}');
    }
    rastro_store::stable_hash(&text) as u64
}

/// The code tables behind a record's attribute codes (type and caliber group), and the
/// version of rastro, whose reading of those columns may change with it.
pub(crate) fn codes_fingerprint(caliber_group: impl Fn(Caliber) -> Option<u16>) -> u64 {
    let mut text = String::from(env!("CARGO_PKG_VERSION"));
    for kind in FirearmType::ALL {
        text.push_str(kind.code());
        text.push('\u{1f}');
    }
    for &caliber in Caliber::ALL {
        text.push_str(caliber.code());
        text.push_str(&format!("={:?}\u{1f}", caliber_group(caliber)));
    }
    rastro_store::stable_hash(&text) as u64
}

/// The ids whose marks stamp the range `(base, last]`: both ends and seven between.
pub(crate) fn mark_ids(base: i64, last: i64) -> Vec<i64> {
    if last <= base {
        return Vec::new();
    }
    let span = last - base - 1;
    let mut ids: Vec<i64> = (0..=8)
        .map(|k| base + 1 + span / 8 * k + span % 8 * k / 8)
        .collect();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(kind: Kind) -> Header {
        Header {
            kind,
            build_id: 7,
            makers: 1,
            codes: 2,
            base: 0,
            last: 30,
            marks: vec![(1, Some(-5)), (30, None)],
            tokens: vec![
                MakerToken::Known(3),
                MakerToken::Unknown("ACME ARMS".into()),
            ],
        }
    }

    fn index() -> SerialIndex {
        let mut b = rastro_domain::serial::IndexBuilder::new();
        b.add(0, "LE014388", 1, Default::default());
        b.add(1, "BXR123", 2, Default::default());
        b.build()
    }

    #[test]
    fn a_segment_round_trips_whole_and_header_only() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &header(Kind::Delta), &index()).unwrap();
        let (h, ix) = read(dir.path(), Kind::Delta).unwrap();
        assert_eq!(h, header(Kind::Delta));
        assert_eq!(ix.len(), 2);
        assert_eq!(read_header(dir.path(), Kind::Delta).unwrap(), h);
        assert!(matches!(
            read(dir.path(), Kind::Main),
            Err(FileError::Io(_))
        ));
    }

    #[test]
    fn any_damage_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &header(Kind::Main), &index()).unwrap();
        let file = path(dir.path(), Kind::Main);
        let good = std::fs::read(&file).unwrap();
        // The header byte by byte, then the rest at a prime stride (each read checks it all).
        let positions = (0..200).chain((200..good.len()).step_by(4099));
        for at in positions {
            let mut bad = good.clone();
            bad[at] ^= 0x10;
            std::fs::write(&file, &bad).unwrap();
            assert!(read(dir.path(), Kind::Main).is_err(), "flip at {at}");
            std::fs::write(&file, &good[..at]).unwrap();
            assert!(read(dir.path(), Kind::Main).is_err(), "cut at {at}");
        }
    }

    #[test]
    fn marks_cover_both_ends() {
        assert_eq!(mark_ids(0, 0), Vec::<i64>::new());
        assert_eq!(mark_ids(0, 1), vec![1]);
        assert_eq!(mark_ids(10, 13), vec![11, 12, 13]);
        let ids = mark_ids(0, 1_000_000);
        assert_eq!((ids[0], ids[8], ids.len()), (1, 1_000_000, 9));
    }
}

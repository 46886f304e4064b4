//! How a serial was written, kept as what it adds to its L3 form.
//!
//! A hit shows the serial as added, but the index needs it only for the hits it returns, and
//! the L3 form is already there: the serial's case, its separators, its leading zeros and which
//! look-alike character each folded one was. An ASCII serial is stored as those differences,
//! a few bits each (2 bytes a serial on average over the benchmark's corpus, where the serials
//! themselves take 5): a *spelling*. The bytes kept for a serial are
//! - nothing, where the serial is its own L3 form;
//! - a spelling, whose first byte is in `0x80..=0xBF`, which never starts UTF-8 text;
//! - else the serial's own bytes (not ASCII, or a spelling would be no shorter).
//!
//! A spelling is a header byte `0b10_00_eslc` (`c`: letters are lower case unless said
//! otherwise; `l`: a leading run; `s`: separators; `e`: exceptions), then, least significant
//! bit first:
//! - with `l`, the leading run of `0`s and separators that the L2 form drops: its length − 1
//!   (6 bits), a bit "all zeros", and unless it is set, each character's kind (4 bits);
//! - with `s`, the separators after the run: their count − 1 (6 bits), then each one's
//!   position among the characters after the run (6 bits) and its kind (4 bits);
//! - with `e`, the characters written otherwise than by default (a letter in the other case, a
//!   folded character written as a letter): their count − 1 (6 bits), then each one's position
//!   in the L3 form (6 bits) and its code (3 bits, [`variants`]).
//!
//! Decoding never panics, whatever the bytes: a damaged spelling gives a wrong serial, never a
//! crash (the saved index's bytes are checked for what a search indexes with, not for this).

use crate::levels::{ascii_folded, ascii_upper, is_ascii_separator};

/// Serials up to this long may be spelled (positions and counts take 6 bits).
const MAX_SPELLED: usize = 64;

/// The separators of [`crate::levels`] and the leading `0`, by kind code.
const KINDS: [u8; 11] = [
    b'0', b'\t', b'\n', 0x0B, 0x0C, b'\r', b' ', b'-', b'.', b'/', b'_',
];

const HEADER: u8 = 0x80;
const LOWER: u8 = 1;
const LEADING: u8 = 2;
const SEPARATORS: u8 = 4;
const EXCEPTIONS: u8 = 8;

/// The ways a character of an L3 form can be written, by code: the character itself first.
fn variants(l3: u8) -> &'static [u8] {
    match l3 {
        b'0' => b"0OQDoqd",
        b'1' => b"1ILil",
        b'2' => b"2Zz",
        b'5' => b"5Ss",
        b'6' => b"6Gg",
        b'8' => b"8Bb",
        _ => b"",
    }
}

/// Appends to `out` the bytes to keep for `serial`, whose L3 form is `l3` (module text).
pub(crate) fn encode(serial: &[u8], l3: &[u8], out: &mut Vec<u8>) {
    if serial == l3 {
        return;
    }
    let start = out.len();
    if !spell(serial, l3, out) || out.len() - start >= serial.len() {
        out.truncate(start);
        out.extend_from_slice(serial);
    }
}

/// Writes the spelling of `serial`; `false` where it has none (module text).
fn spell(serial: &[u8], l3: &[u8], out: &mut Vec<u8>) -> bool {
    if serial.len() > MAX_SPELLED || !serial.is_ascii() {
        return false;
    }
    let lead = serial
        .iter()
        .take_while(|&&b| b == b'0' || is_ascii_separator(b))
        .count();
    let (leading, rest) = serial.split_at(lead);
    let letters = rest.iter().filter(|b| plain_letter(**b));
    let lower = letters.clone().filter(|b| b.is_ascii_lowercase()).count() * 2 > letters.count();
    // At most 64 of each (a serial's length): on the stack, as the build spells every serial.
    let mut separators = Pairs::default();
    let mut exceptions = Pairs::default();
    let mut i = 0;
    for (at, &b) in rest.iter().enumerate() {
        if is_ascii_separator(b) {
            separators.push((at, kind_of(b)));
            continue;
        }
        let folded = ascii_folded(ascii_upper(b));
        if l3.get(i) != Some(&folded) {
            return false; // not this serial's L3 form
        }
        let code = code_of(b, folded, lower);
        if code != 0 {
            exceptions.push((i, code));
        }
        i += 1;
    }
    if i != l3.len() {
        return false;
    }
    let mut bits = BitWriter::new(out);
    let flags = u8::from(lower)
        | if leading.is_empty() { 0 } else { LEADING }
        | if separators.is_empty() { 0 } else { SEPARATORS }
        | if exceptions.is_empty() { 0 } else { EXCEPTIONS };
    bits.out.push(HEADER | flags);
    if !leading.is_empty() {
        bits.put(leading.len() - 1, 6);
        let all_zeros = leading.iter().all(|&b| b == b'0');
        bits.put(usize::from(all_zeros), 1);
        if !all_zeros {
            for &b in leading {
                bits.put(kind_of(b), 4);
            }
        }
    }
    bits.list(separators.as_slice(), 4);
    bits.list(exceptions.as_slice(), 3);
    bits.finish();
    true
}

/// Up to [`MAX_SPELLED`] `(position, code)` pairs, a byte each (positions are below 64, codes
/// below 16): small enough to be on the stack of every hit's decoding.
struct Pairs {
    items: [(u8, u8); MAX_SPELLED],
    len: usize,
}

impl Default for Pairs {
    fn default() -> Self {
        Pairs {
            items: [(0, 0); MAX_SPELLED],
            len: 0,
        }
    }
}

impl Pairs {
    fn push(&mut self, (position, code): (usize, usize)) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = (position as u8, code as u8);
            self.len += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn as_slice(&self) -> &[(u8, u8)] {
        &self.items[..self.len]
    }
}

/// A letter that L3 keeps as a letter (its case is all there is to say of it).
fn plain_letter(b: u8) -> bool {
    b.is_ascii_alphabetic() && variants(ascii_folded(ascii_upper(b))).is_empty()
}

/// How `b` is written, given its L3 character and the default case of letters: 0 is the
/// default way.
fn code_of(b: u8, folded: u8, lower: bool) -> usize {
    let ways = variants(folded);
    if !ways.is_empty() {
        return ways.iter().position(|&w| w == b).unwrap_or(0);
    }
    usize::from(b.is_ascii_alphabetic() && b.is_ascii_lowercase() != lower)
}

fn kind_of(b: u8) -> usize {
    KINDS.iter().position(|&k| k == b).unwrap_or(0)
}

/// Writes into `out` the serial that `stored` keeps for the L3 form `l3` (module text).
pub(crate) fn decode(stored: &[u8], l3: &[u8], out: &mut Vec<u8>) {
    out.clear();
    match stored.first() {
        None => out.extend_from_slice(l3),
        Some(&header) if header & 0xC0 == HEADER => unspell(header, &stored[1..], l3, out),
        Some(_) => out.extend_from_slice(stored),
    }
}

fn unspell(header: u8, stream: &[u8], l3: &[u8], out: &mut Vec<u8>) {
    let mut bits = BitReader {
        bytes: stream,
        at: 0,
    };
    if header & LEADING != 0 {
        let len = bits.get(6) + 1;
        let all_zeros = bits.get(1) == 1;
        for _ in 0..len {
            out.push(if all_zeros { b'0' } else { kind(bits.get(4)) });
        }
    }
    // Filled in place: a `Pairs` is 129 bytes, not worth moving.
    let (mut separators, mut exceptions) = (Pairs::default(), Pairs::default());
    bits.list_into(header & SEPARATORS != 0, 4, &mut separators);
    bits.list_into(header & EXCEPTIONS != 0, 3, &mut exceptions);
    let lower = header & LOWER != 0;
    let (separators, exceptions) = (separators.as_slice(), exceptions.as_slice());
    // Separators (by position among the characters written) and exceptions (by position in
    // the L3 form) are merged into the L3 characters, each list in order.
    let (mut s, mut x) = (0, 0);
    let mut i = 0;
    let mut at = 0;
    while i < l3.len() || s < separators.len() {
        if let Some(&(pos, k)) = separators.get(s) {
            if usize::from(pos) <= at || i >= l3.len() {
                out.push(kind(usize::from(k)));
                s += 1;
                at += 1;
                continue;
            }
        }
        let c = l3[i];
        let code = match exceptions.get(x) {
            Some(&(pos, code)) if usize::from(pos) <= i => {
                x += 1;
                usize::from(code)
            }
            _ => 0,
        };
        // The default way with letters in upper case is the L3 character itself.
        out.push(if code == 0 && !lower {
            c
        } else {
            written(c, code, lower)
        });
        i += 1;
        at += 1;
    }
}

/// The character written for the L3 character `c` by `code` (see [`code_of`]).
fn written(c: u8, code: usize, lower: bool) -> u8 {
    let ways = variants(c);
    if !ways.is_empty() {
        return ways.get(code).copied().unwrap_or(c);
    }
    if c.is_ascii_alphabetic() && (code == 1) != lower {
        c.to_ascii_lowercase()
    } else {
        c
    }
}

fn kind(code: usize) -> u8 {
    KINDS.get(code).copied().unwrap_or(b'0')
}

/// Bits appended to a byte vector, least significant first.
struct BitWriter<'a> {
    out: &'a mut Vec<u8>,
    word: u64,
    len: u32,
}

impl<'a> BitWriter<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        BitWriter {
            out,
            word: 0,
            len: 0,
        }
    }

    fn put(&mut self, value: usize, width: u32) {
        self.word |= ((value as u64) & ((1 << width) - 1)) << self.len;
        self.len += width;
        while self.len >= 8 {
            self.out.push(self.word as u8);
            self.word >>= 8;
            self.len -= 8;
        }
    }

    /// A list of `(position, code)`: its length − 1, then each pair (nothing when empty).
    fn list(&mut self, items: &[(u8, u8)], code_width: u32) {
        if let Some(count) = items.len().checked_sub(1) {
            self.put(count, 6);
            for &(position, code) in items {
                self.put(usize::from(position), 6);
                self.put(usize::from(code), code_width);
            }
        }
    }

    fn finish(mut self) {
        if self.len > 0 {
            self.put(0, 8 - self.len);
        }
    }
}

/// Bits read from bytes, least significant first; zeros past the end.
struct BitReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl BitReader<'_> {
    /// The next `width` (at most 32) bits: the 5 bytes from the current one, shifted.
    fn get(&mut self, width: usize) -> usize {
        let (byte, shift) = (self.at / 8, self.at % 8);
        self.at += width;
        // Byte by byte, each a fixed read: a copy of a variable length calls `memcpy`, per
        // field of every hit's spelling.
        let mut word = 0u64;
        for k in 0..5 {
            word |= u64::from(self.bytes.get(byte + k).copied().unwrap_or(0)) << (8 * k);
        }
        ((word >> shift) & ((1 << width) - 1)) as usize
    }

    /// A list written by [`BitWriter::list`], into `pairs` (empty where `present` is not set).
    fn list_into(&mut self, present: bool, code_width: usize, pairs: &mut Pairs) {
        if present {
            for _ in 0..self.get(6) + 1 {
                let position = self.get(6);
                pairs.push((position, self.get(code_width)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::levels::{level_key, Level};

    fn stored(serial: &str) -> Vec<u8> {
        let l3 = level_key(serial, Level::Confusable);
        let mut out = Vec::new();
        encode(serial.as_bytes(), l3.as_bytes(), &mut out);
        out
    }

    fn round_trip(serial: &str) -> String {
        let l3 = level_key(serial, Level::Confusable);
        let mut out = Vec::new();
        decode(&stored(serial), l3.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn serials_come_back_as_written() {
        for serial in [
            "LE0I4388",
            "le0i4388",
            "Le0I4388",
            "123-45678",
            "00-12 3",
            "0000SO",
            "ABC 1.2/3_4",
            "0\t1",
            "SP101389",
            "sp1o1389",
            "QDOqdo0",
            "ZzSsGgBb",
            "x",
            "0-0-7",
            "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWx",
        ] {
            assert_eq!(round_trip(serial), serial);
        }
    }

    #[test]
    fn a_spelling_is_shorter_than_the_serial() {
        assert_eq!(
            stored("A8C123"),
            b"",
            "a serial that is its L3 form keeps nothing"
        );
        assert_eq!(stored("LE123456").len(), 3, "one letter for a digit");
        assert_eq!(stored("LE0I4388").len(), 4, "two");
        assert_eq!(stored("123-45678").len(), 3);
        assert_eq!(stored("abc123").len(), 3);
        assert!(stored("LE0I4388")[0] & 0xC0 == HEADER);
    }

    #[test]
    fn other_serials_are_kept_as_they_are() {
        assert_eq!(stored("ÑA-1"), "ÑA-1".as_bytes(), "not ASCII");
        assert_eq!(stored("a"), b"a", "a spelling would be no shorter");
        assert_eq!(round_trip("ÑA-1"), "ÑA-1");
    }

    proptest::proptest! {
        #[test]
        fn any_serial_comes_back(serial in "[ -~\t]{0,64}|\\PC{0,20}") {
            proptest::prop_assert_eq!(round_trip(&serial), serial);
        }

        #[test]
        fn any_bytes_decode_without_a_panic(
            stored in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            l3 in "[0-9A-Z]{0,70}",
        ) {
            let mut out = Vec::new();
            decode(&stored, l3.as_bytes(), &mut out);
            proptest::prop_assert!(out.len() <= stored.len().max(l3.len()) + 64 * 2);
        }
    }

    #[test]
    fn damaged_bytes_decode_without_a_panic() {
        let mut out = Vec::new();
        for stored in [
            &[0x8F][..],
            &[0xBF, 0xFF, 0xFF, 0xFF],
            &[0x84, 0x3F],
            &[0x88],
        ] {
            decode(stored, b"A8C", &mut out);
            decode(stored, b"", &mut out);
        }
    }
}

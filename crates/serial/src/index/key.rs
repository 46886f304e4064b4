//! L3 forms as characters.

use super::verify::MAX_NEAR_CHARS;
use crate::levels::{level_chars, level_key, push_ascii_level_bytes, Level};

/// Longest serial kept by the index, in bytes. Real serials are under 20 characters; capping
/// them bounds every per-entry length to one byte and every L3 form to 192 bytes.
pub const MAX_SERIAL_BYTES: usize = 64;

/// Cuts `serial` to at most [`MAX_SERIAL_BYTES`] bytes, at a character boundary.
pub(crate) fn truncate_serial(serial: &str) -> &str {
    if serial.len() <= MAX_SERIAL_BYTES {
        return serial;
    }
    let mut end = MAX_SERIAL_BYTES;
    while !serial.is_char_boundary(end) {
        end -= 1;
    }
    &serial[..end]
}

/// Writes the L3 form of `serial` into `out` as characters.
pub(crate) fn l3_chars(serial: &str, out: &mut Vec<char>) {
    level_chars(serial, Level::Confusable, out);
}

/// Writes the L3 form of `serial` into `out` as UTF-8 (at most 255 bytes): the build's hot
/// loop.
pub(crate) fn l3_bytes(serial: &str, out: &mut Vec<u8>) {
    out.clear();
    if serial.is_ascii() {
        push_ascii_level_bytes(serial.as_bytes(), Level::Confusable, out);
        return;
    }
    let key = level_key(serial, Level::Confusable);
    let mut end = key.len().min(255);
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    out.extend_from_slice(&key.as_bytes()[..end]);
}

/// A near query's L3 form as UTF-8, on the stack (it has at most [`MAX_NEAR_CHARS`]
/// characters): what an exact lookup compares with the stored keys.
pub(crate) struct KeyText {
    bytes: [u8; 4 * MAX_NEAR_CHARS],
    len: usize,
}

impl KeyText {
    pub(crate) fn new(key: &[char]) -> Self {
        let mut text = KeyText {
            bytes: [0; 4 * MAX_NEAR_CHARS],
            len: 0,
        };
        for c in key.iter().take(MAX_NEAR_CHARS) {
            text.len += c.encode_utf8(&mut text.bytes[text.len..]).len();
        }
        text
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// Decodes stored UTF-8 key bytes into `out` (a plain widening for ASCII keys).
pub(crate) fn decode(bytes: &[u8], out: &mut Vec<char>) {
    out.clear();
    if bytes.is_ascii() {
        out.extend(bytes.iter().map(|&b| b as char));
    } else {
        out.extend(String::from_utf8_lossy(bytes).chars());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_l3_agrees_with_level_key() {
        let mut out = Vec::new();
        for s in ["0012-ab ol", "LE0I4388", "", "000", "ßq-0", " 0 0a"] {
            l3_chars(s, &mut out);
            let expected: Vec<char> = level_key(s, Level::Confusable).chars().collect();
            assert_eq!(out, expected, "{s:?}");
        }
    }

    #[test]
    fn byte_l3_agrees_with_level_key() {
        let mut out = Vec::new();
        let mut odd: String = (0u8..128).map(char::from).collect();
        odd.push_str("0O1-l i\x0bs5");
        for s in [
            "0012-ab ol",
            "LE0I4388",
            "",
            "000",
            "ßq-0",
            " 0 0a",
            "O1",
            odd.as_str(),
        ] {
            l3_bytes(s, &mut out);
            assert_eq!(out, level_key(s, Level::Confusable).as_bytes(), "{s:?}");
        }
    }

    #[test]
    fn truncation_keeps_char_boundaries() {
        let long = "é".repeat(100);
        assert!(truncate_serial(&long).len() <= MAX_SERIAL_BYTES);
        assert_eq!(truncate_serial("abc"), "abc");
    }
}

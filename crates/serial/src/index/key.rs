//! L3 forms as characters.

use crate::levels::{fold_confusable, is_separator, level_key, Level};

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

/// Writes the L3 form of `serial` into `out`: the same as `level_key(serial, Confusable)`,
/// without allocating for the ASCII serials that make up nearly all of the corpus.
pub(crate) fn l3_chars(serial: &str, out: &mut Vec<char>) {
    out.clear();
    if !serial.is_ascii() {
        out.extend(level_key(serial, Level::Confusable).chars());
        return;
    }
    let mut leading = true;
    for &b in serial.as_bytes() {
        let c = b.to_ascii_uppercase() as char;
        if is_separator(c) || (leading && c == '0') {
            continue;
        }
        leading = false;
        out.push(fold_confusable(c));
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
    fn truncation_keeps_char_boundaries() {
        let long = "é".repeat(100);
        assert!(truncate_serial(&long).len() <= MAX_SERIAL_BYTES);
        assert_eq!(truncate_serial("abc"), "abc");
    }
}

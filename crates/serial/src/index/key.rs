//! L3 forms as characters, and the three segments the near index is keyed by.

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

/// The three segments `(start, len)` of a key of `n` characters, as even as possible.
/// With up to 2 edits, one of them survives intact (pigeonhole), see `near.rs`.
pub(crate) fn segments(n: usize) -> [(usize, usize); 3] {
    let (base, rem) = (n / 3, n % 3);
    let l0 = base + usize::from(rem > 0);
    let l1 = base + usize::from(rem > 1);
    [(0, l0), (l0, l1), (l0 + l1, base)]
}

/// The posting-list key of segment `i` of a key of length `n` whose content is `chars`.
/// A collision only adds candidates, which verification then rejects.
pub(crate) fn segment_hash(n: usize, i: usize, chars: &[char]) -> u64 {
    // (n, i) go through the finaliser first: xor-ed straight into the FNV state they would
    // cancel against the first character (segment 1 "3…" and segment 2 "0…" collided).
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ mix((n as u64) << 8 | i as u64);
    for &c in chars {
        h = (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// splitmix64's finaliser: spreads the FNV state over the top bits the directory uses.
fn mix(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
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
    fn segments_cover_the_key() {
        for n in 0..70 {
            let s = segments(n);
            assert_eq!(s[0].0, 0);
            assert_eq!(s[1].0, s[0].1);
            assert_eq!(s[2].0 + s[2].1, n);
        }
    }

    #[test]
    fn segment_numbers_do_not_cancel_against_characters() {
        assert_ne!(segment_hash(8, 1, &['3']), segment_hash(8, 2, &['0']));
    }

    #[test]
    fn truncation_keeps_char_boundaries() {
        let long = "é".repeat(100);
        assert!(truncate_serial(&long).len() <= MAX_SERIAL_BYTES);
        assert_eq!(truncate_serial("abc"), "abc");
    }
}

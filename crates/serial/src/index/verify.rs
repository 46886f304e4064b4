//! Verification of near candidates: Hyyrö's bit-parallel optimal-string-alignment distance
//! ("A bit-vector algorithm for computing Levenshtein and Damerau edit distances", 2003).
//!
//! The query's L3 form (at most 64 characters) is the pattern, one bit per character; each
//! candidate character then costs a handful of word operations, so verifying a candidate is
//! cheaper than fetching it from memory.

/// Longest near query, in L3 characters: one machine word of pattern bits.
pub const MAX_NEAR_CHARS: usize = 64;

/// A query prepared for bit-parallel OSA distance computations.
pub(crate) struct OsaPattern {
    ascii: [u64; 128],
    other: Vec<(char, u64)>,
    len: usize,
}

impl OsaPattern {
    /// Prepares `pattern`; characters past [`MAX_NEAR_CHARS`] are ignored (the caller rejects
    /// such queries before).
    pub(crate) fn new(pattern: &[char]) -> Self {
        let mut p = OsaPattern {
            ascii: [0; 128],
            other: Vec::new(),
            len: pattern.len().min(MAX_NEAR_CHARS),
        };
        for (i, &c) in pattern.iter().take(MAX_NEAR_CHARS).enumerate() {
            let bit = 1u64 << i;
            match usize::try_from(u32::from(c)).ok().filter(|&u| u < 128) {
                Some(u) => p.ascii[u] |= bit,
                None => match p.other.iter_mut().find(|(o, _)| *o == c) {
                    Some((_, mask)) => *mask |= bit,
                    None => p.other.push((c, bit)),
                },
            }
        }
        p
    }

    fn peq(&self, c: char) -> u64 {
        let u = u32::from(c) as usize;
        if u < 128 {
            self.ascii[u]
        } else {
            self.other
                .iter()
                .find(|(o, _)| *o == c)
                .map_or(0, |&(_, m)| m)
        }
    }

    /// The OSA distance between the pattern and `text`, if it is at most `k`.
    pub(crate) fn within(&self, text: &[char], k: usize) -> Option<u8> {
        self.within_iter(text.iter().copied(), k)
    }

    /// [`Self::within`] over ASCII bytes, without decoding them first.
    pub(crate) fn within_ascii(&self, text: &[u8], k: usize) -> Option<u8> {
        self.within_iter(text.iter().map(|&b| char::from(b)), k)
    }

    fn within_iter(&self, text: impl ExactSizeIterator<Item = char>, k: usize) -> Option<u8> {
        let (m, n) = (self.len, text.len());
        if m.abs_diff(n) > k {
            return None;
        }
        if m == 0 {
            return u8::try_from(n).ok();
        }
        let top = 1u64 << (m - 1);
        let (mut vp, mut vn) = (u64::MAX, 0u64);
        let (mut d0, mut pm_prev) = (0u64, 0u64);
        let mut score = m;
        for (j, c) in text.enumerate() {
            let pm = self.peq(c);
            // Transposition: this character matches the previous pattern position and the
            // previous character matched this one, where the diagonal was not already free.
            let tr = (((!d0) & pm) << 1) & pm_prev;
            d0 = (((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn | tr;
            let hp = vn | !(d0 | vp);
            let hn = d0 & vp;
            if hp & top != 0 {
                score += 1;
            } else if hn & top != 0 {
                score -= 1;
            }
            // Row 0 of the matrix is 0, 1, 2, …: every horizontal step there costs one.
            let x = (hp << 1) | 1;
            vn = x & d0;
            vp = (hn << 1) | !(x | d0);
            pm_prev = pm;
            // The distance can fall by at most one per remaining character.
            if score > k + (n - j - 1) {
                return None;
            }
        }
        u8::try_from(score).ok().filter(|&s| usize::from(s) <= k)
    }
}

/// The OSA distance by dynamic programming: the reference the bit-parallel version is tested
/// against, and the table `explain.rs` traces back through.
pub(crate) fn osa_table(a: &[char], b: &[char]) -> OsaTable {
    let width = b.len() + 1;
    let mut d = OsaTable {
        width,
        cells: vec![0; (a.len() + 1) * width],
    };
    for i in 0..=a.len() {
        d.cells[i * width] = i;
    }
    for j in 0..=b.len() {
        d.cells[j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d.at(i - 1, j) + 1)
                .min(d.at(i, j - 1) + 1)
                .min(d.at(i - 1, j - 1) + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d.at(i - 2, j - 2) + 1);
            }
            d.cells[i * width + j] = best;
        }
    }
    d
}

/// The table of [`osa_table`], in one allocation (it is built for every hit explained).
pub(crate) struct OsaTable {
    width: usize,
    cells: Vec<usize>,
}

impl OsaTable {
    /// The distance between the first `i` characters of `a` and the first `j` of `b`.
    pub(crate) fn at(&self, i: usize, j: usize) -> usize {
        self.cells[i * self.width + j]
    }
}

/// The OSA distance between two character sequences.
pub fn osa_distance(a: &[char], b: &[char]) -> usize {
    osa_table(a, b).at(a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn bit_parallel_agrees_with_the_table() {
        let words = [
            "", "A", "AB", "BA", "ABC", "ACB", "CA", "ABCD", "BADC", "A8C123", "A8C132", "8AC123",
            "A8123", "A8CC123", "12345678", "21436587", "1E14388", "1E0I4388", "AAAA", "ÄBÇ",
            "BÄÇ",
        ];
        for a in words {
            let p = OsaPattern::new(&chars(a));
            for b in words {
                let d = osa_distance(&chars(a), &chars(b));
                for k in 0..=3 {
                    let expected = (d <= k).then_some(d as u8);
                    assert_eq!(p.within(&chars(b), k), expected, "{a:?} {b:?} k={k}");
                }
            }
        }
    }

    #[test]
    fn osa_counts_an_adjacent_swap_once() {
        assert_eq!(osa_distance(&chars("CA"), &chars("AC")), 1);
        // OSA, unlike full Damerau, does not edit a swapped pair again.
        assert_eq!(osa_distance(&chars("CA"), &chars("ABC")), 3);
    }
}

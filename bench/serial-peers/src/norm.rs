//! Serial normalisation and the brute-force matchers (the ground truth).
//!
//! `l3` copies `rastro_serial::levels::level_key(_, Confusable)` on purpose instead of calling it:
//! the brute force must share no code with what it checks (the harness links rastro only to time
//! it and to compare its answers with this). The semantics are those of
//! `tracing-rules.md`: upper-case, drop whitespace and `- . / _`, drop leading `0`s, then fold the
//! look-alike classes {0 O Q D} {1 I L} {2 Z} {5 S} {6 G} {8 B}.

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '.' | '/' | '_')
}

fn fold(c: char) -> char {
    match c {
        'O' | 'Q' | 'D' => '0',
        'I' | 'L' => '1',
        'Z' => '2',
        'S' => '5',
        'G' => '6',
        'B' => '8',
        other => other,
    }
}

/// The L3 form of a serial.
pub fn l3(serial: &str) -> String {
    let mut key = String::with_capacity(serial.len());
    let mut leading = true;
    for c in serial.chars().flat_map(char::to_uppercase) {
        if is_separator(c) {
            continue;
        }
        if leading {
            if c == '0' {
                continue;
            }
            leading = false;
        }
        key.push(fold(c));
    }
    key
}

/// The L3 form of a pattern: the pattern is normalised exactly like a serial, `?` and `*` being
/// ordinary (non-zero, non-separator) characters for that purpose, so leading zeros are only
/// dropped before the first readable or wildcard character.
pub fn pattern_l3(pattern: &str) -> String {
    l3(pattern)
}

/// A fragment is matched as `*FRAGMENT*`.
pub fn fragment_pattern(fragment: &str) -> String {
    pattern_l3(&format!("*{fragment}*"))
}

/// The glob of a pattern query as `tracing-rules.md` reads it: with `?` or `*`, a pattern; without
/// either, a readable fragment, `*FRAGMENT*` (whatever kind of query it was derived for).
pub fn query_pattern(text: &str) -> String {
    if text.contains(['?', '*']) {
        pattern_l3(text)
    } else {
        fragment_pattern(text)
    }
}

/// Optimal-string-alignment distance, or `None` if it exceeds `k`. Full dynamic programming with
/// an early exit once a whole row exceeds `k` (row minima never decrease under OSA). Rows live on
/// the stack for strings up to 63 characters (no allocation on the brute-force hot path).
pub fn osa_within<T: Eq + Copy>(a: &[T], b: &[T], k: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return None;
    }
    if n == 0 || m == 0 {
        let d = n.max(m);
        return (d <= k).then_some(d);
    }
    if m < 64 {
        let mut rows = [[0u32; 64]; 3];
        osa_rows(a, b, k, &mut rows)
    } else {
        let mut rows = vec![vec![0u32; m + 1]; 3];
        let [r0, r1, r2] = &mut rows[..] else {
            unreachable!()
        };
        osa_core(a, b, k, r0, r1, r2)
    }
}

fn osa_rows<T: Eq + Copy>(a: &[T], b: &[T], k: usize, rows: &mut [[u32; 64]; 3]) -> Option<usize> {
    let [r0, r1, r2] = rows;
    osa_core(a, b, k, r0, r1, r2)
}

fn osa_core<'r, T: Eq + Copy>(
    a: &[T],
    b: &[T],
    k: usize,
    mut r0: &'r mut [u32],
    mut r1: &'r mut [u32],
    mut r2: &'r mut [u32],
) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    let k32 = k as u32;
    // r2: row i-2, r1: row i-1, r0: row i.
    for (j, x) in r1.iter_mut().enumerate().take(m + 1) {
        *x = j as u32;
    }
    for i in 1..=n {
        r0[0] = i as u32;
        let mut row_min = r0[0];
        for j in 1..=m {
            let cost = u32::from(a[i - 1] != b[j - 1]);
            let mut d = (r1[j] + 1).min(r0[j - 1] + 1).min(r1[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(r2[j - 2] + 1);
            }
            r0[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > k32 {
            return None;
        }
        std::mem::swap(&mut r2, &mut r1);
        std::mem::swap(&mut r1, &mut r0);
    }
    let d = r1[m] as usize;
    (d <= k).then_some(d)
}

/// OSA on strings: bytes when both are ASCII, chars otherwise.
pub fn osa_str(a: &str, b: &str, k: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        osa_within(a.as_bytes(), b.as_bytes(), k)
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        osa_within(&a, &b, k)
    }
}

/// Plain Levenshtein distance (no transpositions), by chars; used only to explain what fst's
/// Levenshtein automaton misses.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let c = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + c);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tok<T> {
    Lit(T),
    One,
    Star,
}

/// A compiled glob pattern (`?` one character, `*` any run, possibly empty).
pub struct Glob {
    bytes: Vec<Tok<u8>>,
    chars: Vec<Tok<char>>,
    ascii: bool,
}

impl Glob {
    pub fn new(p: &str) -> Glob {
        let tok = |c: char| match c {
            '?' => Tok::One,
            '*' => Tok::Star,
            c => Tok::Lit(c),
        };
        let chars: Vec<Tok<char>> = p.chars().map(tok).collect();
        let ascii = p.is_ascii();
        let bytes = if ascii {
            chars
                .iter()
                .map(|t| match *t {
                    Tok::Lit(c) => Tok::Lit(c as u8),
                    Tok::One => Tok::One,
                    Tok::Star => Tok::Star,
                })
                .collect()
        } else {
            Vec::new()
        };
        Glob {
            bytes,
            chars,
            ascii,
        }
    }

    pub fn matches(&self, s: &str) -> bool {
        if self.ascii && s.is_ascii() {
            glob(&self.bytes, s.as_bytes())
        } else {
            let s: Vec<char> = s.chars().collect();
            glob(&self.chars, &s)
        }
    }
}

/// Classic glob matching with backtracking to the last `*` (linear in practice, correct for `?`
/// and `*`).
pub fn glob<T: Eq + Copy>(p: &[Tok<T>], s: &[T]) -> bool {
    let (mut pi, mut si) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() {
            match p[pi] {
                Tok::Star => {
                    star = Some((pi + 1, si));
                    pi += 1;
                    continue;
                }
                Tok::One => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                Tok::Lit(c) if c == s[si] => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                Tok::Lit(_) => {}
            }
        }
        match star {
            Some((sp, ss)) => {
                pi = sp;
                si = ss + 1;
                star = Some((sp, ss + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == Tok::Star {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_wildcards_is_a_fragment() {
        assert_eq!(query_pattern("003496"), "*003496*");
        assert_eq!(query_pattern("00?34*6"), "?34*6");
        assert_eq!(query_pattern("*0ab"), "*0A8");
        assert!(glob_ref(query_pattern("003496").as_bytes(), b"A003496"));
        assert!(!glob_ref(
            query_pattern("003496").as_bytes(),
            l3("003496").as_bytes()
        ));
    }

    fn osa_ref(a: &[u8], b: &[u8]) -> usize {
        let (n, m) = (a.len(), b.len());
        let mut d = vec![vec![0usize; m + 1]; n + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=n {
            for j in 1..=m {
                let c = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + c);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[n][m]
    }

    fn glob_ref(p: &[u8], s: &[u8]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some((b'*', rest)) => (0..=s.len()).any(|i| glob_ref(rest, &s[i..])),
            Some((b'?', rest)) => !s.is_empty() && glob_ref(rest, &s[1..]),
            Some((c, rest)) => s.first() == Some(c) && glob_ref(rest, &s[1..]),
        }
    }

    #[test]
    fn l3_examples() {
        assert_eq!(l3("LE0I4388"), "1E014388");
        assert_eq!(l3("00-123"), "123");
        assert_eq!(l3("OQD0 ILl1 Z2 S5 G6 B8"), "0000111122556688");
        assert_eq!(fragment_pattern("0ab1"), "*0A81*");
        assert_eq!(pattern_l3("0?12"), "?12");
    }

    #[test]
    fn osa_and_glob_agree_with_references() {
        use rand::{rngs::SmallRng, Rng, SeedableRng};
        let mut rng = SmallRng::seed_from_u64(7);
        let alpha = b"AB1*?";
        for _ in 0..200_000 {
            let la = rng.gen_range(0..7);
            let lb = rng.gen_range(0..7);
            let a: Vec<u8> = (0..la).map(|_| alpha[rng.gen_range(0..3)]).collect();
            let b: Vec<u8> = (0..lb).map(|_| alpha[rng.gen_range(0..3)]).collect();
            let d = osa_ref(&a, &b);
            for k in 0..4 {
                assert_eq!(
                    osa_within(&a, &b, k),
                    (d <= k).then_some(d),
                    "{a:?} {b:?} {k}"
                );
            }
            let p: Vec<u8> = (0..la).map(|_| alpha[rng.gen_range(0..5)]).collect();
            let g = Glob::new(std::str::from_utf8(&p).unwrap());
            assert_eq!(
                g.matches(std::str::from_utf8(&b).unwrap()),
                glob_ref(&p, &b),
                "{p:?} {b:?}"
            );
        }
        for _ in 0..2_000 {
            let la = rng.gen_range(58..72);
            let a: Vec<u8> = (0..la).map(|_| alpha[rng.gen_range(0..3)]).collect();
            let mut b = a.clone();
            for _ in 0..rng.gen_range(0..4) {
                let i = rng.gen_range(0..b.len());
                b[i] = alpha[rng.gen_range(0..3)];
            }
            if rng.gen_bool(0.5) {
                b.truncate(b.len() - rng.gen_range(0..3));
            }
            let d = osa_ref(&a, &b);
            for k in 0..4 {
                assert_eq!(osa_within(&a, &b, k), (d <= k).then_some(d));
            }
        }
        assert_eq!(osa_str("AB", "BA", 1), Some(1));
        assert_eq!(osa_str("CA", "ABC", 3), Some(3));
    }
}

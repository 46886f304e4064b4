//! Partly readable serials: `?` (one unreadable character), `*` (an unreadable run, possibly
//! empty), or a bare fragment found anywhere (`*FRAGMENT*`), matched against L3 forms.
//!
//! Patterns are walked in the sorted views (`view.rs`) from the end with the more selective
//! readable run: a character follows one child, a `?` every child, and at the first `*` the
//! keys left are matched whole. A `*` pattern whose readable ends leave too many keys, and a
//! fragment, scan the L3 arena of the maker ranges for the pattern's longest readable run
//! with `memchr`'s SIMD substring search, then match the whole pattern on the few entries that
//! contain it. Keys are stored back to back: a run found across two keys fails the match of
//! the key it starts in, and since it starts after any other run of that key, skipping to the
//! next key loses nothing.

use memchr::memmem;

use super::grams;
use super::key::decode;
use super::near::Scope;
use super::query::{QueryError, Step, MIN_READABLE};
use super::view::View;
use super::{Candidate, SerialIndex};
use crate::levels::{fold_confusable, is_separator, level_key, Level};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Lit(char),
    One,
    Star,
}

/// A parsed pattern.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    toks: Vec<Tok>,
    readable: usize,
    /// The longest run of readable characters, UTF-8: every match contains it.
    needle: Vec<u8>,
    /// The only key length that can match, when there is no `*`.
    fixed_len: Option<usize>,
}

impl Pattern {
    /// Parses `text`; patterns are folded like L3 forms (leading zeros included, which a
    /// wildcard stops), fragments keep their zeros since they are found anywhere.
    pub(crate) fn parse(text: &str) -> Result<Pattern, QueryError> {
        let chars: Vec<char> = if text.contains(['?', '*']) {
            level_key(text, Level::Confusable).chars().collect()
        } else {
            let body = text
                .chars()
                .flat_map(char::to_uppercase)
                .filter(|&c| !is_separator(c))
                .map(fold_confusable);
            std::iter::once('*')
                .chain(body)
                .chain(std::iter::once('*'))
                .collect()
        };
        let mut toks: Vec<Tok> = Vec::with_capacity(chars.len());
        for c in chars {
            let t = match c {
                '?' => Tok::One,
                '*' => Tok::Star,
                c => Tok::Lit(c),
            };
            if !(t == Tok::Star && toks.last() == Some(&Tok::Star)) {
                toks.push(t);
            }
        }
        let readable = toks.iter().filter(|t| matches!(t, Tok::Lit(_))).count();
        if readable < MIN_READABLE {
            return Err(QueryError::TooShort {
                readable,
                needed: MIN_READABLE,
            });
        }
        let fixed_len = (!toks.contains(&Tok::Star)).then_some(toks.len());
        let needle = longest_run(&toks);
        Ok(Pattern {
            toks,
            readable,
            needle,
            fixed_len,
        })
    }

    /// Whether the whole of `key` matches (iterative glob with one backtrack point).
    pub(crate) fn matches(&self, key: &[char]) -> bool {
        let (mut t, mut k) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while k < key.len() {
            match self.toks.get(t) {
                Some(Tok::Lit(c)) if *c == key[k] => (t, k) = (t + 1, k + 1),
                Some(Tok::One) => (t, k) = (t + 1, k + 1),
                Some(Tok::Star) => {
                    star = Some((t, k));
                    t += 1;
                }
                _ => match star {
                    Some((st, sk)) => {
                        star = Some((st, sk + 1));
                        (t, k) = (st + 1, sk + 1);
                    }
                    None => return false,
                },
            }
        }
        self.toks[t..].iter().all(|&x| x == Tok::Star)
    }

    /// The wildcard spans of one match of `key` (each `*` as short as possible).
    pub(crate) fn explain(&self, key: &[char]) -> Vec<Step> {
        let reach = self.reach_table(key);
        let (mut t, mut k) = (0, 0);
        let mut steps = Vec::new();
        while t < self.toks.len() {
            let len = match self.toks[t] {
                Tok::Lit(_) => 0,
                Tok::One => 1,
                Tok::Star => (0..=key.len().saturating_sub(k))
                    .find(|&l| reach[t + 1].get(k + l).copied().unwrap_or(false))
                    .unwrap_or(0),
            };
            if !matches!(self.toks[t], Tok::Lit(_)) && len > 0 {
                push_wildcard(&mut steps, k, len);
            }
            k += if matches!(self.toks[t], Tok::Lit(_)) {
                1
            } else {
                len
            };
            t += 1;
        }
        steps
    }

    /// `reach[t][k]`: tokens from `t` match the key from `k` to its end.
    fn reach_table(&self, key: &[char]) -> Vec<Vec<bool>> {
        let (nt, nk) = (self.toks.len(), key.len());
        let mut reach = vec![vec![false; nk + 1]; nt + 1];
        reach[nt][nk] = true;
        for t in (0..nt).rev() {
            for k in (0..=nk).rev() {
                reach[t][k] = match self.toks[t] {
                    Tok::Lit(c) => k < nk && key[k] == c && reach[t + 1][k + 1],
                    Tok::One => k < nk && reach[t + 1][k + 1],
                    Tok::Star => reach[t + 1][k] || (k < nk && reach[t][k + 1]),
                };
            }
        }
        reach
    }
}

/// Adds a wildcard span, merging it with one that ends where it starts.
fn push_wildcard(steps: &mut Vec<Step>, at: usize, len: usize) {
    if let Some(Step::Wildcard { at: a, len: l }) = steps.last_mut() {
        if *a + *l == at {
            *l += len;
            return;
        }
    }
    steps.push(Step::Wildcard { at, len });
}

fn longest_run(toks: &[Tok]) -> Vec<u8> {
    let mut best: &[Tok] = &[];
    for run in toks.split(|t| !matches!(t, Tok::Lit(_))) {
        if run.len() > best.len() {
            best = run;
        }
    }
    let s: String = best
        .iter()
        .filter_map(|t| match t {
            Tok::Lit(c) => Some(*c),
            _ => None,
        })
        .collect();
    s.into_bytes()
}

/// Entries of `scopes` matching `p` and `keep`; `edits` carries the unreadable count. Each
/// scope is walked in the sorted view where the readable end of the pattern narrows it most,
/// or scanned (`ranges`, the same entries) when neither end narrows it enough.
pub(crate) fn search(
    index: &SerialIndex,
    p: &Pattern,
    scopes: &[Scope<'_>],
    keep: &dyn Fn(u32) -> bool,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut key = Vec::new();
    for scope in scopes {
        match p.plan(scope) {
            Some((view, toks, lo, hi)) => {
                let mut walk = PatternWalk {
                    index,
                    p,
                    view,
                    toks: &toks,
                    keep,
                    key: &mut key,
                    out: &mut out,
                };
                walk.visit(lo, hi, 0);
            }
            None => out.extend(scan_arena(
                index,
                p,
                &[(scope.lo as u32, scope.hi as u32)],
                keep,
            )),
        }
    }
    out
}

impl Pattern {
    /// The view to walk, the tokens in its reading order, and the positions of the keys that
    /// hold the readable end it starts with; `None` when a `*` pattern's readable ends still
    /// leave more than [`WALK_AT_MOST`] keys (scanning them is cheaper).
    fn plan<'a>(&self, scope: &Scope<'a>) -> Option<(View<'a>, Vec<Tok>, usize, usize)> {
        let head: String = self.toks.iter().map_while(literal).collect();
        // The tail as the backward view reads it; its bytes are that reading only for ASCII.
        let tail: String = self.toks.iter().rev().map_while(literal).collect();
        let (flo, fhi) = scope.forward.prefix(scope.lo, scope.hi, head.as_bytes());
        let (blo, bhi) = match tail.is_ascii() {
            true => scope.backward.prefix(scope.lo, scope.hi, tail.as_bytes()),
            false => (scope.lo, scope.hi),
        };
        let forward = fhi - flo <= bhi - blo;
        let narrowest = if forward { fhi - flo } else { bhi - blo };
        if self.fixed_len.is_none() && narrowest > WALK_AT_MOST {
            return None;
        }
        let mut toks = self.toks.clone();
        if forward {
            Some((scope.forward, toks, scope.lo, scope.hi))
        } else {
            toks.reverse();
            Some((scope.backward, toks, scope.lo, scope.hi))
        }
    }
}

/// A walk of one sorted view, token by token: a readable character picks one child, `?`
/// every child, and at the first `*` (or a small range) the keys are matched whole.
struct PatternWalk<'a, 'b> {
    index: &'a SerialIndex,
    p: &'a Pattern,
    view: View<'a>,
    toks: &'b [Tok],
    keep: &'b dyn Fn(u32) -> bool,
    key: &'b mut Vec<char>,
    out: &'b mut Vec<Candidate>,
}

impl PatternWalk<'_, '_> {
    fn visit(&mut self, lo: usize, hi: usize, d: usize) {
        if lo == hi {
            return;
        }
        match self.toks.get(d) {
            _ if hi - lo <= LEAF => self.verify(lo, hi),
            None | Some(Tok::Star) => self.verify(lo, hi),
            Some(Tok::Lit(c)) => match u8::try_from(u32::from(*c)).ok().filter(u8::is_ascii) {
                Some(b) => {
                    let (clo, chi) = self.view.child(lo, hi, d, b);
                    self.visit(clo, chi, d + 1);
                }
                None => self.verify(lo, hi),
            },
            Some(Tok::One) => {
                // Keys that end here are too short for the `?`.
                let mut pos = self.view.upper(lo, hi, d, None);
                while pos < hi {
                    let b = self.view.byte(pos, d).unwrap_or(0);
                    let end = self.view.end_of(pos, hi, d, b).max(pos + 1);
                    if b.is_ascii() {
                        self.visit(pos, end, d + 1);
                    } else {
                        self.verify(pos, end);
                    }
                    pos = end;
                }
            }
        }
    }

    fn verify(&mut self, lo: usize, hi: usize) {
        for pos in lo..hi {
            let e = self.view.entry(pos);
            if let Some(c) = self.p.candidate(self.index, e, self.keep, self.key) {
                self.out.push(c);
            }
        }
    }
}

/// A `*` pattern whose readable end leaves more keys than this is scanned instead: the
/// 3-gram filter leaves about 2% of the arena to scan, and a key of a sorted view costs
/// several times a scanned one.
const WALK_AT_MOST: usize = 16_384;

/// Below this many keys a range is matched key by key rather than walked.
const LEAF: usize = 12;

fn literal(t: &Tok) -> Option<char> {
    match t {
        Tok::Lit(c) => Some(*c),
        _ => None,
    }
}

/// Blocks ahead of the one scanned whose keys are fetched (their lengths twice as far).
const AHEAD: usize = 4;

/// Scans the L3 arena of `ranges` for the pattern's longest readable run, in the blocks of
/// entries that the 3-gram filter leaves (those holding every readable run's 3-grams).
fn scan_arena(
    index: &SerialIndex,
    p: &Pattern,
    ranges: &[(u32, u32)],
    keep: &dyn Fn(u32) -> bool,
) -> Vec<Candidate> {
    let finder = memmem::Finder::new(&p.needle);
    let runs = readable_runs(&p.toks);
    // Runs shorter than a 3-gram constrain nothing; the filter skips them.
    let needles: Vec<&[u8]> = runs.iter().map(Vec::as_slice).collect();
    let arena = index.l3.arena();
    let mut key = Vec::new();
    let mut out = Vec::new();
    for &(lo, hi) in ranges {
        let blocks = index.grams.candidate_ranges(&needles, lo, hi);
        let bytes_of = |j: usize| {
            let &(lo, hi) = blocks.get(j)?;
            Some((index.l3.offset(lo as usize), index.l3.offset(hi as usize)))
        };
        // The blocks are scattered: their cache misses overlap the scan of the blocks before
        // them, the line of lengths first, then, once it is in, the keys' bytes. `ahead`
        // holds where the bytes of the next `AHEAD` blocks lie, found when they were asked for.
        let mut ahead = [(0, 0); AHEAD];
        for (j, slot) in ahead.iter_mut().enumerate() {
            *slot = bytes_of(j).unwrap_or_default();
            index.l3.prefetch_bytes_between(*slot);
        }
        for (i, &(lo, _)) in blocks.iter().enumerate() {
            if let Some(&(later, _)) = blocks.get(i + 2 * AHEAD) {
                index.l3.prefetch_line(later as usize);
            }
            let (mut from, end) = ahead[i % AHEAD];
            if let Some(later) = bytes_of(i + AHEAD) {
                index.l3.prefetch_bytes_between(later);
                ahead[i % AHEAD] = later;
            }
            let mut entry = lo as usize;
            while let Some(found) = finder.find(&arena[from..end]) {
                entry = index.l3.entry_at_from(from + found, entry);
                from = index.l3.offset(entry + 1);
                let e = entry as u32;
                if let Some(c) = p.candidate(index, e, keep, &mut key) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Every run of readable characters, UTF-8: the needles of the 3-gram filter. A run at the
/// start (end) of the pattern is also at the start (end) of every match, so it is marked as
/// such: its 3-grams with the frame narrow the blocks even when it is only 2 characters.
fn readable_runs(toks: &[Tok]) -> Vec<Vec<u8>> {
    let mut runs: Vec<Vec<u8>> = toks
        .split(|t| !matches!(t, Tok::Lit(_)))
        .map(|run| {
            run.iter()
                .filter_map(literal)
                .collect::<String>()
                .into_bytes()
        })
        .collect();
    if let Some(head) = runs.first_mut().filter(|r| !r.is_empty()) {
        head.insert(0, grams::START);
    }
    if let Some(tail) = runs.last_mut().filter(|r| !r.is_empty()) {
        tail.push(grams::END);
    }
    runs
}

impl Pattern {
    fn candidate(
        &self,
        index: &SerialIndex,
        e: u32,
        keep: &dyn Fn(u32) -> bool,
        key: &mut Vec<char>,
    ) -> Option<Candidate> {
        let bytes = index.l3.get(e as usize);
        if self
            .fixed_len
            .is_some_and(|n| bytes.is_ascii() && bytes.len() != n)
        {
            return None;
        }
        decode(bytes, key);
        if !self.matches(key) || !keep(e) {
            return None;
        }
        let unreadable = key.len().saturating_sub(self.readable).min(255) as u8;
        Some(Candidate {
            entry: e,
            edits: unreadable,
            lookalikes: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn wildcards_and_fragments() {
        let p = Pattern::parse("A8C?23").unwrap();
        assert!(p.matches(&key("A8C123")));
        assert!(!p.matches(&key("A8C1234")));
        let p = Pattern::parse("1E*88").unwrap();
        assert!(p.matches(&key("1E14388")));
        assert!(p.matches(&key("1E88")));
        let p = Pattern::parse("4388").unwrap();
        assert!(p.matches(&key("1E14388")));
        assert!(p.matches(&key("4388")));
        assert!(!p.matches(&key("438")));
    }

    #[test]
    fn fragments_fold_like_l3() {
        let p = Pattern::parse("le-0i4").unwrap();
        assert!(p.matches(&key("1E014388")));
    }

    #[test]
    fn too_few_readable_characters_is_an_error() {
        assert_eq!(
            Pattern::parse("A?B*C").unwrap_err(),
            QueryError::TooShort {
                readable: 3,
                needed: 4
            }
        );
    }

    /// The walks find exactly what the scan finds, maker-scoped and over all makers.
    #[test]
    fn walks_agree_with_the_scan() {
        let mut b = crate::IndexBuilder::new();
        for i in 0..5000u64 {
            let serial = format!(
                "{}{:05}",
                ["AB", "XYZ", "K"][i as usize % 3],
                i * 7919 % 100_000
            );
            b.add((i % 4) as u32, &serial, i, Default::default());
        }
        let index = b.build();
        let keep = |_: u32| true;
        let ids = |v: &[Candidate]| {
            let mut ids: Vec<u32> = v.iter().map(|c| c.entry).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let mut walked = 0;
        for makers in [None, Some(&[1u32, 2][..])] {
            let scopes = index.scopes(makers);
            let ranges: Vec<(u32, u32)> =
                scopes.iter().map(|s| (s.lo as u32, s.hi as u32)).collect();
            for text in [
                "A8?12*", "*1234", "XY2*9", "K?0?12", "A8012??", "*3456*", "K1*45", "??Z12345",
            ] {
                let p = Pattern::parse(text).unwrap();
                let routed = search(&index, &p, &scopes, &keep);
                let scanned = scan_arena(&index, &p, &ranges, &keep);
                assert_eq!(ids(&routed), ids(&scanned), "{text}");
                walked += scopes.iter().filter(|s| p.plan(s).is_some()).count();
            }
        }
        assert!(walked >= 8, "the walks were not exercised");
    }

    #[test]
    fn explanation_shows_the_wildcard_spans() {
        let p = Pattern::parse("1E*88").unwrap();
        assert_eq!(
            p.explain(&key("1E14388")),
            vec![Step::Wildcard { at: 2, len: 3 }]
        );
        let p = Pattern::parse("A??123").unwrap();
        assert_eq!(
            p.explain(&key("A8C123")),
            vec![Step::Wildcard { at: 1, len: 2 }]
        );
    }
}

//! Partly readable serials: `?` (one unreadable character), `*` (an unreadable run, possibly
//! empty), or a bare fragment found anywhere (`*FRAGMENT*`), matched against L3 forms.
//!
//! A pattern without `*` has a fixed length, and at least one of the 3 segments of that
//! length free of `?` (with up to 2 `?`, always): the near index's posting list of that
//! segment holds every match, so it is looked up, not scanned. A pattern with `*` but a readable
//! head or tail is looked up the same way, one posting list per key length, when its head
//! covers segment 0 (or its tail segment 2) at every key length present. Otherwise search scans the L3
//! arena of the maker ranges for the pattern's longest readable run with
//! `memchr`'s SIMD substring search, then matches the whole pattern on the few entries that
//! contain it. Keys are stored back to back: a run found across two keys fails the match of
//! the key it starts in, and since it starts after any other run of that key, skipping to the
//! next key loses nothing.

use memchr::memmem;

use super::key::{decode, segment_hash, segments};
use super::query::{QueryError, Step, MIN_READABLE};
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

/// Entries of `ranges` matching `p` and `keep`; `edits` carries the unreadable count.
pub(crate) fn scan(
    index: &SerialIndex,
    p: &Pattern,
    ranges: &[(u32, u32)],
    keep: &dyn Fn(u32) -> bool,
) -> Vec<Candidate> {
    if let Some(list) = p.fixed_list(index) {
        return from_list(index, p, list, ranges, keep);
    }
    match p.anchored_lists(index) {
        Some(lists) => lists
            .into_iter()
            .flat_map(|list| from_list(index, p, list, ranges, keep))
            .collect(),
        None => scan_arena(index, p, ranges, keep),
    }
}

fn literal(t: &Tok) -> Option<char> {
    match t {
        Tok::Lit(c) => Some(*c),
        _ => None,
    }
}

impl Pattern {
    /// Without `*`, a match has the pattern's length and equals it wherever it is readable:
    /// a segment of that length (`key::segments`) covered by readable characters only is
    /// intact in every match, so its posting list of the near index holds them all. Of such
    /// segments, the one with the shortest list; `None` when every segment has a `?`.
    fn fixed_list<'a>(&self, index: &'a SerialIndex) -> Option<&'a [u32]> {
        let n = self.fixed_len?;
        let mut best: Option<&[u32]> = None;
        for (i, (start, len)) in segments(n).into_iter().enumerate() {
            let seg: Option<Vec<char>> =
                self.toks[start..start + len].iter().map(literal).collect();
            if let Some(seg) = seg {
                let list = index.near.list(segment_hash(n, i, &seg));
                if best.is_none_or(|b| list.len() < b.len()) {
                    best = Some(list);
                }
            }
        }
        best
    }
}

impl Pattern {
    /// With `*`, a match of length `n` still starts with the pattern's readable head and ends
    /// with its readable tail. When, for every key length `n` the index holds, segment 0 of
    /// length `n` lies within the head (or segment 2 within the tail), the posting lists of
    /// those segments, one per length, hold every match. `None` when some length is not
    /// covered, or when the lists are long enough that scanning is cheaper.
    fn anchored_lists<'a>(&self, index: &'a SerialIndex) -> Option<Vec<&'a [u32]>> {
        let head: Vec<char> = self.toks.iter().map_while(literal).collect();
        let mut tail: Vec<char> = self.toks.iter().rev().map_while(literal).collect();
        tail.reverse();
        let min_len = self.toks.iter().filter(|&&t| t != Tok::Star).count();
        let mut lists = Vec::new();
        for (n, _) in index
            .key_lengths
            .iter()
            .enumerate()
            .skip(min_len)
            .filter(|(_, &c)| c > 0)
        {
            let [(_, l0), _, (_, l2)] = segments(n);
            let hash = if l0 <= head.len() {
                segment_hash(n, 0, &head[..l0])
            } else if l2 <= tail.len() {
                segment_hash(n, 2, &tail[tail.len() - l2..])
            } else {
                return None;
            };
            lists.push(index.near.list(hash));
        }
        // A listed candidate costs a cache miss or two, a scanned serial a few bytes of memmem.
        let listed: usize = lists.iter().map(|l| l.len()).sum();
        (listed <= index.len() / 16).then_some(lists)
    }
}

/// Matches `p` on the entries of a posting list, cut to `ranges`.
fn from_list(
    index: &SerialIndex,
    p: &Pattern,
    list: &[u32],
    ranges: &[(u32, u32)],
    keep: &dyn Fn(u32) -> bool,
) -> Vec<Candidate> {
    let mut key = Vec::new();
    let mut out = Vec::new();
    for &(lo, hi) in ranges {
        let from = list.partition_point(|&e| e < lo);
        let to = list.partition_point(|&e| e < hi);
        let mut last = None;
        for &e in &list[from..to] {
            // Two segments of one key may share a hash, listing the key twice, side by side.
            if last != Some(e) {
                out.extend(p.candidate(index, e, keep, &mut key));
            }
            last = Some(e);
        }
    }
    out
}

/// Scans the L3 arena of `ranges` for the pattern's longest readable run.
fn scan_arena(
    index: &SerialIndex,
    p: &Pattern,
    ranges: &[(u32, u32)],
    keep: &dyn Fn(u32) -> bool,
) -> Vec<Candidate> {
    let finder = memmem::Finder::new(&p.needle);
    let arena = index.l3.arena();
    let mut key = Vec::new();
    let mut out = Vec::new();
    for &(lo, hi) in ranges {
        let end = index.l3.offset(hi as usize);
        let mut from = index.l3.offset(lo as usize);
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
    out
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

    /// The posting-list routes find exactly what the scan finds.
    #[test]
    fn lookups_agree_with_the_scan() {
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
        let all = [(0, index.len() as u32)];
        let keep = |_: u32| true;
        let mut checked = 0;
        for text in [
            "A8?12*", "*1234", "XY2*9", "K?0?12", "A8012??", "*3456*", "K1*45",
        ] {
            let p = Pattern::parse(text).unwrap();
            let routed = scan(&index, &p, &all, &keep);
            let scanned = scan_arena(&index, &p, &all, &keep);
            let ids = |v: &[Candidate]| {
                let mut ids: Vec<u32> = v.iter().map(|c| c.entry).collect();
                ids.sort_unstable();
                ids
            };
            assert_eq!(ids(&routed), ids(&scanned), "{text}");
            checked +=
                usize::from(p.fixed_list(&index).is_some() || p.anchored_lists(&index).is_some());
        }
        assert!(checked >= 4, "the lookups were not exercised");
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

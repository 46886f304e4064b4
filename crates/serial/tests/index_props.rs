//! Properties of the serial index over arbitrary input: nothing panics, a query that cannot
//! run says why, and on small corpora of arbitrary strings (non-ASCII included) the index
//! agrees with brute force.

#[path = "common/small.rs"]
mod small;
use proptest::prelude::*;
use rastro_serial::{
    level_key, osa_distance, Attrs, IndexBuilder, Level, Query, QueryError, QueryKind, SerialIndex,
    MAX_QUERY_BYTES,
};
use small::index_of;

fn kinds() -> impl Strategy<Value = QueryKind> {
    prop_oneof![
        Just(QueryKind::Levels),
        (0u8..=4).prop_map(|max_edits| QueryKind::Near { max_edits }),
        Just(QueryKind::Pattern),
    ]
}

fn serial_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z0-9 ./_-]{0,12}",
        "[a-zA-Z0-9OQDILZSGB01256?*]{0,10}",
        "[ÄÖÜßéñ0-9A-C?*]{0,8}",
        any::<String>(),
    ]
}

/// A serial as the index keeps it: at most 64 bytes, cut at a character boundary.
fn cut(serial: &str) -> String {
    let mut end = serial.len().min(64);
    while !serial.is_char_boundary(end) {
        end -= 1;
    }
    serial[..end].to_string()
}

fn odd_index() -> SerialIndex {
    let mut serials: Vec<String> = ["", "000", "ß", "LE0I4388", "ÄÖÜ-12", "?*?", "A\nB"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    serials.push("9".repeat(10_000));
    serials.push("é".repeat(5_000));
    index_of(&serials)
}

proptest! {
    #[test]
    fn search_never_panics(text in serial_like(), kind in kinds(), limit in 0usize..5) {
        let index = odd_index();
        let mut q = Query::new(text, kind);
        q.limit = limit;
        q.makers = (limit % 2 == 0).then(|| vec![0, 7]);
        if let Err(e) = index.search(&q) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn building_never_panics_and_finds_what_was_added(serials in prop::collection::vec(serial_like(), 0..40)) {
        let index = index_of(&serials);
        prop_assert_eq!(index.len(), serials.len());
        for (i, s) in serials.iter().enumerate() {
            let mut q = Query::new(s.clone(), QueryKind::Levels);
            q.limit = 0;
            if let Ok(hits) = index.search(&q) {
                // Serials are kept to 64 bytes, so only short ones are sure to be found.
                if s.len() <= 64 {
                    prop_assert!(hits.iter().any(|h| h.firearm == i as u64), "{s:?} not found");
                }
            }
        }
    }

    /// The index keeps a serial as the differences from its L3 form: every hit still shows
    /// the serial exactly as it was added (cut to 64 bytes).
    #[test]
    fn every_hit_shows_its_serial_as_added(serials in prop::collection::vec(serial_like(), 1..40)) {
        let index = index_of(&serials);
        for (i, s) in serials.iter().enumerate() {
            let mut q = Query::new(s.clone(), QueryKind::Levels);
            q.limit = 0;
            let Ok(hits) = index.search(&q) else { continue };
            for hit in hits {
                let added = &serials[hit.firearm as usize];
                prop_assert_eq!(&hit.serial, &cut(added), "hit of query {} ({:?})", i, s);
            }
        }
    }

    #[test]
    fn near_search_agrees_with_brute_force(
        serials in prop::collection::vec("[A-E0-2ÄÖ -]{0,7}", 1..60),
        text in "[A-E0-2ÄÖ]{1,7}",
        max_edits in 0u8..=2,
    ) {
        let index = index_of(&serials);
        let mut q = Query::new(text.clone(), QueryKind::Near { max_edits });
        q.limit = 0;
        let q3: Vec<char> = level_key(&text, Level::Confusable).chars().collect();
        let hits = match index.search(&q) {
            Ok(h) => h,
            Err(e) => {
                prop_assert!(q3.is_empty(), "{e}");
                return Ok(());
            }
        };
        let mut expected: Vec<u64> = serials.iter().enumerate().filter(|(_, s)| {
            let s3: Vec<char> = level_key(s, Level::Confusable).chars().collect();
            osa_distance(&q3, &s3) <= usize::from(max_edits)
        }).map(|(i, _)| i as u64).collect();
        let mut got: Vec<u64> = hits.iter().map(|h| h.firearm).collect();
        expected.sort_unstable();
        got.sort_unstable();
        prop_assert_eq!(got, expected);
    }

    /// A search with a limit lists the first hits of the same search without one (the
    /// limited search stops widening once it has enough hits within fewer edits, and ranks
    /// look-alike differences only as far as they can matter), look-alikes included.
    #[test]
    fn a_limited_search_returns_the_best_hits(
        serials in prop::collection::vec("[A-C0-2OIZ8Ö]{0,6}", 1..80),
        text in "[A-C0-2OIZ8Ö]{1,6}",
        max_edits in 0u8..=2,
        limit in 1usize..6,
    ) {
        let index = index_of(&serials);
        let mut q = Query::new(text, QueryKind::Near { max_edits });
        q.limit = 0;
        let Ok(all) = index.search(&q) else { return Ok(()) };
        q.limit = limit;
        let limited = index.search(&q).unwrap();
        let firearms = |hits: &[rastro_serial::Hit]| hits.iter().map(|h| (h.firearm, h.edits)).collect::<Vec<_>>();
        prop_assert_eq!(firearms(&limited), firearms(&all[..all.len().min(limit)]));
    }

    #[test]
    fn a_10000_character_query_is_refused_cleanly(c in proptest::char::any(), kind in kinds()) {
        let text: String = std::iter::repeat_n(c, 10_000).collect();
        let r = odd_index().search(&Query::new(text, kind));
        let refused = matches!(r, Err(QueryError::TooLong { .. }) | Err(QueryError::Empty));
        prop_assert!(refused, "{r:?}");
    }
}

#[test]
fn queries_that_cannot_run_say_why() {
    let index = odd_index();
    let run = |text: &str, kind| index.search(&Query::new(text, kind)).unwrap_err();
    assert_eq!(run("  ", QueryKind::Levels), QueryError::Empty);
    assert_eq!(
        run("AB1", QueryKind::Near { max_edits: 3 }),
        QueryError::TooManyEdits { asked: 3, max: 2 }
    );
    assert_eq!(
        run("A?B*", QueryKind::Pattern),
        QueryError::TooShort {
            readable: 2,
            needed: 4
        }
    );
    assert_eq!(
        run("00-0", QueryKind::Near { max_edits: 1 }),
        QueryError::NothingLeft
    );
    let long = "A".repeat(MAX_QUERY_BYTES + 1);
    assert!(matches!(
        run(&long, QueryKind::Pattern),
        QueryError::TooLong { .. }
    ));
    assert_eq!(
        run("A?B*", QueryKind::Pattern).to_string(),
        "the query has 2 readable character(s); at least 4 are needed"
    );
}

#[test]
fn hits_are_ranked_and_explained() {
    let mut b = IndexBuilder::new();
    b.add(7, "LE014388", 1, Attrs::default());
    b.add(7, "LEO14388", 2, Attrs::default());
    b.add(7, "LE014389", 3, Attrs::default());
    b.add(8, "LE014388", 4, Attrs::default());
    b.add(
        7,
        "LE014388",
        5,
        Attrs {
            firearm_type: Some(2),
            caliber: None,
        },
    );
    let index = b.build();
    let mut q = Query::new("le01-4388", QueryKind::Near { max_edits: 1 });
    q.makers = Some(vec![7]);
    q.firearm_type = Some(1);
    let hits = index.search(&q).unwrap();
    let firearms: Vec<u64> = hits.iter().map(|h| h.firearm).collect();
    assert_eq!(firearms, vec![1, 2, 3]);
    assert_eq!(hits[0].level, Some(Level::Separators));
    assert!(hits[1].lookalike_only);
    assert_eq!(hits[2].edits, 1);
    assert!(hits[0].score > hits[1].score && hits[1].score > hits[2].score);
    assert_eq!(hits[1].serial, "LEO14388");
}

/// Serials that share their first 7 characters by the hundred (a 7-character stem and two
/// digits, as `N-LLNNNN-NN` rifles): near searches and patterns step into nodes of the trie
/// deeper than the views' branches tell depths apart, through the samples, and must still
/// find every serial in reach (brute force over the whole corpus).
#[test]
fn dense_long_serials_are_all_found() {
    let stems = ["1AC1234", "1AC1235", "7XY0001", "7XY0002", "9KM5550"];
    let mut serials: Vec<String> = Vec::new();
    for stem in stems {
        for tail in 0..100 {
            serials.push(format!("{stem}{tail:02}"));
        }
    }
    // Other serials around them, so the views have samples and several windows.
    for i in 0..3_000u32 {
        serials.push(format!(
            "{}{:05}",
            ["1AC", "7XY", "9KM", "A"][i as usize % 4],
            i * 7
        ));
    }
    let index = index_of(&serials);
    let chars = |s: &str| -> Vec<char> { level_key(s, Level::Confusable).chars().collect() };
    let keys: Vec<Vec<char>> = serials.iter().map(|s| chars(s)).collect();
    let mut checked = 0;
    for (stem, tail) in stems
        .iter()
        .flat_map(|s| (0..100).step_by(11).map(move |t| (s, t)))
    {
        let serial = format!("{stem}{tail:02}");
        for at in 0..serial.len() {
            let mut query: Vec<char> = serial.chars().collect();
            query[at] = if query[at] == '3' { '4' } else { '3' };
            let query: String = query.into_iter().collect();
            for makers in [None, Some(vec![0]), Some(vec![1])] {
                for max_edits in [1, 2] {
                    let mut q = Query::new(query.clone(), QueryKind::Near { max_edits });
                    q.makers = makers.clone();
                    let found = all_firearms(&index, q);
                    let wanted = chars(&query);
                    let expected: Vec<u64> = (0..serials.len())
                        .filter(|&i| makers.as_ref().is_none_or(|m| m.contains(&(i as u32 % 3))))
                        .filter(|&i| osa_distance(&keys[i], &wanted) <= usize::from(max_edits))
                        .map(|i| i as u64)
                        .collect();
                    assert_eq!(found, expected, "{query:?} within {max_edits}, {makers:?}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1_000);
    // Partly readable serials whose readable start runs 7 characters and more deep.
    for pattern in [
        "1AC1234?5",
        "1AC12345*",
        "1AC1235??",
        "7XY0001*7",
        "*XY00020?",
        "C12345",
    ] {
        let found = all_firearms(&index, Query::new(pattern, QueryKind::Pattern));
        let glob: Vec<char> = match pattern.contains(['?', '*']) {
            true => pattern.chars().collect(),
            false => format!("*{pattern}*").chars().collect(),
        };
        let expected: Vec<u64> = (0..serials.len())
            .filter(|&i| glob_matches(&glob, &keys[i]))
            .map(|i| i as u64)
            .collect();
        assert!(!expected.is_empty(), "{pattern}");
        assert_eq!(found, expected, "{pattern}");
    }
}

/// The firearms of every hit of `q` (its limit lifted), ascending.
fn all_firearms(index: &SerialIndex, mut q: Query) -> Vec<u64> {
    q.limit = 0;
    let mut found: Vec<u64> = index
        .search(&q)
        .unwrap()
        .iter()
        .map(|h| h.firearm)
        .collect();
    found.sort_unstable();
    found
}

/// Whether `text` matches `glob` (`?` one character, `*` any run), by recursion.
fn glob_matches(glob: &[char], text: &[char]) -> bool {
    match glob.split_first() {
        None => text.is_empty(),
        Some(('*', rest)) => (0..=text.len()).any(|skip| glob_matches(rest, &text[skip..])),
        Some((&g, rest)) => text
            .split_first()
            .is_some_and(|(&t, tail)| (g == '?' || g == t) && glob_matches(rest, tail)),
    }
}

/// Every hit names the maker its serial was added under, over all makers: makers of one
/// serial and of thousands, ranges that start and end inside and across the index's pages of
/// entries, maker ids with gaps.
#[test]
fn hits_name_the_maker_they_were_added_under() {
    let sizes = [1usize, 3, 4_095, 4_097, 1, 9_000, 2, 12_289, 5];
    let mut b = IndexBuilder::new();
    let mut maker_of = Vec::new();
    for (m, &size) in sizes.iter().enumerate() {
        let maker = 10 + 7 * m as u32;
        for i in 0..size {
            // Serials shared by several makers, so one search returns hits of several.
            b.add(
                maker,
                &format!("S{:05}", i % 5_000),
                maker_of.len() as u64,
                Attrs::default(),
            );
            maker_of.push(maker);
        }
    }
    let index = b.build();
    for i in (0..5_000).step_by(37) {
        let mut q = Query::new(format!("S{i:05}"), QueryKind::Levels);
        q.limit = 0;
        let hits = index.search(&q).unwrap();
        assert!(hits.len() >= 2, "{i}");
        for h in hits {
            assert_eq!(h.maker, maker_of[h.firearm as usize], "{}", h.serial);
        }
    }
}

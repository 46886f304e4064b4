//! The index as bytes: a loaded index answers like the one saved, and no bytes whatever make
//! `from_bytes` panic or yield an index whose search panics.

#[path = "common/small.rs"]
mod small;
use proptest::prelude::*;
use rastro_serial::{FormatError, IndexBuilder, Query, QueryKind, SerialIndex};
use small::index_of;

/// A small real index with odd serials (empty, non-ASCII, long, look-alikes).
fn saved() -> Vec<u8> {
    let mut serials: Vec<String> = [
        "",
        "000",
        "ß",
        "LE0I4388",
        "LEO14388",
        "ÄÖÜ-12",
        "A\nB",
        "BXR123",
        "BXR-1234",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    serials.extend((0..40).map(|i| format!("K{:05}Z", i * 7919 % 100_000)));
    serials.push("9".repeat(200));
    index_of(&serials).to_bytes()
}

/// The bytes that flips and cuts go through: all of them (the index of [`saved`] is small).
fn front(bytes: &[u8]) -> usize {
    bytes.len()
}

/// Every kind of query, scoped and not, with filters: none may panic.
fn exercise(index: &SerialIndex) {
    let texts = [
        "LE0I4388", "BXR123", "K0*", "K?7919Z", "*12*", "ß", "9999", "Z",
    ];
    for text in texts {
        for kind in [
            QueryKind::Levels,
            QueryKind::Near { max_edits: 1 },
            QueryKind::Near { max_edits: 2 },
            QueryKind::Pattern,
        ] {
            for makers in [None, Some(vec![0, 2, 9])] {
                let mut q = Query::new(text, kind);
                q.makers = makers;
                q.firearm_type = Some(1);
                q.limit = 0;
                let _ = index.search(&q);
                q.firearm_type = None;
                q.limit = 3;
                let _ = index.search(&q);
            }
        }
    }
    let _ = (index.len(), index.memory_bytes());
}

fn load_and_exercise(bytes: &[u8]) -> Result<(), FormatError> {
    let index = SerialIndex::from_bytes(bytes)?;
    exercise(&index);
    Ok(())
}

#[test]
fn a_loaded_index_is_searchable() {
    load_and_exercise(&saved()).unwrap();
}

#[test]
fn every_cut_of_the_front_is_refused() {
    let bytes = saved();
    for len in 0..front(&bytes) {
        assert!(
            SerialIndex::from_bytes(&bytes[..len]).is_err(),
            "cut at {len}"
        );
    }
}

#[test]
fn every_flip_of_the_front_loads_safely_or_is_refused() {
    let bytes = saved();
    for at in 0..front(&bytes) {
        let mut b = bytes.clone();
        b[at] ^= 0x81;
        let _ = load_and_exercise(&b);
    }
}

#[test]
fn the_empty_index_round_trips() {
    let empty = IndexBuilder::new().build();
    let back = SerialIndex::from_bytes(&empty.to_bytes()).unwrap();
    assert!(back.is_empty());
    exercise(&back);
}

fn serial_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z0-9 ./_-]{0,12}",
        "[a-zA-Z0-9OQDILZSGB01256]{0,10}",
        "[ÄÖÜßéñ0-9A-C]{0,8}",
    ]
}

fn query_text() -> impl Strategy<Value = String> {
    prop_oneof!["[A-E0-2ÄOQ?*]{1,8}", "[A-E0-2 -]{1,7}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_loaded_index_answers_like_the_original(
        serials in prop::collection::vec(serial_like(), 0..80),
        texts in prop::collection::vec(query_text(), 1..8),
        edits in 0u8..=2,
    ) {
        let index = index_of(&serials);
        let back = SerialIndex::from_bytes(&index.to_bytes()).unwrap();
        prop_assert_eq!(back.len(), index.len());
        for text in texts {
            let kind = if text.contains(['?', '*']) {
                QueryKind::Pattern
            } else {
                QueryKind::Near { max_edits: edits }
            };
            for makers in [None, Some(vec![1])] {
                let mut q = Query::new(text.clone(), kind);
                q.makers = makers;
                q.limit = 0;
                prop_assert_eq!(index.search(&q), back.search(&q));
            }
        }
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = load_and_exercise(&bytes);
    }

    #[test]
    fn random_bytes_after_a_valid_header_never_panic(
        tail in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut bytes = saved()[..12].to_vec();
        bytes.extend(tail);
        let _ = load_and_exercise(&bytes);
    }

    #[test]
    fn any_cut_is_refused(at in any::<prop::sample::Index>()) {
        let bytes = saved();
        let len = at.index(bytes.len());
        prop_assert!(SerialIndex::from_bytes(&bytes[..len]).is_err());
    }

    #[test]
    fn any_byte_flip_loads_safely_or_is_refused(
        at in any::<prop::sample::Index>(),
        mask in 1u8..=255,
    ) {
        let mut bytes = saved();
        let i = at.index(bytes.len());
        bytes[i] ^= mask;
        let _ = load_and_exercise(&bytes);
    }

    #[test]
    fn a_few_flips_of_the_front_load_safely_or_are_refused(
        flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4),
    ) {
        let mut bytes = saved();
        let n = front(&bytes);
        for (at, mask) in flips {
            bytes[at.index(n)] ^= mask;
        }
        let _ = load_and_exercise(&bytes);
    }
}

//! Properties of the serial matching levels, over arbitrary input.

use proptest::prelude::*;
use rastro_serial::{level_key, level_sources, match_level, Level};

fn serial_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z0-9 ./_-]{0,16}",
        "[a-zA-Z0-9OQDILZSGB01256 -]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn keys_never_panic_and_stay_bounded(serial in any::<String>()) {
        for level in Level::ALL {
            let key = level_key(&serial, level);
            // Upper-casing can lengthen a few characters (ß → SS), never by more than 3×.
            prop_assert!(key.chars().count() <= 3 * serial.chars().count());
        }
    }

    #[test]
    fn a_match_at_one_level_holds_at_every_looser_level(a in serial_like(), b in serial_like()) {
        if let Some(level) = match_level(&a, &b) {
            for looser in Level::ALL.into_iter().filter(|l| *l >= level) {
                prop_assert_eq!(level_key(&a, looser), level_key(&b, looser));
            }
        }
    }

    #[test]
    fn the_level_found_is_the_strictest_whose_keys_agree(a in serial_like(), b in serial_like()) {
        let strictest = Level::ALL
            .into_iter()
            .find(|&level| level_key(&a, level) == level_key(&b, level));
        prop_assert_eq!(match_level(&a, &b), strictest);
    }

    #[test]
    fn every_key_character_comes_from_a_character_of_the_serial(serial in serial_like()) {
        for level in Level::ALL {
            let sources = level_sources(&serial, level);
            prop_assert_eq!(sources.len(), level_key(&serial, level).chars().count());
            prop_assert!(sources.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(sources.iter().all(|&i| i < serial.chars().count()));
        }
    }

    #[test]
    fn matching_is_symmetric_and_reflexive(a in serial_like(), b in serial_like()) {
        prop_assert_eq!(match_level(&a, &b), match_level(&b, &a));
        prop_assert_eq!(match_level(&a, &a), Some(Level::Exact));
    }

    #[test]
    fn separators_and_leading_zeros_never_matter_at_l2(core in "[1-9A-Z][0-9A-Z]{0,10}", zeros in 0usize..4, sep in "[ ./_-]{0,3}") {
        let written = format!("{}{}{}", "0".repeat(zeros), sep, core);
        prop_assert_eq!(level_key(&written, Level::LeadingZeros), level_key(&core, Level::LeadingZeros));
    }

    #[test]
    fn the_l3_key_has_no_look_alike_letters(serial in serial_like()) {
        let key = level_key(&serial, Level::Confusable);
        prop_assert!(!key.chars().any(|c| "OQDILZSGB".contains(c)));
    }

    #[test]
    fn a_10000_character_serial_is_handled(c in proptest::char::any()) {
        let long: String = std::iter::repeat_n(c, 10_000).collect();
        for level in Level::ALL {
            let _ = level_key(&long, level);
        }
    }
}

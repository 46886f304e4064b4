//! Property tests: no parser panics on any input, folding is idempotent, codes round-trip.

use proptest::prelude::*;
use rastro_codes::*;

/// Runs every parser on `s`; the point is that none panics.
fn parse_everything(s: &str) {
    let _ = fold(s);
    let _ = fold_compact(s);
    let _ = yes_no(s);
    let _ = Lang::parse(s);
    let _ = Lang::from_locale_str(s);
    let _ = FirearmType::parse(s);
    let _ = Caliber::parse(s);
    let _ = Country::parse(s);
    let _ = UsState::parse(s);
    let _ = MxState::parse(s);
    let _ = MakerRole::parse(s);
    let _ = find_reference_maker(s);
    for country in [None, Some(Country::US), Some(Country::MX)] {
        let _ = parse_state(country, s);
    }
}

/// Strings mixing the characters that matter: ASCII punctuation and digits, accented Latin
/// letters, combining marks, other scripts and invisible characters.
fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            any::<char>(),
            prop::sample::select(vec![
                'a', 'Z', '0', '9', '.', ',', '-', '&', '\'', ' ', '\t', '+', 'x', '×', 'á', 'Ñ',
                'ü', 'ß', 'ǰ', 'ŉ', 'Œ', '\u{301}', '\u{FEFF}', '\u{AD}', 'ﬁ', 'İ', 'ı', 'ſ', 'Ω',
                'я', '½', '²', 'ª', 'º',
            ]),
        ],
        0..40,
    )
    .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(s in any::<String>()) {
        parse_everything(&s);
    }

    #[test]
    fn parsers_never_panic_on_tricky_text(s in tricky_string()) {
        parse_everything(&s);
    }

    #[test]
    fn fold_is_idempotent(s in tricky_string()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
        prop_assert_eq!(fold_compact(&once), fold_compact(&s));
        prop_assert_eq!(fold_compact(&fold_compact(&s)), fold_compact(&s));
        prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        // Every letter with an upper-case form is upper-cased (some lower-case letters, such as
        // the small capital `ᴀ`, have none and stay as they are).
        prop_assert!(!once.chars().any(|c| c.is_lowercase() && c.to_uppercase().any(|u| u != c)));
    }

    #[test]
    fn fold_is_idempotent_on_any_string(s in any::<String>()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn ascii_fold_matches_char_path(s in "[ -~]{0,40}") {
        // A zero-width space is dropped, and forces the general (non-ASCII) path: both paths
        // must agree.
        prop_assert_eq!(fold(&format!("{s}\u{200B}")), fold(&s));
        prop_assert_eq!(fold_compact(&format!("\u{200B}{s}")), fold_compact(&s));
    }

    #[test]
    fn caliber_spellings_with_noise(
        i in 0..Caliber::ALL.len(),
        lower in any::<bool>(),
        prefix in prop::sample::select(vec!["", "cal. ", "CALIBRE ", "calibre ", " "]),
    ) {
        let c = Caliber::ALL[i];
        let label = if lower { c.label().to_lowercase() } else { c.label().to_string() };
        prop_assert_eq!(Caliber::parse(&format!("{prefix}{label}")), Some(c));
    }
}

#[test]
fn long_inputs() {
    let long_ascii = "a".repeat(10_000);
    let long_mixed: String = "Querétaro, ×7.62 ñ ".repeat(600);
    let long_spaces = " ".repeat(10_000);
    for s in [&long_ascii, &long_mixed, &long_spaces] {
        parse_everything(s);
        assert_eq!(fold(&fold(s)), fold(s));
    }
    assert_eq!(fold(&long_ascii).len(), 10_000);
    assert_eq!(Caliber::parse(&format!("9mm{}", "x".repeat(10_000))), None);
    assert_eq!(
        Caliber::parse(&format!("{}9mm{0}", " ".repeat(10_000))),
        Some(Caliber::Luger9x19)
    );
}

#[test]
fn caliber_labels_round_trip() {
    for &c in Caliber::ALL {
        assert_eq!(Caliber::parse(c.label()), Some(c), "{}", c.label());
        assert_eq!(Caliber::parse(c.label_in(Lang::Es)), Some(c));
        assert_eq!(Caliber::parse(c.code()), Some(c));
    }
}

#[test]
fn mx_states_by_name_plain_name_and_number() {
    for st in MxState::ALL {
        assert_eq!(MxState::parse(st.name()), Some(st));
        assert_eq!(MxState::parse(&fold(st.name())), Some(st));
        assert_eq!(MxState::parse(&st.inegi().to_string()), Some(st));
        assert_eq!(MxState::parse(&format!("{:02}", st.inegi())), Some(st));
    }
}

#[test]
fn serde_round_trips() {
    fn rt<T>(v: T, json: &str)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        assert_eq!(serde_json::to_string(&v).unwrap(), json);
        assert_eq!(serde_json::from_str::<T>(json).unwrap(), v);
    }
    rt(Lang::Es, r#""es""#);
    rt(FirearmType::MachineGun, r#""MACHINE_GUN""#);
    rt(Caliber::Super38, r#"".38SUPER""#);
    rt(Country::MX, r#""MX""#);
    rt(UsState::Texas, r#""TX""#);
    rt(MxState::Sonora, r#""SON""#);
    rt(StateRef::Mx(MxState::Sinaloa), r#"{"MX":"SIN"}"#);
    rt(MakerRole::Importer, r#""IMPORTER""#);
    assert!(serde_json::from_str::<Country>(r#""XX""#).is_err());
    assert!(serde_json::from_str::<Caliber>(r#""9mm""#).is_err());
    for &c in Caliber::ALL {
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Caliber>(&json).unwrap(), c);
    }
    for &s in UsState::ALL {
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<UsState>(&json).unwrap(), s);
    }
    let maker = serde_json::to_value(reference_maker("GLOCKUS").unwrap()).unwrap();
    assert_eq!(maker["country"], "US");
    assert_eq!(maker["role"], "IMPORTER");
}

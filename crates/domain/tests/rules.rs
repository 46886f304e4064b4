//! One test per rule and per example of `tracing-rules.md`, asserting what a user of the trace
//! results would notice: outcome, reason, origin, purchaser, chain, corrections, candidates,
//! `duplicate_of`, and the day counts.
//!
//! The world of `common` holds test makers (Kestrel, US; Alpenwaffen, Austria, with its US
//! importer; Carpati, Romania; Nowhere, no country) and five licensees: Kestrel's factory (07),
//! Alpenwaffen USA (08), a distributor (01), a gun shop (01) and a pawnshop (02). The standard
//! request was recovered in Culiacán, Sinaloa on 2020-03-01 and sent on 2020-03-11.

mod common;

use common::*;
use rastro_domain::rules::origin_without_records;
use rastro_domain::{
    AdRecord, ChainLink, Origin, Outcome, Purchaser, Reason, RequestKey, TraceRequest,
};

/// A name no makers table knows.
const UNKNOWN_MAKER: &str = "Talleres Test Ixtapa";

// =============================================================================================
// Terms: maker identity

#[test]
fn maker_aliases_match_case_accent_and_punctuation_insensitively() {
    let mut world = World::new();
    // The books write Kestrel's alias «Kestrel Test Armería S.A.» without accent or dots.
    world.sale_chain("KESTREL TEST ARMERIA SA", "KA-1001");

    let result = world.trace(
        &request("R1")
            .maker("kestrel arms test co.")
            .serial("KA-1001"),
    );

    assert_eq!(
        decision(&result),
        (Outcome::CompletedPurchaser, None, Origin::UsSourced)
    );
    assert_eq!(
        result.maker.as_deref(),
        Some(KESTREL),
        "the canonical name is reported"
    );
    assert_eq!(
        chain_ffls(&result),
        [KESTREL_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
    );
}

#[test]
fn maker_identity_is_shared_through_the_importer() {
    let mut world = World::new();
    world.add(
        entry(IMPORTER_FFL, ALPEN, "AW5530")
            .imported_by("Alpenwaffen Test USA Inc.")
            .made("2019-10-01")
            .to_ffl(RETAILER_FFL, "2019-10-15"),
    );
    world.add(
        entry(RETAILER_FFL, ALPEN, "AW5530")
            .imported_by(ALPEN_USA)
            .received_from(IMPORTER_FFL, "2019-10-20")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01"),
    );
    // The agency read the manufacturer as «Alpenwaffen», a name the table does not know; the
    // importer's code is the one the request and the records share.
    let marked = request("R1")
        .maker("Alpenwaffen")
        .importer("awt-usa")
        .serial("AW5530");
    let result = world.trace(&marked);
    assert_eq!(
        decision(&result),
        (Outcome::CompletedPurchaser, None, Origin::UsSourced)
    );
    assert_eq!(chain_ffls(&result), [IMPORTER_FFL, RETAILER_FFL]);

    // Without the importer nothing is shared: no record of that maker identity.
    let unmarked = TraceRequest {
        importer: None,
        ..marked
    };
    let result = world.trace(&unmarked);
    assert_eq!(
        decision(&result),
        (
            Outcome::InsufficientData,
            Some(Reason::UnknownManufacturer),
            Origin::Undetermined
        )
    );
    assert!(result.chain.is_empty());
}

#[test]
fn unknown_maker_names_compare_as_normalised_text() {
    let mut world = World::new();
    world.sale_chain("FABRICA NANDU DE ARMAS", "FN-2024");

    let same_text = world.trace(
        &request("R1")
            .maker("Fábrica Ñandú de Armas")
            .serial("FN-2024"),
    );
    assert_eq!(same_text.outcome, Outcome::CompletedPurchaser);
    assert_eq!(
        same_text.maker.as_deref(),
        Some("Fábrica Ñandú de Armas"),
        "as written"
    );

    let other_text = world.trace(&request("R2").maker("Fábrica Ñandú").serial("FN-2024"));
    assert_eq!(
        decision(&other_text),
        (
            Outcome::InsufficientData,
            Some(Reason::UnknownManufacturer),
            Origin::Undetermined
        )
    );
}

#[test]
fn records_of_another_maker_identity_are_not_the_firearms_records() {
    let mut world = World::new();
    world.sale_chain(ALPEN, "KA-1001");

    let result = world.trace(&request("R1").maker(KESTREL).serial("KA-1001"));

    assert_eq!(
        decision(&result),
        (Outcome::NoSourceRecord, None, Origin::UsSourced)
    );
    assert!(result.chain.is_empty());
    assert_eq!(result.serial_matched, None);
    assert_eq!(result.purchaser, None);
}

// =============================================================================================
// Terms: serial matching levels

#[test]
fn level_l0_exact_ignores_case_only_and_reports_no_correction() {
    let mut world = World::new();
    world.sale_chain(KESTREL, "KA-1001");

    let result = world.trace(&request("R1").maker(KESTREL).serial("ka-1001"));

    assert_eq!(result.outcome, Outcome::CompletedPurchaser);
    assert_eq!(result.corrections, []);
    assert_eq!(result.serial_submitted.as_deref(), Some("ka-1001"));
    assert_eq!(result.serial_matched.as_deref(), Some("KA-1001"));
}

#[test]
fn level_l1_separators_are_reported_as_a_correction() {
    let mut world = World::new();
    world.sale_chain(KESTREL, "KA-1001");

    let result = world.trace(&request("R1").maker(KESTREL).serial("KA 1001"));

    assert_eq!(result.outcome, Outcome::CompletedPurchaser);
    assert_eq!(
        result.corrections,
        [correction("KA 1001", "KA-1001", "SEPARATORS")]
    );
    assert_eq!(result.serial_matched.as_deref(), Some("KA-1001"));
}

#[test]
fn level_l2_leading_zeros_are_reported_as_a_correction() {
    let mut world = World::new();
    world.sale_chain(KESTREL, "4471");

    let result = world.trace(&request("R1").maker(KESTREL).serial("00-4471"));

    assert_eq!(result.outcome, Outcome::CompletedPurchaser);
    assert_eq!(
        result.corrections,
        [correction("00-4471", "4471", "LEADING_ZEROS")]
    );
}

#[test]
fn level_l3_look_alikes_are_reported_as_a_correction() {
    let mut world = World::new();
    world.sale_chain(KESTREL, "KA-1001");

    let result = world.trace(&request("R1").maker(KESTREL).serial("KA-IOO1"));

    assert_eq!(
        decision(&result),
        (Outcome::CompletedPurchaser, None, Origin::UsSourced)
    );
    assert_eq!(
        result.corrections,
        [correction("KA-IOO1", "KA-1001", "CONFUSABLE")]
    );
    assert_eq!(result.serial_matched.as_deref(), Some("KA-1001"));
}

#[test]
fn the_first_level_at_which_a_record_matches_is_used() {
    let mut world = World::new();
    // Two Kestrel pistols whose serials are look-alikes: one sold, one still at the factory.
    world.sale_chain(KESTREL, "LE0I4388");
    world.add(entry(KESTREL_FFL, KESTREL, "LE014388").made("2019-10-02"));

    // Each matches one of them exactly (L0): the look-alike (L3) is not a candidate.
    let sold = world.trace(&request("R1").maker(KESTREL).serial("LE0I4388"));
    assert_eq!(sold.outcome, Outcome::CompletedPurchaser);
    assert_eq!(sold.corrections, []);
    assert_eq!(sold.candidates, []);

    let in_stock = world.trace(&request("R2").maker(KESTREL).serial("LE014388"));
    assert_eq!(
        decision(&in_stock),
        (
            Outcome::StoppedAtLicensee,
            Some(Reason::NoDispositionRecorded),
            Origin::UsSourced
        )
    );
    assert_eq!(in_stock.serial_matched.as_deref(), Some("LE014388"));
    assert_eq!(chain_ffls(&in_stock), [KESTREL_FFL]);
}

// =============================================================================================
// Terms: distinct firearms

#[test]
fn separators_and_leading_zeros_never_tell_two_firearms_apart() {
    let mut world = World::new();
    // Three books, three spellings of one serial.
    world.add(
        entry(KESTREL_FFL, KESTREL, "00-41001")
            .made("2019-10-01")
            .to_ffl(DISTRIBUTOR_FFL, "2019-10-15"),
    );
    world.add(
        entry(DISTRIBUTOR_FFL, KESTREL, "41001")
            .received_from(KESTREL_FFL, "2019-10-20")
            .to_ffl(RETAILER_FFL, "2019-11-01"),
    );
    world.add(
        entry(RETAILER_FFL, KESTREL, "041 001")
            .received_from(DISTRIBUTOR_FFL, "2019-11-05")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01"),
    );

    let result = world.trace(&request("R1").maker(KESTREL).serial("41001"));
    assert_eq!(result.outcome, Outcome::CompletedPurchaser);
    assert_eq!(result.candidates, []);
    assert_eq!(
        chain_ffls(&result),
        [KESTREL_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
    );

    // Misread with look-alikes, the request matches all three spellings at L3 only: still one
    // firearm, not three candidates.
    let misread = world.trace(&request("R2").maker(KESTREL).serial("4I-OOI"));
    assert_eq!(misread.outcome, Outcome::CompletedPurchaser);
    assert_eq!(misread.candidates, []);
    assert_eq!(misread.corrections[0].kind, "CONFUSABLE");
    assert_eq!(
        chain_ffls(&misread),
        [KESTREL_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
    );
}

#[test]
fn look_alike_serials_are_distinct_firearms_for_an_analyst() {
    let mut world = World::new();
    // Two Austrian pistols of the importer's book; the first also in the gun shop's book.
    world.add(
        entry(IMPORTER_FFL, ALPEN, "SB2100")
            .imported_by(ALPEN_USA)
            .made("2019-10-01")
            .to_ffl(RETAILER_FFL, "2019-10-15"),
    );
    world.add(
        entry(RETAILER_FFL, ALPEN, "SB-2100")
            .imported_by(ALPEN_USA)
            .received_from(IMPORTER_FFL, "2019-10-20")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01"),
    );
    world.add(
        entry(IMPORTER_FFL, ALPEN, "58Z100")
            .imported_by(ALPEN_USA)
            .made("2019-10-01"),
    );

    // «5B21OO» matches both only at L3.
    let result = world.trace(
        &request("R1")
            .maker(ALPEN)
            .origin_country("AT")
            .serial("5B21OO"),
    );

    assert_eq!(
        decision(&result),
        (Outcome::NeedsReview, None, Origin::UsSourced)
    );
    assert_eq!(
        candidate_serials(&result),
        ["58Z100", "SB2100"],
        "every distinct firearm, once"
    );
    for candidate in &result.candidates {
        assert_eq!(candidate.maker, ALPEN);
        assert_eq!(candidate.score, 1.0);
    }
    assert!(result.chain.is_empty());
    assert_eq!(result.purchaser, None);
    assert_eq!(result.retail_ffl, None);
}

// =============================================================================================
// Origin without records (origin0); no record exists, so the result's origin is origin0.

#[test]
fn origin_rule_1_a_us_manufacturer_is_us_sourced() {
    let world = World::new();

    let result = world.trace(&request("R1").maker(KESTREL).serial("KA-9999"));

    assert_eq!(
        decision(&result),
        (Outcome::NoSourceRecord, None, Origin::UsSourced)
    );
}

#[test]
fn origin_rule_2_an_importer_is_us_sourced() {
    let world = World::new();

    let result = world.trace(
        &request("R1")
            .maker(ALPEN)
            .importer(ALPEN_USA_ALIAS)
            .serial("AW-9999"),
    );

    assert_eq!(
        decision(&result),
        (Outcome::NoSourceRecord, None, Origin::UsSourced)
    );
}

#[test]
fn origin_rule_3_the_country_of_origin_marked() {
    let world = World::new();

    let us = world.trace(
        &request("R1")
            .maker(UNKNOWN_MAKER)
            .origin_country("US")
            .serial("TI-1"),
    );
    assert_eq!(
        decision(&us),
        (Outcome::NoSourceRecord, None, Origin::UsSourced)
    );

    let spain = world.trace(
        &request("R2")
            .maker(UNKNOWN_MAKER)
            .origin_country("ES")
            .serial("TI-1"),
    );
    assert_eq!(
        decision(&spain),
        (Outcome::NotUsSourced, None, Origin::ThirdCountry)
    );
}

#[test]
fn origin_rule_4_a_manufacturer_of_another_country_is_third_country() {
    let world = World::new();

    let result = world.trace(&request("R1").maker(CARPATI).serial("CR-9999"));

    assert_eq!(
        decision(&result),
        (Outcome::NotUsSourced, None, Origin::ThirdCountry)
    );
}

#[test]
fn origin_rule_5_otherwise_undetermined() {
    let world = World::new();

    let unknown = world.trace(&request("R1").maker(UNKNOWN_MAKER).serial("TI-1"));
    assert_eq!(unknown.origin, Origin::Undetermined);

    // A maker the table knows, without a country.
    let known = world.trace(&request("R2").maker(NOWHERE).serial("NW-1"));
    assert_eq!(known.origin, Origin::Undetermined);
}

#[test]
fn origin_rules_apply_in_order() {
    let world = World::new();
    let origin = |request: TraceRequest| {
        let expected = origin_without_records(&request, &world.makers);
        let traced = world.trace(&request).origin;
        assert_eq!(
            traced, expected,
            "no record: the result's origin is origin0"
        );
        traced
    };

    // 1 before 3: a US maker's firearm marked «made in Romania» (a licensed copy, say).
    assert_eq!(
        origin(
            request("R1")
                .maker(KESTREL)
                .origin_country("RO")
                .serial("X1")
        ),
        Origin::UsSourced
    );
    // 2 before 3 and 4: an Austrian pistol marked AT, with its US importer's marks.
    assert_eq!(
        origin(
            request("R2")
                .maker(ALPEN)
                .importer(ALPEN_USA)
                .origin_country("AT")
                .serial("X2")
        ),
        Origin::UsSourced
    );
    assert_eq!(
        origin(request("R3").maker(ALPEN).importer(ALPEN_USA).serial("X3")),
        Origin::UsSourced
    );
    // 3 before 4: a Romanian maker's firearm marked US.
    assert_eq!(
        origin(
            request("R4")
                .maker(CARPATI)
                .origin_country("US")
                .serial("X4")
        ),
        Origin::UsSourced
    );
    // 4 before 5.
    assert_eq!(
        origin(request("R5").maker(ALPEN).serial("X5")),
        Origin::ThirdCountry
    );
}

// =============================================================================================
// Decision 1: duplicates

/// A Romanian rifle whose importer holds it in stock (so its trace is US-sourced), and its
/// request recovered in Culiacán, Sinaloa.
fn rifle_world() -> (World, TraceRequest) {
    let mut world = World::new();
    world.add(entry(IMPORTER_FFL, CARPATI, "CR-7781").made("2019-10-01"));
    let first = request("R1").maker(CARPATI).serial("CR-7781");
    (world, first)
}

#[test]
fn duplicate_same_maker_serial_day_and_place() {
    let (world, first) = rifle_world();
    // Another agency, another spelling of the maker, the serial and the place.
    let second = TraceRequest {
        agency: "SEDENA".into(),
        ..request("S-77")
            .maker(CARPATI_ALIAS)
            .serial("cr 778l")
            .place("MX", "SINALOA", "culiacan")
    };

    let results = world.trace_in_order(&[first, second]);

    assert_eq!(results[0].outcome, Outcome::StoppedAtLicensee);
    assert_eq!(results[0].origin, Origin::UsSourced);
    let duplicate = &results[1];
    assert_eq!(duplicate.outcome, Outcome::Duplicate);
    assert_eq!(duplicate.reason, None);
    assert_eq!(
        duplicate.duplicate_of,
        Some(RequestKey {
            agency: "FGR".into(),
            request_ref: "R1".into()
        })
    );
    // Copied from R1: origin0 alone would say THIRD_COUNTRY.
    assert_eq!(duplicate.origin, Origin::UsSourced);
    assert!(duplicate.chain.is_empty());
    assert_eq!(duplicate.request_ref, "S-77");
}

#[test]
fn not_a_duplicate_when_the_place_the_day_or_the_maker_differs() {
    let (world, first) = rifle_world();
    let variants = [
        (
            "another city",
            request("R2")
                .maker(CARPATI)
                .serial("CR-7781")
                .place("MX", "Sinaloa", "Mazatlán"),
        ),
        (
            "another state",
            request("R2")
                .maker(CARPATI)
                .serial("CR-7781")
                .place("MX", "Sonora", "Culiacán"),
        ),
        (
            "another country",
            request("R2")
                .maker(CARPATI)
                .serial("CR-7781")
                .place("US", "Sinaloa", "Culiacán"),
        ),
        (
            "another day",
            request("R2")
                .maker(CARPATI)
                .serial("CR-7781")
                .recovered("2020-03-02"),
        ),
        (
            "another maker identity",
            request("R2").maker(KESTREL).serial("CR-7781"),
        ),
        (
            "another serial",
            request("R2").maker(CARPATI).serial("CR-7787"),
        ),
    ];
    for (why, second) in variants {
        let results = world.trace_in_order(&[first.clone(), second]);
        assert_ne!(results[1].outcome, Outcome::Duplicate, "{why}");
        assert_eq!(results[1].duplicate_of, None, "{why}");
    }
}

#[test]
fn an_empty_serial_is_never_a_duplicate() {
    let world = World::new();
    for serial in [None, Some(""), Some(" - ")] {
        let twice = |request_ref: &str| TraceRequest {
            serial: serial.map(str::to_string),
            ..request(request_ref).maker(KESTREL)
        };

        let results = world.trace_in_order(&[twice("R1"), twice("R2")]);

        assert_eq!(results[1].duplicate_of, None, "{serial:?}");
        assert_eq!(results[1].outcome, Outcome::SerialProblem, "{serial:?}");
    }
}

#[test]
fn a_duplicate_of_a_duplicate_points_at_the_first_request() {
    let world = World::new();
    let first = request("R1").maker(ALPEN).serial("AW5530");
    let second = request("R2")
        .maker(ALPEN)
        .importer(ALPEN_USA)
        .serial("AW5530");
    // Shares only the importer with R2, nothing with R1.
    let third = request("R3")
        .maker("Alpenwaffen")
        .importer(ALPEN_USA_ALIAS)
        .serial("AW5530");

    let results = world.trace_in_order(&[first, second, third]);

    let r1 = Some(RequestKey {
        agency: "FGR".into(),
        request_ref: "R1".into(),
    });
    assert_eq!(results[1].duplicate_of, r1);
    assert_eq!(results[2].outcome, Outcome::Duplicate);
    assert_eq!(results[2].duplicate_of, r1);
    assert_eq!(results[2].origin, results[0].origin);
}

// =============================================================================================
// Decision 2: no manufacturer

#[test]
fn no_manufacturer_of_a_third_country_firearm_is_not_us_sourced() {
    let mut world = World::new();
    world.sale_chain(KESTREL, "KA-1001");

    let result = world.trace(&request("R1").origin_country("RO").serial("KA-1001"));

    assert_eq!(
        decision(&result),
        (Outcome::NotUsSourced, None, Origin::ThirdCountry)
    );
    assert!(result.chain.is_empty());
    assert_eq!(result.maker, None);
}

#[test]
fn no_manufacturer_is_insufficient_data() {
    let mut world = World::new();
    world.sale_chain(KESTREL, "KA-1001");

    // Records under the serial are not searched; a «-» written for «none» is no name.
    for blank in ["  ", "-"] {
        let result = world.trace(&request("R1").maker(blank).serial("KA-1001"));
        assert_eq!(
            decision(&result),
            (
                Outcome::InsufficientData,
                Some(Reason::MissingManufacturer),
                Origin::Undetermined
            ),
            "{blank:?}"
        );
        assert!(result.chain.is_empty());
        assert_eq!(result.purchaser, None);
        assert_eq!(result.maker, None);
    }

    // origin0 still speaks: the importer's marks make it US-sourced.
    let imported = world.trace(&request("R2").importer(ALPEN_USA_ALIAS).serial("KA-1001"));
    assert_eq!(
        decision(&imported),
        (
            Outcome::InsufficientData,
            Some(Reason::MissingManufacturer),
            Origin::UsSourced
        )
    );

    // Step 2 comes before step 3.
    let nothing = world.trace(&request("R3"));
    assert_eq!(nothing.reason, Some(Reason::MissingManufacturer));
}

// =============================================================================================
// Decision 3: no usable serial

#[test]
fn a_missing_serial_is_a_serial_problem() {
    let world = World::new();
    for serial in [None, Some(""), Some("   "), Some(" - ")] {
        let missing = TraceRequest {
            serial: serial.map(str::to_string),
            ..request("R1").maker(KESTREL)
        };

        let result = world.trace(&missing);

        assert_eq!(
            decision(&result),
            (
                Outcome::SerialProblem,
                Some(Reason::Missing),
                Origin::UsSourced
            ),
            "{serial:?}"
        );
        assert_eq!(result.lag_days, Some(10));
    }
}

#[test]
fn an_obliterated_serial_is_a_serial_problem() {
    let mut world = World::new();
    world.sale_chain(KESTREL, "KA-1001");

    // Nothing readable.
    let unreadable = world.trace(&request("R1").maker(KESTREL).obliterated());
    assert_eq!(
        decision(&unreadable),
        (
            Outcome::SerialProblem,
            Some(Reason::Obliterated),
            Origin::UsSourced
        )
    );
    // Fewer than 4 readable characters: no pattern, step 3 as written.
    let partly = world.trace(&request("R2").maker(KESTREL).serial("K??1").obliterated());
    assert_eq!(decision(&partly), decision(&unreadable));
    assert!(partly.chain.is_empty());
    assert_eq!(partly.purchaser, None);
    // A readable fragment that no record of the maker holds.
    let fragment = world.trace(&request("R3").maker(KESTREL).serial("ZZ-7788").obliterated());
    assert_eq!(decision(&fragment), decision(&unreadable));
}

#[test]
fn a_third_country_firearm_without_a_usable_serial_is_not_us_sourced() {
    let world = World::new();

    let missing = world.trace(&request("R1").maker(CARPATI));
    assert_eq!(
        decision(&missing),
        (Outcome::NotUsSourced, None, Origin::ThirdCountry)
    );

    let obliterated = world.trace(&request("R2").maker(CARPATI).serial("C?").obliterated());
    assert_eq!(
        decision(&obliterated),
        (Outcome::NotUsSourced, None, Origin::ThirdCountry)
    );
}

// =============================================================================================
// Decision 4: record search

#[test]
fn no_record_of_a_third_country_firearm_is_not_us_sourced() {
    let mut world = World::new();
    world.sale_chain(CARPATI, "CR-1000");

    let result = world.trace(&request("R1").maker(CARPATI).serial("CR-5678"));

    assert_eq!(
        decision(&result),
        (Outcome::NotUsSourced, None, Origin::ThirdCountry)
    );
    assert_eq!(result.candidates, []);
}

#[test]
fn no_record_of_a_manufacturer_the_table_does_not_know_is_insufficient_data() {
    let world = World::new();

    let result = world.trace(&request("R1").maker(UNKNOWN_MAKER).serial("TI-1"));

    assert_eq!(
        decision(&result),
        (
            Outcome::InsufficientData,
            Some(Reason::UnknownManufacturer),
            Origin::Undetermined
        )
    );
}

#[test]
fn no_record_otherwise_is_no_source_record() {
    let world = World::new();

    let us = world.trace(&request("R1").maker(KESTREL).serial("KA-1"));
    assert_eq!(
        decision(&us),
        (Outcome::NoSourceRecord, None, Origin::UsSourced)
    );

    // Known maker, undetermined origin: not «unknown manufacturer».
    let known = world.trace(&request("R2").maker(NOWHERE).serial("NW-1"));
    assert_eq!(
        decision(&known),
        (Outcome::NoSourceRecord, None, Origin::Undetermined)
    );

    // Unknown maker with a country of origin US.
    let marked = world.trace(
        &request("R3")
            .maker(UNKNOWN_MAKER)
            .origin_country("US")
            .serial("TI-1"),
    );
    assert_eq!(
        decision(&marked),
        (Outcome::NoSourceRecord, None, Origin::UsSourced)
    );
}

#[test]
fn one_firearm_in_us_books_is_us_sourced_whatever_its_maker() {
    let mut world = World::new();
    world.add(
        entry(IMPORTER_FFL, CARPATI, "CR-7781")
            .made("2019-10-01")
            .to_ffl(RETAILER_FFL, "2019-10-15"),
    );
    world.add(
        entry(RETAILER_FFL, CARPATI, "CR-7781")
            .received_from(IMPORTER_FFL, "2019-10-20")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01"),
    );

    let result = world.trace(
        &request("R1")
            .maker(CARPATI)
            .origin_country("RO")
            .serial("CR-7781"),
    );

    assert_eq!(
        decision(&result),
        (Outcome::CompletedPurchaser, None, Origin::UsSourced)
    );
    assert_eq!(chain_roles(&result), ["IMPORTER", "RETAILER"]);
}

// =============================================================================================
// Decision 5: the walk

#[test]
fn the_walk_starts_at_the_entry_with_no_acquisition_source() {
    let mut world = World::new();
    world.add(
        entry(IMPORTER_FFL, ALPEN, "AW5530")
            .made("2019-10-01")
            .to_ffl(DISTRIBUTOR_FFL, "2019-10-15"),
    );
    // The distributor misdated its entry: earliest acquired, but acquired from a licensee.
    world.add(
        entry(DISTRIBUTOR_FFL, ALPEN, "AW5530")
            .received_from(IMPORTER_FFL, "2019-09-20")
            .to_ffl(RETAILER_FFL, "2019-11-01"),
    );
    world.add(
        entry(RETAILER_FFL, ALPEN, "AW5530")
            .received_from(DISTRIBUTOR_FFL, "2019-11-05")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01"),
    );

    let result = world.trace(&request("R1").maker(ALPEN).serial("AW5530"));

    assert_eq!(result.outcome, Outcome::CompletedPurchaser);
    assert_eq!(
        chain_ffls(&result),
        [IMPORTER_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
    );
    assert_eq!(
        chain_roles(&result),
        ["IMPORTER", "DISTRIBUTOR", "RETAILER"]
    );
}

#[test]
fn without_a_source_entry_the_walk_starts_at_the_earliest_acquired() {
    let mut world = World::new();
    // Kestrel's own book is not imported; the gun shop's entry comes first in the bucket.
    world.add(
        entry(RETAILER_FFL, KESTREL, "KA-1001")
            .received_from(DISTRIBUTOR_FFL, "2019-11-05")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01"),
    );
    world.add(
        entry(DISTRIBUTOR_FFL, KESTREL, "KA-1001")
            .received_from(KESTREL_FFL, "2019-10-20")
            .to_ffl(RETAILER_FFL, "2019-11-01"),
    );

    let result = world.trace(&request("R1").maker(KESTREL).serial("KA-1001"));

    assert_eq!(result.outcome, Outcome::CompletedPurchaser);
    assert_eq!(chain_ffls(&result), [DISTRIBUTOR_FFL, RETAILER_FFL]);
}

#[test]
fn a_retail_sale_completes_the_trace_with_the_purchaser() {
    let mut world = World::new();
    let mut shop = licensee(RETAILER_FFL, "Border Test Guns", "TX");
    shop.license_name = "GARCIA TEST, ROBERTO".into();
    shop.mail_state = Some("NM".into());
    world.add_licensee(shop);
    world.sale_chain(KESTREL, "KA-1001");

    let result = world.trace(
        &request("R1")
            .maker(KESTREL)
            .serial("KA-1001")
            .recovered("2020-03-01")
            .requested("2020-03-11"),
    );

    assert_eq!(
        decision(&result),
        (Outcome::CompletedPurchaser, None, Origin::UsSourced)
    );
    assert_eq!(
        result.purchaser,
        Some(Purchaser {
            name: Some(PURCHASER.into()),
            address: Some(PURCHASER_ADDRESS.into()),
            dob: Some(date("1990-04-12")),
        })
    );
    assert_eq!(result.retail_ffl.as_deref(), Some(RETAILER_FFL));
    assert_eq!(
        result.retail_state.as_deref(),
        Some("TX"),
        "the premises' state, not the mail's"
    );
    assert_eq!(result.sale_date, Some(date("2020-01-01")));
    assert_eq!(
        result.ttc_days,
        Some(60),
        "2020-01-01 to 2020-03-01, a leap year"
    );
    assert_eq!(result.lag_days, Some(10));
    let link = |ffl: &str, name: &str, role: &str, acquired: &str, disposed: &str| ChainLink {
        ffl_number: ffl.into(),
        licensee_name: Some(name.into()),
        role: role.into(),
        acquired_on: Some(date(acquired)),
        disposed_on: Some(date(disposed)),
    };
    assert_eq!(
        result.chain,
        [
            link(
                KESTREL_FFL,
                "Kestrel Arms Test Co",
                "MANUFACTURER",
                "2019-10-01",
                "2019-10-15"
            ),
            link(
                DISTRIBUTOR_FFL,
                "Lone Star Test Wholesale",
                "DISTRIBUTOR",
                "2019-10-20",
                "2019-11-01"
            ),
            link(
                RETAILER_FFL,
                "Border Test Guns",
                "RETAILER",
                "2019-11-05",
                "2020-01-01"
            ),
        ]
    );
    assert_eq!(result.maker.as_deref(), Some(KESTREL));
    assert_eq!(result.serial_matched.as_deref(), Some("KA-1001"));
    assert_eq!(result.corrections, []);
    assert_eq!(result.candidates, []);
    assert_eq!(result.duplicate_of, None);
}

/// Kestrel made the pistol and sold it to the distributor, whose entry is given by `distributor`.
fn distributor_world(distributor: impl FnOnce(AdRecord) -> AdRecord) -> World {
    let mut world = World::new();
    world.add(
        entry(KESTREL_FFL, KESTREL, "KA-1001")
            .made("2019-10-01")
            .to_ffl(DISTRIBUTOR_FFL, "2019-10-15"),
    );
    world.add(distributor(
        entry(DISTRIBUTOR_FFL, KESTREL, "KA-1001").received_from(KESTREL_FFL, "2019-10-20"),
    ));
    world
}

fn kestrel_request() -> TraceRequest {
    request("R1").maker(KESTREL).serial("KA-1001")
}

#[test]
fn an_entry_with_no_disposition_stops_the_walk_there() {
    let world = distributor_world(|entry| entry);

    let result = world.trace(&kestrel_request());

    assert_eq!(
        decision(&result),
        (
            Outcome::StoppedAtLicensee,
            Some(Reason::NoDispositionRecorded),
            Origin::UsSourced
        )
    );
    assert_eq!(chain_ffls(&result), [KESTREL_FFL, DISTRIBUTOR_FFL]);
    assert_eq!(chain_roles(&result), ["MANUFACTURER", "DISTRIBUTOR"]);
    assert_eq!(result.chain[1].disposed_on, None);
    assert_eq!(
        (result.purchaser.clone(), result.retail_ffl.clone()),
        (None, None)
    );
    assert_eq!(
        (result.sale_date, result.ttc_days, result.lag_days),
        (None, None, Some(10))
    );
}

#[test]
fn a_disposition_to_a_licence_the_registry_does_not_hold_stops_the_walk() {
    let world = distributor_world(|entry| entry.to_ffl("5-74-029-01-5K-09999", "2019-11-01"));

    let result = world.trace(&kestrel_request());

    assert_eq!(
        decision(&result),
        (
            Outcome::StoppedAtLicensee,
            Some(Reason::UnknownLicensee),
            Origin::UsSourced
        )
    );
    assert_eq!(chain_ffls(&result), [KESTREL_FFL, DISTRIBUTOR_FFL]);
}

#[test]
fn a_disposition_back_to_a_licensee_of_the_chain_is_inconsistent() {
    let mut world = distributor_world(|entry| entry.to_ffl(RETAILER_FFL, "2019-11-01"));
    world.add(
        entry(RETAILER_FFL, KESTREL, "KA-1001")
            .received_from(DISTRIBUTOR_FFL, "2019-11-05")
            .to_ffl(DISTRIBUTOR_FFL, "2019-12-01"),
    );

    let result = world.trace(&kestrel_request());

    assert_eq!(
        decision(&result),
        (
            Outcome::StoppedAtLicensee,
            Some(Reason::InconsistentRecords),
            Origin::UsSourced
        )
    );
    assert_eq!(
        chain_ffls(&result),
        [KESTREL_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
    );
}

#[test]
fn a_closed_licensee_without_records_stops_the_walk() {
    let mut world = distributor_world(|entry| entry.to_ffl(RETAILER_FFL, "2019-11-01"));
    world.close(RETAILER_FFL, "2020-02-01", None);

    let result = world.trace(&kestrel_request());

    assert_eq!(
        decision(&result),
        (
            Outcome::StoppedAtLicensee,
            Some(Reason::OobRecordsNotReceived),
            Origin::UsSourced
        )
    );
    assert_eq!(
        chain_ffls(&result),
        [KESTREL_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
    );
    let last = &result.chain[2];
    assert_eq!(last.licensee_name.as_deref(), Some("Border Test Guns"));
    assert_eq!((last.acquired_on, last.disposed_on), (None, None));
    // Reached without an entry, it is named by its licence type alone (01, no sale known).
    assert_eq!(last.role, "DISTRIBUTOR");
}

#[test]
fn an_active_licensee_without_records_is_pending_until_its_books_arrive() {
    let mut world = distributor_world(|entry| entry.to_ffl(RETAILER_FFL, "2019-11-01"));

    let pending = world.trace(&kestrel_request());
    assert_eq!(
        decision(&pending),
        (
            Outcome::PendingLicensee,
            Some(Reason::LicenseeRecordsNotOnFile),
            Origin::UsSourced
        )
    );
    assert_eq!(
        chain_ffls(&pending),
        [KESTREL_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
    );

    // The gun shop answers; its book is imported and the trace goes on.
    world.add(
        entry(RETAILER_FFL, KESTREL, "KA-1001")
            .received_from(DISTRIBUTOR_FFL, "2019-11-05")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01"),
    );
    let resumed = world.trace(&kestrel_request());
    assert_eq!(
        decision(&resumed),
        (Outcome::CompletedPurchaser, None, Origin::UsSourced)
    );
    assert_eq!(resumed.retail_ffl.as_deref(), Some(RETAILER_FFL));
}

#[test]
fn a_licensee_without_a_status_row_counts_as_active() {
    let mut world = distributor_world(|entry| entry.to_ffl(RETAILER_FFL, "2019-11-01"));
    world.directory.statuses.remove(&ffl(RETAILER_FFL));

    let result = world.trace(&kestrel_request());

    assert_eq!(result.outcome, Outcome::PendingLicensee);
    assert_eq!(result.reason, Some(Reason::LicenseeRecordsNotOnFile));
}

#[test]
fn a_licensee_with_records_on_file_but_no_entry_is_record_not_found() {
    for closed in [false, true] {
        let mut world = distributor_world(|entry| entry.to_ffl(RETAILER_FFL, "2019-11-01"));
        world.add_other_book(RETAILER_FFL);
        if closed {
            world.close(RETAILER_FFL, "2020-02-01", None);
        }

        let result = world.trace(&kestrel_request());

        assert_eq!(
            decision(&result),
            (
                Outcome::StoppedAtLicensee,
                Some(Reason::RecordNotFound),
                Origin::UsSourced
            ),
            "closed: {closed}"
        );
        assert_eq!(
            chain_ffls(&result),
            [KESTREL_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
        );
    }
}

#[test]
fn books_handed_over_are_records_on_file_even_before_import() {
    let mut world = distributor_world(|entry| entry.to_ffl(RETAILER_FFL, "2019-11-01"));
    world.close(RETAILER_FFL, "2020-02-01", Some("2020-02-20"));

    let result = world.trace(&kestrel_request());

    assert_eq!(
        decision(&result),
        (
            Outcome::StoppedAtLicensee,
            Some(Reason::RecordNotFound),
            Origin::UsSourced
        )
    );
}

#[test]
fn a_firearm_made_before_the_gun_control_act_is_too_old() {
    let world_made_on = |made: &str| {
        let mut world = World::new();
        world.add(
            entry(KESTREL_FFL, KESTREL, "KA-1001")
                .made(made)
                .to_ffl(DISTRIBUTOR_FFL, "1969-01-10"),
        );
        world.add(
            entry(DISTRIBUTOR_FFL, KESTREL, "KA-1001")
                .received_from(KESTREL_FFL, "1969-01-12")
                .to_ffl(RETAILER_FFL, "1969-02-01"),
        );
        world.add_other_book(RETAILER_FFL);
        world
    };

    let old = world_made_on("1968-12-15").trace(&kestrel_request());
    assert_eq!(decision(&old), (Outcome::TooOld, None, Origin::UsSourced));
    assert_eq!(
        chain_ffls(&old),
        [KESTREL_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
    );

    let on_the_day = world_made_on("1968-12-16").trace(&kestrel_request());
    assert_eq!(on_the_day.outcome, Outcome::StoppedAtLicensee);
    assert_eq!(on_the_day.reason, Some(Reason::RecordNotFound));
}

#[test]
fn an_entry_misspelled_with_a_look_alike_at_a_later_licensee_is_followed() {
    let mut world = distributor_world(|entry| entry.to_ffl(RETAILER_FFL, "2019-11-01"));
    // The gun shop wrote the letter O for the zero.
    world.add(
        entry(RETAILER_FFL, KESTREL, "KA-1OO1")
            .received_from(DISTRIBUTOR_FFL, "2019-11-05")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01"),
    );

    let result = world.trace(&kestrel_request());

    assert_eq!(
        decision(&result),
        (Outcome::CompletedPurchaser, None, Origin::UsSourced)
    );
    assert_eq!(
        chain_ffls(&result),
        [KESTREL_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
    );
    assert_eq!(
        result.purchaser.and_then(|p| p.name).as_deref(),
        Some(PURCHASER)
    );
    assert_eq!(
        result.corrections,
        [],
        "the request matched Kestrel's book exactly"
    );
    assert_eq!(result.candidates, []);
}

#[test]
fn among_several_entries_the_earliest_acquired_after_the_previous_disposition_is_followed() {
    let shop_entry = |acquired: &str, buyer: &str, sold: &str| {
        entry(RETAILER_FFL, KESTREL, "KA-1001")
            .received_from(DISTRIBUTOR_FFL, acquired)
            .sold_to(buyer, "somewhere", sold)
    };

    // The distributor sold it to the shop on 2019-11-01; the shop's book holds an older entry,
    // the one for that delivery, and a later one (bought back and sold again).
    let mut world = distributor_world(|entry| entry.to_ffl(RETAILER_FFL, "2019-11-01"));
    world.add(shop_entry("2018-05-01", "OLD, ENTRY", "2018-06-01"));
    world.add(shop_entry("2021-01-10", "LATE, BUYER", "2021-02-01"));
    world.add(shop_entry("2019-11-05", PURCHASER, "2020-01-01"));
    let result = world.trace(&kestrel_request());
    assert_eq!(
        result.purchaser.and_then(|p| p.name).as_deref(),
        Some(PURCHASER)
    );
    assert_eq!(result.sale_date, Some(date("2020-01-01")));
    assert_eq!(result.chain[2].acquired_on, Some(date("2019-11-05")));

    // None acquired on or after the disposition: the earliest.
    let mut world = distributor_world(|entry| entry.to_ffl(RETAILER_FFL, "2019-11-01"));
    world.add(shop_entry("2019-03-02", "SECOND, ENTRY", "2019-04-01"));
    world.add(shop_entry("2018-05-01", "FIRST, ENTRY", "2018-06-01"));
    let result = world.trace(&kestrel_request());
    assert_eq!(
        result.purchaser.and_then(|p| p.name).as_deref(),
        Some("FIRST, ENTRY")
    );
}

// =============================================================================================
// Decision 6: holdings

#[test]
fn holdings_complete_past_a_distributor_whose_books_are_missing() {
    let mut world = World::new();
    world.add(
        entry(KESTREL_FFL, KESTREL, "KA-1001")
            .made("2019-10-01")
            .to_ffl(DISTRIBUTOR_FFL, "2019-10-15"),
    );
    // The distributor's books were never received. The gun shop closed and handed its books over.
    world.close(RETAILER_FFL, "2021-06-30", Some("2021-08-01"));
    // A pawnshop later sold it again: not the first retail sale.
    world.add(
        entry(PAWNSHOP_FFL, KESTREL, "KA-1001")
            .received_from_person(PURCHASER, "2020-02-01")
            .sold_to("LOPEZ, MARIA", "Tucson AZ", "2020-02-20"),
    );
    world.add(
        entry(RETAILER_FFL, KESTREL, "KA-1001")
            .received_from(DISTRIBUTOR_FFL, "2019-11-05")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01")
            .born("1990-04-12"),
    );

    let result = world.trace(&kestrel_request());

    assert_eq!(
        decision(&result),
        (Outcome::CompletedPurchaser, None, Origin::UsSourced)
    );
    assert_eq!(result.retail_ffl.as_deref(), Some(RETAILER_FFL));
    assert_eq!(result.retail_state.as_deref(), Some("TX"));
    assert_eq!(result.sale_date, Some(date("2020-01-01")));
    assert_eq!(result.ttc_days, Some(60));
    assert_eq!(
        result.purchaser,
        Some(Purchaser {
            name: Some(PURCHASER.into()),
            address: Some(PURCHASER_ADDRESS.into()),
            dob: Some(date("1990-04-12")),
        })
    );
    // What the walk reached (the distributor included), then the retailer.
    assert_eq!(
        chain_ffls(&result),
        [KESTREL_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
    );
    assert_eq!(
        chain_roles(&result),
        ["MANUFACTURER", "DISTRIBUTOR", "RETAILER"]
    );
    assert_eq!(result.chain[1].acquired_on, None);
    assert_eq!(result.chain[2].disposed_on, Some(date("2020-01-01")));
}

// =============================================================================================
// Terms: roles

#[test]
fn roles_follow_licence_types() {
    const DD_MAKER_FFL: &str = "9-86-003-10-5K-00110";
    const DD_IMPORTER_FFL: &str = "1-58-013-11-5K-00111";
    let mut world = World::new();
    world.add_licensee(licensee(DD_MAKER_FFL, "Test Ordnance Works", "AZ"));
    world.add_licensee(licensee(DD_IMPORTER_FFL, "Test Ordnance Imports", "GA"));
    // 10 → 08 → 02, sold by the pawnshop.
    world.add(
        entry(DD_MAKER_FFL, KESTREL, "RL-1")
            .made("2019-01-01")
            .to_ffl(IMPORTER_FFL, "2019-01-10"),
    );
    world.add(
        entry(IMPORTER_FFL, KESTREL, "RL-1")
            .received_from(DD_MAKER_FFL, "2019-01-12")
            .to_ffl(PAWNSHOP_FFL, "2019-02-01"),
    );
    world.add(
        entry(PAWNSHOP_FFL, KESTREL, "RL-1")
            .received_from(IMPORTER_FFL, "2019-02-03")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2019-03-01"),
    );
    // 07 → 11 → 01 → 01, sold by the gun shop.
    world.add(
        entry(KESTREL_FFL, KESTREL, "RL-2")
            .made("2019-01-01")
            .to_ffl(DD_IMPORTER_FFL, "2019-01-10"),
    );
    world.add(
        entry(DD_IMPORTER_FFL, KESTREL, "RL-2")
            .received_from(KESTREL_FFL, "2019-01-12")
            .to_ffl(DISTRIBUTOR_FFL, "2019-02-01"),
    );
    world.add(
        entry(DISTRIBUTOR_FFL, KESTREL, "RL-2")
            .received_from(DD_IMPORTER_FFL, "2019-02-03")
            .to_ffl(RETAILER_FFL, "2019-02-10"),
    );
    world.add(
        entry(RETAILER_FFL, KESTREL, "RL-2")
            .received_from(DISTRIBUTOR_FFL, "2019-02-12")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2019-03-01"),
    );
    // 07 selling to a non-licensee is still the manufacturer.
    world.add(
        entry(KESTREL_FFL, KESTREL, "RL-3")
            .made("2019-01-01")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2019-03-01"),
    );

    let roles = |serial: &str| {
        let result = world.trace(&request(serial).maker(KESTREL).serial(serial));
        assert_eq!(result.outcome, Outcome::CompletedPurchaser, "{serial}");
        chain_roles(&result)
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(roles("RL-1"), ["MANUFACTURER", "IMPORTER", "RETAILER"]);
    assert_eq!(
        roles("RL-2"),
        ["MANUFACTURER", "IMPORTER", "DISTRIBUTOR", "RETAILER"]
    );
    assert_eq!(roles("RL-3"), ["MANUFACTURER"]);
}

// =============================================================================================
// Examples of tracing-rules.md. Glock, Colt and Smith & Wesson are written the same way in the
// request and in the books, so these hold whatever the reference makers table says of them.

#[test]
fn example_1_glock_recovered_in_sinaloa_matches_at_l1() {
    const GLOCK_INC_FFL: &str = "1-58-067-08-5K-00130";
    let mut world = World::new();
    world.add_licensee(licensee(GLOCK_INC_FFL, "Glock Inc.", "GA"));
    world.add(
        entry(GLOCK_INC_FFL, "GLOCK", "BXR123")
            .imported_by("GLOCK INC")
            .made("2019-10-01")
            .to_ffl(DISTRIBUTOR_FFL, "2019-10-15"),
    );
    world.add(
        entry(DISTRIBUTOR_FFL, "GLOCK", "BXR123")
            .imported_by("GLOCK INC")
            .received_from(GLOCK_INC_FFL, "2019-10-20")
            .to_ffl(RETAILER_FFL, "2019-11-01"),
    );
    world.add(
        entry(RETAILER_FFL, "GLOCK", "BXR123")
            .imported_by("GLOCK INC")
            .received_from(DISTRIBUTOR_FFL, "2019-11-05")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01"),
    );

    let result = world.trace(
        &request("R1")
            .maker("GLOCK")
            .importer("GLOCK INC")
            .origin_country("AT")
            .serial("BXR 123")
            .place("MX", "Sinaloa", "Culiacán"),
    );

    assert_eq!(
        result.corrections,
        [correction("BXR 123", "BXR123", "SEPARATORS")]
    );
    assert_eq!(result.serial_matched.as_deref(), Some("BXR123"));
    assert_eq!(
        decision(&result),
        (Outcome::CompletedPurchaser, None, Origin::UsSourced)
    );
    assert_eq!(
        chain_ffls(&result),
        [GLOCK_INC_FFL, DISTRIBUTOR_FFL, RETAILER_FFL]
    );
    assert_eq!(
        chain_roles(&result),
        ["IMPORTER", "DISTRIBUTOR", "RETAILER"]
    );
    assert_eq!(result.retail_ffl.as_deref(), Some(RETAILER_FFL));
}

#[test]
fn example_2_romanian_rifle_without_importer_is_not_us_sourced() {
    let mut world = World::new();
    // The books hold a rifle of that maker, under another serial (not a near one either).
    world.add(entry(IMPORTER_FFL, CARPATI, "UM-448210").made("2019-10-01"));

    let result = world.trace(&request("R1").maker(CARPATI).serial("RC-1970"));

    assert_eq!(
        decision(&result),
        (Outcome::NotUsSourced, None, Origin::ThirdCountry)
    );
    assert!(result.chain.is_empty());
    assert_eq!(result.serial_matched, None);
}

#[test]
fn example_3_colt_look_alike_serial_matches_at_l3_then_needs_review() {
    const COLT_FFL: &str = "6-06-003-07-5K-00140";
    let mut world = World::new();
    world.add_licensee(licensee(COLT_FFL, "Colt's Manufacturing Company", "CT"));
    world.add(
        entry(COLT_FFL, "COLT", "LE014388")
            .made("2019-10-01")
            .to_ffl(RETAILER_FFL, "2019-10-15"),
    );
    world.add(
        entry(RETAILER_FFL, "COLT", "LE014388")
            .received_from(COLT_FFL, "2019-10-20")
            .sold_to(PURCHASER, PURCHASER_ADDRESS, "2020-01-01"),
    );
    let colt = request("R1").maker("COLT").serial("LE0I4388");

    let result = world.trace(&colt);
    assert_eq!(
        result.corrections,
        [correction("LE0I4388", "LE014388", "CONFUSABLE")]
    );
    assert_eq!(
        decision(&result),
        (Outcome::CompletedPurchaser, None, Origin::UsSourced)
    );
    assert_eq!(chain_ffls(&result), [COLT_FFL, RETAILER_FFL]);

    // The book also holds LEO14388, another Colt.
    world.add(entry(COLT_FFL, "COLT", "LEO14388").made("2019-10-02"));
    let result = world.trace(&colt);
    assert_eq!(
        decision(&result),
        (Outcome::NeedsReview, None, Origin::UsSourced)
    );
    assert_eq!(candidate_serials(&result), ["LE014388", "LEO14388"]);
    assert!(result.chain.is_empty());
    assert_eq!(result.purchaser, None);
}

#[test]
fn example_4_smith_wesson_sold_to_a_closed_texas_dealer_stops_there() {
    const SW_FFL: &str = "6-04-013-07-5K-00150";
    const TEXAS_DEALER_FFL: &str = "5-74-141-01-5K-00160";
    let mut world = World::new();
    world.add_licensee(licensee(SW_FFL, "Smith & Wesson", "MA"));
    world.add_licensee(licensee(TEXAS_DEALER_FFL, "El Paso Test Firearms", "TX"));
    world.close(TEXAS_DEALER_FFL, "2012-05-31", None);
    world.add(
        entry(SW_FFL, "SMITH & WESSON", "DKL4521")
            .made("2010-02-01")
            .to_ffl(DISTRIBUTOR_FFL, "2010-02-15"),
    );
    world.add(
        entry(DISTRIBUTOR_FFL, "SMITH & WESSON", "DKL4521")
            .received_from(SW_FFL, "2010-02-20")
            .to_ffl(TEXAS_DEALER_FFL, "2010-06-01"),
    );

    let result = world.trace(
        &request("R1")
            .maker("Smith & Wesson")
            .serial("DKL4521")
            .place("MX", "Chihuahua", "Juárez")
            .recovered("2016-09-14")
            .requested("2016-10-03"),
    );

    assert_eq!(
        decision(&result),
        (
            Outcome::StoppedAtLicensee,
            Some(Reason::OobRecordsNotReceived),
            Origin::UsSourced
        )
    );
    assert_eq!(
        chain_ffls(&result),
        [SW_FFL, DISTRIBUTOR_FFL, TEXAS_DEALER_FFL]
    );
    assert_eq!(chain_roles(&result)[..2], ["MANUFACTURER", "DISTRIBUTOR"]);
    assert_eq!(result.purchaser, None);
    assert_eq!(result.lag_days, Some(19));
}

//! The "Looser matching" section of tracing-rules.md: candidates for an analyst, never a
//! followed match. The matcher here is brute force over the world's records, so these tests
//! check the rules' decisions, not the serial index (which has its own recall tests).

mod common;

use common::*;
use rastro_domain::rules::{resolve, TraceInput};
use rastro_domain::{
    AdRecord, LooseHit, LooseMatcher, LooseQuery, MakerIdentity, MakerTable, Origin, Outcome,
    Reason, TraceRequest, TraceResult,
};
use rastro_serial::{level_key, Level};

/// Optimal string alignment distance.
fn osa(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// `?` one character, `*` any run.
fn glob(pattern: &[char], text: &[char]) -> bool {
    match (pattern.first(), text.first()) {
        (None, _) => text.is_empty(),
        (Some('*'), _) => {
            glob(&pattern[1..], text) || (!text.is_empty() && glob(pattern, &text[1..]))
        }
        (Some('?'), Some(_)) => glob(&pattern[1..], &text[1..]),
        (Some(p), Some(t)) if p == t => glob(&pattern[1..], &text[1..]),
        _ => false,
    }
}

struct BruteForce<'w> {
    records: &'w [AdRecord],
    makers: &'w MakerTable,
}

impl LooseMatcher for BruteForce<'_> {
    fn search(&self, identity: &MakerIdentity, query: &LooseQuery) -> Vec<LooseHit> {
        self.records
            .iter()
            .filter(|record| {
                self.makers
                    .identity(Some(&record.manufacturer), record.importer.as_deref())
                    .overlaps(identity)
            })
            .filter_map(|record| {
                let key = level_key(&record.serial, Level::Confusable);
                let distance = match query {
                    LooseQuery::Near {
                        key: wanted,
                        max_edits,
                        ..
                    } => Some(osa(wanted, &key)).filter(|d| *d <= usize::from(*max_edits))?,
                    LooseQuery::Pattern { pattern, .. } => {
                        let pattern: Vec<char> = pattern.chars().collect();
                        let text: Vec<char> = key.chars().collect();
                        glob(&pattern, &text)
                            .then_some(pattern.iter().filter(|c| **c == '?').count())?
                    }
                };
                Some(LooseHit {
                    record: record.clone(),
                    distance: distance as u8,
                })
            })
            .collect()
    }
}

fn trace_loose(world: &World, request: &TraceRequest) -> TraceResult {
    let bucket = world.bucket(request);
    let matcher = BruteForce {
        records: &world.records,
        makers: &world.makers,
    };
    resolve(&TraceInput {
        request,
        trace_id: "T-1".into(),
        bucket: &bucket,
        makers: &world.makers,
        licensees: &world.directory,
        loose: Some(&matcher),
    })
}

fn with_kestrel_sale(serials: &[&str]) -> World {
    let mut world = World::new();
    for serial in serials {
        world.sale_chain(KESTREL, serial);
    }
    world
}

#[test]
fn a_serial_one_edit_away_is_a_candidate_never_a_purchaser() {
    let world = with_kestrel_sale(&["KTA48213"]);
    let result = trace_loose(&world, &request("R1").maker(KESTREL).serial("KTA48218"));
    assert_eq!(
        decision(&result),
        (Outcome::NeedsReview, None, Origin::UsSourced)
    );
    assert_eq!(candidate_serials(&result), ["KTA48213"]);
    assert!(
        result.purchaser.is_none(),
        "a looser match is never followed"
    );
    assert!(result.chain.is_empty());
}

#[test]
fn two_edits_reach_three_do_not() {
    let world = with_kestrel_sale(&["KTA48213"]);
    let two = trace_loose(&world, &request("R1").maker(KESTREL).serial("KTA48299"));
    assert_eq!(candidate_serials(&two), ["KTA48213"]);
    let three = trace_loose(&world, &request("R2").maker(KESTREL).serial("KTA49999"));
    assert_eq!(
        decision(&three),
        (Outcome::NoSourceRecord, None, Origin::UsSourced)
    );
}

#[test]
fn an_adjacent_transposition_is_one_edit() {
    let world = with_kestrel_sale(&["KTA48213"]);
    let result = trace_loose(&world, &request("R1").maker(KESTREL).serial("KTA84213"));
    assert_eq!(candidate_serials(&result), ["KTA48213"]);
    assert!(result.candidates[0].score > 0.4);
}

#[test]
fn near_serials_of_another_maker_are_not_candidates() {
    let world = with_kestrel_sale(&["KTA48213"]);
    let result = trace_loose(&world, &request("R1").maker(NOWHERE).serial("KTA48218"));
    assert!(result.candidates.is_empty());
    assert_eq!(
        decision(&result),
        (Outcome::NoSourceRecord, None, Origin::Undetermined)
    );
}

#[test]
fn candidates_come_best_first_one_per_firearm_at_most_twenty() {
    let mut serials: Vec<String> = (0..30).map(|i| format!("KTA482{i:02}")).collect();
    serials.push("KTA4821".into()); // one deletion from the request
    serials.push("0KTA4821".into()); // the same firearm written with a leading zero
    let refs: Vec<&str> = serials.iter().map(String::as_str).collect();
    let world = with_kestrel_sale(&refs);
    let result = trace_loose(&world, &request("R1").maker(KESTREL).serial("KTA4821X"));
    assert_eq!(result.outcome, Outcome::NeedsReview);
    assert_eq!(result.candidates.len(), 20);
    let firearms: std::collections::HashSet<String> = result
        .candidates
        .iter()
        .map(|c| level_key(&c.serial, Level::LeadingZeros))
        .collect();
    assert_eq!(firearms.len(), 20, "one candidate per distinct firearm");
    let scores: Vec<f64> = result.candidates.iter().map(|c| c.score).collect();
    assert!(
        scores.windows(2).all(|pair| pair[0] >= pair[1]),
        "{scores:?}"
    );
}

#[test]
fn a_candidate_contradicting_type_or_caliber_is_dropped() {
    let mut world = World::new();
    let mut pistol = entry(KESTREL_FFL, KESTREL, "KTA48213").made("2019-10-01");
    pistol.firearm_type = Some("PISTOL".into());
    pistol.caliber = Some("9mm".into());
    world.add(pistol);
    let mut rifle_request = request("R1").maker(KESTREL).serial("KTA48218");
    rifle_request.firearm_type = Some("RIFLE".into());
    assert!(trace_loose(&world, &rifle_request).candidates.is_empty());

    let mut caliber_request = request("R2").maker(KESTREL).serial("KTA48218");
    caliber_request.caliber = Some(".45 ACP".into());
    assert!(trace_loose(&world, &caliber_request).candidates.is_empty());

    let mut consistent = request("R3").maker(KESTREL).serial("KTA48218");
    consistent.firearm_type = Some("PISTOLA".into());
    consistent.caliber = Some("9X19".into());
    assert_eq!(
        candidate_serials(&trace_loose(&world, &consistent)),
        ["KTA48213"]
    );
}

#[test]
fn a_partly_readable_serial_is_a_pattern() {
    let world = with_kestrel_sale(&["KTA48213", "KTB48213"]);
    let one_unreadable = trace_loose(
        &world,
        &request("R1")
            .maker(KESTREL)
            .serial("KTA4?213")
            .obliterated(),
    );
    assert_eq!(
        decision(&one_unreadable),
        (Outcome::NeedsReview, None, Origin::UsSourced)
    );
    assert_eq!(candidate_serials(&one_unreadable), ["KTA48213"]);

    let run = trace_loose(
        &world,
        &request("R2").maker(KESTREL).serial("KT*213").obliterated(),
    );
    assert_eq!(candidate_serials(&run), ["KTA48213", "KTB48213"]);
}

#[test]
fn a_readable_fragment_is_found_anywhere_in_a_serial() {
    let world = with_kestrel_sale(&["KTA48213"]);
    let result = trace_loose(
        &world,
        &request("R1").maker(KESTREL).serial("4821").obliterated(),
    );
    assert_eq!(candidate_serials(&result), ["KTA48213"]);
}

#[test]
fn a_pattern_folds_look_alikes_like_l3() {
    let world = with_kestrel_sale(&["KTA40213"]);
    let result = trace_loose(
        &world,
        &request("R1")
            .maker(KESTREL)
            .serial("?TA4O2?3")
            .obliterated(),
    );
    assert_eq!(candidate_serials(&result), ["KTA40213"]);
}

#[test]
fn fewer_than_four_readable_characters_is_still_obliterated() {
    let world = with_kestrel_sale(&["KTA48213"]);
    let result = trace_loose(
        &world,
        &request("R1").maker(KESTREL).serial("K?A*").obliterated(),
    );
    assert_eq!(
        decision(&result),
        (
            Outcome::SerialProblem,
            Some(Reason::Obliterated),
            Origin::UsSourced
        )
    );
}

#[test]
fn no_candidates_leaves_the_outcome_of_steps_3_and_4() {
    let world = with_kestrel_sale(&["KTA48213"]);
    let pattern = trace_loose(
        &world,
        &request("R1").maker(KESTREL).serial("ZZZZ*").obliterated(),
    );
    assert_eq!(
        decision(&pattern),
        (
            Outcome::SerialProblem,
            Some(Reason::Obliterated),
            Origin::UsSourced
        )
    );
    let third_country = trace_loose(&world, &request("R2").maker(CARPATI).serial("KTA48218"));
    assert_eq!(
        decision(&third_country),
        (Outcome::NotUsSourced, None, Origin::ThirdCountry)
    );
}

//! JSON rendering: the report with codes, and the labels of those codes in one language.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::labels::{self, Text};
use crate::model::{Band, Lang, Report};

/// Identifies the layout of the JSON output, for consumers to check.
pub const SCHEMA: &str = "rastro-report/1";

/// The JSON document. Field order is fixed by the structs, and every map is a `BTreeMap`, so the
/// output is byte-for-byte stable.
#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    lang: Lang,
    report: &'a Report,
    labels: Labels,
}

/// Labels in the document's language, by code.
#[derive(Serialize)]
struct Labels {
    /// The report's own texts, by id.
    text: BTreeMap<&'static str, &'static str>,
    origin: BTreeMap<String, String>,
    /// Every outcome code of the rules, and any other code the report holds.
    outcome: BTreeMap<String, String>,
    /// Every reason code of the rules, and any other code the report holds.
    reason: BTreeMap<String, String>,
    /// Every canonical type code, and any other code the report holds.
    firearm_type: BTreeMap<String, String>,
    /// The US state codes of the source-state table.
    us_state: BTreeMap<String, String>,
    /// Labels of `report.time_to_crime.bands_years`, in the same order.
    years_band: Vec<String>,
    /// Labels of `report.request_lag.bands_days`, in the same order.
    days_band: Vec<String>,
    /// The sentence of each note, by note code.
    note: BTreeMap<String, String>,
}

/// Renders the report as pretty-printed JSON, ending in a newline.
pub fn render(report: &Report, lang: Lang) -> String {
    let doc = Document {
        schema: SCHEMA,
        lang,
        report,
        labels: labels_for(report, lang),
    };
    let mut out =
        serde_json::to_string_pretty(&doc).expect("the report holds only serialisable values");
    out.push('\n');
    out
}

fn labels_for(report: &Report, lang: Lang) -> Labels {
    let label_all = |codes: Vec<String>, f: &dyn Fn(&str) -> String| {
        codes
            .into_iter()
            .map(|c| {
                let l = f(&c);
                (c, l)
            })
            .collect::<BTreeMap<_, _>>()
    };
    let outcomes = known_and_used(
        &labels::OUTCOMES,
        report.outcomes.outcomes.iter().map(|o| &o.code),
    );
    let used_reasons = report
        .outcomes
        .outcomes
        .iter()
        .flat_map(|o| o.reasons.iter().filter_map(|r| r.code.as_ref()));
    let reasons = known_and_used(&labels::REASONS, used_reasons);
    let types = known_and_used(
        &labels::FIREARM_TYPES,
        report.firearm_types.rows.iter().map(|r| &r.key),
    );
    let states = report
        .source_states
        .rows
        .iter()
        .map(|r| r.key.clone())
        .collect();
    Labels {
        text: Text::ALL.iter().map(|t| (t.id(), t.get(lang))).collect(),
        origin: label_all(
            ["US_SOURCED", "THIRD_COUNTRY", "UNDETERMINED"]
                .map(String::from)
                .to_vec(),
            &|c| labels::origin(c, lang).into(),
        ),
        outcome: label_all(outcomes, &|c| labels::outcome(c, lang).into()),
        reason: label_all(reasons, &|c| labels::reason(Some(c), lang).into()),
        firearm_type: label_all(types, &|c| labels::firearm_type(c, lang).into()),
        us_state: label_all(states, &|c| labels::us_state(c, lang).into()),
        years_band: bands(&report.time_to_crime.bands_years, |b| {
            labels::years_band(b.from, b.to, lang)
        }),
        days_band: bands(&report.request_lag.bands_days, |b| {
            labels::days_band(b.from, b.to, lang)
        }),
        note: report
            .notes
            .iter()
            .map(|n| (n.code().to_string(), labels::note(n, lang)))
            .collect(),
    }
}

/// The known codes, then any other the report uses, without repeats.
fn known_and_used<'a>(known: &[&str], used: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut codes: Vec<String> = known.iter().map(|c| c.to_string()).collect();
    for c in used {
        if !codes.contains(c) {
            codes.push(c.clone());
        }
    }
    codes
}

fn bands(bands: &[Band], label: impl Fn(&Band) -> String) -> Vec<String> {
    bands.iter().map(label).collect()
}

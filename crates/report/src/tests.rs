//! Unit tests of the computations, the formatting and the escaping.

use chrono::{NaiveDate, TimeZone, Utc};

use crate::build::median;
use crate::labels::{self, Text};
use crate::svg::nice_axis;
use crate::{build, fmt, origin_table_text, render, Cell, Format, Lang, ReportMeta, ReportRow};

fn meta() -> ReportMeta {
    ReportMeta::new("t", Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(), "s")
}

fn row(outcome: &str, origin: &str, year: i32) -> ReportRow {
    ReportRow {
        outcome: outcome.into(),
        origin: origin.into(),
        recovered_on: NaiveDate::from_ymd_opt(year, 6, 1).unwrap(),
        ..Default::default()
    }
}

fn completed(ttc_days: i64) -> ReportRow {
    ReportRow {
        ttc_days: Some(ttc_days),
        retail_state: Some("TX".into()),
        ..row("COMPLETED_PURCHASER", "US_SOURCED", 2020)
    }
}

const ALL: [Format; 3] = [Format::Text, Format::Json, Format::Html];

#[test]
fn origin_table_counts_and_shares_by_year() {
    let rows = [
        row("COMPLETED_PURCHASER", "US_SOURCED", 2019),
        row("NO_SOURCE_RECORD", "US_SOURCED", 2019),
        row("NOT_US_SOURCED", "THIRD_COUNTRY", 2019),
        row("SERIAL_PROBLEM", "UNDETERMINED", 2019),
        row("NOT_US_SOURCED", "THIRD_COUNTRY", 2021),
    ];
    let t = build(&rows, &meta()).origin_by_year;
    // 2020 has no traces, and is listed with zeros.
    let years: Vec<i32> = t.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [2019, 2020, 2021]);
    let y2019 = t.years[0].counts;
    assert_eq!(y2019.total, 4);
    assert_eq!(
        y2019.us_sourced,
        Cell {
            count: 2,
            share: Some(0.5)
        }
    );
    assert_eq!(
        y2019.third_country,
        Cell {
            count: 1,
            share: Some(0.25)
        }
    );
    assert_eq!(
        y2019.undetermined,
        Cell {
            count: 1,
            share: Some(0.25)
        }
    );
    assert_eq!(t.years[1].counts.total, 0);
    assert_eq!(t.years[1].counts.us_sourced.share, None);
    assert_eq!(t.total.total, 5);
    assert_eq!(
        t.total.third_country,
        Cell {
            count: 2,
            share: Some(0.4)
        }
    );
}

#[test]
fn unknown_origin_counts_as_undetermined_with_a_note() {
    let report = build(&[row("NEEDS_REVIEW", "MARS", 2020)], &meta());
    assert_eq!(report.origin_by_year.total.undetermined.count, 1);
    assert!(report
        .notes
        .contains(&crate::Note::UnknownOrigin { count: 1 }));
}

#[test]
fn duplicates_are_left_out_of_every_table_and_noted() {
    let mut dup = completed(100);
    dup.outcome = "DUPLICATE".into();
    dup.maker = Some("Colt".into());
    dup.firearm_type = Some("PISTOL".into());
    let rows = [completed(400), dup.clone(), dup];
    let r = build(&rows, &meta());
    assert_eq!(r.summary.rows, 3);
    assert_eq!(r.summary.duplicates, 2);
    assert_eq!(r.summary.traces, 1);
    assert_eq!(r.origin_by_year.total.total, 1);
    assert_eq!(r.outcomes.total, 1);
    assert!(r.outcomes.outcomes.iter().all(|o| o.code != "DUPLICATE"));
    assert_eq!(r.source_states.total, 1);
    assert_eq!(r.makers.total, 0);
    assert_eq!(r.firearm_types.total, 0);
    assert_eq!(r.time_to_crime.n, 1);
    assert_eq!(r.notes[0], crate::Note::DuplicatesExcluded { count: 2 });
    let text = render(&r, Format::Text, Lang::En);
    assert!(text.contains("2 duplicate requests are left out of every table."));
    let es = origin_table_text(&r, Lang::Es);
    assert!(es.contains("Se excluyen de todas las tablas 2 solicitudes duplicadas."));
}

#[test]
fn the_duplicates_note_is_there_even_at_zero() {
    let r = build(&[completed(10)], &meta());
    assert_eq!(r.notes, [crate::Note::DuplicatesExcluded { count: 0 }]);
}

#[test]
fn median_of_odd_and_even_counts() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[7]), Some(7.0));
    assert_eq!(median(&[1, 3, 10]), Some(3.0));
    assert_eq!(median(&[1, 3, 10, 20]), Some(6.5));
}

#[test]
fn time_to_crime_median_shares_and_bands() {
    // 365.25-day years: 100 d = 0.27 y, 700 d = 1.92 y, 2045 d = 5.6 y, 4000 d = 10.95 y.
    let rows: Vec<ReportRow> = [100, 700, 2045, 4000, 9000]
        .into_iter()
        .map(completed)
        .chain([completed(-5)])
        .collect();
    let t = build(&rows, &meta()).time_to_crime;
    assert_eq!(t.n, 5);
    assert_eq!(t.negative, 1);
    assert_eq!(t.median_days, Some(2045.0));
    assert_eq!(t.median_years, Some(5.6));
    assert_eq!(t.mean_days, Some(3169.0));
    assert_eq!(t.mean_years, Some(8.7));
    assert_eq!(
        t.under_1y,
        Cell {
            count: 1,
            share: Some(0.2)
        }
    );
    assert_eq!(
        t.under_3y,
        Cell {
            count: 2,
            share: Some(0.4)
        }
    );
    let counts: Vec<u64> = t.bands_years.iter().map(|b| b.cell.count).collect();
    assert_eq!(counts, [1, 1, 0, 1, 1, 1]);
    let bounds: Vec<(i64, Option<i64>)> = t.bands_years.iter().map(|b| (b.from, b.to)).collect();
    assert_eq!(bounds[0], (0, Some(1)));
    assert_eq!(bounds[5], (20, None));
}

#[test]
fn a_year_band_edge_is_365_25_days() {
    // 365 days is under a year of 365.25 days; 366 is not. 1095 < 3 × 365.25 = 1095.75 < 1096.
    let rows: Vec<ReportRow> = [365, 366, 1095, 1096].into_iter().map(completed).collect();
    let t = build(&rows, &meta()).time_to_crime;
    assert_eq!(t.under_1y.count, 1);
    assert_eq!(t.under_3y.count, 3);
}

#[test]
fn time_to_crime_only_counts_completed_traces() {
    let mut stopped = row("STOPPED_AT_LICENSEE", "US_SOURCED", 2020);
    stopped.ttc_days = Some(10);
    let mut no_ttc = completed(0);
    no_ttc.ttc_days = None;
    let t = build(&[stopped, no_ttc, completed(30)], &meta()).time_to_crime;
    assert_eq!((t.n, t.missing), (1, 1));
}

#[test]
fn request_lag_from_days_or_dates() {
    let mut a = row("NO_SOURCE_RECORD", "US_SOURCED", 2020);
    a.lag_days = Some(10);
    let mut b = row("NO_SOURCE_RECORD", "US_SOURCED", 2020);
    b.requested_on = Some(b.recovered_on + chrono::Duration::days(400));
    let mut c = row("NO_SOURCE_RECORD", "US_SOURCED", 2020);
    c.requested_on = Some(c.recovered_on + chrono::Duration::days(91));
    let d = row("NO_SOURCE_RECORD", "US_SOURCED", 2020);
    let l = build(&[a, b, c, d], &meta()).request_lag;
    assert_eq!((l.n, l.missing, l.negative), (3, 1, 0));
    assert_eq!(l.median_days, Some(91.0));
    assert_eq!(l.over_90d.count, 2);
    assert_eq!(l.over_365d.count, 1);
    let counts: Vec<u64> = l.bands_days.iter().map(|b| b.cell.count).collect();
    assert_eq!(counts, [1, 0, 1, 0, 1, 0]);
}

#[test]
fn outcome_and_reason_shares() {
    let mut rows = vec![completed(10), completed(20)];
    for reason in [
        Some("RECORD_NOT_FOUND"),
        Some("RECORD_NOT_FOUND"),
        Some("UNKNOWN_LICENSEE"),
        None,
    ] {
        let mut r = row("stopped_at_licensee", "US_SOURCED", 2020);
        r.reason = reason.map(Into::into);
        rows.push(r);
    }
    let t = build(&rows, &meta()).outcomes;
    assert_eq!(t.total, 6);
    let stopped = &t.outcomes[0];
    assert_eq!(stopped.code, "STOPPED_AT_LICENSEE");
    assert!((stopped.cell.share.unwrap() - 4.0 / 6.0).abs() < 1e-12);
    let reasons: Vec<(Option<&str>, u64, Option<f64>)> = stopped
        .reasons
        .iter()
        .map(|r| (r.code.as_deref(), r.cell.count, r.cell.share))
        .collect();
    assert_eq!(
        reasons,
        [
            (Some("RECORD_NOT_FOUND"), 2, Some(0.5)),
            (Some("UNKNOWN_LICENSEE"), 1, Some(0.25)),
            (None, 1, Some(0.25)),
        ]
    );
    // A completed trace never gives a reason, so lists none.
    assert!(t.outcomes[1].reasons.is_empty());
}

#[test]
fn count_tables_keep_the_top_and_sum_the_rest() {
    let rows: Vec<ReportRow> = (0..20)
        .map(|i| ReportRow {
            maker: Some(format!("Maker {:02}", i % 17)),
            ..row("NO_SOURCE_RECORD", "US_SOURCED", 2020)
        })
        .chain([ReportRow {
            maker: Some("  ".into()),
            ..row("NO_SOURCE_RECORD", "US_SOURCED", 2020)
        }])
        .collect();
    let m = build(&rows, &meta()).makers;
    assert_eq!(m.total, 20);
    assert_eq!(m.missing, 1);
    assert_eq!(m.rows.len(), 15);
    // Makers 00–02 appear twice; ties are by name.
    assert_eq!(m.rows[0].key, "Maker 00");
    assert_eq!(
        m.rows[0].cell,
        Cell {
            count: 2,
            share: Some(0.1)
        }
    );
    assert_eq!(m.rows[3].key, "Maker 03");
    let other = m.other.expect("17 makers, 15 kept");
    assert_eq!((other.distinct, other.cell.count), (2, 2));
    let sum: u64 = m.rows.iter().map(|r| r.cell.count).sum::<u64>() + other.cell.count;
    assert_eq!(sum, m.total);
}

#[test]
fn recovery_states_leave_out_other_countries() {
    let mut mx = row("NO_SOURCE_RECORD", "US_SOURCED", 2020);
    mx.recovery_state = Some("Sonora".into());
    mx.recovery_country = Some("México".into());
    let mut us = mx.clone();
    us.recovery_country = Some("US".into());
    let r = build(&[mx, us], &meta());
    assert_eq!(r.recovery_states.total, 1);
    assert!(r
        .notes
        .contains(&crate::Note::RecoveredOutsideMexico { count: 1 }));
}

#[test]
fn numbers_per_language() {
    assert_eq!(fmt::int(0), "0");
    assert_eq!(fmt::int(999), "999");
    assert_eq!(fmt::int(104_850), "104,850");
    assert_eq!(fmt::int(1_234_567), "1,234,567");
    assert_eq!(fmt::share(Some(0.703), Lang::En), "70.3%");
    assert_eq!(fmt::share(Some(0.703), Lang::Es), "70.3\u{a0}%");
    assert_eq!(fmt::share(None, Lang::En), "–");
    assert_eq!(fmt::dec1(1234.56), "1,234.6");
    assert_eq!(fmt::dec1(-0.04), "0.0");
}

#[test]
fn html_escapes_every_text() {
    let mut r = completed(10);
    r.maker = Some("<script>alert('x')</script>".into());
    r.caliber = Some("9 & \"Luger\"".into());
    r.recovery_state = Some("<b>Sonora</b>".into());
    let mut meta = meta();
    meta.title = "<i>T</i>".into();
    meta.source = "a<b".into();
    let html = render(&build(&[r], &meta), Format::Html, Lang::En);
    assert!(!html.contains("<script"));
    assert!(!html.contains("<b>") && !html.contains("<i>"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("9 &amp; &quot;Luger&quot;"));
    assert!(html.contains("a&lt;b"));
}

#[test]
fn html_is_self_contained_and_accessible() {
    let rows = [completed(10), row("NOT_US_SOURCED", "THIRD_COUNTRY", 2021)];
    for lang in [Lang::En, Lang::Es] {
        let html = render(&build(&rows, &meta()), Format::Html, lang);
        assert!(html.contains(&format!("<html lang=\"{}\">", lang.tag())));
        for forbidden in [
            "<script", "<link", "src=", "url(", "@import", "http://", "https://",
        ] {
            // The SVG namespace is the one URL allowed: it is a name, never fetched.
            let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            assert!(!without_ns.contains(forbidden), "{forbidden} in HTML");
        }
        assert_eq!(
            html.matches("<table>").count(),
            html.matches("</table>").count()
        );
        assert_eq!(
            html.matches("<table>").count(),
            html.matches("<caption>").count()
        );
        assert_eq!(html.matches("<svg ").count(), 4);
        assert_eq!(
            html.matches("<svg ").count(),
            html.matches("</svg>").count()
        );
        assert_eq!(html.matches("<title id=").count(), 4);
        assert!(html.contains("scope=\"row\"") && html.contains("scope=\"col\""));
    }
}

#[test]
fn empty_input_renders_no_results_without_panic() {
    let r = build(&[], &meta());
    assert_eq!(r.summary.traces, 0);
    assert!(r.origin_by_year.years.is_empty());
    assert_eq!(r.time_to_crime.median_days, None);
    for lang in [Lang::En, Lang::Es] {
        for format in ALL {
            let out = render(&r, format, lang);
            assert!(!out.is_empty());
            if format != Format::Json {
                assert!(out.contains(Text::NoResults.get(lang)), "{format:?} {lang}");
            }
        }
        assert!(origin_table_text(&r, lang).contains(Text::NoResults.get(lang)));
    }
}

#[test]
fn only_duplicates_is_no_results_too() {
    let r = build(&[row("DUPLICATE", "US_SOURCED", 2020)], &meta());
    let text = render(&r, Format::Text, Lang::En);
    assert!(text.contains(Text::NoResults.get(Lang::En)));
    assert!(text.contains("1 duplicate request is left out"));
}

#[test]
fn text_fits_in_100_columns() {
    let long = "Fabbrica d'Armi Pietro Beretta S.p.A. (Gardone Val Trompia, Brescia)";
    let rows: Vec<ReportRow> = (1990..2025)
        .map(|y| ReportRow {
            maker: Some(long.into()),
            recovery_state: Some("Veracruz de Ignacio de la Llave".into()),
            lag_days: Some(1_000_000),
            ..row("COMPLETED_PURCHASER", "US_SOURCED", y)
        })
        .chain((0..3).map(|_| completed(123_456)))
        .collect();
    for lang in [Lang::En, Lang::Es] {
        let text = render(&build(&rows, &meta()), Format::Text, lang);
        for line in text.lines() {
            assert!(line.chars().count() <= 100, "too wide: {line}");
        }
    }
}

#[test]
fn json_holds_codes_and_labels() {
    let r = build(&[completed(10)], &meta());
    let v: serde_json::Value = serde_json::from_str(&render(&r, Format::Json, Lang::Es)).unwrap();
    assert_eq!(v["schema"], "rastro-report/1");
    assert_eq!(v["lang"], "es");
    assert_eq!(
        v["report"]["outcomes"]["outcomes"][0]["code"],
        "COMPLETED_PURCHASER"
    );
    assert_eq!(
        v["labels"]["outcome"]["COMPLETED_PURCHASER"],
        "Rastreada hasta el comprador"
    );
    assert_eq!(v["labels"]["origin"]["THIRD_COUNTRY"], "Tercer país");
    assert_eq!(v["labels"]["us_state"]["TX"], "Texas (TX)");
    assert_eq!(v["report"]["meta"]["generated_at"], "2024-01-01T00:00:00Z");
}

#[test]
fn every_code_has_a_label_in_both_languages() {
    for lang in [Lang::En, Lang::Es] {
        for c in labels::OUTCOMES {
            assert_ne!(labels::outcome(c, lang), c);
        }
        for c in labels::REASONS {
            assert_ne!(labels::reason(Some(c), lang), c);
        }
        for c in labels::FIREARM_TYPES {
            assert_ne!(labels::firearm_type(c, lang), c);
        }
        for t in Text::ALL {
            assert!(!t.get(lang).is_empty());
        }
    }
    assert_eq!(
        labels::outcome("COMPLETED_PURCHASER", Lang::Es),
        "Rastreada hasta el comprador"
    );
    assert_eq!(
        labels::origin("US_SOURCED", Lang::Es),
        "De origen estadounidense"
    );
    assert_eq!(labels::origin("UNDETERMINED", Lang::Es), "Indeterminado");
    assert_eq!(labels::firearm_type("PISTOL", Lang::Es), "Pistola");
    assert_eq!(
        labels::firearm_type("machine gun", Lang::Es),
        "Ametralladora"
    );
    assert_eq!(labels::us_state("nm", Lang::Es), "Nuevo México (NM)");
    // Unknown codes show as given rather than vanish.
    assert_eq!(labels::outcome("NEW_THING", Lang::En), "NEW_THING");
}

#[test]
fn text_ids_are_unique() {
    let mut ids: Vec<&str> = Text::ALL.iter().map(|t| t.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Text::ALL.len());
}

#[test]
fn parse_lang_and_format() {
    assert_eq!("es-MX".parse::<Lang>(), Ok(Lang::Es));
    assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
    assert!("fr".parse::<Lang>().is_err());
    assert_eq!("HTML".parse::<Format>(), Ok(Format::Html));
    assert!("pdf".parse::<Format>().is_err());
}

#[test]
fn axis_steps_are_round() {
    assert_eq!(nice_axis(0), (1, 1));
    assert_eq!(nice_axis(1), (1, 1));
    assert_eq!(nice_axis(3), (3, 1));
    assert_eq!(nice_axis(7), (8, 2));
    assert_eq!(nice_axis(23), (25, 5));
    assert_eq!(nice_axis(104_850), (125_000, 25_000));
}

#[test]
fn codes_are_counted_together_whatever_their_spelling() {
    let with = |ty: &str, state: &str| ReportRow {
        firearm_type: Some(ty.into()),
        retail_state: Some(state.into()),
        ..completed(10)
    };
    let r = build(
        &[with("machine gun", "tx"), with("MACHINE_GUN", "TX ")],
        &meta(),
    );
    assert_eq!(r.firearm_types.rows.len(), 1);
    assert_eq!(r.firearm_types.rows[0].key, "MACHINE_GUN");
    assert_eq!(r.source_states.rows[0].key, "TX");
    assert_eq!(r.source_states.rows[0].cell.count, 2);
}

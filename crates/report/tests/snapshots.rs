//! Snapshots of every format in both languages, for the fixture rows and for no rows.

mod fixture;

use rastro_report::{build, origin_table_text, render, Format, Lang, Report};

fn report() -> Report {
    build(&fixture::rows(), &fixture::meta())
}

fn empty() -> Report {
    build(&[], &fixture::meta())
}

#[test]
fn text_en() {
    insta::assert_snapshot!(render(&report(), Format::Text, Lang::En));
}

#[test]
fn text_es() {
    insta::assert_snapshot!(render(&report(), Format::Text, Lang::Es));
}

#[test]
fn json_en() {
    insta::assert_snapshot!(render(&report(), Format::Json, Lang::En));
}

#[test]
fn json_es() {
    insta::assert_snapshot!(render(&report(), Format::Json, Lang::Es));
}

#[test]
fn html_en() {
    insta::assert_snapshot!(render(&report(), Format::Html, Lang::En));
}

#[test]
fn html_es() {
    insta::assert_snapshot!(render(&report(), Format::Html, Lang::Es));
}

#[test]
fn origin_table_en() {
    insta::assert_snapshot!(origin_table_text(&report(), Lang::En));
}

#[test]
fn origin_table_es() {
    insta::assert_snapshot!(origin_table_text(&report(), Lang::Es));
}

#[test]
fn empty_text_es() {
    insta::assert_snapshot!(render(&empty(), Format::Text, Lang::Es));
}

#[test]
fn empty_html_en() {
    insta::assert_snapshot!(render(&empty(), Format::Html, Lang::En));
}

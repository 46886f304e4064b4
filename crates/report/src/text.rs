//! Terminal rendering: box-drawn tables, at most 100 columns wide.

use std::fmt::Write as _;

use crate::fmt as num;
use crate::labels::{self, Text};
use crate::model::{
    Band, Cell, CountTable, Lang, Note, OriginCounts, Report, RequestLag, TimeToCrime,
};

/// Widest line of the text report.
const LINE_WIDTH: usize = 100;
/// Narrowest label column, however wide the figures.
const MIN_LABEL: usize = 12;
/// Width of the histogram bars, in characters.
const BAR_WIDTH: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// A table of text cells; the first column is the label, the others are right-aligned figures.
struct TextTable {
    heads: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
    foot: Option<Vec<String>>,
}

impl TextTable {
    /// A table whose first column is a left-aligned label and the rest right-aligned figures.
    fn new(heads: Vec<String>) -> Self {
        let align = (0..heads.len())
            .map(|i| if i == 0 { Align::Left } else { Align::Right })
            .collect();
        TextTable {
            heads,
            align,
            rows: Vec::new(),
            foot: None,
        }
    }

    /// Makes a column left-aligned (a bar, a label).
    fn left(mut self, col: usize) -> Self {
        self.align[col] = Align::Left;
        self
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Column widths. Figures keep their full width; the label column gets what is left of
    /// [`LINE_WIDTH`], and longer labels are cut.
    fn widths(&self) -> Vec<usize> {
        let all = std::iter::once(&self.heads)
            .chain(&self.rows)
            .chain(self.foot.as_ref());
        let mut widths = vec![0; self.heads.len()];
        for row in all {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        // Each column takes its width plus `│` and two spaces; one more `│` closes the row.
        let figures: usize = widths[1..].iter().map(|w| w + 3).sum();
        let room = LINE_WIDTH.saturating_sub(figures + 4).max(MIN_LABEL);
        widths[0] = widths[0].min(room);
        widths
    }

    fn render(&self) -> String {
        let widths = self.widths();
        let mut out = String::new();
        out.push_str(&rule(&widths, '┌', '┬', '┐'));
        out.push_str(&self.line(&self.heads, &widths));
        out.push_str(&rule(&widths, '├', '┼', '┤'));
        for row in &self.rows {
            out.push_str(&self.line(row, &widths));
        }
        if let Some(foot) = &self.foot {
            out.push_str(&rule(&widths, '├', '┼', '┤'));
            out.push_str(&self.line(foot, &widths));
        }
        out.push_str(&rule(&widths, '└', '┴', '┘'));
        out
    }

    /// One row, heads included: a head aligns like its column, over text or over figures.
    fn line(&self, cells: &[String], widths: &[usize]) -> String {
        let mut out = String::from("│");
        for (i, (cell, &w)) in cells.iter().zip(widths).enumerate() {
            let cell = clip(cell, w);
            let pad = " ".repeat(w - width(&cell));
            match self.align[i] {
                Align::Left => write!(out, " {cell}{pad} │"),
                Align::Right => write!(out, " {pad}{cell} │"),
            }
            .expect("writing to a String cannot fail");
        }
        out.push('\n');
        out
    }
}

/// Display width of a cell. Every character the report writes is one column wide (Latin letters,
/// box drawing, `×`, `…`, `█`), so characters are counted.
fn width(s: &str) -> usize {
    s.chars().count()
}

/// A cell cut to `max` characters, the cut marked with `…`.
fn clip(s: &str, max: usize) -> String {
    if width(s) <= max {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

fn rule(widths: &[usize], left: char, mid: char, right: char) -> String {
    let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
    format!("{left}{}{right}\n", parts.join(&mid.to_string()))
}

/// Cells `count share` whose counts and shares line up down a column.
fn pair_column(cells: &[Cell], lang: Lang) -> Vec<String> {
    let parts: Vec<(String, String)> = cells
        .iter()
        .map(|c| (num::int(c.count), num::share(c.share, lang)))
        .collect();
    let wc = parts.iter().map(|p| width(&p.0)).max().unwrap_or(0);
    let ws = parts.iter().map(|p| width(&p.1)).max().unwrap_or(0);
    parts
        .iter()
        .map(|(c, s)| format!("{c:>wc$}  {s:>ws$}"))
        .collect()
}

fn heading(out: &mut String, number: usize, title: &str) {
    let head = format!("{number}. {title}");
    let _ = write!(out, "\n{head}\n{}\n", "─".repeat(width(&head).min(100)));
}

/// Words of `text` in lines of at most [`LINE_WIDTH`] columns, each starting with `indent`; the
/// first line starts with `first` instead (a bullet).
fn wrap(text: &str, first: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && width(&line) + 1 + width(word) > LINE_WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// A footnote under a table, indented and wrapped.
fn footnote(out: &mut String, text: &str) {
    out.push_str(&wrap(text, "  ", "  "));
}

/// Renders the whole report as text.
pub fn render(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    header(&mut out, report, lang);
    summary(&mut out, report, lang);
    if report.summary.traces == 0 {
        let _ = writeln!(out, "\n{}", Text::NoResults.get(lang));
        return out;
    }
    heading(&mut out, 1, Text::OriginTitle.get(lang));
    out.push_str(&origin_table(report, lang));
    footnote(&mut out, Text::OriginNote.get(lang));
    heading(&mut out, 2, Text::OutcomesTitle.get(lang));
    outcomes(&mut out, report, lang);
    let [states, types, calibers, makers, recovery] = count_sections(report);
    for s in [states, types, calibers, makers] {
        heading(&mut out, s.number, s.title.get(lang));
        count_table(&mut out, &s, lang);
    }
    heading(&mut out, 7, Text::TtcTitle.get(lang));
    time_to_crime(&mut out, &report.time_to_crime, lang);
    heading(&mut out, 8, Text::LagTitle.get(lang));
    request_lag(&mut out, &report.request_lag, lang);
    heading(&mut out, recovery.number, recovery.title.get(lang));
    count_table(&mut out, &recovery, lang);
    out
}

/// The report's title, or the default one in its language.
pub(crate) fn title(report: &Report, lang: Lang) -> &str {
    let t = report.meta.title.trim();
    if t.is_empty() {
        Text::DefaultTitle.get(lang)
    } else {
        t
    }
}

/// `2025-01-10 12:00 UTC`, the same in both languages: unambiguous for either reader.
pub(crate) fn generated_at(report: &Report) -> String {
    report
        .meta
        .generated_at
        .format("%Y-%m-%d %H:%M UTC")
        .to_string()
}

fn header(out: &mut String, report: &Report, lang: Lang) {
    let title = title(report, lang);
    let _ = writeln!(out, "{title}");
    let _ = writeln!(
        out,
        "{}: {} · {}: {}",
        Text::Generated.get(lang),
        generated_at(report),
        Text::Source.get(lang),
        report.meta.source
    );
    let _ = writeln!(out, "{}", "═".repeat(width(title).clamp(20, 100)));
}

/// The summary's lines as (label, value), shared with the HTML rendering.
pub(crate) fn summary_lines(report: &Report, lang: Lang) -> Vec<(String, String)> {
    let s = &report.summary;
    let mut lines = vec![(Text::Traces.get(lang).to_string(), num::int(s.traces))];
    if let (Some(first), Some(last)) = (s.first_year, s.last_year) {
        let years = if first == last {
            first.to_string()
        } else {
            format!("{first}–{last}")
        };
        lines.push((Text::RecoveryYears.get(lang).to_string(), years));
    }
    if s.traces > 0 {
        lines.push((
            labels::origin("US_SOURCED", lang).into(),
            count_share(&s.us_sourced, lang),
        ));
        lines.push((
            labels::outcome("COMPLETED_PURCHASER", lang).into(),
            count_share(&s.completed, lang),
        ));
        lines.push((
            Text::MedianTtc.get(lang).to_string(),
            num::dec1_unit(report.time_to_crime.median_years, Text::YearsUnit.get(lang)),
        ));
    }
    lines
}

/// `8 (66.7%)`.
pub(crate) fn count_share(cell: &Cell, lang: Lang) -> String {
    format!(
        "{} ({})",
        num::int(cell.count),
        num::share(cell.share, lang)
    )
}

fn summary(out: &mut String, report: &Report, lang: Lang) {
    let _ = writeln!(out, "\n{}", Text::Summary.get(lang));
    for (label, value) in summary_lines(report, lang) {
        let _ = writeln!(out, "  {label}: {value}");
    }
    let _ = writeln!(out, "\n{}", Text::Notes.get(lang));
    for note in &report.notes {
        out.push_str(&wrap(&labels::note(note, lang), "  • ", "    "));
    }
}

/// The origin-by-year table alone, without title.
fn origin_table(report: &Report, lang: Lang) -> String {
    let t = &report.origin_by_year;
    let all: Vec<&OriginCounts> = t
        .years
        .iter()
        .map(|y| &y.counts)
        .chain([&t.total])
        .collect();
    let column = |pick: fn(&OriginCounts) -> Cell| -> Vec<String> {
        pair_column(&all.iter().map(|c| pick(c)).collect::<Vec<_>>(), lang)
    };
    let us = column(|c| c.us_sourced);
    let third = column(|c| c.third_country);
    let undet = column(|c| c.undetermined);
    let mut table = TextTable::new(vec![
        Text::Year.get(lang).into(),
        labels::origin("US_SOURCED", lang).into(),
        labels::origin("THIRD_COUNTRY", lang).into(),
        labels::origin("UNDETERMINED", lang).into(),
        Text::Total.get(lang).into(),
    ]);
    let years = t.years.iter().map(|y| y.year.to_string());
    let labels = years.chain([Text::Total.get(lang).to_string()]);
    for (i, label) in labels.enumerate() {
        let row = vec![
            label,
            us[i].clone(),
            third[i].clone(),
            undet[i].clone(),
            num::int(all[i].total),
        ];
        if i + 1 == all.len() {
            table.foot = Some(row);
        } else {
            table.row(row);
        }
    }
    table.render()
}

/// The compact GAO table the CLI prints: title, table, and the duplicates note.
pub fn origin_table_text(report: &Report, lang: Lang) -> String {
    let mut out = format!("{}\n", Text::OriginTitle.get(lang));
    if report.summary.traces == 0 {
        let _ = writeln!(out, "{}", Text::NoResults.get(lang));
    } else {
        out.push_str(&origin_table(report, lang));
    }
    // Only the notes about this table: the others concern sections the CLI does not print.
    let about_origin = |n: &&Note| {
        matches!(
            n,
            Note::DuplicatesExcluded { .. } | Note::UnknownOrigin { .. }
        )
    };
    for note in report.notes.iter().filter(about_origin) {
        out.push_str(&wrap(&labels::note(note, lang), "", ""));
    }
    out
}

fn outcomes(out: &mut String, report: &Report, lang: Lang) {
    let mut table = TextTable::new(vec![
        Text::OutcomeReason.get(lang).into(),
        Text::Count.get(lang).into(),
        Text::Share.get(lang).into(),
    ]);
    for o in &report.outcomes.outcomes {
        table.row(cells(labels::outcome(&o.code, lang).into(), &o.cell, lang));
        for r in &o.reasons {
            let label = format!("  – {}", labels::reason(r.code.as_deref(), lang));
            table.row(cells(label, &r.cell, lang));
        }
    }
    table.foot = Some(total_cells(report.outcomes.total, lang));
    out.push_str(&table.render());
    footnote(out, Text::ReasonShareNote.get(lang));
}

/// `[label, count, share]`.
fn cells(label: String, cell: &Cell, lang: Lang) -> Vec<String> {
    vec![label, num::int(cell.count), num::share(cell.share, lang)]
}

fn total_cells(total: u64, lang: Lang) -> Vec<String> {
    let share = (total > 0).then_some(1.0);
    cells(
        Text::Total.get(lang).into(),
        &Cell {
            count: total,
            share,
        },
        lang,
    )
}

/// What the keys of a frequency table are, which decides how they read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    /// US state codes, shown with their names.
    UsState,
    /// Firearm type codes, shown as their labels.
    FirearmType,
    /// Names shown as given: calibers, makers, Mexican states.
    Name,
}

/// A frequency table of the report with its number, title and column head.
pub(crate) struct CountSection<'a> {
    pub number: usize,
    pub id: &'static str,
    pub title: Text,
    pub head: Text,
    pub kind: KeyKind,
    pub table: &'a CountTable,
}

/// Sections 3–6 and 9, the frequency tables, in order.
pub(crate) fn count_sections(report: &Report) -> [CountSection<'_>; 5] {
    let section = |number, id, title, head, kind, table| CountSection {
        number,
        id,
        title,
        head,
        kind,
        table,
    };
    [
        section(
            3,
            "source-states",
            Text::SourceStatesTitle,
            Text::State,
            KeyKind::UsState,
            &report.source_states,
        ),
        section(
            4,
            "types",
            Text::TypesTitle,
            Text::FirearmType,
            KeyKind::FirearmType,
            &report.firearm_types,
        ),
        section(
            5,
            "calibers",
            Text::CalibersTitle,
            Text::Caliber,
            KeyKind::Name,
            &report.calibers,
        ),
        section(
            6,
            "makers",
            Text::MakersTitle,
            Text::Maker,
            KeyKind::Name,
            &report.makers,
        ),
        section(
            9,
            "recovery-states",
            Text::RecoveryStatesTitle,
            Text::State,
            KeyKind::Name,
            &report.recovery_states,
        ),
    ]
}

/// How a key of a frequency table reads.
pub(crate) fn key_label(kind: KeyKind, key: &str, lang: Lang) -> String {
    match kind {
        KeyKind::UsState => labels::us_state(key, lang).into(),
        KeyKind::FirearmType => labels::firearm_type(key, lang).into(),
        KeyKind::Name => key.to_string(),
    }
}

fn count_table(out: &mut String, s: &CountSection<'_>, lang: Lang) {
    let t = s.table;
    if t.total == 0 {
        footnote(out, Text::NoData.get(lang));
    } else {
        let mut table = TextTable::new(vec![
            s.head.get(lang).into(),
            Text::Count.get(lang).into(),
            Text::Share.get(lang).into(),
        ]);
        for r in &t.rows {
            table.row(cells(key_label(s.kind, &r.key, lang), &r.cell, lang));
        }
        if let Some(o) = &t.other {
            table.row(cells(labels::other_row(o.distinct, lang), &o.cell, lang));
        }
        table.foot = Some(total_cells(t.total, lang));
        out.push_str(&table.render());
    }
    if t.missing > 0 {
        let text = format!(
            "{}: {}. {}",
            Text::NotRecorded.get(lang),
            num::int(t.missing),
            Text::SharesNote.get(lang)
        );
        footnote(out, &text);
    }
}

/// A bar of `█` proportional to the share, against the largest share of the histogram.
fn bar(share: Option<f64>, max: f64) -> String {
    let cells = match share {
        Some(s) if max > 0.0 => (s / max * BAR_WIDTH as f64).round() as usize,
        _ => 0,
    };
    "█".repeat(cells)
}

fn histogram(
    out: &mut String,
    bands: &[Band],
    head: Text,
    label: impl Fn(&Band) -> String,
    lang: Lang,
) {
    let max = bands
        .iter()
        .filter_map(|b| b.cell.share)
        .fold(0.0, f64::max);
    let mut table = TextTable::new(vec![
        head.get(lang).into(),
        Text::Count.get(lang).into(),
        Text::Share.get(lang).into(),
        Text::Distribution.get(lang).into(),
    ])
    .left(3);
    for b in bands {
        let mut row = cells(label(b), &b.cell, lang);
        row.push(bar(b.cell.share, max));
        table.row(row);
    }
    out.push_str(&table.render());
}

/// The statistics of time to crime as (label, value), shared with the HTML rendering.
pub(crate) fn ttc_stats(t: &TimeToCrime, lang: Lang) -> Vec<(String, String)> {
    let years = Text::YearsUnit.get(lang);
    vec![
        (Text::WithTtc.get(lang).into(), num::int(t.n)),
        (
            Text::Median.get(lang).into(),
            num::dec1_unit(t.median_years, years),
        ),
        (
            Text::Mean.get(lang).into(),
            num::dec1_unit(t.mean_years, years),
        ),
        (
            Text::Under1y.get(lang).into(),
            count_share(&t.under_1y, lang),
        ),
        (
            Text::Under3y.get(lang).into(),
            count_share(&t.under_3y, lang),
        ),
    ]
}

/// The statistics of request lag as (label, value), shared with the HTML rendering.
pub(crate) fn lag_stats(l: &RequestLag, lang: Lang) -> Vec<(String, String)> {
    let days = Text::DaysUnit.get(lang);
    vec![
        (Text::WithLag.get(lang).into(), num::int(l.n)),
        (
            Text::Median.get(lang).into(),
            num::dec1_unit(l.median_days, days),
        ),
        (
            Text::Mean.get(lang).into(),
            num::dec1_unit(l.mean_days, days),
        ),
        (
            Text::Over90d.get(lang).into(),
            count_share(&l.over_90d, lang),
        ),
        (
            Text::Over365d.get(lang).into(),
            count_share(&l.over_365d, lang),
        ),
    ]
}

fn stats_table(out: &mut String, stats: Vec<(String, String)>, lang: Lang) {
    let mut table = TextTable::new(vec![
        Text::Statistic.get(lang).into(),
        Text::Value.get(lang).into(),
    ]);
    for (label, value) in stats {
        table.row(vec![label, value]);
    }
    out.push_str(&table.render());
}

/// Counts of results left out of a statistic, as a footnote (only when there are any).
fn left_out(out: &mut String, missing: u64, lang: Lang) {
    if missing > 0 {
        let _ = writeln!(
            out,
            "  {}: {}",
            Text::NotRecorded.get(lang),
            num::int(missing)
        );
    }
}

fn time_to_crime(out: &mut String, t: &TimeToCrime, lang: Lang) {
    if t.n == 0 {
        footnote(out, Text::NoData.get(lang));
        left_out(out, t.missing, lang);
        return;
    }
    stats_table(out, ttc_stats(t, lang), lang);
    histogram(
        out,
        &t.bands_years,
        Text::YearsBand,
        |b| labels::years_band(b.from, b.to, lang),
        lang,
    );
    left_out(out, t.missing, lang);
    footnote(out, Text::YearDefinition.get(lang));
}

fn request_lag(out: &mut String, l: &RequestLag, lang: Lang) {
    if l.n == 0 {
        footnote(out, Text::NoData.get(lang));
        left_out(out, l.missing, lang);
        return;
    }
    stats_table(out, lag_stats(l, lang), lang);
    histogram(
        out,
        &l.bands_days,
        Text::DaysBand,
        |b| labels::days_band(b.from, b.to, lang),
        lang,
    );
    left_out(out, l.missing, lang);
}

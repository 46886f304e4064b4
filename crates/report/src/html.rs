//! HTML rendering: one self-contained page (inline CSS, inline SVG, no script, no external
//! resource), readable offline, by screen readers and on paper.

use std::fmt::Write as _;

use crate::fmt as num;
use crate::labels::{self, Text};
use crate::model::{Band, Cell, Lang, OriginCounts, Report};
use crate::svg::{self, palette, Bar, Chart, Series};
use crate::text::{self, count_sections, key_label, CountSection};

/// Escapes text for HTML content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Light, high-contrast, system fonts only (nothing to download), and a print layout that keeps
/// tables and charts whole and their colours on paper.
const CSS: &str = r#"
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 3rem; color: #1a1a1a; background: #fff; line-height: 1.45; }
header { border-bottom: 3px solid #0072B2; margin-bottom: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; }
.meta { color: #444; margin: 0 0 0.75rem; }
nav ol { columns: 2; padding-left: 1.5rem; }
a { color: #005a8c; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1.5rem; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; font-variant-numeric: tabular-nums; }
.notes li, p.note { color: #333; }
p.note { font-size: 0.9rem; margin: 0.4rem 0; }
table { border-collapse: collapse; margin: 0.75rem 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; vertical-align: top; }
thead th { border-bottom: 2px solid #555; text-align: left; }
th[scope="row"] { text-align: left; font-weight: normal; }
td.num, thead th.num { text-align: right; white-space: nowrap; }
tfoot th, tfoot td { border-top: 2px solid #555; font-weight: 600; }
tr.reason th[scope="row"] { padding-left: 1.8rem; color: #333; }
figure { margin: 1rem 0; }
svg.chart { width: 100%; height: auto; max-width: 45rem; display: block; }
svg.chart text { font-family: inherit; font-size: 12px; fill: #1a1a1a; }
svg.chart .axis-title { font-weight: 600; }
svg.chart .grid { stroke: #e3e3e3; stroke-width: 1; }
svg.chart .axis { stroke: #333; stroke-width: 1; }
svg.chart rect { stroke: #fff; stroke-width: 0.5; }
footer { margin-top: 3rem; font-size: 0.85rem; color: #555; border-top: 1px solid #ccc; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  section, table, figure { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  svg.chart, svg.chart rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Renders the whole report as one HTML page.
pub fn render(report: &Report, lang: Lang) -> String {
    let title = esc(text::title(report, lang));
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        lang.tag()
    );
    header(&mut out, report, &title, lang);
    out.push_str("<main>\n");
    summary(&mut out, report, lang);
    if report.summary.traces > 0 {
        sections(&mut out, report, lang);
    }
    out.push_str("</main>\n");
    let _ = write!(
        out,
        "<footer><p>{}</p></footer>\n</body>\n</html>\n",
        esc(Text::Footer.get(lang))
    );
    out
}

fn header(out: &mut String, report: &Report, title: &str, lang: Lang) {
    let at = report.meta.generated_at.format("%Y-%m-%dT%H:%M:%SZ");
    let _ = write!(
        out,
        "<header>\n<h1>{title}</h1>\n<p class=\"meta\">{}: <time datetime=\"{at}\">{}</time> · \
         {}: {}</p>\n</header>\n",
        Text::Generated.get(lang),
        text::generated_at(report),
        Text::Source.get(lang),
        esc(&report.meta.source)
    );
}

fn summary(out: &mut String, report: &Report, lang: Lang) {
    let _ = writeln!(
        out,
        "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">{}</h2>\n<dl class=\"summary\">",
        Text::Summary.get(lang)
    );
    for (label, value) in text::summary_lines(report, lang) {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(&label), esc(&value));
    }
    out.push_str("</dl>\n");
    if report.summary.traces == 0 {
        let _ = writeln!(
            out,
            "<p><strong>{}</strong></p>",
            esc(Text::NoResults.get(lang))
        );
    }
    let _ = writeln!(
        out,
        "<h3>{}</h3>\n<ul class=\"notes\">",
        Text::Notes.get(lang)
    );
    for note in &report.notes {
        let _ = writeln!(out, "<li>{}</li>", esc(&labels::note(note, lang)));
    }
    out.push_str("</ul>\n</section>\n");
}

/// The numbered sections, with a table of contents before them.
fn sections(out: &mut String, report: &Report, lang: Lang) {
    let [states, types, calibers, makers, recovery] = count_sections(report);
    let toc = [
        ("origin", 1, Text::OriginTitle),
        ("outcomes", 2, Text::OutcomesTitle),
        (states.id, 3, states.title),
        (types.id, 4, types.title),
        (calibers.id, 5, calibers.title),
        (makers.id, 6, makers.title),
        ("ttc", 7, Text::TtcTitle),
        ("lag", 8, Text::LagTitle),
        (recovery.id, 9, recovery.title),
    ];
    let _ = writeln!(
        out,
        "<nav aria-labelledby=\"toc-h\"><h2 id=\"toc-h\">{}</h2><ol>",
        Text::Contents.get(lang)
    );
    for (id, _, title) in toc {
        let _ = writeln!(
            out,
            "<li><a href=\"#{id}\">{}</a></li>",
            esc(title.get(lang))
        );
    }
    out.push_str("</ol></nav>\n");

    origin(out, report, lang);
    outcomes(out, report, lang);
    count_section(out, &states, lang, Some(states_chart(&states, lang)));
    for s in [types, calibers, makers] {
        count_section(out, &s, lang, None);
    }
    time_to_crime(out, report, lang);
    request_lag(out, report, lang);
    count_section(out, &recovery, lang, None);
}

fn open_section(out: &mut String, id: &str, number: usize, title: &str) {
    let _ = writeln!(
        out,
        "<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{number}. {}</h2>",
        esc(title)
    );
}

fn note(out: &mut String, text: &str) {
    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(text));
}

fn figure(out: &mut String, svg: &str) {
    let _ = write!(out, "<figure>\n{svg}</figure>\n");
}

/// `<td class="num">` cells of a count and its share.
fn num_cells(cell: &Cell, lang: Lang) -> String {
    format!(
        "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
        num::int(cell.count),
        esc(&num::share(cell.share, lang))
    )
}

fn total_cell(total: u64) -> Cell {
    Cell {
        count: total,
        share: (total > 0).then_some(1.0),
    }
}

/// Opens a table with a caption and single-row column heads (the first heads the row labels).
fn open_table(out: &mut String, caption: &str, heads: &[&str]) {
    let _ = write!(
        out,
        "<table>\n<caption>{}</caption>\n<thead><tr>",
        esc(caption)
    );
    for (i, h) in heads.iter().enumerate() {
        let class = if i == 0 { "" } else { " class=\"num\"" };
        let _ = write!(out, "<th scope=\"col\"{class}>{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
}

/// A body row: a row head and figure cells (already HTML).
fn row(out: &mut String, class: Option<&str>, head: &str, cells: &str) {
    let class = class.map(|c| format!(" class=\"{c}\"")).unwrap_or_default();
    let _ = writeln!(
        out,
        "<tr{class}><th scope=\"row\">{}</th>{cells}</tr>",
        esc(head)
    );
}

/// Closes the body, adds the total row, closes the table.
fn close_table(out: &mut String, total_label: &str, cells: &str) {
    let _ = writeln!(
        out,
        "</tbody>\n<tfoot><tr><th scope=\"row\">{}</th>{cells}</tr></tfoot>\n</table>",
        esc(total_label)
    );
}

fn origin(out: &mut String, report: &Report, lang: Lang) {
    let title = Text::OriginTitle.get(lang);
    open_section(out, "origin", 1, title);
    let t = &report.origin_by_year;
    let names = ["US_SOURCED", "THIRD_COUNTRY", "UNDETERMINED"].map(|c| labels::origin(c, lang));
    let series: Vec<Series<'_>> = names
        .iter()
        .zip([palette::BLUE, palette::ORANGE, palette::GREY])
        .map(|(name, color)| Series { name, color })
        .collect();
    let years: Vec<String> = t.years.iter().map(|y| y.year.to_string()).collect();
    let values: Vec<Vec<u64>> = t.years.iter().map(|y| origin_values(&y.counts)).collect();
    let chart = Chart {
        id: "chart-origin",
        title,
        desc: Text::OriginChartDesc.get(lang),
        value_title: Text::Traced.get(lang),
        lang,
    };
    figure(
        out,
        &svg::columns(&chart, &years, Text::Year.get(lang), &series, &values),
    );

    let _ = write!(
        out,
        "<table>\n<caption>{}</caption>\n<thead>\n<tr><th scope=\"col\" rowspan=\"2\">{}</th>",
        esc(title),
        Text::Year.get(lang)
    );
    for name in &names {
        let _ = write!(
            out,
            "<th scope=\"colgroup\" colspan=\"2\">{}</th>",
            esc(name)
        );
    }
    let _ = write!(
        out,
        "<th scope=\"col\" rowspan=\"2\" class=\"num\">{}</th></tr>\n<tr>",
        Text::Total.get(lang)
    );
    for _ in &names {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th>",
            Text::Count.get(lang),
            Text::Share.get(lang)
        );
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for y in &t.years {
        row(
            out,
            None,
            &y.year.to_string(),
            &origin_cells(&y.counts, lang),
        );
    }
    close_table(out, Text::Total.get(lang), &origin_cells(&t.total, lang));
    note(out, Text::OriginNote.get(lang));
    out.push_str("</section>\n");
}

fn origin_values(c: &OriginCounts) -> Vec<u64> {
    vec![
        c.us_sourced.count,
        c.third_country.count,
        c.undetermined.count,
    ]
}

fn origin_cells(c: &OriginCounts, lang: Lang) -> String {
    let mut cells: String = [c.us_sourced, c.third_country, c.undetermined]
        .iter()
        .map(|cell| num_cells(cell, lang))
        .collect();
    let _ = write!(cells, "<td class=\"num\">{}</td>", num::int(c.total));
    cells
}

fn outcomes(out: &mut String, report: &Report, lang: Lang) {
    let title = Text::OutcomesTitle.get(lang);
    open_section(out, "outcomes", 2, title);
    let bars: Vec<Bar> = report
        .outcomes
        .outcomes
        .iter()
        .map(|o| Bar {
            label: labels::outcome(&o.code, lang).into(),
            value: o.cell.count,
            value_label: text::count_share(&o.cell, lang),
        })
        .collect();
    let chart = Chart {
        id: "chart-outcomes",
        title,
        desc: Text::OutcomesChartDesc.get(lang),
        value_title: Text::Traced.get(lang),
        lang,
    };
    figure(out, &svg::bars(&chart, &bars, palette::BLUE));

    let heads = [Text::OutcomeReason, Text::Count, Text::Share].map(|t| t.get(lang));
    open_table(out, title, &heads);
    for o in &report.outcomes.outcomes {
        row(
            out,
            Some("outcome"),
            &labels::outcome(&o.code, lang),
            &num_cells(&o.cell, lang),
        );
        for r in &o.reasons {
            let label = labels::reason(r.code.as_deref(), lang);
            row(out, Some("reason"), &label, &num_cells(&r.cell, lang));
        }
    }
    let total = total_cell(report.outcomes.total);
    close_table(out, Text::Total.get(lang), &num_cells(&total, lang));
    note(out, Text::ReasonShareNote.get(lang));
    out.push_str("</section>\n");
}

fn states_chart(s: &CountSection<'_>, lang: Lang) -> String {
    let mut bars: Vec<Bar> = s
        .table
        .rows
        .iter()
        .map(|r| Bar {
            label: key_label(s.kind, &r.key, lang),
            value: r.cell.count,
            value_label: text::count_share(&r.cell, lang),
        })
        .collect();
    if let Some(o) = &s.table.other {
        bars.push(Bar {
            label: labels::other_row(o.distinct, lang),
            value: o.cell.count,
            value_label: text::count_share(&o.cell, lang),
        });
    }
    let chart = Chart {
        id: "chart-source-states",
        title: s.title.get(lang),
        desc: Text::StatesChartDesc.get(lang),
        value_title: Text::CompletedTraces.get(lang),
        lang,
    };
    svg::bars(&chart, &bars, palette::BLUE)
}

fn count_section(out: &mut String, s: &CountSection<'_>, lang: Lang, chart: Option<String>) {
    let title = s.title.get(lang);
    open_section(out, s.id, s.number, title);
    let t = s.table;
    if t.total == 0 {
        note(out, Text::NoData.get(lang));
    } else {
        if let Some(svg) = chart {
            figure(out, &svg);
        }
        let heads = [s.head, Text::Count, Text::Share].map(|t| t.get(lang));
        open_table(out, title, &heads);
        for r in &t.rows {
            row(
                out,
                None,
                &key_label(s.kind, &r.key, lang),
                &num_cells(&r.cell, lang),
            );
        }
        if let Some(o) = &t.other {
            row(
                out,
                Some("other"),
                &labels::other_row(o.distinct, lang),
                &num_cells(&o.cell, lang),
            );
        }
        close_table(
            out,
            Text::Total.get(lang),
            &num_cells(&total_cell(t.total), lang),
        );
    }
    if t.missing > 0 {
        let text = format!(
            "{}: {}. {}",
            Text::NotRecorded.get(lang),
            num::int(t.missing),
            Text::SharesNote.get(lang)
        );
        note(out, &text);
    }
    out.push_str("</section>\n");
}

/// A two-column table of statistics.
fn stats_table(out: &mut String, caption: &str, stats: Vec<(String, String)>, lang: Lang) {
    let _ = write!(
        out,
        "<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        esc(caption),
        Text::Statistic.get(lang),
        Text::Value.get(lang)
    );
    for (label, value) in stats {
        row(
            out,
            None,
            &label,
            &format!("<td class=\"num\">{}</td>", esc(&value)),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A histogram as a table of bands.
fn bands_table(
    out: &mut String,
    caption: &str,
    head: Text,
    bands: &[Band],
    label: impl Fn(&Band) -> String,
    lang: Lang,
) {
    let heads = [head, Text::Count, Text::Share].map(|t| t.get(lang));
    open_table(out, caption, &heads);
    for b in bands {
        row(out, None, &label(b), &num_cells(&b.cell, lang));
    }
    let n = bands.iter().map(|b| b.cell.count).sum();
    close_table(out, Text::Total.get(lang), &num_cells(&total_cell(n), lang));
}

fn not_recorded(out: &mut String, missing: u64, lang: Lang) {
    if missing > 0 {
        note(
            out,
            &format!("{}: {}", Text::NotRecorded.get(lang), num::int(missing)),
        );
    }
}

fn time_to_crime(out: &mut String, report: &Report, lang: Lang) {
    let t = &report.time_to_crime;
    let title = Text::TtcTitle.get(lang);
    open_section(out, "ttc", 7, title);
    if t.n == 0 {
        note(out, Text::NoData.get(lang));
    } else {
        let label = |b: &Band| labels::years_band(b.from, b.to, lang);
        let bands: Vec<String> = t.bands_years.iter().map(label).collect();
        let values: Vec<Vec<u64>> = t.bands_years.iter().map(|b| vec![b.cell.count]).collect();
        let series = [Series {
            name: Text::CompletedTraces.get(lang),
            color: palette::GREEN,
        }];
        let chart = Chart {
            id: "chart-ttc",
            title,
            desc: Text::TtcChartDesc.get(lang),
            value_title: Text::CompletedTraces.get(lang),
            lang,
        };
        figure(
            out,
            &svg::columns(&chart, &bands, Text::YearsBand.get(lang), &series, &values),
        );
        stats_table(out, title, text::ttc_stats(t, lang), lang);
        let caption = format!("{title}: {}", Text::Distribution.get(lang));
        bands_table(out, &caption, Text::YearsBand, &t.bands_years, label, lang);
        note(out, Text::YearDefinition.get(lang));
    }
    not_recorded(out, t.missing, lang);
    out.push_str("</section>\n");
}

fn request_lag(out: &mut String, report: &Report, lang: Lang) {
    let l = &report.request_lag;
    let title = Text::LagTitle.get(lang);
    open_section(out, "lag", 8, title);
    if l.n == 0 {
        note(out, Text::NoData.get(lang));
    } else {
        stats_table(out, title, text::lag_stats(l, lang), lang);
        let label = |b: &Band| labels::days_band(b.from, b.to, lang);
        let caption = format!("{title}: {}", Text::Distribution.get(lang));
        bands_table(out, &caption, Text::DaysBand, &l.bands_days, label, lang);
    }
    not_recorded(out, l.missing, lang);
    out.push_str("</section>\n");
}

//! Hand-drawn SVG charts for the HTML report: column charts (stacked or not) and horizontal bar
//! charts. Every chart has a `<title>` and a `<desc>` that screen readers announce, axes with
//! ticks and titles, and a `<title>` per bar so that hovering shows its figures.

use std::fmt::Write as _;

use crate::fmt as num;
use crate::html::esc;
use crate::model::Lang;

/// Okabe–Ito colours, told apart by readers with any common colour-vision deficiency.
pub mod palette {
    /// US-sourced, and the single series of bar charts.
    pub const BLUE: &str = "#0072B2";
    /// Third country.
    pub const ORANGE: &str = "#E69F00";
    /// Undetermined: neutral, as it is the absence of an answer.
    pub const GREY: &str = "#999999";
    /// Histograms.
    pub const GREEN: &str = "#009E73";
}

/// Width of every chart's coordinate system; the chart scales to the page.
const WIDTH: f64 = 720.0;
/// Average width of a 12px label character, to size margins and thin out crowded labels.
const CHAR_W: f64 = 7.0;
/// Longest bar label, in characters, before it is cut with `…` (the bar's tooltip keeps it whole).
const MAX_LABEL: usize = 38;

/// What every chart says about itself.
pub struct Chart<'a> {
    /// Unique within the page; prefixes the ids of `<title>` and `<desc>`.
    pub id: &'a str,
    /// Short title.
    pub title: &'a str,
    /// One sentence saying what the chart shows.
    pub desc: &'a str,
    /// Title of the value axis.
    pub value_title: &'a str,
    /// Language of the tick and value labels.
    pub lang: Lang,
}

/// One series of a column chart.
pub struct Series<'a> {
    /// Legend label.
    pub name: &'a str,
    /// Fill colour.
    pub color: &'static str,
}

/// One horizontal bar.
pub struct Bar {
    /// Category label.
    pub label: String,
    /// Length.
    pub value: u64,
    /// Text after the bar, e.g. `12 (41.7%)`.
    pub value_label: String,
}

/// A `{:.1}` coordinate; one decimal is finer than a screen pixel at any useful size.
fn c(x: f64) -> String {
    format!("{x:.1}")
}

/// An axis maximum and tick step: 1, 2, 2.5 or 5 × 10ⁿ, about five ticks, at least 1.
pub(crate) fn nice_axis(max: u64) -> (u64, u64) {
    if max == 0 {
        return (1, 1);
    }
    let raw = max as f64 / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    // 2.5 only where it stays a whole number: counts have no fractional ticks.
    let step = match raw / magnitude {
        n if n <= 1.0 => magnitude,
        n if n <= 2.0 => 2.0 * magnitude,
        n if n <= 2.5 && magnitude >= 10.0 => 2.5 * magnitude,
        n if n <= 5.0 => 5.0 * magnitude,
        _ => 10.0 * magnitude,
    };
    let step = (step.round() as u64).max(1);
    (max.div_ceil(step) * step, step)
}

fn open(out: &mut String, chart: &Chart<'_>, height: f64) {
    let id = esc(chart.id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {}\" \
         role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        c(WIDTH),
        c(height),
        esc(chart.title),
        esc(chart.desc)
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, class: &str, body: &str) {
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>",
        c(x),
        c(y),
        esc(body)
    );
}

fn line(out: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64), class: &str) {
    let _ = writeln!(
        out,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"{class}\"/>",
        c(x1),
        c(y1),
        c(x2),
        c(y2)
    );
}

fn rect(out: &mut String, (x, y, w, h): (f64, f64, f64, f64), fill: &str, tip: &str) {
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>{}</title></rect>",
        c(x),
        c(y),
        c(w),
        c(h),
        esc(tip)
    );
}

/// A label cut to [`MAX_LABEL`] characters.
fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_LABEL {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(MAX_LABEL - 1).collect();
        cut.push('…');
        cut
    }
}

/// Legend swatches in a row at the top left; returns the height used.
fn legend(out: &mut String, series: &[Series<'_>], x0: f64) -> f64 {
    if series.len() < 2 {
        return 0.0;
    }
    let mut x = x0;
    for s in series {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"8\" width=\"12\" height=\"12\" fill=\"{}\"/>",
            c(x),
            s.color
        );
        text(out, x + 16.0, 18.0, "start", "legend", s.name);
        x += 16.0 + s.name.chars().count() as f64 * CHAR_W + 20.0;
    }
    28.0
}

/// Columns, one per category, each stacking its series' values bottom-up. `values[i][s]` is
/// the value of series `s` in category `i`. With one series, a histogram.
pub fn columns(
    chart: &Chart<'_>,
    categories: &[String],
    category_title: &str,
    series: &[Series<'_>],
    values: &[Vec<u64>],
) -> String {
    let (left, right, bottom) = (64.0, 16.0, 48.0);
    let height = 320.0;
    let mut body = String::new();
    let top = 12.0 + legend(&mut body, series, left);
    let plot_w = WIDTH - left - right;
    let plot_h = height - top - bottom;
    let max = values.iter().map(|v| v.iter().sum()).max().unwrap_or(0);
    let (axis_max, step) = nice_axis(max);
    let y_of = |v: u64| top + plot_h - v as f64 / axis_max as f64 * plot_h;

    value_ticks_y(
        &mut body,
        chart,
        (left, WIDTH - right),
        axis_max,
        step,
        &y_of,
    );
    let n = categories.len().max(1) as f64;
    let band = plot_w / n;
    // Histogram bars nearly touch (a continuous scale); category columns keep clear gaps.
    let fill_ratio = if series.len() == 1 { 0.92 } else { 0.7 };
    let bar_w = band * fill_ratio;
    // Show every k-th category label so that labels never overlap.
    let widest = categories
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1) as f64;
    let every = ((widest * CHAR_W + 8.0) / band).ceil().max(1.0) as usize;
    let grand_total: u64 = values.iter().flatten().sum();
    for (i, (category, vals)) in categories.iter().zip(values).enumerate() {
        let x = left + i as f64 * band + (band - bar_w) / 2.0;
        // A stacked segment's share is of its column (the year's mix); a histogram bar's is of
        // all values.
        let (total, name_tip) = match series.len() {
            1 => (grand_total, false),
            _ => (vals.iter().sum(), true),
        };
        let mut base = 0;
        for (s, &v) in series.iter().zip(vals) {
            if v > 0 {
                let (y_top, y_bot) = (y_of(base + v), y_of(base));
                let share = num::share(Some(v as f64 / total as f64), chart.lang);
                let what = if name_tip {
                    format!("{category} · {}", s.name)
                } else {
                    category.clone()
                };
                let tip = format!("{what}: {} ({share})", num::int(v));
                rect(&mut body, (x, y_top, bar_w, y_bot - y_top), s.color, &tip);
            }
            base += v;
        }
        if i % every == 0 {
            let label_y = top + plot_h + 16.0;
            text(
                &mut body,
                x + bar_w / 2.0,
                label_y,
                "middle",
                "tick",
                category,
            );
        }
    }
    line(
        &mut body,
        (left, top + plot_h),
        (WIDTH - right, top + plot_h),
        "axis",
    );
    text(
        &mut body,
        left + plot_w / 2.0,
        height - 8.0,
        "middle",
        "axis-title",
        category_title,
    );
    let mut out = String::new();
    open(&mut out, chart, height);
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// Horizontal grid lines and value ticks of a column chart, with the rotated value-axis title.
fn value_ticks_y(
    out: &mut String,
    chart: &Chart<'_>,
    (x0, x1): (f64, f64),
    axis_max: u64,
    step: u64,
    y_of: &dyn Fn(u64) -> f64,
) {
    for v in (0..=axis_max).step_by(step as usize) {
        let y = y_of(v);
        line(out, (x0, y), (x1, y), "grid");
        text(out, x0 - 6.0, y + 4.0, "end", "tick", &num::int(v));
    }
    let mid = (y_of(0) + y_of(axis_max)) / 2.0;
    let _ = writeln!(
        out,
        "<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\" class=\"axis-title\">{}</text>",
        c(mid),
        esc(chart.value_title)
    );
}

/// Horizontal bars, one per row, top to bottom, each followed by its value label.
pub fn bars(chart: &Chart<'_>, rows: &[Bar], color: &'static str) -> String {
    let (row_h, bar_h, top, bottom, right) = (24.0, 16.0, 8.0, 44.0, 96.0);
    let widest = rows
        .iter()
        .map(|r| clip(&r.label).chars().count())
        .max()
        .unwrap_or(0) as f64;
    let left = (widest * CHAR_W + 16.0).clamp(80.0, 300.0);
    let plot_w = WIDTH - left - right;
    let plot_h = rows.len() as f64 * row_h;
    let height = top + plot_h + bottom;
    let max = rows.iter().map(|r| r.value).max().unwrap_or(0);
    let (axis_max, step) = nice_axis(max);
    let x_of = |v: u64| left + v as f64 / axis_max as f64 * plot_w;

    let mut out = String::new();
    open(&mut out, chart, height);
    for v in (0..=axis_max).step_by(step as usize) {
        let x = x_of(v);
        line(&mut out, (x, top), (x, top + plot_h), "grid");
        text(
            &mut out,
            x,
            top + plot_h + 16.0,
            "middle",
            "tick",
            &num::int(v),
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y = top + i as f64 * row_h + (row_h - bar_h) / 2.0;
        let w = x_of(r.value) - left;
        let tip = format!("{}: {}", r.label, r.value_label);
        rect(&mut out, (left, y, w, bar_h), color, &tip);
        let mid = y + bar_h / 2.0 + 4.0;
        text(&mut out, left - 6.0, mid, "end", "label", &clip(&r.label));
        text(
            &mut out,
            left + w + 4.0,
            mid,
            "start",
            "value",
            &r.value_label,
        );
    }
    line(&mut out, (left, top), (left, top + plot_h), "axis");
    let title_y = height - 8.0;
    text(
        &mut out,
        left + plot_w / 2.0,
        title_y,
        "middle",
        "axis-title",
        chart.value_title,
    );
    out.push_str("</svg>\n");
    out
}

//! Number formatting. English and Mexican Spanish share `,` for thousands and `.` for decimals;
//! Spanish puts a non-breaking space before `%` (`70.3 %`), so a share never wraps apart.

use crate::model::Lang;

/// Shown where a figure cannot be computed (a share of nothing, the median of no values).
pub const NONE: &str = "–";

/// `104850` → `104,850`.
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    // The first group takes the 1–3 leading digits; the rest are groups of three.
    let head = match digits.len() % 3 {
        0 => 3.min(digits.len()),
        r => r,
    };
    let (first, rest) = digits.split_at(head);
    let mut out = String::from(first);
    for group in rest.as_bytes().chunks(3) {
        out.push(',');
        out.push_str(std::str::from_utf8(group).expect("ASCII digits"));
    }
    out
}

/// A share (a fraction) as a percentage with one decimal: `70.3%` / `70.3 %`.
pub fn share(share: Option<f64>, lang: Lang) -> String {
    match share {
        Some(s) => percent(s * 100.0, lang),
        None => NONE.to_string(),
    }
}

/// A percentage value with one decimal and the language's `%`.
pub fn percent(pct: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{pct:.1}%"),
        Lang::Es => format!("{pct:.1}\u{a0}%"),
    }
}

/// One decimal, with thousands grouped: `1,234.5`.
pub fn dec1(x: f64) -> String {
    let s = format!("{:.1}", x.abs());
    let (whole, frac) = s.split_once('.').unwrap_or((&s, "0"));
    let sign = if x < 0.0 && s != "0.0" { "-" } else { "" };
    format!("{sign}{}.{frac}", int(whole.parse().unwrap_or(0)))
}

/// An optional figure with one decimal and a unit: `5.6 years`, or `–`.
pub fn dec1_unit(x: Option<f64>, unit: &str) -> String {
    match x {
        Some(x) => format!("{} {unit}", dec1(x)),
        None => NONE.to_string(),
    }
}

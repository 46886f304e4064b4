//! Yes/no cells, in English or Spanish.

use crate::text::fold_compact;

/// Reads a yes/no cell: `Y`/`N`, `YES`/`NO`, `S`/`N`, `SI`/`NO`, `SÍ`, `TRUE`/`FALSE`,
/// `VERDADERO`/`FALSO`, `1`/`0`; case-insensitive, surrounding spaces ignored.
///
/// An empty cell or anything else is `None`: the caller decides whether absent means "no" or is
/// an error (formats.md: an empty cell is an absent value, never a guessed one).
///
/// ```
/// assert_eq!(rastro_codes::yes_no(" Sí "), Some(true));
/// assert_eq!(rastro_codes::yes_no("n"), Some(false));
/// assert_eq!(rastro_codes::yes_no("maybe"), None);
/// ```
pub fn yes_no(s: &str) -> Option<bool> {
    let s = s.trim();
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    // Compact folding also accepts `S.` or `Sí.`, still without ever reading "N/A" as no.
    match fold_compact(s).as_str() {
        "Y" | "YES" | "S" | "SI" | "TRUE" | "VERDADERO" | "1" => Some(true),
        "N" | "NO" | "FALSE" | "FALSO" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::yes_no;

    #[test]
    fn spellings() {
        for s in [
            "Y", "y", "YES", "yes", "S", "s", "SI", "si", "SÍ", "sí", "Sí", "TRUE", "true", "1",
            " Y ",
        ] {
            assert_eq!(yes_no(s), Some(true), "{s:?}");
        }
        for s in ["N", "n", "NO", "no", "No", "FALSE", "false", "0", " 0\t"] {
            assert_eq!(yes_no(s), Some(false), "{s:?}");
        }
        for s in ["", " ", "2", "YESS", "N/A", "NA", "-", "10", "si no"] {
            assert_eq!(yes_no(s), None, "{s:?}");
        }
    }
}

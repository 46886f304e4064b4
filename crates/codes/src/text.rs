//! Text folding: the one normalisation every comparison in rastro goes through.
//!
//! Records arrive typed by hand, in English and Spanish, in UTF-8 or Windows-1252, with accents
//! sometimes present and sometimes not (`Querétaro`/`QUERETARO`, `Colt's Mfg.`/`COLTS MFG`).
//! [`fold`] and [`fold_compact`] map all of those to one ASCII-upper-case form. They run on every
//! row of every file, so both have an ASCII fast path and `_into` variants that reuse a buffer.

/// Base letters of U+00C0..=U+024F (Latin-1 Supplement, Latin Extended-A and -B), one byte per
/// code point; `.` marks "not a plain Latin letter" (symbols such as `×`, or letters that fold to
/// two letters, handled in [`latin_multi`]). Generated from the Unicode canonical decompositions,
/// plus the letters without one (`Ø`, `Ł`, `Đ`, `ı`, `ſ`, `ƒ`...).
const LATIN_BASE: &[u8; 400] = b"AAAAAA.CEEEEIIIIDNOOOOO.OUUUUY..\
AAAAAA.CEEEEIIIIDNOOOOO.OUUUUY.Y\
AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGG\
GGGGHHHHIIIIIIIIII..JJKKKLLLLLLL\
LLLNNNNNNNNNOOOOOO..RRRRRRSSSSSS\
SSTTTTTTUUUUUUUUUUUUWWYYYZZZZZZS\
..................F.............\
OO.............UU...............\
.............AAIIOOUUUUUUUUUU.AA\
AA....GGKKOOOO..J...GG..NNAA....\
AAAAEEEEIIIIOOOORRRRUUUUSSTT..HH\
......AAEEOOOOOOOOYY............\
................";

const LATIN_FIRST: u32 = 0xC0;

/// Latin letters that fold to two ASCII letters.
fn latin_multi(c: char) -> Option<&'static str> {
    match c {
        'Æ' | 'æ' => Some("AE"),
        'Œ' | 'œ' => Some("OE"),
        'Þ' | 'þ' => Some("TH"),
        'ß' | 'ẞ' => Some("SS"),
        'Ĳ' | 'ĳ' => Some("IJ"),
        _ => None,
    }
}

/// The ASCII base letter of an accented Latin letter (`á` → `A`, `Ñ` → `N`, `ł` → `L`).
fn latin_base(c: char) -> Option<char> {
    let i = (c as u32).checked_sub(LATIN_FIRST)? as usize;
    match LATIN_BASE.get(i) {
        Some(&b) if b != b'.' => Some(b as char),
        _ => None,
    }
}

/// Characters that vanish without separating words: combining accents (decomposed input such as
/// `e` + U+0301), apostrophes (`Colt's` is one word), and invisible format characters (BOM, zero
/// width space, soft hyphen) that spreadsheets leave behind.
fn is_dropped(c: char) -> bool {
    matches!(c,
        '\'' | '`' | '´' | '‘' | '’' | 'ʼ' | '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}'
        | '\u{FEFF}' | '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// What one input character becomes.
enum Folded {
    /// One output character (already upper-case and accent-free).
    One(char),
    /// Two ASCII letters (`Æ` → `AE`).
    Two(&'static str),
    /// Nothing at all (apostrophes, combining marks).
    Drop,
    /// A word separator (spaces, punctuation, symbols).
    Sep,
}

/// Folds one character that is not ASCII, trying the Latin tables first; other letters and
/// digits (Greek, Cyrillic, `½`...) are kept, upper-cased.
fn fold_non_ascii(c: char, mut emit: impl FnMut(Folded)) {
    if let Some(two) = latin_multi(c) {
        return emit(Folded::Two(two));
    }
    if let Some(b) = latin_base(c) {
        return emit(Folded::One(b));
    }
    match c {
        'ª' => return emit(Folded::One('A')),
        'º' => return emit(Folded::One('O')),
        '¹' => return emit(Folded::One('1')),
        '²' => return emit(Folded::One('2')),
        '³' => return emit(Folded::One('3')),
        _ => {}
    }
    if is_dropped(c) {
        return emit(Folded::Drop);
    }
    if !c.is_alphanumeric() {
        return emit(Folded::Sep);
    }
    // Upper-casing can itself yield accented or decomposed letters (`ǰ` → `J` + U+030C), so
    // the result goes through the tables once more; that is what keeps `fold` idempotent.
    for u in c.to_uppercase() {
        if u.is_ascii() {
            emit(Folded::One(u.to_ascii_uppercase()));
        } else if let Some(two) = latin_multi(u) {
            emit(Folded::Two(two));
        } else if let Some(b) = latin_base(u) {
            emit(Folded::One(b));
        } else if is_dropped(u) {
            emit(Folded::Drop);
        } else if u.is_alphanumeric() {
            emit(Folded::One(u));
        } else {
            emit(Folded::Sep);
        }
    }
}

/// Folds one character into `out`; `compact` drops separators instead of writing spaces.
/// `pending` remembers that a separator was seen since the last character written.
fn fold_char(c: char, out: &mut String, compact: bool, pending: &mut bool) {
    if c.is_ascii() {
        push_ascii(c as u8, out, compact, pending);
        return;
    }
    fold_non_ascii(c, |f| match f {
        Folded::One(ch) => push_char(ch, out, compact, pending),
        Folded::Two(s) => s
            .chars()
            .for_each(|ch| push_char(ch, out, compact, pending)),
        Folded::Drop => {}
        Folded::Sep => *pending = true,
    });
}

#[inline]
fn push_ascii(b: u8, out: &mut String, compact: bool, pending: &mut bool) {
    if b.is_ascii_alphanumeric() {
        push_char(b.to_ascii_uppercase() as char, out, compact, pending);
    } else if b != b'\'' && b != b'`' {
        *pending = true;
    }
}

#[inline]
fn push_char(c: char, out: &mut String, compact: bool, pending: &mut bool) {
    if *pending && !compact && !out.is_empty() {
        out.push(' ');
    }
    *pending = false;
    out.push(c);
}

fn fold_impl(s: &str, out: &mut String, compact: bool) {
    out.clear();
    out.reserve(s.len());
    let mut pending = false;
    if s.is_ascii() {
        // Fast path: most rows are plain ASCII; bytes avoid UTF-8 decoding.
        for &b in s.as_bytes() {
            push_ascii(b, out, compact, &mut pending);
        }
    } else {
        for c in s.chars() {
            fold_char(c, out, compact, &mut pending);
        }
    }
}

/// Folds `s` for comparison: upper-case, accents stripped from Latin letters (`á` → `A`,
/// `ñ` → `N`, `ç` → `C`, `ß` → `SS`, also `Š`, `Œ`, `Ž`, `Ÿ` of Windows-1252), apostrophes
/// removed (`Colt's` → `COLTS`), every other run of punctuation, symbols or whitespace turned into
/// one space, and the result trimmed.
///
/// Letters and digits of other scripts are kept, upper-cased. `fold(fold(s)) == fold(s)`.
///
/// ```
/// assert_eq!(rastro_codes::fold("  Querétaro,  Qro. "), "QUERETARO QRO");
/// assert_eq!(rastro_codes::fold("Colt's Mfg."), "COLTS MFG");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::new();
    fold_impl(s, &mut out, false);
    out
}

/// [`fold`] into a caller's buffer (cleared first), to avoid an allocation per row.
pub fn fold_into(s: &str, out: &mut String) {
    fold_impl(s, out, false);
}

/// Like [`fold`], with every non-alphanumeric character removed: the form for "compared case-,
/// accent- and punctuation-insensitively" (`S&W` = `S & W` = `s.&w.` → `SW`).
///
/// ```
/// assert_eq!(rastro_codes::fold_compact("Colt's Mfg."), "COLTSMFG");
/// assert_eq!(rastro_codes::fold_compact("S & W"), "SW");
/// ```
pub fn fold_compact(s: &str) -> String {
    let mut out = String::new();
    fold_impl(s, &mut out, true);
    out
}

/// [`fold_compact`] into a caller's buffer (cleared first).
pub fn fold_compact_into(s: &str, out: &mut String) {
    fold_impl(s, out, true);
}

/// Folds one character for the caliber scanner, which needs its own punctuation rules: pushes
/// the folded letters or digits and returns `true`, or returns `false` for a separator.
pub(crate) fn fold_letters(c: char, out: &mut String) -> bool {
    let mut any = false;
    let mut sep = false;
    fold_non_ascii(c, |f| match f {
        Folded::One(ch) => {
            out.push(ch);
            any = true;
        }
        Folded::Two(s) => {
            out.push_str(s);
            any = true;
        }
        Folded::Drop => any = true,
        Folded::Sep => sep = true,
    });
    any && !sep
}

/// Inputs longer than this cannot be a code, name or caliber; parsers give up on them at once
/// rather than fold pages of text (a free-text column pasted into the wrong place).
pub(crate) const MAX_CODE_INPUT: usize = 160;

/// Compact fold for a parser, or `None` when the input is too long to be a code or name.
pub(crate) fn compact_key(s: &str) -> Option<String> {
    (s.len() <= MAX_CODE_INPUT).then(|| fold_compact(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii() {
        assert_eq!(fold("  hello,   world!! "), "HELLO WORLD");
        assert_eq!(fold("S&W"), "S W");
        assert_eq!(fold("S & W"), "S W");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" ,;- "), "");
        assert_eq!(fold("a\tb\r\nc"), "A B C");
        assert_eq!(fold_compact("S&W"), "SW");
        assert_eq!(fold_compact("S & W"), "SW");
        assert_eq!(fold_compact("Colt's Mfg."), fold_compact("COLTS MFG"));
        assert_eq!(fold("Colt's Mfg."), "COLTS MFG");
        assert_eq!(fold_compact("EE.UU."), "EEUU");
    }

    #[test]
    fn accents_both_cases() {
        assert_eq!(fold("áéíóú ÁÉÍÓÚ"), "AEIOU AEIOU");
        assert_eq!(fold("ñÑ üÜ çÇ"), "NN UU CC");
        assert_eq!(fold("àèìòù âêîôû ãõ äëïöÿ åø"), "AEIOU AEIOU AO AEIOY AO");
        assert_eq!(fold("Straße Æsir Œuvre"), "STRASSE AESIR OEUVRE");
        // Windows-1252 letters outside Latin-1.
        assert_eq!(fold("Šž Œœ Ÿ ƒ Žš"), "SZ OEOE Y F ZS");
        // Romanian, Turkish, Czech, Polish.
        assert_eq!(fold("Cugir Ștefănești"), "CUGIR STEFANESTI");
        assert_eq!(fold("TİSAŞ ığ"), "TISAS IG");
        assert_eq!(
            fold("Česká zbrojovka Uherský Brod"),
            "CESKA ZBROJOVKA UHERSKY BROD"
        );
        assert_eq!(fold("Łódź"), "LODZ");
        assert_eq!(fold("Número de serie"), "NUMERO DE SERIE");
        assert_eq!(fold("Nº 5"), "NO 5");
    }

    #[test]
    fn decomposed_and_invisible() {
        // "Mé" with a combining acute accent, a BOM, a zero-width space and a soft hyphen.
        assert_eq!(fold("\u{FEFF}Me\u{301}xi\u{200B}co"), "MEXICO");
        assert_eq!(fold("Quere\u{301}taro"), "QUERETARO");
        assert_eq!(fold("Aca\u{AD}pulco"), "ACAPULCO");
    }

    #[test]
    fn symbols_separate() {
        assert_eq!(fold("7.62×39"), "7 62 39");
        assert_eq!(fold("«hola» — “qué”"), "HOLA QUE");
        assert_eq!(fold("a\u{A0}b"), "A B");
    }

    #[test]
    fn other_scripts_kept() {
        assert_eq!(fold("ак-47"), "АК 47");
        assert_eq!(fold("ǰ"), "J");
    }

    #[test]
    fn into_reuses_buffer() {
        let mut buf = String::from("garbage");
        fold_into("Sonora", &mut buf);
        assert_eq!(buf, "SONORA");
        fold_compact_into("Nuevo León", &mut buf);
        assert_eq!(buf, "NUEVOLEON");
    }

    #[test]
    fn whole_latin_table_is_idempotent() {
        for cp in 0x80u32..0x2000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = format!("a{c}b {c}");
            let once = fold(&s);
            assert_eq!(fold(&once), once, "U+{cp:04X}");
            assert!(!once.starts_with(' ') && !once.ends_with(' '));
        }
    }
}

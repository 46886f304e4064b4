//! Header names: normalisation, column schemas, and binding a file's header line to a schema.

use std::collections::HashMap;
use std::path::Path;

use super::errors::{FileError, Text};

/// Normalises a header name for matching: case, accents, surrounding spaces, the characters
/// ` -_.` and the Spanish connecting words `de`, `del`, `la`, `el` are ignored.
///
/// The name is cut into words at ` -_.`; words equal to a connecting word are dropped and the
/// rest concatenated, so `Número de serie`, `NUMERO_SERIE` and `numero serie` all give
/// `numeroserie`. Dropping whole words only (not substrings) keeps `delito` or `modelo` intact.
pub fn normalize_header(name: &str) -> String {
    let folded: String = name
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .collect();
    folded
        .split(is_word_separator)
        .filter(|w| !matches!(*w, "" | "de" | "del" | "la" | "el"))
        .collect()
}

/// Separators between words of a header. Tabs and no-break spaces (which spreadsheets put in
/// headers) count as spaces.
fn is_word_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '_' | '.' | '\t' | '\u{a0}')
}

/// Drops the accent of a lower-case Latin letter (`é` → `e`, `ñ` → `n`, `ü` → `u`).
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// One column of a file format, described by the module that reads that format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Canonical field name; [`Row::get`](super::Row::get) looks columns up by it. It also
    /// matches as a header itself, in no particular language.
    pub key: &'static str,
    /// English header names (compared after [`normalize_header`]).
    pub aliases_en: &'static [&'static str],
    /// Spanish header names (compared after [`normalize_header`]).
    pub aliases_es: &'static [&'static str],
    /// Whether the file must have this column.
    pub required: bool,
}

impl ColumnSpec {
    /// The name to show a user for this column when the file's headers are in `lang`.
    fn display_name(&self, lang: HeaderLang) -> String {
        let en = self.aliases_en.first().copied();
        let es = self.aliases_es.first().copied();
        match (lang, en, es) {
            (HeaderLang::En, Some(en), _) => en.to_string(),
            (HeaderLang::Es, _, Some(es)) => es.to_string(),
            (HeaderLang::Unknown, Some(en), Some(es)) if en != es => format!("{en} / {es}"),
            _ => en.or(es).unwrap_or(self.key).to_string(),
        }
    }
}

/// Language of a file's headers, which decides the date forms it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum HeaderLang {
    /// More headers matched English names than Spanish ones.
    En,
    /// More headers matched Spanish names than English ones.
    Es,
    /// As many of each (often none: headers that are the same in both languages).
    Unknown,
}

/// Which alias set a normalised name came from. A name in both sets (or only the key) says
/// nothing about the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AliasLang {
    En,
    Es,
    Neutral,
}

/// The columns of one file format, with their names normalised once for matching.
#[derive(Debug, Clone)]
pub struct Schema {
    kind: Text,
    columns: &'static [ColumnSpec],
    by_name: HashMap<String, (usize, AliasLang)>,
}

impl Schema {
    /// A schema for files of `kind` (e.g. `Text::new("trace requests", "solicitudes de
    /// rastreo")`, used in the "looks like another kind of file" message) with these columns.
    ///
    /// Two columns sharing an alias is a programming error (checked in debug builds); the first
    /// column keeps it.
    pub fn new(kind: Text, columns: &'static [ColumnSpec]) -> Schema {
        let mut by_name: HashMap<String, (usize, AliasLang)> = HashMap::new();
        for (i, col) in columns.iter().enumerate() {
            let names = col
                .aliases_en
                .iter()
                .map(|a| (*a, AliasLang::En))
                .chain(col.aliases_es.iter().map(|a| (*a, AliasLang::Es)))
                .chain([(col.key, AliasLang::Neutral)]);
            for (alias, lang) in names {
                add_alias(&mut by_name, normalize_header(alias), i, lang, columns);
            }
        }
        Schema {
            kind,
            columns,
            by_name,
        }
    }

    /// The columns, in the order given to [`Schema::new`].
    pub fn columns(&self) -> &'static [ColumnSpec] {
        self.columns
    }

    /// The kind of file this schema reads.
    pub fn kind(&self) -> &Text {
        &self.kind
    }

    /// The index in [`Schema::columns`] of the column whose key is `key`.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// Maps a file's header names (as written) to this schema's columns.
    ///
    /// Fails with [`FileError::WrongKind`] when no header matches, or only one does while a
    /// required column is missing (the file is most likely of another format), then with
    /// [`FileError::DuplicateColumn`] or [`FileError::MissingColumns`].
    pub fn bind<I, S>(&self, file: &Path, headers: I) -> Result<BoundSchema, FileError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let headers: Vec<String> = headers
            .into_iter()
            .map(|h| h.as_ref().trim().to_string())
            .collect();
        let matches: Vec<Option<(usize, AliasLang)>> = headers
            .iter()
            .map(|h| self.by_name.get(&normalize_header(h)).copied())
            .collect();
        let field_of = self.assign_fields(file, &headers, &matches)?;
        let lang = header_lang(&matches);
        let missing = self.missing_required(&field_of, lang);
        let matched = field_of.iter().flatten().count();
        if matched == 0 || (matched == 1 && !missing.is_empty()) {
            return Err(FileError::WrongKind {
                path: file.to_path_buf(),
                expected: self.kind.clone(),
                headers,
            });
        }
        if !missing.is_empty() {
            return Err(FileError::MissingColumns {
                path: file.to_path_buf(),
                columns: missing,
            });
        }
        let extras = (0..headers.len())
            .filter(|&i| matches[i].is_none())
            .collect();
        Ok(BoundSchema {
            columns: self.columns,
            field_of,
            headers,
            extras,
            lang,
        })
    }

    /// For each column, the index of the header naming it; fails if two headers name one column.
    fn assign_fields(
        &self,
        file: &Path,
        headers: &[String],
        matches: &[Option<(usize, AliasLang)>],
    ) -> Result<Vec<Option<usize>>, FileError> {
        let mut field_of = vec![None; self.columns.len()];
        for (field, m) in matches.iter().enumerate() {
            let Some((col, _)) = *m else { continue };
            if field_of[col].is_some() {
                return Err(self.duplicate(file, headers, matches, col));
            }
            field_of[col] = Some(field);
        }
        Ok(field_of)
    }

    fn duplicate(
        &self,
        file: &Path,
        headers: &[String],
        matches: &[Option<(usize, AliasLang)>],
        col: usize,
    ) -> FileError {
        let same: Vec<String> = headers
            .iter()
            .zip(matches)
            .filter(|(_, m)| m.is_some_and(|(c, _)| c == col))
            .map(|(h, _)| h.clone())
            .collect();
        FileError::DuplicateColumn {
            path: file.to_path_buf(),
            column: self.columns[col].key.to_string(),
            headers: same,
        }
    }

    fn missing_required(&self, field_of: &[Option<usize>], lang: HeaderLang) -> Vec<String> {
        self.columns
            .iter()
            .zip(field_of)
            .filter(|(c, f)| c.required && f.is_none())
            .map(|(c, _)| c.display_name(lang))
            .collect()
    }
}

fn add_alias(
    by_name: &mut HashMap<String, (usize, AliasLang)>,
    name: String,
    col: usize,
    lang: AliasLang,
    columns: &[ColumnSpec],
) {
    match by_name.get_mut(&name) {
        None => {
            by_name.insert(name, (col, lang));
        }
        Some((c, l)) if *c == col => {
            // The same name in both languages says nothing about the file's language.
            if *l != lang && lang != AliasLang::Neutral {
                *l = AliasLang::Neutral;
            }
        }
        Some((c, _)) => debug_assert!(
            false,
            "header alias {name:?} of column {:?} already names column {:?}",
            columns[col].key, columns[*c].key
        ),
    }
}

/// The header language: the alias set that more headers matched.
fn header_lang(matches: &[Option<(usize, AliasLang)>]) -> HeaderLang {
    let count = |lang| matches.iter().flatten().filter(|(_, l)| *l == lang).count();
    let (en, es) = (count(AliasLang::En), count(AliasLang::Es));
    match en.cmp(&es) {
        std::cmp::Ordering::Greater => HeaderLang::En,
        std::cmp::Ordering::Less => HeaderLang::Es,
        std::cmp::Ordering::Equal => HeaderLang::Unknown,
    }
}

/// A schema bound to one file's header line: where each column is, and which headers are not
/// columns of the format.
#[derive(Debug, Clone)]
pub struct BoundSchema {
    columns: &'static [ColumnSpec],
    /// Per column of the schema, the index of its field in the file's records.
    field_of: Vec<Option<usize>>,
    /// The file's headers as written (trimmed).
    headers: Vec<String>,
    /// Field indices of headers that are not columns of the schema.
    extras: Vec<usize>,
    lang: HeaderLang,
}

impl BoundSchema {
    /// The header language, which decides the date forms the file may use.
    pub fn lang(&self) -> HeaderLang {
        self.lang
    }

    /// The file's headers as written (trimmed), in file order.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Number of fields in the header line.
    pub fn width(&self) -> usize {
        self.headers.len()
    }

    /// The schema's columns.
    pub fn columns(&self) -> &'static [ColumnSpec] {
        self.columns
    }

    /// Field index in the file of the column at `col` in [`Schema::columns`], if present.
    pub fn field_of_column(&self, col: usize) -> Option<usize> {
        self.field_of.get(col).copied().flatten()
    }

    /// Field index in the file of the column with this key, if the file has it.
    pub fn field_of(&self, key: &str) -> Option<usize> {
        // Called for every cell of every row: keys are string literals, which the compiler
        // usually merges, so comparing addresses first spares most string comparisons.
        let col = self
            .columns
            .iter()
            .position(|c| std::ptr::eq(c.key.as_ptr(), key.as_ptr()) && c.key.len() == key.len())
            .or_else(|| self.columns.iter().position(|c| c.key == key));
        debug_assert!(col.is_some(), "no column {key:?} in this schema");
        self.field_of_column(col?)
    }

    /// Whether the file has the column with this key.
    pub fn has(&self, key: &str) -> bool {
        self.field_of(key).is_some()
    }

    /// The header as written of the column with this key, if the file has it.
    pub fn header_of(&self, key: &str) -> Option<&str> {
        self.field_of(key).map(|f| self.headers[f].as_str())
    }

    /// Field indices of the headers that are not columns of the format ("additional data").
    pub fn extra_fields(&self) -> &[usize] {
        &self.extras
    }

    /// The headers that are not columns of the format, as written. Empty header cells (a
    /// trailing delimiter on the header line) are left out.
    pub fn unknown_headers(&self) -> impl Iterator<Item = &str> + '_ {
        self.extras
            .iter()
            .map(|&f| self.headers[f].as_str())
            .filter(|h| !h.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_examples_of_formats_md() {
        for h in [
            "Número de serie",
            "NUMERO_SERIE",
            "numero serie",
            " Numero-Serie. ",
        ] {
            assert_eq!(normalize_header(h), "numeroserie", "{h}");
        }
        assert_eq!(
            normalize_header("Fecha de aseguramiento"),
            normalize_header("fecha_aseguramiento")
        );
        assert_eq!(normalize_header("LIC_REGN"), "licregn");
        assert_eq!(normalize_header("País de origen"), "paisorigen");
        assert_eq!(normalize_header("Año"), "ano");
    }

    #[test]
    fn connecting_words_are_dropped_only_as_whole_words() {
        assert_eq!(normalize_header("delito"), "delito");
        assert_eq!(normalize_header("modelo"), "modelo");
        assert_eq!(normalize_header("Nombre del poseedor"), "nombreposeedor");
        assert_eq!(normalize_header("EL-LA_DE.DEL"), "");
    }

    const COLS: &[ColumnSpec] = &[
        ColumnSpec {
            key: "request_ref",
            aliases_en: &["request_ref"],
            aliases_es: &["folio"],
            required: true,
        },
        ColumnSpec {
            key: "recovered_on",
            aliases_en: &["recovered_on"],
            aliases_es: &["fecha_aseguramiento"],
            required: true,
        },
        ColumnSpec {
            key: "model",
            aliases_en: &["model"],
            aliases_es: &["modelo"],
            required: false,
        },
        ColumnSpec {
            key: "caliber",
            aliases_en: &["caliber", "calibre"],
            aliases_es: &["calibre"],
            required: false,
        },
    ];

    fn schema() -> Schema {
        Schema::new(Text::new("trace requests", "solicitudes de rastreo"), COLS)
    }

    fn bind(headers: &[&str]) -> Result<BoundSchema, FileError> {
        schema().bind(Path::new("f.csv"), headers)
    }

    #[test]
    fn binds_headers_and_tells_the_language() {
        let b = bind(&["Folio", "Fecha de aseguramiento", "Calibre", "Color"]).unwrap();
        assert_eq!(b.lang(), HeaderLang::Es);
        assert_eq!(b.field_of("request_ref"), Some(0));
        assert_eq!(b.field_of("recovered_on"), Some(1));
        assert_eq!(b.field_of("caliber"), Some(2));
        assert_eq!(b.field_of("model"), None);
        assert_eq!(b.header_of("recovered_on"), Some("Fecha de aseguramiento"));
        assert_eq!(b.unknown_headers().collect::<Vec<_>>(), ["Color"]);

        let b = bind(&["REQUEST_REF", "Recovered On", "calibre"]).unwrap();
        assert_eq!(b.lang(), HeaderLang::En);
    }

    #[test]
    fn equal_counts_give_an_unknown_language() {
        let b = bind(&["folio", "recovered_on"]).unwrap();
        assert_eq!(b.lang(), HeaderLang::Unknown);
        let b = bind(&["request_ref", "fecha_aseguramiento", "calibre"]).unwrap();
        assert_eq!(b.lang(), HeaderLang::Unknown);
    }

    #[test]
    fn missing_required_columns_are_named_in_the_file_language() {
        match bind(&["folio", "modelo", "calibre"]) {
            Err(FileError::MissingColumns { columns, .. }) => {
                assert_eq!(columns, ["fecha_aseguramiento"])
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn duplicated_column_is_an_error() {
        match bind(&["folio", "request_ref", "recovered_on"]) {
            Err(FileError::DuplicateColumn {
                column, headers, ..
            }) => {
                assert_eq!(column, "request_ref");
                assert_eq!(headers, ["folio", "request_ref"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_file_of_another_kind_is_recognised() {
        for headers in [
            &["LIC_REGN", "LIC_DIST", "LIC_CNTY"][..],
            &["ffl_number", "model", "serial"][..],
            &[""][..],
        ] {
            assert!(
                matches!(bind(headers), Err(FileError::WrongKind { .. })),
                "{headers:?}"
            );
        }
    }
}

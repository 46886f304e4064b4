//! The reading layer against the "Common rules" of formats.md, through whole files.

use std::io::{Cursor, Write};
use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;
use rastro_import::table::{
    write_error_report, ColumnSpec, Encoding, FileError, HeaderLang, Lang, RowError, RowErrorKind,
    Schema, TableReader, Text, ValueError,
};

const COLUMNS: &[ColumnSpec] = &[
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
        key: "serial",
        aliases_en: &["serial"],
        aliases_es: &["numero_serie", "matricula"],
        required: false,
    },
    ColumnSpec {
        key: "obliterated",
        aliases_en: &["obliterated"],
        aliases_es: &["borrado"],
        required: false,
    },
    ColumnSpec {
        key: "latitude",
        aliases_en: &["latitude"],
        aliases_es: &["latitud"],
        required: false,
    },
];

fn schema() -> Schema {
    Schema::new(
        Text::new("trace requests", "solicitudes de rastreo"),
        COLUMNS,
    )
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()
}

fn reader(bytes: &[u8]) -> Result<TableReader<Cursor<Vec<u8>>>, FileError> {
    TableReader::from_reader(
        Path::new("solicitudes.csv"),
        Cursor::new(bytes.to_vec()),
        &schema(),
    )
}

/// (line, request_ref, serial) of every row, or the row error.
type Seen = Vec<Result<(u64, Option<String>, Option<String>), RowError>>;

fn read_all(bytes: &[u8]) -> Seen {
    let mut r = reader(bytes).unwrap();
    let mut seen = Vec::new();
    while let Some(row) = r.next_row().unwrap() {
        seen.push(row.map(|row| {
            let own = |k| row.get(k).map(str::to_string);
            (row.line(), own("request_ref"), own("serial"))
        }));
    }
    seen
}

fn ok(
    line: u64,
    folio: &str,
    serial: Option<&str>,
) -> Result<(u64, Option<String>, Option<String>), RowError> {
    Ok((line, Some(folio.into()), serial.map(str::to_string)))
}

#[test]
fn each_delimiter_is_read() {
    for d in [",", ";", "\t", "|"] {
        let text =
            format!("folio{d}fecha_aseguramiento{d}numero_serie\nA1{d}2013-02-28{d}XYZ 123\n");
        let mut r = reader(text.as_bytes()).unwrap();
        assert_eq!(r.delimiter(), d.as_bytes()[0]);
        assert_eq!(
            read_all(text.as_bytes()),
            vec![ok(2, "A1", Some("XYZ 123"))],
            "{d:?}"
        );
        assert!(r.next_row().unwrap().is_some());
    }
}

#[test]
fn bom_is_skipped_before_the_first_header() {
    let text = "\u{feff}folio;fecha_aseguramiento\nA1;2013-02-28\n";
    let r = reader(text.as_bytes()).unwrap();
    assert_eq!(r.schema().header_of("request_ref"), Some("folio"));
    assert_eq!(r.encoding(), Encoding::Utf8);
    assert_eq!(read_all(text.as_bytes()), vec![ok(2, "A1", None)]);
}

#[test]
fn windows_1252_file_is_decoded_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("solicitudes.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"Folio;Fecha de aseguramiento;N\xfamero de serie\nA1;2013-02-28;caf\xe9\n")
        .unwrap();
    drop(f);
    let mut r = TableReader::open(&path, &schema()).unwrap();
    let row = r.next_row().unwrap().unwrap().unwrap();
    assert_eq!(row.get("serial"), Some("café"));
    assert_eq!(row.schema().header_of("serial"), Some("Número de serie"));
    assert!(r.next_row().unwrap().is_none());
    assert_eq!(r.encoding(), Encoding::Windows1252);
    assert_eq!(r.bytes_read(), r.total_bytes().unwrap());
}

#[test]
fn dates_follow_the_header_language() {
    let es = "folio,fecha_aseguramiento\nA1,03/07/2012\n";
    let en = "request_ref,recovered_on\nA1,03/07/2012\n";
    for (text, lang, expected) in [
        (es, HeaderLang::Es, NaiveDate::from_ymd_opt(2012, 7, 3)),
        (en, HeaderLang::En, NaiveDate::from_ymd_opt(2012, 3, 7)),
    ] {
        let mut r = reader(text.as_bytes()).unwrap();
        assert_eq!(r.header_lang(), lang);
        let row = r.next_row().unwrap().unwrap().unwrap();
        assert_eq!(row.date("recovered_on", today()).unwrap(), expected);
    }
}

#[test]
fn date_errors_name_file_line_and_column_in_both_languages() {
    let text = "folio;Fecha de aseguramiento\nA1;31/02/2013\nA2;01/07/2030\nA3;\n";
    let mut r = reader(text.as_bytes()).unwrap();
    let mut errors = Vec::new();
    while let Some(row) = r.next_row().unwrap() {
        let row = row.unwrap();
        match row.date("recovered_on", today()) {
            Ok(Some(_)) => panic!("no valid date in this file"),
            Ok(None) => errors.push(row.error("recovered_on", RowErrorKind::MissingValue)),
            Err(e) => errors.push(e),
        }
    }
    assert_eq!(
        errors[0].message(Lang::Es),
        "solicitudes.csv, línea 2, columna «Fecha de aseguramiento»: la fecha «31/02/2013» no es \
         válida (se acepta: AAAA-MM-DD, DD/MM/AAAA, DD-MM-AAAA)"
    );
    assert_eq!(
        errors[0].message(Lang::En),
        "solicitudes.csv, line 2, column “Fecha de aseguramiento”: the date “31/02/2013” is not \
         valid (accepted: YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY)"
    );
    assert_eq!(
        errors[1].kind,
        RowErrorKind::Value(ValueError::FutureDate {
            value: "01/07/2030".into()
        })
    );
    assert_eq!(errors[1].line, 3);
    assert_eq!(
        errors[2].message(Lang::Es),
        "solicitudes.csv, línea 4, columna «Fecha de aseguramiento»: falta el valor, que es obligatorio"
    );
}

#[test]
fn yes_no_and_degrees_through_rows() {
    let text = "folio;fecha_aseguramiento;borrado;latitud\nA1;2013-02-28;Sí;19,43\nA2;2013-02-28;quizá;95\n";
    let mut r = reader(text.as_bytes()).unwrap();
    let row = r.next_row().unwrap().unwrap().unwrap();
    assert_eq!(row.yes_no("obliterated"), Ok(Some(true)));
    assert_eq!(row.degrees("latitude", true), Ok(Some(19.43)));
    let row = r.next_row().unwrap().unwrap().unwrap();
    assert!(row.yes_no("obliterated").is_err());
    assert!(row.degrees("latitude", true).is_err());
}

#[test]
fn quoted_fields_keep_delimiters_and_newlines_and_lines_stay_right() {
    let text = "folio,fecha_aseguramiento,numero_serie\n\
                \"A,1\",2013-02-28,\"line one\nline two\"\n\
                A2,2013-02-28,\"say \"\"hi\"\"\"\n\
                \n\
                A3,2013-02-28,\"x\r\ny\r\nz\"\r\n\
                A4,2013-02-28,plain";
    assert_eq!(
        read_all(text.as_bytes()),
        vec![
            ok(2, "A,1", Some("line one\nline two")),
            ok(4, "A2", Some("say \"hi\"")),
            ok(6, "A3", Some("x\r\ny\r\nz")),
            ok(9, "A4", Some("plain")),
        ]
    );
}

#[test]
fn blank_lines_and_blank_rows_are_skipped_without_shifting_line_numbers() {
    let text = "\n\nfolio;fecha_aseguramiento\r\n\r\nA1;2013-02-28\r\n;;\r\n  ;  \r\nA2;2013-02-28\r\n\r\n";
    let mut r = reader(text.as_bytes()).unwrap();
    let mut lines = Vec::new();
    while let Some(row) = r.next_row().unwrap() {
        lines.push(row.unwrap().line());
    }
    assert_eq!(lines, [5, 8]);
    assert_eq!(r.blank_rows(), 4);
}

#[test]
fn wrong_field_count_is_a_row_error_and_reading_goes_on() {
    let text = "folio;fecha_aseguramiento;numero_serie\nA1;2013-02-28\nA2;2013-02-28;S2;extra\nA3;2013-02-28;S3;\n";
    let seen = read_all(text.as_bytes());
    assert_eq!(seen.len(), 3);
    let e = seen[0].as_ref().unwrap_err();
    assert_eq!(
        e.kind,
        RowErrorKind::WrongFieldCount {
            expected: 3,
            found: 2
        }
    );
    assert_eq!(e.line, 2);
    assert_eq!(
        e.message(Lang::Es),
        "solicitudes.csv, línea 2: la fila tiene 2 campos, pero el encabezado tiene 3"
    );
    assert!(seen[1].is_err());
    // A trailing delimiter adds only an empty field: harmless.
    assert_eq!(seen[2], ok(4, "A3", Some("S3")));
}

#[test]
fn unknown_columns_are_extras() {
    let text = "folio;fecha_aseguramiento;Color;Observaciones;\nA1;2013-02-28;negro;;\n";
    let mut r = reader(text.as_bytes()).unwrap();
    assert_eq!(
        r.schema().unknown_headers().collect::<Vec<_>>(),
        ["Color", "Observaciones"]
    );
    let row = r.next_row().unwrap().unwrap().unwrap();
    assert_eq!(row.extras().collect::<Vec<_>>(), [("Color", "negro")]);
}

#[test]
fn missing_required_column_is_a_file_error() {
    let err = reader(b"folio;numero_serie\nA1;S1\n").err().unwrap();
    assert!(
        matches!(&err, FileError::MissingColumns { columns, .. } if columns == &["fecha_aseguramiento"])
    );
    assert_eq!(
        err.message(Lang::Es),
        "solicitudes.csv: falta la columna obligatoria «fecha_aseguramiento»"
    );
}

#[test]
fn a_file_of_another_kind_is_recognised() {
    let listing = b"LIC_REGN,LIC_DIST,LIC_CNTY,LIC_TYPE,LIC_XPRDTE,LIC_SEQN,LICENSE_NAME\n5,74,029,01,5K,01234,X\n";
    let err = reader(listing).err().unwrap();
    assert!(matches!(err, FileError::WrongKind { .. }));
    assert!(err
        .message(Lang::Es)
        .starts_with("solicitudes.csv no parece un archivo de solicitudes de rastreo"));
}

#[test]
fn empty_and_headerless_files_are_file_errors() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\n\r\n\n"] {
        assert!(
            matches!(reader(bytes), Err(FileError::Empty { .. })),
            "{bytes:?}"
        );
    }
    assert!(matches!(
        reader(b";;;\nA1;2013-01-01;;\n"),
        Err(FileError::NoHeader { .. })
    ));
}

#[test]
fn a_missing_file_says_so() {
    let err = TableReader::open(Path::new("/nonexistent/solicitudes.csv"), &schema())
        .err()
        .unwrap();
    assert!(matches!(err, FileError::Open { .. }));
    assert_eq!(
        err.message(Lang::Es),
        "no se puede abrir /nonexistent/solicitudes.csv: el archivo no existe"
    );
}

#[test]
fn the_error_report_lists_file_line_column_and_reason() {
    let text = "folio;fecha_aseguramiento\nA1;ayer\n";
    let mut r = reader(text.as_bytes()).unwrap();
    let row = r.next_row().unwrap().unwrap().unwrap();
    let errors = vec![row.date("recovered_on", today()).unwrap_err()];
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("errores.csv");
    write_error_report(&out, &errors, Lang::Es).unwrap();
    assert_eq!(
        std::fs::read_to_string(out).unwrap(),
        "file,line,column,reason\nsolicitudes.csv,2,fecha_aseguramiento,\
         \"la fecha «ayer» no es válida (se acepta: AAAA-MM-DD, DD/MM/AAAA, DD-MM-AAAA)\"\n"
    );
}

#[test]
fn a_ten_thousand_char_line_and_a_huge_field_are_fine() {
    let long = "x".repeat(10_000);
    let huge = "y".repeat(3 << 20);
    let text = format!(
        "folio,fecha_aseguramiento,numero_serie\n{long},2013-02-28,\"{huge}\"\nA2,2013-02-28,S\n"
    );
    let seen = read_all(text.as_bytes());
    assert_eq!(
        seen[0].as_ref().unwrap().2.as_ref().map(String::len),
        Some(huge.len())
    );
    assert_eq!(seen[1], ok(3, "A2", Some("S")));
}

#[test]
fn an_unbalanced_quote_swallows_the_rest_but_does_not_crash() {
    let text = "folio,fecha_aseguramiento\nA1,\"2013-02-28\nA2,2013-02-28\n";
    let seen = read_all(text.as_bytes());
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].as_ref().unwrap().0, 2);
}

/// Writes `rows` as CSV with `delim`, quoting cells that need it, with the given line ending,
/// blank lines before some rows and optionally no final line break; returns the text and the
/// line where each row starts.
fn write_csv(
    rows: &[(usize, Vec<String>)],
    delim: char,
    crlf: bool,
    final_break: bool,
) -> (String, Vec<u64>) {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut text = format!("folio{delim}fecha_aseguramiento{delim}numero_serie{eol}");
    let mut line = 2;
    let mut starts = Vec::new();
    for (i, (blank_before, cells)) in rows.iter().enumerate() {
        for _ in 0..*blank_before {
            text.push_str(eol);
            line += 1;
        }
        starts.push(line);
        let quoted: Vec<String> = cells
            .iter()
            .map(|c| {
                if c.contains([delim, '"', '\n', '\r']) || c.trim() != c {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        let record = quoted.join(&delim.to_string());
        line += record.matches('\n').count() as u64 + 1;
        text.push_str(&record);
        if i + 1 < rows.len() || final_break {
            text.push_str(eol);
        }
    }
    (text, starts)
}

fn cell() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zé ,;|\t\"\r\n]{0,12}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn rows_and_line_numbers_survive_any_quoting(
        rows in proptest::collection::vec((0usize..3, ("[A-Z][0-9]{1,3}", cell(), cell())), 1..12),
        delim in prop_oneof![Just(','), Just(';'), Just('\t'), Just('|')],
        crlf: bool,
        final_break: bool,
    ) {
        let rows: Vec<(usize, Vec<String>)> =
            rows.into_iter().map(|(b, (f, d, s))| (b, vec![f, d, s])).collect();
        let (text, starts) = write_csv(&rows, delim, crlf, final_break);
        let seen = read_all(text.as_bytes());
        let expected: Seen = rows
            .iter()
            .zip(&starts)
            .map(|((_, cells), &line)| {
                let v = |c: &String| Some(c.trim().to_string()).filter(|c| !c.is_empty());
                Ok((line, v(&cells[0]), v(&cells[2])))
            })
            .collect();
        prop_assert_eq!(seen, expected, "{:?}", text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(
        prop_oneof![4 => any::<u8>(), 2 => Just(b'"'), 2 => Just(b'\n'), 1 => Just(b'\r'),
                    2 => Just(b';'), 1 => Just(0u8)], 0..2000)) {
        read_anything(&bytes);
        let mut with_header = b"folio;fecha_aseguramiento;numero_serie;otra\n".to_vec();
        with_header.extend_from_slice(&bytes);
        read_anything(&with_header);
    }
}

/// Reads everything the reader accepts from `bytes`, touching every accessor.
fn read_anything(bytes: &[u8]) {
    let Ok(mut r) = reader(bytes) else { return };
    let mut last_line = 0;
    while let Ok(Some(row)) = r.next_row() {
        match row {
            Ok(row) => {
                assert!(row.line() > last_line);
                last_line = row.line();
                for c in COLUMNS {
                    let _ = row.get(c.key);
                    let _ = row.date(c.key, today()).map_err(|e| e.message(Lang::Es));
                    let _ = row.yes_no(c.key);
                    let _ = row.degrees(c.key, false);
                }
                let _ = row.extras().count();
            }
            Err(e) => {
                let _ = e.message(Lang::En);
            }
        }
    }
    let _ = (r.encoding(), r.bytes_read());
}

#[test]
fn lines_ending_in_a_lone_cr_are_lines() {
    let text = "folio;fecha_aseguramiento;numero_serie\rA1;2013-02-28;\"x\ry\"\rA2;2013-02-28;S2";
    assert_eq!(
        read_all(text.as_bytes()),
        vec![ok(2, "A1", Some("x\ny")), ok(4, "A2", Some("S2"))]
    );
}

//! Whole imports against formats.md, sections 1–5 and the "Common rules": one test per rule,
//! each importing a small file into a fresh store and checking what a user would see (what is
//! stored, the counts of the summary, the row errors and their wording in both languages).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rastro_domain::codes::{Country, MakerRole};
use rastro_domain::serial::{level_key, Level};
use rastro_domain::{AdRecord, BusinessStatus, FflNumber, LicenceType, MakerTable, Priority};
use rastro_import::{
    import_file_on, write_error_report, Encoding, FileError, FileKind, ImportError, ImportOutcome,
    Lang, RowError,
};
use rastro_store::{SqliteStore, Store};
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers

/// "Today" for every import: dates after it are in the future.
fn today() -> NaiveDate {
    date(2024, 6, 30)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ffl(text: &str) -> FflNumber {
    FflNumber::parse(text).unwrap()
}

/// A temporary folder holding the input files and a fresh store.
struct Env {
    dir: TempDir,
    store: SqliteStore,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("data")).unwrap();
        Env { dir, store }
    }

    /// Writes `bytes` to a file named `name` in the folder.
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn import(&mut self, kind: FileKind, path: &Path) -> Result<ImportOutcome, ImportError> {
        import_file_on(&mut self.store, kind, path, today(), &mut |_| {})
    }

    /// Imports a file that must be readable as a whole, and checks that its summary adds up.
    fn import_ok(&mut self, kind: FileKind, path: &Path) -> ImportOutcome {
        let outcome = self
            .import(kind, path)
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
        assert_adds_up(&outcome);
        outcome
    }

    /// Writes and imports a file.
    fn load(&mut self, kind: FileKind, name: &str, bytes: impl AsRef<[u8]>) -> ImportOutcome {
        let path = self.file(name, bytes);
        self.import_ok(kind, &path)
    }

    /// Writes a file whose import must fail as a whole.
    fn load_err(&mut self, kind: FileKind, name: &str, bytes: impl AsRef<[u8]>) -> FileError {
        let path = self.file(name, bytes);
        match self.import(kind, &path) {
            Err(ImportError::File(error)) => error,
            Err(other) => panic!("expected a file error, got {other}"),
            Ok(outcome) => panic!("expected a file error, got {outcome:?}"),
        }
    }

    fn records(&self, serial: &str) -> Vec<AdRecord> {
        let mut reader = self.store.record_reader().unwrap();
        let mut records = reader
            .bucket(&level_key(serial, Level::Confusable))
            .unwrap();
        records.sort_by_key(|r| (r.ffl.clone(), r.acquired_on, r.entry_ref.clone()));
        records
    }

    fn requests(&self) -> Vec<rastro_domain::TraceRequest> {
        let stored = self.store.requests().unwrap();
        stored.into_iter().map(|s| s.request).collect()
    }
}

/// Nothing is silently dropped: every row read is imported, already present, updated or rejected.
fn assert_adds_up(o: &ImportOutcome) {
    let c = &o.counts;
    assert_eq!(
        o.rows_read,
        c.inserted + c.updated + c.already_present + o.errors.len() as u64,
        "summary does not add up: {o:?}"
    );
}

/// Checks a row error's line and column, and that its message in each language names the file,
/// the line, the column and gives a reason containing `en` / `es`.
fn assert_row_error(e: &RowError, line: u64, column: Option<&str>, en: &str, es: &str) {
    let (msg_en, msg_es) = (e.message(Lang::En), e.message(Lang::Es));
    assert_eq!(e.line, line, "{msg_en}");
    assert_eq!(e.column.as_deref(), column, "{msg_en}");
    let file = e.file.file_name().unwrap().to_str().unwrap();
    assert!(
        msg_en.starts_with(&format!("{file}, line {line}")),
        "{msg_en}"
    );
    assert!(
        msg_es.starts_with(&format!("{file}, línea {line}")),
        "{msg_es}"
    );
    if let Some(column) = column {
        assert!(msg_en.contains(&format!("column “{column}”")), "{msg_en}");
        assert!(msg_es.contains(&format!("columna «{column}»")), "{msg_es}");
    }
    assert!(msg_en.contains(en), "{msg_en:?} lacks {en:?}");
    assert!(msg_es.contains(es), "{msg_es:?} lacks {es:?}");
}

/// One line of a delimited file, quoting (RFC 4180) the fields that need it.
fn line(delimiter: char, fields: &[&str]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.contains([delimiter, '"', ',', '\n']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.to_string()
            }
        })
        .collect();
    quoted.join(&delimiter.to_string()) + "\n"
}

/// Encodes text as Windows-1252. Only ASCII and the Latin-1 letters (where Windows-1252 and
/// Unicode agree byte for byte: `é` is 0xE9, `ó` 0xF3, `Í` 0xCD) are used here.
fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| {
            let code = c as u32;
            assert!(code < 0x80 || (0xA0..=0xFF).contains(&code), "{c:?}");
            code as u8
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// §1 Licensees: ATF's public listing

const LISTING_HEADER: [&str; 17] = [
    "LIC_REGN",
    "LIC_DIST",
    "LIC_CNTY",
    "LIC_TYPE",
    "LIC_XPRDTE",
    "LIC_SEQN",
    "LICENSE_NAME",
    "BUSINESS_NAME",
    "PREMISE_STREET",
    "PREMISE_CITY",
    "PREMISE_STATE",
    "PREMISE_ZIP_CODE",
    "MAIL_STREET",
    "MAIL_CITY",
    "MAIL_STATE",
    "MAIL_ZIP_CODE",
    "VOICE_PHONE",
];

const BORDER_GUNS: [&str; 17] = [
    "5",
    "74",
    "029",
    "01",
    "5K",
    "01234",
    "SMITH, JOHN A",
    "BORDER GUNS LLC",
    "100 MAIN ST",
    "LAREDO",
    "tx",
    "78040",
    "PO BOX 10",
    "LAREDO",
    "TX",
    "78041",
    "9565550100",
];

const DESERT_ARMS: [&str; 17] = [
    "9",
    "86",
    "013",
    "07",
    "6C",
    "00077",
    "DESERT ARMS INC",
    "",
    "5 INDUSTRIAL WAY",
    "PHOENIX",
    "AZ",
    "85001",
    "",
    "",
    "",
    "",
    "",
];

fn listing(delimiter: char, rows: &[[&str; 17]]) -> String {
    let mut text = line(delimiter, &LISTING_HEADER);
    for row in rows {
        text += &line(delimiter, row);
    }
    text
}

#[test]
fn licensee_listing_is_read_with_each_delimiter() {
    for delimiter in [',', ';', '\t', '|'] {
        let mut env = Env::new();
        let o = env.load(
            FileKind::Licensees,
            "listing.txt",
            listing(delimiter, &[BORDER_GUNS, DESERT_ARMS]),
        );
        assert_eq!(o.delimiter, delimiter as u8);
        assert_eq!((o.rows_read, o.counts.inserted), (2, 2), "{delimiter:?}");
        assert!(o.errors.is_empty(), "{:?}", o.errors);
        assert!(o.ignored_columns.is_empty(), "{:?}", o.ignored_columns);

        let directory = env.store.directory().unwrap();
        let l = &directory.licensees[&ffl("5-74-029-01-5K-01234")];
        assert_eq!(l.license_name, "SMITH, JOHN A");
        assert_eq!(l.business_name.as_deref(), Some("BORDER GUNS LLC"));
        assert_eq!(l.premise_street.as_deref(), Some("100 MAIN ST"));
        assert_eq!(l.premise_city.as_deref(), Some("LAREDO"));
        assert_eq!(l.premise_state.as_deref(), Some("TX"));
        assert_eq!(l.premise_zip.as_deref(), Some("78040"));
        assert_eq!(l.mail_street.as_deref(), Some("PO BOX 10"));
        assert_eq!(l.mail_zip.as_deref(), Some("78041"));
        assert_eq!(l.voice_phone.as_deref(), Some("9565550100"));
        let d = &directory.licensees[&ffl("9-86-013-07-6C-00077")];
        assert_eq!(d.business_name, None, "an empty cell is an absent value");
        assert_eq!(d.mail_street, None);
    }
}

#[test]
fn licence_number_is_built_from_the_six_lic_parts() {
    let mut env = Env::new();
    // Spreadsheet exports drop leading zeros: 029 → 29, 01 → 1, 01234 → 1234.
    let mut trimmed = BORDER_GUNS;
    trimmed[2..6].copy_from_slice(&["29", "1", "5k", "1234"]);
    let o = env.load(
        FileKind::Licensees,
        "listing.csv",
        listing(',', &[trimmed, DESERT_ARMS]),
    );
    assert_eq!(o.counts.inserted, 2);
    let directory = env.store.directory().unwrap();
    let mut numbers: Vec<&str> = directory.licensees.keys().map(|f| f.as_str()).collect();
    numbers.sort();
    assert_eq!(numbers, ["5-74-029-01-5K-01234", "9-86-013-07-6C-00077"]);
    let dealer = ffl("5-74-029-01-5K-01234");
    assert_eq!(dealer.licence_type(), LicenceType::Dealer);
    assert_eq!(
        ffl("9-86-013-07-6C-00077").licence_type(),
        LicenceType::Manufacturer
    );
    // The same licence written without dashes elsewhere is the same key.
    assert!(directory.licensees.contains_key(&ffl("574029015K01234")));
}

#[test]
fn a_later_listing_updates_name_and_address() {
    let mut env = Env::new();
    env.load(
        FileKind::Licensees,
        "2013-01.csv",
        listing(',', &[BORDER_GUNS, DESERT_ARMS]),
    );
    let mut moved = BORDER_GUNS;
    moved[6] = "SMITH, JOHN ALBERT";
    moved[7] = "BORDER GUNS & PAWN LLC";
    moved[8] = "2200 SAN BERNARDO AVE";
    moved[11] = "78043";
    let o = env.load(
        FileKind::Licensees,
        "2013-02.csv",
        listing(',', &[moved, DESERT_ARMS]),
    );
    assert_eq!(o.rows_read, 2);
    assert_eq!(o.counts.updated, 1);
    assert_eq!(o.counts.already_present, 1);
    assert_eq!(o.counts.inserted, 0);
    assert_eq!(env.store.counts().unwrap().licensees, 2);
    let directory = env.store.directory().unwrap();
    let l = &directory.licensees[&ffl("5-74-029-01-5K-01234")];
    assert_eq!(l.license_name, "SMITH, JOHN ALBERT");
    assert_eq!(l.business_name.as_deref(), Some("BORDER GUNS & PAWN LLC"));
    assert_eq!(l.premise_street.as_deref(), Some("2200 SAN BERNARDO AVE"));
    assert_eq!(l.premise_zip.as_deref(), Some("78043"));
}

#[test]
fn an_invalid_licence_is_a_row_error_naming_its_column() {
    let mut env = Env::new();
    let mut bad_region = BORDER_GUNS;
    bad_region[0] = "X";
    let mut bad_county = BORDER_GUNS;
    bad_county[2] = "1029";
    let mut no_sequence = BORDER_GUNS;
    no_sequence[5] = "";
    let o = env.load(
        FileKind::Licensees,
        "listing.csv",
        listing(',', &[bad_region, DESERT_ARMS, bad_county, no_sequence]),
    );
    assert_eq!((o.rows_read, o.counts.inserted), (4, 1));
    assert_eq!(o.errors.len(), 3);
    assert_row_error(&o.errors[0], 2, Some("LIC_REGN"), "“X”", "«X»");
    assert_row_error(&o.errors[1], 4, Some("LIC_CNTY"), "“1029”", "«1029»");
    assert_row_error(
        &o.errors[2],
        5,
        Some("LIC_SEQN"),
        "a value is required",
        "falta el valor",
    );
    assert_eq!(env.store.counts().unwrap().licensees, 1);
}

#[test]
fn a_listing_without_a_licence_part_column_is_a_file_error() {
    let mut env = Env::new();
    let text =
        "LIC_REGN,LIC_DIST,LIC_CNTY,LIC_TYPE,LIC_XPRDTE,LICENSE_NAME\n5,74,029,01,5K,SMITH\n";
    let error = env.load_err(FileKind::Licensees, "listing.csv", text);
    match &error {
        FileError::MissingColumns { columns, .. } => assert_eq!(columns, &["LIC_SEQN"]),
        other => panic!("{other:?}"),
    }
    assert!(error
        .message(Lang::En)
        .contains("the required column “LIC_SEQN” is missing"));
    assert!(error
        .message(Lang::Es)
        .contains("falta la columna obligatoria «LIC_SEQN»"));
    assert_eq!(env.store.counts().unwrap().licensees, 0);
}

// ---------------------------------------------------------------------------------------------
// §2 Licensee status

#[test]
fn status_is_active_or_out_of_business_with_its_dates() {
    let mut env = Env::new();
    let o = env.load(
        FileKind::Status,
        "status.csv",
        "ffl_number,status,status_on,records_received_on\n\
         5-74-029-01-5K-01234,ACTIVE,2010-01-15,\n\
         986013076C00077,OUT_OF_BUSINESS,03/31/2012,2012-05-02\n\
         1-23-456-01-2B-00001,out_of_business,2011-11-30,\n",
    );
    assert_eq!((o.rows_read, o.counts.inserted), (3, 3));
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    let statuses = env.store.directory().unwrap().statuses;
    let active = &statuses[&ffl("5-74-029-01-5K-01234")];
    assert_eq!(active.status, BusinessStatus::Active);
    assert_eq!(active.status_on, Some(date(2010, 1, 15)));
    assert_eq!(active.records_received_on, None);
    let closed = &statuses[&ffl("9-86-013-07-6C-00077")];
    assert_eq!(closed.status, BusinessStatus::OutOfBusiness);
    assert_eq!(closed.status_on, Some(date(2012, 3, 31)));
    assert_eq!(closed.records_received_on, Some(date(2012, 5, 2)));
    let never_handed = &statuses[&ffl("1-23-456-01-2B-00001")];
    assert_eq!(never_handed.status, BusinessStatus::OutOfBusiness);
    assert_eq!(
        never_handed.records_received_on, None,
        "records never handed over"
    );
}

#[test]
fn the_latest_status_row_wins() {
    let mut env = Env::new();
    let o = env.load(
        FileKind::Status,
        "status.csv",
        "ffl_number,status,status_on,records_received_on\n\
         5-74-029-01-5K-01234,ACTIVE,2010-01-15,\n\
         5-74-029-01-5K-01234,OUT_OF_BUSINESS,2012-06-01,\n",
    );
    assert_eq!(
        (
            o.counts.inserted,
            o.counts.updated,
            o.counts.already_present
        ),
        (1, 1, 0)
    );
    let status =
        |env: &Env| env.store.directory().unwrap().statuses[&ffl("574029015K01234")].clone();
    assert_eq!(status(&env).status, BusinessStatus::OutOfBusiness);
    assert_eq!(status(&env).records_received_on, None);

    // A later file: the records were handed over.
    let later = "ffl_number,status,status_on,records_received_on\n\
                 5-74-029-01-5K-01234,OUT_OF_BUSINESS,2012-06-01,2012-08-20\n";
    let o = env.load(FileKind::Status, "status-2.csv", later);
    assert_eq!((o.counts.updated, o.counts.inserted), (1, 0));
    assert_eq!(status(&env).records_received_on, Some(date(2012, 8, 20)));
    // The same file again changes nothing.
    let o = env.load(FileKind::Status, "status-2.csv", later);
    assert_eq!((o.counts.already_present, o.counts.updated), (1, 0));
    assert_eq!(env.store.counts().unwrap().statuses, 1);
}

#[test]
fn a_bad_status_value_is_a_row_error() {
    let mut env = Env::new();
    let o = env.load(
        FileKind::Status,
        "status.csv",
        "ffl_number,status,status_on,records_received_on\n\
         5-74-029-01-5K-01234,ACTIVE,2010-01-15,\n\
         9-86-013-07-6C-00077,SUSPENDED,2012-03-31,\n\
         1-23-456-01-2B-00001,ACTIVE,2030-01-01,\n\
         1-23-456-01-2B-00002,ACTIVE,,\n",
    );
    assert_eq!((o.rows_read, o.counts.inserted), (4, 2));
    assert_row_error(
        &o.errors[0],
        3,
        Some("status"),
        "“SUSPENDED” is not valid: expected ACTIVE or OUT_OF_BUSINESS",
        "«SUSPENDED» no es válido: se espera ACTIVE u OUT_OF_BUSINESS",
    );
    assert_row_error(
        &o.errors[1],
        4,
        Some("status_on"),
        "is in the future",
        "está en el futuro",
    );
}

// ---------------------------------------------------------------------------------------------
// §3 Makers

const MAKERS_HEADER: &str = "maker_code,name,aliases,country,role,ffl_number\n";

#[test]
fn makers_aliases_role_and_country_are_read() {
    let mut env = Env::new();
    let o = env.load(
        FileKind::Makers,
        "makers.csv",
        format!(
            "{MAKERS_HEADER}\
             SW,Smith & Wesson,S&W; SMITH AND WESSON ;SMITH & WESSON CORP,US,MANUFACTURER,9-99-001-07-9Z-00001\n\
             GLK,Glock Ges.m.b.H.,GLOCK GMBH,AT,MANUFACTURER,\n\
             CAI,Century Arms International,CENTURY ARMS;CAI,US,IMPORTER,1-23-456-08-2B-00009\n\
             XX,No Role,,US,DISTRIBUTOR,\n"
        ),
    );
    assert_eq!((o.rows_read, o.counts.inserted), (4, 3));
    assert_row_error(
        &o.errors[0],
        5,
        Some("role"),
        "expected MANUFACTURER or IMPORTER",
        "se espera MANUFACTURER o IMPORTER",
    );
    let makers = env.store.makers().unwrap();
    let by_code = |code: &str| makers.iter().find(|m| m.code == code).unwrap();
    let sw = by_code("SW");
    assert_eq!(sw.name, "Smith & Wesson");
    assert_eq!(
        sw.aliases,
        ["S&W", "SMITH AND WESSON", "SMITH & WESSON CORP"]
    );
    assert_eq!(sw.role, MakerRole::Manufacturer);
    assert_eq!(sw.country, Some(Country::US));
    assert_eq!(sw.ffl, Some(ffl("9-99-001-07-9Z-00001")));
    let glock = by_code("GLK");
    assert_eq!(glock.country, Country::parse("AT"));
    assert_eq!(glock.ffl, None, "a foreign manufacturer has no US licence");
    let cai = by_code("CAI");
    assert_eq!(cai.role, MakerRole::Importer);
    assert_eq!(cai.aliases, ["CENTURY ARMS", "CAI"]);
}

#[test]
fn a_makers_file_overrides_and_extends_the_reference_table() {
    let mut env = Env::new();
    let reference = MakerTable::reference();
    assert!(reference.by_code("SW").is_some());
    assert!(reference.by_code("ZZARMS").is_none());
    env.load(
        FileKind::Makers,
        "makers.csv",
        format!(
            "{MAKERS_HEADER}\
             SW,Smith & Wesson Brands Inc,S&W;SMITH-WESSON;SMITH Y WESSON,US,MANUFACTURER,9-99-001-07-9Z-00001\n\
             ZZARMS,ZZ Arms Corp,ZZ ARMERIA;ZETA ZETA,RO,MANUFACTURER,\n"
        ),
    );
    let table = MakerTable::with_overrides(env.store.makers().unwrap());
    assert_eq!(
        table.by_code("SW").unwrap().name,
        "Smith & Wesson Brands Inc"
    );
    assert_eq!(table.resolve("SMITH Y WESSON").unwrap().code, "SW");
    let added = table.by_code("ZZARMS").unwrap();
    assert_eq!(added.country, Country::parse("RO"));
    assert_eq!(table.resolve("zeta zeta").unwrap().code, "ZZARMS");
    // The rest of the reference table is still there.
    assert_eq!(table.iter().count(), reference.iter().count() + 1);
}

#[test]
fn makers_are_keyed_by_maker_code() {
    let mut env = Env::new();
    let file = format!(
        "{MAKERS_HEADER}\
         SW,Smith & Wesson,S&W,US,MANUFACTURER,\n\
         GLK,Glock,,AT,MANUFACTURER,\n"
    );
    env.load(FileKind::Makers, "makers.csv", &file);
    let o = env.load(FileKind::Makers, "makers.csv", &file);
    assert_eq!((o.counts.already_present, o.counts.inserted), (2, 0));
    // The same code (in any case) with a new name replaces the maker.
    let o = env.load(
        FileKind::Makers,
        "makers-2.csv",
        format!("{MAKERS_HEADER}sw,Smith & Wesson Inc,S&W,US,MANUFACTURER,\n"),
    );
    assert_eq!((o.counts.updated, o.counts.inserted), (1, 0));
    let makers = env.store.makers().unwrap();
    assert_eq!(makers.len(), 2);
    assert_eq!(
        makers.iter().find(|m| m.code == "SW").unwrap().name,
        "Smith & Wesson Inc"
    );
}

// ---------------------------------------------------------------------------------------------
// §4 A&D records

const RECORDS_HEADER: [&str; 19] = [
    "ffl_number",
    "entry_ref",
    "manufacturer",
    "importer",
    "model",
    "serial",
    "type",
    "caliber",
    "acquired_on",
    "acquired_from_ffl",
    "acquired_from_name",
    "acquired_from_address",
    "disposed_on",
    "disposed_to_ffl",
    "disposed_to_name",
    "disposed_to_address",
    "purchaser_dob",
    "purchaser_id",
    "form_4473_ref",
];

const DEALER: &str = "5-74-029-01-5K-01234";
const MAKER_FFL: &str = "9-99-001-07-9Z-00001";

/// An A&D line with the given ffl, entry, maker, serial and acquisition date; other cells empty.
fn entry(ffl: &str, entry_ref: &str, maker: &str, serial: &str, acquired_on: &str) -> [String; 19] {
    let mut row: [String; 19] = Default::default();
    row[0] = ffl.into();
    row[1] = entry_ref.into();
    row[2] = maker.into();
    row[5] = serial.into();
    row[8] = acquired_on.into();
    row
}

fn book(rows: &[[String; 19]]) -> String {
    let mut text = line(',', &RECORDS_HEADER);
    for row in rows {
        let fields: Vec<&str> = row.iter().map(String::as_str).collect();
        text += &line(',', &fields);
    }
    text
}

#[test]
fn records_are_stored_whole_and_keyed_by_ffl_and_entry_ref() {
    let mut env = Env::new();
    let mut sold = entry(DEALER, "A-1", "Smith & Wesson", "DFK1234", "01/15/2012");
    sold[3] = "".into();
    sold[4] = "M&P 15".into();
    sold[6] = "RIFLE".into();
    sold[7] = "5.56X45".into();
    sold[9] = MAKER_FFL.into();
    sold[12] = "02/03/2012".into();
    sold[14] = "GARCIA, JUAN LUIS".into();
    sold[15] = "12 ELM ST, LAREDO TX 78040".into();
    sold[16] = "07/04/1980".into();
    sold[17] = "TX DL 12345678".into();
    sold[18] = "4473-0099".into();
    let in_stock = entry(DEALER, "A-2", "Glock", "BCXY123", "2012-01-20");
    // The same entry number in another licensee's book is another entry.
    let other_book = entry(MAKER_FFL, "A-1", "Smith & Wesson", "DFK1234", "2011-12-01");
    let file = book(&[sold, in_stock, other_book]);
    let o = env.load(FileKind::Records, "book.csv", &file);
    assert_eq!((o.rows_read, o.counts.inserted), (3, 3));
    assert!(o.errors.is_empty(), "{:?}", o.errors);

    let records = env.records("DFK1234");
    assert_eq!(records.len(), 2);
    let r = records.iter().find(|r| r.ffl == ffl(DEALER)).unwrap();
    assert_eq!(r.entry_ref.as_deref(), Some("A-1"));
    assert_eq!(r.manufacturer, "Smith & Wesson");
    assert_eq!(r.model.as_deref(), Some("M&P 15"));
    assert_eq!(r.firearm_type.as_deref(), Some("RIFLE"));
    assert_eq!(r.caliber.as_deref(), Some("5.56X45"));
    assert_eq!(r.acquired_on, date(2012, 1, 15));
    assert_eq!(r.acquired_from_ffl, Some(ffl(MAKER_FFL)));
    assert_eq!(r.disposed_on, Some(date(2012, 2, 3)));
    assert_eq!(r.disposed_to_name.as_deref(), Some("GARCIA, JUAN LUIS"));
    assert_eq!(
        r.disposed_to_address.as_deref(),
        Some("12 ELM ST, LAREDO TX 78040")
    );
    assert_eq!(r.purchaser_dob, Some(date(1980, 7, 4)));
    assert_eq!(r.purchaser_id.as_deref(), Some("TX DL 12345678"));
    assert_eq!(r.form_4473_ref.as_deref(), Some("4473-0099"));
    assert!(r.is_retail_sale());
    assert!(env.records("BCXY123")[0].is_in_stock());
    let holders = env.store.directory().unwrap().book_holders;
    assert!(holders.contains(&ffl(DEALER)) && holders.contains(&ffl(MAKER_FFL)));

    // Re-importing the file adds nothing; a changed cell under a known key adds nothing either.
    let o = env.load(FileKind::Records, "book.csv", &file);
    assert_eq!(o.counts.already_present, o.rows_read);
    assert_eq!((o.counts.inserted, o.counts.updated), (0, 0));
    let renumbered = entry(DEALER, "A-2", "Glock", "ZZZ999", "2012-01-20");
    let o = env.load(FileKind::Records, "book-2.csv", book(&[renumbered]));
    assert_eq!(o.counts.already_present, 1);
    assert_eq!(env.store.counts().unwrap().records, 3);
}

#[test]
fn records_without_entry_ref_are_keyed_by_ffl_maker_serial_and_date() {
    let mut env = Env::new();
    // The same firearm bought twice by the same licensee: two entries.
    let first = entry(DEALER, "", "S&W", "DFK1234", "2012-01-15");
    let again = entry(DEALER, "", "S&W", "DFK1234", "2013-05-02");
    let other_maker = entry(DEALER, "", "Colt", "DFK1234", "2012-01-15");
    let other_ffl = entry(MAKER_FFL, "", "S&W", "DFK1234", "2012-01-15");
    let file = book(&[first, again, other_maker, other_ffl]);
    let o = env.load(FileKind::Records, "book.csv", &file);
    assert_eq!(o.counts.inserted, 4);
    let o = env.load(FileKind::Records, "book.csv", &file);
    assert_eq!((o.counts.already_present, o.counts.inserted), (4, 0));
    // The key ignores the case of the serial and the punctuation of the maker.
    let same = entry(DEALER, "", "s & w", "dfk1234", "01/15/2012");
    let o = env.load(FileKind::Records, "book-2.csv", book(&[same]));
    assert_eq!((o.counts.already_present, o.counts.inserted), (1, 0));
    assert_eq!(env.store.counts().unwrap().records, 4);
}

#[test]
fn records_missing_required_columns_is_a_file_error() {
    let mut env = Env::new();
    let error = env.load_err(
        FileKind::Records,
        "book.csv",
        "ffl_number,entry_ref,manufacturer,model\n5-74-029-01-5K-01234,A-1,Glock,17\n",
    );
    match &error {
        FileError::MissingColumns { columns, .. } => {
            assert_eq!(columns, &["serial", "acquired_on"])
        }
        other => panic!("{other:?}"),
    }
    let (en, es) = (error.message(Lang::En), error.message(Lang::Es));
    assert!(
        en.ends_with("book.csv: the required columns “serial”, “acquired_on” are missing"),
        "{en}"
    );
    assert!(
        es.ends_with("book.csv: faltan las columnas obligatorias «serial», «acquired_on»"),
        "{es}"
    );
    assert_eq!(
        env.store.counts().unwrap().records,
        0,
        "nothing of the file is kept"
    );
}

#[test]
fn a_record_with_a_bad_ffl_or_a_future_date_is_rejected_and_its_neighbours_imported() {
    let mut env = Env::new();
    let rows = [
        entry(DEALER, "1", "Glock", "AAA001", "2012-01-01"),
        entry("5-74-029-01-5K-1234", "2", "Glock", "AAA002", "2012-01-01"),
        entry(DEALER, "3", "Glock", "AAA003", "2012-01-01"),
        entry(DEALER, "4", "Glock", "AAA004", "2031-01-01"),
        entry(DEALER, "5", "Glock", "AAA005", "2012-01-01"),
        entry(DEALER, "6", "", "AAA006", "2012-01-01"),
        entry(DEALER, "7", "Glock", "AAA007", "13/01/2012"),
        entry(DEALER, "8", "Glock", "AAA008", "2012-01-01"),
    ];
    let o = env.load(FileKind::Records, "book.csv", book(&rows));
    assert_eq!(o.rows_read, 8);
    assert_eq!(o.counts.inserted, 4);
    assert_eq!(o.errors.len(), 4);
    assert_row_error(
        &o.errors[0],
        3,
        Some("ffl_number"),
        "“5-74-029-01-5K-1234” is not valid: an FFL number has the shape 5-74-029-01-5K-01234",
        "«5-74-029-01-5K-1234» no es válido: un número FFL tiene la forma",
    );
    assert_row_error(
        &o.errors[1],
        5,
        Some("acquired_on"),
        "the date “2031-01-01” is in the future",
        "la fecha «2031-01-01» está en el futuro",
    );
    assert_row_error(
        &o.errors[2],
        7,
        Some("manufacturer"),
        "a value is required here",
        "falta el valor, que es obligatorio",
    );
    // English headers: 13/01/2012 is no month-first date, and is not swapped.
    assert_row_error(
        &o.errors[3],
        8,
        Some("acquired_on"),
        "the date “13/01/2012” is not valid (accepted: YYYY-MM-DD, MM/DD/YYYY)",
        "la fecha «13/01/2012» no es válida (se acepta: AAAA-MM-DD, MM/DD/AAAA)",
    );
    for serial in ["AAA001", "AAA003", "AAA005", "AAA008"] {
        assert_eq!(env.records(serial).len(), 1, "{serial}");
    }
    for serial in ["AAA002", "AAA004", "AAA006", "AAA007"] {
        assert!(env.records(serial).is_empty(), "{serial}");
    }
}

#[test]
fn records_are_found_by_the_l3_key_of_their_serial() {
    let mut env = Env::new();
    env.load(
        FileKind::Records,
        "book.csv",
        book(&[
            entry(DEALER, "1", "Colt", "SN-0010B", "2012-01-01"),
            entry(DEALER, "2", "Colt", "5N 001O8", "2012-02-01"),
            entry(DEALER, "3", "Colt", "SN-0010C", "2012-03-01"),
        ]),
    );
    // Separators, case and look-alike characters fold to one key: the first two are one bucket.
    let key = level_key("sn0010b", Level::Confusable);
    assert_eq!(key, level_key("5N 001O8", Level::Confusable));
    let found = env.records("sn0010b");
    let serials: Vec<&str> = found.iter().map(|r| r.serial.as_str()).collect();
    assert_eq!(
        serials,
        ["SN-0010B", "5N 001O8"],
        "serials are kept as written"
    );
    assert_eq!(env.records("SN-0010C").len(), 1);
}

// ---------------------------------------------------------------------------------------------
// §5 Trace requests

const REQUESTS_EN: &str =
    "request_ref,agency,officer,case_number,priority,urgent_justification,crime_code,\
requested_on,recovered_on,recovery_country,recovery_state,recovery_city,latitude,longitude,serial,\
obliterated,manufacturer,importer,model,caliber,type,country_of_origin,additional_markings,\
possessor_last,possessor_first,possessor_dob\n";

#[test]
fn english_requests_read_month_first_dates() {
    let mut env = Env::new();
    let o = env.load(
        FileKind::Requests,
        "requests.csv",
        format!(
            "\u{feff}{REQUESTS_EN}\
             R-1,tx0000000,Ofc. Lee,C-77,ROUTINE,,5212,03/15/2013,03/07/2013,US,tx,El Paso,31.7619,-106.485,ABC123,N,Glock,,19,9MM,PISTOL,Austria,\"NY1, LH\",DOE,JOHN,12/25/1990\n\
             R-2,TX0000000,,,,,,,2013-03-08,USA,Texas,,,,,YES,Colt,,,,REVOLVER,,,,,\n"
        ),
    );
    assert_eq!(o.encoding, Encoding::Utf8);
    assert_eq!(o.delimiter, b',');
    assert_eq!((o.rows_read, o.counts.inserted), (2, 2));
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    assert!(o.ignored_columns.is_empty(), "{:?}", o.ignored_columns);
    let requests = env.requests();
    let r = &requests[0];
    assert_eq!(r.request_ref, "R-1");
    assert_eq!(r.agency, "TX0000000");
    assert_eq!(r.officer.as_deref(), Some("Ofc. Lee"));
    assert_eq!(r.case_number.as_deref(), Some("C-77"));
    assert_eq!(r.priority, Priority::Routine);
    assert_eq!(r.crime_code.as_deref(), Some("5212"));
    assert_eq!(r.requested_on, date(2013, 3, 15));
    assert_eq!(
        r.recovered_on,
        date(2013, 3, 7),
        "MM/DD/YYYY in an English file"
    );
    assert_eq!(r.recovery_country, Some(Country::US));
    assert_eq!(r.recovery_state.as_deref(), Some("TX"));
    assert_eq!(r.recovery_city.as_deref(), Some("El Paso"));
    assert_eq!((r.latitude, r.longitude), (Some(31.7619), Some(-106.485)));
    assert_eq!(r.serial.as_deref(), Some("ABC123"));
    assert!(!r.obliterated);
    assert_eq!(r.manufacturer.as_deref(), Some("Glock"));
    assert_eq!(r.model.as_deref(), Some("19"));
    assert_eq!(r.firearm_type.as_deref(), Some("PISTOL"));
    assert_eq!(r.country_of_origin, Country::parse("AT"));
    assert_eq!(r.additional_markings.as_deref(), Some("NY1, LH"));
    assert_eq!(r.possessor_last.as_deref(), Some("DOE"));
    assert_eq!(r.possessor_first.as_deref(), Some("JOHN"));
    assert_eq!(r.possessor_dob, Some(date(1990, 12, 25)));
    let r = &requests[1];
    assert_eq!(
        r.recovery_state.as_deref(),
        Some("TX"),
        "a state name is read too"
    );
    assert!(r.obliterated);
    assert_eq!(r.serial, None);
    assert_eq!(r.firearm_type.as_deref(), Some("REVOLVER"));
}

/// A Spanish 3312.1(S) export from a Mexican agency: `;`, Windows-1252, day-first dates.
const SOLICITUDES: &str = "folio;dependencia;agente;carpeta_investigacion;prioridad;justificación;delito;\
fecha_solicitud;fecha_aseguramiento;pais;estado;municipio;latitud;longitud;numero_serie;borrado;marca;\
modelo;calibre;tipo;pais_origen;poseedor_apellido_paterno;poseedor_apellido_materno;poseedor_nombre;\
poseedor_fecha_nacimiento\r\n\
F-001;FGR;José Pérez;FED/MICH/0001/2013;RUTINARIA;;Portación de arma;15/03/2013;14/03/2013;México;Michoacán;Apatzingán;19,0886;-102,3511;ABC123;N;Glock;17;9 mm;PISTOLA;Austria;Gómez;Núñez;Raúl;02/11/1985\r\n\
F-002;fgr;;;URGENTE;Agresión a elementos;;01-04-2013;28-03-2013;MX;Nuevo León;Monterrey;;;;S;Colt;;.38 SUPER;REVÓLVER;Estados Unidos;;;;\r\n\
F-003;FGR;;;;;;;2013-03-30;MX;16;;;;X-45;SÍ;Ruger;;;FUSIL;;;;;\r\n";

#[test]
fn spanish_requests_in_windows_1252_are_decoded_and_reported() {
    let mut env = Env::new();
    let bytes = cp1252(SOLICITUDES);
    assert!(std::str::from_utf8(&bytes).is_err());
    assert!(
        bytes.contains(&0xE9) && bytes.contains(&0xF3),
        "é and ó as single bytes"
    );
    let path = env.file("solicitudes.csv", &bytes);
    let o = env.import_ok(FileKind::Requests, &path);
    assert_eq!(o.encoding, Encoding::Windows1252);
    assert_eq!(o.delimiter, b';');
    assert!(o
        .summary(Lang::Es, &path)
        .contains("leído como Windows-1252"));
    assert!(o.summary(Lang::En, &path).contains("read as Windows-1252"));
    assert_eq!((o.rows_read, o.counts.inserted), (3, 3));
    assert!(o.errors.is_empty(), "{:?}", o.errors);

    let requests = env.requests();
    let r = &requests[0];
    assert_eq!(
        (r.request_ref.as_str(), r.agency.as_str()),
        ("F-001", "FGR")
    );
    assert_eq!(r.officer.as_deref(), Some("José Pérez"));
    assert_eq!(r.crime_code.as_deref(), Some("Portación de arma"));
    assert_eq!(r.requested_on, date(2013, 3, 15));
    assert_eq!(
        r.recovered_on,
        date(2013, 3, 14),
        "DD/MM/YYYY in a Spanish file"
    );
    assert_eq!(r.recovery_country, Some(Country::MX));
    assert_eq!(r.recovery_state.as_deref(), Some("Michoacán"));
    assert_eq!(r.recovery_city.as_deref(), Some("Apatzingán"));
    assert_eq!((r.latitude, r.longitude), (Some(19.0886), Some(-102.3511)));
    assert_eq!(r.serial.as_deref(), Some("ABC123"));
    assert!(!r.obliterated, "N");
    assert_eq!(r.manufacturer.as_deref(), Some("Glock"));
    assert_eq!(r.firearm_type.as_deref(), Some("PISTOL"), "PISTOLA");
    assert_eq!(r.country_of_origin, Country::parse("AT"));
    assert_eq!(r.possessor_last.as_deref(), Some("Gómez"));
    assert_eq!(r.possessor_last_maternal.as_deref(), Some("Núñez"));
    assert_eq!(r.possessor_first.as_deref(), Some("Raúl"));
    assert_eq!(r.possessor_dob, Some(date(1985, 11, 2)));

    let r = &requests[1];
    assert_eq!(r.agency, "FGR");
    assert_eq!(r.priority, Priority::Urgent);
    assert_eq!(
        r.urgent_justification.as_deref(),
        Some("Agresión a elementos")
    );
    assert_eq!(r.requested_on, date(2013, 4, 1), "DD-MM-YYYY");
    assert_eq!(r.recovered_on, date(2013, 3, 28), "DD-MM-YYYY");
    assert_eq!(r.recovery_state.as_deref(), Some("Nuevo León"));
    assert!(r.obliterated, "S");
    assert_eq!(r.firearm_type.as_deref(), Some("REVOLVER"), "REVÓLVER");
    assert_eq!(r.country_of_origin, Some(Country::US));

    let r = &requests[2];
    assert_eq!(
        r.recovery_state.as_deref(),
        Some("Michoacán"),
        "INEGI number 16"
    );
    assert!(r.obliterated, "SÍ");
    assert_eq!(r.firearm_type.as_deref(), Some("RIFLE"), "FUSIL");
    assert_eq!(r.requested_on, today(), "empty fecha_solicitud");
}

#[test]
fn matricula_and_fabricante_are_other_names_of_numero_serie_and_marca() {
    let mut env = Env::new();
    env.load(
        FileKind::Requests,
        "solicitudes.csv",
        "folio;dependencia;fecha_aseguramiento;matricula;fabricante\nF-1;SSPC;01/02/2013;AB-778;Taurus\n",
    );
    let r = &env.requests()[0];
    assert_eq!(r.serial.as_deref(), Some("AB-778"));
    assert_eq!(r.manufacturer.as_deref(), Some("Taurus"));
    assert_eq!(r.recovered_on, date(2013, 2, 1));
}

#[test]
fn request_headers_ignore_case_accents_separators_and_connecting_words() {
    for (n, header) in [
        "Folio;Dependencia;Fecha de aseguramiento;Número de serie;Marca",
        "FOLIO;DEPENDENCIA;FECHA_ASEGURAMIENTO;NUMERO_SERIE;MARCA",
        " folio ; dependencia ; fecha-aseguramiento ; numero serie ; marca. ",
    ]
    .into_iter()
    .enumerate()
    {
        let mut env = Env::new();
        let o = env.load(
            FileKind::Requests,
            &format!("solicitudes-{n}.csv"),
            format!("{header}\nF-1;SSPC;05/02/2013;XYZ-1;Beretta\n"),
        );
        assert!(
            o.ignored_columns.is_empty(),
            "{header}: {:?}",
            o.ignored_columns
        );
        let r = &env.requests()[0];
        assert_eq!(r.serial.as_deref(), Some("XYZ-1"), "{header}");
        assert_eq!(r.manufacturer.as_deref(), Some("Beretta"), "{header}");
        assert_eq!(r.recovered_on, date(2013, 2, 5), "{header}");
    }
}

#[test]
fn an_urgent_request_needs_a_justification() {
    let mut env = Env::new();
    let o = env.load(
        FileKind::Requests,
        "solicitudes.csv",
        "folio;dependencia;prioridad;justificacion;fecha_aseguramiento\n\
         F-1;SSPC;URGENTE;;01/02/2013\n\
         F-2;SSPC;URGENTE;Secuestro en curso;01/02/2013\n\
         F-3;SSPC;;;01/02/2013\n\
         F-4;SSPC;RUTINARIA;;01/02/2013\n\
         F-5;SSPC;INMEDIATA;;01/02/2013\n",
    );
    assert_eq!((o.rows_read, o.counts.inserted), (5, 3));
    assert_row_error(
        &o.errors[0],
        2,
        Some("justificacion"),
        "an urgent request needs a justification",
        "una solicitud urgente requiere justificación",
    );
    assert_row_error(
        &o.errors[1],
        6,
        Some("prioridad"),
        "“INMEDIATA” is not valid",
        "«INMEDIATA» no es válido: se espera RUTINARIA o URGENTE",
    );
    let priorities: Vec<(String, Priority)> = env
        .requests()
        .into_iter()
        .map(|r| (r.request_ref, r.priority))
        .collect();
    assert_eq!(
        priorities,
        [
            ("F-2".to_string(), Priority::Urgent),
            ("F-3".to_string(), Priority::Routine),
            ("F-4".to_string(), Priority::Routine)
        ]
    );
}

#[test]
fn an_empty_requested_on_is_the_day_of_import() {
    let mut env = Env::new();
    env.load(
        FileKind::Requests,
        "requests.csv",
        "request_ref,agency,requested_on,recovered_on\nR-1,DEA,,2013-03-01\nR-2,DEA,03/05/2013,2013-03-01\n",
    );
    let requests = env.requests();
    assert_eq!(requests[0].requested_on, today());
    assert_eq!(requests[1].requested_on, date(2013, 3, 5));
}

#[test]
fn requests_are_keyed_by_agency_and_request_ref() {
    let mut env = Env::new();
    let file = "request_ref,agency,recovered_on\nR-1,DEA,2013-03-01\nR-2,DEA,2013-03-01\nR-1,ATF,2013-03-01\n";
    let o = env.load(FileKind::Requests, "requests.csv", file);
    assert_eq!(
        o.counts.inserted, 3,
        "R-1 of another agency is another request"
    );
    let o = env.load(FileKind::Requests, "requests.csv", file);
    assert_eq!((o.counts.already_present, o.counts.inserted), (3, 0));
    // A known key with other values is still the same request, not a new trace.
    let o = env.load(
        FileKind::Requests,
        "requests-2.csv",
        "request_ref,agency,recovered_on,serial\nR-1,dea,2013-03-02,ZZ9\nR-3,DEA,2013-03-02,ZZ9\n",
    );
    assert_eq!((o.counts.already_present, o.counts.inserted), (1, 1));
    let requests = env.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(
        requests[0].recovered_on,
        date(2013, 3, 1),
        "the first import is kept"
    );
}

#[test]
fn requests_missing_a_required_column_is_a_file_error() {
    let mut env = Env::new();
    let error = env.load_err(
        FileKind::Requests,
        "solicitudes.csv",
        "folio;dependencia;numero_serie;marca\nF-1;SSPC;ABC;Glock\n",
    );
    match &error {
        FileError::MissingColumns { columns, .. } => assert_eq!(columns, &["fecha_aseguramiento"]),
        other => panic!("{other:?}"),
    }
    let es = error.message(Lang::Es);
    assert!(
        es.ends_with("solicitudes.csv: falta la columna obligatoria «fecha_aseguramiento»"),
        "{es}"
    );
    let en = error.message(Lang::En);
    assert!(
        en.ends_with("the required column “fecha_aseguramiento” is missing"),
        "{en}"
    );
    assert_eq!(env.store.counts().unwrap().requests, 0);
}

#[test]
fn a_future_or_unreadable_date_in_a_request_is_a_row_error() {
    let mut env = Env::new();
    let o = env.load(
        FileKind::Requests,
        "solicitudes.csv",
        "folio;dependencia;fecha_aseguramiento;poseedor_fecha_nacimiento\n\
         F-1;SSPC;30/06/2024;\n\
         F-2;SSPC;01/07/2024;\n\
         F-3;SSPC;31/02/2013;\n\
         F-4;SSPC;;\n\
         F-5;SSPC;01/01/2013;01/01/2099\n",
    );
    assert_eq!(
        (o.rows_read, o.counts.inserted),
        (5, 1),
        "today itself is not the future"
    );
    assert_row_error(
        &o.errors[0],
        3,
        Some("fecha_aseguramiento"),
        "the date “01/07/2024” is in the future",
        "la fecha «01/07/2024» está en el futuro",
    );
    assert_row_error(
        &o.errors[1],
        4,
        Some("fecha_aseguramiento"),
        "the date “31/02/2013” is not valid",
        "la fecha «31/02/2013» no es válida (se acepta: AAAA-MM-DD, DD/MM/AAAA, DD-MM-AAAA)",
    );
    assert_row_error(
        &o.errors[2],
        5,
        Some("fecha_aseguramiento"),
        "a value is required here",
        "falta el valor, que es obligatorio",
    );
    assert_row_error(
        &o.errors[3],
        6,
        Some("poseedor_fecha_nacimiento"),
        "is in the future",
        "está en el futuro",
    );
}

#[test]
fn every_yes_no_word_is_read() {
    let words = [
        ("Y", true),
        ("N", false),
        ("YES", true),
        ("NO", false),
        ("S", true),
        ("SI", true),
        ("SÍ", true),
        ("sí", true),
        ("TRUE", true),
        ("FALSE", false),
        ("1", true),
        ("0", false),
        ("", false),
    ];
    let mut text = String::from("request_ref,agency,recovered_on,obliterated\n");
    for (i, (word, _)) in words.iter().enumerate() {
        text += &format!("R-{i},DEA,2013-03-01,{word}\n");
    }
    text += "R-X,DEA,2013-03-01,MAYBE\n";
    let mut env = Env::new();
    let o = env.load(FileKind::Requests, "requests.csv", text);
    assert_eq!(o.counts.inserted, words.len() as u64);
    let read: Vec<bool> = env.requests().iter().map(|r| r.obliterated).collect();
    let expected: Vec<bool> = words.iter().map(|(_, yes)| *yes).collect();
    assert_eq!(read, expected);
    assert_row_error(
        &o.errors[0],
        words.len() as u64 + 2,
        Some("obliterated"),
        "“MAYBE” is not yes or no",
        "«MAYBE» no es sí o no",
    );
}

#[test]
fn a_spanish_file_reads_day_first_where_month_first_would_differ() {
    let mut env = Env::new();
    env.load(
        FileKind::Requests,
        "solicitudes.csv",
        "folio,dependencia,fecha_solicitud,fecha_aseguramiento\nF-1,SSPC,04/06/2013,03/06/2013\n",
    );
    env.load(
        FileKind::Requests,
        "requests.csv",
        "request_ref,agency,requested_on,recovered_on\nR-1,DEA,04/06/2013,03/06/2013\n",
    );
    let requests = env.requests();
    assert_eq!(
        requests[0].recovered_on,
        date(2013, 6, 3),
        "3 June, not 6 March"
    );
    assert_eq!(requests[0].requested_on, date(2013, 6, 4));
    assert_eq!(
        requests[1].recovered_on,
        date(2013, 3, 6),
        "English: 6 March"
    );
    assert_eq!(requests[1].requested_on, date(2013, 4, 6));
}

#[test]
fn columns_not_in_the_format_are_reported_once_as_ignored() {
    let mut env = Env::new();
    let path = env.file(
        "solicitudes.csv",
        "folio;dependencia;fecha_aseguramiento;color;observaciones\n\
         F-1;SSPC;01/02/2013;negro;\n\
         F-2;SSPC;01/02/2013;gris;cacha rota\n",
    );
    let o = env.import_ok(FileKind::Requests, &path);
    assert_eq!(o.counts.inserted, 2);
    assert_eq!(o.ignored_columns, ["color", "observaciones"]);
    assert!(o
        .summary(Lang::Es, &path)
        .contains("columnas no importadas: color, observaciones"));
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn an_empty_file_is_a_file_error() {
    let mut env = Env::new();
    for (name, bytes) in [("empty.csv", &b""[..]), ("blank.csv", b"\r\n  \n\n")] {
        let error = env.load_err(FileKind::Requests, name, bytes);
        assert!(matches!(error, FileError::Empty { .. }), "{error:?}");
        assert!(error
            .message(Lang::En)
            .ends_with(&format!("{name} is empty")));
        assert!(error
            .message(Lang::Es)
            .ends_with(&format!("{name} está vacío")));
    }
}

#[test]
fn a_file_of_another_kind_is_a_wrong_kind_file_error() {
    let mut env = Env::new();
    let ad_book = book(&[entry(DEALER, "1", "Glock", "AAA001", "2012-01-01")]);
    let error = env.load_err(FileKind::Requests, "book.csv", &ad_book);
    assert!(matches!(error, FileError::WrongKind { .. }), "{error:?}");
    let es = error.message(Lang::Es);
    assert!(
        es.contains("book.csv no parece un archivo de solicitudes de rastreo"),
        "{es}"
    );
    assert!(es.contains("«ffl_number»"), "{es}");
    let en = error.message(Lang::En);
    assert!(
        en.contains("book.csv does not look like a file of trace requests"),
        "{en}"
    );

    // And the other way round, and a listing given as a makers file.
    let requests =
        "request_ref,agency,recovered_on,serial,manufacturer\nR-1,DEA,2013-03-01,A1,Colt\n";
    let error = env.load_err(FileKind::Records, "requests.csv", requests);
    assert!(matches!(error, FileError::WrongKind { .. }), "{error:?}");
    assert!(error
        .message(Lang::Es)
        .contains("no parece un archivo de registros de adquisición y disposición"));
    let error = env.load_err(
        FileKind::Makers,
        "listing.csv",
        listing(',', &[BORDER_GUNS]),
    );
    assert!(matches!(error, FileError::WrongKind { .. }), "{error:?}");
    assert_eq!(
        env.store.counts().unwrap(),
        Default::default(),
        "nothing imported"
    );
}

#[test]
fn an_unreadable_path_is_a_file_error() {
    let mut env = Env::new();
    let missing = env.dir.path().join("no-such-file.csv");
    let error = match env.import(FileKind::Requests, &missing) {
        Err(ImportError::File(error)) => error,
        other => panic!("{other:?}"),
    };
    assert!(matches!(error, FileError::Open { .. }), "{error:?}");
    let es = error.message(Lang::Es);
    assert!(es.starts_with("no se puede abrir "), "{es}");
    assert!(
        es.contains("no-such-file.csv") && es.ends_with("el archivo no existe"),
        "{es}"
    );
    assert!(error.message(Lang::En).starts_with("cannot open "));
    assert!(error.message(Lang::En).ends_with("the file does not exist"));

    let folder = env.dir.path().join("solicitudes");
    std::fs::create_dir(&folder).unwrap();
    let error = match env.import(FileKind::Requests, &folder) {
        Err(ImportError::File(error)) => error,
        other => panic!("{other:?}"),
    };
    assert!(
        error
            .message(Lang::Es)
            .ends_with("es una carpeta, no un archivo"),
        "{error:?}"
    );
    assert!(error
        .message(Lang::En)
        .ends_with("it is a folder, not a file"));
}

#[test]
fn bad_rows_in_the_middle_do_not_stop_the_import() {
    let mut env = Env::new();
    let mut text = String::from("request_ref,agency,recovered_on,obliterated,latitude\n");
    for i in 1..=10 {
        let row = match i {
            4 => "R-4,DEA,2013-02-30,N,\n".to_string(),
            5 => "R-5,DEA,2013-03-01,N,95.0\n".to_string(),
            6 => "R-6,DEA,2013-03-01,N,,extra,fields\n".to_string(),
            7 => "R-1,DEA,2013-03-01,N,\n".to_string(),
            _ => format!("R-{i},DEA,2013-03-01,N,19.4\n"),
        };
        text += &row;
    }
    let path = env.file("requests.csv", &text);
    let o = env.import_ok(FileKind::Requests, &path);
    assert_eq!(o.rows_read, 10);
    assert_eq!(o.counts.inserted, 6);
    assert_eq!(o.counts.already_present, 1, "R-1 twice in one file");
    assert_eq!(o.errors.len(), 3);
    let lines: Vec<u64> = o.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [5, 6, 7]);
    assert_row_error(
        &o.errors[1],
        6,
        Some("latitude"),
        "out of range",
        "fuera del rango",
    );
    assert_row_error(
        &o.errors[2],
        7,
        None,
        "the row has 7 fields but the header has 5",
        "la fila tiene 7 campos, pero el encabezado tiene 5",
    );
    let summary = o.summary(Lang::En, &path);
    assert_eq!(
        summary,
        "requests.csv: 10 rows read, 6 imported, 0 updated, 1 already present, 3 rejected"
    );
    assert!(o.summary(Lang::Es, &path).starts_with(
        "requests.csv: 10 filas leídas, 6 importadas, 0 actualizadas, 1 ya presentes, 3 rechazadas"
    ));

    // Importing it again: the good rows are already present, the bad ones rejected again.
    let o = env.import_ok(FileKind::Requests, &path);
    assert_eq!(
        (o.counts.already_present, o.counts.inserted, o.errors.len()),
        (7, 0, 3)
    );
    assert_eq!(env.store.counts().unwrap().requests, 6);
}

#[test]
fn the_spanish_error_report_names_file_line_column_and_reason() {
    let mut env = Env::new();
    let o = env.load(
        FileKind::Requests,
        "solicitudes.csv",
        "folio;dependencia;fecha_aseguramiento;borrado\n\
         F-1;SSPC;01/02/2013;S\n\
         F-2;SSPC;01/07/2024;N\n\
         F-3;SSPC;01/02/2013;QUIZÁ\n",
    );
    assert_eq!(o.errors.len(), 2);
    let report = env.dir.path().join("errores.csv");
    write_error_report(&report, &o.errors, Lang::Es).unwrap();
    let mut reader = csv::Reader::from_path(&report).unwrap();
    assert_eq!(
        reader.headers().unwrap(),
        vec!["file", "line", "column", "reason"]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let file = env.dir.path().join("solicitudes.csv").display().to_string();
    assert_eq!(
        rows[0],
        [
            file.as_str(),
            "3",
            "fecha_aseguramiento",
            "la fecha «01/07/2024» está en el futuro"
        ]
    );
    assert_eq!(rows[1][..3], [file.as_str(), "4", "borrado"]);
    assert!(
        rows[1][3].starts_with("«QUIZÁ» no es sí o no"),
        "{}",
        rows[1][3]
    );
    assert_eq!(rows.len(), 2);
}

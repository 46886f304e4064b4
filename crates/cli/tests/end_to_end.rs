//! End-to-end tests: they drive the real `rastro` binary on small synthetic worlds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_rastro");

/// Runs `rastro` with a data folder and arguments; returns its output.
fn rastro(data: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data")
        .arg(data)
        .arg("--progress")
        .arg("none")
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .output()
        .expect("the binary runs")
}

fn ok(output: Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "rastro failed:\n{stdout}\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stdout
}

fn synth(dir: &Path, requests: usize, ad_rows: Option<usize>) -> PathBuf {
    let world = dir.join("world");
    let mut args = vec![
        "synth".to_string(),
        "--out".into(),
        world.display().to_string(),
        "--seed".into(),
        "11".into(),
        "--requests".into(),
        requests.to_string(),
    ];
    if let Some(rows) = ad_rows {
        args.extend(["--ad-rows".to_string(), rows.to_string()]);
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(rastro(&dir.join("unused"), &refs));
    world
}

const WORLD_FILES: [(&str, &str); 6] = [
    ("licensees", "ffl-listing.txt"),
    ("status", "licensee-status.csv"),
    ("makers", "makers.csv"),
    ("records", "ad-records.csv"),
    ("requests", "requests-en.csv"),
    ("requests", "solicitudes-es.csv"),
];

fn import_world(data: &Path, world: &Path) -> Vec<String> {
    WORLD_FILES
        .iter()
        .map(|(kind, name)| {
            let file = world.join(name);
            ok(rastro(data, &["import", kind, file.to_str().unwrap()]))
        })
        .collect()
}

fn export(data: &Path, path: &Path) {
    ok(rastro(
        data,
        &[
            "export",
            "results",
            "--format",
            "jsonl",
            "--out",
            path.to_str().unwrap(),
        ],
    ));
}

fn results_with_outcome(path: &Path, outcome: &str) -> usize {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| line.contains(&format!("\"outcome\":\"{outcome}\"")))
        .count()
}

#[test]
fn a_small_world_is_traced_as_its_ground_truth_says() {
    let dir = tempfile::tempdir().unwrap();
    let world = synth(dir.path(), 3000, None);
    let data = dir.path().join("data");
    let summaries = import_world(&data, &world);
    assert!(summaries[5].contains("Windows-1252"), "{}", summaries[5]);
    ok(rastro(&data, &["trace"]));
    let results = dir.path().join("results.jsonl");
    export(&data, &results);

    let evaluation =
        rastro_synth::evaluate::evaluate_files(&world.join("truth.jsonl"), &results).unwrap();
    println!("{}", evaluation.render(false));
    assert_eq!(evaluation.missing, 0, "every valid request has a result");
    assert_eq!(evaluation.not_rejected, 0, "bad rows are not traced");
    assert_eq!(evaluation.wrong_purchasers, 0, "never a wrong purchaser");
    assert!(
        evaluation.agreement() >= 0.995,
        "agreement {}",
        evaluation.agreement()
    );
    assert!(evaluation.right_purchasers > 1000);
}

#[test]
fn pending_traces_resume_once_the_licensee_books_arrive() {
    let dir = tempfile::tempdir().unwrap();
    let world = synth(dir.path(), 2000, None);
    let data = dir.path().join("data");
    import_world(&data, &world);
    ok(rastro(&data, &["trace"]));
    let before = dir.path().join("before.jsonl");
    export(&data, &before);
    let pending = results_with_outcome(&before, "PENDING_LICENSEE");
    assert!(pending > 0, "the world has traces waiting for a licensee");

    let late = world.join("ad-records-pending.csv");
    ok(rastro(
        &data,
        &["import", "records", late.to_str().unwrap()],
    ));
    let rerun = ok(rastro(&data, &["trace"]));
    assert!(rerun.contains(&format!("Traced: {pending} ")), "{rerun}");
    let after = dir.path().join("after.jsonl");
    export(&data, &after);
    assert_eq!(results_with_outcome(&after, "PENDING_LICENSEE"), 0);
    assert!(
        results_with_outcome(&after, "COMPLETED_PURCHASER")
            > results_with_outcome(&before, "COMPLETED_PURCHASER")
    );
}

#[test]
fn importing_a_file_again_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let world = synth(dir.path(), 500, None);
    let data = dir.path().join("data");
    import_world(&data, &world);
    for (kind, name) in WORLD_FILES {
        let file = world.join(name);
        let again = ok(rastro(&data, &["import", kind, file.to_str().unwrap()]));
        assert!(again.contains(", 0 imported, 0 updated,"), "{again}");
    }
}

#[test]
fn a_killed_import_leaves_the_store_as_before_and_a_rerun_finishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let world = synth(dir.path(), 2000, Some(200_000));
    let data = dir.path().join("data");
    let records = world.join("ad-records.csv");
    let total = std::fs::metadata(&records).unwrap().len();

    let mut child = Command::new(BIN)
        .args(["--data", data.to_str().unwrap(), "--progress", "lines"])
        .args(["import", "records", records.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Kill it at the first sign that it has read a tenth of the file, well before it commits.
    let stderr = child.stderr.take().unwrap();
    use std::io::BufRead;
    for line in std::io::BufReader::new(stderr).lines() {
        let line = line.unwrap();
        let read: u64 = line
            .strip_prefix("progress ")
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if read > total / 10 {
            break;
        }
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the import was killed before it finished"
    );

    let count = |data: &Path| {
        use rastro_store::Store;
        rastro_store::SqliteStore::open(data)
            .unwrap()
            .counts()
            .unwrap()
            .records
    };
    assert_eq!(count(&data), 0, "a killed import keeps nothing");
    let rerun = ok(rastro(
        &data,
        &["import", "records", records.to_str().unwrap()],
    ));
    let rows = count(&data);
    assert!(rows >= 190_000, "{rerun}");
    assert!(rerun.contains(&format!("{rows} imported")), "{rerun}");
    let again = ok(rastro(
        &data,
        &["import", "records", records.to_str().unwrap()],
    ));
    assert!(
        again.contains(&format!("{rows} already present")),
        "{again}"
    );
}

#[test]
fn bad_input_gets_a_clear_message_and_a_failing_exit() {
    let dir = tempfile::tempdir().unwrap();
    let world = synth(dir.path(), 200, None);
    let data = dir.path().join("data");

    let wrong_kind = rastro(
        &data,
        &[
            "--lang",
            "es",
            "import",
            "requests",
            world.join("ad-records.csv").to_str().unwrap(),
        ],
    );
    assert!(!wrong_kind.status.success());
    let message = String::from_utf8_lossy(&wrong_kind.stderr);
    assert!(message.contains("solicitudes de rastreo"), "{message}");
    assert!(!message.contains("panicked"));

    let missing = rastro(
        &data,
        &[
            "import",
            "records",
            dir.path().join("nope.csv").to_str().unwrap(),
        ],
    );
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope.csv"));

    let garbage = dir.path().join("garbage.csv");
    std::fs::write(&garbage, [0xffu8, 0x00, 0xfe, b'\n', b'"', b'x']).unwrap();
    let garbled = rastro(&data, &["import", "licensees", garbage.to_str().unwrap()]);
    assert!(!garbled.status.success());
    assert!(!String::from_utf8_lossy(&garbled.stderr).contains("panicked"));
}

#[test]
fn reading_a_folder_without_a_store_says_so_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mistyped = dir.path().join("rastro-dat");
    for command in [
        &["trace"][..],
        &["report"],
        &["export", "results", "--format", "jsonl"],
        &["serial", "search", "LE0I4388"],
    ] {
        let refused = rastro(&mistyped, command);
        assert!(!refused.status.success(), "{command:?}");
        let message = String::from_utf8_lossy(&refused.stderr);
        assert!(
            message.contains("there is no rastro store in") && message.contains("rastro-dat"),
            "{command:?}: {message}"
        );
        assert!(!mistyped.exists(), "{command:?} left a folder behind");
    }
    let rechazo = rastro(&mistyped, &["--lang", "es", "report"]);
    let mensaje = String::from_utf8_lossy(&rechazo.stderr);
    assert!(
        mensaje.contains("no hay un almacén de rastro en"),
        "{mensaje}"
    );
}

#[test]
fn the_demo_prints_the_origin_table_and_writes_a_spanish_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let printed = ok(rastro(
        &dir.path().join("unused"),
        &[
            "--lang",
            "es",
            "demo",
            "--requests",
            "1500",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert!(printed.contains("2009"), "{printed}");
    assert!(printed.contains("Tercer país"), "{printed}");
    let html = std::fs::read_to_string(out.join("informe.html")).unwrap();
    assert!(html.contains("<html lang=\"es\""));
    assert!(html.contains("<svg"));
    assert!(
        !html.contains("<script"),
        "the report is self-contained and runs no script"
    );
}

/// The number of requests a demo's output says it traced.
fn traced_count(printed: &str) -> usize {
    printed
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_suffix(")")?
                .split_once(" requests traced")
        })
        .and_then(|(count, _)| count.parse().ok())
        .unwrap_or_else(|| panic!("no traced count in {printed}"))
}

#[test]
fn the_demo_starts_afresh_over_an_earlier_run_and_spares_other_folders() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let demo = |requests: &str| {
        let out = out.to_str().unwrap();
        rastro(
            &dir.path().join("unused"),
            &["demo", "--requests", requests, "--out", out],
        )
    };
    let first = traced_count(&ok(demo("300")));
    assert!(first > 250, "{first}");
    assert_eq!(
        traced_count(&ok(demo("300"))),
        first,
        "a second run traces its world again, not only what the first left"
    );
    // A store left by another version of rastro, and a smaller world this time.
    std::fs::write(
        out.join("data").join("rastro.db"),
        b"not a store of this version",
    )
    .unwrap();
    let smaller = traced_count(&ok(demo("200")));
    assert!((150..=200).contains(&smaller), "{smaller}");

    let elsewhere = dir.path().join("papers");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("notes.txt"), "keep me").unwrap();
    let refused = rastro(
        &dir.path().join("unused"),
        &[
            "demo",
            "--requests",
            "200",
            "--out",
            elsewhere.to_str().unwrap(),
        ],
    );
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("holds files the demo did not write") && message.contains("notes.txt"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(elsewhere.join("notes.txt")).unwrap(),
        "keep me"
    );
}
#[test]
fn results_export_in_both_layouts_and_traces_rerun_on_demand() {
    let dir = tempfile::tempdir().unwrap();
    let world = synth(dir.path(), 400, None);
    let data = dir.path().join("data");
    import_world(&data, &world);
    let first = ok(rastro(&data, &["trace"]));
    let again = ok(rastro(&data, &["trace"]));
    assert!(
        !again.contains("COMPLETED_PURCHASER"),
        "nothing new to trace: {again}"
    );
    let all = ok(rastro(&data, &["trace", "--all"]));
    let traced = |text: &str| -> String {
        text.lines()
            .next()
            .unwrap_or_default()
            .split(" (")
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        traced(&first),
        traced(&all),
        "--all traces every request again"
    );

    let jsonl = dir.path().join("results.jsonl");
    export(&data, &jsonl);
    let first_line: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&jsonl)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    for field in [
        "request_ref",
        "agency",
        "trace_id",
        "outcome",
        "reason",
        "origin",
        "maker",
        "serial_submitted",
        "serial_matched",
        "corrections",
        "chain",
        "retail_ffl",
        "retail_state",
        "sale_date",
        "purchaser",
        "ttc_days",
        "lag_days",
        "candidates",
        "duplicate_of",
    ] {
        assert!(
            first_line.get(field).is_some(),
            "formats.md §6 field {field} is written"
        );
    }

    let csv_path = dir.path().join("results.csv");
    ok(rastro(
        &data,
        &[
            "export",
            "results",
            "--format",
            "csv",
            "--out",
            csv_path.to_str().unwrap(),
        ],
    ));
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with("request_ref,agency,trace_id,outcome,reason,origin"));
    assert!(header.contains("purchaser_name,purchaser_address,purchaser_dob"));
    let completed = csv
        .lines()
        .find(|line| line.contains("COMPLETED_PURCHASER"))
        .unwrap();
    assert!(
        completed.contains('>'),
        "the chain is flattened as ffl>ffl: {completed}"
    );
}

#[test]
fn serial_search_finds_the_firearm_behind_a_misread_serial() {
    let dir = tempfile::tempdir().unwrap();
    let world = synth(dir.path(), 300, None);
    let data = dir.path().join("data");
    import_world(&data, &world);
    let books = std::fs::read_to_string(world.join("ad-records.csv")).unwrap();
    let row: Vec<&str> = books.lines().nth(1).unwrap().split(',').collect();
    let (maker, serial) = (row[2], row[5]);
    // One character misread, one unreadable.
    let mut misread: Vec<char> = serial.chars().collect();
    let last = misread.len() - 1;
    misread[last] = if misread[last] == 'X' { 'Y' } else { 'X' };
    let misread: String = misread.into_iter().collect();
    let found = ok(rastro(
        &data,
        &["serial", "search", &misread, "--maker", maker, "--json"],
    ));
    let first: serde_json::Value = serde_json::from_str(found.lines().next().unwrap()).unwrap();
    assert_eq!(first["serial"], serial);
    assert_eq!(first["edits"], 1);
    // What the record says the firearm is, for the analyst to tell candidates apart.
    let model = row[4];
    if !model.is_empty() {
        assert_eq!(first["model"], model, "{found}");
    }
    assert_eq!(
        found
            .lines()
            .filter(|l| l.contains(&format!("\"serial\":\"{serial}\"")))
            .count(),
        1,
        "one line per firearm"
    );
    assert!(
        !found.contains("purchaser"),
        "a serial search never shows a purchaser"
    );
    // Why it was found: the character counted in the serial as written, in the user's words.
    let position = serial.chars().count();
    let (read, recorded) = (
        misread.chars().last().unwrap(),
        serial.chars().last().unwrap(),
    );
    assert_eq!(
        first["explanation"][0],
        format!("character {position}: {read} read, {recorded} recorded")
    );
    let spanish = ok(rastro(
        &data,
        &[
            "--lang", "es", "serial", "search", &misread, "--maker", maker,
        ],
    ));
    assert!(
        spanish.contains(&format!(
            "carácter {position}: se leyó {read}, consta {recorded}"
        )),
        "{spanish}"
    );
    assert!(spanish.contains("1 cambio "), "{spanish}");
    // A maker nobody knows is said to be unknown, not searched in vain.
    let typo = rastro(&data, &["serial", "search", &misread, "--maker", "Cotl"]);
    assert!(!typo.status.success());
    let message = String::from_utf8_lossy(&typo.stderr);
    assert!(
        message.contains("no maker or record goes by «Cotl» (did you mean Colt"),
        "{message}"
    );

    // The caliber filter keeps compatible calibers and drops contradicting ones.
    let caliber = row[7];
    if !caliber.is_empty() {
        let same = ok(rastro(
            &data,
            &[
                "serial",
                "search",
                &misread,
                "--maker",
                maker,
                "--caliber",
                caliber,
                "--json",
            ],
        ));
        assert!(same.contains(&format!("\"serial\":\"{serial}\"")), "{same}");
        let other = if caliber.contains("12") {
            ".22 LR"
        } else {
            "12 GA"
        };
        let contradicting = ok(rastro(
            &data,
            &[
                "serial",
                "search",
                &misread,
                "--maker",
                maker,
                "--caliber",
                other,
                "--json",
            ],
        ));
        assert!(
            !contradicting.contains(&format!("\"serial\":\"{serial}\"")),
            "{contradicting}"
        );
        let args = [
            "serial",
            "search",
            serial,
            "--max-edits",
            "0",
            "--caliber",
            other,
        ];
        let hint = ok(rastro(&data, &args));
        assert!(
            hint.starts_with(
                "No candidates of this caliber; 1 of others (search without \
                 --caliber to see them)."
            ),
            "{hint}"
        );
    }

    // Nothing found where something wider would be: the user is told how to widen.
    let other_maker = if maker.to_lowercase().contains("glock") {
        "Colt"
    } else {
        "Glock"
    };
    let args = ["serial", "search", serial, "--maker", other_maker];
    let hint = ok(rastro(&data, &[&args[..], &["--max-edits", "0"]].concat()));
    assert!(
        hint.starts_with("No candidates for this maker; 1 under other makers"),
        "{hint}"
    );
    let args = [
        "--lang", "es", "serial", "search", &misread, "--maker", maker,
    ];
    let pista = ok(rastro(&data, &[&args[..], &["--max-edits", "0"]].concat()));
    assert!(
        pista.starts_with("Sin candidatos a 0 cambios; hay 1 a 1 cambio (--max-edits 1)."),
        "{pista}"
    );

    let pattern = format!("{}?{}", &serial[..2], &serial[3..]);
    let by_pattern = ok(rastro(&data, &["serial", "search", &pattern, "--json"]));
    assert!(
        by_pattern.contains(&format!("\"serial\":\"{serial}\"")),
        "{by_pattern}"
    );
    let table = ok(rastro(&data, &["serial", "search", &pattern]));
    let line = table.lines().find(|l| l.contains(serial)).unwrap();
    assert!(line.contains("1 unreadable"), "{table}");

    let too_short = rastro(&data, &["serial", "search", "A?*", "--json"]);
    assert!(!too_short.status.success());
    let message = String::from_utf8_lossy(&too_short.stderr);
    assert!(message.contains("at least 4 are needed"), "{message}");
    assert!(!message.contains("panicked"));
    let corto = rastro(&data, &["--lang", "es", "serial", "search", "A?*"]);
    assert!(!corto.status.success());
    let mensaje = String::from_utf8_lossy(&corto.stderr);
    assert!(mensaje.contains("se necesitan al menos 4"), "{mensaje}");
    let args = [
        "--lang",
        "es",
        "serial",
        "search",
        serial,
        "--max-edits",
        "3",
    ];
    let lejos = rastro(&data, &args);
    assert!(!lejos.status.success());
    let mensaje = String::from_utf8_lossy(&lejos.stderr);
    assert!(
        mensaje.contains("se pidieron 3 cambios; el máximo es 2"),
        "{mensaje}"
    );
}

#[test]
fn with_candidates_near_and_partly_readable_serials_go_to_an_analyst() {
    let dir = tempfile::tempdir().unwrap();
    let world = synth(dir.path(), 3000, None);
    let data = dir.path().join("data");
    import_world(&data, &world);
    ok(rastro(&data, &["trace", "--candidates"]));
    let results = dir.path().join("results.jsonl");
    export(&data, &results);
    let evaluation =
        rastro_synth::evaluate::evaluate_files_with(&world.join("truth.jsonl"), &results, true)
            .unwrap();
    println!("{}", evaluation.render(false));
    assert!(
        evaluation.agreement() >= 0.995,
        "agreement {}",
        evaluation.agreement()
    );
    assert_eq!(evaluation.wrong_purchasers, 0);
    assert!(
        evaluation.true_firearm_listed > 50,
        "the world has near and partial serials"
    );
    assert_eq!(
        evaluation.true_firearm_missed, 0,
        "the true firearm is always a candidate"
    );
}

/// Runs `rastro` and returns its standard error, checking it succeeded.
fn ok_err(output: Output) -> (String, String) {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (ok(output), stderr)
}

#[test]
fn the_saved_serial_index_follows_imports_and_survives_damage() {
    let dir = tempfile::tempdir().unwrap();
    let world = synth(dir.path(), 300, None);
    let data = dir.path().join("data");
    let imported = import_world(&data, &world);
    assert!(data.join("serials.idx").exists(), "{imported:?}");
    let books = std::fs::read_to_string(world.join("ad-records.csv")).unwrap();
    let (header, first) = (books.lines().next().unwrap(), books.lines().nth(1).unwrap());
    let serial = first.split(',').nth(5).unwrap();
    let (found, notice) = ok_err(rastro(&data, &["serial", "search", serial, "--json"]));
    assert!(
        found.contains(&format!("\"serial\":\"{serial}\"")),
        "{found}"
    );
    assert!(
        !notice.contains("Serial index"),
        "loaded, not built: {notice}"
    );

    // More books: one entry with a serial the store has not seen.
    let new_row = first
        .replacen(serial, "QZX90817", 1)
        .replacen(",1,", ",99001,", 1);
    let more = dir.path().join("more-records.csv");
    std::fs::write(&more, format!("{header}\n{new_row}\n")).unwrap();
    let (_, notice) = ok_err(rastro(
        &data,
        &["import", "records", more.to_str().unwrap()],
    ));
    assert!(
        notice.contains("Serial index extended by 1 new record ("),
        "{notice}"
    );
    assert!(data.join("serials.delta.idx").exists());
    let (found, notice) = ok_err(rastro(&data, &["serial", "search", "QZX9O818", "--json"]));
    assert!(found.contains("\"serial\":\"QZX90817\""), "{found}");
    assert!(
        !notice.contains("Serial index"),
        "no rebuild at start: {notice}"
    );

    // A damaged index is rebuilt with a notice, and the search still answers.
    std::fs::write(data.join("serials.idx"), b"not an index").unwrap();
    let (found, notice) = ok_err(rastro(&data, &["serial", "search", "QZX90817", "--json"]));
    assert!(found.contains("\"serial\":\"QZX90817\""), "{found}");
    assert!(
        notice.contains("the saved one could not be used (damaged: "),
        "{notice}"
    );
    assert_eq!(notice.lines().count(), 1, "one notice line: {notice}");
    // In Spanish, all of it.
    std::fs::write(data.join("serials.idx"), b"not an index").unwrap();
    let args = ["--lang", "es", "serial", "search", "QZX90817", "--json"];
    let (_, aviso) = ok_err(rastro(&data, &args));
    assert!(
        aviso.contains("el guardado no se pudo usar (está dañado)"),
        "{aviso}"
    );
    ok(rastro(&data, &["trace", "--candidates"]));
}

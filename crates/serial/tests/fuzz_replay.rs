//! The fuzz targets' bodies (`fuzz/src/lib.rs`) replayed under plain `cargo test`, so CI runs
//! them without cargo-fuzz: every file of the committed seed corpus `fuzz/seeds/<target>/`,
//! and, when `RASTRO_FUZZ_CORPUS` names a folder, every file of `<folder>/<target>/` too
//! (`RASTRO_FUZZ_CORPUS=crates/serial/fuzz/corpus` replays a whole local fuzzing corpus).

#[path = "../fuzz/src/lib.rs"]
mod bodies;

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = read
        .map(|e| e.expect("a readable corpus folder").path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

fn replay(target: &str, body: fn(&[u8])) {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut inputs = files(&seeds.join(target));
    assert!(
        !inputs.is_empty(),
        "no seed for {target} in {}",
        seeds.display()
    );
    if let Some(extra) = std::env::var_os("RASTRO_FUZZ_CORPUS") {
        inputs.extend(files(&Path::new(&extra).join(target)));
    }
    for path in inputs {
        let data = fs::read(&path).expect("a readable input");
        // Name the input that fails: the body's own message says what went wrong.
        if catch_unwind(AssertUnwindSafe(|| body(&data))).is_err() {
            panic!("{target}: {} fails", path.display());
        }
    }
}

#[test]
fn levels_seeds() {
    replay("levels", bodies::levels);
}

#[test]
fn query_seeds() {
    replay("query", bodies::query);
}

#[test]
fn build_search_seeds() {
    replay("build_search", bodies::build_search);
}

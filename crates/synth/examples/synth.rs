//! Generates a world: `cargo run --release -p rastro-synth --example synth -- OUT_DIR [REQUESTS]
//! [AD_ROWS] [SEED]`. Prints the summary as JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use rastro_synth::{generate, SynthConfig};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first().map(PathBuf::from) else {
        eprintln!("usage: synth OUT_DIR [REQUESTS] [AD_ROWS] [SEED]");
        return ExitCode::FAILURE;
    };
    let mut config = SynthConfig::default();
    let number = |i: usize| args.get(i).and_then(|s| s.parse::<u64>().ok());
    if let Some(n) = number(1) {
        config.requests = n as usize;
    }
    config.ad_rows = number(2).map(|n| n as usize);
    if let Some(s) = number(3) {
        config.seed = s;
    }
    let started = std::time::Instant::now();
    let mut last = 0;
    let result = generate(&config, &out, &mut |rows| {
        if rows >= last + 1_000_000 {
            eprintln!("{rows} rows, {:.1} s", started.elapsed().as_secs_f64());
            last = rows;
        }
    });
    match result {
        Ok(summary) => {
            eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
            println!(
                "{}",
                serde_json::to_string_pretty(&summary).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

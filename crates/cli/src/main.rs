//! `rastro`: the command line. A thin layer: it parses arguments, opens the store and calls the
//! library crates; all the work is theirs.

mod commands;
mod demo;
mod i18n;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use i18n::Lang;
use std::path::PathBuf;

/// Imports move millions of small strings from the reading thread to the writing one; glibc's
/// allocator spends a third of that time on arena locks, mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Trace firearms recovered in crime back through the US distribution chain.
#[derive(Debug, Parser)]
#[command(name = "rastro", version, about)]
struct Cli {
    /// Data folder holding the embedded store.
    #[arg(
        long,
        global = true,
        env = "RASTRO_DATA",
        default_value = "./rastro-data"
    )]
    data: PathBuf,
    /// Language of messages and reports (default: from the locale).
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    /// How to show progress on large files: a bar on a terminal, `lines` for scripts.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    progress: commands::ProgressMode,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Es,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import an input file (formats.md).
    Import {
        #[arg(value_enum)]
        kind: commands::ImportKind,
        file: PathBuf,
        /// Where to write the rejected rows (default: beside the file, `<file>.errors.csv`).
        #[arg(long)]
        errors: Option<PathBuf>,
    },
    /// Trace new requests and those waiting for a licensee's records.
    Trace {
        /// Trace every request again.
        #[arg(long)]
        all: bool,
        /// Also look for near and partly readable serials: candidates for an analyst.
        #[arg(long)]
        candidates: bool,
    },
    /// Write the report: origin, outcomes, source states, types, calibers, makers, time to crime.
    Report {
        #[arg(long, value_enum, default_value = "text")]
        format: commands::ReportFormat,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Export data.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Generate a synthetic world (for tests, evaluation and the demo).
    Synth {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 2014)]
        seed: u64,
        #[arg(long, default_value_t = 105_000)]
        requests: usize,
        /// Total A&D rows (default: about ten per request).
        #[arg(long)]
        ad_rows: Option<usize>,
    },
    /// Generate a 2009–2014-like world, import it, trace it and report it.
    Demo {
        /// Folder for the generated files and the report.
        #[arg(long, default_value = "./rastro-demo")]
        out: PathBuf,
        #[arg(long, default_value_t = 105_000)]
        requests: usize,
        #[arg(long, default_value_t = 2014)]
        seed: u64,
    },
    /// Compare exported results with a synthetic world's ground truth (evaluation only).
    Evaluate {
        /// `truth.jsonl` written by `rastro synth`.
        #[arg(long)]
        truth: PathBuf,
        /// Results exported with `rastro export results --format jsonl`.
        #[arg(long)]
        results: PathBuf,
        /// The results were traced with `--candidates` (looser matching).
        #[arg(long)]
        candidates: bool,
    },
    /// Benchmarks: import and trace speed on a synthetic world.
    Bench(commands::BenchArgs),
    /// Serial numbers: find the firearm behind a misread, partial or ground-off serial.
    Serial {
        #[command(subcommand)]
        what: SerialWhat,
    },
}

#[derive(Debug, Subcommand)]
enum SerialWhat {
    /// Ranked candidates for a serial (`?` one unreadable character, `*` an unreadable run).
    Search(commands::SerialSearchArgs),
}

#[derive(Debug, Subcommand)]
enum ExportWhat {
    /// The trace results (formats.md §6).
    Results {
        #[arg(long, value_enum, default_value = "jsonl")]
        format: commands::ResultsFormat,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Es) => Lang::Es,
        None => Lang::from_env(),
    };
    match run(cli, lang) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}: {}", i18n::error_word(lang), one_line(&error));
            std::process::ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, each said once: a library error whose message already
/// ends in its cause's text is not followed by that text again.
fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

fn run(cli: Cli, lang: Lang) -> Result<()> {
    let data = cli.data;
    commands::set_progress_mode(cli.progress);
    match cli.command {
        Command::Import { kind, file, errors } => {
            commands::import(&data, lang, kind, &file, errors)
        }
        Command::Trace { all, candidates } => commands::trace(&data, lang, all, candidates),
        Command::Report { format, out } => commands::report(&data, lang, format, out),
        Command::Export {
            what: ExportWhat::Results { format, out },
        } => commands::export_results(&data, lang, format, out),
        Command::Synth {
            out,
            seed,
            requests,
            ad_rows,
        } => commands::synth(lang, &out, seed, requests, ad_rows),
        Command::Demo {
            out,
            requests,
            seed,
        } => demo::run(&data, lang, &out, requests, seed),
        Command::Evaluate {
            truth,
            results,
            candidates,
        } => commands::evaluate(lang, &truth, &results, candidates),
        Command::Bench(args) => commands::bench(lang, args),
        Command::Serial {
            what: SerialWhat::Search(args),
        } => commands::serial_search(&data, lang, args),
    }
}

#[cfg(test)]
mod tests {
    use super::one_line;
    use anyhow::Context;

    /// A library error that says its cause and also gives it as its source.
    #[derive(Debug)]
    struct Unreadable {
        source: std::io::Error,
    }

    impl std::fmt::Display for Unreadable {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "cannot read notes.jsonl: {}", self.source)
        }
    }

    impl std::error::Error for Unreadable {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.source)
        }
    }

    #[test]
    fn each_cause_is_said_once() {
        let missing = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let error = anyhow::Error::new(Unreadable { source: missing });
        assert_eq!(one_line(&error), "cannot read notes.jsonl: no such file");
        let error = error.context("evaluating");
        assert_eq!(
            one_line(&error),
            "evaluating: cannot read notes.jsonl: no such file"
        );
        let plain: anyhow::Result<()> = Err(anyhow::anyhow!("disk full")).context("writing x");
        assert_eq!(one_line(&plain.unwrap_err()), "writing x: disk full");
    }
}

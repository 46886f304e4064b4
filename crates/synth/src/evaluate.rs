//! Compares exported trace results with a synthetic world's ground truth.
//!
//! For evaluation and tests only: nothing on the trace path reads the truth.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvaluateError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: {source}")]
    Json {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
}

#[derive(Debug, Deserialize)]
struct TruthLine {
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    request_ref: Option<String>,
    #[serde(default)]
    rejected: bool,
    outcome: Option<String>,
    reason: Option<String>,
    origin: Option<String>,
    purchaser_name: Option<String>,
    #[serde(default)]
    loose_outcome: Option<String>,
    #[serde(default)]
    true_serial: Option<String>,
}

impl TruthLine {
    /// The expected (outcome, reason, origin): with looser matching, a firearm found only by a
    /// near or partly readable serial is `NEEDS_REVIEW`, without a reason, US-sourced.
    fn expected(&self, loose: bool) -> (String, Option<String>, String) {
        let strict = (
            self.outcome.clone().unwrap_or_default(),
            self.reason.clone(),
            self.origin.clone().unwrap_or_default(),
        );
        match (&self.loose_outcome, loose) {
            (Some(outcome), true) if *outcome == "NEEDS_REVIEW" && strict.0 != "NEEDS_REVIEW" => {
                (outcome.clone(), None, "US_SOURCED".to_string())
            }
            _ => strict,
        }
    }
}

#[derive(Debug, Deserialize)]
struct ResultLine {
    agency: String,
    request_ref: String,
    outcome: String,
    reason: Option<String>,
    origin: String,
    purchaser: Option<PurchaserLine>,
    #[serde(default)]
    candidates: Vec<CandidateLine>,
}

#[derive(Debug, Deserialize)]
struct CandidateLine {
    serial: String,
}

#[derive(Debug, Deserialize)]
struct PurchaserLine {
    name: Option<String>,
}

/// Agreement for one true outcome.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct OutcomeAgreement {
    /// Requests whose true outcome is this one.
    pub requests: usize,
    /// Of those, results agreeing on outcome, reason and origin.
    pub agree: usize,
}

/// The comparison of results with the truth.
#[derive(Debug, Default, serde::Serialize)]
pub struct Evaluation {
    /// Requests the truth expects a result for.
    pub expected: usize,
    /// Of those, results agreeing on outcome, reason and origin.
    pub agree: usize,
    /// Per true outcome.
    pub by_outcome: BTreeMap<String, OutcomeAgreement>,
    /// Expected requests with no result.
    pub missing: usize,
    /// Rows the truth says must be rejected that have a result.
    pub not_rejected: usize,
    /// Completed traces whose purchaser is not the true one.
    pub wrong_purchasers: usize,
    /// Completed traces whose purchaser is the true one.
    pub right_purchasers: usize,
    /// `NEEDS_REVIEW` results (as expected) whose candidates include the true firearm.
    pub true_firearm_listed: usize,
    /// `NEEDS_REVIEW` results (as expected) whose candidates miss the true firearm although
    /// fewer than the rules' 20 were listed: a firearm the search should have found.
    pub true_firearm_missed: usize,
    /// `NEEDS_REVIEW` results listing the rules' maximum of 20 candidates, the true firearm
    /// ranked past them (as good or worse a match than all twenty).
    pub true_firearm_past_limit: usize,
    /// Up to 20 disagreements, for a person to read: (key, truth, result).
    pub examples: Vec<(String, String, String)>,
}

impl Evaluation {
    /// Share of expected requests agreeing on outcome, reason and origin.
    pub fn agreement(&self) -> f64 {
        if self.expected == 0 {
            return 1.0;
        }
        self.agree as f64 / self.expected as f64
    }

    /// A table for the terminal.
    pub fn render(&self, spanish: bool) -> String {
        let (title, outcome, requests, agree) = if spanish {
            (
                "Concordancia con la verdad",
                "resultado",
                "solicitudes",
                "concuerdan",
            )
        } else {
            (
                "Agreement with the ground truth",
                "outcome",
                "requests",
                "agree",
            )
        };
        let mut text = format!(
            "{title}\n{outcome:<24} {requests:>11} {agree:>11} {:>8}\n",
            "%"
        );
        for (code, counts) in &self.by_outcome {
            text.push_str(&format!(
                "{code:<24} {:>11} {:>11} {:>7.2}%\n",
                counts.requests,
                counts.agree,
                100.0 * counts.agree as f64 / counts.requests.max(1) as f64
            ));
        }
        text.push_str(&format!(
            "{:<24} {:>11} {:>11} {:>7.2}%\n",
            "TOTAL",
            self.expected,
            self.agree,
            100.0 * self.agreement()
        ));
        text.push_str(&format!(
            "missing results: {}; rejected rows with a result: {}; purchasers right: {}, wrong: {}; \
             review cases listing the true firearm: {}, missing it: {}, past the 20 listed: {}\n",
            self.missing,
            self.not_rejected,
            self.right_purchasers,
            self.wrong_purchasers,
            self.true_firearm_listed,
            self.true_firearm_missed,
            self.true_firearm_past_limit
        ));
        for (key, truth, result) in &self.examples {
            text.push_str(&format!("  {key}: truth {truth} / result {result}\n"));
        }
        text
    }
}

fn read_lines<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, EvaluateError> {
    let file = std::fs::File::open(path).map_err(|source| EvaluateError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut items = Vec::new();
    for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| EvaluateError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        items.push(
            serde_json::from_str(&line).map_err(|source| EvaluateError::Json {
                path: path.to_path_buf(),
                line: index + 1,
                source,
            })?,
        );
    }
    Ok(items)
}

/// Most candidates a result lists (tracing-rules.md, "Looser matching").
const MAX_CANDIDATES: usize = 20;

/// Books write one serial with or without separators and leading zeros (the L2 form).
fn same_firearm_serial(a: &str, b: &str) -> bool {
    let l2 = |s: &str| -> String {
        let kept: String = s
            .chars()
            .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.' | '/' | '_')))
            .flat_map(char::to_uppercase)
            .collect();
        kept.trim_start_matches('0').to_string()
    };
    l2(a) == l2(b)
}

fn describe(outcome: &str, reason: Option<&str>, origin: &str) -> String {
    format!("{outcome}/{}/{origin}", reason.unwrap_or("-"))
}

/// Compares `results` (JSON Lines of trace results) with `truth` (`truth.jsonl`), for traces
/// run with the serial levels only.
pub fn evaluate_files(truth: &Path, results: &Path) -> Result<Evaluation, EvaluateError> {
    evaluate_files_with(truth, results, false)
}

/// [`evaluate_files`], for traces run with looser matching when `loose` is true.
pub fn evaluate_files_with(
    truth: &Path,
    results: &Path,
    loose: bool,
) -> Result<Evaluation, EvaluateError> {
    let truth: Vec<TruthLine> = read_lines(truth)?;
    let results: Vec<ResultLine> = read_lines(results)?;
    let by_key: HashMap<(String, String), &ResultLine> = results
        .iter()
        .map(|result| {
            (
                (result.agency.to_uppercase(), result.request_ref.clone()),
                result,
            )
        })
        .collect();
    let mut evaluation = Evaluation::default();
    for line in &truth {
        let key = (
            line.agency.clone().unwrap_or_default().to_uppercase(),
            line.request_ref.clone().unwrap_or_default(),
        );
        let found = by_key.get(&key);
        if line.rejected {
            evaluation.not_rejected += usize::from(found.is_some());
            continue;
        }
        let (outcome, reason, origin) = line.expected(loose);
        let entry = evaluation.by_outcome.entry(outcome.clone()).or_default();
        entry.requests += 1;
        evaluation.expected += 1;
        let Some(result) = found else {
            evaluation.missing += 1;
            continue;
        };
        let agrees =
            result.outcome == outcome && result.reason == reason && result.origin == origin;
        if agrees {
            entry.agree += 1;
            evaluation.agree += 1;
        } else if evaluation.examples.len() < 20 {
            evaluation.examples.push((
                format!("{}/{}", key.0, key.1),
                describe(&outcome, reason.as_deref(), &origin),
                describe(&result.outcome, result.reason.as_deref(), &result.origin),
            ));
        }
        if agrees && outcome == "NEEDS_REVIEW" {
            let listed = line.true_serial.as_deref().is_some_and(|serial| {
                result
                    .candidates
                    .iter()
                    .any(|c| same_firearm_serial(&c.serial, serial))
            });
            if listed {
                evaluation.true_firearm_listed += 1;
            } else if result.candidates.len() >= MAX_CANDIDATES {
                evaluation.true_firearm_past_limit += 1;
            } else {
                evaluation.true_firearm_missed += 1;
            }
        }
        if result.outcome == "COMPLETED_PURCHASER" {
            let named = result.purchaser.as_ref().and_then(|p| p.name.as_deref());
            if named.is_some() && named == line.purchaser_name.as_deref() {
                evaluation.right_purchasers += 1;
            } else {
                evaluation.wrong_purchasers += 1;
            }
        }
    }
    Ok(evaluation)
}

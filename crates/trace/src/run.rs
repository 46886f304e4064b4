//! A trace run: which requests to trace, resolving them on several threads, storing results.

use rastro_domain::rules::{
    duplicate_result, resolve, serial_bucket, DuplicateIndex, DuplicateOf, TraceInput,
};
use rastro_domain::{MakerTable, Origin, Outcome, TraceResult};
use rastro_store::{Directory, RecordReader, Store, StoreError, StoredRequest};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use thiserror::Error;

/// Why a trace run failed.
#[derive(Debug, Error)]
pub enum TraceError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What to trace.
#[derive(Debug, Clone, Copy)]
pub struct TraceOptions {
    /// Trace every request again, not only new and pending ones.
    pub all: bool,
    /// Worker threads reading the store.
    pub threads: usize,
}

impl Default for TraceOptions {
    fn default() -> Self {
        TraceOptions {
            all: false,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TraceSummary {
    /// Requests traced in this run.
    pub traced: usize,
    /// Requests whose stored result was kept.
    pub kept: usize,
    /// Outcomes of the requests traced in this run.
    pub outcomes: BTreeMap<String, usize>,
    /// Wall time of the resolution (not counting loading the directory).
    #[serde(skip)]
    pub elapsed: Duration,
}

/// Traces new requests, and those waiting for a licensee's records (`PENDING_LICENSEE`), or all
/// of them with `options.all`.
pub fn run(store: &mut dyn Store, options: TraceOptions) -> Result<TraceSummary, TraceError> {
    let makers = MakerTable::with_overrides(store.makers()?);
    let directory = store.directory()?;
    let requests = store.requests()?;
    let started = Instant::now();

    let plan = plan(&requests, &makers, options.all);
    let readers = (0..options.threads.max(1))
        .map(|_| store.record_reader())
        .collect::<Result<Vec<_>, _>>()?;
    let resolved = resolve_all(&plan.to_resolve, &requests, &makers, &directory, readers)?;

    let mut origins: HashMap<i64, Origin> = requests
        .iter()
        .filter_map(|stored| stored.traced.map(|t| (stored.seq, t.origin)))
        .collect();
    origins.extend(resolved.iter().map(|(seq, result)| (*seq, result.origin)));
    let mut results = resolved;
    for (index, of) in plan.duplicates {
        let stored = &requests[index];
        let origin = origins
            .get(&of.first_seq)
            .copied()
            .unwrap_or(Origin::Undetermined);
        let result = duplicate_result(&stored.request, trace_id(stored.seq), &makers, of, origin);
        results.push((stored.seq, result));
    }
    results.sort_by_key(|(seq, _)| *seq);
    store.save_results(&results)?;

    let mut summary = TraceSummary {
        traced: results.len(),
        kept: requests.len() - results.len(),
        elapsed: started.elapsed(),
        ..TraceSummary::default()
    };
    for (_, result) in &results {
        *summary
            .outcomes
            .entry(result.outcome.code().to_string())
            .or_default() += 1;
    }
    Ok(summary)
}

/// The stable identifier of a request's trace.
fn trace_id(seq: i64) -> String {
    format!("T{seq:09}")
}

struct Plan {
    /// Indices (into the request list) of requests to resolve.
    to_resolve: Vec<usize>,
    /// Indices of requests to store as duplicates, with the request they repeat.
    duplicates: Vec<(usize, DuplicateOf)>,
}

/// Step 1 for every request, in import order; then which of them this run traces.
fn plan(requests: &[StoredRequest], makers: &MakerTable, all: bool) -> Plan {
    let mut index = DuplicateIndex::default();
    let mut plan = Plan {
        to_resolve: Vec::new(),
        duplicates: Vec::new(),
    };
    for (position, stored) in requests.iter().enumerate() {
        let duplicate = index.check(stored.seq, &stored.request, makers);
        let wanted = all
            || match stored.traced {
                None => true,
                Some(traced) => traced.outcome == Outcome::PendingLicensee,
            };
        if !wanted {
            continue;
        }
        match duplicate {
            Some(of) => plan.duplicates.push((position, of)),
            None => plan.to_resolve.push(position),
        }
    }
    plan
}

/// Resolves requests on one thread per reader; work is handed out in small blocks.
fn resolve_all(
    positions: &[usize],
    requests: &[StoredRequest],
    makers: &MakerTable,
    directory: &Directory,
    readers: Vec<Box<dyn RecordReader>>,
) -> Result<Vec<(i64, TraceResult)>, TraceError> {
    const BLOCK: usize = 256;
    let next = AtomicUsize::new(0);
    let output = Mutex::new(Vec::with_capacity(positions.len()));
    let failure: Mutex<Option<StoreError>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for mut reader in readers {
            let (next, output, failure) = (&next, &output, &failure);
            scope.spawn(move || loop {
                let start = next.fetch_add(BLOCK, Ordering::Relaxed);
                if start >= positions.len() {
                    break;
                }
                let block = &positions[start..(start + BLOCK).min(positions.len())];
                match resolve_block(block, requests, makers, directory, reader.as_mut()) {
                    Ok(results) => output.lock().expect("no panics").extend(results),
                    Err(error) => {
                        *failure.lock().expect("no panics") = Some(error);
                        break;
                    }
                }
            });
        }
    });
    if let Some(error) = failure.into_inner().expect("no panics") {
        return Err(error.into());
    }
    Ok(output.into_inner().expect("no panics"))
}

fn resolve_block(
    block: &[usize],
    requests: &[StoredRequest],
    makers: &MakerTable,
    directory: &Directory,
    reader: &mut dyn RecordReader,
) -> Result<Vec<(i64, TraceResult)>, StoreError> {
    block
        .iter()
        .map(|&position| {
            let stored = &requests[position];
            let bucket = match serial_bucket(&stored.request) {
                Some(key) => reader.bucket(&key)?,
                None => Vec::new(),
            };
            let input = TraceInput {
                request: &stored.request,
                trace_id: trace_id(stored.seq),
                bucket: &bucket,
                makers,
                licensees: directory,
                loose: None,
            };
            Ok((stored.seq, resolve(&input)))
        })
        .collect()
}

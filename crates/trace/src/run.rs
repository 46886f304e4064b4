//! A trace run: which requests to trace, resolving them on several threads, storing results.

use crate::FirearmIndex;
use rastro_domain::rules::{
    duplicate_result, resolve, serial_bucket, DuplicateIndex, DuplicateOf, TraceInput,
};
use rastro_domain::{
    LooseHit, LooseMatcher, LooseQuery, MakerIdentity, MakerTable, Origin, Outcome, TraceResult,
};
use rastro_store::{Directory, RecordReader, Store, StoreError, StoredRequest};
use serde::Serialize;
use std::cell::RefCell;
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
    /// Looser matching (tracing-rules.md): near and partly readable serials become candidates
    /// for an analyst. Builds the serial index over every stored record first.
    pub candidates: bool,
}

impl Default for TraceOptions {
    fn default() -> Self {
        TraceOptions {
            all: false,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            candidates: false,
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
/// of them with `options.all`. With `options.candidates`, builds the serial index in memory.
pub fn run(store: &mut dyn Store, options: TraceOptions) -> Result<TraceSummary, TraceError> {
    run_with_index(store, options, None)
}

/// [`run`] with a serial index already at hand (one opened from the data folder), used
/// when `options.candidates` is set; without one, the index is built from the store.
pub fn run_with_index(
    store: &mut dyn Store,
    options: TraceOptions,
    index: Option<&FirearmIndex>,
) -> Result<TraceSummary, TraceError> {
    let makers = MakerTable::with_overrides(store.makers()?);
    let directory = store.directory()?;
    let requests = store.requests()?;
    let started = Instant::now();

    let plan = plan(&requests, &makers, options.all);
    let readers = (0..options.threads.max(1))
        .map(|_| store.record_reader())
        .collect::<Result<Vec<_>, _>>()?;
    let built = match (options.candidates, index) {
        (true, None) => Some(FirearmIndex::build(store, &makers)?),
        _ => None,
    };
    let context = Context {
        requests: &requests,
        makers: &makers,
        directory: &directory,
        index: built.as_ref().or(index.filter(|_| options.candidates)),
    };
    let resolved = resolve_all(&plan.to_resolve, &context, readers)?;

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

/// What every worker reads.
struct Context<'a> {
    requests: &'a [StoredRequest],
    makers: &'a MakerTable,
    directory: &'a Directory,
    index: Option<&'a FirearmIndex>,
}

/// Resolves requests on one thread per reader; work is handed out in small blocks.
fn resolve_all(
    positions: &[usize],
    context: &Context<'_>,
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
                match resolve_block(block, context, reader.as_mut()) {
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
    context: &Context<'_>,
    reader: &mut dyn RecordReader,
) -> Result<Vec<(i64, TraceResult)>, StoreError> {
    let reader = RefCell::new(reader);
    let matcher = context.index.map(|index| IndexMatcher {
        index,
        reader: &reader,
        failure: RefCell::new(None),
    });
    let mut results = Vec::with_capacity(block.len());
    for &position in block {
        let stored = &context.requests[position];
        let bucket = match serial_bucket(&stored.request) {
            Some(key) => reader.borrow_mut().bucket(&key)?,
            None => Vec::new(),
        };
        let input = TraceInput {
            request: &stored.request,
            trace_id: trace_id(stored.seq),
            bucket: &bucket,
            makers: context.makers,
            licensees: context.directory,
            loose: matcher.as_ref().map(|m| m as &dyn LooseMatcher),
        };
        results.push((stored.seq, resolve(&input)));
        if let Some(error) = matcher.as_ref().and_then(|m| m.failure.take()) {
            return Err(error);
        }
    }
    Ok(results)
}

/// Looser matching through the serial index, reading the records it reaches from the store.
struct IndexMatcher<'a, 'r> {
    index: &'a FirearmIndex,
    reader: &'a RefCell<&'r mut dyn RecordReader>,
    /// A store error met while searching (the trait cannot return it).
    failure: RefCell<Option<StoreError>>,
}

impl LooseMatcher for IndexMatcher<'_, '_> {
    fn search(&self, identity: &MakerIdentity, query: &LooseQuery) -> Vec<LooseHit> {
        // A query the index refuses (too few readable characters…) finds nothing.
        let Ok(hits) = self.index.loose_hits(identity, query) else {
            return Vec::new();
        };
        let mut reader = self.reader.borrow_mut();
        let mut found = Vec::with_capacity(hits.len());
        for (id, distance) in hits {
            match reader.by_id(id) {
                Ok(Some(record)) => found.push(LooseHit { record, distance }),
                Ok(None) => {}
                Err(error) => {
                    *self.failure.borrow_mut() = Some(error);
                    break;
                }
            }
        }
        found
    }
}

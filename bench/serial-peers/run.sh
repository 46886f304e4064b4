#!/usr/bin/env bash
# Runs the serial-search peers benchmark: starts a throwaway PostgreSQL cluster (port 55432,
# socket in /tmp), creates pg_trgm, runs the harness on $RASTRO_SERIAL_BENCH_OUT, stops the cluster.
#
#   bench/serial-peers/run.sh [harness args...]        e.g. --max-per-kind 200, --peers fst,sqlite
#
# Env: RASTRO_SERIAL_BENCH_OUT (default /tmp/rastro-serial-bench): corpus.tsv, queries.tsv,
#      optional rastro.json; GENERATE=N to first write a synthetic corpus of N serials there;
#      PG_PORT (55432); CARGO_TARGET_DIR (default /work/tgt/peers).
# PostgreSQL: `apt-get install -y postgresql postgresql-contrib` (the script does it if missing,
# when run as root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export RASTRO_SERIAL_BENCH_OUT="${RASTRO_SERIAL_BENCH_OUT:-/tmp/rastro-serial-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/tgt/peers}"
# The harness runs under mimalloc, the allocator rastro's binary ships with. Its default returns
# freed pages to the OS 10 ms after they are freed: fst's automata allocate and free megabytes a
# query and then fault them back in (2 edits and transpositions 1.3-1.5x slower than under the
# system allocator). With purging off, fst runs as fast as under the system allocator.
export MIMALLOC_PURGE_DELAY="${MIMALLOC_PURGE_DELAY:--1}"
port="${PG_PORT:-55432}"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y postgresql postgresql-contrib >/dev/null
  else
    echo "PostgreSQL missing: apt-get install -y postgresql postgresql-contrib" >&2; exit 1
  fi
fi
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

(cd "$here" && cargo build --release --quiet)
bin="$CARGO_TARGET_DIR/release/serial-peers"

if [ -n "${GENERATE:-}" ]; then
  "$bin" --generate "$GENERATE" --out "$RASTRO_SERIAL_BENCH_OUT"
fi

# Run a command as the postgres user when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pgdata="$(mktemp -d /tmp/serial-peers-pg.XXXXXX)"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdata"
stop() {
  as_pg "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$pgdata"
}
trap stop EXIT
as_pg "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust --no-sync >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/log" -w \
  -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c max_wal_size=4GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c jit=off -c max_parallel_workers_per_gather=0" \
  start >/dev/null
as_pg "$pgbin/psql" -h /tmp -p "$port" -U postgres -d postgres -qc "CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;"

"$bin" --data "$RASTRO_SERIAL_BENCH_OUT" --pg "host=/tmp port=$port user=postgres dbname=postgres" "$@"

#!/usr/bin/env bash
# Benchmark suite of the iMessage Gateway: see bench/README.md.
#
#   bench/run.sh            full run (about 7 minutes on 2 cores, + up to 3 with the bulk endpoints)
#   bench/run.sh --smoke    tiny sizes, under a minute (CI): exits 0 when the table printed, MISS is not a failure
#
# Environment (all optional):
#   BENCH_PORT=18080  BENCH_DB=imessage_gateway_bench  BENCH_BASE_DB=imessage_gateway_bench_base
#   BENCH_WORK_DIR=/tmp/imessage-gateway-bench   (logs, pgbench logs, results.env, table.md)
#   BENCH_BUILD=auto|always|never   auto: build when the jar is missing or older than src/ or pom.xml
#   BENCH_APP_DIR=/path/quarkus-app  benchmark that build instead (no build)
#   BENCH_JAVA_OPTS="..."           extra JVM options for the gateway (e.g. -XX:StartFlightRecording=...)
#   BENCH_JFR=1                     record a JFR of the whole gateway run into $BENCH_WORK_DIR/gateway-*.jfr
#   BENCH_KEEP_DB=1                 keep the databases after the run
#   PGHOST/PGPORT/PGUSER            PostgreSQL (default 127.0.0.1:5432, postgres, trust auth)
set -Eeuo pipefail

MODE=full
for arg in "$@"; do
  case "$arg" in
    --smoke) MODE=smoke ;;
    --full) MODE=full ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
PORT=${BENCH_PORT:-18080}
DB=${BENCH_DB:-imessage_gateway_bench}
BASE_DB=${BENCH_BASE_DB:-imessage_gateway_bench_base}
WORK=${BENCH_WORK_DIR:-/tmp/imessage-gateway-bench}
KEY=benchkey
ACCOUNTS=+15550001111,+15550001112,+15550001113,+15550001114
export PGOPTIONS="-c client_min_messages=warning"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BASE_URL="http://127.0.0.1:$PORT"
RESULTS="$WORK/results.env"

if [[ $MODE == smoke ]]; then
  WARMUP=1; ENQ_SECS=2; READ_SECS=1; READ_WARMUP=0
  DISPATCH_N=500; IDLE_N=50; IDLE_PAUSE_MS=5; READ_ROWS=10000; PARTICIPANTS=500
  BULK_SIZES="10000"; PGDISP_CLIENTS="16"; PGDISP_BATCH=500; BULK_DRAIN_SECS=0; DISPATCH_TIMEOUT_S=60
else
  WARMUP=10; ENQ_SECS=15; READ_SECS=10; READ_WARMUP=8
  DISPATCH_N=50000; IDLE_N=1000; IDLE_PAUSE_MS=10; READ_ROWS=1000000; PARTICIPANTS=20000
  BULK_SIZES="10000 100000"; PGDISP_CLIENTS="${BENCH_PGDISP_CLIENTS:-16}"; PGDISP_BATCH=500; BULK_DRAIN_SECS=180; DISPATCH_TIMEOUT_S=600
fi
READ_CONNS=4

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
put() { printf '%s\n' "$@" >>"$RESULTS"; }
now_ms() { date +%s%3N; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }
scalar() { psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

GW_PID=""
cleanup() {
  local rc=$?
  if [[ -n "$GW_PID" ]]; then stop_gateway || true; fi
  if [[ -z "${BENCH_KEEP_DB:-}" ]]; then
    dropdb --if-exists "$DB" 2>/dev/null || true
    dropdb --if-exists "$BASE_DB" 2>/dev/null || true
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------------
# Tools, PostgreSQL, the jar
# ---------------------------------------------------------------------------------------------------------
need_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v pgbench >/dev/null || missing+=(postgresql-contrib)
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >"$WORK/apt.log" 2>&1 \
      || die "apt-get install ${missing[*]} failed (see $WORK/apt.log)"
  fi
  command -v java >/dev/null || die "java not found"
  command -v python3 >/dev/null || die "python3 not found"
}

ensure_postgres() {
  if ! pg_isready -q -t 2; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect 15 main start || true
    for _ in $(seq 1 50); do pg_isready -q -t 1 && break; sleep 0.2; done
    pg_isready -q || die "PostgreSQL is not reachable at $PGHOST:$PGPORT"
  fi
}

ensure_jar() {
  if [[ -n "${BENCH_APP_DIR:-}" ]]; then # a given build, e.g. of another checkout
    [[ -f "$BENCH_APP_DIR/quarkus-run.jar" ]] || die "no quarkus-run.jar in BENCH_APP_DIR=$BENCH_APP_DIR"
    rm -rf "$WORK/app" && cp -r "$BENCH_APP_DIR" "$WORK/app"
    return
  fi
  local jar="$ROOT/target/quarkus-app/quarkus-run.jar" build=${BENCH_BUILD:-auto}
  if [[ $build == always || ! -f $jar ]] ||
     [[ $build == auto && -n $(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null) ]]; then
    if [[ $build == never ]]; then die "no jar at $jar and BENCH_BUILD=never"; fi
    log "building the gateway (./mvnw -B -q package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests) >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "build failed"; }
  fi
  # Run from a private copy, so a concurrent rebuild of target/ cannot pull the jar from under the gateway.
  rm -rf "$WORK/app" && cp -r "$ROOT/target/quarkus-app" "$WORK/app"
}

fresh_db() { dropdb --if-exists "$1" && createdb "$1"; }

# ---------------------------------------------------------------------------------------------------------
# The gateway
# ---------------------------------------------------------------------------------------------------------
start_gateway() { # label; sets GW_PID, GW_START_MS, GW_READY_MS
  local label=$1 jfr=()
  if [[ -n "${BENCH_JFR:-}" ]]; then
    jfr=("-XX:StartFlightRecording=filename=$WORK/gateway-$label.jfr,settings=profile,dumponexit=true")
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then die "port $PORT is already in use"; fi
  GW_START_MS=$(now_ms)
  QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_DATASOURCE_PASSWORD=postgres \
  GATEWAY_API_KEYS=$KEY \
  GATEWAY_SIMULATOR=${GW_SIMULATOR:-true} GATEWAY_SIMULATOR_ACCOUNTS=$ACCOUNTS \
  GATEWAY_SIMULATOR_SEND_DELAY=0ms GATEWAY_SIMULATOR_DELIVER_DELAY=0ms GATEWAY_SIMULATOR_MAX_IN_FLIGHT=1000 \
  GATEWAY_SIMULATOR_SENT_LOG="$WORK/sent-$label.jsonl" \
  GATEWAY_PACING_ENABLED=false GATEWAY_BULK_MAX_RECIPIENTS=100000 \
    java ${BENCH_JAVA_OPTS:--Xmx320m} "${jfr[@]}" -jar "$WORK/app/quarkus-run.jar" >"$WORK/gateway-$label.log" 2>&1 &
  GW_PID=$!
  local deadline=$((GW_START_MS + 90000))
  until curl -fsS -o /dev/null "$BASE_URL/q/health/ready" 2>/dev/null; do
    if ! kill -0 "$GW_PID" 2>/dev/null; then
      tail -40 "$WORK/gateway-$label.log" >&2; GW_PID=""; die "the gateway exited during start-up"
    fi
    (($(now_ms) < deadline)) || { tail -40 "$WORK/gateway-$label.log" >&2; die "the gateway was not ready within 90 s"; }
    sleep 0.02
  done
  GW_READY_MS=$(now_ms)
  if [[ ${GW_SIMULATOR:-true} != true ]]; then log "gateway ($label) pid $GW_PID ready in $((GW_READY_MS - GW_START_MS)) ms, no agent"; return; fi
  # The simulated agent connects right after start; wait (bounded) until the readiness check reports it.
  local agents=0
  for _ in $(seq 1 100); do
    agents=$(curl -fsS "$BASE_URL/q/health/ready" | jq -r '[.checks[] | select(.name == "Sender agents") | .data.connectedAgents][0] // 0')
    if ((agents >= 1)); then break; fi
    sleep 0.1
  done
  ((agents >= 1)) || { tail -20 "$WORK/gateway-$label.log" >&2; die "the simulated agent did not connect within 10 s"; }
  log "gateway ($label) pid $GW_PID ready in $((GW_READY_MS - GW_START_MS)) ms"
}

stop_gateway() {
  [[ -n "$GW_PID" ]] || return 0
  kill -TERM "$GW_PID" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$GW_PID" 2>/dev/null || true
  wait "$GW_PID" 2>/dev/null || true
  GW_PID=""
}

api() { curl -sS -H "Authorization: Bearer $KEY" "$@"; }

run_wrk() { # prefix conns secs script [env...]; appends prefix_* to results
  local prefix=$1 conns=$2 secs=$3 script=$4; shift 4
  local threads=2; if ((conns < 2)); then threads=1; fi
  env BENCH_PREFIX="$prefix" BENCH_DIR="$BENCH_DIR" BENCH_API_KEY=$KEY "$@" \
    wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s -s "$BENCH_DIR/wrk/$script" "$BASE_URL" \
    >"$WORK/wrk-$prefix.out" 2>&1 || die "wrk $prefix failed: $(tail -5 "$WORK/wrk-$prefix.out")"
  grep -E "^${prefix}_[a-z0-9]+=" "$WORK/wrk-$prefix.out" >>"$RESULTS" || die "wrk $prefix printed no result"
}

run_pgbench_timed() { # prefix db clients secs script [extra args]; appends prefix_tps/_p50/_p99
  local prefix=$1 db=$2 clients=$3 secs=$4 script=$5; shift 5
  local threads=2; if ((clients < 2)); then threads=1; fi
  local dir="$WORK/pglog-$prefix"; rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && pgbench -n -M prepared -c "$clients" -j "$threads" -T "$secs" -l --log-prefix=pgb "$@" -f "$script" "$db") \
    >"$WORK/pgbench-$prefix.out" 2>&1 || die "pgbench $prefix failed: $(tail -5 "$WORK/pgbench-$prefix.out")"
  put "${prefix}_tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' "$WORK/pgbench-$prefix.out" | head -1)"
  python3 "$BENCH_DIR/bench.py" pgpct --glob "$dir/pgb*" --prefix "$prefix" >>"$RESULTS"
}

rss() { python3 "$BENCH_DIR/bench.py" rss --pid "$GW_PID" --prefix "$1" >>"$RESULTS"; }

# ---------------------------------------------------------------------------------------------------------
# Phases
# ---------------------------------------------------------------------------------------------------------
phase_start_and_idle() {
  fresh_db "$DB"
  start_gateway a
  put "startup_ms=$((GW_READY_MS - GW_START_MS))"
  sleep 2
  rss rss_start

  log "idle latency: $IDLE_N messages, one at a time"
  python3 "$BENCH_DIR/bench.py" latency --port "$PORT" --key "$KEY" --n "$IDLE_N" --pause-ms "$IDLE_PAUSE_MS" \
    --sent-log "$WORK/sent-a.jsonl" >>"$RESULTS" || die "idle latency client failed"
}

phase_enqueue() {
  log "enqueue: warm-up ${WARMUP}s, then ${ENQ_SECS}s at 16 and 64 connections (dispatcher and simulator running)"
  run_wrk warm 16 "$WARMUP" post.lua
  for c in 16 64; do
    sleep 1
    run_wrk "enq$c" "$c" "$ENQ_SECS" post.lua
  done

  log "enqueue baseline: pgbench single-row INSERT, -c 16 -j 2 and -c 64"
  fresh_db "$BASE_DB"
  # The gateway's whole schema (every migration: its indexes and triggers), so the INSERT is a comparable row.
  local migrations=()
  for f in "$ROOT"/src/main/resources/db/migration/V*__*.sql; do migrations+=(-f "$f"); done
  psql_db "$BASE_DB" "${migrations[@]}" -f "$BENCH_DIR/sql/functions.sql" \
    -c "CREATE SEQUENCE bench_id"
  run_pgbench_timed pgwarm "$BASE_DB" 16 "$WARMUP" "$BENCH_DIR/pgbench/insert.sql"
  for c in 16 64; do
    run_pgbench_timed "pgins$c" "$BASE_DB" "$c" "$ENQ_SECS" "$BENCH_DIR/pgbench/insert.sql"
  done
}

phase_enqueue_alone() {
  log "enqueue without an agent (the enqueue path alone, no dispatch work competing for the 2 cores)"
  stop_gateway
  GW_SIMULATOR=false start_gateway n
  run_wrk nwarm 16 "$WARMUP" post.lua
  for c in 16 64; do
    sleep 1
    run_wrk "enqn$c" "$c" "$ENQ_SECS" post.lua
  done
  stop_gateway
}

phase_dispatch() {
  log "dispatch: stop the gateway, queue $DISPATCH_N messages with SQL, start it, time until all are sent"
  stop_gateway
  phase_enqueue_alone
  psql_db "$DB" -c "TRUNCATE message, account_contact, message_count CASCADE"
  psql_db "$DB" -f "$BENCH_DIR/sql/functions.sql" -v n="$DISPATCH_N" -f "$BENCH_DIR/sql/seed_queue.sql"
  : >"$WORK/sent-b.jsonl"
  start_gateway b
  put "startup2_ms=$((GW_READY_MS - GW_START_MS))"
  local done_at="" sent=0 deadline=$(($(now_ms) + DISPATCH_TIMEOUT_S * 1000))
  local at_ready
  at_ready=$(scalar "$DB" "SELECT count(*) FROM message WHERE status IN ('sent','delivered')")
  while (($(now_ms) < deadline)); do
    sent=$(scalar "$DB" "SELECT count(*) FROM message WHERE status IN ('sent','delivered')")
    if ((sent >= DISPATCH_N)); then done_at=$(now_ms); break; fi
    sleep 0.1
  done
  local t0=$GW_READY_MS first
  first=$(head -1 "$WORK/sent-b.jsonl" | jq -r '.at // empty' 2>/dev/null || true)
  if [[ -n "$first" ]]; then
    local first_ms; first_ms=$(date -d "$first" +%s%3N)
    if ((first_ms < t0)); then t0=$first_ms; fi
  fi
  put "disp_n=$DISPATCH_N" "disp_before_ready=$at_ready"
  if [[ -n "$done_at" ]]; then
    put "disp_complete=1" "disp_ms=$((done_at - t0))"
    put "disp_mps=$(python3 -c "print(f'{$DISPATCH_N * 1000 / max(1, $done_at - $t0):.1f}')")"
  else
    put "disp_complete=0" "disp_mps=$(python3 -c "print(f'{$sent * 1000 / max(1, $(now_ms) - $t0):.1f}')")"
    log "dispatch did not finish: $sent of $DISPATCH_N sent"
  fi

  log "dispatch baseline: pgbench claim ($PGDISP_BATCH per claim) + per-message sent/delivered updates"
  local best=0 c
  for c in $PGDISP_CLIENTS; do
    # The gateway claims up to 500 at a time and then updates them over its pool of 20 connections; pgbench
    # updates serially per client, so give every client work: at most N / (2 x clients) per claim.
    local batch=$((DISPATCH_N / (2 * c)))
    if ((batch > PGDISP_BATCH)); then batch=$PGDISP_BATCH; fi
    if ((batch < 1)); then batch=1; fi
    bash "$BENCH_DIR/pgbench/gen_dispatch.sh" "$batch" "$ACCOUNTS" >"$WORK/dispatch-$c.sql"
    psql_db "$BASE_DB" -c "TRUNCATE message CASCADE" 2>/dev/null
    psql_db "$BASE_DB" -v n="$DISPATCH_N" -f "$BENCH_DIR/sql/seed_queue.sql"
    local tx=$(((DISPATCH_N + batch * c - 1) / (batch * c) + 1))
    local s e
    s=$(now_ms)
    pgbench -n -M prepared -c "$c" -j 2 -t "$tx" -f "$WORK/dispatch-$c.sql" "$BASE_DB" >"$WORK/pgbench-dispatch-$c.out" 2>&1 \
      || die "pgbench dispatch failed: $(tail -5 "$WORK/pgbench-dispatch-$c.out")"
    e=$(now_ms)
    local got; got=$(scalar "$BASE_DB" "SELECT count(*) FROM message WHERE status IN ('sent','delivered')")
    ((got == DISPATCH_N)) || log "pgbench dispatch: only $got of $DISPATCH_N done"
    local rate; rate=$(python3 -c "print(f'{$got * 1000 / max(1, $e - $s):.1f}')")
    log "pgbench dispatch -c $c, $batch per claim: $rate msg/s"
    best=$(python3 -c "print(max($best, $rate))")
  done
  put "pgdisp_mps=$best" "pgdisp_clients=${PGDISP_CLIENTS// /,}" "pgdisp_batch=$batch"
}

phase_bulk() {
  local n code
  code=$(api -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data '{"messages":[]}' "$BASE_URL/api/v1/messages/bulk" || true)
  if [[ $code == 404 || $code == 405 ]]; then
    log "bulk: endpoint missing ($code)"
    put "bulk10k_status=missing" "bulk100k_status=missing" "read_bulkjob_status=missing"
    return
  fi
  if [[ $MODE == smoke ]]; then put "bulk100k_status=skipped"; fi
  local peak=0
  for n in $BULK_SIZES; do
    local k=bulk$((n / 1000))k
    log "bulk: one POST of $n recipients"
    python3 "$BENCH_DIR/bench.py" bulk --port "$PORT" --key "$KEY" --n "$n" --pid "$GW_PID" --prefix "$k" \
      >"$WORK/$k.env" 2>"$WORK/$k.err" || true
    cat "$WORK/$k.env" >>"$RESULTS"
    local p; p=$(sed -nE "s/^${k}_peak_rss=([0-9]+)/\1/p" "$WORK/$k.env")
    if [[ -n "$p" ]] && ((p > peak)); then peak=$p; fi
    BULK_JOB=$(sed -nE "s/^${k}_job=(.*)/\1/p" "$WORK/$k.env")
    # Let the simulator send the job before the next figure (bounded), so phases do not overlap.
    if ((BULK_DRAIN_SECS > 0)); then wait_queue_empty "$BULK_DRAIN_SECS"; fi
  done
  if ((peak > 0)); then put "bulk_peak_rss=$peak"; fi
  if [[ -z "${BULK_JOB:-}" ]]; then put "read_bulkjob_status=no job"; fi
}

wait_queue_empty() { # seconds
  local deadline=$(($(now_ms) + $1 * 1000)) left
  while (($(now_ms) < deadline)); do
    left=$(scalar "$DB" "SELECT count(*) FROM message WHERE status IN ('queued','sending')")
    if ((left == 0)); then return 0; fi
    sleep 0.2
  done
  log "queue not empty after $1 s ($left left); going on"
}

phase_reads() {
  log "reads: seeding $READ_ROWS messages with SQL"
  psql_db "$DB" -v n="$READ_ROWS" -v participants="$PARTICIPANTS" -f "$BENCH_DIR/sql/seed_reads.sql" >/dev/null
  put "reads_rows=$(scalar "$DB" "SELECT count(*) FROM message")"
  local -A paths=(
    [list]="/api/v1/messages?page=1&limit=20"
    [participant]="/api/v1/messages?page=1&limit=20&participant={p}"
    [direction]="/api/v1/messages?page=1&limit=20&direction=received"
    [stats]="/api/v1/messages/queue/stats"
  )
  if [[ -n "${BULK_JOB:-}" ]]; then paths[bulkjob]="/api/v1/messages/bulk/$BULK_JOB"; fi
  local k
  for k in list participant direction stats bulkjob; do
    [[ -n "${paths[$k]:-}" ]] || continue
    local code
    code=$(api -o /dev/null -w '%{http_code}' "$BASE_URL${paths[$k]//\{p\}/%2B15554000000}" || true)
    if [[ $code == 404 || $code == 405 ]]; then put "read_${k}_status=missing"; continue; fi
    [[ $code == 200 ]] || { put "read_${k}_status=http $code"; continue; }
    log "reads: ${paths[$k]} (${READ_CONNS} connections, ${READ_SECS}s)"
    if ((READ_WARMUP > 0)); then run_wrk "rwarm$k" "$READ_CONNS" "$READ_WARMUP" get.lua BENCH_PATH="${paths[$k]}" BENCH_PARTICIPANTS="$PARTICIPANTS"; fi
    run_wrk "read_$k" "$READ_CONNS" "$READ_SECS" get.lua BENCH_PATH="${paths[$k]}" BENCH_PARTICIPANTS="$PARTICIPANTS"
    local extra=(-D participants="$PARTICIPANTS") script="$BENCH_DIR/pgbench/read_$k.sql"
    if [[ $k == bulkjob ]]; then
      extra=(-D job="$BULK_JOB")
      if [[ $(scalar "$DB" "SELECT to_regclass('bulk_job_count') IS NOT NULL") == t ]]; then
        script="$BENCH_DIR/pgbench/read_bulkjob_counts.sql"
      fi
    fi
    run_pgbench_timed "pgread_$k" "$DB" "$READ_CONNS" "$READ_SECS" "$script" "${extra[@]}"
  done
}

# ---------------------------------------------------------------------------------------------------------
main() {
  rm -rf "$WORK" && mkdir -p "$WORK"
  : >"$RESULTS"
  local t_begin; t_begin=$(date +%s)
  need_tools
  ensure_postgres
  ensure_jar
  put "mode=$MODE" "date=$(date -u +%Y-%m-%dT%H:%MZ)" "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  log "mode $MODE, work dir $WORK, port $PORT, database $DB"

  phase_start_and_idle
  phase_enqueue
  phase_dispatch
  phase_bulk
  phase_reads
  rss rss_end
  stop_gateway

  local table="$WORK/table.md"
  {
    echo "iMessage Gateway benchmark ($MODE) — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')," \
      "$(nproc) cores, $(sed -nE 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1), $(free -h | awk '/^Mem:/{print $2}') RAM," \
      "run took $(( $(date +%s) - t_begin )) s"
    echo
    python3 "$BENCH_DIR/bench.py" table "$RESULTS"
  } >"$table" || die "could not build the table"
  echo
  cat "$table"
  echo
  log "raw results: $RESULTS, logs in $WORK"
}

main "$@"; exit $?  # one line: bash has read it all before running it, so editing this file mid-run is safe

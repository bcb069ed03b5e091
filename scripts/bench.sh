#!/usr/bin/env bash
# `make bench`: durable intake under load with the forwarder delivering to a local receiver (nginx answering 200),
# against nginx answering 202 to the same POST as the ceiling. Loopback only; every run bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench/release-binary.sh
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
GW_PORT=${BENCH_GATEWAY_PORT:-18080}
NGINX_202_PORT=${BENCH_NGINX_PORT:-18081}
RECEIVER_PORT=${BENCH_RECEIVER_PORT:-18082}
work=$(mktemp -d /tmp/intake-bench.XXXXXX)
chmod 755 "$work"
gw_pid=""
cleanup() {
  [ -n "$gw_pid" ] && kill "$gw_pid" 2>/dev/null && wait "$gw_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/body;
  client_max_body_size 10m;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$NGINX_202_PORT; location / { return 202 '{"ticketId":"x","receiptNo":"x","status":"created","repeatOf":null}'; } }
  server { listen 127.0.0.1:$RECEIVER_PORT; location / { return 200 '{"caseId":"bench"}'; } }
}
CONF
nginx -c "$work/nginx.conf"

echo "== machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{printf "%.0f GiB", $2/1048576}'), $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"

# One gateway run: a fresh store, the load, the drain, the peak RSS. Arguments: label, workload, extra environment.
run_gateway() {
  local label=$1 workload=$2
  shift 2
  rm -f "$work"/bench.sqlite*
  env INTAKE_LISTEN=127.0.0.1:$GW_PORT INTAKE_DATABASE="$work/bench.sqlite" \
    INTAKE_CASE_SYSTEM_URL=http://127.0.0.1:$RECEIVER_PORT/events INTAKE_LOG_LEVEL=error INTAKE_WEB_RATE_LIMIT=0 "$@" \
    ./.build/release/intake-gateway serve 2>>"$work/gateway.log" &
  gw_pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$GW_PORT/healthz" >/dev/null && break; sleep 0.1; done
  echo
  echo "== gateway, $label: POST /v1/intake/web, 202 after commit, forwarding to nginx during the run; $CONNECTIONS connections, $DURATION"
  BENCH_WORKLOAD=$workload timeout 120 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench/post.lua \
    "http://127.0.0.1:$GW_PORT" | tee "$work/gw.txt"
  local load_end drained="" pending
  load_end=$(date +%s.%N)
  for _ in $(seq 1 600); do
    pending=$(curl -sf "http://127.0.0.1:$GW_PORT/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["outbox"]["pending"])')
    if [ "$pending" = 0 ]; then drained=$(python3 -c "import time; print(round(time.time() - $load_end, 2))"); break; fi
    sleep 0.1
  done
  local peak tickets delivered
  peak=$(grep VmHWM "/proc/$gw_pid/status" | awk '{print $2}')
  tickets=$(curl -sf "http://127.0.0.1:$GW_PORT/metrics" | awk '/^intake_tickets_stored/ {print $2}')
  delivered=$(curl -sf "http://127.0.0.1:$GW_PORT/metrics" | awk '/intake_delivery_attempts_total.*delivered/ {print $2}')
  kill "$gw_pid"; wait "$gw_pid" 2>/dev/null || true; gw_pid=""
  python3 - "$work/gw.txt" "$label" "$peak" "${drained:-never (60 s)}" "${tickets:-?}" "${delivered:-?}" >>"$work/summary.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
def pct(p):
    m = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)" % p, t)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{sys.argv[2]:<34} {rps:>9,.0f} req/s  p50 {pct(50):6.2f} ms  p99 {pct(99):6.2f} ms  non-2xx {int(errors.group(1)) if errors else 0}"
      f"  peak RSS {int(sys.argv[3]) / 1024:.1f} MiB  drained {sys.argv[4]} s  stored {sys.argv[5]}  delivered {sys.argv[6]}")
PY
}

: >"$work/summary.txt"
run_gateway "dedup on, mixed callers and places" mixed
run_gateway "dedup on, one hot incident" hotspot
run_gateway "dedup off (INTAKE_DEDUP_ENABLED=false)" mixed INTAKE_DEDUP_ENABLED=false
# Issue 11's before: every decision inside the writer's transaction, between the batch and its fsync.
run_gateway "dedup on, mixed, no view" mixed INTAKE_DEDUP_VIEW_CAPACITY=0

# PostgreSQL (issue 10): a throwaway server on loopback (synchronous_commit on, fsync on: durable like SQLite's FULL).
PG_PORT=${BENCH_PG_PORT:-18083}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# BENCH_POSTGRES=0 skips the PostgreSQL runs (the SQLite and nginx runs only).
if [ -n "$pg_bin" ] && [ "${BENCH_POSTGRES:-1}" != 0 ]; then
  mkdir -p "$work/pg" && { [ "$(id -u)" = 0 ] && chown postgres "$work/pg" || true; }
  as_postgres "$pg_bin/initdb" -D "$work/pg/data" -A trust -U postgres >/dev/null 2>&1
  as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$work/pg -c max_connections=200" start >/dev/null
  pg_stop() { as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true; }
  trap 'pg_stop; cleanup' EXIT
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/bench"
  fresh_pg() { as_postgres "$pg_bin/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres --if-exists bench; as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres bench; }
  fresh_pg
  run_gateway "PostgreSQL, one gateway, dedup on, mixed" mixed INTAKE_DATABASE="$PG_URL"

  # Three gateways on one database behind the same load: wrk spread over them (a third of the connections each).
  fresh_pg
  pids=()
  for i in 0 1 2; do
    env INTAKE_LISTEN=127.0.0.1:$((GW_PORT + 10 + i)) INTAKE_DATABASE="$PG_URL" INTAKE_INSTANCE_ID="bench-$i" \
      INTAKE_CASE_SYSTEM_URL=http://127.0.0.1:$RECEIVER_PORT/events INTAKE_LOG_LEVEL=error INTAKE_WEB_RATE_LIMIT=0 \
      ./.build/release/intake-gateway serve 2>>"$work/gateway.log" &
    pids+=($!)
  done
  for i in 0 1 2; do for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$((GW_PORT + 10 + i))/healthz" >/dev/null && break; sleep 0.1; done; done
  echo
  echo "== three gateways on one PostgreSQL, dedup on, mixed: $CONNECTIONS connections spread over them, $DURATION"
  wrk_pids=()
  for i in 0 1 2; do
    BENCH_WORKLOAD=mixed timeout 120 wrk -t1 -c$((CONNECTIONS / 3)) -d"$DURATION" --latency -s scripts/bench/post.lua \
      "http://127.0.0.1:$((GW_PORT + 10 + i))" >"$work/gw3-$i.txt" &
    wrk_pids+=($!)
  done
  wait "${wrk_pids[@]}" || true
  cat "$work"/gw3-*.txt
  for _ in $(seq 1 600); do
    pending=$(curl -sf "http://127.0.0.1:$((GW_PORT + 10))/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["outbox"]["pending"])')
    [ "$pending" = 0 ] && break
    sleep 0.1
  done
  kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null || true
  python3 - "$work" >>"$work/summary.txt" <<'PY'
import re, sys, glob
rps, p99s, p50s, errs = 0.0, [], [], 0
def ms(v, unit): return float(v) / 1000 if unit == "us" else float(v) * 1000 if unit == "s" else float(v)
for f in sorted(glob.glob(sys.argv[1] + "/gw3-*.txt")):
    t = open(f).read()
    rps += float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    p50s.append(ms(*re.search(r"\s50%\s+([\d.]+)(us|ms|s)", t).groups()))
    p99s.append(ms(*re.search(r"\s99%\s+([\d.]+)(us|ms|s)", t).groups()))
    e = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    errs += int(e.group(1)) if e else 0
print(f"{'PostgreSQL, three gateways, mixed':<34} {rps:>9,.0f} req/s  p50 {max(p50s):6.2f} ms  p99 {max(p99s):6.2f} ms  non-2xx {errs}")
PY
fi

echo
echo "== ceiling: nginx answering 202 to the same POST"
BENCH_WORKLOAD=mixed timeout 60 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench/post.lua \
  "http://127.0.0.1:$NGINX_202_PORT" | tee "$work/nginx.txt"
nginx_rps=$(grep "Requests/sec" "$work/nginx.txt" | awk '{print $2}')

echo
echo "== summary"
cat "$work/summary.txt"
printf '%-34s %9.0f req/s\n' "nginx answering 202 (ceiling)" "$nginx_rps"
# Each run as a ratio to the SQLite run with the same workload (dedup on, mixed) and to nginx's 202.
python3 - "$work/summary.txt" "$nginx_rps" <<'PY'
import re, sys
rows = [(l[:34].strip(), float(re.search(r"([\d,]+) req/s", l).group(1).replace(",", ""))) for l in open(sys.argv[1]) if "req/s" in l]
base = next((r for label, r in rows if label.startswith("dedup on, mixed")), None)
off = next((r for label, r in rows if label.startswith("dedup off")), None)
print()
for label, r in rows:
    print(f"{label:<34} {r / base if base else float('nan'):5.2f}x the SQLite run (dedup on, mixed)   {100 * r / float(sys.argv[2]):5.1f} % of nginx's 202"
          f"   {r / off if off else float('nan'):5.2f}x dedup off (issue 11: dedup on >= 0.80x)")
PY

# The dedup engine's own benchmark, when present (BENCH_DEDUP=0 skips it; SIZES picks its sizes).
if [ -x scripts/bench-dedup.sh ] && [ "${BENCH_DEDUP:-1}" != 0 ]; then
  echo
  bash scripts/bench-dedup.sh
fi

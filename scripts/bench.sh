#!/usr/bin/env bash
# `make bench`: durable intake under load with the forwarder delivering to a local receiver (nginx answering 200),
# against nginx answering 202 to the same POST as the ceiling. Loopback only; every run bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
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

echo
echo "== ceiling: nginx answering 202 to the same POST"
BENCH_WORKLOAD=mixed timeout 60 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench/post.lua \
  "http://127.0.0.1:$NGINX_202_PORT" | tee "$work/nginx.txt"
nginx_rps=$(grep "Requests/sec" "$work/nginx.txt" | awk '{print $2}')

echo
echo "== summary"
cat "$work/summary.txt"
printf '%-34s %9.0f req/s\n' "nginx answering 202 (ceiling)" "$nginx_rps"

# The dedup engine's own benchmark, when present.
if [ -x scripts/bench-dedup.sh ]; then
  echo
  bash scripts/bench-dedup.sh
fi

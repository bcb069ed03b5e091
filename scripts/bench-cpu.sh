#!/usr/bin/env bash
# CPU time the gateway spends per request (user + system, from /proc), for one configuration: a figure that depends
# less on what else the machine runs than req/s does. Release build; loopback; bounded in time.
#
#   scripts/bench-cpu.sh mixed INTAKE_DEDUP_ENABLED=false
#   scripts/bench-cpu.sh hotspot INTAKE_DEDUP_VIEW_CAPACITY=0
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench/release-binary.sh
workload=${1:-mixed}
shift || true
port=${BENCH_CPU_PORT:-18590}
work=$(mktemp -d /tmp/intake-bench-cpu.XXXXXX)
env INTAKE_LISTEN=127.0.0.1:$port INTAKE_DATABASE="$work/b.sqlite" INTAKE_LOG_LEVEL=error INTAKE_WEB_RATE_LIMIT=0 "$@" \
  ./.build/release/intake-gateway serve 2>/dev/null &
gw=$!
trap 'kill $gw 2>/dev/null; wait $gw 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
ticks() { awk '{print $14 + $15}' "/proc/$gw/stat"; }
t0=$(ticks)
out=$(BENCH_WORKLOAD=$workload timeout 60 wrk -t2 -c64 -d"${BENCH_DURATION:-6s}" -s scripts/bench/post.lua "http://127.0.0.1:$port")
sleep 0.5
t1=$(ticks)
n=$(awk '/requests in/ {print $1}' <<<"$out")
rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
hz=$(getconf CLK_TCK)
python3 -c "print(f'$workload $*: {int($n):,} requests, {float($rps):,.0f} req/s, gateway CPU {($t1-$t0)/$hz:.2f} s, {($t1-$t0)/$hz*1e6/int($n):.0f} us a request')"

#!/usr/bin/env bash
# Dedup engine benchmark: decision time with 10 thousand, 1 million and 10 million stored tickets (synthetic,
# bulk-inserted straight into the tables), p50/p99 per size, and precision/recall with a confusion table on each labelled
# evaluation set (eval.jsonl, the tuning set, the held-out set).
#
#   scripts/bench-dedup.sh                      # 10000,1000000,10000000
#   SIZES=10000,1000000 scripts/bench-dedup.sh  # fewer sizes
#
# Every size's bulk load is bounded by BUILD_SECONDS (default 600): a size not built in time is measured at the
# count reached and the time the full size would need is printed. The whole run is bounded by TIMEOUT (default
# 3600 s). Builds in release mode with its own scratch path, at low priority. Needs ~1.5 GB of disk per million
# tickets in $TMPDIR.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
SIZES=${SIZES:-10000,1000000,10000000}
BUILD_SECONDS=${BUILD_SECONDS:-600}
DECISIONS=${DECISIONS:-2000}
TIMEOUT=${TIMEOUT:-3600}
SCRATCH=${SCRATCH:-.build-bench-dedup}

if ! out=$(nice -n 10 swift build -c release --build-tests -Xswiftc -enable-testing --scratch-path "$SCRATCH" 2>&1); then
    echo "bench-dedup: the release build failed:" >&2
    grep -E "error:" <<<"$out" | sort -u | head -20 >&2
    exit 1
fi
run() {
    INTAKE_DEDUP_BENCH_SIZES=$SIZES INTAKE_DEDUP_BENCH_BUILD_SECONDS=$BUILD_SECONDS INTAKE_DEDUP_BENCH_DECISIONS=$DECISIONS \
        timeout "$TIMEOUT" nice -n 10 swift test -c release -Xswiftc -enable-testing --skip-build --scratch-path "$SCRATCH" --filter "$1" 2>&1 \
        | grep -E "^dedup |^  (repeats|not repeats|cluster pairs)[ :]|^p99 ratio|✘|Expectation failed" || true
}
echo "== decision time (sizes $SIZES, $DECISIONS decisions each)"
run "DedupBenchmark"
echo "== labelled evaluation sets: scores and confusion tables (the held-out set's mistakes are not listed)"
run "EvaluationTests"

#!/usr/bin/env bash
# Coverage-guided fuzzing of the pure decoders with libFuzzer (make fuzz). Builds Tests/Fuzz (a separate package
# depending on this one by path) with -sanitize=fuzzer,address, then runs each target in turn, niced, from a copy
# of its seeds (Tests/Fuzz/Corpus/<target>) in a temporary folder: nothing is written outside that folder and the
# scratch build folder, except a crashing input, saved to $FUZZ_CRASH_DIR (Tests/Fuzz/Crashes) to become a test.
#
#   FUZZ_SECONDS   seconds per target (default 15: about 3.5 minutes for the 13 targets)
#   FUZZ_RUNS      stop a target after this many executions instead (e.g. 1000000); FUZZ_SECONDS still caps it
#                  unless set to 0
#   FUZZ_TARGETS   the targets to run (default: all), space-separated
#   FUZZ_MAX_LEN   largest input in bytes (default: per target, 4096; the e-mail targets 8192, CMPP 512)
#   FUZZ_RSS_MB    memory limit per target (default 2048)
#   FUZZ_LOG_DIR   keep each target's libFuzzer output there (default: discarded with the temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH

ALL_TARGETS="FuzzCMPPUserData FuzzNormalizer FuzzJSON FuzzFormData FuzzWeChatCrypto FuzzMiniProgram FuzzWeChat FuzzPhone FuzzWebForm FuzzSMS FuzzPolice110 FuzzMIMEHeaders FuzzEmail"
SECONDS_PER_TARGET=${FUZZ_SECONDS:-15}
RUNS=${FUZZ_RUNS:-}
TARGETS=${FUZZ_TARGETS:-$ALL_TARGETS}
RSS_MB=${FUZZ_RSS_MB:-2048}
CRASH_DIR=${FUZZ_CRASH_DIR:-$PWD/Tests/Fuzz/Crashes}

max_len() {
    if [ -n "${FUZZ_MAX_LEN:-}" ]; then echo "$FUZZ_MAX_LEN"; return; fi
    case "$1" in
        FuzzEmail|FuzzMIMEHeaders) echo 8192 ;;
        FuzzCMPPUserData) echo 512 ;;
        *) echo 4096 ;;
    esac
}

echo "building the fuzz targets (release, -sanitize=fuzzer,address)"
(cd Tests/Fuzz && nice swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
    --scratch-path .build-fuzz 2>&1 | grep -Ev "Cannot export local symbol '__asan_extra_spill_area'" | tail -3)
BIN=Tests/Fuzz/.build-fuzz/release
# Allocation stacks are the sanitizers' largest cost per execution here; a crash is re-run to see them.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/intake-fuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$CRASH_DIR"

failed=0
summary="target|executions|seconds|exec/s|cov|ft|corpus|result"
for t in $TARGETS; do
    corpus="$WORK/$t"
    mkdir -p "$corpus"
    cp Tests/Fuzz/Corpus/"$t"/* "$corpus"/ 2>/dev/null || true
    args=(-max_len="$(max_len "$t")" -rss_limit_mb="$RSS_MB" -timeout=10 -print_final_stats=1
          -artifact_prefix="$CRASH_DIR/$t-")
    [ "$SECONDS_PER_TARGET" != 0 ] && args+=(-max_total_time="$SECONDS_PER_TARGET")
    [ -n "$RUNS" ] && args+=(-runs="$RUNS")
    echo "== $t ${args[*]}"
    log="$WORK/$t.log"
    start=$(date +%s.%N)
    if (cd "$WORK" && nice "$OLDPWD/$BIN/$t" "${args[@]}" "$corpus" >"$log" 2>&1); then result=ok; else result=CRASH; failed=1; fi
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    done_line=$(grep -E '^#[0-9]+\s+DONE' "$log" | tail -1 || true)
    [ -z "$done_line" ] && done_line=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' || true)
    [ -z "$execs" ] && execs=$(echo "$done_line" | sed -E 's/^#([0-9]+).*/\1/')
    cov=$(echo "$done_line" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
    ft=$(echo "$done_line" | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
    corp=$(echo "$done_line" | sed -nE 's/.*corp: ([0-9]+\/[0-9A-Za-z]+).*/\1/p')
    rate=$(echo "$execs / $elapsed" | bc 2>/dev/null || echo "?")
    summary+=$'\n'"$t|$execs|$(printf %.0f "$elapsed")|$rate|$cov|$ft|$corp|$result"
    [ -n "${FUZZ_LOG_DIR:-}" ] && mkdir -p "$FUZZ_LOG_DIR" && cp "$log" "$FUZZ_LOG_DIR/"
    if [ "$result" != ok ]; then
        grep -E 'ERROR|SUMMARY|Fatal error|Test unit written|==[0-9]+==' "$log" | head -20 || true
        cp "$log" "$CRASH_DIR/$t.log"
    fi
done
echo
echo "$summary" | column -t -s '|'
exit $failed

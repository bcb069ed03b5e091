#!/usr/bin/env bash
# The dedup engine's CPU on one thread, without the server: MatterFeatures (request thread) and DedupEngine.decide
# (decider thread) over scripts/bench/post.lua's submissions, mixed and hot incident, thread CPU time, best of ROUNDS.
# Builds the Dedup module and its dependencies in release mode in a scratch package that links this checkout's
# sources (no change to Package.swift). Compare two checkouts by running it in each, one after the other.
#
#   scripts/bench-features.sh                 # N=8000 ROUNDS=7
#   N=20000 ROUNDS=3 scripts/bench-features.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=${BENCH_FEATURES_DIR:-/tmp/intake-bench-features-$(echo "$root" | cksum | cut -d' ' -f1)}
mkdir -p "$work/Sources/fbench"
for t in CCrypto Crypto TextCodec IntakeCore Routing Dedup; do ln -sfn "$root/Sources/$t" "$work/Sources/$t"; done
cp scripts/bench/features.swift "$work/Sources/fbench/main.swift"
cat >"$work/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "fbench",
    targets: [
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto"),
        .target(name: "Crypto", dependencies: ["CCrypto"]),
        .target(name: "TextCodec"),
        .target(name: "IntakeCore", dependencies: ["Crypto", "TextCodec"]),
        .target(name: "Routing", dependencies: ["IntakeCore"], exclude: ["DefaultCatalogue.json", "DefaultCalendar.json"]),
        .target(name: "Dedup", dependencies: ["IntakeCore", "Routing"]),
        .executableTarget(name: "fbench", dependencies: ["Dedup", "IntakeCore"]),
    ]
)
SWIFT
(cd "$work" && swift build -c release 2>&1 | grep -E "error|Build complete")
echo "== load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD)"
timeout 300 "$work/.build/release/fbench"

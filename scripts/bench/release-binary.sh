# Sourced by the scripts that load the release binary (bench.sh, bench-cpu.sh), from the checkout's root: builds
# .build/release/intake-gateway first when it is missing or older than the sources, so a run never measures a binary
# of other sources (`make bench` builds it anyway; these scripts are also run alone).
if [ ! -x .build/release/intake-gateway ] \
    || [ -n "$(find Sources Package.swift -newer .build/release/intake-gateway -print -quit)" ]; then
  echo "== building the release binary (missing, or older than Sources/)"
  PATH=/opt/swift/usr/bin:$PATH swift build -c release 2>&1 | tail -1
fi

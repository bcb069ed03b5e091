#!/usr/bin/env bash
# CI after `make test`: the README's `make run` path. `make release` (the static release build that `make run`,
# `make bench` and `make install` use) must build, and the binary it makes must serve from an empty working
# directory. A release-only failure (2026-12-02: the test helper library has no static Testing module) is invisible
# to `make test`, which builds debug.
set -euo pipefail
cd "$(dirname "$0")/.."
make release
binary=$PWD/.build/release/intake-gateway
"$binary" --version

empty=$(mktemp -d /tmp/intake-release-check.XXXXXX)
port=${INTAKE_RELEASE_CHECK_PORT:-18391}
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$empty"; }
trap cleanup EXIT
cd "$empty"
INTAKE_LISTEN=127.0.0.1:$port "$binary" serve > "$empty/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" > /dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$empty/serve.log"; echo "release binary exited"; exit 1; }
  sleep 0.1
done
curl -fsS -o "$empty/openapi.yaml" "http://127.0.0.1:$port/openapi.yaml" && grep -q '^openapi: ' "$empty/openapi.yaml" \
  || { cat "$empty/serve.log"; echo "no /openapi.yaml"; exit 1; }
[ -f "$empty/var/intake.sqlite" ] || { echo "the default database was not made in the working directory"; exit 1; }
echo "release binary serves from an empty directory (127.0.0.1:$port)"

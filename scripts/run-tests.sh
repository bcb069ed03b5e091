#!/usr/bin/env bash
# `make test`: start the real servers the tests need on loopback, run every test, stop the servers.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH

services_dir=$(mktemp -d /tmp/intake-test-services.XXXXXX)
chmod 755 "$services_dir"
cleanup() { bash scripts/test-services.sh stop "$services_dir" || true; rm -rf "$services_dir"; }
trap cleanup EXIT

bash scripts/test-services.sh start "$services_dir"
# shellcheck disable=SC1091
source "$services_dir/env"

swift build --build-tests
# Swift Testing runs suites in parallel; the servers are shared, tests use their own databases and mailboxes.
swift test --skip-build 2>&1 | tee "$services_dir/swift-test.log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then exit "$status"; fi

# Cross-checks against independent implementations (Python's standard library), when present.
for check in Tests/Scripts/*.py; do
  [ -e "$check" ] || continue
  echo "== $check"
  python3 "$check"
done

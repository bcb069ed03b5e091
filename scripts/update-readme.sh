#!/usr/bin/env bash
# Regenerates README.md's configuration table from the code (`intake-gateway config-reference`).
# A test fails when the two differ; run this (or `make docs`) after adding or changing an option.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/debug/intake-gateway}
"$binary" config-reference > /tmp/intake-config-reference.md
python3 - <<'PY'
import re
readme = open("README.md").read()
table = open("/tmp/intake-config-reference.md").read()
updated = re.sub(r"(<!-- config-reference:begin[^\n]*-->\n).*?(<!-- config-reference:end -->)",
                 lambda m: m.group(1) + table + m.group(2), readme, flags=re.S)
open("README.md", "w").write(updated)
PY

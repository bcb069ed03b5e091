#!/usr/bin/env python3
"""openapi.yaml is the contract: it must be valid OpenAPI 3.1, and every route the code serves must be in it
with its method (and nothing in it that the code does not serve)."""
import pathlib
import re
import sys

import yaml
from openapi_spec_validator import validate

root = pathlib.Path(__file__).resolve().parents[2]
spec = yaml.safe_load((root / "openapi.yaml").read_text())
validate(spec)

served = set()
sources = list((root / "Sources").rglob("*.swift")) + list((root / "Channels").rglob("*.swift"))
route_patterns = [
    re.compile(r'router\.add\("(?P<method>[A-Z]+)",\s*"(?P<path>/[^"]*)"'),
    re.compile(r'ChannelRoute\((?:method:\s*"(?P<method>[A-Z]+)",\s*)?path:\s*"(?P<path>/[^"]*)"'),
]
for f in sources:
    text = f.read_text()
    for pattern in route_patterns:
        for m in pattern.finditer(text):
            served.add(((m.group("method") or "POST").lower(), m.group("path")))

documented = {(method, path) for path, item in spec.get("paths", {}).items()
              for method in item if method in {"get", "post", "put", "delete", "patch"}}
problems = []
for method, path in sorted(served - documented):
    problems.append(f"served but not in openapi.yaml: {method.upper()} {path}")
for method, path in sorted(documented - served):
    problems.append(f"in openapi.yaml but not served: {method.upper()} {path}")
# Every operation documents its error shape.
for path, item in spec.get("paths", {}).items():
    for method, op in item.items():
        if method not in {"get", "post", "put", "delete", "patch"}:
            continue
        codes = set(op.get("responses", {}))
        if path.startswith("/v1/intake/") and not any(c.startswith("4") for c in codes):
            problems.append(f"{method.upper()} {path} documents no 4xx response")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"openapi.yaml: valid OpenAPI {spec['openapi']}, {len(served)} served routes all documented")

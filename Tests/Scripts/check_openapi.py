#!/usr/bin/env python3
"""openapi.yaml is the contract: it must be valid OpenAPI 3.1, and every route the code serves must be in it
with its method (and nothing in it that the code does not serve)."""
import pathlib
import subprocess
import sys

import yaml
from openapi_spec_validator import validate

root = pathlib.Path(__file__).resolve().parents[2]


class StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses duplicate keys (PyYAML would keep the last one silently)."""


def _mapping(loader, node, deep=False):
    keys = [k.value for k, _ in node.value]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        sys.exit(f"openapi.yaml line {node.start_mark.line + 1}: duplicate keys {duplicates}")
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
spec = yaml.load((root / "openapi.yaml").read_text(), StrictLoader)
validate(spec)

# The routes the built gateway serves, from the gateway itself.
binary = root / ".build" / "debug" / "intake-gateway"
listing = subprocess.run([str(binary), "routes"], capture_output=True, text=True, check=True).stdout
served = {(line.split(" ", 1)[0].lower(), line.split(" ", 1)[1]) for line in listing.splitlines() if " " in line}
if not served:
    sys.exit("intake-gateway routes listed nothing")

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

#!/usr/bin/env python3
"""The contract holds, tested against the running binary: schemathesis (pinned in the Makefile's test-deps) generates
requests from the served /openapi.yaml, valid and invalid, with admin credentials and Standard Webhooks signatures
(contract/schemathesis_hooks.py), and fails on any server error, undocumented status, response that breaks its schema, or invalid
request accepted. Then /metrics is parsed with the Prometheus project's own parser (prometheus_client.parser).
Bounded: SCHEMATHESIS_MAX_EXAMPLES examples per operation (default 30) and SCHEMATHESIS_MAX_TIME seconds (default 180)."""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

root = pathlib.Path(__file__).resolve().parents[2]
binary = root / ".build" / "debug" / "intake-gateway"
ADMIN = "contract-admin-token"
SECRETS = {
    "phone": "whsec_ZGVtby1waG9uZS1zZWNyZXQtMDEyMzQ1Njc4OQ==",
    "email": "whsec_ZGVtby1lbWFpbC1zZWNyZXQtMDEyMzQ1Njc4OQ==",
    "police110": "whsec_ZGVtby1wb2xpY2UtMTEwLXNlY3JldC0wMTIzNDU=",
    "miniprogram": "whsec_ZGVtby1taW5pcHJvZ3JhbS1zZWNyZXQtMDEyMw==",
    "cmpp": "whsec_ZGVtby1jbXBwLXNlY3JldC0wMTIzNDU2Nzg5MA==",
}


def start(directory):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "INTAKE_LISTEN": "127.0.0.1:0",
           "INTAKE_DATABASE": f"{directory}/contract.sqlite", "INTAKE_ADMIN_TOKEN": ADMIN, "INTAKE_LOG_LEVEL": "warning",
           "INTAKE_CASE_SYSTEM_SECRET": "whsec_Y29udHJhY3QtY2FzZS1zeXN0ZW0tc2VjcmV0",
           "INTAKE_WEB_RATE_LIMIT": "0"}
    for channel, secret in SECRETS.items():
        env[f"INTAKE_CHANNEL_SECRET_{channel.upper()}"] = secret
    env["INTAKE_LOG_LEVEL"] = "info"
    process = subprocess.Popen([str(binary), "serve"], env=env, stderr=subprocess.PIPE, text=True, cwd=directory)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        if '"serving"' in line:
            port = json.loads(line)["listen"].rsplit(":", 1)[1]
            # Keep draining the log so the gateway never blocks on a full pipe.
            subprocess.Popen(["cat"], stdin=process.stderr, stdout=open(f"{directory}/gateway.log", "w"))
            return process, f"http://127.0.0.1:{port}"
    process.kill()
    sys.exit("the gateway did not start")


def metrics_check(base):
    text = urllib.request.urlopen(base + "/metrics").read().decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    problems = []
    for name, kind in [("intake_requests", "counter"), ("intake_request_duration_seconds", "histogram"),
                       ("intake_outbox_pending", "gauge"), ("intake_tickets_stored", "gauge")]:
        if name not in families:
            problems.append(f"/metrics: {name} missing (families: {sorted(families)})")
        elif families[name].type != kind:
            problems.append(f"/metrics: {name} is a {families[name].type}, not a {kind}")
    samples = sum(len(f.samples) for f in families.values())
    if samples == 0:
        problems.append("/metrics: no samples")
    return problems, len(families), samples


with tempfile.TemporaryDirectory(prefix="intake-contract-") as directory:
    gateway, base = start(directory)
    try:
        env = dict(os.environ, SCHEMATHESIS_HOOKS="schemathesis_hooks", INTAKE_CONTRACT_SECRETS=json.dumps(SECRETS),
                   PYTHONPATH=str(pathlib.Path(__file__).parent / "contract"))
        command = ["schemathesis", "--config-file", str(pathlib.Path(__file__).parent / "contract" / "schemathesis.toml"), "run", base + "/openapi.yaml",
                   "--header", f"Authorization: Bearer {ADMIN}",
                   "--max-examples", os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "30"),
                   "--max-time", os.environ.get("SCHEMATHESIS_MAX_TIME", "180"),
                   "--seed", os.environ.get("SCHEMATHESIS_SEED", "12345"), "--workers", "1",
                   "--request-timeout", "10", "--no-color"] + sys.argv[1:]
        print(" ".join(command), flush=True)
        status = subprocess.run(command, env=env, cwd=directory).returncode
        problems, families, samples = metrics_check(base)
        if gateway.poll() is not None:
            problems.append(f"the gateway exited during the run (status {gateway.returncode})")
    finally:
        gateway.terminate()
        gateway.wait(timeout=30)
    if status != 0:
        problems.append(f"schemathesis found problems (exit {status})")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"contract: schemathesis passed; /metrics parsed by prometheus_client: {families} families, {samples} samples")

#!/usr/bin/env python3
"""`make install` into a DESTDIR, then check what it installed: the systemd unit passes `systemd-analyze verify` (with
no complaint at all: systemd only warns about a misspelt value and still exits 0), carries the hardening the issue asks
for, and the example environment file lists every option, commented out. The verifier runs offline with --root on the
staged tree (host unit files copied in for the targets it orders against), so no running systemd is needed."""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

root = pathlib.Path(__file__).resolve().parents[2]
binary = root / ".build" / "debug" / "intake-gateway"
problems = []


def verify(destdir, unit_name):
    result = subprocess.run(["systemd-analyze", "verify", f"--root={destdir}", unit_name], capture_output=True, text=True)
    return result.returncode, (result.stdout + result.stderr).strip()


with tempfile.TemporaryDirectory(prefix="intake-install-") as destdir:
    subprocess.run(["make", "--no-print-directory", "-C", str(root), "install", f"DESTDIR={destdir}", "PREFIX=/usr/local",
                    f"INSTALL_BINARY={binary}"], check=True, stdout=subprocess.DEVNULL)
    staged = pathlib.Path(destdir)
    unit = staged / "usr/local/lib/systemd/system/intake-gateway.service"
    for path in [staged / "usr/local/bin/intake-gateway", unit, staged / "usr/local/lib/sysusers.d/intake-gateway.conf",
                 staged / "etc/intake-gateway/intake-gateway.env.example"]:
        if not path.is_file():
            problems.append(f"make install did not install {path.relative_to(staged)}")
    if not os.access(staged / "usr/local/bin/intake-gateway", os.X_OK):
        problems.append("the installed binary is not executable")

    text = unit.read_text()
    settings = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            settings.setdefault(k.strip(), []).append(v.strip())
    if "@" in text.replace("man:systemd", ""):
        problems.append("an @PLACEHOLDER@ was left in the unit")
    wanted = {"Type": lambda v: v in ("notify", "simple"), "Restart": lambda v: v == "on-failure",
              "User": lambda v: v == "intake-gateway", "ProtectSystem": lambda v: v == "strict",
              "ProtectHome": lambda v: v == "yes", "PrivateTmp": lambda v: v == "yes", "NoNewPrivileges": lambda v: v == "yes",
              "StateDirectory": lambda v: v == "intake-gateway", "LimitNOFILE": lambda v: int(v) >= 2 * 4096,
              "EnvironmentFile": lambda v: v.lstrip("-").startswith("/etc/intake-gateway/"),
              "ExecStart": lambda v: v == "/usr/local/bin/intake-gateway serve"}
    for key, ok in wanted.items():
        values = settings.get(key, [])
        if not values or not ok(values[-1]):
            problems.append(f"unit: {key}={values[-1] if values else '(missing)'}")

    env_example = (staged / "etc/intake-gateway/intake-gateway.env.example").read_text()
    reference = subprocess.run([str(binary), "config-reference"], capture_output=True, text=True, check=True).stdout
    names = [line.split("`")[1] for line in reference.splitlines() if line.startswith("| `")]
    for name in names:
        if f"\n#{name}=\n" not in env_example:
            problems.append(f"the example environment file lacks {name}")
    if any(line and not line.startswith("#") for line in env_example.splitlines()):
        problems.append("the example environment file sets something; every option must be commented out")

    # The offline verifier needs the units the service orders against (network-online.target, ...).
    shutil.copytree("/usr/lib/systemd/system", staged / "usr/lib/systemd/system", symlinks=True)
    status, output = verify(destdir, "intake-gateway.service")
    print(f"systemd-analyze verify --root={destdir} intake-gateway.service: exit {status}" + (f"\n{output}" if output else ""))
    if status != 0 or output:
        problems.append("systemd-analyze verify complained about the unit")

    # The check can fail: a misspelt value (exit 0, one warning) and a missing binary (exit 1) are both caught.
    unit.write_text(text.replace("ProtectSystem=strict", "ProtectSystem=stric"))
    status, output = verify(destdir, "intake-gateway.service")
    if status == 0 and not output:
        problems.append("systemd-analyze verify did not notice ProtectSystem=stric")
    unit.write_text(text)
    (staged / "usr/local/bin/intake-gateway").unlink()
    status, output = verify(destdir, "intake-gateway.service")
    if status == 0:
        problems.append("systemd-analyze verify did not notice a missing ExecStart binary")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"make install: unit verified, hardening present, {len(names)} options in the example environment file")

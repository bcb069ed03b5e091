#!/usr/bin/env bash
# `make install`: the binary, the systemd unit, the service user's sysusers.d entry and an example environment file.
#     scripts/install.sh BINARY        (PREFIX, default /usr/local; SYSCONFDIR, default /etc; DESTDIR, default none)
# With DESTDIR the files are staged (for a package); without it the service user is created and systemd reloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:?usage: scripts/install.sh BINARY}
prefix=${PREFIX:-/usr/local}
sysconfdir=${SYSCONFDIR:-/etc}
destdir=${DESTDIR:-}
bindir=$prefix/bin
unitdir=$prefix/lib/systemd/system
sysusersdir=$prefix/lib/sysusers.d
[ "$prefix" = /usr ] && unitdir=/usr/lib/systemd/system && sysusersdir=/usr/lib/sysusers.d

install -d "$destdir$bindir" "$destdir$unitdir" "$destdir$sysusersdir" "$destdir$sysconfdir/intake-gateway"
install -m 0755 "$binary" "$destdir$bindir/intake-gateway"
sed -e "s|@BINDIR@|$bindir|g" -e "s|@SYSCONFDIR@|$sysconfdir|g" dist/intake-gateway.service >"$destdir$unitdir/intake-gateway.service"
chmod 0644 "$destdir$unitdir/intake-gateway.service"
install -m 0644 dist/intake-gateway.sysusers "$destdir$sysusersdir/intake-gateway.conf"
# Every option, commented out, from the binary's own option table (the same table README's comes from).
"$binary" env-example >"$destdir$sysconfdir/intake-gateway/intake-gateway.env.example"
chmod 0644 "$destdir$sysconfdir/intake-gateway/intake-gateway.env.example"

echo "installed $destdir$bindir/intake-gateway, $destdir$unitdir/intake-gateway.service,"
echo "          $destdir$sysusersdir/intake-gateway.conf, $destdir$sysconfdir/intake-gateway/intake-gateway.env.example"
if [ -z "$destdir" ]; then
  if command -v systemd-sysusers >/dev/null; then systemd-sysusers "$sysusersdir/intake-gateway.conf"; fi
  if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
  echo "next: cp $sysconfdir/intake-gateway/intake-gateway.env.example $sysconfdir/intake-gateway/intake-gateway.env (chmod 0640,"
  echo "      root:intake-gateway), set the options, intake-gateway check-config, systemctl enable --now intake-gateway"
fi

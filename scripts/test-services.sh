#!/usr/bin/env bash
# start|stop DIR: throwaway PostgreSQL and Dovecot on loopback for the tests. `start` writes DIR/env with
# INTAKE_TEST_POSTGRES_URL and INTAKE_TEST_IMAP_* for the tests to read.
set -euo pipefail
action=$1
dir=$2
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pg_port=${INTAKE_TEST_PG_PORT:-54329}
imap_port=${INTAKE_TEST_IMAP_PORT:-14143}

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  mkdir -p "$dir/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pg"
  as_postgres "$pg_bin/initdb" -D "$dir/pg/data" -A trust -U postgres --no-sync >"$dir/pg/initdb.log" 2>&1
  # (DIR is removed when the tests end: a server that does not start shows its log here, not "examine the log".)
  if ! as_postgres "$pg_bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$dir/pg -c fsync=off -c max_connections=200" start >/dev/null; then
    echo "PostgreSQL did not start on 127.0.0.1:$pg_port; the end of its log:" >&2
    tail -n 30 "$dir/pg/server.log" >&2 || true
    exit 1
  fi
  as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres intake_test
  echo "export INTAKE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$pg_port/intake_test" >>"$dir/env"
  echo "PostgreSQL on 127.0.0.1:$pg_port"
}

stop_postgres() {
  [ -d "$dir/pg/data" ] && as_postgres "$pg_bin/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
}

start_dovecot() {
  mkdir -p "$dir/dovecot/mail" "$dir/dovecot/run"
  local user=intake password=intake-test-password
  # Dovecot refuses to run its login and internal processes as root; Debian's package creates these users.
  # Mail itself may not belong to UID 0 either: as root, the test user's mail belongs to the dovecot user.
  local login_user internal_user internal_group mail_uid mail_gid
  if [ "$(id -u)" = 0 ]; then
    login_user=dovenull internal_user=dovecot internal_group=dovecot
    mail_uid=$(id -u dovecot) mail_gid=$(id -g dovecot)
    chown "$mail_uid:$mail_gid" "$dir/dovecot/mail"
  else
    login_user=$(id -un) internal_user=$(id -un) internal_group=$(id -gn)
    mail_uid=$(id -u) mail_gid=$(id -g)
  fi
  echo "$user:{PLAIN}$password:$mail_uid:$mail_gid::$dir/dovecot/mail/$user" >"$dir/dovecot/passwd"
  cat >"$dir/dovecot/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $dir/dovecot/run
state_dir = $dir/dovecot/run
log_path = $dir/dovecot/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
default_internal_user = $internal_user
default_login_user = $login_user
default_internal_group = $internal_group
first_valid_uid = 0
first_valid_gid = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/dovecot/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/dovecot/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
namespace inbox {
  inbox = yes
  mailbox Junk {
    auto = create
  }
  mailbox Processed {
    auto = create
  }
  mailbox Rejected {
    auto = create
  }
}
CONF
  /usr/sbin/dovecot -c "$dir/dovecot/dovecot.conf"
  for _ in $(seq 1 50); do
    (exec 3<>/dev/tcp/127.0.0.1/$imap_port) 2>/dev/null && break
    sleep 0.1
  done
  {
    echo "export INTAKE_TEST_IMAP_URL=imap://127.0.0.1:$imap_port"
    echo "export INTAKE_TEST_IMAP_USER=$user"
    echo "export INTAKE_TEST_IMAP_PASSWORD=$password"
  } >>"$dir/env"
  echo "Dovecot IMAP on 127.0.0.1:$imap_port"
}

stop_dovecot() {
  [ -f "$dir/dovecot/dovecot.conf" ] && doveadm -c "$dir/dovecot/dovecot.conf" stop >/dev/null 2>&1 || true
}

case "$action" in
  start)
    : >"$dir/env"
    start_postgres
    start_dovecot
    ;;
  stop)
    stop_dovecot
    stop_postgres
    ;;
  *) echo "usage: $0 start|stop DIR"; exit 2 ;;
esac

#!/usr/bin/env bash
# A private PostgreSQL cluster for the test stage, on its own port (default 54329), trust auth on
# loopback only. Usage: postgres.sh start|stop [PORT]. Starting a running cluster does nothing.
set -euo pipefail
action=${1:-start}
port=${2:-54329}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] || { echo "PostgreSQL is not installed (Debian package postgresql)" >&2; exit 1; }
data=/tmp/planwatch-postgres-$port
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi

case "$action" in
  start)
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$data"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
      "${as_owner[@]}" "$pg_bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $data -c fsync=off" start >/dev/null
    fi
    "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='planwatch'" \
      | grep -q 1 || "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres planwatch
    echo "PostgreSQL ready on 127.0.0.1:$port"
    ;;
  stop)
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data" stop -m fast >/dev/null 2>&1 || true
    ;;
  *) echo "usage: postgres.sh start|stop [PORT]" >&2; exit 2 ;;
esac

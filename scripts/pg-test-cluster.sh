#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suites.
#   pg-test-cluster.sh start STATE_DIR [durable]   initdb + start on a free port; writes STATE_DIR/url
#     (durable: fsync and synchronous commit on and a larger cache, as in production — for benchmarks)
#   pg-test-cluster.sh stop STATE_DIR    stop and delete it
# The data directory lives under /tmp (the postgres user may not be able to
# reach the build tree); STATE_DIR/datadir records where. As root, the server
# runs as the `postgres` user, since PostgreSQL refuses to run as root.
set -euo pipefail

cmd=${1:?usage: pg-test-cluster.sh start|stop STATE_DIR}
state=${2:?usage: pg-test-cluster.sh start|stop STATE_DIR}
mode=${3:-}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "pg-test-cluster: PostgreSQL server binaries not found (run scripts/install-deps.sh)" >&2; exit 1; }

as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); fi

stop() {
  [ -f "$state/datadir" ] || return 0
  local data
  data=$(cat "$state/datadir")
  if [ -d "$data/data" ]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$data/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$data" "$state"
}

start() {
  stop
  mkdir -p "$state"
  local data
  data=$(mktemp -d /tmp/entitled-pg-XXXXXX)
  echo "$data" > "$state/datadir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$data"; fi
  "${as_pg[@]}" "$pgbin/initdb" -D "$data/data" -U postgres --auth=trust -E UTF8 --locale=C >"$state/initdb.log" 2>&1 \
    || { cat "$state/initdb.log" >&2; exit 1; }
  local port
  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 20000))
    # Durability is irrelevant for a cluster deleted after the tests; speed is not.
    local settings="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if [ "$mode" = durable ]; then settings="-c shared_buffers=1GB -c max_wal_size=4GB"; fi
    if "${as_pg[@]}" "$pgbin/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 \
        -o "-p $port -k $data -c listen_addresses=127.0.0.1 $settings -c max_connections=300" \
        start >/dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$port/postgres" > "$state/url"
      echo "pg-test-cluster: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $port"
      return 0
    fi
  done
  cat "$data/server.log" >&2 || true
  echo "pg-test-cluster: could not start PostgreSQL" >&2
  exit 1
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: pg-test-cluster.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac

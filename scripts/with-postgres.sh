#!/bin/sh
# Runs a command (the test suite) next to a throwaway PostgreSQL server, then stops the server, even when the command
# fails. The server comes from Debian's `postgresql` package (installed here when missing), is initialised into a
# temporary folder, listens on 127.0.0.1 on a free port only, and trusts local connections: it holds test data only.
# Its URL is exported as STORYWEAVE_TEST_PG; tests that need it skip, with the reason, when it is not set.
#
#   sh scripts/with-postgres.sh .venv/bin/python -m pytest
#
# As root (CI), initdb and postgres refuse to run, so they run as the `postgres` system user the package creates.
set -u

pg_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BIN=$(pg_bindir)
if [ -z "$BIN" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "with-postgres: installing Debian's postgresql package" >&2
  attempt=1
  while [ "$attempt" -le 5 ]; do
    if apt-get update -qq >/dev/null 2>&1 &&
       DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1; then
      break
    fi
    echo "with-postgres: apt busy or failed (attempt $attempt), retrying in 15 s" >&2
    attempt=$((attempt + 1))
    sleep 15
  done
  BIN=$(pg_bindir)
fi
if [ -z "$BIN" ]; then
  echo "with-postgres: PostgreSQL is not installed (apt-get install postgresql); its tests will be skipped" >&2
  exec "$@"
fi

WORK=$(mktemp -d /tmp/storyweave-pg.XXXXXX)
AS=""
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres "$WORK"
  AS="runuser -u postgres --"
fi
# A free port: bind port 0 and read back what the kernel chose (a race with another process is possible but rare, and
# pg_ctl then fails loudly below).
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  $AS "$BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$WORK"
}

# C.UTF-8: the text-search parser classifies letters by the server's locale; under plain C, accented letters would
# split words. fsync and synchronous_commit are off: the data is thrown away, and the tests run several times faster.
if $AS "$BIN/initdb" -D "$WORK/data" -U storyweave --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 &&
   $AS "$BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 \
     -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
     start >/dev/null; then
  STORYWEAVE_TEST_PG="postgresql://storyweave@127.0.0.1:$PORT/postgres"
  export STORYWEAVE_TEST_PG
  echo "with-postgres: throwaway PostgreSQL at $STORYWEAVE_TEST_PG" >&2
else
  echo "with-postgres: could not start PostgreSQL; its tests will be skipped. Log:" >&2
  cat "$WORK/initdb.log" "$WORK/server.log" >&2 2>/dev/null
fi

trap stop EXIT
trap 'exit 130' INT TERM
"$@"
status=$?
exit $status

# The embedded PostgreSQL: with no DATABASE_URL, a private cluster under .data/pg (initdb and
# pg_ctl of the system's PostgreSQL 15) listening on 127.0.0.1:$IKTOMI_PG_PORT. Sourced by the
# scripts; pg_up exports DATABASE_URL, pg_down stops the cluster if pg_up started it.
# IKTOMI_PG_TLS=1 starts it with ssl=on and a certificate from a throwaway CA (.data/pg/tls, made
# by scripts/lib/pg-tls-certs); DATABASE_URL then asks for sslmode=verify-full against that CA.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR="$PWD/.data/pg"
PG_PORT=${IKTOMI_PG_PORT:-55432}
PG_TLS=${IKTOMI_PG_TLS:-0}
PG_STARTED=0

# Another checkout's cluster (or anything else) may hold the default port: without
# IKTOMI_PG_PORT, the next free one of the ten after it is taken instead.
pg_free_port() {
  [[ -n ${IKTOMI_PG_PORT:-} ]] && return
  local tries=0
  while (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; do
    ((++tries <= 10)) || { echo "[pg] ports $((PG_PORT - 10))..$PG_PORT are all taken; set IKTOMI_PG_PORT" >&2; return 1; }
    PG_PORT=$((PG_PORT + 1))
  done
}

# initdb and the server refuse to run as root; root runs them as the postgres user.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_up() {
  if [[ -n ${DATABASE_URL:-} ]]; then return; fi
  mkdir -p "$PG_DIR"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$PG_DIR"
  if [[ ! -f $PG_DIR/data/PG_VERSION ]]; then
    echo "[pg] creating a private cluster in $PG_DIR" >&2
    as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres --no-sync >/dev/null
  fi
  local ssl="" query=""
  if [[ $PG_TLS == 1 ]]; then
    "$(dirname "${BASH_SOURCE[0]}")/pg-tls-certs" "$PG_DIR/tls"
    [[ $(id -u) -eq 0 ]] && chown -R postgres: "$PG_DIR/tls"
    ssl="-c ssl=on -c ssl_cert_file=$PG_DIR/tls/server.crt -c ssl_key_file=$PG_DIR/tls/server.key"
    query="?sslmode=verify-full&sslrootcert=$PG_DIR/tls/ca.crt"
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
    # Running already, perhaps on a port chosen below: its pid file names it.
    PG_PORT=$(sed -n 4p "$PG_DIR/data/postmaster.pid")
    if [[ $PG_TLS == 1 ]] && [[ $(as_pg "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -qtAc "SHOW ssl") != on ]]; then
      echo "[pg] the cluster in $PG_DIR already runs without TLS; stop it first for IKTOMI_PG_TLS=1" >&2
      return 1
    fi
  else
    pg_free_port || return 1
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -s \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${IKTOMI_PG_FSYNC:-on} $ssl" start
    PG_STARTED=1
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/iktomi$query"
  as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname = 'iktomi'" | grep -q 1 \
    || as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres iktomi
  echo "[pg] $DATABASE_URL" >&2
}

pg_down() {
  if ((PG_STARTED)); then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -s stop || true
    PG_STARTED=0
  fi
}

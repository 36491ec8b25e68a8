#!/usr/bin/env bash
# Helpers for `./run.sh --cluster N`: a private PostgreSQL (Debian's package, run as the postgres
# user, data under the data folder) where the silos log in with a password as a role that owns only
# their database, and a private Mosquitto with a device listener (client id = user name, per-kind
# ACLs) and a loopback ingest listener for the silos. Sourced after scripts/influxd.sh (uses
# _influx_say, pid_alive, stop_pid, port_in_use). See docs/operations.md, "Cluster mode".
#
#   ensure_secret FILE                  a random password in FILE (mode 0600), made once
#   pg_start DATA_DIR PORT LOGFILE SECRET_FILE   sets PG_PID; creates the cluster, the role and its
#                                       database on first start; upgrades a cluster made with trust auth
#   pg_stop                             fast shutdown of what pg_start started
#   mosquitto_start DATA_DIR PORT INGEST_PORT CREDENTIALS_JSON INGEST_SECRET_FILE SIM_DLL LOGFILE
#                                       sets MOSQUITTO_PID

PG_PID="" PG_DIR="" MOSQUITTO_PID=""
# The role the silos log in as; it owns the database of the same name and nothing else.
PG_ROLE=commandcenter

ensure_secret() {
  [[ -s "$1" ]] || (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$1")
  chmod 600 "$1"
}

# The newest installed PostgreSQL server (Debian installs each major version side by side).
pg_bin() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$dir" && -x "$dir/postgres" ]] || return 1
  printf '%s\n' "$dir"
}

# pg_hba.conf: the superuser only over the unix socket in the data folder, as the OS user postgres;
# the silos' role only to its database over TCP, with a password. Written as the postgres user.
_pg_write_hba() {
  runuser -u postgres -- tee "$PG_DIR/db/pg_hba.conf" >/dev/null <<HBA
# Written by run.sh --cluster (scripts/cluster.sh).
# TYPE  DATABASE        USER            ADDRESS                 METHOD
local   all             postgres                                peer
host    $PG_ROLE   $PG_ROLE   127.0.0.1/32            scram-sha-256
HBA
}

# pg_start DATA_DIR PORT LOGFILE SECRET_FILE
pg_start() {
  local data=$1 port=$2 log=$3 secret=$4 bin
  bin=$(pg_bin) || { _influx_say "PostgreSQL server not found under /usr/lib/postgresql (package postgresql)"; return 1; }
  PG_DIR="$data/postgres"
  # PostgreSQL refuses to run as root; it runs as the postgres user, which must reach the data folder.
  if ! runuser -u postgres -- test -x "$data"; then
    _influx_say "The postgres user cannot enter $data; use a --data folder outside a private home directory."
    return 1
  fi
  if port_in_use "$port"; then
    _influx_say "port $port is already in use; set CC_PG_PORT to a free port."
    return 1
  fi
  mkdir -p "$PG_DIR"
  chown postgres:postgres "$PG_DIR"
  # The server itself appends to the log, as the postgres user.
  touch "$log" && chown postgres "$log"
  chmod 700 "$PG_DIR"
  if [[ ! -f "$PG_DIR/db/PG_VERSION" ]]; then
    printf 'Creating the PostgreSQL cluster in %s... ' "$PG_DIR/db"
    runuser -u postgres -- "$bin/initdb" -D "$PG_DIR/db" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 >>"$log" 2>&1 \
      || { echo failed; _influx_say "initdb failed (see $log)"; return 1; }
    _pg_write_hba
    echo done.
  elif grep -Eq '^[[:space:]]*(local|host)[^#]*[[:space:]]trust([[:space:]]|$)' "$PG_DIR/db/pg_hba.conf"; then
    # Made by an older run.sh, where anyone on this machine could log in as the superuser.
    echo "Upgrading PostgreSQL in $PG_DIR/db from trust to password authentication:"
    echo "  pg_hba.conf now lets the silos in only as role $PG_ROLE with its password (scram-sha-256) and"
    echo "  the superuser only over the unix socket as the OS user postgres (the old file is pg_hba.conf.trust);"
    echo "  database $PG_ROLE and its tables now belong to role $PG_ROLE."
    runuser -u postgres -- cp -p "$PG_DIR/db/pg_hba.conf" "$PG_DIR/db/pg_hba.conf.trust"
    _pg_write_hba
  fi
  # Loopback only, socket in the data folder, so it never collides with a system PostgreSQL.
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/db" -l "$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR" start >/dev/null \
    || { _influx_say "PostgreSQL did not start (see $log)"; return 1; }
  PG_PID=$(head -n 1 "$PG_DIR/db/postmaster.pid")
  # On every start, so the role's password is always the one in SECRET_FILE. Through stdin, so the
  # password is on no command line; statements with it are kept out of the server log even on error.
  local password
  password=$(<"$secret")
  password=${password//\'/\'\'}
  runuser -u postgres -- psql -h "$PG_DIR" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >>"$log" 2>&1 <<SQL \
    || { _influx_say "could not set up role and database $PG_ROLE (see $log)"; return 1; }
\set VERBOSITY terse
SET log_statement = 'none';
SET log_min_error_statement = 'panic';
SET password_encryption = 'scram-sha-256';
SELECT 'CREATE ROLE $PG_ROLE' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') \gexec
ALTER ROLE $PG_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '$password';
SELECT 'CREATE DATABASE $PG_ROLE OWNER $PG_ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_ROLE') \gexec
ALTER DATABASE $PG_ROLE OWNER TO $PG_ROLE;
REVOKE ALL ON DATABASE $PG_ROLE FROM PUBLIC;
\connect $PG_ROLE
-- Tables an older run.sh's silos made as the superuser.
SELECT format('ALTER TABLE public.%I OWNER TO $PG_ROLE', tablename) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '$PG_ROLE' \gexec
SQL
}

pg_stop() {
  [[ -n "$PG_PID" ]] || return 0
  local bin
  bin=$(pg_bin) && runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/db" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  PG_PID=""
}

# mosquitto_start DATA_DIR PORT INGEST_PORT CREDENTIALS_JSON INGEST_SECRET_FILE SIM_DLL LOGFILE
# The simulators' `broker` verb writes the configuration (MosquittoClusterConfig): devices on PORT,
# logging in with their id and secret, client id = user name, each allowed only its kind's topics under
# its own id; the silos on 127.0.0.1:INGEST_PORT as cc-ingest, keeping their own client ids.
mosquitto_start() {
  local data=$1 port=$2 ingest_port=$3 credentials=$4 secret=$5 sim_dll=$6 log=$7
  local dir="$data/mosquitto" p
  for p in "$port" "$ingest_port"; do
    if port_in_use "$p"; then
      _influx_say "port $p is already in use; set CC_MQTT_PORT and CC_MQTT_INGEST_PORT to free ports."
      return 1
    fi
  done
  # One password file and ACL for both kinds of client, as older versions of run.sh wrote them.
  rm -f "$dir/passwd" "$dir/acl"
  dotnet "$sim_dll" broker --credentials "$credentials" --out "$dir" --port "$port" --ingest-port "$ingest_port" \
    --ingest-secret "$secret" >>"$log" 2>&1 || { _influx_say "could not write the Mosquitto configuration (see $log)"; return 1; }
  # Debian's mosquitto drops to the mosquitto user when started as root; it must read its files.
  chown -R mosquitto "$dir" 2>/dev/null || true
  setsid mosquitto -c "$dir/mosquitto.conf" </dev/null >>"$log" 2>&1 &
  MOSQUITTO_PID=$!
  local deadline=$((SECONDS + 15))
  until port_in_use "$port" && port_in_use "$ingest_port"; do
    pid_alive "$MOSQUITTO_PID" || { _influx_say "mosquitto exited at start (see $log)"; return 1; }
    (( SECONDS < deadline )) || { _influx_say "mosquitto did not listen on $port and $ingest_port within 15s (see $log)"; return 1; }
    sleep 0.2
  done
}

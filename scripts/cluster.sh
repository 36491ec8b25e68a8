#!/usr/bin/env bash
# Helpers for `./run.sh --cluster N`: a private PostgreSQL (Debian's package, run as the postgres
# user, data under the data folder) and a private Mosquitto that authenticates the devices of the
# demo city and confines each to its own topics. Sourced after scripts/influxd.sh (uses _influx_say,
# pid_alive, stop_pid, port_in_use).
#
#   pg_start DATA_DIR PORT LOGFILE      sets PG_PID; creates the cluster and database on first start
#   pg_stop                             fast shutdown of what pg_start started
#   mosquitto_start DATA_DIR PORT CREDENTIALS_JSON INGEST_PASSWORD LOGFILE   sets MOSQUITTO_PID

PG_PID="" PG_DIR="" MOSQUITTO_PID=""

# The newest installed PostgreSQL server (Debian installs each major version side by side).
pg_bin() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$dir" && -x "$dir/postgres" ]] || return 1
  printf '%s\n' "$dir"
}

# pg_start DATA_DIR PORT LOGFILE
pg_start() {
  local data=$1 port=$2 log=$3 bin
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
    runuser -u postgres -- "$bin/initdb" -D "$PG_DIR/db" -U postgres --auth=trust -E UTF8 >>"$log" 2>&1 \
      || { echo failed; _influx_say "initdb failed (see $log)"; return 1; }
    echo done.
  fi
  # Loopback only, socket in the data folder, so it never collides with a system PostgreSQL.
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/db" -l "$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR" start >/dev/null \
    || { _influx_say "PostgreSQL did not start (see $log)"; return 1; }
  PG_PID=$(head -n 1 "$PG_DIR/db/postmaster.pid")
  if ! runuser -u postgres -- psql -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='commandcenter'" | grep -q 1; then
    runuser -u postgres -- psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE commandcenter" >>"$log" 2>&1 \
      || { _influx_say "could not create database commandcenter (see $log)"; return 1; }
  fi
}

pg_stop() {
  [[ -n "$PG_PID" ]] || return 0
  local bin
  bin=$(pg_bin) && runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/db" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  PG_PID=""
}

# mosquitto_start DATA_DIR PORT CREDENTIALS_JSON INGEST_PASSWORD LOGFILE
# Devices log in with their id and secret from the demo credentials; the ACL lets each write only
# below its own id, and the ingest user read everything (see docs/operations.md).
mosquitto_start() {
  local data=$1 port=$2 credentials=$3 ingest_password=$4 log=$5
  local dir="$data/mosquitto"
  mkdir -p "$dir/persistence"
  if port_in_use "$port"; then
    _influx_say "port $port is already in use; set CC_MQTT_PORT to a free port."
    return 1
  fi
  # Plain "user:password" lines, then hashed in place by mosquitto_passwd -U.
  printf 'cc-ingest:%s\n' "$ingest_password" >"$dir/passwd"
  python3 -c 'import json, sys
for device in json.load(open(sys.argv[1]))["devices"]:
    print(device["id"] + ":" + device["secret"])' "$credentials" >>"$dir/passwd" \
    || { _influx_say "could not read the device credentials in $credentials"; return 1; }
  chmod 600 "$dir/passwd"
  mosquitto_passwd -U "$dir/passwd" || { _influx_say "mosquitto_passwd failed"; return 1; }
  cat >"$dir/acl" <<ACL
user cc-ingest
topic read cc/v1/#

pattern write cc/v1/+/%u/#
ACL
  cat >"$dir/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous false
password_file $dir/passwd
acl_file $dir/acl
persistence true
persistence_location $dir/persistence/
max_queued_messages 100000
log_dest stdout
CONF
  # Debian's mosquitto drops to the mosquitto user when started as root; it must read its files.
  chown -R mosquitto "$dir" 2>/dev/null || true
  setsid mosquitto -c "$dir/mosquitto.conf" </dev/null >>"$log" 2>&1 &
  MOSQUITTO_PID=$!
  local deadline=$((SECONDS + 15))
  until port_in_use "$port"; do
    pid_alive "$MOSQUITTO_PID" || { _influx_say "mosquitto exited at start (see $log)"; return 1; }
    (( SECONDS < deadline )) || { _influx_say "mosquitto did not listen on $port within 15s (see $log)"; return 1; }
    sleep 0.2
  done
}

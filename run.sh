#!/usr/bin/env bash
# The one command: builds the solution, starts influxd, the command center and the simulators,
# and stops exactly what it started on Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/influxd.sh
. "$ROOT/scripts/influxd.sh"
# shellcheck source=scripts/cluster.sh
. "$ROOT/scripts/cluster.sh"

usage() {
  cat <<EOF
Usage: ./run.sh [options]

Builds CommandCenter (Release), starts a local InfluxDB, the command center and the device
simulators, and prints the URL. Ctrl-C stops everything it started.

Options:
  --no-sim          start without the simulators
  --data DIR        data and logs folder (default: ./data; env CC_DATA)
  --elevators N     elevators of the demo city (preset demo) when it is first generated (default: 24; env CC_SIM_ELEVATORS)
  --cluster N       cluster mode: PostgreSQL, Mosquitto and N silos (1-9) on this machine, each silo
                    serving the web UI on its own ports (CC_HTTP_PORT, +1, ...; CC_HTTPS_PORT, +1, ...)
                    with the demo CA of DATA/tls shared by all; a silo that dies is
                    restarted. Devices connect to Mosquitto on CC_MQTT_PORT (client id = user name,
                    each device only its own topics), the silos on CC_MQTT_INGEST_PORT (127.0.0.1
                    only); the silos log in to PostgreSQL as role commandcenter with a generated
                    password. See docs/operations.md.
  -h, --help        show this help

Environment:
  CC_HTTP_PORT        web UI and API port          (default 5080, loopback only)
  CC_HTTPS_PORT       web UI and API over HTTPS    (default 5443, all interfaces; demo CA in DATA/tls/ca.crt)
  CC_MQTT_PORT        MQTT port for devices        (default 1883; the embedded broker, loopback only, or
                                                   Mosquitto's device listener with --cluster)
  CC_MQTT_TLS_PORT    MQTT over TLS port           (default 8883, all interfaces; demo CA in DATA/tls/ca.crt)
  CC_MQTT_INGEST_PORT Mosquitto's listener for the silos, --cluster (default CC_MQTT_PORT + 1000)
  CC_INFLUX_PORT      InfluxDB HTTP port           (default 8086)
  CC_INFLUX_RPC_PORT  InfluxDB RPC (backup) port   (default CC_INFLUX_PORT + 2)
  CC_PG_PORT          PostgreSQL port, --cluster   (default 5433)
  CC_DATA, CC_SIM_ELEVATORS  as the options above
EOF
}

die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }
usage_error() { printf 'run.sh: %s\n\n' "$*" >&2; usage >&2; exit 2; }

SIM=1
SILOS=0
DATA=${CC_DATA:-}
ELEVATORS=${CC_SIM_ELEVATORS:-24}
while (( $# )); do
  case "$1" in
    --no-sim) SIM=0 ;;
    --data) (( $# > 1 )) || usage_error "--data needs a folder"; DATA=$2; shift ;;
    --data=*) DATA=${1#*=} ;;
    --elevators) (( $# > 1 )) || usage_error "--elevators needs a number"; ELEVATORS=$2; shift ;;
    --elevators=*) ELEVATORS=${1#*=} ;;
    --cluster) (( $# > 1 )) || usage_error "--cluster needs a number of silos"; SILOS=$2; shift ;;
    --cluster=*) SILOS=${1#*=} ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown option: $1" ;;
  esac
  shift
done
[[ "$ELEVATORS" =~ ^[1-9][0-9]*$ ]] || usage_error "--elevators must be a positive number, got '$ELEVATORS'"
[[ "$SILOS" =~ ^[0-9]$ ]] || usage_error "--cluster must be a number of silos from 1 to 9, got '$SILOS'"

HTTP_PORT=${CC_HTTP_PORT:-5080}
HTTPS_PORT=${CC_HTTPS_PORT:-5443}
MQTT_PORT=${CC_MQTT_PORT:-1883}
MQTT_TLS_PORT=${CC_MQTT_TLS_PORT:-8883}
INFLUX_PORT=${CC_INFLUX_PORT:-8086}
INFLUX_RPC_PORT=${CC_INFLUX_RPC_PORT:-$((INFLUX_PORT + 2))}
PG_PORT=${CC_PG_PORT:-5433}
[[ "$MQTT_PORT" =~ ^[0-9]+$ ]] || usage_error "CC_MQTT_PORT must be a port number, got '$MQTT_PORT'"
MQTT_INGEST_PORT=${CC_MQTT_INGEST_PORT:-$((10#$MQTT_PORT + 1000))}
for var in HTTP_PORT HTTPS_PORT MQTT_PORT MQTT_TLS_PORT INFLUX_PORT INFLUX_RPC_PORT PG_PORT $( ((SILOS)) && echo MQTT_INGEST_PORT); do
  [[ "${!var}" =~ ^[0-9]{1,5}$ ]] && (( 10#${!var} >= 1 && 10#${!var} <= 65535 )) \
    || usage_error "CC_$var must be a port number from 1 to 65535, got '${!var}'"
done

# A relative --data is relative to where the user stands; the default lives in the repo.
mkdir -p "${DATA:-$ROOT/data}" || die "cannot create data folder ${DATA:-$ROOT/data}"
DATA=$(cd "${DATA:-$ROOT/data}" && pwd)
LOGS="$DATA/logs"
mkdir -p "$LOGS"
cd "$ROOT"

CC_BIN="$ROOT/src/CommandCenter/bin/Release/net10.0"
SIM_DLL="$ROOT/simulators/bin/Release/net10.0/CommandCenter.Simulators.dll"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

CC_PID="" SIM_PID="" SILO_PIDS=()

# Runs on every exit path (Ctrl-C, failed start, command center exiting on its own).
# Order matters: producers first, so nothing writes to a store that is already gone.
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  # A second Ctrl-C must not orphan half-stopped children; stop_pid's timeouts bound the wait.
  trap - EXIT
  trap '' INT TERM HUP
  local stopped=""
  if [[ -n "$SIM_PID" ]]; then stop_pid "$SIM_PID" simulators 15; stopped+=", simulators (pid $SIM_PID)"; fi
  if [[ -n "$CC_PID" ]]; then stop_pid "$CC_PID" "command center" 30; stopped+=", command center (pid $CC_PID)"; fi
  local i
  for i in "${!SILO_PIDS[@]}"; do
    stop_pid "${SILO_PIDS[$i]}" "silo $((i + 1))" 30; stopped+=", silo $((i + 1)) (pid ${SILO_PIDS[$i]})"
  done
  if [[ -n "$MOSQUITTO_PID" ]]; then stop_pid "$MOSQUITTO_PID" mosquitto 10; stopped+=", mosquitto (pid $MOSQUITTO_PID)"; fi
  if [[ -n "$PG_PID" ]]; then pg_stop; stopped+=", PostgreSQL"; fi
  if [[ -n "$INFLUX_PID" ]]; then
    if (( INFLUX_STARTED )); then
      influx_stop "$INFLUX_PID"; stopped+=", influxd (pid $INFLUX_PID)"
    else
      echo "Left running: influxd (pid $INFLUX_PID), which this run did not start."
    fi
  fi
  [[ -z "$stopped" ]] || echo "Stopped: ${stopped#, }."
}
trap cleanup EXIT
trap 'echo; exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

check_port_free() {  # PORT VAR
  port_in_use "$1" && die "port $1 is already in use by another process; set $2 to a free port."
  return 0
}

build() {
  local log="$LOGS/build.log" start=$SECONDS
  printf 'Building (first build takes ~1 min)… '
  if ! dotnet build CommandCenter.sln -c Release -nologo >"$log" 2>&1; then
    echo "failed. Last lines of $log:"
    tail -n 30 "$log" >&2
    die "build failed (full log: $log)"
  fi
  echo "done in $((SECONDS - start))s."
  [[ -f "$CC_BIN/CommandCenter.dll" ]] || die "build produced no $CC_BIN/CommandCenter.dll"
  [[ -f "$SIM_DLL" ]] || die "build produced no $SIM_DLL"
}

# The demo city (city.json) and the device registry and credentials derived from it; files already
# there (and their secrets) are kept, and a warning in the log says if they disagree. A city.json of
# an older version (the city verb exits 3) is the user's data: say how to upgrade it, change nothing.
generate_city() {
  local rc=0
  dotnet "$SIM_DLL" city --out "$DATA" --preset demo --elevators "$ELEVATORS" >>"$LOGS/simulators.log" 2>&1 || rc=$?
  if (( rc == 3 )); then
    die "$DATA/city.json was written by an older build (an older city file version; version 1 had no departments, version 2 no phone numbers).
Upgrade it in place, keeping everything in it (version 1 gains the default departments 城管 市政 住建 市场监管 交警; version 2's people keep their names with empty phones to fill in):
  dotnet $SIM_DLL upgrade --city $DATA/city.json
then run ./run.sh again; or move the data folder aside to start with a new demo city. Details: $LOGS/simulators.log"
  fi
  (( rc == 0 )) || die "could not generate the demo city (see $LOGS/simulators.log)"
}

start_command_center() {
  local log="$LOGS/commandcenter.log"
  printf '\n=== command center starting %s ===\n' "$(date -Is)" >>"$log"
  # setsid keeps Ctrl-C away from the child so that cleanup decides the stop order.
  ASPNETCORE_ENVIRONMENT=Production Logging__Console__FormatterOptions__ColorBehavior=Disabled \
    setsid dotnet "$CC_BIN/CommandCenter.dll" --contentRoot "$CC_BIN" --urls "http://127.0.0.1:$HTTP_PORT" \
      --Https:Port="$HTTPS_PORT" --Https:DemoAuthority=true \
      --Mqtt:Port="$MQTT_PORT" --Mqtt:Tls:Port="$MQTT_TLS_PORT" --Mqtt:Tls:DemoAuthority=true \
      --Influx:Url="http://127.0.0.1:$INFLUX_PORT" --Data:Path="$DATA" --DemoUsers=true \
      </dev/null >>"$log" 2>&1 &
  CC_PID=$!
}

# wait_for_health PORT PID LOG: polls /health until 200; on failure shows why and exits.
wait_for_health() {
  local port=$1 pid=$2 log=$3
  local url="http://127.0.0.1:$port/health" deadline=$((SECONDS + 90)) code
  printf 'Waiting for the command center on port %s' "$port"
  while (( SECONDS < deadline )); do
    code=$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$url" 2>/dev/null || true)
    if [[ "$code" == 200 ]]; then echo " up."; return 0; fi
    pid_alive "$pid" || break
    printf '.'
    sleep 1
  done
  echo
  if pid_alive "$pid"; then
    echo "The command center did not report healthy at $url within 90s. /health said:" >&2
    curl -s --max-time 5 "$url" >&2 || echo "(no answer)" >&2
    echo >&2
  else
    echo "The command center exited during start-up." >&2
  fi
  echo "--- last lines of $log:" >&2
  tail -n 30 "$log" >&2
  exit 1
}

start_simulators() {
  local log="$LOGS/simulators.log"
  printf '\n=== simulators starting %s ===\n' "$(date -Is)" >>"$log"
  setsid dotnet "$SIM_DLL" run --port "$MQTT_PORT" --credentials "$DATA/demo-credentials.json" \
    --responders "http://127.0.0.1:$HTTP_PORT" </dev/null >>"$log" 2>&1 &
  SIM_PID=$!
}

# supervise_silo LOG DLL ARGS...: runs one silo and starts it again when it dies, as systemd's
# Restart=always would; TERM stops the silo and the supervisor.
supervise_silo() {
  local log=$1 child="" rc
  shift
  trap '[[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM
  while :; do
    printf '\n=== silo starting %s ===\n' "$(date -Is)" >>"$log"
    dotnet "$@" </dev/null >>"$log" 2>&1 &
    child=$!
    rc=0
    wait "$child" || rc=$?
    printf '=== silo exited with code %s at %s; starting it again in 2 s ===\n' "$rc" "$(date -Is)" >>"$log"
    sleep 2
  done
}

# Cluster mode: PostgreSQL and Mosquitto next to influxd, SILOS silos sharing them, the simulators
# publishing to Mosquitto. Does not return.
run_cluster() {
  ensure_packages postgresql:/usr/lib/postgresql mosquitto:mosquitto || exit 1
  # Passwords made once per data folder, readable by root only; never printed.
  local pg_secret="$DATA/postgres-commandcenter.secret" mqtt_secret="$DATA/mosquitto-ingest.secret"
  ensure_secret "$pg_secret"
  ensure_secret "$mqtt_secret"
  pg_start "$DATA" "$PG_PORT" "$LOGS/postgres.log" "$pg_secret" || exit 1
  mosquitto_start "$DATA" "$MQTT_PORT" "$MQTT_INGEST_PORT" "$DATA/demo-credentials.json" "$mqtt_secret" "$SIM_DLL" "$LOGS/mosquitto.log" || exit 1
  # In the silos' environment rather than on their command lines, which every user can read.
  local password database
  password=$(<"$mqtt_secret")
  database="Host=127.0.0.1;Port=$PG_PORT;Username=$PG_ROLE;Password=$(<"$pg_secret");Database=$PG_ROLE"
  local i port https_port folder log
  for (( i = 1; i <= SILOS; i++ )); do
    port=$((HTTP_PORT + i - 1)) https_port=$((HTTPS_PORT + i - 1)) folder="$DATA/silo-$i" log="$LOGS/silo-$i.log"
    check_port_free "$port" CC_HTTP_PORT
    check_port_free "$https_port" CC_HTTPS_PORT
    mkdir -p "$folder" "$DATA/tls"
    # One demo CA for browsers, whichever silo they use: each silo's tls/ is the data folder's.
    [[ -e "$folder/tls" ]] || ln -s "$DATA/tls" "$folder/tls"
    # One set of console users for the cluster: the first silo writes demo-users.json, the others read a copy.
    (( i == 1 )) || cp -n "$DATA/silo-1/demo-users.json" "$folder/" 2>/dev/null || true
    ASPNETCORE_ENVIRONMENT=Production Logging__Console__FormatterOptions__ColorBehavior=Disabled \
      Mqtt__ExternalPassword="$password" Orleans__PostgresConnectionString="$database" \
      setsid bash -c "$(declare -f supervise_silo); supervise_silo \"\$@\"" supervise_silo "$log" \
        "$CC_BIN/CommandCenter.dll" --contentRoot "$CC_BIN" --urls "http://127.0.0.1:$port" \
        --Https:Port="$https_port" --Https:DemoAuthority=true \
        --Data:Path="$folder" --City:Path="$DATA/city.json" --Devices:RegistryFile="$DATA/devices.json" \
        --Influx:Url="http://127.0.0.1:$INFLUX_PORT" --DemoUsers=true \
        --Orleans:ClusterMode=Postgres --Orleans:Tls:DemoAuthorityFolder="$DATA/tls-cluster" \
        --Orleans:SiloPort=$((11110 + i)) --Orleans:GatewayPort=$((29999 + i)) \
        --Mqtt:Mode=External --Mqtt:ExternalHost=127.0.0.1 --Mqtt:ExternalPort="$MQTT_INGEST_PORT" \
        --Mqtt:ExternalUsername=cc-ingest --Mqtt:ClientId="cc-ingest-silo-$i" </dev/null >/dev/null 2>&1 &
    SILO_PIDS+=($!)
    wait_for_health "$port" "$!" "$log"
  done
  (( SIM == 0 )) || start_simulators

  echo
  echo "CommandCenter cluster is running: $SILOS silo(s), the same city on every one:"
  for (( i = 1; i <= SILOS; i++ )); do
    printf '  silo %s        http://127.0.0.1:%s/  https://%s:%s/   (log: %s)\n' \
      "$i" $((HTTP_PORT + i - 1)) "$(hostname)" $((HTTPS_PORT + i - 1)) "$LOGS/silo-$i.log"
  done
  cat <<EOF
  HTTPS         all interfaces; browsers trust the demo CA $DATA/tls/ca.crt
  Mosquitto     devices 127.0.0.1:$MQTT_PORT (id and secret from demo-credentials.json; client id = id,
                each device only its own topics); silos 127.0.0.1:$MQTT_INGEST_PORT as cc-ingest
                (password in $mqtt_secret)
  PostgreSQL    127.0.0.1:$PG_PORT, database and role $PG_ROLE, scram-sha-256 (password in $pg_secret);
                membership, grain state, reminders, cookie keys
  InfluxDB      http://127.0.0.1:$INFLUX_PORT
  simulators    $( ((SIM)) && echo "$ELEVATORS elevators (log: $LOGS/simulators.log)" || echo "off (--no-sim)")
  data          $DATA
A silo that dies is started again. Press Ctrl-C to stop.
EOF
  wait "${SILO_PIDS[0]}" || true
  exit 1
}

command -v dotnet >/dev/null || die "the .NET SDK ('dotnet') is not on PATH; install .NET SDK 10."
ensure_packages influxdb:influxd curl:curl || exit 1
(( SILOS > 0 )) || check_port_free "$HTTP_PORT" CC_HTTP_PORT
(( SILOS > 0 )) || check_port_free "$HTTPS_PORT" CC_HTTPS_PORT
check_port_free "$MQTT_PORT" CC_MQTT_PORT
(( SILOS > 0 )) || check_port_free "$MQTT_TLS_PORT" CC_MQTT_TLS_PORT

# influxd first: a port conflict shows up before a minute of building, and it starts meanwhile.
influx_start "$DATA" "$INFLUX_PORT" "$INFLUX_RPC_PORT" "$LOGS/influxd.log" || exit 1
build
generate_city
if (( SILOS > 0 )); then
  run_cluster
fi
start_command_center
wait_for_health "$HTTP_PORT" "$CC_PID" "$LOGS/commandcenter.log"
(( SIM == 0 )) || start_simulators

cat <<EOF

CommandCenter is running: http://127.0.0.1:$HTTP_PORT/
  HTTPS         https://$(hostname):$HTTPS_PORT/ (all interfaces); browsers trust the demo CA $DATA/tls/ca.crt
  MQTT broker   127.0.0.1:$MQTT_PORT      InfluxDB  http://127.0.0.1:$INFLUX_PORT
  MQTT over TLS port $MQTT_TLS_PORT (all interfaces); devices trust the demo CA $DATA/tls/ca.crt
  simulators    $( ((SIM)) && echo "$ELEVATORS elevators (log: $LOGS/simulators.log)" || echo "off (--no-sim)")
  data          $DATA  (device credentials for mosquitto_pub: $DATA/demo-credentials.json)
  logs          $LOGS
Press Ctrl-C to stop.
EOF

# Bash runs the INT/TERM traps as soon as a signal interrupts this wait.
rc=0
wait "$CC_PID" || rc=$?
CC_PID=""
echo "The command center exited on its own (exit code $rc). Last lines of $LOGS/commandcenter.log:" >&2
tail -n 20 "$LOGS/commandcenter.log" >&2
exit 1

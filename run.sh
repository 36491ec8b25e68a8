#!/usr/bin/env bash
# The one command: builds the solution, starts influxd, the command center and the simulators,
# and stops exactly what it started on Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/influxd.sh
. "$ROOT/scripts/influxd.sh"

usage() {
  cat <<EOF
Usage: ./run.sh [options]

Builds CommandCenter (Release), starts a local InfluxDB, the command center and the device
simulators, and prints the URL. Ctrl-C stops everything it started.

Options:
  --no-sim          start without the simulators
  --data DIR        data and logs folder (default: ./data; env CC_DATA)
  --elevators N     elevators of the demo city (preset demo) when it is first generated (default: 24; env CC_SIM_ELEVATORS)
  -h, --help        show this help

Environment:
  CC_HTTP_PORT        web UI and API port          (default 5080)
  CC_MQTT_PORT        embedded MQTT broker port    (default 1883)
  CC_INFLUX_PORT      InfluxDB HTTP port           (default 8086)
  CC_INFLUX_RPC_PORT  InfluxDB RPC (backup) port   (default CC_INFLUX_PORT + 2)
  CC_DATA, CC_SIM_ELEVATORS  as the options above
EOF
}

die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }
usage_error() { printf 'run.sh: %s\n\n' "$*" >&2; usage >&2; exit 2; }

SIM=1
DATA=${CC_DATA:-}
ELEVATORS=${CC_SIM_ELEVATORS:-24}
while (( $# )); do
  case "$1" in
    --no-sim) SIM=0 ;;
    --data) (( $# > 1 )) || usage_error "--data needs a folder"; DATA=$2; shift ;;
    --data=*) DATA=${1#*=} ;;
    --elevators) (( $# > 1 )) || usage_error "--elevators needs a number"; ELEVATORS=$2; shift ;;
    --elevators=*) ELEVATORS=${1#*=} ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown option: $1" ;;
  esac
  shift
done
[[ "$ELEVATORS" =~ ^[1-9][0-9]*$ ]] || usage_error "--elevators must be a positive number, got '$ELEVATORS'"

HTTP_PORT=${CC_HTTP_PORT:-5080}
MQTT_PORT=${CC_MQTT_PORT:-1883}
INFLUX_PORT=${CC_INFLUX_PORT:-8086}
INFLUX_RPC_PORT=${CC_INFLUX_RPC_PORT:-$((INFLUX_PORT + 2))}
for var in HTTP_PORT MQTT_PORT INFLUX_PORT INFLUX_RPC_PORT; do
  [[ "${!var}" =~ ^[0-9]+$ ]] || usage_error "CC_$var must be a port number, got '${!var}'"
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

CC_PID="" SIM_PID=""

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
# there (and their secrets) are kept, and a warning in the log says if they disagree.
generate_city() {
  dotnet "$SIM_DLL" city --out "$DATA" --preset demo --elevators "$ELEVATORS" >>"$LOGS/simulators.log" 2>&1 \
    || die "could not generate the demo city (see $LOGS/simulators.log)"
}

start_command_center() {
  local log="$LOGS/commandcenter.log"
  printf '\n=== command center starting %s ===\n' "$(date -Is)" >>"$log"
  # setsid keeps Ctrl-C away from the child so that cleanup decides the stop order.
  ASPNETCORE_ENVIRONMENT=Production Logging__Console__FormatterOptions__ColorBehavior=Disabled \
    setsid dotnet "$CC_BIN/CommandCenter.dll" --contentRoot "$CC_BIN" --urls "http://127.0.0.1:$HTTP_PORT" \
      --Mqtt:Port="$MQTT_PORT" --Influx:Url="http://127.0.0.1:$INFLUX_PORT" --Data:Path="$DATA" \
      </dev/null >>"$log" 2>&1 &
  CC_PID=$!
}

wait_for_health() {
  local url="http://127.0.0.1:$HTTP_PORT/health" deadline=$((SECONDS + 90)) code
  printf 'Waiting for the command center'
  while (( SECONDS < deadline )); do
    code=$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$url" 2>/dev/null || true)
    if [[ "$code" == 200 ]]; then echo " up."; return 0; fi
    pid_alive "$CC_PID" || break
    printf '.'
    sleep 1
  done
  echo
  if pid_alive "$CC_PID"; then
    echo "The command center did not report healthy at $url within 90s. /health said:" >&2
    curl -s --max-time 5 "$url" >&2 || echo "(no answer)" >&2
    echo >&2
  else
    echo "The command center exited during start-up." >&2
  fi
  echo "--- last lines of $LOGS/commandcenter.log:" >&2
  tail -n 30 "$LOGS/commandcenter.log" >&2
  exit 1
}

start_simulators() {
  local log="$LOGS/simulators.log"
  printf '\n=== simulators starting %s ===\n' "$(date -Is)" >>"$log"
  setsid dotnet "$SIM_DLL" run --port "$MQTT_PORT" --credentials "$DATA/demo-credentials.json" </dev/null >>"$log" 2>&1 &
  SIM_PID=$!
}

command -v dotnet >/dev/null || die "the .NET SDK ('dotnet') is not on PATH; install .NET SDK 10."
ensure_packages influxdb:influxd curl:curl || exit 1
check_port_free "$HTTP_PORT" CC_HTTP_PORT
check_port_free "$MQTT_PORT" CC_MQTT_PORT

# influxd first: a port conflict shows up before a minute of building, and it starts meanwhile.
influx_start "$DATA" "$INFLUX_PORT" "$INFLUX_RPC_PORT" "$LOGS/influxd.log" || exit 1
build
generate_city
start_command_center
wait_for_health
(( SIM == 0 )) || start_simulators

cat <<EOF

CommandCenter is running: http://127.0.0.1:$HTTP_PORT/
  MQTT broker   127.0.0.1:$MQTT_PORT      InfluxDB  http://127.0.0.1:$INFLUX_PORT
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

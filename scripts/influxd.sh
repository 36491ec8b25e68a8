#!/usr/bin/env bash
# Helpers shared by run.sh and test.sh: a private influxd (InfluxDB 1.x) under a data folder,
# stopping processes by pid, and installing missing Debian packages.
#
# Sourced:   . scripts/influxd.sh; influx_start DATA_DIR HTTP_PORT RPC_PORT LOGFILE  (sets INFLUX_PID,
#            INFLUX_STARTED=1 when this call launched it, 0 when it reused one) ... influx_stop "$INFLUX_PID"
# Called:    scripts/influxd.sh start DATA_DIR HTTP_PORT RPC_PORT LOGFILE   (prints the pid)
#            scripts/influxd.sh stop PID
# Env:       INFLUX_START_TIMEOUT  seconds to wait for /ping (default 30)
#            INFLUX_PORT_VAR       name of the variable to suggest when the port is taken (default CC_INFLUX_PORT)

# shellcheck disable=SC2034  # read by the scripts that source this file
INFLUX_PID="" INFLUX_STARTED=0

# Messages go to stderr so that `pid=$(scripts/influxd.sh start ...)` captures only the pid.
_influx_say() { printf '%s\n' "$*" >&2; }

# 0 if something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# HTTP status of /ping, or 000 when nothing answers.
_influx_ping() {
  curl -s -o /dev/null --max-time 2 -w '%{http_code}' "http://127.0.0.1:$1/ping" 2>/dev/null || true
}

# 0 if PID is alive and not a zombie (a child we have not reaped yet still passes `kill -0`).
pid_alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n "$state" && "$state" != Z* ]]
}

# stop_pid PID NAME [TIMEOUT]: TERM, wait, then KILL. Reaps the pid if it is our child.
stop_pid() {
  local pid=$1 name=$2 timeout=${3:-20} waited=0
  [[ -n "$pid" ]] || return 0
  if pid_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    while pid_alive "$pid" && (( waited < timeout * 10 )); do
      sleep 0.1
      waited=$((waited + 1))
    done
    if pid_alive "$pid"; then
      _influx_say "$name (pid $pid) did not stop within ${timeout}s; killing it."
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# influx_start DATA_DIR HTTP_PORT RPC_PORT LOGFILE
influx_start() {
  local data port=$2 rpc=$3 log=$4
  mkdir -p "$1" && data=$(cd "$1" && pwd)  # absolute: influxd resolves config paths from its own cwd
  local dir="$data/influxdb" port_var=${INFLUX_PORT_VAR:-CC_INFLUX_PORT}
  local pidfile="$dir/influxd.pid" conf="$dir/influxd.conf"
  local timeout=${INFLUX_START_TIMEOUT:-30} pid="" code

  command -v influxd >/dev/null || { _influx_say "influxd not found: install the Debian package 'influxdb'."; return 1; }
  mkdir -p "$dir" "$(dirname "$log")"
  [[ -f "$pidfile" ]] && pid=$(<"$pidfile")

  # A previous run may have left our influxd running (e.g. killed with SIGKILL): reuse it
  # rather than fail on the port, but only when the pid file proves it is ours.
  if [[ -n "$pid" ]] && pid_alive "$pid" && grep -qa influxd "/proc/$pid/cmdline" 2>/dev/null; then
    if grep -qF "bind-address = \"127.0.0.1:$port\"" "$conf" 2>/dev/null && _influx_wait "$port" "$pid" "$timeout"; then
      INFLUX_PID=$pid INFLUX_STARTED=0
      _influx_say "Reusing influxd already running from $dir (pid $pid, port $port)."
      return 0
    fi
    _influx_say "The influxd of $dir (pid $pid) is already running but does not answer on port $port"
    _influx_say "(its config: $conf). Stop it (kill $pid) or set $port_var to the port it uses."
    return 1
  fi

  code=$(_influx_ping "$port")
  if [[ "$code" != 000 ]] || port_in_use "$port"; then
    _influx_say "Port $port is already in use by another process (not the influxd of $dir)."
    _influx_say "Set $port_var to a free port, or stop that process (a system service? try: systemctl stop influxdb)."
    return 1
  fi
  if port_in_use "$rpc"; then
    _influx_say "influxd's RPC port $rpc is already in use by another process."
    _influx_say "Set CC_INFLUX_RPC_PORT to a free port (default: the HTTP port + 2)."
    return 1
  fi

  _influx_write_config "$dir" "$port" "$rpc" "$conf" || return 1
  printf '\n=== influxd starting %s (http %s, rpc %s) ===\n' "$(date -Is)" "$port" "$rpc" >>"$log"
  # setsid: Ctrl-C in the terminal must reach only the calling script, which stops things in order.
  setsid influxd -config "$conf" -pidfile "$pidfile" </dev/null >>"$log" 2>&1 &
  pid=$!
  if ! _influx_wait "$port" "$pid" "$timeout"; then
    _influx_say "influxd did not answer http://127.0.0.1:$port/ping within ${timeout}s. Last lines of $log:"
    tail -n 20 "$log" >&2
    stop_pid "$pid" influxd 10
    return 1
  fi
  INFLUX_PID=$pid INFLUX_STARTED=1
}

# Polls /ping until it answers 204; gives up early if the process exits.
_influx_wait() {
  local port=$1 pid=$2 deadline=$((SECONDS + $3))
  while (( SECONDS < deadline )); do
    [[ "$(_influx_ping "$port")" == 204 ]] && return 0
    pid_alive "$pid" || return 1
    sleep 0.2
  done
  return 1
}

# Rewrites the packaged defaults so that everything lives under DIR and binds to loopback only.
_influx_write_config() {
  local dir=$1 port=$2 rpc=$3 conf=$4
  influxd config 2>/dev/null | awk -v dir="$dir" -v http="127.0.0.1:$port" -v rpc="127.0.0.1:$rpc" '
    /^\[/ { section = $0 }
    section == ""          && /^ *bind-address *=/       { $0 = "bind-address = \"" rpc "\"" }
    section == ""          && /^ *reporting-enabled *=/  { $0 = "reporting-enabled = false" }
    section == ""          && /^ *reporting-disabled *=/ { $0 = "reporting-disabled = true" }
    section == "[meta]"    && /^ *dir *=/                { $0 = "  dir = \"" dir "/meta\"" }
    section == "[data]"    && /^ *dir *=/                { $0 = "  dir = \"" dir "/data\"" }
    section == "[data]"    && /^ *wal-dir *=/            { $0 = "  wal-dir = \"" dir "/wal\"" }
    section == "[data]"    && /^ *query-log-enabled *=/  { $0 = "  query-log-enabled = false" }
    section == "[monitor]" && /^ *store-enabled *=/      { $0 = "  store-enabled = false" }
    section == "[http]"    && /^ *bind-address *=/       { $0 = "  bind-address = \"" http "\"" }
    section == "[http]"    && /^ *log-enabled *=/        { $0 = "  log-enabled = false" }
    { print }
  ' >"$conf.tmp"
  # Refuse to start with the packaged paths and ports if a future influxd changes the format.
  if ! grep -qF "bind-address = \"127.0.0.1:$port\"" "$conf.tmp" || ! grep -qF "$dir/wal" "$conf.tmp" \
     || ! grep -qF "bind-address = \"127.0.0.1:$rpc\"" "$conf.tmp"; then
    _influx_say "Could not rewrite the output of 'influxd config' (see $conf.tmp); unsupported influxd version?"
    return 1
  fi
  mv "$conf.tmp" "$conf"
}

# influx_stop PID: stops the influxd we started; the pid file goes with it.
influx_stop() {
  stop_pid "$1" influxd 30
}

# ensure_packages PACKAGE:COMMAND ...: installs the Debian packages whose command is missing
# (COMMAND may be an absolute path to a file the package installs, e.g. a font).
# Without root, prints the exact apt command and fails, because sudo prompts do not belong in CI.
ensure_packages() {
  local spec pkg cmd missing=()
  for spec in "$@"; do
    pkg=${spec%%:*} cmd=${spec#*:}
    if [[ "$cmd" == /* ]]; then
      [[ -e "$cmd" ]] || missing+=("$pkg")
    else
      command -v "$cmd" >/dev/null || [[ -x "/usr/sbin/$cmd" ]] || missing+=("$pkg")
    fi
  done
  (( ${#missing[@]} )) || return 0
  if (( EUID != 0 )); then
    _influx_say "Missing system packages: ${missing[*]}. Install them with:"
    _influx_say "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    return 1
  fi
  _influx_say "Installing ${missing[*]} (apt-get)..."
  # The scripts run their own influxd/mosquitto on their own ports; a package service started by
  # postinst would only hold the default ports, so keep invoke-rc.d from starting any.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own_policy=1
  fi
  local rc=0
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2 || rc=$?
  (( own_policy )) && rm -f "$policy"
  if (( rc != 0 )); then
    _influx_say "apt-get failed to install: ${missing[*]}"
    return 1
  fi
}

# Command-line use, e.g. from a test fixture that needs its own influxd.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start) (( $# == 5 )) || { _influx_say "usage: $0 start DATA_DIR HTTP_PORT RPC_PORT LOGFILE"; exit 2; }
           influx_start "$2" "$3" "$4" "$5"; echo "$INFLUX_PID" ;;
    stop)  (( $# == 2 )) || { _influx_say "usage: $0 stop PID"; exit 2; }
           influx_stop "$2" ;;
    *)     _influx_say "usage: $0 start DATA_DIR HTTP_PORT RPC_PORT LOGFILE | stop PID"; exit 2 ;;
  esac
fi

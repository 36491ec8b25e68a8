#!/usr/bin/env bash
# Reliability suite: builds tests/CommandCenter.Reliability (Release) and runs its scenarios. Each
# scenario starts its own influxd and command center on free loopback ports with temporary data
# folders (removed afterwards), prints what it does, and ends with a PASS or FAIL line and its figures.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/influxd.sh
. "$ROOT/scripts/influxd.sh"

usage() {
  cat <<EOF
Usage: ./reliability.sh [--quick] [--only NAME]... [--no-build]

Runs the reliability scenarios against the real command center, a real influxd and real MQTT and
SignalR clients:
  influx-outage   InfluxDB stopped under load (2 min) -> every sequence number exactly once after it
                  returns; the host's memory stays bounded
  kill-restart    kill -9 of the command center under load -> restart -> no acknowledged status, alarm or
                  work order lost; arrival limits and work-order deadlines that passed meanwhile fire
  fuzz            100,000 malformed or abusive MQTT messages among valid traffic -> no crash, each refused
                  and dead-lettered with its reason, the valid traffic all stored exactly once
  slow-client     wall screens that stop reading (SignalR) do not delay a healthy one
  mqtt-flood      500 CONNECTs declaring 256 MB, 1,000 garbage and 200 slow connections on the MQTT port
                  (3 rounds; quick: 1) -> RSS grows under 100 MB, valid devices are all acknowledged

Options:
  --quick           every scenario at reduced size (fewer devices, 20 s outage, 10,000 fuzzed messages);
                    under 5 minutes once built
  --only NAME       run only this scenario (repeatable)
  --no-build        use the Release build already there
  -h, --help        show this help

Exit code 0 when every scenario passed, 1 otherwise. See docs/benchmarks.md for what each checks.
EOF
}

die() { printf 'reliability.sh: %s\n' "$*" >&2; exit 1; }

ARGS=() BUILD=1
while (( $# )); do
  case "$1" in
    --quick) ARGS+=(--quick) ;;
    --only) (( $# > 1 )) || die "--only needs a scenario name"; ARGS+=(--only "$2"); shift ;;
    --no-build) BUILD=0 ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'reliability.sh: unknown option: %s\n\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
command -v dotnet >/dev/null || die "the .NET SDK ('dotnet') is not on PATH; install .NET SDK 10."
ensure_packages influxdb:influxd curl:curl || exit 1

PROJECT=tests/CommandCenter.Reliability
DLL="$ROOT/$PROJECT/bin/Release/net10.0/CommandCenter.Reliability.dll"
cd "$ROOT"
if (( BUILD )); then
  LOG=$(mktemp "${TMPDIR:-/tmp}/cc-reliability-build.XXXXXX")
  echo "Building $PROJECT (Release; log $LOG) ..."
  if ! dotnet build "$PROJECT/CommandCenter.Reliability.csproj" -c Release -nologo >"$LOG" 2>&1; then
    grep -E " error " "$LOG" | sort -u | tail -n 20 >&2
    die "build failed (full log: $LOG)"
  fi
  rm -f "$LOG"
fi
[[ -f "$DLL" ]] || die "no Release build at $DLL; run without --no-build"

# The runner and everything it starts (influxd, command centers) share one new process group, so an
# interrupted run stops them all; a finished run has already stopped them itself.
RUNNER_PID=""
# shellcheck disable=SC2317  # called by the traps
stop_runner() {
  [[ -n "$RUNNER_PID" ]] || return 0
  kill -TERM -- "-$RUNNER_PID" 2>/dev/null || true
  wait "$RUNNER_PID" 2>/dev/null || true
  RUNNER_PID=""
}
trap 'stop_runner; exit 130' INT
trap 'stop_runner; exit 143' TERM
trap stop_runner EXIT
cd "$(dirname "$DLL")"
setsid dotnet exec "$DLL" "${ARGS[@]}" </dev/null &
RUNNER_PID=$!
rc=0
wait "$RUNNER_PID" || rc=$?
RUNNER_PID=""
exit "$rc"

#!/usr/bin/env bash
# Reliability suite: builds tests/CommandCenter.Reliability (Release) and runs its scenarios. Each scenario
# starts its own influxd and command center on free loopback ports with temporary data folders (removed
# afterwards), prints what it does, and ends with a PASS or FAIL line and its figures.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) SCRIPT=reliability.sh
# shellcheck source=scripts/stack.sh
. "$ROOT/scripts/stack.sh"

BUILD=1 ARGS=()
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    -h|--help) echo "Usage: ./reliability.sh [--no-build] [RUNNER OPTIONS]  (the runner's own options follow)"; ARGS+=("$arg") ;;
    *) ARGS+=("$arg") ;;
  esac
done

PROJECT="$ROOT/tests/CommandCenter.Reliability"
DLL="$PROJECT/bin/Release/net10.0/CommandCenter.Reliability.dll"
if (( BUILD )); then
  LOG=$(mktemp "${TMPDIR:-/tmp}/cc-reliability-build.XXXXXX")
  echo "Building tests/CommandCenter.Reliability (Release; log $LOG) ..."
  if ! dotnet build "$PROJECT/CommandCenter.Reliability.csproj" -c Release -nologo >"$LOG" 2>&1; then
    grep -E ' error ' "$LOG" | sort -u | tail -n 20 >&2
    echo "reliability.sh: build failed (full log: $LOG)" >&2
    exit 1
  fi
  rm -f "$LOG"
fi
[[ -f "$DLL" ]] || { echo "reliability.sh: no Release build at $DLL; run without --no-build" >&2; exit 1; }
build_stack
dotnet "$STACK_DLL" packages influxdb
cd "$(dirname "$DLL")"
exec dotnet exec "$DLL" "${ARGS[@]}"

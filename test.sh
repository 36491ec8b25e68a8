#!/usr/bin/env bash
# Builds the solution (Debug) and runs every xUnit v3 test project under tests/.
# The last line is always "N passed, N failed" (", N skipped" when some were skipped); CI reads it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) SCRIPT=test.sh STACK_CONFIGURATION=Debug
# shellcheck source=scripts/stack.sh
. "$ROOT/scripts/stack.sh"

usage() {
  cat <<EOF
Usage: ./test.sh [-- XUNIT_ARGS...]

Builds CommandCenter.sln (Debug), installs the system packages the tests use (influxdb, mosquitto,
mosquitto-clients, chromium, postgresql, prometheus, a CJK font) and runs each xUnit v3 test project in tests/.
Arguments after '--' go to every test assembly, e.g.  ./test.sh -- -class "*ElevatorGrainTests"

Environment:
  CC_TEST_TIMEOUT   seconds one test assembly may run before it is stopped (default 1800)
EOF
}

XUNIT_ARGS=()
while (( $# )); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --) shift; XUNIT_ARGS=("$@"); break ;;
    *) printf 'test.sh: unknown argument: %s (test runner arguments go after --)\n\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
done

TIMEOUT=${CC_TEST_TIMEOUT:-1800}
PASSED=0 FAILED=0 SKIPPED=0 RAN=0 FINISHED=0
RUN_PID="" TAIL_PID="" OUT=""  # the test assembly running now, its output streamer and file

# Tests start brokers, influxd and browsers. Anything a test leaked still carries this marker in
# its environment (even after setsid or a double fork), so the stack CLI stops exactly those processes.
export CC_TEST_RUN_ID="cc-test-$$-$RANDOM"
stop_leftovers() {
  [[ ! -f "$STACK_DLL" ]] || dotnet "$STACK_DLL" leftovers --marker "CC_TEST_RUN_ID=$CC_TEST_RUN_ID" --except $$ || true
}

# stop_child PID: our own child (the test assembly, its output streamer): TERM, then reap it.
stop_child() {
  [[ -n "$1" ]] || return 0
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

finish() {
  FINISHED=1
  (( RAN > 0 || FAILED > 0 )) || echo "test.sh: no tests ran."
  (( FAILED == 0 && RAN > 0 )) && exit 0
  exit 1
}

# Whatever happens, the summary is the last line of output.
# shellcheck disable=SC2317  # called by the EXIT trap
on_exit() {
  local rc=$? line
  stop_child "$RUN_PID"
  stop_child "$TAIL_PID"
  rm -f "$OUT"
  stop_leftovers
  if (( ! FINISHED && rc != 0 )); then
    echo "test.sh: stopped early (exit code $rc); counting that as 1 failure."
    FAILED=$((FAILED + 1))
  fi
  line="$PASSED passed, $FAILED failed"
  (( SKIPPED == 0 )) || line+=", $SKIPPED skipped"
  echo "$line"
}
trap on_exit EXIT
trap 'echo; exit 130' INT
trap 'exit 143' TERM

build() {
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/cc-test-build.XXXXXX.log")
  echo "Building CommandCenter.sln (Debug)…"
  if ! dotnet build "$ROOT/CommandCenter.sln" -c Debug -nologo >"$log" 2>&1; then
    echo "Build failed. Last lines of $log:"
    tail -n 30 "$log"
    FAILED=1
    finish
  fi
  rm -f "$log"
}

# Adds one assembly's xUnit v3 summary line ("NAME  Total: 12, Errors: 0, Failed: 1, Skipped: 2,
# Not Run: 0, Time: 3.456s"; just "NAME  Total: 0" when a filter matched nothing) to the totals.
# Fails when the output has no summary.
count_summary() {
  local line total errors=0 failed=0 skipped=0 notrun=0
  line=$(sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E ' Total: [0-9]+' | tail -n 1) || return 1
  [[ "$line" =~ Total:\ ([0-9]+) ]] || return 1
  total=${BASH_REMATCH[1]}
  [[ ! "$line" =~ Errors:\ ([0-9]+) ]] || errors=${BASH_REMATCH[1]}
  [[ ! "$line" =~ Failed:\ ([0-9]+) ]] || failed=${BASH_REMATCH[1]}
  [[ ! "$line" =~ Skipped:\ ([0-9]+) ]] || skipped=${BASH_REMATCH[1]}
  [[ ! "$line" =~ Not\ Run:\ ([0-9]+) ]] || notrun=${BASH_REMATCH[1]}
  PASSED=$((PASSED + total - failed - skipped - notrun))
  FAILED=$((FAILED + failed + errors))
  SKIPPED=$((SKIPPED + skipped))
  RAN=$((RAN + total))
}

run_project() {
  local csproj=$1 name dir dll rc=0 failed_before=$FAILED
  name=$(basename "$csproj" .csproj) dir=$(dirname "$csproj")
  dll="$ROOT/$dir/bin/Debug/net10.0/$name.dll"
  if [[ ! -f "$dll" ]]; then
    echo "test.sh: $name: no test assembly at $dll (does its AssemblyName differ from the project name?)"
    FAILED=$((FAILED + 1))
    return
  fi
  echo "=== $name"
  OUT=$(mktemp "${TMPDIR:-/tmp}/cc-test-out.XXXXXX")
  # Not a pipe into tee: a process a test leaks would keep the pipe open and hang the run;
  # `tail --pid` streams the file until the assembly exits. The working folder is the output
  # folder, as under `dotnet test`. Colours only when a person is watching.
  local color=()
  [[ -t 1 ]] || color=(-noColor)
  (cd "$(dirname "$dll")" && exec timeout -k 30 "$TIMEOUT" dotnet exec "$dll" "${color[@]}" "${XUNIT_ARGS[@]}") \
    </dev/null >"$OUT" 2>&1 &
  RUN_PID=$!
  # Both in the background: the `wait` builtin lets the INT/TERM traps run at once.
  tail -n +1 -f --pid="$RUN_PID" "$OUT" &
  TAIL_PID=$!
  wait "$RUN_PID" || rc=$?
  wait "$TAIL_PID" || true
  RUN_PID="" TAIL_PID=""
  if ! count_summary "$OUT"; then
    if (( rc == 0 )); then
      echo "test.sh: $name printed no test summary."
    else
      (( rc != 124 )) || echo "test.sh: $name: stopped after ${TIMEOUT}s (CC_TEST_TIMEOUT)"
      echo "test.sh: $name exited with code $rc and printed no test summary; counting it as 1 failure."
      FAILED=$((FAILED + 1))
    fi
  elif (( rc != 0 && FAILED == failed_before )); then
    echo "test.sh: $name exited with code $rc although no test failed; counting it as 1 failure."
    FAILED=$((FAILED + 1))
  fi
  rm -f "$OUT"
  OUT=""
  stop_leftovers
}

cd "$ROOT"
command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK ('dotnet') is not on PATH; install .NET SDK 10."; FAILED=1; finish; }
build
# The CJK font lets the wall's Chinese text render in browser tests and screenshots.
if ! dotnet "$STACK_DLL" packages influxdb mosquitto mosquitto-clients chromium postgresql prometheus fonts-wqy-microhei; then
  FAILED=1
  finish
fi

shopt -s nullglob
projects=()
for csproj in tests/*/*.csproj; do
  if grep -q 'PackageReference Include="xunit\.v3"' "$csproj"; then projects+=("$csproj"); fi
done
(( ${#projects[@]} )) || echo "test.sh: no xUnit v3 test projects under tests/."
for csproj in "${projects[@]}"; do
  run_project "$csproj"
done
finish

#!/usr/bin/env bash
# Sourced by run.sh, bench.sh, reliability.sh and test.sh after they set ROOT and SCRIPT: the stack CLI
# (src/Stack), which starts and stops influxd, Mosquitto, PostgreSQL and the command center in C#.
#   build_stack   builds it (STACK_CONFIGURATION, default Release); quick when it is up to date
#   STACK_DLL     the built tool: dotnet "$STACK_DLL" VERB ARGS... (--help lists the verbs)

STACK_CONFIGURATION=${STACK_CONFIGURATION:-Release}
STACK_DLL="$ROOT/src/Stack/bin/$STACK_CONFIGURATION/net10.0/CommandCenter.Stack.dll"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

build_stack() {
  command -v dotnet >/dev/null || { echo "$SCRIPT: the .NET SDK ('dotnet') is not on PATH; install .NET SDK 10." >&2; exit 1; }
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/cc-stack-build.XXXXXX")
  if ! dotnet build "$ROOT/src/Stack/CommandCenter.Stack.csproj" -c "$STACK_CONFIGURATION" -nologo >"$log" 2>&1; then
    grep -E ' error ' "$log" | sort -u | tail -n 20 >&2
    echo "$SCRIPT: building src/Stack failed (full log: $log)" >&2
    exit 1
  fi
  rm -f "$log"
}

#!/usr/bin/env bash
# The one command: builds the solution, starts influxd, the command center and the simulators, and stops
# exactly what it started on Ctrl-C. The work is done in C# by the stack CLI's `run` verb (src/Stack);
# ./run.sh --help lists its options, environment variables and exit codes.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) SCRIPT=run.sh
# shellcheck source=scripts/stack.sh
. "$ROOT/scripts/stack.sh"
build_stack
exec dotnet "$STACK_DLL" run "$@"

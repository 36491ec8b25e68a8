#!/usr/bin/env bash
# Benchmark: one run of the command center under MQTT load with its baselines (Mosquitto, raw InfluxDB
# writes), printed as ONE table against the goals and written to bench.json. The work is done in C# by the
# stack CLI's `bench` verb (src/Stack); ./bench.sh --help lists its options. See docs/benchmarks.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) SCRIPT=bench.sh
# shellcheck source=scripts/stack.sh
. "$ROOT/scripts/stack.sh"
build_stack
exec dotnet "$STACK_DLL" bench "$@"

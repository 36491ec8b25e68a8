#!/usr/bin/env bash
# Benchmark: one run of the command center under MQTT load, with two baselines measured in the same
# run (Debian's Mosquitto for broker-only throughput, raw InfluxDB line-protocol writes), printed as
# ONE table against the goals. Everything runs on free loopback ports with temporary folders, so it
# never touches ./data or a running ./run.sh, and everything it started is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/influxd.sh
. "$ROOT/scripts/influxd.sh"

usage() {
  cat <<EOF
Usage: ./bench.sh [--quick | --full] [options]

Starts a private influxd, a generated city and the command center (Release) on free ports, drives
MQTT load with the simulators' 'load' verb, measures the same load against Debian's Mosquitto and
the raw InfluxDB write rate, and prints one table of figures against the goals. A second load at the
city's baseline rate (2,500 msg/s) times publish -> SignalR wall push and trapped-passenger alarms
-> firm console, through the live hub as the demo wall user and a demo firm user see them.

Modes:
  --quick           (default) demo city with --elevators 1000, 15 s of load and 15 s of background
                    load with 30 alarms; under 2 minutes once built
  --full            yinchuan preset (20,000 elevators, 13,000 berths), 5,000 load devices, 60 s of load
                    and 60 s of background load with 90 alarms; checks the RSS goal (several minutes)

Options (override the mode's values):
  --devices N       MQTT sessions (elevators) publishing          (quick 1000, full 5000)
  --rate R          target total statuses per second              (quick 20000, full 20000)
  --duration S      seconds of each load phase                    (quick 15, full 60)
  --alarms N        trapped-passenger alarms under background load (quick 30, full 90)
  --background R    background rate for the alarm phase, msg/s    (2500, the Yinchuan baseline)
  --no-build        skip 'dotnet build -c Release' (use the binaries already built)
  --keep            keep the temporary folder (logs, load outputs) and print where it is
  -h, --help        show this help

Figures are from a single run and depend heavily on the machine; on a small shared machine treat
them as orders of magnitude. See docs/benchmarks.md for what each figure means.
EOF
}

die() { printf 'bench.sh: %s\n' "$*" >&2; exit 1; }
usage_error() { printf 'bench.sh: %s\n\n' "$*" >&2; usage >&2; exit 2; }

MODE=quick DEVICES="" RATE="" DURATION="" ALARMS="" BACKGROUND=2500 BUILD=1 KEEP=0
while (( $# )); do
  case "$1" in
    --quick) MODE=quick ;;
    --full) MODE=full ;;
    --devices) (( $# > 1 )) || usage_error "--devices needs a number"; DEVICES=$2; shift ;;
    --rate) (( $# > 1 )) || usage_error "--rate needs a number"; RATE=$2; shift ;;
    --duration) (( $# > 1 )) || usage_error "--duration needs seconds"; DURATION=$2; shift ;;
    --alarms) (( $# > 1 )) || usage_error "--alarms needs a number"; ALARMS=$2; shift ;;
    --background) (( $# > 1 )) || usage_error "--background needs a number"; BACKGROUND=$2; shift ;;
    --no-build) BUILD=0 ;;
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown option: $1" ;;
  esac
  shift
done
if [[ $MODE == quick ]]; then
  PRESET=demo CITY_ARGS=(--preset demo --elevators "${DEVICES:-1000}")
  DEVICES=${DEVICES:-1000} RATE=${RATE:-20000} DURATION=${DURATION:-15} ALARMS=${ALARMS:-30}
else
  PRESET=yinchuan CITY_ARGS=(--preset yinchuan)
  DEVICES=${DEVICES:-5000} RATE=${RATE:-20000} DURATION=${DURATION:-60} ALARMS=${ALARMS:-90}
fi
for var in DEVICES RATE DURATION ALARMS BACKGROUND; do
  [[ "${!var}" =~ ^[1-9][0-9]*$ ]] || usage_error "--${var,,} must be a positive number, got '${!var}'"
done

CC_BIN="$ROOT/src/CommandCenter/bin/Release/net10.0"
SIM_DLL="$ROOT/simulators/bin/Release/net10.0/CommandCenter.Simulators.dll"
MOSQUITTO=/usr/sbin/mosquitto
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

command -v dotnet >/dev/null || die "the .NET SDK ('dotnet') is not on PATH; install .NET SDK 10."
ensure_packages influxdb:influxd curl:curl mosquitto:/usr/sbin/mosquitto || exit 1

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cc-bench.XXXXXX")
DATA="$TMP/data" LOGS="$TMP/logs"
mkdir -p "$DATA" "$LOGS"
CC_PID="" MOSQ_PID="" LOAD_PID="" SAMPLER_PID=""

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT
  trap '' INT TERM HUP
  [[ -z "$LOAD_PID" ]] || stop_pid "$LOAD_PID" "load" 10
  [[ -z "$SAMPLER_PID" ]] || stop_pid "$SAMPLER_PID" "sampler" 5
  [[ -z "$MOSQ_PID" ]] || stop_pid "$MOSQ_PID" "mosquitto" 10
  [[ -z "$CC_PID" ]] || stop_pid "$CC_PID" "command center" 30
  if [[ -n "$INFLUX_PID" ]] && (( INFLUX_STARTED )); then influx_stop "$INFLUX_PID"; fi
  if (( KEEP )); then echo "Kept $TMP (logs in $LOGS)."; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo; exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

say() { printf '[%3ds] %s\n' "$SECONDS" "$*" >&2; }

# A port the kernel hands out as free (and that nothing answers on), distinct from earlier picks.
PICKED=" "
free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 40000 ))
    [[ "$PICKED" == *" $p "* ]] && continue
    port_in_use "$p" && continue
    PICKED+="$p "
    echo "$p"; return
  done
}

json_num() {  # json_num JSON FIELD -> number (0 if missing)
  local v
  v=$(grep -o "\"$2\":[0-9.]*" <<<"$1" | head -n1 | cut -d: -f2)
  echo "${v:-0}"
}
# The ingest figures are for operators and monitoring: read with the demo monitoring client's API key.
stats() { curl -s --max-time 5 -H "Authorization: Bearer $MONITORING_KEY" "http://127.0.0.1:$HTTP_PORT/api/ingest/stats" || echo '{}'; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%s\", $* }"; }

# ---- 1. build and city --------------------------------------------------------------------------
cd "$ROOT"
if (( BUILD )); then
  say "building Release (log: $LOGS/build.log) ..."
  dotnet build CommandCenter.sln -c Release -nologo >"$LOGS/build.log" 2>&1 \
    || { tail -n 30 "$LOGS/build.log" >&2; die "build failed"; }
fi
[[ -f "$CC_BIN/CommandCenter.dll" && -f "$SIM_DLL" ]] || die "no Release build; run without --no-build"
BENCH_START=$SECONDS
say "generating the city (${CITY_ARGS[*]}) ..."
dotnet "$SIM_DLL" city --out "$DATA" "${CITY_ARGS[@]}" >"$LOGS/city.log" 2>&1 || { cat "$LOGS/city.log" >&2; die "city failed"; }
CREDS="$DATA/demo-credentials.json"

# ---- 2. influxd and the command center ----------------------------------------------------------
INFLUX_PORT=$(free_port) INFLUX_RPC=$(free_port) HTTP_PORT=$(free_port) MQTT_PORT=$(free_port)
SILO_PORT=$(free_port) GATEWAY_PORT=$(free_port) MOSQ_PORT=$(free_port)
say "starting influxd on $INFLUX_PORT ..."
influx_start "$DATA" "$INFLUX_PORT" "$INFLUX_RPC" "$LOGS/influxd.log" || die "influxd did not start"
(( INFLUX_STARTED )) || die "reused an influxd that this run did not start"

say "starting the command center (http $HTTP_PORT, mqtt $MQTT_PORT) ..."
ASPNETCORE_ENVIRONMENT=Production Logging__Console__FormatterOptions__ColorBehavior=Disabled \
  setsid dotnet "$CC_BIN/CommandCenter.dll" --contentRoot "$CC_BIN" --urls "http://127.0.0.1:$HTTP_PORT" \
    --Mqtt:Port="$MQTT_PORT" --Influx:Url="http://127.0.0.1:$INFLUX_PORT" --Data:Path="$DATA" --DemoUsers=true \
    --Orleans:SiloPort="$SILO_PORT" --Orleans:GatewayPort="$GATEWAY_PORT" \
    </dev/null >"$LOGS/commandcenter.log" 2>&1 &
CC_PID=$!
deadline=$((SECONDS + 120))
until [[ "$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/health" || true)" == 200 ]]; do
  pid_alive "$CC_PID" || { tail -n 30 "$LOGS/commandcenter.log" >&2; die "the command center exited during start-up"; }
  (( SECONDS < deadline )) || { tail -n 30 "$LOGS/commandcenter.log" >&2; die "no healthy /health within 120s"; }
  sleep 0.5
done
STARTUP_S=$((SECONDS - BENCH_START))
# demo-users.json (written at start-up with --DemoUsers=true) holds each demo client's key on a line of its own after its name.
MONITORING_KEY=$(sed -n '/"name": *"monitoring"/,/"apiKey"/ s/.*"apiKey": *"\([^"]*\)".*/\1/p' "$DATA/demo-users.json" 2>/dev/null || true)
[[ -n "$MONITORING_KEY" ]] || die "no API key of the demo monitoring client in $DATA/demo-users.json"
IDLE_RSS_KB=$(awk '/^VmRSS/ {print $2}' "/proc/$CC_PID/status")
say "command center healthy (pid $CC_PID, idle RSS $((IDLE_RSS_KB / 1024)) MB)"

# run_load PORT OUTFILE [EXTRA LOAD ARGS]: the load verb in the background; sets LOAD_PID and PUB_T0 (when publishing began).
run_load() {
  local port=$1 out=$2
  shift 2
  setsid dotnet "$SIM_DLL" load --credentials "$CREDS" --port "$port" --devices "$DEVICES" --rate "$RATE" \
    --duration "$DURATION" "$@" </dev/null >"$out" 2>&1 &
  LOAD_PID=$!
  PUB_T0=""
  while pid_alive "$LOAD_PID"; do
    if grep -q '^Publishing' "$out"; then PUB_T0=$(now); break; fi
    sleep 0.1
  done
}
# parse_load FILE PREFIX: sets PREFIX_acked, _rejected, _rate, _p50, _p95, _p99 from the summary.
parse_load() {
  local f=$1 p=$2 line
  line=$(grep '^Summary:' "$f" || true)
  printf -v "${p}_acked" '%s' "$(sed -n 's/.*acknowledged \([0-9]*\).*/\1/p' <<<"$line")"
  printf -v "${p}_rejected" '%s' "$(sed -n 's/.*rejected \([0-9]*\).*/\1/p' <<<"$line")"
  printf -v "${p}_sent" '%s' "$(sed -n 's/.*sent \([0-9]*\),.*/\1/p' <<<"$line")"
  printf -v "${p}_rate" '%s' "$(sed -n 's/^achieved \([0-9.]*\) msg\/s.*/\1/p' "$f")"
  line=$(grep 'PUBACK latency:' "$f" || true)
  printf -v "${p}_p50" '%s' "$(sed -n 's/.*p50 \([0-9.]*\) ms.*/\1/p' <<<"$line")"
  printf -v "${p}_p95" '%s' "$(sed -n 's/.*p95 \([0-9.]*\) ms.*/\1/p' <<<"$line")"
  printf -v "${p}_p99" '%s' "$(sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p' <<<"$line")"
}
# parse_latency FILE LINE_PREFIX PREFIX: sets PREFIX_p50, _p95, _p99, _max and _count ("N of M") from a latency line.
parse_latency() {
  local line
  line=$(grep "^$2" "$1" || true)
  printf -v "${3}_p50" '%s' "$(sed -n 's/.*p50 \([0-9.]*\) ms.*/\1/p' <<<"$line")"
  printf -v "${3}_p95" '%s' "$(sed -n 's/.*p95 \([0-9.]*\) ms.*/\1/p' <<<"$line")"
  printf -v "${3}_p99" '%s' "$(sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p' <<<"$line")"
  printf -v "${3}_max" '%s' "$(sed -n 's/.*max \([0-9.]*\) ms.*/\1/p' <<<"$line")"
  printf -v "${3}_count" '%s' "$(sed -n 's/.*(\([0-9]*\) [a-z ]*of \([0-9]*\) .*/\1 of \2/p' <<<"$line")"
}

# ---- 3. load against the command center ---------------------------------------------------------
say "load: $DEVICES devices, $RATE msg/s target, ${DURATION}s against the command center ..."
S0=$(stats)
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$CC_PID/stat"; }
# Per-second CPU samples of the command center (percent of one core) while the load runs.
( prev=$(cpu_ticks); while sleep 1; do cur=$(cpu_ticks) || exit 0; echo $(( (cur - prev) * 100 / HZ )); prev=$cur; done ) \
  >"$LOGS/cpu-samples.txt" 2>/dev/null &
SAMPLER_PID=$!
run_load "$MQTT_PORT" "$LOGS/load-cc.txt"
[[ -n "$PUB_T0" ]] || { cat "$LOGS/load-cc.txt" >&2; die "the load never started publishing"; }
CPU0=$(cpu_ticks)
wait "$LOAD_PID" || true; LOAD_PID=""
CPU1=$(cpu_ticks); PUB_T1=$(now)
stop_pid "$SAMPLER_PID" sampler 5; SAMPLER_PID=""
parse_load "$LOGS/load-cc.txt" cc
[[ -n "$cc_acked" ]] || { tail -n 20 "$LOGS/load-cc.txt" >&2; die "no summary from the load against the command center"; }
S1=$(stats)
CPU_AVG=$(calc "($CPU1 - $CPU0) * 100 / $HZ / ($PUB_T1 - $PUB_T0)" | awk '{printf "%.0f", $1}')
CPU_PEAK=$(sort -n "$LOGS/cpu-samples.txt" | tail -n1); CPU_PEAK=${CPU_PEAK:-0}

# End to end: wait (bounded) until every accepted message's points are in InfluxDB.
ACC=$(( $(json_num "$S1" accepted) - $(json_num "$S0" accepted) ))
REJ=$(( $(json_num "$S1" rejected) - $(json_num "$S0" rejected) ))
say "load done; waiting for InfluxDB writes to catch up ..."
deadline=$((SECONDS + 60)) CAUGHT_UP=0
while (( SECONDS < deadline )); do
  S2=$(stats)
  if (( $(json_num "$S2" pointsSpooled) == 0 )) && (( $(json_num "$S2" pointsWritten) - $(json_num "$S0" pointsWritten) >= ACC )); then
    CAUGHT_UP=1; break
  fi
  sleep 0.2
done
E2E_T=$(now)
S2=$(stats)
ACC=$(( $(json_num "$S2" accepted) - $(json_num "$S0" accepted) ))
WRITTEN=$(( $(json_num "$S2" pointsWritten) - $(json_num "$S0" pointsWritten) ))
E2E_RATE=$(calc "$ACC / ($E2E_T - $PUB_T0)" | awk '{printf "%.0f", $1}')
(( CAUGHT_UP )) || E2E_RATE="<$E2E_RATE"

# ---- 3b. background load with the live hub watched: wall pushes and alarms on a firm console ----
# The same devices at the city's baseline rate; the load joins the live hub as a wall screen and as
# the console of the firm that maintains most load elevators (demo-users.json, written by the command
# center), and raises trapped passengers on that firm's elevators spread over the run.
say "background: $BACKGROUND msg/s for ${DURATION}s with $ALARMS trapped-passenger alarms, watched through SignalR ..."
S3=$(stats)
run_load "$MQTT_PORT" "$LOGS/load-live.txt" --rate "$BACKGROUND" --live "http://127.0.0.1:$HTTP_PORT" --alarms "$ALARMS"
[[ -n "$PUB_T0" ]] || { cat "$LOGS/load-live.txt" >&2; die "the background load never started publishing"; }
wait "$LOAD_PID" || true; LOAD_PID=""
parse_load "$LOGS/load-live.txt" bg
parse_latency "$LOGS/load-live.txt" "publish -> wall push" wall
parse_latency "$LOGS/load-live.txt" "trapped passenger -> firm console" alarm
[[ -n "$alarm_p99" ]] || { tail -n 20 "$LOGS/load-live.txt" >&2; die "no alarm latency from the background load"; }
S4=$(stats)
WRITTEN_ALL=$(json_num "$S4" pointsWritten) SPOOLED_ALL=$(json_num "$S4" pointsSpooled)
ACC_ALL=$(json_num "$S4" accepted) REJ_ALL=$(json_num "$S4" rejected)
PEAK_RSS_KB=$(awk '/^VmHWM/ {print $2}' "/proc/$CC_PID/status")
stop_pid "$CC_PID" "command center" 30; CC_PID=""

# ---- 4. baseline: the same load against Mosquitto -----------------------------------------------
say "baseline: the same load against Mosquitto on $MOSQ_PORT ..."
cat >"$TMP/mosquitto.conf" <<EOF
listener $MOSQ_PORT 127.0.0.1
allow_anonymous true
persistence false
log_dest file $LOGS/mosquitto.log
max_queued_messages 100000
EOF
setsid "$MOSQUITTO" -c "$TMP/mosquitto.conf" </dev/null >>"$LOGS/mosquitto.log" 2>&1 &
MOSQ_PID=$!
deadline=$((SECONDS + 10))
until port_in_use "$MOSQ_PORT"; do
  pid_alive "$MOSQ_PID" && (( SECONDS < deadline )) || die "mosquitto did not start (see $LOGS/mosquitto.log)"
  sleep 0.1
done
run_load "$MOSQ_PORT" "$LOGS/load-mosquitto.txt"
wait "$LOAD_PID" || true; LOAD_PID=""
parse_load "$LOGS/load-mosquitto.txt" mq
stop_pid "$MOSQ_PID" mosquitto 10; MOSQ_PID=""

# ---- 5. baseline: raw InfluxDB line-protocol writes ---------------------------------------------
# 5,000-line batches shaped like elevator statuses (one series per device), POSTed back to back
# with curl for ~10 s by two concurrent writers; rate = lines accepted (HTTP 204) / wall time.
say "baseline: raw InfluxDB /write for ~10 s ..."
curl -s -o /dev/null -XPOST "http://127.0.0.1:$INFLUX_PORT/query" --data-urlencode 'q=CREATE DATABASE bench'
BATCH_LINES=5000 BATCHES=20
ts0=$(( $(date +%s) * 1000000000 ))
for b in $(seq 1 $BATCHES); do
  awk -v b="$b" -v n="$BATCH_LINES" -v t0="$ts0" -v dev="$DEVICES" 'BEGIN {
    for (i = 0; i < n; i++) {
      k = (b - 1) * n + i
      printf "elevator_status,device=EL-%05d,district=D%d floor=%di,direction=\"up\",door=\"closed\",running=true,people=%di,seq=%di %d\n",
        k % dev + 1, k % 6 + 1, k % 20, k % 8, k, t0 + k * 1000
    }
  }' >"$TMP/batch-$b.lp"
done
influx_writer() {  # WRITER_ID: posts batches until the deadline, prints lines accepted
  local id=$1 n=0 i=$1 code end=$2
  while (( $(date +%s%N) < end )); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -XPOST "http://127.0.0.1:$INFLUX_PORT/write?db=bench&precision=ns" \
      --data-binary "@$TMP/batch-$(( i % BATCHES + 1 )).lp")
    [[ "$code" == 204 ]] && n=$((n + BATCH_LINES))
    i=$((i + 2))
  done
  echo "$n"
}
IX_T0=$(now); IX_END=$(( $(date +%s%N) + 10000000000 ))
influx_writer 0 "$IX_END" >"$TMP/w0" & W0=$!
influx_writer 1 "$IX_END" >"$TMP/w1" & W1=$!
wait "$W0" "$W1"
IX_T1=$(now)
IX_LINES=$(( $(<"$TMP/w0") + $(<"$TMP/w1") ))
IX_RATE=$(calc "$IX_LINES / ($IX_T1 - $IX_T0)" | awk '{printf "%.0f", $1}')

# ---- 6. the table -------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { a += 0; if (b + 0 > 0) printf "%.0f%%", 100 * a / b; else printf "n/a" }'; }
num() { awk -v a="$1" 'BEGIN { printf "%.0f", a + 0 }'; }
E2E_NUM=${E2E_RATE#<}
G1=$( (( $(num "$E2E_NUM") >= 10000 )) && echo met || echo MISSED )
G2=$(awk -v a="$E2E_NUM" -v b="${mq_rate:-0}" 'BEGIN { print (b > 0 && a / b >= 0.5) ? "met" : "MISSED" }')
if [[ $MODE == full ]]; then
  G3=$(( PEAK_RSS_KB <= 1536 * 1024 )) && G3=$( (( G3 )) && echo met || echo MISSED )
  RSS_GOAL="<= 1.5 GB (Yinchuan city)"
else
  G3="n/a (quick)" RSS_GOAL="<= 1.5 GB (--full only)"
fi
G4=$(awk -v a="${alarm_p99:-999999}" -v seen="${alarm_count%% of *}" -v raised="${alarm_count##* of }" 'BEGIN { print (seen != "" && seen == raised && a + 0 <= 200) ? "met" : "MISSED" }')

{
echo
echo "CommandCenter benchmark — $MODE, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM"
echo "city: preset $PRESET ($(grep -c '"kind": *"elevator"' "$CREDS" || true) elevators in credentials); load: $DEVICES devices, target $RATE msg/s, ${DURATION}s QoS 1 elevator statuses"
echo "background: the same devices at $BACKGROUND msg/s for ${DURATION}s, watched by a SignalR wall client and a firm console, $ALARMS trapped-passenger alarms"
echo "Single run; on a small shared machine these are orders of magnitude, not precise figures."
echo
printf '| %-44s | %-26s | %-24s | %-12s |\n' "figure" "value" "goal" "result"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..28})" "$(printf -- '-%.0s' {1..26})" "$(printf -- '-%.0s' {1..14})"
row() { printf '| %-44s | %-26s | %-24s | %-12s |\n' "$1" "$2" "${3:-}" "${4:-}"; }
row "CC: load acknowledged / rejected / sent" "$cc_acked / $cc_rejected / $cc_sent"
row "CC: achieved publish rate (load verb)" "$(num "$cc_rate") msg/s"
row "CC: publish->PUBACK p50 / p95 / p99" "$cc_p50 / $cc_p95 / $cc_p99 ms"
row "CC: ingest accepted / rejected (stats delta)" "$ACC / $REJ"
row "CC: points written to InfluxDB (delta)" "$WRITTEN"
row "CC: end-to-end msg/s (MQTT in -> InfluxDB)" "$E2E_RATE msg/s" ">= 10,000 msg/s" "$G1"
row "CC: end-to-end / Mosquitto achieved" "$(ratio "$E2E_NUM" "${mq_rate:-0}")" ">= 50%" "$G2"
row "CC: PUBACK rate / Mosquitto achieved" "$(ratio "$cc_rate" "${mq_rate:-0}")"
row "CC: end-to-end / raw InfluxDB write rate" "$(ratio "$E2E_NUM" "$IX_RATE")"
row "CC: CPU avg / peak 1 s (100% = one core)" "$CPU_AVG% / $CPU_PEAK%"
row "CC: RSS idle / peak (VmHWM, whole run)" "$((IDLE_RSS_KB / 1024)) / $((PEAK_RSS_KB / 1024)) MB" "$RSS_GOAL" "$G3"
row "CC: start-up to /health 200 (incl. city gen)" "${STARTUP_S} s"
row "Mosquitto: acknowledged / sent" "${mq_acked:-?} / ${mq_sent:-?}"
row "Mosquitto: achieved publish rate" "$(num "${mq_rate:-0}") msg/s"
row "Mosquitto: publish->PUBACK p50 / p95 / p99" "${mq_p50:-?} / ${mq_p95:-?} / ${mq_p99:-?} ms"
row "InfluxDB: raw line-protocol write rate" "$IX_RATE lines/s"
row "BG: acknowledged / sent; achieved rate" "${bg_acked:-?} / ${bg_sent:-?}; $(num "${bg_rate:-0}") msg/s"
row "BG: publish->PUBACK p50 / p95 / p99" "${bg_p50:-?} / ${bg_p95:-?} / ${bg_p99:-?} ms"
row "BG: publish->SignalR wall p50 / p95 / p99" "${wall_p50:-?} / ${wall_p95:-?} / ${wall_p99:-?} ms"
row "BG: wall statuses timed / pushed" "${wall_count:-?}"
row "BG: alarm->firm console p50 / p95 / p99" "${alarm_p50:-?} / ${alarm_p95:-?} / ${alarm_p99:-?} ms" "p99 <= 200 ms" "$G4"
row "BG: alarms seen on the console / raised" "${alarm_count:-?}"
row "Whole run: ingest accepted / rejected" "$ACC_ALL / $REJ_ALL"
row "Whole run: InfluxDB points written / spooled" "$WRITTEN_ALL / $SPOOLED_ALL"
echo
} | tee "$LOGS/table.txt"
say "done in $((SECONDS - BENCH_START))s (after the build)."

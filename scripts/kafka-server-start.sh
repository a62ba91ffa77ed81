#!/usr/bin/env bash
# Starts one ZKafka broker (io.zkafka.server.Kafka) from server.properties plus overrides.
set -euo pipefail

# shellcheck source=scripts/zkafka-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-functions.sh"

usage() {
  cat << USAGE
Usage: $(basename -- "$0") [-daemon [--while-loading wait|return]] server.properties [--override key=value]...

  -daemon                run in the background: output appended to \$ZKAFKA_LOG_DIR/kafka-server-<id>.out
                         (each start first writes a line '===== <UTC time> starting broker <id> ====='),
                         PID in \$ZKAFKA_RUN_DIR/kafka-server-<id>.pid (<id> is broker.id); returns
                         once the broker accepts connections on its listener. A broker that has not
                         done so within KAFKA_START_TIMEOUT_SECONDS is stopped, unless it is still
                         loading its logs (a restart after a hard kill of a broker holding many
                         partitions): that is never stopped; the script says how far loading has got
                         every 5 s and, after loading, gives the broker the timeout again
  --while-loading MODE   with -daemon, when the timeout passes while the broker loads its logs: 'wait'
                         (default; or \$KAFKA_START_WHILE_LOADING) keeps waiting until it listens;
                         'return' returns at once (exit 0), the broker still starting in the background
  --override key=value   a broker setting that wins over the file (repeatable)
  -h, --help

SIGTERM (kafka-server-stop.sh) stops the broker cleanly.

Environment: ZKAFKA_RUN_DIR (default /tmp/zkafka-run), ZKAFKA_LOG_DIR (default the run folder),
KAFKA_START_TIMEOUT_SECONDS (default 60), KAFKA_HEAP_OPTS (default -Xmx1G -Xms1G), KAFKA_CDS (off: no
class data sharing archive of the broker's classes; see kafka-run-class.sh), ZKAFKA_CDS_DIR, JMX_PORT (as
Kafka's: opens remote JMX on that port, without authentication or TLS, for scripts/kafka-metrics.sh and
jconsole), KAFKA_JMX_OPTS (the flags that go with it; default: jmxremote, no authentication, no SSL),
ZKAFKA_JAAS_CONFIG (a JAAS file; see kafka-run-class.sh and the security section of
kafka-core/README.md), KAFKA_BROKER_JIT (auto, the default: C1 only on a machine of at most two CPUs,
else the JVM's tiered C1 and C2; c1; tiered), and those of kafka-run-class.sh.
USAGE
}

daemon=false
while_loading="${KAFKA_START_WHILE_LOADING:-wait}"
config=""
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -daemon | --daemon) daemon=true ;;
    --while-loading)
      [[ $# -ge 2 ]] || die "--while-loading needs wait or return (see --help)"
      while_loading="$2"
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    --override)
      [[ $# -ge 2 && "$2" == ?*=* ]] || die "--override needs key=value (see --help)"
      overrides+=("$2")
      shift
      ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *)
      [[ -z "$config" ]] || die "expected one properties file, got '$config' and '$1' (see --help)"
      config="$1"
      ;;
  esac
  shift
done
[[ -n "$config" ]] || {
  usage >&2
  exit 2
}
[[ -f "$config" ]] || die "no such file: $config"
[[ "$while_loading" == wait || "$while_loading" == return ]] \
  || die "--while-loading (or KAFKA_START_WHILE_LOADING) must be wait or return (got '$while_loading')"
config="$(absolute_path "$config")"
check_jaas_config

# The broker's effective value of KEY: the last --override of it, else the file's.
effective() {
  local key="$1" value override
  value="$(prop_get "$config" "$key")"
  for override in "${overrides[@]+"${overrides[@]}"}"; do
    [[ "${override%%=*}" == "$key" ]] && value="${override#*=}"
  done
  printf '%s\n' "$value"
}

java_args=("$config")
for override in "${overrides[@]+"${overrides[@]}"}"; do
  java_args+=(--override "$override")
done

export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
# Log4j 2 with conf/log4j2.properties: server.log, controller.log, state-change.log in a folder per broker
log_broker_id="$(effective broker.id)"
export KAFKA_LOG_OPTS="${KAFKA_LOG_OPTS--Dlog4j2.configurationFile=$ZKAFKA_HOME/conf/log4j2.properties -Dkafka.logs.dir=$ZKAFKA_LOG_DIR/broker-${log_broker_id:-0}}"
# The broker's JIT: on a machine of at most two CPUs, C2's compiler threads compete with the brokers for
# the CPU and cost more than they save (kafka-core's README, "The JIT on small machines"); a later flag in
# KAFKA_OPTS wins.
case "${KAFKA_BROKER_JIT:-auto}" in
  auto) if [[ "$(nproc 2> /dev/null || echo 4)" -le 2 ]]; then jit="c1"; else jit="tiered"; fi ;;
  c1 | tiered) jit="$KAFKA_BROKER_JIT" ;;
  *) die "KAFKA_BROKER_JIT must be auto, c1 or tiered (got '$KAFKA_BROKER_JIT')" ;;
esac
if [[ "$jit" == c1 ]]; then
  export KAFKA_OPTS="-XX:TieredStopAtLevel=1${KAFKA_OPTS:+ $KAFKA_OPTS}"
fi
# Netty's leak detector samples one buffer in 128 and records its allocation's stack: 1.6% of the
# broker's CPU under Kafka's latency tool (kafka-core's README, "Per-request costs"). The tests run it
# at paranoid; KAFKA_OPTS="-Dio.netty.leakDetection.level=simple" (a later flag wins) turns it back on.
export KAFKA_OPTS="-Dio.netty.leakDetection.level=disabled${KAFKA_OPTS:+ $KAFKA_OPTS}"
# Here rather than in kafka-run-class.sh, so a tool run with JMX_PORT still set does not take the port.
if [[ -n "${JMX_PORT:-}" ]]; then
  [[ "$JMX_PORT" =~ ^[0-9]+$ ]] || die "JMX_PORT must be a port number (got '$JMX_PORT')"
  jmx_opts="${KAFKA_JMX_OPTS:--Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false}"
  export KAFKA_OPTS="${KAFKA_OPTS:-} $jmx_opts -Dcom.sun.management.jmxremote.port=$JMX_PORT -Dcom.sun.management.jmxremote.rmi.port=$JMX_PORT"
fi
run_class="$ZKAFKA_HOME/scripts/kafka-run-class.sh"

if [[ "$daemon" != true ]]; then
  exec "$run_class" "$KAFKA_MAIN_CLASS" "${java_args[@]}"
fi

broker_id="$(effective broker.id)"
[[ "$broker_id" =~ ^[0-9]+$ ]] || die "broker.id must be a number for -daemon (got '${broker_id}'); it names the PID file"
# the native listener (native.listener.name, PLAINTEXT unless set) is the one waited for
listeners="$(effective listeners)"
listeners="${listeners:-PLAINTEXT://127.0.0.1:9092}"
native_name="$(effective native.listener.name)"
native_name="${native_name:-PLAINTEXT}"
listener=""
IFS=',' read -r -a listener_entries <<< "$listeners"
for entry in "${listener_entries[@]}"; do
  entry="${entry// /}"
  if [[ "${entry%%://*}" == "$native_name" ]]; then
    listener="$entry"
  fi
done
[[ "$listener" =~ ^[A-Za-z0-9_]+://([^,:]*):([0-9]+)$ ]] \
  || die "listeners must name the native listener $native_name as $native_name://host:port for -daemon (got '$listeners')"
listener_host="${BASH_REMATCH[1]}"
listener_port="${BASH_REMATCH[2]}"
[[ -z "$listener_host" || "$listener_host" == "0.0.0.0" ]] && listener_host="127.0.0.1"

mkdir -p -- "$ZKAFKA_RUN_DIR" "$ZKAFKA_LOG_DIR"
pid_file="$ZKAFKA_RUN_DIR/kafka-server-$broker_id.pid"
out_file="$ZKAFKA_LOG_DIR/kafka-server-$broker_id.out"
if pid="$(running_pid "$pid_file" "$KAFKA_MAIN_CLASS")"; then
  die "broker $broker_id, started by these scripts, already runs (PID $pid, $pid_file)"
fi
ensure_distribution

# Appended, never truncated: the output of a broker that was killed is still there after its restart.
printf '===== %s starting broker %s =====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$broker_id" >> "$out_file"
run_start_byte=$(($(stat -c %s -- "$out_file") + 1))
nohup "$run_class" "$KAFKA_MAIN_CLASS" "${java_args[@]}" >> "$out_file" 2>&1 < /dev/null &
pid=$!
printf '%s\n' "$pid" > "$pid_file"

# How far this run's log loading has got, from the lines the broker's LogsLoader writes:
# "loading X N" (X of N logs open so far), "loaded N" (all open), or "not-started".
loading_state() {
  local line
  line="$(tail -c "+$run_start_byte" -- "$out_file" 2> /dev/null \
    | grep -E 'Load(ing [0-9]+ logs from|ed [0-9]+ of [0-9]+ logs)' | tail -n 1)" || true
  if [[ "$line" =~ Loaded\ ([0-9]+)\ of\ ([0-9]+)\ logs\ in ]]; then
    printf 'loaded %s\n' "${BASH_REMATCH[2]}"
  elif [[ "$line" =~ Loaded\ ([0-9]+)\ of\ ([0-9]+)\ logs ]]; then
    printf 'loading %s %s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
  elif [[ "$line" =~ Loading\ ([0-9]+)\ logs ]]; then
    printf 'loading 0 %s\n' "${BASH_REMATCH[1]}"
  else
    printf 'not-started\n'
  fi
}

timeout_s="${KAFKA_START_TIMEOUT_SECONDS:-60}"
# SECONDS counts whole seconds from a point inside one: +1 gives the broker at least the timeout
deadline=$((SECONDS + timeout_s + 1))
loaded_seen=false
told_loading=false
next_report=0
until port_accepts "$listener_host" "$listener_port"; do
  if ! pid_alive "$pid"; then
    rm -f -- "$pid_file"
    tail -n 20 -- "$out_file" >&2 || true
    die "broker $broker_id exited during start-up; its output is in $out_file"
  fi
  read -r phase done_logs total_logs <<< "$(loading_state)"
  if [[ "$phase" == loading ]]; then
    # Never stop a broker that is loading its logs: it would only start over, further behind.
    if ((SECONDS >= deadline)) && [[ "$told_loading" != true ]]; then
      told_loading=true
      if [[ "$while_loading" == return ]]; then
        say "broker $broker_id (PID $pid) is still loading its logs ($done_logs of $total_logs) after the ${timeout_s}s start timeout; returning, it goes on starting in the background (output: $out_file)"
        exit 0
      fi
      say "broker $broker_id (PID $pid) is still loading its logs ($done_logs of $total_logs) after the ${timeout_s}s start timeout; waiting for it"
      next_report=$((SECONDS + 5))
    elif [[ "$told_loading" == true ]] && ((SECONDS >= next_report)); then
      say "broker $broker_id (PID $pid) is loading its logs: $done_logs of $total_logs"
      next_report=$((SECONDS + 5))
    fi
  elif [[ "$phase" == loaded && "$loaded_seen" != true ]]; then
    loaded_seen=true
    # the timeout counts again from the end of loading
    ((deadline > SECONDS + timeout_s)) || deadline=$((SECONDS + timeout_s + 1))
  fi
  if ((SECONDS >= deadline)) && [[ "$phase" != loading ]]; then
    say "broker $broker_id (PID $pid) did not listen on $listener_host:$listener_port in time; stopping it"
    stop_pid_file "$pid_file" "$KAFKA_MAIN_CLASS" 30 "broker $broker_id"
    die "broker $broker_id did not start; its output is in $out_file"
  fi
  sleep 0.3
done
say "broker $broker_id started on $listener_host:$listener_port (PID $pid, JIT: $jit, output: $out_file)"
# a broker that recorded the classes it loaded (no class data sharing archive yet): build the archive now
if java_cmd="$(java_command)" && jars="$(cds_jars)" && cds="$(cds_prefix "$java_cmd" "$jars")" \
  && [[ ! -s "$cds.jsa" && -s "$cds.classlist.$pid" ]]; then
  cds_build_archive "$cds" "$cds.classlist.$pid" "$java_cmd" "$jars"
fi

#!/usr/bin/env bash
# Starts one ZKafka broker (io.zkafka.server.Kafka) from server.properties plus overrides.
set -euo pipefail

# shellcheck source=scripts/zkafka-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-functions.sh"

usage() {
  cat << USAGE
Usage: $(basename -- "$0") [-daemon] server.properties [--override key=value]...

  -daemon                run in the background: output appended to \$ZKAFKA_LOG_DIR/kafka-server-<id>.out
                         (each start first writes a line '===== <UTC time> starting broker <id> ====='),
                         PID in \$ZKAFKA_RUN_DIR/kafka-server-<id>.pid (<id> is broker.id); returns
                         once the broker accepts connections on its listener
  --override key=value   a broker setting that wins over the file (repeatable)
  -h, --help

SIGTERM (kafka-server-stop.sh) stops the broker cleanly.

Environment: ZKAFKA_RUN_DIR (default /tmp/zkafka-run), ZKAFKA_LOG_DIR (default the run folder),
KAFKA_START_TIMEOUT_SECONDS (default 60), KAFKA_HEAP_OPTS (default -Xmx1G -Xms1G), JMX_PORT (as
Kafka's: opens remote JMX on that port, without authentication or TLS, for scripts/kafka-metrics.sh and
jconsole), KAFKA_JMX_OPTS (the flags that go with it; default: jmxremote, no authentication, no SSL),
and those of kafka-run-class.sh.
USAGE
}

daemon=false
config=""
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -daemon | --daemon) daemon=true ;;
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
config="$(absolute_path "$config")"

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
export KAFKA_LOG_OPTS="${KAFKA_LOG_OPTS-}"
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
listener="$(effective listeners)"
listener="${listener:-PLAINTEXT://127.0.0.1:9092}"
[[ "$listener" =~ ^[A-Za-z_]+://([^,:]*):([0-9]+)$ ]] \
  || die "listeners must be one NAME://host:port for -daemon (got '$listener')"
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
nohup "$run_class" "$KAFKA_MAIN_CLASS" "${java_args[@]}" >> "$out_file" 2>&1 < /dev/null &
pid=$!
printf '%s\n' "$pid" > "$pid_file"

deadline=$((SECONDS + ${KAFKA_START_TIMEOUT_SECONDS:-60}))
until port_accepts "$listener_host" "$listener_port"; do
  if ! pid_alive "$pid"; then
    rm -f -- "$pid_file"
    tail -n 20 -- "$out_file" >&2 || true
    die "broker $broker_id exited during start-up; its output is in $out_file"
  fi
  if ((SECONDS >= deadline)); then
    say "broker $broker_id (PID $pid) did not listen on $listener_host:$listener_port in time; stopping it"
    stop_pid_file "$pid_file" "$KAFKA_MAIN_CLASS" 30 "broker $broker_id"
    die "broker $broker_id did not start; its output is in $out_file"
  fi
  sleep 0.3
done
say "broker $broker_id started on $listener_host:$listener_port (PID $pid, output: $out_file)"

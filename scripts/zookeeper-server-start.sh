#!/usr/bin/env bash
# Starts the real ZooKeeper server (QuorumPeerMain from the zookeeper jar) from a properties file:
# standalone when the file has no server.N lines, one ensemble member otherwise.
set -euo pipefail

# shellcheck source=scripts/zkafka-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-functions.sh"

usage() {
  cat << EOF
Usage: $(basename -- "$0") [-daemon] zookeeper.properties

  -daemon   run in the background: output appended to \$ZKAFKA_LOG_DIR/zookeeper-<clientPort>.out (each
            start first writes '===== <UTC time> starting ZooKeeper <clientPort> ====='), PID in
            \$ZKAFKA_RUN_DIR/zookeeper-<clientPort>.pid; returns once the server answers on its
            client port (standalone: once it serves; ensemble member: once it listens, since it
            serves only when a quorum of members runs)
  -h, --help

For an ensemble member (server.N lines) the script writes <dataDir>/myid: N is the server.N line
whose client address (after ';') has this file's clientPort.

Environment: ZKAFKA_RUN_DIR (default /tmp/zkafka-run), ZKAFKA_LOG_DIR (default the run folder),
ZOOKEEPER_START_TIMEOUT_SECONDS (default 30), KAFKA_HEAP_OPTS (default -Xmx512M -Xms512M),
ZKAFKA_JAAS_CONFIG (a JAAS file; see kafka-run-class.sh and the security section of
kafka-core/README.md), and those of kafka-run-class.sh.
EOF
}

daemon=false
config=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -daemon | --daemon) daemon=true ;;
    -h | --help)
      usage
      exit 0
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
check_jaas_config

data_dir="$(prop_get "$config" dataDir)"
client_port="$(prop_get "$config" clientPort)"
[[ -n "$data_dir" ]] || die "$config has no dataDir"
[[ "$client_port" =~ ^[0-9]+$ ]] || die "$config has no numeric clientPort (got '${client_port}')"
client_host="$(prop_get "$config" clientPortAddress)"
client_host="${client_host:-127.0.0.1}"
[[ "$client_host" == "0.0.0.0" ]] && client_host="127.0.0.1"

# An ensemble member learns its id from <dataDir>/myid; derive it from this node's server line.
if grep -qE '^[[:space:]]*server\.[0-9]+[[:space:]]*[=:]' "$config"; then
  my_id="$(awk -v port="$client_port" '
    /^[ \t]*server\.[0-9]+[ \t]*[=:]/ {
      id = $0; sub(/^[ \t]*server\./, "", id); sub(/[^0-9].*$/, "", id)
      client = $0; if (sub(/^[^;]*;/, "", client) == 0) next
      sub(/[ \t\r]+$/, "", client)
      n = split(client, parts, ":")
      if (parts[n] == port) print id
    }' "$config")"
  mkdir -p -- "$data_dir"
  if [[ -f "$data_dir/myid" ]]; then
    existing_id="$(tr -dc '0-9' < "$data_dir/myid")"
    [[ -z "$my_id" || "$existing_id" == "$my_id" ]] \
      || die "$data_dir/myid says $existing_id but $config's clientPort $client_port belongs to server.$my_id"
  else
    [[ "$my_id" =~ ^[0-9]+$ ]] \
      || die "cannot tell this node's id: no single server.N line in $config ends with ';<host>:$client_port' (or write $data_dir/myid yourself)"
    printf '%s\n' "$my_id" > "$data_dir/myid"
  fi
fi

export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512M -Xms512M}"
# Log4j 2 with conf/log4j2.properties: server.log in a folder per node
export KAFKA_LOG_OPTS="${KAFKA_LOG_OPTS--Dlog4j2.configurationFile=$ZKAFKA_HOME/conf/log4j2.properties -Dkafka.logs.dir=$ZKAFKA_LOG_DIR/zookeeper-$client_port}"
run_class="$ZKAFKA_HOME/scripts/kafka-run-class.sh"

if [[ "$daemon" != true ]]; then
  exec "$run_class" "$ZOOKEEPER_MAIN_CLASS" "$config"
fi

mkdir -p -- "$ZKAFKA_RUN_DIR" "$ZKAFKA_LOG_DIR"
pid_file="$ZKAFKA_RUN_DIR/zookeeper-$client_port.pid"
out_file="$ZKAFKA_LOG_DIR/zookeeper-$client_port.out"
if pid="$(running_pid "$pid_file" "$ZOOKEEPER_MAIN_CLASS")"; then
  die "a ZooKeeper started by these scripts already runs for client port $client_port (PID $pid, $pid_file)"
fi
ensure_distribution

# Appended, never truncated: the output of a server that was killed is still there after its restart.
printf '===== %s starting ZooKeeper %s =====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$client_port" >> "$out_file"
nohup "$run_class" "$ZOOKEEPER_MAIN_CLASS" "$config" >> "$out_file" 2>&1 < /dev/null &
pid=$!
printf '%s\n' "$pid" > "$pid_file"

deadline=$((SECONDS + ${ZOOKEEPER_START_TIMEOUT_SECONDS:-30}))
while :; do
  if ! pid_alive "$pid"; then
    rm -f -- "$pid_file"
    tail -n 20 -- "$out_file" >&2 || true
    die "ZooKeeper (client port $client_port) exited during start-up; its output is in $out_file"
  fi
  if [[ -n "${my_id:-}" ]] && zk_four_letter "$client_host" "$client_port" ruok > /dev/null; then
    mode="$(zk_mode "$client_host" "$client_port" || echo "waiting for a quorum")"
    break
  fi
  if mode="$(zk_mode "$client_host" "$client_port")"; then
    break
  fi
  if ((SECONDS >= deadline)); then
    say "ZooKeeper (PID $pid) did not answer on $client_host:$client_port in time; stopping it"
    stop_pid_file "$pid_file" "$ZOOKEEPER_MAIN_CLASS" 10 "ZooKeeper (client port $client_port)"
    die "ZooKeeper did not start; its output is in $out_file"
  fi
  sleep 0.3
done
say "ZooKeeper started on $client_host:$client_port (PID $pid, mode: $mode, output: $out_file)"

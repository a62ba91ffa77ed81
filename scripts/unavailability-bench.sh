#!/usr/bin/env bash
# Measures what a broker fault costs a partition's acks=all writes: a controlled shutdown of its
# leader (SIGTERM through kafka-server-stop.sh), a hard kill (SIGKILL) of its leader, of a follower
# and of the controller. Starts its own standalone ZooKeeper and three brokers with the scripts (the
# default zookeeper.session.timeout.ms, 18 s), runs io.zkafka.tools.UnavailabilityBenchmark against
# them, and takes everything down again.
set -euo pipefail

data_dir="${UNAVAILABILITY_BENCH_DIR:-/tmp/zkafka-unavailability-bench}"
case "$data_dir" in /*) ;; *) data_dir="$PWD/${data_dir#./}" ;; esac
export ZKAFKA_RUN_DIR="$data_dir/run"
export ZKAFKA_LOG_DIR="$data_dir/logs"

# shellcheck source=scripts/zkafka-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-functions.sh"

scripts="$ZKAFKA_HOME/scripts"
self="$scripts/$(basename -- "${BASH_SOURCE[0]}")"
zk_port="${UNAVAILABILITY_BENCH_ZK_PORT:-2191}"
broker_port_base="${UNAVAILABILITY_BENCH_BROKER_PORT_BASE:-9190}"
session_timeout_ms="${UNAVAILABILITY_BENCH_SESSION_TIMEOUT_MS:-18000}"
runs="${UNAVAILABILITY_BENCH_RUNS:-5}"
faults="${UNAVAILABILITY_BENCH_FAULTS:-controlled kill follower-kill controller-kill}"
read -r -a extra_overrides <<< "${UNAVAILABILITY_BENCH_OVERRIDES:-}"
topic="unavailability"
zookeeper_connect="127.0.0.1:$zk_port/zkafka-bench"
bootstrap="127.0.0.1:$((broker_port_base + 1)),127.0.0.1:$((broker_port_base + 2)),127.0.0.1:$((broker_port_base + 3))"

usage() {
  cat << USAGE
Usage: $(basename -- "$0") [run | stop | start-broker N | stop-broker N | kill-broker N]

run (default)    starts ZooKeeper on 127.0.0.1:$zk_port and brokers 1-3 on ports $((broker_port_base + 1))-$((broker_port_base + 3)),
                 creates topic '$topic' (1 partition, replication factor 3, min.insync.replicas=2),
                 then measures $runs faults of each kind: a controlled shutdown of the partition's
                 leader and hard kills of its leader, of a follower and of the controller. Each run
                 reports the longest gap between acks=all acknowledgements from the fault on, for a
                 leader fault the time to the first write the new leader acknowledges, for a
                 controller kill the time until another controller is seen and creates a topic.
                 Prints each run and the medians; stops everything at the end.
stop             stops what run started (by PID file).
start-broker N, stop-broker N (SIGTERM, waits for the exit), kill-broker N (SIGKILL):
                 the steps the benchmark drives; they work on a cluster that run started.

Environment:
  UNAVAILABILITY_BENCH_DIR                 data, logs and PID files (default /tmp/zkafka-unavailability-bench;
                                           an earlier run's folder is wiped at the start of run)
  UNAVAILABILITY_BENCH_RUNS                faults of each kind (default 5)
  UNAVAILABILITY_BENCH_SESSION_TIMEOUT_MS  the brokers' zookeeper.session.timeout.ms (default 18000, Kafka's)
  UNAVAILABILITY_BENCH_FAULTS              which faults, in order (default "controlled kill follower-kill
                                           controller-kill")
  UNAVAILABILITY_BENCH_OVERRIDES           more broker settings, "key=value key=value"
  UNAVAILABILITY_BENCH_ZK_PORT, UNAVAILABILITY_BENCH_BROKER_PORT_BASE  ports (default 2191, 9190)
USAGE
}

start_broker() {
  local n="$1" setting more=()
  for setting in "${extra_overrides[@]+"${extra_overrides[@]}"}"; do
    more+=(--override "$setting")
  done
  "$scripts/kafka-server-start.sh" -daemon "$ZKAFKA_HOME/conf/server.properties" \
    --override "broker.id=$n" \
    --override "listeners=PLAINTEXT://127.0.0.1:$((broker_port_base + n))" \
    --override "log.dirs=$data_dir/broker-$n" \
    --override "zookeeper.connect=$zookeeper_connect" \
    --override "zookeeper.session.timeout.ms=$session_timeout_ms" \
    --override "replica.lag.time.max.ms=10000" \
    --override "metrics.jmx.enable=false" \
    "${more[@]+"${more[@]}"}"
}

kill_broker() {
  local n="$1" pid
  pid="$(running_pid "$ZKAFKA_RUN_DIR/kafka-server-$n.pid" "$KAFKA_MAIN_CLASS")" || die "broker $n is not running"
  kill -KILL "$pid"
  wait_for_exit "$pid" 10 || die "broker $n (PID $pid) survived SIGKILL"
  rm -f -- "$ZKAFKA_RUN_DIR/kafka-server-$n.pid"
}

stop_all() {
  "$scripts/kafka-server-stop.sh" --all || true
  "$scripts/zookeeper-server-stop.sh" --all || true
}

run_bench() {
  if compgen -G "$ZKAFKA_RUN_DIR/*.pid" > /dev/null; then
    die "a benchmark cluster may be running (PID files in $ZKAFKA_RUN_DIR); run: $0 stop"
  fi
  local port
  for port in "$zk_port" $((broker_port_base + 1)) $((broker_port_base + 2)) $((broker_port_base + 3)); do
    if port_listener "$port" > /dev/null; then
      die "port $port is in use; set UNAVAILABILITY_BENCH_ZK_PORT or UNAVAILABILITY_BENCH_BROKER_PORT_BASE"
    fi
  done
  ensure_distribution
  if [[ -e "$data_dir" && ! -f "$data_dir/.unavailability-bench" ]]; then
    die "$data_dir exists and is not an earlier benchmark's folder; set UNAVAILABILITY_BENCH_DIR to a new one"
  fi
  rm -rf -- "$data_dir"
  mkdir -p -- "$data_dir/conf" "$ZKAFKA_RUN_DIR" "$ZKAFKA_LOG_DIR"
  touch "$data_dir/.unavailability-bench"
  trap stop_all EXIT

  sed -e "s|^dataDir=.*|dataDir=$data_dir/zookeeper|" -e "s|^clientPort=.*|clientPort=$zk_port|" \
    "$ZKAFKA_HOME/conf/zookeeper.properties" > "$data_dir/conf/zookeeper.properties"
  "$scripts/zookeeper-server-start.sh" -daemon "$data_dir/conf/zookeeper.properties"
  local n
  for n in 1 2 3; do
    start_broker "$n"
  done
  local deadline=$((SECONDS + 60))
  until "$scripts/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --topic "$topic" --partitions 1 \
    --replication-factor 3 --config min.insync.replicas=2 2>> "$ZKAFKA_LOG_DIR/bench-tools.err"; do
    ((SECONDS < deadline)) || die "could not create topic $topic (see $ZKAFKA_LOG_DIR/bench-tools.err)"
    sleep 1
  done

  local fault
  for fault in $faults; do
    "$scripts/kafka-run-class.sh" io.zkafka.tools.UnavailabilityBenchmark --bootstrap-server "$bootstrap" \
      --topic "$topic" --fault "$fault" --runs "$runs" --control-script "$self"
  done
  say "zookeeper.session.timeout.ms=$session_timeout_ms; logs in $ZKAFKA_LOG_DIR"
}

case "${1:-run}" in
  run) run_bench ;;
  stop) stop_all ;;
  start-broker) start_broker "${2:?broker id}" ;;
  stop-broker) "$scripts/kafka-server-stop.sh" --id "${2:?broker id}" ;;
  kill-broker) kill_broker "${2:?broker id}" ;;
  -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac

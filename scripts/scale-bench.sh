#!/usr/bin/env bash
# Measures ZKafka at scale on a cluster shaped like the quickstart's (a three-node ZooKeeper
# ensemble and three brokers, default settings): creating 10,000 partitions, killing the controller,
# restarting a broker that holds a third of them after a hard kill and after a clean stop. (The
# acks=all gaps of leader kills and controlled shutdowns are unavailability-bench.sh's.) Starts its
# own cluster with the scripts, runs io.zkafka.tools.ScaleBenchmark against it, and stops
# everything it started, by PID file, however it ends.
set -euo pipefail

data_dir="${SCALE_BENCH_DIR:-/tmp/zkafka-scale-bench}"
case "$data_dir" in /*) ;; *) data_dir="$PWD/${data_dir#./}" ;; esac
export ZKAFKA_RUN_DIR="$data_dir/run"
export ZKAFKA_LOG_DIR="$data_dir/logs"

# shellcheck source=scripts/zkafka-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-functions.sh"

scripts="$ZKAFKA_HOME/scripts"
self="$scripts/$(basename -- "${BASH_SOURCE[0]}")"
zk_client_base="${SCALE_BENCH_ZK_PORT_BASE:-24180}"
zk_quorum_base="${SCALE_BENCH_ZK_QUORUM_PORT_BASE:-24280}"
zk_election_base="${SCALE_BENCH_ZK_ELECTION_PORT_BASE:-24380}"
broker_port_base="${SCALE_BENCH_BROKER_PORT_BASE:-24090}"
runs="${SCALE_BENCH_RUNS:-3}"
scenarios="${SCALE_BENCH_SCENARIOS:-create controller-kill broker-kill broker-clean}"
read -r -a extra_overrides <<< "${SCALE_BENCH_OVERRIDES:-}"
read -r -a tool_args <<< "${SCALE_BENCH_TOOL_ARGS:-}"
zookeeper_connect="127.0.0.1:$((zk_client_base + 1)),127.0.0.1:$((zk_client_base + 2)),127.0.0.1:$((zk_client_base + 3))/zkafka"
bootstrap="127.0.0.1:$((broker_port_base + 1)),127.0.0.1:$((broker_port_base + 2)),127.0.0.1:$((broker_port_base + 3))"

usage() {
  cat << USAGE
Usage: $(basename -- "$0") [run | stop | start-broker N | stop-broker N | kill-broker N]

run (default)  checks that its ports are free, starts a ZooKeeper ensemble on 127.0.0.1:$((zk_client_base + 1))-$((zk_client_base + 3))
               and brokers 1-3 on 127.0.0.1:$((broker_port_base + 1))-$((broker_port_base + 3)) (conf/server.properties, default
               settings, zookeeper.session.timeout.ms 18000), then runs io.zkafka.tools.ScaleBenchmark:
               $runs runs of each scenario ($scenarios),
               printing each run and a table of medians. Stops everything at the end.
stop           stops what run started (by PID file).
start-broker N (returns once it listens, waiting while it loads its logs), stop-broker N (SIGTERM,
               waits for the exit), kill-broker N (SIGKILL): the steps the benchmark drives; they work
               on a cluster that run started.

Environment:
  SCALE_BENCH_DIR             data, logs and PID files (default /tmp/zkafka-scale-bench; an earlier
                              run's folder is wiped at the start of run)
  SCALE_BENCH_RUNS            runs of each scenario (default 3)
  SCALE_BENCH_SCENARIOS       which scenarios, in order (default "$scenarios"; also
                              broker-kill-expired: restart only once the cluster dropped the killed broker)
  SCALE_BENCH_TOOL_ARGS       more ScaleBenchmark flags, e.g. "--topics 20 --partitions 50"
  SCALE_BENCH_OVERRIDES       more broker settings, "key=value key=value"
  SCALE_BENCH_ZK_PORT_BASE, SCALE_BENCH_ZK_QUORUM_PORT_BASE, SCALE_BENCH_ZK_ELECTION_PORT_BASE,
  SCALE_BENCH_BROKER_PORT_BASE
                              ports: base+1..base+3 (defaults 24180, 24280, 24380, 24090)
USAGE
}

start_broker() {
  local n="$1" setting more=()
  for setting in "${extra_overrides[@]+"${extra_overrides[@]}"}"; do
    more+=(--override "$setting")
  done
  # A broker restarted after a hard kill may load its logs for a while: wait for it, never stop it.
  KAFKA_START_WHILE_LOADING=wait bench_start_broker "$n" "$broker_port_base" "$data_dir" "$zookeeper_connect" \
    --override "metrics.jmx.enable=false" "${more[@]+"${more[@]}"}"
}

tool_pid=""

stop_all() {
  if [[ -n "$tool_pid" ]] && pid_alive "$tool_pid"; then
    kill -TERM "$tool_pid" 2> /dev/null || true
    wait_for_exit "$tool_pid" 10 || kill -KILL "$tool_pid" 2> /dev/null || true
  fi
  "$scripts/kafka-server-stop.sh" --all || true
  "$scripts/zookeeper-server-stop.sh" --all || true
}

run_bench() {
  if compgen -G "$ZKAFKA_RUN_DIR/*.pid" > /dev/null; then
    die "a benchmark cluster may be running (PID files in $ZKAFKA_RUN_DIR); run: $0 stop"
  fi
  local port taken=()
  for port in $((zk_client_base + 1)) $((zk_client_base + 2)) $((zk_client_base + 3)) \
    $((zk_quorum_base + 1)) $((zk_quorum_base + 2)) $((zk_quorum_base + 3)) \
    $((zk_election_base + 1)) $((zk_election_base + 2)) $((zk_election_base + 3)) \
    $((broker_port_base + 1)) $((broker_port_base + 2)) $((broker_port_base + 3)); do
    if holder="$(port_listener "$port")"; then
      taken+=("port $port is taken by $holder")
    fi
  done
  if [[ ${#taken[@]} -gt 0 ]]; then
    printf '%s\n' "${taken[@]}" >&2
    die "nothing started; free the ports or set the SCALE_BENCH_*_PORT_BASE variables (see --help)"
  fi
  ensure_distribution
  if [[ -e "$data_dir" && ! -f "$data_dir/.scale-bench" ]]; then
    die "$data_dir exists and is not an earlier benchmark's folder; set SCALE_BENCH_DIR to a new one"
  fi
  rm -rf -- "$data_dir"
  mkdir -p -- "$data_dir/conf" "$ZKAFKA_RUN_DIR" "$ZKAFKA_LOG_DIR"
  touch "$data_dir/.scale-bench"
  trap stop_all EXIT
  trap 'exit 130' INT TERM

  local n
  for n in 1 2 3; do
    bench_write_ensemble_config "$n" "$data_dir" "$zk_client_base" "$zk_quorum_base" "$zk_election_base"
    "$scripts/zookeeper-server-start.sh" -daemon "$data_dir/conf/zookeeper-$n.properties"
  done
  bench_wait_for_quorum "$zk_client_base"
  for n in 1 2 3; do
    start_broker "$n"
  done
  say "cluster up: ZooKeeper $zookeeper_connect, brokers $bootstrap; data and logs in $data_dir"
  # In the background, so a signal to this script runs the EXIT trap at once and stops the tool too.
  "$scripts/kafka-run-class.sh" io.zkafka.tools.ScaleBenchmark --bootstrap-server "$bootstrap" \
    --control-script "$self" --runs "$runs" --scenarios "${scenarios// /,}" \
    "${tool_args[@]+"${tool_args[@]}"}" &
  tool_pid=$!
  wait "$tool_pid"
}

case "${1:-run}" in
  run) run_bench ;;
  stop) stop_all ;;
  start-broker)
    [[ "${2:-}" =~ ^[1-3]$ ]] || die "start-broker needs a broker id 1-3"
    start_broker "$2"
    ;;
  stop-broker)
    [[ "${2:-}" =~ ^[1-3]$ ]] || die "stop-broker needs a broker id 1-3"
    "$scripts/kafka-server-stop.sh" --id "$2"
    ;;
  kill-broker)
    [[ "${2:-}" =~ ^[1-3]$ ]] || die "kill-broker needs a broker id 1-3"
    bench_kill_broker "$2"
    ;;
  -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac

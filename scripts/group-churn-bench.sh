#!/usr/bin/env bash
# Issue 14's scenario as a benchmark: a consumer group whose members come and go reads a topic of
# 6 partitions (replication factor 3, min.insync.replicas=2) while each broker in turn is killed
# with SIGKILL and started again once the cluster has dropped it. Starts its own three-node
# ZooKeeper ensemble and three brokers with the scripts and the shipped configs (the quickstart's
# settings, on other ports), runs io.zkafka.tools.GroupChurnBenchmark against them, and takes
# everything down again.
set -euo pipefail

data_dir="${GROUP_CHURN_BENCH_DIR:-/tmp/zkafka-group-churn-bench}"
case "$data_dir" in /*) ;; *) data_dir="$PWD/${data_dir#./}" ;; esac
export ZKAFKA_RUN_DIR="$data_dir/run"
export ZKAFKA_LOG_DIR="$data_dir/logs"

# shellcheck source=scripts/zkafka-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-functions.sh"

scripts="$ZKAFKA_HOME/scripts"
self="$scripts/$(basename -- "${BASH_SOURCE[0]}")"
zk_port_base="${GROUP_CHURN_BENCH_ZK_PORT_BASE:-2290}"
quorum_port_base="${GROUP_CHURN_BENCH_QUORUM_PORT_BASE:-28990}"
election_port_base="${GROUP_CHURN_BENCH_ELECTION_PORT_BASE:-29990}"
broker_port_base="${GROUP_CHURN_BENCH_BROKER_PORT_BASE:-9390}"
runs="${GROUP_CHURN_BENCH_RUNS:-1}"
read -r -a bench_args <<< "${GROUP_CHURN_BENCH_ARGS:-}"
read -r -a extra_overrides <<< "${GROUP_CHURN_BENCH_OVERRIDES:-}"
zookeeper_connect="127.0.0.1:$((zk_port_base + 1)),127.0.0.1:$((zk_port_base + 2)),127.0.0.1:$((zk_port_base + 3))/zkafka"
bootstrap="127.0.0.1:$((broker_port_base + 1)),127.0.0.1:$((broker_port_base + 2)),127.0.0.1:$((broker_port_base + 3))"

usage() {
  cat << USAGE
Usage: $(basename -- "$0") [run | stop | start-broker N | kill-broker N]

run (default)    starts a ZooKeeper ensemble on 127.0.0.1:$((zk_port_base + 1))-$((zk_port_base + 3)) and brokers 1-3 on
                 127.0.0.1:$((broker_port_base + 1))-$((broker_port_base + 3)) from conf/zookeeper-{1,2,3}.properties and
                 conf/server.properties (only ids, ports, folders changed), then runs the benchmark
                 $runs time(s), each on a topic and group of its own: 300,000 records written, 90 s of
                 churn (members living 4-10 s, 50 records a poll, 25 ms of work, commitSync after each
                 poll, three at a time) during which the coordinator's broker and then each other
                 broker is killed with SIGKILL and started again once the cluster dropped it; then one
                 member alone reads the rest. Prints the events and the figures of each run, and
                 stops everything at the end.
stop             stops what run started (by PID file).
start-broker N, kill-broker N (SIGKILL)
                 the steps the benchmark drives; they work on a cluster that run started.

Environment:
  GROUP_CHURN_BENCH_DIR     data, logs and PID files (default /tmp/zkafka-group-churn-bench; an
                            earlier run's folder is wiped at the start of run)
  GROUP_CHURN_BENCH_RUNS    how many runs (default 1)
  GROUP_CHURN_BENCH_ARGS    more flags for io.zkafka.tools.GroupChurnBenchmark (see its --help), e.g.
                            "--churn-seconds 60 --consumer-property session.timeout.ms=30000"
  GROUP_CHURN_BENCH_OVERRIDES
                            broker settings over conf/server.properties, "key=value key=value" (default
                            none: the shipped settings), e.g. "zookeeper.session.timeout.ms=6000"
  GROUP_CHURN_BENCH_ZK_PORT_BASE, _QUORUM_PORT_BASE, _ELECTION_PORT_BASE, _BROKER_PORT_BASE
                            ports: base+1 .. base+3 (defaults 2290, 28990, 29990, 9390)
USAGE
}

start_broker() {
  local n="$1" setting more=()
  for setting in "${extra_overrides[@]+"${extra_overrides[@]}"}"; do
    more+=(--override "$setting")
  done
  bench_start_broker "$n" "$broker_port_base" "$data_dir" "$zookeeper_connect" "${more[@]+"${more[@]}"}"
}

stop_all() {
  "$scripts/kafka-server-stop.sh" --all || true
  "$scripts/zookeeper-server-stop.sh" --all || true
}


run_bench() {
  if compgen -G "$ZKAFKA_RUN_DIR/*.pid" > /dev/null; then
    die "a benchmark cluster may be running (PID files in $ZKAFKA_RUN_DIR); run: $0 stop"
  fi
  local port n
  for n in 1 2 3; do
    for port in $((zk_port_base + n)) $((quorum_port_base + n)) $((election_port_base + n)) $((broker_port_base + n)); do
      if port_listener "$port" > /dev/null; then
        die "port $port is in use; set the GROUP_CHURN_BENCH_*_PORT_BASE variables (see --help)"
      fi
    done
  done
  ensure_distribution
  if [[ -e "$data_dir" && ! -f "$data_dir/.group-churn-bench" ]]; then
    die "$data_dir exists and is not an earlier benchmark's folder; set GROUP_CHURN_BENCH_DIR to a new one"
  fi
  rm -rf -- "$data_dir"
  mkdir -p -- "$data_dir/conf" "$ZKAFKA_RUN_DIR" "$ZKAFKA_LOG_DIR"
  touch "$data_dir/.group-churn-bench"
  trap stop_all EXIT

  for n in 1 2 3; do
    bench_write_ensemble_config "$n" "$data_dir" "$zk_port_base" "$quorum_port_base" "$election_port_base"
    "$scripts/zookeeper-server-start.sh" -daemon "$data_dir/conf/zookeeper-$n.properties"
  done
  bench_wait_for_quorum "$zk_port_base"
  for n in 1 2 3; do
    start_broker "$n"
  done

  local run
  for run in $(seq 1 "$runs"); do
    say "run $run of $runs"
    "$scripts/kafka-run-class.sh" io.zkafka.tools.GroupChurnBenchmark --bootstrap-server "$bootstrap" \
      --control-script "$self" --topic "group-churn-$run" --group "group-churn-$run" \
      "${bench_args[@]+"${bench_args[@]}"}"
  done
  say "logs (appended across restarts) in $ZKAFKA_LOG_DIR"
}

case "${1:-run}" in
  run) run_bench ;;
  stop) stop_all ;;
  start-broker) start_broker "${2:?broker id}" ;;
  kill-broker) bench_kill_broker "${2:?broker id}" ;;
  -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac

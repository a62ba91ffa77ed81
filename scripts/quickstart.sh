#!/usr/bin/env bash
# Brings up a whole local cluster (a three-node ZooKeeper ensemble and three brokers), proves it
# works by a produce and consume round trip, and leaves it running; 'stop' takes it down.
set -euo pipefail

# Every PID file, log and byte of data lives under one folder.
data_dir="${ZKAFKA_QUICKSTART_DIR:-./quickstart-data}"
case "$data_dir" in /*) ;; *) data_dir="$PWD/${data_dir#./}" ;; esac
export ZKAFKA_RUN_DIR="$data_dir/run"
export ZKAFKA_LOG_DIR="$data_dir/logs"

# shellcheck source=scripts/zkafka-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-functions.sh"

scripts="$ZKAFKA_HOME/scripts"
zookeeper_connect="127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183/zkafka"
bootstrap="127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094"
kafka_bootstrap="127.0.0.1:9192,127.0.0.1:9193,127.0.0.1:9194"
topic="quickstart"
message_count=5000
ready_timeout="${QUICKSTART_READY_TIMEOUT_SECONDS:-120}"
console_port="${QUICKSTART_CONSOLE_PORT:-8080}"
console_url="http://127.0.0.1:$console_port/"
# Names the folder explicitly: a plain 'quickstart.sh stop' from another directory or without the
# same ZKAFKA_QUICKSTART_DIR would look for PID files elsewhere and leave the cluster running.
stop_command="$(printf 'ZKAFKA_QUICKSTART_DIR=%q %q stop' "$data_dir" "$scripts/quickstart.sh")"

usage() {
  cat << USAGE
Usage: $(basename -- "$0") [start | stop]

start (default)  checks that ports 2181-2183, 28881-28883, 38881-38883, 9092-9094, 9192-9194, 7071-7073 and $console_port are
                 free, builds the distribution if missing, starts ZooKeeper members 1-3 and brokers
                 1-3 on 127.0.0.1, creates topic '$topic' (6 partitions), produces $message_count lines
                 and consumes them back, then starts the web console on $console_url.
                 The cluster and the console keep running afterwards.
stop             stops exactly what start started (by PID file): the console, the brokers, then ZooKeeper.

Environment:
  ZKAFKA_QUICKSTART_DIR             folder for data, logs and PID files (default ./quickstart-data)
  QUICKSTART_READY_TIMEOUT_SECONDS  how long to wait for the ensemble and brokers (default 120)
  QUICKSTART_CONSOLE_PORT           the web console's port on 127.0.0.1 (default 8080)
USAGE
}

stop_cluster() {
  if [[ -f "$ZKAFKA_RUN_DIR/zkafka-console.pid" ]]; then
    "$scripts/zkafka-console.sh" --stop || true
  fi
  "$scripts/kafka-server-stop.sh" --all || true
  "$scripts/zookeeper-server-stop.sh" --all || true
}

check_ports_free() {
  local port owner taken=()
  for port in 2181 2182 2183 28881 28882 28883 38881 38882 38883 9092 9093 9094 9192 9193 9194 7071 7072 7073 "$console_port"; do
    if owner="$(port_listener "$port")"; then
      taken+=("  port $port is taken by $owner")
    fi
  done
  if [[ ${#taken[@]} -gt 0 ]]; then
    printf '%s\n' "quickstart.sh: cannot start, these ports are in use (nothing was started):" "${taken[@]}" >&2
    exit 1
  fi
}

# Waits until the three members form a quorum: one leader and two followers.
wait_for_quorum() {
  local deadline=$((SECONDS + ready_timeout)) modes
  while :; do
    modes="$(for port in 2181 2182 2183; do zk_mode 127.0.0.1 "$port" || echo none; done | sort | tr '\n' ' ')"
    [[ "$modes" == "follower follower leader " ]] && return 0
    ((SECONDS < deadline)) || fail "the ZooKeeper ensemble did not form a quorum within ${ready_timeout}s (modes: $modes)"
    sleep 0.5
  done
}

# Waits until every broker answers a topic listing, which needs it to be up and serving metadata.
wait_for_brokers() {
  local deadline=$((SECONDS + ready_timeout)) port
  for port in 9092 9093 9094; do
    until "$scripts/kafka-topics.sh" --bootstrap-server "127.0.0.1:$port" --list > /dev/null 2>> "$ZKAFKA_LOG_DIR/quickstart-tools.err"; do
      ((SECONDS < deadline)) || fail "broker on 127.0.0.1:$port did not answer kafka-topics.sh --list within ${ready_timeout}s"
      sleep 1
    done
  done
}

# Writes the JAAS files of a SASL-secured ensemble into folder $1 (readable by this user only): the
# servers' zookeeper_jaas.conf (Server section: user 'kafka' with a fresh random password) and the
# brokers' kafka_server_jaas.conf (Client section: that user and password; a KafkaServer section
# for SASL listeners may be appended to it).
write_zookeeper_jaas_files() {
  local dir="$1" password
  password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  (
    umask 077
    cat > "$dir/zookeeper_jaas.conf" << JAAS
// Written by quickstart.sh: the users that may authenticate to this ensemble (SASL DIGEST-MD5).
Server {
    org.apache.zookeeper.server.auth.DigestLoginModule required
    user_kafka="$password";
};
JAAS
    cat > "$dir/kafka_server_jaas.conf" << JAAS
// Written by quickstart.sh: how the brokers (and zookeeper-shell.sh) authenticate to ZooKeeper.
Client {
    org.apache.zookeeper.server.auth.DigestLoginModule required
    username="kafka"
    password="$password";
};
JAAS
  )
}

# Starts ZooKeeper members 1-3 (conf/zookeeper-N.properties, data in the data folder) and waits for
# their quorum. 'sasl' (for --secure): the members also take SASL authentication
# (conf/zookeeper-sasl.properties) with the users of $data_dir/conf/zookeeper_jaas.conf; brokers
# then need ZKAFKA_JAAS_CONFIG=$data_dir/conf/kafka_server_jaas.conf and
# --override zookeeper.set.acl=true, so their znodes are theirs alone to change.
start_ensemble() {
  local mode="$1" n member jaas_env=() note=""
  if [[ "$mode" == sasl ]]; then
    write_zookeeper_jaas_files "$data_dir/conf"
    jaas_env=("ZKAFKA_JAAS_CONFIG=$data_dir/conf/zookeeper_jaas.conf")
    note=" (SASL authentication)"
  fi
  for n in 1 2 3; do
    member="$data_dir/conf/zookeeper-$n.properties"
    sed -e "s|^dataDir=.*|dataDir=$data_dir/zookeeper-$n|" "$ZKAFKA_HOME/conf/zookeeper-$n.properties" > "$member"
    if [[ "$mode" == sasl ]]; then
      cat "$ZKAFKA_HOME/conf/zookeeper-sasl.properties" >> "$member"
    fi
    env "${jaas_env[@]+"${jaas_env[@]}"}" "$scripts/zookeeper-server-start.sh" -daemon "$member" \
      || fail "ZooKeeper member $n did not start (see $ZKAFKA_LOG_DIR/zookeeper-218$n.out)"
  done
  wait_for_quorum
  say "ZooKeeper ensemble serving on 127.0.0.1:2181-2183$note"
}

finished=false
started=false
fail() {
  say "FAILED: $*"
  exit 1
}
on_exit() {
  local status=$?
  if [[ "$finished" != true && "$started" == true ]]; then
    say "stopping what this run started; data and logs stay in $data_dir"
    stop_cluster
  fi
  exit "$status"
}

start_cluster() {
  if compgen -G "$ZKAFKA_RUN_DIR/*.pid" > /dev/null; then
    die "a quickstart cluster may be running (PID files in $ZKAFKA_RUN_DIR); stop it with: $stop_command"
  fi
  if [[ -d "$data_dir/broker-1" || -d "$data_dir/zookeeper-1" ]]; then
    die "$data_dir holds data of an earlier run; remove it (rm -rf '$data_dir') or set ZKAFKA_QUICKSTART_DIR to a new folder"
  fi
  check_ports_free
  ensure_distribution
  mkdir -p -- "$data_dir/conf" "$ZKAFKA_RUN_DIR" "$ZKAFKA_LOG_DIR"

  trap on_exit EXIT
  started=true
  start_ensemble plain
  local n

  for n in 1 2 3; do
    "$scripts/kafka-server-start.sh" -daemon "$ZKAFKA_HOME/conf/server.properties" \
      --override "broker.id=$n" \
      --override "listeners=PLAINTEXT://127.0.0.1:909$((n + 1)),KAFKA://127.0.0.1:919$((n + 1))" \
      --override "metrics.prometheus.port=707$n" \
      --override "log.dirs=$data_dir/broker-$n" \
      --override "zookeeper.connect=$zookeeper_connect" \
      || fail "broker $n did not start (see $ZKAFKA_LOG_DIR/kafka-server-$n.out)"
  done
  wait_for_brokers
  say "brokers 1-3 serving on $bootstrap (ZKafka's protocol) and $kafka_bootstrap (Apache Kafka's protocol)"

  "$scripts/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --topic "$topic" \
    --partitions 6 --replication-factor 1 || fail "kafka-topics.sh --create --topic $topic failed"

  local produced="$data_dir/produced.txt" consumed="$data_dir/consumed.txt"
  seq 1 "$message_count" | sed -e 's/^/quickstart message /' > "$produced"
  "$scripts/kafka-console-producer.sh" --bootstrap-server "$bootstrap" --topic "$topic" < "$produced" \
    || fail "kafka-console-producer.sh failed"
  "$scripts/kafka-console-consumer.sh" --bootstrap-server "$bootstrap" --topic "$topic" \
    --from-beginning --max-messages "$message_count" --timeout-ms 60000 > "$consumed" \
    || fail "kafka-console-consumer.sh failed"
  local count
  count="$(wc -l < "$consumed" | tr -d ' ')"
  [[ "$count" == "$message_count" ]] || fail "produced $message_count lines but consumed $count (see $consumed)"
  cmp -s <(sort "$produced") <(sort "$consumed") \
    || fail "the consumed lines differ from the produced ones (compare $produced and $consumed)"

  "$scripts/zkafka-console.sh" -daemon --bootstrap-server "$bootstrap" --host 127.0.0.1 --port "$console_port" \
    || fail "the web console did not start (see $ZKAFKA_LOG_DIR/zkafka-console.out)"
  finished=true

  cat << SUMMARY

ZKafka quickstart cluster is up.
  - ZooKeeper ensemble: 127.0.0.1:2181, 127.0.0.1:2182, 127.0.0.1:2183 (quorum formed)
  - brokers 1-3:        $bootstrap  (zookeeper.connect=$zookeeper_connect)
  - Kafka clients:      bootstrap.servers=$kafka_bootstrap  (Apache Kafka's protocol: kcat, librdkafka,
                        kafkajs, Kafka's Java client and tools)
  - Prometheus metrics: http://127.0.0.1:7071/metrics, :7072/metrics, :7073/metrics
  - topic '$topic':     6 partitions; $message_count lines produced and the same $message_count consumed back
  - web console:        $console_url  (cluster, topics, messages, consumer groups, brokers)
Data:       $data_dir (zookeeper-N/, broker-N/)
Logs:       $ZKAFKA_LOG_DIR
PID files:  $ZKAFKA_RUN_DIR
Try:        $scripts/kafka-topics.sh --bootstrap-server $bootstrap --describe --topic $topic
            kcat -b $kafka_bootstrap -L
Stop with:  $stop_command
SUMMARY
}

case "${1:-start}" in
  start) start_cluster ;;
  stop)
    if ! compgen -G "$ZKAFKA_RUN_DIR/*.pid" > /dev/null; then
      say "no PID files in $ZKAFKA_RUN_DIR: nothing to stop (if start ran with another ZKAFKA_QUICKSTART_DIR, set it the same way)"
      exit 0
    fi
    stop_cluster
    say "stopped; data stays in $data_dir (remove it before the next start)"
    ;;
  -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac

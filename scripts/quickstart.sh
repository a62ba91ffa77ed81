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
# shellcheck source=scripts/zkafka-tls-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-tls-functions.sh"

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
Usage: $(basename -- "$0") [start [--secure] | --secure | stop]

start (default)  checks that ports 2181-2183, 28881-28883, 29881-29883, 9092-9094, 9192-9194, 7071-7073 and $console_port are
                 free, builds the distribution if missing, starts ZooKeeper members 1-3 and brokers
                 1-3 on 127.0.0.1, creates topic '$topic' (6 partitions, replication factor 3), produces $message_count lines
                 and consumes them back, then starts the web console on $console_url.
                 The cluster and the console keep running afterwards.
--secure         the same cluster, secured: ZooKeeper takes SASL logins and the brokers' znodes get ACLs
                 (zookeeper.set.acl); every listener is SASL_SSL (a throwaway CA and broker certificates
                 made with keytool in the data folder); SCRAM users 'admin' (a super user) and 'alice'
                 (no ACLs); the ACL authorizer on. Client settings for both users are written to
                 admin.properties and alice.properties in the data folder, and printed with examples.
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
  for port in 2181 2182 2183 28881 28882 28883 29881 29882 29883 9092 9093 9094 9192 9193 9194 7071 7072 7073 "$console_port"; do
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
    if ((SECONDS >= deadline)); then
      show_silent_members
      fail "the ZooKeeper ensemble did not form a quorum within ${ready_timeout}s (modes: $modes)"
    fi
    sleep 0.5
  done
}

# For each member that does not answer, the end of its server log: why it exited or cannot serve.
show_silent_members() {
  local port log
  for port in 2181 2182 2183; do
    zk_mode 127.0.0.1 "$port" > /dev/null && continue
    log="$ZKAFKA_LOG_DIR/zookeeper-$port/server.log"
    [[ -f "$log" ]] || log="$ZKAFKA_LOG_DIR/zookeeper-$port.out"
    say "ZooKeeper member on port $port does not answer; the end of $log:"
    tail -n 20 -- "$log" 2>/dev/null | sed -e 's/^/    /' >&2 || true
  done
}

# Waits until every broker answers a topic listing, which needs it to be up and serving metadata
# (with the client settings in file $1, if given).
wait_for_brokers() {
  local deadline=$((SECONDS + ready_timeout)) port settings=()
  [[ -n "${1:-}" ]] && settings=(--command-config "$1")
  for port in 9092 9093 9094; do
    until "$scripts/kafka-topics.sh" --bootstrap-server "127.0.0.1:$port" "${settings[@]+"${settings[@]}"}" --list \
      > /dev/null 2>> "$ZKAFKA_LOG_DIR/quickstart-tools.err"; do
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

# --secure: where the certificates and the users' settings live, and the passwords (made by prepare_security).
secure=false
security_dir="$data_dir/security"
broker_properties="$security_dir/broker.properties"
admin_properties="$data_dir/admin.properties"
alice_properties="$data_dir/alice.properties"
broker_password=""
admin_password=""
alice_password=""

random_password() {
  head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20
}

# client_properties FILE MECHANISM USER PASSWORD: a SASL_SSL client's settings, trusting the quickstart CA.
client_properties() {
  local file="$1" mechanism="$2" user="$3" password="$4" module
  case "$mechanism" in
    PLAIN) module="org.apache.kafka.common.security.plain.PlainLoginModule" ;;
    *) module="org.apache.kafka.common.security.scram.ScramLoginModule" ;;
  esac
  (
    umask 077
    cat > "$file" << PROPS
# Written by quickstart.sh --secure: user '$user' over SASL_SSL ($mechanism).
security.protocol=SASL_SSL
sasl.mechanism=$mechanism
sasl.jaas.config=$module required username="$user" password="$password";
ssl.truststore.type=PKCS12
ssl.truststore.location=$security_dir/truststore.p12
ssl.truststore.password=$(cat "$security_dir/store.password")
PROPS
  )
}

# The CA, the brokers' key stores, the passwords and the client settings files.
prepare_security() {
  make_tls_stores "$security_dir" broker-1 broker-2 broker-3
  broker_password="$(random_password)"
  admin_password="$(random_password)"
  alice_password="$(random_password)"
  client_properties "$broker_properties" PLAIN broker "$broker_password"
  client_properties "$admin_properties" SCRAM-SHA-512 admin "$admin_password"
  client_properties "$alice_properties" SCRAM-SHA-512 alice "$alice_password"
}

# The overrides that secure broker $1, one per line: SASL_SSL on both listeners (PLAIN between brokers
# with the brokers' own login, SCRAM for clients), its certificate, the ACL authorizer, ZooKeeper ACLs.
secure_broker_overrides() {
  local n="$1" store_password
  store_password="$(cat "$security_dir/store.password")"
  printf '%s\n' \
    "listener.security.protocol.map=PLAINTEXT:SASL_SSL,KAFKA:SASL_SSL" \
    "security.inter.broker.protocol=SASL_SSL" \
    "sasl.mechanism.inter.broker.protocol=PLAIN" \
    "listener.name.plaintext.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512" \
    "listener.name.kafka.sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512" \
    "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"$broker_password\" user_broker=\"$broker_password\";" \
    "ssl.keystore.type=PKCS12" \
    "ssl.keystore.location=$security_dir/broker-$n.keystore.p12" \
    "ssl.keystore.password=$store_password" \
    "ssl.key.password=$store_password" \
    "ssl.truststore.type=PKCS12" \
    "ssl.truststore.location=$security_dir/truststore.p12" \
    "ssl.truststore.password=$store_password" \
    "authorizer.class.name=kafka.security.authorizer.AclAuthorizer" \
    "super.users=User:broker;User:admin" \
    "zookeeper.set.acl=true"
}

# Creates the SCRAM users through the brokers (logged in as the brokers' own user), then waits until
# admin can log in on every broker.
create_users() {
  local user password
  for user in admin alice; do
    password="$admin_password"
    [[ "$user" == alice ]] && password="$alice_password"
    "$scripts/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$broker_properties" --alter \
      --entity-type users --entity-name "$user" --add-config "SCRAM-SHA-512=[iterations=8192,password=$password]" \
      > /dev/null 2>> "$ZKAFKA_LOG_DIR/quickstart-tools.err" || fail "could not create the SCRAM user $user"
  done
  wait_for_brokers "$admin_properties"
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

print_secure_summary() {
  cat << SUMMARY

ZKafka quickstart cluster is up, secured.
  - ZooKeeper ensemble: 127.0.0.1:2181-2183 with SASL logins (users in $data_dir/conf/zookeeper_jaas.conf);
                        the brokers' znodes carry ACLs (zookeeper.set.acl): only the brokers' user may change them
  - brokers 1-3:        $bootstrap  SASL_SSL (ZKafka's protocol)
  - Kafka clients:      bootstrap.servers=$kafka_bootstrap  SASL_SSL, SCRAM-SHA-256/512 (Apache Kafka's protocol)
  - TLS:                a throwaway CA ($security_dir/ca.crt) signed each broker's certificate (127.0.0.1, localhost)
  - users (SCRAM-SHA-512; the passwords are in the files):
                        admin  a super user  $admin_properties
                        alice  no ACLs       $alice_properties  (she sees no topics)
  - authorization:      the ACL authorizer, allow.everyone.if.no.acl.found=false, super.users=User:broker;User:admin
  - topic '$topic':     6 partitions, replication factor 3; $message_count lines produced and consumed back as admin
  - web console:        $console_url  (connected as admin)
  - Prometheus metrics: http://127.0.0.1:7071/metrics, :7072/metrics, :7073/metrics
Data:       $data_dir (zookeeper-N/, broker-N/, security/)
Logs:       $ZKAFKA_LOG_DIR
Try:
  $scripts/kafka-topics.sh --bootstrap-server $bootstrap --command-config $admin_properties --describe --topic $topic
  # let alice produce to and consume $topic in group g, then do it as alice:
  $scripts/kafka-acls.sh --bootstrap-server $bootstrap --command-config $admin_properties --add \\
      --allow-principal User:alice --producer --topic $topic
  $scripts/kafka-acls.sh --bootstrap-server $bootstrap --command-config $admin_properties --add \\
      --allow-principal User:alice --consumer --topic $topic --group g
  echo hello | $scripts/kafka-console-producer.sh --bootstrap-server $bootstrap --producer.config $alice_properties --topic $topic
  $scripts/kafka-console-consumer.sh --bootstrap-server $bootstrap --consumer.config $alice_properties \\
      --topic $topic --group g --from-beginning --max-messages 1
  $scripts/kafka-acls.sh --bootstrap-server $bootstrap --command-config $admin_properties --list
  $scripts/kafka-configs.sh --bootstrap-server $bootstrap --command-config $admin_properties --describe \\
      --entity-type users --entity-name alice
  # Kafka's own tools and kcat take the same files (librdkafka spells the keys its own way):
  kcat -b $kafka_bootstrap -X security.protocol=SASL_SSL -X sasl.mechanisms=SCRAM-SHA-512 -X sasl.username=admin \\
      -X sasl.password=\$(sed -n 's/.*password="\(.*\)";/\1/p' $admin_properties) -X ssl.ca.location=$security_dir/ca.crt -L
  ZKAFKA_JAAS_CONFIG=$data_dir/conf/kafka_server_jaas.conf $scripts/zookeeper-shell.sh 127.0.0.1:2181/zkafka getAcl /brokers/ids
Stop with:  $stop_command
SUMMARY
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
  local n override secured=() jaas_env=() admin_settings=() producer_settings=() consumer_settings=()
  if [[ "$secure" == true ]]; then
    prepare_security
    start_ensemble sasl
    jaas_env=("ZKAFKA_JAAS_CONFIG=$data_dir/conf/kafka_server_jaas.conf")
    admin_settings=(--command-config "$admin_properties")
    producer_settings=(--producer.config "$admin_properties")
    consumer_settings=(--consumer.config "$admin_properties")
  else
    start_ensemble plain
  fi

  for n in 1 2 3; do
    secured=()
    if [[ "$secure" == true ]]; then
      while IFS= read -r override; do
        secured+=(--override "$override")
      done < <(secure_broker_overrides "$n")
    fi
    env "${jaas_env[@]+"${jaas_env[@]}"}" "$scripts/kafka-server-start.sh" -daemon "$ZKAFKA_HOME/conf/server.properties" \
      --override "broker.id=$n" \
      --override "listeners=PLAINTEXT://127.0.0.1:909$((n + 1)),KAFKA://127.0.0.1:919$((n + 1))" \
      --override "metrics.prometheus.port=707$n" \
      --override "log.dirs=$data_dir/broker-$n" \
      --override "zookeeper.connect=$zookeeper_connect" \
      "${secured[@]+"${secured[@]}"}" \
      || fail "broker $n did not start (see $ZKAFKA_LOG_DIR/kafka-server-$n.out)"
  done
  if [[ "$secure" == true ]]; then
    wait_for_brokers "$broker_properties"
    create_users
    say "brokers 1-3 serving SASL_SSL on $bootstrap (ZKafka's protocol) and $kafka_bootstrap (Apache Kafka's protocol); SCRAM users admin and alice"
  else
    wait_for_brokers
    say "brokers 1-3 serving on $bootstrap (ZKafka's protocol) and $kafka_bootstrap (Apache Kafka's protocol)"
  fi

  "$scripts/kafka-topics.sh" --bootstrap-server "$bootstrap" "${admin_settings[@]+"${admin_settings[@]}"}" --create \
    --topic "$topic" --partitions 6 --replication-factor 3 --config min.insync.replicas=2 || fail "kafka-topics.sh --create --topic $topic failed"

  local produced="$data_dir/produced.txt" consumed="$data_dir/consumed.txt"
  seq 1 "$message_count" | sed -e 's/^/quickstart message /' > "$produced"
  "$scripts/kafka-console-producer.sh" --bootstrap-server "$bootstrap" "${producer_settings[@]+"${producer_settings[@]}"}" \
    --topic "$topic" < "$produced" || fail "kafka-console-producer.sh failed"
  "$scripts/kafka-console-consumer.sh" --bootstrap-server "$bootstrap" "${consumer_settings[@]+"${consumer_settings[@]}"}" \
    --topic "$topic" --from-beginning --max-messages "$message_count" --timeout-ms 60000 > "$consumed" \
    || fail "kafka-console-consumer.sh failed"
  local count
  count="$(wc -l < "$consumed" | tr -d ' ')"
  [[ "$count" == "$message_count" ]] || fail "produced $message_count lines but consumed $count (see $consumed)"
  cmp -s <(sort "$produced") <(sort "$consumed") \
    || fail "the consumed lines differ from the produced ones (compare $produced and $consumed)"

  if [[ "$secure" == true ]]; then
    local seen_by_alice
    seen_by_alice="$("$scripts/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$alice_properties" \
      --list 2>> "$ZKAFKA_LOG_DIR/quickstart-tools.err")" || fail "alice could not log in"
    [[ -z "$seen_by_alice" ]] || fail "alice, who has no ACLs, sees topics: $seen_by_alice"
  fi

  "$scripts/zkafka-console.sh" -daemon --bootstrap-server "$bootstrap" --host 127.0.0.1 --port "$console_port" \
    "${admin_settings[@]+"${admin_settings[@]}"}" \
    || fail "the web console did not start (see $ZKAFKA_LOG_DIR/zkafka-console.out)"
  finished=true
  if [[ "$secure" == true ]]; then
    print_secure_summary
    return
  fi

  cat << SUMMARY

ZKafka quickstart cluster is up.
  - ZooKeeper ensemble: 127.0.0.1:2181, 127.0.0.1:2182, 127.0.0.1:2183 (quorum formed)
  - brokers 1-3:        $bootstrap  (zookeeper.connect=$zookeeper_connect)
  - Kafka clients:      bootstrap.servers=$kafka_bootstrap  (Apache Kafka's protocol: kcat, librdkafka,
                        kafkajs, Kafka's Java client and tools)
  - Prometheus metrics: http://127.0.0.1:7071/metrics, :7072/metrics, :7073/metrics
  - topic '$topic':     6 partitions, replication factor 3; $message_count lines produced and the same $message_count consumed back
  - web console:        $console_url  (cluster, topics, messages, consumer groups, brokers)
Data:       $data_dir (zookeeper-N/, broker-N/)
Logs:       $ZKAFKA_LOG_DIR
PID files:  $ZKAFKA_RUN_DIR
Try:        $scripts/kafka-topics.sh --bootstrap-server $bootstrap --describe --topic $topic
            kcat -b $kafka_bootstrap -L
Stop with:  $stop_command
SUMMARY
}

command="${1:-start}"
if [[ "$command" == --secure ]]; then
  command=start
  secure=true
elif [[ "$command" == start && "${2:-}" == --secure ]]; then
  secure=true
elif [[ $# -gt 1 ]]; then
  usage >&2
  exit 2
fi
case "$command" in
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

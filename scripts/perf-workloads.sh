#!/usr/bin/env bash
# Runs the standard workloads against a fresh ZKafka cluster with the perf tools, the same commands
# and parameters Apache Kafka's reference runs use, and prints the median of each figure.
#
#   scripts/perf-workloads.sh [W1 W3 W3G W4]      (default: W1 W3)
#
#   W1  1 broker, 1 partition, 5M x 100 B, acks=1 linger.ms=5 batch.size=65536 (producer perf test)
#   W3  consumer perf test reading W1's 5M records (assigned partitions)
#   W3G as W3 through a consumer group (--group; Kafka's consumer perf test always uses one)
#   W4  3 brokers, 6 partitions, RF 3, min ISR 2, acks=all, 3M x 100 B, linger 5, batch 64K
#       (the producer is idempotent here, Kafka's default; in W1 acks=1 turns idempotence off)
#
# Env: RUNS=3, N1=5000000, N4=3000000, NWARM=1000000, ZK_PORT=12181, BROKER_PORT=19092 (brokers use
# BROKER_PORT, +1, +2), OUT=<results folder> (default /tmp/zkafka-perf/<time>). The cluster is started
# and stopped by this script (its own ZooKeeper, data under $OUT), so nothing else may use the ports.
# IDEMPOTENCE_AB=1 runs W1 and W4 (only) with enable.idempotence=true and =false, one after the other
# in each run (alternating which goes first), W1 then at acks=all on both sides (idempotence needs
# it; with one broker it waits for nothing more than acks=1), and prints the medians of both and
# their ratio. Every run's line ends with the load average before it.
# OBSERVE_AB=1 runs W1 (only) twice per run, alternating the order: plain, and with the web console
# watching the broker (zkafka-console.sh, its samplers every 10 s) while curl scrapes the broker's
# Prometheus /metrics every second; prints both medians, their ratio and the broker CPU of each.
# The broker serves Prometheus on BROKER_PORT+1000 in both halves (an idle endpoint costs nothing).
# SECURITY=SSL runs everything over TLS: a self-signed broker certificate for 127.0.0.1 is made with
# keytool under $OUT/tls, the brokers' native listener is mapped to SSL (so replication in W4 runs
# over TLS too), and every tool gets security.protocol=SSL and the trust store through its
# --producer.config, --consumer.config or --command-config file ($OUT/client.properties).
# SECURITY=SASL_PLAINTEXT or SASL_SSL maps the brokers' native listener to it (SASL_SSL: with the TLS set-up
# above): the brokers log in to each other with PLAIN (a JAAS user "broker"), and once the cluster is up a
# SCRAM-SHA-512 user "perf" is created with kafka-configs.sh (logged in as "broker"); every tool then logs
# in as "perf" with SCRAM-SHA-512.
# AUTHORIZER=acl turns the ACL authorizer on (kafka.security.authorizer.AclAuthorizer, no super users):
# the tools' principal (User:ANONYMOUS over PLAINTEXT) is given All on the cluster, on Topic '*' and on
# Group '*' with kafka-acls.sh once the warm-up topic exists, so every request is decided from the ACL
# cache (a wildcard match), as a real deployment's would be. AUTHORIZER=none (default): no authorizer.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
RUNS="${RUNS:-3}"; N1="${N1:-5000000}"; N4="${N4:-3000000}"; NWARM="${NWARM:-1000000}"
ZK_PORT="${ZK_PORT:-12181}"; BROKER_PORT="${BROKER_PORT:-19092}"
OUT="${OUT:-/tmp/zkafka-perf/$(date +%Y%m%d-%H%M%S)}"
WANT=" ${*:-W1 W3} "
AB="${IDEMPOTENCE_AB:-0}"
OBSERVE="${OBSERVE_AB:-0}"
PROMETHEUS_PORT=$((BROKER_PORT + 1000)); CONSOLE_PORT=$((BROKER_PORT + 1001))
SECURITY="${SECURITY:-PLAINTEXT}"
AUTHORIZER="${AUTHORIZER:-none}"
case "$AUTHORIZER" in none|acl) ;; *) echo "perf-workloads.sh: AUTHORIZER must be none or acl, not '$AUTHORIZER'" >&2; exit 1 ;; esac
BROKER_AUTH=()
if [ "$AUTHORIZER" = acl ]; then
  BROKER_AUTH=(--override "authorizer.class.name=kafka.security.authorizer.AclAuthorizer"
    --override "allow.everyone.if.no.acl.found=true")
fi
case "$SECURITY" in PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL) ;; *) echo "perf-workloads.sh: SECURITY must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, not '$SECURITY'" >&2; exit 1 ;; esac
for w in $WANT; do
  case "$w" in W1|W3|W3G|W4) ;; *) echo "perf-workloads.sh: unknown workload '$w' (expected W1, W3, W3G, W4)" >&2; exit 1 ;; esac
  if [ "$AB" = 1 ] && [ "$w" != W1 ] && [ "$w" != W4 ]; then
    echo "perf-workloads.sh: IDEMPOTENCE_AB=1 runs W1 and W4 only, not $w" >&2; exit 1
  fi
  if [ "$OBSERVE" = 1 ] && [ "$w" != W1 ]; then
    echo "perf-workloads.sh: OBSERVE_AB=1 runs W1 only, not $w" >&2; exit 1
  fi
done
want() { [[ "$WANT" == *" $1 "* ]]; }
mkdir -p "$OUT"
export ZKAFKA_RUN_DIR="$OUT/run"
mkdir -p "$ZKAFKA_RUN_DIR"
say() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/perf.log"; }

# the clients' settings file (empty for PLAINTEXT) and the brokers' TLS overrides
CLIENT_CONFIG="$OUT/client.properties"
: > "$CLIENT_CONFIG"
BROKER_TLS=()
if [ "$SECURITY" = SSL ] || [ "$SECURITY" = SASL_SSL ]; then
  TLS_DIR="$OUT/tls"; TLS_PASS="perf-secret"
  mkdir -p "$TLS_DIR"; rm -f "$TLS_DIR"/*.p12 "$TLS_DIR"/*.pem
  keytool -genkeypair -alias broker -keyalg EC -groupname secp256r1 -dname CN=localhost \
    -ext SAN=ip:127.0.0.1,dns:localhost -validity 7 -keystore "$TLS_DIR/broker.p12" -storetype PKCS12 \
    -storepass "$TLS_PASS" >> "$OUT/perf.log" 2>&1
  keytool -exportcert -rfc -alias broker -keystore "$TLS_DIR/broker.p12" -storepass "$TLS_PASS" \
    -file "$TLS_DIR/broker.pem" >> "$OUT/perf.log" 2>&1
  keytool -importcert -noprompt -alias broker -file "$TLS_DIR/broker.pem" -keystore "$TLS_DIR/truststore.p12" \
    -storetype PKCS12 -storepass "$TLS_PASS" >> "$OUT/perf.log" 2>&1
  cat > "$CLIENT_CONFIG" <<EOF
security.protocol=SSL
ssl.truststore.type=PKCS12
ssl.truststore.location=$TLS_DIR/truststore.p12
ssl.truststore.password=$TLS_PASS
EOF
  BROKER_TLS=(--override "listener.security.protocol.map=PLAINTEXT:SSL" --override "ssl.keystore.type=PKCS12"
    --override "ssl.keystore.location=$TLS_DIR/broker.p12" --override "ssl.keystore.password=$TLS_PASS"
    --override "ssl.truststore.type=PKCS12" --override "ssl.truststore.location=$TLS_DIR/truststore.p12"
    --override "ssl.truststore.password=$TLS_PASS")
fi
ADMIN_CONFIG="$OUT/admin.properties"
cp "$CLIENT_CONFIG" "$ADMIN_CONFIG"
if [ "$SECURITY" = SASL_PLAINTEXT ] || [ "$SECURITY" = SASL_SSL ]; then
  SASL_PASS="perf-secret"
  BROKER_TLS+=(--override "listener.security.protocol.map=PLAINTEXT:$SECURITY"
    --override "sasl.mechanism.inter.broker.protocol=PLAIN"
    --override "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"$SASL_PASS\" user_broker=\"$SASL_PASS\";")
  sed -i '/^security.protocol=/d' "$CLIENT_CONFIG" "$ADMIN_CONFIG"
  cat >> "$ADMIN_CONFIG" <<EOF
security.protocol=$SECURITY
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="$SASL_PASS";
EOF
  cat >> "$CLIENT_CONFIG" <<EOF
security.protocol=$SECURITY
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="perf" password="$SASL_PASS";
EOF
fi
# SASL: the SCRAM user the tools log in as, created once the cluster is up
add_users() {
  if [ "$SECURITY" = SASL_PLAINTEXT ] || [ "$SECURITY" = SASL_SSL ]; then
    "$HERE/kafka-configs.sh" --bootstrap-server "$1" --command-config "$ADMIN_CONFIG" --alter --entity-type users \
      --entity-name perf --add-config "SCRAM-SHA-512=[iterations=4096,password=$SASL_PASS]" >> "$OUT/perf.log"
  fi
}

scrape_pid=""
stop_observers() {
  if [ -n "$scrape_pid" ]; then kill "$scrape_pid" 2>/dev/null || true; wait "$scrape_pid" 2>/dev/null || true; scrape_pid=""; fi
  if [ -f "$ZKAFKA_RUN_DIR/zkafka-console.pid" ]; then "$HERE/zkafka-console.sh" --stop >> "$OUT/perf.log" 2>&1 || true; fi
}
start_observers() {   # start_observers BOOTSTRAP : the console on it, and a scrape of /metrics every second
  ZKAFKA_LOG_DIR="$OUT" "$HERE/zkafka-console.sh" -daemon --bootstrap-server "$1" --host 127.0.0.1 \
    --port "$CONSOLE_PORT" >> "$OUT/perf.log" 2>&1
  ( for ((i = 0; i < 3600; i++)); do curl -s -o /dev/null "http://127.0.0.1:$PROMETHEUS_PORT/metrics"; sleep 1; done ) &
  scrape_pid=$!
}

stop_cluster() {
  stop_observers
  "$HERE/kafka-server-stop.sh" --all >/dev/null 2>&1 || true
  "$HERE/zookeeper-server-stop.sh" --all >/dev/null 2>&1 || true
}
trap stop_cluster EXIT

start_cluster() {   # start_cluster N : fresh ZooKeeper + N brokers
  stop_cluster
  rm -rf "$OUT/zk" "$OUT"/broker-*
  cat > "$OUT/zk.properties" <<EOF
dataDir=$OUT/zk
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
tickTime=2000
maxClientCnxns=0
4lw.commands.whitelist=srvr,ruok,stat,mntr
admin.enableServer=false
EOF
  "$HERE/zookeeper-server-start.sh" -daemon "$OUT/zk.properties" >> "$OUT/perf.log"
  local i
  for ((i = 1; i <= $1; i++)); do
    "$HERE/kafka-server-start.sh" -daemon "$HERE/../conf/server.properties" \
      --override "broker.id=$i" --override "listeners=PLAINTEXT://127.0.0.1:$((BROKER_PORT + i - 1))" \
      --override "log.dirs=$OUT/broker-$i" --override "zookeeper.connect=127.0.0.1:$ZK_PORT/zkafka" \
      --override "auto.create.topics.enable=false" --override "metrics.prometheus.port=$((PROMETHEUS_PORT + i - 1))" \
      "${BROKER_TLS[@]}" "${BROKER_AUTH[@]}" >> "$OUT/perf.log"
  done
}

bootstrap() { local n=$1 list="" i; for ((i = 0; i < n; i++)); do list+="${list:+,}127.0.0.1:$((BROKER_PORT + i))"; done; echo "$list"; }
topic() { "$HERE/kafka-topics.sh" --bootstrap-server "$1" --command-config "$CLIENT_CONFIG" --create --topic "$2" --partitions "$3" --replication-factor "$4" "${@:5}" >> "$OUT/perf.log"; }
# with AUTHORIZER=acl: All for the tools' principal on the cluster (first: no ACL exists yet, so
# allow.everyone.if.no.acl.found lets it in), then on every topic and group
grant_all() {
  [ "$AUTHORIZER" = acl ] || return 0
  "$HERE/kafka-acls.sh" --bootstrap-server "$1" --command-config "$CLIENT_CONFIG" --add --allow-principal User:ANONYMOUS \
    --operation All --cluster >> "$OUT/perf.log"
  "$HERE/kafka-acls.sh" --bootstrap-server "$1" --command-config "$CLIENT_CONFIG" --add --allow-principal User:ANONYMOUS \
    --operation All --topic '*' --group '*' >> "$OUT/perf.log"
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
broker_ticks() { local t=0 f; for f in "$ZKAFKA_RUN_DIR"/kafka-server-*.pid; do t=$((t + $(awk '{print $14+$15}' "/proc/$(cat "$f")/stat"))); done; echo "$t"; }

produce() {   # produce NAME BOOTSTRAP TOPIC NUM props...
  local name=$1 bs=$2 t=$3 n=$4; shift 4
  local b0 b1; load_before=$(loadavg); b0=$(broker_ticks)
  /usr/bin/time -f "%U %S" -o "$OUT/$name.time" "$HERE/kafka-producer-perf-test.sh" --topic "$t" --num-records "$n" \
    --record-size 100 --throughput -1 --producer.config "$CLIENT_CONFIG" --producer-props "bootstrap.servers=$bs" "$@" > "$OUT/$name.log" 2>&1
  b1=$(broker_ticks)
  awk -v t=$((b1 - b0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f\n", t / hz}' > "$OUT/$name.broker_cpu"
  local line; line=$(grep -E 'records sent, .* 99\.9th\.' "$OUT/$name.log" | tail -1)
  say "  $name: $line (client cpu $(awk '{print $1+$2}' "$OUT/$name.time") s, broker cpu $(cat "$OUT/$name.broker_cpu") s, load before $load_before)"
}
load_before="-"
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

summary() {   # summary W : medians of the runs' figures
  local w=$1
  if [ "$w" = W3 ] || [ "$w" = W3G ]; then
    local ns mbs
    ns=$(for f in "$OUT"/"$w"-run*.log; do grep -A1 '^start.time' "$f" | tail -1 | awk -F', ' '{print $6}'; done | median)
    mbs=$(for f in "$OUT"/"$w"-run*.log; do grep -A1 '^start.time' "$f" | tail -1 | awk -F', ' '{print $4}'; done | median)
    say "$w median: $ns records/s, $mbs MB/s"
  else
    local rs p99
    rs=$(for f in "$OUT"/"$w"-run*.log; do grep -E '99\.9th\.' "$f" | tail -1 | sed -E 's/^[0-9]+ records sent, ([0-9.]+) records.*/\1/'; done | median)
    p99=$(for f in "$OUT"/"$w"-run*.log; do grep -E '99\.9th\.' "$f" | tail -1 | sed -E 's/.* ([0-9]+) ms 99th.*/\1/'; done | median)
    say "$w median: $rs records/s, p99 $p99 ms"
  fi
}

rs_median() {   # rs_median NAME : median records/s of the runs NAME-run*.log
  for f in "$OUT"/"$1"-run*.log; do grep -E '99\.9th\.' "$f" | tail -1 | sed -E 's/^[0-9]+ records sent, ([0-9.]+) records.*/\1/'; done | median
}

# ab W BOOTSTRAP TOPIC_PREFIX RUN NUM props... : one run of W with idempotence on and off, alternating the order
ab() {
  local w=$1 bs=$2 prefix=$3 r=$4 n=$5; shift 5
  local order=(on off) mode
  [ $((r % 2)) = 0 ] && order=(off on)
  for mode in "${order[@]}"; do
    local enabled=false; [ "$mode" = on ] && enabled=true
    topic "$bs" "$prefix-$mode-r$r" "${TOPIC_ARGS[@]}"
    produce "$w-$mode-run$r" "$bs" "$prefix-$mode-r$r" "$n" "$@" "enable.idempotence=$enabled"
    sync; sleep 3
  done
}

# observe_ab BOOTSTRAP RUN NUM props... : one W1 run plain and one watched by the console and a scrape
observe_ab() {
  local bs=$1 r=$2 n=$3; shift 3
  local order=(plain watched) mode
  [ $((r % 2)) = 0 ] && order=(watched plain)
  for mode in "${order[@]}"; do
    topic "$bs" "w1-$mode-r$r" 1 1
    [ "$mode" = watched ] && start_observers "$bs"
    produce "W1-$mode-run$r" "$bs" "w1-$mode-r$r" "$n" "$@"
    [ "$mode" = watched ] && stop_observers
    sync; sleep 3
  done
}

observe_summary() {
  local plain watched cpu_plain cpu_watched
  plain=$(rs_median W1-plain); watched=$(rs_median W1-watched)
  cpu_plain=$(cat "$OUT"/W1-plain-run*.broker_cpu | median); cpu_watched=$(cat "$OUT"/W1-watched-run*.broker_cpu | median)
  say "W1 plain: median $plain records/s, broker cpu $cpu_plain s; watched by the console and a 1 s /metrics scrape: median $watched records/s, broker cpu $cpu_watched s; watched/plain = $(awk -v a="$watched" -v b="$plain" 'BEGIN {printf "%.3f", a / b}')"
}

ab_summary() {   # ab_summary W : medians of both sides and their ratio
  local on off
  on=$(rs_median "$1-on"); off=$(rs_median "$1-off")
  say "$1 idempotence on: median $on records/s; off: median $off records/s; on/off = $(awk -v a="$on" -v b="$off" 'BEGIN {printf "%.3f", a / b}')"
}

say "results in $OUT; workloads:$WANT; runs: $RUNS; idempotence A/B: $AB; observability A/B: $OBSERVE; security: $SECURITY; authorizer: $AUTHORIZER"
if want W1 || want W3 || want W3G; then
  start_cluster 1
  BS1=$(bootstrap 1)
  add_users "$BS1"
  topic "$BS1" warmup 1 1
  grant_all "$BS1"
  say "warm-up (not recorded): $NWARM records"
  produce warmup "$BS1" warmup "$NWARM" acks=1 linger.ms=5 batch.size=65536
  for r in $(seq 1 "$RUNS"); do
    if [ "$AB" = 1 ]; then
      TOPIC_ARGS=(1 1)
      ab W1 "$BS1" w1 "$r" "$N1" acks=all linger.ms=5 batch.size=65536 compression.type=none
      continue
    fi
    if [ "$OBSERVE" = 1 ]; then
      observe_ab "$BS1" "$r" "$N1" acks=1 linger.ms=5 batch.size=65536 compression.type=none
      continue
    fi
    topic "$BS1" "w1-r$r" 1 1
    if want W1; then produce "W1-run$r" "$BS1" "w1-r$r" "$N1" acks=1 linger.ms=5 batch.size=65536 compression.type=none
    else produce "W3-data-r$r" "$BS1" "w1-r$r" "$N1" acks=1 linger.ms=5 batch.size=65536 compression.type=none; fi
    sync; sleep 3
  done
  for w in W3 W3G; do
    want "$w" || continue
    for r in $(seq 1 "$RUNS"); do
      group=(); [ "$w" = W3G ] && group=(--group "perf-group-r$r")
      "$HERE/kafka-consumer-perf-test.sh" --bootstrap-server "$BS1" --topic "w1-r$r" --messages "$N1" --timeout 30000 \
        --consumer.config "$CLIENT_CONFIG" "${group[@]}" > "$OUT/$w-run$r.log" 2>&1
      say "  $w-run$r: $(grep -A1 '^start.time' "$OUT/$w-run$r.log" | tail -1)"
      sync; sleep 3
    done
  done
  if [ "$AB" = 1 ]; then ab_summary W1; elif [ "$OBSERVE" = 1 ]; then observe_summary; else want W1 && summary W1; fi
  want W3 && summary W3
  want W3G && summary W3G
fi
if want W4; then
  start_cluster 3
  BS3=$(bootstrap 3)
  add_users "$BS3"
  topic "$BS3" warmup 6 3 --config min.insync.replicas=2
  grant_all "$BS3"
  produce warmup "$BS3" warmup "$NWARM" acks=all linger.ms=5 batch.size=65536
  for r in $(seq 1 "$RUNS"); do
    if [ "$AB" = 1 ]; then
      TOPIC_ARGS=(6 3 --config min.insync.replicas=2)
      ab W4 "$BS3" w4 "$r" "$N4" acks=all linger.ms=5 batch.size=65536 compression.type=none
      continue
    fi
    topic "$BS3" "w4-r$r" 6 3 --config min.insync.replicas=2
    produce "W4-run$r" "$BS3" "w4-r$r" "$N4" acks=all linger.ms=5 batch.size=65536 compression.type=none
    sync; sleep 3
  done
  if [ "$AB" = 1 ]; then ab_summary W4; else summary W4; fi
fi
say "done"

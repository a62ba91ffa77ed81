#!/usr/bin/env bash
# Measures what SASL_SSL costs Apache Kafka 3.9 (ZooKeeper mode, one broker) on W1 and W3, with
# Kafka's own perf tools, so the ratio can stand beside ZKafka's (perf-workloads.sh SECURITY=...).
# The broker opens a PLAINTEXT and a SASL_SSL listener (SCRAM-SHA-512, TLS with a throwaway CA from
# zkafka-tls-functions.sh); each run produces W1 over one and then the other (the order alternating),
# and W3 reads back what the same protocol wrote. Prints each run and the medians and ratios.
#
#   scripts/bench/kafka-security-cost.sh        (needs the anchor set up: ../shared/anchors/kafka-zk/setup.sh)
#
# Env: ANCHORS=<anchors/kafka-zk folder> (default ../shared/anchors/kafka-zk next to this checkout),
#      RUNS=3, N1=5000000, OUT=<results folder> (default /tmp/kafka-security-cost/<time>).
# Uses the anchor's ports (ZooKeeper 2181, broker 9092/9093): run nothing else on them.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ZKAFKA_HOME="$(cd "$HERE/../.." && pwd)"
ANCHORS="${ANCHORS:-$(cd "$ZKAFKA_HOME/.." && pwd)/shared/anchors/kafka-zk}"
RUNS="${RUNS:-3}"; N1="${N1:-5000000}"
OUT="${OUT:-/tmp/kafka-security-cost/$(date +%Y%m%d-%H%M%S)}"
[ -f "$ANCHORS/env.sh" ] || { echo "kafka-security-cost.sh: no anchor scripts in $ANCHORS (set ANCHORS)" >&2; exit 1; }
# shellcheck source=/dev/null
source "$ANCHORS/env.sh"
[ -d "$LIBS" ] || { echo "kafka-security-cost.sh: run $ANCHORS/setup.sh first (no $LIBS)" >&2; exit 1; }
die() { echo "kafka-security-cost.sh: $*" >&2; exit 1; }
# shellcheck source=scripts/zkafka-tls-functions.sh
source "$ZKAFKA_HOME/scripts/zkafka-tls-functions.sh"
mkdir -p "$OUT"
say() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/bench.log"; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

"$ANCHORS/stop-all.sh" --wipe >> "$OUT/bench.log" 2>&1 || true
trap '"$ANCHORS/stop-all.sh" --wipe >> "$OUT/bench.log" 2>&1 || true' EXIT

make_tls_stores "$OUT/tls" broker
PASS="$(cat "$OUT/tls/store.password")"
USER_PASS="bench-$(head -c 9 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
cat > "$OUT/jaas.conf" <<JAAS
KafkaServer {
    org.apache.kafka.common.security.scram.ScramLoginModule required
    username="bench"
    password="$USER_PASS";
};
JAAS
cat > "$OUT/sasl-ssl.properties" <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="bench" password="$USER_PASS";
ssl.truststore.type=PKCS12
ssl.truststore.location=$OUT/tls/truststore.p12
ssl.truststore.password=$PASS
PROPS
: > "$OUT/plaintext.properties"

"$ANCHORS/zk-start.sh" >> "$OUT/bench.log" 2>&1
"$ANCHORS/tool.sh" kafka.admin.ConfigCommand --zookeeper "127.0.0.1:$ZK_PORT" --alter --entity-type users \
  --entity-name bench --add-config "SCRAM-SHA-512=[password=$USER_PASS]" >> "$OUT/bench.log" 2>&1 \
  || die "could not create the SCRAM user (see $OUT/bench.log)"
BROKER_HEAP="$BROKER_HEAP -Djava.security.auth.login.config=$OUT/jaas.conf" EXTRA_BROKER_PROPS="\
listeners=PLAINTEXT://127.0.0.1:9092,SASL_SSL://127.0.0.1:9093 \
advertised.listeners=PLAINTEXT://127.0.0.1:9092,SASL_SSL://127.0.0.1:9093 \
security.inter.broker.protocol=PLAINTEXT sasl.enabled.mechanisms=SCRAM-SHA-512 \
ssl.keystore.type=PKCS12 ssl.keystore.location=$OUT/tls/broker.keystore.p12 ssl.keystore.password=$PASS \
ssl.truststore.type=PKCS12 ssl.truststore.location=$OUT/tls/truststore.p12 ssl.truststore.password=$PASS" \
  "$ANCHORS/broker-start.sh" 1 9092 >> "$OUT/bench.log" 2>&1 || die "the broker did not start (see $OUT/bench.log)"

T=org.apache.kafka.tools
topic() { "$ANCHORS/tool.sh" org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --create --topic "$1" \
  --partitions 1 --replication-factor 1 >> "$OUT/bench.log" 2>&1; }
broker_ticks() { awk '{print $14+$15}' "/proc/$(cat "$RUN_DIR/broker-1.pid")/stat"; }
cpu_since() { awk -v t=$(($(broker_ticks) - $1)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f\n", t / hz}'; }

run_w1() {   # run_w1 PROTOCOL PORT RUN
  local b0 log="$OUT/W1-$1-run$3.log"
  topic "w1-$1-r$3"; b0=$(broker_ticks)
  "$ANCHORS/tool.sh" $T.ProducerPerformance --topic "w1-$1-r$3" --num-records "$N1" --record-size 100 --throughput -1 \
    --producer.config "$OUT/$1.properties" --producer-props "bootstrap.servers=127.0.0.1:$2" acks=1 linger.ms=5 \
    batch.size=65536 compression.type=none > "$log" 2>&1
  cpu_since "$b0" > "$log.broker_cpu"
  say "  W1 $1 run $3: $(grep -E '99\.9th\.' "$log" | tail -1) (broker cpu $(cat "$log.broker_cpu") s)"
  sync; sleep 3
}
run_w3() {   # run_w3 PROTOCOL PORT RUN
  local b0 log="$OUT/W3-$1-run$3.log"
  b0=$(broker_ticks)
  "$ANCHORS/tool.sh" $T.ConsumerPerformance --bootstrap-server "127.0.0.1:$2" --topic "w1-$1-r$3" --messages "$N1" \
    --timeout 30000 --consumer.config "$OUT/$1.properties" > "$log" 2>&1
  cpu_since "$b0" > "$log.broker_cpu"
  say "  W3 $1 run $3: $(grep -A1 '^start.time' "$log" | tail -1) (broker cpu $(cat "$log.broker_cpu") s)"
  sync; sleep 3
}

say "Apache Kafka $KAFKA_VERSION, one broker: W1 and W3 over PLAINTEXT (9092) and SASL_SSL SCRAM-SHA-512 (9093); $RUNS runs"
for r in $(seq 1 "$RUNS"); do
  if [ $((r % 2)) = 1 ]; then order=(plaintext:9092 sasl-ssl:9093); else order=(sasl-ssl:9093 plaintext:9092); fi
  for side in "${order[@]}"; do run_w1 "${side%%:*}" "${side##*:}" "$r"; done
  for side in "${order[@]}"; do run_w3 "${side%%:*}" "${side##*:}" "$r"; done
done
w1() { for f in "$OUT"/W1-"$1"-run*.log; do grep -E '99\.9th\.' "$f" | tail -1 | sed -E 's/^[0-9]+ records sent, ([0-9.]+) records.*/\1/'; done | median; }
w3() { for f in "$OUT"/W3-"$1"-run*.log; do grep -A1 '^start.time' "$f" | tail -1 | awk -F', ' '{print $6}'; done | median; }
for w in W1 W3; do
  if [ "$w" = W1 ]; then p=$(w1 plaintext); s=$(w1 sasl-ssl); else p=$(w3 plaintext); s=$(w3 sasl-ssl); fi
  cp=$(cat "$OUT"/"$w"-plaintext-run*.log.broker_cpu | median); cs=$(cat "$OUT"/"$w"-sasl-ssl-run*.log.broker_cpu | median)
  say "$w median records/s: PLAINTEXT $p (broker cpu $cp s), SASL_SSL $s (broker cpu $cs s); SASL_SSL/PLAINTEXT = $(awk -v a="$s" -v b="$p" 'BEGIN {printf "%.3f", a / b}')"
done

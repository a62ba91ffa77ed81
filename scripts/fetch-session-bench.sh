#!/usr/bin/env bash
# Broker CPU of one Kafka consumer reading many partitions at the tail, with incremental fetch
# sessions (KIP-227) and without: one broker, a topic of PARTITIONS partitions, Kafka's own
# ProducerPerformance writing RECORDS records at RATE records/s while Kafka's ConsumerPerformance
# reads them through the Kafka listener. Each run starts a fresh broker, alternately with
# max.incremental.fetch.session.cache.slots=1000 (sessions) and 0 (declined, full fetches), and
# records the broker's CPU-seconds over the run, after a warm-up round on another topic of as many
# partitions. Prints every run and the medians.
#
#   ANCHORS=/work/shared/anchors/kafka-zk scripts/fetch-session-bench.sh
#
# Env: RUNS=3 (per side), PARTITIONS=1000, RECORDS=300000, RATE=20000, RECORD_SIZE=100,
# ANCHORS (the anchors' folder, for Kafka's tools; its setup.sh must have run), OUT=<results folder>.
# Needs the distribution built (mvn -B -o -q -DskipTests package). Uses ports 2181 and 9092/19092.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
RUNS="${RUNS:-3}"; PARTITIONS="${PARTITIONS:-1000}"; RECORDS="${RECORDS:-300000}"; RATE="${RATE:-20000}"
RECORD_SIZE="${RECORD_SIZE:-100}"
ANCHORS="${ANCHORS:-$ROOT/../shared/anchors/kafka-zk}"
[[ -x "$ANCHORS/tool.sh" ]] || { echo "fetch-session-bench.sh: no anchors at $ANCHORS (set ANCHORS)" >&2; exit 2; }
OUT="${OUT:-/tmp/zkafka-fetch-session-bench/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
export ZKAFKA_RUN_DIR="$OUT/run"
DATA="$OUT/data"
say() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/bench.log"; }
stop_cluster() {
  "$HERE/kafka-server-stop.sh" --all >/dev/null 2>&1 || true
  "$HERE/zookeeper-server-stop.sh" --all >/dev/null 2>&1 || true
}
trap stop_cluster EXIT
cpu_seconds() {   # utime + stime of a process, in seconds
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}

produce_and_consume() {   # produce_and_consume <topic> <records> <log prefix>
  "$ANCHORS/tool.sh" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server 127.0.0.1:9092 \
    --topic "$1" --messages "$2" --timeout 120000 > "$3-consumer.log" 2>&1 &
  local consumer=$!
  "$ANCHORS/tool.sh" org.apache.kafka.tools.ProducerPerformance --topic "$1" --num-records "$2" \
    --record-size "$RECORD_SIZE" --throughput "$RATE" \
    --producer-props bootstrap.servers=127.0.0.1:9092 acks=1 linger.ms=5 > "$3-producer.log" 2>&1
  wait "$consumer"
}

fetch_count() {   # Fetch requests the broker has served, from its Prometheus endpoint
  curl -s http://127.0.0.1:7071/metrics | awk '/^kafka_network_requestmetrics_totaltimems_count\{.*request="Fetch"/ { print int($2) }'
}

run_once() {   # run_once <slots> <label> <n>
  stop_cluster
  rm -rf "$DATA" "$ZKAFKA_RUN_DIR"; mkdir -p "$DATA" "$ZKAFKA_RUN_DIR"
  cat > "$OUT/zk.properties" <<ZK
dataDir=$DATA/zookeeper
clientPort=2181
clientPortAddress=127.0.0.1
tickTime=2000
admin.enableServer=false
ZK
  "$HERE/zookeeper-server-start.sh" -daemon "$OUT/zk.properties" >> "$OUT/bench.log"
  "$HERE/kafka-server-start.sh" -daemon "$ROOT/conf/server.properties" --override broker.id=0 \
    --override "listeners=PLAINTEXT://127.0.0.1:19092,KAFKA://127.0.0.1:9092" \
    --override "log.dirs=$DATA/logs" --override "zookeeper.connect=127.0.0.1:2181" \
    --override "max.incremental.fetch.session.cache.slots=$1" --override metrics.prometheus.port=7071 >> "$OUT/bench.log"
  local pid warm="warmup-$2-$3" topic="sessions-$2-$3"
  pid=$(cat "$ZKAFKA_RUN_DIR/kafka-server-0.pid")
  for t in "$warm" "$topic"; do
    "$ANCHORS/tool.sh" org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --create --topic "$t" \
      --partitions "$PARTITIONS" --replication-factor 1 >> "$OUT/bench.log" 2>&1
  done
  # a warm-up round on another topic: the JIT and the measured topic's logs are ready when measuring starts
  produce_and_consume "$warm" $((RECORDS / 3)) "$OUT/warmup-$2-$3"
  local before after fetches_before fetches_after
  before=$(cpu_seconds "$pid"); fetches_before=$(fetch_count)
  produce_and_consume "$topic" "$RECORDS" "$OUT/run-$2-$3"
  after=$(cpu_seconds "$pid"); fetches_after=$(fetch_count)
  local cpu
  cpu=$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }')
  local fetches=$((fetches_after - fetches_before))
  local per_fetch_us
  per_fetch_us=$(awk -v c="$cpu" -v f="$fetches" 'BEGIN { printf "%.0f", (f > 0 ? c * 1e6 / f : 0) }')
  say "$2 run $3: broker CPU-s $cpu, $fetches fetches, ${per_fetch_us} us of broker CPU a fetch; consumer: $(tail -1 "$OUT/run-$2-$3-consumer.log")"
  echo "$2 $cpu $per_fetch_us" >> "$OUT/results.txt"
}

say "fetch sessions on/off: $PARTITIONS partitions, $RECORDS x $RECORD_SIZE B at $RATE records/s; results in $OUT"
for ((r = 1; r <= RUNS; r++)); do
  if ((r % 2)); then run_once 1000 sessions "$r"; run_once 0 full "$r"
  else run_once 0 full "$r"; run_once 1000 sessions "$r"; fi
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for side in sessions full; do
  say "$side: median broker CPU-s $(awk -v s="$side" '$1 == s { print $2 }' "$OUT/results.txt" | median), median broker CPU a fetch $(awk -v s="$side" '$1 == s { print $3 }' "$OUT/results.txt" | median) us"
done

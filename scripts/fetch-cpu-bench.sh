#!/usr/bin/env bash
# Measures broker CPU per megabyte fetched by many long-polling consumers: 3 brokers (each in its own
# JVM), a topic with 6 partitions and replication factor 3 (min.insync.replicas=2), one acks=all
# producer at a fixed rate and CONSUMERS consumers reading every partition from its end with
# fetch.min.bytes=FETCH_MIN_BYTES, so their fetches wait in the fetch purgatory. Each run uses a fresh
# topic on the same cluster, after WARMUP_RUNS runs that are not counted (the brokers' JIT settles);
# the load driver (io.zkafka.bench.FetchCpuLoad, kafka-core test sources) samples the brokers'
# /proc/<pid>/stat CPU over a window after a warm-up. Prints every run and the medians.
#
#   scripts/fetch-cpu-bench.sh
#
# Env: RUNS=3, WARMUP_RUNS=1, CONSUMERS=30, RATE=4000 (records/s), RECORD_SIZE=200, WARMUP_S=10, DURATION_S=30,
# FETCH_MIN_BYTES=16384, ZK_PORT=13181, BROKER_PORT=19192 (+1, +2), OUT=<results folder> (default
# /tmp/zkafka-fetch-bench/<time>). Needs the distribution and the test classes built:
#   mvn -B -o -q -DskipTests package && mvn -B -o -q -pl kafka-core -am test-compile
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
RUNS="${RUNS:-3}"; WARMUP_RUNS="${WARMUP_RUNS:-1}"; CONSUMERS="${CONSUMERS:-30}"; RATE="${RATE:-4000}"; RECORD_SIZE="${RECORD_SIZE:-200}"
WARMUP_S="${WARMUP_S:-10}"; DURATION_S="${DURATION_S:-30}"; FETCH_MIN_BYTES="${FETCH_MIN_BYTES:-16384}"
ZK_PORT="${ZK_PORT:-13181}"; BROKER_PORT="${BROKER_PORT:-19192}"
OUT="${OUT:-/tmp/zkafka-fetch-bench/$(date +%Y%m%d-%H%M%S)}"
jar=$(ls "$ROOT"/kafka-core/target/zkafka-kafka-core-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1 || true)
if [ -z "$jar" ] || [ ! -f "$ROOT/kafka-core/target/test-classes/io/zkafka/bench/FetchCpuLoad.class" ]; then
  echo "fetch-cpu-bench.sh: build first: mvn -B -o -q -DskipTests package && mvn -B -o -q -pl kafka-core -am test-compile" >&2
  exit 1
fi
mkdir -p "$OUT"
export ZKAFKA_RUN_DIR="$OUT/run"
mkdir -p "$ZKAFKA_RUN_DIR"
say() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/bench.log"; }
stop_cluster() {
  "$HERE/kafka-server-stop.sh" --all >/dev/null 2>&1 || true
  "$HERE/zookeeper-server-stop.sh" --all >/dev/null 2>&1 || true
}
trap stop_cluster EXIT

cat > "$OUT/zk.properties" <<PROPS
dataDir=$OUT/zk
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
tickTime=2000
maxClientCnxns=0
4lw.commands.whitelist=srvr,ruok,stat,mntr
admin.enableServer=false
PROPS
"$HERE/zookeeper-server-start.sh" -daemon "$OUT/zk.properties" >> "$OUT/bench.log"
bootstrap=""
for i in 1 2 3; do
  "$HERE/kafka-server-start.sh" -daemon "$ROOT/conf/server.properties" \
    --override "broker.id=$i" --override "listeners=PLAINTEXT://127.0.0.1:$((BROKER_PORT + i - 1))" \
    --override "log.dirs=$OUT/broker-$i" --override "zookeeper.connect=127.0.0.1:$ZK_PORT/zkafka" \
    --override "auto.create.topics.enable=false" >> "$OUT/bench.log"
  bootstrap+="${bootstrap:+,}127.0.0.1:$((BROKER_PORT + i - 1))"
done
pids=$(cat "$ZKAFKA_RUN_DIR"/kafka-server-*.pid | paste -sd, -)
say "results in $OUT; brokers $pids on $bootstrap; $RUNS runs of $CONSUMERS consumers, $RATE records/s x $RECORD_SIZE B"

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.5f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
for r in $(seq $((1 - WARMUP_RUNS)) "$RUNS"); do
  "$HERE/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --topic "fetchbench-r$r" --partitions 6 \
    --replication-factor 3 --config min.insync.replicas=2 >> "$OUT/bench.log"
  CLK_TCK="$(getconf CLK_TCK)" ZKAFKA_CLASSPATH="$ROOT/kafka-core/target/test-classes:$jar:$ROOT/kafka-core/target/lib/*" KAFKA_HEAP_OPTS="-Xmx1G" \
    "$HERE/kafka-run-class.sh" io.zkafka.bench.FetchCpuLoad "$bootstrap" "fetchbench-r$r" "$pids" \
    "$CONSUMERS" "$RATE" "$RECORD_SIZE" "$WARMUP_S" "$DURATION_S" "$FETCH_MIN_BYTES" > "$OUT/run$r.log" 2>&1
  if [ "$r" -le 0 ]; then
    say "  warm-up run (not counted): $(grep -v '^RESULT' "$OUT/run$r.log" | tail -1)"
    mv "$OUT/run$r.log" "$OUT/warmup$((1 - r)).log"
  else
    say "  run $r: $(grep -v '^RESULT' "$OUT/run$r.log" | tail -1)"
  fi
done
for field in cpu_s fetched_mb cpu_s_per_mb; do
  value=$(grep -h '^RESULT' "$OUT"/run*.log | tr ' ' '\n' | grep "^$field=" | cut -d= -f2 | median)
  say "median $field: $value"
done

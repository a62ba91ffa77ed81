# Sourced by the anchors' bench.sh (through scripts/kafka-protocol-bench.sh) as SYSTEM=zkafka-kafka:
# ZKafka brokers measured with Apache Kafka's own perf tools, byte for byte the client Kafka is
# measured with. Each broker's Kafka listener takes Kafka's port (9092..), its native listener
# 19092..; topics are created with Kafka's TopicCommand through the Kafka listener too.
source "$HERE/system-zkafka.sh"
unset TOOL
run_tool() { "$HERE/tool.sh" "$@"; }

cluster() {   # cluster N : fresh ZooKeeper + N ZKafka brokers, Kafka's protocol on 9092..
  stop_cluster
  rm -rf "$DATA_DIR"; mkdir -p "$DATA_DIR" "$ZKAFKA_RUN_DIR"
  save_server_logs; PHASE=$((PHASE + 1))
  cat > "$RUN_DIR/zk.properties" <<ZK
dataDir=$DATA_DIR/zookeeper
clientPort=$ZK_PORT
clientPortAddress=$HOST
tickTime=2000
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=srvr,ruok,stat,mntr
ZK
  "$ZKS/zookeeper-server-start.sh" -daemon "$RUN_DIR/zk.properties" | tee -a "$OUT/bench.log"
  local i
  # ZKAFKA_BENCH_BROKER_OPTS: more JVM flags for every broker, {broker} replaced by its id, e.g.
  # -XX:StartFlightRecording=filename=/tmp/w4/broker-{broker}.jfr,settings=profile to profile a workload
  local extra_opts="${ZKAFKA_BENCH_BROKER_OPTS:-}"
  # ZKAFKA_BENCH_OVERRIDES: more broker settings, space-separated key=value, e.g. num.network.threads=1
  local extra_overrides=() setting
  for setting in ${ZKAFKA_BENCH_OVERRIDES:-}; do extra_overrides+=(--override "$setting"); done
  for ((i = 0; i < $1; i++)); do
    KAFKA_OPTS="-Xlog:gc*:file=$RUN_DIR/broker-$i-gc.log:time,tags:filecount=2,filesize=50M ${extra_opts//\{broker\}/$i}" \
      "$ZKS/kafka-server-start.sh" -daemon "$ZK_CHECKOUT/conf/server.properties" \
      --override "broker.id=$i" \
      --override "listeners=PLAINTEXT://$HOST:$((19092 + i)),KAFKA://$HOST:$((9092 + i))" \
      --override "log.dirs=$DATA_DIR/kafka-logs-$i" --override "zookeeper.connect=$HOST:$ZK_PORT" \
      --override "auto.create.topics.enable=false" ${extra_overrides[@]+"${extra_overrides[@]}"} | tee -a "$OUT/bench.log"
    cp "$ZKAFKA_RUN_DIR/kafka-server-$i.pid" "$RUN_DIR/broker-$i.pid"
  done
}

#!/usr/bin/env bash
# Runs a Java main class of the ZKafka distribution in this JVM's place (exec), so the caller's
# PID is the JVM's PID. Every other script here goes through this one.
set -euo pipefail

# shellcheck source=scripts/zkafka-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-functions.sh"

usage() {
  cat << EOF
Usage: $(basename -- "$0") CLASS [ARG]...

Runs CLASS from the ZKafka distribution (kafka-core/target/zkafka-kafka-core-*.jar plus
kafka-core/target/lib/*.jar), building it first with 'mvn -B -q -DskipTests package' if missing.

Environment:
  JAVA_HOME                   the JDK to use (default: java on the PATH)
  KAFKA_HEAP_OPTS             heap flags (default: -Xmx256M; the server scripts set their own)
  KAFKA_JVM_PERFORMANCE_OPTS  GC flags (default: G1 with a 20 ms pause goal)
  KAFKA_LOG_OPTS              Log4j 2 flags (default: conf/tools-log4j2.properties, warnings to standard
                              error; the server scripts use conf/log4j2.properties), e.g.
                              -Dlog4j2.configurationFile=/path/to/log4j2.properties
  KAFKA_OPTS                  any other JVM flags
  ZKAFKA_JAAS_CONFIG          a JAAS file, passed as -Djava.security.auth.login.config (as Kafka's
                              KAFKA_OPTS would): the Server section of a ZooKeeper server
                              (conf/zookeeper_jaas.conf), the Client section a broker or tool
                              authenticates to ZooKeeper with (conf/kafka_server_jaas.conf)
  ZKAFKA_CLASSPATH            run with this classpath instead of the distribution (nothing is built)
  KAFKA_CDS                   off: the broker (io.zkafka.server.Kafka) starts without a class data
                              sharing archive of its classes (on by default: the first start records
                              the classes it loads, kafka-server-start.sh -daemon then builds the
                              archive in the background, later starts map it: about a second less)
  ZKAFKA_CDS_DIR              where those archives go (default kafka-core/target/cds; with
                              ZKAFKA_CLASSPATH, the run folder's cds/)
EOF
}

if [[ $# -lt 1 ]]; then
  usage >&2
  exit 2
fi
case "$1" in
  -h | --help)
    usage
    exit 0
    ;;
  -*) die "expected a class name first, got option '$1' (see --help)" ;;
esac
main_class="$1"
shift

ensure_distribution
if [[ -n "${ZKAFKA_CLASSPATH:-}" ]]; then
  classpath="$ZKAFKA_HOME/conf:$ZKAFKA_CLASSPATH"
else
  classpath="$ZKAFKA_HOME/conf:$(distribution_jar):$(distribution_lib)/*"
fi

java_cmd="$(java_command)"
# The broker starts from a class data sharing archive of its classes, once one exists; until then it
# records the classes it loads, for kafka-server-start.sh to build one (zkafka-functions.sh).
cds_opts=()
if [[ "$main_class" == "$KAFKA_MAIN_CLASS" ]] && jars="$(cds_jars)" && cds="$(cds_prefix "$java_cmd" "$jars")"; then
  # conf/ last: an archive is refused with a non-empty folder before its jars
  classpath="$jars:$ZKAFKA_HOME/conf"
  if [[ -s "$cds.jsa" ]]; then
    cds_opts=("-XX:SharedArchiveFile=$cds.jsa")
  else
    # this script's PID is the JVM's (exec below)
    cds_opts=("-XX:DumpLoadedClassList=$cds.classlist.$$")
  fi
fi

read -r -a heap_opts <<< "${KAFKA_HEAP_OPTS:--Xmx256M}"
read -r -a performance_opts <<< "${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
read -r -a log_opts <<< "${KAFKA_LOG_OPTS--Dlog4j2.configurationFile=$ZKAFKA_HOME/conf/tools-log4j2.properties}"
read -r -a extra_opts <<< "${KAFKA_OPTS:-}"
check_jaas_config
if [[ -n "${ZKAFKA_JAAS_CONFIG:-}" ]]; then
  extra_opts+=("-Djava.security.auth.login.config=$ZKAFKA_JAAS_CONFIG")
fi

exec "$java_cmd" "${heap_opts[@]}" "${performance_opts[@]}" "${log_opts[@]}" "${cds_opts[@]}" "${extra_opts[@]}" \
  -cp "$classpath" "$main_class" "$@"

#!/usr/bin/env bash
# Runs the anchors' workloads (W1..W6) with Apache Kafka's own perf tools against ZKafka's Kafka
# listener: the same client, byte for byte, that the anchors measure Apache Kafka 3.9 with, so the
# two brokers are compared alone. Broker CPU-seconds are recorded per run (broker_cpu_s).
#
# Usage: scripts/kafka-protocol-bench.sh [W1 W1P W2 W3 W4 W5 W6]
#   ANCHORS=/work/shared/anchors/kafka-zk   the anchors' folder (its setup.sh must have run)
#   RUNS, OUT, N1.. as the anchors' bench.sh takes them.
# Then run the anchors' bench.sh alone for Apache Kafka, one system at a time (same ports), and
# compare the medians in the two results.tsv files (summarize.sh).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ANCHORS="${ANCHORS:-$ROOT/../shared/anchors/kafka-zk}"
[[ -x "$ANCHORS/bench.sh" ]] || { echo "kafka-protocol-bench.sh: no anchors at $ANCHORS (set ANCHORS)" >&2; exit 2; }
copy="$(mktemp -d /tmp/zkafka-kafka-bench.XXXXXX)"
trap 'rm -rf -- "$copy"' EXIT
cp -r "$ANCHORS/." "$copy/"
cp "$HERE/bench/system-zkafka-kafka.sh" "$copy/"
SYSTEM=zkafka-kafka ZK_CHECKOUT="$ROOT" "$copy/bench.sh" "$@"

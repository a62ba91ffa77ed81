#!/usr/bin/env bash
# The tool's JVM compiles with C1 only (-XX:TieredStopAtLevel=1; a later flag in KAFKA_OPTS wins): a
# run of 20,000 round trips lasts seconds, and C2's compiler threads, busy for most of them, took the
# CPU that the slowest percent of round trips waited for on a machine of two cores.
set -euo pipefail
export KAFKA_OPTS="-XX:TieredStopAtLevel=1${KAFKA_OPTS:+ $KAFKA_OPTS}"
exec "$(dirname -- "${BASH_SOURCE[0]}")/kafka-run-class.sh" io.zkafka.tools.EndToEndLatency "$@"

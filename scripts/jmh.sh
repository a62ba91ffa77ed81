#!/usr/bin/env bash
# Runs a module's JMH benchmarks (test sources named *Benchmark) on demand.
#   scripts/jmh.sh <module> [JMH args]     e.g. scripts/jmh.sh segment-store LogAppend -f 1
# Builds the module's test classes with the reactor (no install), writes its test classpath, then
# runs org.openjdk.jmh.Main on it with the remaining arguments. MVN_ARGS adds Maven flags (e.g. -o).
set -euo pipefail

if [[ $# -lt 1 || ! -d "$(dirname "$0")/../$1" ]]; then
    echo "usage: $0 <module> [JMH args]   (e.g. $0 segment-store LogAppend -f 1; -h for JMH's help)" >&2
    exit 2
fi
module=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

classpath_file="$root/$module/target/jmh.classpath"
# One reactor call, so sibling modules resolve to their target/classes rather than ~/.m2.
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} -pl "$module" -am test-compile dependency:build-classpath \
    -DskipTests -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath

if [[ ! -f "$module/target/test-classes/META-INF/BenchmarkList" ]]; then
    echo "No META-INF/BenchmarkList in $module/target/test-classes: is jmh-generator-annprocess a test dependency?" >&2
    exit 1
fi

classpath="$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")"
read -r -a jmh_java_opts <<< "${JMH_JAVA_OPTS:-}"
exec java "${jmh_java_opts[@]}" -cp "$classpath" org.openjdk.jmh.Main "$@"

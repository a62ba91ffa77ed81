#!/usr/bin/env bash
# Runs ZKafka's web console (io.zkafka.console.ConsoleMain), in the foreground or as a daemon.
set -euo pipefail

# shellcheck source=scripts/zkafka-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-functions.sh"

CONSOLE_MAIN_CLASS="io.zkafka.console.ConsoleMain"

usage() {
  cat << USAGE
Usage: $(basename -- "$0") [-daemon] --bootstrap-server HOST:PORT[,...] [--port 8080] [--host 127.0.0.1]
                          [--sample-seconds 10] [--command-config client.properties]
       $(basename -- "$0") --stop

Serves the web console (cluster, topics, messages, consumer groups, brokers) on http://HOST:PORT/,
talking to the cluster through ZKafka's public clients. It has no login: keep --host on a loopback or
private address.

  -daemon   run in the background: output appended to \$ZKAFKA_LOG_DIR/zkafka-console.out, PID in
            \$ZKAFKA_RUN_DIR/zkafka-console.pid; returns once the console accepts connections
  --stop    stops the console that -daemon started (SIGTERM, by its PID file only)
  --command-config FILE
            client settings for the console's connections (security.protocol, ssl.*, sasl.*), as the
            other tools' --command-config: for a cluster with TLS or SASL listeners

Environment: ZKAFKA_RUN_DIR (default /tmp/zkafka-run), ZKAFKA_LOG_DIR (default the run folder),
CONSOLE_START_TIMEOUT_SECONDS (default 60), CONSOLE_HEAP_OPTS (default -Xmx256M), JAVA_HOME.
USAGE
}

console_jar() {
  local jar
  for jar in "$ZKAFKA_HOME"/console/target/zkafka-console-*.jar; do
    case "$jar" in
      *-tests.jar | *-sources.jar | *-javadoc.jar) continue ;;
    esac
    [[ -f "$jar" ]] && printf '%s\n' "$jar" && return 0
  done
  return 1
}

ensure_console_built() {
  if console_jar > /dev/null && [[ -d "$ZKAFKA_HOME/console/target/lib" ]]; then
    return 0
  fi
  command -v mvn > /dev/null || die "the console is not built and mvn is not on the PATH; install Maven 3.8+ and run: mvn -B -DskipTests package in $ZKAFKA_HOME"
  say "the console (console/target) is missing; building it with: mvn -B -q -DskipTests package -pl console -am"
  (cd "$ZKAFKA_HOME" && mvn -B -q -DskipTests package -pl console -am) >&2 || die "the build failed; see the Maven output above"
  console_jar > /dev/null || die "the build finished but console/target has no jar"
}

daemon=false
stop=false
args=()
host="127.0.0.1"
port="8080"
bootstrap=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -daemon | --daemon) daemon=true ;;
    --stop) stop=true ;;
    -h | --help)
      usage
      exit 0
      ;;
    --bootstrap-server | --port | --host | --sample-seconds | --command-config)
      [[ $# -ge 2 ]] || die "$1 needs a value (see --help)"
      case "$1" in
        --bootstrap-server) bootstrap="$2" ;;
        --port) port="$2" ;;
        --host) host="$2" ;;
      esac
      args+=("$1" "$2")
      shift
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done

pid_file="$ZKAFKA_RUN_DIR/zkafka-console.pid"
if [[ "$stop" == true ]]; then
  stop_pid_file "$pid_file" "$CONSOLE_MAIN_CLASS" "${CONSOLE_STOP_TIMEOUT_SECONDS:-30}" "the console"
  exit 0
fi
[[ -n "$bootstrap" ]] || die "--bootstrap-server is required (see --help)"
[[ "$port" =~ ^[0-9]+$ ]] && ((port <= 65535)) || die "--port must be a port number (got '$port')"

ensure_console_built
java_cmd="java"
[[ -n "${JAVA_HOME:-}" ]] && java_cmd="$JAVA_HOME/bin/java"
read -r -a heap_opts <<< "${CONSOLE_HEAP_OPTS:--Xmx256M}"
classpath="$(console_jar):$ZKAFKA_HOME/console/target/lib/*"
command=("$java_cmd" "${heap_opts[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  -Dorg.slf4j.simpleLogger.showDateTime=true -cp "$classpath" "$CONSOLE_MAIN_CLASS" "${args[@]}")

if [[ "$daemon" != true ]]; then
  exec "${command[@]}"
fi

mkdir -p -- "$ZKAFKA_RUN_DIR" "$ZKAFKA_LOG_DIR"
out_file="$ZKAFKA_LOG_DIR/zkafka-console.out"
if pid="$(running_pid "$pid_file" "$CONSOLE_MAIN_CLASS")"; then
  die "the console, started by these scripts, already runs (PID $pid, $pid_file)"
fi
printf '===== %s starting the console =====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$out_file"
nohup "${command[@]}" >> "$out_file" 2>&1 < /dev/null &
pid=$!
printf '%s\n' "$pid" > "$pid_file"

connect_host="$host"
[[ "$connect_host" == "0.0.0.0" ]] && connect_host="127.0.0.1"
deadline=$((SECONDS + ${CONSOLE_START_TIMEOUT_SECONDS:-60} + 1))
until port_accepts "$connect_host" "$port"; do
  if ! pid_alive "$pid"; then
    rm -f -- "$pid_file"
    tail -n 20 -- "$out_file" >&2 || true
    die "the console exited during start-up; its output is in $out_file"
  fi
  if ((SECONDS >= deadline)); then
    stop_pid_file "$pid_file" "$CONSOLE_MAIN_CLASS" 10 "the console"
    die "the console did not listen on $connect_host:$port in time; its output is in $out_file"
  fi
  sleep 0.3
done
say "console serving on http://$connect_host:$port/ (PID $pid, output: $out_file)"

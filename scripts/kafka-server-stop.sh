#!/usr/bin/env bash
# Stops brokers started by kafka-server-start.sh -daemon, by their PID files only.
set -euo pipefail

# shellcheck source=scripts/zkafka-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-functions.sh"

usage() {
  cat << USAGE
Usage: $(basename -- "$0") [--all | --id N... | server.properties [--override key=value]...]

Stops brokers that kafka-server-start.sh -daemon started, each with SIGTERM (a clean, controlled
shutdown), waiting up to KAFKA_STOP_TIMEOUT_SECONDS (default 60) before SIGKILL:
  --all (default)   every broker with a PID file in \$ZKAFKA_RUN_DIR (default /tmp/zkafka-run)
  --id N            broker N (repeatable)
  server.properties the broker that file and its overrides name (broker.id)
No other process is touched.
USAGE
}

ids=()
config=""
override_id=""
all=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --all) all=true ;;
    --id)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die "--id needs a broker id number (see --help)"
      ids+=("$2")
      shift
      ;;
    --override)
      [[ $# -ge 2 && "$2" == ?*=* ]] || die "--override needs key=value (see --help)"
      [[ "${2%%=*}" == "broker.id" ]] && override_id="${2#*=}"
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *)
      [[ -z "$config" ]] || die "expected one properties file, got '$config' and '$1' (see --help)"
      [[ -f "$1" ]] || die "no such file: $1"
      config="$1"
      ;;
  esac
  shift
done
if [[ -n "$config" ]]; then
  id="${override_id:-$(prop_get "$config" broker.id)}"
  [[ "$id" =~ ^[0-9]+$ ]] || die "$config gives no numeric broker.id"
  ids+=("$id")
fi
[[ "$all" == true && ${#ids[@]} -gt 0 ]] && die "give either --all or brokers to stop, not both"

pid_files=()
if [[ ${#ids[@]} -eq 0 ]]; then
  shopt -s nullglob
  pid_files=("$ZKAFKA_RUN_DIR"/kafka-server-*.pid)
  shopt -u nullglob
  if [[ ${#pid_files[@]} -eq 0 ]]; then
    say "no broker PID files in $ZKAFKA_RUN_DIR; nothing to stop"
    exit 0
  fi
else
  for id in "${ids[@]}"; do
    pid_files+=("$ZKAFKA_RUN_DIR/kafka-server-$id.pid")
  done
fi

# Signal every broker first and then wait, so they shut down side by side.
signalled_pids=()
signalled_files=()
for pid_file in "${pid_files[@]}"; do
  name="broker $(basename -- "$pid_file" .pid | sed -e 's/^kafka-server-//')"
  if pid="$(running_pid "$pid_file" "$KAFKA_MAIN_CLASS")"; then
    say "stopping $name (PID $pid) with SIGTERM"
    kill -TERM "$pid" 2> /dev/null || true
    signalled_pids+=("$pid")
    signalled_files+=("$pid_file")
  else
    say "$name is not running (removing $pid_file)"
    rm -f -- "$pid_file"
  fi
done
grace="${KAFKA_STOP_TIMEOUT_SECONDS:-60}"
deadline=$((SECONDS + grace))
for i in "${!signalled_pids[@]}"; do
  pid="${signalled_pids[$i]}"
  remaining=$((deadline - SECONDS))
  if ! wait_for_exit "$pid" $((remaining > 0 ? remaining : 0)); then
    say "broker PID $pid did not exit within ${grace}s; sending SIGKILL"
    kill -KILL "$pid" 2> /dev/null || true
    wait_for_exit "$pid" 10 || die "broker PID $pid is still alive after SIGKILL"
  fi
  rm -f -- "${signalled_files[$i]}"
  say "broker PID $pid stopped"
done

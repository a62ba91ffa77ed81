#!/usr/bin/env bash
# Stops ZooKeeper servers started by zookeeper-server-start.sh -daemon, by their PID files only.
set -euo pipefail

# shellcheck source=scripts/zkafka-functions.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/zkafka-functions.sh"

usage() {
  cat << USAGE
Usage: $(basename -- "$0") [--all | zookeeper.properties...]

Stops the ZooKeeper servers that zookeeper-server-start.sh -daemon started: the one of each given
properties file (found by its clientPort), or with --all (the default) every one with a PID file
in \$ZKAFKA_RUN_DIR (default /tmp/zkafka-run). Each gets SIGTERM, up to
ZOOKEEPER_STOP_TIMEOUT_SECONDS (default 30) to exit, then SIGKILL. No other process is touched.
USAGE
}

pid_files=()
all=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --all) all=true ;;
    -h | --help)
      usage
      exit 0
      ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *)
      [[ -f "$1" ]] || die "no such file: $1"
      client_port="$(prop_get "$1" clientPort)"
      [[ "$client_port" =~ ^[0-9]+$ ]] || die "$1 has no numeric clientPort"
      pid_files+=("$ZKAFKA_RUN_DIR/zookeeper-$client_port.pid")
      ;;
  esac
  shift
done
if [[ "$all" == true || ${#pid_files[@]} -eq 0 ]]; then
  [[ "$all" == true && ${#pid_files[@]} -gt 0 ]] && die "give either --all or properties files, not both"
  shopt -s nullglob
  pid_files=("$ZKAFKA_RUN_DIR"/zookeeper-*.pid)
  shopt -u nullglob
  if [[ ${#pid_files[@]} -eq 0 ]]; then
    say "no ZooKeeper PID files in $ZKAFKA_RUN_DIR; nothing to stop"
    exit 0
  fi
fi

for pid_file in "${pid_files[@]}"; do
  name="$(basename -- "$pid_file" .pid)"
  stop_pid_file "$pid_file" "$ZOOKEEPER_MAIN_CLASS" "${ZOOKEEPER_STOP_TIMEOUT_SECONDS:-30}" "ZooKeeper (${name#zookeeper-})"
done

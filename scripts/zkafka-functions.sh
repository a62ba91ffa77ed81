# shellcheck shell=bash
# Helpers shared by the scripts in this folder; sourced, never run on its own.
#
# Every daemon the scripts start is remembered by a PID file in the run folder
# (ZKAFKA_RUN_DIR, default /tmp/zkafka-run). Stopping only ever signals a PID read from such a
# file, and only while that PID still runs the main class it was started with, so a recycled PID
# or someone else's JVM is never touched.

ZKAFKA_HOME="$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
ZKAFKA_RUN_DIR="${ZKAFKA_RUN_DIR:-/tmp/zkafka-run}"
ZKAFKA_LOG_DIR="${ZKAFKA_LOG_DIR:-$ZKAFKA_RUN_DIR}"
# shellcheck disable=SC2034 # used by the scripts that source this file
ZOOKEEPER_MAIN_CLASS="org.apache.zookeeper.server.quorum.QuorumPeerMain"
# shellcheck disable=SC2034
KAFKA_MAIN_CLASS="io.zkafka.server.Kafka"

die() {
  printf '%s: %s\n' "$(basename -- "$0")" "$*" >&2
  exit 1
}

say() {
  printf '%s: %s\n' "$(basename -- "$0")" "$*" >&2
}

absolute_path() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "${1#./}" ;;
  esac
}

# Checks ZKAFKA_JAAS_CONFIG (a JAAS file for -Djava.security.auth.login.config, see
# kafka-run-class.sh), if set, and exports it as an absolute path: a server started with -daemon
# then says at once that the file is missing, rather than in its output file.
check_jaas_config() {
  [[ -n "${ZKAFKA_JAAS_CONFIG:-}" ]] || return 0
  [[ -f "$ZKAFKA_JAAS_CONFIG" && -r "$ZKAFKA_JAAS_CONFIG" ]] \
    || die "ZKAFKA_JAAS_CONFIG is $ZKAFKA_JAAS_CONFIG, which is not a readable file"
  ZKAFKA_JAAS_CONFIG="$(absolute_path "$ZKAFKA_JAAS_CONFIG")"
  export ZKAFKA_JAAS_CONFIG
}

# Prints the last value of KEY in a Java properties FILE (key=value or key: value; comments and
# blank lines skipped; surrounding blanks trimmed), or nothing when the key is absent.
prop_get() {
  local file="$1" key="$2"
  awk -v key="$key" '
    /^[ \t]*[#!]/ || /^[ \t]*$/ { next }
    {
      line = $0
      sub(/^[ \t]+/, "", line)
      split_at = match(line, /[ \t]*[=:][ \t]*/)
      if (split_at == 0) next
      if (substr(line, 1, split_at - 1) != key) next
      value = substr(line, split_at + RLENGTH)
      sub(/[ \t\r]+$/, "", value)
      found = value
    }
    END { if (found != "") print found }
  ' "$file"
}

# Prints the main jar and lib folder of the distribution that mvn package builds in kafka-core.
distribution_jar() {
  local jar
  for jar in "$ZKAFKA_HOME"/kafka-core/target/zkafka-kafka-core-*.jar; do
    case "$jar" in
      *-tests.jar | *-sources.jar | *-javadoc.jar) continue ;;
    esac
    [[ -f "$jar" ]] && printf '%s\n' "$jar" && return 0
  done
  return 1
}

distribution_lib() {
  printf '%s\n' "$ZKAFKA_HOME/kafka-core/target/lib"
}

# Builds the distribution when its jar or lib folder is missing, unless ZKAFKA_CLASSPATH names an
# explicit classpath instead.
ensure_distribution() {
  [[ -n "${ZKAFKA_CLASSPATH:-}" ]] && return 0
  if distribution_jar > /dev/null && [[ -d "$(distribution_lib)" ]]; then
    return 0
  fi
  command -v mvn > /dev/null || die "the distribution is not built and mvn is not on the PATH; install Maven 3.8+ and run: mvn -B -DskipTests package in $ZKAFKA_HOME"
  say "the distribution (kafka-core/target) is missing; building it with: mvn -B -q -DskipTests package (in $ZKAFKA_HOME)"
  (cd "$ZKAFKA_HOME" && mvn -B -q -DskipTests package) >&2 || die "the build failed; see the Maven output above"
  if ! distribution_jar > /dev/null || [[ ! -d "$(distribution_lib)" ]]; then
    die "the build finished but kafka-core/target has no jar or no lib folder"
  fi
}

# ---- class data sharing: a CDS archive of the broker's classes, mapped at start instead of parsed ----
#
# The JVM spends most of a broker's first second loading and verifying classes. With an archive of
# them (the JDK's application class data sharing, JDK 10+) it maps them ready-made: on the shared
# development machine that took the start from JVM launch to listening from 2.3-3.6 s to 0.6-1.1 s.
# The archive is made once per distribution and JDK: the first broker start records the classes it
# loads (-XX:DumpLoadedClassList), and once it listens kafka-server-start.sh builds the archive from
# that list in the background (java -Xshare:dump); later starts use it. Its name carries a checksum
# of the java binary and of every jar's path, size and time, so a rebuild or another JDK makes a new
# one; a JVM that finds an archive not matching its classpath runs without it (and says so).
# KAFKA_CDS=off turns all of it off; ZKAFKA_CDS_DIR is where the archives go (default
# kafka-core/target/cds, with ZKAFKA_CLASSPATH the run folder's cds/).

# Prints the classpath's jars, colon-separated in a fixed order (CDS needs the same order every
# time, which a lib/* wildcard does not promise): ZKAFKA_CLASSPATH's entries, or the distribution's.
# Fails when ZKAFKA_CLASSPATH holds anything but jar files (an archive cannot hold classes of folders).
cds_jars() {
  if [[ -n "${ZKAFKA_CLASSPATH:-}" ]]; then
    local entry entries
    IFS=: read -r -a entries <<< "${ZKAFKA_CLASSPATH%:}"
    for entry in "${entries[@]}"; do
      [[ "$entry" == *.jar && -f "$entry" ]] || return 1
    done
    printf '%s\n' "${ZKAFKA_CLASSPATH%:}"
    return 0
  fi
  local jars=() jar
  jars+=("$(distribution_jar)")
  for jar in "$(distribution_lib)"/*.jar; do
    [[ -f "$jar" ]] && jars+=("$jar")
  done
  local IFS=:
  printf '%s\n' "${jars[*]}"
}

# Prints the path prefix of the CDS files of the broker run by JAVA_CMD with the classpath JARS
# (PREFIX.jsa the archive, PREFIX.classlist.<pid> recorded class lists, PREFIX.dump.log the last
# build's output), or fails when CDS is off, the folder cannot be made, or a build failed before
# (its log stays; delete it to try again).
cds_prefix() {
  local java_cmd="$1" jars="$2" dir key java_path
  [[ "${KAFKA_CDS:-on}" != off ]] || return 1
  if [[ -n "${ZKAFKA_CLASSPATH:-}" ]]; then
    dir="${ZKAFKA_CDS_DIR:-$ZKAFKA_RUN_DIR/cds}"
  else
    dir="${ZKAFKA_CDS_DIR:-$ZKAFKA_HOME/kafka-core/target/cds}"
  fi
  mkdir -p -- "$dir" 2> /dev/null && [[ -w "$dir" ]] || return 1
  java_path="$(readlink -f -- "$(command -v -- "$java_cmd")")" || return 1
  key="$({
    stat -c '%n %s %Y' -- "$java_path"
    tr ':' '\n' <<< "$jars" | while IFS= read -r jar; do
      [[ -n "$jar" ]] && stat -c '%n %s %Y' -- "$jar" 2> /dev/null
    done
  } | cksum | cut -d' ' -f1)"
  [[ -s "$dir/broker-$key.jsa" || ! -e "$dir/broker-$key.dump.log" ]] || return 1
  printf '%s/broker-%s\n' "$dir" "$key"
}

# Prints the java command the scripts run: JAVA_HOME's, else the one on the PATH.
java_command() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    [[ -x "$JAVA_HOME/bin/java" ]] || die "JAVA_HOME is $JAVA_HOME but $JAVA_HOME/bin/java is not an executable"
    printf '%s\n' "$JAVA_HOME/bin/java"
  else
    command -v java > /dev/null || die "no java on the PATH and JAVA_HOME is not set; install a JDK 17+"
    printf '%s\n' java
  fi
}

# In the background, builds PREFIX.jsa from the class list CLASSLIST (recorded by a broker that
# has started) with JAVA_CMD and the classpath JARS: written under a temporary name and renamed, so
# a start never meets half an archive. Its output goes to PREFIX.dump.log.
cds_build_archive() {
  local prefix="$1" classlist="$2" java_cmd="$3" jars="$4"
  (
    # one build at a time (brokers of one distribution often start together); the lock goes with the process
    exec 9> "$prefix.lock"
    flock -n 9 || exit 0
    [[ -s "$prefix.jsa" ]] && exit 0
    tmp="$prefix.jsa.tmp.$BASHPID"
    list="$prefix.dump-classlist.$BASHPID"
    trap 'rm -f -- "$tmp" "$list"' EXIT
    # the broker goes on appending to its list: leave out a last line it may be writing
    head -n -1 -- "$classlist" > "$list" 2> /dev/null || exit 0
    # bounded: a dump takes seconds; one that hangs is given up, and the broker starts without an archive
    if timeout 120 "$java_cmd" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$tmp" -cp "$jars" \
      > "$prefix.dump.log" 2>&1; then
      mv -f -- "$tmp" "$prefix.jsa"
      rm -f -- "$prefix".classlist.*
    fi
  ) < /dev/null > /dev/null 2>&1 &
}

# True while PID exists and is not a zombie (an orphan nobody has reaped yet counts as gone).
pid_alive() {
  local pid="$1" state
  kill -0 "$pid" 2> /dev/null || return 1
  [[ -r "/proc/$pid/stat" ]] || return 0
  state="$(sed -e 's/^.*) //' "/proc/$pid/stat" 2> /dev/null | cut -c1)"
  [[ "$state" != "Z" ]]
}

# True when PID runs a JVM whose command line contains MAIN_CLASS.
pid_runs_class() {
  local pid="$1" main_class="$2"
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$main_class"
}

# Prints the PID recorded in PID_FILE when that process is alive and runs MAIN_CLASS.
running_pid() {
  local pid_file="$1" main_class="$2" pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(tr -dc '0-9' < "$pid_file")"
  [[ -n "$pid" ]] && pid_alive "$pid" && pid_runs_class "$pid" "$main_class" || return 1
  printf '%s\n' "$pid"
}

# Waits up to SECONDS for PID to exit; true if it did.
wait_for_exit() {
  local pid="$1" seconds="$2" deadline
  deadline=$((SECONDS + seconds))
  while pid_alive "$pid"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# Stops the process recorded in PID_FILE: SIGTERM, up to GRACE seconds for it to exit, then
# SIGKILL and up to 10 more seconds. Removes the PID file. Fails only if the process survives.
stop_pid_file() {
  local pid_file="$1" main_class="$2" grace="$3" name="$4" pid
  if ! pid="$(running_pid "$pid_file" "$main_class")"; then
    say "$name is not running (removing $pid_file)"
    rm -f -- "$pid_file"
    return 0
  fi
  say "stopping $name (PID $pid) with SIGTERM"
  kill -TERM "$pid" 2> /dev/null || true
  if ! wait_for_exit "$pid" "$grace"; then
    say "$name (PID $pid) did not exit within ${grace}s; sending SIGKILL"
    kill -KILL "$pid" 2> /dev/null || true
    wait_for_exit "$pid" 10 || die "$name (PID $pid) is still alive after SIGKILL"
  fi
  rm -f -- "$pid_file"
  say "$name stopped"
}

# Sends a ZooKeeper four-letter word to HOST:PORT over a bash /dev/tcp socket and prints the
# reply; fails when nothing answers within 3 seconds.
zk_four_letter() {
  local host="$1" port="$2" word="$3"
  # shellcheck disable=SC2016 # the inner shell expands its own positional parameters
  timeout 3 bash -c 'exec 3<> "/dev/tcp/$0/$1" && printf "%s" "$2" >&3 && cat <&3' \
    "$host" "$port" "$word" 2> /dev/null
}

# Prints the mode (standalone, leader, follower) of the ZooKeeper at HOST:PORT, or fails while it
# is not serving requests.
zk_mode() {
  local reply
  reply="$(zk_four_letter "$1" "$2" srvr)" || return 1
  awk '/^Mode: / { print $2; found = 1 } END { exit !found }' <<< "$reply"
}

# True when something accepts TCP connections on HOST:PORT.
port_accepts() {
  # shellcheck disable=SC2016
  timeout 2 bash -c 'exec 3<> "/dev/tcp/$0/$1"' "$1" "$2" 2> /dev/null
}

# Prints what listens on TCP PORT ("java pid=123" or "unknown process"), or fails if nothing does.
port_listener() {
  local port="$1" line
  if command -v ss > /dev/null; then
    line="$(ss -Hltnp "sport = :$port" 2> /dev/null | head -n 1)"
    [[ -n "$line" ]] || return 1
    if [[ "$line" =~ users:\(\(\"([^\"]*)\",pid=([0-9]+) ]]; then
      printf '%s pid=%s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    else
      printf 'unknown process\n'
    fi
    return 0
  fi
  port_accepts 127.0.0.1 "$port" && printf 'unknown process\n'
}

# ---- for the benchmark scripts, which start their own cluster in one data folder ----

# Starts broker N as a daemon from the shipped server.properties: listener 127.0.0.1:(PORT_BASE+N),
# log folder DATA_DIR/broker-N, then any further "--override key=value" arguments.
bench_start_broker() {
  local n="$1" port_base="$2" data_dir="$3" zookeeper_connect="$4"
  shift 4
  "$ZKAFKA_HOME/scripts/kafka-server-start.sh" -daemon "$ZKAFKA_HOME/conf/server.properties" \
    --override "broker.id=$n" \
    --override "listeners=PLAINTEXT://127.0.0.1:$((port_base + n))" \
    --override "log.dirs=$data_dir/broker-$n" \
    --override "zookeeper.connect=$zookeeper_connect" \
    "$@"
}

# SIGKILLs broker N (started by these scripts), waits until it is gone and removes its PID file.
bench_kill_broker() {
  local n="$1" pid
  pid="$(running_pid "$ZKAFKA_RUN_DIR/kafka-server-$n.pid" "$KAFKA_MAIN_CLASS")" || die "broker $n is not running"
  kill -KILL "$pid"
  wait_for_exit "$pid" 10 || die "broker $n (PID $pid) survived SIGKILL"
  rm -f -- "$ZKAFKA_RUN_DIR/kafka-server-$n.pid"
}

# Writes DATA_DIR/conf/zookeeper-N.properties: the shipped ensemble config of member N moved to
# client ports ZK_BASE+1..3, quorum ports QUORUM_BASE+1..3, election ports ELECTION_BASE+1..3 and
# data folder DATA_DIR/zookeeper-N.
bench_write_ensemble_config() {
  local n="$1" data_dir="$2" zk_base="$3" quorum_base="$4" election_base="$5" m
  local -a servers=()
  for m in 1 2 3; do
    servers+=(-e "s|^server\\.$m=.*|server.$m=127.0.0.1:$((quorum_base + m)):$((election_base + m));127.0.0.1:$((zk_base + m))|")
  done
  sed -e "s|^dataDir=.*|dataDir=$data_dir/zookeeper-$n|" -e "s|^clientPort=.*|clientPort=$((zk_base + n))|" \
    "${servers[@]}" "$ZKAFKA_HOME/conf/zookeeper-$n.properties" > "$data_dir/conf/zookeeper-$n.properties"
}

# Waits (up to 120 s) until the ensemble on client ports ZK_BASE+1..3 has a leader and two followers.
bench_wait_for_quorum() {
  local zk_base="$1" deadline=$((SECONDS + 120)) modes n
  while :; do
    modes="$(for n in 1 2 3; do zk_mode 127.0.0.1 $((zk_base + n)) || echo none; done | sort | tr '\n' ' ')"
    [[ "$modes" == "follower follower leader " ]] && return 0
    ((SECONDS < deadline)) || die "the ZooKeeper ensemble did not form a quorum (modes: $modes)"
    sleep 0.5
  done
}

#!/usr/bin/env bash
# Local single-node OpenSearch 2.19 (or 3.x, see OPENSEARCH_VERSION) for development and CI.
#
#   scripts/opensearch.sh install   fetch the distribution + modules via Maven, assemble, configure
#   scripts/opensearch.sh start     install if needed, start, wait for health, verify analysis modules
#   scripts/opensearch.sh stop      stop the node started by this script
#   scripts/opensearch.sh status    exit 0 if the node answers healthy (green/yellow)
#
# Maven Central only ships the "integ-test-zip" distribution. For 2.19 it is minimal (transport-netty4
# only), so the analysis-common module (asciifolding, ngram, edge_ngram...) and lang-painless (which it
# extends) are added from their published jars; the 3.x zips already ship every module, which are then
# used as they are. See docs/search-engine-setup.md.
#
# Environment:
#   SITE_LAK_STATE        state root (default /var/tmp/site_lak); everything lives in $SITE_LAK_STATE/opensearch
#   OPENSEARCH_PORT       HTTP port on 127.0.0.1 (default 9200; transport uses port+100)
#   OPENSEARCH_VERSION    force one version, or a list tried in order (default: 2.19.6, else the newest
#                         2.19.x that resolves); 3.x (e.g. "3.8.0") runs on Java 21+ only
#   OPENSEARCH_JAVA_HOME  the JDK: 17 for 2.19 (default /usr/lib/jvm/java-17-openjdk-<arch>; 2.19 cannot
#                         start on Java 24+), 21+ for 3.x (default: the first JDK 21+ under /usr/lib/jvm)
#   OPENSEARCH_JAVA_OPTS  default "-Xms512m -Xmx512m"
#   OPENSEARCH_USER       unprivileged OS user that runs the node (default opensearch)
set -euo pipefail

STATE_ROOT="${SITE_LAK_STATE:-/var/tmp/site_lak}"
OS_HOME="$STATE_ROOT/opensearch"
DIST="$OS_HOME/dist"
DATA_DIR="$OS_HOME/data"
LOG_DIR="$OS_HOME/logs"
TMP_DIR="$OS_HOME/tmp"
PID_FILE="$OS_HOME/opensearch.pid"
MARKER="$DIST/.site_lak-install-complete"
PORT="${OPENSEARCH_PORT:-9200}"
TRANSPORT_PORT="$((PORT + 100))"
RUN_USER="${OPENSEARCH_USER:-opensearch}"
CLUSTER_NAME="site_lak"
JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:--Xms512m -Xmx512m}"
DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
CANDIDATE_VERSIONS="${OPENSEARCH_VERSION:-2.19.6 2.19.5 2.19.4 2.19.3 2.19.2 2.19.1 2.19.0}"
START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-90}"
URL="http://127.0.0.1:$PORT"

log() { echo "opensearch: $*"; }
die() { echo "opensearch: ERROR: $*" >&2; exit 1; }

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || die "missing packages ($*) and apt-get is not available"
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

wants_opensearch3() { # the first candidate version is 3.x or newer
  case "${CANDIDATE_VERSIONS%% *}" in [3-9].*) return 0 ;; *) return 1 ;; esac
}

find_java_home() {
  local cand cands=("${OPENSEARCH_JAVA_HOME:-}")
  if wants_opensearch3; then
    cands+=(/usr/lib/jvm/java-2[1-9]-openjdk-* /usr/lib/jvm/temurin-2[1-9]-jdk-* /usr/lib/jvm/java-[3-9][0-9]-openjdk-* /usr/lib/jvm/temurin-[3-9][0-9]-jdk-*)
  else
    cands+=(/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-*)
  fi
  for cand in "${cands[@]}"; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && { echo "$cand"; return 0; }
  done
  return 1
}

java_major() { # feature version of the JDK in $1 (17, 21, 25...)
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | sed 's/^1\.//'
}

check_java() { # the JDK must suit the installed OpenSearch: 2.x needs 11..23, 3.x needs 21+
  local v major
  v="$(installed_version)"; major="$(java_major "$JAVA_HOME_OS")"
  [ -n "$major" ] || die "cannot tell the Java version of $JAVA_HOME_OS"
  case "$v" in
    1.* | 2.*) [ "$major" -lt 24 ] || die "OpenSearch $v cannot start on Java $major (it enables the Security Manager, removed in Java 24): set OPENSEARCH_JAVA_HOME to a JDK 17" ;;
    *) [ "$major" -ge 21 ] || die "OpenSearch $v needs Java 21 or newer; $JAVA_HOME_OS is Java $major: set OPENSEARCH_JAVA_HOME" ;;
  esac
}

ensure_tools() {
  local pkgs=()
  command -v curl >/dev/null || pkgs+=(curl)
  command -v unzip >/dev/null || pkgs+=(unzip)
  command -v mvn >/dev/null || pkgs+=(maven)
  # Debian 12 packages no JDK 21+: for 3.x one must be there already (OPENSEARCH_JAVA_HOME)
  find_java_home >/dev/null || wants_opensearch3 || pkgs+=(openjdk-17-jdk-headless)
  [ "${#pkgs[@]}" -eq 0 ] || apt_install "${pkgs[@]}"
  if wants_opensearch3; then
    JAVA_HOME_OS="$(find_java_home)" || die "no Java 21+ found for OpenSearch ${CANDIDATE_VERSIONS%% *} (set OPENSEARCH_JAVA_HOME)"
  else
    JAVA_HOME_OS="$(find_java_home)" || die "no Java 17 found (set OPENSEARCH_JAVA_HOME)"
  fi
}

ensure_user() {
  if ! id -u "$RUN_USER" >/dev/null 2>&1; then
    log "creating system user $RUN_USER"
    useradd --system --user-group --no-create-home --home-dir "$OS_HOME" --shell /usr/sbin/nologin "$RUN_USER"
  fi
}

as_user() { runuser -u "$RUN_USER" -- "$@"; }

mvn_quiet() { # run maven with the node's JDK, output to a log shown only on failure
  local mlog="$1"; shift
  if ! JAVA_HOME="$JAVA_HOME_OS" mvn -B -q "$@" >"$mlog" 2>&1; then
    return 1
  fi
}

is_installed() {
  [ -f "$MARKER" ] && [ -x "$DIST/bin/opensearch" ] \
    && [ -f "$DIST/modules/analysis-common/plugin-descriptor.properties" ] \
    && [ -f "$DIST/modules/lang-painless/plugin-descriptor.properties" ]
}

installed_version() { cat "$MARKER"; }

write_descriptor() { # dir name classname description extended
  cat >"$1/plugin-descriptor.properties" <<EOF
description=$4
version=$VERSION
name=$2
classname=$3
java.version=11
opensearch.version=$VERSION
custom.foldername=
extended.plugins=$5
has.native.controller=false
EOF
}

do_install() {
  ensure_tools
  ensure_user
  if is_installed; then
    log "already installed: OpenSearch $(installed_version) in $DIST"
    return 0
  fi
  local t0=$SECONDS work="$OS_HOME/.install-work"
  mkdir -p "$OS_HOME"
  rm -rf "$work" "$DIST"
  mkdir -p "$work/zip"

  # 1. the distribution, via Maven (~/.m2 is the download cache)
  VERSION=""
  local v
  for v in $CANDIDATE_VERSIONS; do
    log "fetching org.opensearch.distribution.integ-test-zip:opensearch:$v:zip with Maven"
    if mvn_quiet "$work/mvn-dist.log" "$DEP_PLUGIN:copy" \
        "-Dartifact=org.opensearch.distribution.integ-test-zip:opensearch:$v:zip" \
        "-DoutputDirectory=$work/zip"; then
      VERSION="$v"; break
    fi
    log "version $v did not resolve: $(sed 's/\x1b\[[0-9;]*m//g' "$work/mvn-dist.log" | grep -m1 -o 'Could not find artifact [^ ]*' || echo 'see Maven output')"
  done
  [ -n "$VERSION" ] || { tail -n 20 "$work/mvn-dist.log" >&2; die "no OpenSearch version out of [$CANDIDATE_VERSIONS] could be fetched"; }
  unzip -q "$work/zip/opensearch-$VERSION.zip" -d "$work/unpacked"
  local stage="$work/unpacked/opensearch-$VERSION"
  [ -x "$stage/bin/opensearch" ] || die "unexpected zip layout (no bin/opensearch)"

  # 2. modules: the 3.x zips ship analysis-common and lang-painless (with their own descriptors and
  #    policy); the 2.19 zip does not, so they are assembled from their published jars
  if [ -f "$stage/modules/analysis-common/plugin-descriptor.properties" ] \
      && [ -f "$stage/modules/lang-painless/plugin-descriptor.properties" ]; then
    log "the distribution ships analysis-common and lang-painless: using them as they are"
  else
    add_modules "$work" "$stage"
  fi

  # 3. JVM options: logs/heap dumps go to the state dir; heap size in its own file
  sed -i -E \
    -e "s#^-XX:HeapDumpPath=.*#-XX:HeapDumpPath=$LOG_DIR#" \
    -e "s#^-XX:ErrorFile=logs/#-XX:ErrorFile=$LOG_DIR/#" \
    -e "s#file=logs/gc.log#file=$LOG_DIR/gc.log#" \
    -e "s#^8:-Xloggc:logs/gc.log#8:-Xloggc:$LOG_DIR/gc.log#" \
    -e "s#^-Xm([sx])1g#\#-Xm\11g (set in jvm.options.d/heap.options)#" \
    "$stage/config/jvm.options"
  mkdir -p "$stage/config/jvm.options.d"
  printf -- '-Xms512m\n-Xmx512m\n' >"$stage/config/jvm.options.d/heap.options"

  mv "$stage" "$DIST"
  rm -rf "$work"
  write_config
  echo "$VERSION" >"$MARKER"
  log "installed OpenSearch $VERSION (+ analysis-common, lang-painless) in $DIST in $((SECONDS - t0)) s"
}

add_modules() { # work stage: lang-painless (+ spi, antlr4-runtime, asm*) and analysis-common, from Maven
  local work="$1" stage="$2"
  cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.site-lak</groupId><artifactId>opensearch-modules</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.opensearch.plugin</groupId><artifactId>lang-painless</artifactId><version>$VERSION</version>
      <!-- the server and its libraries are already in the distribution's lib/ (jar hell otherwise) -->
      <exclusions><exclusion><groupId>org.opensearch</groupId><artifactId>*</artifactId></exclusion></exclusions>
    </dependency>
  </dependencies>
</project>
EOF
  local mp="$stage/modules/lang-painless" mc="$stage/modules/analysis-common"
  mkdir -p "$mp" "$mc"
  log "fetching lang-painless $VERSION and its dependencies"
  (cd "$work" && mvn_quiet "$work/mvn-painless.log" "$DEP_PLUGIN:copy-dependencies" \
      -DincludeScope=runtime "-DoutputDirectory=$mp") \
    || { tail -n 20 "$work/mvn-painless.log" >&2; die "could not fetch lang-painless $VERSION"; }
  log "fetching analysis-common $VERSION"
  mvn_quiet "$work/mvn-common.log" "$DEP_PLUGIN:copy" \
      "-Dartifact=org.opensearch.plugin:analysis-common:$VERSION" "-DoutputDirectory=$mc" \
    || { tail -n 20 "$work/mvn-common.log" >&2; die "could not fetch analysis-common $VERSION"; }

  # jar-hell guard: drop any module jar whose artifact is already in lib/
  local j base
  for j in "$mp"/*.jar "$mc"/*.jar; do
    base="$(basename "$j" | sed -E 's/-[0-9][^-]*(-[^-]+)?\.jar$//')"
    if compgen -G "$stage/lib/$base-[0-9]*.jar" >/dev/null; then
      log "dropping $(basename "$j") (already in lib/)"; rm -f "$j"
    fi
  done
  for j in lang-painless-$VERSION.jar opensearch-scripting-painless-spi-$VERSION.jar; do
    [ -f "$mp/$j" ] || die "module lang-painless lacks $j"
  done
  compgen -G "$mp/antlr4-runtime-*.jar" >/dev/null || die "module lang-painless lacks antlr4-runtime"
  compgen -G "$mp/asm-[0-9]*.jar" >/dev/null || die "module lang-painless lacks asm"
  [ -f "$mc/analysis-common-$VERSION.jar" ] || die "module analysis-common lacks its jar"

  # plugin class names, read from the jars rather than assumed
  local cls_p cls_c
  cls_p="$(unzip -Z1 "$mp/lang-painless-$VERSION.jar" | grep -E '^org/opensearch/painless/Painless[A-Za-z]*Plugin\.class$' | head -n1)"
  cls_c="$(unzip -Z1 "$mc/analysis-common-$VERSION.jar" | grep -E '^org/opensearch/analysis/common/CommonAnalysis[A-Za-z]*Plugin\.class$' | head -n1)"
  [ -n "$cls_p" ] && [ -n "$cls_c" ] || die "could not find plugin classes in the module jars"
  cls_p="$(echo "${cls_p%.class}" | tr / .)"; cls_c="$(echo "${cls_c%.class}" | tr / .)"
  write_descriptor "$mp" lang-painless "$cls_p" "An easy, safe and fast scripting language for OpenSearch" ""
  write_descriptor "$mc" analysis-common "$cls_c" "Adds \"built in\" analyzers to OpenSearch." "lang-painless"
  cat >"$mp/plugin-security.policy" <<'EOF'
grant {
  // needed to generate runtime classes
  permission java.lang.RuntimePermission "createClassLoader";

  // needed to find the classloader to load allowlisted classes from
  permission java.lang.RuntimePermission "getClassLoader";
};
EOF
}

write_config() {
  mkdir -p "$DATA_DIR" "$LOG_DIR" "$TMP_DIR"
  cat >"$DIST/config/opensearch.yml" <<EOF
# Generated by scripts/opensearch.sh (rewritten on every start).
cluster.name: $CLUSTER_NAME
node.name: site-lak-node
network.host: 127.0.0.1
http.port: $PORT
transport.port: $TRANSPORT_PORT
discovery.type: single-node
path.data: $DATA_DIR
path.logs: $LOG_DIR
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: true
EOF
  chown -R "$RUN_USER:$RUN_USER" "$DIST" "$DATA_DIR" "$LOG_DIR" "$TMP_DIR"
  chmod 755 "$STATE_ROOT" "$OS_HOME" 2>/dev/null || true
}

running_pid() { # prints pid of our node if alive
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # a node that died while this script (its parent) still runs is a zombie: not running
  [ "$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" != Z ] || return 1
  echo "$pid"
}

healthy() {
  curl -fsS --max-time 5 "$URL/_cluster/health" 2>/dev/null | grep -Eq '"status":"(green|yellow)"'
}

show_log() {
  local f="$LOG_DIR/$CLUSTER_NAME.log"
  [ -s "$f" ] || f="$LOG_DIR/console.log"
  if [ -s "$f" ]; then
    echo "----- last 50 lines of $f -----" >&2
    tail -n 50 "$f" >&2
    echo "-----" >&2
  fi
}

verify() {
  local mods tokens
  mods="$(curl -fsS --max-time 10 "$URL/_nodes/plugins?filter_path=nodes.*.modules.name")" \
    || { show_log; die "cannot read modules from $URL/_nodes/plugins"; }
  for m in analysis-common lang-painless; do
    echo "$mods" | grep -q "\"$m\"" || { show_log; die "module $m is not loaded (modules: $mods)"; }
  done
  tokens="$(curl -fsS --max-time 10 -H 'Content-Type: application/json' -X POST "$URL/_analyze" \
      -d '{"tokenizer":"standard","filter":["lowercase","asciifolding"],"text":"Việt Nam Đắk Lắk"}' \
    | grep -o '"token":"[^"]*"' | cut -d'"' -f4 | tr '\n' ' ')" || true
  [ "$tokens" = "viet nam dak lak " ] || { show_log; die "asciifolding check failed: got [${tokens}] expected [viet nam dak lak]"; }
  log "verified: modules analysis-common + lang-painless loaded; asciifolding 'Việt Nam Đắk Lắk' -> ${tokens% }"
}

do_start() {
  local t0=$SECONDS pid
  if pid="$(running_pid)"; then
    if healthy; then
      verify
      log "already running (pid $pid) on $URL"
      return 0
    fi
  elif healthy; then
    verify
    log "something already answers on $URL (not started by this script); using it"
    return 0
  fi
  do_install
  ensure_user
  if ! running_pid >/dev/null; then
    check_java
    rm -f "$PID_FILE"
    write_config
    : >"$LOG_DIR/console.log"; chown "$RUN_USER:$RUN_USER" "$LOG_DIR/console.log"
    chown "$RUN_USER:$RUN_USER" "$OS_HOME"
    log "starting OpenSearch $(installed_version) on $URL (heap: $JAVA_OPTS)"
    # nohup-style background start; setsid/setpriv/env/bin/opensearch all exec, so $! is the JVM's pid
    (
      cd "$DIST"
      ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
      exec setsid setpriv --reuid="$RUN_USER" --regid="$RUN_USER" --init-groups -- env -i \
        PATH=/usr/local/bin:/usr/bin:/bin HOME="$OS_HOME" LANG=C.UTF-8 \
        OPENSEARCH_JAVA_HOME="$JAVA_HOME_OS" OPENSEARCH_JAVA_OPTS="$JAVA_OPTS" \
        OPENSEARCH_TMPDIR="$TMP_DIR" OPENSEARCH_PATH_CONF="$DIST/config" \
        "$DIST/bin/opensearch" -p "$PID_FILE" </dev/null >>"$LOG_DIR/console.log" 2>&1 9>&-
    ) &
    local jvm_pid=$!
    echo "$jvm_pid" >"$PID_FILE"; chown "$RUN_USER:$RUN_USER" "$PID_FILE"
  fi
  local deadline=$((SECONDS + START_TIMEOUT))
  until curl -fsS --max-time 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null \
      | grep -Eq '"status":"(green|yellow)"'; do
    running_pid >/dev/null || { show_log; die "the node exited during start-up"; }
    [ "$SECONDS" -lt "$deadline" ] || { show_log; die "not healthy after ${START_TIMEOUT} s"; }
    sleep 1
  done
  verify
  log "running (pid $(running_pid || echo '?')) on $URL; start took $((SECONDS - t0)) s"
}

do_stop() {
  local pid i
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

do_status() {
  local pid health
  pid="$(running_pid || true)"
  if health="$(curl -fsS --max-time 5 "$URL/_cluster/health" 2>/dev/null)" \
      && echo "$health" | grep -Eq '"status":"(green|yellow)"'; then
    log "healthy on $URL (pid ${pid:-unknown}, status $(echo "$health" | grep -o '"status":"[a-z]*"' | cut -d'"' -f4), version $( [ -f "$MARKER" ] && installed_version || echo '?'))"
    return 0
  fi
  log "not healthy on $URL (pid ${pid:-none})"
  return 1
}

with_lock() {
  mkdir -p "$OS_HOME"
  exec 9>"$STATE_ROOT/.opensearch.lock"
  flock -w 600 9 || die "could not take the lock $STATE_ROOT/.opensearch.lock"
}

[ "$(id -u)" = 0 ] || die "run as root (it creates the '$RUN_USER' user and starts the node through runuser)"
case "${1:-}" in
  install) with_lock; do_install ;;
  start) with_lock; ensure_tools; do_start ;;
  stop) with_lock; do_stop ;;
  status) do_status ;;
  *) echo "usage: $0 {install|start|stop|status}" >&2; exit 2 ;;
esac

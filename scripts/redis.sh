#!/usr/bin/env bash
# Private Redis for development and CI (not the Debian system service): the shared cache (CACHE_URL).
#
#   scripts/redis.sh install   apt-get install redis-server if missing
#   scripts/redis.sh start     install if needed, start on 127.0.0.1, print CACHE_URL
#   scripts/redis.sh stop      stop it
#   scripts/redis.sh status    exit 0 if it answers PING
#
# Environment:
#   SITE_LAK_STATE   state root (default /var/tmp/site_lak); pid and log files live in $SITE_LAK_STATE/redis
#   REDIS_PORT       TCP port on 127.0.0.1 (default 6379)
#
# A cache only: no persistence (no RDB snapshots, no AOF), 256 MB, least recently used keys evicted first.
set -euo pipefail

STATE_ROOT="${SITE_LAK_STATE:-/var/tmp/site_lak}"
REDIS_HOME="$STATE_ROOT/redis"
PORT="${REDIS_PORT:-6379}"
PID_FILE="$REDIS_HOME/redis-$PORT.pid"
LOG_FILE="$REDIS_HOME/redis-$PORT.log"
CACHE_URL="redis://127.0.0.1:$PORT/1"

log() { echo "redis: $*"; }
die() { echo "redis: ERROR: $*" >&2; exit 1; }

do_install() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  command -v apt-get >/dev/null || die "redis-server is missing and apt-get is not available"
  log "apt-get install redis-server"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
}

answers() { [ "$(redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null)" = PONG ]; }

do_start() {
  local t0=$SECONDS
  do_install
  mkdir -p "$REDIS_HOME"
  if answers; then
    log "already running on 127.0.0.1:$PORT"
  else
    log "starting Redis on 127.0.0.1:$PORT"
    redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes --pidfile "$PID_FILE" --logfile "$LOG_FILE" \
      --dir "$REDIS_HOME" --save "" --appendonly no --maxmemory 256mb --maxmemory-policy allkeys-lru \
      || die "redis-server did not start"
    local i
    for i in $(seq 1 50); do
      answers && break
      sleep 0.1
    done
    answers || { [ -f "$LOG_FILE" ] && tail -n 20 "$LOG_FILE" >&2; die "not answering on 127.0.0.1:$PORT after 5 s"; }
  fi
  log "running on 127.0.0.1:$PORT; start took $((SECONDS - t0)) s"
  log "CACHE_URL=$CACHE_URL"
}

do_stop() {
  if answers; then
    redis-cli -h 127.0.0.1 -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
    local i
    for i in $(seq 1 50); do
      answers || break
      sleep 0.1
    done
    answers && die "still answering on 127.0.0.1:$PORT"
    rm -f "$PID_FILE"
    log "stopped"
  else
    log "not running"
  fi
}

do_status() {
  if answers; then
    log "answering on 127.0.0.1:$PORT (CACHE_URL=$CACHE_URL)"
    return 0
  fi
  log "not running on 127.0.0.1:$PORT"
  return 1
}

case "${1:-}" in
  install) do_install ;;
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) echo "usage: $0 {install|start|stop|status}" >&2; exit 2 ;;
esac

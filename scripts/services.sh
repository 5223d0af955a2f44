#!/usr/bin/env bash
# Start/stop the local services the site and its tests use: PostgreSQL (scripts/postgres.sh),
# OpenSearch (scripts/opensearch.sh) and Redis, the shared cache (scripts/redis.sh).
#
#   scripts/services.sh start    start all three (installing what is missing), verify them
#   scripts/services.sh stop     stop all three
#   scripts/services.sh status   exit 0 only if all three are healthy
#   scripts/services.sh env      print export lines for eval:  eval "$(scripts/services.sh env)"
#
# Honours SITE_LAK_STATE, POSTGRES_PORT (5433), OPENSEARCH_PORT (9200) and REDIS_PORT (6379).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PG_PORT="${POSTGRES_PORT:-5433}"
OS_PORT="${OPENSEARCH_PORT:-9200}"
REDIS_PORT="${REDIS_PORT:-6379}"

print_env() {
  echo "export DATABASE_URL=postgres://site_lak@127.0.0.1:$PG_PORT/site_lak"
  echo "export SEARCH_URL=opensearch://127.0.0.1:$OS_PORT"
  echo "export CACHE_URL=redis://127.0.0.1:$REDIS_PORT/1"
}

case "${1:-}" in
  start)
    t0=$SECONDS
    "$HERE/postgres.sh" start
    "$HERE/opensearch.sh" start
    "$HERE/redis.sh" start
    echo "services: PostgreSQL, OpenSearch and Redis running; took $((SECONDS - t0)) s. Use: eval \"\$($0 env)\""
    ;;
  stop)
    rc=0
    "$HERE/redis.sh" stop || rc=1
    "$HERE/opensearch.sh" stop || rc=1
    "$HERE/postgres.sh" stop || rc=1
    exit "$rc"
    ;;
  status)
    rc=0
    "$HERE/postgres.sh" status || rc=1
    "$HERE/opensearch.sh" status || rc=1
    "$HERE/redis.sh" status || rc=1
    exit "$rc"
    ;;
  env) print_env ;;
  *) echo "usage: $0 {start|stop|status|env}" >&2; exit 2 ;;
esac

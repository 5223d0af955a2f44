#!/usr/bin/env bash
# Keep a command running: start it again whenever it exits, until this script is told to stop.
#
#   scripts/supervise.sh COMMAND [ARGS...]
#
# `make serve` runs the background worker under it, so a worker that dies (killed, out of memory, a
# crash) is back within seconds, as systemd's Restart= does on a server (docs/deploy.md). Back-off: 1 s
# after the first exit, doubling up to 60 s while it keeps exiting quickly, back to 1 s once a run lasted
# a minute. SIGTERM or SIGINT is passed on to the command, which is waited for; then this script exits
# with the command's status.
set -uo pipefail

[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }

child=0
stopping=0
stop() {
  stopping=1
  [ "$child" -gt 0 ] && kill -TERM "$child" 2>/dev/null
}
trap stop TERM INT

delay=1
while :; do
  started=$SECONDS
  "$@" &
  child=$!
  wait "$child"
  status=$?
  while kill -0 "$child" 2>/dev/null; do # `wait` returns early when a signal arrives
    wait "$child"
    status=$?
  done
  child=0
  [ "$stopping" = 1 ] && exit "$status"
  if ((SECONDS - started >= 60)); then
    delay=1
  fi
  echo "supervise: '$*' exited with status $status after $((SECONDS - started)) s; starting it again in $delay s" >&2
  sleep "$delay" &
  wait $! 2>/dev/null
  [ "$stopping" = 1 ] && exit "$status"
  delay=$((delay * 2 > 60 ? 60 : delay * 2))
done

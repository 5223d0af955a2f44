#!/usr/bin/env bash
# Headless Chromium from Debian's packages (for screenshots / browser tests).
#
#   scripts/chromium.sh install   apt-get install chromium if /usr/bin/chromium is missing; print its version
set -euo pipefail

log() { echo "chromium: $*"; }
die() { echo "chromium: ERROR: $*" >&2; exit 1; }

case "${1:-}" in
  install)
    if [ ! -x /usr/bin/chromium ]; then
      [ "$(id -u)" = 0 ] || die "chromium is missing; run as root to install it"
      log "apt-get update"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
      log "apt-get install chromium"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
    [ -x /usr/bin/chromium ] || die "/usr/bin/chromium still missing after install"
    log "$(/usr/bin/chromium --version 2>/dev/null | head -n1) at /usr/bin/chromium"
    ;;
  *) echo "usage: $0 install" >&2; exit 2 ;;
esac

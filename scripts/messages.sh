#!/usr/bin/env bash
# Extract translatable strings into the single project catalogue (site_lak/locale).
#
#   scripts/messages.sh           run from the repository root (the virtualenv is used if present)
#
# Re-runnable: makemessages merges into the existing .po files, keeping existing translations;
# only new msgids come in untranslated (possibly flagged fuzzy) and must then be filled in.
# Afterwards translate site_lak/locale/vi/LC_MESSAGES/django.po and compile with
#   python manage.py compilemessages --ignore=.venv
# tests/test_translations.py fails while any Vietnamese entry is untranslated or fuzzy.
set -euo pipefail

cd "$(dirname "$0")/.."
[ -f manage.py ] || { echo "messages: ERROR: run from the repository root" >&2; exit 1; }

if [ -z "${VIRTUAL_ENV:-}" ] && [ -f .venv/bin/activate ]; then
  # shellcheck disable=SC1091
  . .venv/bin/activate
fi

# One project catalogue: LOCALE_PATHS = [site_lak/locale]. An app-level locale/ directory would make
# makemessages write that app's strings there instead, so refuse to run if one appears.
mkdir -p site_lak/locale
stray=$(find . -path ./.venv -prune -o -path ./site_lak/locale -prune -o -type d -name locale -print)
if [ -n "$stray" ]; then
  echo "messages: ERROR: app-level locale directories found (keep one catalogue in site_lak/locale):" >&2
  echo "$stray" >&2
  exit 1
fi

python manage.py makemessages -l vi -l en \
  --ignore='.venv/*' --ignore='test-artifacts/*' --ignore='static_collected/*' --ignore='tests/*' \
  --ignore='node_modules/*' --ignore='bench/*' \
  --no-obsolete --add-location=file

echo "messages: updated site_lak/locale/{vi,en}/LC_MESSAGES/django.po"

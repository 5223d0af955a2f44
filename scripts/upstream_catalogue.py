#!/usr/bin/env python
"""List the Wagtail / wagtail-localize / Django admin strings the Vietnamese admin shows in English.

    .venv/bin/python scripts/upstream_catalogue.py             counts per app, then each untranslated msgid
    .venv/bin/python scripts/upstream_catalogue.py --po DOMAIN the untranslated entries of a domain (django or
                                                                djangojs) as .po entries to translate into
                                                                site_lak/locale_upstream/vi/LC_MESSAGES/
    .venv/bin/python scripts/upstream_catalogue.py --shadowed  upstream msgids answered by our own strings

"Untranslated" is judged on what Django serves (site_lak.upstream_catalogue), so a string counts as done
once our override is compiled (python manage.py compilemessages --ignore=.venv --ignore=node_modules).
"""

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_lak.settings.dev")

import django  # noqa: E402

django.setup()

import polib  # noqa: E402

from site_lak import upstream_catalogue  # noqa: E402


def as_po(messages):
    po = polib.POFile(wrapwidth=100)
    for m in messages:
        entry = polib.POEntry(msgctxt=m.msgctxt, msgid=m.msgid, msgid_plural=m.msgid_plural or "")
        entry.occurrences = [(where, "") for where in m.occurrences[:3]]
        if m.msgid_plural:
            entry.msgstr_plural = {0: ""}
        if "%(" in m.msgid or "%s" in m.msgid:
            entry.flags.append("python-format")
        po.append(entry)
    return str(po)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--po", choices=["django", "djangojs"])
    parser.add_argument("--shadowed", action="store_true")
    args = parser.parse_args()
    messages = upstream_catalogue.upstream_messages()
    if args.shadowed:
        for message, ours in upstream_catalogue.shadowed(messages):
            print(f"{message.app} [{message.domain}] {message.msgid!r} -> {ours!r}")
        return
    missing = upstream_catalogue.untranslated(messages)
    if args.po:
        print(as_po([m for m in missing if m.domain == args.po]))
        return
    total = Counter((m.app, m.domain) for m in messages)
    gaps = Counter((m.app, m.domain) for m in missing)
    for app, domain in sorted(total):
        print(f"{app:40} {domain:9} {gaps[app, domain]:5} untranslated of {total[app, domain]}")
    print(f"{'total':40} {'':9} {len(missing):5} untranslated of {len(messages)}")
    for m in missing:
        print(f"{m.app} [{m.domain}] {m.msgid!r}")


if __name__ == "__main__":
    main()

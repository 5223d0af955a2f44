"""Which Wagtail, wagtail-localize and Django admin strings the Vietnamese admin would show in English.

Upstream's Vietnamese catalogues miss most of Wagtail 8's admin and translate some strings wrongly, so
the project ships overrides in `site_lak/locale_upstream/` (docs/i18n.md). This module compares every
msgid of the installed upstream apps (their English catalogue lists them all) with the translation
Django actually serves in Vietnamese: our catalogues over every app's, for the server (`django`
domain) and for the admin's JavaScript (`djangojs`, served by the `jsi18n` views of `wagtail.admin` and
`wagtail_localize`). `scripts/upstream_catalogue.py` prints the result; `tests/site_lak/test_upstream_catalogue.py`
fails when an upgrade brings an untranslated string.
"""

from dataclasses import dataclass
from pathlib import Path

import django
import polib
from django.apps import apps
from django.conf import settings
from django.utils.translation import trans_real

LANGUAGE = "vi"
# Upstream apps whose strings an editor sees (their English catalogue lists every msgid), besides Django's own.
UPSTREAM_PREFIXES = ("wagtail", "wagtail_localize")
UPSTREAM_DJANGO_APPS = ("django.contrib.admin", "django.contrib.auth")
# The packages whose JavaScript catalogues the admin loads (wagtail.admin.views.i18n, wagtail_localize's hooks).
JS_PACKAGES = ("wagtail.admin", "wagtail_localize")
OURS = Path(settings.LOCALE_PATHS[0])


@dataclass(frozen=True)
class Message:
    app: str
    domain: str
    msgctxt: str | None
    msgid: str
    msgid_plural: str
    occurrences: tuple[str, ...]

    @property
    def key(self):
        return (self.domain, self.msgctxt, self.msgid)

    def catalogue_key(self):
        """The key under which a compiled catalogue stores this message."""
        msgid = f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt else self.msgid
        return (msgid, 0) if self.msgid_plural else msgid


def upstream_sources():
    """(name, label, directory holding locale/) of every upstream catalogue the admin uses: Django's own
    (validation messages, relative times), then the installed upstream apps."""
    yield "django", "django", Path(django.__file__).parent / "conf"
    for app in apps.get_app_configs():
        if app.name.split(".")[0] in UPSTREAM_PREFIXES or app.name in UPSTREAM_DJANGO_APPS:
            yield app.name, app.label, Path(app.path)


def upstream_messages():
    """Every msgid of the upstream catalogues, from their English catalogues."""
    seen = {}
    for name, label, directory in upstream_sources():
        for domain in ("django", "djangojs"):
            if domain == "djangojs" and name not in JS_PACKAGES:
                continue
            path = directory / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                continue
            for entry in polib.pofile(str(path)):
                if entry.obsolete or not entry.msgid:
                    continue
                message = Message(
                    app=name,
                    domain=domain,
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural or "",
                    occurrences=tuple(f"{label}:{where}" for where, _ in entry.occurrences),
                )
                seen.setdefault(message.key, message)
    return list(seen.values())


def served_catalogue(domain, package=None):
    """The Vietnamese catalogue Django serves: the server's (`django`), or a package's JavaScript catalogue
    (`djangojs`, as its jsi18n view builds it); LOCALE_PATHS win over the apps' own."""
    if domain == "django":
        return trans_real.translation(LANGUAGE)._catalog
    path = next(Path(app.path) for app in apps.get_app_configs() if app.name == package)
    return trans_real.DjangoTranslation(LANGUAGE, domain=domain, localedirs=[str(path / "locale")])._catalog


def _catalogue_for(message, cache):
    where = (message.domain, None if message.domain == "django" else message.app)
    if where not in cache:
        cache[where] = served_catalogue(*where)
    return cache[where]


def untranslated(messages=None):
    """The upstream messages with no Vietnamese translation in what Django serves."""
    messages = upstream_messages() if messages is None else messages
    cache = {}
    return [m for m in messages if not _catalogue_for(m, cache).get(m.catalogue_key())]


def translated_text(message, cache=None):
    """The Vietnamese Django serves for one message (singular form), or None."""
    return _catalogue_for(message, {} if cache is None else cache).get(message.catalogue_key())


def own_catalogue(domain="django"):
    """{(msgctxt, msgid)} of the project's own strings (site_lak/locale), which win over every other."""
    path = OURS / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return {}
    return {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(path)) if not e.obsolete and e.msgid}


def shadowed(messages=None):
    """Upstream messages answered by one of the project's own (public-site) strings: each must be checked,
    as "Pages" once showed the public pagination's "Phân trang" as the admin's menu item."""
    messages = upstream_messages() if messages is None else messages
    ours = {domain: own_catalogue(domain) for domain in ("django", "djangojs")}
    return [(m, ours[m.domain][(m.msgctxt, m.msgid)]) for m in messages if (m.msgctxt, m.msgid) in ours[m.domain]]

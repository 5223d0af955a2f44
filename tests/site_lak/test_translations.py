"""The Vietnamese catalogues are complete, compiled, and used by Django.

After adding strings: scripts/messages.sh, translate the new entries in
site_lak/locale/vi/LC_MESSAGES/django.po, then python manage.py compilemessages --ignore=.venv.
The upstream overrides (site_lak/locale_upstream, Wagtail's and Django's admin strings) are held to the
same rules; tests/site_lak/test_upstream_catalogue.py checks what they cover.
"""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "site_lak" / "locale"
VI_PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
UPSTREAM = LOCALE.parent / "locale_upstream" / "vi" / "LC_MESSAGES"
# Every Vietnamese catalogue we ship: our own strings, then the overrides of upstream's (server and JavaScript).
VI_CATALOGUES = [VI_PO, UPSTREAM / "django.po", UPSTREAM / "djangojs.po"]
each_catalogue = pytest.mark.parametrize(
    "po_path", VI_CATALOGUES, ids=lambda path: f"{path.parents[2].name}/{path.name}"
)

# %(name)s, %s, {{ name }} and the str.format fields ({name}, {}) some upstream messages use.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{\s*[\w.]+\s*\}\}|\{\w*\}")


def live_entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete and entry.msgid]


def describe(entry):
    return f"{entry.msgid!r} ({', '.join(path for path, _ in entry.occurrences) or 'no location'})"


def translations(catalogue, include_fuzzy=False):
    """{(msgctxt, msgid): msgstr or tuple of plural forms} for every translated entry."""
    result = {}
    for entry in live_entries(catalogue):
        if "fuzzy" in entry.flags and not include_fuzzy:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if all(forms):
                result[(entry.msgctxt, entry.msgid)] = forms
        elif entry.msgstr:
            result[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return result


@each_catalogue
def test_vietnamese_catalogue_is_complete(po_path):
    po = polib.pofile(str(po_path))
    problems = []
    for entry in live_entries(po):
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {describe(entry)}")
        elif not entry.translated():
            problems.append(f"untranslated: {describe(entry)}")
    assert not problems, f"{po_path} needs translating (see scripts/messages.sh):\n" + "\n".join(problems)


@each_catalogue
def test_vietnamese_header_has_one_plural_form(po_path):
    po = polib.pofile(str(po_path))
    assert po.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    too_many = [describe(e) for e in live_entries(po) if e.msgid_plural and set(e.msgstr_plural) != {0}]
    assert not too_many, "Vietnamese has one plural form (msgstr[0] only):\n" + "\n".join(too_many)


@each_catalogue
def test_vietnamese_placeholders_are_kept(po_path):
    po = polib.pofile(str(po_path))
    broken = []
    for entry in live_entries(po):
        if entry.msgid_plural:
            expected = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
            found = [set(PLACEHOLDER.findall(form)) for form in entry.msgstr_plural.values() if form]
        else:
            expected = set(PLACEHOLDER.findall(entry.msgid))
            found = [set(PLACEHOLDER.findall(entry.msgstr))] if entry.msgstr else []
        if any(f != expected for f in found):
            broken.append(describe(entry))
    assert not broken, "placeholders differ between source and translation:\n" + "\n".join(broken)


def test_english_catalogue_has_no_fuzzy_entries():
    fuzzy = [describe(e) for e in live_entries(polib.pofile(str(EN_PO))) if "fuzzy" in e.flags]
    assert not fuzzy, f"{EN_PO} has fuzzy entries:\n" + "\n".join(fuzzy)


@each_catalogue
def test_vietnamese_mo_matches_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run python manage.py compilemessages --ignore=.venv"
    expected = translations(polib.pofile(str(po_path)))
    compiled = translations(polib.mofile(str(mo_path)), include_fuzzy=True)
    stale = sorted(str(key[1]) for key in expected.keys() - compiled.keys())
    stale += sorted(str(key[1]) for key in compiled.keys() - expected.keys())
    stale += sorted(str(key[1]) for key in expected.keys() & compiled.keys() if expected[key] != compiled[key])
    assert not stale, (
        f"{mo_path} is out of date with {po_path.name} (run python manage.py compilemessages --ignore=.venv):\n"
        + "\n".join(stale)
    )


def test_django_serves_the_vietnamese_catalogue():
    with translation.override("vi"):
        assert translation.gettext("Skip to content") == "Chuyển đến nội dung chính"
        assert translation.gettext("Page not found") == "Không tìm thấy trang"
    with translation.override("en"):
        assert translation.gettext("Skip to content") == "Skip to content"

"""The Vietnamese catalogue is complete, compiled, and used by Django.

After adding strings: scripts/messages.sh, translate the new entries in
site_lak/locale/vi/LC_MESSAGES/django.po, then python manage.py compilemessages --ignore=.venv.
"""

import re
from pathlib import Path

import polib
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "site_lak" / "locale"
VI_PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
VI_MO = VI_PO.with_suffix(".mo")
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{\s*[\w.]+\s*\}\}")


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


def test_vietnamese_catalogue_is_complete():
    po = polib.pofile(str(VI_PO))
    problems = []
    for entry in live_entries(po):
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {describe(entry)}")
        elif not entry.translated():
            problems.append(f"untranslated: {describe(entry)}")
    assert not problems, f"{VI_PO} needs translating (see scripts/messages.sh):\n" + "\n".join(problems)


def test_vietnamese_header_has_one_plural_form():
    po = polib.pofile(str(VI_PO))
    assert po.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    too_many = [describe(e) for e in live_entries(po) if e.msgid_plural and set(e.msgstr_plural) != {0}]
    assert not too_many, "Vietnamese has one plural form (msgstr[0] only):\n" + "\n".join(too_many)


def test_vietnamese_placeholders_are_kept():
    po = polib.pofile(str(VI_PO))
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


def test_vietnamese_mo_matches_po():
    assert VI_MO.exists(), f"{VI_MO} is missing: run python manage.py compilemessages --ignore=.venv"
    expected = translations(polib.pofile(str(VI_PO)))
    compiled = translations(polib.mofile(str(VI_MO)), include_fuzzy=True)
    stale = sorted(str(key[1]) for key in expected.keys() - compiled.keys())
    stale += sorted(str(key[1]) for key in compiled.keys() - expected.keys())
    stale += sorted(str(key[1]) for key in expected.keys() & compiled.keys() if expected[key] != compiled[key])
    assert not stale, (
        f"{VI_MO} is out of date with {VI_PO.name} (run python manage.py compilemessages --ignore=.venv):\n"
        + "\n".join(stale)
    )


def test_django_serves_the_vietnamese_catalogue():
    with translation.override("vi"):
        assert translation.gettext("Skip to content") == "Chuyển đến nội dung chính"
        assert translation.gettext("Page not found") == "Không tìm thấy trang"
    with translation.override("en"):
        assert translation.gettext("Skip to content") == "Skip to content"

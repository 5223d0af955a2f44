"""Backup and restore on the embedded defaults (SQLite, database search); see tests/services/test_backup.py."""

import json
import sqlite3
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.documents.models import Document
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core.backup import sha256
from documents.models import DocumentText
from tests.backup_support import restore_what_was_backed_up_while_writing
from tests.factories import news_page
from tests.faults_support import process_environment, run_manage
from tests.services.test_backup import round_trip


@pytest.mark.django_db(transaction=True)
def test_backup_restores_onto_an_empty_database(site_tree, tmp_path, settings, client):
    round_trip(site_tree, tmp_path, settings, client)


@pytest.mark.django_db
def test_restore_refuses_a_database_with_content(site_tree, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    news_page(site_tree["vi"], "Tin có sẵn")
    call_command("backup", str(tmp_path / "b"), verbosity=0)
    with pytest.raises(CommandError, match="already holds content"):
        call_command("restore", str(tmp_path / "b"), verbosity=0)
    assert Page.objects.filter(title="Tin có sẵn").exists()


def sqlite_database_file(path):
    """A file SQLite database holding what the test database holds (the bootstrapped site)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:  # the suite runs on PostgreSQL (CI): build the SQLite database the long way
        url = f"sqlite:///{path}"
        for command in (["migrate"], ["bootstrap_site"]):
            result = run_manage(*command, DATABASE_URL=url)
            assert result.returncode == 0, result.stderr
    return f"sqlite:///{path}"


@pytest.mark.django_db(transaction=True)
def test_a_page_published_during_a_backup_is_whole_or_absent_on_sqlite(site_tree, tmp_path, settings):
    url = sqlite_database_file(tmp_path / "school.sqlite3")
    restore_what_was_backed_up_while_writing(tmp_path, url, settings)


@pytest.mark.django_db(transaction=True)
def test_extracted_document_text_survives_a_restore(site_tree, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # A format the extractor does not read (any more): only the backup still knows its text.
    document = Document.objects.create(
        title="Biên bản họp", file=ContentFile(b"PK\x03\x04 odt", name="bien-ban-hop.odt")
    )
    text = "biên bản họp hội đồng trường quý ba"
    DocumentText.objects.update_or_create(document=document, defaults={"text": text})
    call_command("backup", str(tmp_path / "b"), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)

    call_command("restore", str(tmp_path / "b"), verbosity=0)

    assert DocumentText.objects.get(document_id=document.pk).text == text
    found = get_search_backend().search("hội đồng trường", DocumentText)
    assert [text.document_id for text in found] == [document.pk]


@pytest.fixture
def backup_dir(site_tree, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    Document.objects.create(title="Quy chế", file=ContentFile(b"%PDF-1.4 quy che" * 64, name="quy-che.pdf"))
    news_page(site_tree["vi"], "Tin trong bản sao lưu")
    call_command("backup", str(tmp_path / "b"), verbosity=0)
    return tmp_path / "b"


def rewrite(backup, name, change):
    """Changes one file of a backup and, like a careful forger, its size and checksum in the manifest."""
    path = backup / name
    change(path)
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"][name] = {"sha256": sha256(path), "bytes": path.stat().st_size}
    (backup / "manifest.json").write_text(json.dumps(manifest))


def truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def drop_last_record(path):
    path.write_text(json.dumps(json.loads(path.read_text())[:-1]))


def edit_manifest(change):
    def edit(backup):
        manifest = json.loads((backup / "manifest.json").read_text())
        change(manifest)
        (backup / "manifest.json").write_text(json.dumps(manifest))

    return edit


DAMAGES = {
    "data appended": (lambda b: (b / "data.json").open("a").write(" "), "checksum"),
    "data truncated": (lambda b: truncate(b / "data.json"), "checksum"),
    "media truncated": (lambda b: truncate(b / "media.tar.gz"), "checksum"),
    "media missing": (lambda b: (b / "media.tar.gz").unlink(), "missing"),
    "manifest damaged": (lambda b: truncate(b / "manifest.json"), "damaged"),
    "manifest without counts": (edit_manifest(lambda m: m.pop("counts")), "damaged"),
    "forged data, a record removed": (lambda b: rewrite(b, "data.json", drop_last_record), "does not hold"),
    "forged truncated data": (lambda b: rewrite(b, "data.json", truncate), "damaged"),
    "forged truncated media": (lambda b: rewrite(b, "media.tar.gz", truncate), "damaged"),
    "unknown model": (edit_manifest(lambda m: m["counts"].update({"nowhere.thing": 1})), "no model|does not hold"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_restore_refuses_a_damaged_backup_before_touching_the_database(backup_dir, damage):
    change, message = DAMAGES[damage]
    change(backup_dir)
    pages = Page.objects.count()
    with pytest.raises(CommandError, match=message) as refused:
        call_command("restore", str(backup_dir), verbosity=0)
    assert "\n" not in str(refused.value)
    assert Page.objects.count() == pages


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_fails_half_way_leaves_nothing_behind(backup_dir):
    """Records that parse and match their manifest but cannot be stored: the whole restore is undone."""

    def break_last_page(path):
        records = json.loads(path.read_text())
        page = next(record for record in reversed(records) if record["model"] == "wagtailcore.page")
        page["fields"]["locale"] = 999_999  # no such locale
        path.write_text(json.dumps(records))

    rewrite(backup_dir, "data.json", break_last_page)
    call_command("flush", interactive=False, verbosity=0)
    pages = list(Page.objects.values_list("pk", flat=True))

    with pytest.raises(CommandError, match="^Nothing was restored") as refused:
        call_command("restore", str(backup_dir), verbosity=0)

    assert "\n" not in str(refused.value)
    assert list(Page.objects.values_list("pk", flat=True)) == pages
    assert not get_user_model().objects.exists() and not Document.objects.exists()


def test_restore_of_a_damaged_backup_exits_with_one_line(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "manifest.json").write_text('{"format": 1, "files": ')
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "b")],
        env=process_environment(DATABASE_URL=f"sqlite:///{tmp_path / 'none.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "is damaged" in result.stderr, result.stderr

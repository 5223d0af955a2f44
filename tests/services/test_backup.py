"""Backup and restore on PostgreSQL with the search engine; tests/core/test_backup.py runs the same round trip on
SQLite (every test in this directory counts as a services test)."""

import json
import shutil
import uuid

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from tests.backup_support import restore_what_was_backed_up_while_writing
from tests.factories import draft_child, news_page, section
from tests.faults_support import database_url

PDF_BYTES = b"%PDF-1.4\n% Quy che to chuc hoat dong\n" + bytes(range(256)) * 8


def feedback_model():
    try:
        return apps.get_model("feedback", "Feedback") if apps.is_installed("feedback") else None
    except LookupError:
        return None


def page_snapshot():
    return {page.pk: (page.title, page.url_path, page.live) for page in Page.objects.all()}


def round_trip(site_tree, tmp_path, settings, client):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    marker = f"phuchoi{uuid.uuid4().hex[:8]}"
    home = site_tree["vi"]
    article = news_page(home, f"Lễ tổng kết năm học {marker}", summary="Tuyên dương học sinh xuất sắc.")
    from news.models import NewsPage

    draft = draft_child(section(home, "tin-tuc"), NewsPage(title=f"Bản nháp {marker}", slug=f"nhap-{marker}"))
    document = Document.objects.create(title="Quy chế tổ chức", file=ContentFile(PDF_BYTES, name="quy-che.pdf"))
    Feedback = feedback_model()
    if Feedback is not None:
        Feedback.objects.create(subject=f"Hỏi về học phí {marker}", message="Xin hỏi mức học phí năm nay.")
    pages_before, article_url = page_snapshot(), article.url

    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir), verbosity=0)
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["counts"]["wagtaildocs.document"] >= 1 and manifest["media_files"] >= 1

    # A new server: an emptied database and no media files.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Page.objects.exists()

    call_command("restore", str(backup_dir), verbosity=0)

    assert page_snapshot() == pages_before
    assert Page.objects.get(pk=draft.pk).live is False
    restored = Document.objects.get(pk=document.pk)
    with restored.file.open("rb") as stream:
        assert stream.read() == PDF_BYTES
    if Feedback is not None:
        assert Feedback.objects.filter(subject__contains=marker).exists()

    response = client.get(article_url)
    assert response.status_code == 200 and marker in response.content.decode()
    backend = get_search_backend()
    if hasattr(backend, "get_index_for_model"):
        index = backend.get_index_for_model(Page)
        if hasattr(index, "refresh"):
            index.refresh()
    assert [page.pk for page in Page.objects.live().search(marker)] == [article.pk]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_backup_restores_onto_postgresql_with_the_engine(site_tree, tmp_path, settings, client):
    round_trip(site_tree, tmp_path, settings, client)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_page_published_during_a_backup_is_whole_or_absent_on_postgresql(site_tree, tmp_path, settings):
    restore_what_was_backed_up_while_writing(tmp_path, database_url(), settings)

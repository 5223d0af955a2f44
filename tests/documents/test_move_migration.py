"""Moving the text of documents out of `search` (search 0003, documents 0001) keeps a school's data: the same table,
and the same content type under its new app, so documents are still found by what is written inside them without
reading or indexing them again, and a permission given on the texts stays.

Fast: the two migrations change no table, so the site before them is this database with the content type under
`search` and the two migrations not recorded; only they are then applied (unapplying them with Django would
compute the state of every migration of the project first, ten seconds)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.search.models import IndexEntry

from core.bootstrap import EDITORS
from documents.models import DocumentText
from site_lak import env


def as_before_the_move():
    """The database of a site before the move: same tables, the content type under `search`, the moves not run."""
    ContentType.objects.filter(app_label="documents", model="documenttext").update(app_label="search")
    ContentType.objects.clear_cache()
    recorder = MigrationRecorder(connection)
    applied = recorder.applied_migrations()
    moves_and_later = [key for key in applied if key[0] == "documents" or (key[0] == "search" and key[1] >= "0003")]
    for app_label, name in moves_and_later:
        recorder.record_unapplied(app_label, name)


def migrate():
    executor = MigrationExecutor(connection)
    executor.migrate([node for node in executor.loader.graph.leaf_nodes() if node[0] in {"search", "documents"}])
    ContentType.objects.clear_cache()


def found_by(query, title):
    response = Client().get("/api/search/", {"q": query, "type": "document"})
    assert response.status_code == 200, response.content
    return title in [result["title"] for result in response.json()["results"]]


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(env.DATABASE_SEARCH_BACKEND)}


@pytest.mark.django_db(transaction=True)
def test_moving_the_document_text_keeps_texts_index_and_permissions(site_tree):
    # Saved and committed: the text is extracted and indexed at once (tasks run inline in the tests).
    document = get_document_model().objects.create(
        title="Tệp đính kèm", file=ContentFile("Quy chế tuyển sinh lớp mười".encode(), name="quy-che.txt")
    )
    assert DocumentText.objects.get(document=document).text == "Quy chế tuyển sinh lớp mười"
    Group.objects.get(name=EDITORS).permissions.add(Permission.objects.get(codename="view_documenttext"))

    as_before_the_move()
    before = ContentType.objects.get(model="documenttext")
    assert before.app_label == "search"
    assert IndexEntry.objects.filter(content_type=before).exists()

    migrate()

    moved = ContentType.objects.get(model="documenttext")
    assert (moved.pk, moved.app_label) == (before.pk, "documents")
    assert DocumentText.objects.get(document=document).text == "Quy chế tuyển sinh lớp mười"
    assert found_by("tuyển sinh lớp mười", "Tệp đính kèm") and found_by("tuyen sinh lop muoi", "Tệp đính kèm")
    assert (
        Group.objects.get(name=EDITORS)
        .permissions.filter(content_type__app_label="documents", codename="view_documenttext")
        .exists()
    )

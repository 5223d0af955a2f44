"""Moving the query log out of `search` (search 0004, search_analytics 0001) keeps a school's data: the same table
with every search already recorded, still in the report and still counting clicks, and the same content type under
its new app, so a permission given on the records stays.

Fast: the two migrations change no table, so the site before them is this database with the content type under
`search` and the two migrations not recorded; only they are then applied (as tests/documents/test_move_migration.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from core.bootstrap import EDITORS
from search_analytics.models import QueryRecord


def as_before_the_move():
    """The database of a site before the move: same table, the content type under `search`, the moves not run."""
    ContentType.objects.filter(app_label="search_analytics", model="queryrecord").update(app_label="search")
    ContentType.objects.clear_cache()
    recorder = MigrationRecorder(connection)
    for app_label, name in recorder.applied_migrations():
        if app_label == "search_analytics" or (app_label == "search" and name >= "0004"):
            recorder.record_unapplied(app_label, name)


def migrate():
    """The two moves. The token column that search_analytics 0002 adds stays in the table (SQLite cannot drop a
    UNIQUE column): 0002 is recorded once the moves have run, not run again."""
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0004_move_query_record"), ("search_analytics", "0001_initial")])
    MigrationRecorder(connection).record_applied("search_analytics", "0002_query_record_token")
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_moving_the_query_log_keeps_records_report_clicks_and_permissions(site_tree, admin_user):
    record = QueryRecord.objects.create(
        query="lịch thi học kỳ", locale="vi", result_count=3, backend="database", token="5e4c1d2a9b7f0e36"
    )
    Group.objects.get(name=EDITORS).permissions.add(Permission.objects.get(codename="view_queryrecord"))

    as_before_the_move()
    before = ContentType.objects.get(model="queryrecord")
    assert before.app_label == "search"

    migrate()

    moved = ContentType.objects.get(model="queryrecord")
    assert (moved.pk, moved.app_label) == (before.pk, "search_analytics")
    assert (
        Group.objects.get(name=EDITORS)
        .permissions.filter(content_type__app_label="search_analytics", codename="view_queryrecord")
        .exists()
    )
    client = Client()
    target = site_tree["vi"].url
    assert client.get(f"/api/search/click/{record.token}/", {"to": target})["Location"] == target
    assert QueryRecord.objects.get(pk=record.pk).clicks == 1
    client.force_login(admin_user)
    report = client.get("/admin/reports/search-queries/")
    assert report.status_code == 200 and "lịch thi học kỳ" in report.content.decode()

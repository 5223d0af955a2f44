"""Moving the communications plan, disclosure with the work schedule and the worker's heartbeat out of `editorial`
(editorial 0005) keeps a school's data: the same tables, and the same content types under their new app, so the
disclosure and schedule pages still open, their history still reads, and the groups keep their permissions."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from wagtail.models import Page, Revision

from core.bootstrap import EDITORS, REVIEWERS
from disclosure.models import DisclosureIndexPage
from disclosure.schedule import WorkSchedulePage
from plan.models import PlannedItem
from worker.heartbeat import WORKER, beat
from worker.models import Heartbeat

MOVED = importlib.import_module("editorial.migrations.0005_move_plan_disclosure_worker").MOVED
BEFORE_THE_SPLIT = [("editorial", "0004_heartbeat"), ("plan", None), ("disclosure", None), ("worker", None)]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def content_types_as_before_the_split():
    """Whatever the way back did: the moved models' content types under `editorial`, as on a site before the split."""
    for app_label, models in MOVED.items():
        for model in models:
            old, _created = ContentType.objects.get_or_create(app_label="editorial", model=model)
            new = ContentType.objects.filter(app_label=app_label, model=model).first()
            if new is not None:
                Page.objects.filter(content_type=new).update(content_type=old)
                Revision.objects.filter(content_type=new).update(content_type=old, base_content_type=old)
                Permission.objects.filter(content_type=new).update(content_type=old)
                new.delete()
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_moving_the_plan_disclosure_and_worker_keeps_pages_rows_and_permissions(site_tree, member):
    disclosure = DisclosureIndexPage.objects.get(locale=site_tree["vi"].locale)
    schedule = WorkSchedulePage.objects.get(locale=site_tree["vi"].locale)
    disclosure.save_revision()
    PlannedItem.objects.create(topic="Tin khai giảng năm học mới", due_date="2026-09-05")
    beat(WORKER, "worker-host")
    editor, reviewer = member("bientap", EDITORS), member("truyenthong", REVIEWERS)

    migrate(BEFORE_THE_SPLIT)
    content_types_as_before_the_split()
    assert not ContentType.objects.filter(app_label__in=list(MOVED)).exists()
    assert Page.objects.get(pk=disclosure.pk).content_type.app_label == "editorial"

    migrate()

    # The pages are still of their own type, open to visitors, and their history reads as that type.
    for page in (disclosure, schedule):
        moved = Page.objects.get(pk=page.pk)
        assert moved.content_type.app_label == "disclosure"
        assert type(moved.specific) is type(page)
        assert Client().get(page.url).status_code == 200
    assert isinstance(Page.objects.get(pk=disclosure.pk).get_latest_revision().as_object(), DisclosureIndexPage)
    # The rows are where they were.
    assert PlannedItem.objects.filter(topic="Tin khai giảng năm học mới").exists()
    assert Heartbeat.objects.get(name=WORKER).holder == "worker-host"
    # The groups keep what the bootstrap gave them, under the new app's name; nothing is left under the old one.
    editor = type(editor).objects.get(pk=editor.pk)
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    assert editor.has_perm("disclosure.add_workscheduleentry")
    assert editor.has_perm("plan.change_planneditem") and not editor.has_perm("plan.change_communicationplan")
    assert reviewer.has_perm("plan.change_communicationplan")
    assert Group.objects.get(name=EDITORS).permissions.filter(content_type__app_label="plan").exists()
    moved_models = [model for models in MOVED.values() for model in models]
    assert not ContentType.objects.filter(app_label="editorial", model__in=moved_models).exists()
    assert ContentType.objects.filter(app_label__in=list(MOVED), model__in=moved_models).count() == len(moved_models)

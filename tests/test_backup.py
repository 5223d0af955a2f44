"""Backup and restore on the embedded defaults (SQLite, database search); see tests/services/test_backup.py."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from tests.factories import news_page
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


@pytest.mark.django_db
def test_restore_refuses_a_damaged_backup(site_tree, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("backup", str(tmp_path / "b"), verbosity=0)
    with open(tmp_path / "b" / "data.json", "a") as stream:
        stream.write(" ")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tmp_path / "b"), verbosity=0)

"""Backups taken while an editor publishes: a writer process that keeps creating pages, the backup run in
its own process meanwhile, and the checks that what a restore brings back is whole
(tests/core/test_backup.py on SQLite, tests/services/test_backup.py on PostgreSQL).
"""

import sys

from django.core.management import call_command
from wagtail.models import Page, Revision

from tests.backup_writer import TITLE
from tests.faults_support import Process, process_environment, run_manage, wait_for


def backup_while_writing(tmp_path, database_url, media_root):
    """Runs `manage.py backup` on `database_url` while another process publishes pages there.

    Returns (backup directory, pages written before the backup, pages written when it ended)."""
    stop, progress = tmp_path / "stop", tmp_path / "progress"
    environment = {"DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    writer = Process(
        [sys.executable, "-m", "tests.backup_writer", str(stop), str(progress)],
        process_environment(**environment),
        tmp_path / "writer.log",
    )
    try:
        written = lambda: int(progress.read_text() or 0) if progress.exists() else 0  # noqa: E731
        wait_for(lambda: writer.popen.poll() is not None or written() >= 2, timeout=120, what="the writer")
        assert writer.popen.poll() is None, writer.output()
        before = written()
        backup = run_manage("backup", str(tmp_path / "backup"), **environment)
        after = written()
        assert backup.returncode == 0, backup.stderr
    finally:
        stop.touch()
        writer.stop(timeout=60)
    assert "Traceback" not in writer.output(), writer.output()
    return tmp_path / "backup", before, after


def assert_pages_whole():
    """Every page restored is whole: its tree position, its specific row and its revisions."""
    problems = Page.find_problems()
    assert not any(problems), f"the restored tree is damaged: {problems}"
    for page in Page.objects.filter(depth__gt=1):
        assert page.numchild == page.get_children().count(), page.url_path
        assert page.specific_class.objects.filter(pk=page.pk).exists(), page.url_path
        revisions = Revision.page_revisions.filter(object_id=str(page.pk))
        if page.title.startswith(TITLE):  # published, then a draft saved, in one transaction
            assert revisions.count() == 2, page.url_path
            assert page.live_revision_id and revisions.filter(pk=page.live_revision_id).exists(), page.url_path
        if page.latest_revision_id:
            # Its latest revision is there, and no revision saved after the page row was read.
            assert revisions.filter(pk=page.latest_revision_id).exists(), page.url_path
            assert not revisions.filter(pk__gt=page.latest_revision_id).exists(), page.url_path


def restore_what_was_backed_up_while_writing(tmp_path, database_url, settings):
    """Back up `database_url` while an editor publishes, restore it into the test database, and check that
    every page in it is whole (docs/deploy.md, "Backups")."""
    backup, before, after = backup_while_writing(tmp_path, database_url, tmp_path / "media")
    assert after > before, "the editor published nothing while the backup ran"

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    call_command("restore", str(backup), skip_index=True, verbosity=0)
    assert Page.objects.filter(title__startswith=TITLE).count() >= before
    assert_pages_whole()

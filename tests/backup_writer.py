"""The editor of tests/backup_support.py: `python -m tests.backup_writer STOP_FILE PROGRESS_FILE` publishes
pages on DATABASE_URL, one after another, until STOP_FILE exists; PROGRESS_FILE holds how many so far."""

import os
import sys
from pathlib import Path

TITLE = "Tin viết trong lúc sao lưu"


def write_pages(stop_file, progress_file):
    """Publishes pages, one after another, until `stop_file` exists; `progress_file` holds how many so far."""
    from django.db import transaction  # imported once Django is set up (this module runs before it)

    from home.models import HomePage
    from tests.factories import news_page

    home = HomePage.objects.filter(locale__language_code="vi").first()
    written = 0
    while not Path(stop_file).exists():
        with transaction.atomic():  # one page is one transaction: whole in the backup, or not in it
            page = news_page(home, f"{TITLE} {written}", slug=f"sao-luu-{written}", summary="Viết trong lúc sao lưu.")
            page.save_revision()  # a second revision (a draft after publication), so pages have several
        written += 1
        Path(progress_file).write_text(str(written))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_lak.settings.test")
    import django  # Django is set up first: the models below import only afterwards

    django.setup()
    write_pages(*sys.argv[1:3])

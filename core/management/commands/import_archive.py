"""`python manage.py import_archive FILE.jsonl`: the school's old archive as pages (docs/archive-import.md).

Exit status: 0 when every line was imported, 1 when some lines were rejected (the others are imported),
2 when the file cannot be read (nothing imported), 3 when the pages were saved but the search index
could not be updated (run `python manage.py update_index`).
"""

import logging
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from core.archive.importer import ArchiveImporter
from core.archive.report import write_report

EXIT_REJECTED = 1
EXIT_UNREADABLE = 2
EXIT_INDEX_FAILED = 3


class Command(BaseCommand):
    help = "Import archive records (one JSON object a line) as pages; re-importing a slug updates its page."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl file: one JSON object a line.")
        parser.add_argument("--dry-run", action="store_true", help="Validate every line, then roll everything back.")
        parser.add_argument("--limit", type=int, default=None, help="Import only the first N records.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args, file, dry_run=False, limit=None, no_progress=False, **options):
        if limit is not None and limit < 1:
            raise CommandError(_("--limit must be a positive number."), returncode=EXIT_UNREADABLE)
        try:
            with open(file, "rb") as lines:
                total = sum(1 for line in lines if line.strip())
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror},
                returncode=EXIT_UNREADABLE,
            ) from None
        if limit is not None:
            total = min(total, limit)

        verbosity = options.get("verbosity", 1)
        show_progress = not no_progress and sys.stderr.isatty() and verbosity > 0
        # Wagtail logs three lines a page ("created", "edited", "published"): kept for -v 2 only.
        wagtail_logger = logging.getLogger("wagtail")
        level = wagtail_logger.level
        if verbosity < 2:
            wagtail_logger.setLevel(logging.WARNING)
        try:
            with tqdm(total=total, unit=_("records"), file=sys.stderr, disable=not show_progress) as bar:
                importer = ArchiveImporter(dry_run=dry_run, limit=limit, progress=bar.update)
                result = importer.run(file)
        finally:
            wagtail_logger.setLevel(level)

        write_report(self.stdout.write, self.style, file, result, verbose=options.get("verbosity", 1) > 1)
        if result.rejected:
            message = (
                _("%(count)d line(s) would be rejected.")
                if dry_run
                else _("%(count)d line(s) rejected; the other lines were imported.")
            )
            raise CommandError(message % {"count": len(result.rejected)}, returncode=EXIT_REJECTED)
        if result.index_error:
            raise CommandError(
                _("The pages were saved but the search index was not updated: %(error)s. Run update_index.")
                % {"error": result.index_error},
                returncode=EXIT_INDEX_FAILED,
            )

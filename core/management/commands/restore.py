"""`manage.py restore DIR`: load a backup made by `manage.py backup` into an empty, migrated database, all or
nothing (core/backup.py). Every refusal is one line on stderr and a non-zero exit."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory written by `manage.py backup`.")
        parser.add_argument(
            "--skip-index", action="store_true", help="Do not rebuild the search index (run update_index later)."
        )

    def handle(self, directory, skip_index=False, **options):
        try:
            manifest, media_files = restore_backup(directory, skip_index=skip_index)
        except BackupError as error:
            raise CommandError(str(error)) from None
        counts = manifest["counts"]
        pages = counts.get("wagtailcore.page", 0)
        later = "" if not skip_index else "; run update_index to rebuild the search index"
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(counts.values())} records ({pages} pages) and {media_files} media files"
                f" from {Path(directory)}{later}"
            )
        )

"""`manage.py backup DIR`: the database as portable JSON, the media files, and a manifest (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Back up the database (portable JSON), the media files and a manifest with counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Where to write the backup; created if missing, must not hold one.")

    def handle(self, directory, **options):
        try:
            manifest = write_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        counts = manifest["counts"]
        pages = counts.get("wagtailcore.page", 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(counts.values())} records ({pages} pages) and {manifest['media_files']} media files"
                f" to {Path(directory)}"
            )
        )

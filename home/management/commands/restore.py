"""`manage.py restore DIR`: load a backup made by `manage.py backup` into an empty, migrated database.

Checks the manifest's checksums first, refuses a database that already holds content, then loads the
records, unpacks the media files into MEDIA_ROOT, rebuilds the reference and search indexes, and
compares the record counts with the manifest.
"""

import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.cache import purge_all
from home.management.commands.backup import DATA_FILE, FORMAT_VERSION, MANIFEST_FILE, MEDIA_FILE, sha256


def database_is_empty():
    """Nothing beyond what migrations create: no user, and at most Wagtail's root and welcome pages."""
    from wagtail.models import Page

    return not get_user_model().objects.exists() and not Page.objects.filter(depth__gt=2).exists()


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory written by `manage.py backup`.")
        parser.add_argument(
            "--skip-index", action="store_true", help="Do not rebuild the search index (run update_index later)."
        )

    def handle(self, directory, skip_index=False, **options):
        source = Path(directory)
        manifest = self.read_manifest(source)
        if not database_is_empty():
            raise CommandError(
                "The database already holds content (users or pages). Restore into a new database after "
                "`manage.py migrate`, or empty this one first with `manage.py flush`."
            )

        # Migrations seed a root page, a site, a collection and groups; the backup brings its own.
        call_command("flush", interactive=False, verbosity=0)
        with transaction.atomic():
            call_command("loaddata", str(source / DATA_FILE), verbosity=0)
        media_files = self.unpack_media(source / MEDIA_FILE)

        call_command("rebuild_references_index", verbosity=0)
        if not skip_index:
            call_command("update_index", verbosity=0)
        purge_all()

        mismatches = self.compare_counts(manifest["counts"])
        if mismatches:
            raise CommandError("Restored record counts differ from the manifest: " + "; ".join(mismatches))
        pages = manifest["counts"].get("wagtailcore.page", 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(manifest['counts'].values())} records ({pages} pages) and {media_files} media files"
                f" from {source}" + ("" if not skip_index else "; run update_index to rebuild the search index")
            )
        )

    def read_manifest(self, source):
        try:
            manifest = json.loads((source / MANIFEST_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(
                f"{source} holds no {MANIFEST_FILE}: it is not a backup made by `manage.py backup`."
            ) from None
        except json.JSONDecodeError as error:
            raise CommandError(f"{source / MANIFEST_FILE} is damaged: {error}") from None
        if manifest.get("format") != FORMAT_VERSION:
            raise CommandError(
                f"Backup format {manifest.get('format')!r} is not supported (expected {FORMAT_VERSION})."
            )
        for name, expected in manifest["files"].items():
            path = source / name
            if not path.exists():
                raise CommandError(f"{path} is missing from the backup.")
            if sha256(path) != expected["sha256"]:
                raise CommandError(f"{path} does not match its checksum in the manifest: the backup is damaged.")
        return manifest

    def unpack_media(self, archive_path):
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive_path, "r:gz") as archive:
            members = [member for member in archive.getmembers() if member.isfile()]
            # The "data" filter refuses absolute paths, "..", links out of the tree and device files.
            archive.extractall(media_root, members=members, filter="data")
        return len(members)

    def compare_counts(self, expected):
        mismatches = []
        for label, count in expected.items():
            model = apps.get_model(label)
            actual = model._base_manager.count()
            if actual != count:
                mismatches.append(f"{label}: {actual} instead of {count}")
        return mismatches

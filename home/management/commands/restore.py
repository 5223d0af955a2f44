"""`manage.py restore DIR`: load a backup made by `manage.py backup` into an empty, migrated database.

Before touching the database it checks the whole backup: the manifest, the files' checksums, that the data
file parses and holds the rows the manifest counts, and that the media archive reads to its end. Then, in
one transaction, it empties the database, loads the records, unpacks the media files into MEDIA_ROOT and
compares what the database now holds (rows and primary keys of every model) with the manifest: any
mismatch or error rolls the whole restore back, so a database is never left half-restored. Last, it
rebuilds the reference and search indexes. Every refusal is one line on stderr and a non-zero exit.
"""

import json
import tarfile
import zlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from wagtail.models import Page

from home.cache import purge_all
from home.management.commands.backup import (
    DATA_FILE,
    FORMAT_VERSION,
    MANIFEST_FILE,
    MEDIA_FILE,
    keys_digest,
    sha256,
    summarise,
)

# What a damaged file raises while it is read (KeyError: a manifest lacking an entry): one line, no traceback.
READ_ERRORS = (OSError, EOFError, ValueError, KeyError, TypeError, tarfile.TarError, zlib.error)


def database_is_empty():
    """Nothing beyond what migrations create: no user, and at most Wagtail's root and welcome pages."""
    return not get_user_model().objects.exists() and not Page.objects.filter(depth__gt=2).exists()


def one_line(error):
    text = " ".join(str(error).split())
    return f"{error.__class__.__name__}: {text[:300]}" if text else error.__class__.__name__


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory written by `manage.py backup`.")
        parser.add_argument(
            "--skip-index", action="store_true", help="Do not rebuild the search index (run update_index later)."
        )

    def handle(self, directory, skip_index=False, **options):
        source = Path(directory)
        manifest = self.check_backup(source)
        if not database_is_empty():
            raise CommandError(
                "The database already holds content (users or pages). Restore into a new database after "
                "`manage.py migrate`, or empty this one first with `manage.py flush`."
            )

        try:
            with transaction.atomic():
                # Migrations seed a root page, a site, a collection and groups; the backup brings its own.
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(source / DATA_FILE), verbosity=0)
                connection.check_constraints()  # PostgreSQL would check its deferred ones only at commit
                mismatches = self.compare(manifest)
                if mismatches:
                    raise CommandError(
                        "the restored records differ from the manifest (" + "; ".join(mismatches[:5]) + ")"
                    )
                media_files = self.unpack_media(source / MEDIA_FILE)
        except CommandError as error:
            raise CommandError(f"Nothing was restored: {error}") from None
        except Exception as error:  # any loading error: the transaction is rolled back, say what it was
            raise CommandError(f"Nothing was restored: the backup could not be loaded ({one_line(error)})") from None

        call_command("rebuild_references_index", verbosity=0)
        if not skip_index:
            call_command("update_index", verbosity=0)
        purge_all()
        pages = manifest["counts"].get("wagtailcore.page", 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(manifest['counts'].values())} records ({pages} pages) and {media_files} media files"
                f" from {source}" + ("" if not skip_index else "; run update_index to rebuild the search index")
            )
        )

    def check_backup(self, source):
        """The manifest, once everything the backup holds agrees with it; CommandError otherwise."""
        manifest_path = source / MANIFEST_FILE
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(
                f"{source} holds no {MANIFEST_FILE}: it is not a backup made by `manage.py backup`."
            ) from None
        except (ValueError, OSError) as error:
            raise CommandError(f"{manifest_path} is damaged ({one_line(error)}).") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
            found = manifest.get("format") if isinstance(manifest, dict) else None
            raise CommandError(f"Backup format {found!r} is not supported (expected {FORMAT_VERSION}).")
        try:
            files, counts = manifest["files"], manifest["counts"]
            for name in (DATA_FILE, MEDIA_FILE):
                path = source / name
                if not path.exists():
                    raise CommandError(f"{path} is missing from the backup.")
                if path.stat().st_size != files[name]["bytes"] or sha256(path) != files[name]["sha256"]:
                    raise CommandError(f"{path} does not match its checksum in the manifest: the backup is damaged.")
            summary = summarise(source / DATA_FILE)
            if {label: entry["count"] for label, entry in summary.items()} != counts:
                raise CommandError(f"{source / DATA_FILE} does not hold the records its manifest counts.")
            if (
                manifest.get("keys", {})
                and {label: entry["keys"] for label, entry in summary.items()} != manifest["keys"]
            ):
                raise CommandError(f"{source / DATA_FILE} does not hold the records its manifest lists.")
            for label in counts:
                apps.get_model(label)
            media_files = self.read_media(source / MEDIA_FILE)
            if media_files != manifest["media_files"]:
                raise CommandError(
                    f"{source / MEDIA_FILE} holds {media_files} files, its manifest {manifest['media_files']}."
                )
        except READ_ERRORS as error:
            raise CommandError(f"The backup in {source} is damaged ({one_line(error)}).") from None
        except LookupError as error:
            raise CommandError(f"The backup holds records this site has no model for ({one_line(error)}).") from None
        return manifest

    def read_media(self, archive_path):
        """The number of files in the media archive, read to its end (a truncated archive fails here)."""
        files = 0
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive:
                if member.isfile():
                    with archive.extractfile(member) as stream:
                        while stream.read(1 << 20):
                            pass
                    files += 1
        return files

    def unpack_media(self, archive_path):
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive_path, "r:gz") as archive:
            members = [member for member in archive.getmembers() if member.isfile()]
            # The "data" filter refuses absolute paths, "..", links out of the tree and device files.
            archive.extractall(media_root, members=members, filter="data")
        return len(members)

    def compare(self, manifest):
        """What the database holds that the manifest does not say, model by model."""
        mismatches = []
        for label, count in manifest["counts"].items():
            model = apps.get_model(label)
            keys = list(model._base_manager.values_list("pk", flat=True))
            if len(keys) != count:
                mismatches.append(f"{label}: {len(keys)} rows instead of {count}")
            elif label in manifest.get("keys", {}) and keys_digest(keys) != manifest["keys"][label]:
                mismatches.append(f"{label}: other rows than those backed up")
        return mismatches

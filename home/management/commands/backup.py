"""`manage.py backup DIR`: the database as portable JSON, the media files, and a manifest.

The dump is Django's JSON serialization (what `dumpdata` writes) with natural keys for content types
and permissions, whose ids differ between databases, so it loads into SQLite or PostgreSQL alike.
Every other reference keeps its id: Wagtail gives pages a natural key too (their url_path), but page
log entries outlive their pages, and revisions hold page ids inside their JSON. Rows that are rebuilt
rather than restored (content types, permissions, sessions, the search and reference indexes, queued
background tasks) are left out. `manage.py restore DIR` reads it back.

Every row comes from one moment of the database, so a page saved while the backup runs is either whole in
it or absent: on PostgreSQL every table is read in one REPEATABLE READ, READ ONLY transaction; on SQLite the
database is first copied with SQLite's online backup API (one step, under a read lock) and read from the copy.
The directory holds password hashes and the public's feedback: it is made readable by its owner only.
"""

import datetime
import hashlib
import json
import os
import sqlite3
import tarfile
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.utils import load_backend

DATA_FILE = "data.json"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1

# App labels and models whose rows are rebuilt, not restored.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "wagtailcore.referenceindex",  # rebuilt by rebuild_references_index
    # The database search backend's index (and its SQLite full-text table): rebuilt by update_index.
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "modelsearch.indexentry",
    "modelsearch.sqliteftsindexentry",
    "django_tasks_database",  # queued background work belongs to the old server
]


def excluded_labels():
    labels = []
    for label in EXCLUDED:
        app_label, _, model = label.partition(".")
        try:
            config = apps.get_app_config(app_label)
            if model:
                config.get_model(model)
        except LookupError:
            continue
        labels.append(label)
    return labels


class PortableSerializer(JSONSerializer):
    """Natural keys for references to content types and permissions only."""

    natural_models = (ContentType, Permission)

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, self.natural_models)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, self.natural_models)
        super().handle_m2m_field(obj, field)


SNAPSHOT_ALIAS = "backup_snapshot"


@contextmanager
def consistent_snapshot():
    """The alias of a database connection whose reads all see the database at one moment."""
    if connection.in_atomic_block:
        # A caller's transaction (a test's) is one snapshot already; SQLite cannot copy a database that
        # its own connection is writing, and PostgreSQL sets the isolation level only at the start.
        yield DEFAULT_DB_ALIAS
        return
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory(prefix="site_lak_backup_") as folder:
            path = Path(folder) / "snapshot.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(path) as copy:
                # pages=-1: the whole database in one step, under one read lock (retried while a writer holds it).
                connection.connection.backup(copy, pages=-1)
            copy.close()
            # A connection of this thread only, to the copy (not a configured database: nothing else uses it).
            wrapper = load_backend(connection.settings_dict["ENGINE"]).DatabaseWrapper(
                {**connection.settings_dict, "NAME": str(path)}, SNAPSHOT_ALIAS
            )
            connections[SNAPSHOT_ALIAS] = wrapper
            try:
                yield SNAPSHOT_ALIAS
            finally:
                wrapper.close()
                del connections[SNAPSHOT_ALIAS]
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield DEFAULT_DB_ALIAS


def backed_up_models():
    excluded = excluded_labels()
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in excluded or meta.label_lower in excluded:
            continue
        yield model


def records(using=DEFAULT_DB_ALIAS):
    """Every stored row, model by model (as dumpdata walks them), bar the excluded ones."""
    for model in backed_up_models():
        yield from model._base_manager.using(using).order_by(model._meta.pk.name).iterator(chunk_size=500)


def keys_digest(keys):
    """One checksum of a model's primary keys, whatever order and type the database gives them in."""
    digest = hashlib.sha256()
    for key in sorted(str(key) for key in keys):
        digest.update(key.encode() + b"\n")
    return digest.hexdigest()


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def summarise(data_path):
    """{model label: {"count": rows, "keys": keys_digest}} of a data file."""
    with open(data_path, encoding="utf-8") as stream:
        data = json.load(stream)
    keys = {}
    for record in data:
        keys.setdefault(record["model"], []).append(record["pk"])
    counts = Counter(record["model"] for record in data)
    return {label: {"count": counts[label], "keys": keys_digest(keys[label])} for label in sorted(counts)}


class Command(BaseCommand):
    help = "Back up the database (portable JSON), the media files and a manifest with counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Where to write the backup; created if missing, must not hold one.")

    def handle(self, directory, **options):
        target = Path(directory)
        if (target / MANIFEST_FILE).exists():
            raise CommandError(f"{target} already holds a backup; choose a new directory.")
        target.mkdir(parents=True, exist_ok=True)
        os.chmod(target, 0o700)

        data_path = target / DATA_FILE
        with open(data_path, "w", encoding="utf-8") as stream, consistent_snapshot() as using:
            PortableSerializer().serialize(records(using), stream=stream)
        media_root = Path(settings.MEDIA_ROOT)
        media_path = target / MEDIA_FILE
        media_files = 0
        with tarfile.open(media_path, "w:gz") as archive:
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    if path.is_file():
                        archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                        media_files += 1

        summary = summarise(data_path)
        counts = {label: entry["count"] for label, entry in summary.items()}
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "database": connection.vendor,
            "counts": counts,
            "keys": {label: entry["keys"] for label, entry in summary.items()},
            "media_files": media_files,
            "files": {
                name: {"sha256": sha256(target / name), "bytes": (target / name).stat().st_size}
                for name in (DATA_FILE, MEDIA_FILE)
            },
        }
        (target / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        for name in (DATA_FILE, MEDIA_FILE, MANIFEST_FILE):
            os.chmod(target / name, 0o600)
        pages = counts.get("wagtailcore.page", 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(counts.values())} records ({pages} pages) and {media_files} media files to {target}"
            )
        )

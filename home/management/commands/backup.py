"""`manage.py backup DIR`: the database as portable JSON, the media files, and a manifest.

The dump is Django's JSON serialization (what `dumpdata` writes) with natural keys for content types
and permissions, whose ids differ between databases, so it loads into SQLite or PostgreSQL alike.
Every other reference keeps its id: Wagtail gives pages a natural key too (their url_path), but page
log entries outlive their pages, and revisions hold page ids inside their JSON. Rows that are rebuilt
rather than restored (content types, permissions, sessions, the search and reference indexes, queued
background tasks) are left out. `manage.py restore DIR` reads it back.
The directory holds password hashes and the public's feedback: it is made readable by its owner only.
"""

import datetime
import hashlib
import json
import os
import tarfile
from collections import Counter
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection

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


def records():
    """Every stored row, model by model (as dumpdata walks them), bar the excluded ones."""
    excluded = excluded_labels()
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in excluded or meta.label_lower in excluded:
            continue
        yield from model._base_manager.order_by(meta.pk.name).iterator(chunk_size=500)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def count_records(data_path):
    with open(data_path, encoding="utf-8") as stream:
        return dict(sorted(Counter(record["model"] for record in json.load(stream)).items()))


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
        with open(data_path, "w", encoding="utf-8") as stream:
            PortableSerializer().serialize(records(), stream=stream)
        media_root = Path(settings.MEDIA_ROOT)
        media_path = target / MEDIA_FILE
        media_files = 0
        with tarfile.open(media_path, "w:gz") as archive:
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    if path.is_file():
                        archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                        media_files += 1

        counts = count_records(data_path)
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "database": connection.vendor,
            "counts": counts,
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

"""Backup and restore (`manage.py backup DIR`, `manage.py restore DIR`; docs/deploy.md): the logic behind the
two commands of core/management/commands.

`write_backup(directory)`: the database as portable JSON, the media files, and a manifest.

The dump is Django's JSON serialization (what `dumpdata` writes) with natural keys for content types
and permissions, whose ids differ between databases, so it loads into SQLite or PostgreSQL alike.
Every other reference keeps its id: Wagtail gives pages a natural key too (their url_path), but page
log entries outlive their pages, and revisions hold page ids inside their JSON. Rows that are rebuilt
rather than restored (content types, permissions, sessions, the search and reference indexes, queued
background tasks) are left out. `restore_backup(directory)` reads it back.

Every row comes from one moment of the database, so a page saved while the backup runs is either whole in
it or absent: on PostgreSQL every table is read in one REPEATABLE READ, READ ONLY transaction; on SQLite the
database is first copied with SQLite's online backup API (one step, under a read lock) and read from the copy.
The directory holds password hashes and the public's feedback: it is made readable by its owner only.

`restore_backup(directory)` loads a backup into an empty, migrated database. Before touching the database it
checks the whole backup: the manifest, the files' checksums, that the data file parses and holds the rows
the manifest counts, and that the media archive reads to its end. Then, in one transaction, it empties the
database, loads the records, unpacks the media files into MEDIA_ROOT and compares what the database now
holds (rows and primary keys of every model) with the manifest: any mismatch or error rolls the whole
restore back, so a database is never left half-restored. Last, it rebuilds the reference and search
indexes. Every refusal is a `BackupError` with a one-line message.
"""

import datetime
import hashlib
import json
import os
import sqlite3
import tarfile
import tempfile
import zlib
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.utils import load_backend
from wagtail.models import Page

from home.cache import purge_all

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


class BackupError(Exception):
    """A backup or restore refused or failed; the message is one line for the operator."""


# Writing ------------------------------------------------------------------------------------------------


def write_backup(directory):
    """Write a backup into `directory` (created if missing; it must not hold one); returns its manifest."""
    target = Path(directory)
    if (target / MANIFEST_FILE).exists():
        raise BackupError(f"{target} already holds a backup; choose a new directory.")
    target.mkdir(parents=True, exist_ok=True)
    os.chmod(target, 0o700)

    data_path = target / DATA_FILE
    with open(data_path, "w", encoding="utf-8") as stream, consistent_snapshot() as using:
        PortableSerializer().serialize(records(using), stream=stream)
    media_files = write_media(target / MEDIA_FILE)

    summary = summarise(data_path)
    manifest = {
        "format": FORMAT_VERSION,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": connection.vendor,
        "counts": {label: entry["count"] for label, entry in summary.items()},
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
    return manifest


def write_media(media_path):
    """Every file under MEDIA_ROOT into a gzipped tar; returns the number of files."""
    media_root = Path(settings.MEDIA_ROOT)
    media_files = 0
    with tarfile.open(media_path, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    media_files += 1
    return media_files


# Restoring ----------------------------------------------------------------------------------------------

# What a damaged file raises while it is read (KeyError: a manifest lacking an entry): one line, no traceback.
READ_ERRORS = (OSError, EOFError, ValueError, KeyError, TypeError, tarfile.TarError, zlib.error)


def database_is_empty():
    """Nothing beyond what migrations create: no user, and at most Wagtail's root and welcome pages."""
    return not get_user_model().objects.exists() and not Page.objects.filter(depth__gt=2).exists()


def one_line(error):
    text = " ".join(str(error).split())
    return f"{error.__class__.__name__}: {text[:300]}" if text else error.__class__.__name__


def restore_backup(directory, skip_index=False):
    """Load the backup in `directory` into this empty database, all or nothing; returns (manifest, media files)."""
    source = Path(directory)
    manifest = check_backup(source)
    if not database_is_empty():
        raise BackupError(
            "The database already holds content (users or pages). Restore into a new database after "
            "`manage.py migrate`, or empty this one first with `manage.py flush`."
        )
    try:
        with transaction.atomic():
            # Migrations seed a root page, a site, a collection and groups; the backup brings its own.
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(source / DATA_FILE), verbosity=0)
            connection.check_constraints()  # PostgreSQL would check its deferred ones only at commit
            mismatches = compare(manifest)
            if mismatches:
                raise BackupError("the restored records differ from the manifest (" + "; ".join(mismatches[:5]) + ")")
            media_files = unpack_media(source / MEDIA_FILE)
    except BackupError as error:
        raise BackupError(f"Nothing was restored: {error}") from None
    except Exception as error:  # any loading error: the transaction is rolled back, say what it was
        raise BackupError(f"Nothing was restored: the backup could not be loaded ({one_line(error)})") from None

    call_command("rebuild_references_index", verbosity=0)
    if not skip_index:
        call_command("update_index", verbosity=0)
    purge_all()
    return manifest, media_files


def read_manifest(source):
    """The manifest of a backup, in a format this code reads; BackupError otherwise."""
    manifest_path = source / MANIFEST_FILE
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            f"{source} holds no {MANIFEST_FILE}: it is not a backup made by `manage.py backup`."
        ) from None
    except (ValueError, OSError) as error:
        raise BackupError(f"{manifest_path} is damaged ({one_line(error)}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"Backup format {found!r} is not supported (expected {FORMAT_VERSION}).")
    return manifest


def check_backup(source):
    """The manifest, once everything the backup holds agrees with it; BackupError otherwise."""
    manifest = read_manifest(source)
    try:
        check_files(source, manifest["files"])
        check_records(source, manifest)
        media_files = read_media(source / MEDIA_FILE)
        if media_files != manifest["media_files"]:
            raise BackupError(
                f"{source / MEDIA_FILE} holds {media_files} files, its manifest {manifest['media_files']}."
            )
    except READ_ERRORS as error:
        raise BackupError(f"The backup in {source} is damaged ({one_line(error)}).") from None
    except LookupError as error:
        raise BackupError(f"The backup holds records this site has no model for ({one_line(error)}).") from None
    return manifest


def check_files(source, files):
    for name in (DATA_FILE, MEDIA_FILE):
        path = source / name
        if not path.exists():
            raise BackupError(f"{path} is missing from the backup.")
        if path.stat().st_size != files[name]["bytes"] or sha256(path) != files[name]["sha256"]:
            raise BackupError(f"{path} does not match its checksum in the manifest: the backup is damaged.")


def check_records(source, manifest):
    """The data file holds the rows (counts and keys) the manifest lists, of models this site has."""
    counts = manifest["counts"]
    summary = summarise(source / DATA_FILE)
    if {label: entry["count"] for label, entry in summary.items()} != counts:
        raise BackupError(f"{source / DATA_FILE} does not hold the records its manifest counts.")
    if manifest.get("keys", {}) and {label: entry["keys"] for label, entry in summary.items()} != manifest["keys"]:
        raise BackupError(f"{source / DATA_FILE} does not hold the records its manifest lists.")
    for label in counts:
        apps.get_model(label)


def read_media(archive_path):
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


def unpack_media(archive_path):
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        members = [member for member in archive.getmembers() if member.isfile()]
        # The "data" filter refuses absolute paths, "..", links out of the tree and device files.
        archive.extractall(media_root, members=members, filter="data")
    return len(members)


def compare(manifest):
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

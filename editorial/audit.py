"""A copy of Wagtail's audit log as JSON lines, for the school's records.

Wagtail records every workflow action, publish, unpublish and our direct publications in its audit log
(PageLogEntry for pages, ModelLogEntry for everything else). Each new entry is appended, once its
transaction commits, as one JSON object per line to `settings.AUDIT_LOG_PATH`, a file that outlives the
database and can be archived or shipped elsewhere. A failure to write is logged and never breaks the
request that caused the entry.
"""

import fcntl
import json
import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import ModelLogEntry, PageLogEntry

logger = logging.getLogger(__name__)


def entry_as_dict(entry):
    content_type = entry.content_type
    return {
        "id": entry.pk,
        "kind": "page" if isinstance(entry, PageLogEntry) else "model",
        "timestamp": entry.timestamp.isoformat(),
        "action": entry.action,
        "label": entry.label,
        "object_type": f"{content_type.app_label}.{content_type.model}" if content_type else None,
        "object_id": str(entry.page_id if isinstance(entry, PageLogEntry) else entry.object_id),
        "revision_id": getattr(entry, "revision_id", None),
        "user_id": entry.user_id,
        "user": entry.user.get_username() if entry.user_id else None,
        "uuid": str(entry.uuid) if entry.uuid else None,
        "content_changed": entry.content_changed,
        "data": entry.data,
    }


def append_line(line):
    path = Path(settings.AUDIT_LOG_PATH)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as stream:
            fcntl.flock(stream, fcntl.LOCK_EX)  # several gunicorn workers append to the same file
            try:
                stream.write(line + "\n")
            finally:
                fcntl.flock(stream, fcntl.LOCK_UN)
    except OSError:
        logger.exception("Could not append to the audit log file %s", path)


def mirror_log_entry(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    try:
        line = json.dumps(entry_as_dict(instance), ensure_ascii=False, default=str, sort_keys=True)
    except Exception:  # a broken entry must not break the request that logged it
        logger.exception("Could not serialise audit log entry %s", instance.pk)
        return
    transaction.on_commit(lambda: append_line(line))


def connect():
    for model in (PageLogEntry, ModelLogEntry):
        post_save.connect(mirror_log_entry, sender=model, dispatch_uid=f"editorial_audit_mirror_{model.__name__}")


def read_entries(path=None):
    """The mirrored entries, oldest first (for tests and the school's own tooling)."""
    path = Path(path or settings.AUDIT_LOG_PATH)
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]

"""`ArchiveImporter`: the generic loop of the archive import (docs/archive-import.md).

One savepoint per line, lines committed in batches, search and reference indexing switched off during the
loop and done in bulk at the end (core/archive/indexing.py). Each record becomes a page of the family whose
key is its "type", through that family's `Archive` declaration (core/families.py): the loop names no page
model. A new published page takes the short path (core/archive/pages.py `Places.add_new_page`,
`publish_new_page`); an update or a draft goes through Wagtail's own `save_revision()` and
`revision.publish()`.

Public API (used by the command, bench/import_archive.py and bench/search_scale.py):

    result = ArchiveImporter(dry_run=False, limit=None, progress=None, checkpoint_every=1000,
                             batch_size=100).run(path)      # an ImportResult (core/archive/report.py)
"""

import itertools
import json
import time
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext
from wagtail.models import PageLogEntry

from core.archive.content import body_html, set_body
from core.archive.indexing import deferred_indexing, index_pages
from core.archive.pages import IMPORTER_SET_FIELDS, Places, held_children, publish_new_page
from core.archive.records import ArchiveRecord, ArchiveRecordError, archive_page_types, missing, validation_message
from core.archive.report import ImportResult
from core.families import family_of


@dataclass
class CommonValues:
    """The keys every record may carry, checked; the importer sets them on every page."""

    title: str
    slug: str
    summary: str | None
    live: bool
    tags: list | None
    language: str


class ArchiveImporter:
    """Imports JSON-lines archive records as pages, one transaction per line (see docs/archive-import.md)."""

    def __init__(self, dry_run=False, limit=None, progress=None, checkpoint_every=1000, batch_size=100):
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.limit = limit
        self.progress = progress  # a callable taking the number of lines done, or None
        self.checkpoint_every = checkpoint_every
        self.types = archive_page_types()
        self.result = ImportResult(dry_run=dry_run)
        self.touched = {}  # {model: {pk}} pages to index at the end
        self.places = Places()
        self._log_entries = None  # history entries of the batch, saved at its end; None outside run()

    # One record --------------------------------------------------------------------------------

    def import_record(self, record, warnings):
        """Create or update the page for one record; returns "created" or "updated"."""
        if not isinstance(record, dict):
            raise ArchiveRecordError(gettext("A line must hold one JSON object."))
        record = ArchiveRecord(record)
        model = self.model_of(record)
        common = common_values(record)
        slot = self.places.parent(model, self.places.locale(common.language))
        archive = family_of(model).archive

        fields = archive.fields(record, warnings) or {}
        extras = {name: fields.pop(name) for name in list(fields) if name.startswith("__")}
        # The body: unless the page type took it itself, sanitised into its body field.
        body = record.common("body")
        body = None if "body" in record.read or body in (None, "") else body_html(body)

        page, existing = self.page_for(model, slot, common)
        self.fill_page(page, archive, common, fields, body, warnings)
        children = None
        if existing is None:
            # Saving forgets the children, and the revision would read them back, a query per relation.
            children = held_children(page)
            self.places.add_new_page(slot, page, common.live)
        self.after_save(archive, page, record, extras, warnings)
        warnings.extend(gettext("Unknown key “%(key)s” ignored.") % {"key": key} for key in record.unread_keys())
        self.save(page, archive, common.live, children)
        self.touched.setdefault(model, set()).add(page.pk)
        return "updated" if existing is not None else "created"

    def model_of(self, record):
        """The page model of the record's "type"."""
        kind = record.common("type")
        if kind in (None, ""):
            raise ArchiveRecordError(missing("type"))
        model = self.types.get(kind) if isinstance(kind, str) else None
        if model is None:
            raise ArchiveRecordError(
                gettext("“%(value)s” is not a record type: use %(types)s.")
                % {"value": kind, "types": ", ".join(sorted(self.types))}
            )
        return model

    def page_for(self, model, slot, common):
        """(page, existing): the page already under the index with this slug, or a new one."""
        existing = slot.slugs.get(common.slug)
        if existing is None:
            return model(locale=self.places.locale(common.language)), None
        pk, content_type_id = existing
        if content_type_id != ContentType.objects.get_for_model(model).pk:
            raise ArchiveRecordError(
                gettext("The slug “%(slug)s” is already used by another kind of page here.") % {"slug": common.slug}
            )
        return model.objects.get(pk=pk), existing

    def fill_page(self, page, archive, common, fields, body, warnings):
        """Set the record's values on the page: the common ones, the body, the family's fields, the tags."""
        page.title = common.title
        page.slug = common.slug
        if common.summary is not None:
            page.summary = common.summary
        if body is not None and not set_body(type(page), page, body, archive.body_field):
            warnings.append(gettext("“body” ignored: this type of page has no body."))
        for name, value in fields.items():
            setattr(page, name, value)
        if common.tags is None:
            return
        if hasattr(page, "tags") and hasattr(page.tags, "set"):
            self.places.set_tags(page, [tag.strip() for tag in common.tags if tag.strip()])
        else:
            warnings.append(gettext("“tags” ignored: this type of page has no tags."))

    def after_save(self, archive, page, record, extras, warnings):
        """The family's `after_save` with the "__" values (inline children), before the revision is saved."""
        if archive.after_save is not None:
            archive.after_save(page, record, extras)
        elif extras:
            warnings.append(gettext("Ignored: %(keys)s.") % {"keys": ", ".join(sorted(extras))})

    def save(self, page, archive, live, children):
        """Record the page's revision: the short path for a new live page (`children`: what it held before
        its first save), Wagtail's own for a draft or an update."""
        if children is not None and live:
            if archive.after_save is not None:  # what the hook changed is validated and saved too
                children.update(held_children(page, changed_only=True))
                page.full_clean(exclude=IMPORTER_SET_FIELDS)
                page.save(clean=False)
            page._cluster_related_objects = children  # the saved objects, as the database now has them
            publish_new_page(page, self._log_entries)
            del page._cluster_related_objects
        else:
            # A draft, or an update through Wagtail's own path: the audit log gets "edited", and
            # "published" when it is published.
            revision = page.save_revision(clean=children is None, log_action=True)
            if live:
                revision.publish()

    def _save_log_entries(self):
        PageLogEntry.objects.bulk_create(self._log_entries)
        self._log_entries.clear()

    # The file ----------------------------------------------------------------------------------

    def run(self, path):
        """Import every line of `path`; returns an ImportResult."""
        started = time.perf_counter()
        with deferred_indexing():
            if self.dry_run:
                with transaction.atomic():
                    self._import_lines(path, started)
                    transaction.set_rollback(True)
            else:
                self._import_lines(path, started)
        self.result.seconds = time.perf_counter() - started
        if not self.dry_run:
            index_pages(self.touched, self.result)
            self.result.seconds = time.perf_counter() - started
        return self.result

    def _lines(self, path):
        """(line number, bytes) of the non-blank lines, up to the limit."""
        done = 0
        with open(path, "rb") as lines:
            for number, raw in enumerate(lines, start=1):
                if self.limit is not None and done >= self.limit:
                    return
                if raw.strip():
                    done += 1
                    yield number, raw

    def _import_lines(self, path, started):
        # Each line is a savepoint of its own; a batch of lines shares one commit (a commit per line
        # costs a disk sync each). An error in a line rolls back that line only.
        lines = self._lines(path)
        batches = iter(lambda: list(itertools.islice(lines, self.batch_size)), [])
        self._log_entries = []
        try:
            for number, batch in enumerate(batches):
                self.places.batch = number
                with transaction.atomic():
                    self._import_batch(batch, started)
                    self.places.count_children()
                    self._save_log_entries()
        finally:
            self.places.batch = None
            self._log_entries = None

    def _import_batch(self, batch, started):
        for number, raw in batch:
            self._import_line(number, raw)
            self.result.lines += 1
            if self.checkpoint_every and self.result.lines % self.checkpoint_every == 0:
                self.result.checkpoints.append(time.perf_counter() - started)
            if self.progress:
                self.progress(1)

    def _import_line(self, number, raw):
        warnings = []
        logged_before = len(self._log_entries) if self._log_entries is not None else None
        try:
            try:
                record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError:
                raise ArchiveRecordError(gettext("The line is not UTF-8 text.")) from None
            except json.JSONDecodeError as error:
                raise ArchiveRecordError(
                    gettext("Invalid JSON: %(error)s (column %(column)d).")
                    % {"error": error.msg, "column": error.colno}
                ) from None
            with transaction.atomic():
                outcome = self.import_record(record, warnings)
        except ArchiveRecordError as error:
            self.reject(number, str(error), logged_before)
        except ValidationError as error:
            self.reject(number, validation_message(error), logged_before)
        except DatabaseError as error:
            self.reject(number, gettext("Database error: %(error)s") % {"error": error}, logged_before)
        except Exception as error:  # a page type's hook failing must not stop a long import
            self.reject(number, f"{type(error).__name__}: {error}", logged_before)
        else:
            setattr(self.result, outcome, getattr(self.result, outcome) + 1)
            self.result.warnings.extend((number, warning) for warning in warnings)

    def reject(self, number, reason, logged_before=None):
        self.result.rejected.append((number, reason))
        if logged_before is not None:  # the line's savepoint was rolled back, and with it its history
            del self._log_entries[logged_before:]
        self.places.forget()


def common_values(record):
    """The common keys of a record, checked (the importer's reads do not count as the page type's)."""
    value = record.common
    title, slug, summary = value("title"), value("slug"), value("summary")
    for key, text in (("title", title), ("slug", slug)):
        if not isinstance(text, str) or not text.strip():
            raise ArchiveRecordError(missing(key))
    if summary is not None and not isinstance(summary, str):
        raise ArchiveRecordError(gettext("“%(key)s” must be text.") % {"key": "summary"})
    live = value("live", True)
    if not isinstance(live, bool):
        raise ArchiveRecordError(gettext("“live” must be true or false."))
    tags = value("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(tag, str) for tag in tags)):
        raise ArchiveRecordError(gettext("“tags” must be a list of text."))
    return CommonValues(title.strip(), slug.strip(), summary, live, tags, value("locale") or "vi")

"""The archive import: its protocol, helpers for page types, and `ArchiveImporter` (docs/archive-import.md).

A page type that the archive import can create declares:

    archive_type = "news"                     # the record's "type"
    @classmethod
    def archive_fields(cls, record, warnings) -> dict
        # validated model field values from one JSON record (title/slug/summary/locale/live are
        # handled by the importer); raise ArchiveRecordError("reason") to reject the line;
        # append human-readable strings to `warnings` for accepted-with-warning values.

The importer stays one generic loop over these declarations.

More of the protocol, all optional:

    archive_fields may return keys starting with "__" (e.g. "__key_dates": [...]); they are not
        model fields but are handed to archive_after_save.
    @classmethod
    def archive_after_save(cls, page, record, extras)
        # called once the page has its primary key and before its revision is saved, with the
        # "__" keys; set inline children here (page.key_dates = [...]) so they go into the revision.
    archive_body_field = "explainer"         # where "body" goes when the model has no `body` field:
        # a StreamField gets one "paragraph" block, a RichTextField or TextField the sanitised HTML.

Keys a page type reads from the record (record.get(...), record[...], "key" in record) count as
known; any other key beyond the common ones is ignored with a warning. When a page type reads "body"
itself (e.g. with `archive_body`), the importer leaves the body to it. The helpers archive_date,
archive_choice, archive_body and find_image below give every page type the same behaviour and messages.

`ArchiveImporter` runs the generic loop: one savepoint per line, lines committed in batches, search and
reference indexing switched off during the loop and done in bulk at the end. A new published page takes
a short path (`add_new_page`, `publish_new_page`); an update or a draft goes through Wagtail's own
`save_revision()` and `revision.publish()`.

Public API (used by the command, bench/import_archive.py and bench/search_scale.py):

    result = ArchiveImporter(dry_run=False, limit=None, progress=None, checkpoint_every=1000,
                             batch_size=100).run(path)      # an ImportResult
"""

import datetime
import itertools
import json
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils.translation import gettext


class ArchiveRecordError(ValueError):
    """A record that cannot be imported; the message says why (shown with the line number)."""


def archive_page_types():
    """{archive_type: page model} for every page model that declares `archive_type`."""
    from wagtail.models import get_page_models

    return {model.archive_type: model for model in get_page_models() if getattr(model, "archive_type", None)}


# Keys every record may carry; the page type's archive_fields reads the rest.
COMMON_KEYS = frozenset({"type", "slug", "title", "summary", "body", "locale", "tags", "live"})

# What survives of an archived body: the tags the rich-text editor offers (home.blocks.BodyBlock).
BODY_TAGS = {"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ul", "ol", "li", "a", "blockquote", "hr"}
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


class ArchiveRecord(dict):
    """One parsed line; remembers which keys were read, so the importer can warn about the others."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def pop(self, key, *default):
        self.read.add(key)
        return super().pop(key, *default)

    def common(self, key, default=None):
        """Read a key without marking it as read by the page type."""
        return dict.get(self, key, default)

    def _read_all(self):
        self.read.update(dict.keys(self))

    def keys(self):
        self._read_all()
        return super().keys()

    def items(self):
        self._read_all()
        return super().items()

    def values(self):
        self._read_all()
        return super().values()

    def __iter__(self):
        self._read_all()
        return super().__iter__()

    def unread_keys(self):
        return sorted(key for key in dict.keys(self) if key not in self.read and key not in COMMON_KEYS)


def missing(key):
    return gettext("The record has no “%(key)s”.") % {"key": key}


def archive_date(record, key, required=False):
    """A `YYYY-MM-DD` value as a date; None when absent and optional."""
    value = record.get(key)
    if value in (None, ""):
        if required:
            raise ArchiveRecordError(missing(key))
        return None
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d").date()
    except (TypeError, ValueError):
        raise ArchiveRecordError(
            gettext("“%(key)s” must be a date written YYYY-MM-DD, not “%(value)s”.") % {"key": key, "value": value}
        ) from None


def archive_choice(record, key, choices, required=False):
    """A value that must be one of `choices`; None when absent and optional."""
    value = record.get(key)
    if value in (None, ""):
        if required:
            raise ArchiveRecordError(missing(key))
        return None
    if value not in choices:
        raise ArchiveRecordError(
            gettext("“%(value)s” is not a valid “%(key)s”: use %(choices)s.")
            % {"value": value, "key": key, "choices": ", ".join(map(str, choices))}
        )
    return value


def archive_school_year(record, key="school_year"):
    """A school year such as "2023-2024" from `record`, validated; raises ArchiveRecordError."""
    from django.core.exceptions import ValidationError

    from home.validators import validate_school_year

    school_year = str(record.get(key) or "").strip()
    try:
        validate_school_year(school_year)
    except ValidationError as error:
        raise ArchiveRecordError(" ".join(error.messages)) from error
    return school_year


def find_image(name):
    """The library image whose title or file name is `name` (a path or URL is reduced to its file name).

    Django's storage renames an upload whose name is taken (`photo.jpg` → `photo_AbC1234.jpg`); such a
    renamed file is found too.
    """
    from wagtail.images import get_image_model

    base = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    images = get_image_model().objects.order_by("pk")
    found = images.filter(title=name).first() or images.filter(title=base).first()
    if found is None and base:
        found = images.filter(file__endswith=f"/{base}").first() or images.filter(file=base).first()
    if found is None and stem:
        renamed = rf"(^|/){re.escape(stem)}_[A-Za-z0-9]{{7}}{re.escape(dot + extension)}$"
        found = images.filter(file__regex=renamed).first()
    return found


def body_html(value):
    """Plain text becomes paragraphs; HTML keeps only the basic tags of the editor (nh3)."""
    import nh3
    from django.utils.html import escape, linebreaks

    if not isinstance(value, str):
        raise ArchiveRecordError(gettext("“%(key)s” must be text.") % {"key": "body"})
    if HTML_TAG.search(value):
        return nh3.clean(
            value,
            tags=BODY_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel=None,
        ).strip()
    return linebreaks(escape(value.strip())).replace("\n", "")


def archive_body(value):
    """A record's "body" as a BodyBlock StreamField value: one rich-text paragraph block ([] when empty)."""
    from wagtail.rich_text import RichText

    if value in (None, ""):
        return []
    html = body_html(value)
    return [("paragraph", RichText(html))] if html else []


def set_body(model, page, html):
    """Put sanitised HTML in the model's body; False when the model has nowhere to put it."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models
    from wagtail.fields import StreamField
    from wagtail.rich_text import RichText

    name = getattr(model, "archive_body_field", "body")
    try:
        body_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if isinstance(body_field, StreamField):
        if "paragraph" not in body_field.stream_block.child_blocks:
            return False
        setattr(page, name, [("paragraph", RichText(html))] if html else [])
    elif isinstance(body_field, models.TextField):  # RichTextField is a TextField
        setattr(page, name, html)
    else:
        return False
    return True


def validation_message(error):
    """A ValidationError as one line: "field: message; field: message"."""
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in error.message_dict.items())
    return " ".join(str(message) for message in error.messages)


@contextmanager
def deferred_indexing():
    """Switch off the per-save search and reference-index updates; the importer indexes in bulk afterwards.

    modelsearch connects `post_save_signal_handler` to every indexed model (one index write per save,
    and an import saves each page three times); Wagtail's reference index has its own switch.
    """
    from django.db.models.signals import post_save
    from modelsearch import signal_handlers
    from modelsearch.index import get_indexed_models
    from wagtail.signal_handlers import disable_reference_index_auto_update

    disconnected = [
        model
        for model in get_indexed_models()
        if post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(signal_handlers.post_save_signal_handler, sender=model)


# Fields of a new page that the importer sets itself (tree position, identity, revisions): not
# validated again, which saves a query each (the path is computed under a lock of the parent row).
IMPORTER_SET_FIELDS = [
    "path",
    "depth",
    "numchild",
    "url_path",
    "translation_key",
    "locale",
    "content_type",
    "draft_title",
    "live_revision",
    "latest_revision",
]


class IndexSlot:
    """An index page that receives imported pages, and what the importer knows of its children.

    New pages are appended as treebeard's `add_child` appends them, without its two queries per page
    (lock and re-read the parent, find its last child): the parent row is locked and its last child
    read once per batch transaction, then each new path is the previous one plus one step.
    """

    def __init__(self, page, slugs):
        self.page = page
        self.slugs = slugs  # {slug: (pk, content type id)} of the index's children
        self.last_path = None
        self.read_in_batch = None  # the batch whose transaction holds the lock; None: read again

    def next_child_path(self, batch):
        from treebeard.exceptions import PathOverflow
        from wagtail.models import Page

        parent = self.page
        if batch is None or batch != self.read_in_batch:
            Page.objects.select_for_update().filter(pk=parent.pk).values_list("pk", flat=True).get()
            self.last_path = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            self.read_in_batch = batch
        step = 1 if self.last_path is None else Page._str2int(self.last_path[-Page.steplen :]) + 1
        path = Page._get_path(parent.path, parent.depth + 1, step)
        if len(path) != len(parent.path) + Page.steplen:
            raise PathOverflow(f"Path overflow under {parent.path}")
        return path

    def added(self, page):
        self.last_path = page.path
        self.slugs[page.slug] = (page.pk, page.content_type_id)


def held_children(page, changed_only=False):
    """{relation name: [objects]} of the page's inline children and parental many-to-many values as
    modelcluster holds them in memory. Before a new page's first save that is all of them (what it does
    not hold is empty); `changed_only`: only the relations set since the last save."""
    from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

    held = getattr(page, "_cluster_related_objects", {})
    names = [relation.get_accessor_name() for relation in get_all_child_relations(page)]
    names += [field.name for field in get_all_child_m2m_relations(page)]
    return {name: list(held.get(name, [])) for name in names if not changed_only or name in held}


def publication_log_entry(page, revision):
    """The unsaved "published" history entry that `wagtail.log_actions.log` would save for `page`."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.log_actions import get_active_log_context
    from wagtail.models import PageLogEntry

    context = get_active_log_context()
    return PageLogEntry(
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
        label=PageLogEntry.objects.get_instance_title(page),
        action="wagtail.publish",
        timestamp=timezone.now(),
        data={},
        user=context.user,
        uuid=context.uuid,
        page=page,
        revision=revision,
        content_changed=True,
    )


def publish_new_page(page, log_entries=None):
    """Record the publication of a new page that `ArchiveImporter.add_new_page` inserted live.

    `revision.publish()` would rebuild the page from the revision's JSON, validate and save it again
    with all its inline children, and look up workflows, aliases and comments that a page created a
    moment ago cannot have. What users see is the same: the revision is the live and latest one, the
    history says "published", and `page_published` is sent (the page cache, change notes, …).
    tests/test_import_archive.py compares the outcome with Wagtail's own publish.

    With a `log_entries` list, the history entry is appended to it instead of saved (the importer
    writes a batch's entries in one insert: a saved entry validates three foreign keys, one query each).
    """
    from wagtail.log_actions import log
    from wagtail.models import Page, Revision
    from wagtail.signals import page_published, published

    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        content=page.serializable_data(),
        object_str=str(page),
        created_at=page.latest_revision_created_at,
    )
    Page.objects.filter(pk=page.pk).update(latest_revision=revision, live_revision=revision)
    page.latest_revision = page.live_revision = revision
    page_published.send(sender=type(page), instance=page, revision=revision)
    published.send(sender=type(page), instance=page, revision=revision)
    if log_entries is None:
        log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
    else:
        log_entries.append(publication_log_entry(page, revision))
    return revision


def refresh_reference_index(pages):
    """`ReferenceIndex.create_or_update_for_object` for a chunk of pages of one model, in a transaction.

    Pages with no reference recorded yet (new pages) get theirs in one insert for the chunk; Wagtail's
    method would first read each page's existing rows. The others go through Wagtail's method, which
    also deletes references that disappeared.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import ReferenceIndex

    if not pages:
        return
    base_content_type = pages[0].get_base_content_type()
    recorded = set(
        ReferenceIndex.objects.filter(
            base_content_type=base_content_type, object_id__in=[str(page.pk) for page in pages]
        ).values_list("object_id", flat=True)
    )
    rows = []
    for page in pages:
        if str(page.pk) in recorded:
            ReferenceIndex.create_or_update_for_object(page)
            continue
        content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=page.pk,
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=connection.features.supports_ignore_conflicts)


@dataclass
class ImportResult:
    lines: int = 0
    created: int = 0
    updated: int = 0
    rejected: list = field(default_factory=list)  # [(line number, reason)]
    warnings: list = field(default_factory=list)  # [(line number, message)]
    indexed: int = 0
    index_seconds: float = 0.0
    index_error: str = ""
    seconds: float = 0.0
    checkpoints: list = field(default_factory=list)  # elapsed seconds after every `checkpoint_every` records
    dry_run: bool = False


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
        self._locales = None
        self._homes = {}
        self._parents = {}  # {(model, language code): IndexSlot}
        self._batch = None  # the number of the current batch transaction; None outside run()
        self._log_entries = None  # history entries of the batch, saved at its end; None outside run()
        self._tags = {}  # {name: tag} seen in this import
        self._stale_child_counts = {}  # {index page pk: index page} whose numchild is counted at batch end

    # Looking things up once --------------------------------------------------------------------

    def locale(self, code):
        from wagtail.models import Locale

        if self._locales is None:
            self._locales = {locale.language_code: locale for locale in Locale.objects.all()}
        if code not in self._locales:
            raise ArchiveRecordError(
                gettext("“%(value)s” is not a valid “%(key)s”: use %(choices)s.")
                % {"value": code, "key": "locale", "choices": ", ".join(sorted(self._locales))}
            )
        return self._locales[code]

    def home(self, locale):
        from home.models import HomePage

        if locale.language_code not in self._homes:
            self._homes[locale.language_code] = HomePage.objects.filter(locale=locale).order_by("path").first()
        home = self._homes[locale.language_code]
        if home is None:
            raise ArchiveRecordError(
                gettext("There is no home page in “%(locale)s”.") % {"locale": locale.language_code}
            )
        return home

    def parent(self, model, locale):
        """The `IndexSlot` of the live index page for `model` under the locale's home page."""
        from django.apps import apps
        from wagtail.models import Page

        key = (model, locale.language_code)
        if key not in self._parents:
            parent_type = model.parent_page_types[0]
            parent_model = apps.get_model(parent_type) if isinstance(parent_type, str) else parent_type
            parent = parent_model.objects.child_of(self.home(locale)).live().filter(locale=locale).first()
            if parent is None:
                raise ArchiveRecordError(
                    gettext("There is no published %(index)s under the “%(locale)s” home page.")
                    % {"index": parent_model._meta.verbose_name, "locale": locale.language_code}
                )
            slugs = {
                slug: (pk, content_type_id)
                for slug, pk, content_type_id in Page.objects.child_of(parent).values_list(
                    "slug", "pk", "content_type_id"
                )
            }
            self._parents[key] = IndexSlot(parent, slugs)
        return self._parents[key]

    def forget_cached_pages(self):
        """After a rolled-back line the cached parents, their last child and new tags may be stale."""
        self._parents.clear()
        self._homes.clear()
        self._tags.clear()

    def set_tags(self, page, names):
        """`page.tags.set(names)`, with the tags already seen in this import passed as objects (no query)."""
        page.tags.set([self._tags.get(name, name) for name in names])
        if any(name not in self._tags for name in names):
            self._tags.update((tag.name, tag) for tag in page.tags.all())  # in memory until the page is saved

    # One record --------------------------------------------------------------------------------

    def import_record(self, record, warnings):
        """Create or update the page for one record; returns "created" or "updated"."""
        from django.contrib.contenttypes.models import ContentType

        if not isinstance(record, dict):
            raise ArchiveRecordError(gettext("A line must hold one JSON object."))
        record = ArchiveRecord(record)
        value = record.common  # the importer's own reads do not count as the page type's
        kind = value("type")
        if kind in (None, ""):
            raise ArchiveRecordError(missing("type"))
        model = self.types.get(kind) if isinstance(kind, str) else None
        if model is None:
            raise ArchiveRecordError(
                gettext("“%(value)s” is not a record type: use %(types)s.")
                % {"value": kind, "types": ", ".join(sorted(self.types))}
            )
        title = value("title")
        if not isinstance(title, str) or not title.strip():
            raise ArchiveRecordError(missing("title"))
        slug = value("slug")
        if not isinstance(slug, str) or not slug.strip():
            raise ArchiveRecordError(missing("slug"))
        summary = value("summary")
        if summary is not None and not isinstance(summary, str):
            raise ArchiveRecordError(gettext("“%(key)s” must be text.") % {"key": "summary"})
        live = value("live", True)
        if not isinstance(live, bool):
            raise ArchiveRecordError(gettext("“live” must be true or false."))
        tags = value("tags")
        if tags is not None and not (isinstance(tags, list) and all(isinstance(tag, str) for tag in tags)):
            raise ArchiveRecordError(gettext("“tags” must be a list of text."))
        locale = self.locale(value("locale") or "vi")
        slot = self.parent(model, locale)

        fields = model.archive_fields(record, warnings) or {}
        extras = {name: fields.pop(name) for name in list(fields) if name.startswith("__")}
        # The body: unless the page type took it itself, sanitised into its body field.
        body = None if "body" in record.read or value("body") in (None, "") else body_html(value("body"))

        existing = slot.slugs.get(slug.strip())
        if existing is not None:
            pk, content_type_id = existing
            if content_type_id != ContentType.objects.get_for_model(model).pk:
                raise ArchiveRecordError(
                    gettext("The slug “%(slug)s” is already used by another kind of page here.") % {"slug": slug}
                )
            page = model.objects.get(pk=pk)
        else:
            page = model(locale=locale)
        page.title = title.strip()
        page.slug = slug.strip()
        if summary is not None:
            page.summary = summary
        if body is not None and not set_body(model, page, body):
            warnings.append(gettext("“body” ignored: this type of page has no body."))
        for name, value in fields.items():
            setattr(page, name, value)
        if tags is not None:
            if hasattr(page, "tags") and hasattr(page.tags, "set"):
                self.set_tags(page, [tag.strip() for tag in tags if tag.strip()])
            else:
                warnings.append(gettext("“tags” ignored: this type of page has no tags."))

        if existing is None:
            # Saving forgets the children, and the revision would read them back, a query per relation.
            children = held_children(page)
            self.add_new_page(slot, page, live)
        if hasattr(model, "archive_after_save"):
            model.archive_after_save(page, record, extras)
        elif extras:
            warnings.append(gettext("Ignored: %(keys)s.") % {"keys": ", ".join(sorted(extras))})
        for key in record.unread_keys():
            warnings.append(gettext("Unknown key “%(key)s” ignored.") % {"key": key})

        if existing is None and live:
            if hasattr(model, "archive_after_save"):  # what the hook changed is validated and saved too
                children.update(held_children(page, changed_only=True))
                page.full_clean(exclude=IMPORTER_SET_FIELDS)
                page.save(clean=False)
            page._cluster_related_objects = children  # the saved objects, as the database now has them
            publish_new_page(page, self._log_entries)
            del page._cluster_related_objects
        else:
            # A draft, or an update through Wagtail's own path: the audit log gets "edited", and
            # "published" when it is published.
            revision = page.save_revision(clean=existing is not None, log_action=True)
            if live:
                revision.publish()
        self.touched.setdefault(model, set()).add(page.pk)
        return "updated" if existing is not None else "created"

    def add_new_page(self, slot, page, live):
        """Validate a new page and insert it as the last child of the slot's index page.

        What treebeard's `add_child` does, without re-reading the parent and its last child for every
        page (see `IndexSlot`). A live page is inserted already published (see `publish_new_page`).
        """
        from django.db.models import F
        from django.utils import timezone
        from wagtail.models import Page

        parent = slot.page
        page.depth = parent.depth + 1
        page.path = slot.next_child_path(self._batch)
        page.numchild = 0
        page._cached_parent_obj = parent  # treebeard's get_parent() reads it (url_path, slug check)
        page.draft_title = page.title
        if live:
            page.live, page.has_unpublished_changes, page.expired = True, False, False
            page.first_published_at = page.last_published_at = page.latest_revision_created_at = timezone.now()
            page.full_clean(exclude=IMPORTER_SET_FIELDS)
        else:
            page.live, page.has_unpublished_changes = False, True
            page.minimal_clean()
        # A live page's history says "published" (publish_new_page); a draft's "created" and "edited".
        page.save(clean=False, log_action=None if live else False)
        slot.added(page)
        parent.numchild += 1
        if self._batch is None:
            Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        else:  # counted once at the end of the batch, rejected lines excluded (see _count_children)
            self._stale_child_counts[parent.pk] = parent

    def _save_log_entries(self):
        from wagtail.models import PageLogEntry

        PageLogEntry.objects.bulk_create(self._log_entries)
        self._log_entries.clear()

    def _count_children(self):
        from wagtail.models import Page

        for parent in self._stale_child_counts.values():
            count = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
            Page.objects.filter(pk=parent.pk).update(numchild=count)
            parent.numchild = count
        self._stale_child_counts.clear()

    # The file ----------------------------------------------------------------------------------

    def run(self, path):
        """Import every line of `path`; returns an ImportResult."""
        from django.db import transaction

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
            self.index_touched_pages()
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
        from django.db import transaction

        # Each line is a savepoint of its own; a batch of lines shares one commit (a commit per line
        # costs a disk sync each). An error in a line rolls back that line only.
        lines = self._lines(path)
        batches = iter(lambda: list(itertools.islice(lines, self.batch_size)), [])
        self._log_entries = []
        try:
            for number, batch in enumerate(batches):
                self._batch = number
                with transaction.atomic():
                    self._import_batch(batch, started)
                    self._count_children()
                    self._save_log_entries()
        finally:
            self._batch = None
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
        from django.core.exceptions import ValidationError
        from django.db import DatabaseError, transaction

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
        self.forget_cached_pages()

    def index_touched_pages(self, chunk_size=500):
        """Index the imported pages in bulk, as `update_index` does, and refresh their reference index."""
        from django.db import transaction
        from modelcluster.models import get_all_child_relations
        from wagtail.search.backends import get_search_backends

        started = time.perf_counter()
        backends = list(get_search_backends(with_auto_update=True))
        try:
            for model, pks in self.touched.items():
                pks = sorted(pks)
                # The reference index reads every inline relation of a page: one query per relation
                # for the chunk instead of one per page.
                relations = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
                for start in range(0, len(pks), chunk_size):
                    chunk = model.get_indexed_objects().filter(pk__in=pks[start : start + chunk_size])
                    with transaction.atomic():  # one commit a chunk, not one per page
                        pages = list(chunk.prefetch_related(*relations))
                        for backend in backends:
                            backend.add_bulk(model, pages)
                        refresh_reference_index(pages)
                    self.result.indexed += len(pages)
        except Exception as error:  # the pages are saved; only the index lags behind
            self.result.index_error = f"{type(error).__name__}: {error}"
        self.result.index_seconds = time.perf_counter() - started

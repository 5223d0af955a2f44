"""Building pages in the tree: where an imported page goes (`IndexSlot`), inserting a new page
(`add_new_page`) and recording its publication (`publish_new_page`), the short path of a new live page
(docs/archive-import.md, "Speed")."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import Locale, Page, PageLogEntry, Revision
from wagtail.signals import page_published, published

from core.archive.records import ArchiveRecordError

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
    held = getattr(page, "_cluster_related_objects", {})
    names = [relation.get_accessor_name() for relation in get_all_child_relations(page)]
    names += [field.name for field in get_all_child_m2m_relations(page)]
    return {name: list(held.get(name, [])) for name in names if not changed_only or name in held}


def publication_log_entry(page, revision):
    """The unsaved "published" history entry that `wagtail.log_actions.log` would save for `page`."""
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
    """Record the publication of a new page that `add_new_page` inserted live.

    `revision.publish()` would rebuild the page from the revision's JSON, validate and save it again
    with all its inline children, and look up workflows, aliases and comments that a page created a
    moment ago cannot have. What users see is the same: the revision is the live and latest one, the
    history says "published", and `page_published` is sent (the page cache, change notes, …).
    tests/core/test_import_archive.py compares the outcome with Wagtail's own publish.

    With a `log_entries` list, the history entry is appended to it instead of saved (the importer
    writes a batch's entries in one insert: a saved entry validates three foreign keys, one query each).
    """
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


class Places:
    """Where imported pages go, looked up once per import: the locales, the home page of each locale, the
    index page of each family (an `IndexSlot`), the tags already seen; and the insertion of new pages.

    The index page of a family is the model's first `parent_page_types`; its home page is that index's
    first `parent_page_types` (core/families.py `Section`: index pages sit directly under each home page),
    so no page model is named here.
    """

    def __init__(self):
        self.batch = None  # the number of the current batch transaction; None outside a batch
        self._locales = None
        self._homes = {}  # {(home model, language code): home page or None}
        self._parents = {}  # {(model, language code): IndexSlot}
        self._tags = {}  # {name: tag} seen in this import
        self._stale_child_counts = {}  # {index page pk: index page} whose numchild is counted at batch end

    def locale(self, code):
        if self._locales is None:
            self._locales = {locale.language_code: locale for locale in Locale.objects.all()}
        if code not in self._locales:
            raise ArchiveRecordError(
                gettext("“%(value)s” is not a valid “%(key)s”: use %(choices)s.")
                % {"value": code, "key": "locale", "choices": ", ".join(sorted(self._locales))}
            )
        return self._locales[code]

    def home(self, index_model, locale):
        home_model = page_model(index_model.parent_page_types[0])
        key = (home_model, locale.language_code)
        if key not in self._homes:
            self._homes[key] = home_model.objects.filter(locale=locale).order_by("path").first()
        if self._homes[key] is None:
            raise ArchiveRecordError(
                gettext("There is no home page in “%(locale)s”.") % {"locale": locale.language_code}
            )
        return self._homes[key]

    def parent(self, model, locale):
        """The `IndexSlot` of the live index page for `model` under the locale's home page."""
        key = (model, locale.language_code)
        if key not in self._parents:
            parent_model = page_model(model.parent_page_types[0])
            home = self.home(parent_model, locale)
            parent = parent_model.objects.child_of(home).live().filter(locale=locale).first()
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

    def forget(self):
        """After a rolled-back line the cached parents, their last child and new tags may be stale."""
        self._parents.clear()
        self._homes.clear()
        self._tags.clear()

    def set_tags(self, page, names):
        """`page.tags.set(names)`, with the tags already seen in this import passed as objects (no query)."""
        page.tags.set([self._tags.get(name, name) for name in names])
        if any(name not in self._tags for name in names):
            self._tags.update((tag.name, tag) for tag in page.tags.all())  # in memory until the page is saved

    def add_new_page(self, slot, page, live):
        """Validate a new page and insert it as the last child of the slot's index page.

        What treebeard's `add_child` does, without re-reading the parent and its last child for every
        page (see `IndexSlot`). A live page is inserted already published (see `publish_new_page`).
        """
        parent = slot.page
        page.depth = parent.depth + 1
        page.path = slot.next_child_path(self.batch)
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
        if self.batch is None:
            Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        else:  # counted once at the end of the batch, rejected lines excluded (see count_children)
            self._stale_child_counts[parent.pk] = parent

    def count_children(self):
        """Recount the child pages of the index pages that received new pages in this batch."""
        for parent in self._stale_child_counts.values():
            count = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
            Page.objects.filter(pk=parent.pk).update(numchild=count)
            parent.numchild = count
        self._stale_child_counts.clear()


def page_model(declared):
    """A page model from a `parent_page_types` entry ("app.Model" or the class)."""
    return apps.get_model(declared) if isinstance(declared, str) else declared

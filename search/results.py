"""What a search answers: `SearchOutcome` and its `Hit`s, and turning a backend's hits into Hit objects that
the database still shows the reader (search.hits finds them; search.query orders and pages them).

Every hit is read as plain values (what filters and facets need, search.facets.page_value_fields), and whole
pages are loaded for the hits shown (their URL and snippet), which keeps hundreds of hits cheap to filter,
count and sort.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from wagtail.models import Page

from search.facets import document_values, page_model, page_value_fields, page_values
from search.stored import stored_date, stored_expiry
from search.visibility import not_expired, visible_documents

MAX_HITS = 300
MAX_ENGINE_HITS = 1000  # the deepest an engine's results can be paged (100 pages of 10)


@dataclass
class Hit:
    page: object
    score: float
    type: str
    title: str
    url: str
    slug: str
    date: datetime.date | None
    values: dict = field(default_factory=dict)  # {facet dimension: value}: school year, news section…
    snippet: str = ""
    title_html: str = ""
    type_label: str = ""
    promoted: bool = False
    pk: int = 0
    expire_at: datetime.datetime | None = None  # a page shown is not shown from a cache past it (search.cache)
    summary: str = ""
    document_number: str = ""
    thumbnail: str = ""
    locale: str = ""
    highlight: str = ""  # the engine's highlighted excerpt (HTML, escaped), when an engine answered

    def as_json(self):
        return {
            "title": self.title,
            "url": self.url,
            "slug": self.slug,
            "type": self.type,
            "date": self.date.isoformat() if self.date else None,
            "snippet": self.snippet,
            "promoted": self.promoted,
        }


@dataclass
class SearchOutcome:
    query: str = ""
    results: object = None  # a Django Page of Hit objects
    count: int = 0
    errors: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    filters: dict = field(default_factory=dict)
    promoted: list = field(default_factory=list)
    suggestion: str = ""
    suggestions: list = field(default_factory=list)
    backend: str = ""
    fallback: bool = False  # answered by the database backend because the engine failed, or not at all
    record_id: str | None = None  # the click-through token of the recorded search (search_analytics.records)
    record_fields: dict | None = None  # what was recorded: a copy of the page answered from the page cache

    @property
    def hits(self):
        return list(self.results) if self.results is not None else []

    def as_json(self):
        page = self.results
        return {
            "query": self.query,
            "count": self.count,
            "page": page.number if page is not None else 1,
            "num_pages": page.paginator.num_pages if page is not None else 0,
            "results": [hit.as_json() for hit in self.promoted + self.hits],
            "facets": {
                name: [{"value": value, "label": str(label), "count": count} for value, label, count in buckets]
                for name, buckets in self.facets.items()
            },
            "notices": [str(notice) for notice in self.notices],
            "did_you_mean": self.suggestion or None,
        }


class HitWindow:
    """The hits fetched, for a paginator that counts `length` hits (the engine's matches, which it did not
    all send): the pages up to the one asked for are within the hits fetched (`wanted` in run_search)."""

    def __init__(self, hits, length):
        self.hits = hits
        self.length = max(length, len(hits))

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        return self.hits[index]


def normalised_scores(hits, totals=None):
    """Scores of each kind scaled to 0..1 so pages and documents interleave sensibly. SQLite's bm25 is
    negative (lower is better); it is flipped first. `totals`: {kind: how many hits of the kind there
    would be with MAX_HITS fetched} when fewer were fetched, so the rank term does not depend on it."""
    totals = totals or {}
    by_kind = {}
    for kind, pk, score in hits:
        by_kind.setdefault(kind, []).append((pk, float(score)))
    scaled = {}
    for kind, rows in by_kind.items():
        values = [score for _pk, score in rows]
        if values and max(values) <= 0 and min(values) < 0:
            rows = [(pk, -score) for pk, score in rows]
            values = [-value for value in values]
        top = max(values) if values and max(values) > 0 else 1.0
        total = max(len(rows), totals.get(kind, 0))
        for rank, (pk, score) in enumerate(rows):
            # Keep the backend's order within a kind even when scores tie or are missing.
            value = max(score / top, 0) * 0.9 + 0.1 * (total - rank) / total
            key = ("document" if kind == "document_text" else kind, pk)
            scaled[key] = max(scaled.get(key, 0), value)
    return scaled


def page_hit(page, score):
    # The URL and the stored fields are read only for the hits shown (search.query), not for every hit counted.
    return Hit(
        page=page,
        score=score,
        title=page.title,
        url="",
        slug=page.slug,
        pk=page.pk,
        expire_at=getattr(page, "expire_at", None),
        **page_values(page),
    )


def hit_from_stored(stored, score=0.0, highlight=""):
    """The Hit of a page from its stored fields (search.stored): what an engine sends, and what the database
    path computes for the pages it shows. No database query."""
    return Hit(
        page=None,
        score=score,
        title=stored["title"],
        url=stored["url"],
        slug=stored["slug"],
        type=stored["type"],
        date=stored_date(stored),
        values=dict(stored["values"]),
        pk=stored["pk"],
        expire_at=stored_expiry(stored),
        summary=stored["summary"],
        document_number=stored["document_number"],
        thumbnail=stored["thumbnail"],
        locale=stored["locale"],
        highlight=highlight,
    )


def show_stored(hit, stored):
    """Give a hit found on the database backend the stored fields of its page (as an engine's hits have)."""
    shown = hit_from_stored(stored, hit.score)
    for name in ("url", "summary", "document_number", "thumbnail", "locale", "expire_at"):
        setattr(hit, name, getattr(shown, name))


def document_hit(document, score):
    slug = document.file.name.rsplit("/", 1)[-1] if document.file else ""
    return Hit(
        page=document,
        score=score,
        title=document.title,
        url=document.url,
        slug=slug,
        pk=document.pk,
        **document_values(document),
    )


def _value_fields(model):
    """The page_value_fields `model` has (as plain values, relations aside)."""
    names = []
    for name in page_value_fields():
        try:
            if not model._meta.get_field(name).is_relation:
                names.append(name)
        except FieldDoesNotExist:
            continue
    return names


def page_rows(pages, whole=False):
    """Stand-ins for the specific pages of `pages`: pk, title, slug, first_published_at, the model's
    `_meta` and whichever page_value_fields the model has. `whole`: the specific pages themselves (an
    engine sent only the hits up to the page shown: loading them costs less than a second look-up)."""
    by_type = {}
    # Unordered: the callers order the hits themselves, and Wagtail's default (by path) costs a sort.
    for pk, content_type_id in pages.order_by().values_list("pk", "content_type_id"):
        by_type.setdefault(content_type_id, []).append(pk)
    rows = []
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
        if whole:
            rows.extend(model.objects.filter(pk__in=pks).order_by())
            continue
        names = _value_fields(model)
        for values in (
            model.objects.filter(pk__in=pks).order_by().values("pk", "title", "slug", "first_published_at", *names)
        ):
            rows.append(SimpleNamespace(_meta=model._meta, **values))
    return rows


def load_shown_pages(hits):
    """Replace the stand-ins of the hits on the page shown by their specific pages."""
    shown = [hit for hit in hits if isinstance(hit.page, SimpleNamespace)]  # not an engine's (page None)
    if not shown:  # an engine's hits are whole pages already
        return
    pages = {page.pk: page for page in Page.objects.filter(pk__in=[hit.page.pk for hit in shown]).specific()}
    for hit in shown:
        if hit.page.pk in pages:
            hit.page = pages[hit.page.pk]


def still_visible(scope, page_pks):
    """Which of `page_pks` the database still shows `scope.user`, in one query whatever their number (none for
    pages this search already checked: `scope.checked`).

    The engine filtered on the visibility each page carries (search.stored), but a restriction, withdrawal or
    expiry of a moment ago reaches the index only when the worker has re-indexed the page (and not at all
    while the worker is down): until then the index would show a page that has just become private."""
    unknown = [pk for pk in page_pks if pk not in scope.checked]
    if unknown:
        shown = set(not_expired(scope.visible).filter(pk__in=unknown).order_by().values_list("pk", flat=True))
        scope.checked.update((pk, pk in shown) for pk in unknown)
    return {pk for pk in page_pks if scope.checked[pk]}


def _engine_page_hits(engine, page_pks, scope, scores):
    """What the engine sent for each result (search.stored), for the pages the database still shows."""
    shown = still_visible(scope, [pk for pk in page_pks if pk in engine.stored])
    return [
        hit_from_stored(engine.stored[pk], scores.get(("page", pk), 0), engine.highlights.get(pk, ""))
        for pk in page_pks
        if pk in shown
    ]


def _database_page_hits(page_pks, scope, scores, whole):
    """The database backend's pages (or an engine's from an index without stored fields) that the database
    still shows `scope.user`: what the index holds may be stale."""
    allowed = not_expired(scope.visible).filter(pk__in=page_pks)
    model = page_model(scope.filters.get("type"))
    if model is not None:
        allowed = allowed.type(model)
    return [page_hit(page, scores.get(("page", page.pk), 0)) for page in page_rows(allowed, whole=whole)]


def _document_hits(doc_pks, user, scores):
    """The documents found that `user` may see in their collections (one query)."""
    documents = visible_documents(user).filter(pk__in=doc_pks)
    return [document_hit(document, scores.get(("document", document.pk), 0)) for document in documents]


def resolved_hits(found, scope):
    """Hit objects for `found`'s hits (search.hits.BackendHits) that `scope.user` may see: an engine's pages
    from what it sent (it filtered them on visibility, search.stored; one query checks they are still visible),
    the database backend's checked against `scope.visible`, documents against their collections (one query)."""
    engine = found.engine
    scores = normalised_scores(found.hits, {"page": min(engine.total, MAX_HITS)} if engine is not None else None)
    page_pks = [pk for kind, pk, _score in found.hits if kind == "page"]
    doc_pks = [pk for kind, pk, _score in found.hits if kind in ("document", "document_text")]
    resolved = []
    if page_pks and engine is not None and engine.stored:
        resolved += _engine_page_hits(engine, page_pks, scope, scores)
    elif page_pks:
        resolved += _database_page_hits(page_pks, scope, scores, whole=engine is not None)
    if doc_pks and scope.documents is not None:
        resolved += _document_hits(doc_pks, scope.user, scores)
    return resolved

"""The one search function behind the HTML search page and the JSON API.

`run_search(params, user, locale)` validates the parameters, asks the search backend (the engine, or
the database backend when the engine is down), keeps only what the requester may see (live pages in
the locale: public ones for everybody, intranet ones for staff; documents in public collections), then
filters, facets, sorts, paginates, highlights and records the query. Filters and facets work on the
backend's best hits (at most MAX_HITS). On an engine (OpenSearch/Elasticsearch) the filters and facet
counts are applied by the engine over every match (search.facets, search.backends.multi_search), so
they stay exact at any size; on the database backend they are computed here, on those best hits.
"""

import bisect
import datetime
import difflib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import import_module
from types import SimpleNamespace

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modelsearch.backends.base import FieldError
from modelsearch.query import Or, PlainText
from wagtail.models import Locale, Page, PageViewRestriction

from accounts.staff import is_staff
from home.change_notes import exclude_withdrawn
from home.models import private_pages_q
from search import cache as search_cache
from search.backends import EngineSearch, multi_search, search_backend
from search.facets import DIMENSIONS as FACET_DIMENSIONS
from search.facets import PAGE_TYPES, document_values, page_values
from search.vietnamese import clean_query, fold, fold_normalised, normalise

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
MAX_HITS = 300
MAX_ENGINE_HITS = 1000  # the deepest an engine's results can be paged (100 pages of 10)
SHOWN_MARGIN = 3  # engine hits fetched beyond the page shown, for those the database check drops
SNIPPET_LENGTH = 220

TYPE_LABELS = {
    "news": gettext_lazy("News"),
    "policy": gettext_lazy("Documents and policies"),
    "person": gettext_lazy("Exemplary people"),
    "exam": gettext_lazy("Exams and enrolment"),
    "event": gettext_lazy("Events and contests"),
    "document": gettext_lazy("Attached files"),
    "page": gettext_lazy("Other pages"),
}
SORTS = [("relevance", gettext_lazy("Most relevant")), ("newest", gettext_lazy("Newest first"))]


class SearchParamsForm(forms.Form):
    """The query string of the search page and of GET /api/search/."""

    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    type = forms.ChoiceField(required=False, choices=[("", "")] + [(key, key) for key in TYPE_LABELS])
    year = forms.RegexField(required=False, regex=r"^(19|20|21)\d\d(-(19|20|21)\d\d)?$", max_length=9)
    category = forms.CharField(required=False, max_length=64)
    issuer = forms.CharField(required=False, max_length=255)
    doc_type = forms.CharField(required=False, max_length=64)
    sort = forms.ChoiceField(required=False, choices=SORTS)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)
    locale = forms.ChoiceField(required=False, choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two are added by name.
        self.fields["from"] = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
        self.fields["to"] = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
        self.fields["q"].error_messages["max_length"] = _(
            "The search text is too long: use at most %(limit_value)d characters."
        )
        for name in ("from", "to"):
            self.fields[name].error_messages["invalid"] = _("Write dates as YYYY-MM-DD, for example 2024-09-05.")
        self.fields["year"].error_messages["invalid"] = _("Write a year as 2024 or a school year as 2024-2025.")
        self.fields["page"].error_messages.update(
            {
                "invalid": _("The page number must be a whole number."),
                "min_value": _("The page number must be 1 or more."),
                "max_value": _("The page number is too large."),
            }
        )
        self.fields["page_size"].error_messages.update(
            {
                "invalid": _("The page size must be a whole number."),
                "min_value": _("The page size must be between 1 and %(limit)d.") % {"limit": MAX_PAGE_SIZE},
                "max_value": _("The page size must be between 1 and %(limit)d.") % {"limit": MAX_PAGE_SIZE},
            }
        )
        self.fields["type"].error_messages["invalid_choice"] = _("Unknown result type: %(value)s.")
        self.fields["sort"].error_messages["invalid_choice"] = _("Sort by “relevance” or “newest”.")
        self.fields["locale"].error_messages["invalid_choice"] = _("Unknown language: %(value)s.")

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


@dataclass
class Hit:
    page: object
    score: float
    type: str
    title: str
    url: str
    slug: str
    date: datetime.date | None
    year: str = ""
    category: str = ""
    doc_type: str = ""
    issuer: str = ""
    snippet: str = ""
    title_html: str = ""
    type_label: str = ""
    promoted: bool = False

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
    record_id: int | None = None
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


# --- who may see what -----------------------------------------------------------------------------------


def _restriction_passes(restriction, user):
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return True
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        return user.is_superuser or restriction.groups.filter(pk__in=user.groups.all()).exists()
    return False  # password-protected pages never appear in search


# How long the visitors' visible pages are kept at most (home.cache.until_next_purge drops them sooner).
VISIBILITY_TIMEOUT = 60


def visible_pages(user, locale, for_backend=False, request=None):
    """Live pages of the locale that the user may open; nobody sees drafts, scheduled, expired or withdrawn pages.
    `for_backend`: only the conditions every search backend can filter on (the rest is checked after); for
    visitors that query (the withdrawn ids, the restricted subtrees) is kept until the next purge, as the
    results of search.cache are: `request` holds the content version read once per request."""
    if for_backend and not is_staff(user):
        from home.cache import until_next_purge

        # A queryset pickled whole would be evaluated; its query is not (Django's documented way).
        queryset = Page.objects.all()
        queryset.query = until_next_purge(
            request,
            f"search:visible-pages:{locale.pk}",
            lambda: _visible_pages(user, locale, for_backend).query,
            VISIBILITY_TIMEOUT,
        )
        return queryset
    return _visible_pages(user, locale, for_backend)


def _visible_pages(user, locale, for_backend):
    queryset = exclude_withdrawn(Page.objects.live().filter(locale=locale), for_search_backend=for_backend)
    if not for_backend:
        queryset = _not_expired(queryset)
    if not is_staff(user):
        return queryset.exclude(private_pages_q())
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related("groups"):
        if not _restriction_passes(restriction, user):
            queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
    return queryset


def _not_expired(pages):
    """What a search backend cannot filter on: pages past their expiry date whose status is not updated yet."""
    return pages.exclude(expire_at__lte=timezone.now())


def visible_documents(user):
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction

    documents = get_document_model().objects.all()
    staff = is_staff(user)
    for restriction in CollectionViewRestriction.objects.select_related("collection").prefetch_related("groups"):
        passes = staff and _restriction_passes(restriction, user)
        if not passes:
            collection = restriction.collection
            documents = documents.exclude(collection__path__startswith=collection.path)
    return documents


# --- the query --------------------------------------------------------------------------------------


def forget_synonyms(**kwargs):
    """An editor changed the synonym list: the next search reads it again."""
    cache.delete("search:synonyms")


def _synonym_rows():
    from search.models import Synonym

    rows = cache.get("search:synonyms")
    if rows is None:
        rows = [(row.term, row.expansion_list()) for row in Synonym.objects.all()]
        cache.set("search:synonyms", rows, 300)
    return rows


def _contains_words(haystack, needle):
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def query_variants(text):
    """The query and the forms editors' synonyms give it, compared without accents or case:
    "điểm thi THPT" → also "điểm thi trung học phổ thông" (and the reverse)."""
    variants = [text]
    folded_text = fold(text)
    for term, expansions in _synonym_rows():
        group = [clean_query(term)] + [clean_query(expansion) for expansion in expansions]
        for member in group:
            folded_member = fold(member)
            if not folded_member or not _contains_words(folded_text, folded_member):
                continue
            pattern = re.compile(rf"(?<!\w){re.escape(folded_member)}(?!\w)")
            for other in group:
                if other is member or not other:
                    continue
                replaced = pattern.sub(lambda _match, other=other: other, folded_text)
                if replaced not in {fold(v) for v in variants}:
                    variants.append(replaced)
            break
    return variants[:6]


def build_query(text, operator="and"):
    variants = query_variants(text)
    queries = [PlainText(variant, operator=operator) for variant in variants]
    return queries[0] if len(queries) == 1 else Or(queries)


def _backend_names():
    configured = settings.WAGTAILSEARCH_BACKENDS
    names = ["default"]
    if "database" in configured:
        names.append("database")
    return names


def _search_hits(backend, query, pages, documents, filters, newest_first, wanted=MAX_HITS):
    """The best hits as [(kind, pk, score)], and the engine's FacetedHits for the pages when the backend
    is an engine (it then applied the filters to the pages itself and counted every match), else None;
    raises if the backend fails. An engine is asked for the `wanted` best pages only, in one round trip
    with the documents; the database backend returns its MAX_HITS best, filtered and counted here."""
    from search.models import DocumentText

    hits = []
    engine = None
    if getattr(backend, "engine_facets", False):
        searches = []
        if filters.get("type") != "document":
            searches.append(EngineSearch(query, pages, min(wanted, MAX_ENGINE_HITS), filters, newest_first))
        if documents is not None:
            searches += [
                EngineSearch(query, documents, MAX_HITS),
                EngineSearch(query, DocumentText.objects.all(), MAX_HITS),
            ]
        found = multi_search(backend, searches)
        if filters.get("type") != "document":
            engine = found.pop(0)
            hits.extend(("page", pk, score) for pk, score in engine.hits)
        if documents is not None:
            document_hits, text_hits = found
            hits.extend(("document", pk, score) for pk, score in document_hits.hits)
            # The text inside the files (search.extraction); who may see the document is checked later.
            text_documents = dict(
                DocumentText.objects.filter(pk__in=[pk for pk, _score in text_hits.hits]).values_list(
                    "pk", "document_id"
                )
            )
            hits.extend(
                ("document_text", text_documents[pk], score) for pk, score in text_hits.hits if pk in text_documents
            )
        return hits, engine
    results = backend.search(query, pages).annotate_score("_score")[:MAX_HITS]
    hits.extend(("page", obj.pk, getattr(obj, "_score", 0) or 0) for obj in results)
    if documents is not None:
        results = backend.search(query, documents).annotate_score("_score")[:MAX_HITS]
        hits.extend(("document", obj.pk, getattr(obj, "_score", 0) or 0) for obj in results)
        results = backend.search(query, DocumentText.objects.all()).annotate_score("_score")[:MAX_HITS]
        hits.extend(("document_text", obj.document_id, getattr(obj, "_score", 0) or 0) for obj in results)
    return hits, None


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


def _found_anything(hits, engine):
    """Whether the words matched anything at all, filters aside (else the search is relaxed)."""
    if engine is None:
        return bool(hits)
    return bool(engine.unfiltered_total) or any(kind != "page" for kind, _pk, _score in hits)


def _normalised_scores(hits, totals=None):
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


def _page_hit(page, score):
    # The URL is looked up only for the hits shown (_show), not for every hit that is counted.
    return Hit(page=page, score=score, title=page.title, url="", slug=page.slug, **page_values(page))


# What page_values reads, fetched as plain values for every hit; whole pages are loaded only for the
# hits shown (their URL and snippet), which keeps hundreds of hits cheap to filter, count and sort.
PAGE_VALUE_FIELDS = ("date", "issued_date", "exam_date", "school_year", "category", "document_type", "issuer")


def _page_rows(pages, whole=False):
    """Stand-ins for the specific pages of `pages`: pk, title, slug, first_published_at, the model's
    `_meta` and whichever PAGE_VALUE_FIELDS the model has. `whole`: the specific pages themselves (an
    engine sent only the hits up to the page shown: loading them costs less than a second look-up)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.exceptions import FieldDoesNotExist

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
        names = []
        for name in PAGE_VALUE_FIELDS:
            try:
                if not model._meta.get_field(name).is_relation:
                    names.append(name)
            except FieldDoesNotExist:
                continue
        for values in (
            model.objects.filter(pk__in=pks).order_by().values("pk", "title", "slug", "first_published_at", *names)
        ):
            rows.append(SimpleNamespace(_meta=model._meta, **values))
    return rows


def _load_shown_pages(hits):
    """Replace the stand-ins of the hits on the page shown by their specific pages."""
    shown = [hit for hit in hits if isinstance(hit.page, SimpleNamespace)]
    if not shown:  # an engine's hits are whole pages already
        return
    pages = {page.pk: page for page in Page.objects.filter(pk__in=[hit.page.pk for hit in shown]).specific()}
    for hit in shown:
        if hit.page.pk in pages:
            hit.page = pages[hit.page.pk]


def _document_hit(document, score):
    slug = document.file.name.rsplit("/", 1)[-1] if document.file else ""
    return Hit(
        page=document, score=score, title=document.title, url=document.url, slug=slug, **document_values(document)
    )


def _matches(hit, filters, skip=None):
    for name, value in filters.items():
        if name == skip:
            continue
        if name == "type" and hit.type != value:
            return False
        if name == "year":
            if "-" in value:
                if hit.year != value:
                    return False
            elif not hit.date or str(hit.date.year) != value:
                return False
        if name == "category" and hit.category != value:
            return False
        if name in ("doc_type", "issuer") and fold(getattr(hit, name)) != fold(value):
            return False
        if name == "from" and (not hit.date or hit.date < value):
            return False
        if name == "to" and (not hit.date or hit.date > value):
            return False
    return True


def _facet_labels():
    labels = {"type": dict(TYPE_LABELS)}
    for name, module, choices in (
        ("category", "plan.content_areas", "ContentArea"),
        ("doc_type", "policies.models", "DocumentType"),
    ):
        try:
            labels[name] = {value: str(label) for value, label in getattr(import_module(module), choices).choices}
        except ImportError:  # these apps are optional for the search app
            labels[name] = {}
    return labels


def facet_counts(hits, filters):
    """{dimension: {value: count}} over `hits`, each dimension counted without its own filter."""
    counts = {name: {} for name in FACET_DIMENSIONS}
    for hit in hits:
        for name in FACET_DIMENSIONS:
            value = getattr(hit, name)
            if value and _matches(hit, filters, skip=name):
                counts[name][value] = counts[name].get(value, 0) + 1
    return counts


def ordered_facets(counts):
    """[(value, label, count)] per dimension: most frequent first, school years newest first."""
    labels = _facet_labels()
    facets = {}
    for name in FACET_DIMENSIONS:
        dimension = counts.get(name, {})
        ordered = sorted(dimension.items(), key=lambda item: (-item[1], str(item[0])))
        if name == "year":
            ordered = sorted(dimension.items(), reverse=True)
        facets[name] = [(value, labels.get(name, {}).get(value, value), count) for value, count in ordered]
    return facets


def compute_facets(hits, filters):
    return ordered_facets(facet_counts(hits, filters))


def _merged_counts(*count_maps):
    merged = {name: {} for name in FACET_DIMENSIONS}
    for counts in count_maps:
        for name, dimension in counts.items():
            for value, count in dimension.items():
                merged[name][value] = merged[name].get(value, 0) + count
    return merged


# --- snippets ---------------------------------------------------------------------------------------


def _page_text_parts(obj):
    """The page's search-field texts (the title aside), tags stripped and spaces collapsed, one at a time."""
    from modelsearch.index import SearchField

    for search_field in type(obj).get_search_fields():
        if isinstance(search_field, SearchField) and search_field.field_name != "title":
            try:
                value = search_field.get_value(obj)
            except Exception:  # a field that cannot be read gives no snippet text, never an error page
                continue
            if isinstance(value, (list, tuple)):
                value = " ".join(str(item) for item in value)
            value = str(value) if value else ""
            if "<" in value:  # rich text (strip_tags parses HTML: slow, and plain text needs none)
                value = strip_tags(value)
            text = " ".join(value.split())
            if text:
                yield text


def _page_snippet(page, words, length=SNIPPET_LENGTH):
    """highlight(the page's search-field texts, words), reading the fields only until the excerpt is
    settled: the first match is in the text read, and an unmarked word follows the excerpt (so nothing
    further on can change it). Pages that match in their summary or lead are not read further. Each
    field is normalised and folded once (their joins are the normalised and folded whole)."""
    folded_words = _folded_words(words)
    parts = []
    folded_parts = []
    read = 0
    matched = False
    for part in _page_text_parts(page):
        part = normalise(part)
        parts.append(part)
        folded_parts.append(fold_normalised(part))
        read += len(part) + 1
        matched = matched or bool(_spans(part, folded_words, folded_parts[-1]))
        if not matched or read <= length:  # no match yet, or the excerpt would reach past the text read
            continue
        text = " ".join(parts)
        spans = _spans(text, folded_words, " ".join(folded_parts))
        start, end = _excerpt_bounds(text, spans, length)
        if spans and text[max(end, spans[-1][1]) :].strip():
            return _excerpt(text, spans, start, end)
    return _highlighted(" ".join(parts), folded_words, length, " ".join(folded_parts))


def _document_text(document):
    from search.models import DocumentText

    return DocumentText.objects.filter(document=document).values_list("text", flat=True).first() or ""


def highlight(text, words, length=SNIPPET_LENGTH):
    """An escaped excerpt of `text` around the first query word, words wrapped in <mark>, matched
    without accents (fold keeps offsets)."""
    if not text:
        return ""
    return _highlighted(text, _folded_words(words), length)


def _highlighted(text, folded_words, length, folded=None):
    """highlight() with the words already folded (and `folded`: fold(text), when known)."""
    spans = _spans(text, folded_words, folded)
    return _excerpt(text, spans, *_excerpt_bounds(text, spans, length))


def _folded_words(words):
    return sorted({fold(word) for word in words if len(word) > 1 or word.isdigit()}, key=len, reverse=True)


def _spans(text, words, folded=None):
    """Where the (folded) `words` are in `text`, longest words first, adjacent ones merged, in order.
    `folded`: fold(text), when the caller has it already."""
    if folded is None:
        folded = fold(text)
    spans = []
    starts = []  # the starts of `spans`, kept sorted: the spans never overlap
    for word in words:
        for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", folded):
            index = bisect.bisect_left(starts, match.end())
            if index and spans[index - 1][1] > match.start():
                continue  # overlaps a match of a longer word
            starts.insert(index, match.start())
            spans.insert(index, (match.start(), match.end()))
    merged = []
    for span in spans:  # "<mark>năm</mark> <mark>học</mark>" → "<mark>năm học</mark>"
        if merged and not text[merged[-1][1] : span[0]].strip():
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _excerpt_bounds(text, spans, length):
    start = 0
    if spans:
        start = max(0, spans[0][0] - length // 4)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + length)
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _excerpt(text, spans, start, end):
    out = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[cursor:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(escape(text[cursor:end]))
    out.append("…" if end < len(text) else "")
    return mark_safe("".join(out))  # noqa: S308 — every piece of text above is escaped


# --- did you mean -----------------------------------------------------------------------------------


def _vocabulary(locale):
    """{folded word: (its most frequent written form, how many titles and descriptions use it)} of the
    live public pages (titles, search descriptions) and documents (titles): words the index holds."""
    key = f"search:vocabulary:v2:{locale.language_code}"
    vocabulary = search_cache.local_cache().get(key)
    if vocabulary is None:
        from wagtail.documents import get_document_model  # the document model is swappable: read when used

        texts = []
        for title, description in (
            Page.objects.live().public().filter(locale=locale).values_list("title", "search_description")[:5000]
        ):
            texts.extend((title, description))
        texts.extend(get_document_model().objects.values_list("title", flat=True)[:5000])
        forms = Counter()
        for text in texts:
            for word in clean_query(text or "", max_length=1000).lower().split():
                if len(word) > 1 and not word.isdigit():
                    forms[word] += 1
        vocabulary = {}
        for word, count in forms.most_common():  # the most frequent written form of a word comes first
            written, total = vocabulary.get(fold(word), (word, 0))
            vocabulary[fold(word)] = (written, total + count)
        search_cache.local_cache().set(key, vocabulary, 600)
    return vocabulary


def _closest(folded, vocabulary, limit):
    """Up to `limit` words of the vocabulary close to `folded`, the most similar and frequent first."""
    close = difflib.get_close_matches(folded, list(vocabulary), n=limit * 3, cutoff=0.75)

    def rank(candidate):
        return (round(difflib.SequenceMatcher(None, folded, candidate).ratio(), 2), vocabulary[candidate][1])

    return [vocabulary[candidate][0] for candidate in sorted(close, key=rank, reverse=True)[:limit]]


def spelling_candidates(text, locale, limit=3):
    """Other spellings of `text` made of words the index holds, likeliest first: each unknown word
    replaced by a close, frequent word. They are only guesses: `_better_spelling` runs them."""
    vocabulary = _vocabulary(locale)
    options = []
    changed = False
    for word in text.split():
        folded = fold(word)
        if folded in vocabulary or word.isdigit():
            # A word typed without accents is shown with the accents the site's titles use.
            options.append([vocabulary[folded][0] if folded in vocabulary and folded == word.lower() else word])
            continue
        close = _closest(folded, vocabulary, limit)
        changed = changed or bool(close)
        options.append(close or [word])
    if not changed:
        return []
    candidates = []
    for index in range(limit):
        candidate = " ".join(choices[min(index, len(choices) - 1)] for choices in options)
        if candidate not in candidates:
            candidates.append(candidate)
    return candidates


def _better_spelling(text, found_before, locale, pages, documents, visible, filters, user):
    """The first spelling candidate that finds more than the `found_before` results of `text` (all of its
    words, where `text` found none or only some of them), or pages whose title has it as written:
    a suggestion is run before it is offered, never a guess that finds nothing or as little
    ("học bổng" → "học động", both words somewhere in one page, is not offered)."""
    for candidate in spelling_candidates(text, locale):
        wanted = found_before + SHOWN_MARGIN + 1
        found = _backend_hits(candidate, pages, documents, filters, False, wanted)
        if found.relaxed or not found.hits:
            continue
        hits = [hit for hit in _resolved_hits(found, visible, documents, filters, user) if _matches(hit, filters)]
        count = len(hits) + (found.engine.total - len(found.engine.hits) if found.engine is not None else 0)
        phrase = fold(candidate)
        if count > found_before or any(phrase in fold(hit.title) for hit in hits):
            return candidate
    return ""


# --- the function -----------------------------------------------------------------------------------


def _form_errors(form):
    messages = []
    for errors in form.errors.values():
        messages.extend(str(error) for error in errors)
    return messages


def autocomplete(text, user, locale, limit=8):
    """Titles that start with what was typed (accents optional): [(title, url)]."""
    text = clean_query(text)
    if not text:
        return []
    for name in _backend_names():
        try:
            backend = search_backend(name)
            # A page past its expiry that the worker has not unpublished yet is no suggestion either.
            results = backend.autocomplete(text, visible_pages(user, locale, for_backend=True))[: limit * 2]
            now = timezone.now()
            return [(page.title, page.url) for page in results if not page.expire_at or page.expire_at > now][:limit]
        except Exception as error:  # engine down: try the database backend
            logger.warning("search autocomplete failed on %s: %s", name, error.__class__.__name__)
    return []


def run_search(params, user, locale, record=True, with_suggestions=False, request=None):
    """Search for `params` (a QueryDict or dict), as `user`, in `locale`; returns a SearchOutcome.
    `with_suggestions`: also the titles that complete the query (the search page's no-JS fallback).
    Anonymous searches are answered from search.cache when the same one ran a moment ago; `request`,
    when there is one, holds the content version the page cache already read."""
    form = SearchParamsForm(params)
    outcome = SearchOutcome()
    if not form.is_valid():
        outcome.errors = _form_errors(form)
        outcome.query = (params.get("q") or "")[:MAX_QUERY_LENGTH]
        return outcome
    data = form.cleaned_data
    raw = data.get("q") or ""
    text = clean_query(raw, MAX_QUERY_LENGTH)
    outcome.query = normalise(raw)
    filters = {name: data[name] for name in ("type", "year", "category", "issuer", "doc_type", "from", "to")}
    filters = {name: value for name, value in filters.items() if value not in (None, "")}
    outcome.filters = {
        name: value.isoformat() if isinstance(value, datetime.date) else value for name, value in filters.items()
    }
    if data.get("sort"):
        outcome.filters["sort"] = data["sort"]
    if not text:
        if raw:
            outcome.notices.append(_("Type at least one word or number to search for."))
        return outcome

    if request is None:  # the content version is then read once for this search (home.cache.content_version)
        request = SimpleNamespace()
    cache_key = cached = None
    if search_cache.timeout() > 0 and not is_staff(user):
        cache_key = search_cache.key(data, locale, with_suggestions, request)
        cached = search_cache.lookup(cache_key, lambda documents: _documents_still_visible(documents, user))
    if cached is not None:
        outcome = cached
    else:
        _search(outcome, text, data, filters, user, locale, request)
        if with_suggestions:
            outcome.suggestions = autocomplete(outcome.query, user, locale, limit=5)
        if cache_key is not None and not outcome.fallback:  # the engine may answer the next one
            search_cache.store(cache_key, outcome)
    if record:
        outcome.record_id = _record(text, locale, outcome, filters.get("type", ""))
    return outcome


def _documents_still_visible(documents, user):
    """Whether every attached file (of a cached search) may still be shown to `user`."""
    pks = {document.pk for document in documents}
    return visible_documents(user).filter(pk__in=pks).count() == len(pks)


@dataclass
class BackendHits:
    """What _backend_hits found: the hits, the engine's FacetedHits (None from the database backend),
    whether the words were relaxed to any of them, who answered, and the notices to show."""

    hits: list = field(default_factory=list)
    engine: object = None
    relaxed: bool = False
    backend: str = "none"
    fallback: bool = True
    notices: list = field(default_factory=list)


def _backend_hits(text, pages, documents, filters, newest_first, wanted):
    """The hits of the first backend that answers (the engine, then the database backend), all words
    required, or any of them when that finds nothing; never raises."""
    for name in _backend_names():
        try:
            backend = search_backend(name)
            hits, engine = _search_hits(backend, build_query(text), pages, documents, filters, newest_first, wanted)
            found = BackendHits(hits, engine)
            found.relaxed = not _found_anything(hits, engine)
            if found.relaxed:
                relaxed_query = build_query(text, operator="or")
                found.hits, found.engine = _search_hits(
                    backend, relaxed_query, pages, documents, filters, newest_first, wanted
                )
                if _found_anything(found.hits, found.engine):
                    found.notices.append(_("No result has all the words; showing results with some of them."))
        except FieldError:  # a query this code should never build: a bug, logged in full
            logger.exception("search query rejected by backend %s", name)
            continue
        except Exception as error:  # any engine or driver failure: fall back, never a 500
            logger.warning("search failed on backend %s: %s", name, error.__class__.__name__)
            continue
        found.backend = "engine" if name == "default" and hasattr(backend, "es") else "database"
        found.fallback = name != "default"
        if found.fallback:
            found.notices.append(
                _(
                    "The search engine is not answering; these results come from a simpler search "
                    "and may be less complete."
                )
            )
        return found
    return BackendHits(notices=[_("Search is unavailable at the moment. Please try again in a few minutes.")])


def _resolved_hits(found, visible, documents, filters, user):
    """Hit objects for `found`'s hits that the database still shows `user`: pages checked against
    `visible` again (what the index holds may be stale), documents against their collections."""
    engine = found.engine
    scores = _normalised_scores(found.hits, {"page": min(engine.total, MAX_HITS)} if engine is not None else None)
    page_pks = [pk for kind, pk, _score in found.hits if kind == "page"]
    doc_pks = [pk for kind, pk, _score in found.hits if kind in ("document", "document_text")]
    resolved = []
    if page_pks:
        allowed = _not_expired(visible).filter(pk__in=page_pks)
        if filters.get("type") in PAGE_TYPES:
            allowed = allowed.type(apps.get_model(PAGE_TYPES[filters["type"]]))
        for page in _page_rows(allowed, whole=engine is not None):
            resolved.append(_page_hit(page, scores.get(("page", page.pk), 0)))
    if doc_pks and documents is not None:
        for document in visible_documents(user).filter(pk__in=doc_pks):
            resolved.append(_document_hit(document, scores.get(("document", document.pk), 0)))
    return resolved


def _search(outcome, text, data, filters, user, locale, request):
    """The search itself: fills `outcome` (results, count, facets, promoted, notices, suggestion)."""
    # Once per search (for visitors, once per content version): the withdrawn ids and view restrictions.
    visible = visible_pages(user, locale, for_backend=True, request=request)
    pages = visible
    documents = None
    if filters.get("type") in (None, "document"):
        from wagtail.documents import get_document_model

        # Collections are not a filter field of documents in the index: who may see a document is
        # checked in the database on the hits (visible_documents below).
        documents = get_document_model().objects.all()
    if filters.get("type") in PAGE_TYPES:
        pages = pages.type(apps.get_model(PAGE_TYPES[filters["type"]]))
    if filters.get("type") == "document":
        pages = pages.none()

    newest_first = data.get("sort") == "newest"
    page_size = data.get("page_size") or PAGE_SIZE
    shown_up_to = (data.get("page") or 1) * page_size
    outcome.promoted = _promoted_hits(text, visible, filters, request)
    promoted_keys = {(hit.type, hit.page.pk) for hit in outcome.promoted}
    # An engine sends the best hits up to the page shown, plus the promoted pages (shown above the
    # results, so left out of them) and a few for the database check to drop; should more be dropped,
    # the page is asked for again with twice as many.
    wanted = shown_up_to + len(outcome.promoted) + SHOWN_MARGIN
    while True:
        found = _backend_hits(text, pages, documents, filters, newest_first, wanted)
        resolved = [
            hit
            for hit in _resolved_hits(found, visible, documents, filters, user)
            if (hit.type, hit.page.pk) not in promoted_keys
        ]
        matching = [hit for hit in resolved if _matches(hit, filters)]
        unfetched = found.engine.total - len(found.engine.hits) if found.engine is not None else 0
        if unfetched <= 0 or len(matching) >= shown_up_to or wanted >= MAX_ENGINE_HITS:
            break
        wanted = min(wanted * 2, MAX_ENGINE_HITS)
    outcome.backend = found.backend
    outcome.fallback = found.fallback
    outcome.notices.extend(found.notices)

    # The engine filtered the pages, or more pages matched than were fetched: facets (each counted
    # without its own filter) come from the engine, plus the documents found here, and the count adds the
    # matches not fetched. Otherwise every hit is here, checked in the database, and counted here.
    if found.engine is not None and (unfetched > 0 or filters):
        documents_found = [hit for hit in resolved if hit.type == "document"]
        outcome.facets = ordered_facets(_merged_counts(found.engine.counts, facet_counts(documents_found, filters)))
    else:
        outcome.facets = compute_facets(resolved, filters)
    if newest_first:
        matching.sort(key=lambda hit: (hit.date or datetime.date.min, hit.score), reverse=True)
    else:
        matching.sort(key=lambda hit: hit.score, reverse=True)

    outcome.count = len(matching) + max(unfetched, 0)
    paginator = Paginator(HitWindow(matching, min(outcome.count, MAX_ENGINE_HITS)), page_size)
    number = min(data.get("page") or 1, paginator.num_pages)
    outcome.results = paginator.page(number)
    _load_shown_pages(outcome.results)
    words = text.split()
    for variant in query_variants(text)[1:]:
        words.extend(variant.split())
    for hit in outcome.promoted + list(outcome.results):
        if hit.type != "document":
            hit.url = hit.page.url or ""
        if hit.type == "document":
            hit.snippet = highlight(_document_text(hit.page), words)
        else:
            hit.snippet = _page_snippet(hit.page, words)
        hit.title_html = highlight(normalise(hit.title), words, length=1000)

    if found.relaxed or (not outcome.count and not outcome.promoted):
        outcome.suggestion = _better_spelling(text, outcome.count, locale, pages, documents, visible, filters, user)
    if not outcome.count and not outcome.promoted:
        outcome.notices.append(_("No results. Try fewer or different words."))


def _promotions():
    """{query: [promoted page ids, in order]} of every editors' pick."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    promoted = {}
    rows = SearchPromotion.objects.filter(page__isnull=False).order_by("sort_order", "pk")
    for query, page_id in rows.values_list("query__query_string", "page_id"):
        promoted.setdefault(query, []).append(page_id)
    return promoted


def _promoted_hits(text, visible, filters, request=None):
    """Editors' picks (wagtail.contrib.search_promotions) for this exact query, if among the `visible`
    pages and not expired."""
    if filters:
        return []
    from home.cache import until_next_purge

    # Kept until the next purge or a change of promotions (search.cache.bump changes the generation).
    promotions = until_next_purge(
        request, f"search:promotions:{search_cache.generation()}", _promotions, VISIBILITY_TIMEOUT
    )
    pks = promotions.get(text.lower(), [])
    if not pks:
        return []
    visible = {page.pk: page for page in _not_expired(visible).filter(pk__in=pks).specific()}
    hits = []
    for pk in pks:
        if pk in visible:
            hit = _page_hit(visible[pk], 1.0)
            hit.promoted = True
            hits.append(hit)
    return hits


def _record(text, locale, outcome, result_type):
    outcome.record_fields = {
        "query": text.lower()[:200],
        "locale": locale.language_code,
        "result_count": outcome.count + len(outcome.promoted),
        "result_type": result_type,
        "backend": outcome.backend or "none",
    }
    return record_search(outcome.record_fields)


def record_search(fields):
    """One search in the analytics report (a QueryRecord of `fields`): its id, or None if it failed."""
    from search.models import QueryRecord

    try:
        return QueryRecord.objects.create(**fields).pk
    except Exception as error:  # analytics must never break a search
        logger.warning("could not record a search query: %s", error.__class__.__name__)
        return None


def search_from_request(request, locale=None):
    locale = locale or Locale.get_active()
    return run_search(request.GET, request.user, locale, with_suggestions=True, request=request)


# Each group's own heading in both languages ("Loại" alone would head two groups in Vietnamese).
FACET_TITLES = [
    ("type", gettext_lazy("Content type")),
    ("year", gettext_lazy("School year")),
    ("category", gettext_lazy("News section")),
    ("doc_type", gettext_lazy("Document type")),
    ("issuer", gettext_lazy("Issued by")),
]
# Filters the panel's own fields set; the others (chosen in a facet) travel as hidden fields.
FORM_FILTERS = ("type", "from", "to", "sort")


def page_context(request, outcome, locale):
    """What the HTML page needs beyond the outcome: facet links, choices, no-JS suggestions."""
    from urllib.parse import urlencode

    base = {"q": outcome.query, **outcome.filters}
    groups = []
    for name, title in FACET_TITLES:
        buckets = []
        for value, label, count in outcome.facets.get(name, []):
            active = str(outcome.filters.get(name, "")) == str(value)
            params = {key: val for key, val in base.items() if key != name}
            if not active:
                params[name] = value
            buckets.append((value, label, count, "?" + urlencode(params), active))
        groups.append(((name, title), buckets))
    for hit in outcome.promoted + outcome.hits:
        hit.type_label = TYPE_LABELS.get(hit.type, "")
    active = [name for name in outcome.filters if name != "sort"]
    return {
        "facet_groups": groups,
        "show_filters": bool(outcome.query and (outcome.count or active)),
        "active_filter_count": len(active),
        "hidden_filters": [(name, value) for name, value in outcome.filters.items() if name not in FORM_FILTERS],
        "type_title": dict(FACET_TITLES)["type"],
        "type_choices": [(key, label) for key, label in TYPE_LABELS.items() if key != "page"],
        "sort_choices": SORTS,
        "pagination_filters": base,
    }

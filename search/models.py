"""The search page and the editors' synonym list (the text inside documents is the `documents` app's
`DocumentText`; the anonymous query log is `search_analytics.QueryRecord`).

The search page lives in the page tree so that it has a localized URL (/vi/tim-kiem/, /en/search/).
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

from core.families import Section
from home.cache import keep_on_server
from home.models import BasePage
from search import cache as search_cache
from search_analytics.records import record_search


class SearchPage(BasePage):
    section = Section(90, "tim-kiem", "Tìm kiếm", "search", "Search", crawled=False)
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    # Results pages are endless combinations of queries: search engines follow their links, never index them.
    schema_type = "SearchResultsPage"
    robots = "noindex, follow"

    class Meta:
        verbose_name = _("search page")
        verbose_name_plural = _("search pages")

    def get_context(self, request, *args, **kwargs):
        from search.page import page_context, search_from_request  # a cycle: search.page reads these models

        context = super().get_context(request, *args, **kwargs)
        context["search"] = search_from_request(request, locale=self.locale)
        context.update(page_context(request, context["search"], self.locale))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        search = getattr(response, "context_data", {}).get("search")
        if search is not None and search.errors:
            response.status_code = 400
        if request.GET:
            # Results depend on who asks (intranet pages for staff) and every search is counted: no browser
            # or shared cache may keep a results page. The page cache may, for anonymous visitors, as long
            # as each hit is counted with its own click-through id.
            response["Cache-Control"] = "private, no-cache"
            if search is not None and search.record_id and not search.errors and not search.fallback:
                keep_results_page(response, search)
        return response


def keep_results_page(response, search):
    """Let the page cache keep an anonymous results page as long as the search results cache would keep
    its answer (search.cache: SEARCH_CACHE_TIMEOUT, never past the earliest expiry of a page shown)."""
    timeout = search_cache.timeout()
    expiry = search_cache.earliest_expiry(search)
    if expiry is not None:
        timeout = min(timeout, int((expiry - timezone.now()).total_seconds()))
    if timeout > 0:
        data = {"record_id": search.record_id, "fields": search.record_fields}
        keep_on_server(response, timeout, on_hit=count_cached_search, data=data)


def count_cached_search(request, response, data):
    """A results page answered by the page cache is still one search in the report, and its result
    links carry the click-through id of this search, not of the first one."""
    record_id = record_search(data["fields"])
    if record_id is None:  # not recorded: the page keeps the first search's links
        return response
    first, this = (reverse("search_analytics:click", args=[token]).encode() for token in (data["record_id"], record_id))
    response.content = response.content.replace(first, this)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response


@register_snippet
class Synonym(models.Model):
    """An abbreviation or term and the words it stands for; a search for either finds both."""

    term = models.CharField(
        _("term or abbreviation"), max_length=100, unique=True, help_text=_("For example THPT, GDĐT or HS.")
    )
    expansions = models.TextField(
        _("stands for"),
        help_text=_("One meaning per line, for example “trung học phổ thông”."),
    )

    panels = [FieldPanel("term"), FieldPanel("expansions")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["term"]

    def __str__(self):
        return self.term

    def expansion_list(self):
        return [line.strip() for line in self.expansions.replace(",", "\n").splitlines() if line.strip()]

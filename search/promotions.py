"""Editors' picks (Settings → Promoted search results, wagtail.contrib.search_promotions), shown above the
results of their exact query."""

from wagtail.contrib.search_promotions.models import SearchPromotion

from home.cache import until_next_purge
from search import cache as search_cache
from search.results import page_hit
from search.visibility import VISIBILITY_TIMEOUT, not_expired


def _promotions():
    """{query: [promoted page ids, in order]} of every editors' pick."""
    promoted = {}
    rows = SearchPromotion.objects.filter(page__isnull=False).order_by("sort_order", "pk")
    for query, page_id in rows.values_list("query__query_string", "page_id"):
        promoted.setdefault(query, []).append(page_id)
    return promoted


def promoted_hits(text, visible, filters, request=None):
    """Editors' picks for this exact query, if among the `visible()` pages and not expired (none when the
    search is filtered). `visible` is called only when the query has picks."""
    if filters:
        return []
    # Kept until the next purge or a change of promotions (search.cache.bump changes the generation).
    promotions = until_next_purge(
        request, f"search:promotions:{search_cache.generation()}", _promotions, VISIBILITY_TIMEOUT
    )
    pks = promotions.get(text.lower(), [])
    if not pks:
        return []
    visible = {page.pk: page for page in not_expired(visible()).filter(pk__in=pks).specific()}
    hits = []
    for pk in pks:
        if pk in visible:
            hit = page_hit(visible[pk], 1.0)
            hit.promoted = True
            hits.append(hit)
    return hits

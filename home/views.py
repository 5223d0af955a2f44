"""What crawlers and share previews fetch outside the page tree: robots.txt, the favicon, share cards."""

from functools import cache

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from core.families import sections
from home.models import SchoolSettings
from home.seo import absolute_url
from home.share_cards import card_file, card_key


def disallowed():
    """Paths no crawler needs: the admin, the search API, the language switch, and search results (endless
    combinations of queries and filters) wherever a query appears and at the sections declared not crawled
    (`Section(crawled=False)`: the search pages bootstrap_site makes)."""
    search_pages = [
        f"/{code}/{slug}/"
        for _model, section in sections()
        if not section.crawled
        for code, slug in (("vi", section.slug), ("en", section.en_slug))
    ]
    return ["/admin/", "/api/", "/i18n/", *search_pages, "/*?q=", "/*&q="]


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed()), ""]
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cache
def _favicon_bytes():
    with open(finders.find("icons/favicon.ico"), "rb") as file:
        return file.read()


@require_safe
@cache_control(max_age=604800, public=True)
def favicon(request):
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


@require_safe
@cache_control(max_age=31536000, public=True, immutable=True)
def share_card(request, page_id, key):
    """The share card of a live, public page; an old key moves to the current card, anything else is 404."""
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:  # a draft, an intranet page or no page: nothing to show
        raise Http404
    current = card_key(page)
    if key != current:
        return redirect("share_card", page_id=page.pk, key=current, permanent=False)
    site = Site.find_for_request(request)
    school_name = SchoolSettings.for_site(site).school_name if site else ""
    return FileResponse(default_storage.open(card_file(page, school_name)), content_type="image/png")

"""The <head> that crawlers and share previews read (includes/seo_head.html) and the share links.

Everything absolute comes from `SITE_URL` (home.seo): the canonical link, hreflang alternates, Open
Graph and JSON-LD. A page type describes itself through `structured_data()`, `meta_description()`,
`robots` and `get_sharing_image()` (home.models.BasePage).
"""

from urllib.parse import urlencode

from django import template
from django.conf import settings

from home.cache import until_next_purge
from home.models import SchoolSettings, load_school_settings
from home.seo import absolute_url, breadcrumb_list, iso, json_ld
from home.share_cards import HEIGHT, WIDTH, card_url
from home.templatetags.site_tags import _active_home, breadcrumbs, language_links

register = template.Library()

OG_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
SHARE_TARGETS = [
    ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php", "u"),
    ("zalo", "Zalo", "https://sp.zalo.me/share_inline", "url"),
]


def school_settings(request):
    load_school_settings(request)
    school = getattr(request, SchoolSettings.get_cache_attr_name(), None)
    return school if school is not None else SchoolSettings()


def canonical_url(context, request, page, path):
    """The page's public address; a later page of a listing keeps its number, a routed sub-page its path."""
    url = absolute_url(request.path if request.path.startswith(path) else path)
    number = getattr(context.get("items"), "number", 1)
    return f"{url}?page={number}" if number > 1 else url


def description(request, page, school):
    """The page's own description, else the home page's summary (kept until the next purge: pages without a
    description of their own, a search among them, would each read the home page whole for it)."""
    text = page.meta_description()
    if not text:
        home = _active_home(request)
        if home is not None:
            text = until_next_purge(
                request,
                f"home-summary:{home.pk}",
                lambda: getattr(home.specific, "summary", ""),
                settings.PAGE_CACHE_TIMEOUT,
            )
    return text or f"{page.title} – {school.school_name}"


def sharing_image(page):
    """(absolute URL, width, height, is the page's own image) of what a share shows."""
    image = None if getattr(page, "withdrawn", False) else page.get_sharing_image()
    if image is not None:
        rendition = image.get_rendition("fill-1200x630")
        return absolute_url(rendition.url), rendition.width, rendition.height
    if page.live and page.live_revision_id:
        return absolute_url(card_url(page)), WIDTH, HEIGHT
    return None, None, None


@register.inclusion_tag("includes/seo_head.html", takes_context=True)
def seo_head(context):
    request = context.get("request")
    page = context.get("page")
    if request is None or not hasattr(page, "structured_data"):
        return {}
    path = page.get_url(request)
    if not path:
        return {}
    school = school_settings(request)
    canonical = canonical_url(context, request, page, path)
    alternates = [
        {"code": link["code"], "url": absolute_url(link["url"])}
        for link in language_links(context, page)
        if link["exact"]
    ]
    default = next((link["url"] for link in alternates if link["code"] == settings.LANGUAGE_CODE), None)
    image, width, height = sharing_image(page)
    crumbs = [(crumb.title, absolute_url(crumb.get_url(request))) for crumb in breadcrumbs(context, page)]
    structured = page.structured_data(request, url=absolute_url(path), school=school, image=image)
    if crumbs:
        structured.append(breadcrumb_list([*crumbs, (page.title, absolute_url(path))]))
    language = page.locale.language_code
    robots = page.robots or ("noindex" if getattr(page, "withdrawn", False) else "")
    return {
        "page": page,
        "canonical": canonical,
        "alternates": alternates,
        "x_default": default,
        "description": description(request, page, school),
        "robots": robots,
        "og_type": "article" if page.date else "website",
        "og_locale": OG_LOCALES.get(language, language),
        "og_locale_alternates": [OG_LOCALES.get(link["code"]) for link in alternates if link["code"] != language],
        "site_name": school.school_name,
        "image": image,
        "image_width": width,
        "image_height": height,
        "published": iso(page.first_published_at),
        "modified": iso(page.last_published_at),
        "json_ld": json_ld(structured),
    }


@register.inclusion_tag("includes/share_links.html", takes_context=True)
def share_links(context, page):
    """Plain links to share the page on Facebook and Zalo: no third-party script, nothing loaded until clicked."""
    url = absolute_url(page.get_url(context.get("request")))
    return {
        "links": [
            {"key": key, "name": name, "url": f"{address}?{urlencode({parameter: url})}"}
            for key, name, address, parameter in SHARE_TARGETS
        ]
    }

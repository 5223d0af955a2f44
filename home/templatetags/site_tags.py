"""Navigation, breadcrumbs and the language switcher, shared by every public template."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Site

from home.cache import until_next_purge
from home.change_notes import exclude_withdrawn
from home.models import private_pages_q

register = template.Library()


def _request_memo(request):
    """Look-ups shared by the header, menu, breadcrumbs and language switcher of one response."""
    if request is None:
        return {}
    if not hasattr(request, "_site_tags_memo"):
        request._site_tags_memo = {}
    return request._site_tags_memo


def _locales(request):
    memo = _request_memo(request)
    if "locales" not in memo:
        memo["locales"] = {locale.language_code: locale for locale in Locale.objects.all()}
    return memo["locales"]


def _site_home(request, locale):
    memo = _request_memo(request)
    key = ("home", locale.pk)
    if key not in memo:
        site = Site.find_for_request(request)
        root = site.root_page if site is not None else None
        if root is not None and root.locale_id != locale.pk:
            root = root.get_translation_or_none(locale)
        memo[key] = root
    return memo[key]


def _active_locale(request):
    return _locales(request).get(translation.get_language()) or Locale.get_active()


@register.simple_tag(takes_context=True)
def site_home(context):
    request = context.get("request")
    return _site_home(request, _active_locale(request)) if request else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's live, public, not withdrawn children shown in menus; kept until the next purge."""
    home = site_home(context)
    if home is None:
        return []
    request = context.get("request")
    return until_next_purge(
        request,
        f"mainmenu:{home.pk}",
        lambda: list(exclude_withdrawn(home.get_children().live().in_menu().exclude(private_pages_q(request)))),
        getattr(settings, "PAGE_CACHE_TIMEOUT", 600),
    )


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """Ancestors from the locale's home page down to the page's parent."""
    if page is None or page.depth <= 2:
        return []
    return page.get_ancestors().filter(depth__gte=2).live()


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """One link per site language: the page's live translation, or that language's home page.

    `exact` tells whether the link is the same page in the other language (used for hreflang).
    """
    request = context.get("request")
    locales = _locales(request)
    links = []
    current = translation.get_language()
    for code, name in settings.LANGUAGES:
        locale = locales.get(code)
        target = None
        if locale is not None and page is not None and getattr(page, "locale_id", None):
            target = page if page.locale_id == locale.pk else page.get_translation_or_none(locale)
            if target is not None and not target.live:
                target = None
        exact = target is not None
        if target is None and locale is not None and request is not None:
            target = _site_home(request, locale)
        url = (target.get_url(request) if target is not None else None) or f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current, "exact": exact})
    return links

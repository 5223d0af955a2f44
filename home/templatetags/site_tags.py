"""Navigation, breadcrumbs and the language switcher, shared by every public template."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale

from home.cache import until_next_purge
from home.change_notes import exclude_withdrawn
from home.models import private_pages_q, routed_ancestors, site_translations

register = template.Library()


def _home(request, code):
    return site_translations(request).get(code, {}).get("home")


def _active_home(request):
    code = translation.get_language()
    if code not in site_translations(request):  # no Locale for it: Wagtail falls back to the default locale
        code = Locale.get_active().language_code
    return _home(request, code)


@register.simple_tag(takes_context=True)
def site_home(context):
    request = context.get("request")
    return _active_home(request) if request else None


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
        settings.PAGE_CACHE_TIMEOUT,
    )


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """Ancestors from the locale's home page down to the page's parent."""
    if page is None or page.depth <= 2:
        return []
    ancestors = routed_ancestors(page)
    if ancestors is not None:
        return [ancestor for ancestor in ancestors if ancestor.depth >= 2 and ancestor.live]
    return page.get_ancestors().filter(depth__gte=2).live()


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """One link per site language: the page's live translation, or that language's home page.

    `exact` tells whether the link is the same page in the other language (used for hreflang).
    """
    request = context.get("request")
    translations = site_translations(request, page)
    links = []
    current = translation.get_language()
    for code, name in settings.LANGUAGES:
        entry = translations.get(code, {})
        target = None
        if page is not None and getattr(page, "locale_id", None):
            locale = entry.get("locale")
            target = page if locale is not None and locale.pk == page.locale_id else entry.get("page")
            if target is not None and not target.live:
                target = None
        exact = target is not None
        if target is None and request is not None:
            target = entry.get("home")
        url = (target.get_url(request) if target is not None else None) or f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current, "exact": exact})
    return links

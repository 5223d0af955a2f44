"""Navigation, breadcrumbs and the language switcher, shared by every public template."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page, Site

register = template.Library()


def _site_home(request, locale):
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    if root.locale_id == locale.pk:
        return root
    return root.get_translation_or_none(locale)


@register.simple_tag(takes_context=True)
def site_home(context):
    request = context.get("request")
    return _site_home(request, Locale.get_active()) if request else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    home = site_home(context)
    if home is None:
        return Page.objects.none()
    return home.get_children().live().public().in_menu()


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
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
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

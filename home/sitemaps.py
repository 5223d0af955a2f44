"""One sitemap for every language: the site's root page and its translations, each with its tree.

Wagtail's own sitemap walks only the site's root page (the Vietnamese tree); the English tree is a
sibling translation of it, so it would be missing.
"""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from home.change_notes import exclude_withdrawn


class AllLocalesSitemap(Sitemap):
    def items(self):
        pages = Page.objects.none()
        for root in self.get_wagtail_site().root_page.get_translations(inclusive=True):
            pages |= Page.objects.descendant_of(root, inclusive=True)
        return exclude_withdrawn(pages.live().public()).order_by("path").defer_streamfields().specific()

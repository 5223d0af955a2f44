"""Fixes for upstream admin strings that are translated too early to follow the editor's language."""

from django.utils.translation import gettext_lazy


class LazyHomeBreadcrumbMixin:
    """Upstream gap: SnippetViewSet.breadcrumbs_items labels its first breadcrumb with a plain gettext("Home")
    when the admin's URLs are loaded, so a snippet with its own menu item shows "Home" in whatever language
    the first request had (an English visitor's: "Home" for every editor since). The label is made lazy
    again; tests/test_upstream_catalogue.py fails once upstream does it itself."""

    @property
    def breadcrumbs_items(self):
        home, *rest = super().breadcrumbs_items
        return [{**home, "label": gettext_lazy("Home")}, *rest]

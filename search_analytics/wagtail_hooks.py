"""Admin: the search report (top queries, zero-result queries, click-through)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search_analytics import admin_views


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("reports/search-queries/", admin_views.search_report, name="search_query_report")]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        _("Site search queries"),
        reverse("search_query_report"),
        name="site-search-queries",
        icon_name="search",
        order=1310,
    )

"""The search page lives in the page tree so that it has a localized URL (/vi/tim-kiem/, /en/search/)."""

from django.utils.translation import gettext_lazy as _

from home.models import BasePage


class SearchPage(BasePage):
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("search page")
        verbose_name_plural = _("search pages")

    def get_context(self, request, *args, **kwargs):
        from search.query import search_from_request

        context = super().get_context(request, *args, **kwargs)
        context["search"] = search_from_request(request, locale=self.locale)
        return context

from django.utils.translation import gettext as _
from wagtail import hooks

from home.change_notes import exclude_withdrawn
from home.sections import HomeSection, first_child_of_type
from news.models import NewsIndexPage, NewsPage


@hooks.register("site_lak_home_sections")
def latest_news(home_page):
    index = first_child_of_type(home_page, NewsIndexPage)
    if index is None:
        return None
    items = exclude_withdrawn(NewsPage.objects.child_of(index).live().public()).order_by("-date", "-pk")[:6]
    return HomeSection("news", _("Latest news"), list(items), index.url, _("All news"), order=10)

from django.utils.translation import gettext as _
from wagtail import hooks

from home.sections import HomeSection
from news import demo
from news.models import NewsIndexPage, NewsPage


@hooks.register("site_lak_home_sections")
def latest_news(source):
    index = source.index(NewsIndexPage)
    if index is None:
        return None
    items = source.listed(NewsPage, index).select_related("social_image", "lead_image").order_by("-date", "-pk")[:6]
    return HomeSection("news", _("Latest news"), list(items), index.url, _("All news"), order=10)


# `bootstrap_site --demo` (core/demo.py).
hooks.register("site_lak_demo", demo.create_demo_pages)

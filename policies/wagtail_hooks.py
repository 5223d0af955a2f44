from django.utils.translation import gettext as _
from wagtail import hooks

from home.sections import HomeSection
from policies import demo
from policies.models import PolicyIndexPage, PolicyPage


@hooks.register("site_lak_home_sections")
def newest_documents(source):
    index = source.index(PolicyIndexPage)
    if index is None:
        return None
    items = source.listed(PolicyPage, index).select_related("social_image").order_by("-issued_date", "-pk")[:5]
    return HomeSection("documents", _("Newest documents"), list(items), index.url, _("All documents"), order=40)


# `bootstrap_site --demo` (core/demo.py).
hooks.register("site_lak_demo", demo.create_demo_pages)

from django.utils.translation import gettext as _
from wagtail import hooks

from home.sections import HomeSection
from people import demo
from people.models import PeopleIndexPage, PersonPage


@hooks.register("site_lak_home_sections")
def featured_people(source):
    index = source.index(PeopleIndexPage)
    if index is None:
        return None
    items = source.listed(PersonPage, index).select_related("social_image", "photo").order_by("-first_published_at")[:3]
    return HomeSection("people", _("Exemplary people"), list(items), index.url, _("All profiles"), order=30)


# `bootstrap_site --demo` (core/demo.py).
hooks.register("site_lak_demo", demo.create_demo_pages)

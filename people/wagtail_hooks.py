from django.utils.translation import gettext as _
from wagtail import hooks

from home.change_notes import exclude_withdrawn
from home.sections import HomeSection, first_child_of_type
from people.models import PeopleIndexPage, PersonPage


@hooks.register("site_lak_home_sections")
def featured_people(home_page):
    index = first_child_of_type(home_page, PeopleIndexPage)
    if index is None:
        return None
    items = exclude_withdrawn(PersonPage.objects.child_of(index).live().public()).order_by("-first_published_at")[:3]
    return HomeSection("people", _("Exemplary people"), list(items), index.url, _("All profiles"), order=30)

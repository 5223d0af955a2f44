from django.utils.translation import gettext as _
from wagtail import hooks

from home.change_notes import exclude_withdrawn
from home.sections import HomeSection, first_child_of_type
from policies.models import PolicyIndexPage, PolicyPage


@hooks.register("site_lak_home_sections")
def newest_documents(home_page):
    index = first_child_of_type(home_page, PolicyIndexPage)
    if index is None:
        return None
    items = exclude_withdrawn(PolicyPage.objects.child_of(index).live().public()).order_by("-issued_date", "-pk")[:5]
    return HomeSection("documents", _("Newest documents"), list(items), index.url, _("All documents"), order=40)

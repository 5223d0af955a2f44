"""A demo profile for `bootstrap_site --demo` (the `site_lak_demo` hook in people/wagtail_hooks.py). Idempotent."""

from core.bootstrap import ensure_child
from people.models import PeopleIndexPage, PersonPage


def create_demo_pages(home, home_en):
    """An exemplary student under the people index of `home`."""
    ensure_child(
        PeopleIndexPage.objects.child_of(home).get(),
        PersonPage,
        "em-nguyen-van-an",
        "Em Nguyễn Văn An – tấm gương vượt khó",
        role="student",
        school_year="2023-2024",
        achievement="Học sinh xuất sắc",
        summary="Vừa học tốt vừa phụ giúp gia đình, An là tấm gương vượt khó của nhà trường.",
    )

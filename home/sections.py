"""The home page's sections, contributed by each app through the `site_lak_home_sections` hook.

Each hook function takes the home page and returns a `HomeSection` or None; the home page never
imports another app's models, so apps stay independent (DESIGN.md: apps talk through hooks).
"""

from dataclasses import dataclass, field

from wagtail import hooks


@dataclass
class HomeSection:
    key: str
    title: str
    items: list
    more_url: str = ""
    more_label: str = ""
    order: int = 100
    extra: dict = field(default_factory=dict)


def home_sections(home_page):
    sections = []
    for provider in hooks.get_hooks("site_lak_home_sections"):
        section = provider(home_page)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda section: section.order)


def first_child_of_type(home_page, model):
    """The live index page of `model` directly under `home_page` (same locale), or None."""
    return model.objects.child_of(home_page).live().first()

"""The home page's sections, contributed by each app through the `site_lak_home_sections` hook.

Each hook function takes a `SectionSource` (the home page and the look-ups every section needs) and
returns a `HomeSection` or None; the home page never imports another app's models, so apps stay
independent (DESIGN.md: apps talk through hooks).

The sections of a home page are computed once per page-cache generation
(`home.cache.content_version`) and kept in the cache for at most `HOME_SECTIONS_TIMEOUT` seconds,
so a publish, unpublish, withdrawal or view restriction shows up at the next render, and the dates
that move sections on their own (an exam passing, a consultation closing) within that timeout.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.models import Locale, Page

from home.cache import until_next_purge
from home.change_notes import exclude_withdrawn
from home.models import private_pages_q


@dataclass
class HomeSection:
    key: str
    title: str
    items: list
    more_url: str = ""
    more_label: str = ""
    order: int = 100
    extra: dict = field(default_factory=dict)
    # The language of the items when it is not the page's: untranslated, they come from the original.
    items_language: str = ""


class SectionSource:
    """What the sections of one home page share, each looked up once per render."""

    def __init__(self, home_page, request=None):
        self.home_page = home_page
        self.request = request

    @cached_property
    def _live_children(self):
        return list(self.home_page.get_children().live())

    @cached_property
    def _private_q(self):
        return private_pages_q(self.request)

    def index(self, model):
        """The first live child of the home page of type `model` (a plain `Page`), or None."""
        return next((page for page in self._live_children if issubclass(page.specific_class or Page, model)), None)

    def listed(self, model, parent):
        """Live `model` children of `parent` an anonymous visitor may see: public and not withdrawn.

        Their StreamFields are not loaded: sections show titles, summaries, dates and images only.
        """
        queryset = model.objects.child_of(parent).live().exclude(self._private_q).defer_streamfields()
        return exclude_withdrawn(queryset)


def compute_sections(home_page, request=None):
    """The home page's sections. On a translated home page (English), a section with nothing translated
    yet shows the original's items (Vietnamese, marked as such, linking to the original section)
    rather than being empty."""
    source = SectionSource(home_page, request)
    default = Locale.get_default()
    original = home_page.get_translation_or_none(default) if home_page.locale_id != default.pk else None
    original_source = SectionSource(original, request) if original is not None else None
    sections = []
    for provider in hooks.get_hooks("site_lak_home_sections"):
        section = provider(source)
        if section is not None and not section.items and original_source is not None:
            untranslated = provider(original_source)
            if untranslated is not None and untranslated.items:
                section.items = untranslated.items
                section.more_url = untranslated.more_url
                section.items_language = default.language_code
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda section: section.order)


def home_sections(home_page, request=None):
    # The day is in the key: upcoming exams and open consultations move on with the date.
    key = f"homesections:{home_page.pk}:{translation.get_language() or ''}:{timezone.localdate().isoformat()}"
    timeout = settings.HOME_SECTIONS_TIMEOUT
    return until_next_purge(request, key, lambda: compute_sections(home_page, request), timeout)

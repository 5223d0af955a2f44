"""The home page and the school's settings as `bootstrap_site` makes them; core/bootstrap.py asks for them
through the Wagtail hook `site_lak_home_page` (registered in home/wagtail_hooks.py)."""

from django.db import transaction
from wagtail.models import Page, Site

from home.models import HomePage, SchoolSettings, SchoolTexts
from home.seo import site_address

HOME_SUMMARY = "Trang thông tin điện tử của Trường THPT Lắk, huyện Lắk, tỉnh Đắk Lắk."

# How the home page reads in English (the translation `bootstrap_site` makes).
HOME_IN_ENGLISH = {
    "Trường THPT Lắk": "Lak High School",
    "trang-chu": "home",
    HOME_SUMMARY: "The website of Lak High School, Lak district, Dak Lak province, Vietnam.",
}


def home_page(locale):
    """The `site_lak_home_page` hook: (the home page, its English texts)."""
    return ensure_home(locale), HOME_IN_ENGLISH


@transaction.atomic
def ensure_home(vi_locale):
    """The Vietnamese home page at the tree root, made the default site's root."""
    root = Page.get_first_root_node()
    if root is None:  # an emptied database (Wagtail's migration normally creates the root)
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=vi_locale))
    home = HomePage.objects.filter(depth=2, locale=vi_locale).first()
    if home is None:
        remove_placeholder_pages()
        home = HomePage(
            title="Trường THPT Lắk",
            slug="trang-chu",
            locale=vi_locale,
            summary=HOME_SUMMARY,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    # The default site answers at SITE_URL: its host and port follow the setting on every deploy.
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True, site_name="Trường THPT Lắk")
    site.hostname, site.port = hostname, port
    site.root_page = home
    site.site_name = site.site_name or "Trường THPT Lắk"
    site.save()
    ensure_school_texts(SchoolSettings.for_site(site), vi_locale)  # for_site creates the settings row
    return home


def remove_placeholder_pages():
    """Wagtail's own migration leaves a placeholder "Welcome" page; it is not ours to keep."""
    for placeholder in Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore"):
        if not placeholder.get_children().exists():
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()


def ensure_school_texts(school, locale):
    """The school's texts in Vietnamese, the source wagtail-localize translates (docs/i18n.md); a site
    bootstrapped before they existed gets them from its school settings."""
    if not SchoolTexts.objects.filter(locale=locale).exists():
        SchoolTexts.objects.create(
            locale=locale, **{name: getattr(school, name, "") for name in SchoolTexts.TEXT_FIELDS}
        )

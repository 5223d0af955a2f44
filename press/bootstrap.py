"""The press page in the tree and its old address, made by `bootstrap_site` (through the "site_lak_bootstrap" hook).

The page lives at /vi/thong-tin-cho-bao-chi/ and /en/press/. Until 2024 the demo had a plain page at
/vi/thong-tin-bao-chi/; that address answers with a permanent redirect to the press page.
"""

from django.contrib.auth.models import Permission
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale

from core.bootstrap import APPROVERS, REVIEWERS, ensure_child
from home.translation import translate_page
from press.pages import PressPage

SLUG = "thong-tin-cho-bao-chi"
TITLE = "Thông tin cho báo chí"
SUMMARY = "Nhà trường cung cấp thông tin cho báo chí qua người phát ngôn theo Nghị định 09/2017/NĐ-CP."
ENGLISH = {
    TITLE: "Information for the press",
    SLUG: "press",
    SUMMARY: "The school informs the press through its spokesperson, as Decree 09/2017/ND-CP requires.",
}
OLD_SLUG = "thong-tin-bao-chi"

# The press register is kept by the communications board and the leadership.
PRESS_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("authorisedspeaker", "presscoverage", "pressenquiry")
    for action in ("add", "change", "delete", "view")
]


def ensure_press_page(home, home_en):
    """The press page under the Vietnamese home page and its English translation; the old address redirects."""
    retire_old_press_page(home)
    page = ensure_child(home, PressPage, SLUG, TITLE, summary=SUMMARY, show_in_menus=True)
    english = Locale.objects.get(language_code="en")
    if home_en is not None and page.get_translation_or_none(english) is None:
        translate_page(page, english, ENGLISH)
    old_path = Redirect.normalise_path(f"/{home.locale.language_code}/{OLD_SLUG}/")
    Redirect.objects.get_or_create(old_path=old_path, site=None, defaults={"redirect_page": page, "is_permanent": True})
    return page


def retire_old_press_page(home):
    """The plain page the demo used to make at the old address (a standard page showing the spokesperson)
    goes, with its translations, so the address reaches the redirect and the English slug is free."""
    old = home.get_children().filter(slug=OLD_SLUG).specific().first()
    if old is None or not getattr(old, "show_spokesperson", False):  # only home's standard page has the field
        return
    for translation in old.get_translations(inclusive=True):
        translation.delete()


def grant_press_permissions(groups):
    permissions = Permission.objects.filter(content_type__app_label="press", codename__in=PRESS_PERMISSIONS)
    for name in (REVIEWERS, APPROVERS):
        if name in groups:
            groups[name].permissions.add(*permissions)

"""Setting up a site (`bootstrap_site`): locales, the page tree, the editorial groups and their permissions.

Every function is idempotent: it finds what exists (by slug, name or code) and creates only what is
missing, so `bootstrap_site` can run on every deploy and after an upgrade.

No app is named here. The home page comes from the app that owns it, through the Wagtail hook
`site_lak_home_page` (home/wagtail_hooks.py): fn(locale) -> (the home page of that locale, created if
missing and made the default site's root; {Vietnamese text: English text} to translate it). The sections
under it are the index pages that declare `section = Section(...)` (core/families.py `sections()`). Apps
complete the set-up through the hook `site_lak_bootstrap`.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale

from core.families import sections
from home.translation import translate_page

EDITORS = "Biên tập viên"
REVIEWERS = "Ban truyền thông"
APPROVERS = "Ban giám hiệu"
STAFF = "Cán bộ – giáo viên"

# Page permissions on each home page, per group. Publishing happens through the workflows
# (the approvers' task publishes), so no editorial group gets a direct "publish" permission.
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    REVIEWERS: ["add_page", "change_page", "lock_page", "unlock_page"],
    APPROVERS: ["add_page", "change_page", "lock_page", "unlock_page"],
    STAFF: [],
}
MEDIA_PERMISSIONS = {
    EDITORS: ["add", "change", "choose"],
    REVIEWERS: ["add", "change", "choose"],
    APPROVERS: ["add", "change", "choose"],
    STAFF: ["choose"],
}


def ensure_locales():
    vi, _ = Locale.objects.get_or_create(language_code="vi")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return vi, en


def ensure_child(parent, model, slug, title, **fields):
    """The live child of `parent` with this slug, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(title=title, slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_home(locale):
    """(home page, {Vietnamese text: English text}) from the one app that provides it (`site_lak_home_page`)."""
    providers = hooks.get_hooks("site_lak_home_page")
    if len(providers) != 1:
        raise ImproperlyConfigured("Exactly one app must provide the home page (Wagtail hook site_lak_home_page).")
    return providers[0](locale)


def ensure_sections(home):
    """{index page model: its page under `home`}, in menu order."""
    return {
        model: ensure_child(home, model, section.slug, section.title, show_in_menus=True)
        for model, section in sections()
    }


def ensure_groups(home_pages):
    groups = {}
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        for home in home_pages:
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
        for action in MEDIA_PERMISSIONS[name]:
            for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
                permission = Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
    # Wagtail's starter groups grant publishing at the tree root, bypassing our workflows.
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()
    return groups


def bootstrap(stdout=None):
    """The site in Vietnamese and its English translation; returns (home, home_en)."""
    vi, en = ensure_locales()
    home, home_english = ensure_home(vi)
    ensure_sections(home)
    english = {section.title: section.en_title for _, section in sections()}
    english.update({section.slug: section.en_slug for _, section in sections()})
    english.update(home_english)
    home_en = home.get_translation_or_none(en) or translate_page(home, en, english)
    for _, section in sections():
        page = home.get_children().get(slug=section.slug)
        if page.get_translation_or_none(en) is None:
            translate_page(page, en, english)
    # Translating the sections added children to the English home through other instances: this one still
    # says it has none (treebeard's numchild), and its get_children() would come back empty to the steps below.
    home_en.refresh_from_db()
    groups = ensure_groups([home, home_en])
    # Other apps complete the set-up (workflows, intranet, …) through this hook:
    # fn(home=..., home_en=..., groups={name: Group}) — each must be idempotent.
    for step in hooks.get_hooks("site_lak_bootstrap"):
        step(home=home, home_en=home_en, groups=groups)
    return home, home_en

"""Setting up a site: locales, the page tree, the editorial groups and their permissions.

Every function is idempotent: it finds what exists (by slug, name or code) and creates only what is
missing, so `bootstrap_site` can run on every deploy and after an upgrade. The default site's address
follows `SITE_URL` each time.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from home.models import HomePage, SchoolSettings, SchoolTexts, StandardPage
from home.seo import site_address

# The sections directly under each home page: (model path, Vietnamese slug and title, English slug and title).
SECTIONS = [
    ("news.NewsIndexPage", "tin-tuc", "Tin tức", "news", "News"),
    ("policies.PolicyIndexPage", "van-ban", "Văn bản – chính sách", "documents", "Documents and policies"),
    ("people.PeopleIndexPage", "guong-sang", "Gương người tốt việc tốt", "exemplary-people", "Exemplary people"),
    ("exams.ExamIndexPage", "thi-tuyen-sinh", "Thông báo thi – tuyển sinh", "exams", "Exams and enrolment"),
    ("events.EventIndexPage", "su-kien", "Sự kiện – Hội thi", "events", "Events and contests"),
    ("feedback.FeedbackPage", "gop-y", "Góp ý – Hỏi đáp", "feedback", "Feedback and questions"),
    ("search.SearchPage", "tim-kiem", "Tìm kiếm", "search", "Search"),
]

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


def get_model(path):
    from django.apps import apps

    return apps.get_model(path)


def ensure_child(parent, model, slug, title, **fields):
    """The live child of `parent` with this slug, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(title=title, slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


HOME_SUMMARY = "Trang thông tin điện tử của Trường THPT Lắk, huyện Lắk, tỉnh Đắk Lắk."


@transaction.atomic
def ensure_home(vi_locale):
    """The Vietnamese home page at the tree root, made the default site's root."""
    root = Page.get_first_root_node()
    if root is None:  # an emptied database (Wagtail's migration normally creates the root)
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=vi_locale))
    home = HomePage.objects.filter(depth=2, locale=vi_locale).first()
    if home is None:
        # Wagtail's own migration leaves a placeholder "Welcome" page; it is not ours to keep.
        for placeholder in Page.objects.filter(
            depth=2, content_type__model="page", content_type__app_label="wagtailcore"
        ):
            if not placeholder.get_children().exists():
                Site.objects.filter(root_page=placeholder).delete()
                placeholder.delete()
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


def ensure_school_texts(school, locale):
    """The school's texts in Vietnamese, the source wagtail-localize translates (docs/i18n.md); a site
    bootstrapped before they existed gets them from its school settings."""
    if not SchoolTexts.objects.filter(locale=locale).exists():
        SchoolTexts.objects.create(
            locale=locale, **{name: getattr(school, name, "") for name in SchoolTexts.TEXT_FIELDS}
        )


def ensure_sections(home):
    return {
        path: ensure_child(home, get_model(path), slug, title, show_in_menus=True)
        for path, slug, title, _, _ in SECTIONS
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


def ensure_info_pages(home, pages):
    return [ensure_child(home, StandardPage, slug, title, **fields) for slug, title, fields in pages]


def bootstrap(stdout=None):
    from home.translation import translate_page

    vi, en = ensure_locales()
    home = ensure_home(vi)
    ensure_sections(home)
    english = {title: en_title for _, _, title, _, en_title in SECTIONS}
    english.update({slug: en_slug for _, slug, _, en_slug, _ in SECTIONS})
    english.update(
        {
            "Trường THPT Lắk": "Lak High School",
            "trang-chu": "home",
            HOME_SUMMARY: "The website of Lak High School, Lak district, Dak Lak province, Vietnam.",
        }
    )
    home_en = home.get_translation_or_none(en) or translate_page(home, en, english)
    for _path, slug, _, _, _ in SECTIONS:
        page = home.get_children().get(slug=slug)
        if page.get_translation_or_none(en) is None:
            translate_page(page, en, english)
    groups = ensure_groups([home, home_en])
    # Other apps complete the set-up (workflows, intranet, …) through this hook:
    # fn(home=..., home_en=..., groups={name: Group}) — each must be idempotent.
    from wagtail import hooks

    for step in hooks.get_hooks("site_lak_bootstrap"):
        step(home=home, home_en=home_en, groups=groups)
    return home, home_en

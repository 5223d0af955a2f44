"""Public disclosure and the work schedule in the admin: the retention guard, the dashboard panel, the schedule's
snippets, and the sections and permissions set up by the bootstrap (docs/disclosure-and-schedule.md)."""

from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from core.bootstrap import ensure_child
from disclosure.models import DisclosureIndexPage, RetentionAction, retained_items
from disclosure.schedule import WorkScheduleEntry, WorkSchedulePage
from disclosure.schedule_views import SCHEDULE_EDITORS, SCHEDULE_SECTION, WorkScheduleEntryViewSet
from disclosure.views import (
    DISCLOSURE_SECTION,
    RETENTION_OVERRIDE_ACTION,
    DisclosureDuePanel,
    guard_removal,
    is_responsible,
)
from home.translation import translate_page

register_snippet(WorkScheduleEntryViewSet)


def grant(group, model, actions):
    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=model._meta.app_label, codename__in=codenames)
    )


@hooks.register("before_delete_page")
def guard_disclosure_deletion(request, page):
    return guard_removal(request, page, RetentionAction.DELETE)


@hooks.register("before_unpublish_page")
def guard_disclosure_unpublication(request, page):
    return guard_removal(request, page, RetentionAction.UNPUBLISH)


@hooks.register("before_bulk_action")
def refuse_bulk_removal_of_retained_items(request, action_type, objects, action_class_instance):
    """Bulk actions cannot ask for a reason: retained items are deleted or unpublished one at a time."""
    if action_type not in ("delete", "unpublish") or not all(isinstance(obj, Page) for obj in objects):
        return None
    if any(retained_items(page) for page in objects):
        messages.error(
            request,
            gettext(
                "Disclosed items are kept for five years: delete or unpublish them one at a time, giving a reason."
            ),
        )
        return redirect("wagtailadmin_home")
    return None


@hooks.register("register_log_actions")
def register_retention_log_action(actions):
    actions.register_action(
        RETENTION_OVERRIDE_ACTION,
        _("Removed within the retention period"),
        _("Disclosed item removed before five years, with a reason"),
    )


@hooks.register("construct_homepage_panels")
def add_disclosure_panel(request, panels):
    if is_responsible(request.user):
        panels.append(DisclosureDuePanel(request))


@hooks.register("site_lak_bootstrap")
def bootstrap_disclosure(home, home_en, groups):
    ensure_translated_section(home, home_en, DisclosureIndexPage, DISCLOSURE_SECTION)


def ensure_translated_section(home, home_en, model, section):
    """The section page under the Vietnamese home page and its English translation, made if missing."""
    slug, title, english_slug, english_title = section
    page = ensure_child(home, model, slug, title, show_in_menus=True)
    if page.get_translation_or_none(home_en.locale) is None:
        translate_page(page, home_en.locale, {title: english_title, slug: english_slug})
    return page


@hooks.register("site_lak_bootstrap")
def bootstrap_work_schedule(home, home_en, groups):
    ensure_translated_section(home, home_en, WorkSchedulePage, SCHEDULE_SECTION)
    for name in SCHEDULE_EDITORS:
        if name in groups:
            grant(groups[name], WorkScheduleEntry, ["add", "change", "delete", "view"])

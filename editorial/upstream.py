"""Workarounds of Wagtail and wagtail-localize gaps in moderation and translation (docs/workflows.md, docs/i18n.md).

Each gap, where it is upstream, and the test that fails once upstream changes (then the workaround can go):

- Wagtail's finishing action `wagtail.workflows.publish_workflow_state` publishes with the approver's own
  permissions (`PublishPageRevisionAction` refuses a user without "publish"); our approvers have none, so
  `publish_approved` (`WAGTAIL_FINISH_WORKFLOW_ACTION`) publishes with the approved workflow as the
  authorisation. It alone lives apart, in editorial/workflows.py: Wagtail imports the finishing action while
  its own models load (`WorkflowState`'s class body), before this module's imports can be. Tripwire:
  tests/editorial/test_workflows.py `test_upstream_gap_default_finish_action_needs_publish_permission`.
- wagtail-localize's `Translation.save_target(publish=False)` writes the draft into the page row the public
  site serves; `save_translation_draft` saves a revision only. Tripwire: tests/editorial/test_i18n_workflow.py
  `test_upstream_gap_saving_a_translation_draft_overwrites_the_live_page`.
- wagtail-localize's sync view (`views.update_translations.UpdateTranslationsView`) publishes every
  translation for anyone who may translate when "Publish immediately" is ticked; `SyncTranslationsView`
  answers its URL without that option. Tripwire: tests/editorial/test_i18n_workflow.py
  `test_upstream_gap_sync_view_publishes_without_permission`.
- The "more" buttons of a page listing (`wagtail_localize.wagtail_hooks.page_listing_more_buttons`,
  `wagtail.admin.wagtail_hooks.page_listing_more_buttons`) cost queries per row; Wagtail has no public way to
  unregister a hook, so `_swap_hooks` replaces them in its registry by versions that read the
  explorer's annotations and keep the sites' root paths once per request. Tripwires:
  tests/editorial/test_upstream.py `test_upstream_gap_listing_hooks_are_still_upstreams_to_swap` and
  tests/editorial/test_admin_listing_queries.py (the query counts).
- wagtail-localize's "Translations" item of the Reports menu is translated once per process (`gettext` in its
  hook, `register_wagtail_localize2_report_menu_item`), in the language of the request that first builds the
  menu; `translations_report_menu_item` is swapped in the same way, with a lazy label. Tripwire:
  tests/editorial/test_upstream.py `test_upstream_gap_translations_report_label_is_translated_once`.
- wagtail-localize's "submit translations" permission has no model behind it (its migration creates it), so a
  database flush loses it; `recreate_submit_translation_permission` (post_migrate, editorial/apps.py)
  recreates it. Tripwire: tests/editorial/test_upstream.py
  `test_upstream_gap_submit_translation_permission_belongs_to_no_model`.
- Wagtail's editor ties no click to a pending autosave, so a "Submit for moderation" could race the autosave
  that creates the page; that workaround is JavaScript, editorial/static/editorial/js/autosave_guard.js
  (loaded by editorial/wagtail_hooks.py; tests/e2e/test_autosave_actions.py checks the guard in a browser).
"""

from django import forms
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import wagtail_hooks as admin_hooks
from wagtail.admin.widgets.button import Button
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import TranslationLog, TranslationSource
from wagtail_localize.views.update_translations import UpdateTranslationsView

# --- a translation's draft stays a draft -------------------------------------------------------------------


@transaction.atomic
def save_translation_draft(translation, user):
    """Save the translation editor's current state as a new draft revision of the target page.

    Synchronised fields come from the source as last synced, translated fields from the translation memory
    (untranslated strings fall back to the source text). The live page is left as it is.
    """
    target = translation.source.get_ephemeral_translated_instance(translation.target_locale, fallback=True)
    target.slug = find_available_slug(target.get_parent(), slugify(target.slug), ignore_page_id=target.pk)
    revision = target.save_revision(user=user, log_action=True)
    translation.source.update_target_view_restrictions(translation.target_locale)
    TranslationLog.objects.create(source=translation.source, locale=translation.target_locale, revision=revision)
    return revision


# --- syncing does not publish ------------------------------------------------------------------------------


class SyncTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages" without "Publish immediately": synced translations are
    submitted through their workflow like any other edit."""

    def get_form(self):
        form = super().get_form()
        field = form.fields["publish_translations"]
        field.disabled = True  # the posted value is ignored: the field keeps its initial value (False)
        field.widget = forms.HiddenInput()
        return form


@hooks.register("register_admin_urls", order=-1)
def replace_sync_view():
    # Same path as wagtail-localize's view and registered before it, so it answers that URL
    # (reverse("wagtail_localize:update_translations") included).
    return [path("localize/update/<int:translation_source_id>/", SyncTranslationsView.as_view())]


# --- the explorer's "more" buttons without queries per row -------------------------------------------------
# wagtail-localize's "more" buttons of a page listing run two to four queries per row (50 rows to a page:
# about 100 queries on the explorer of the news index). The explorer's queryset is annotated with the same
# answers instead, and upstream's hook is swapped for one that reads them (upstream's runs where they are missing).


@hooks.register("construct_explorer_page_queryset")
def annotate_translation_buttons(parent_page, pages, request):
    """Whether each page lacks a (non-alias) translation in some locale, and its synced translation source."""
    translated_locales = Page.objects.filter(
        translation_key=OuterRef(OuterRef("translation_key")), alias_of__isnull=True
    ).values("locale_id")
    synced_sources = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"),
        object__content_type=ContentType.objects.get_for_model(Page),
        locale_id=OuterRef("locale_id"),
        translations__enabled=True,
    ).values("pk")[:1]
    return pages.annotate(
        _localize_untranslated=Exists(Locale.objects.exclude(id__in=translated_locales)),
        _localize_sync_source_id=Subquery(synced_sources),
    )


def page_listing_more_buttons(page, user, view_name=None, next_url=None):
    """Upstream's "Translate this page" and "Sync translated pages", from the annotations above."""
    if not hasattr(page, "_localize_sync_source_id"):
        yield from localize_hooks.page_listing_more_buttons(page, user, view_name=view_name, next_url=next_url)
        return
    if page.is_root() or not user.has_perm("wagtail_localize.submit_translation"):
        return
    if page._localize_untranslated:
        url = reverse("wagtail_localize:submit_page_translation", args=[page.alias_of_id or page.id])
        yield Button(_("Translate this page"), url, priority=60, icon_name="wagtail-localize-language")
    if page._localize_sync_source_id is not None:
        url = reverse("wagtail_localize:update_translations", args=[page._localize_sync_source_id])
        if next_url is not None:
            url += "?" + urlencode({"next": next_url})
        yield Button(_("Sync translated pages"), url, priority=60, icon_name="resubmit")


def wagtail_page_listing_more_buttons(page, user, next_url=None):
    """Wagtail's own "more" buttons, its "View live" button's address computed once per listing, not per row.

    Upstream gives that button `page.url`, which has no request to keep the sites' root paths on, so each row
    reads them from the shared cache again (with the database cache, one query per listed page). The row's
    page keeps them on the listing's user object instead, the same for every row of one request, as
    `{% pageurl %}` keeps them on the request."""
    page._wagtail_cached_site_root_paths = page._get_site_root_paths(user)
    yield from admin_hooks.page_listing_more_buttons(page, user, next_url=next_url)


def translations_report_menu_item():
    """wagtail-localize's "Translations" item of the Reports menu, its label translated for each request.

    Upstream translates it once (`gettext`), when a process first builds the Reports menu, in the language of
    that request: after an English-speaking user's first request, every editor of that process read
    "Translations" in English."""
    return localize_hooks.TranslationsReportMenuItem(
        gettext_lazy("Translations"), reverse("wagtail_localize:translations_report"), icon_name="site", order=9000
    )


SWAPPED_HOOKS = {
    "register_page_listing_more_buttons": {
        localize_hooks.page_listing_more_buttons: page_listing_more_buttons,
        admin_hooks.page_listing_more_buttons: wagtail_page_listing_more_buttons,
    },
    "register_reports_menu_item": {
        localize_hooks.register_wagtail_localize2_report_menu_item: translations_report_menu_item,
    },
}


def _swap_hooks():
    # Wagtail has no public way to unregister a hook. Should upstream's change, it stays as it is
    # (tests/editorial/test_upstream.py and tests/editorial/test_admin_listing_queries.py then fail).
    for hook_name, swaps in SWAPPED_HOOKS.items():
        registered = hooks._hooks.get(hook_name, [])
        for position, (fn, order) in enumerate(registered):
            if fn in swaps:
                registered[position] = (swaps[fn], order)


_swap_hooks()


# --- the "submit translations" permission survives a flush -------------------------------------------------


def submit_translation_permission(using="default"):
    """wagtail-localize's "Can submit translations" permission.

    Its migration creates it on a content type of its own (no model behind it), so a database flush —
    which recreates only model permissions — loses it; recreate it the way that migration does.
    """
    content_type, _created = ContentType.objects.db_manager(using).get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    permission, _created = Permission.objects.db_manager(using).get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    return permission


def recreate_submit_translation_permission(using="default", **kwargs):
    """post_migrate (connected in editorial/apps.py): Django recreates model permissions only."""
    submit_translation_permission(using)

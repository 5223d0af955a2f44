"""Translations go through the workflow of their page, like any other edit (docs/i18n.md).

wagtail-localize's translation editor (the edit view of a page that is a synced translation) has only a
"Publish" action, shown to whoever may publish, and no workflow support. With our groups nobody but an
administrator may publish, so this module adds what the editor lacks:

- "Submit for moderation" (`action-submit`, the name Wagtail's own editor uses) saves the translation as a
  draft revision and starts (or resumes) the page's workflow, which is resolved from the English tree
  (the bootstrap assigns the same workflows to both trees);
- an administrator's "Publish" saves the draft and asks for a reason, like the page editor does;
- opening a translation whose source changed since the last sync says so and links to the sync view;
- the sync view loses its "Publish immediately" option.

Upstream gaps (tests in tests/test_i18n_workflow.py fail once upstream changes them): `save_target(publish=
False)` writes the draft into the page row, which is what the public site serves, so a "draft" of a live
translation would be visible at once; here the draft only goes into a revision. The sync view publishes
every translation without any permission check when "Publish immediately" is ticked.
"""

import json

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin import wagtail_hooks as admin_hooks
from wagtail.admin.widgets.button import Button
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import Translation, TranslationLog, TranslationSource
from wagtail_localize.views.update_translations import UpdateTranslationsView


def synced_translation(page):
    """The enabled wagtail-localize translation whose target is `page` (the page then opens in its editor)."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


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


def saved_draft(request, translation):
    """Save the draft; on a validation error (a translated string the page refuses), say why and return False."""
    try:
        save_translation_draft(translation, request.user)
    except ValidationError as error:
        messages.error(
            request, _("The translation could not be saved: %(errors)s") % {"errors": "; ".join(error.messages)}
        )
        return False
    return True


def submit_for_moderation(request, translation, page):
    """Save the draft and start the page's workflow, or resume it after a request for changes."""
    if not page.permissions_for_user(request.user).can_submit_for_moderation():
        messages.error(request, _("This translation cannot be submitted: it is already in moderation or locked."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    if not saved_draft(request, translation):
        return redirect("wagtailadmin_pages:edit", page.pk)
    page = type(page).objects.get(pk=page.pk)  # the workflow's first task takes the page's latest revision
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(request.user)
    else:
        page.get_workflow().start(page, request.user)
    messages.success(
        request,
        _("The translation '%(title)s' has been submitted for moderation.") % {"title": page.get_admin_display_title()},
    )
    # As after a submission from the page editor (policies, exams and rebuttals restart their approval).
    for hook in hooks.get_hooks("after_edit_page"):
        hook(request, page)
    return redirect("wagtailadmin_explore", page.get_parent().pk)


def publish_with_reason(request, translation, page):
    """An administrator's "Publish": the draft is saved, then published only with a reason, like any page."""
    if not saved_draft(request, translation):
        return redirect("wagtailadmin_pages:edit", page.pk)
    messages.warning(request, _("The draft is saved. Give a reason to publish it without the workflow."))
    return redirect("editorial_direct_publish", page.pk)


def source_changed_since_sync(translation):
    """Whether the source page was published after its content was last extracted for translation."""
    try:
        source_page = translation.source.get_source_instance()
    except ObjectDoesNotExist:  # the source was deleted: nothing left to sync from
        return False
    published = getattr(source_page, "last_published_at", None)
    return published is not None and published > translation.source.last_updated_at


def warn_if_out_of_date(request, translation, page):
    if not source_changed_since_sync(translation):
        return
    sync_url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    sync_url += "?" + urlencode({"next": reverse("wagtailadmin_pages:edit", args=[page.pk])})
    messages.warning(
        request,
        _("The %(language)s page has changed since this translation was last synced.")
        % {"language": translation.source.locale.get_display_name()},
        buttons=[messages.button(sync_url, _("Sync translated pages"))],
    )


def main_path_first(props, user, page_perms):
    """The translation editor's props (JSON) with the editor's own path first; returns (props, whether our
    "Submit for moderation" footer replaces wagtail-localize's).

    wagtail-localize's footer (a React menu) makes its last action the primary button: "Publish" for who may
    publish, otherwise "Delete", "Convert to alias page", "Lock" or "Stop Synced translation". Converting and
    deleting are an administrator's (whose primary button is "Publish", so they stay in the secondary menu);
    whoever cannot publish gets our footer, whose primary button submits for moderation.
    """
    props = json.loads(props)
    if not user.is_superuser:
        props["links"]["convertToAliasUrl"] = None
        props["perms"]["canDelete"] = False
    submit_first = bool(page_perms) and page_perms.can_submit_for_moderation() and not page_perms.can_publish()
    return json.dumps(props), submit_first


@hooks.register("before_edit_page", order=-1)  # before wagtail-localize's hook, which renders the editor
def translation_editor_action(request, page):
    """`before_edit_page`: our actions on a page that opens in wagtail-localize's translation editor."""
    translation = synced_translation(page)
    if translation is None:
        return None
    if request.method == "GET":
        warn_if_out_of_date(request, translation, page)
    elif request.POST.get("action-submit"):
        return submit_for_moderation(request, translation, page)
    elif request.POST.get("action") == "publish" and page.permissions_for_user(request.user).can_publish():
        return publish_with_reason(request, translation, page)
    # Anything else (the editor's own API calls, a refused "publish") is wagtail-localize's to handle.
    return None


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


SWAPPED_LISTING_HOOKS = {
    localize_hooks.page_listing_more_buttons: page_listing_more_buttons,
    admin_hooks.page_listing_more_buttons: wagtail_page_listing_more_buttons,
}


def _swap_listing_hook():
    # Wagtail has no public way to unregister a hook. Should upstream's change, it stays as it is
    # (tests/test_admin_listing_queries.py then fails on the query count).
    registered = hooks._hooks.get("register_page_listing_more_buttons", [])
    for position, (fn, order) in enumerate(registered):
        if fn in SWAPPED_LISTING_HOOKS:
            registered[position] = (SWAPPED_LISTING_HOOKS[fn], order)


_swap_listing_hook()


# --- withdrawing a page withdraws its translations ---------------------------------------------------------


def live_translations(page):
    """The live translations of a page of the default language (its English copy): withdrawn with it."""
    if page.locale_id != Locale.get_default().pk:
        return Page.objects.none()  # withdrawing a translation leaves its source alone
    return page.get_translations(inclusive=False).live().filter(alias_of__isnull=True)


@hooks.register("construct_translated_pages_to_cascade_actions")
def withdraw_translations_too(pages, action):
    """Wagtail's unpublish view then names the translations on its confirmation page ("This will also
    unpublish one translation of the page.") and unpublishes them with the page."""
    if action == "unpublish":
        return {page: live_translations(page) for page in pages}
    return None


@hooks.register("before_unpublish_page")
def note_translations_to_withdraw(request, page):
    request._withdrawn_translations = list(live_translations(page))


@hooks.register("after_unpublish_page")
def say_translations_were_withdrawn(request, page):
    withdrawn = getattr(request, "_withdrawn_translations", [])
    if withdrawn:
        languages = ", ".join(translation.locale.get_display_name() for translation in withdrawn)
        messages.info(request, _("Its translations were withdrawn too: %(languages)s.") % {"languages": languages})

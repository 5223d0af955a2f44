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

The upstream gaps this relies on working around (drafts that overwrite the live page, the sync view that
publishes, the listing buttons' queries) are in editorial/upstream.py, each with its tripwire test.
"""

import json

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from editorial.upstream import save_translation_draft


def synced_translation(page):
    """The enabled wagtail-localize translation whose target is `page` (the page then opens in its editor)."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


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

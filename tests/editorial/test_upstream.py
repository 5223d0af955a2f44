"""Tripwires of editorial/upstream.py that no behaviour test already holds: each fails once upstream changes
what the workaround is for (the others are named in that module's docstring)."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.utils import translation
from django.utils.functional import Promise
from wagtail import hooks
from wagtail.admin import wagtail_hooks as admin_hooks
from wagtail.admin.menu import Menu
from wagtail_localize import wagtail_hooks as localize_hooks

from editorial import upstream

UPSTREAM_HOOK_MODULES = {"wagtail.admin.wagtail_hooks", "wagtail_localize.wagtail_hooks"}


def test_upstream_gap_listing_hooks_are_still_upstreams_to_swap():
    """Wagtail has no public way to unregister a hook: the explorer's "more" buttons are swapped in its
    registry by function. Fails once upstream registers other functions there (the swap would silently
    stop, and every row would cost queries again) or offers a way to unregister."""
    hooks.search_for_hooks()
    assert not hasattr(hooks, "unregister")
    registered = [fn for fn, _order in hooks._hooks["register_page_listing_more_buttons"]]
    assert upstream.page_listing_more_buttons in registered
    assert upstream.wagtail_page_listing_more_buttons in registered
    assert localize_hooks.page_listing_more_buttons not in registered
    assert admin_hooks.page_listing_more_buttons not in registered
    assert [fn for fn in registered if fn.__module__ in UPSTREAM_HOOK_MODULES] == []


def test_upstream_gap_submit_translation_permission_belongs_to_no_model():
    """Django recreates after a flush only the permissions its models declare; wagtail-localize's
    "submit_translation" is declared by none. Fails once upstream declares it on a model: then
    `recreate_submit_translation_permission` can go."""
    declared = {
        codename
        for model in apps.get_app_config("wagtail_localize").get_models()
        for codename, _name in model._meta.permissions
    }
    assert "submit_translation" not in declared


@pytest.mark.django_db
def test_the_submit_translation_permission_comes_back_after_a_flush():
    Permission.objects.filter(codename="submit_translation").delete()
    upstream.recreate_submit_translation_permission()
    permission = Permission.objects.get(codename="submit_translation")
    assert permission.content_type.app_label == "wagtail_localize"


def test_upstream_gap_translations_report_label_is_translated_once():
    """Fails once wagtail-localize's own "Translations" report item has a lazy label (then the swap can go)."""
    with translation.override("en"):
        label = localize_hooks.register_wagtail_localize2_report_menu_item().label
    assert not isinstance(label, Promise) and label == "Translations"


def test_the_reports_menu_speaks_each_editor_s_language_whoever_built_it_first(rf):
    hooks.search_for_hooks()
    registered = [fn for fn, _order in hooks._hooks["register_reports_menu_item"]]
    assert upstream.translations_report_menu_item in registered
    assert localize_hooks.register_wagtail_localize2_report_menu_item not in registered
    menu = Menu(register_hook_name="register_reports_menu_item")
    with translation.override("en"):  # an English-speaking administrator's request builds the menu first
        assert "Translations" in [str(item.label) for item in menu.registered_menu_items]
    with translation.override("vi"):
        assert "Bản dịch" in [str(item.label) for item in menu.registered_menu_items]

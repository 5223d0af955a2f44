"""Tripwire of home/upstream.py that no behaviour test already holds: it fails once wagtail-localize changes what
the workaround is for (the others are named in that module's docstring)."""

import pytest
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import Translation, TranslationSource

from home.upstream import save_draft_then_publish
from tests.factories import news_page

pytestmark = pytest.mark.django_db


def english_translation(page):
    source, _created = TranslationSource.get_or_create_from_instance(page)
    return Translation.objects.create(source=source, target_locale=Locale.objects.get(language_code="en"))


def test_upstream_gap_translation_is_published_when_the_transaction_commits(
    site_tree, django_capture_on_commit_callbacks
):
    """wagtail-localize publishes a new page translation in an on_commit hook, with the revision as it was
    then (a stale child count once children are added in the same transaction). Fails once it publishes at
    once: then `save_draft_then_publish` can go."""
    page = news_page(site_tree["vi"], "Lễ khai giảng", slug="le-khai-giang")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        english_translation(page).save_target(publish=True)
    deferred = [fn for fn in callbacks if isinstance(getattr(fn, "__self__", None), Revision)]
    assert [fn.__name__ for fn in deferred] == ["publish"]
    assert not page.get_translation(Locale.objects.get(language_code="en")).live


def test_our_translation_is_live_before_the_transaction_commits(site_tree, django_capture_on_commit_callbacks):
    page = news_page(site_tree["vi"], "Hội khỏe Phù Đổng", slug="hoi-khoe-phu-dong")
    english = Locale.objects.get(language_code="en")
    with django_capture_on_commit_callbacks(execute=False):
        target = save_draft_then_publish(english_translation(page), page, english)
        assert Page.objects.get(pk=target.pk).live

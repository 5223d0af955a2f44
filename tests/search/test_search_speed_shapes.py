"""The shape of one search, with the results cache (search.cache) off: what a visitor's search reads
once per content version instead of every time, and that nothing a visitor sees changes because of it.
The engine's side (content types sent with the hits) is covered by tests/services/test_search_engine.py."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, PageViewRestriction
from wagtail.rich_text import RichText

from search.query import run_search
from site_lak import env
from tests.factories import news_page

pytestmark = pytest.mark.django_db

QUERY = "kế hoạch tuyển sinh"


@pytest.fixture(autouse=True)
def _database_backend_without_results_cache(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(env.DATABASE_SEARCH_BACKEND)}
    settings.SEARCH_CACHE_TIMEOUT = 0


@pytest.fixture
def pages(site_tree):
    home = site_tree["vi"]
    return [
        news_page(
            home,
            f"Kế hoạch tuyển sinh lớp 10 đợt {number}",
            summary=f"Thông báo số {number} về kế hoạch tuyển sinh.",
            date=datetime.date(2025, 3, number),
        )
        for number in (1, 2, 3)
    ]


def search(text=QUERY):
    with CaptureQueriesContext(connection) as queries:
        outcome = run_search({"q": text}, AnonymousUser(), Locale.objects.get(language_code="vi"), record=False)
    return outcome, [query["sql"].lower() for query in queries.captured_queries]


def shown(outcome):
    return [hit.title for hit in outcome.promoted + outcome.hits]


def test_a_repeated_search_does_not_read_withdrawals_restrictions_or_promotions_again(pages):
    first, first_queries = search()
    again, again_queries = search()

    assert shown(again) == shown(first) and len(shown(first)) == 3
    assert [hit.snippet for hit in again.hits] == [hit.snippet for hit in first.hits]
    assert len(again_queries) < len(first_queries)
    # The view restrictions, the withdrawn pages of every type, the editors' picks.
    for read in (
        r'from "wagtailcore_pageviewrestriction"',
        r'where "\w+"\."withdrawn"',
        r'from "wagtailsearchpromotions_',
    ):
        assert any(re.search(read, sql) for sql in first_queries), read
        assert not any(re.search(read, sql) for sql in again_queries), read


def test_a_withdrawal_a_restriction_and_a_promotion_show_in_the_very_next_search(pages):
    search()  # what a visitor may see is now kept
    withdrawn, restricted, promoted = pages

    withdrawn.withdrawn, withdrawn.withdrawal_reason = True, "Đăng nhầm."
    withdrawn.save_revision().publish()
    assert withdrawn.title not in shown(search()[0])

    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    assert shown(search()[0]) == [promoted.title]

    SearchPromotion.objects.create(query=Query.get(QUERY), page=promoted.page_ptr, sort_order=0)
    outcome = search()[0]
    assert [hit.title for hit in outcome.promoted] == [promoted.title] and outcome.hits == []


def test_the_snippet_shows_the_first_match_wherever_it_is_in_the_page(site_tree):
    home = site_tree["vi"]
    in_body = news_page(
        home,
        "Thông báo của nhà trường",
        summary="Lịch làm việc của văn phòng trong tuần.",
        body=[("paragraph", RichText("<p>Hồ sơ xét tuyển vào lớp 10 nộp tại văn phòng trước ngày 15 tháng 6.</p>"))],
    )
    in_summary = news_page(
        home,
        "Thông báo về hồ sơ",
        summary="Hồ sơ xét tuyển nộp tại văn phòng. " + "Phụ huynh xem hướng dẫn chi tiết bên dưới. " * 8,
        body=[("paragraph", RichText("<p>Hồ sơ xét tuyển bổ sung nộp sau.</p>"))],
    )
    outcome, _queries = search("hồ sơ xét tuyển")
    snippets = {hit.title: str(hit.snippet) for hit in outcome.hits}

    assert snippets[in_body.title].startswith("Lịch làm việc của văn phòng trong tuần.")
    assert "<mark>Hồ sơ xét tuyển</mark> vào lớp 10" in snippets[in_body.title]
    assert snippets[in_summary.title].startswith("<mark>Hồ sơ xét tuyển</mark> nộp tại văn phòng.")
    assert snippets[in_summary.title].endswith("…") and "bổ sung" not in snippets[in_summary.title]

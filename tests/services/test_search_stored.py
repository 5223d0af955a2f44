"""Search answered from the engine (search.stored): what a result shows comes from the index, visibility is
an index filter, and every change of a page's publication, restriction, withdrawal or expiry shows in the
very next search, for visitors and staff; a results page costs the same queries for 5 hits as for 20."""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from accounts.staff import STAFF
from search.query import run_search
from tests.factories import draft_child, news_page
from tests.search.test_search import api, titles

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


# What search.results.still_visible reads: the ids of the pages shown, nothing else of them.
IDS_ONLY = 'SELECT "wagtailcore_page"."id" AS "pk" FROM "wagtailcore_page" '


def refresh():
    get_search_backend().get_index_for_model(Page).refresh()


def found(client, q, **params):
    refresh()
    response = api(client, q=q, **params)
    assert not any("Công cụ tìm kiếm" in notice for notice in response.json()["notices"])  # the engine answered
    return titles(response)


@pytest.fixture
def teacher(db):
    user = get_user_model().objects.create_user("giaovien-stored", password="x")
    user.groups.add(Group.objects.get_or_create(name=STAFF)[0])
    return user


def queries_for(client, q, page_size):
    refresh()
    api(client, q=q, page_size=page_size)  # the shared cache's generations, read once
    with CaptureQueriesContext(connection) as queries:
        data = api(client, q=q, page_size=page_size).json()
    return data, [query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]


@pytest.mark.parametrize("engine", [True, False], ids=["opensearch", "database-backend"])
def test_a_results_page_costs_the_same_queries_for_5_hits_as_for_20(client, site_tree, settings, engine):
    if not engine:
        settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search_backends.DatabaseSearchBackend"}}
    settings.SEARCH_CACHE_TIMEOUT = 0
    settings.SEARCH_RECORD_BATCH_SECONDS = 3600  # the analytics batch is written later, not measured here
    call_command("update_index", verbosity=0)
    for number in range(22):
        news_page(site_tree["vi"], f"Hội thao học sinh số {number}", summary="Hội thao của học sinh toàn trường.")
    few, few_queries = queries_for(client, "hội thao", 5)
    many, many_queries = queries_for(client, "hội thao", 20)
    assert (few["count"], len(few["results"]), len(many["results"])) == (22, 5, 20)
    assert all("<mark>" in result["snippet"] for result in many["results"])
    assert many["results"][0]["url"].startswith("/vi/")
    assert len(many_queries) == len(few_queries), many_queries
    if engine:  # the engine sent everything shown: no page, URL or snippet read from the database
        assert not [sql for sql in many_queries if "news_newspage" in sql], many_queries
        # Only the ids of the pages shown that the database still shows (search.results.still_visible).
        assert [sql for sql in many_queries if "wagtailcore_page" in sql] == [
            sql for sql in many_queries if sql.startswith(IDS_ONLY)
        ]
        # the locale, the shared cache's generation, the visibility check
        assert len(many_queries) <= 3, many_queries


def test_every_change_of_visibility_shows_in_the_next_search(
    client, site_tree, teacher, django_capture_on_commit_callbacks
):
    call_command("update_index", verbosity=0)
    home = site_tree["vi"]
    page = news_page(home, "Biên bản họp hội đồng sư phạm tháng mười", summary="Biên bản họp hội đồng.")
    draft = draft_child(page.get_parent(), type(page)(title="Biên bản họp hội đồng nháp", summary="Nháp."))
    q = "bien ban hop hoi dong"
    assert found(client, q) == [page.title]  # published: found; the draft never

    # A login restriction (an intranet page): visitors lose it, staff keep it; removed: back for everybody.
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert page.title not in found(client, q)
    client.force_login(teacher)
    assert found(client, q) == [page.title]
    # A group restriction: only its group's members.
    with django_capture_on_commit_callbacks(execute=True):
        restriction.restriction_type = PageViewRestriction.GROUPS
        restriction.save()
        restriction.groups.set([Group.objects.create(name="Tổ kiểm tra nội bộ")])
    assert page.title not in found(client, q)
    with django_capture_on_commit_callbacks(execute=True):
        restriction.groups.add(*teacher.groups.all())
    assert found(client, q) == [page.title]
    client.logout()
    assert page.title not in found(client, q)
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert found(client, q) == [page.title]  # all the words again: only this page

    # Withdrawn (published as withdrawn), then reinstated.
    page.withdrawn = True
    page.withdrawal_reason = "Thông tin chưa chính xác."
    page.save_revision().publish()
    assert page.title not in found(client, q)
    page.withdrawn = False
    page.save_revision().publish()
    assert found(client, q) == [page.title]

    # Past its expiry time (before the worker unpublishes it), then unpublished.
    page.expire_at = timezone.now() + datetime.timedelta(seconds=3)
    page.save_revision().publish()
    assert found(client, q) == [page.title]
    time.sleep(max(0, (page.expire_at - timezone.now()).total_seconds()) + 0.2)
    assert page.title not in found(client, q)  # the index holds the expiry time: filtered without a re-index
    page.refresh_from_db()
    page.unpublish()
    assert page.title not in found(client, q)
    client.force_login(teacher)
    assert page.title not in found(client, q)  # staff never see drafts, unpublished or expired pages either
    assert draft.title not in found(client, "nhap")


def test_visitors_never_see_hidden_pages_in_facets_snippets_or_suggestions(client, site_tree):
    call_command("update_index", verbosity=0)
    home = site_tree["vi"]
    news_page(home, "Lịch thi học kỳ công khai", summary="Lịch thi của học sinh.", category="competitions")
    hidden = news_page(home, "Lịch thi học kỳ nội bộ", summary="Lịch thi mật của giáo viên.", category="policy")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    withdrawn = news_page(home, "Lịch thi học kỳ đã rút", summary="Lịch thi đã rút.", category="traditions")
    withdrawn.withdrawn = True
    withdrawn.withdrawal_reason = "Thông tin chưa chính xác."
    withdrawn.save_revision().publish()
    refresh()
    data = api(client, q="lich thi hoc ky").json()
    assert [result["title"] for result in data["results"]] == ["Lịch thi học kỳ công khai"]
    assert data["count"] == 1
    assert {bucket["value"] for bucket in data["facets"]["category"]} == {"competitions"}
    assert "mật" not in str(data) and "rút" not in str(data)
    suggestions = client.get("/api/search/suggest/", {"q": "lịch thi học"}).json()["suggestions"]
    suggested = [item["title"] for item in suggestions]
    assert "Lịch thi học kỳ công khai" in suggested
    assert hidden.title not in suggested and withdrawn.title not in suggested


def test_results_render_from_the_index_after_the_database_changed_nothing(client, site_tree):
    """What a result shows is what the index holds (stored when the page was published)."""
    call_command("update_index", verbosity=0)
    page = news_page(site_tree["vi"], "Ngày hội đọc sách", summary="Học sinh đọc sách cùng thầy cô.")
    refresh()
    result = api(client, q="doc sach").json()["results"][0]
    assert (result["title"], result["url"], result["type"]) == (page.title, page.url, "news")
    assert "<mark>sách</mark>" in result["snippet"] or "<mark>đọc sách</mark>" in result["snippet"]
    with override_settings(SEARCH_CACHE_TIMEOUT=0):
        assert api(client, q="ngay hoi doc sach").json()["results"][0]["date"] == page.date.isoformat()


def test_the_results_page_suggestions_come_from_the_same_engine_request(site_tree, settings):
    """The search page's titles that complete the query (its no-JS fallback) travel in the results' round trip,
    filtered on visibility like them: a whole search, suggestions included, reads from the database only which
    of the pages shown it still shows (search.results.still_visible: one query for the results and the
    suggestions together)."""
    settings.SEARCH_CACHE_TIMEOUT = 0
    call_command("update_index", verbosity=0)
    home = site_tree["vi"]
    public = news_page(home, "Câu lạc bộ tiếng Anh khai giảng", summary="Câu lạc bộ của học sinh.")
    hidden = news_page(home, "Câu lạc bộ giáo viên nội bộ", summary="Chỉ dành cho giáo viên.")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    refresh()
    vi = Locale.objects.get(language_code="vi")
    run_search({"q": "câu lạc bộ"}, AnonymousUser(), vi, record=False)  # the shared cache's generations
    with CaptureQueriesContext(connection) as queries:
        outcome = run_search({"q": "cau lac bo"}, AnonymousUser(), vi, record=False, with_suggestions=True)
    assert outcome.backend == "engine" and [hit.title for hit in outcome.hits] == [public.title]
    assert outcome.suggestions == [(public.title, public.url)]
    read = [query["sql"] for query in queries.captured_queries]
    assert len(read) == 1 and read[0].startswith(IDS_ONLY), read

"""Site search on the database backend (SQLite, or PostgreSQL when DATABASE_URL says so): Vietnamese
matching, the JSON API, the search page, permissions, the engine-down fallback, synonyms, analytics. The
same behaviour on OpenSearch is checked in tests/services/test_search_engine.py."""

import datetime
import time
import unicodedata

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from core.vietnamese import clean_query, fold, index_text, normalise, split_separators
from search.models import Synonym
from search_analytics.models import QueryRecord
from site_lak import env
from tests.factories import draft_child, news_page, publish_child, section

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


# An engine nobody answers at (port 9, "discard"), with the database backend as the fallback.
ENGINE_DOWN = {
    "default": {
        "BACKEND": "search_backends.OpenSearch2SearchBackend",
        "URLS": ["http://127.0.0.1:9"],
        "INDEX_PREFIX": "down_",
        "TIMEOUT": 2,
        "OPTIONS": {"max_retries": 0},
        "AUTO_UPDATE": False,
    },
    "database": {"BACKEND": "search_backends.DatabaseSearchBackend", "AUTO_UPDATE": True},
}


def api(client, **params):
    return client.get("/api/search/", params)


def titles(response):
    assert response.status_code == 200, response.content
    return [result["title"] for result in response.json()["results"]]


@pytest.fixture(autouse=True)
def _database_backend(settings):
    """These tests use the database backend even when SEARCH_URL names an engine (as in CI): its index
    lives in the test's transaction, so each test sees exactly the pages it made."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(env.DATABASE_SEARCH_BACKEND)}


@pytest.fixture
def corpus(site_tree):
    home = site_tree["vi"]
    pages = {
        "plan": news_page(
            home,
            "Kế hoạch truyền thông năm học 2024-2025",
            summary="Nhà trường ban hành kế hoạch truyền thông cho cả năm học.",
            date=datetime.date(2024, 9, 10),
            category="policy",
        ),
        "exam_de": news_page(
            home, "Đề thi thử môn Toán lớp 12", summary="Đề thi và đáp án.", date=datetime.date(2025, 3, 1)
        ),
        "exam_to": news_page(
            home, "Để thi tốt môn Toán lớp 12", summary="Lời khuyên ôn tập.", date=datetime.date(2025, 4, 1)
        ),
        "chem": news_page(
            home, "Đội tuyển Hóa học đạt giải nhì", summary="Học sinh giỏi cấp tỉnh.", date=datetime.date(2023, 12, 1)
        ),
        "water": news_page(
            home, "Ngày hội thủy lợi cho học sinh", summary="Hoạt động ngoại khóa.", date=datetime.date(2024, 5, 5)
        ),
        "graduation": news_page(
            home,
            "Lịch thi tốt nghiệp trung học phổ thông 2025",
            summary="Thí sinh cần chú ý các mốc thời gian.",
            date=datetime.date(2025, 5, 20),
            category="competitions",
        ),
    }
    return pages


def policy_page(home, title, number, **fields):
    from policies.models import PolicyPage

    fields.setdefault("document_type", "thong-tu")
    fields.setdefault("issuer", "Bộ Giáo dục và Đào tạo")
    fields.setdefault("issued_date", datetime.date(2024, 8, 1))
    return publish_child(section(home, "van-ban"), PolicyPage(title=title, document_number=number, **fields))


# --- the text functions -------------------------------------------------------------------------------


def test_normalise_unifies_unicode_forms_and_tone_placement():
    assert normalise(unicodedata.normalize("NFD", "Việt Nam")) == "Việt Nam"
    assert normalise("hoá học") == normalise("hóa học") == "hóa học"
    assert normalise("Thuỷ lợi") == "Thủy lợi"
    assert normalise("khoẻ") == "khỏe"
    assert normalise("quý") == "quý" and normalise("hoàn thành") == "hoàn thành"


def test_fold_removes_every_vietnamese_mark_including_d_stroke():
    assert fold("Kế hoạch truyền thông ĐẮK LẮK") == "ke hoach truyen thong dak lak"
    text = normalise("Trường THPT Lắk: học sinh giỏi")
    assert len(fold(text)) == len(text)


def test_document_numbers_and_hostile_queries_are_reduced_to_words():
    assert split_separators("09/2024/TT-BGDĐT") == "09 2024 TT BGDĐT"
    assert clean_query("09/2024/TT-BGDĐT") == "09 2024 TT BGDĐT"
    assert clean_query("' OR 1=1; DROP TABLE wagtailcore_page; --") == "OR 1 1 DROP TABLE wagtailcore page"
    assert clean_query('{"query": {"match_all": {}}}') == "query match all"
    assert clean_query("😀🎉") == ""
    assert "tt bgddt" in index_text("Thông tư 09/2024/TT-BGDĐT")


# --- Vietnamese matching on the database backend --------------------------------------------------------


def test_unaccented_and_accented_queries_find_the_same_page(client, corpus):
    accented = titles(api(client, q="kế hoạch truyền thông"))
    unaccented = titles(api(client, q="ke hoach truyen thong"))
    assert accented[0] == unaccented[0] == corpus["plan"].title
    assert set(accented) == set(unaccented)


def test_exact_diacritics_rank_first(client, corpus):
    assert titles(api(client, q="đề thi môn toán"))[:2] == [corpus["exam_de"].title, corpus["exam_to"].title]
    assert titles(api(client, q="để thi môn toán"))[:2] == [corpus["exam_to"].title, corpus["exam_de"].title]
    assert set(titles(api(client, q="de thi mon toan"))[:2]) == {corpus["exam_de"].title, corpus["exam_to"].title}


def test_decomposed_input_and_old_tone_placement_match(client, corpus):
    assert titles(api(client, q=unicodedata.normalize("NFD", "hóa học")))[0] == corpus["chem"].title
    assert titles(api(client, q="hoá học"))[0] == corpus["chem"].title
    assert titles(api(client, q="thuỷ lợi"))[0] == corpus["water"].title


def test_phrase_ranks_above_scattered_syllables(client, site_tree, corpus):
    scattered = news_page(site_tree["vi"], "Thông tin về học phí và truyền hình", summary="Kế toán trường.")
    result = titles(api(client, q="truyền thông"))
    assert result[0] == corpus["plan"].title
    assert scattered.title not in result[:1]


def test_document_numbers_found_with_or_without_separators_and_marks(client, site_tree):
    page = policy_page(
        site_tree["vi"], "Thông tư 09/2024/TT-BGDĐT về công khai trong cơ sở giáo dục", "09/2024/TT-BGDĐT"
    )
    for query in ("09/2024/TT-BGDĐT", "09 2024 tt bgddt", "thông tư 09", "TT-BGDDT 09"):
        assert page.title in titles(api(client, q=query)), query


def test_editors_synonyms_match_both_ways(client, corpus):
    api(client, q="lịch thi tốt nghiệp THPT")  # the (empty) synonym list and this search are now cached
    Synonym.objects.create(term="THPT", expansions="trung học phổ thông")
    assert titles(api(client, q="lịch thi tốt nghiệp THPT"))[0] == corpus["graduation"].title
    assert titles(api(client, q="lich thi tot nghiep thpt"))[0] == corpus["graduation"].title


# --- the API: shape, filters, facets, sorting, paging ---------------------------------------------------


def test_api_answers_results_and_facets(client, corpus):
    data = api(client, q="thi").json()
    assert data["query"] == "thi"
    assert data["count"] == len(data["results"]) >= 3
    first = data["results"][0]
    assert set(first) >= {"title", "url", "slug", "type", "date", "snippet"}
    assert first["url"].startswith("/vi/")
    news = next(bucket for bucket in data["facets"]["type"] if bucket["value"] == "news")
    assert news["count"] == len([r for r in data["results"] if r["type"] == "news"]) == 3
    assert sum(bucket["count"] for bucket in data["facets"]["year"]) == data["count"]


def test_snippets_highlight_matches_without_accents(client, corpus):
    result = api(client, q="nam hoc").json()["results"][0]
    assert "<mark>năm học</mark>" in result["snippet"]


def test_filters_date_range_and_newest_sort(client, corpus):
    data = api(client, q="thi", **{"from": "2025-04-01", "to": "2025-12-31"}).json()
    assert {result["title"] for result in data["results"]} == {corpus["exam_to"].title, corpus["graduation"].title}
    newest = api(client, q="thi", sort="newest").json()["results"]
    dates = [result["date"] for result in newest]
    assert dates == sorted(dates, reverse=True)
    by_category = titles(api(client, q="thi", category="competitions"))
    assert by_category == [corpus["graduation"].title]
    by_year = titles(api(client, q="thi", year="2024-2025"))
    assert corpus["chem"].title not in by_year and corpus["graduation"].title in by_year
    assert titles(api(client, q="thi", type="policy")) == []


def test_pagination(client, corpus):
    first = api(client, q="thi", page_size=1).json()
    second = api(client, q="thi", page_size=1, page=2).json()
    assert first["num_pages"] >= 3 and first["results"][0]["title"] != second["results"][0]["title"]
    beyond = api(client, q="thi", page_size=1, page=500).json()
    assert beyond["page"] == first["num_pages"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 2000},
        {"q": "thi", "from": "2024-13-45"},
        {"q": "thi", "to": "hôm qua"},
        {"q": "thi", "from": "2025-01-02", "to": "2025-01-01"},
        {"q": "thi", "page": "abc"},
        {"q": "thi", "page": "0"},
        {"q": "thi", "page_size": "1000"},
        {"q": "thi", "type": "secret"},
        {"q": "thi", "sort": "random"},
        {"q": "thi", "year": "năm ngoái"},
        {"q": "thi", "locale": "xx"},
    ],
)
def test_bad_input_gets_a_400_with_a_message(client, corpus, params):
    response = api(client, **params)
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.parametrize(
    "query",
    ["", "   ", "😀🎉", "' OR 1=1; --", '{"query":{"match_all":{}}}', "title:* AND NOT body:x", '"', "NEAR(a b)", "*"],
)
def test_odd_queries_answer_200_without_errors(client, corpus, query):
    response = api(client, q=query)
    assert response.status_code == 200
    assert "Traceback" not in response.content.decode()


def test_emoji_only_query_says_what_to_do(client, corpus):
    data = api(client, q="😀").json()
    assert data["count"] == 0 and data["notices"]


# --- who sees what ----------------------------------------------------------------------------------


def test_drafts_private_and_other_locales_stay_out(client, site_tree, corpus):
    from news.models import NewsPage

    index = section(site_tree["vi"], "tin-tuc")
    draft_child(index, NewsPage(title="Bản nháp kế hoạch bí mật", slug="ban-nhap", date=TODAY))
    intranet = news_page(site_tree["vi"], "Kế hoạch nội bộ cho giáo viên", summary="Chỉ cán bộ xem.")
    PageViewRestriction.objects.create(page=intranet, restriction_type=PageViewRestriction.LOGIN)
    news_page(site_tree["en"], "Communication plan ke hoach", slug="communication-plan")
    anonymous = titles(api(client, q="kế hoạch"))
    assert corpus["plan"].title in anonymous
    assert "Bản nháp kế hoạch bí mật" not in anonymous
    assert intranet.title not in anonymous
    assert "Communication plan ke hoach" not in anonymous

    teacher = get_user_model().objects.create_user("giaovien", password="x")
    teacher.groups.add(Group.objects.first())
    client.force_login(teacher)
    staff = titles(api(client, q="kế hoạch"))
    assert intranet.title in staff and "Bản nháp kế hoạch bí mật" not in staff
    assert api(client, q="ke hoach", locale="en").json()["results"][0]["title"] == "Communication plan ke hoach"


def test_logged_in_user_without_group_is_not_staff(client, site_tree):
    intranet = news_page(site_tree["vi"], "Biên bản họp hội đồng", summary="Nội bộ.")
    PageViewRestriction.objects.create(page=intranet, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(get_user_model().objects.create_user("phuhuynh", password="x"))
    assert intranet.title not in titles(api(client, q="biên bản họp"))


def test_unpublished_page_disappears(client, site_tree):
    page = news_page(site_tree["vi"], "Thông báo nghỉ học do mưa lũ")
    assert titles(api(client, q="nghi hoc mua lu")) == [page.title]
    page.unpublish()
    # Other pages may still match some of the words (the press page cites "Nghị định"); this one must be gone.
    assert page.title not in titles(api(client, q="nghi hoc mua lu"))


# --- resilience ---------------------------------------------------------------------------------------


def test_engine_down_answers_from_the_database_with_a_notice(client, corpus, settings):
    with override_settings(WAGTAILSEARCH_BACKENDS=ENGINE_DOWN):
        response = api(client, q="ke hoach truyen thong")
        page = client.get("/vi/tim-kiem/", {"q": "kế hoạch truyền thông"})
    assert response.status_code == 200
    data = response.json()
    assert data["results"][0]["title"] == corpus["plan"].title
    assert data["notices"]
    assert page.status_code == 200
    assert corpus["plan"].title in page.content.decode()
    assert QueryRecord.objects.filter(backend="database").exists()


# --- the HTML page ------------------------------------------------------------------------------------


def test_search_page_shows_results_facets_and_highlights(client, corpus):
    response = client.get("/vi/tim-kiem/", {"q": "ke hoach truyen thong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert corpus["plan"].title.split()[0] in html and "<mark>" in html
    assert 'name="type"' in html and 'type="date"' in html
    assert "no-cache" in response["Cache-Control"]  # never stored by the anonymous page cache
    assert "?q=ke+hoach+truyen+thong&amp;type=news" in html or "type=news" in html


def test_search_page_bad_input_is_a_400_with_the_form(client, corpus):
    response = client.get("/vi/tim-kiem/", {"q": "thi", "from": "31/12/2024"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_did_you_mean_for_zero_results(client, corpus):
    data = api(client, q="truyen thogn").json()
    assert data["did_you_mean"] and "truyền thông" in data["did_you_mean"]
    html = client.get("/vi/tim-kiem/", {"q": "truyen thogn"}).content.decode()
    assert "truyền thông" in html


def test_no_suggestion_that_finds_nothing_better(client, corpus, site_tree):
    """ "học bổng": "bổng" is no word of any title; the closest one, "động", makes "học động", which no page
    has either. A suggestion is run first and offered only when it finds pages with all its words."""
    news_page(site_tree["vi"], "Hoạt động trải nghiệm sáng tạo", summary="Ngoại khóa.")
    data = api(client, q="học bổng").json()
    assert data["results"]  # pages with "học", with the notice that not every word was found
    assert data["did_you_mean"] is None
    assert "Có phải bạn muốn tìm" not in client.get("/vi/tim-kiem/", {"q": "học bổng"}).content.decode()
    # The same close word is offered where it finds pages: "hoat dogn" → "hoạt động".
    assert api(client, q="hoat dogn trai nghiem").json()["did_you_mean"] == "hoạt động trải nghiệm"


def test_every_page_family_is_a_result_type_a_filter_and_a_facet_group_by_its_declaration(client, corpus):
    """Search names no page model: the types, facets and headings are the families' declarations
    (core/families.py), so a new family appears in search without touching search/."""
    from core.families import page_families
    from search.page import facet_titles

    families = [model.family for model in page_families().values()]
    declared = [name for family in families for name in family.facets]
    data = api(client, q="thi").json()
    assert list(data["facets"]) == ["type", "year", *dict.fromkeys(declared)]
    headings = dict(facet_titles())
    for family in families:
        assert api(client, q="thi", type=family.key).status_code == 200
        assert all(headings[name] == title for name, title in family.facet_titles.items())
    assert api(client, q="thi", type="no-such-family").status_code == 400


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_facet_group_has_its_own_heading(client, site_tree, language):
    from django.utils import translation

    from search.page import facet_titles

    with translation.override(language):
        headings = [str(title) for _name, title in facet_titles()]
    assert len(set(headings)) == len(headings), headings
    if language == "vi":
        assert headings[:3] == ["Loại nội dung", "Năm học", "Chuyên mục tin"]


def test_the_results_page_shows_filters_as_a_panel_and_each_results_type_and_date(client, corpus):
    html = client.get("/vi/tim-kiem/", {"q": "thi"}).content.decode()
    assert '<details class="search-filters"' in html and "<summary>Bộ lọc</summary>" in html
    assert '<h2 id="facet-type" class="facet__title">Loại nội dung</h2>' in html
    assert '<span class="result__type">Tin tức</span>' in html
    assert '<time datetime="2025-05-20">20/05/2025</time>' in html
    # A filter chosen in a facet stays when the words change (a hidden field of the search form).
    filtered = client.get("/vi/tim-kiem/", {"q": "thi", "year": "2024-2025"}).content.decode()
    assert '<input type="hidden" name="year" value="2024-2025" form="search-form">' in filtered
    assert "<summary>Bộ lọc (1)</summary>" in filtered


def test_autocomplete_suggests_titles_with_or_without_accents(client, corpus):
    for text in ("ke hoa", "kế hoạ"):
        suggestions = client.get("/api/search/suggest/", {"q": text}).json()["suggestions"]
        assert corpus["plan"].title in [item["title"] for item in suggestions], text


def test_promoted_result_comes_first(client, corpus):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    SearchPromotion.objects.create(query=Query.get("tuyen sinh"), page=corpus["water"], sort_order=0)
    data = api(client, q="tuyen sinh").json()
    assert data["results"][0]["title"] == corpus["water"].title and data["results"][0]["promoted"]


# --- analytics ----------------------------------------------------------------------------------------


def test_queries_are_recorded_without_personal_data_and_reported(client, corpus, admin_user):
    api(client, q="Kế hoạch truyền thông")
    api(client, q="không có gì ở đây xyzzy")
    record = QueryRecord.objects.get(query="kế hoạch truyền thông")
    assert record.result_count >= 1 and record.locale == "vi"
    assert {field.name for field in QueryRecord._meta.fields} == {
        "id", "query", "locale", "result_count", "result_type", "backend", "clicks", "created_at", "token"
    }  # fmt: skip
    click = client.get(f"/api/search/click/{record.token}/", {"to": corpus["plan"].url})
    assert click.status_code == 302 and click["Location"] == corpus["plan"].url
    assert client.get(f"/api/search/click/{record.token}/", {"to": "https://evil.example/"}).status_code == 400
    record.refresh_from_db()
    assert record.clicks == 1
    client.force_login(admin_user)
    report = client.get("/admin/reports/search-queries/").content.decode()
    assert "kế hoạch truyền thông" in report and "không có gì ở đây xyzzy" in report


def test_the_report_speaks_of_engine_failures_only_when_there_is_an_engine(db, client, admin_user):
    for query in ("tuyển sinh", "học bổng"):
        QueryRecord.objects.create(query=query, locale="vi", result_count=1, result_type="all", backend="database")
    client.force_login(admin_user)
    # The database backend is the search backend: its answers are not fallbacks.
    report = client.get("/admin/reports/search-queries/").content.decode()
    assert 'id="search-fallback-count"' not in report
    database = dict(settings.WAGTAILSEARCH_BACKENDS["default"])
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": database, "database": database}):
        report = client.get("/admin/reports/search-queries/").content.decode()
    assert '<dd id="search-fallback-count">2</dd>' in report


# --- anonymous searches answered from search.cache ------------------------------------------------------


def counted(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = api(client, **params)
    return response, len(queries)


def test_a_repeated_search_is_answered_from_the_cache_and_still_counted(client, corpus):
    first, first_queries = counted(client, q="ke hoach truyen thong")
    again, again_queries = counted(client, q="ke hoach truyen thong")

    assert again.json()["results"] == first.json()["results"] and again.json()["count"] == first.json()["count"]
    assert again.json()["facets"] == first.json()["facets"]
    assert again_queries < first_queries
    records = list(QueryRecord.objects.filter(query="ke hoach truyen thong"))
    assert len(records) == 2 and records[0].pk != records[1].pk
    click = client.get(f"/api/search/click/{records[-1].token}/", {"to": corpus["plan"].url})
    assert click.status_code == 302


def test_a_publication_and_an_unpublication_show_in_the_next_search(client, site_tree, corpus):
    title = "Hội khỏe Phù Đổng cấp trường"
    assert title not in titles(api(client, q="Phù Đổng"))
    page = news_page(site_tree["vi"], title)
    assert titles(api(client, q="Phù Đổng"))[0] == title
    page.unpublish()
    assert title not in titles(api(client, q="Phù Đổng"))


def test_a_page_past_its_expiry_is_not_served_from_the_cache(client, site_tree):
    expiry = timezone.now() + datetime.timedelta(seconds=2)
    page = news_page(site_tree["vi"], "Thông báo lịch tiêm chủng cho học sinh", expire_at=expiry)
    assert titles(api(client, q="lich tiem chung")) == [page.title]  # now cached
    # Expired, and the background worker has not unpublished it yet: no publication log, no purge.
    time.sleep(max(0, (expiry - timezone.now()).total_seconds()) + 0.1)
    assert Page.objects.get(pk=page.pk).live
    assert titles(api(client, q="lich tiem chung")) == []


def test_staff_and_visitors_never_share_cached_results(client, site_tree, corpus):
    intranet = news_page(site_tree["vi"], "Kế hoạch kiểm tra nội bộ của tổ chuyên môn")
    PageViewRestriction.objects.create(page=intranet, restriction_type=PageViewRestriction.LOGIN)
    assert intranet.title not in titles(api(client, q="kế hoạch kiểm tra nội bộ"))

    teacher = get_user_model().objects.create_user("giaovien", password="x")
    teacher.groups.add(Group.objects.first())
    client.force_login(teacher)
    assert intranet.title in titles(api(client, q="kế hoạch kiểm tra nội bộ"))
    client.logout()
    assert intranet.title not in titles(api(client, q="kế hoạch kiểm tra nội bộ"))


def test_an_answer_from_the_fallback_is_not_kept_for_the_next_visitor(client, corpus):
    with override_settings(WAGTAILSEARCH_BACKENDS=ENGINE_DOWN):
        assert api(client, q="ke hoach truyen thong").json()["notices"]
    assert api(client, q="ke hoach truyen thong").json()["notices"] == []


def test_the_search_page_keeps_its_suggestions_when_answered_from_the_cache(client, corpus):
    first = client.get("/vi/tim-kiem/", {"q": "kế hoạch truyền thông"}).content.decode()
    again = client.get("/vi/tim-kiem/", {"q": "kế hoạch truyền thông"}).content.decode()
    assert corpus["plan"].title in again
    assert first.count(corpus["plan"].url) == again.count(corpus["plan"].url) > 0


def results_page(client, q):
    return client.get("/vi/tim-kiem/", {"q": q})


def click_ids(response):
    import re

    return set(re.findall(r"/api/search/click/([0-9a-f]+)/", response.content.decode()))


def test_a_results_page_is_served_from_the_page_cache_and_each_search_keeps_its_own_click_id(client, corpus):
    first = results_page(client, "ke hoach truyen thong")
    with CaptureQueriesContext(connection) as queries:
        again = results_page(client, "ke hoach truyen thong")

    assert (first["X-Cache"], again["X-Cache"]) == ("MISS", "HIT")
    # The search's record, and the page cache's generation read from the shared cache (one more query when
    # that is the database cache table, none with Redis); nothing else.
    # (The record is written after the response, in its own savepoint: search.analytics.)
    statements = [query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]
    written = [sql for sql in statements if "site_lak_cache" not in sql]
    assert len(written) == 1 and "INSERT" in written[0]
    generation_reads = 1 if settings.CACHES["default"]["BACKEND"] == env.SHARED_DATABASE_CACHE["BACKEND"] else 0
    assert len(statements) == 1 + generation_reads
    assert "private" in again["Cache-Control"] and "no-cache" in again["Cache-Control"]  # no CDN keeps it
    records = list(QueryRecord.objects.filter(query="ke hoach truyen thong").order_by("pk"))
    assert len(records) == 2 and records[1].result_count == records[0].result_count
    assert click_ids(first) == {records[0].token} and click_ids(again) == {records[1].token}
    assert int(again["Content-Length"]) == len(again.content)
    client.get(f"/api/search/click/{records[1].token}/", {"to": corpus["plan"].url})
    assert QueryRecord.objects.get(pk=records[1].pk).clicks == 1 and records[0].clicks == 0


def test_a_cached_results_page_shows_a_publication_at_once_and_never_to_staff(client, site_tree, admin_user):
    title = "Hội khỏe Phù Đổng cấp trường năm nay"
    results_page(client, "Phù Đổng")
    assert results_page(client, "Phù Đổng")["X-Cache"] == "HIT"
    news_page(site_tree["vi"], title)
    fresh = results_page(client, "Phù Đổng")
    assert fresh["X-Cache"] == "MISS" and title in fresh.content.decode()
    client.force_login(admin_user)
    assert results_page(client, "Phù Đổng")["X-Cache"] == "BYPASS"


def test_a_results_page_is_not_kept_past_the_expiry_of_a_page_it_shows(client, site_tree):
    expiry = timezone.now() + datetime.timedelta(seconds=2)
    page = news_page(site_tree["vi"], "Thông báo lịch tiêm chủng cho học sinh", expire_at=expiry)
    assert page.slug in results_page(client, "lich tiem chung").content.decode()  # in the result's link
    assert results_page(client, "lich tiem chung")["X-Cache"] == "HIT"
    time.sleep(max(0, (expiry - timezone.now()).total_seconds()) + 0.1)
    after = results_page(client, "lich tiem chung").content.decode()
    assert page.slug not in after and page.title not in after  # not a result, nor a suggestion as you type


def test_a_results_page_from_the_fallback_is_not_kept(client, corpus):
    with override_settings(WAGTAILSEARCH_BACKENDS=ENGINE_DOWN):
        assert results_page(client, "ke hoach truyen thong")["X-Cache"] == "BYPASS"
    assert results_page(client, "ke hoach truyen thong")["X-Cache"] == "MISS"


# --- attached files ------------------------------------------------------------------------------------


def make_docx(*paragraphs):
    import io

    from docx import Document as DocxDocument

    document = DocxDocument()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_text_inside_documents_is_found_and_private_collections_stay_private(
    client, site_tree, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    Document = get_document_model()  # noqa: N806
    with django_capture_on_commit_callbacks(execute=True):
        public = Document.objects.create(
            title="Biểu mẫu số 3",
            file=ContentFile(
                make_docx("Đơn xin miễn giảm học phí dành cho học sinh khó khăn."), name="bieu-mau-3.docx"
            ),
        )
    data = api(client, q="don xin mien giam hoc phi").json()
    assert [(result["title"], result["type"]) for result in data["results"]] == [(public.title, "document")]
    assert "<mark>" in data["results"][0]["snippet"]

    internal = Collection.get_first_root_node().add_child(name="Nội bộ (kiểm tra tìm kiếm)")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type=CollectionViewRestriction.LOGIN)
    with django_capture_on_commit_callbacks(execute=True):
        Document.objects.create(
            title="Biên bản kiểm tra nội bộ",
            collection=internal,
            file=ContentFile(make_docx("Kết quả kiểm tra chuyên đề tổ Toán."), name="bien-ban.docx"),
        )
    assert titles(api(client, q="kiem tra chuyen de to toan")) == []
    assert titles(api(client, q="biên bản kiểm tra nội bộ")) == []
    assert titles(api(client, q="don xin mien giam hoc phi")) == [public.title]
    teacher = get_user_model().objects.create_user("giaovien2", password="x")
    teacher.groups.add(Group.objects.first())
    client.force_login(teacher)
    assert titles(api(client, q="kiem tra chuyen de to toan")) == ["Biên bản kiểm tra nội bộ"]


def test_an_engine_is_configured_with_the_database_backend_as_fallback(monkeypatch):
    from site_lak import env

    monkeypatch.setenv("SEARCH_URL", "opensearch://127.0.0.1:9200")
    backends = env.search_backends("x_")
    assert backends["default"]["BACKEND"] == "search_backends.OpenSearch2SearchBackend"
    assert backends["database"] == {"BACKEND": "search_backends.DatabaseSearchBackend", "AUTO_UPDATE": True}
    monkeypatch.delenv("SEARCH_URL")
    assert list(env.search_backends("x_")) == ["default"]

"""Vietnamese search on the real engine (OpenSearch) with PostgreSQL: the same behaviour as the database
backend (tests/search/test_search.py), plus the database backend on PostgreSQL (the engine-down fallback)."""

import datetime
import unicodedata

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from modelsearch.index import get_indexed_models
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from search.models import Synonym
from tests.factories import news_page
from tests.search.test_search import api, policy_page, titles

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def refresh():
    get_search_backend().get_index_for_model(Page).refresh()


@pytest.fixture
def engine_corpus(site_tree):
    call_command("update_index", verbosity=0)
    home = site_tree["vi"]
    pages = {
        "plan": news_page(
            home,
            "Kế hoạch truyền thông năm học 2024-2025",
            summary="Nhà trường ban hành kế hoạch truyền thông cho cả năm học.",
            date=datetime.date(2024, 9, 10),
        ),
        "exam_de": news_page(home, "Đề thi thử môn Toán lớp 12", summary="Đề thi và đáp án."),
        "exam_to": news_page(home, "Để thi tốt môn Toán lớp 12", summary="Lời khuyên ôn tập."),
        "chem": news_page(home, "Đội tuyển Hóa học đạt giải nhì", summary="Học sinh giỏi cấp tỉnh."),
        "scattered": news_page(home, "Thông tin về học phí và truyền hình", summary="Kế toán trường."),
        "graduation": news_page(home, "Lịch thi tốt nghiệp trung học phổ thông 2025", summary="Các mốc thời gian."),
        "policy": policy_page(home, "Thông tư 09/2024/TT-BGDĐT về công khai trong cơ sở giáo dục", "09/2024/TT-BGDĐT"),
    }
    refresh()
    return pages


def test_the_engine_is_the_vietnamese_backend():
    backend = get_search_backend()
    assert getattr(backend, "vietnamese", False) and hasattr(backend, "es")
    tokens = backend.es.indices.analyze(
        body={"tokenizer": "standard", "filter": ["lowercase", {"type": "asciifolding", "preserve_original": True}],
              "text": "Kế hoạch"}
    )  # fmt: skip
    assert {token["token"] for token in tokens["tokens"]} == {"kế", "ke", "hoạch", "hoach"}


def test_accent_insensitive_both_ways_on_the_engine(client, engine_corpus):
    accented = titles(api(client, q="kế hoạch truyền thông"))
    unaccented = titles(api(client, q="ke hoach truyen thong"))
    assert accented[0] == unaccented[0] == engine_corpus["plan"].title
    assert titles(api(client, q=unicodedata.normalize("NFD", "hoá học")))[0] == engine_corpus["chem"].title


def test_exact_diacritics_and_phrases_rank_first_on_the_engine(client, engine_corpus):
    assert titles(api(client, q="đề thi môn toán"))[0] == engine_corpus["exam_de"].title
    assert titles(api(client, q="để thi môn toán"))[0] == engine_corpus["exam_to"].title
    assert titles(api(client, q="truyền thông"))[0] == engine_corpus["plan"].title


def test_document_numbers_on_the_engine(client, engine_corpus):
    for query in ("09/2024/TT-BGDĐT", "09 2024 tt bgddt", "thông tư 09"):
        assert engine_corpus["policy"].title in titles(api(client, q=query)), query


def test_synonyms_on_the_engine(client, engine_corpus):
    Synonym.objects.create(term="THPT", expansions="trung học phổ thông")
    assert titles(api(client, q="lich thi tot nghiep THPT"))[0] == engine_corpus["graduation"].title


def test_accented_autocomplete_is_not_wagtail_13005(client, engine_corpus):
    """Upstream wagtail/wagtail#13005: stock Wagtail searches autocomplete fields with `standard`, so an
    accented prefix finds nothing on OpenSearch. Ours folds the query the way the index was folded."""
    for text in ("kế hoạ", "ke hoa", "Đề thi"):
        suggestions = [item["title"] for item in client.get("/api/search/suggest/", {"q": text}).json()["suggestions"]]
        assert suggestions, text
    assert engine_corpus["plan"].title in [
        item["title"] for item in client.get("/api/search/suggest/", {"q": "kế hoạ"}).json()["suggestions"]
    ]


def test_database_backend_on_postgresql_is_accent_insensitive(client, engine_corpus):
    call_command("update_index", backend_name="database", verbosity=0)
    backends = {
        "default": {"BACKEND": "search_backends.DatabaseSearchBackend", "AUTO_UPDATE": True},
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        assert titles(api(client, q="ke hoach truyen thong"))[0] == engine_corpus["plan"].title
        assert titles(api(client, q="đề thi môn toán"))[0] == engine_corpus["exam_de"].title
        assert engine_corpus["policy"].title in titles(api(client, q="09 2024 tt bgddt"))


def test_engine_down_falls_back_to_postgresql(client, engine_corpus):
    call_command("update_index", backend_name="database", verbosity=0)
    backends = {
        "default": {
            "BACKEND": "search_backends.OpenSearch2SearchBackend",
            "URLS": ["http://127.0.0.1:9"],
            "OPTIONS": {"max_retries": 0},
            "AUTO_UPDATE": False,
        },
        "database": {"BACKEND": "search_backends.DatabaseSearchBackend", "AUTO_UPDATE": True},
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        response = api(client, q="kế hoạch truyền thông")
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == engine_corpus["plan"].title
    assert response.json()["notices"]


def test_permissions_and_attached_files_on_the_engine(
    client, engine_corpus, site_tree, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import PageViewRestriction

    from tests.search.test_search import make_docx

    intranet = news_page(site_tree["vi"], "Biên bản họp hội đồng sư phạm", summary="Nội bộ.")
    PageViewRestriction.objects.create(page=intranet, restriction_type=PageViewRestriction.LOGIN)
    with django_capture_on_commit_callbacks(execute=True):
        get_document_model().objects.create(
            title="Biểu mẫu số 5", file=ContentFile(make_docx("Giấy xác nhận học sinh đang học."), name="mau-5.docx")
        )
    refresh()
    get_search_backend().get_index_for_model(get_document_model()).refresh()
    from documents.models import DocumentText

    get_search_backend().get_index_for_model(DocumentText).refresh()
    assert titles(api(client, q="giay xac nhan hoc sinh dang hoc")) == ["Biểu mẫu số 5"]
    assert intranet.title not in titles(api(client, q="bien ban hop hoi dong su pham"))
    teacher = get_user_model().objects.create_user("giaovien-os", password="x")
    teacher.groups.add(Group.objects.first())
    client.force_login(teacher)
    assert titles(api(client, q="bien ban hop hoi dong su pham"))[0] == intranet.title


def test_engine_filters_and_counts_facets_over_every_match(client, site_tree, monkeypatch):
    """With more matches than run_search fetches, the count, the facets and a filter still cover all of
    them: the engine filters and aggregates (search_backends.multi_search)."""
    import search.query

    call_command("update_index", verbosity=0)  # the engine's mapping, with the facet fields
    home = site_tree["vi"]
    for number, category in enumerate(["summer", "summer", "summer", "traditions", "traditions"]):
        news_page(
            home,
            f"Hội thao mùa hè số {number}",
            summary="Hội thao của học sinh.",
            category=category,
            date=datetime.date(2024, 6, 1 + number),
        )
    refresh()
    monkeypatch.setattr(search.query, "SHOWN_MARGIN", 0)  # the engine sends the page shown, not every match
    everything = api(client, q="hoi thao", page_size=2).json()
    assert everything["notices"] == []  # answered by the engine
    assert everything["count"] == 5
    assert {bucket["value"]: bucket["count"] for bucket in everything["facets"]["category"]} == {
        "summer": 3,
        "traditions": 2,
    }
    traditions = api(client, q="hội thao", category="traditions").json()
    assert sorted(result["title"] for result in traditions["results"]) == [
        "Hội thao mùa hè số 3",
        "Hội thao mùa hè số 4",
    ]
    assert traditions["count"] == 2
    # The category facet is counted without its own filter; the others with it.
    assert {bucket["value"]: bucket["count"] for bucket in traditions["facets"]["category"]} == {
        "summer": 3,
        "traditions": 2,
    }
    assert traditions["facets"]["year"] == [{"value": "2023-2024", "label": "2023-2024", "count": 2}]
    newest = api(client, q="hoi thao", sort="newest").json()
    assert newest["results"][0]["title"] == "Hội thao mùa hè số 4"
    # Paging through every match, two at a time: each page asks the engine for what it shows.
    pages = [api(client, q="hoi thao", sort="newest", page_size=2, page=number).json() for number in (1, 2, 3)]
    assert [page["num_pages"] for page in pages] == [3, 3, 3] and {page["count"] for page in pages} == {5}
    assert [result["title"][-1] for page in pages for result in page["results"]] == ["4", "3", "2", "1", "0"]


def test_a_page_the_database_check_leaves_short_is_filled_from_more_hits(client, site_tree, monkeypatch):
    """Pages past their expiry time that are not unpublished yet: the index holds their expiry and the
    engine leaves them out, so the page is still full and the count right."""
    import search.query

    call_command("update_index", verbosity=0)
    home = site_tree["vi"]
    created = [
        news_page(home, f"Hội khỏe Phù Đổng vòng {number}", summary="Thi đấu.", date=datetime.date(2024, 3, 1 + number))
        for number in range(6)
    ]
    refresh()
    for page in created[3:]:  # the three newest, first in the engine's order, past their expiry time
        page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
        page.save()  # re-indexed with its expiry: the engine filters it (search.stored)
    refresh()
    monkeypatch.setattr(search.query, "SHOWN_MARGIN", 0)
    first = api(client, q="hoi khoe phu dong", sort="newest", page_size=2).json()
    assert [result["title"][-1] for result in first["results"]] == ["2", "1"]
    assert first["count"] == 3 and first["num_pages"] == 2


def _segments(backend, index_name):
    shards = backend.es.indices.segments(index=index_name)["indices"][index_name]["shards"]
    return [copy["num_search_segments"] for copies in shards.values() for copy in copies]


def test_a_rebuilt_index_is_merged_before_it_replaces_the_old_one(client, site_tree):
    """update_index builds a new index and then points the alias at it (modelsearch's atomic rebuild);
    ours merges the new index to one segment first, as a search reads every segment."""
    backend = get_search_backend()
    home = site_tree["vi"]
    first = news_page(home, "Lễ kỷ niệm ngày Nhà giáo Việt Nam", summary="Ngày 20 tháng 11.")
    second = news_page(home, "Hội giảng chào mừng ngày Nhà giáo", summary="Giáo viên dạy giỏi.")
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(Page))
    index = rebuilder.start()
    index.add_model(type(first))
    for page in (first, second):  # two batches, each made searchable: two segments
        index.add_items(type(page), [page])
        index.refresh()
    assert _segments(backend, index.name) == [2]
    rebuilder.finish()
    assert _segments(backend, index.name) == [1]
    assert backend.es.indices.get_alias(name=backend.get_index_for_model(Page).name).keys() == {index.name}
    assert set(titles(api(client, q="ngay nha giao"))) == {first.title, second.title}


def test_a_page_saved_before_any_update_index_is_searchable_on_the_engine(client, site_tree, settings):
    """A new engine: `bootstrap_site` or an import saves pages before anyone ran update_index. The index is
    then made with the site's mapping, not one the engine guesses (whose hits every search failed on, so
    that the database answered them all). The page is saved first; its indexing, the write a save makes
    (modelsearch's task: `backend.add`), then meets an engine without the page index."""
    page = news_page(site_tree["vi"], "Thông báo tuyển sinh lớp 10 năm học 2025-2026", summary="Hồ sơ dự tuyển.")
    engine = dict(settings.WAGTAILSEARCH_BACKENDS["default"])
    engine["INDEX_PREFIX"] += "fresh_"
    settings.WAGTAILSEARCH_BACKENDS = {"default": engine}
    backend = get_search_backend()
    index = backend.get_index_for_model(Page)
    others = {  # documents and images: the results page searches them too
        backend.get_index_for_model(model).name: backend.get_index_for_model(model) for model in get_indexed_models()
    }
    others.pop(index.name)
    for other in others.values():
        other.put()
    try:
        assert not index.exists()
        backend.add(page)
        index.refresh()
        mapping = next(iter(backend.es.indices.get_mapping(index=index.name).values()))["mappings"]["properties"]
        assert mapping["title"]["analyzer"] == "vi_folded"  # the site's own mapping
        response = api(client, q="tuyen sinh lop 10")
        assert not any("Công cụ tìm kiếm" in notice for notice in response.json()["notices"])  # the engine answered
        assert titles(response) == [page.title]
    finally:
        for made in (index, *others.values()):
            made.delete()


def test_the_excerpt_comes_from_what_the_page_says_never_from_its_title_or_visibility(client, site_tree):
    """The engine highlights only the page types' own text fields: a page found by its title shows its
    summary (not the title again, nor "none" from the field that says it is public); one found in its
    body shows that passage, the words marked whether typed with or without diacritics."""
    call_command("update_index", verbosity=0)
    home = site_tree["vi"]
    by_title = news_page(
        home, "Hội thao mùa xuân của Đoàn trường", summary="Các lớp tham gia đông đủ, sân trường rộn ràng."
    )
    in_body = news_page(
        home,
        "Tin vắn tuần thứ hai",
        summary="Lịch tuần mới.",
        body=[("paragraph", RichText("<p>Chiều thứ sáu có buổi hội thao bóng chuyền.</p>"))],
    )
    refresh()
    for q in ("hội thao", "hoi thao"):
        results = {result["title"]: result["snippet"] for result in api(client, q=q).json()["results"]}
        assert results[by_title.title] == "Các lớp tham gia đông đủ, sân trường rộn ràng."
        assert "<mark>hội</mark> <mark>thao</mark>" in results[in_body.title] and "none" not in results[in_body.title]

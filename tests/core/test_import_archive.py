"""`import_archive`: records become published pages under the right index, re-imports update, bad lines
are reported by number and skipped without a trace, and the imported pages are searchable."""

import datetime
import json
import re
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageLogEntry
from wagtail.search.backends import get_search_backend

from core.archive.importer import ArchiveImporter
from core.archive.records import ArchiveRecordError, archive_page_types
from news.models import NewsPage
from plan.content_areas import ContentArea
from tests.factories import section

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "archive-sample.jsonl"
INDEX_SLUGS = {"news": "tin-tuc", "policy": "van-ban", "person": "guong-sang", "exam": "thi-tuyen-sinh"}


def news_record(slug, **fields):
    record = {
        "type": "news",
        "slug": slug,
        "title": f"Tin {slug}",
        "date": "2024-03-01",
        "summary": "Tóm tắt.",
        "body": "<p>Nội dung.</p>",
    }
    record.update(fields)
    return record


def write(tmp_path, *lines, name="archive.jsonl"):
    path = tmp_path / name
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines) + "\n",
        encoding="utf-8",
    )
    return path


def run_command(path, *options):
    """(exit status, stdout) of the command as an operator would run it."""
    out = StringIO()
    try:
        call_command("import_archive", str(path), "--no-progress", *options, stdout=out, stderr=StringIO())
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def sample_records():
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def importable(record):
    """News is this app's; the other types count once their page family declares an `Archive`."""
    return record["type"] in archive_page_types()


def test_the_sample_is_published_under_each_type_index(client, site_tree):
    records = [record for record in sample_records() if importable(record)]
    assert any(record["type"] == "news" for record in records)

    status, output = run_command(SAMPLE)

    assert status == 0, output
    for record in records:
        index = section(site_tree["vi"], INDEX_SLUGS[record["type"]])
        page = Page.objects.child_of(index).get(slug=record["slug"])
        assert page.live
        response = client.get(page.url)
        assert response.status_code == 200
        assert record["title"] in response.content.decode()
    news = NewsPage.objects.get(slug="ra-mat-trang-facebook-cua-truong")
    assert news.category == ContentArea.DIGITAL
    assert sorted(tag.name for tag in news.tags.all()) == ["mạng xã hội", "truyền thông"]
    assert "Phụ huynh và học sinh theo dõi trang" in client.get(news.url).content.decode()


def test_importing_twice_updates_instead_of_duplicating(client, site_tree, tmp_path):
    first = write(tmp_path, news_record("hoi-thao", title="Hội thao mùa xuân"), name="first.jsonl")
    second = write(tmp_path, news_record("hoi-thao", title="Hội thao mùa xuân 2024"), name="second.jsonl")

    assert ArchiveImporter().run(first).created == 1
    result = ArchiveImporter().run(second)

    assert (result.created, result.updated) == (0, 1)
    pages = NewsPage.objects.filter(slug="hoi-thao")
    assert pages.count() == 1
    assert "Hội thao mùa xuân 2024" in client.get(pages.get().url).content.decode()


def test_bad_lines_are_reported_by_number_and_leave_nothing_behind(client, site_tree, tmp_path):
    path = write(
        tmp_path,
        news_record("tin-dung-1"),
        '{"type": "news", "slug": "json-hong", "title": "JSON hỏng"',
        news_record("khong-tieu-de", title=""),
        {"type": "thoi-tiet", "slug": "loai-la", "title": "Loại lạ"},
        news_record("ngay-sai", date="01/03/2024"),
        news_record("tin-dung-2"),
    )

    status, output = run_command(path)

    assert status == 1
    for number in (2, 3, 4, 5):
        assert re.search(rf"\b{number}: ", output), output
    assert client.get(NewsPage.objects.get(slug="tin-dung-1").url).status_code == 200
    assert client.get(NewsPage.objects.get(slug="tin-dung-2").url).status_code == 200
    assert not Page.objects.filter(slug__in=["json-hong", "khong-tieu-de", "loai-la", "ngay-sai"]).exists()

    result = ArchiveImporter().run(path)  # the same report, as data
    rejected = dict(result.rejected)
    assert sorted(rejected) == [2, 3, 4, 5]
    assert "title" in rejected[3]
    assert "thoi-tiet" in rejected[4]
    assert "01/03/2024" in rejected[5]


def test_a_line_that_fails_model_validation_is_rolled_back(site_tree, tmp_path):
    # A rebuttal must name the claim it answers; the page would otherwise be half made.
    path = write(tmp_path, news_record("phan-bac", kind="rebuttal"), news_record("tin-sau"))
    result = ArchiveImporter().run(path)
    assert [number for number, _ in result.rejected] == [1]
    assert "claim" in result.rejected[0][1]
    assert not Page.objects.filter(slug="phan-bac").exists()
    assert NewsPage.objects.filter(slug="tin-sau", live=True).exists()


def test_unknown_category_unknown_key_and_missing_image_are_warnings(site_tree, tmp_path):
    path = write(
        tmp_path, news_record("tin-cu", category="tin-vat", lead_image="anh-khong-co.jpg", tac_gia="Ban biên tập")
    )
    result = ArchiveImporter().run(path)
    assert result.rejected == []
    page = NewsPage.objects.get(slug="tin-cu")
    assert page.category == ContentArea.OTHER
    assert page.lead_image is None
    messages = " ".join(message for number, message in result.warnings if number == 1)
    assert "tin-vat" in messages
    assert "tac_gia" in messages
    assert "anh-khong-co.jpg" in messages


def test_lead_image_is_found_by_file_name(site_tree, tmp_path):
    image = get_image_model().objects.create(title="Ảnh lễ khai giảng", file=get_test_image_file("khai-giang.png"))
    path = write(tmp_path, news_record("co-anh", lead_image="uploads/2019/khai-giang.png"))
    result = ArchiveImporter().run(path)
    assert result.warnings == []
    assert NewsPage.objects.get(slug="co-anh").lead_image == image


def test_a_record_with_live_false_stays_a_draft(client, site_tree, tmp_path):
    path = write(tmp_path, news_record("ban-nhap", live=False))
    assert run_command(path)[0] == 0
    page = NewsPage.objects.get(slug="ban-nhap")
    assert not page.live
    assert client.get("/vi/tin-tuc/ban-nhap/").status_code == 404


def test_an_english_record_goes_under_the_english_tree(client, site_tree, tmp_path):
    path = write(tmp_path, news_record("sports-day", title="Sports day", locale="en"))
    assert run_command(path)[0] == 0
    page = NewsPage.objects.get(slug="sports-day")
    assert page.locale.language_code == "en"
    assert page.get_parent().specific == section(site_tree["en"], "news")
    response = client.get("/en/news/sports-day/")
    assert response.status_code == 200
    assert "Sports day" in response.content.decode()


def test_body_html_is_sanitised_and_plain_text_becomes_paragraphs(client, site_tree, tmp_path):
    path = write(
        tmp_path,
        news_record("co-html", body='<p onclick="x()">An <b>toàn</b></p><script>alert(1)</script><iframe></iframe>'),
        news_record("van-ban-tron", body="Đoạn một.\n\nĐoạn hai."),
    )
    ArchiveImporter().run(path)
    html = client.get(NewsPage.objects.get(slug="co-html").url).content.decode()
    assert "An <b>toàn</b>" in html
    assert "alert(1)" not in html and "onclick" not in html and "<iframe" not in html
    plain = client.get(NewsPage.objects.get(slug="van-ban-tron").url).content.decode()
    assert "<p>Đoạn một.</p>" in plain and "<p>Đoạn hai.</p>" in plain


def test_dry_run_saves_nothing(site_tree, tmp_path):
    path = write(tmp_path, news_record("thu-khong-luu"), news_record("sai-ngay", date="2024-02-30"))
    status, _ = run_command(path, "--dry-run")
    assert status == 1
    assert not Page.objects.filter(slug="thu-khong-luu").exists()


def test_limit_imports_only_the_first_records(site_tree, tmp_path):
    path = write(tmp_path, news_record("mot"), "", news_record("hai"), news_record("ba"))
    assert run_command(path, "--limit", "2")[0] == 0
    assert set(NewsPage.objects.filter(slug__in=["mot", "hai", "ba"]).values_list("slug", flat=True)) == {"mot", "hai"}


def test_unreadable_file_is_a_clear_error(site_tree, tmp_path):
    status, _ = run_command(tmp_path / "khong-co.jsonl")
    assert status == 2


def test_imported_pages_are_searchable(site_tree, tmp_path):
    path = write(tmp_path, news_record("hien-mau", title="Ngày hội hiến máu tình nguyện"))
    result = ArchiveImporter().run(path)
    assert result.indexed == 1
    get_search_backend().refresh_indexes()  # an engine shows new pages to searches after a refresh
    assert list(NewsPage.objects.live().search("hiến máu")) == [NewsPage.objects.get(slug="hien-mau")]


def test_page_types_get_their_extra_keys_once_the_page_exists(client, site_tree, tmp_path, monkeypatch):
    """The protocol for inline children: "__" keys go to the family's `after_save`, before the revision is saved;
    what the hook sets is live and in the revision an editor starts from."""
    from news.models import NewsRelatedPage

    archive = NewsPage.family.archive
    seen = []

    def fields_with_extra(record, warnings):
        return {**archive.fields(record, warnings), "__related": record.get("lien_quan")}

    def after_save(page, record, extras):
        seen.append(page.pk)
        related = Page.objects.get(slug=extras["__related"])
        page.related_pages = [NewsRelatedPage(related_page=related)]

    path = write(tmp_path, news_record("tin-goc", title="Tin gốc"))
    assert ArchiveImporter().run(path).created == 1
    with_extra = replace(archive, fields=fields_with_extra, after_save=after_save)
    monkeypatch.setattr(NewsPage, "family", replace(NewsPage.family, archive=with_extra))
    result = ArchiveImporter().run(write(tmp_path, news_record("co-lien-quan", lien_quan="tin-goc"), name="b.jsonl"))

    assert result.rejected == [] and result.warnings == []
    page = NewsPage.objects.get(slug="co-lien-quan")
    assert seen == [page.pk]
    assert [row.related_page.slug for row in page.related_pages.all()] == ["tin-goc"]
    draft = page.get_latest_revision_as_object()
    assert [row.related_page_id for row in draft.related_pages.all()] == [Page.objects.get(slug="tin-goc").pk]
    assert "Tin gốc" in client.get(page.url).content.decode()


# The fast path for new published pages (core.archive.pages.publish_new_page) ----------------------------


def publication_state(page):
    """What users and editors can observe of a published page, minus ids, slugs and timestamps' values."""
    page = Page.objects.get(pk=page.pk).specific
    revision = page.latest_revision
    draft = page.get_latest_revision_as_object()
    actions = list(PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk").values_list("action", flat=True))
    return {
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "live is latest revision": page.live_revision_id == revision.pk,
        "published": (page.first_published_at is not None, page.last_published_at is not None),
        "depth": page.depth,
        "url_path": page.url_path.rsplit("/", 2)[0],
        "locale": page.locale.language_code,
        "draft title": (page.draft_title, draft.title),
        "draft body": str(draft.body),
        "summary": draft.summary,
        "revisions": page.revisions.count(),
        "publications": actions.count("wagtail.publish"),
        "publication log has its revision": PageLogEntry.objects.filter(
            page=page, action="wagtail.publish", revision=revision
        ).exists(),
    }


def test_an_imported_page_is_published_like_one_published_in_the_admin(site_tree, tmp_path):
    from wagtail.rich_text import RichText

    ArchiveImporter().run(write(tmp_path, news_record("nhap-khau", title="Hội trại", body="<p>Nội dung.</p>")))
    imported = NewsPage.objects.get(slug="nhap-khau")
    by_hand = NewsPage(
        title="Hội trại",
        slug="bang-tay",
        date=imported.date,
        summary="Tóm tắt.",
        body=[("paragraph", RichText("<p>Nội dung.</p>"))],
    )
    section(site_tree["vi"], "tin-tuc").add_child(instance=by_hand)
    by_hand.save_revision().publish()

    assert publication_state(imported) == publication_state(by_hand)
    assert imported.url == "/vi/tin-tuc/nhap-khau/"


def test_a_second_import_of_a_fast_created_page_publishes_a_new_revision(client, site_tree, tmp_path):
    ArchiveImporter().run(write(tmp_path, news_record("cap-nhat", title="Bản đầu")))
    result = ArchiveImporter().run(write(tmp_path, news_record("cap-nhat", title="Bản sau"), name="b.jsonl"))

    assert (result.created, result.updated) == (0, 1)
    page = NewsPage.objects.get(slug="cap-nhat")
    assert page.revisions.count() == 2 and page.live_revision == page.latest_revision
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 2
    html = client.get(page.url).content.decode()
    assert "Bản sau" in html and "Bản đầu" not in html


def test_imported_pages_show_in_listing_feeds_sitemap_and_search(client, site_tree, tmp_path):
    title = "Ngày hội đọc sách của thư viện"
    ArchiveImporter().run(write(tmp_path, news_record("doc-sach", title=title)))
    get_search_backend().refresh_indexes()  # the import indexes in bulk; an engine shows it after a refresh
    page = NewsPage.objects.get(slug="doc-sach")
    index_url = section(site_tree["vi"], "tin-tuc").url

    assert title in client.get(index_url).content.decode()
    assert title in client.get(f"{index_url}feed/rss/").content.decode()
    assert title in client.get(f"{index_url}feed/atom/").content.decode()
    assert page.url in client.get("/sitemap.xml").content.decode()
    assert title in client.get("/vi/tim-kiem/", {"q": "đọc sách"}).content.decode()


def test_the_tree_stays_sound_when_a_line_fails_after_its_page_was_inserted(client, site_tree, tmp_path, monkeypatch):
    """A hook that fails after the insert: its line leaves nothing; counts, paths and both trees stay right."""
    news_index = section(site_tree["vi"], "tin-tuc")
    english_index = section(site_tree["en"], "news")
    before = {index.pk: Page.objects.child_of(index).count() for index in (news_index, english_index)}

    def after_save(page, record, extras):
        if page.slug == "hong":
            raise ArchiveRecordError("hook refused")

    failing = replace(NewsPage.family.archive, after_save=after_save)
    monkeypatch.setattr(NewsPage, "family", replace(NewsPage.family, archive=failing))
    result = ArchiveImporter(batch_size=2).run(
        write(
            tmp_path,
            news_record("mot"),
            news_record("hong"),
            news_record("hai"),
            news_record("sports", title="Sports", locale="en"),
            news_record("ba", live=False),
        )
    )

    assert result.rejected == [(2, "hook refused")] and result.created == 4
    assert not Page.objects.filter(slug="hong").exists()
    assert not PageLogEntry.objects.filter(label=news_record("hong")["title"]).exists()
    for slug in ("mot", "hai", "sports"):  # the batch's history entries, saved together at its end
        assert PageLogEntry.objects.filter(page__slug=slug, action="wagtail.publish").count() == 1, slug
    assert Page.find_problems() == ([], [], [], [], [])
    for index, added in ((news_index, 3), (english_index, 1)):
        index.refresh_from_db()
        assert index.numchild == Page.objects.child_of(index).count() == before[index.pk] + added
    # An editor adds a page after the import: treebeard finds a free place after the imported ones.
    monkeypatch.undo()
    later = NewsPage(title="Tin viết sau", slug="viet-sau", date=datetime.date(2024, 5, 1))
    news_index.add_child(instance=later)
    later.save_revision().publish()
    assert Page.find_problems() == ([], [], [], [], [])
    for url in ("/vi/tin-tuc/mot/", "/vi/tin-tuc/hai/", "/vi/tin-tuc/viet-sau/", "/en/news/sports/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/vi/tin-tuc/ba/").status_code == 404  # the draft
    assert client.get("/en/").status_code == 200 and client.get("/en/news/").status_code == 200


def test_the_reference_index_of_imported_pages_is_what_wagtail_records(site_tree, tmp_path):
    """Editors see "where is this image used"; new pages get their references in bulk, updated ones
    through Wagtail's own update (which also removes a reference that disappeared)."""
    from wagtail.models import ReferenceIndex

    image = get_image_model().objects.create(title="Ảnh hội trại", file=get_test_image_file("hoi-trai.png"))
    ArchiveImporter().run(
        write(
            tmp_path,
            news_record("co-anh-1", lead_image="hoi-trai.png"),
            news_record("co-anh-2", lead_image="hoi-trai.png"),
        )
    )
    usage = {reference.object_id for reference in ReferenceIndex.get_references_to(image)}
    assert usage == {str(NewsPage.objects.get(slug=slug).pk) for slug in ("co-anh-1", "co-anh-2")}

    def recorded(page):
        return sorted(
            ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
                "content_type_id", "to_content_type_id", "to_object_id", "model_path", "content_path_hash"
            )
        )

    page = NewsPage.objects.get(slug="co-anh-1")
    imported = recorded(page)
    ReferenceIndex.objects.filter(object_id=str(page.pk)).delete()
    ReferenceIndex.create_or_update_for_object(page)
    assert imported and recorded(page) == imported

    other = get_image_model().objects.create(title="Ảnh khác", file=get_test_image_file("khac.png"))
    ArchiveImporter().run(write(tmp_path, news_record("co-anh-1", lead_image="khac.png"), name="b.jsonl"))
    assert {reference.object_id for reference in ReferenceIndex.get_references_to(image)} == {
        str(NewsPage.objects.get(slug="co-anh-2").pk)
    }
    assert {reference.object_id for reference in ReferenceIndex.get_references_to(other)} == {str(page.pk)}


def decoded(content):
    """Revision content with its StreamFields (JSON text) parsed: PostgreSQL's jsonb gives a body read
    back from the database its keys in another order than the one it was written in."""

    def value(item):
        if isinstance(item, str) and item.startswith("[{"):
            return json.loads(item)
        if isinstance(item, dict):
            return {key: value(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [value(inner) for inner in item]
        return item

    return value(content)


def test_the_revision_of_an_imported_page_holds_its_saved_children(site_tree):
    """The importer builds a new page's revision from the children it just saved (tags, key dates,
    related documents) instead of reading them back: the revision must equal what the database holds."""
    result = ArchiveImporter().run(SAMPLE)
    assert result.rejected == []
    pages = Page.objects.filter(slug__in=[record["slug"] for record in sample_records()]).specific()
    compared = 0
    for page in pages:
        stored = page.latest_revision.content
        expected = json.loads(json.dumps(type(page).objects.get(pk=page.pk).serializable_data(), cls=DjangoJSONEncoder))
        for volatile in ("latest_revision", "live_revision", "latest_revision_created_at", "draft_title"):
            stored.pop(volatile, None)
            expected.pop(volatile, None)
        assert decoded(stored) == decoded(expected), page.slug
        compared += 1
    kinds = {type(page).__name__ for page in pages}
    assert compared >= 4 and {"NewsPage", "ExamNoticePage", "PolicyPage", "PersonPage"} <= kinds
    tagged = [page for page in pages if isinstance(page, NewsPage) and page.tags.exists()]
    assert tagged and all(page.latest_revision.content["tagged_items"] for page in tagged)

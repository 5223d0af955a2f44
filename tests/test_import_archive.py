"""`import_archive`: records become published pages under the right index, re-imports update, bad lines
are reported by number and skipped without a trace, and the imported pages are searchable."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from home.archive import ArchiveImporter, archive_page_types
from news.models import ContentArea, NewsPage
from tests.factories import section

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "archive-sample.jsonl"
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
    """News is this app's; the other types count once their page model declares archive_fields."""
    model = archive_page_types().get(record["type"])
    return model is not None and hasattr(model, "archive_fields")


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
    assert list(NewsPage.objects.live().search("hiến máu")) == [NewsPage.objects.get(slug="hien-mau")]


def test_page_types_get_their_extra_keys_once_the_page_exists(client, site_tree, tmp_path, monkeypatch):
    """The protocol for inline children: "__" keys go to archive_after_save, before the revision is saved."""
    from django.utils import timezone

    from news.models import NewsUpdate

    archive_fields = NewsPage.archive_fields.__func__
    seen = []

    def fields_with_extra(cls, record, warnings):
        return {**archive_fields(cls, record, warnings), "__note": record.get("ghi_chu")}

    def after_save(cls, page, record, extras):
        seen.append(page.pk)
        page.updates = [NewsUpdate(date=timezone.now(), note=extras["__note"])]

    monkeypatch.setattr(NewsPage, "archive_fields", classmethod(fields_with_extra))
    monkeypatch.setattr(NewsPage, "archive_after_save", classmethod(after_save), raising=False)
    result = ArchiveImporter().run(write(tmp_path, news_record("co-ghi-chu", ghi_chu="Đã đính chính ngày tổ chức.")))

    assert result.rejected == [] and result.warnings == []
    page = NewsPage.objects.get(slug="co-ghi-chu")
    assert seen == [page.pk]
    assert "Đã đính chính ngày tổ chức." in client.get(page.url).content.decode()

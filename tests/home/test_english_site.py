"""The English site speaks English: the school's texts per locale (home.models.SchoolTexts, translated
with wagtail-localize), English titles and descriptions on the home page, and no empty home section."""

import io

import pytest
from django.core.management import call_command
from django.utils.html import escape
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from home.demo import SCHOOL_TEXTS
from home.models import SchoolTexts

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(site_tree):
    call_command("bootstrap_site", "--demo", stdout=io.StringIO())
    return site_tree


def english(name):
    return escape(SCHOOL_TEXTS[name][1])


def test_the_english_header_footer_title_and_descriptions_are_in_english(client, demo):
    html = client.get("/en/").content.decode()
    assert f'<span class="brand-name">{english("school_name")}</span>' in html
    assert f'<span class="brand-sub">{english("governing_body")}</span>' in html
    for name in ("address", "responsible_person", "footer_note"):
        assert english(name) in html, name
    assert "Hiệu trưởng" not in html and "Trường THPT Lắk" not in html
    assert '<meta property="og:site_name" content="Lak High School">' in html
    description = "The website of Lak High School, Lak district, Dak Lak province, Vietnam."
    assert f'<meta name="description" content="{description}">' in html
    assert f'<meta property="og:description" content="{description}">' in html
    article = client.get("/en/news/school-facebook-page/").content.decode()
    assert "<title>The school launches its official Facebook page – Lak High School</title>" in article
    vietnamese = client.get("/vi/").content.decode()
    assert '<span class="brand-name">Trường THPT Lắk</span>' in vietnamese and "Hiệu trưởng" in vietnamese


def test_the_spokesperson_s_position_is_translated_on_the_press_page(client, demo):
    assert "Lê Văn Trị</strong>, Principal" in client.get("/en/press/").content.decode()
    assert "Lê Văn Trị</strong>, Hiệu trưởng" in client.get("/vi/thong-tin-cho-bao-chi/").content.decode()


def test_the_english_texts_are_a_wagtail_localize_translation_and_fall_back_to_vietnamese(client, demo):
    vietnamese = SchoolTexts.objects.get(locale=Locale.get_default())
    source = TranslationSource.objects.get_for_instance(vietnamese)
    assert Translation.objects.filter(source=source, target_locale__language_code="en").exists()
    english_texts = vietnamese.get_translation(Locale.objects.get(language_code="en"))
    english_texts.address = ""  # not translated (yet): the Vietnamese text, never an empty line
    english_texts.save()
    html = client.get("/en/").content.decode()
    assert escape(SCHOOL_TEXTS["address"][0]) in html and english("school_name") in html
    english_texts.delete()
    assert '<span class="brand-name">Trường THPT Lắk</span>' in client.get("/en/").content.decode()


def test_an_edit_of_the_school_texts_shows_at_the_next_render(client, demo):
    client.get("/vi/")
    vietnamese = SchoolTexts.objects.get(locale=Locale.get_default())
    vietnamese.school_name = "Trường Trung học phổ thông Lắk"
    vietnamese.save()
    assert "Trường Trung học phổ thông Lắk" in client.get("/vi/").content.decode()


def test_no_english_home_section_is_empty(client, demo):
    html = client.get("/en/").content.decode()
    assert "Nothing has been published here yet." not in html
    assert html.count('<h2 id="section-') == 5  # news, policies, people, exams and upcoming events
    # Sections with nothing translated show the Vietnamese originals, marked as such.
    assert "Not translated yet. The originals in Vietnamese:" in html and '<div lang="vi">' in html
    assert 'href="/vi/' in html

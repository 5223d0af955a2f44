"""The home app's demo content for `bootstrap_site --demo` (the `site_lak_demo` hook in home/wagtail_hooks.py):
the school's settings and texts in both languages, and the pages about the school. Idempotent."""

from wagtail.models import Locale, Site

from core.bootstrap import ensure_child
from home.models import SchoolSettings, SchoolTexts, StandardPage
from home.translation import translate_page, translate_snippet

INFO_PAGES = [
    (
        "gioi-thieu",
        "Giới thiệu",
        "Trường THPT Lắk được thành lập để đáp ứng nhu cầu học tập của con em các dân tộc huyện Lắk.",
        "Introduction",
        "introduction",
        "Lak High School serves the families of Lak district, Dak Lak province.",
    ),
    (
        "co-cau-to-chuc",
        "Cơ cấu tổ chức",
        "Ban giám hiệu, các tổ chuyên môn, tổ văn phòng và các đoàn thể của nhà trường.",
        "Organisation and leadership",
        "organisation",
        "The school's leadership, subject departments, office and organisations.",
    ),
]


def ensure_settings():
    site = Site.objects.get(is_default_site=True)
    settings = SchoolSettings.for_site(site)
    if not settings.address:
        settings.address = "Thị trấn Liên Sơn, huyện Lắk, tỉnh Đắk Lắk"
        settings.phone = "0262 3586 123"
        settings.email = "thptlak@daklak.edu.vn"
        settings.facebook_url = "https://www.facebook.com/thptlak"
        settings.spokesperson_name = "Lê Văn Trị"
        settings.spokesperson_title = "Hiệu trưởng"
        settings.spokesperson_phone = "0905 123 456"
        settings.spokesperson_email = "hieutruong@thptlak.edu.vn"
        settings.responsible_person = "Lê Văn Trị, Hiệu trưởng"
        settings.save()
    ensure_school_texts()


# The school's texts in Vietnamese and English (home.models.SchoolTexts), translated through wagtail-localize.
SCHOOL_TEXTS = {
    "school_name": ("Trường THPT Lắk", "Lak High School"),
    "governing_body": ("Sở Giáo dục và Đào tạo tỉnh Đắk Lắk", "Dak Lak Department of Education and Training"),
    "address": ("Thị trấn Liên Sơn, huyện Lắk, tỉnh Đắk Lắk", "Lien Son town, Lak district, Dak Lak province"),
    "spokesperson_title": ("Hiệu trưởng", "Principal"),
    "responsible_person": ("Lê Văn Trị, Hiệu trưởng", "Lê Văn Trị, Principal"),
    "footer_note": (
        "Ghi rõ nguồn «Trường THPT Lắk» khi phát hành lại thông tin từ trang này.",
        "Please credit Lak High School when republishing information from this site.",
    ),
}


def ensure_school_texts():
    vietnamese = SchoolTexts.objects.get(locale=Locale.get_default())
    for name, (text, _english) in SCHOOL_TEXTS.items():
        if not getattr(vietnamese, name):
            setattr(vietnamese, name, text)
    vietnamese.save()
    english = Locale.objects.get(language_code="en")
    if vietnamese.get_translation_or_none(english) is None:
        translate_snippet(vietnamese, english, dict(SCHOOL_TEXTS.values()))


def create_demo_pages(home, home_en):
    """The school's settings and texts, and the pages about the school under `home`, with their translations."""
    en = Locale.objects.get(language_code="en")
    ensure_settings()
    for slug, title, summary, en_title, en_slug, en_summary in INFO_PAGES:
        page = ensure_child(home, StandardPage, slug, title, summary=summary, show_in_menus=True)
        if page.get_translation_or_none(en) is None:
            translate_page(page, en, {title: en_title, slug: en_slug, summary: en_summary})

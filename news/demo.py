"""Demo news for `bootstrap_site --demo` (registered through the `site_lak_demo` hook in news/wagtail_hooks.py):
articles of each content area, a rebuttal, and English versions of three of them. Idempotent."""

import datetime

from wagtail.models import Locale

from core.bootstrap import ensure_child
from home.translation import translate_page
from news.models import NewsIndexPage, NewsPage

NEWS = [
    (
        "ra-mat-trang-facebook",
        "Ra mắt trang Facebook chính thức của nhà trường",
        "digital-transformation",
        "news",
        "Trang Facebook là kênh truyền thông chính thứ hai của nhà trường bên cạnh trang thông tin điện tử.",
        "",
    ),
    (
        "ky-niem-93-nam-thanh-lap-doan",
        "Kỷ niệm 93 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh (26/3)",
        "traditions",
        "news",
        "Đoàn trường tổ chức chuỗi hoạt động chào mừng Ngày thành lập Đoàn 26/3/2024.",
        "",
    ),
    (
        "ket-qua-hoc-ky-1-2023-2024",
        "Kết quả học kỳ I năm học 2023-2024",
        "results",
        "news",
        "Tỉ lệ học sinh đạt kết quả học tập tốt và khá tăng so với cùng kỳ năm học trước.",
        "",
    ),
    (
        "on-thi-tot-nghiep-thpt-2024",
        "Nhà trường tổ chức ôn thi tốt nghiệp THPT năm 2024",
        "competitions",
        "news",
        "Học sinh lớp 12 được ôn tập theo chủ đề bám sát cấu trúc đề minh họa của Bộ GDĐT.",
        "",
    ),
    (
        "dinh-chinh-thong-tin-thu-tien",
        "Đính chính thông tin sai lệch về việc thu tiền học thêm",
        "rebuttal",
        "rebuttal",
        "Nhà trường khẳng định không thu bất kỳ khoản tiền học thêm nào ngoài quy định.",
        "Một bài đăng trên mạng xã hội ngày 12/3/2024 cho rằng nhà trường thu tiền học thêm bắt buộc.",
    ),
]

# English versions of a few news items, for partners abroad: Vietnamese slug → (title, slug, summary).
NEWS_IN_ENGLISH = {
    "ra-mat-trang-facebook": (
        "The school launches its official Facebook page",
        "school-facebook-page",
        "The Facebook page is the school's second main channel, beside its website.",
    ),
    "ky-niem-93-nam-thanh-lap-doan": (
        "93rd anniversary of the Ho Chi Minh Communist Youth Union (26 March)",
        "youth-union-93rd-anniversary",
        "The school's Youth Union held a series of activities for its founding day, 26 March 2024.",
    ),
    "on-thi-tot-nghiep-thpt-2024": (
        "Revision classes for the 2024 upper secondary graduation exam",
        "graduation-exam-revision-2024",
        "Grade 12 students revise by topic, following the structure of the Ministry's sample exam.",
    ),
}


def create_demo_pages(home, home_en):
    """The demo articles under the news index of `home`, and the English versions of some."""
    en = Locale.objects.get(language_code="en")
    news_index = NewsIndexPage.objects.child_of(home).get()
    today = datetime.date.today()
    for offset, (slug, title, category, kind, summary, claim) in enumerate(NEWS):
        ensure_child(
            news_index,
            NewsPage,
            slug,
            title,
            summary=summary,
            category=category,
            kind=kind,
            claim=claim,
            date=today - datetime.timedelta(days=7 * offset),
        )
    for slug, title, _category, _kind, summary, _claim in NEWS:
        if slug not in NEWS_IN_ENGLISH:
            continue
        article = news_index.get_children().get(slug=slug).specific
        if article.get_translation_or_none(en) is None:
            en_title, en_slug, en_summary = NEWS_IN_ENGLISH[slug]
            translate_page(article, en, {title: en_title, slug: en_slug, summary: en_summary})

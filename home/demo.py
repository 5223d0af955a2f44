"""Realistic Vietnamese demo content drawn from the school's 2024 communications plan.

Used by `bootstrap_site --demo` (and so by `make run`); never needed in production.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Site

from home import bootstrap
from home.models import SchoolSettings, SchoolTexts, StandardPage
from home.translation import translate_page, translate_snippet
from press import demo as press_demo
from school_events.demo import create_demo_pages as create_event_demo_pages

DEMO_PASSWORD = "thptlak-demo-2024"

# Each reviewing group has two members: nobody approves their own edit (editorial/staffing.py).
ACCOUNTS = [
    ("admin", "Quản trị", "Hệ thống", None),
    ("bientap", "Nguyễn Thị", "Hoa", bootstrap.EDITORS),
    ("truyenthong", "Trần Văn", "Minh", bootstrap.REVIEWERS),
    ("truyenthong2", "Võ Thị", "Hạnh", bootstrap.REVIEWERS),
    ("hieutruong", "Lê Văn", "Trị", bootstrap.APPROVERS),
    ("phohieutruong", "Đặng Văn", "Nam", bootstrap.APPROVERS),
    ("giaovien", "Phạm Thị", "Lan", bootstrap.STAFF),
]

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

POLICIES = [
    (
        "ke-hoach-truyen-thong-2024",
        "Kế hoạch truyền thông về giáo dục và đào tạo năm 2024",
        "KH-THPTL",
        "ke-hoach",
        "Trường THPT Lắk",
        datetime.date(2024, 2, 26),
        "Lê Văn Trị",
        "Kế hoạch truyền thông năm 2024 thực hiện Kế hoạch 141/KH-BGDĐT và Kế hoạch 19/KH-SGDĐT.",
    ),
    (
        "ke-hoach-141-kh-bgddt",
        "Kế hoạch truyền thông về giáo dục và đào tạo năm 2024 của Bộ GDĐT",
        "141/KH-BGDĐT",
        "ke-hoach",
        "Bộ Giáo dục và Đào tạo",
        datetime.date(2024, 2, 5),
        "",
        "Kế hoạch của Bộ Giáo dục và Đào tạo về truyền thông giáo dục năm 2024.",
    ),
    (
        "thong-tu-09-2024-tt-bgddt",
        "Quy định về công khai trong hoạt động của các cơ sở giáo dục",
        "09/2024/TT-BGDĐT",
        "thong-tu",
        "Bộ Giáo dục và Đào tạo",
        datetime.date(2024, 6, 3),
        "",
        "Thông tư quy định nội dung, hình thức và thời điểm công khai của cơ sở giáo dục.",
    ),
]


def ensure_accounts():
    User = get_user_model()
    accounts = []
    for username, first_name, last_name, group_name in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                email=f"{username}@thptlak.edu.vn",
                first_name=first_name,
                last_name=last_name,
                is_staff=group_name is None,
                is_superuser=group_name is None,
            )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        accounts.append((username, DEMO_PASSWORD, group_name or "administrator"))
    return accounts


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


def create_demo_content(home, home_en):
    from exams.models import ExamKeyDate, ExamNoticePage
    from news.models import NewsPage
    from people.models import PersonPage
    from policies.models import PolicyPage

    en = Locale.objects.get(language_code="en")
    ensure_settings()
    accounts = ensure_accounts()
    sections = {path: home.get_children().get(slug=slug).specific for path, slug, *_ in bootstrap.SECTIONS}

    for slug, title, summary, en_title, en_slug, en_summary in INFO_PAGES:
        page = bootstrap.ensure_child(
            home,
            StandardPage,
            slug,
            title,
            summary=summary,
            show_in_menus=True,
        )
        if page.get_translation_or_none(en) is None:
            translate_page(page, en, {title: en_title, slug: en_slug, summary: en_summary})

    today = datetime.date.today()
    news_index = sections["news.NewsIndexPage"]
    for offset, (slug, title, category, kind, summary, claim) in enumerate(NEWS):
        bootstrap.ensure_child(
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
    policy_index = sections["policies.PolicyIndexPage"]
    for slug, title, number, doc_type, issuer, issued, signer, summary in POLICIES:
        bootstrap.ensure_child(
            policy_index,
            PolicyPage,
            slug,
            title,
            document_number=number,
            document_type=doc_type,
            issuer=issuer,
            issued_date=issued,
            signer=signer,
            summary=summary,
        )
    bootstrap.ensure_child(
        sections["people.PeopleIndexPage"],
        PersonPage,
        "em-nguyen-van-an",
        "Em Nguyễn Văn An – tấm gương vượt khó",
        role="student",
        school_year="2023-2024",
        achievement="Học sinh xuất sắc",
        summary="Vừa học tốt vừa phụ giúp gia đình, An là tấm gương vượt khó của nhà trường.",
    )
    bootstrap.ensure_child(
        sections["exams.ExamIndexPage"],
        ExamNoticePage,
        "thi-thu-tot-nghiep-lan-1",
        "Thông báo thi thử tốt nghiệp THPT lần 1",
        exam_kind="mock",
        key_dates=[
            ExamKeyDate(kind="registration-opens", date=today),
            ExamKeyDate(kind="registration-closes", date=today + datetime.timedelta(days=20)),
            ExamKeyDate(
                kind="exam",
                date=today + datetime.timedelta(days=30),
                start_time=datetime.time(7, 30),
                end_time=datetime.time(9, 30),
                session_label="Buổi sáng – Ngữ văn",
            ),
            ExamKeyDate(kind="results", date=today + datetime.timedelta(days=40)),
        ],
        school_year="2025-2026",
        venue="Trường THPT Lắk",
        audience="Học sinh lớp 12",
        summary="Kỳ thi thử giúp học sinh lớp 12 làm quen với cấu trúc đề thi tốt nghiệp THPT.",
    )
    create_event_demo_pages(sections["events.EventIndexPage"], en)
    for slug, title, _category, _kind, summary, _claim in NEWS:
        if slug not in NEWS_IN_ENGLISH:
            continue
        article = news_index.get_children().get(slug=slug).specific
        if article.get_translation_or_none(en) is None:
            en_title, en_slug, en_summary = NEWS_IN_ENGLISH[slug]
            translate_page(article, en, {title: en_title, slug: en_slug, summary: en_summary})
    press_demo.create_demo_content(home, home_en)
    return accounts

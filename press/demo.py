"""Demo content for the press register and page (`bootstrap_site --demo`): a deputy spokesperson, coverage of
each tone, an answered and an open enquiry, key figures in the media kit. Idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from feedback.records import Incident
from home.translation import translate_page
from press.bootstrap import SLUG
from press.pages import PressPage
from press.register import AuthorisedSpeaker, Channel, EnquiryStatus, PressCoverage, PressEnquiry, SpeakerRole, Tone

COVERAGE = [
    (
        "Báo Đắk Lắk",
        "Trường THPT Lắk ra mắt trang Facebook chính thức",
        "https://example.com/bao-dak-lak/thpt-lak-ra-mat-trang-facebook",
        Channel.NEWSPAPER,
        Tone.POSITIVE,
        "",
    ),
    (
        "Đài Phát thanh – Truyền hình Đắk Lắk",
        "Học sinh huyện Lắk ôn thi tốt nghiệp THPT",
        "https://example.com/truyen-hinh-dak-lak/on-thi-tot-nghiep",
        Channel.TELEVISION,
        Tone.POSITIVE,
        "",
    ),
    (
        "Báo Giáo dục và Thời đại",
        "Các trường vùng khó khăn chuẩn bị năm học mới",
        "https://example.com/giao-duc-thoi-dai/cac-truong-vung-kho",
        Channel.ONLINE,
        Tone.NEUTRAL,
        "",
    ),
    (
        "Đài Tiếng nói Nhân dân huyện Lắk",
        "Bản tin giáo dục: lịch thi học kỳ I",
        "",
        Channel.RADIO,
        Tone.NEUTRAL,
        "",
    ),
    (
        "Một trang tin điện tử tổng hợp",
        "Phụ huynh phản ánh việc thu tiền học thêm",
        "https://example.com/tin-tong-hop/phu-huynh-phan-anh",
        Channel.ONLINE,
        Tone.NEGATIVE,
        "Người phát ngôn đã gửi văn bản đính chính: nhà trường không thu tiền học thêm ngoài quy định; "
        "bài đính chính được đăng trên trang thông tin điện tử của nhà trường.",
    ),
]

KEY_FIGURES = [
    ("Năm thành lập", "1990", "Founded"),
    ("Học sinh", "1.150", "Students"),
    ("Lớp học", "30", "Classes"),
    ("Cán bộ, giáo viên, nhân viên", "78", "Staff and teachers"),
]


def create_demo_content(home, home_en):
    demo_users = get_user_model().objects.filter(username__in=["phohieutruong", "hieutruong"])
    users = {user.username: user for user in demo_users}
    ensure_deputy(users.get("phohieutruong"))
    ensure_coverage()
    ensure_enquiries(users.get("hieutruong"), users.get("phohieutruong"))
    ensure_key_figures(home)


def ensure_deputy(user):
    if AuthorisedSpeaker.objects.filter(role=SpeakerRole.DEPUTY).exists():
        return
    AuthorisedSpeaker.objects.create(
        user=user,
        name="Đặng Văn Nam",
        position="Phó Hiệu trưởng",
        role=SpeakerRole.DEPUTY,
        authorised_by="Lê Văn Trị, Hiệu trưởng",
        decision="15/QĐ-THPTL",
        valid_from=datetime.date(2024, 9, 1),
        scope="Hoạt động chuyên môn, thi cử và tuyển sinh; phát ngôn thay Hiệu trưởng khi Hiệu trưởng vắng mặt.",
        phone="0905 654 321",
        email="phohieutruong@thptlak.edu.vn",
    )


def ensure_coverage():
    today = timezone.localdate()
    rebuttal_incident = Incident.objects.order_by("pk").first()
    for offset, (outlet, title, url, channel, tone, response) in enumerate(COVERAGE):
        PressCoverage.objects.get_or_create(
            outlet=outlet,
            title=title,
            defaults={
                "url": url,
                "channel": channel,
                "tone": tone,
                "response": response,
                "published_on": today - datetime.timedelta(days=10 * offset + 3),
                "incident": rebuttal_incident if tone == Tone.NEGATIVE else None,
            },
        )


def ensure_enquiries(spokesperson, deputy):
    now = timezone.now()
    received = now - datetime.timedelta(days=12)
    PressEnquiry.objects.get_or_create(
        outlet="Báo Đắk Lắk",
        subject="Kết quả tuyển sinh lớp 10 năm học 2024–2025",
        defaults={
            "journalist": "Nguyễn Văn Bình",
            "contact": "binh.nv@baodaklak.vn",
            "question": "Xin nhà trường cho biết chỉ tiêu và số học sinh trúng tuyển lớp 10.",
            "received_at": received,
            "deadline": received + datetime.timedelta(days=2),
            "answerer": spokesperson,
            "status": EnquiryStatus.ANSWERED,
            "answer": "Nhà trường tuyển 360 học sinh lớp 10 theo chỉ tiêu được giao; danh sách đã công khai.",
            "answered_at": received + datetime.timedelta(days=1),
        },
    )
    PressEnquiry.objects.get_or_create(
        outlet="Báo Giáo dục và Thời đại",
        subject="Công tác chuẩn bị kỳ thi tốt nghiệp THPT",
        defaults={
            "journalist": "Trần Thị Thu",
            "contact": "0912 345 678",
            "question": "Nhà trường chuẩn bị cho học sinh lớp 12 ôn thi như thế nào?",
            "received_at": now - datetime.timedelta(hours=6),
            "deadline": now + datetime.timedelta(days=2),
            "answerer": deputy,
            "status": EnquiryStatus.ANSWERING,
        },
    )


def ensure_key_figures(home):
    page = home.get_children().filter(slug=SLUG).type(PressPage).first()
    if page is None:
        return
    page = page.specific
    if page.key_figures:
        return
    page.key_figures = [("figure", {"label": label, "value": value}) for label, value, _english in KEY_FIGURES]
    page.intro = "Phóng viên liên hệ người phát ngôn để được cung cấp thông tin; tư liệu dưới đây được phép sử dụng."
    page.save_revision().publish()
    english = Locale.objects.get(language_code="en")
    strings = {label: en for label, _value, en in KEY_FIGURES}
    strings[page.intro] = "Journalists contact the spokesperson for information; the material below may be used."
    if page.get_translation_or_none(english) is not None:
        translate_page(page, english, strings)

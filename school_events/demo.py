"""Demo events and contests (`bootstrap_site --demo`): a contest held last month with its results and winners,
one of them linked to the demo exemplary person, and an upcoming event open for registration."""

import datetime

from django.utils import timezone

from core.bootstrap import ensure_child
from core.families import page_families
from home.translation import translate_page
from home.validators import school_year_of
from school_events.models import EventIndexPage, EventPage, EventWinner, SchoolEventKind

# The title names the school year the contest was held in (it is held a month before the demo is made).
CONTEST = ("hoi-thi-olympic-tieng-anh", "Hội thi Olympic Tiếng Anh cấp trường năm học %s")
CONTEST_SUMMARY = "Hội thi dành cho học sinh yêu thích tiếng Anh, chọn đội tuyển dự thi cấp tỉnh."
CONTEST_RESULTS = "<p>Hội thi có 86 học sinh tham gia, 12 em đạt giải và được chọn vào đội tuyển của trường.</p>"

UPCOMING = ("hoi-trai-truyen-thong-26-3", "Hội trại truyền thống chào mừng Ngày thành lập Đoàn 26/3")
UPCOMING_SUMMARY = (
    "Hội trại, thi cắm trại và văn nghệ của các chi đoàn, chào mừng Ngày thành lập Đoàn TNCS Hồ Chí Minh."
)
UPCOMING_ENGLISH = {
    UPCOMING[1]: "Traditional camp for the Youth Union's founding day (26 March)",
    UPCOMING[0]: "youth-union-camp",
    UPCOMING_SUMMARY: "Camping, contests and performances by every class's Youth Union branch.",
}


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def demo_person(locale):
    """The demo exemplary person (people family), if the people demo made one."""
    model = page_families().get("person")
    if model is None:
        return None
    return model.objects.filter(locale=locale).live().order_by("pk").first()


def create_demo_pages(home, home_en):
    """A contest held a month ago with its results and winners, under the events index of `home` (the
    `site_lak_demo` hook in school_events/wagtail_hooks.py; core/demo.py)."""
    index_page = EventIndexPage.objects.child_of(home).get()
    english_locale = home_en.locale
    today = timezone.localdate()
    held = today - datetime.timedelta(days=30)
    person = demo_person(index_page.locale)
    ensure_child(
        index_page,
        EventPage,
        CONTEST[0],
        CONTEST[1] % school_year_of(held),
        kind=SchoolEventKind.CONTEST,
        start=at(held, 7, 30),
        end=at(held, 11, 0),
        place="Phòng học bộ môn Ngoại ngữ",
        eligibility="Học sinh khối 10, 11 và 12",
        organiser="Tổ Ngoại ngữ",
        summary=CONTEST_SUMMARY,
        results=CONTEST_RESULTS,
        participant_count=86,
        winners=[
            EventWinner(sort_order=0, placement="Giải Nhất", person=person, name="" if person else "Nguyễn Văn An"),
            EventWinner(sort_order=1, placement="Giải Nhì", name="Hờ Thị Mai (11A2)"),
            EventWinner(sort_order=2, placement="Giải Ba", name="Y Khoa Niê (10A1)"),
        ],
    )
    camp_day = today + datetime.timedelta(days=21)
    camp = ensure_child(
        index_page,
        EventPage,
        UPCOMING[0],
        UPCOMING[1],
        kind=SchoolEventKind.SCHOOL_EVENT,
        start=at(camp_day, 7, 0),
        end=at(camp_day + datetime.timedelta(days=1), 17, 0),
        place="Sân trường THPT Lắk",
        eligibility="Đoàn viên các chi đoàn khối 10, 11, 12",
        registration_deadline=at(today + datetime.timedelta(days=10), 17, 0),
        registration_url="https://forms.thptlak.edu.vn/hoi-trai-26-3",
        organiser="Đoàn trường",
        summary=UPCOMING_SUMMARY,
    )
    if camp.get_translation_or_none(english_locale) is None:
        translate_page(camp, english_locale, UPCOMING_ENGLISH)

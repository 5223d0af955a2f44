"""Exam notices: key-date rules in the admin, what is next and the countdown, past notices, the .ics file,
the index's order and filters, the home page section, the archive import."""

import datetime
import json
import re

import icalendar
import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from core.archive.importer import ArchiveImporter
from core.archive.records import ArchiveRecordError, archive_page_types
from exams.models import ExamKeyDate, ExamKind, ExamNoticePage, KeyDateKind, key_date_problems
from tests.admin_forms import add_through_admin, edit_form, edit_url
from tests.factories import ExamNoticePageFactory, section

DAY = datetime.timedelta(days=1)
OPENS, CLOSES, EXAM, RESULTS = (
    KeyDateKind.REGISTRATION_OPENS,
    KeyDateKind.REGISTRATION_CLOSES,
    KeyDateKind.EXAM,
    KeyDateKind.RESULTS,
)


def today():
    return timezone.localdate()


def exams_index(home):
    return section(home, "thi-tuyen-sinh")


def notice(home, title, slug, dates, **fields):
    """A published notice; `dates` is a list of (kind, date) or (kind, date, extra fields)."""
    # sort_order as an editor's form would set it, so "key_dates-0" is the first row on every database.
    rows = [
        ExamKeyDate(sort_order=order, kind=row[0], date=row[1], **(row[2] if len(row) > 2 else {}))
        for order, row in enumerate(dates)
    ]
    return ExamNoticePageFactory(home=home, title=title, slug=slug, key_dates=rows, **fields)


def create_through_admin(client, index, key_dates, **values):
    base = {
        "title": "Thông báo thi thử tốt nghiệp THPT lần 2",
        "slug": "thi-thu-lan-2",
        "exam_kind": ExamKind.MOCK,
        "school_year": "2025-2026",
        "venue": "Trường THPT Lắk",
        "key_dates-TOTAL_FORMS": str(len(key_dates)),
        "key_dates-INITIAL_FORMS": "0",
        "body-count": "0",
    }
    for i, (kind, date) in enumerate(key_dates):
        prefix = f"key_dates-{i}-"
        base.update(
            {
                prefix + "kind": kind,
                prefix + "date": date.isoformat(),
                prefix + "start_time": "",
                prefix + "end_time": "",
                prefix + "session_label": "",
                prefix + "note": "",
                prefix + "ORDER": str(i),
                prefix + "DELETE": "",
                prefix + "id": "",
            }
        )
    base.update(values)
    return add_through_admin(client, ExamNoticePage, index, base)


def expected_problem(rows):
    """The message the admin shows (in Vietnamese, the admin's language) for these key dates."""
    with translation.override("vi"):
        return escape(key_date_problems(rows)[0][1])


# --- validation through the admin -------------------------------------------------------------------------


def test_admin_creates_a_notice_and_its_exam_date_follows_the_first_exam_day(admin_client, site_tree):
    index = exams_index(site_tree["vi"])
    start = datetime.date(2026, 3, 1)
    dates = [(OPENS, start), (CLOSES, start + 10 * DAY), (EXAM, start + 31 * DAY), (EXAM, start + 30 * DAY)]
    response = create_through_admin(admin_client, index, dates)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ExamNoticePage.objects.get(slug="thi-thu-lan-2")
    assert page.exam_date == start + 30 * DAY
    assert sorted((row.kind, row.date) for row in page.key_dates.all()) == sorted(dates)


@pytest.mark.parametrize(
    "dates",
    [
        # registration closes after the exam day
        [(OPENS, datetime.date(2026, 3, 1)), (CLOSES, datetime.date(2026, 4, 12)), (EXAM, datetime.date(2026, 4, 10))],
        # registration opens after it closes
        [(OPENS, datetime.date(2026, 3, 20)), (CLOSES, datetime.date(2026, 3, 10)), (EXAM, datetime.date(2026, 4, 10))],
        # results before the exam
        [(EXAM, datetime.date(2026, 4, 10)), (RESULTS, datetime.date(2026, 4, 1))],
        # no exam day at all
        [(OPENS, datetime.date(2026, 3, 1)), (CLOSES, datetime.date(2026, 3, 10))],
    ],
    ids=["closes-after-exam", "opens-after-closes", "results-before-exam", "no-exam-day"],
)
def test_admin_rejects_inconsistent_key_dates_and_saves_nothing(admin_client, site_tree, dates):
    index = exams_index(site_tree["vi"])
    rows_before = ExamKeyDate.objects.count()
    response = create_through_admin(admin_client, index, dates)
    assert response.status_code == 200
    assert expected_problem(dates) in response.content.decode()
    assert not ExamNoticePage.objects.filter(slug="thi-thu-lan-2").exists()
    assert ExamKeyDate.objects.count() == rows_before


def edit_through_admin(client, page, **values):
    return client.post(edit_url(page), edit_form(client, page, **values))


def test_admin_edit_moves_the_exam_and_the_listing_date_follows(admin_client, site_tree):
    page = notice(site_tree["vi"], "Thi thử", "thi-thu-sua", [(CLOSES, today() + 5 * DAY), (EXAM, today() + 9 * DAY)])
    moved = today() + 12 * DAY
    response = edit_through_admin(admin_client, page, **{"key_dates-1-date": moved.isoformat()})
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    page.get_latest_revision().publish()  # publishing goes through the workflows (editorial)
    page.refresh_from_db()
    assert page.exam_date == moved
    assert page.key_dates.count() == 2

    bad = (today() + 20 * DAY).isoformat()  # registration would now close after the exam
    response = edit_through_admin(admin_client, page, **{"key_dates-0-date": bad})
    assert response.status_code == 200
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().key_dates.get(kind=CLOSES).date == today() + 5 * DAY


def test_the_rules_name_the_exam_day_they_compare_with():
    problems = key_date_problems([(CLOSES, datetime.date(2026, 4, 12)), (EXAM, datetime.date(2026, 4, 10))])
    assert len(problems) == 1
    row, message = problems[0]
    assert row == 0  # the offending row is the registration deadline
    assert "10" in message and "04" in message


def test_admin_rejects_a_malformed_school_year(admin_client, site_tree):
    index = exams_index(site_tree["vi"])
    response = create_through_admin(admin_client, index, [(EXAM, datetime.date(2026, 4, 10))], school_year="2025-2027")
    assert response.status_code == 200
    assert "2025-2027" in response.content.decode()
    assert not ExamNoticePage.objects.filter(slug="thi-thu-lan-2").exists()


def test_admin_rejects_a_session_that_ends_before_it_starts(admin_client, site_tree):
    index = exams_index(site_tree["vi"])
    response = create_through_admin(
        admin_client,
        index,
        [(EXAM, datetime.date(2026, 4, 10))],
        **{"key_dates-0-start_time": "09:30", "key_dates-0-end_time": "07:30"},
    )
    assert response.status_code == 200
    assert not ExamNoticePage.objects.filter(slug="thi-thu-lan-2").exists()


# --- the notice page --------------------------------------------------------------------------------------


def countdown(body):
    match = re.search(r'<span class="countdown" data-days="(\d+)">(.*?)</span>', body, re.S)
    return match and (int(match.group(1)), match.group(2))


def test_notice_shows_what_is_next_with_a_countdown(client, site_tree):
    page = notice(
        site_tree["vi"],
        "Thi thử tốt nghiệp THPT lần 1",
        "thi-thu-1",
        [(OPENS, today() - 5 * DAY), (CLOSES, today() + 10 * DAY), (EXAM, today() + 30 * DAY)],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    body = response.content.decode()
    days, text = countdown(body)
    assert days == 10 and "10" in text
    next_section = body[body.index('class="exam-next"') :][:800]
    assert f'datetime="{(today() + 10 * DAY).isoformat()}"' in next_section
    assert "label-past" not in body.split('class="exam-dates"')[0]  # not marked past
    assert f'datetime="{(today() + 30 * DAY).isoformat()}"' in body  # every key date listed
    assert page.calendar_url in body


def test_notice_whose_exam_is_today_says_today(client, site_tree):
    page = notice(site_tree["vi"], "Kiểm tra học kỳ I", "kiem-tra-hk1", [(EXAM, today())])
    days, text = countdown(client.get(page.url).content.decode())
    assert days == 0 and not re.search(r"\d", text)


def test_past_notice_stays_readable_and_is_marked_past(client, site_tree):
    page = notice(
        site_tree["vi"],
        "Thi học sinh giỏi cấp tỉnh 2024",
        "hsg-2024",
        [(EXAM, today() - 40 * DAY), (RESULTS, today() - 20 * DAY)],
        exam_kind=ExamKind.PROVINCIAL_GIFTED,
        summary="Kết quả đã được công bố.",
    )
    response = client.get(page.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "exam-notice-past" in body and "label label-past" in body
    assert countdown(body) is None
    assert "Kết quả đã được công bố." in body


# --- the .ics calendar -------------------------------------------------------------------------------------


def test_calendar_download_has_every_key_date(client, site_tree):
    exam_day = today() + 30 * DAY
    page = notice(
        site_tree["vi"],
        "Thông báo thi thử tốt nghiệp THPT lần 1",
        "thi-thu-ics",
        [
            (CLOSES, today() + 10 * DAY),
            (EXAM, exam_day, {"start_time": datetime.time(7, 30), "end_time": datetime.time(9, 30)}),
            (EXAM, exam_day, {"start_time": datetime.time(14, 0), "session_label": "Buổi chiều – Toán"}),
        ],
        venue="Trường THPT Lắk",
    )
    assert page.calendar_url.endswith("/thi-thu-ics/calendar.ics")
    response = client.get(page.calendar_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "charset=utf-8" in response["Content-Type"]
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content.decode("utf-8"))
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert any(tz["TZID"] == "Asia/Ho_Chi_Minh" for tz in calendar.walk("VTIMEZONE"))

    deadline, morning, afternoon = events
    assert "Thông báo thi thử tốt nghiệp THPT lần 1" in str(deadline["SUMMARY"])
    assert deadline.decoded("DTSTART") == today() + 10 * DAY  # an all-day event: a date, not a time
    assert not isinstance(deadline.decoded("DTSTART"), datetime.datetime)
    assert deadline.decoded("DTEND") == today() + 11 * DAY

    start = morning.decoded("DTSTART")
    assert isinstance(start, datetime.datetime)
    assert (start.date(), start.time(), str(start.tzinfo)) == (exam_day, datetime.time(7, 30), "Asia/Ho_Chi_Minh")
    assert morning.decoded("DTEND").time() == datetime.time(9, 30)
    assert str(morning["LOCATION"]) == "Trường THPT Lắk"
    assert "Buổi chiều – Toán" in str(afternoon["SUMMARY"])

    # The same notice gives the same UIDs on every download, so calendars update rather than duplicate.
    again = icalendar.Calendar.from_ical(client.get(page.calendar_url).content)
    assert [str(event["UID"]) for event in again.walk("VEVENT")] == [str(event["UID"]) for event in events]
    assert len({str(event["UID"]) for event in events}) == 3


def test_calendar_of_a_notice_with_a_vietnamese_slug(client, site_tree):
    page = notice(site_tree["vi"], "Kiểm tra học kỳ", "kiểm-tra-học-kỳ", [(EXAM, today() + 3 * DAY)])
    response = client.get(page.calendar_url)
    assert response.status_code == 200
    assert "filename*=utf-8''ki%E1%BB%83m-tra" in response["Content-Disposition"]
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 1


def test_calendar_of_a_draft_is_not_found(client, site_tree):
    page = ExamNoticePageFactory(
        title="Nháp", slug="nhap-thi", key_dates=[ExamKeyDate(kind=EXAM, date=today())], live=False
    )
    assert client.get(f"/vi/thi-tuyen-sinh/{page.slug}/calendar.ics").status_code == 404


# --- the index and the home page ----------------------------------------------------------------------------


def test_index_lists_upcoming_soonest_first_then_past_most_recent_first(client, site_tree):
    home = site_tree["vi"]
    notice(home, "Thi xa", "thi-xa", [(EXAM, today() + 60 * DAY)])
    notice(home, "Thi gan", "thi-gan", [(EXAM, today() + 3 * DAY)])
    notice(home, "Da thi lau", "da-thi-lau", [(EXAM, today() - 300 * DAY)])
    notice(home, "Vua thi", "vua-thi", [(EXAM, today() - 2 * DAY)])
    body = client.get(exams_index(home).url).content.decode()
    positions = [body.index(f"/{slug}/") for slug in ("thi-gan", "thi-xa", "vua-thi", "da-thi-lau")]
    assert positions == sorted(positions)
    past_section = body[body.index('id="exams-past"') :]
    assert "/thi-gan/" not in past_section and "/vua-thi/" in past_section
    assert 'data-days="3"' in body and 'data-days="60"' in body  # upcoming cards count down
    assert "data-days" not in past_section


def test_index_filters_by_exam_kind_and_school_year_and_ignores_bad_values(client, site_tree):
    home = site_tree["vi"]
    notice(
        home, "Thi thu", "thi-thu-loc", [(EXAM, today() + 5 * DAY)], exam_kind=ExamKind.MOCK, school_year="2025-2026"
    )
    notice(
        home,
        "Tuyen sinh 10",
        "tuyen-sinh-loc",
        [(EXAM, today() + 9 * DAY)],
        exam_kind=ExamKind.GRADE_10_ENTRANCE,
        school_year="2024-2025",
    )
    url = exams_index(home).url
    by_kind = client.get(url, {"kind": "grade-10-entrance"}).content.decode()
    assert "/tuyen-sinh-loc/" in by_kind and "/thi-thu-loc/" not in by_kind
    by_year = client.get(url, {"school_year": "2025-2026"}).content.decode()
    assert "/thi-thu-loc/" in by_year and "/tuyen-sinh-loc/" not in by_year
    assert '<option value="2024-2025">' in by_year  # the years on offer come from the notices
    for bad in ({"kind": "bogus"}, {"school_year": "2025-2027"}, {"school_year": "<script>"}):
        response = client.get(url, bad)
        assert response.status_code == 200
        assert "/thi-thu-loc/" in response.content.decode() and "/tuyen-sinh-loc/" in response.content.decode()
    assert client.get(url, {"page": "x"}).status_code == 404  # no such page of the list (tests/home/test_seo.py)


def test_home_page_lists_only_upcoming_exams(client, site_tree):
    home = site_tree["vi"]
    notice(home, "Sap thi", "sap-thi", [(EXAM, today() + 4 * DAY)])
    notice(home, "Thi roi", "thi-roi", [(EXAM, today() - 4 * DAY)])
    body = client.get("/vi/").content.decode()
    assert "/sap-thi/" in body and "/thi-roi/" not in body


def test_feed_of_notices_still_works(client, site_tree):
    notice(site_tree["vi"], "Thi trong feed", "thi-feed", [(EXAM, today() + 4 * DAY)])
    response = client.get(exams_index(site_tree["vi"]).url + "feed/rss/")
    assert response.status_code == 200
    assert "thi-feed" in response.content.decode()


# --- the archive import ----------------------------------------------------------------------------------------

SAMPLE = {
    "type": "exam",
    "slug": "thi-thu-tot-nghiep-lan-1-2024",
    "title": "Thông báo thi thử tốt nghiệp THPT lần 1 năm 2024",
    "exam_date": "2024-04-10",
    "registration_deadline": "2024-03-30",
    "registration_start": "2024-03-15",
    "school_year": "2023-2024",
    "venue": "Trường THPT Lắk",
}


def test_archive_declares_exam_notices():
    assert archive_page_types()["exam"] is ExamNoticePage


def test_archive_record_becomes_a_notice_with_key_dates(site_tree):
    warnings = []
    values = ExamNoticePage.family.archive.fields(dict(SAMPLE), warnings)
    extras = {key: values.pop(key) for key in list(values) if key.startswith("__")}
    assert values["exam_kind"] == ExamKind.MOCK
    assert values["school_year"] == "2023-2024" and values["venue"] == "Trường THPT Lắk"
    assert [(row["kind"], row["date"]) for row in extras["__key_dates"]] == [
        (OPENS, datetime.date(2024, 3, 15)),
        (CLOSES, datetime.date(2024, 3, 30)),
        (EXAM, datetime.date(2024, 4, 10)),
    ]
    page = ExamNoticePage(title=SAMPLE["title"], slug=SAMPLE["slug"], **values)
    exams_index(site_tree["vi"]).add_child(instance=page)
    ExamNoticePage.family.archive.after_save(page, SAMPLE, extras)
    page.save_revision().publish()
    stored = ExamNoticePage.objects.get(slug=SAMPLE["slug"])
    assert stored.exam_date == datetime.date(2024, 4, 10)
    assert stored.key_dates.count() == 3
    assert warnings == []


@pytest.mark.parametrize(
    "changes",
    [
        {"exam_date": "10/04/2024"},
        {"exam_date": ""},
        {"results_date": "2024-02-30"},
        {"registration_deadline": "2024-04-20"},
        {"registration_start": "2024-04-01"},
        {"results_date": "2024-04-01"},
        {"school_year": "2023-2025"},
    ],
)
def test_archive_rejects_invalid_or_inconsistent_dates(changes):
    with pytest.raises(ArchiveRecordError):
        ExamNoticePage.family.archive.fields({**SAMPLE, **changes}, [])


def test_archive_import_creates_then_updates_a_notice_with_its_key_dates(client, site_tree, tmp_path):
    path = tmp_path / "exams.jsonl"
    path.write_text(json.dumps(SAMPLE, ensure_ascii=False) + "\n", encoding="utf-8")
    assert ArchiveImporter().run(str(path)).created == 1
    page = ExamNoticePage.objects.get(slug=SAMPLE["slug"])
    assert page.live and page.exam_date == datetime.date(2024, 4, 10)
    assert page.key_dates.count() == 3
    assert 'datetime="2024-03-30"' in client.get(page.url).content.decode()

    moved = {**SAMPLE, "exam_date": "2024-04-12", "results_date": "2024-04-20"}
    path.write_text(json.dumps(moved, ensure_ascii=False) + "\n", encoding="utf-8")
    assert ArchiveImporter().run(str(path)).updated == 1
    page = ExamNoticePage.objects.get(slug=SAMPLE["slug"])
    assert page.exam_date == datetime.date(2024, 4, 12)
    assert sorted((row.kind, row.date) for row in page.key_dates.all()) == sorted(
        [
            (OPENS, datetime.date(2024, 3, 15)),
            (CLOSES, datetime.date(2024, 3, 30)),
            (EXAM, datetime.date(2024, 4, 12)),
            (RESULTS, datetime.date(2024, 4, 20)),
        ]
    )

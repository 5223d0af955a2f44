"""The events section of the yearly communications report: events held in the period by kind, participants and
winners, in Vietnamese, from a bounded number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from reports.sections import ReportPeriod, report_sections
from school_events.models import SchoolEventKind
from tests.events.helpers import event

pytestmark = pytest.mark.django_db

PERIOD = ReportPeriod(datetime.date(2024, 9, 1), datetime.date(2025, 8, 31), "Năm học 2024–2025")


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 8, 0))


def events_section():
    with translation.override("vi"):
        return next(section for section in report_sections(PERIOD) if section.key == "events")


def test_report_counts_events_participants_and_winners_by_kind(site_tree):
    home = site_tree["vi"]
    winners = [{"placement": "Giải Nhất", "name": "An"}, {"placement": "Giải Nhì", "name": "Bình"}]
    event(home, "Hội thi văn nghệ", "van-nghe", at(2024, 11, 20), participant_count=120, winners=winners)
    event(home, "Cuộc thi KHKT", "khkt", at(2025, 1, 10), kind=SchoolEventKind.COMPETITION, participant_count=30)
    event(home, "Lễ khai giảng", "khai-giang", at(2024, 9, 5), kind=SchoolEventKind.SCHOOL_EVENT)
    event(home, "Hội thi năm trước", "nam-truoc", at(2024, 5, 1), participant_count=999)  # outside the period
    section = events_section()
    assert section.order == 30 and section.title == "Sự kiện – Hội thi"
    figures = dict(section.figures)
    assert list(figures.values()) == [3, 2, 150, 2]
    by_kind = {row[0]: row[1:] for row in section.tables[0].rows}
    assert by_kind["Hội thi"] == [1, 120, 2]
    assert by_kind["Cuộc thi"] == [1, 30, 0]
    assert by_kind["Sự kiện của trường"] == [1, 0, 0]
    assert [row[1] for row in section.tables[1].rows] == ["Lễ khai giảng", "Hội thi văn nghệ", "Cuộc thi KHKT"]
    assert not section.notes


def test_report_reads_events_in_one_query_and_says_when_there_were_none(site_tree):
    with CaptureQueriesContext(connection) as queries:
        section = events_section()
    assert dict(section.figures) and all(value == 0 for _label, value in section.figures)
    assert section.notes
    event_queries = [q for q in queries.captured_queries if "events_eventpage" in q["sql"]]
    assert len(event_queries) == 1


def test_an_upcoming_event_is_not_counted_as_held(site_tree):
    """The report of the current school year counts what was held, not what is announced for next month."""
    home = site_tree["vi"]
    now = timezone.now()
    event(home, "Hội thi đã tổ chức", "da-to-chuc", now - datetime.timedelta(days=2), participant_count=40)
    event(home, "Hội trại sắp tới", "sap-toi", now + datetime.timedelta(days=20), participant_count=500)
    today = timezone.localdate()
    period = ReportPeriod(today - datetime.timedelta(days=30), today + datetime.timedelta(days=60), "Kỳ báo cáo")
    with translation.override("vi"):
        section = next(section for section in report_sections(period) if section.key == "events")
    assert dict(section.figures)["Số sự kiện đã tổ chức"] == 1
    assert [row[1] for row in section.tables[1].rows] == ["Hội thi đã tổ chức"]

"""The report-section interface other apps code against (reports/sections.py)."""

import datetime

import pytest
from django.utils import timezone
from wagtail import hooks

from reports.sections import HOOK_NAME, ReportPeriod, ReportSection, ReportTable, report_sections

PERIOD = ReportPeriod(datetime.date(2024, 9, 1), datetime.date(2025, 8, 31), "Năm học 2024–2025")


def late_section(period):
    return ReportSection(key="zz-late", order=999, title="Late", figures=[("Days", (period.end - period.start).days)])


def early_section(period):
    table = ReportTable(title="Rows", headers=["A", "B"], rows=[["x", 1]])
    return ReportSection(key="aa-early", order=-1, title="Early", tables=[table])


def silent_section(period):
    return None


@pytest.mark.django_db
def test_registered_sections_are_called_with_the_period_sorted_and_none_dropped():
    with hooks.register_temporarily(
        [(HOOK_NAME, late_section), (HOOK_NAME, silent_section), (HOOK_NAME, early_section)]
    ):
        sections = report_sections(PERIOD)
    keys = [section.key for section in sections]
    assert keys[0] == "aa-early" and keys[-1] == "zz-late"
    assert sections[-1].figures == [("Days", 364)]
    assert all(section is not None for section in sections)
    assert [s.order for s in sections] == sorted(s.order for s in sections)


def test_datetime_range_covers_whole_days_in_the_site_time_zone():
    first, last = PERIOD.datetime_range()
    assert timezone.is_aware(first) and timezone.is_aware(last)
    assert timezone.localtime(first).date() == datetime.date(2024, 9, 1)
    assert timezone.localtime(last).date() == datetime.date(2025, 8, 31)
    assert (first.hour, first.minute) == (0, 0) and (last.hour, last.minute) == (23, 59)

"""The press section of the yearly communications report: coverage by tone and channel, enquiries answered on
time and overdue, for the chosen period only, from two queries."""

import datetime

import pytest
from django.utils import timezone, translation

from press.register import Channel, EnquiryStatus, PressCoverage, PressEnquiry, Tone
from press.wagtail_hooks import press_report_section
from reports.sections import ReportPeriod, report_sections

pytestmark = pytest.mark.django_db

PERIOD = ReportPeriod(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), "1/1/2024 – 31/12/2024")


def moment(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def coverage(day, channel, tone):
    PressCoverage.objects.create(outlet="Báo", title=f"{channel} {tone}", published_on=day, channel=channel, tone=tone)


def enquiry(received, deadline, status=EnquiryStatus.NEW, answered_at=None):
    PressEnquiry.objects.create(
        outlet="Báo",
        journalist="PV",
        subject="Câu hỏi",
        received_at=received,
        deadline=deadline,
        status=status,
        answer="Đã trả lời." if status == EnquiryStatus.ANSWERED else "",
        answered_at=answered_at,
    )


def test_the_press_section_counts_the_period_by_tone_channel_and_deadline(django_assert_max_num_queries):
    coverage(datetime.date(2024, 3, 1), Channel.NEWSPAPER, Tone.POSITIVE)
    coverage(datetime.date(2024, 4, 1), Channel.NEWSPAPER, Tone.POSITIVE)
    coverage(datetime.date(2024, 5, 1), Channel.TELEVISION, Tone.NEUTRAL)
    coverage(datetime.date(2024, 6, 1), Channel.ONLINE, Tone.NEGATIVE)
    coverage(datetime.date(2023, 6, 1), Channel.ONLINE, Tone.NEGATIVE)  # another year
    day = datetime.date(2024, 5, 10)
    enquiry(moment(day), moment(day, 17), EnquiryStatus.ANSWERED, answered_at=moment(day, 15))  # on time
    enquiry(moment(day), moment(day, 17), EnquiryStatus.ANSWERED, answered_at=moment(day + datetime.timedelta(days=1)))
    enquiry(moment(day), moment(day, 17))  # still open, past its deadline
    enquiry(moment(datetime.date(2023, 5, 1)), moment(datetime.date(2023, 5, 2)))  # another year

    with django_assert_max_num_queries(2):
        section = press_report_section(PERIOD)
    figures = dict(section.figures)
    assert (section.key, section.order) == ("press", 50)
    assert figures["Press items about the school"] == 4 and figures["Negative"] == 1
    assert figures["Press enquiries received"] == 3
    assert figures["Answered by the deadline"] == 1 and figures["Open past the deadline"] == 1
    by_channel = {row[0]: row[1:] for row in section.tables[0].rows}
    assert by_channel["Newspaper"] == [2, 0, 0, 2] and by_channel["Total"] == [2, 1, 1, 4]
    assert section.tables[1].rows == [[3, 2, 1, 0, 1]]
    assert dict(section.charts[0].bars) == {"Positive": 2.0, "Neutral": 1.0, "Negative": 1.0}
    assert "press" in [s.key for s in report_sections(PERIOD)]


def test_the_section_is_in_vietnamese_in_the_report():
    with translation.override("vi"):
        section = press_report_section(PERIOD)
    assert section.title == "Báo chí viết về nhà trường và câu hỏi của báo chí"
    assert section.tables[0].headers[0] == "Loại hình báo chí"

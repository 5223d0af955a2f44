"""The Facebook section of the yearly communications report: posts sent, failed and waiting in the period."""

import datetime

from django.utils import timezone

from reports.sections import ReportPeriod, report_sections
from social.models import FacebookPost, PostStatus
from social.report import facebook_section
from tests.factories import news_page

PERIOD = ReportPeriod(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), "1/1/2025 – 31/12/2025")


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def post(page, family, status, day):
    row = FacebookPost.objects.create(
        page=page, family=family, link="https://thptlak.edu.vn/", status=status, created_at=at(day)
    )
    # updated_at is set on every save: date it as the test wants, with sent_at for sent posts.
    FacebookPost.objects.filter(pk=row.pk).update(
        updated_at=at(day), sent_at=at(day) if status == PostStatus.SENT else None
    )


def test_the_report_counts_posts_of_the_period_per_family(site_tree, django_assert_max_num_queries):
    home = site_tree["vi"]
    pages = [news_page(home, f"Tin {n}", slug=f"tin-{n}") for n in range(6)]
    post(pages[0], "news", PostStatus.SENT, datetime.date(2025, 3, 1))
    post(pages[1], "news", PostStatus.SENT, datetime.date(2025, 12, 31))
    post(pages[2], "person", PostStatus.SENT, datetime.date(2025, 6, 1))
    post(pages[3], "news", PostStatus.FAILED, datetime.date(2025, 5, 5))
    post(pages[4], "news", PostStatus.SENT, datetime.date(2024, 12, 31))  # before the period
    post(pages[5], "news", PostStatus.QUEUED, datetime.date(2025, 7, 7))

    with django_assert_max_num_queries(1):  # one aggregate query, whatever the number of posts
        facebook = facebook_section(PERIOD)
    registered = {section.key: section for section in report_sections(PERIOD)}
    assert registered["facebook"].order == 40 and registered["facebook"].figures == facebook.figures
    assert facebook.figures == [
        ("Posts sent to Facebook", 3),
        ("Posts that failed", 1),
        ("Posts still waiting", 1),
    ]
    rows = {row[0]: row[1:] for row in facebook.tables[0].rows}
    assert rows == {"News": [2, 1, 1], "Exemplary people": [1, 0, 0]}
    assert dict(facebook.charts[0].bars) == {"News": 2, "Exemplary people": 1}
    assert facebook.notes  # not configured in the tests: the report says so

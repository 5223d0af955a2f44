"""Records for the report tests: inside the period (January–June 2025) and outside it."""

import datetime
import json
import zoneinfo

from django.conf import settings
from wagtail.models import Page

from feedback.pages import ConsultationPage
from feedback.records import Feedback, Incident, IncidentAction
from feedback.vocabulary import Category, Severity, Status
from plan.content_areas import ContentArea
from plan.models import CalendarEvent, Channel, ItemStatus, PlannedItem
from tests.factories import news_page, publish_child

ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
START, END = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)
QUERY = {"period": "custom", "start": "2025-01-01", "end": "2025-06-30"}


def moment(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZONE)


def published_news(home, title, day, category):
    page = news_page(home, title, date=day, category=category)
    Page.objects.filter(pk=page.pk).update(first_published_at=moment(day), last_published_at=moment(day))
    return page


def feedback(day, category, answered_after_hours=None, due_days=7, status=None):
    item = Feedback.objects.create(
        subject=f"Góp ý {category} {day}",
        message="Nội dung",
        category=category,
        created_at=moment(day),
        due_date=day + datetime.timedelta(days=due_days),
    )
    if answered_after_hours is not None:
        item.status = status or Status.ANSWERED
        item.answered_at = moment(day) + datetime.timedelta(hours=answered_after_hours)
        item.save()
    return item


def consultation(home, slug, opens, closes, outcome=""):
    blocks = [{"type": "paragraph", "value": f"<p>{outcome}</p>"}] if outcome else []
    page = ConsultationPage(
        title=f"Lấy ý kiến {slug}",
        slug=slug,
        opens_at=moment(opens),
        closes_at=moment(closes),
        outcome=json.dumps(blocks),
    )
    return publish_child(home, page)


def incident(day, title, severity, status, actions):
    record = Incident.objects.create(
        title=title, description="Thông tin sai lệch", detected_at=moment(day), severity=severity, status=status
    )
    for index, done in enumerate(actions):
        IncidentAction.objects.create(
            incident=record, description=f"Việc {index}", done=done, due_date=day + datetime.timedelta(days=2)
        )
    return record


def make_records(home, copies=1, first=0):
    """`copies` sets of the same records, inside and outside the period, numbered from `first`."""
    for n in range(first, first + copies):
        published_news(home, f"Chính sách mới {n}", datetime.date(2025, 2, 10), ContentArea.POLICY)
        published_news(home, f"Thành tích học sinh {n}", datetime.date(2025, 3, 5), ContentArea.RESULTS)
        published_news(home, f"Tin cũ {n}", datetime.date(2024, 11, 5), ContentArea.POLICY)  # outside
        feedback(datetime.date(2025, 2, 1), Category.QUESTION, answered_after_hours=10)
        feedback(datetime.date(2025, 2, 2), Category.QUESTION, answered_after_hours=30)
        feedback(datetime.date(2025, 3, 1), Category.COMPLAINT, due_days=5)  # open and overdue
        feedback(datetime.date(2025, 3, 2), Category.COMPLAINT, answered_after_hours=24 * 8, due_days=5)  # late
        feedback(datetime.date(2024, 12, 31), Category.QUESTION, answered_after_hours=1)  # outside
        rules = consultation(
            home, f"noi-quy-{n}", datetime.date(2025, 3, 1), datetime.date(2025, 3, 20), "Nội quy được sửa"
        )
        comment = feedback(datetime.date(2025, 3, 5), Category.SUGGESTION, answered_after_hours=5, due_days=10)
        Feedback.objects.filter(pk=comment.pk).update(consultation=rules)
        consultation(home, f"cu-{n}", datetime.date(2024, 9, 1), datetime.date(2024, 9, 20))  # outside
        incident(datetime.date(2025, 4, 2), f"Tin đồn {n}", Severity.HIGH, "resolved", [True, True])
        incident(datetime.date(2024, 10, 2), f"Sự cố cũ {n}", Severity.LOW, "closed", [True])  # outside
    event = CalendarEvent.objects.get(day=10, month=3)
    for _n in range(copies):
        PlannedItem.objects.create(
            topic="Kỷ niệm 50 năm giải phóng Buôn Ma Thuột",
            content_area=ContentArea.TRADITIONS,
            channel=Channel.FACEBOOK,
            due_date=datetime.date(2025, 3, 8),
            status=ItemStatus.PUBLISHED,
            published_on=datetime.date(2025, 3, 10),
            event=event,
        )

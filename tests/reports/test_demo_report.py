"""The demo's yearly report for the current plan has real figures in every section."""

import io

from django.core.management import call_command
from django.utils import timezone, translation

from feedback.records import Feedback, Incident
from plan.models import marked_days
from reports.period import default_period
from reports.sections import report_sections


def test_every_section_of_the_demo_report_has_figures(site_tree, admin_client):
    call_command("bootstrap_site", "--demo", stdout=io.StringIO())
    call_command("bootstrap_site", "--demo", stdout=io.StringIO())  # idempotent: nothing twice
    assert Feedback.objects.filter(consultation__isnull=True).count() == 5
    assert Incident.objects.count() == 1
    with translation.override("vi"):
        sections = {section.key: section for section in report_sections(default_period())}
    for key in ("plan", "events", "facebook", "press", "feedback", "consultations", "incidents"):
        first_figure = sections[key].figures[0]
        assert isinstance(first_figure[1], int) and first_figure[1] > 0, (key, first_figure)
    covered = dict(sections["anniversaries"].figures)["Đã đưa tin (có tin bài đã đăng)"]
    planned = dict(sections["anniversaries"].figures)["Đã lên kế hoạch nhưng chưa đăng"]
    # A day already marked is covered (on Facebook), the next one planned (in August or late July one may be missing).
    period = default_period()
    days = [day for day, _event, _items in marked_days(period.start, period.end)]
    today = timezone.localdate()
    assert covered == (1 if any(day <= today for day in days) else 0)
    assert planned == (1 if any(day > today for day in days) else 0)
    assert dict(sections["plan"].figures)["… trên kênh: trang Facebook"] == covered
    body = admin_client.get("/admin/reports/communications/").content.decode()
    assert "Bài đăng sai sự thật về việc thu tiền học thêm" in body
    assert "Lấy ý kiến dự thảo quy định sử dụng điện thoại trong trường" in body

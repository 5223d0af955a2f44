"""The demo's yearly report for the current plan has real figures in every section."""

import io

from django.core.management import call_command
from django.utils import translation

from feedback.records import Feedback, Incident
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
    body = admin_client.get("/admin/reports/communications/").content.decode()
    assert "Bài đăng sai sự thật về việc thu tiền học thêm" in body
    assert "Lấy ý kiến dự thảo quy định sử dụng điện thoại trong trường" in body

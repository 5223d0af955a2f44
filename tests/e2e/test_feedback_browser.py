"""In a real Chromium with JavaScript switched off: send feedback, get a code, see the urgent banner."""

import pytest
from wagtail.models import Site

from feedback.banner import UrgentBanner
from feedback.records import Feedback

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN", viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def test_feedback_without_javascript_then_banner(live_server, site_tree, no_js_page, artifacts_dir):
    page = no_js_page
    page.goto(f"{live_server.url}/vi/gop-y/")
    page.select_option("select[name=category]", "complaint")
    page.fill("input[name=subject]", "Nhà vệ sinh tầng 2 bị hỏng")
    page.fill("textarea[name=message]", "Đề nghị nhà trường sửa sớm.")
    page.fill("input[name=email]", "hocsinh@example.com")
    page.check("input[name=consent]")
    page.screenshot(path=str(artifacts_dir / "feedback-form-phone.png"), full_page=True)
    page.wait_for_timeout(3200)  # a person takes longer than the 3-second time-trap
    page.click("button[type=submit]")
    page.wait_for_load_state()
    feedback = Feedback.objects.get()
    assert "/cam-on/" in page.url
    assert page.locator(".reference").inner_text() == feedback.reference
    assert feedback.category == "complaint"

    banner = UrgentBanner.for_site(Site.objects.get(is_default_site=True))
    banner.enabled, banner.message, banner.level = True, "Trường nghỉ học ngày mai do mưa lũ.", "critical"
    banner.save()
    page.goto(f"{live_server.url}/vi/")
    assert "Trường nghỉ học ngày mai do mưa lũ." in page.locator(".urgent-banner").inner_text()
    page.screenshot(path=str(artifacts_dir / "feedback-banner-phone.png"))


def test_admin_inbox_and_statistics_render(live_server, site_tree, browser, artifacts_dir):  # noqa: F811
    from django.contrib.auth.models import User

    User.objects.create_superuser("lanhdao", "lanhdao@example.com", "mat-khau-thu")
    for number, category in enumerate(["question", "complaint", "complaint", "press"]):
        Feedback(subject=f"Góp ý {number}", message="…", category=category).save()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "lanhdao")
    page.fill("input[name=password]", "mat-khau-thu")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/feedback/")
    assert page.locator("table.listing tbody tr").count() == 4
    page.screenshot(path=str(artifacts_dir / "feedback-admin-inbox.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/feedback_statistics/")
    assert page.locator("#stat-total").inner_text() == "4"
    assert page.locator(".fb-bars [data-key=complaint]").first.inner_text() == "2"
    page.screenshot(path=str(artifacts_dir / "feedback-admin-statistics.png"), full_page=True)
    context.close()

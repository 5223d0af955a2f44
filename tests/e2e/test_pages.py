"""Every page type in a real Chromium, at phone and desktop widths: it renders, nothing fails to
load, nothing overflows the screen sideways, and axe-core finds no serious or critical violation.

Screenshots are saved in test-artifacts/ for a person to review.
"""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def page_urls(home):
    """One URL per page type, taken from the demo content: the index pages and their first child."""
    urls = {"home": home.url}
    for section in home.get_children().live().specific():
        kind = type(section).__name__
        urls[kind] = section.url
        child = section.get_children().live().first()
        if child is not None:
            urls[type(child.specific).__name__] = child.url
    return urls


def check_page(page, url, artifacts_dir, name):
    failed = []
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    page.on(
        "response",
        lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200, url
    page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)
    assert failed == [], (url, failed)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{url} scrolls sideways by {overflow}px"
    # Evaluated through DevTools rather than a <script> tag, so the site's CSP stays in force.
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)"
    )
    assert violations == [], (url, violations)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_every_page_type_is_accessible(live_server, demo_site, page_in, artifacts_dir, viewport):
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)"
    urls = page_urls(demo_site["vi"])
    assert {"NewsIndexPage", "NewsPage", "PolicyPage", "PersonPage", "ExamNoticePage", "SearchPage"} <= set(urls)
    urls["SearchPage"] += "?q=kế+hoạch"
    urls["english-home"] = demo_site["en"].url
    for name, path in urls.items():
        check_page(page_in(viewport), live_server.url + path, artifacts_dir, f"{viewport}-{name}")


def test_language_switch_on_a_phone(live_server, demo_site, page_in, artifacts_dir):
    page = page_in("phone")
    page.goto(f"{live_server.url}/vi/gioi-thieu/")
    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/en/introduction/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(artifacts_dir / "phone-language-switch.png"))


def test_updated_and_withdrawn_pages_are_accessible_on_a_phone(live_server, demo_site, page_in, artifacts_dir):
    from news.models import NewsPage

    updated, withdrawn = NewsPage.objects.live().filter(locale=demo_site["vi"].locale).order_by("pk")[:2]
    for note in ("Bổ sung địa điểm tổ chức.", "Sửa giờ khai mạc thành 7 giờ 30."):
        updated.major_change, updated.change_note = True, note
        updated.save_revision().publish()
        updated = NewsPage.objects.get(pk=updated.pk)
    withdrawn.withdrawn, withdrawn.withdrawal_reason = True, "Thông tin chưa được kiểm chứng."
    withdrawn.save_revision().publish()

    page = page_in("phone")
    check_page(page, live_server.url + updated.url, artifacts_dir, "phone-news-updated")
    assert page.get_by_role("note").filter(has_text="Cập nhật ngày").is_visible()
    page.get_by_text("2 lần thay đổi đã ghi nhận").click()
    assert page.get_by_text("Bổ sung địa điểm tổ chức.").is_visible()
    check_page(page, live_server.url + withdrawn.url, artifacts_dir, "phone-news-withdrawn")
    assert page.get_by_role("heading", name="Trang này đã được gỡ").is_visible()

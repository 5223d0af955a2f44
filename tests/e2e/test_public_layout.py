"""The search page and the header in a real Chromium at phone (390×844) and desktop widths: the first
result above the fold on a phone, filters in a sidebar on desktop and a closed panel on phones, the menu
behind a button on phones and aligned with the content on desktop, and no axe-core violation at all.

Screenshots are saved in test-artifacts/ for a person to review.
"""

import pytest

from news.models import NewsIndexPage
from tests.e2e.test_pages import AXE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEARCH = "/vi/tim-kiem/?q=kế+hoạch"


def axe_violations(page):
    """Every axe-core violation (any impact), as "rule: nodes"; evaluated through DevTools (CSP unchanged)."""
    page.evaluate(AXE.read_text())
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)"
    )


def top(page, selector):
    return page.evaluate(f"document.querySelector({selector!r}).getBoundingClientRect().top")


def test_search_page_on_a_phone(live_server, demo_site, page_in, artifacts_dir):  # noqa: F811
    page = page_in("phone")
    assert page.goto(live_server.url + SEARCH, wait_until="networkidle").status == 200
    page.screenshot(path=str(artifacts_dir / "search-phone.png"))
    assert top(page, ".results .result") < 844  # the first result is above the fold
    first = page.locator(".results .result").first
    assert first.locator(".result__type").inner_text()  # its type…
    assert first.locator("time").get_attribute("datetime")  # …and its date are shown
    filters = page.locator("details.search-filters")
    assert filters.get_attribute("open") is None and not page.locator("#search-type").is_visible()
    filters.locator("summary").click()
    assert page.locator("#search-type").is_visible()
    assert page.locator(".facet__title").all_inner_texts()[:2] == ["Loại nội dung", "Năm học"]
    page.screenshot(path=str(artifacts_dir / "search-phone-filters.png"), full_page=True)
    assert axe_violations(page) == []


def test_search_page_on_a_desktop(live_server, demo_site, page_in, artifacts_dir):  # noqa: F811
    page = page_in("desktop")
    assert page.goto(live_server.url + SEARCH, wait_until="networkidle").status == 200
    page.screenshot(path=str(artifacts_dir / "search-desktop.png"), full_page=True)
    sidebar = page.locator("details.search-filters").bounding_box()
    results = page.locator(".results").bounding_box()
    assert page.locator("#search-type").is_visible()
    assert sidebar["x"] + sidebar["width"] <= results["x"]  # the filters are a column left of the results
    assert abs(sidebar["y"] - results["y"]) < 50
    assert axe_violations(page) == []


def test_the_menu_folds_behind_a_button_on_a_phone(live_server, demo_site, page_in, artifacts_dir):  # noqa: F811
    page = page_in("phone")
    page.goto(f"{live_server.url}/vi/", wait_until="networkidle")
    menu = page.get_by_role("navigation", name="Menu chính")
    assert not menu.get_by_role("link").first.is_visible()
    height = menu.bounding_box()["height"]
    assert height < 60, height  # one line, not six
    menu.locator("summary").click()
    assert menu.get_by_role("link").first.is_visible()
    page.screenshot(path=str(artifacts_dir / "menu-phone-open.png"))
    assert axe_violations(page) == []


def test_the_menu_is_aligned_with_the_content_on_a_desktop(live_server, demo_site, page_in, artifacts_dir):  # noqa: F811
    page = page_in("desktop")
    page.set_viewport_size({"width": 1600, "height": 900})  # wider than the content column
    page.goto(f"{live_server.url}/vi/", wait_until="networkidle")
    page.screenshot(path=str(artifacts_dir / "menu-desktop.png"))
    first_link = page.get_by_role("navigation", name="Menu chính").get_by_role("link").first
    assert first_link.is_visible()
    assert abs(first_link.bounding_box()["x"] - page.locator("main h1, main h2").first.bounding_box()["x"]) < 2
    assert abs(first_link.bounding_box()["x"] - page.locator(".brand").bounding_box()["x"]) < 2
    assert axe_violations(page) == []


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_failed_feedback_form_is_readable_and_focuses_its_error_summary(
    live_server,
    site_tree,
    page_in,
    artifacts_dir,
    viewport,
):
    page = page_in(viewport)
    page.goto(f"{live_server.url}/vi/gop-y/", wait_until="networkidle")
    page.fill("input[name=subject]", "Hỏi về lịch thi")
    # The browser's own checks would stop the form first; the server's answer is what is tested here (as a
    # browser without them, or a rule only the server knows, gets it).
    page.evaluate("document.querySelector('.feedback-form').noValidate = true")
    page.wait_for_timeout(3200)  # past the form's 3-second time-trap: the errors are the visitor's own
    page.click(".feedback-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts_dir / f"feedback-errors-{viewport}.png"), full_page=True)
    assert page.evaluate("document.activeElement.id") == "form-error"
    summary = page.locator("#form-error")
    assert summary.get_by_role("link").count() >= 2  # one per field to correct (message, consent)
    consent_error = page.locator(".field-consent .errorlist")
    form_width = page.locator(".feedback-form").bounding_box()["width"]
    assert consent_error.bounding_box()["width"] > 0.8 * form_width  # not squeezed into a narrow column
    summary.get_by_role("link").last.click()
    assert page.evaluate("document.activeElement.name") in ("consent", "message")
    assert axe_violations(page) == []


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_breadcrumb_links_are_big_enough_to_tap(live_server, demo_site, page_in, viewport):  # noqa: F811
    """WCAG 2.2's target size (24×24 px), which axe leaves off by default and Lighthouse checks."""
    page = page_in(viewport)
    article = demo_site["vi"].get_children().type(NewsIndexPage).first().get_children().live().first()
    page.goto(live_server.url + article.url, wait_until="networkidle")
    assert page.locator(".breadcrumbs a").count() == 2
    page.evaluate(AXE.read_text())
    failures = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['target-size']})).violations"
        ".flatMap(v => v.nodes.map(n => n.target.join(' ')))"
    )
    assert failures == []

"""A real Chromium loads the public site: no failed requests, a screenshot saved for review."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_home_page_loads_without_failed_requests(live_server, site_tree, page_in, artifacts_dir, viewport):
    page = page_in(viewport)
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on(
        "response",
        lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    response = page.goto(f"{live_server.url}/vi/", wait_until="networkidle")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").count() >= 1
    assert page.get_by_role("navigation", name="Menu chính").count() == 1 or page.locator(".main-nav").count() == 1
    page.screenshot(path=str(artifacts_dir / f"home-{viewport}.png"), full_page=True)
    assert failed == []

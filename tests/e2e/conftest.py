import os

import pytest

from tests.conftest import CHROMIUM

# Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page_in(browser):
    """A fresh browser page at a given viewport: page_in("phone") or page_in("desktop")."""
    contexts = []

    def open_page(viewport="desktop"):
        size = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}[viewport]
        context = browser.new_context(viewport=size, locale="vi-VN")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def demo_site(site_tree):
    """The site as `make run` shows it: the demo content and the five demo accounts (core/demo.py)."""
    from core.demo import create_demo_content

    create_demo_content(site_tree["vi"], site_tree["en"])
    return site_tree


def sign_in(page, live_server, username, password="pass-1234"):
    """Signs `username` in on the admin's login page and waits for the dashboard."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/admin/")

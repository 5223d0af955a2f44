"""Page-cache hits answered by the WSGI application before Django's middleware (core.cache_hits): the same
headers as the render that stored the page, only for anonymous requests without cookies, never a stale,
restricted, draft or admin page."""

import io
import sys
import uuid
from contextlib import contextmanager

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from wagtail.models import PageViewRestriction

from core.cache_hits import PageCacheApplication
from news.models import NewsPage
from tests.factories import draft_child, news_page, section

pytestmark = pytest.mark.django_db

PRODUCTION_HEADERS = {
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
    "X_FRAME_OPTIONS": "DENY",
}


def unique(word):
    return f"{word} {uuid.uuid4().hex[:8]}"


def application():
    return PageCacheApplication(WSGIHandler())


def never_reached(environ, start_response):
    raise AssertionError(f"{environ['PATH_INFO']} reached Django's middleware")


@contextmanager
def keeping_the_test_transaction():
    """What Django's test client does around a request: the handler's request signals close "old" connections,
    and on PostgreSQL that is the connection holding the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(app, path, method="GET", scheme="https", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "443" if scheme == "https" else "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": scheme,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer.update(status=int(status.split()[0]), headers=response_headers)

    with keeping_the_test_transaction():
        body = app(environ, start_response)
        try:
            content = b"".join(body)
        finally:
            body.close()
    return answer["status"], dict(answer["headers"]), content


def test_a_hit_carries_every_header_of_the_render_that_stored_it(site_tree):
    article = news_page(site_tree["vi"], unique("Khai giảng"))
    with override_settings(**PRODUCTION_HEADERS):
        app = application()
        status, miss, stored = call(app, article.url)
        assert (status, miss["X-Cache"]) == (200, "MISS")
        status, hit, content = call(app, article.url)
        # Answered without Django's handler: an application that fails when reached sends the same page.
        assert call(PageCacheApplication(never_reached), article.url) == (status, hit, content)
    assert (status, hit["X-Cache"]) == (200, "HIT")
    assert content == stored
    assert {**hit, "X-Cache": "MISS"} == miss
    for header in ("Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options", "Content-Language"):
        assert header in hit
    assert hit["Cache-Control"] == "public, max-age=60"


def test_a_head_request_and_a_conditional_request_are_answered_from_the_cache(site_tree):
    article = news_page(site_tree["vi"], unique("Lịch thi"))
    app = application()
    _, miss, _ = call(app, article.url)
    status, head, _ = call(app, article.url, method="HEAD")
    assert (status, head["X-Cache"], head["ETag"]) == (200, "HIT", miss["ETag"])
    status, _, content = call(app, article.url, if_none_match=miss["ETag"])
    assert (status, content) == (304, b"")


@pytest.mark.parametrize(
    "headers",
    [
        {"cookie": "sessionid=abc"},
        {"cookie": "csrftoken=abc"},
        {"cookie": "messages=abc"},
        {"authorization": "Basic x"},
    ],
)
def test_only_requests_without_session_csrf_or_authorization_are_answered_from_the_cache(site_tree, headers):
    article = news_page(site_tree["vi"], unique("Tuyển sinh"))
    app = application()
    call(app, article.url)
    assert call(app, article.url)[1]["X-Cache"] == "HIT"
    status, answered, _ = call(app, article.url, **headers)
    assert (status, answered["X-Cache"]) == (200, "BYPASS")
    assert "private" in answered["Cache-Control"]


def test_a_correction_is_shown_at_once_after_a_hit(site_tree):
    article = news_page(site_tree["vi"], unique("Thông báo"), summary="Họp phụ huynh thứ Bảy.")
    app = application()
    call(app, article.url)
    assert "Họp phụ huynh thứ Bảy." in call(app, article.url)[2].decode()
    page = NewsPage.objects.get(pk=article.pk)
    page.summary = "Họp phụ huynh Chủ nhật."
    page.save_revision().publish()
    status, headers, content = call(app, article.url)
    assert headers["X-Cache"] == "MISS"
    assert "Họp phụ huynh Chủ nhật." in content.decode() and "thứ Bảy" not in content.decode()


def test_restricted_draft_and_admin_pages_never_come_from_the_cache(site_tree):
    home = site_tree["vi"]
    restricted = news_page(home, unique("Nội bộ"))
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    draft = draft_child(section(home, "tin-tuc"), NewsPage(title=unique("Nháp"), slug=f"nhap-{uuid.uuid4().hex[:6]}"))
    app = application()
    for _ in range(2):
        status, headers, _ = call(app, restricted.url)
        assert status == 302 and headers.get("X-Cache") != "HIT"  # to the sign-in page, every time
        draft_status, draft_headers, _ = call(app, f"/vi/tin-tuc/{draft.slug}/")
        assert draft_status == 404 and draft_headers.get("X-Cache") != "HIT"
        admin_status, admin_headers, _ = call(app, "/admin/login/")
        assert admin_status == 200 and "X-Cache" not in admin_headers

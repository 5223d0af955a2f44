"""The documented limits hold with 5 gunicorn workers, whichever worker answers: they are counted in the
shared cache (the database cache table, the embedded default when CACHE_URL is unset; docs/caching.md),
not in each worker's memory. The server is real gunicorn (site_lak/gunicorn.conf.py) on pytest-django's
test database, behind one trusted proxy (X-Forwarded-For names the visitor); its access log names the
worker process that answered each request, so the test can show that several workers took part."""

import re
import secrets
import threading
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model

from feedback.records import Feedback
from tests.faults_support import start_gunicorn
from tests.feedback.test_feedback import form_data

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

WORKERS = 5
CSRF = secrets.token_hex(16)  # a CSRF secret the test chooses: the same in the cookie and the form
ANSWERED_BY = re.compile(r"^<(\d+)> (\w+) (\S+) (\d{3})$", re.M)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def post(url, data, visitor):
    request = urllib.request.Request(
        url,
        data=urlencode({**data, "csrfmiddlewaretoken": CSRF}).encode(),
        headers={
            "Connection": "close",  # a new connection each time: any worker may take it
            "Accept-Language": "vi",
            "Cookie": f"csrftoken={CSRF}",
            "X-Forwarded-For": visitor,
        },
    )
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def at_once(count, call):
    """`call()` from `count` threads at the same moment; their (status, body) in any order."""
    results, start = [], threading.Barrier(count)

    def run():
        start.wait()
        results.append(call())

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def workers_that_answered(server, method, path):
    return {pid for pid, verb, url, _status in ANSWERED_BY.findall(server.output()) if (verb, url) == (method, path)}


@pytest.fixture
def server(tmp_path):
    server = start_gunicorn(
        tmp_path / "gunicorn.log",
        workers=WORKERS,
        TRUSTED_PROXY_COUNT="1",
        GUNICORN_CMD_ARGS="--access-logformat '%(p)s %(m)s %(U)s %(s)s'",
    )
    yield server
    server.stop()


def test_the_sign_in_brake_holds_across_five_workers(server):
    user = get_user_model().objects.create_user("hieu-truong", "ht@thptlak.edu.vn", "đúng-mật-khẩu-2026")
    login = server.base_url + "/admin/login/"
    guesser = "203.0.113.9"
    failures = at_once(10, lambda: post(login, {"username": user.username, "password": "sai"}, guesser))
    assert sorted(status for status, _body in failures) == [200] * 10  # the form again, with its error
    assert len(workers_that_answered(server, "POST", "/admin/login/")) >= 2  # not one worker's own count

    for _attempt in range(WORKERS):  # the 11th and later attempts, whichever worker answers them
        status, body = post(login, {"username": user.username, "password": "đúng-mật-khẩu-2026"}, guesser)
        assert status == 429 and "Quá nhiều lần đăng nhập" in body
    # The account's owner, from their own address, still signs in with the right password.
    status, _body = post(login, {"username": user.username, "password": "đúng-mật-khẩu-2026"}, "192.0.2.10")
    assert status == 302


def test_the_feedback_limit_holds_across_five_workers(server, site_tree):
    url = server.base_url + "/vi/gop-y/"
    sender = "198.51.100.23"
    accepted = at_once(5, lambda: post(url, form_data(email=""), sender))
    assert sorted(status for status, _body in accepted) == [302] * 5
    assert len(workers_that_answered(server, "POST", "/vi/gop-y/")) >= 2
    for _attempt in range(WORKERS):
        status, body = post(url, form_data(email=""), sender)
        assert status == 429 and "<h1>" in body
    assert Feedback.objects.count() == 5
    assert post(url, form_data(email=""), "198.51.100.24")[0] == 302  # another visitor is not held back

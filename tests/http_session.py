"""A browser's side of HTTP with the standard library only, for tests that talk to real servers and for
bench/load.py: cookies (the production settings' Secure ones too, over plain-HTTP loopback) and forms
posted with their CSRF token."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request


class LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Send the production settings' Secure cookies over a plain-HTTP loopback connection (on a real server
    nginx terminates TLS in front of gunicorn, so the browser does send them)."""

    def return_ok_secure(self, cookie, request):
        return True


class Browser:
    """One browser: its cookies, at `base`. `at(other_base)` is the same browser at another address (cookies
    do not depend on the port), e.g. another host of the same site."""

    def __init__(self, base, jar=None):
        self.base = base
        self.jar = jar if jar is not None else http.cookiejar.CookieJar(policy=LoopbackCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def at(self, base):
        return Browser(base, self.jar)

    def open(self, path, data=None, headers=None, timeout=60):
        """(status, final address after redirects, body) of a request, error statuses included."""
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Accept-Language": "vi", **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()

    def get(self, path):
        return self.open(path)

    def csrf_token(self, path):
        _status, _url, html = self.open(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, path, fields, token=None):
        """POST a form (its CSRF token read from `path` unless given); the status and the final address
        after the redirect, whose page is read in full, as the browser shows it."""
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token or self.csrf_token(path)}).encode()
        status, url, _body = self.open(path, data=data, headers={"Referer": self.base + path})
        return status, url


class AdminSession(Browser):
    """A browser signed in to the Wagtail admin."""

    def __init__(self, base, username, password):
        super().__init__(base)
        self.post("/admin/login/", {"username": username, "password": password})

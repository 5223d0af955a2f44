"""The bare WSGI application bench/load.py compares the site with: no Django, a fixed short page.

gunicorn --config site_lak/gunicorn.conf.py bench.bare_wsgi:application
"""

BODY = b"<!DOCTYPE html><title>bare</title><p>bare WSGI application</p>\n"
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]

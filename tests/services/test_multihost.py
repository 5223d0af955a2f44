"""Two web hosts behind nginx, as docs/deploy.md ("Several web hosts") describes, started for real.

Each "host" is a gunicorn with the production settings and 2 workers, with a local folder of its own
(var/: the audit log); they share PostgreSQL (pytest-django's test
database), OpenSearch, Redis (`CACHE_URL`) and one media folder. One `run_worker` runs for the site.
nginx (Debian's) runs with a configuration generated here: the load-balanced address (round robin over
both hosts) plus one address per host, so the test can say "through A" and "through B".
"""

import contextlib
import datetime
import os
import re
import secrets
import shutil
import signal
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone
from wagtail.models import Page, PageLogEntry

from tests.factories import news_page
from tests.faults_support import Process, database_url, free_port, get, run_manage, start_gunicorn, wait_for
from tests.http_session import AdminSession, Browser
from worker.heartbeat import WORKER, Heartbeat

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
EDITOR, PASSWORD = "bientap", "mat-khau-bien-tap-2024"

NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
pid {scratch}/nginx.pid;
error_log {scratch}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {scratch}/nginx-access.log;
    client_body_temp_path {scratch}/client_body;
    proxy_temp_path {scratch}/proxy;
    fastcgi_temp_path {scratch}/fastcgi;
    uwsgi_temp_path {scratch}/uwsgi;
    scgi_temp_path {scratch}/scgi;

    upstream site_lak {{ server 127.0.0.1:{port_a}; server 127.0.0.1:{port_b}; keepalive 16; }}
    upstream host_a {{ server 127.0.0.1:{port_a}; keepalive 4; }}
    upstream host_b {{ server 127.0.0.1:{port_b}; keepalive 4; }}
{servers}
}}
"""

NGINX_SERVER = """
    server {{
        listen 127.0.0.1:{listen};
        client_max_body_size 25m;
        location ~ ^/media/(documents|feedback)/ {{ return 404; }}
        location /media/ {{ alias {media}/; add_header X-Content-Type-Options nosniff; expires 7d; }}
        location / {{
            proxy_pass http://{upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 35s;
        }}
    }}
"""


def start_nginx(scratch, port_a, port_b, media):
    """nginx in front of the two hosts: {"both": url, "a": url, "b": url}."""
    ports = {"both": free_port(), "a": free_port(), "b": free_port()}
    upstreams = {"both": "site_lak", "a": "host_a", "b": "host_b"}
    servers = "".join(NGINX_SERVER.format(listen=ports[name], upstream=upstreams[name], media=media) for name in ports)
    user = "user root;" if os.geteuid() == 0 else ""  # its workers read the test's private folders
    config = scratch / "nginx.conf"
    config.write_text(NGINX_CONF.format(user=user, scratch=scratch, port_a=port_a, port_b=port_b, servers=servers))
    server = Process([NGINX, "-p", str(scratch), "-c", str(config)], os.environ, scratch / "nginx.log")
    server.urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    return server


def host_environment(folder, shared):
    """A host's environment: production settings, its own var/ folder, the shared services."""
    var = folder / "var"
    var.mkdir(parents=True)
    return {
        "DJANGO_SETTINGS_MODULE": "site_lak.settings.production",
        "SECRET_KEY": shared["secret_key"],
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "TRUSTED_PROXY_COUNT": "1",
        "TASKS_BACKEND": "database",
        "DATABASE_URL": database_url(),
        "CACHE_URL": shared["cache_url"],
        "MEDIA_ROOT": str(shared["media"]),
        "SEARCH_INDEX_PREFIX": settings.WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"],
        "AUDIT_LOG_PATH": str(var / "audit.jsonl"),
    }


@pytest.fixture(scope="module")
def processes(django_db_setup, tmp_path_factory):
    """Host A and host B (gunicorn), the site's worker (beside host A) and nginx, started once for this
    module's tests (each test gets a fresh database) and all stopped at the end, even after a failure."""
    cache_url = os.environ.get("CACHE_URL", "")
    if not cache_url.startswith("redis://"):
        pytest.fail('the multi-host test needs Redis: CACHE_URL=redis://… (eval "$(scripts/services.sh env)")')
    scratch = tmp_path_factory.mktemp("multihost")
    shared = {"secret_key": secrets.token_urlsafe(64), "cache_url": cache_url, "media": scratch / "media"}
    shared["media"].mkdir()
    hosts = {name: host_environment(scratch / f"host-{name}", shared) for name in ("a", "b")}
    collected = run_manage("collectstatic", "--no-input", "--verbosity", "0", **hosts["a"])
    assert collected.returncode == 0, collected.stderr

    with contextlib.ExitStack() as stack:
        worker = Process(
            [sys.executable, "manage.py", "run_worker", "--poll", "0.5", "--interval", "1"],
            {**os.environ, **hosts["a"]},
            scratch / "worker.log",
        )
        stack.callback(worker.stop)
        wait_for(lambda: "Worker started" in worker.output(), what="the worker")
        servers = {}
        for name, environment in hosts.items():
            server = start_gunicorn(scratch / f"gunicorn-{name}.log", workers=2, **environment)
            stack.callback(server.stop)
            servers[name] = server
        port = {name: server.base_url.rsplit(":", 1)[1] for name, server in servers.items()}
        nginx = start_nginx(scratch, port["a"], port["b"], shared["media"])
        stack.callback(nginx.stop)
        for url in nginx.urls.values():
            wait_for(lambda url=url: get(url + "/readyz")[0] == 200, timeout=60, what=f"{url}/readyz")
        yield {"urls": nginx.urls, "worker": worker, "hosts": hosts, "scratch": scratch}


@pytest.fixture
def cluster(processes, site_tree):
    """The running hosts, on a database with the bootstrapped site and a signed-up editor."""
    editor = get_user_model().objects.create(username=EDITOR, email="bientap@thptlak.edu.vn", is_superuser=True)
    editor.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())  # the hosts' hasher
    editor.save()
    return {**processes, "home": site_tree["vi"]}


def title_in(body):
    match = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    return match.group(1).strip() if match else ""


def test_a_publication_through_host_a_is_seen_at_once_through_host_b(cluster):
    page = news_page(cluster["home"], "Lịch thi học kỳ I", slug=f"lich-thi-{uuid.uuid4().hex[:6]}")
    path = page.url
    through_a, through_b = cluster["urls"]["a"], cluster["urls"]["b"]
    for _ in range(3):  # warm B's page cache (the second and later requests are hits)
        status, body = get(through_b + path)
        assert status == 200 and "Lịch thi học kỳ I" in body
    assert _x_cache(through_b + path) == "HIT"

    new_title = f"Lịch thi học kỳ I (đã dời sang thứ Hai) {uuid.uuid4().hex[:4]}"
    page.title = new_title
    page.save_revision()  # the editor's draft; the site still shows the old title

    admin = AdminSession(through_a, EDITOR, PASSWORD)
    status, landing = admin.post(f"/admin/editorial/publish/{page.pk}/", {"reason": "Đổi lịch thi."})
    published_at = time.monotonic()
    assert status == 200 and landing.endswith(f"/admin/pages/{page.pk}/history/"), (status, landing)

    # The purge is done before host A answers the editor: the very next request through host B shows the
    # publication, however busy the machine (no waiting, no timing).
    status, body = get(through_b + path)
    print(f"host B answered {time.monotonic() - published_at:.3f} s after the publication")
    assert status == 200 and new_title in body, "host B still showed the page as it was before the publication"
    assert Page.objects.get(pk=page.pk).title == new_title


def _x_cache(url):
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Language": "vi"}), timeout=30) as answer:
        return answer.headers.get("X-Cache")


def test_a_session_made_on_host_a_is_signed_in_on_host_b(cluster):
    admin = AdminSession(cluster["urls"]["a"], EDITOR, PASSWORD)
    status, url, body = admin.get("/admin/")
    assert status == 200 and "/admin/login/" not in url  # signed in on A
    status, url, body = admin.at(cluster["urls"]["b"]).get("/admin/")
    assert status == 200 and "/admin/login/" not in url, url  # the same session on B
    assert EDITOR in body
    stranger = Browser(cluster["urls"]["b"])
    assert "/admin/login/" in stranger.get("/admin/")[1]  # without it, B asks to sign in


def test_the_sign_in_brake_reached_through_host_a_holds_through_host_b(cluster):
    limit = 10  # LOGIN_FAILURE_LIMIT
    through_a = Browser(cluster["urls"]["a"])
    through_b = Browser(cluster["urls"]["b"])
    wrong = {"username": EDITOR, "password": "doan-sai"}
    assert through_b.post("/admin/login/", wrong)[0] == 200  # B: a wrong password, not yet braked
    for _ in range(limit - 1):
        assert through_a.post("/admin/login/", wrong)[0] == 200
    status, _url = through_b.post("/admin/login/", wrong)
    assert status == 429  # the limit counted on A and B together holds on B


def test_one_worker_publishes_a_scheduled_page_once_and_a_second_one_refuses_to_run(cluster):
    page = news_page(cluster["home"], "Thông báo tuyển sinh", slug=f"tuyen-sinh-{uuid.uuid4().hex[:6]}")
    page.unpublish()
    page.title = "Thông báo tuyển sinh lớp 10"
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    page.save_revision().publish()  # scheduled: not live before go_live_at
    assert not Page.objects.get(pk=page.pk).live

    second = run_manage("run_worker", "--once", **cluster["hosts"]["b"])  # on host B, while A's worker lives
    assert second.returncode == 1, second.stdout + second.stderr
    assert "Another worker" in second.stderr and "only one may run at a time" in second.stderr

    wait_for(lambda: Page.objects.get(pk=page.pk).live, timeout=30, what="the worker to publish the page")
    path = Page.objects.get(pk=page.pk).specific.url
    wait_for(lambda: "Thông báo tuyển sinh lớp 10" in get(cluster["urls"]["both"] + path)[1], timeout=5,
             what="the scheduled page through nginx")  # fmt: skip
    time.sleep(3)  # three more scheduled-publishing rounds (--interval 1)
    publications = PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled")
    assert publications.count() == 1, list(publications.values_list("action", "timestamp"))
    assert cluster["worker"].popen.poll() is None  # the site's worker goes on


def test_readyz_through_nginx_reports_a_stopped_worker(cluster):
    """Last in the module: it stops the worker."""
    wait_for(lambda: get(cluster["urls"]["both"] + "/readyz")[0] == 200, timeout=40, what="a heartbeat")
    cluster["worker"].stop(signal.SIGTERM)
    Heartbeat.objects.filter(name=WORKER).update(beat_at=timezone.now() - datetime.timedelta(minutes=3))
    for host in ("a", "b"):  # what two minutes without a heartbeat look like, on every host
        status, body = get(cluster["urls"][host] + "/readyz")
        assert status == 503 and '"worker"' in body
    assert "Worker stopped." in Path(cluster["scratch"] / "worker.log").read_text()

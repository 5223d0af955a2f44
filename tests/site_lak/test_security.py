"""Security hardening: CSP, the admin login brake, decompression bombs, health checks, HTTPS headers."""

import json
import logging
import os
import socket
import struct
import subprocess
import sys
import uuid
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.images.models import Image

from accounts.ratelimit import client_address
from tests.site_lak.test_configuration import ROOT

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "site_lak.settings.production",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-0123456789abcdef",
    "ALLOWED_HOSTS": "thptlak.edu.vn",
}


def test_public_pages_carry_a_strict_content_security_policy(client, site_tree):
    policy = client.get(site_tree["vi"].url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "img-src 'self' data:" in policy
    assert "https://www.youtube.com" in policy and "https://www.facebook.com" in policy
    assert "unsafe-eval" not in policy
    assert "script-src" not in policy  # scripts fall back to default-src 'self': no inline script runs


def test_admin_has_its_own_policy_that_lets_wagtail_scripts_run(client):
    policy = client.get(reverse("wagtailadmin_login"))["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline' 'unsafe-eval'" in policy


def fail_login(client, address, times, **headers):
    url = reverse("wagtailadmin_login")
    response = None
    for _ in range(times):
        response = client.post(url, {"username": "nobody", "password": "wrong"}, REMOTE_ADDR=address, **headers)
    return response


def test_admin_login_locks_an_address_out_after_ten_failures(client):
    user = get_user_model().objects.create_superuser(
        f"hieutruong-{uuid.uuid4().hex[:6]}", "h@example.com", "đúng-mật-khẩu"
    )
    address = f"203.0.113.{uuid.uuid4().int % 250 + 1}"
    url = reverse("wagtailadmin_login")
    tenth = fail_login(client, address, 10)
    assert tenth.status_code == 200  # still the form, with its error

    refused = client.post(url, {"username": user.username, "password": "đúng-mật-khẩu"}, REMOTE_ADDR=address)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 15 * 60
    with translation.override("vi"):
        assert gettext("Too many sign-in attempts") in refused.content.decode()
    assert "_auth_user_id" not in client.session

    other = client.post(url, {"username": user.username, "password": "đúng-mật-khẩu"}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_lockout_hits_the_client_not_everyone(client):
    proxy = "127.0.0.1"
    guesser = f"192.0.2.{uuid.uuid4().int % 250 + 1}"
    fail_login(client, proxy, 10, HTTP_X_FORWARDED_FOR=guesser)
    url = reverse("wagtailadmin_login")
    data = {"username": "nobody", "password": "wrong"}
    assert client.post(url, data, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=guesser).status_code == 429
    # A spoofed left-most entry does not help: the proxy appends the real address last.
    spoofed = f"10.9.8.7, {guesser}"
    assert client.post(url, data, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=spoofed).status_code == 429
    assert client.post(url, data, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.254").status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "127.0.0.9"),  # no proxy: the header is the client's own invention
        (1, "10.0.0.1, 198.51.100.1", "198.51.100.1"),  # nginx appended the address it saw
        (2, "10.0.0.1, 198.51.100.1, 172.16.0.2", "198.51.100.1"),  # a load balancer, then nginx
        (2, "198.51.100.1", "127.0.0.9"),  # a header shorter than the proxies: not trusted
    ],
)
def test_one_function_says_who_the_client_is(rf, settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(rf.get("/", REMOTE_ADDR="127.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)) == expected


def sign_in_as(client, username, password, address):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_one_address_guessing_many_user_names_is_stopped(client):
    user = get_user_model().objects.create_superuser(f"gv-{uuid.uuid4().hex[:6]}", "g@example.com", "đúng-mật-khẩu")
    address = "203.0.113.77"
    for number in range(10):
        assert sign_in_as(client, f"giao-vien-{number}", "123456", address).status_code == 200
    assert sign_in_as(client, user.username, "đúng-mật-khẩu", address).status_code == 429


def test_many_addresses_guessing_one_account_cannot_lock_its_owner_out(client):
    """Ten addresses fail once each on the principal's account: each of them is refused any further guess
    at it (a botnet gets one guess per address, not ten), while the principal, from their own address,
    still signs in with the right password."""
    user = get_user_model().objects.create_superuser(f"ht-{uuid.uuid4().hex[:6]}", "h@example.com", "đúng-mật-khẩu")
    guessers = [f"198.51.100.{number}" for number in range(10, 20)]
    for address in guessers:
        assert sign_in_as(client, user.username, "sai", address).status_code == 200
    for address in guessers[:3]:
        assert sign_in_as(client, user.username, "sai-nua", address).status_code == 429
        assert sign_in_as(client, user.username, "đúng-mật-khẩu", address).status_code == 429
    assert sign_in_as(client, "nguoi-khac", "sai", guessers[0]).status_code == 200  # other accounts: not held
    owner = sign_in_as(client, user.username, "đúng-mật-khẩu", "192.0.2.44")
    assert owner.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def request_reset(client, email, address):
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": email}, REMOTE_ADDR=address)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_password_reset_done")
    return response


def test_password_reset_mails_are_limited_per_account_and_per_address(client, settings):
    """Nobody can flood a colleague's mailbox, and the form answers the same whether or not a mail went."""
    from django.core import mail

    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "password-reset-address": (5, 3600),
        "password-reset-recipient": (3, 3600),
    }
    get_user_model().objects.create_user(f"gv-{uuid.uuid4().hex[:6]}", "co-lan@thptlak.edu.vn", "mat-khau-cu-123")
    for number in range(5):
        request_reset(client, "co-lan@thptlak.edu.vn", f"192.0.2.{60 + number}")
    assert len(mail.outbox) == 3 and {message.to[0] for message in mail.outbox} == {"co-lan@thptlak.edu.vn"}
    for number in range(6):
        get_user_model().objects.create_user(f"u{number}-{uuid.uuid4().hex[:6]}", f"u{number}@thptlak.edu.vn", "x")
    for number in range(6):
        request_reset(client, f"u{number}@thptlak.edu.vn", "192.0.2.99")
    assert len(mail.outbox) == 3 + 5  # the sixth request from that address sends nothing
    request_reset(client, "khong-ai@thptlak.edu.vn", "192.0.2.98")  # no such account: the same answer


def png_declaring(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


# 9000² = 81 megapixels passes Wagtail's default limit (128) but not ours (40); 20000² trips Pillow's own guard.
@pytest.mark.parametrize("side", [9_000, 20_000])
def test_decompression_bomb_upload_is_refused_with_a_message(client, side):
    admin = get_user_model().objects.create_superuser(f"bientap-{uuid.uuid4().hex[:6]}", "b@example.com", "x")
    client.force_login(admin)
    before = Image.objects.count()
    upload = SimpleUploadedFile("bom.png", png_declaring(side, side), content_type="image/png")
    response = client.post(reverse("wagtailimages:add"), {"title": "Ảnh bom", "file": upload})
    assert response.status_code == 200  # the form again, not a 500
    errors = response.context["form"].errors["file"]
    assert any("pixels" in str(error).lower() or "điểm ảnh" in str(error).lower() for error in errors), errors
    assert Image.objects.count() == before


def test_upstream_gap_willow_decodes_an_image_before_its_size_is_known(monkeypatch):
    """Why settings/base.py lowers Pillow's MAX_IMAGE_PIXELS. When this fails, upstream reads the size
    from the header alone: the workaround can go."""
    import io

    import PIL.Image
    import willow

    monkeypatch.setattr(PIL.Image, "MAX_IMAGE_PIXELS", 89_478_485)  # Pillow's own default
    with pytest.raises(OSError, match="truncated"):  # it decodes (and so finds the data missing)
        willow.Image.open(io.BytesIO(png_declaring(9_000, 9_000))).get_size()


def test_healthz_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free once the socket closes: nothing listens there


def test_readyz_fails_when_the_search_engine_is_down_and_names_its_address_only_in_the_log(client, caplog):
    address = f"http://127.0.0.1:{closed_port()}"
    backends = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch2",
            "URLS": [address],
            "INDEX_PREFIX": "prod_readyz_",
            "TIMEOUT": 2,
            "OPTIONS": {"timeout": 2, "max_retries": 0},
        }
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends), caplog.at_level(logging.ERROR, "site_lak.views"):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["problems"] == {"search": "unreachable"}
    assert "127.0.0.1" not in response.content.decode()  # no internal address for the public…
    assert address in caplog.text  # …it is in the log, for the operator


def test_readyz_is_ok_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content


def test_production_sends_https_security_headers():
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='thptlak.edu.vn');"
        "secure = c.get('/healthz', secure=True); plain = c.get('/vi/');"
        "print(json.dumps({'secure': dict(secure.headers), 'plain': [plain.status_code, plain.get('Location')],"
        " 'health': c.get('/healthz').status_code}))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SEARCH_URL", "CACHE_URL"}}
    environment.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    headers = report["secure"]
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert report["plain"] == [301, "https://thptlak.edu.vn/vi/"]  # plain HTTP goes to HTTPS
    assert report["health"] == 200  # …except the health checks a load balancer probes over HTTP


def test_database_down_gives_a_quick_503_page_not_a_500():
    script = (
        "import django, json, time; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='thptlak.edu.vn'); start = time.monotonic();"
        "page = c.get('/vi/', secure=True); elapsed = time.monotonic() - start;"
        "ready = c.get('/readyz', secure=True);"
        "print(json.dumps({'status': page.status_code, 'elapsed': elapsed, 'body': page.content.decode(),"
        " 'retry': page.get('Retry-After'), 'health': c.get('/healthz', secure=True).status_code,"
        " 'ready': ready.status_code, 'problems': ready.json()['problems']}))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"SEARCH_URL", "CACHE_URL"}}
    environment.update(PRODUCTION_ENV, DATABASE_URL=f"postgres://site_lak@127.0.0.1:{closed_port()}/site_lak")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] == 503 and report["retry"] == "30"
    assert "Xin vui lòng thử lại sau ít phút" in report["body"]
    assert report["elapsed"] < 5
    assert report["health"] == 200  # the process is alive…
    assert report["ready"] == 503 and "database" in report["problems"]  # …but not ready for traffic


def test_private_files_are_not_served_by_their_media_address(settings, tmp_path):
    """Feedback attachments and documents (the intranet's among them) are reachable only through the views
    that check who asks; an image under /media/ is public."""
    from django.http import Http404
    from django.test import RequestFactory

    from site_lak.views import public_media

    settings.MEDIA_ROOT = str(tmp_path)
    for name in ("feedback/2026/11/attachment.pdf", "documents/bao-cao-noi-bo.pdf", "images/logo.png"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"content")
    request = RequestFactory().get("/media/")
    assert public_media(request, "images/logo.png").status_code == 200
    private = (
        "feedback/2026/11/attachment.pdf",
        "documents/bao-cao-noi-bo.pdf",
        "images/../documents/bao-cao-noi-bo.pdf",
    )
    for path in private:
        with pytest.raises(Http404):
            public_media(request, path)

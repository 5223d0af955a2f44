"""Public consultations and the site-wide urgent banner."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from feedback.banner import UrgentBanner
from feedback.forms import sign_timestamp
from feedback.pages import ConsultationPage
from feedback.records import Feedback
from tests.factories import publish_child

pytestmark = pytest.mark.django_db


def consultation(home, slug, opens_in_days, closes_in_days, **fields):
    now = timezone.now()
    page = ConsultationPage(
        title=f"Lấy ý kiến {slug}",
        slug=slug,
        opens_at=now + datetime.timedelta(days=opens_in_days),
        closes_at=now + datetime.timedelta(days=closes_in_days),
        **fields,
    )
    return publish_child(home, page)


def comment(client, url, ip="203.0.113.50"):
    return client.post(
        url,
        {
            "subject": "Ý kiến về nội quy",
            "message": "Đề nghị cho phép học sinh mang điện thoại.",
            "consent": "on",
            "started": sign_timestamp(time.time() - 10),
        },
        REMOTE_ADDR=ip,
    )


def test_consultation_status_follows_the_dates(site_tree):
    home = site_tree["vi"]
    assert consultation(home, "sap-mo", 2, 10).consultation_status == "upcoming"
    assert consultation(home, "dang-mo", -1, 10).consultation_status == "open"
    assert consultation(home, "da-dong", -10, -1).consultation_status == "closed"


def test_open_consultation_takes_comments_linked_to_it(client, site_tree):
    page = consultation(site_tree["vi"], "noi-quy", -1, 10)
    body = client.get(page.url).content.decode()
    assert 'name="consent"' in body and 'name="category"' not in body
    assert page.title in client.get("/vi/").content.decode()  # announced on the home page while open
    response = comment(client, page.url)
    assert response.status_code == 302
    assert response["Location"].startswith(page.url + "cam-on/?ma=GY-")
    stored = Feedback.objects.get()
    assert stored.consultation_id == page.pk and stored.category == "suggestion"
    assert "<dd>1</dd>" in client.get(page.url).content.decode()  # the count of comments received


def test_closed_consultation_refuses_comments_and_shows_outcome(client, site_tree):
    page = consultation(
        site_tree["vi"],
        "hoc-phi",
        -10,
        -1,
        outcome=[{"type": "paragraph", "value": "<p>Nhà trường giữ nguyên mức thu.</p>"}],
    )
    body = client.get(page.url).content.decode()
    assert 'name="consent"' not in body
    assert "Nhà trường giữ nguyên mức thu." in body
    assert page.title not in client.get("/vi/").content.decode()
    comment(client, page.url)
    assert not Feedback.objects.exists()


def test_upcoming_consultation_has_no_form_and_hides_outcome(client, site_tree):
    page = consultation(
        site_tree["vi"], "sap-toi", 3, 10, outcome=[{"type": "paragraph", "value": "<p>Kết quả bí mật</p>"}]
    )
    body = client.get(page.url).content.decode()
    assert 'name="consent"' not in body and "Kết quả bí mật" not in body


def test_banner_appears_on_public_pages_once_enabled(client, site_tree):
    assert "urgent-banner" not in client.get("/vi/").content.decode()  # also fills the cache
    banner = UrgentBanner.for_site(Site.objects.get(is_default_site=True))
    banner.enabled = True
    banner.level = "critical"
    banner.message = "Học sinh nghỉ học ngày mai do bão."
    banner.link = "/vi/tin-tuc/"
    banner.save()
    for url in ("/vi/", "/vi/tin-tuc/", "/en/", "/vi/gop-y/"):
        body = client.get(url).content.decode()
        assert "Học sinh nghỉ học ngày mai do bão." in body, url
        assert 'href="/vi/tin-tuc/"' in body
    banner.enabled = False
    banner.save()
    assert "Học sinh nghỉ học ngày mai do bão." not in client.get("/vi/").content.decode()


def test_banner_change_through_the_admin_settings(admin_client, client, site_tree):
    site = Site.objects.get(is_default_site=True)
    response = admin_client.post(
        f"/admin/settings/feedback/urgentbanner/{site.pk}/",
        {"enabled": "on", "level": "warning", "message": "Điểm thi đã được công bố.", "link": "", "link_text": ""},
    )
    assert response.status_code == 302
    assert "Điểm thi đã được công bố." in client.get("/vi/").content.decode()
    refused = admin_client.post(
        f"/admin/settings/feedback/urgentbanner/{site.pk}/",
        {"enabled": "on", "level": "warning", "message": "x", "link": "javascript:alert(1)", "link_text": ""},
    )
    assert refused.status_code == 200  # the form comes back with the error
    assert "javascript:" not in client.get("/vi/").content.decode()


def test_banner_is_read_from_the_cache_between_saves(client, site_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/vi/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/vi/tin-tuc/")
    assert not [q for q in queries.captured_queries if "feedback_urgentbanner" in q["sql"]]
    cache.clear()  # as when the 60-second copy expires
    with CaptureQueriesContext(connection) as queries:
        client.get("/vi/tin-tuc/")
    assert [q for q in queries.captured_queries if "feedback_urgentbanner" in q["sql"]]

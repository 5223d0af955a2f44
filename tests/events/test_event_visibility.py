"""Anonymous visitors never meet a draft, private (login-only) or withdrawn event by any path: the listing and its
filters, the calendar files, the feeds, the sitemap, the home page, the search page and the search API. And no
Facebook post record is reachable outside the admin."""

import pytest
from django.urls import reverse

from tests.events.helpers import DAY, event, events_index
from tests.events.test_event_pages import hidden_events

pytestmark = pytest.mark.django_db


def test_hidden_events_stay_hidden_by_every_public_path(client, site_tree):
    home = site_tree["vi"]
    hidden, private = hidden_events(home)
    event(home, "Sự kiện công khai", "cong-khai", 5 * DAY)
    index = events_index(home).url
    addresses = [
        index,
        index + "?kind=school-event",
        index + "calendar.ics",
        index + "feed/rss/",
        index + "feed/atom/",
        "/vi/",
        "/sitemap.xml",
        "/vi/tim-kiem/?q=Sự+kiện",
        "/api/search/?q=Sự+kiện",
        "/api/search/suggest/?q=Sự+kiện",
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        body = response.content.decode()
        assert not any(title in body for title in hidden), (address, [title for title in hidden if title in body])
        assert "/noi-bo/" not in body and "/nhap/" not in body and "/da-rut/" not in body, address
    assert "Sự kiện công khai" in client.get(index + "calendar.ics").content.decode()
    assert client.get(private.url).status_code in (302, 403)


def test_facebook_post_records_are_admin_only(client, site_tree):
    for address in (reverse("social_posts"), reverse("social_posts_results")):
        response = client.get(address)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], address
    response = client.post(reverse("social_retry_post", args=[1]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

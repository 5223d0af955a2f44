"""Events found through the search engine (OpenSearch) with PostgreSQL, typed "event" and filterable."""

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from tests.events.helpers import DAY, event

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_the_engine_finds_an_event_by_its_place_without_accents(client, site_tree):
    call_command("update_index", verbosity=0)
    event(site_tree["vi"], "Hội thi Rung chuông vàng", "rung-chuong-vang", 5 * DAY, place="Nhà đa năng")
    get_search_backend().get_index_for_model(Page).refresh()
    response = client.get("/api/search/", {"q": "nha da nang", "type": "event"})
    assert response.status_code == 200
    assert [r["title"] for r in response.json()["results"]] == ["Hội thi Rung chuông vàng"]

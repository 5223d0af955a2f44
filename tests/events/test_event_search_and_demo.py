"""Events in search (database backend; the engine in tests/events/test_event_engine.py), in the plan's coverage,
and in the demo content."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from core.demo import create_demo_content
from plan.content_areas import ContentArea
from plan.coverage import website_items
from school_events.models import EventPage, SchoolEventKind
from site_lak import env
from tests.events.helpers import DAY, event, events_index
from tests.factories import draft_child

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(env.DATABASE_SEARCH_BACKEND)}


def search(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_search_finds_a_public_event_with_its_type(client, site_tree):
    home = site_tree["vi"]
    event(home, "Hội thi Rung chuông vàng", "rung-chuong-vang", 5 * DAY, place="Sân trường", summary="Kiến thức.")
    draft_child(events_index(home), EventPage(title="Hội thi nháp", slug="nhap", start=timezone.now()))
    private = event(home, "Hội thi nội bộ", "noi-bo", 6 * DAY)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    events = [r["title"] for r in search(client, q="hoi thi") if r["type"] == "event"]
    assert events == ["Hội thi Rung chuông vàng"]  # not the draft, not the private one
    assert [r["title"] for r in search(client, q="rung chuong", type="event")] == ["Hội thi Rung chuông vàng"]
    assert search(client, q="rung chuong", type="news") == []


def test_published_events_count_in_the_plans_coverage(site_tree):
    page = event(site_tree["vi"], "Hội thi khoa học kỹ thuật", "khkt", 5 * DAY, kind=SchoolEventKind.COMPETITION)
    today = timezone.localdate()
    items = {item.pk: area for item, area, _author in website_items(today - DAY, today + DAY)}
    assert items[page.pk] == ContentArea.COMPETITIONS


def test_demo_creates_a_contest_with_winners_and_an_upcoming_event(client, site_tree):
    create_demo_content(site_tree["vi"], site_tree["en"])
    create_demo_content(site_tree["vi"], site_tree["en"])  # idempotent
    index = events_index(site_tree["vi"])
    events = {page.slug: page for page in EventPage.objects.child_of(index).live()}
    assert set(events) == {"hoi-thi-olympic-tieng-anh", "hoi-trai-truyen-thong-26-3"}
    contest = events["hoi-thi-olympic-tieng-anh"]
    assert contest.is_past and contest.kind == SchoolEventKind.CONTEST and contest.results
    assert contest.title.endswith(f"năm học {contest.school_year}")  # the year it was held in, not a fixed one
    linked = [row.person for row in contest.winners.all() if row.person_id]
    assert linked and linked[0].specific_class.family.key == "person"
    body = client.get(contest.url).content.decode()
    assert f'href="{linked[0].url}"' in body
    upcoming = events["hoi-trai-truyen-thong-26-3"]
    assert upcoming.registration_open and upcoming.registration_deadline <= upcoming.start
    english = upcoming.get_translation(Locale.objects.get(language_code="en"))
    assert english.live and client.get(english.url).status_code == 200
    assert upcoming.start.date() > datetime.date.today()

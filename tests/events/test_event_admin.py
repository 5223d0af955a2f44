"""Editors create events in the admin: dates in order, a real registration link, a winner named or linked;
bad input is a form error in Vietnamese (the admin's language) and nothing is saved, never a 500."""

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from school_events.models import EventPage, EventWinner
from tests.admin_forms import add_through_admin, add_url
from tests.events.helpers import events_index

pytestmark = pytest.mark.django_db


def vietnamese(message, **params):
    with translation.override("vi"):
        translated = gettext(message)
    assert translated != message, f"no Vietnamese for {message!r}"
    return escape(translated % params if params else translated)


def create(client, index, winners=(), **values):
    base = {
        "title": "Hội thi Rung chuông vàng",
        "slug": "rung-chuong-vang",
        "kind": "contest",
        "start": "2030-03-20 07:30",
        "end": "2030-03-20 11:00",
        "registration_deadline": "2030-03-10 17:00",
        "registration_url": "https://forms.example.org/rcv",
        "body-count": "0",
        "winners-TOTAL_FORMS": str(len(winners)),
        "winners-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(winners):
        prefix = f"winners-{i}-"
        base.update({prefix + "placement": "", prefix + "name": "", prefix + "person": "", prefix + "ORDER": str(i)})
        base.update({prefix + key: value for key, value in row.items()})
        base[prefix + "id"] = ""
        base[prefix + "DELETE"] = ""
    base.update(values)
    return add_through_admin(client, EventPage, index, base)


def test_admin_creates_an_event_with_a_winner(admin_client, site_tree):
    response = create(admin_client, events_index(site_tree["vi"]), winners=[{"placement": "Giải Nhất", "name": "12A1"}])
    assert response.status_code == 302, response.content.decode()[:3000]
    page = EventPage.objects.get(slug="rung-chuong-vang")
    assert page.school_year == "2029-2030"
    assert [(row.placement, row.name) for row in page.winners.all()] == [("Giải Nhất", "12A1")]


@pytest.mark.parametrize(
    "values, message",
    [
        ({"end": "2030-03-19 08:00"}, "The event cannot end before it starts (%(start)s)."),
        (
            {"registration_deadline": "2030-03-21 08:00"},
            "Registration must close on or before the start of the event (%(start)s).",
        ),
        (
            {"start": "0001-01-01 00:00", "end": "", "registration_deadline": ""},
            "Choose dates between the years 1900 and 2199.",
        ),
        ({"end": "9999-12-31 23:59"}, "Choose dates between the years 1900 and 2199."),
        ({"registration_deadline": "0001-01-01 03:00"}, "Choose dates between the years 1900 and 2199."),
        ({"registration_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"registration_url": "ftp://example.org/form"}, "Enter a web address starting with http:// or https://."),
    ],
    ids=[
        "ends-before-start",
        "registration-after-start",
        "year-one",
        "year-9999",
        "registration-in-year-one",
        "not-a-link",
        "not-a-web-link",
    ],
)
def test_admin_rejects_bad_dates_and_links_in_vietnamese(admin_client, site_tree, values, message):
    response = create(admin_client, events_index(site_tree["vi"]), **values)
    assert response.status_code == 200  # the form again, with its errors
    body = response.content.decode()
    text = vietnamese(message, start="20/03/2030 07:30") if "%(start)s" in message else vietnamese(message)
    assert text.split("(")[0] in body
    assert not EventPage.objects.filter(slug="rung-chuong-vang").exists()


def test_admin_rejects_a_winner_with_neither_name_nor_profile(admin_client, site_tree):
    response = create(admin_client, events_index(site_tree["vi"]), winners=[{"placement": "Giải Ba"}])
    assert response.status_code == 200
    assert vietnamese("Give the winner's name or choose their profile.") in response.content.decode()
    assert not EventPage.objects.filter(slug="rung-chuong-vang").exists()
    assert not EventWinner.objects.exists()


def test_winner_profile_chooser_offers_exemplary_people_only(admin_client, site_tree):
    body = admin_client.get(add_url(EventPage, events_index(site_tree["vi"]))).content.decode()
    assert "people.personpage" in body.lower()


def test_admin_rejects_a_winner_linked_to_a_page_that_is_not_a_profile(admin_client, site_tree):
    news_index = site_tree["vi"].get_children().get(slug="tin-tuc")
    response = create(
        admin_client,
        events_index(site_tree["vi"]),
        winners=[{"placement": "Giải Nhì", "name": "An", "person": str(news_index.pk)}],
    )
    assert response.status_code == 200
    assert not EventPage.objects.filter(slug="rung-chuong-vang").exists()

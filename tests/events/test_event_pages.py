"""Events and contests as visitors see them: the listing (upcoming, past, filters), the event page with its
results and winners, the .ics files, the JSON-LD Event, the home page block, and what anonymous visitors
never see (drafts, private and withdrawn events) by any of those paths."""

import datetime
import json
import re

import icalendar
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from people.models import PersonPage
from school_events.models import EventPage, SchoolEventKind
from tests.events.helpers import DAY, HOUR, event, events_index
from tests.factories import draft_child, publish_child, section

pytestmark = pytest.mark.django_db


def json_ld_graph(body):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert match, "no JSON-LD on the page"
    data = json.loads(match.group(1))
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def parse_ics(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def hidden_events(home):
    """A draft, a private (login-only) and a withdrawn upcoming event, each with a telling title."""
    index = events_index(home)
    start = timezone.now() + 2 * DAY
    draft_child(index, EventPage(title="Sự kiện nháp bí mật", slug="nhap", start=start))
    private = event(home, "Sự kiện nội bộ giáo viên", "noi-bo", 3 * DAY)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    withdrawn = event(home, "Sự kiện đã rút", "da-rut", 4 * DAY)
    withdrawn.withdrawn, withdrawn.withdrawal_reason = True, "Hoãn vô thời hạn."
    withdrawn.save_revision().publish()
    return ["Sự kiện nháp bí mật", "Sự kiện nội bộ giáo viên", "Sự kiện đã rút"], private


# --- the index ------------------------------------------------------------------------------------------------


def test_index_lists_upcoming_soonest_first_then_past_newest_first(client, site_tree):
    home = site_tree["vi"]
    event(home, "Xa", "xa", 40 * DAY)
    event(home, "Gan", "gan", 2 * DAY)
    event(home, "Dang dien ra", "dang-dien-ra", -HOUR, end=5 * HOUR)  # still running: upcoming
    event(home, "Lau roi", "lau-roi", -200 * DAY)
    event(home, "Vua xong", "vua-xong", -3 * DAY, end=-3 * DAY + 2 * HOUR)
    body = client.get(events_index(home).url).content.decode()
    order = ["dang-dien-ra", "gan", "xa", "vua-xong", "lau-roi"]
    positions = [body.index(f"/{slug}/") for slug in order]
    assert positions == sorted(positions)
    past = body[body.index('id="events-past"') :]
    assert "/vua-xong/" in past and "/gan/" not in past and "/dang-dien-ra/" not in past


def test_index_filters_by_kind_and_ignores_bad_values(client, site_tree):
    home = site_tree["vi"]
    event(home, "Hoi thi van nghe", "hoi-thi", 5 * DAY, kind=SchoolEventKind.CONTEST)
    event(home, "Le khai giang", "khai-giang", 6 * DAY, kind=SchoolEventKind.SCHOOL_EVENT)
    url = events_index(home).url
    contests = client.get(url, {"kind": "contest"}).content.decode()
    assert "/hoi-thi/" in contests and "/khai-giang/" not in contests
    everything = client.get(url, {"kind": "<script>", "school_year": "20x"})
    assert everything.status_code == 200
    assert "/hoi-thi/" in everything.content.decode() and "/khai-giang/" in everything.content.decode()
    assert client.get(url, {"page": "99"}).status_code == 404


def test_english_section_exists(client, site_tree):
    assert client.get("/en/events/").status_code == 200
    assert client.get("/vi/su-kien/").status_code == 200


# --- the event page -------------------------------------------------------------------------------------------


def test_event_page_shows_details_registration_results_and_winners(client, site_tree):
    home = site_tree["vi"]
    people = section(home, "guong-sang")
    profile = publish_child(people, PersonPage(title="Em Lê Thị Hoa", slug="le-thi-hoa", role="student"))
    draft_profile = draft_child(people, PersonPage(title="Hồ sơ nháp", slug="ho-so-nhap", role="student"))
    page = event(
        home,
        "Hội thi Tin học trẻ",
        "tin-hoc-tre",
        5 * DAY,
        end=5 * DAY + 4 * HOUR,
        place="Phòng máy 2",
        eligibility="Học sinh khối 10",
        registration_deadline=timezone.now() + 2 * DAY,
        registration_url="https://forms.example.org/tin-hoc",
        results="<p>Ba đội đạt giải.</p>",
        winners=[
            {"placement": "Giải Nhất", "person": profile},
            {"placement": "Giải Nhì", "name": "Đội 11A3", "person": draft_profile},
        ],
    )
    body = client.get(page.url).content.decode()
    assert "Phòng máy 2" in body and "Học sinh khối 10" in body
    assert 'href="https://forms.example.org/tin-hoc"' in body  # registration still open
    assert "Ba đội đạt giải." in body
    assert f'href="{profile.url}"' in body and "Em Lê Thị Hoa" in body
    assert "Đội 11A3" in body and "ho-so-nhap" not in body  # a draft profile is never linked


def test_registration_link_is_hidden_once_the_deadline_passed(client, site_tree):
    page = event(
        site_tree["vi"],
        "Hội thi hết hạn",
        "het-han",
        3 * DAY,
        registration_deadline=timezone.now() - HOUR,
        registration_url="https://forms.example.org/het-han",
    )
    assert "https://forms.example.org/het-han" not in client.get(page.url).content.decode()


def test_json_ld_describes_the_event(client, site_tree):
    page = event(
        site_tree["vi"],
        "Ngày hội đọc sách",
        "ngay-hoi-doc-sach",
        datetime.datetime(2030, 4, 21, 7, 30, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 4, 21, 10, 0, tzinfo=datetime.UTC),
        place="Thư viện trường",
        address="Thị trấn Liên Sơn, huyện Lắk",
        summary="Ngày hội đọc sách cho toàn trường.",
    )
    graph = json_ld_graph(client.get(page.url).content.decode())
    (item,) = [item for item in graph if item["@type"] == "Event"]
    assert item["name"] == "Ngày hội đọc sách"
    assert item["startDate"] == "2030-04-21T14:30:00+07:00"
    assert item["endDate"] == "2030-04-21T17:00:00+07:00"
    assert item["location"] == {"@type": "Place", "name": "Thư viện trường", "address": "Thị trấn Liên Sơn, huyện Lắk"}
    assert item["eventStatus"] == "https://schema.org/EventScheduled"
    assert item["organizer"]["@type"] == "HighSchool" and item["organizer"]["name"]
    assert item["description"] == "Ngày hội đọc sách cho toàn trường."
    assert item["url"].endswith("/vi/su-kien/ngay-hoi-doc-sach/")


# --- calendars ------------------------------------------------------------------------------------------------


def test_event_calendar_file(client, site_tree):
    start = datetime.datetime(2030, 3, 26, 0, 30, tzinfo=datetime.UTC)
    page = event(
        site_tree["vi"], "Hội trại 26/3", "hoi-trai", start, end=start + 33 * HOUR, place="Sân trường", summary="Trại."
    )
    calendar = parse_ics(client.get(page.calendar_url))
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Hội trại 26/3"
    assert entry.decoded("DTSTART") == start and entry.decoded("DTEND") == start + 33 * HOUR
    assert entry["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert str(entry["LOCATION"]) == "Sân trường"
    assert str(entry["URL"]).endswith("/vi/su-kien/hoi-trai/")
    again = parse_ics(client.get(page.calendar_url)).walk("VEVENT")[0]
    assert str(again["UID"]) == str(entry["UID"])  # the same event on every download


def test_index_calendar_has_upcoming_public_events_only(client, site_tree):
    home = site_tree["vi"]
    event(home, "Sắp tới A", "sap-toi-a", 2 * DAY)
    event(home, "Sắp tới B", "sap-toi-b", 9 * DAY)
    event(home, "Đã qua", "da-qua", -9 * DAY)
    hidden, _private = hidden_events(home)
    calendar = parse_ics(client.get(events_index(home).url + "calendar.ics"))
    summaries = [str(entry["SUMMARY"]) for entry in calendar.walk("VEVENT")]
    assert summaries == ["Sắp tới A", "Sắp tới B"]


# --- the home page and anonymous visitors ---------------------------------------------------------------------


def test_home_page_shows_the_next_three_public_events(client, site_tree):
    home = site_tree["vi"]
    for day in (1, 2, 3, 4):
        event(home, f"Sự kiện ngày {day}", f"su-kien-{day}", day * DAY)
    event(home, "Sự kiện đã qua", "da-qua", -DAY)
    hidden, _private = hidden_events(home)
    body = client.get("/vi/").content.decode()
    block = body[body.index('class="home-section home-events"') :]
    block = block[: block.index("</section>")]
    assert [title for title in re.findall(r"Sự kiện ngày \d", block)] == [f"Sự kiện ngày {d}" for d in (1, 2, 3)]
    assert "Sự kiện đã qua" not in block and not any(title in body for title in hidden)


def test_home_block_shows_a_new_event_after_publication(client, site_tree):
    home = site_tree["vi"]
    client.get("/vi/")  # sections now cached
    event(home, "Sự kiện mới đăng", "moi-dang", DAY)
    assert "Sự kiện mới đăng" in client.get("/vi/").content.decode()


def test_drafts_private_and_withdrawn_events_stay_hidden(client, site_tree):
    home = site_tree["vi"]
    hidden, private = hidden_events(home)
    listing = client.get(events_index(home).url).content.decode()
    assert not any(title in listing for title in hidden)
    assert client.get("/vi/su-kien/nhap/").status_code == 404
    assert client.get("/vi/su-kien/nhap/calendar.ics").status_code == 404
    assert client.get(private.calendar_url).status_code in (302, 403)  # to the sign-in page
    rss = client.get(events_index(home).url + "feed/rss/").content.decode()
    assert not any(title in rss for title in hidden)

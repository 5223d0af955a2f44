"""What crawlers, feed readers and share previews read, checked with their own parsers (extruct for JSON-LD
and Open Graph, feedparser for RSS/Atom, icalendar, an XML parser for the sitemap): every absolute address
is on SITE_URL, every page type describes itself, share cards are drawn once, lists and the schedule end."""

import datetime
import io
import re
import xml.etree.ElementTree as ET

import extruct
import feedparser
import icalendar
import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction, Site

from core.bootstrap import bootstrap
from disclosure.schedule import browsable_weeks
from exams.models import ExamKeyDate, KeyDateKind
from tests.factories import (
    ExamNoticePageFactory,
    NewsPageFactory,
    PersonPageFactory,
    PolicyPageFactory,
    news_page,
)
from tests.feedback.test_feedback import form_data

pytestmark = pytest.mark.django_db

PUBLIC = "https://thptlak.edu.vn"
DAY = datetime.timedelta(days=1)


@pytest.fixture
def public_site(settings, site_tree):
    """The site as deployed: SITE_URL set, then `bootstrap_site` as on every deploy."""
    settings.SITE_URL = PUBLIC
    bootstrap()
    return site_tree


def metadata(response):
    return extruct.extract(response.content.decode(), base_url=PUBLIC, syntaxes=["json-ld", "opengraph"], uniform=True)


def json_ld(response):
    """Every schema.org object on the page, from the @graph of each JSON-LD block."""
    items = []
    for block in metadata(response)["json-ld"]:
        items.extend(block.get("@graph", [block]))
    return items


def of_type(items, kind):
    return [item for item in items if item.get("@type") == kind]


def open_graph(response):
    (graph,) = metadata(response)["opengraph"]
    return graph


def exam_notice(home, exam_day):
    return ExamNoticePageFactory(
        home=home,
        title="Thông báo thi thử tốt nghiệp",
        slug="thi-thu",
        venue="Hội trường A",
        key_dates=[
            ExamKeyDate(sort_order=0, kind=KeyDateKind.REGISTRATION_CLOSES, date=exam_day - 10 * DAY),
            ExamKeyDate(
                sort_order=1,
                kind=KeyDateKind.EXAM,
                date=exam_day,
                start_time=datetime.time(7, 30),
                end_time=datetime.time(9, 30),
                session_label="Buổi sáng – Ngữ văn",
            ),
        ],
    )


def policy(home):
    """A circular of the Ministry (the factory's type and issuer)."""
    return PolicyPageFactory(
        home=home,
        title="Thông tư về đánh giá học sinh",
        slug="thong-tu-22",
        document_number="22/2021/TT-BGDĐT",
        issued_date=datetime.date(2021, 7, 20),
        effective_date=datetime.date(2021, 9, 5),
    )


# --- SITE_URL: the site record and every absolute address ---------------------------------------------------


def test_bootstrap_gives_the_default_site_the_address_of_site_url(settings, site_tree):
    settings.SITE_URL = PUBLIC
    bootstrap()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("thptlak.edu.vn", 443, PUBLIC)

    # A later deploy with another address moves the same site record.
    settings.SITE_URL = "http://thptlak.example:8080"
    bootstrap()
    assert Site.objects.count() == 1
    moved = Site.objects.get(is_default_site=True)
    assert (moved.pk, moved.hostname, moved.port) == (site.pk, "thptlak.example", 8080)
    assert moved.root_page_id == site.root_page_id


def test_sitemap_feeds_calendar_and_pages_all_use_site_url(client, public_site):
    article = news_page(public_site["vi"], "Lễ khai giảng năm học mới", slug="le-khai-giang")
    notice = exam_notice(public_site["vi"], timezone.localdate() + 30 * DAY)

    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [element.text for element in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{PUBLIC}/vi/tin-tuc/le-khai-giang/" in locations and f"{PUBLIC}/en/" in locations
    assert all(location.startswith(PUBLIC + "/") for location in locations)

    for kind in ("rss", "atom"):
        feed = feedparser.parse(client.get(f"/vi/tin-tuc/feed/{kind}/").content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.link == f"{PUBLIC}/vi/tin-tuc/"
        assert [entry.link for entry in feed.entries] == [f"{PUBLIC}/vi/tin-tuc/le-khai-giang/"]

    calendar = icalendar.Calendar.from_ical(client.get(notice.calendar_url).content)
    assert {str(event["URL"]) for event in calendar.walk("VEVENT")} == {f"{PUBLIC}/vi/thi-tuyen-sinh/thi-thu/"}

    page = client.get(article.url)
    graph = open_graph(page)
    assert graph["og:url"] == f"{PUBLIC}/vi/tin-tuc/le-khai-giang/"
    assert f'<link rel="canonical" href="{PUBLIC}/vi/tin-tuc/le-khai-giang/">' in page.content.decode()
    assert graph["og:image"].startswith(PUBLIC + "/share-card/")
    assert all(item["url"].startswith(PUBLIC) for item in json_ld(page) if "url" in item)


def test_https_on_another_port_stays_https(client, settings, site_tree):
    settings.SITE_URL = "https://thptlak.edu.vn:8443"
    bootstrap()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://thptlak.edu.vn:8443/vi/</loc>" in sitemap
    assert "http://thptlak.edu.vn" not in sitemap


def test_the_feedback_acknowledgement_links_to_the_public_address(client, public_site):
    response = client.post("/vi/gop-y/", form_data(), REMOTE_ADDR="203.0.113.20")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert f"{PUBLIC}/vi/gop-y/" in message.body
    assert "testserver" not in message.body


# --- for crawlers ---------------------------------------------------------------------------------------------


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_search_and_admin(client, public_site):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in lines
    for path in ("/admin/", "/vi/tim-kiem/", "/en/search/"):
        assert f"Disallow: {path}" in lines


def test_favicon_and_touch_icons_answer(client, public_site):
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200 and favicon["Content-Type"] == "image/x-icon"
    assert Image.open(io.BytesIO(favicon.content)).format == "ICO"
    home = client.get("/vi/").content.decode()
    assert 'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png"' in home
    assert 'rel="icon" href="/static/icons/favicon.svg" type="image/svg+xml"' in home


def test_every_page_has_a_canonical_link_and_a_description(client, public_site):
    article = news_page(public_site["vi"], "Tin không có tóm tắt", slug="khong-tom-tat")
    for address in ["/vi/", "/en/", "/vi/tin-tuc/", "/vi/gop-y/", "/vi/lich-cong-tac/", article.url]:
        body = client.get(address).content.decode()
        assert f'<link rel="canonical" href="{PUBLIC}{address}">' in body, address
        assert '<meta name="description" content="' in body and 'content=""' not in body, address
    # An article without a summary is described by the home page's summary, kept until the next purge: a new
    # summary shows at once, on pages rendered before it too.
    assert "Trang thông tin điện tử của Trường THPT Lắk" in client.get(article.url).content.decode()
    home = public_site["vi"]
    home.summary = "Cổng thông tin mới của nhà trường"
    home.save_revision().publish()
    for address in [article.url, "/vi/tim-kiem/?q=khai+giang"]:
        assert (
            '<meta name="description" content="Cổng thông tin mới của nhà trường">'
            in client.get(address).content.decode()
        ), address


def test_translations_are_alternates_with_vietnamese_as_x_default(client, public_site):
    body = client.get("/en/news/").content.decode()
    assert f'<link rel="alternate" hreflang="vi" href="{PUBLIC}/vi/tin-tuc/">' in body
    assert f'<link rel="alternate" hreflang="en" href="{PUBLIC}/en/news/">' in body
    assert f'<link rel="alternate" hreflang="x-default" href="{PUBLIC}/vi/tin-tuc/">' in body


def test_search_results_are_not_indexed_but_other_pages_are(client, public_site):
    assert '<meta name="robots" content="noindex, follow">' in client.get("/vi/tim-kiem/?q=khai").content.decode()
    assert '<meta name="robots"' not in client.get("/vi/tin-tuc/").content.decode()


def test_a_list_page_past_the_end_is_not_found(client, public_site):
    for number in range(3):
        news_page(public_site["vi"], f"Tin số {number}", slug=f"tin-{number}")
    assert client.get("/vi/tin-tuc/?page=1").status_code == 200
    for page in ("2", "999", "0", "abc"):
        assert client.get("/vi/tin-tuc/", {"page": page}).status_code == 404, page


def test_the_work_schedule_ends_a_school_year_ahead(client, public_site):
    first, last = browsable_weeks()
    assert last - first < datetime.timedelta(days=3 * 366)
    url = "/vi/lich-cong-tac/"
    last_week = client.get(url, {"tuan": last.isoformat()})
    assert last_week.status_code == 200
    assert 'rel="next"' not in last_week.content.decode() and 'rel="prev"' in last_week.content.decode()
    beyond = client.get(url, {"tuan": (last + 7 * DAY).isoformat()})
    assert beyond.status_code == 404
    assert "Về tuần hiện tại" in beyond.content.decode()
    assert "Lịch công tác chỉ có các tuần từ" in beyond.content.decode()
    assert client.get(url, {"tuan": (first - 7 * DAY).isoformat()}).status_code == 404
    assert client.get(url, {"tuan": first.isoformat()}).status_code == 200


# --- for sharing: JSON-LD, Open Graph, share cards, share links ----------------------------------------------


def test_home_page_describes_the_school(client, public_site):
    items = json_ld(client.get("/vi/"))
    (school,) = of_type(items, "HighSchool")
    assert school["name"] == "Trường THPT Lắk" and school["url"] == f"{PUBLIC}/vi/"
    assert school["parentOrganization"]["@type"] == "GovernmentOrganization"
    assert of_type(items, "WebSite")


def test_article_is_a_news_article_dated_by_its_first_publication(client, public_site):
    article = news_page(
        public_site["vi"], "Học sinh đạt giải", slug="dat-giai", date=datetime.date(2020, 1, 1), summary="Tóm tắt."
    )
    response = client.get(article.url)
    items = json_ld(response)
    (news,) = of_type(items, "NewsArticle")
    published = article.first_published_at.isoformat()
    assert news["headline"] == "Học sinh đạt giải" and news["datePublished"] == published
    assert news["publisher"]["name"] == "Trường THPT Lắk"
    (trail,) = of_type(items, "BreadcrumbList")
    assert [crumb["name"] for crumb in trail["itemListElement"]] == ["Trường THPT Lắk", "Tin tức", "Học sinh đạt giải"]
    graph = open_graph(response)
    assert graph["@type"] == "article" and graph["article:published_time"] == published
    assert graph["og:description"] == "Tóm tắt." and graph["og:locale"] == "vi_VN"


def test_policy_exam_notice_profile_index_and_search_describe_themselves(client, public_site):
    home = public_site["vi"]
    document = policy(home)
    (legislation,) = of_type(json_ld(client.get(document.url)), "Legislation")
    assert legislation["legislationIdentifier"] == "22/2021/TT-BGDĐT"
    assert legislation["legislationDate"] == "2021-07-20"
    assert legislation["legislationPassedBy"]["name"] == "Bộ Giáo dục và Đào tạo"
    assert legislation["legislationLegalForce"] == "https://schema.org/InForce"

    exam_day = timezone.localdate() + 30 * DAY
    events = of_type(json_ld(client.get(exam_notice(home, exam_day).url)), "Event")
    assert [event["startDate"] for event in events] == [
        (exam_day - 10 * DAY).isoformat(),
        f"{exam_day.isoformat()}T07:30:00+07:00",
    ]
    assert events[1]["endDate"] == f"{exam_day.isoformat()}T09:30:00+07:00"
    assert events[1]["location"]["name"] == "Hội trường A"

    person = PersonPageFactory(home=home, title="Em Nguyễn Văn An", slug="an", achievement="Giải nhất")
    (profile,) = of_type(json_ld(client.get(person.url)), "ProfilePage")
    assert profile["mainEntity"]["@type"] == "Person" and profile["mainEntity"]["name"] == "Em Nguyễn Văn An"

    assert of_type(json_ld(client.get("/vi/tin-tuc/")), "CollectionPage")
    assert of_type(json_ld(client.get("/vi/tim-kiem/?q=khai")), "SearchResultsPage")


def test_a_page_without_an_image_is_shared_with_a_card_of_its_title(client, public_site):
    article = news_page(public_site["vi"], "Thông báo lịch học kỳ II năm học 2025–2026", slug="lich-hoc-ky")
    card_url = open_graph(client.get(article.url))["og:image"]
    response = client.get(card_url.removeprefix(PUBLIC))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.size == (1200, 630)

    # Drawn once: the stored file answers the next request.
    stored = f"share-cards/{article.pk}-{card_url.rsplit('/', 1)[1].removesuffix('.png')}.png"
    modified = default_storage.get_modified_time(stored)
    client.get(card_url.removeprefix(PUBLIC))
    assert default_storage.get_modified_time(stored) == modified

    # A new title is a new card at a new address; the old address moves to it.
    article.title = "Lịch học kỳ II (đã sửa)"
    article.save_revision().publish()
    new_url = open_graph(client.get(article.url))["og:image"]
    assert new_url != card_url
    moved = client.get(card_url.removeprefix(PUBLIC))
    assert moved.status_code == 302 and moved["Location"] == new_url.removeprefix(PUBLIC)


def test_drafts_and_restricted_pages_have_no_card(client, public_site):
    draft = NewsPageFactory(home=public_site["vi"], title="Bản nháp bí mật", slug="nhap", live=False)
    assert client.get(f"/share-card/{draft.pk}/anything.png").status_code == 404
    secret = news_page(public_site["vi"], "Tin nội bộ", slug="noi-bo-tin")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(f"/share-card/{secret.pk}/anything.png").status_code == 404


def test_a_lead_image_is_the_share_image(client, public_site):
    image = get_image_model().objects.create(title="Lễ chào cờ", file=get_test_image_file("chao-co.png"))
    article = news_page(public_site["vi"], "Lễ chào cờ", slug="chao-co", lead_image=image)
    graph = open_graph(client.get(article.url))
    assert graph["og:image"].startswith(f"{PUBLIC}/media/images/") and "share-card" not in graph["og:image"]
    # Cropped to the 1200×630 shape (never enlarged: the test image is 640 wide).
    width, height = int(graph["og:image:width"]), int(graph["og:image:height"])
    assert width == 640 and abs(width / height - 1200 / 630) < 0.01


def test_articles_have_plain_share_links_for_facebook_and_zalo(client, public_site):
    article = news_page(public_site["vi"], "Lễ khai giảng", slug="le-khai-giang")
    response = client.get(article.url)
    body = response.content.decode()
    encoded = "https%3A%2F%2Fthptlak.edu.vn%2Fvi%2Ftin-tuc%2Fle-khai-giang%2F"
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={encoded}"' in body
    assert f'href="https://sp.zalo.me/share_inline?url={encoded}"' in body
    # No third-party script: the policy allows scripts from the site only, and the page loads none from elsewhere.
    sources = re.findall(r'<script[^>]* src="([^"]+)"', body)
    assert all(source.startswith("/static/") for source in sources), sources
    assert "script-src" not in response["Content-Security-Policy"]  # scripts fall under default-src 'self'


# --- feeds ----------------------------------------------------------------------------------------------------


def test_feeds_date_items_by_first_publication_and_name_the_school_as_author(client, public_site):
    home = public_site["vi"]
    notice = exam_notice(home, timezone.localdate() + 60 * DAY)
    document = policy(home)
    for address, page in (("/vi/thi-tuyen-sinh/feed/atom/", notice), ("/vi/van-ban/feed/atom/", document)):
        feed = feedparser.parse(client.get(address).content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.author == "Trường THPT Lắk"
        (entry,) = feed.entries
        published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
        assert abs(published - page.first_published_at) < datetime.timedelta(seconds=1), address
        assert entry.updated_parsed is not None
    rss = feedparser.parse(client.get("/vi/van-ban/feed/rss/").content)
    assert not rss.bozo and rss.entries[0].published_parsed[:3] == document.first_published_at.utctimetuple()[:3]

"""The staff intranet and staff-only documents, and what an anonymous visitor can never reach."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.search.backends import get_search_backend

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS, STAFF, bootstrap
from editorial.models import IntranetPage
from editorial.setup import INTRANET_COLLECTION
from news.models import NewsPage
from tests.factories import draft_child, news_page, publish_child, section

pytestmark = pytest.mark.django_db

SECRET = "Kịch bản xử lý khủng hoảng truyền thông"


@pytest.fixture
def intranet_page(site_tree):
    intranet = section(site_tree["vi"], "noi-bo")
    return publish_child(intranet, IntranetPage(title=SECRET, slug="kich-ban-khung-hoang", summary="Chỉ cán bộ."))


@pytest.fixture
def hidden_pages(site_tree, intranet_page):
    """A draft and a scheduled article, and an intranet page, none of which the public may see."""
    index = section(site_tree["vi"], "tin-tuc")
    draft = draft_child(index, NewsPage(title="Bản nháp tuyệt mật", slug="ban-nhap-tuyet-mat"))
    scheduled = draft_child(index, NewsPage(title="Tin hẹn giờ chưa đăng", slug="tin-hen-gio"))
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live and scheduled.approved_schedule
    news_page(site_tree["vi"], "Tin công khai", slug="tin-cong-khai")
    return {"draft": draft, "scheduled": scheduled, "intranet": intranet_page}


def member(django_user_model, username, group=None):
    user = django_user_model.objects.create_user(username, f"{username}@thptlak.edu.vn", "pass-1234")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def test_bootstrap_restricts_the_intranet_to_staff_and_above(site_tree):
    intranet = section(site_tree["vi"], "noi-bo")
    assert intranet.title == "Nội bộ" and intranet.live and not intranet.show_in_menus
    restriction = PageViewRestriction.objects.get(page=intranet)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert {group.name for group in restriction.groups.all()} == {STAFF, EDITORS, REVIEWERS, APPROVERS}
    collection = Collection.objects.get(name=INTRANET_COLLECTION)
    document_restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert {group.name for group in document_restriction.groups.all()} == {STAFF, EDITORS, REVIEWERS, APPROVERS}
    bootstrap()  # idempotent
    assert PageViewRestriction.objects.filter(page=intranet).count() == 1
    assert Collection.objects.filter(name=INTRANET_COLLECTION).count() == 1


def test_anonymous_visitor_gets_the_login_page_not_the_intranet(client, intranet_page):
    for url in ("/vi/noi-bo/", "/vi/noi-bo/kich-ban-khung-hoang/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
        assert "next=" in response["Location"]
        login = client.get(response["Location"])
        assert login.status_code == 200
        assert SECRET not in login.content.decode()


def test_staff_read_the_intranet_and_nobody_caches_it(client, django_user_model, intranet_page):
    client.force_login(member(django_user_model, "giaovien", STAFF))
    listing = client.get("/vi/noi-bo/")
    assert listing.status_code == 200
    assert SECRET in listing.content.decode()
    response = client.get("/vi/noi-bo/kich-ban-khung-hoang/")
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_a_signed_in_user_outside_the_staff_groups_is_refused(client, django_user_model, intranet_page):
    client.force_login(member(django_user_model, "hocsinh"))
    response = client.get("/vi/noi-bo/kich-ban-khung-hoang/")
    assert response.status_code != 200
    assert SECRET not in response.content.decode()


def test_staff_only_documents_are_served_only_to_staff(client, django_user_model, site_tree):
    Document = get_document_model()
    collection = Collection.objects.get(name=INTRANET_COLLECTION)
    internal = Document(title="Dự thảo thông cáo", collection=collection)
    internal.file.save("du-thao-thong-cao.txt", ContentFile("Dự thảo nội bộ".encode()), save=True)
    public = Document(title="Lịch thi công khai", collection=Collection.get_first_root_node())
    public.file.save("lich-thi.txt", ContentFile(b"Lich thi"), save=True)

    assert client.get(public.url).status_code == 200
    response = client.get(internal.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))

    client.force_login(member(django_user_model, "giaovien", STAFF))
    response = client.get(internal.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "Dự thảo nội bộ"


def test_anonymous_visitor_cannot_reach_drafts_scheduled_or_intranet_pages_anywhere(client, hidden_pages):
    draft, scheduled, intranet = hidden_pages["draft"], hidden_pages["scheduled"], hidden_pages["intranet"]
    titles = ["Bản nháp tuyệt mật", "Tin hẹn giờ chưa đăng", SECRET]
    assert client.get("/vi/tin-tuc/ban-nhap-tuyet-mat/").status_code == 404
    assert client.get("/vi/tin-tuc/tin-hen-gio/").status_code == 404
    for page in (draft, scheduled, intranet):
        for name in ("preview_on_edit", "view_draft"):
            response = client.get(reverse(f"wagtailadmin_pages:{name}", args=[page.pk]))
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
    listings = [
        "/vi/tin-tuc/",
        "/vi/tin-tuc/feed/rss/",
        "/vi/tin-tuc/feed/atom/",
        "/sitemap.xml",
        "/vi/tim-kiem/?q=tuyệt+mật",
        "/vi/tim-kiem/?q=hẹn+giờ",
        "/vi/tim-kiem/?q=khủng+hoảng",
    ]
    for url in listings:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for title in titles:
            assert title not in body, (url, title)
        assert "noi-bo" not in body, url
    # The public article is there, so the listings above did list something.
    assert "Tin công khai" in client.get("/vi/tin-tuc/feed/rss/").content.decode()
    assert "tin-cong-khai" in client.get("/sitemap.xml").content.decode()


def test_a_sub_page_restricted_to_another_group_is_not_listed_to_staff(client, django_user_model, site_tree):
    """Staff read the intranet, but not the title or summary of a page restricted to the principal's office."""
    intranet = section(site_tree["vi"], "noi-bo")
    board = publish_child(
        intranet,
        IntranetPage(title="Đánh giá viên chức quý ba", slug="danh-gia-vien-chuc", summary="Nhận xét từng giáo viên."),
    )
    restriction = PageViewRestriction.objects.create(page=board, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name=APPROVERS)])
    publish_child(intranet, IntranetPage(title="Lịch họp tổ chuyên môn", slug="lich-hop-to", summary="Cả trường."))

    def seen_by(user):
        client.force_login(user)
        listing = client.get("/vi/noi-bo/").content.decode()
        found = client.get("/api/search/", {"q": "đánh giá viên chức"}).content.decode()
        return {
            "listed": "Đánh giá viên chức" in listing or "Nhận xét từng giáo viên" in listing,
            "found": "Đánh giá viên chức" in found,
            "opened": client.get(board.url).status_code == 200,
            "others listed": "Lịch họp tổ chuyên môn" in listing,
        }

    assert seen_by(member(django_user_model, "giaovien", STAFF)) == {
        "listed": False,
        "found": False,
        "opened": False,
        "others listed": True,
    }
    assert seen_by(member(django_user_model, "hieupho", APPROVERS)) == {
        "listed": True,
        "found": True,
        "opened": True,
        "others listed": True,
    }


def test_the_document_chooser_lists_only_documents_the_user_may_open(client, django_user_model, site_tree):
    Document = get_document_model()
    root = Collection.get_first_root_node()
    board = root.add_child(instance=Collection(name="Hồ sơ Ban giám hiệu"))
    restriction = CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=APPROVERS)])
    titles = {"Lịch thi công khai": root, "Dự thảo thông cáo": Collection.objects.get(name=INTRANET_COLLECTION)}
    titles["Biên bản kỷ luật cán bộ"] = board
    for title, collection in titles.items():
        document = Document(title=title, collection=collection)
        document.file.save(f"{collection.pk}-{len(title)}.txt", ContentFile(title.encode()), save=True)
    get_search_backend().refresh_indexes()  # an engine shows new documents to searches after a refresh

    def chooser(user):
        client.force_login(user)
        html = client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]  # the modal's content
        found = client.get(reverse("wagtaildocs_chooser:choose_results"), {"q": "Biên bản"}).content.decode()
        return {title for title in titles if title in html}, "Biên bản kỷ luật" in found

    editor = member(django_user_model, "bientap", EDITORS)
    assert chooser(editor) == ({"Lịch thi công khai", "Dự thảo thông cáo"}, False)
    approver = member(django_user_model, "hieutruong", APPROVERS)
    assert chooser(approver) == (set(titles), True)


def test_a_teacher_who_signs_in_lands_on_a_dashboard_that_leads_to_the_intranet(
    client, django_user_model, intranet_page
):
    teacher = member(django_user_model, "giaovien", STAFF)
    teacher.first_name, teacher.last_name = "Lan", "Phạm Thị"
    teacher.save()
    signed_in = client.post(reverse("wagtailadmin_login"), {"username": "giaovien", "password": "pass-1234"})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("wagtailadmin_home")

    dashboard = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    link = dashboard.select_one("a[data-intranet-link]")
    assert link is not None, "no intranet panel on the teacher's dashboard"
    assert client.get(link["href"]).status_code == 200
    latest = [a["href"] for a in dashboard.select("[data-intranet-latest] a")]
    assert latest == [intranet_page.url]
    assert SECRET in client.get(latest[0]).content.decode()

    # A signed-in user outside the staff groups gets no such panel.
    client.force_login(member(django_user_model, "khach"))
    assert "data-intranet-link" not in client.get(reverse("wagtailadmin_home")).content.decode()

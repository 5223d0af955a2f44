"""Lịch công tác tuần: the public week view, staff-only entries, bad week links, entries kept in the admin."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from core.bootstrap import EDITORS, STAFF, bootstrap
from disclosure.schedule import WorkScheduleEntry, WorkSchedulePage
from tests.factories import section

pytestmark = pytest.mark.django_db

URL = "/vi/lich-cong-tac/"
PUBLIC = "Chào cờ đầu tuần, phát động tháng thanh niên"
INTERNAL = "Họp chi bộ: xét kết nạp đảng viên"
NEXT_WEEK = "Kiểm tra nội bộ tổ Toán"


def member(django_user_model, username, group=None):
    user = django_user_model.objects.create_user(username, f"{username}@thptlak.edu.vn", "pass-1234")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def entries(site_tree):
    """Week 13 of 2024 (25–31 March): one public and one staff-only entry; one entry the week after."""
    return {
        "public": WorkScheduleEntry.objects.create(
            day=datetime.date(2024, 3, 26),
            start_time=datetime.time(7, 0),
            end_time=datetime.time(8, 0),
            content=PUBLIC,
            participants="Toàn thể cán bộ, giáo viên và học sinh",
            venue="Sân trường",
            chair="Thầy Lê Văn Trị",
        ),
        "internal": WorkScheduleEntry.objects.create(
            day=datetime.date(2024, 3, 28),
            start_time=datetime.time(14, 0),
            content=INTERNAL,
            venue="Phòng họp",
            chair="Bí thư chi bộ",
            staff_only=True,
        ),
        "next_week": WorkScheduleEntry.objects.create(
            day=datetime.date(2024, 4, 2), start_time=datetime.time(9, 30), content=NEXT_WEEK
        ),
    }


def test_bootstrap_makes_the_schedule_in_both_languages_and_in_the_menu(client, site_tree):
    page = section(site_tree["vi"], "lich-cong-tac")
    assert isinstance(page, WorkSchedulePage) and page.live and page.show_in_menus
    english = section(site_tree["en"], "work-schedule")
    assert english.translation_key == page.translation_key and english.live
    bootstrap()  # idempotent
    assert WorkSchedulePage.objects.count() == 2
    home = client.get("/vi/").content.decode()
    assert 'href="/vi/lich-cong-tac/"' in home
    assert client.get("/en/work-schedule/").status_code == 200


def test_week_view_shows_vietnamese_days_and_dates_and_moves_week_by_week(client, entries):
    response = client.get(URL, {"week": "2024-W13"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Thứ Ba<br>26/03/2024" in body and "Chủ nhật<br>31/03/2024" in body and "Thứ Hai<br>25/03/2024" in body
    assert PUBLIC in body and "07:00–08:00" in body and "Sân trường" in body and "Thầy Lê Văn Trị" in body
    assert NEXT_WEEK not in body
    assert 'href="?tuan=2024-03-18"' in body and 'href="?tuan=2024-04-01"' in body

    following = client.get(URL, {"tuan": "2024-04-01"}).content.decode()
    assert NEXT_WEEK in following and PUBLIC not in following and "Thứ Ba<br>02/04/2024" in following
    # Any day names its week; both parameters agree.
    assert PUBLIC in client.get(URL, {"tuan": "2024-03-31"}).content.decode()


def test_without_a_parameter_the_current_week_is_shown(client, entries, monkeypatch):
    moved = timezone.make_aware(datetime.datetime(2024, 3, 27, 10, 0))
    monkeypatch.setattr(timezone, "now", lambda: moved)
    body = client.get(URL).content.decode()
    assert PUBLIC in body and "Thứ Hai<br>25/03/2024" in body
    assert 'aria-current="date"' in body.split("27/03/2024")[0].rsplit("<th", 1)[1]


def test_anonymous_visitors_never_see_staff_only_entries(client, django_user_model, entries):
    anonymous = client.get(URL, {"week": "2024-W13"})
    assert INTERNAL not in anonymous.content.decode() and "Phòng họp" not in anonymous.content.decode()
    assert client.get(URL, {"week": "2024-W13"})["X-Cache"] == "HIT"

    client.force_login(member(django_user_model, "hocsinh"))  # signed in but not staff
    assert INTERNAL not in client.get(URL, {"week": "2024-W13"}).content.decode()

    client.force_login(member(django_user_model, "giaovien", STAFF))
    staff = client.get(URL, {"week": "2024-W13"})
    body = staff.content.decode()
    assert INTERNAL in body and PUBLIC in body
    assert 'class="staff-only"' in body and "Nội bộ" in body
    assert "private" in staff["Cache-Control"] and staff.get("X-Cache") != "HIT"

    client.logout()
    again = client.get(URL, {"week": "2024-W13"})
    assert INTERNAL not in again.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ({"week": "2024-W60"}, "Năm 2024 không có tuần 60"),
        ({"week": "tuần trước"}, "không phải là một tuần"),
        ({"tuan": "2024-02-30"}, "không phải là ngày"),
        ({"tuan": "<script>"}, "không phải là ngày"),
        ({"tuan": "9999-01-01"}, "chỉ bao gồm các năm từ 2000 đến 2100"),
        ({"week": "1800-W01"}, "chỉ bao gồm các năm từ 2000 đến 2100"),
    ],
)
def test_a_bad_week_gets_a_clear_vietnamese_message_and_400(client, entries, query, message):
    response = client.get(URL, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "<script>" not in body
    assert "Về tuần hiện tại" in body
    assert PUBLIC not in body


def test_editors_keep_entries_in_the_admin_and_the_public_page_follows_at_once(client, django_user_model, entries):
    week = {"week": "2024-W13"}
    client.get(URL, week)
    assert client.get(URL, week)["X-Cache"] == "HIT"

    editor = member(django_user_model, "bientap", EDITORS)
    client.force_login(editor)
    add_url = reverse("wagtailsnippets_disclosure_workscheduleentry:add")
    form = client.get(add_url)
    assert form.status_code == 200
    assert "Người chủ trì" in form.content.decode() or "Chủ trì" in form.content.decode()
    data = {
        "day": "2024-03-29",
        "start_time": "15:30",
        "end_time": "",
        "content": "Sinh hoạt chuyên đề phòng chống bạo lực học đường",
        "participants": "Học sinh khối 10",
        "venue": "Hội trường",
        "chair": "Cô Phạm Thị Lan",
    }
    response = client.post(add_url, data)
    assert response.status_code == 302
    bad = client.post(add_url, {**data, "end_time": "15:00"})
    assert bad.status_code == 200 and "Giờ kết thúc phải sau giờ bắt đầu" in bad.content.decode()

    client.logout()
    refreshed = client.get(URL, week)
    assert refreshed["X-Cache"] == "MISS"
    assert "Sinh hoạt chuyên đề phòng chống bạo lực học đường" in refreshed.content.decode()

    entry = entries["public"]
    client.force_login(editor)
    client.post(reverse("wagtailsnippets_disclosure_workscheduleentry:delete", args=[entry.pk]))
    client.logout()
    assert PUBLIC not in client.get(URL, week).content.decode()


def test_staff_outside_the_editorial_groups_cannot_edit_the_schedule(client, django_user_model, site_tree):
    client.force_login(member(django_user_model, "giaovien2", STAFF))
    response = client.get(reverse("wagtailsnippets_disclosure_workscheduleentry:add"))
    assert response.status_code in (302, 403)


def test_the_admin_list_shows_each_entrys_date_and_filters_by_week(client, django_user_model, entries):
    client.force_login(member(django_user_model, "bientap", EDITORS))
    index = reverse("wagtailsnippets_disclosure_workscheduleentry:list")
    listing = client.get(index).content.decode()
    assert "26/03/2024" in listing and "02/04/2024" in listing
    week = client.get(index, {"week": "2024-03-27"}).content.decode()
    assert PUBLIC in week and INTERNAL in week and NEXT_WEEK not in week

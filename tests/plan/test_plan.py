"""The communications plan in the admin: plans and calendar, planned items fulfilled by published pages, the month
view, the dashboard reminders (with time moved forward), the coverage report and its exports, permissions."""

import csv
import datetime
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS, STAFF, bootstrap
from home.validators import school_year_bounds, school_year_of
from news.models import NewsPage
from plan.coverage import month_fractions
from plan.models import (
    CalendarEvent,
    CommunicationPlan,
    ItemStatus,
    PlannedItem,
)
from plan.seed import ANNIVERSARIES, SCHOOL_YEAR, ensure_plan
from plan.views import default_period
from tests.editorial.test_workflows import decide, draft_news, submit
from tests.factories import news_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(member, site_tree):
    return {
        "editor": member("bientap", EDITORS, first_name="Hoa"),
        "reviewer": member("truyenthong", REVIEWERS, first_name="Lan"),
        "approver": member("hieutruong", APPROVERS, first_name="Trị"),
        "teacher": member("giaovien", STAFF, first_name="Minh"),
    }


def in_vietnamese(message):
    with translation.override("vi"):
        return translation.gettext(message)


def refused(response):
    """Wagtail turns a refusal into a redirect to the dashboard, or a 403."""
    if response.status_code == 302:
        return response["Location"] in (reverse("wagtailadmin_home"), "/admin/")
    return response.status_code == 403


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def plan_data(school_year, targets, title="Kế hoạch truyền thông"):
    return nested_form_data(
        {
            "school_year": school_year,
            "title": title,
            "legal_basis": "Kế hoạch số 141/KH-BGDĐT",
            "purposes": "Chủ động thông tin kịp thời.",
            "requirements": "",
            "targets": inline_formset(
                [
                    {"content_area": area, "items_per_month": count, "owner_user": "", "owner_group": ""}
                    for area, count in targets
                ]
            ),
        }
    )


def item_data(**fields):
    data = {
        "topic": "Tin về Ngày Nhà giáo Việt Nam",
        "content_area": "traditions",
        "channel": "website",
        "owner": "",
        "due_date": "",
        "status": "planned",
        "event": "",
        "page": "",
        "published_on": "",
        "note": "",
    }
    data.update(fields)
    return data


def day(value):
    return value.strftime("%d/%m/%Y")


# The plan as data ------------------------------------------------------------------------------------------


def test_bootstrap_seeds_the_plan_and_the_anniversaries_once(site_tree):
    plan = CommunicationPlan.objects.get(school_year=SCHOOL_YEAR)
    assert "141/KH-BGDĐT" in plan.legal_basis
    assert "người tốt việc tốt" in plan.purposes
    assert plan.targets.count() == 9
    assert {target.owner for target in plan.targets.all()} == {REVIEWERS}
    teachers_day = CalendarEvent.objects.get(day=20, month=11)
    assert teachers_day.title == "Ngày Nhà giáo Việt Nam"
    assert CalendarEvent.objects.filter(day=5, month=9, kind="school").exists()
    assert CalendarEvent.objects.filter(date__isnull=False, kind="exam").exists()
    events = CalendarEvent.objects.count()
    assert events >= len(ANNIVERSARIES) + 1

    # What the board changed stays changed, and nothing is doubled on the next deploy.
    plan.targets.filter(content_area="policy").update(items_per_month=5)
    bootstrap()
    assert ensure_plan() == plan
    assert CalendarEvent.objects.count() == events
    assert plan.targets.get(content_area="policy").items_per_month == 5


def test_board_creates_a_plan_with_targets_through_the_admin(people, as_user):
    client = as_user(people["reviewer"])
    add_url = reverse("editorial_plans:add")
    assert client.get(add_url).status_code == 200

    response = client.post(add_url, plan_data("2026-2028", [("policy", 2)]))
    assert response.status_code == 200
    assert "2026-2028" in text_of(response) and "2024-2025" in text_of(response)  # the explanation, in Vietnamese
    assert not CommunicationPlan.objects.filter(title="Kế hoạch truyền thông").exists()

    response = client.post(add_url, plan_data("2030-2031", [("policy", 3), ("exemplary-people", 1)]))
    assert response.status_code == 302
    plan = CommunicationPlan.objects.get(school_year="2030-2031")
    assert {t.content_area: t.items_per_month for t in plan.targets.all()} == {"policy": 3, "exemplary-people": 1}

    # One plan per school year.
    response = client.post(add_url, plan_data("2030-2031", [], title="Bản trùng"))
    assert response.status_code == 200
    assert CommunicationPlan.objects.filter(school_year="2030-2031").count() == 1

    # Editors read the plan but cannot change it.
    client = as_user(people["editor"])
    response = client.get(reverse("editorial_plans:inspect", args=[plan.pk]))
    assert response.status_code == 200
    assert in_vietnamese("Policies and directives") in text_of(response)
    assert refused(client.get(add_url))
    assert refused(client.post(reverse("editorial_plans:edit", args=[plan.pk]), plan_data("2030-2031", [])))
    assert plan.targets.count() == 2


def test_editors_extend_the_calendar_of_days_to_mark(people, as_user):
    client = as_user(people["editor"])
    add_url = reverse("editorial_calendar_events:add")
    base = {"title": "Hội thi giáo viên dạy giỏi cấp trường", "kind": "school", "content_area": "competitions"}

    response = client.post(add_url, {**base, "day": "31", "month": "2", "date": "", "note": ""})
    assert response.status_code == 200
    assert "31" in text_of(response)
    response = client.post(add_url, {**base, "day": "3", "month": "3", "date": "05/03/2027", "note": ""})
    assert response.status_code == 200
    assert not CalendarEvent.objects.filter(title=base["title"]).exists()

    response = client.post(add_url, {**base, "day": "", "month": "", "date": "05/03/2027", "note": ""})
    assert response.status_code == 302
    event = CalendarEvent.objects.get(title=base["title"])
    assert event.date == datetime.date(2027, 3, 5) and not event.recurring


# The editorial calendar ------------------------------------------------------------------------------------


def test_a_planned_item_is_done_when_its_page_is_published_through_the_workflow(site_tree, people, as_user):
    page = draft_news(site_tree, title="Kỷ niệm Ngày Nhà giáo Việt Nam 20/11", slug="ngay-nha-giao")
    client = as_user(people["editor"])
    due = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        reverse("editorial_planned_items:add"), item_data(due_date=day(due), page=page.pk, owner=people["editor"].pk)
    )
    assert response.status_code == 302, text_of(response)[:2000]
    item = PlannedItem.objects.get(page=page)
    assert item.status == ItemStatus.PLANNED

    # A website item cannot be declared published while its page is still a draft.
    response = client.post(
        reverse("editorial_planned_items:edit", args=[item.pk]),
        item_data(due_date=day(due), page=page.pk, status="published"),
    )
    assert response.status_code == 200
    assert PlannedItem.objects.get(pk=item.pk).status == ItemStatus.PLANNED

    submit(client, page)
    decide(as_user(people["reviewer"]), page, "approve", "Đúng nội dung.")
    decide(as_user(people["approver"]), page, "approve", "Đồng ý đăng.")
    assert Page.objects.get(pk=page.pk).live
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    assert item.published_on == timezone.localdate()


def test_linking_an_already_published_page_completes_the_item(site_tree, people, as_user):
    page = news_page(site_tree["vi"], "Kết quả học kỳ I", slug="ket-qua-hk1", category="results")
    client = as_user(people["editor"])
    response = client.post(
        reverse("editorial_planned_items:add"),
        item_data(topic="Kết quả học kỳ I", content_area="results", due_date=day(timezone.localdate()), page=page.pk),
    )
    assert response.status_code == 302
    item = PlannedItem.objects.get(page=page)
    assert item.status == ItemStatus.PUBLISHED
    assert item.published_on == timezone.localdate(page.first_published_at)


def test_month_view_shows_items_and_anniversaries_and_moves_between_months(site_tree, people, as_user):
    PlannedItem.objects.create(
        topic="Bài viết tri ân thầy cô", content_area="traditions", due_date=datetime.date(2026, 11, 18)
    )
    client = as_user(people["editor"])
    url = reverse("editorial_plan_calendar:index")
    response = client.get(url, {"month": "2026-11"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Bài viết tri ân thầy cô" in soup.find("td", attrs={"data-date": "2026-11-18"}).get_text()
    teachers_day = soup.find("td", attrs={"data-date": "2026-11-20"}).get_text(" ", strip=True)
    assert "Ngày Nhà giáo Việt Nam" in teachers_day
    assert in_vietnamese("Nothing planned yet.") in teachers_day
    assert soup.find("a", rel="prev")["href"] == "?month=2026-10"
    assert soup.find("a", rel="next")["href"] == "?month=2026-12"
    # The "plan an item" link opens the form filled in for that day.
    link = soup.find("td", attrs={"data-date": "2026-11-20"}).find("a")["href"]
    form = BeautifulSoup(client.get(link).content, "html.parser")
    assert form.find("input", attrs={"name": "topic"})["value"] == "Ngày Nhà giáo Việt Nam"

    december = client.get(url, {"month": "2026-12"})
    assert "Ngày thành lập Quân đội nhân dân Việt Nam" in text_of(december)
    assert "Bài viết tri ân thầy cô" not in text_of(december)

    for bad in ("2026-13", "tháng mười", "0-1"):
        response = client.get(url, {"month": bad})
        assert response.status_code == 400
        assert in_vietnamese("Choose a month written as year-month, e.g. 2025-03.") in text_of(response)


def test_planned_items_list_filters_overdue_items(site_tree, people, as_user):
    today = timezone.localdate()
    PlannedItem.objects.create(topic="Bài quá hạn", content_area="policy", due_date=today - datetime.timedelta(days=2))
    PlannedItem.objects.create(topic="Bài sắp tới", content_area="policy", due_date=today + datetime.timedelta(days=2))
    client = as_user(people["editor"])
    listing = text_of(client.get(reverse("editorial_planned_items:index"), {"overdue": "true"}))
    assert "Bài quá hạn" in listing and "Bài sắp tới" not in listing


# Dashboard reminders ---------------------------------------------------------------------------------------


def dashboard_panel(client):
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = soup.find(id="editorial-plan-section")
    return panel.get_text(" ", strip=True) if panel else ""


def test_dashboard_flags_overdue_items_and_unplanned_days_a_week_ahead(site_tree, people, client, monkeypatch):
    real_now = timezone.now()
    start = timezone.localdate(real_now) + datetime.timedelta(days=60)
    exam = CalendarEvent.objects.create(title="Thi thử tốt nghiệp THPT", kind="exam", date=start)
    later = start + datetime.timedelta(days=3)
    CalendarEvent.objects.create(title="Hội trại truyền thống", kind="school", day=later.day, month=later.month)
    PlannedItem.objects.create(
        topic="Thông báo lịch thi thử",
        content_area="competitions",
        due_date=start - datetime.timedelta(days=10),
        event=exam,
        owner=people["editor"],
    )

    def move_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        client.force_login(people["editor"])  # a fresh session in the moved time
        return client

    # Three weeks before the exam: nothing to flag about it yet.
    panel = dashboard_panel(move_to(real_now + datetime.timedelta(days=39)))
    assert "Thi thử tốt nghiệp THPT" not in panel and "Hội trại truyền thống" not in panel
    assert "Thông báo lịch thi thử" not in panel

    # Five days before: the announcement is overdue; the exam itself is planned, the camp three days later is not.
    client = move_to(real_now + datetime.timedelta(days=57))
    panel = dashboard_panel(client)
    assert "Thông báo lịch thi thử" in panel
    assert "Hội trại truyền thống" in panel
    assert "Thi thử tốt nghiệp THPT" not in panel

    # The editor plans the camp from the reminder; the flag goes away.
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    entry = next(li for li in soup.find(id="plan-unplanned").find_all("li") if "Hội trại" in li.get_text())
    link = entry.find("a")["href"]
    form = BeautifulSoup(client.get(link).content, "html.parser")
    prefilled = {field["name"]: field.get("value", "") for field in form.select("#id_topic, #id_due_date")}
    response = client.post(
        link,
        item_data(
            topic=prefilled["topic"],
            content_area="traditions",
            due_date=prefilled["due_date"],
            event=CalendarEvent.objects.get(title="Hội trại truyền thống").pk,
        ),
    )
    assert response.status_code == 302, text_of(response)[:1500]
    assert "Hội trại truyền thống" not in dashboard_panel(client)

    # Publishing the overdue item takes it off the dashboard.
    PlannedItem.objects.filter(topic="Thông báo lịch thi thử").update(channel="facebook", status="published")
    assert "Thông báo lịch thi thử" not in dashboard_panel(client)

    # Teachers see no panel at all.
    client.force_login(people["teacher"])
    assert dashboard_panel(client) == ""


# Coverage report -------------------------------------------------------------------------------------------


def this_month():
    today = timezone.localdate()
    first = today.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return first, last


def export_url(file_format):
    return reverse("editorial_plan_coverage:export", args=[file_format])


def area_row(soup, area):
    row = soup.find("table", id="coverage-areas").find("tr", attrs={"data-area": area})
    return row.find(attrs={"data-published": True}).get_text(strip=True), row.find(
        attrs={"data-target": True}
    ).get_text(strip=True)


def test_coverage_counts_published_items_against_the_targets(site_tree, people, as_user):
    first, last = this_month()
    CommunicationPlan.objects.filter(school_year=school_year_of(first)).delete()
    client = as_user(people["reviewer"])
    targets = [("policy", 3), ("exemplary-people", 2), ("traditions", 1)]
    assert client.post(reverse("editorial_plans:add"), plan_data(school_year_of(first), targets)).status_code == 302

    home = site_tree["vi"]
    news_page(home, "Triển khai Thông tư mới", slug="thong-tu-moi", category="policy", owner=people["editor"])
    news_page(home, "Quy chế thi mới", slug="quy-che-thi", category="policy", owner=people["reviewer"])
    old = news_page(home, "Chỉ thị năm học cũ", slug="chi-thi-cu", category="policy", owner=people["editor"])
    Page.objects.filter(pk=old.pk).update(first_published_at=timezone.now() - datetime.timedelta(days=70))
    # A news article left under "Other" counts under the area its planned item names.
    tribute = news_page(home, "Tri ân thầy cô", slug="tri-an", owner=people["editor"])
    PlannedItem.objects.create(topic="Tri ân", content_area="traditions", due_date=first, page=tribute)
    draft_news(site_tree, title="Bản nháp chưa đăng", slug="ban-nhap", category="policy")
    # Facebook and press: planned items marked published through the admin.
    post = PlannedItem.objects.create(
        topic="Gương học sinh giỏi trên Facebook",
        content_area="exemplary-people",
        channel="facebook",
        due_date=first,
        owner=people["approver"],
    )
    response = client.post(
        reverse("editorial_planned_items:edit", args=[post.pk]),
        item_data(
            topic=post.topic,
            content_area="exemplary-people",
            channel="facebook",
            due_date=day(first),
            owner=people["approver"].pk,
            status="published",
        ),
    )
    assert response.status_code == 302, text_of(response)[:1500]
    PlannedItem.objects.create(topic="Bài báo chưa đăng", content_area="policy", channel="press", due_date=first)
    PlannedItem.objects.create(topic="Bài bỏ", content_area="policy", channel="press", due_date=first, status="dropped")

    url = reverse("editorial_plan_coverage:index")
    query = {"start": first.isoformat(), "end": last.isoformat()}
    response = client.get(url, query)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert area_row(soup, "policy") == ("2", "3")
    assert area_row(soup, "exemplary-people") == ("1", "2")
    assert area_row(soup, "traditions") == ("1", "1")
    assert area_row(soup, "summer") == ("0", "–")
    channels = {
        row["data-channel"]: row.find(attrs={"data-published": True}).get_text(strip=True)
        for row in soup.find("table", id="coverage-channels").find_all("tr", attrs={"data-channel": True})
    }
    assert channels == {"website": "3", "facebook": "1", "press": "0"}
    authors = {
        row.th.get_text(strip=True): row.find(attrs={"data-published": True}).get_text(strip=True)
        for row in soup.find("table", id="coverage-authors").tbody.find_all("tr")
    }
    assert authors == {"Hoa": "2", "Lan": "1", "Trị": "1"}

    # Half the month: targets are halved.
    fortnight = {"start": first.isoformat(), "end": (first + datetime.timedelta(days=14)).isoformat()}
    rows = list(csv.reader(io.StringIO(client.get(export_url("csv"), fortnight).content.decode("utf-8-sig"))))
    policy = next(row for row in rows if row[1] == in_vietnamese("Policies and directives"))
    assert float(policy[6]) == round(3 * 15 / (last.day), 1)

    # The same figures in the exports.
    exported = client.get(export_url("csv"), query)
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    policy = next(row for row in rows if row[1] == in_vietnamese("Policies and directives"))
    assert policy[2:8] == ["2", "0", "0", "2", "3.0", "67"]
    exported = client.get(export_url("xlsx"), query)
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == in_vietnamese("Breakdown")
    facebook = next(row for row in values if row[1] == in_vietnamese("Facebook page"))
    assert facebook[5] == 1


def test_month_fractions_scale_the_targets():
    shares = month_fractions(datetime.date(2025, 1, 17), datetime.date(2025, 3, 31))
    assert [(month.month, round(share, 3)) for month, share in shares] == [(1, 0.484), (2, 1.0), (3, 1.0)]
    assert school_year_of(datetime.date(2025, 7, 31)) == "2024-2025"
    assert school_year_bounds("2025-2026")[0] == datetime.date(2025, 8, 1)


def test_bad_date_ranges_get_a_vietnamese_message_not_an_error(people, as_user):
    client = as_user(people["reviewer"])
    url = reverse("editorial_plan_coverage:index")
    response = client.get(url, {"start": "2025-05-01", "end": "2025-01-01"})
    assert response.status_code == 400
    assert in_vietnamese("The start date must not be after the end date.") in text_of(response)
    response = client.get(url, {"start": "31/02/2025"})
    assert response.status_code == 400
    assert "Nhập một ngày hợp lệ." in text_of(response)
    response = client.get(url, {"start": "1900-01-01", "end": "2025-01-01"})
    assert response.status_code == 400
    assert in_vietnamese("Choose a period of at most five years.") in text_of(response)
    export = reverse("editorial_plan_coverage:export", args=["csv"])
    response = client.get(export, {"start": "2025-05-01", "end": "2025-01-01"})
    assert response.status_code == 400
    assert in_vietnamese("The start date must not be after the end date.") in response.content.decode()
    assert client.get(reverse("editorial_plan_coverage:export", args=["pdf"])).status_code == 404
    # No range at all: the current school year so far.
    assert client.get(url).status_code == 200


def test_the_report_follows_the_current_school_year_and_the_plan_rolls_over_once(site_tree, people, as_user):
    client = as_user(people["reviewer"])
    url = reverse("editorial_plan_coverage:index")
    # The deploy (bootstrap, run by site_tree) rolled the plan over to today's school year: the default report
    # takes its targets from it.
    current = school_year_of(timezone.localdate())
    assert f"({current})" in text_of(client.get(url))

    # A year later, in a new school year (August→July): the report's default period starts with that year...
    today = datetime.date(2027, 9, 15)
    assert default_period(today) == {"start": "2027-08-01", "end": "2027-09-15"}
    period = default_period(today)
    CommunicationPlan.objects.filter(school_year__gte="2027-2028").delete()
    before = text_of(client.get(url, period))
    assert in_vietnamese("No communications plan covers this period, so there are no targets.") in before

    # ...and the yearly rollover copies the latest plan's targets to it, once.
    previous = CommunicationPlan.objects.order_by("-school_year").first()
    previous.targets.filter(content_area="policy").update(items_per_month=4)
    call_command("rollover_plan", date="2027-09-15", stdout=io.StringIO())
    plan = CommunicationPlan.objects.get(school_year="2027-2028")
    assert plan.title == "Kế hoạch truyền thông năm học 2027-2028"
    assert plan.legal_basis == previous.legal_basis
    copied = {(t.content_area, t.items_per_month, t.owner) for t in plan.targets.all()}
    assert copied == {(t.content_area, t.items_per_month, t.owner) for t in previous.targets.all()}
    assert ("policy", 4, REVIEWERS) in copied
    after = client.get(url, period)
    assert "(2027-2028)" in text_of(after)
    # 1/8–15/9: 1.5 months at 4 a month.
    assert area_row(BeautifulSoup(after.content, "html.parser"), "policy")[1] == "6"

    # Running it again (cron, the next deploy) creates nothing more and keeps the board's changes.
    plan.targets.filter(content_area="policy").update(items_per_month=7)
    call_command("rollover_plan", date="2028-07-31", stdout=io.StringIO())
    bootstrap()
    assert CommunicationPlan.objects.filter(school_year="2027-2028").count() == 1
    assert plan.targets.count() == previous.targets.count()
    assert plan.targets.get(content_area="policy").items_per_month == 7

    # A period reaching into a school year without a plan says so instead of silently lowering the targets.
    CommunicationPlan.objects.filter(school_year="2026-2027").delete()
    report = text_of(client.get(url, {"start": "2027-06-01", "end": "2027-09-15"}))
    missing = in_vietnamese("No plan for the school year(s), so their months have no targets:")
    assert f"{missing} 2026-2027." in report


# Permissions -----------------------------------------------------------------------------------------------


def test_teachers_and_visitors_cannot_see_the_plan(site_tree, people, as_user, client):
    urls = [
        reverse("editorial_plan_calendar:index"),
        reverse("editorial_plan_coverage:index"),
        reverse("editorial_plan_coverage:export", args=["csv"]),
        reverse("editorial_planned_items:index"),
        reverse("editorial_planned_items:add"),
        reverse("editorial_calendar_events:index"),
        reverse("editorial_plans:index"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    teacher = as_user(people["teacher"])
    for url in urls:
        assert refused(teacher.get(url)), url
    home = text_of(teacher.get(reverse("wagtailadmin_home")))
    assert in_vietnamese("Editorial calendar") not in home

    editor = as_user(people["editor"])
    for url in urls:
        assert editor.get(url).status_code == 200, url
    assert refused(editor.get(reverse("editorial_plans:add")))
    item = PlannedItem.objects.create(topic="Bài cần xoá", content_area="policy", due_date=timezone.localdate())
    assert refused(editor.post(reverse("editorial_planned_items:delete", args=[item.pk])))
    assert PlannedItem.objects.filter(pk=item.pk).exists()
    assert as_user(people["approver"]).get(reverse("editorial_plans:add")).status_code == 200


def test_news_articles_and_planned_items_share_one_list_of_content_areas():
    from plan.content_areas import ContentArea

    assert PlannedItem._meta.get_field("content_area").choices == ContentArea.choices
    assert NewsPage._meta.get_field("category").choices == ContentArea.choices

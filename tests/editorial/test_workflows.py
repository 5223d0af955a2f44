"""Moderation through the admin: two steps, a second pair of eyes, comments, e-mails, scheduling, direct publishing."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import Page, PageLogEntry, TaskState, Workflow, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS
from core.demo import ensure_accounts
from editorial import audit
from editorial.models import DirectPublication, SecondPairOfEyesApprovalTask, latest_revision, requires_reapproval
from editorial.setup import APPROVAL_TASK, NEWS_WORKFLOW, REVIEW_TASK, STRICT_WORKFLOW, strict_sections
from editorial.staffing import understaffed_steps
from editorial.workflows import publish_approved
from news.models import NewsPage
from tests.admin_forms import edit_form, edit_url
from tests.factories import draft_child, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(member, site_tree):
    return {
        "editor": member("bientap", EDITORS),
        "reviewer": member("truyenthong", REVIEWERS),
        "reviewer2": member("truyenthong2", REVIEWERS),
        "approver": member("hieutruong", APPROVERS),
        "admin": member("quantri", is_superuser=True, is_staff=True),
    }


def draft_news(site_tree, title="Lễ khai giảng năm học mới", author=None, **fields):
    index = section(site_tree["vi"], "tin-tuc")
    page = draft_child(index, NewsPage(title=title, slug=fields.pop("slug", "le-khai-giang"), **fields))
    page.revisions.update(user=author)
    return page


def submit(client, page, **changes):
    response = client.post(edit_url(page), edit_form(client, page, **{"action-submit": "1", **changes}))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Page.objects.get(pk=page.pk).specific


def decide(client, page, action, comment="Đã kiểm tra nội dung và chính tả."):
    """POST the workflow action URL of the page's current task, as the modal does."""
    page = Page.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def awaiting_review(client):
    """The text of the dashboard's "Awaiting your review" panel ("" when the panel is absent)."""
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = soup.find(id=re.compile("^awaiting-review"))
    return panel.get_text(" ") if panel else ""


def in_vietnamese(message):
    with translation.override("vi"):
        return escape(translation.gettext(message))


def refused(response):
    """Wagtail's admin turns a refusal into a redirect to the dashboard (or the editor) with an error message."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code == 403


def test_bootstrap_creates_the_workflows(site_tree):
    vi = site_tree["vi"]
    news = section(vi, "tin-tuc")
    assert news.get_workflow().name == NEWS_WORKFLOW
    assert section(vi, "guong-sang").get_workflow().name == NEWS_WORKFLOW
    assert section(vi, "van-ban").get_workflow().name == STRICT_WORKFLOW
    assert section(vi, "thi-tuyen-sinh").get_workflow().name == STRICT_WORKFLOW
    assert section(site_tree["en"], "documents").get_workflow().name == STRICT_WORKFLOW
    assert [task.name for task in news.get_workflow().tasks] == [REVIEW_TASK, APPROVAL_TASK]
    assert [task.name for task in section(vi, "noi-bo").get_workflow().tasks] == [REVIEW_TASK]
    task = SecondPairOfEyesApprovalTask.objects.get(name=REVIEW_TASK)
    assert [group.name for group in task.groups.all()] == [REVIEWERS]


def test_two_steps_with_comments_publish_the_page_and_email_everyone(site_tree, people, as_user, client):
    page = draft_news(site_tree)
    mail.outbox.clear()
    page = submit(as_user(people["editor"]), page, title="Lễ khai giảng năm học 2026–2027")
    assert page.current_workflow_task.name == REVIEW_TASK
    assert not page.live
    to_reviewers = {address for message in mail.outbox for address in message.to}
    assert to_reviewers == {"truyenthong@thptlak.edu.vn", "truyenthong2@thptlak.edu.vn"}

    mail.outbox.clear()
    response = decide(as_user(people["reviewer"]), page, "approve", "Nội dung đúng, ảnh phù hợp.")
    assert response.status_code == 302
    page = Page.objects.get(pk=page.pk).specific
    assert page.current_workflow_task.name == APPROVAL_TASK
    assert not page.live
    assert {address for message in mail.outbox for address in message.to} == {"hieutruong@thptlak.edu.vn"}

    mail.outbox.clear()
    decide(as_user(people["approver"]), page, "approve", "Đồng ý đăng.")
    page = Page.objects.get(pk=page.pk).specific
    assert page.live
    assert page.title == "Lễ khai giảng năm học 2026–2027"
    assert client.get(page.url).status_code == 200
    comments = list(TaskState.objects.filter(workflow_state__object_id=str(page.pk)).values_list("comment", flat=True))
    assert comments == ["Nội dung đúng, ảnh phù hợp.", "Đồng ý đăng."]
    assert [message.to for message in mail.outbox] == [["bientap@thptlak.edu.vn"]]


def test_rejection_returns_the_page_to_its_author_with_the_comment(site_tree, people, as_user):
    page = submit(as_user(people["editor"]), draft_news(site_tree, author=people["editor"]))
    mail.outbox.clear()
    decide(as_user(people["reviewer"]), page, "reject", "Thiếu nguồn số liệu ở đoạn hai.")
    page = Page.objects.get(pk=page.pk).specific
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["bientap@thptlak.edu.vn"]
    assert "Thiếu nguồn số liệu ở đoạn hai." in mail.outbox[0].body
    # The author sees the comment in the editor and can resubmit.
    response = as_user(people["editor"]).get(edit_url(page))
    assert "Thiếu nguồn số liệu ở đoạn hai." in response.content.decode()


def test_a_decision_without_a_comment_is_refused(site_tree, people, as_user):
    page = submit(as_user(people["editor"]), draft_news(site_tree, author=people["editor"]))
    response = decide(as_user(people["reviewer"]), page, "approve", comment="")
    assert Page.objects.get(pk=page.pk).current_workflow_task.name == REVIEW_TASK
    assert response.status_code in (302, 403)
    task_state = Page.objects.get(pk=page.pk).current_workflow_task_state
    # A hand-made POST through the editor, skipping the modal, is refused too.
    client = as_user(people["reviewer"])
    data = edit_form(client, page, **{"action-workflow-action": "1", "workflow-action-name": "approve"})
    data["workflow-action-extra-data"] = '{"comment": ""}'
    response = client.post(edit_url(page), data, follow=True)
    assert in_vietnamese("An approval or a request for changes needs a comment.") in response.content.decode()
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_nobody_approves_their_own_edit(site_tree, people, as_user):
    reviewer = people["reviewer"]
    page = submit(as_user(reviewer), draft_news(site_tree, author=reviewer))  # a reviewer wrote and submitted it
    client = as_user(reviewer)
    # The editor offers the author no approval…
    body = client.get(edit_url(page)).content.decode()
    assert 'name="workflow-action-name"' not in body or "approve" not in body
    assert "Approve" not in body and "Phê duyệt" not in body
    # …and a hand-made POST to the workflow action URL is refused.
    assert refused(decide(client, page, "approve", "Tự duyệt."))
    # A hand-made POST through the editor form does not approve either, and says why.
    data = edit_form(client, page, **{"action-workflow-action": "1", "workflow-action-name": "approve"})
    data["workflow-action-extra-data"] = '{"comment": "Tự duyệt."}'
    body = client.post(edit_url(page), data, follow=True).content.decode()
    assert in_vietnamese("You edited the latest version of this page, so someone else must approve it.") in body
    page = Page.objects.get(pk=page.pk)
    assert page.current_workflow_task.name == REVIEW_TASK
    # The other reviewer can, and the dashboard lists it as waiting for them only.
    assert "Lễ khai giảng" not in awaiting_review(as_user(reviewer))
    assert "Lễ khai giảng" in awaiting_review(as_user(people["reviewer2"]))
    assert "Lễ khai giảng" not in awaiting_review(as_user(people["approver"]))
    decide(as_user(people["reviewer2"]), page, "approve", "Đã đọc lại.")
    assert Page.objects.get(pk=page.pk).current_workflow_task.name == APPROVAL_TASK


def approve_in_editor(client, page, comment):
    """Approve as the editor's footer menu does: the whole form is posted with the modal's comment."""
    data = edit_form(client, page, **{"action-workflow-action": "1", "workflow-action-name": "approve"})
    data["workflow-action-extra-data"] = json.dumps({"comment": comment})
    return client.post(edit_url(page), data)


def test_approving_through_the_editor_is_not_an_edit(site_tree, people, as_user):
    page = submit(as_user(people["editor"]), draft_news(site_tree, author=people["editor"]))
    response = approve_in_editor(as_user(people["reviewer"]), page, "Đã đọc kỹ.")
    assert response.status_code == 302
    page = Page.objects.get(pk=page.pk)
    assert page.current_workflow_task.name == APPROVAL_TASK
    assert "Lễ khai giảng" in awaiting_review(as_user(people["approver"]))


def test_a_reviewer_who_edits_cannot_then_approve(site_tree, people, as_user):
    page = submit(as_user(people["editor"]), draft_news(site_tree, author=people["editor"]))
    client = as_user(people["reviewer"])
    client.post(edit_url(page), edit_form(client, page, summary="Tóm tắt do ban truyền thông sửa."))
    assert refused(decide(client, page, "approve", "Tôi sửa rồi tự duyệt."))
    assert Page.objects.get(pk=page.pk).current_workflow_task.name == REVIEW_TASK


def test_editors_and_reviewers_cannot_publish_directly(site_tree, people, as_user):
    for who in ("editor", "reviewer", "approver"):
        page = draft_news(site_tree, title=f"Tin của {who}", slug=f"tin-{who}")
        client = as_user(people[who])
        body = client.get(edit_url(page)).content.decode()
        assert 'name="action-publish"' not in body
        client.post(edit_url(page), edit_form(client, page, **{"action-publish": "1"}))
        assert not Page.objects.get(pk=page.pk).live


def test_upstream_gap_default_finish_action_needs_publish_permission(site_tree, people):
    """Wagtail's default publishes as the approver, whose lack of "publish" permission stops it (see
    editorial/workflows.py). When this test fails, upstream has changed and our override can go."""
    from wagtail.actions.publish_page_revision import PublishPagePermissionError
    from wagtail.workflows import publish_workflow_state

    page = draft_news(site_tree)
    workflow = page.get_workflow()
    state = workflow.start(page, people["editor"])
    with pytest.raises(PublishPagePermissionError):
        publish_workflow_state(state, user=people["approver"])
    publish_approved(state, user=people["approver"])  # ours: the approved workflow is the authorisation
    assert Page.objects.get(pk=page.pk).live


def test_approved_page_with_a_future_date_is_scheduled_then_published_by_the_worker(site_tree, people, as_user, client):
    go_live = timezone.now() + datetime.timedelta(days=2)
    page = draft_news(site_tree)
    page = submit(as_user(people["editor"]), page, go_live_at=timezone.localtime(go_live).strftime("%d/%m/%Y %H:%M"))
    decide(as_user(people["reviewer"]), page, "approve", "Được.")
    decide(as_user(people["approver"]), page, "approve", "Đăng đúng giờ.")
    page = Page.objects.get(pk=page.pk).specific
    assert not page.live
    assert page.approved_schedule
    assert client.logout() is None
    assert client.get(f"/vi/tin-tuc/{page.slug}/").status_code == 404

    # Time passes: the go-live date is now behind us and the worker runs a round.
    move_go_live_into_the_past(page)
    call_command("run_worker", once=True, stdout=open("/dev/null", "w"))
    page = Page.objects.get(pk=page.pk).specific
    assert page.live
    assert client.get(f"/vi/tin-tuc/{page.slug}/").status_code == 200


def move_go_live_into_the_past(page):
    past = timezone.now() - datetime.timedelta(minutes=1)
    Page.objects.filter(pk=page.pk).update(go_live_at=past)
    for revision in page.revisions.filter(approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])


def test_expiry_date_unpublishes_through_the_worker(site_tree, client):
    from tests.factories import news_page

    page = news_page(site_tree["vi"], "Thông báo nghỉ lễ", slug="nghi-le")
    assert client.get("/vi/tin-tuc/nghi-le/").status_code == 200
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert client.get("/vi/tin-tuc/nghi-le/").status_code == 404
    assert Page.objects.get(pk=page.pk).expired


def test_rebuttal_needs_reapproval_after_any_edit(site_tree, people, as_user):
    page = draft_news(site_tree, kind="rebuttal", claim="Tin đồn trường thu thêm học phí trên mạng xã hội.")
    assert requires_reapproval(page)
    assert not requires_reapproval(draft_news(site_tree, title="Tin thường", slug="tin-thuong"))
    page = submit(as_user(people["editor"]), page)
    approve_in_editor(as_user(people["reviewer"]), page, "Đúng sự thật.")
    assert Page.objects.get(pk=page.pk).current_workflow_task.name == APPROVAL_TASK
    # The principal's office changes the text while it waits for them: back to the first step.
    client = as_user(people["approver"])
    response = client.post(edit_url(page), edit_form(client, page, summary="Nhà trường không thu thêm khoản nào."))
    assert response.status_code == 302
    page = Page.objects.get(pk=page.pk)
    assert page.current_workflow_task.name == REVIEW_TASK
    assert page.current_workflow_state.requested_by == people["editor"]
    assert "Lễ khai giảng" in awaiting_review(as_user(people["reviewer"]))


def test_news_keeps_its_progress_after_an_edit(site_tree, people, as_user):
    page = submit(as_user(people["editor"]), draft_news(site_tree, author=people["editor"]))
    decide(as_user(people["reviewer"]), page, "approve", "Được.")
    client = as_user(people["approver"])
    response = client.post(edit_url(page), edit_form(client, page, summary="Sửa một chữ."))
    assert response.status_code == 302
    assert latest_revision(page).user == people["approver"]
    assert Page.objects.get(pk=page.pk).current_workflow_task.name == APPROVAL_TASK


def test_during_moderation_only_the_current_step_may_edit(site_tree, people, as_user):
    page = submit(as_user(people["editor"]), draft_news(site_tree, author=people["editor"]))
    client = as_user(people["editor"])
    client.post(edit_url(page), edit_form(client, page, summary="Tác giả sửa khi đang duyệt."))
    assert latest_revision(page).user == people["editor"]
    assert latest_revision(page).as_object().summary == ""


def test_policy_and_exam_sections_take_the_strict_workflow():
    """The families that need re-approval after any edit (their declaration) give the sections of the strict
    workflow; news keeps the news workflow, its rebuttals being decided one by one."""
    assert sorted(strict_sections()) == ["documents", "exams", "thi-tuyen-sinh", "van-ban"]


def test_admin_publishes_directly_only_with_a_reason(site_tree, people, as_user, client):
    page = draft_news(site_tree, title="Đính chính khẩn", slug="dinh-chinh-khan")
    admin = as_user(people["admin"])
    assert in_vietnamese("Publish directly (reason required)") in admin.get(edit_url(page)).content.decode()
    response = admin.post(edit_url(page), edit_form(admin, page, **{"action-publish": "1"}))
    direct_url = reverse("editorial_direct_publish", args=[page.pk])
    assert response.status_code == 302 and response["Location"] == direct_url
    assert not Page.objects.get(pk=page.pk).live

    response = admin.post(direct_url, {"reason": ""})
    assert response.status_code == 200
    assert not Page.objects.get(pk=page.pk).live
    assert DirectPublication.objects.count() == 0

    response = admin.post(direct_url, {"reason": "Đính chính thông tin sai trước giờ họp báo."}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:history", args=[page.pk])
    history = response.content.decode()
    assert "Đính chính thông tin sai trước giờ họp báo." in history  # the publication, with its reason
    assert Page.objects.get(pk=page.pk).specific.url in history  # "View live" in the confirmation
    assert Page.objects.get(pk=page.pk).live
    record = DirectPublication.objects.get()
    assert (record.page_id, record.user, record.reason) == (
        page.pk,
        people["admin"],
        "Đính chính thông tin sai trước giờ họp báo.",
    )
    assert PageLogEntry.objects.filter(page=page, action="site_lak.direct_publish").exists()

    report = admin.get(reverse("editorial_direct_publications"))
    assert report.status_code == 200
    assert "Đính chính thông tin sai trước giờ họp báo." in report.content.decode()
    # The principal's office reads the report; editors do not.
    assert as_user(people["approver"]).get(reverse("editorial_direct_publications")).status_code == 200
    assert as_user(people["editor"]).get(reverse("editorial_direct_publications")).status_code in (302, 403)
    assert as_user(people["editor"]).get(direct_url).status_code in (302, 403)


def test_admin_creating_a_page_with_publish_gets_a_draft_until_the_reason(site_tree, people, as_user, client):
    index = section(site_tree["vi"], "tin-tuc")
    admin = as_user(people["admin"])
    add_url = reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk])
    data = querydict_from_html(admin.get(add_url).content.decode(), form_id="page-edit-form")
    data.update({"title": "Tin tạo mới", "slug": "tin-tao-moi", "body-count": "0", "action-publish": "1"})
    response = admin.post(add_url, data)
    page = Page.objects.get(slug="tin-tao-moi")
    assert response["Location"] == reverse("editorial_direct_publish", args=[page.pk])
    assert not page.live
    client.logout()
    assert client.get("/vi/tin-tuc/tin-tao-moi/").status_code == 404


def test_audit_log_records_workflow_and_publishing_and_mirrors_it_to_a_file(
    site_tree, people, as_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.AUDIT_LOG_PATH = str(tmp_path / "audit.jsonl")
    page = draft_news(site_tree)
    before = PageLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        submit(as_user(people["editor"]), page)
        decide(as_user(people["reviewer"]), page, "reject", "Sửa tiêu đề.")
        submit(as_user(people["editor"]), page)
        decide(as_user(people["reviewer"]), page, "approve", "Được.")
        decide(as_user(people["approver"]), page, "approve", "Đăng.")
        admin = as_user(people["admin"])
        admin.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    entries = PageLogEntry.objects.filter(page=page, pk__gt=before).order_by("pk")
    actions = list(entries.values_list("action", flat=True))
    for expected in (
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.resume",
        "wagtail.workflow.approve",
        "wagtail.publish",
        "wagtail.unpublish",
    ):
        assert expected in actions
    mirrored = [entry for entry in audit.read_entries() if entry["object_id"] == str(page.pk)]
    assert [entry["action"] for entry in mirrored] == actions
    rejection = next(entry for entry in mirrored if entry["action"] == "wagtail.workflow.reject")
    assert rejection["user"] == "truyenthong"
    assert rejection["data"]["comment"] == "Sửa tiêu đề."


def test_bulk_publishing_is_refused_even_for_an_administrator(site_tree, people, as_user):
    page = draft_news(site_tree, title="Tin hàng loạt", slug="tin-hang-loat")
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}"
    response = as_user(people["admin"]).post(url, {})
    assert response.status_code == 302
    assert not Page.objects.get(pk=page.pk).live


def test_worker_survives_a_failing_round_and_stops_on_sigterm(tmp_path):
    """The worker against an empty database: every round fails and is logged, SIGTERM still stops it cleanly."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from django.conf import settings

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    env["DJANGO_SETTINGS_MODULE"] = "site_lak.settings.test"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    started = ""
    while time.monotonic() < deadline and "Worker started" not in started:
        started += worker.stdout.readline()
    time.sleep(2)  # at least one failing round
    worker.send_signal(signal.SIGTERM)
    stdout, stderr = worker.communicate(timeout=60)
    assert worker.returncode == 0
    assert "Worker stopped." in stdout
    assert "publish_scheduled failed" in stderr


# The editor's dashboard says who asked for changes and why; reviewers see what their decision did;
# only one way to resubmit is offered.


def dashboard_panel(client, panel_id):
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = soup.find(id=lambda value: value and value.startswith(panel_id))
    return panel.get_text(" ", strip=True) if panel else ""


def messages_after(response, client):
    soup = BeautifulSoup(client.get(response["Location"], follow=True).content, "html.parser")
    return " ".join(item.get_text(" ", strip=True) for item in soup.select(".messages li"))


def test_the_author_reads_who_asked_for_changes_and_why(site_tree, people, as_user, client):
    people["reviewer"].first_name, people["reviewer"].last_name = "Lan", "Trần Thị"
    people["reviewer"].save()
    page = submit(as_user(people["editor"]), draft_news(site_tree, author=people["editor"]))
    assert dashboard_panel(as_user(people["editor"]), "changes-requested") == ""

    response = decide(as_user(people["reviewer"]), page, "reject", "Thiếu nguồn số liệu ở đoạn hai.")
    assert "Bạn đã yêu cầu chỉnh sửa “Lễ khai giảng năm học mới”" in messages_after(response, client)

    panel = dashboard_panel(as_user(people["editor"]), "changes-requested")
    assert "Lễ khai giảng năm học mới" in panel
    assert "Thiếu nguồn số liệu ở đoạn hai." in panel
    assert "Lan" in panel and "Trần Thị" in panel


def test_an_approval_is_confirmed(site_tree, people, as_user, client):
    page = submit(as_user(people["editor"]), draft_news(site_tree, author=people["editor"]))
    response = decide(as_user(people["reviewer"]), page, "approve", "Nội dung chính xác.")
    shown = messages_after(response, client)
    assert "Lễ khai giảng năm học mới" in shown
    assert "Ban truyền thông duyệt" in shown


def test_only_one_way_to_resubmit(site_tree, people, as_user):
    page = submit(as_user(people["editor"]), draft_news(site_tree, author=people["editor"]))
    decide(as_user(people["reviewer"]), page, "reject", "Thiếu nguồn số liệu ở đoạn hai.")
    html = as_user(people["editor"]).get(edit_url(page)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("footer button[name=action-submit]")  # "Resubmit to …"
    assert not soup.select("footer button[name=action-restart-workflow]")


# A review step whose groups have fewer than two members can never approve its only member's page.


def test_a_step_with_fewer_than_two_reviewers_is_flagged(site_tree, member, as_user):
    admin = member("quantri", is_superuser=True, is_staff=True)
    member("truyenthong", REVIEWERS)
    member("hieutruong", APPROVERS)
    panel = dashboard_panel(as_user(admin), "understaffed-steps")
    assert REVIEW_TASK in panel and APPROVAL_TASK in panel
    assert dashboard_panel(as_user(member("bientap", EDITORS)), "understaffed-steps") == ""
    workflow = Workflow.objects.get(name=NEWS_WORKFLOW)
    editor_page = as_user(admin).get(reverse("wagtailadmin_workflows:edit", args=[workflow.pk])).content.decode()
    assert BeautifulSoup(editor_page, "html.parser").select(".understaffed-step")

    member("truyenthong2", REVIEWERS)
    member("phohieutruong", APPROVERS)
    assert dashboard_panel(as_user(admin), "understaffed-steps") == ""
    editor_page = as_user(admin).get(reverse("wagtailadmin_workflows:edit", args=[workflow.pk])).content.decode()
    assert not BeautifulSoup(editor_page, "html.parser").select(".understaffed-step")


def test_the_demo_staffs_every_review_step(site_tree):
    ensure_accounts()
    assert understaffed_steps() == []

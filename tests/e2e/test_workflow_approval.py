"""A reviewer approves a submitted article in a real browser, through the modal that asks for a comment."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from core.bootstrap import EDITORS, REVIEWERS
from editorial.setup import APPROVAL_TASK
from news.models import NewsPage
from tests.factories import draft_child, section

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reviewer_approves_with_a_comment(live_server, site_tree, page_in, django_user_model, artifacts_dir):
    editor = django_user_model.objects.create_user("bientap", "bientap@thptlak.edu.vn", "pass-1234")
    editor.groups.add(Group.objects.get(name=EDITORS))
    reviewer = django_user_model.objects.create_user("truyenthong", "tt@thptlak.edu.vn", "pass-1234")
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    page = draft_child(section(site_tree["vi"], "tin-tuc"), NewsPage(title="Hội thao truyền thống", slug="hoi-thao"))
    page.revisions.update(user=editor)
    page.get_workflow().start(page, editor)

    browser = page_in("desktop")
    browser.goto(f"{live_server.url}/admin/login/")
    browser.fill("input[name=username]", "truyenthong")
    browser.fill("input[name=password]", "pass-1234")
    browser.locator("form button[type=submit]").first.click()
    browser.wait_for_url(f"{live_server.url}/admin/")
    assert "Hội thao truyền thống" in browser.locator("[id^=awaiting-review]").first.inner_text()

    browser.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    approve = browser.locator("button[data-workflow-action-name=approve]")
    assert approve.count() == 1  # "approve with comment" only: no approval without a comment
    approve.dispatch_event("click")  # it sits in the footer's drop-up menu
    dialog = browser.locator("textarea[name=comment]")
    dialog.wait_for()
    dialog.fill("Nội dung chính xác, đồng ý chuyển Ban giám hiệu.")
    browser.locator(".modal button[type=submit], [data-w-dialog-target] button[type=submit]").last.click()
    browser.wait_for_url(lambda url: "/edit/" not in url)
    browser.screenshot(path=str(artifacts_dir / "workflow-approved.png"), full_page=True)
    page = Page.objects.get(pk=page.pk)
    assert page.current_workflow_task.name == APPROVAL_TASK
    assert page.current_workflow_state.task_states.filter(comment__startswith="Nội dung chính xác").exists()

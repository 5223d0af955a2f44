"""With autosave on, an editor's "Submit for moderation" is never lost (docs/workflows.md, "Autosave").

A demo editor types, or closes a dialog (image chooser, document chooser, publishing schedule), and
clicks "Submit for moderation" at once, without waiting for anything: 18 times on new news articles
and 12 times on existing ones. Every time the article must end up in moderation, exactly once, with
what was typed. Before the guard in editorial/static/editorial/js/autosave_guard.js, the click raced
the autosave that creates the page, and some submissions failed ("slug already in use") or left a
plain draft.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from core.bootstrap import EDITORS
from news.models import NewsPage
from tests.e2e.conftest import sign_in
from tests.factories import draft_child, section

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PAGE_ROUNDS = ["typing"] * 6 + ["image"] * 4 + ["document"] * 4 + ["schedule"] * 4
EXISTING_PAGE_ROUNDS = ["typing"] * 4 + ["image"] * 3 + ["document"] * 3 + ["schedule"] * 2


@pytest.fixture
def editor_browser(live_server, site_tree, page_in, django_user_model):
    editor = django_user_model.objects.create_user(
        "bientap", "bientap@thptlak.edu.vn", "pass-1234", first_name="Hoa", last_name="Nguyễn Thị"
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    get_image_model().objects.create(title="Lễ chào cờ", file=get_test_image_file("chao-co.png"))
    get_document_model().objects.create(
        title="Kế hoạch năm học", file=ContentFile(b"%PDF-1.4 ke hoach", name="ke-hoach.pdf")
    )
    browser = page_in("desktop")
    # Wagtail starts watching the form for edits (and so autosaving) two seconds after it loads; an
    # editor takes longer than that to start typing, so each round waits for that moment.
    browser.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits', () => { window.watchingEdits = true; });"
    )
    sign_in(browser, live_server, "bientap")
    return browser, editor


def choose_in_modal(browser, opener):
    opener.click()
    choice = browser.locator(".modal [data-chooser-modal-choice]").first
    choice.click()
    browser.locator(".modal").first.wait_for(state="hidden")


def close_dialog(browser, kind, marker):
    """Opens one of the editor's dialogs, makes a choice and closes it (nothing awaited afterwards)."""
    if kind == "image":
        choose_in_modal(browser, browser.locator("#id_lead_image-chooser .chooser__choose-button"))
    elif kind == "document":
        browser.locator("[data-streamfield-list-container] button[title], .c-sf-add-button").first.click()
        browser.get_by_role("option", name="Document link").or_(
            browser.get_by_role("option", name="Liên kết tài liệu")
        ).first.click()
        choose_in_modal(browser, browser.locator(".document-chooser .chooser__choose-button").first)
    elif kind == "schedule":
        open_dialog = browser.locator("[data-a11y-dialog-show=schedule-publishing-dialog]").first
        if not open_dialog.is_visible():
            browser.locator("[data-side-panel-toggle=status]").click()
        open_dialog.click()
        go_live = browser.locator("#id_go_live_at")
        go_live.fill((datetime.datetime.now() + datetime.timedelta(days=3)).strftime("%d/%m/%Y 07:00"))
        go_live.press("Tab")
        browser.locator("#schedule-publishing-dialog .w-dialog__close-button").first.click()
    # Whatever the dialog did, the editor also typed a word just before clicking.
    browser.locator("#id_summary").fill(marker)


def submit_for_moderation(browser):
    browser.locator("footer [data-w-dropdown-target=toggle]").first.click()
    browser.locator("footer button[name=action-submit]").first.click()


def in_moderation(page_id, marker):
    """The page is in a workflow and the submitted revision holds what the editor typed."""
    page = Page.objects.get(pk=page_id).specific
    state = page.current_workflow_state
    if state is None:
        return False
    revision = state.current_task_state.revision
    return marker in revision.as_object().summary


def is_autosave(request):
    return request.method == "POST" and request.resource_type == "fetch" and "/admin/pages/" in request.url


def change_and_submit(browser, kind, marker, timing):
    """Types (or closes a dialog, then types) and clicks submit: at once, or the moment an autosave
    request has left the browser (its answer not awaited), which is when the editors' clicks got lost."""
    if timing == "during autosave":
        try:
            with browser.expect_request(is_autosave, timeout=30000):
                make_change(browser, kind, marker)
        except PlaywrightTimeoutError:  # a slow machine: the click is still made, and judged
            print("no autosave seen before the click", flush=True)
    else:
        make_change(browser, kind, marker)
    submit_for_moderation(browser)


def make_change(browser, kind, marker):
    if kind == "typing":
        browser.locator("#id_summary").fill(marker)
    else:
        close_dialog(browser, kind, marker)


def left_the_editor(browser):
    try:
        browser.wait_for_url(lambda url: "/add/" not in url and "/edit/" not in url, timeout=15000)
    except PlaywrightTimeoutError:  # judged by the caller, from the database
        pass


def test_submit_right_after_typing_or_a_dialog_always_reaches_moderation(editor_browser, live_server, site_tree):
    browser, editor = editor_browser
    news = section(site_tree["vi"], "tin-tuc")
    failures = []
    rounds = [("new", kind) for kind in NEW_PAGE_ROUNDS] + [("existing", kind) for kind in EXISTING_PAGE_ROUNDS]

    for n, (which, kind) in enumerate(rounds, start=1):
        timing = "at once" if n % 2 else "during autosave"
        marker = f"Tóm tắt lần {n}, {kind}, {timing}"
        if which == "new":
            title = f"Tin thử số {n}"
            browser.goto(f"{live_server.url}/admin/pages/add/news/newspage/{news.pk}/")
            browser.wait_for_function("window.watchingEdits")
            browser.locator("#id_title").fill(title)
        else:
            title = f"Bài có sẵn số {n}"
            page = draft_child(news, NewsPage(title=title, slug=f"bai-co-san-{n}"))
            page.revisions.update(user=editor)
            browser.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
            browser.wait_for_function("window.watchingEdits")
        print(n, which, kind, timing, flush=True)
        change_and_submit(browser, kind, marker, timing)
        left_the_editor(browser)
        pages = list(NewsPage.objects.filter(title=title))
        if len(pages) != 1 or not in_moderation(pages[0].pk, marker):
            failures.append(f"{which} page, {kind}, {timing}: {len(pages)} page(s); {flash(browser)}")
            print("lost:", failures[-1], flush=True)

    print(f"autosave race: {len(failures)} of {len(rounds)} submissions lost")
    assert failures == [], f"{len(failures)} of {len(rounds)} submissions lost: {failures}"


def flash(browser):
    messages = browser.locator(".messages li, .w-field__errors .error-message")
    return " | ".join(messages.all_inner_texts())[:300]

"""Cross-posting to the school's Facebook page, against a fake Graph API: what is queued on publishing, what the
worker sends, retries, refusals and never posting twice (docs/facebook.md)."""

import datetime

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, PageViewRestriction

from editorial.models import IntranetPage
from news.models import NewsPage
from social.models import FacebookPost, PostError, PostStatus
from social.sending import RETRY_DELAYS, send_facebook_post, send_post
from tests.factories import draft_child, news_page, section
from tests.social.fake_graph import DROP, PAGE_ID, TOKEN, VERSION_PATH, error, ok

# The worker claims tasks in transactions of its own (BEGIN EXCLUSIVE on SQLite): real commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

SUMMARY = "Học sinh trường THPT Lắk giành 3 giải Nhất cấp tỉnh."


def publish_news(home, title="Học sinh giỏi cấp tỉnh", **fields):
    fields.setdefault("summary", SUMMARY)
    return news_page(home, title, **fields)


def ready_tasks():
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY)


def make_due():
    """What waiting does: the retry's time has come."""
    ready_tasks().update(run_after=timezone.now() - datetime.timedelta(seconds=1))


def test_first_publication_queues_one_post_and_the_worker_sends_it_once(graph, run_worker, site_tree):
    page = publish_news(site_tree["vi"])
    post = FacebookPost.objects.get(page=page)
    assert post.status == PostStatus.QUEUED and post.family == "news"
    assert post.message == SUMMARY
    assert graph.requests == []  # nothing sent while publishing: the worker does it

    run_worker()

    assert len(graph.requests) == 1
    request = graph.requests[0]
    assert request.path == f"{VERSION_PATH}/{PAGE_ID}/feed"
    assert request.content_type == "application/x-www-form-urlencoded"
    assert request.form == {"message": [SUMMARY], "link": [post.link], "access_token": [TOKEN]}
    post.refresh_from_db()
    assert post.status == PostStatus.SENT
    assert post.facebook_id == f"{PAGE_ID}_555"
    assert post.permalink == f"https://www.facebook.com/{PAGE_ID}/posts/555"
    assert post.attempts == 1 and post.sent_at is not None

    # Republishing an edit posts nothing more.
    page.title = "Học sinh giỏi cấp tỉnh (cập nhật)"
    page.save_revision().publish()
    run_worker()
    assert FacebookPost.objects.filter(page=page).count() == 1
    assert len(graph.requests) == 1


def test_the_link_is_the_pages_public_address(graph, site_tree, settings):
    page = publish_news(site_tree["vi"], slug="giai-nhat")
    post = FacebookPost.objects.get(page=page)
    assert post.link.startswith(settings.SITE_URL + "/vi/") and post.link.endswith("/giai-nhat/")


def test_a_server_error_is_retried_after_a_back_off_and_posts_once(graph, run_worker, site_tree):
    graph.answer(error(500, "An unexpected error has occurred."), ok("777"))
    page = publish_news(site_tree["vi"])
    before = timezone.now()
    run_worker()

    post = FacebookPost.objects.get(page=page)
    assert post.status == PostStatus.QUEUED
    assert post.error_kind == PostError.SERVER_ERROR and "unexpected error" in post.last_error
    waiting = ready_tasks().get()
    assert waiting.run_after >= before + datetime.timedelta(seconds=RETRY_DELAYS[0] - 1)
    assert abs(post.next_attempt_at - waiting.run_after) < datetime.timedelta(seconds=1)
    run_worker()  # too early: nothing is sent
    assert len(graph.requests) == 1

    make_due()
    run_worker()
    post.refresh_from_db()
    assert post.status == PostStatus.SENT and post.facebook_id == f"{PAGE_ID}_777"
    assert post.attempts == 2 and post.error_kind == ""
    assert len(graph.requests) == 2
    assert graph.requests[0].form == graph.requests[1].form


def test_back_off_grows_then_the_post_fails(graph, run_worker, site_tree):
    graph.answer(*[error(503, "Service temporarily unavailable")] * (len(RETRY_DELAYS) + 1))
    page = publish_news(site_tree["vi"])
    delays = []
    for _attempt in RETRY_DELAYS:
        started = timezone.now()
        run_worker()
        delays.append(round((ready_tasks().get().run_after - started).total_seconds()))
        make_due()
    run_worker()
    assert [abs(delay - expected) <= 1 for delay, expected in zip(delays, RETRY_DELAYS, strict=True)] == [True] * 4
    post = FacebookPost.objects.get(page=page)
    assert post.status == PostStatus.FAILED and post.attempts == len(RETRY_DELAYS) + 1
    assert not ready_tasks().exists()
    assert len(graph.requests) == len(RETRY_DELAYS) + 1


def test_a_refusal_fails_at_once_with_facebooks_message(graph, run_worker, site_tree):
    graph.answer(error(400, "(#200) The page access token has expired.", code=190))
    page = publish_news(site_tree["vi"])
    run_worker()
    post = FacebookPost.objects.get(page=page)
    assert post.status == PostStatus.FAILED
    assert post.error_kind == PostError.REFUSED
    assert post.last_error == "(#200) The page access token has expired."
    assert TOKEN not in post.last_error
    assert not ready_tasks().exists()  # not retried
    assert len(graph.requests) == 1


def test_unreachable_facebook_leaves_the_page_published_and_the_post_waiting(graph, run_worker, site_tree, client):
    graph.answer(DROP)
    page = publish_news(site_tree["vi"])
    run_worker()
    assert client.get(page.url).status_code == 200
    post = FacebookPost.objects.get(page=page)
    assert post.status == PostStatus.QUEUED and post.error_kind == PostError.UNREACHABLE
    assert post.next_attempt_at > timezone.now()

    # With nothing listening at all, the same.
    make_due()
    graph.server.server_close()
    run_worker()
    post.refresh_from_db()
    assert post.status == PostStatus.QUEUED and post.attempts == 2 and post.error_kind == PostError.UNREACHABLE


def test_pages_that_are_not_public_are_never_posted(graph, run_worker, site_tree):
    news = section(site_tree["vi"], "tin-tuc")
    draft_child(news, NewsPage(title="Bản nháp", slug="ban-nhap", summary=SUMMARY))  # saved, never published
    private = NewsPage(title="Tin riêng", slug="tin-rieng", summary=SUMMARY)
    news.add_child(instance=private)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="bí-mật")
    private.save_revision().publish()
    intranet = Page.objects.get(slug="noi-bo")
    staff_only = IntranetPage(title="Lịch họp hội đồng", slug="lich-hop", summary=SUMMARY)
    intranet.add_child(instance=staff_only)
    staff_only.save_revision().publish()
    run_worker()
    assert not FacebookPost.objects.exists()
    assert graph.requests == []


def test_a_page_made_private_before_sending_is_not_posted(graph, run_worker, site_tree):
    page = publish_news(site_tree["vi"])
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="bí-mật")
    run_worker()
    post = FacebookPost.objects.get(page=page)
    assert post.status == PostStatus.FAILED and post.error_kind == PostError.NOT_PUBLIC
    assert graph.requests == []


def test_running_the_task_again_never_posts_twice(graph, run_worker, site_tree):
    page = publish_news(site_tree["vi"])
    post = FacebookPost.objects.get(page=page)
    run_worker()
    assert send_post(post.pk) == PostStatus.SENT  # the same task again: nothing sent
    send_facebook_post.enqueue(post.pk)
    run_worker()
    assert len(graph.requests) == 1


def test_a_task_cut_off_mid_request_is_not_sent_again(graph, run_worker, site_tree):
    page = publish_news(site_tree["vi"])
    FacebookPost.objects.filter(page=page).update(status=PostStatus.SENDING, attempts=1)  # the worker died here
    run_worker()
    post = FacebookPost.objects.get(page=page)
    assert post.status == PostStatus.FAILED and post.error_kind == PostError.INTERRUPTED
    assert graph.requests == []

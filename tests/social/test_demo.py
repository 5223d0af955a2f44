"""The demo site shows a sent and a refused Facebook post."""

import io

from django.core.management import call_command

from social.models import FacebookPost, PostError, PostStatus


def test_the_demo_has_one_sent_and_one_failed_post(site_tree, admin_client):
    call_command("bootstrap_site", "--demo", stdout=io.StringIO())
    call_command("bootstrap_site", "--demo", stdout=io.StringIO())  # idempotent: nothing twice
    assert FacebookPost.objects.count() == 2
    sent = FacebookPost.objects.get(status=PostStatus.SENT)
    failed = FacebookPost.objects.get(status=PostStatus.FAILED)
    assert sent.permalink.startswith("https://www.facebook.com/") and sent.link.startswith("http")
    assert failed.error_kind == PostError.REFUSED and failed.last_error
    assert sent.page.live and failed.page.live
    body = admin_client.get("/admin/reports/facebook-posts/").content.decode()
    assert sent.permalink in body and "Facebook từ chối bài đăng" in body

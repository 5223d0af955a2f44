"""Sending a queued post, in the background worker: at most once per page, retried with back-off while Facebook
is unreachable or failing, stopped at once when Facebook refuses it.

Never twice: a post is claimed by moving it from "queued" to "sending" in one locked transaction, the request
is made, and its result is written by a single UPDATE before anything else can fail. A task that finds its
post already "sending" was cut off mid-request (the worker died): Facebook may have the post, so it is marked
failed ("interrupted") for an editor to check, never sent again on its own. A sent post is never sent again.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from social import graph
from social.models import FacebookPost, PostError, PostStatus
from social.visibility import is_public

# Seconds to wait after the 1st, 2nd, 3rd and 4th failed attempt; after the 5th the post has failed.
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)


@task()
def send_facebook_post(post_id):
    """The background task: send post `post_id` if it is still queued. Returns its status afterwards."""
    return send_post(post_id)


def enqueue(post_id, run_after=None):
    """Queue the task. With a queue in the database (production) it is written in the current transaction,
    so it exists exactly when the post does; run inline (development, tests) it waits for the commit."""
    backend = send_facebook_post.get_backend()
    if backend.supports_defer:
        queued = send_facebook_post.using(run_after=run_after) if run_after else send_facebook_post
        queued.enqueue(post_id)
    elif run_after is None:
        transaction.on_commit(lambda: send_facebook_post.enqueue(post_id))
    # Run inline, a back-off cannot wait: the post stays queued with its next attempt, for the retry button.


def send_post(post_id):
    post = claim(post_id)
    if post is None:
        return FacebookPost.objects.filter(pk=post_id).values_list("status", flat=True).first()
    result = graph.publish(post.message, post.link)
    return record(post, result)


def fail(post, kind, details=""):
    FacebookPost.objects.filter(pk=post.pk).exclude(status=PostStatus.SENT).update(
        status=PostStatus.FAILED, error_kind=kind, last_error=details, next_attempt_at=None, updated_at=timezone.now()
    )


def claim(post_id):
    """The post, now "sending", if it is ours to send; None otherwise (gone, sent, failed, cut off earlier)."""
    with transaction.atomic():
        post = FacebookPost.objects.select_for_update().filter(pk=post_id).first()
        if post is None or post.status in (PostStatus.SENT, PostStatus.FAILED):
            return None
        if post.status == PostStatus.SENDING:
            fail(post, PostError.INTERRUPTED)
            return None
        if not graph.configured():
            fail(post, PostError.NOT_CONFIGURED)
            return None
        if not is_public(post.page_id):
            fail(post, PostError.NOT_PUBLIC)
            return None
        post.status = PostStatus.SENDING
        post.attempts += 1
        post.next_attempt_at = None
        post.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    return post


def record(post, result):
    now = timezone.now()
    posts = FacebookPost.objects.filter(pk=post.pk)
    if isinstance(result, graph.Sent):
        # First and alone: whatever happens next, this post is never sent again.
        posts.update(
            status=PostStatus.SENT,
            facebook_id=result.facebook_id,
            permalink=result.permalink,
            sent_at=now,
            error_kind="",
            last_error="",
            next_attempt_at=None,
            updated_at=now,
        )
        return PostStatus.SENT
    if isinstance(result, graph.Refused):
        fail(post, PostError.REFUSED, result.message)
        return PostStatus.FAILED
    kind = PostError.UNREACHABLE if result.unreachable else PostError.SERVER_ERROR
    if post.attempts > len(RETRY_DELAYS):
        fail(post, kind, result.message)
        return PostStatus.FAILED
    when = now + datetime.timedelta(seconds=RETRY_DELAYS[post.attempts - 1])
    with transaction.atomic():
        posts.filter(status=PostStatus.SENDING).update(
            status=PostStatus.QUEUED, error_kind=kind, last_error=result.message, next_attempt_at=when, updated_at=now
        )
        enqueue(post.pk, run_after=when)
    return PostStatus.QUEUED


def retry(post):
    """An editor's "retry" of a failed or waiting post: queued again now. False when it is not retryable
    (sent, or being sent)."""
    with transaction.atomic():
        retried = FacebookPost.objects.filter(pk=post.pk, status__in=[PostStatus.FAILED, PostStatus.QUEUED]).update(
            status=PostStatus.QUEUED, next_attempt_at=None, updated_at=timezone.now()
        )
        if retried:
            enqueue(post.pk)
    return bool(retried)

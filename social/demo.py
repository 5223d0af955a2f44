"""Demo Facebook posts (`bootstrap_site --demo`): one sent and one refused, on the two newest demo news articles,
so the panel, the report and the yearly report show both outcomes without a Facebook page. Idempotent."""

from django.utils import timezone
from wagtail.models import Page

from core.families import page_families
from home.seo import page_url
from social.models import FacebookPost, PostError, PostStatus

DEMO_PAGE_ID = "100000000000001"
REFUSAL = "(#200) The user hasn't authorized the application to perform this action"


def create_demo_posts(home, home_en=None):
    news = page_families().get("news")
    if news is None:
        return []
    articles = list(news.objects.descendant_of(home).live().order_by("-first_published_at", "-pk")[:2])
    outcomes = [
        {
            "status": PostStatus.SENT,
            "facebook_id": f"{DEMO_PAGE_ID}_200000000000001",
            "permalink": f"https://www.facebook.com/{DEMO_PAGE_ID}/posts/200000000000001",
            "attempts": 1,
            "sent_at": timezone.now(),
        },
        {"status": PostStatus.FAILED, "error_kind": PostError.REFUSED, "last_error": REFUSAL, "attempts": 1},
    ]
    posts = []
    for article, outcome in zip(articles, outcomes, strict=False):
        page = Page.objects.get(pk=article.pk).specific
        post, _created = FacebookPost.objects.get_or_create(
            page_id=page.pk,
            defaults={
                "revision_id": page.live_revision_id,
                "family": "news",
                "message": page.search_description or page.summary,
                "link": page_url(page),
                **outcome,
            },
        )
        posts.append(post)
    return posts

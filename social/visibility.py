"""Whether a page is public: what an anonymous visitor can open, by the rules every listing and search use."""

from django.utils import timezone
from wagtail.models import Page

from home.change_notes import exclude_withdrawn
from home.models import private_pages_q


def is_public(page_id):
    """Live, not expired, under no view restriction (the intranet, a password, a group) and not withdrawn."""
    pages = (
        Page.objects.filter(pk=page_id, live=True, expired=False)
        .exclude(expire_at__lte=timezone.now())
        .exclude(private_pages_q())
    )
    return exclude_withdrawn(pages).exists()

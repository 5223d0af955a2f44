"""RSS 2.0 and Atom feeds for every listing page, at `<index url>feed/rss/` and `<index url>feed/atom/`.

A listing page mixes in `FeedRoutesMixin`; the feed carries what the listing shows to an anonymous
visitor (live, public, in the page's locale), so a feed can never leak a draft or an intranet page.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from home.change_notes import exclude_withdrawn
from home.models import SchoolSettings
from home.seo import absolute_url, page_url

FEED_LENGTH = 30


class FeedRoutesMixin(RoutablePageMixin):
    @path("")
    def index_route(self, request, *args, **kwargs):
        return super().index_route(request, *args, **kwargs)

    @path("feed/rss/", name="feed_rss")
    def rss_feed(self, request):
        return self.serve_feed(request, Rss201rev2Feed)

    @path("feed/atom/", name="feed_atom")
    def atom_feed(self, request):
        return self.serve_feed(request, Atom1Feed)

    def feed_items(self):
        """The latest published live public items, for anonymous readers whatever the requester is; never a
        withdrawn one."""
        return exclude_withdrawn(self.get_listing_queryset(None)).order_by("-first_published_at", "-pk")[:FEED_LENGTH]

    def serve_feed(self, request, feed_class):
        """Each item is dated by its first publication and its latest change (`updated`), never by the day it
        is about (an exam day, a document's date of issue); every address is on SITE_URL; the school is the
        author (Atom requires one)."""
        school = SchoolSettings.for_request(request)
        feed = feed_class(
            title=self.title,
            link=page_url(self, request),
            description=self.summary or self.title,
            language=self.locale.language_code,
            feed_url=absolute_url(request.path),
            author_name=school.school_name,
        )
        for item in self.feed_items():
            published = item.first_published_at or item.last_published_at or timezone.now()
            link = page_url(item, request)
            feed.add_item(
                title=item.title,
                link=link,
                description=item.summary or "",
                pubdate=published,
                updateddate=item.last_published_at or published,
                unique_id=link,
            )
        response = HttpResponse(content_type=f"{feed.content_type}")
        feed.write(response, "utf-8")
        return response

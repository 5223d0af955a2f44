"""RSS 2.0 and Atom feeds for every listing page, at `<index url>feed/rss/` and `<index url>feed/atom/`.

A listing page mixes in `FeedRoutesMixin`; the feed carries what the listing shows to an anonymous
visitor (live, public, in the page's locale), so a feed can never leak a draft or an intranet page.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from home.change_notes import exclude_withdrawn

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
        """Newest live public items, for anonymous readers whatever the requester is; never a withdrawn one."""
        return exclude_withdrawn(self.get_listing_queryset(None))[:FEED_LENGTH]

    def serve_feed(self, request, feed_class):
        site_root = request.build_absolute_uri("/").rstrip("/")
        feed = feed_class(
            title=self.title,
            link=site_root + self.url,
            description=self.summary or self.title,
            language=self.locale.language_code,
            feed_url=request.build_absolute_uri(),
        )
        for item in self.feed_items():
            published = getattr(item, "date", None) or item.first_published_at or timezone.now()
            if not hasattr(published, "hour"):
                published = timezone.make_aware(timezone.datetime.combine(published, timezone.datetime.min.time()))
            feed.add_item(
                title=item.title,
                link=site_root + item.url,
                description=item.summary or "",
                pubdate=published,
                updateddate=item.last_published_at,
                unique_id=site_root + item.url,
            )
        response = HttpResponse(content_type=f"{feed.content_type}")
        feed.write(response, "utf-8")
        return response

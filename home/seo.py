"""What crawlers and shares read: the site's public address, canonical links and structured data.

Every absolute link the site hands out (sitemap, feeds, calendars, e-mails, canonical and Open Graph
links) is built from `settings.SITE_URL`, never from the request's Host header, which a proxy or a
visitor may set to anything. The default Site record follows it too (`bootstrap_site`, `site_address`).

Each page type describes itself to search engines through `structured_data()` (schema.org, as JSON-LD);
the functions here build the parts they share.
"""

import datetime
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe


def site_address(url=None):
    """(hostname, port) of `SITE_URL` as a Wagtail Site record stores them: 443 or 80 when the address
    names no port."""
    parts = urlsplit(url or settings.SITE_URL)
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def absolute_url(path):
    """`path` (e.g. a page's or an image's URL) on the site's public address; an absolute URL is kept."""
    if not path:
        return settings.SITE_URL + "/"
    if urlsplit(path).scheme:
        return path
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


def public_root_url(root_url):
    """The public form of a Site record's root URL.

    Wagtail's `Site.root_url` says https only for port 443, so a site on https with another port would
    get http links; the site at `SITE_URL`'s host and port gets `SITE_URL` itself.
    """
    parts = urlsplit(root_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return settings.SITE_URL if (parts.hostname, port) == site_address() else root_url


def page_url(page, request=None):
    """The page's absolute public address."""
    return absolute_url(page.get_url(request))


def iso(value):
    """A date or datetime as schema.org and Open Graph expect it (ISO 8601), or None."""
    return value.isoformat() if value else None


def local_iso(day, time=None):
    """A day, or a day and a time in the school's time zone, in ISO 8601 with its offset."""
    if time is None:
        return day.isoformat()
    return timezone.make_aware(datetime.datetime.combine(day, time)).isoformat()


def school_organization(school, home_url=None):
    """The school as a schema.org organisation: `HighSchool` with its governing body as parent."""
    data = {"@type": "HighSchool", "name": school.school_name, "logo": absolute_url(static("icons/icon-512.png"))}
    if home_url:
        data["url"] = home_url
    if school.address:
        data["address"] = school.address
    if school.phone:
        data["telephone"] = school.phone
    if school.email:
        data["email"] = school.email
    if school.facebook_url:
        data["sameAs"] = [school.facebook_url]
    if school.governing_body:
        data["parentOrganization"] = {"@type": "GovernmentOrganization", "name": school.governing_body}
    return data


def breadcrumb_list(crumbs):
    """A schema.org BreadcrumbList from [(name, absolute url)], home first."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def json_ld(items):
    """A `<script type="application/ld+json">` element holding `items` (a list of schema.org objects)."""
    graph = {"@context": "https://schema.org", "@graph": [item for item in items if item]}
    text = json.dumps(graph, ensure_ascii=False, default=str).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 (escaped above)

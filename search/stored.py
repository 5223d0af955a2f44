"""What a result shows, stored with the page in the engine's index, and who may see it, as index fields.

`stored_fields(page)` is computed when a page is indexed (search_backends.engine: the document's `display`
object, kept in `_source` and not searched) and, on the database backend, for the pages shown: either way
search.results builds the Hit from it (`hit_from_stored`), so a result renders the same whatever answered.
`visibility_fields(page)` are the index fields the engine filters on (`visibility_clauses`): the page's view
restriction (inherited from its ancestors) and the groups it admits, its withdrawal and its expiry. Every
change of them re-indexes the page (and, for a restriction, its subtree): search.signals.
"""

import datetime

from django.utils import timezone
from wagtail.models import PageViewRestriction

from accounts.staff import is_staff
from search.facets import page_values

SUMMARY_LENGTH = 300
THUMBNAIL_SPEC = "fill-160x120"

# `vis_restriction`: the strictest view restriction on the page or an ancestor.
PUBLIC = "none"
RESTRICTION_ORDER = {PUBLIC: 0, PageViewRestriction.LOGIN: 1, PageViewRestriction.GROUPS: 2, "password": 3}


def _restrictions(page):
    """(the strictest restriction type on `page` or an ancestor, the group ids a group restriction admits)."""
    strictest = PUBLIC
    groups = set()
    for restriction in page.get_view_restrictions().prefetch_related("groups"):
        kind = restriction.restriction_type
        if kind == PageViewRestriction.GROUPS:
            groups.update(group.pk for group in restriction.groups.all())
        if RESTRICTION_ORDER.get(kind, 3) > RESTRICTION_ORDER[strictest]:
            strictest = kind if kind in RESTRICTION_ORDER else "password"
    return strictest, sorted(groups)


def visibility_fields(page):
    """The engine's filter fields of `page`: restriction, admitted groups, withdrawn, expiry."""
    restriction, groups = _restrictions(page)
    return {
        "vis_restriction": restriction,
        "vis_groups": [str(pk) for pk in groups],
        "vis_withdrawn": bool(getattr(page, "withdrawn", False)),
        "vis_expire_at": page.expire_at.isoformat() if page.expire_at else None,
    }


def visibility_clauses(user, now=None):
    """Engine filter clauses: what `user` may see among live pages of a locale (the same rule as
    search.visibility): never withdrawn or expired; visitors only unrestricted pages; staff also pages
    behind a login restriction, and behind a group restriction admitting one of their groups (superusers:
    every group); password-protected pages never."""
    now = now or timezone.now()
    clauses = [
        {"bool": {"must_not": [{"term": {"vis_withdrawn": True}}]}},
        {"bool": {"must_not": [{"range": {"vis_expire_at": {"lte": now.isoformat()}}}]}},
    ]
    if not is_staff(user):
        clauses.append({"term": {"vis_restriction": PUBLIC}})
        return clauses
    allowed = [{"terms": {"vis_restriction": [PUBLIC, PageViewRestriction.LOGIN]}}]
    if user.is_superuser:
        allowed.append({"term": {"vis_restriction": PageViewRestriction.GROUPS}})
    else:
        group_ids = [str(pk) for pk in user.groups.values_list("pk", flat=True)]
        if group_ids:
            allowed.append(
                {
                    "bool": {
                        "filter": [
                            {"term": {"vis_restriction": PageViewRestriction.GROUPS}},
                            {"terms": {"vis_groups": group_ids}},
                        ]
                    }
                }
            )
    clauses.append({"bool": {"should": allowed, "minimum_should_match": 1}})
    return clauses


def visibility_mapping():
    return {
        "vis_restriction": {"type": "keyword"},
        "vis_groups": {"type": "keyword"},
        "vis_withdrawn": {"type": "boolean"},
        "vis_expire_at": {"type": "date"},
    }


def _thumbnail(page):
    image = page.get_sharing_image() if hasattr(page, "get_sharing_image") else None
    if image is None:
        return ""
    try:
        return image.get_rendition(THUMBNAIL_SPEC).url
    except Exception:  # a missing or unreadable file: no thumbnail, never a failed indexing
        return ""


def stored_fields(page, locale_code=None, thumbnail=True):
    """Everything a result of `page` shows: title, URL, type, date, school year and facet values,
    summary, document number, thumbnail URL, locale and expiry (JSON values). `locale_code`: the page's,
    when the caller knows it; `thumbnail=False`: not looked up (a query per page: the database path)."""
    described = page_values(page)
    summary = " ".join(str(page.search_description or getattr(page, "summary", "") or "").split())
    return {
        "pk": page.pk,
        "title": page.title,
        "url": page.get_url() or "",
        "slug": page.slug,
        "type": described["type"],
        "date": described["date"].isoformat() if described["date"] else None,
        "values": described["values"],
        "summary": summary[:SUMMARY_LENGTH],
        "document_number": str(getattr(page, "document_number", "") or ""),
        "thumbnail": _thumbnail(page) if thumbnail else "",
        "locale": locale_code or (page.locale.language_code if page.locale_id else ""),
        "expire_at": page.expire_at.isoformat() if page.expire_at else None,
    }


def stored_date(stored):
    return datetime.date.fromisoformat(stored["date"]) if stored.get("date") else None


def stored_expiry(stored):
    return datetime.datetime.fromisoformat(stored["expire_at"]) if stored.get("expire_at") else None

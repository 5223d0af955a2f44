"""Who may see what in search: live pages of the locale (public ones for everybody, intranet ones for staff,
accounts.staff.is_staff) and documents in collections the reader may open. Nobody sees drafts, scheduled,
expired or withdrawn pages; password-protected pages never appear in search."""

from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

from accounts.staff import is_staff
from home.cache import until_next_purge
from home.change_notes import exclude_withdrawn
from home.models import private_pages_q

# How long the visitors' visible pages are kept at most (home.cache.until_next_purge drops them sooner).
VISIBILITY_TIMEOUT = 60


def _restriction_passes(restriction, user):
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return True
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        return user.is_superuser or restriction.groups.filter(pk__in=user.groups.all()).exists()
    return False  # password-protected pages never appear in search


def visible_pages(user, locale, for_backend=False, request=None):
    """Live pages of the locale that the user may open; nobody sees drafts, scheduled, expired or withdrawn pages.
    `for_backend`: only the conditions every search backend can filter on (the rest is checked after); for
    visitors that query (the withdrawn ids, the restricted subtrees) is kept until the next purge, as the
    results of search.cache are: `request` holds the content version read once per request."""
    if for_backend and not is_staff(user):
        # A queryset pickled whole would be evaluated; its query is not (Django's documented way).
        queryset = Page.objects.all()
        queryset.query = until_next_purge(
            request,
            f"search:visible-pages:{locale.pk}",
            lambda: _visible_pages(user, locale, for_backend).query,
            VISIBILITY_TIMEOUT,
        )
        return queryset
    return _visible_pages(user, locale, for_backend)


def _visible_pages(user, locale, for_backend):
    queryset = exclude_withdrawn(Page.objects.live().filter(locale=locale), for_search_backend=for_backend)
    if not for_backend:
        queryset = not_expired(queryset)
    if not is_staff(user):
        return queryset.exclude(private_pages_q())
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related("groups"):
        if not _restriction_passes(restriction, user):
            queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
    return queryset


def not_expired(pages):
    """What a search backend cannot filter on: pages past their expiry date whose status is not updated yet."""
    return pages.exclude(expire_at__lte=timezone.now())


def visible_documents(user):
    documents = get_document_model().objects.all()
    staff = is_staff(user)
    for restriction in CollectionViewRestriction.objects.select_related("collection").prefetch_related("groups"):
        passes = staff and _restriction_passes(restriction, user)
        if not passes:
            collection = restriction.collection
            documents = documents.exclude(collection__path__startswith=collection.path)
    return documents


def documents_still_visible(documents, user):
    """Whether every attached file (of a cached search) may still be shown to `user`."""
    pks = {document.pk for document in documents}
    return visible_documents(user).filter(pk__in=pks).count() == len(pks)

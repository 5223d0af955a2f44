"""Images in a restricted collection (the intranet's "Nội bộ") are served only to those the collection's
view restriction lets in, by every address they have: the original (`original_images/…`) and each
rendition (`images/…`, whose names anyone can derive from the original's).

Wagtail restricts documents by collection but serves image files straight from MEDIA_ROOT; here every
image file goes through `site_lak.views.media`, which asks `image_restriction_response` first (nginx
hands `/media/original_images/` and `/media/images/` to Django, docs/deploy.md). A site with no
restricted collection pays no query per image file (the restrictions are kept until the next purge).
"""

from django.core.exceptions import PermissionDenied
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction
from wagtail.wagtail_hooks import require_wagtail_login

from home.cache import until_next_purge

ORIGINALS = "original_images/"
RENDITIONS = "images/"
IMAGE_PREFIXES = (ORIGINALS, RENDITIONS)


def image_collection_path(path):
    """The tree path of the collection of the image whose file (original or rendition) is at `path`."""
    Image = get_image_model()
    if path.startswith(ORIGINALS):
        return Image.objects.filter(file=path).values_list("collection__path", flat=True).first()
    Rendition = Image.get_rendition_model()
    return Rendition.objects.filter(file=path).values_list("image__collection__path", flat=True).first()


def image_restrictions(request, path):
    """The view restrictions on the image file at `path` (empty for public images and other files). The
    list of collection restrictions is kept until the next purge (a restriction's change purges), so a
    site without restricted collections asks the database nothing per image."""
    if not path.startswith(IMAGE_PREFIXES):
        return []
    restrictions = until_next_purge(
        request,
        "media:collection-restrictions",
        lambda: list(CollectionViewRestriction.objects.select_related("collection")),
        600,
    )
    if not restrictions:
        return []
    collection_path = image_collection_path(path)
    if collection_path is None:
        return []
    return [restriction for restriction in restrictions if collection_path.startswith(restriction.collection.path)]


def image_restriction_response(request, path):
    """None when the requester may have the file at `path`; otherwise a redirect to the sign-in page
    (anonymous visitors) or PermissionDenied (signed-in users outside the collection's groups).
    Also says whether the file is restricted, so its response is never stored by a shared cache."""
    restrictions = image_restrictions(request, path)
    for restriction in restrictions:
        if not restriction.accept_request(request):
            if request.user.is_authenticated:
                raise PermissionDenied
            return require_wagtail_login(request.get_full_path()), True
    return None, bool(restrictions)

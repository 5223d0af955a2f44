"""The click-through redirect used by the result links: /api/search/click/<token>/?to=<result>."""

import logging

from django.db import DatabaseError
from django.db.models import F
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from search_analytics.models import QueryRecord
from search_analytics.records import flush_records

logger = logging.getLogger(__name__)


@require_GET
def click(request, token):
    """Count a click on a result of the search recorded as `token`, then go to the result (same site only)."""
    target = request.GET.get("to", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return JsonResponse({"error": _("Not a link on this site.")}, status=400)
    flush_records()  # the search's record may still wait in the shared cache
    try:
        QueryRecord.objects.filter(token=token).update(clicks=F("clicks") + 1)
    except DatabaseError as error:  # analytics must never stop a visitor (the database is locked, read-only…)
        logger.warning("could not count a click on a search result: %s", error.__class__.__name__)
    return HttpResponseRedirect(target)

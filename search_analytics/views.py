"""The click-through redirect used by the result links: /api/search/click/<token>/?to=<result>."""

import datetime
import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponseRedirect, JsonResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from search_analytics.models import QueryRecord
from search_analytics.records import RECORD_TIMEOUT, flush_records

logger = logging.getLogger(__name__)


@require_GET
def click(request, token):
    """Count a click on a result of the search recorded as `token`, then go to the result (same site only)."""
    target = request.GET.get("to", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return JsonResponse({"error": _("Not a link on this site.")}, status=400)
    flush_records()  # the search's record may still wait in the shared cache
    try:
        count_click(token)
    except DatabaseError as error:  # analytics must never stop a visitor (the database is locked, read-only…)
        logger.warning("could not count a click on a search result: %s", error.__class__.__name__)
    return HttpResponseRedirect(target)


def count_click(token):
    """One more click on the search `token`. Its record may not be written yet: without a shared cache it
    waits in the memory of the process that answered the search, which may not be this one. The click is
    then kept in a row of its own (QueryRecord.AWAITING_SEARCH) that the record fills when its batch comes."""
    if QueryRecord.objects.filter(token=token).update(clicks=F("clicks") + 1):
        return
    try:
        with transaction.atomic():
            # Clicks whose search never came (its record lost, or a made-up token) are dropped after a week.
            week_ago = timezone.now() - datetime.timedelta(seconds=RECORD_TIMEOUT)
            QueryRecord.objects.filter(created_at__lt=week_ago, **QueryRecord.AWAITING_SEARCH).delete()
            QueryRecord.objects.create(token=token, clicks=1, **QueryRecord.AWAITING_SEARCH)
    except IntegrityError:  # the record (or another click) arrived in between: its row exists now
        QueryRecord.objects.filter(token=token).update(clicks=F("clicks") + 1)

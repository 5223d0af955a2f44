"""The JSON API: GET /api/search/ (results, facets), /api/search/suggest/ (autocomplete) and the
click-through redirect used by the result links."""

import logging

from django.db import DatabaseError
from django.db.models import F
from django.http import HttpResponseRedirect, JsonResponse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from search.models import QueryRecord
from search.params import SearchParamsForm
from search.query import run_search
from search.suggestions import autocomplete

logger = logging.getLogger(__name__)


def _locale(request):
    code = request.GET.get("locale") or translation.get_language() or "vi"
    try:
        return Locale.objects.get(language_code=code)
    except Locale.DoesNotExist:
        return Locale.get_default()


def _private(response, request):
    """Answers depend on who asks (staff see intranet pages) and every search is counted: never shared."""
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
def api_search(request):
    locale_code = request.GET.get("locale", "")
    if locale_code and locale_code not in dict(SearchParamsForm.base_fields["locale"].choices):
        return JsonResponse({"error": _("Unknown language: %(value)s.") % {"value": locale_code[:20]}}, status=400)
    locale = _locale(request)
    with translation.override(locale.language_code):
        outcome = run_search(request.GET, request.user, locale, request=request)
        if outcome.errors:
            return JsonResponse({"error": " ".join(outcome.errors), "query": outcome.query}, status=400)
        return _private(JsonResponse(outcome.as_json(), json_dumps_params={"ensure_ascii": False}), request)


@require_GET
def api_suggest(request):
    text = request.GET.get("q", "")[:200]
    locale = _locale(request)
    suggestions = [{"title": title, "url": url} for title, url in autocomplete(text, request.user, locale)]
    return _private(JsonResponse({"query": text, "suggestions": suggestions}), request)


@require_GET
def click(request, record_id):
    """Count a click on a result of search `record_id`, then go to the result (same site only)."""
    target = request.GET.get("to", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return JsonResponse({"error": _("Not a link on this site.")}, status=400)
    try:
        QueryRecord.objects.filter(pk=record_id).update(clicks=F("clicks") + 1)
    except DatabaseError as error:  # analytics must never stop a visitor (the database is locked, read-only…)
        logger.warning("could not count a click on a search result: %s", error.__class__.__name__)
    return HttpResponseRedirect(target)

"""The JSON API: GET /api/search/ (results, facets) and /api/search/suggest/ (autocomplete); the click-through
redirect of the result links is search_analytics.views.click."""

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from search.params import SearchParamsForm
from search.query import run_search
from search.suggestions import autocomplete


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

"""Every non-empty search in the analytics report (search_analytics.QueryRecord: Admin → Reports → Site search
queries): the normalised query, locale, result count, type filter and the backend that answered; no user,
IP address or session."""

import logging

from search_analytics.models import QueryRecord

logger = logging.getLogger(__name__)


def record_outcome(text, locale, outcome, result_type):
    """Record the search of `text` that gave `outcome`: the record's id, or None."""
    outcome.record_fields = {
        "query": text.lower()[:200],
        "locale": locale.language_code,
        "result_count": outcome.count + len(outcome.promoted),
        "result_type": result_type,
        "backend": outcome.backend or "none",
    }
    return record_search(outcome.record_fields)


def record_search(fields):
    """One search in the analytics report (a QueryRecord of `fields`): its id, or None if it failed."""
    try:
        return QueryRecord.objects.create(**fields).pk
    except Exception as error:  # analytics must never break a search
        logger.warning("could not record a search query: %s", error.__class__.__name__)
        return None

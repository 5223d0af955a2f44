"""Every non-empty search in the analytics report (search_analytics.QueryRecord: Admin → Reports → Site search
queries): the normalised query, locale, result count, type filter and the backend that answered; no user,
IP address or session.

A search writes nothing to the database: its record waits in the cache where pages are kept
(home.cache.get_cache: Redis, shared by every process, when CACHE_URL names it; else the process's memory,
never the database cache table) under a random token, which is also its click-through id (`record_search`,
one `incr` and one `set`). The waiting records are written in one batch (`flush_records`, one bulk insert)
after a response once the oldest has waited SEARCH_RECORD_BATCH_SECONDS, by the worker on every round (it
sees them with Redis), and before a click or the report is counted. Writing a batch twice (two processes
at once) cannot duplicate a record: the token is unique. A click may come before its record is written
(on another process, without a shared cache): it waits in a row under the token, which the record fills.
"""

import logging
import secrets
import time

from django.conf import settings
from django.db import DatabaseError, transaction

from home.cache import get_cache
from search_analytics.models import QueryRecord

logger = logging.getLogger(__name__)

NEXT_KEY = "search:records:next"  # the number of the last record put in the cache
DONE_KEY = "search:records:done"  # every record up to this number is in the database (or lost)
SINCE_KEY = "search:records:since"  # when the oldest record still waiting was put in the cache
LOCK_KEY = "search:records:flushing"
RECORD_TIMEOUT = 7 * 24 * 3600  # a record not written within a week (no worker, no search) is dropped
# Numbers this close to the last one may be missing only because their search has not stored them yet.
IN_FLIGHT = 50
RECORD_FIELDS = ["query", "locale", "result_count", "result_type", "backend", "created_at"]

_waiting = False  # whether this process put a record in the cache since its last batch


def _record_key(number):
    return f"search:records:{number}"


def record_outcome(text, locale, outcome, result_type):
    """Record the search of `text` that gave `outcome`: the record's token (its click-through id), or None."""
    outcome.record_fields = {
        "query": text.lower()[:200],
        "locale": locale.language_code,
        "result_count": outcome.count + len(outcome.promoted),
        "result_type": result_type,
        "backend": outcome.backend or "none",
    }
    return record_search(outcome.record_fields)


def record_search(fields):
    """One search for the analytics report (a QueryRecord of `fields`), kept in the cache until the next
    batch: its token, or None if it could not be kept."""
    global _waiting
    token = secrets.token_hex(8)
    cache = get_cache()
    try:
        cache.add(NEXT_KEY, 0, None)
        number = cache.incr(NEXT_KEY)
        cache.set(_record_key(number), {**fields, "token": token, "at": time.time()}, RECORD_TIMEOUT)
        cache.add(SINCE_KEY, time.time(), RECORD_TIMEOUT)
    except Exception as error:  # analytics must never break a search
        logger.warning("could not record a search query: %s", error.__class__.__name__)
        return None
    _waiting = True
    return token


def _waiting_records(cache, done, last):
    """The records numbered done+1..last, and the number up to which they are all accounted for."""
    numbers = list(range(done + 1, last + 1))
    found = cache.get_many([_record_key(number) for number in numbers])
    records = []
    settled = done
    for number in numbers:
        entry = found.get(_record_key(number))
        if entry is None and number > last - IN_FLIGHT and time.time() - cache.get(SINCE_KEY, 0) < 60:
            break  # perhaps not stored yet: the next batch looks again
        settled = number
        if entry is not None:
            records.append(entry)
    return records, settled


def flush_records():
    """Write the records waiting in the cache to the database in one insert; how many were written.
    A failure (the database is read-only or down) keeps them for the next batch."""
    global _waiting
    cache = get_cache()
    if not cache.add(LOCK_KEY, 1, 60):  # another process is writing this batch
        return 0
    try:
        done = cache.get(DONE_KEY, 0)
        last = cache.get(NEXT_KEY, 0)
        if last <= done:
            cache.delete(SINCE_KEY)
            _waiting = False
            return 0
        records, settled = _waiting_records(cache, done, last)
        rows = [QueryRecord(**{name: value for name, value in entry.items() if name != "at"}) for entry in records]
        with transaction.atomic():  # a refused batch leaves the caller's transaction usable
            # A row already there under a token holds the clicks that came first (views.count_click): the record
            # fills in its fields and keeps them. A batch written twice writes the same values again.
            QueryRecord.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["token"], update_fields=RECORD_FIELDS
            )
        cache.set(DONE_KEY, settled, None)
        cache.delete_many([_record_key(number) for number in range(done + 1, settled + 1)])
        if settled >= last:
            cache.delete(SINCE_KEY)
            _waiting = False
        return len(rows)
    except DatabaseError as error:
        logger.warning("could not write the search queries: %s", error.__class__.__name__)
        return 0
    finally:
        cache.delete(LOCK_KEY)


def flush_after_response(**kwargs):
    """request_finished: once the response is sent, write the batch when its oldest record has waited
    SEARCH_RECORD_BATCH_SECONDS (only in a process that recorded a search since its last batch)."""
    if not _waiting:
        return
    try:
        since = get_cache().get(SINCE_KEY)
    except Exception:  # the cache is down: the records are lost with it
        return
    if since is None or time.time() - since >= settings.SEARCH_RECORD_BATCH_SECONDS:
        flush_records()


def flush_before_exit():
    """atexit: the records this process put in the cache and has not written yet, before it goes."""
    if not _waiting:
        return
    try:
        flush_records()
    except Exception as error:  # the process is leaving: say so, never fail its exit
        logger.warning("search queries not written at exit: %s", error.__class__.__name__)

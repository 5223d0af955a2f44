"""After each response, the searches waiting in the cache are written once the oldest has waited
SEARCH_RECORD_BATCH_SECONDS (search_analytics.records)."""

from django.core.signals import request_finished

from search_analytics.records import flush_after_response


def connect():
    request_finished.connect(flush_after_response, dispatch_uid="search_records_after_response")

"""After each response, the searches waiting in the cache are written once the oldest has waited
SEARCH_RECORD_BATCH_SECONDS (search_analytics.records); a process that leaves (a gunicorn worker stopped or
recycled after its max_requests) writes those still waiting first: without a shared cache (the embedded
default) they wait in its own memory, and nothing else could write them."""

import atexit

from django.core.signals import request_finished

from search_analytics.records import flush_after_response, flush_before_exit


def connect():
    request_finished.connect(flush_after_response, dispatch_uid="search_records_after_response")
    atexit.register(flush_before_exit)

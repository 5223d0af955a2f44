"""A burst of simultaneous submissions on PostgreSQL: nothing lost, codes unique, statistics right."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from feedback.forms import sign_timestamp
from feedback.records import Feedback
from feedback.stats import feedback_statistics

BURST = 20


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_lose_nothing(site_tree):
    categories = ["question", "suggestion", "complaint", "press"]
    barrier = threading.Barrier(BURST)
    statuses, errors = [], []

    def send(number):
        try:
            client = Client()
            data = {
                "category": categories[number % len(categories)],
                "subject": f"Góp ý số {number}",
                "message": "Nội dung góp ý đồng thời.",
                "consent": "on",
                "email": f"nguoigui{number}@example.com",
                "started": sign_timestamp(time.time() - 10),
            }
            barrier.wait(timeout=30)
            statuses.append(client.post("/vi/gop-y/", data, REMOTE_ADDR=f"10.1.0.{number}").status_code)
        except Exception as error:  # reported below; a thread must not die silently
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(number,)) for number in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [302] * BURST
    references = list(Feedback.objects.values_list("reference", flat=True))
    assert len(references) == BURST and len(set(references)) == BURST
    assert sorted(Feedback.objects.values_list("subject", flat=True)) == sorted(f"Góp ý số {n}" for n in range(BURST))
    stats = feedback_statistics()
    assert stats["total"] == BURST
    assert {row["key"]: row["count"] for row in stats["by_category"]} == {
        "question": 5,
        "suggestion": 5,
        "complaint": 5,
        "press": 5,
        "false-information": 0,
    }
    cache.clear()

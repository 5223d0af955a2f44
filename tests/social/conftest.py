import io

import pytest
from django.core.management import call_command

from tests.faults_support import DATABASE_TASKS
from tests.social.fake_graph import PAGE_ID, TOKEN, FakeGraph


@pytest.fixture
def graph(settings, site_tree):
    """A fake Graph API the site is configured to post to, with tasks queued in the database for the worker."""
    settings.TASKS = DATABASE_TASKS
    with FakeGraph() as fake:
        settings.FACEBOOK_GRAPH_URL = fake.url
        settings.FACEBOOK_PAGE_ID = PAGE_ID
        settings.FACEBOOK_PAGE_TOKEN = TOKEN
        yield fake


@pytest.fixture
def run_worker():
    """One round of the site's real background worker (`run_worker --once`)."""

    def run():
        call_command("run_worker", once=True, stdout=io.StringIO())

    return run

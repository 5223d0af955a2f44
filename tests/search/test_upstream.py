"""Tripwires of search/upstream.py: each fails once Wagtail or modelsearch changes what the workaround is for."""

import sys

import pytest
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.opensearch2 import OpenSearch2Mapping

from news.models import NewsPage
from search.upstream import AUTOCOMPLETE_ANALYZER_CONFIG
from search_backends.engine import VietnameseMappingMixin
from tests.factories import news_page


def test_stock_wagtail_still_has_13005():
    """Fails once upstream fixes wagtail/wagtail#13005 (autocomplete searched with `standard`, so accented
    prefixes find nothing); then our autocomplete analyzers can go."""
    assert OpenSearch2Mapping.edgengram_analyzer_config["search_analyzer"] == "standard"
    assert VietnameseMappingMixin.edgengram_analyzer_config is AUTOCOMPLETE_ANALYZER_CONFIG


@pytest.mark.django_db
def test_upstream_gap_database_rows_are_built_by_the_modules_object_indexer(site_tree):
    """modelsearch's database backends have no setting for how an index row's text is prepared: they build
    rows with their module's `ObjectIndexer`, which `patch_object_indexer` replaces. Fails once they build
    them otherwise (the replacement would silently stop adding the folded forms)."""
    backend = get_search_backend()
    if not getattr(backend, "vietnamese", False) or backend.__module__ != "search_backends.database":
        pytest.skip("the database backend is not the default one here (an engine is)")
    module = sys.modules[type(backend).__mro__[1].__module__]
    assert module.ObjectIndexer.vietnamese_patch
    page = news_page(site_tree["vi"], "Kế hoạch họp hội đồng", slug="ke-hoach-hop-hoi-dong")
    found = backend.search("ke hoach hoi dong", NewsPage.objects.live())
    assert page.pk in [hit.pk for hit in found]

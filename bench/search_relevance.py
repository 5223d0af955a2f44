"""Relevance of the site search on Vietnamese queries: nDCG@10 and MRR per backend, accented and unaccented.

Builds a throw-away site from bench/data/search_corpus.json (38 pages: news, policies, exams, people, and
the editors' synonym list), indexes it, and runs the 68 judged queries of bench/data/search_queries.json
through `search.query.run_search` (the function behind the page and the API), as an anonymous visitor,
once as written and once without diacritics. Every backend configured in WAGTAILSEARCH_BACKENDS is
measured: with SEARCH_URL set that is the engine ("default") and the database backend ("database").

    python bench/search_relevance.py [--check]                         # SQLite FTS5
    SEARCH_URL=opensearch://127.0.0.1:9200 python bench/search_relevance.py
    DATABASE_URL=postgres://…/site_lak_bench SEARCH_URL=opensearch://… python bench/search_relevance.py

Unless DATABASE_URL is given, a fresh SQLite file in the temporary directory is used. Gains are graded
(judgment 3 = the page asked for, 2 = strongly related, 1 = related; gain 2^g − 1); MRR counts the first
result judged 2 or 3.
"""

import datetime
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(ROOT))


# The targets; `--check` (as CI runs it) exits 1 when a backend misses one.
TARGET_NDCG = 0.9
TARGET_GAP = 0.03


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_lak.settings.test")
    os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench_")
    # Every backend searches: an anonymous answer kept by search.cache would be served to the next backend.
    os.environ.setdefault("SEARCH_CACHE_TIMEOUT", "0")
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / "site_lak_search_relevance.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()


def model_fields(model, values):
    names = {field.name for field in model._meta.get_fields()}
    return {key: value for key, value in values.items() if key in names and value not in (None, "")}


def build_site(corpus):
    from django.core.management import call_command

    from core.bootstrap import bootstrap
    from search.models import Synonym
    from tests.factories import publish_child, section

    call_command("migrate", verbosity=0)
    home, _home_en = bootstrap()
    for row in corpus["synonyms"]:
        Synonym.objects.update_or_create(term=row["term"], defaults={"expansions": "\n".join(row["expansions"])})
    from exams.models import ExamNoticePage
    from news.models import NewsPage
    from people.models import PersonPage
    from policies.models import PolicyPage

    sections = {"news": "tin-tuc", "policy": "van-ban", "person": "guong-sang", "exam": "thi-tuyen-sinh"}
    slugs = {}
    for doc in corpus["documents"]:
        date = datetime.date.fromisoformat(doc["date"]) if doc.get("date") else None
        common = {"title": doc["title"], "slug": f"bench-{doc['id']}", "summary": doc["text"]}
        if doc["type"] == "news":
            page = NewsPage(**model_fields(NewsPage, {**common, "date": date, "category": doc.get("category")}))
        elif doc["type"] == "policy":
            values = {
                **common,
                "document_number": doc["number"],
                "document_type": doc["doc_type"],
                "issuer": doc["issuer"],
                "issued_date": date,
            }
            page = PolicyPage(**model_fields(PolicyPage, values))
        elif doc["type"] == "exam":
            values = {**common, "exam_date": date, "school_year": doc.get("school_year")}
            page = ExamNoticePage(**model_fields(ExamNoticePage, values))
        else:
            values = {**common, "role": doc.get("role"), "school_year": doc.get("school_year")}
            page = PersonPage(**model_fields(PersonPage, values))
        slugs[page.slug] = doc["id"]
        existing = section(home, sections[doc["type"]]).get_children().filter(slug=page.slug).first()
        if existing is None:
            publish_child(section(home, sections[doc["type"]]), page)
    call_command("update_index", verbosity=0)
    return home.locale, slugs


def dcg(gains):
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def evaluate(queries, locale, slugs, fold_queries):
    from django.contrib.auth.models import AnonymousUser

    from core.vietnamese import fold
    from search.query import run_search

    ndcgs, rrs, timings, misses = [], [], [], []
    for item in queries:
        text = fold(item["q"]) if fold_queries else item["q"]
        started = time.perf_counter()
        outcome = run_search({"q": text, "page_size": 10}, AnonymousUser(), locale, record=False)
        timings.append(time.perf_counter() - started)
        ranked = [slugs.get(hit.slug) for hit in outcome.promoted + outcome.hits][:10]
        judgments = item["rel"]
        gains = [2 ** judgments.get(doc_id, 0) - 1 for doc_id in ranked]
        ideal = sorted((2**grade - 1 for grade in judgments.values()), reverse=True)[:10]
        ndcgs.append(dcg(gains) / dcg(ideal))
        first = next((rank for rank, doc_id in enumerate(ranked) if judgments.get(doc_id, 0) >= 2), None)
        rrs.append(1 / (first + 1) if first is not None else 0.0)
        if ndcgs[-1] < 0.8:
            misses.append((text, round(ndcgs[-1], 2), ranked[:3]))
    return statistics.mean(ndcgs), statistics.mean(rrs), statistics.median(timings), misses


def main():
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    corpus = json.loads((DATA / "search_corpus.json").read_text(encoding="utf-8"))
    queries = json.loads((DATA / "search_queries.json").read_text(encoding="utf-8"))
    locale, slugs = build_site(corpus)
    configured = dict(settings.WAGTAILSEARCH_BACKENDS)

    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(
        f"inputs: {len(corpus['documents'])} pages, {len(queries)} judged queries, {len(corpus['synonyms'])} synonyms"
    )
    print(f"database: {connection.vendor}")
    print(f"{'backend':<34} {'queries':<11} {'nDCG@10':>8} {'MRR':>6} {'median ms':>10}")
    failures = []
    missed_targets = []
    for name, config in configured.items():
        label = config["BACKEND"].rsplit(".", 1)[-1]
        if name == "database" or "URLS" not in config:
            label = f"{label} ({connection.vendor})"
        # Measure each backend alone: it becomes "default" and nothing else is configured.
        with override_settings(WAGTAILSEARCH_BACKENDS={"default": config}):
            results = {}
            for folded in (False, True):
                ndcg, mrr, median, misses = evaluate(queries, locale, slugs, folded)
                results[folded] = ndcg
                kind = "unaccented" if folded else "accented"
                print(f"{label:<34} {kind:<11} {ndcg:>8.3f} {mrr:>6.3f} {median * 1000:>10.1f}")
                failures.extend((label, kind, miss) for miss in misses)
            print(f"{'':<34} {'difference':<11} {results[False] - results[True]:>8.3f}")
            if min(results.values()) < TARGET_NDCG:
                missed_targets.append(f"{label}: nDCG@10 {min(results.values()):.3f} < {TARGET_NDCG}")
            if results[False] - results[True] > TARGET_GAP:
                missed_targets.append(f"{label}: unaccented trails accented by {results[False] - results[True]:.3f}")
    if failures:
        print("queries below nDCG@10 0.8 (query, nDCG, top 3):")
        for label, kind, miss in failures:
            print(f"  {label} {kind}: {miss}")
    if "--check" in sys.argv:
        if missed_targets:
            print("TARGETS MISSED: " + "; ".join(missed_targets))
            sys.exit(1)
        print(f"targets met: nDCG@10 >= {TARGET_NDCG} on every backend, unaccented within {TARGET_GAP}")


if __name__ == "__main__":
    main()

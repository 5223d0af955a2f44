"""Editors' synonyms (Snippets → Search synonyms), applied at query time: a query with either form also
searches the other. The list is cached and dropped when an editor saves it (search.apps)."""

import re

from django.core.cache import cache
from modelsearch.query import Or, PlainText

from core.vietnamese import clean_query, fold
from search.models import Synonym

CACHE_KEY = "search:synonyms"
MAX_VARIANTS = 6


def forget_synonyms(**kwargs):
    """An editor changed the synonym list: the next search reads it again."""
    cache.delete(CACHE_KEY)


def _synonym_rows():
    rows = cache.get(CACHE_KEY)
    if rows is None:
        rows = [(row.term, row.expansion_list()) for row in Synonym.objects.all()]
        cache.set(CACHE_KEY, rows, 300)
    return rows


def _contains_words(haystack, needle):
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def _group_variants(group, folded_text, variants):
    """The forms `folded_text` takes with each other member of a synonym `group` it contains (the first
    member found); whether it contained one."""
    for member in group:
        folded_member = fold(member)
        if not folded_member or not _contains_words(folded_text, folded_member):
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(folded_member)}(?!\w)")
        for other in group:
            if other is member or not other:
                continue
            replaced = pattern.sub(lambda _match, other=other: other, folded_text)
            if replaced not in {fold(v) for v in variants}:
                variants.append(replaced)
        return True
    return False


def query_variants(text):
    """The query and the forms editors' synonyms give it, compared without accents or case:
    "điểm thi THPT" → also "điểm thi trung học phổ thông" (and the reverse)."""
    variants = [text]
    folded_text = fold(text)
    for term, expansions in _synonym_rows():
        group = [clean_query(term)] + [clean_query(expansion) for expansion in expansions]
        _group_variants(group, folded_text, variants)
    return variants[:MAX_VARIANTS]


def build_query(text, operator="and"):
    variants = query_variants(text)
    queries = [PlainText(variant, operator=operator) for variant in variants]
    return queries[0] if len(queries) == 1 else Or(queries)

"""Suggestions: titles that complete what is being typed (autocomplete), and "did you mean" — other spellings
made of words the index holds, each run before it is offered."""

import difflib
import logging
from collections import Counter

from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from core.vietnamese import clean_query, fold
from search import cache as search_cache
from search.facets import matches
from search.hits import backend_hits, backend_names
from search.results import resolved_hits
from search.visibility import visible_pages
from search_backends import search_backend

logger = logging.getLogger(__name__)


def autocomplete(text, user, locale, limit=8):
    """Titles that start with what was typed (accents optional): [(title, url)]."""
    text = clean_query(text)
    if not text:
        return []
    for name in backend_names():
        try:
            backend = search_backend(name)
            # A page past its expiry that the worker has not unpublished yet is no suggestion either.
            results = backend.autocomplete(text, visible_pages(user, locale, for_backend=True))[: limit * 2]
            now = timezone.now()
            return [(page.title, page.url) for page in results if not page.expire_at or page.expire_at > now][:limit]
        except Exception as error:  # engine down: try the database backend
            logger.warning("search autocomplete failed on %s: %s", name, error.__class__.__name__)
    return []


def _word_forms(locale):
    """Counter of the words of the live public pages' titles and search descriptions and documents' titles."""
    texts = []
    pages = Page.objects.live().public().filter(locale=locale)
    for title, description in pages.values_list("title", "search_description")[:5000]:
        texts.extend((title, description))
    # The document model is swappable: read when used.
    texts.extend(get_document_model().objects.values_list("title", flat=True)[:5000])
    forms = Counter()
    for text in texts:
        for word in clean_query(text or "", max_length=1000).lower().split():
            if len(word) > 1 and not word.isdigit():
                forms[word] += 1
    return forms


def _vocabulary(locale):
    """{folded word: (its most frequent written form, how many titles and descriptions use it)} of the
    live public pages (titles, search descriptions) and documents (titles): words the index holds."""
    key = f"search:vocabulary:v2:{locale.language_code}"
    vocabulary = search_cache.local_cache().get(key)
    if vocabulary is None:
        vocabulary = {}
        for word, count in _word_forms(locale).most_common():  # the most frequent written form comes first
            written, total = vocabulary.get(fold(word), (word, 0))
            vocabulary[fold(word)] = (written, total + count)
        search_cache.local_cache().set(key, vocabulary, 600)
    return vocabulary


def _closest(folded, vocabulary, limit):
    """Up to `limit` words of the vocabulary close to `folded`, the most similar and frequent first."""
    close = difflib.get_close_matches(folded, list(vocabulary), n=limit * 3, cutoff=0.75)

    def rank(candidate):
        return (round(difflib.SequenceMatcher(None, folded, candidate).ratio(), 2), vocabulary[candidate][1])

    return [vocabulary[candidate][0] for candidate in sorted(close, key=rank, reverse=True)[:limit]]


def spelling_candidates(text, locale, limit=3):
    """Other spellings of `text` made of words the index holds, likeliest first: each unknown word
    replaced by a close, frequent word. They are only guesses: `better_spelling` runs them."""
    vocabulary = _vocabulary(locale)
    options = []
    changed = False
    for word in text.split():
        folded = fold(word)
        if folded in vocabulary or word.isdigit():
            # A word typed without accents is shown with the accents the site's titles use.
            options.append([vocabulary[folded][0] if folded in vocabulary and folded == word.lower() else word])
            continue
        close = _closest(folded, vocabulary, limit)
        changed = changed or bool(close)
        options.append(close or [word])
    if not changed:
        return []
    candidates = []
    for index in range(limit):
        candidate = " ".join(choices[min(index, len(choices) - 1)] for choices in options)
        if candidate not in candidates:
            candidates.append(candidate)
    return candidates


def better_spelling(text, found_before, scope, margin):
    """The first spelling candidate that finds more than the `found_before` results of `text` (all of its
    words, where `text` found none or only some of them), or pages whose title has it as written:
    a suggestion is run before it is offered, never a guess that finds nothing or as little
    ("học bổng" → "học động", both words somewhere in one page, is not offered). `scope`: the search's
    search.query.Scope; `margin`: hits fetched beyond those needed, for the database check to drop."""
    for candidate in spelling_candidates(text, scope.locale):
        wanted = found_before + margin + 1
        found = backend_hits(candidate, scope, False, wanted)
        if found.relaxed or not found.hits:
            continue
        hits = [hit for hit in resolved_hits(found, scope) if matches(hit, scope.filters)]
        count = len(hits) + found.unfetched
        phrase = fold(candidate)
        if count > found_before or any(phrase in fold(hit.title) for hit in hits):
            return candidate
    return ""

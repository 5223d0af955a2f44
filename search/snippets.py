"""Snippets: an excerpt of each result shown around the first query word, the words wrapped in <mark>,
matched without accents (core.vietnamese.fold keeps offsets) and escaped."""

import bisect
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from modelsearch.index import SearchField

from core.vietnamese import fold, fold_normalised, normalise
from documents.models import DocumentText

SNIPPET_LENGTH = 220


def _page_text_parts(obj):
    """The page's search-field texts (the title aside), tags stripped and spaces collapsed, one at a time."""
    for search_field in type(obj).get_search_fields():
        if isinstance(search_field, SearchField) and search_field.field_name != "title":
            try:
                value = search_field.get_value(obj)
            except Exception:  # a field that cannot be read gives no snippet text, never an error page
                continue
            if isinstance(value, (list, tuple)):
                value = " ".join(str(item) for item in value)
            value = str(value) if value else ""
            if "<" in value:  # rich text (strip_tags parses HTML: slow, and plain text needs none)
                value = strip_tags(value)
            text = " ".join(value.split())
            if text:
                yield text


def page_snippet(page, words, length=SNIPPET_LENGTH):
    """highlight(the page's search-field texts, words), reading the fields only until the excerpt is
    settled: the first match is in the text read, and an unmarked word follows the excerpt (so nothing
    further on can change it). Pages that match in their summary or lead are not read further. Each
    field is normalised and folded once (their joins are the normalised and folded whole)."""
    folded_words = _folded_words(words)
    parts = []
    folded_parts = []
    read = 0
    matched = False
    for part in _page_text_parts(page):
        part = normalise(part)
        parts.append(part)
        folded_parts.append(fold_normalised(part))
        read += len(part) + 1
        matched = matched or bool(_spans(part, folded_words, folded_parts[-1]))
        if not matched or read <= length:  # no match yet, or the excerpt would reach past the text read
            continue
        text = " ".join(parts)
        spans = _spans(text, folded_words, " ".join(folded_parts))
        start, end = _excerpt_bounds(text, spans, length)
        if spans and text[max(end, spans[-1][1]) :].strip():
            return _excerpt(text, spans, start, end)
    return _highlighted(" ".join(parts), folded_words, length, " ".join(folded_parts))


def document_texts(document_pks):
    """{document pk: the text extracted from its file}, in one query (none without documents)."""
    if not document_pks:
        return {}
    return dict(DocumentText.objects.filter(document_id__in=document_pks).values_list("document_id", "text"))


def highlight(text, words, length=SNIPPET_LENGTH):
    """An escaped excerpt of `text` around the first query word, words wrapped in <mark>, matched
    without accents (fold keeps offsets)."""
    if not text:
        return ""
    return _highlighted(text, _folded_words(words), length)


def _highlighted(text, folded_words, length, folded=None):
    """highlight() with the words already folded (and `folded`: fold(text), when known)."""
    spans = _spans(text, folded_words, folded)
    return _excerpt(text, spans, *_excerpt_bounds(text, spans, length))


def _folded_words(words):
    return sorted({fold(word) for word in words if len(word) > 1 or word.isdigit()}, key=len, reverse=True)


def _spans(text, words, folded=None):
    """Where the (folded) `words` are in `text`, longest words first, adjacent ones merged, in order.
    `folded`: fold(text), when the caller has it already."""
    if folded is None:
        folded = fold(text)
    spans = []
    starts = []  # the starts of `spans`, kept sorted: the spans never overlap
    for word in words:
        for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", folded):
            index = bisect.bisect_left(starts, match.end())
            if index and spans[index - 1][1] > match.start():
                continue  # overlaps a match of a longer word
            starts.insert(index, match.start())
            spans.insert(index, (match.start(), match.end()))
    merged = []
    for span in spans:  # "<mark>năm</mark> <mark>học</mark>" → "<mark>năm học</mark>"
        if merged and not text[merged[-1][1] : span[0]].strip():
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _excerpt_bounds(text, spans, length):
    start = 0
    if spans:
        start = max(0, spans[0][0] - length // 4)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + length)
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _excerpt(text, spans, start, end):
    out = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[cursor:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(escape(text[cursor:end]))
    out.append("…" if end < len(text) else "")
    return mark_safe("".join(out))  # noqa: S308 — every piece of text above is escaped

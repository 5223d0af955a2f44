"""Normalising what backends index and search: every text NFC with one tone placement
(core.vietnamese.normalise), and a query tree rewritten so that each backend finds Vietnamese words with or
without their accents (on the database backend, as typed OR folded, plus the phrase)."""

from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText

from core.vietnamese import fold, normalise, split_separators


def normalise_value(value):
    if isinstance(value, str):
        return normalise(value)
    if isinstance(value, list):
        return [normalise_value(item) for item in value]
    if isinstance(value, dict):
        return {key: normalise_value(item) for key, item in value.items()}
    return value


def _query_text(text):
    return " ".join(split_separators(normalise(text)).split())


def prepare_query(query, folded_variants):
    """Normalise every text in a modelsearch query tree; with `folded_variants` (database backend) a text
    query becomes as-typed OR folded, plus its phrase forms when it has several words."""
    if isinstance(query, PlainText):
        text = _query_text(query.query_string)
        if not folded_variants:
            return PlainText(text, operator=query.operator)
        variants = [PlainText(text, operator=query.operator)]
        folded = fold(text)
        if folded != text.lower():
            variants.append(PlainText(folded, operator=query.operator))
        if len(text.split()) > 1:
            variants.append(Phrase(text))
            if folded != text.lower():
                variants.append(Phrase(folded))
        return variants[0] if len(variants) == 1 else Or(variants)
    if isinstance(query, Phrase):
        text = _query_text(query.query_string)
        if folded_variants and fold(text) != text.lower():
            return Or([Phrase(text), Phrase(fold(text))])
        return Phrase(text)
    if isinstance(query, Fuzzy):
        return Fuzzy(normalise(query.query_string), operator=query.operator)
    if isinstance(query, (And, Or)):
        return type(query)([prepare_query(sub, folded_variants) for sub in query.subqueries])
    if isinstance(query, Not):
        return Not(prepare_query(query.subquery, folded_variants))
    if isinstance(query, Boost):
        return Boost(prepare_query(query.subquery, folded_variants), query.boost)
    return query

"""SQLite FTS5 search results ranked in one pass over the full-text index (search_backends.database)."""

from django.db.models import Case, FloatField, Value, When
from modelsearch.backends.database.sqlite import sqlite as upstream
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class RankedOnceSQLiteCompilerMixin:
    """SQLite FTS5 results ranked by one pass over the full-text index instead of one per result.

    modelsearch scores each candidate with a correlated subquery that runs the FTS5 `MATCH` again for that
    row, so a search costs (matches × the index scan): at 10,000 pages a common query ("kế hoạch") took
    minutes. Here the matching entries and their bm25 scores are read once, the queryset keeps those it
    allows (one more query), they are ranked here, and only the slice asked for is read, with its scores.
    The order is upstream's (bm25 ascending: best first, then the newest pk). An unsliced search (a count,
    the whole list) is left to modelsearch: Django drops the unused score from a count.
    """

    def search(self, config, start, stop, score_field=None):
        normalized = normalize(self.query)
        if stop is None or not self.order_by_relevance or isinstance(normalized, (MatchAll, Not)):
            return super().search(config, start, stop, score_field)
        score_field = score_field or "_score"
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(normalized, config))
        entries = (
            upstream.SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model))
            .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
        )
        to_pk = self.queryset.model._meta.pk.to_python
        scores = {}
        for object_id, score in entries.values_list("index_entry__object_id", "score"):
            scores.setdefault(to_pk(object_id), score)
        allowed = self.queryset.filter(pk__in=entries.values("index_entry__object_id")).values_list("pk", flat=True)
        # Upstream's order: the best (lowest) bm25 first, then the newest pk (sorts are stable). A page indexed
        # between the two reads has no score yet and waits for the next search.
        newest_first = sorted((pk for pk in allowed if pk in scores), reverse=True)
        ranked = sorted(newest_first, key=scores.__getitem__)[start:stop]
        if not ranked:
            return self.queryset.none()
        score = Case(*(When(pk=pk, then=Value(scores[pk])) for pk in ranked), output_field=FloatField())
        return self.queryset.filter(pk__in=ranked).annotate(**{score_field: score}).order_by(score_field, "-pk")

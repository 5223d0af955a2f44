"""The anonymous query log behind the search report (Admin → Reports → Site search queries).

`QueryRecord` came from `search` (search 0004, search_analytics 0001): it keeps its table `search_queryrecord`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QueryRecordQuerySet(models.QuerySet):
    def searches(self):
        """The searches themselves, without the clicks still waiting for their search's record."""
        return self.exclude(backend=QueryRecord.AWAITING_SEARCH["backend"])


class QueryRecord(models.Model):
    """One search as typed (normalised), with no personal data: no user, address or session."""

    # A click that came before its search's record was written (search_analytics.views.count_click): the
    # row keeps the clicks and the record fills the rest when its batch is written (records.flush_records).
    AWAITING_SEARCH = {"query": "", "locale": "", "result_count": 0, "backend": ""}

    query = models.CharField(_("query"), max_length=200, db_index=True)
    locale = models.CharField(_("language"), max_length=8)
    result_count = models.PositiveIntegerField(_("results"))
    result_type = models.CharField(_("type filter"), max_length=16, blank=True)
    backend = models.CharField(_("answered by"), max_length=16)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # The click-through id given to the search before its record is written (search_analytics.records).
    token = models.CharField(_("token"), max_length=32, unique=True, null=True, editable=False)

    objects = QueryRecordQuerySet.as_manager()

    class Meta:
        db_table = "search_queryrecord"
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        ordering = ["-created_at"]

    def __str__(self):
        return self.query

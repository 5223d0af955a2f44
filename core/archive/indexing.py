"""Search and reference indexing around an import: switched off per save during the loop, done in bulk
for the imported pages at the end."""

import time
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import post_save
from modelcluster.models import get_all_child_relations
from modelsearch import signal_handlers
from modelsearch.index import get_indexed_models
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def deferred_indexing():
    """Switch off the per-save search and reference-index updates; the importer indexes in bulk afterwards.

    modelsearch connects `post_save_signal_handler` to every indexed model (one index write per save,
    and an import saves each page three times); Wagtail's reference index has its own switch.
    """
    disconnected = [
        model
        for model in get_indexed_models()
        if post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(signal_handlers.post_save_signal_handler, sender=model)


def refresh_reference_index(pages):
    """`ReferenceIndex.create_or_update_for_object` for a chunk of pages of one model, in a transaction.

    Pages with no reference recorded yet (new pages) get theirs in one insert for the chunk; Wagtail's
    method would first read each page's existing rows. The others go through Wagtail's method, which
    also deletes references that disappeared.
    """
    if not pages:
        return
    base_content_type = pages[0].get_base_content_type()
    recorded = set(
        ReferenceIndex.objects.filter(
            base_content_type=base_content_type, object_id__in=[str(page.pk) for page in pages]
        ).values_list("object_id", flat=True)
    )
    rows = []
    for page in pages:
        if str(page.pk) in recorded:
            ReferenceIndex.create_or_update_for_object(page)
            continue
        content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=page.pk,
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=connection.features.supports_ignore_conflicts)


def index_pages(touched, result, chunk_size=500):
    """Index the imported pages ({model: {pk}}) in bulk, as `update_index` does, and refresh their reference
    index; counts, time and a failure go into `result` (an `ImportResult`)."""
    started = time.perf_counter()
    backends = list(get_search_backends(with_auto_update=True))
    try:
        for model, pks in touched.items():
            pks = sorted(pks)
            # The reference index reads every inline relation of a page: one query per relation
            # for the chunk instead of one per page.
            relations = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
            for start in range(0, len(pks), chunk_size):
                chunk = model.get_indexed_objects().filter(pk__in=pks[start : start + chunk_size])
                with transaction.atomic():  # one commit a chunk, not one per page
                    pages = list(chunk.prefetch_related(*relations))
                    for backend in backends:
                        backend.add_bulk(model, pages)
                    refresh_reference_index(pages)
                result.indexed += len(pages)
    except Exception as error:  # the pages are saved; only the index lags behind
        result.index_error = f"{type(error).__name__}: {error}"
    result.index_seconds = time.perf_counter() - started

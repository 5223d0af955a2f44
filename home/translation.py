"""Creating English translations through wagtail-localize, so they stay linked to their source.

A translation made here is the same object an editor opens in the translation editor: its strings
live in translation memory, and later source edits can be synced into it.
"""

from django.db import transaction
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from home.upstream import save_draft_then_publish


@transaction.atomic
def translate_page(page, locale, strings, user=None, publish=True):
    """Translate `page` into `locale`, using `strings` ({source text: translated text}) where given.

    Strings without a translation fall back to the source text. Returns the translated page.
    """
    translation = _translation_with_strings(page, locale, strings, user)
    # Not wagtail-localize's own publication, which runs on commit with a stale page (home/upstream.py).
    return save_draft_then_publish(translation, page, locale, user=user, publish=publish)


@transaction.atomic
def translate_snippet(instance, locale, strings, user=None):
    """Translate a translatable snippet (home.models.SchoolTexts) into `locale` as the admin's
    "Translate" does; strings without a translation keep the source text. Returns the translation."""
    _translation_with_strings(instance, locale, strings, user).save_target(user=user)
    return instance.get_translation(locale)


def _translation_with_strings(instance, locale, strings, user):
    """wagtail-localize's translation of `instance` into `locale`, its strings filled from `strings`."""
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    source.update_from_db()
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale, defaults={"enabled": True})
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        target_text = strings.get(segment.string.data)
        if target_text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": target_text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
    return translation

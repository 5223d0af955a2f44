"""Workarounds of Wagtail, wagtail-localize and Django gaps in the shared kernel: admin strings, uploads, and the
translations the bootstrap and the demo make (docs/i18n.md).

- Wagtail's `SnippetViewSet.breadcrumbs_items` (wagtail/snippets/views/snippets.py) labels its first breadcrumb
  with a plain `gettext("Home")` when the admin's URLs load, so a snippet with its own menu item shows "Home"
  in whatever language the first request had. `LazyHomeBreadcrumbMixin` makes it lazy again. Tripwire:
  tests/site_lak/test_upstream_catalogue.py `test_upstream_gap_snippet_breadcrumb_is_translated_when_urls_load`.
- wagtail-localize's `TranslationSource.create_or_update_translation` (wagtail_localize/models.py) publishes a
  new page translation in a `transaction.on_commit` hook, with the revision as it was then: inside a longer
  transaction that adds children first, that stale copy overwrites the page's child count and hides its
  children. `save_draft_then_publish` publishes from the database at once. Tripwire: tests/home/test_upstream.py
  `test_upstream_gap_translation_is_published_when_the_transaction_commits`.
- Wagtail's and Django's upload messages (wagtail/images/fields.py, wagtail/documents/fields.py, Django's
  `FileExtensionValidator`) have no Vietnamese. `UPSTREAM_UPLOAD_MESSAGES` is never used: listing the msgids
  brings them into our catalogue (site_lak/locale), which Django consults before the apps' own. Tripwire:
  tests/home/test_admin_bad_input.py (fails once upstream ships its own translation; the entry can then go).
"""

from django.utils.translation import gettext_lazy, gettext_noop


class LazyHomeBreadcrumbMixin:
    """A snippet viewset's first breadcrumb says "Home" in the editor's language."""

    @property
    def breadcrumbs_items(self):
        home, *rest = super().breadcrumbs_items
        return [{**home, "label": gettext_lazy("Home")}, *rest]


def save_draft_then_publish(translation, page, locale, user=None, publish=True):
    """Save wagtail-localize's translation of `page` into `locale` as a draft, then publish it here, from the
    database, instead of in wagtail-localize's on_commit hook. Returns the translated page."""
    translation.save_target(user=user, publish=False)
    target = page.get_translation(locale)
    if publish:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target


UPSTREAM_UPLOAD_MESSAGES = [
    # wagtail.images.fields.WagtailImageField
    gettext_noop("Supported formats: %(supported_formats)s. Maximum filesize: %(max_upload_size)s."),
    gettext_noop("Not a supported image format. Supported formats: %(supported_formats)s."),
    gettext_noop("Not a valid .%(extension)s image. The extension does not match the file format (%(image_format)s)"),
    gettext_noop("This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s."),
    # wagtail.images.fields and wagtail.documents.fields
    gettext_noop("This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s."),
    gettext_noop("This file is too big. Maximum filesize %(max_filesize)s."),
    gettext_noop("Maximum filesize: %(max_upload_size)s."),
    # django.core.validators.FileExtensionValidator (documents: WAGTAILDOCS_EXTENSIONS)
    gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."),
]

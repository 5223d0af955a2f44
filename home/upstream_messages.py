"""Vietnamese for the upload messages Wagtail and Django show in the admin but do not translate.

Never imported: listing the exact upstream msgids here brings them into our catalogue
(site_lak/locale), which Django consults before the apps' own, so an editor who uploads an oversized
file, a file that is not an image, or a forbidden document type reads why in Vietnamese.
tests/test_admin_bad_input.py fails once upstream ships its own translation; the entry can then go.
"""

from django.utils.translation import gettext_noop

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

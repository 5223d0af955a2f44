"""Uploads the admin refuses: a clear message in Vietnamese (the admin's language), nothing stored.

Malformed số ký hiệu and dates are covered in tests/policies/test_policies.py, key dates in tests/exams/test_exams.py,
decompression bombs in tests/site_lak/test_security.py.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.upstream import UPSTREAM_UPLOAD_MESSAGES

pytestmark = pytest.mark.django_db


def png_bytes(padding=0):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue() + b"\0" * padding


def stored_files():
    media = Path(settings.MEDIA_ROOT)
    return {path for path in media.rglob("*") if path.is_file()} if media.exists() else set()


def vietnamese(message, **params):
    with translation.override("vi"):
        translated = gettext(message)
    assert translated != message, f"no Vietnamese for {message!r}"
    return translated % params if params else translated


@pytest.mark.parametrize(
    "name, content, message, params",
    [
        (
            "anh-qua-lon.png",
            png_bytes(padding=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE),
            "This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s.",
            None,  # sizes are written the Vietnamese way: only the words are compared
        ),
        (
            "bai-viet.png",
            "Đây là văn bản, không phải ảnh.".encode(),
            "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
            {},
        ),
        (
            "anh.jpg",
            png_bytes(),
            "Not a valid .%(extension)s image. The extension does not match the file format (%(image_format)s)",
            {"extension": "jpeg", "image_format": "png"},
        ),
        (
            "anh.bmp",
            png_bytes(),
            "Not a supported image format. Supported formats: %(supported_formats)s.",
            {"supported_formats": ", ".join(settings.WAGTAILIMAGES_EXTENSIONS).upper()},
        ),
    ],
    ids=["oversized", "text-named-png", "png-named-jpg", "unsupported-extension"],
)
def test_an_image_upload_that_is_too_big_or_not_an_image_is_refused_in_vietnamese(
    admin_client, name, content, message, params
):
    images, files = get_image_model().objects.count(), stored_files()
    upload = SimpleUploadedFile(name, content)
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Ảnh minh họa", "file": upload})

    assert response.status_code == 200  # the form again, with the reason
    errors = " ".join(response.context["form"].errors["file"])
    expected = vietnamese(message, **params) if params is not None else vietnamese(message).split("%(")[0]
    assert expected in errors, errors
    assert get_image_model().objects.count() == images
    assert stored_files() == files


def test_a_document_of_a_forbidden_type_is_refused_in_vietnamese(admin_client):
    documents, files = get_document_model().objects.count(), stored_files()
    upload = SimpleUploadedFile("cai-dat.exe", b"MZ\x90\x00")
    response = admin_client.post(reverse("wagtaildocs:add"), {"title": "Phần mềm", "file": upload})

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    allowed = ", ".join(settings.WAGTAILDOCS_EXTENSIONS)
    message = "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
    assert vietnamese(message, extension="exe", allowed_extensions=allowed) in errors, errors
    assert get_document_model().objects.count() == documents
    assert stored_files() == files


def test_upstream_gap_wagtail_does_not_translate_upload_errors_into_vietnamese():
    """Why home.upstream.UPSTREAM_UPLOAD_MESSAGES exists. When this fails, Wagtail ships these messages in
    Vietnamese itself: drop them from that list."""
    import polib
    import wagtail

    catalogue = Path(wagtail.__file__).parent / "images" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    translated = {entry.msgid for entry in polib.pofile(str(catalogue)) if entry.translated()}
    assert "This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s." not in translated
    assert "Not a supported image format. Supported formats: %(supported_formats)s." not in translated
    assert {message for message in UPSTREAM_UPLOAD_MESSAGES if message in translated} == set()

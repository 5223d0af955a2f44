"""What an archive record brings besides plain values: its body (sanitised HTML, as the editor's rich text)
and its images (found in the image library)."""

import re

import nh3
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from core.archive.records import ArchiveRecordError

# What survives of an archived body: the tags the rich-text editor offers (home.blocks.BodyBlock).
BODY_TAGS = {"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ul", "ol", "li", "a", "blockquote", "hr"}
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def find_image(name):
    """The library image whose title or file name is `name` (a path or URL is reduced to its file name).

    Django's storage renames an upload whose name is taken (`photo.jpg` → `photo_AbC1234.jpg`); such a
    renamed file is found too.
    """
    base = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    images = get_image_model().objects.order_by("pk")
    found = images.filter(title=name).first() or images.filter(title=base).first()
    if found is None and base:
        found = images.filter(file__endswith=f"/{base}").first() or images.filter(file=base).first()
    if found is None and stem:
        renamed = rf"(^|/){re.escape(stem)}_[A-Za-z0-9]{{7}}{re.escape(dot + extension)}$"
        found = images.filter(file__regex=renamed).first()
    return found


def body_html(value):
    """Plain text becomes paragraphs; HTML keeps only the basic tags of the editor (nh3)."""
    if not isinstance(value, str):
        raise ArchiveRecordError(gettext("“%(key)s” must be text.") % {"key": "body"})
    if HTML_TAG.search(value):
        return nh3.clean(
            value,
            tags=BODY_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel=None,
        ).strip()
    return linebreaks(escape(value.strip())).replace("\n", "")


def archive_body(value):
    """A record's "body" as a BodyBlock StreamField value: one rich-text paragraph block ([] when empty)."""
    if value in (None, ""):
        return []
    html = body_html(value)
    return [("paragraph", RichText(html))] if html else []


def set_body(model, page, html, name="body"):
    """Put sanitised HTML in the model's field `name`; False when the model has nowhere to put it."""
    try:
        body_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if isinstance(body_field, StreamField):
        if "paragraph" not in body_field.stream_block.child_blocks:
            return False
        setattr(page, name, [("paragraph", RichText(html))] if html else [])
    elif isinstance(body_field, models.TextField):  # RichTextField is a TextField
        setattr(page, name, html)
    else:
        return False
    return True

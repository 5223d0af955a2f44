"""StreamField blocks shared by every page family (news, people, exams, school pages)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    alt_text = blocks.CharBlock(
        required=False,
        label=_("Alternative text"),
        help_text=_("Describe the image for readers who cannot see it. Leave empty to use the image title."),
    )

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "home/blocks/captioned_image.html"


class GalleryBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(CaptionedImageBlock(), **kwargs)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "home/blocks/gallery.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(required=False, label=_("Link text"))

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "home/blocks/document_link.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "home/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"),
        features=["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr", "blockquote"],
    )
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    embed = EmbedBlock(label=_("Video or post (YouTube, Facebook)"), icon="media")
    document = DocumentLinkBlock()
    quote = QuoteBlock()
    table = TableBlock(label=_("Table"))

    class Meta:
        label = _("Body")

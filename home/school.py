"""The school's identity: the site settings (names, contacts, spokesperson) and their translatable texts."""

import copy

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Locale, TranslatableMixin
from wagtail.snippets.models import register_snippet


@register_setting(icon="home")
class SchoolSettings(BaseSiteSetting):
    """The school's identity, contacts and spokesperson, editable in the admin without a deploy."""

    school_name = models.CharField(_("school name"), max_length=255, default="Trường THPT Lắk")
    governing_body = models.CharField(
        _("governing body"), max_length=255, default="Sở Giáo dục và Đào tạo tỉnh Đắk Lắk", blank=True
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    spokesperson_name = models.CharField(_("spokesperson's name"), max_length=255, blank=True)
    spokesperson_title = models.CharField(_("spokesperson's position"), max_length=255, blank=True)
    spokesperson_phone = models.CharField(_("spokesperson's phone"), max_length=50, blank=True)
    spokesperson_email = models.EmailField(_("spokesperson's e-mail"), blank=True)
    responsible_person = models.CharField(
        _("person responsible for the content"),
        max_length=255,
        blank=True,
        help_text=_("Shown in the footer, as Decree 42/2022 asks of an official website."),
    )

    # The texts (name, governing body, address, responsible person, spokesperson's position) are edited
    # per language in Snippets → School texts; the fields here are their last fallback.
    panels = [
        HelpPanel(
            content=_(
                "The school's name, address, footer and the spokesperson's position are edited in each "
                "language under Snippets → School texts."
            )
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("facebook_url")],
            heading=_("School"),
        ),
        MultiFieldPanel(
            [FieldPanel("spokesperson_name"), FieldPanel("spokesperson_phone"), FieldPanel("spokesperson_email")],
            heading=_("Spokesperson"),
        ),
    ]

    class Meta:
        verbose_name = _("school settings")

    def in_language(self, language):
        """A copy for display whose texts (name, address, spokesperson's position, footer) are those of
        the `SchoolTexts` in `language`, else in the default language, else these fields. Never saved."""
        shown = copy.copy(self)
        shown._for_display = True
        shown.footer_note = ""
        found = SchoolTexts.for_language(language)
        for name in SchoolTexts.TEXT_FIELDS:
            text = next((getattr(texts, name) for texts in found if getattr(texts, name)), "")
            if text:
                setattr(shown, name, text)
        return shown

    def save(self, *args, **kwargs):
        if getattr(self, "_for_display", False):
            raise ValueError("A school settings copy in another language is not saved.")
        return super().save(*args, **kwargs)


@register_snippet
class SchoolTexts(TranslatableMixin, models.Model):
    """The school's texts in one language, translated with wagtail-localize like pages ("Translate" in
    Snippets → School texts). Wagtail's site settings cannot be translated; the site shows these in the
    page's language, those in Vietnamese where a text is not translated, and the school settings last."""

    TEXT_FIELDS = (
        "school_name",
        "governing_body",
        "address",
        "spokesperson_title",
        "responsible_person",
        "footer_note",
    )

    school_name = models.CharField(_("school name"), max_length=255)
    governing_body = models.CharField(_("governing body"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    spokesperson_title = models.CharField(_("spokesperson's position"), max_length=255, blank=True)
    responsible_person = models.CharField(
        _("person responsible for the content"),
        max_length=255,
        blank=True,
        help_text=_("Shown in the footer, as Decree 42/2022 asks of an official website."),
    )
    footer_note = models.TextField(_("footer note"), blank=True)

    panels = [FieldPanel(name) for name in TEXT_FIELDS]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("school texts")
        verbose_name_plural = _("school texts")

    def __str__(self):
        return f"{self.school_name} ({self.locale.language_code})"

    @classmethod
    def for_language(cls, language):
        """The texts in `language`, then those of the default locale (each at most once)."""
        default = Locale.get_default().language_code
        codes = [language] if language == default else [language, default]
        found = {
            texts.locale.language_code: texts
            for texts in cls.objects.filter(locale__language_code__in=codes).select_related("locale").order_by("pk")
        }
        return [found[code] for code in codes if code in found]

"""The "Post to Facebook" panel of the page editor, on every page family's Promote tab.

It edits the page's `FacebookShare` (a child of the page, so the choice is kept with each revision) through a
formset of at most one form, pre-filled with the family's default and the page's description. A form the
editor did not touch is not saved (Django skips unchanged extra forms), so saving a page without looking at
the panel works and keeps the defaults. It also shows the card Facebook will draw, and the post's status once
there is one; without configuration it offers the text and link to copy instead.
"""

from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import Panel

from core.families import page_families
from home.seo import page_url
from home.templatetags.seo_tags import sharing_image
from social import graph
from social.models import FacebookPost
from social.posting import default_enabled, description, postable

RELATION = "facebook_shares"


class ShareFormSet(BaseChildFormSet):
    """At most one form; the new one starts with the family's default and the page's description."""

    def __init__(self, data=None, files=None, instance=None, queryset=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", [{"enabled": default_enabled(instance), "message": description(instance)}])
        super().__init__(data, files, instance=instance, queryset=queryset, **kwargs)


class FacebookPanel(Panel):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Post to Facebook"))
        super().__init__(*args, **kwargs)

    def get_form_options(self):
        return {
            "formsets": {
                RELATION: {
                    "formset": ShareFormSet,
                    "fields": ["enabled", "message"],
                    "extra": 1,
                    "min_num": 0,
                    "max_num": 1,
                    "validate_max": True,
                    "can_delete": False,
                }
            }
        }

    class BoundPanel(Panel.BoundPanel):
        template_name = "social/facebook_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            formset = self.form.formsets[RELATION] if self.form is not None else None
            share_form = formset.forms[0] if formset is not None and formset.forms else None
            link = page_url(page) if page.pk else ""
            message = description(page)
            if share_form is not None:
                message = share_form["message"].value() or message
            context.update(
                formset=formset,
                share_form=share_form,
                postable=postable(page),
                configured=graph.configured(),
                post=FacebookPost.objects.filter(page_id=page.pk).first() if page.pk else None,
                card={
                    "title": page.seo_title or page.title,
                    "description": message,
                    "image": sharing_image(page)[0] if page.pk else None,
                    "link": link,
                },
                copy_text=f"{message}\n\n{link}".strip(),
            )
            return context


def attach_panels():
    """Add the panel to the Promote tab of every page class that declares a page family (core.families)."""
    for model in page_families().values():
        if not any(isinstance(panel, FacebookPanel) for panel in model.promote_panels):
            model.promote_panels = [*model.promote_panels, FacebookPanel()]

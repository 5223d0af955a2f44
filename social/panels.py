"""The "Post to Facebook" panel of the page editor, on every page family's Promote tab.

It edits the page's `FacebookShare` (a child of the page, so the choice is kept with each revision) through a
formset of at most one form, pre-filled with the family's default and the page's description. A form the
editor did not touch is not saved (Django skips unchanged extra forms), so saving a page without looking at
the panel works and keeps the defaults. It also shows the card Facebook will draw, and the post's status once
there is one; without configuration it offers the text and link to copy instead.
"""

from django.forms.models import BaseModelFormSet
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
    """One form for the page's one setting; the new one starts with the family's default and the description.

    The setting is a value of the page, not a list: whatever the browser sends is taken as the page's one setting
    as it is now. A form loaded before another editor saved or published names a setting that has since been
    replaced (or none, when one has since been made); matched by its id it would fail on a hidden field (a
    draft refused with no error to see) or on a missing one (a 500), and the page would end up with two.
    """

    def __init__(self, data=None, files=None, instance=None, queryset=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", [{"enabled": default_enabled(instance), "message": description(instance)}])
        super().__init__(data, files, instance=instance, queryset=queryset, **kwargs)
        if self.is_bound:
            self.data = self.as_current(self.data)

    def get_queryset(self):
        """At most the first setting (a page saved before this fix may hold two)."""
        if not hasattr(self, "_current"):
            self._current = list(super().get_queryset())[:1]
        return self._current

    def as_current(self, data):
        """The posted form as one form for the page's setting as it is now (its id, stale or not, ignored)."""
        data = data.copy()
        sent = data.get(f"{self.prefix}-TOTAL_FORMS", "0") not in ("", "0")
        data[f"{self.prefix}-TOTAL_FORMS"] = "1" if sent else "0"
        data[f"{self.prefix}-INITIAL_FORMS"] = str(len(self.get_queryset()))
        data[f"{self.prefix}-0-id"] = ""
        return data

    def _construct_form(self, i, **kwargs):
        current = self.get_queryset()
        if self.is_bound and i == 0 and current:
            # Bypass modelcluster's lookup by the posted id: the setting may be one of a revision, not in the database.
            return super(BaseModelFormSet, self)._construct_form(i, instance=current[0], **kwargs)
        return super()._construct_form(i, **kwargs)

    def save(self, commit=True):
        saved = super().save(commit=False)
        manager = getattr(self.instance, self.rel_name)
        keep = saved[:1] or self.get_queryset()  # an untouched form keeps the setting as it was
        manager.remove(*[share for share in manager.all() if share not in keep])
        manager.add(*keep)
        if commit:
            manager.commit()
        return saved


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

"""Admin panels shared by the page families."""

from wagtail.admin.panels import PageChooserPanel

from core.families import page_families


class FamilyPageChooserPanel(PageChooserPanel):
    """A page chooser limited to the pages of one family (`PageFamily.key`, core.families), so that an app can
    link to another family's pages without naming its page model (a winner's exemplary-person profile)."""

    def __init__(self, field_name, family, **kwargs):
        self.family = family
        super().__init__(field_name, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "family": self.family}

    def get_form_options(self):
        model = page_families().get(self.family)
        self.page_type = [model] if model is not None else None
        return super().get_form_options()

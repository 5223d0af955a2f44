"""Driving Wagtail's page editor from the Django test client, as a browser would."""

from django.urls import reverse
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.base import BlockWidget
from wagtail.test.utils.form_data import querydict_from_html


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def edit_form(client, page, **changes):
    """What the editor posts: the page's current values (stream fields left empty), with `changes` applied.

    A key with a double underscore names an inline-formset field (`key_dates__0__date` → `key_dates-0-date`).
    """
    response = client.get(edit_url(page))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    form = response.context["form"]
    assert isinstance(form, WagtailAdminPageForm)
    for name, field in form.fields.items():
        if isinstance(field.widget, BlockWidget):
            data[f"{name}-count"] = "0"
    for key, value in changes.items():
        data[key.replace("__", "-")] = value
    return data


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))


def add_through_admin(client, model, parent, values, cleared=()):
    """Creates a `model` page under `parent` as an editor would: the add form as the admin renders it, its
    fields named in `cleared` left out (a multiple select with nothing chosen), `values` filled in, posted."""
    url = add_url(model, parent)
    form = client.get(url)
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    for name in cleared:
        data.pop(name, None)
    for key, value in values.items():
        data[key] = value
    return client.post(url, data)

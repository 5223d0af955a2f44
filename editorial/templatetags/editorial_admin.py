import json

from django import template

from editorial.staffing import describe, understaffed_steps
from editorial.translations import main_path_first

register = template.Library()


@register.simple_tag
def understaffed_steps_of(workflow):
    """Warnings for the workflow editor: its steps whose groups have fewer than two reviewers."""
    return [describe(entry) for entry in understaffed_steps([workflow])] if workflow and workflow.pk else []


@register.simple_tag(takes_context=True)
def translation_editor(context):
    """The translation editor's props and footer, the editor's own path first (editorial/translations.py)."""
    props, submit_first = main_path_first(context["props"], context["request"].user, context.get("page_perms"))
    return {"props": props, "submit_first": submit_first, "data": json.loads(props)}

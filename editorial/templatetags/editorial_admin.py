from django import template

from editorial.staffing import describe, understaffed_steps

register = template.Library()


@register.simple_tag
def understaffed_steps_of(workflow):
    """Warnings for the workflow editor: its steps whose groups have fewer than two reviewers."""
    return [describe(entry) for entry in understaffed_steps([workflow])] if workflow and workflow.pk else []

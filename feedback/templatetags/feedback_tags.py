"""The site-wide urgent banner on every public page (`feedback.banner`)."""

from django import template

from feedback.banner import current_banner

register = template.Library()


@register.inclusion_tag("feedback/includes/urgent_banner.html", takes_context=True)
def urgent_banner(context):
    return {"banner": current_banner(context.get("request"))}

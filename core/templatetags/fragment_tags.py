"""`{% fragment "name" [timeout] %}…{% endfragment %}`: a part of a page's template kept until the next purge
(core.render_cache, docs/caching.md). Only for parts that are the same for every reader: no form, no CSRF
token, no user bar."""

from django import template
from django.conf import settings

from core.render_cache import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, timeout, nodelist):
        self.name = name
        self.timeout = timeout
        self.nodelist = nodelist

    def render(self, context):
        timeout = self.timeout.resolve(context) if self.timeout is not None else settings.PAGE_CACHE_TIMEOUT
        return cached_fragment(context, self.name.resolve(context), lambda: self.nodelist.render(context), timeout)


@register.tag("fragment")
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("{% fragment %} takes a name and, optionally, a timeout in seconds")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    timeout = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return FragmentNode(parser.compile_filter(bits[1]), timeout, nodelist)

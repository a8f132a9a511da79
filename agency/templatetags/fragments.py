"""`{% fragment "name" key %}…{% endfragment %}`: markup rendered once per key, then cached.

Like Django's `{% cache %}`, with two differences that matter here: the key is
given whole by the view (the content version and what the markup shows, see
`agency.cache.fragment_version`), and an empty key renders without the cache,
for pages that must never be cached (previews of drafts, whose changes do not
bump the content version).
"""

from django import template
from django.conf import settings
from django.core.cache import cache

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, key):
        self.nodelist, self.name, self.key = nodelist, name, key

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        cache_key = f"fragment:{self.name.resolve(context)}:{key}"
        markup = cache.get(cache_key)
        if markup is None:
            markup = self.nodelist.render(context)
            cache.set(cache_key, markup, settings.FRAGMENT_CACHE_SECONDS)
        return markup


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and a key.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))

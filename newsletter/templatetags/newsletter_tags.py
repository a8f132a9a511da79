import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

from newsletter.forms import CONSENT_WORDING, FooterSubscriptionForm

register = template.Library()


@register.simple_tag
def newsletter_footer_form():
    """The footer's subscription form: plain HTML, no token, no query (see views.subscribe).

    Nothing in it varies by request, so it is rendered once per process and language
    (a form with its widgets cost about a millisecond on every page); in DEBUG every
    time, so that template edits show.
    """
    if settings.DEBUG:
        return render_footer_form()
    return rendered_footer_form(get_language())


@functools.cache
def rendered_footer_form(language):
    return render_footer_form()


def render_footer_form():
    return render_to_string(
        "newsletter/footer_form.html",
        {"form": FooterSubscriptionForm(), "consent_wording": CONSENT_WORDING},
    )

from django import template

from newsletter.forms import CONSENT_WORDING, FooterSubscriptionForm

register = template.Library()


@register.inclusion_tag("newsletter/footer_form.html")
def newsletter_footer_form():
    """The footer's subscription form: plain HTML, no token, no query (see views.subscribe)."""
    return {"form": FooterSubscriptionForm(), "consent_wording": CONSENT_WORDING}

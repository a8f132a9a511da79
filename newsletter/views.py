"""Subscribe, confirm, manage preferences, unsubscribe: pages below /newsletter/."""

from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.throttling import client_ip
from influencers.models import Influencer
from newsletter import rate_limits, tokens
from newsletter.emails import send_subscription_answer
from newsletter.forms import CONSENT_WORDING, PreferencesForm, SubscriptionForm
from newsletter.models import Consent, Subscriber

TOO_MANY_REQUESTS = _lazy("Trop de demandes depuis votre connexion : réessayez dans une heure.")


# CSRF-exempt on purpose. The footer form sits on every public page, and those pages
# are cached whole for anonymous readers (core/middleware.py): a per-reader CSRF
# token in them would be served to everyone else and fail. What CSRF protects against
# (acting with a logged-in visitor's rights) does not exist here: the form grants
# nothing, anyone may type any address, and the address's owner must still click the
# signed link before anything is sent; rate limits and the honeypot stop floods.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        return subscribe_page(request, SubscriptionForm(initial=asked_to_follow(request)))
    form = SubscriptionForm(request.POST)
    if not rate_limits.client_allowed(client_ip(request)):
        form.add_error(None, TOO_MANY_REQUESTS)
        return subscribe_page(request, form, status=429)
    if not form.is_valid():
        return subscribe_page(request, form, status=400)
    # Robots and floods of one address get the same answer as everyone, and no email.
    if not form.is_robot and rate_limits.address_allowed(form.cleaned_data["email"]):
        subscriber = Subscriber.objects.request_subscription(
            email=form.cleaned_data["email"],
            articles=form.cleaned_data["articles"],
            influencers=form.cleaned_data["influencers"],
            source=form.cleaned_data["source"],
            wording=str(CONSENT_WORDING),
        )
        send_subscription_answer(subscriber)
    return redirect("newsletter:thanks")


MAX_ASKED = 20  # influencers ticked from one link; more is not a link we wrote


def asked_to_follow(request):
    """Initial data ticking the influencers of `?suivre=slug` (an influencer page's link).

    Unknown or unpublished slugs tick nothing: the list shows what can be followed.
    """
    slugs = request.GET.getlist("suivre")[:MAX_ASKED]
    if not slugs:
        return {}
    published = Influencer.objects.published().filter(slug__in=slugs)
    return {"influencers": list(published.values_list("pk", flat=True))}


def subscribe_page(request, form, status=200):
    context = {"form": form, "consent_wording": CONSENT_WORDING}
    return render(request, "newsletter/subscribe.html", context, status=status)


@never_cache
def thanks(request):
    return render(request, "newsletter/thanks.html")


class InvalidLink(Exception):
    pass


def subscriber_from(token, purpose):
    """The subscriber a signed link names (None if deleted since); InvalidLink if forged
    or expired."""
    try:
        subscriber_id, digest = tokens.read_token(token, purpose)
    except signing.SignatureExpired:
        raise InvalidLink(
            _("Ce lien a expiré. Inscrivez-vous à nouveau pour en recevoir un autre.")
        ) from None
    except signing.BadSignature:
        raise InvalidLink(
            _("Ce lien n'est pas valide. Vérifiez qu'il a été copié en entier.")
        ) from None
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or tokens.address_digest(subscriber.email) != digest:
        return None
    return subscriber


def subscriber_or_error(request, token, purpose):
    """(subscriber, None) or (None, the error page) for a link to an existing subscriber."""
    try:
        subscriber = subscriber_from(token, purpose)
    except InvalidLink as error:
        return None, invalid_link(request, str(error))
    if subscriber is None:
        return None, invalid_link(request, _("Cette adresse n'est plus inscrite."))
    return subscriber, None


def invalid_link(request, error):
    return render(request, "newsletter/invalid_link.html", {"error": error}, status=400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: link scanners in mail systems open links
    (GET) but do not submit forms, so they cannot confirm in the reader's place."""
    subscriber, error_page = subscriber_or_error(request, token, tokens.CONFIRM)
    if error_page:
        return error_page
    if request.method == "POST":
        subscriber.confirm(Consent.Source.EMAIL_LINK)
        return redirect("newsletter:preferences", tokens.make_token(subscriber, tokens.MANAGE))
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    subscriber, error_page = subscriber_or_error(request, token, tokens.MANAGE)
    if error_page:
        return error_page
    form = PreferencesForm(request.POST or None, instance=subscriber)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The signed link proves the mailbox is the reader's: saving is consenting.
        if not subscriber.confirm(Consent.Source.PREFERENCES):
            subscriber.record_consent(Consent.Action.CHANGED, Consent.Source.PREFERENCES)
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect(request.path)
    context = {
        "form": form,
        "subscriber": subscriber,
        "unsubscribe_token": tokens.make_token(subscriber, tokens.UNSUBSCRIBE),
    }
    status = 400 if form.errors else 200
    return render(request, "newsletter/preferences.html", context, status=status)


# CSRF-exempt: RFC 8058 one-click unsubscribe is a POST from the mail client, with no
# cookie and no token; the signed link is the authorisation. Nothing but leaving is
# possible here, so a forged request could at worst unsubscribe its own link's owner.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        # A subscriber deleted since (RGPD request) is as unsubscribed as can be.
        subscriber = subscriber_from(token, tokens.UNSUBSCRIBE)
    except InvalidLink as error:
        return invalid_link(request, str(error))
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        if subscriber is not None:
            subscriber.unsubscribe(
                Consent.Source.ONE_CLICK if one_click else Consent.Source.EMAIL_LINK
            )
        if one_click:
            return HttpResponse(_("Désinscription enregistrée."), content_type="text/plain")
        return render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber})
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})

"""What other sites take from us: a chart to embed as SVG, a share card (`og:image`) as PNG.

Both show published influencers' active accounts only, like the pages, and are
404 otherwise.
"""

from django.conf import settings
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from influencers.charts import CHART_POINTS
from influencers.events import attach_events
from influencers.history import histories
from influencers.models import Account, FollowerSnapshot, Influencer
from influencers.share_cards import CardFigure, cached_card, render_card
from influencers.templatetags.follower_tags import followers
from influencers.timelines import account_chart, attach_timelines
from safeguards.text import xml_text

EMBED_CACHE_SECONDS = 3600
# An embedded chart is a picture: nothing in it may load or run anything.
EMBED_CSP = "default-src 'none'; sandbox"
CARD_HISTORY_POINTS = 120


def for_other_sites(response, etag=None):
    """Cache headers for a resource other sites show, and leave to be shown cross-origin."""
    patch_cache_control(response, public=True, max_age=EMBED_CACHE_SECONDS)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    if etag:
        response["ETag"] = f'"{etag}"'
    return response


def chart_svg(request, slug, platform):
    """One account's history chart as a standalone SVG, for `<img>` tags on other sites."""
    account = (
        Account.objects.public()
        .with_growth()
        .select_related("influencer", "platform")
        .filter(influencer__slug=slug, platform__slug=platform)
        .order_by("pk")
        .first()
    )
    if account is None or account.first_recorded_on is None:
        raise Http404(_("Aucun graphique à cette adresse."))
    attach_timelines([account], CHART_POINTS)
    attach_events([account])
    # The template escapes markup; xml_text drops the characters XML cannot carry at all
    # (a control character in a name stored before safeguards.text), from every value.
    svg = render_to_string(
        "influencers/chart.svg",
        {
            "account": account,
            "chart": account_chart(account),
            "page_url": settings.SITE_URL + account.influencer.get_absolute_url(),
        },
        request=request,
    )
    response = HttpResponse(xml_text(svg), content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = EMBED_CSP
    return for_other_sites(response)


def influencer_card_figures(accounts):
    """The card's figures: the biggest accounts first, with their latest count."""
    ranked = sorted(accounts, key=lambda account: -account.latest_followers)
    return [
        CardFigure(
            account.platform.name, followers(account.latest_followers), account.platform.color
        )
        for account in ranked
    ]


def influencer_card(request, slug):
    """The influencer's share card: latest count per platform and the biggest account's line.

    Three queries when the card is cached (influencer, accounts, a summary of their
    snapshots that changes with any snapshot written, corrected or deleted), one more
    to draw it.
    """
    influencer = get_object_or_404(Influencer.objects.published(), slug=slug)
    accounts = [
        account
        for account in Account.objects.public()
        .filter(influencer=influencer)
        .with_growth()
        .select_related("platform")
        if account.latest_followers is not None
    ]
    snapshots = FollowerSnapshot.objects.filter(account__in=accounts).aggregate(
        Max("pk"), Max("updated_at"), Count("pk")
    )
    shown = [(account.pk, account.platform.name, account.platform.color) for account in accounts]
    version = (influencer.pk, influencer.updated_at, sorted(snapshots.items()), shown)

    def render():
        latest = max((account.latest_recorded_on for account in accounts), default=None)
        subheading = influencer.headline or _("Abonnés par réseau social")
        if latest:
            subheading += " · " + _("relevé du %(day)s") % {"day": date_format(latest, "j F Y")}
        if not accounts:
            return render_card(influencer.name, subheading, [])
        biggest = max(accounts, key=lambda account: account.latest_followers)
        history = histories([biggest], CARD_HISTORY_POINTS)[biggest.pk]
        first, last = history[0][0], history[-1][0]
        return render_card(
            influencer.name,
            subheading,
            influencer_card_figures(accounts),
            history,
            biggest.platform.color,
            chart_label=f"{biggest.platform.name}, {first.year}–{last.year}",
        )

    png, digest = cached_card("influencer", version, render)
    return for_other_sites(HttpResponse(png, content_type="image/png"), etag=digest)

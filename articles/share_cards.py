"""The share card (`og:image`) of an article that cites follower figures.

Drawn by `influencers.share_cards` from the figures the article prints; kept in the
shared cache under a key that changes with the article and with any snapshot of the
accounts it cites, so a corrected or newer count gives a new card.
"""

from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article, CitedFigure
from influencers.history import histories
from influencers.models import Account, FollowerSnapshot
from influencers.share_cards import CardFigure, cached_card, render_card
from influencers.sharing import CARD_HISTORY_POINTS, for_other_sites
from influencers.templatetags.follower_tags import followers


def cited_card_figures(figures):
    """One line per cited figure: who, where, and the count the article prints."""
    return [
        CardFigure(
            f"{figure.account.influencer.name} · {figure.account.platform.name}",
            followers(figure.snapshot.followers),
            figure.account.platform.color,
        )
        for figure in figures
    ]


def article_card(request, slug):
    """The card of a public article citing figures; a 404 for any other article.

    Three queries when cached (article, its figures, a summary of the cited accounts'
    snapshots), two more to draw the first cited account's line.
    """
    article = get_object_or_404(Article.objects.published(), slug=slug)
    figures = list(
        CitedFigure.objects.filter(article=article).select_related(
            "snapshot", "account__platform", "account__influencer"
        )
    )
    if not figures:
        raise Http404(_("Cet article ne cite aucun chiffre."))
    snapshots = FollowerSnapshot.objects.filter(
        account__in={figure.account_id for figure in figures}
    ).aggregate(Max("pk"), Max("updated_at"), Count("pk"))
    version = (
        article.pk,
        article.updated_at,
        sorted(snapshots.items()),
        [(figure.pk, figure.snapshot_id, figure.account_id) for figure in figures],
    )

    def render():
        cited = figures[0].account
        first = Account.objects.with_growth().get(pk=cited.pk)
        published = date_format(timezone.localtime(article.published_at), "j F Y")
        return render_card(
            article.title,
            _("Chiffres cités · %(day)s") % {"day": published},
            cited_card_figures(figures),
            histories([first], CARD_HISTORY_POINTS).get(first.pk, []),
            cited.platform.color,
            chart_label=f"{cited.influencer.name}, {cited.platform.name}",
        )

    png, digest = cached_card("article", version, render)
    return for_other_sites(HttpResponse(png, content_type="image/png"), etag=digest)

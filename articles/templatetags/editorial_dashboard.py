"""The editorial part of the admin home: what each person has to do with articles."""

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext_lazy as _

from articles.models import Article

register = template.Library()

# A glance, not a list: the changelist has the rest.
DASHBOARD_ROWS = 8


@dataclass
class DashboardSection:
    """A titled list of (article, date) rows; `show_status` when the list mixes statuses."""

    title: str
    date_label: str
    rows: list
    empty: str
    show_status: bool = False


def _rows(articles, date_field):
    fetched = articles.only("pk", "title", "status", date_field)[:DASHBOARD_ROWS]
    return [(article, getattr(article, date_field)) for article in fetched]


def sections_for(user):
    """The sections `user` sees, one query each: their own drafts, the review queue for
    those who publish, then what is scheduled and recently published among the articles
    they may see (all of them for Éditeurs, their own for Rédacteurs)."""
    if not user.has_perm("articles.view_article"):
        return []
    visible = Article.objects.viewable_by(user)
    sections = [
        DashboardSection(_("Mes brouillons"), _("modifié le"),
                         _rows(Article.objects.drafts_of(user), "updated_at"),
                         _("Aucun brouillon en cours."), show_status=True),
    ]  # fmt: skip
    if user.has_perm("articles.publish_article"):
        sections.append(
            DashboardSection(_("En attente de relecture"), _("modifié le"),
                             _rows(visible.awaiting_review(), "updated_at"),
                             _("Aucun article n'attend de relecture."))
        )  # fmt: skip
    recent = visible.published().order_by("-published_at", "-pk")
    sections += [
        DashboardSection(_("Programmés"), _("paraîtra le"),
                         _rows(visible.scheduled(), "published_at"),
                         _("Aucune publication programmée.")),
        DashboardSection(_("Publiés récemment"), _("publié le"), _rows(recent, "published_at"),
                         _("Rien de publié pour l'instant.")),
    ]  # fmt: skip
    return sections


@register.inclusion_tag("admin/articles/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    return {"sections": sections_for(context["request"].user)}

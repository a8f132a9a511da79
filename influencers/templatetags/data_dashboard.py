"""The data staff's part of the admin home: the accounts whose figures are due, and the
figures flagged « à vérifier »."""

from django import template
from django.conf import settings

from influencers.models import Account, FollowerSnapshot

register = template.Library()

# A glance, oldest first: the staleness screen has the rest.
DASHBOARD_ROWS = 8


@register.inclusion_tag("admin/influencers/dashboard.html", takes_context=True)
def data_dashboard(context):
    """For those who record follower counts: the accounts due for an update and the
    anomalies to review, in three queries (the oldest few stale accounts, how many
    there are in all, and how many figures wait for a review)."""
    if not context["request"].user.has_perm("influencers.add_followersnapshot"):
        return {"shown": False}
    stale = Account.objects.stale()
    return {
        "shown": True,
        "stale_accounts": list(stale[:DASHBOARD_ROWS]),
        "stale_count": stale.count(),
        "to_review_count": FollowerSnapshot.objects.to_review().count(),
        "after_days": settings.FOLLOWER_STALE_AFTER_DAYS,
    }

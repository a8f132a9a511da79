"""The data staff's part of the admin home: the accounts whose figures are due."""

from django import template
from django.conf import settings

from influencers.models import Account

register = template.Library()

# A glance, oldest first: the staleness screen has the rest.
DASHBOARD_ROWS = 8


@register.inclusion_tag("admin/influencers/dashboard.html", takes_context=True)
def data_dashboard(context):
    """For those who record follower counts: the accounts due for an update, in two
    queries (the oldest few, and how many there are in all)."""
    if not context["request"].user.has_perm("influencers.add_followersnapshot"):
        return {"shown": False}
    stale = Account.objects.stale()
    return {
        "shown": True,
        "stale_accounts": list(stale[:DASHBOARD_ROWS]),
        "stale_count": stale.count(),
        "after_days": settings.FOLLOWER_STALE_AFTER_DAYS,
    }

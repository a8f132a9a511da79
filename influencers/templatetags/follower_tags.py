from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from influencers.charts import build_chart, compact_count, sparkline_path
from influencers.timelines import account_chart as timeline_chart

register = template.Library()


@register.filter
def followers(value):
    """A follower count with French grouping: 1500000 → « 1 500 000 »."""
    if value is None or value == "":
        return "—"
    return number_format(int(value), force_grouping=True)


@register.filter
def signed_followers(value):
    """A change in followers with its sign: +12 000, −3 400, 0."""
    if value is None or value == "":
        return "—"
    value = int(value)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number_format(abs(value), force_grouping=True)}"


@register.filter
def percent(value, digits=1):
    if value is None:
        return "—"
    value = round(value, digits)  # a tiny loss reads « 0,0 % », not « −0,0 % »
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number_format(abs(value), decimal_pos=digits)} %"


@register.filter
def absolute(value):
    """A number without its sign, for a sign said in words or arrows (▼ 3, not ▼ −3)."""
    return abs(value)


@register.filter
def compact(value):
    """A count in few characters for tight places: 1 500 000 → « 1,5 M »."""
    return "—" if value is None else compact_count(value)


@register.inclusion_tag("includes/chart.html")
def account_chart(account, marks=()):
    """The history chart of one account; `marks` are dated events (articles) to rule.

    A projection attached by `timelines.attach_timelines` is drawn dashed after the line,
    which breaks at the gaps it found.
    """
    platform = account.platform
    return {
        "chart": timeline_chart(account, marks or ()),
        "chart_id": f"historique-{account.pk}",
        "title": _("Abonnés %(platform)s de %(name)s")
        % {"platform": platform.name, "name": account.influencer.name},
        "audience_word": platform.audience_word,
    }


@register.inclusion_tag("includes/chart.html")
def comparison_chart(platform, columns):
    """One chart per platform, a line per influencer with an account there.

    `columns` are `(influencer, account or None)` pairs, as `views.side_by_side` gives.
    """
    histories = [
        (influencer.name, None, account.history, account.history_provenance)
        for influencer, account in columns
        if account
    ]
    names = ", ".join(influencer.name for influencer, _account in columns)
    # A platform event concerns every column: listed once.
    events = {
        event.pk: event
        for _influencer, account in columns
        if account
        for event in getattr(account, "chart_events", ())
    }
    return {
        "chart": build_chart(histories, events=events.values()),
        "chart_id": f"comparaison-{platform.slug}",
        "title": _("Abonnés %(platform)s : %(names)s")
        % {"platform": platform.name, "names": names},
        "audience_word": platform.audience_word,
    }


@register.inclusion_tag("includes/sparkline.html")
def sparkline(account):
    """A small trend line of the account's recent weeks, when the view fetched them."""
    return {
        "path": sparkline_path(getattr(account, "recent_history", None) or []),
        "color": account.platform.color,
    }

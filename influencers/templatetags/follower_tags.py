from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from influencers import chart_markup
from influencers.charts import build_chart, compact_count, sparkline_path
from influencers.formatting import day_label, group_digits, signed_count
from influencers.markup import html, html_join
from influencers.timelines import account_chart as timeline_chart

register = template.Library()


@register.filter
def followers(value):
    """A follower count with French grouping: 1500000 → « 1 500 000 »."""
    if value is None or value == "":
        return "—"
    return group_digits(int(value))


@register.filter
def signed_followers(value):
    """A change in followers with its sign: +12 000, −3 400, 0."""
    if value is None or value == "":
        return "—"
    return signed_count(int(value))


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


@register.simple_tag
def account_chart(account, marks=()):
    """The history chart of one account; `marks` are dated events (articles) to rule.

    A projection attached by `timelines.attach_timelines` is drawn dashed after the line,
    which breaks at the gaps it found.
    """
    platform = account.platform
    return chart_markup.figure(
        timeline_chart(account, marks or ()),
        f"historique-{account.pk}",
        _("Abonnés %(platform)s de %(name)s")
        % {"platform": platform.name, "name": account.influencer.name},
        platform.audience_word,
    )


@register.simple_tag
def comparison_chart(platform, columns):
    """One chart per platform, a line per influencer with an account there.

    `columns` are `(influencer, account or None)` pairs, as `views.side_by_side` gives.
    """
    histories = [
        (influencer.name, None, timeline.history, timeline.provenance, timeline.gaps)
        for influencer, account in columns
        if account and (timeline := account.timeline)
    ]
    names = ", ".join(influencer.name for influencer, _account in columns)
    # A platform event concerns every column: listed once.
    events = {
        event.pk: event
        for _influencer, account in columns
        if account
        for event in account.chart_events
    }
    return chart_markup.figure(
        build_chart(histories, events=events.values()),
        f"comparaison-{platform.slug}",
        _("Abonnés %(platform)s : %(names)s") % {"platform": platform.name, "names": names},
        platform.audience_word,
    )


@register.simple_tag
def embedded_plot(chart):
    """The drawing of `chart` in the embeddable SVG: the page's, painted without a stylesheet."""
    return chart_markup.plot(chart, chart_markup.EMBED)


@register.simple_tag
def influencer_options(candidates):
    """The <option>s of every influencer one may add to a comparison: hundreds of them."""
    return html_join('<option value="{}">{}</option>', candidates)


@register.simple_tag
def sparkline(account):
    """A small trend line of the account's recent weeks, when the view fetched them."""
    return chart_markup.sparkline(sparkline_path(account.recent_history), account.platform.color)


# A row per day: plain string formatting rather than a template loop, whose lookups,
# translations and escaping made most of a history page's rendering time.


@register.simple_tag
def gain_rows(gains):
    """The rows of an account's daily gains table (`timelines.Gain`s)."""
    return html_join(
        '<tr>{}<td class="num">{}</td><td class="num">{}{}</td></tr>',
        ((chart_markup.date_cell(gain.day.isoformat(), day_label(gain.day)),
          followers(gain.followers), signed_followers(gain.change), days_apart(gain.days))
         for gain in gains),
        "\n",
    )  # fmt: skip


def days_apart(days):
    """« en 3 jours » after a gain that spans several days; nothing after a daily one."""
    if days <= 1:
        return ""
    text = ngettext("en %(days)s jour", "en %(days)s jours", days) % {"days": days}
    return html(' <span class="meta">{}</span>', text)

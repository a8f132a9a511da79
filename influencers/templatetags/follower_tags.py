from html import escape

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from influencers import chart_markup
from influencers.charts import build_chart, compact_count, sparkline_path
from influencers.formatting import day_label, group_digits
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
    value = int(value)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{group_digits(abs(value))}"


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


@register.simple_tag
def influencer_options(candidates):
    """The <option>s of every influencer one may add to a comparison: hundreds of them."""
    return mark_safe(
        "".join(
            f'<option value="{escape(slug)}">{escape(name)}</option>' for slug, name in candidates
        )
    )


@register.simple_tag
def chart_svg(chart, chart_id, title):
    return chart_markup.svg(chart, chart_id, title)


@register.simple_tag
def chart_article_list(chart):
    return chart_markup.article_list(chart)


@register.inclusion_tag("includes/sparkline.html")
def sparkline(account):
    """A small trend line of the account's recent weeks, when the view fetched them."""
    return {
        "path": sparkline_path(getattr(account, "recent_history", None) or []),
        "color": account.platform.color,
    }


@register.filter
def long_date(day):
    """« 1 décembre 2026 », formatted once per day (influencers.formatting)."""
    return day_label(day) if day else ""


# The two tables below print a row per point or per day: built here with plain string
# formatting rather than by template loops (or format_html per cell), whose lookups,
# translations and escaping made most of a history page's rendering time. The markup is
# the one the templates wrote; every text is escaped.


def date_cell(iso_date, label):
    return f'<th scope="row"><time datetime="{escape(iso_date)}">{escape(label)}</time></th>'


@register.simple_tag
def chart_table_rows(series):
    """The rows of a chart's accessible table: its points, with their provenance, and events."""
    to_verify = f" — <strong>{escape(_('à vérifier'))}</strong>"
    source_labels = {}
    rows = []
    for entry in series.table:
        day = date_cell(entry.iso_date, entry.date_label)
        if event := entry.event:
            text = _("Événement %(number)s (%(kind)s) : %(label)s") % {
                "number": event.number,
                "kind": event.kind,
                "label": event.label,
            }
            cells = f'<td class="num">—</td><td>{escape(text)}</td>'
            rows.append(f'<tr class="chart__event-row">{day}{cells}</tr>')
            continue
        source = entry.provenance.source
        if source not in source_labels:
            source_labels[source] = escape(entry.provenance.source_label)
        note = to_verify if entry.provenance.to_verify else ""
        count = f'<td class="num">{escape(entry.count)}</td>'
        rows.append(f"<tr>{day}{count}<td>{source_labels[source]}{note}</td></tr>")
    return mark_safe("\n".join(rows))


@register.simple_tag
def gain_rows(gains):
    """The rows of an account's daily gains table (`timelines.Gain`s)."""
    return mark_safe(
        "\n".join(
            f"<tr>{date_cell(gain.day.isoformat(), day_label(gain.day))}"
            f'<td class="num">{escape(followers(gain.followers))}</td>'
            f'<td class="num">{escape(signed_followers(gain.change))}{days_apart(gain.days)}'
            "</td></tr>"
            for gain in gains
        )
    )


def days_apart(days):
    """« en 3 jours » after a gain that spans several days; nothing after a daily one."""
    if days <= 1:
        return ""
    text = ngettext("en %(days)s jour", "en %(days)s jours", days) % {"days": days}
    return f' <span class="meta">{escape(text)}</span>'

"""A history chart as HTML, written in Python: the inline SVG, its caption and data tables.

A chart has dozens of ticks, marks, points and table rows; template loops over them
(several lookups, filters and translations per item) were most of a history page's
rendering time, for five or six charts a page. Every text is escaped; SVG numbers are
printed as Python prints them, unlocalised, as SVG wants ("12.5").
"""

from html import escape

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from influencers.formatting import day_label, group_digits, signed_count


def sparkline(path, color):
    """A directory card's small trend line (`charts.sparkline_path`): 96 on a page."""
    if not path:
        return ""
    return mark_safe(
        '<svg class="sparkline" width="72" height="24" viewBox="0 0 72 24" aria-hidden="true" '
        f'focusable="false"><path d="{escape(path)}" fill="none" stroke="{escape(color)}" '
        'stroke-width="1.75" stroke-linejoin="round" stroke-linecap="round"/></svg>'
    )


def figure(chart, chart_id, title, audience_word):
    """The chart's <figure>: SVG, a caption per line, legend, events and data tables.

    A chart of None (nothing recorded) is a sentence saying so.
    """
    if chart is None:
        nothing = escape(_("Aucun relevé pour tracer l'historique."))
        return mark_safe(f'<p class="meta">{nothing}</p>')
    parts = [
        '<figure class="chart">',
        svg(chart, chart_id, title),
        '<figcaption class="chart__caption">',
        *(series_caption(chart, series, audience_word) for series in chart.series),
    ]
    if chart.marks:
        parts.append(
            '<p class="meta"><span class="chart__mark-key" aria-hidden="true">◆</span> '
            f"{escape(_('Nos articles'))} : {article_list(chart)}.</p>"
        )
    if chart.events:
        parts.append(event_list(chart.events))
    if chart.legend:
        parts.append(legend(chart.legend))
    parts += [data_tables(chart, audience_word), "</figcaption></figure>"]
    return mark_safe("\n".join(parts))


def svg(chart, chart_id, title):
    """The chart's <svg> element (the caption and tables stay in the template)."""
    opening = format_html(
        '<svg class="chart__svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-titre" focusable="false"><title id="{}-titre">{}</title>',
        chart.width, chart.height, chart_id, chart_id, title,
    )  # fmt: skip
    return mark_safe(
        "".join(
            [
                opening,
                axes(chart),
                article_marks(chart),
                event_marks(chart),
                *(series_lines(series) for series in chart.series),
                *(to_verify_marks(series) for series in chart.series),
                projection(chart),
                "</svg>",
            ]
        )
    )


def axes(chart):
    y_ticks = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text x="{}" y="{}" dy="0.32em" text-anchor="end">{}</text>',
        ((chart.left, chart.right, y, y, int(chart.left) - 8, y, label)
         for y, label in chart.y_ticks),
    )  # fmt: skip
    x_ticks = format_html_join(
        "",
        '<line class="chart__tick" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        ((x, x, chart.bottom, int(chart.bottom) + 5, x, int(chart.bottom) + 20, label)
         for x, label in chart.x_ticks),
    )  # fmt: skip
    return format_html('<g class="chart__axis">{}{}</g>', y_ticks, x_ticks)


def article_marks(chart):
    return format_html_join(
        "",
        '<g class="chart__mark"><title>{} : {} ({})</title>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}"/><path d="M{} {}l5 6l-5 6l-5-6z"/></g>',
        ((_("Article"), mark.label, day_label(mark.day), mark.x, mark.x, chart.top,
          chart.bottom, mark.x, int(chart.top) - 6)
         for mark in chart.marks),
    )  # fmt: skip


def event_marks(chart):
    return format_html_join(
        "",
        '<g class="chart__event"><title>{} : {} ({})</title>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<rect x="{}" y="{}" width="16" height="16" rx="3"/>'
        '<text x="{}" y="{}" text-anchor="middle">{}</text></g>',
        ((capfirst(event.kind), event.label, day_label(event.day), event.x, event.x, chart.top,
          chart.bottom, int(event.x) - 8, chart.top, event.x, int(chart.top) + 12, event.number)
         for event in chart.events),
    )  # fmt: skip


def series_lines(series):
    dash = format_html(' stroke-dasharray="{}"', series.dash) if series.dash else ""
    line = format_html(
        '<path d="{}" fill="none" stroke="{}" stroke-width="2.5" stroke-linejoin="round" '
        'stroke-linecap="round"{}/>',
        series.path, series.color, dash,
    )  # fmt: skip
    unmeasured = ""
    if series.unmeasured_path:
        unmeasured = format_html(
            '<path class="chart__unmeasured" d="{}" fill="none" stroke="#fff" '
            'stroke-width="3.5" stroke-dasharray="3 5"/>',
            series.unmeasured_path,
        )
    if series.last_is_measured:
        end = format_html(
            '<circle cx="{}" cy="{}" r="4" fill="{}" stroke="#fff" stroke-width="1.5"/>',
            series.end_x, series.end_y, series.color,
        )  # fmt: skip
    else:
        end = format_html(
            '<circle class="chart__unmeasured-point" cx="{}" cy="{}" r="4" fill="#fff" '
            'stroke="{}" stroke-width="2"/>',
            series.end_x, series.end_y, series.color,
        )  # fmt: skip
    return line + unmeasured + end


def to_verify_marks(series):
    return format_html_join(
        "",
        '<g class="chart__to-verify"><title>{}</title>'
        '<circle cx="{}" cy="{}" r="6" fill="#fff" stroke="#b45309" stroke-width="2.5"/>'
        '<text x="{}" y="{}" text-anchor="middle">{}</text></g>',
        ((_("%(count)s le %(day)s : à vérifier") % {"count": count, "day": day_label(day)},
          x, y, x, int(y) - 10, _("à vérifier"))
         for x, y, day, count in series.to_verify),
    )  # fmt: skip


def projection(chart):
    segment = chart.projection
    if not segment:
        return ""
    end = ""
    if segment.reaches_threshold:
        end = format_html(
            '<circle cx="{}" cy="{}" r="4" fill="#fff" stroke="{}" stroke-width="2"/>',
            segment.end_x, segment.end_y, segment.color,
        )  # fmt: skip
    return format_html(
        '<g class="chart__projection"><title>{}</title><path d="{}" fill="none" stroke="{}" '
        'stroke-width="2" stroke-dasharray="6 5" stroke-linecap="round"/>{}</g>',
        _("Projection au rythme des 90 derniers jours"), segment.path, segment.color, end,
    )  # fmt: skip


def article_list(chart):
    """The caption's list of the articles marked on the chart, with their dates."""
    return format_html_join(
        " ; ",
        '<a href="{}">{}</a> (<time datetime="{}">{}</time>)',
        ((mark.url, mark.label, mark.day.isoformat(), day_label(mark.day))
         for mark in chart.marks),
    )  # fmt: skip


SWATCH = (
    '<svg class="chart__swatch" width="28" height="10" viewBox="0 0 28 10" aria-hidden="true" '
    'focusable="false">{}</svg>'
)


def series_caption(chart, series, audience_word):
    """A line in words: first and last counts, lowest and highest, where it breaks."""
    swatch = ""
    if chart.is_comparison:
        dash = f' stroke-dasharray="{escape(series.dash)}"' if series.dash else ""
        swatch = SWATCH.format(
            f'<line x1="0" x2="28" y1="5" y2="5" stroke="{escape(series.color)}" '
            f'stroke-width="3"{dash}/>'
        )
    (first_day, first), (last_day, last) = series.first, series.last
    summary = _(
        "de %(first)s %(audience_word)s le %(first_day)s à %(last)s le %(last_day)s (%(change)s)."
    ) % {
        "first": group_digits(first), "audience_word": audience_word,
        "first_day": day_label(first_day), "last": group_digits(last),
        "last_day": day_label(last_day), "change": signed_count(series.change),
    }  # fmt: skip
    extremes = _("Plus bas : %(low)s ; plus haut : %(high)s.") % {
        "low": group_digits(series.lowest[1]),
        "high": group_digits(series.highest[1]),
    }
    breaks = ""
    if series.gaps:
        gaps = " ; ".join(gap_text(gap) for gap in series.gaps)
        breaks = f" {escape(_('Ligne interrompue faute de relevé'))} : {gaps}."
    return (
        f"<p>{swatch}<strong>{escape(series.label)}</strong> : {escape(summary)}\n"
        f"{escape(extremes)}{breaks}</p>"
    )


def gap_text(gap):
    """« du <time>1 mars 2026</time> au <time>9 mars 2026</time> (8 jours) »."""
    text = ngettext(
        "du %(start)s au %(end)s (%(days)s jour)", "du %(start)s au %(end)s (%(days)s jours)",
        gap.days,
    )  # fmt: skip
    return escape(text) % {
        "start": time_element(gap.start),
        "end": time_element(gap.end),
        "days": gap.days,
    }


def time_element(day):
    return f'<time datetime="{day.isoformat()}">{escape(day_label(day))}</time>'


def event_list(events):
    """The numbered events marked on the chart, with their dates and links."""
    items = []
    for event in events:
        label = escape(event.label)
        if event.url:
            label = f'<a href="{escape(event.url)}" rel="noopener nofollow">{label}</a>'
        items.append(
            f'<li value="{event.number}">{time_element(event.day)} — '
            f"{escape(capfirst(event.kind))} : {label}</li>"
        )
    return (
        f'<p class="meta">{escape(_("Événements"))} :</p>\n'
        f'<ol class="chart__events">{"".join(items)}</ol>'
    )


LEGEND_SWATCHES = {
    "measured": '<line x1="0" x2="28" y1="5" y2="5" stroke="currentColor" stroke-width="2.5"/>',
    "unmeasured": '<line x1="0" x2="28" y1="5" y2="5" stroke="currentColor" stroke-width="2.5" '
    'stroke-dasharray="5 3"/>',
    "to_verify": '<circle cx="14" cy="5" r="4" fill="#fff" stroke="#b45309" stroke-width="2"/>',
}


def legend(entries):
    """How measured, unmeasured and « à vérifier » points are drawn (`charts.provenance_legend`)."""
    items = "".join(
        f"<li>{SWATCH.format(LEGEND_SWATCHES[style])} {escape(label)}</li>"
        for style, label in entries
    )
    label = escape(_("Légende du graphique"))
    return f'<ul class="chart__legend" aria-label="{label}">{items}</ul>'


def data_tables(chart, audience_word):
    """The chart's accessible tables, folded: a line's telling points, events and gaps."""
    heading = (
        f'<thead><tr><th scope="col">{escape(_("Date"))}</th><th scope="col" class="num">'
        f'{escape(capfirst(audience_word))}</th><th scope="col">{escape(_("Provenance"))}</th>'
        "</tr></thead>"
    )
    tables = [
        f'<table class="data-table"><caption>{escape(series.label)} — '
        f"{escape(_('points représentatifs de la courbe'))}</caption>{heading}"
        f"<tbody>\n{table_rows(series)}\n{gap_rows(series.gaps)}</tbody></table>"
        for series in chart.series
    ]
    return (
        f'<details class="chart__data"><summary>{escape(_("Voir les chiffres du graphique"))}'
        f"</summary>\n{''.join(tables)}</details>"
    )


def date_cell(iso_date, label):
    return f'<th scope="row"><time datetime="{escape(iso_date)}">{escape(label)}</time></th>'


def table_rows(series):
    """A line's rows: its telling points with their provenance, and its events."""
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
    return "\n".join(rows)


def gap_rows(gaps):
    before, after = escape(_("Sans relevé")), escape(_("interruption"))
    return "".join(
        f'<tr class="chart__gap"><th scope="row">{before} {gap_text(gap)}</th>'
        f'<td class="num">{after}</td><td></td></tr>\n'
        for gap in gaps
    )

"""A history chart as HTML, written in Python: the inline SVG, its caption and data tables.

A chart has dozens of ticks, marks, points and table rows; template loops over them
(several lookups, filters and translations per item) were most of a history page's
rendering time, for five or six charts a page. Every value goes through
`influencers.markup`, which escapes it; SVG numbers are printed as Python prints them,
unlocalised, as SVG wants ("12.5").

`plot` draws the chart once for both places it is shown: the page's inline SVG and the
embeddable SVG (`templates/influencers/chart.svg`). Only its paint differs — classes for
the site's stylesheet on the page, presentation attributes in the embed, which no
stylesheet reaches — so an estimate looks like an estimate wherever it is drawn.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from influencers.formatting import day_label, group_digits, signed_count
from influencers.markup import html, html_join, interpolate, join

# How each part of the drawing looks: attributes written into its element. The page
# names classes of static/css/site.css; the embed spells the same colours out.
PAGE = {
    "axis": ' class="chart__axis"',
    "axis_line": "",
    "tick": ' class="chart__tick"',
    "mark": ' class="chart__mark"',
    "mark_line": "",
    "event": ' class="chart__event"',
    "event_line": "",
    "event_rect": "",
    "event_text": "",
    "unmeasured": ' class="chart__unmeasured"',
    "unmeasured_point": ' class="chart__unmeasured-point"',
    "to_verify": ' class="chart__to-verify"',
    "to_verify_text": "",
    "projection": ' class="chart__projection"',
}
EMBED = {
    **dict.fromkeys(PAGE, ""),
    "axis": ' font-size="12" fill="#5a6275"',
    "axis_line": ' stroke="#eceae4" stroke-width="1"',
    "tick": ' stroke="#a9adb8"',
    "mark": ' fill="#d98c00"',
    "mark_line": ' stroke="#d98c00" stroke-width="1.5" stroke-dasharray="4 4"',
    "event_line": ' stroke="#5b4b8a" stroke-width="1.5" stroke-dasharray="2 3"',
    "event_rect": ' fill="#5b4b8a"',
    "event_text": ' fill="#fff" font-size="11" font-weight="700"',
    "to_verify_text": ' fill="#8a3c00" font-size="11" font-weight="700" stroke="#fff" '
    'stroke-width="3" paint-order="stroke"',
}
PAGE = {part: html(attributes) for part, attributes in PAGE.items()}
EMBED = {part: html(attributes) for part, attributes in EMBED.items()}


def sparkline(path, color):
    """A directory card's small trend line (`charts.sparkline_path`): 96 on a page."""
    if not path:
        return ""
    return html(
        '<svg class="sparkline" width="72" height="24" viewBox="0 0 72 24" aria-hidden="true" '
        'focusable="false"><path d="{}" fill="none" stroke="{}" '
        'stroke-width="1.75" stroke-linejoin="round" stroke-linecap="round"/></svg>',
        path, color,
    )  # fmt: skip


def figure(chart, chart_id, title, audience_word):
    """The chart's <figure>: SVG, a caption per line, legend, events and data tables.

    A chart of None (nothing recorded) is a sentence saying so.
    """
    if chart is None:
        return html('<p class="meta">{}</p>', _("Aucun relevé pour tracer l'historique."))
    parts = [
        html('<figure class="chart">'),
        svg(chart, chart_id, title),
        html('<figcaption class="chart__caption">'),
        *(series_caption(chart, series, audience_word) for series in chart.series),
    ]
    if chart.marks:
        parts.append(
            html(
                '<p class="meta"><span class="chart__mark-key" aria-hidden="true">◆</span> '
                "{} : {}.</p>",
                _("Nos articles"),
                article_list(chart),
            )
        )
    if chart.events:
        parts.append(event_list(chart.events))
    if chart.legend:
        parts.append(legend(chart.legend))
    parts += [data_tables(chart, audience_word), html("</figcaption></figure>")]
    return join(parts, "\n")


def svg(chart, chart_id, title):
    """The page's <svg> element (the caption and tables stay outside it)."""
    return html(
        '<svg class="chart__svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-titre" focusable="false"><title id="{}-titre">{}</title>{}</svg>',
        chart.width, chart.height, chart_id, chart_id, title, plot(chart, PAGE),
    )  # fmt: skip


def plot(chart, paint=PAGE):
    """What the chart draws: axes, articles, events, lines and their points, projection.

    An estimated or illustrative stretch is overlaid dashed and such a last point drawn
    hollow; `paint` (PAGE or EMBED) only says how the parts look.
    """
    return join(
        [
            axes(chart, paint),
            article_marks(chart, paint),
            event_marks(chart, paint),
            *(series_lines(series, paint) for series in chart.series),
            *(to_verify_marks(series, paint) for series in chart.series),
            projection(chart, paint),
        ]
    )


def axes(chart, paint=PAGE):
    y_ticks = html_join(
        '<line x1="{}" x2="{}" y1="{}" y2="{}"{}/>'
        '<text x="{}" y="{}" dy="0.32em" text-anchor="end">{}</text>',
        ((chart.left, chart.right, y, y, paint["axis_line"], int(chart.left) - 8, y, label)
         for y, label in chart.y_ticks),
    )  # fmt: skip
    x_ticks = html_join(
        '<line{} x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        ((paint["tick"], x, x, chart.bottom, int(chart.bottom) + 5, x, int(chart.bottom) + 20,
          label)
         for x, label in chart.x_ticks),
    )  # fmt: skip
    return html("<g{}>{}{}</g>", paint["axis"], y_ticks, x_ticks)


def article_marks(chart, paint=PAGE):
    return html_join(
        '<g{}><title>{} : {} ({})</title>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}"{}/><path d="M{} {}l5 6l-5 6l-5-6z"/></g>',
        ((paint["mark"], _("Article"), mark.label, day_label(mark.day), mark.x, mark.x,
          chart.top, chart.bottom, paint["mark_line"], mark.x, int(chart.top) - 6)
         for mark in chart.marks),
    )  # fmt: skip


def event_marks(chart, paint=PAGE):
    return html_join(
        '<g{}><title>{} : {} ({})</title>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}"{}/>'
        '<rect x="{}" y="{}" width="16" height="16" rx="3"{}/>'
        '<text x="{}" y="{}" text-anchor="middle"{}>{}</text></g>',
        ((paint["event"], capfirst(event.kind), event.label, day_label(event.day),
          event.x, event.x, chart.top, chart.bottom, paint["event_line"],
          int(event.x) - 8, chart.top, paint["event_rect"],
          event.x, int(chart.top) + 12, paint["event_text"], event.number)
         for event in chart.events),
    )  # fmt: skip


def series_lines(series, paint=PAGE):
    dash = html(' stroke-dasharray="{}"', series.dash) if series.dash else ""
    line = html(
        '<path d="{}" fill="none" stroke="{}" stroke-width="2.5" stroke-linejoin="round" '
        'stroke-linecap="round"{}/>',
        series.path, series.color, dash,
    )  # fmt: skip
    unmeasured = ""
    if series.unmeasured_path:
        unmeasured = html(
            '<path{} d="{}" fill="none" stroke="#fff" stroke-width="3.5" stroke-dasharray="3 5"/>',
            paint["unmeasured"], series.unmeasured_path,
        )  # fmt: skip
    if series.last_is_measured:
        end = html(
            '<circle cx="{}" cy="{}" r="4" fill="{}" stroke="#fff" stroke-width="1.5"/>',
            series.end_x, series.end_y, series.color,
        )  # fmt: skip
    else:
        end = html(
            '<circle{} cx="{}" cy="{}" r="4" fill="#fff" stroke="{}" stroke-width="2"/>',
            paint["unmeasured_point"], series.end_x, series.end_y, series.color,
        )  # fmt: skip
    return join([line, unmeasured, end])


def to_verify_marks(series, paint=PAGE):
    return html_join(
        '<g{}><title>{}</title>'
        '<circle cx="{}" cy="{}" r="6" fill="#fff" stroke="#b45309" stroke-width="2.5"/>'
        '<text x="{}" y="{}" text-anchor="middle"{}>{}</text></g>',
        ((paint["to_verify"],
          _("%(count)s le %(day)s : à vérifier") % {"count": count, "day": day_label(day)},
          x, y, x, int(y) - 10, paint["to_verify_text"], _("à vérifier"))
         for x, y, day, count in series.to_verify),
    )  # fmt: skip


def projection(chart, paint=PAGE):
    segment = chart.projection
    if not segment:
        return ""
    end = ""
    if segment.reaches_threshold:
        end = html(
            '<circle cx="{}" cy="{}" r="4" fill="#fff" stroke="{}" stroke-width="2"/>',
            segment.end_x, segment.end_y, segment.color,
        )  # fmt: skip
    return html(
        '<g{}><title>{}</title><path d="{}" fill="none" stroke="{}" '
        'stroke-width="2" stroke-dasharray="6 5" stroke-linecap="round"/>{}</g>',
        paint["projection"], _("Projection au rythme des 90 derniers jours"), segment.path,
        segment.color, end,
    )  # fmt: skip


def article_list(chart):
    """The caption's list of the articles marked on the chart, with their dates."""
    return html_join(
        '<a href="{}">{}</a> (<time datetime="{}">{}</time>)',
        ((mark.url, mark.label, mark.day.isoformat(), day_label(mark.day))
         for mark in chart.marks),
        " ; ",
    )  # fmt: skip


SWATCH = (
    '<svg class="chart__swatch" width="28" height="10" viewBox="0 0 28 10" aria-hidden="true" '
    'focusable="false">{}</svg>'
)


def series_caption(chart, series, audience_word):
    """A line in words: first and last counts, lowest and highest, where it breaks."""
    swatch = ""
    if chart.is_comparison:
        dash = html(' stroke-dasharray="{}"', series.dash) if series.dash else ""
        swatch = html(
            SWATCH,
            html('<line x1="0" x2="28" y1="5" y2="5" stroke="{}" stroke-width="3"{}/>',
                 series.color, dash),
        )  # fmt: skip
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
        breaks = html(
            " {} : {}.",
            _("Ligne interrompue faute de relevé"),
            join((gap_text(gap) for gap in series.gaps), " ; "),
        )
    return html(
        "<p>{}<strong>{}</strong> : {}\n{}{}</p>", swatch, series.label, summary, extremes, breaks
    )


def gap_text(gap):
    """« du <time>1 mars 2026</time> au <time>9 mars 2026</time> (8 jours) »."""
    text = ngettext(
        "du %(start)s au %(end)s (%(days)s jour)", "du %(start)s au %(end)s (%(days)s jours)",
        gap.days,
    )  # fmt: skip
    return interpolate(
        text, start=time_element(gap.start), end=time_element(gap.end), days=gap.days
    )


def time_element(day):
    return html('<time datetime="{}">{}</time>', day.isoformat(), day_label(day))


def event_list(events):
    """The numbered events marked on the chart, with their dates and links."""
    items = join(
        html(
            '<li value="{}">{} — {} : {}</li>',
            event.number,
            time_element(event.day),
            capfirst(event.kind),
            html('<a href="{}" rel="noopener nofollow">{}</a>', event.url, event.label)
            if event.url
            else event.label,
        )
        for event in events
    )
    return html(
        '<p class="meta">{} :</p>\n<ol class="chart__events">{}</ol>', _("Événements"), items
    )


LEGEND_SWATCHES = {
    "measured": '<line x1="0" x2="28" y1="5" y2="5" stroke="currentColor" stroke-width="2.5"/>',
    "unmeasured": '<line x1="0" x2="28" y1="5" y2="5" stroke="currentColor" stroke-width="2.5" '
    'stroke-dasharray="5 3"/>',
    "to_verify": '<circle cx="14" cy="5" r="4" fill="#fff" stroke="#b45309" stroke-width="2"/>',
}


def legend(entries):
    """How measured, unmeasured and « à vérifier » points are drawn (`charts.provenance_legend`)."""
    items = html_join(
        "<li>{} {}</li>",
        ((html(SWATCH, html(LEGEND_SWATCHES[style])), label) for style, label in entries),
    )
    return html(
        '<ul class="chart__legend" aria-label="{}">{}</ul>', _("Légende du graphique"), items
    )


def data_tables(chart, audience_word):
    """The chart's accessible tables, folded: a line's telling points, events and gaps."""
    heading = html(
        '<thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th>'
        '<th scope="col">{}</th></tr></thead>',
        _("Date"), capfirst(audience_word), _("Provenance"),
    )  # fmt: skip
    tables = html_join(
        '<table class="data-table"><caption>{} — {}</caption>{}'
        "<tbody>\n{}\n{}</tbody></table>",
        ((series.label, _("points représentatifs de la courbe"), heading, table_rows(series),
          gap_rows(series.gaps))
         for series in chart.series),
    )  # fmt: skip
    return html(
        '<details class="chart__data"><summary>{}</summary>\n{}</details>',
        _("Voir les chiffres du graphique"), tables,
    )  # fmt: skip


def date_cell(iso_date, label):
    return html('<th scope="row"><time datetime="{}">{}</time></th>', iso_date, label)


def table_rows(series):
    """A line's rows: its telling points with their provenance, and its events."""
    to_verify = html(" — <strong>{}</strong>", _("à vérifier"))
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
            rows.append(
                html('<tr class="chart__event-row">{}<td class="num">—</td><td>{}</td></tr>',
                     day, text)
            )  # fmt: skip
            continue
        source = entry.provenance.source
        if source not in source_labels:
            source_labels[source] = html("{}", entry.provenance.source_label)
        note = to_verify if entry.provenance.to_verify else ""
        rows.append(
            html('<tr>{}<td class="num">{}</td><td>{}{}</td></tr>',
                 day, entry.count, source_labels[source], note)
        )  # fmt: skip
    return join(rows, "\n")


def gap_rows(gaps):
    before, after = _("Sans relevé"), _("interruption")
    return html_join(
        '<tr class="chart__gap"><th scope="row">{} {}</th><td class="num">{}</td><td></td></tr>\n',
        ((before, gap_text(gap), after) for gap in gaps),
    )

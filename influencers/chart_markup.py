"""A history chart's inline SVG and article list, written in Python.

A chart has dozens of ticks, article marks and points; template loops over them
(several lookups, filters and translations per item) were most of a history page's
rendering time, for five charts a page. The markup is what `includes/chart.html`
wrote; numbers are printed as Python prints them, unlocalised, as SVG wants ("12.5").
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from influencers.formatting import day_label


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

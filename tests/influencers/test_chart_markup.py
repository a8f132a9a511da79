"""One chart renderer for the page and the embeddable SVG, and the exact markup it writes."""

import datetime
import re
import types
import xml.etree.ElementTree as ElementTree

import pytest
from bs4 import BeautifulSoup

from influencers import chart_markup
from influencers.charts import Gap, build_chart
from influencers.models import PointProvenance, ReviewStatus, SnapshotSource
from influencers.templatetags.follower_tags import gain_rows, influencer_options
from influencers.timelines import Gain
from tests import factories

DAY = datetime.date(2024, 3, 1)
# Markup, quotes, an ampersand and control characters XML cannot carry (ESC, NUL).
HOSTILE = "<script>alert(\"x\")</script> & 'Co'\x1b\x00"


def days(count):
    return DAY + datetime.timedelta(days=count)


def fixed_chart():
    """Three points: an « à vérifier » one, a gap, an estimated last one; an article, an event."""
    points = [(days(0), 1000), (days(1), 1100), (days(4), 1200)]
    provenance = {
        days(1): PointProvenance(SnapshotSource.MANUAL, ReviewStatus.TO_REVIEW),
        days(4): PointProvenance(SnapshotSource.ESTIMATE),
    }
    event = types.SimpleNamespace(
        happened_on=days(3), pk=1, label=HOSTILE, url='https://example.com/?a=1&b="2"',
        get_kind_display=lambda: HOSTILE,
    )  # fmt: skip
    projection = types.SimpleNamespace(
        threshold=1300, last_day=days(4), last_followers=1200, expected_on=days(6),
        followers_on=lambda day: 1200 + 50 * (day - days(4)).days,
    )  # fmt: skip
    return build_chart(
        [(HOSTILE, "#c13584", points, provenance, [Gap(days(1), days(4))])],
        marks=[{"date": days(2), "label": HOSTILE, "url": '/a/?x=1&y="2"'}],
        events=[event],
        projection=projection,
    )


def test_the_page_figure_is_written_exactly_with_every_label_escaped():
    assert chart_markup.figure(fixed_chart(), "historique-1", HOSTILE, "abonnés") == FIGURE


def test_the_embed_draws_the_same_plot_with_presentation_attributes():
    chart = fixed_chart()
    assert chart_markup.plot(chart, chart_markup.EMBED) == EMBED_PLOT
    page_plot = chart_markup.plot(chart, chart_markup.PAGE)
    assert page_plot in FIGURE

    def elements(markup):
        return re.findall(r"</?\w+", markup)

    assert elements(EMBED_PLOT) == elements(page_plot)


def test_gain_rows_and_options_are_written_exactly():
    gains = [Gain(days(4), 1200, 100, 3), Gain(days(1), 1100, -5, 1)]
    assert gain_rows(gains) == GAIN_ROWS
    assert influencer_options([('a"b', HOSTILE)]) == OPTIONS


@pytest.fixture
def estimated_last(db):
    """An account whose last point is an estimate and whose middle point is « à vérifier »."""
    platform = factories.make_platform(slug="instagram", name="Instagram", color="#c13584")
    influencer = factories.make_influencer(slug="astrid", name="Astrid")
    account = factories.make_account(influencer=influencer, platform=platform)
    for offset, followers, fields in [
        (2, 1000, {}),
        (1, 1100, {"review": ReviewStatus.TO_REVIEW}),
        (0, 1200, {"source": SnapshotSource.ESTIMATE}),
    ]:
        factories.make_snapshot(account, DAY - datetime.timedelta(days=offset), followers, **fields)
    return account


SVG = "{http://www.w3.org/2000/svg}"


def test_the_embed_draws_an_estimated_last_point_hollow_as_the_page_does(client, estimated_last):
    page = BeautifulSoup(client.get("/influenceurs/astrid/").content, "html.parser")
    embed = ElementTree.fromstring(client.get("/influenceurs/astrid/instagram.svg").content)
    ends = [
        circle
        for circle in embed.iter(f"{SVG}circle")
        if "#c13584" in (circle.get("stroke"), circle.get("fill"))
    ]
    assert len(ends) == 1
    assert ends[0].get("fill") in {"#fff", "#ffffff"} and ends[0].get("stroke") == "#c13584"
    # The same shapes in the same order: axes, line, dashed overlay, hollow end, « à vérifier ».
    page_shapes = [
        element.name for element in page.select_one("svg.chart__svg").find_all(["path", "circle"])
    ]
    embed_shapes = [
        element.tag.removeprefix(SVG)
        for element in embed.iter()
        if element.tag in (f"{SVG}path", f"{SVG}circle")
    ]
    assert embed_shapes == page_shapes
    assert "à vérifier" in "".join(embed.itertext())


# The expected markup, element by element.

FIGURE = (
    '<figure class="chart">\n'
    '<svg class="chart__svg" viewBox="0 0 720 280" role="img"'
    ' aria-labelledby="historique-1-titre" focusable="false">'
    '<title id="historique-1-titre">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    " &amp; &#x27;Co&#x27;</title>"
    '<g class="chart__axis">'
    '<line x1="64" x2="704" y1="248.0" y2="248.0"/>'
    '<text x="56" y="248.0" dy="0.32em" text-anchor="end">1\xa0k</text>'
    '<line x1="64" x2="704" y1="201.6" y2="201.6"/>'
    '<text x="56" y="201.6" dy="0.32em" text-anchor="end">1,05\xa0k</text>'
    '<line x1="64" x2="704" y1="155.2" y2="155.2"/>'
    '<text x="56" y="155.2" dy="0.32em" text-anchor="end">1,1\xa0k</text>'
    '<line x1="64" x2="704" y1="108.8" y2="108.8"/>'
    '<text x="56" y="108.8" dy="0.32em" text-anchor="end">1,15\xa0k</text>'
    '<line x1="64" x2="704" y1="62.4" y2="62.4"/>'
    '<text x="56" y="62.4" dy="0.32em" text-anchor="end">1,2\xa0k</text>'
    '<line x1="64" x2="704" y1="16.0" y2="16.0"/>'
    '<text x="56" y="16.0" dy="0.32em" text-anchor="end">1,25\xa0k</text>'
    '<line class="chart__tick" x1="64.0" x2="64.0" y1="248" y2="253"/>'
    '<text x="64.0" y="268" text-anchor="middle">1 mars</text>'
    '<line class="chart__tick" x1="192.0" x2="192.0" y1="248" y2="253"/>'
    '<text x="192.0" y="268" text-anchor="middle">2 mars</text>'
    '<line class="chart__tick" x1="320.0" x2="320.0" y1="248" y2="253"/>'
    '<text x="320.0" y="268" text-anchor="middle">3 mars</text>'
    '<line class="chart__tick" x1="448.0" x2="448.0" y1="248" y2="253"/>'
    '<text x="448.0" y="268" text-anchor="middle">4 mars</text>'
    '<line class="chart__tick" x1="576.0" x2="576.0" y1="248" y2="253"/>'
    '<text x="576.0" y="268" text-anchor="middle">5 mars</text>'
    '<line class="chart__tick" x1="704.0" x2="704.0" y1="248" y2="253"/>'
    '<text x="704.0" y="268" text-anchor="middle">6 mars</text>'
    "</g>"
    '<g class="chart__mark">'
    "<title>Article : &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;"
    " &#x27;Co&#x27; (3 mars 2024)</title>"
    '<line x1="320.0" x2="320.0" y1="16" y2="248"/>'
    '<path d="M320.0 10l5 6l-5 6l-5-6z"/>'
    "</g>"
    '<g class="chart__event">'
    "<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Co&#x27; :"
    " &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Co&#x27; (4 mars"
    " 2024)</title>"
    '<line x1="448.0" x2="448.0" y1="16" y2="248"/>'
    '<rect x="440" y="16" width="16" height="16" rx="3"/>'
    '<text x="448.0" y="28" text-anchor="middle">1</text>'
    "</g>"
    '<path d="M64 248L192 155.2M576 62.4h0" fill="none" stroke="#c13584"'
    ' stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
    '<path class="chart__unmeasured" d="M192 155.2L576 62.4" fill="none" stroke="#fff"'
    ' stroke-width="3.5" stroke-dasharray="3 5"/>'
    '<circle class="chart__unmeasured-point" cx="576.0" cy="62.4" r="4" fill="#fff"'
    ' stroke="#c13584" stroke-width="2"/>'
    '<g class="chart__to-verify">'
    "<title>1\xa0100 le 2 mars 2024 : à vérifier</title>"
    '<circle cx="192.0" cy="155.2" r="6" fill="#fff" stroke="#b45309"'
    ' stroke-width="2.5"/>'
    '<text x="192.0" y="145" text-anchor="middle">à vérifier</text>'
    "</g>"
    '<g class="chart__projection">'
    "<title>Projection au rythme des 90 derniers jours</title>"
    '<path d="M576 62.4L704 16" fill="none" stroke="#c13584" stroke-width="2"'
    ' stroke-dasharray="6 5" stroke-linecap="round"/>'
    "</g>"
    "</svg>\n"
    '<figcaption class="chart__caption">\n'
    "<p>"
    "<strong>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;"
    " &#x27;Co&#x27;</strong> : de 1\xa0000 abonnés le 1 mars 2024 à 1\xa0200 le 5 mars 2024"
    " (+200).\n"
    "Plus bas : 1\xa0000 ; plus haut : 1\xa0200. Ligne interrompue faute de relevé : du <time"
    ' datetime="2024-03-02">2 mars 2024</time> au <time datetime="2024-03-05">5 mars'
    " 2024</time> (3 jours).</p>\n"
    '<p class="meta">'
    '<span class="chart__mark-key" aria-hidden="true">◆</span> Nos articles : <a'
    ' href="/a/?x=1&amp;y=&quot;2&quot;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt'
    '; &amp; &#x27;Co&#x27;</a> (<time datetime="2024-03-03">3 mars 2024</time>).</p>\n'
    '<p class="meta">Événements :</p>\n'
    '<ol class="chart__events">'
    '<li value="1">'
    '<time datetime="2024-03-04">4 mars 2024</time> —'
    " &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Co&#x27; : <a"
    ' href="https://example.com/?a=1&amp;b=&quot;2&quot;" rel="noopener'
    ' nofollow">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;'
    " &#x27;Co&#x27;</a>"
    "</li>"
    "</ol>\n"
    '<ul class="chart__legend" aria-label="Légende du graphique">'
    "<li>"
    '<svg class="chart__swatch" width="28" height="10" viewBox="0 0 28 10"'
    ' aria-hidden="true" focusable="false">'
    '<line x1="0" x2="28" y1="5" y2="5" stroke="currentColor" stroke-width="2.5"/>'
    "</svg> relevé mesuré</li>"
    "<li>"
    '<svg class="chart__swatch" width="28" height="10" viewBox="0 0 28 10"'
    ' aria-hidden="true" focusable="false">'
    '<line x1="0" x2="28" y1="5" y2="5" stroke="currentColor" stroke-width="2.5"'
    ' stroke-dasharray="5 3"/>'
    "</svg> estimation ou valeur illustrative, non mesurée</li>"
    "<li>"
    '<svg class="chart__swatch" width="28" height="10" viewBox="0 0 28 10"'
    ' aria-hidden="true" focusable="false">'
    '<circle cx="14" cy="5" r="4" fill="#fff" stroke="#b45309" stroke-width="2"/>'
    "</svg> à vérifier : variation inhabituelle, en cours de contrôle</li>"
    "</ul>\n"
    '<details class="chart__data">'
    "<summary>Voir les chiffres du graphique</summary>\n"
    '<table class="data-table">'
    "<caption>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Co&#x27; —"
    " points représentatifs de la courbe</caption>"
    "<thead>"
    "<tr>"
    '<th scope="col">Date</th>'
    '<th scope="col" class="num">Abonnés</th>'
    '<th scope="col">Provenance</th>'
    "</tr>"
    "</thead>"
    "<tbody>\n"
    "<tr>"
    '<th scope="row">'
    '<time datetime="2024-03-01">1 mars 2024</time>'
    "</th>"
    '<td class="num">1\xa0000</td>'
    "<td>saisi à la main</td>"
    "</tr>\n"
    "<tr>"
    '<th scope="row">'
    '<time datetime="2024-03-02">2 mars 2024</time>'
    "</th>"
    '<td class="num">1\xa0100</td>'
    "<td>saisi à la main — <strong>à vérifier</strong>"
    "</td>"
    "</tr>\n"
    '<tr class="chart__event-row">'
    '<th scope="row">'
    '<time datetime="2024-03-04">4 mars 2024</time>'
    "</th>"
    '<td class="num">—</td>'
    "<td>Événement 1 (&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;"
    " &#x27;Co&#x27;) : &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;"
    " &#x27;Co&#x27;</td>"
    "</tr>\n"
    "<tr>"
    '<th scope="row">'
    '<time datetime="2024-03-05">5 mars 2024</time>'
    "</th>"
    '<td class="num">1\xa0200</td>'
    "<td>estimation</td>"
    "</tr>\n"
    '<tr class="chart__gap">'
    '<th scope="row">Sans relevé du <time datetime="2024-03-02">2 mars 2024</time> au'
    ' <time datetime="2024-03-05">5 mars 2024</time> (3 jours)</th>'
    '<td class="num">interruption</td>'
    "<td>"
    "</td>"
    "</tr>\n"
    "</tbody>"
    "</table>"
    "</details>\n"
    "</figcaption>"
    "</figure>"
)

EMBED_PLOT = (
    '<g font-size="12" fill="#5a6275">'
    '<line x1="64" x2="704" y1="248.0" y2="248.0" stroke="#eceae4" stroke-width="1"/>'
    '<text x="56" y="248.0" dy="0.32em" text-anchor="end">1\xa0k</text>'
    '<line x1="64" x2="704" y1="201.6" y2="201.6" stroke="#eceae4" stroke-width="1"/>'
    '<text x="56" y="201.6" dy="0.32em" text-anchor="end">1,05\xa0k</text>'
    '<line x1="64" x2="704" y1="155.2" y2="155.2" stroke="#eceae4" stroke-width="1"/>'
    '<text x="56" y="155.2" dy="0.32em" text-anchor="end">1,1\xa0k</text>'
    '<line x1="64" x2="704" y1="108.8" y2="108.8" stroke="#eceae4" stroke-width="1"/>'
    '<text x="56" y="108.8" dy="0.32em" text-anchor="end">1,15\xa0k</text>'
    '<line x1="64" x2="704" y1="62.4" y2="62.4" stroke="#eceae4" stroke-width="1"/>'
    '<text x="56" y="62.4" dy="0.32em" text-anchor="end">1,2\xa0k</text>'
    '<line x1="64" x2="704" y1="16.0" y2="16.0" stroke="#eceae4" stroke-width="1"/>'
    '<text x="56" y="16.0" dy="0.32em" text-anchor="end">1,25\xa0k</text>'
    '<line stroke="#a9adb8" x1="64.0" x2="64.0" y1="248" y2="253"/>'
    '<text x="64.0" y="268" text-anchor="middle">1 mars</text>'
    '<line stroke="#a9adb8" x1="192.0" x2="192.0" y1="248" y2="253"/>'
    '<text x="192.0" y="268" text-anchor="middle">2 mars</text>'
    '<line stroke="#a9adb8" x1="320.0" x2="320.0" y1="248" y2="253"/>'
    '<text x="320.0" y="268" text-anchor="middle">3 mars</text>'
    '<line stroke="#a9adb8" x1="448.0" x2="448.0" y1="248" y2="253"/>'
    '<text x="448.0" y="268" text-anchor="middle">4 mars</text>'
    '<line stroke="#a9adb8" x1="576.0" x2="576.0" y1="248" y2="253"/>'
    '<text x="576.0" y="268" text-anchor="middle">5 mars</text>'
    '<line stroke="#a9adb8" x1="704.0" x2="704.0" y1="248" y2="253"/>'
    '<text x="704.0" y="268" text-anchor="middle">6 mars</text>'
    "</g>"
    '<g fill="#d98c00">'
    "<title>Article : &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;"
    " &#x27;Co&#x27; (3 mars 2024)</title>"
    '<line x1="320.0" x2="320.0" y1="16" y2="248" stroke="#d98c00" stroke-width="1.5"'
    ' stroke-dasharray="4 4"/>'
    '<path d="M320.0 10l5 6l-5 6l-5-6z"/>'
    "</g>"
    "<g>"
    "<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Co&#x27; :"
    " &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Co&#x27; (4 mars"
    " 2024)</title>"
    '<line x1="448.0" x2="448.0" y1="16" y2="248" stroke="#5b4b8a" stroke-width="1.5"'
    ' stroke-dasharray="2 3"/>'
    '<rect x="440" y="16" width="16" height="16" rx="3" fill="#5b4b8a"/>'
    '<text x="448.0" y="28" text-anchor="middle" fill="#fff" font-size="11"'
    ' font-weight="700">1</text>'
    "</g>"
    '<path d="M64 248L192 155.2M576 62.4h0" fill="none" stroke="#c13584"'
    ' stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
    '<path d="M192 155.2L576 62.4" fill="none" stroke="#fff" stroke-width="3.5"'
    ' stroke-dasharray="3 5"/>'
    '<circle cx="576.0" cy="62.4" r="4" fill="#fff" stroke="#c13584" stroke-width="2"/>'
    "<g>"
    "<title>1\xa0100 le 2 mars 2024 : à vérifier</title>"
    '<circle cx="192.0" cy="155.2" r="6" fill="#fff" stroke="#b45309"'
    ' stroke-width="2.5"/>'
    '<text x="192.0" y="145" text-anchor="middle" fill="#8a3c00" font-size="11"'
    ' font-weight="700" stroke="#fff" stroke-width="3" paint-order="stroke">à'
    " vérifier</text>"
    "</g>"
    "<g>"
    "<title>Projection au rythme des 90 derniers jours</title>"
    '<path d="M576 62.4L704 16" fill="none" stroke="#c13584" stroke-width="2"'
    ' stroke-dasharray="6 5" stroke-linecap="round"/>'
    "</g>"
)

GAIN_ROWS = (
    "<tr>"
    '<th scope="row">'
    '<time datetime="2024-03-05">5 mars 2024</time>'
    "</th>"
    '<td class="num">1\xa0200</td>'
    '<td class="num">+100 <span class="meta">en 3 jours</span>'
    "</td>"
    "</tr>\n"
    "<tr>"
    '<th scope="row">'
    '<time datetime="2024-03-02">2 mars 2024</time>'
    "</th>"
    '<td class="num">1\xa0100</td>'
    '<td class="num">−5</td>'
    "</tr>"
)

OPTIONS = (
    '<option value="a&quot;b">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;'
    " &#x27;Co&#x27;</option>"
)

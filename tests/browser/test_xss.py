"""Hostile text saved in an article never runs in a reader's browser.

Two layers stand in the way: the sanitizer and escaping on the server, the CSP in
the browser. A payload stopped only by the CSP still logs a console error, so the
test requires silence: no dialog, no JavaScript error, no console error at all.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import ArticleImage, Embed
from influencers.models import Influencer
from tests import factories
from tests.browser.conftest import log_in

PAYLOADS = [
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "<svg onload=alert('xss-svg')>",
    '"><script>alert("xss-attribute")</script>',
    "'><details open ontoggle=alert('xss-details')>",
    "<a href=\"javascript:alert('xss-href')\">lien</a>",
    "<a href=\"&#106;avascript:alert('xss-entity')\">lien</a>",
    "<iframe src=\"javascript:alert('xss-iframe')\"></iframe>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-mxss')>",
    "</script><script>alert('xss-json-ld')</script>",
    "</title><script>alert('xss-title')</script>",
    "<body onload=alert('xss-body')>",
    "<p style=\"background:url(javascript:alert('xss-style'))\">x</p>",
    "{{ 7|add:7 }}{% debug %}",
]
ALL = " ".join(PAYLOADS)


def png_upload(name):
    upload = SimpleUploadedFile(name, b"", content_type="image/png")
    Image.new("RGB", (640, 360), (200, 30, 30)).save(upload, format="PNG")
    upload.seek(0)
    return upload


def hostile_article():
    author = factories.make_author(name="Auteur <script>alert('xss-author')</script>")
    author.bio = ALL
    author.save()
    influencer = Influencer.objects.get(slug="thomas-pesquet")
    article = factories.make_article(
        title="Titre <img src=x onerror=alert('xss-h1')> </script><script>alert(1)</script>",
        slug="article-hostile",
        standfirst=ALL,
        body=ALL
        + "<figure><img src=x onerror=alert('xss-figure')><figcaption>"
        + ALL
        + "</figcaption></figure><p>https://x.com/thom_astro/status/1</p>",
        cover=png_upload("couverture.png"),
        cover_alt=PAYLOADS[3],
        cover_credit=PAYLOADS[1],
        seo_title="</title><script>alert('xss-seo')</script>",
        seo_description=PAYLOADS[3][:160],
        published_at=timezone.now() - datetime.timedelta(minutes=5),
        tags=["<script>alert('xss-tag')</script>", "astronautes"],
    )
    article.authors.add(author)
    article.influencers.add(influencer)
    ArticleImage.objects.create(
        article=article, image=png_upload("inline.png"), alt=PAYLOADS[1], credit=PAYLOADS[0]
    )
    Embed.objects.create(
        article=article,
        url="https://x.com/thom_astro/status/1",
        account_name=PAYLOADS[0],
        quote=ALL,
    )
    return article


# Everything a hostile text could turn into: handlers, javascript: URLs, scripts that are
# not ours, frames.
FIND_EXECUTABLE_MARKUP = """() => {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (attribute.name.startsWith('on')) found.push(`${element.tagName} ${attribute.name}`);
      if (value.includes('javascript:')) found.push(`${element.tagName} ${attribute.name}`);
    }
  }
  for (const script of document.scripts) {
    // JSON-LD data, our files, or inline scripts carrying the response's CSP nonce.
    const ours = script.type === 'application/ld+json' || script.nonce !== ''
      || (script.src && new URL(script.src).origin === location.origin);
    if (!ours) found.push(`SCRIPT ${script.outerHTML.slice(0, 80)}`);
  }
  for (const frame of document.querySelectorAll('iframe, object, embed, frame')) {
    found.push(frame.outerHTML.slice(0, 80));
  }
  return found;
}"""


def test_hostile_article_text_never_runs_in_the_browser(page, browser_log, demo_data):
    article = hostile_article()
    assert article.is_public
    pages = [
        article.get_absolute_url(),
        "/",
        "/tags/astronautes/",
        article.authors.get().get_absolute_url(),
        "/influenceurs/thomas-pesquet/",
        "/recherche/?q=alert",
        "/recherche/?q=" + "%3Cscript%3Ealert('xss-query')%3C/script%3E",
    ]
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("load")
        # Give the payloads that wait for an event or an image error their chance.
        page.locator("details").evaluate_all("elements => elements.forEach(d => d.open = true)")
        page.wait_for_timeout(200)
        assert page.evaluate(FIND_EXECUTABLE_MARKUP) == [], url
    browser_log.assert_clean()

    page.goto(article.get_absolute_url())
    # The text is shown as text: readers see what the author typed, harmlessly.
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.locator(".standfirst")).to_contain_text("<script>alert('xss-script')</script>")


def test_hostile_article_text_never_runs_in_the_admin(page, browser_log, editor, demo_data):
    article = hostile_article()
    log_in(page, editor)
    for url in (
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{article.pk}/history/",
    ):
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        assert page.evaluate(FIND_EXECUTABLE_MARKUP) == [], url
    # CSP reports of the admin's own scripts are test_security_headers.py's business.
    assert browser_log.dialogs == [] and browser_log.page_errors == []
    assert not [error for error in browser_log.console_errors if "xss" in error]

"""The article vocabulary: what the editor offers is what the server keeps, nothing executable."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from articles.models import ArticleImage
from articles.sanitizer import ALLOWED_TAGS, EDITOR_EXTENSIONS, sanitize_html
from tests import factories
from tests.articles.test_uploads import image_bytes

pytestmark = pytest.mark.django_db

# What Word 2016 puts on the clipboard for a heading, a bold/italic paragraph and a list.
WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta name=ProgId content=Word.Document>
<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri";} --></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
</head><body lang=FR style='tab-interval:35.4pt'><!--StartFragment-->
<h1 style='mso-margin-top-alt:auto'><span style='font-family:"Times New Roman"'>Une mission
<o:p></o:p></span></h1>
<p class=MsoNormal><b><span style='color:#1F3864'>196 jours</span></b><span
style='mso-spacerun:yes'>  </span>dans <i>l'ISS</i>.<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if
!supportLists]><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>
</span></span><![endif]>Facebook<o:p></o:p></p>
<p class=MsoNormal><a href="https://www.esa.int/" target="_blank" style='color:blue'>ESA</a>
<font face="Arial" color="red">rouge</font></p>
<!--EndFragment--></body></html>"""

# What a browser copies from a web page (here a Google Docs-like document).
WEB_PASTE = """<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1">
<p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-weight:700">Gras</span>
<span style="font-style:italic" class="c3">italique</span></p>
<div class="article-body"><h3 data-track="x">Intertitre</h3><table><tr><td>cellule</td></tr></table>
<img src="https://pixel.tracker.example/p.gif" width="1" height="1">
<button onclick="buy()">Acheter</button><input value="champ"></div></b>"""

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1></svg>",
    '<a href="javascript:alert(1)">clic</a>',
    '<a href="JaVaScRiPt:alert(1)">clic</a>',
    '<a href="&#106;avascript:alert(1)">clic</a>',
    '<a href="java\tscript:alert(1)">clic</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">clic</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<details open ontoggle=alert(1)>x</details>",
    "<body onload=alert(1)>",
    '<base href="javascript:/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '"><script>alert(1)</script>',
    "'\"><img src=x onerror=alert(1)//",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '<figure><img src="/media/x.jpg" onerror="alert(1)">'
    '<figcaption onclick="alert(1)">c</figcaption></figure>',
    '<a href="https://exemple.fr" onmouseover="alert(1)" style="x">lien</a>',
    "<style>*{background:url(javascript:alert(1))}</style>",
    "<template><script>alert(1)</script></template>",
    "<!--<script>alert(1)</script>-->",
    '<p id="x" class="evil" data-x="1">p</p>',
]

EXECUTABLE_TAGS = ["script", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
                   "form", "button", "input", "meta", "link", "style", "template",
                   "noscript"]  # fmt: skip


def assert_nothing_executable(html, allowed_head_tags=False):
    """No script, handler, dangerous URL or embedding element in `html`.

    On a whole page, the head and the main content are checked: the site's own
    header and footer (the search form) are not article content.
    """
    soup = BeautifulSoup(html, "html.parser")
    if soup.main:
        soup = BeautifulSoup(str(soup.head) + str(soup.main), "html.parser")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), element
            assert name.lower() != "style", element
            values = value if isinstance(value, list) else [value]
            for item in values:
                compact = "".join(item.split()).lower()
                assert not compact.startswith(("javascript:", "data:", "vbscript:")), element
    for element in soup.find_all(EXECUTABLE_TAGS):
        in_head = element.find_parent("head") is not None
        if allowed_head_tags and in_head and element.name in ("meta", "link"):
            continue
        if element.name == "script" and element.get("type") == "application/ld+json":
            continue
        if element.name == "script" and element.get("src", "").startswith("/static/"):
            continue
        raise AssertionError(f"{element.name} on the page: {element}")


def test_editor_toolbar_and_server_allow_list_agree():
    editor = allowlist_from_extensions(expand_extensions(EDITOR_EXTENSIONS))
    assert set(editor["tags"]) == ALLOWED_TAGS
    assert {"h1", "h5", "h6", "table", "span", "div", "u", "s", "code", "pre"}.isdisjoint(
        editor["tags"]
    )


def test_word_paste_comes_out_clean():
    clean = sanitize_html(WORD_PASTE)
    assert clean == (
        "<h2>Une mission\n</h2>\n"
        "<p><strong>196 jours</strong>  dans <em>l'ISS</em>.</p>\n\n"
        "<p>·\nFacebook</p>\n"
        '<p><a href="https://www.esa.int/" rel="noopener noreferrer">ESA</a>\nrouge</p>'
    )


def test_web_paste_comes_out_clean():
    clean = sanitize_html(WEB_PASTE)
    for leftover in ("style=", "class=", "id=", "data-", "<span", "<div", "<table", "<td",
                     "tracker", "<button", "onclick", "<input", "dir="):  # fmt: skip
        assert leftover not in clean, leftover
    assert "<p><strong>Gras</strong>\n<em>italique</em></p>" in clean
    assert "<h3>Intertitre</h3>" in clean
    assert "cellule" in clean


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitizer_leaves_nothing_executable(payload):
    clean = sanitize_html(payload)
    assert_nothing_executable(clean)
    assert sanitize_html(clean) == clean, "sanitizing is idempotent"


def test_images_from_other_sites_are_dropped():
    clean = sanitize_html('<p>a</p><img src="https://pixel.example/x.gif"><img src="/media/a.jpg">')
    assert clean == '<p>a</p><img src="/media/a.jpg">'


def test_hostile_text_in_every_field_is_inert_on_the_public_page(client):
    payloads = "".join(XSS_PAYLOADS)
    article = factories.make_article(
        title=payloads[:200],
        standfirst=payloads,
        body=payloads,
        cover=SimpleUploadedFile("c.jpg", image_bytes()),
        cover_alt=payloads[:250],
        cover_credit=payloads[:200],
        seo_title=payloads[:70],
        seo_description=payloads[:160],
    )
    article.tags.add("<script>alert(1)</script>")
    ArticleImage.objects.create(
        article=article,
        image=SimpleUploadedFile("i.jpg", image_bytes()),
        alt=payloads[:250],
        credit=payloads[:200],
    )
    image_url = article.images.get().image.url
    article.body += (
        f'<figure><img src="{image_url}" alt="{payloads[:250]}">'
        f"<figcaption>{payloads}</figcaption></figure>"
    )
    article.save()
    article.embeds.create(
        url="https://x.com/a/status/1", account_name=payloads[:120], quote=payloads
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "<picture>" in response.text, "the inline image was rendered"
    assert_nothing_executable(response.text, allowed_head_tags=True)

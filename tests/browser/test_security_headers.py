"""Security headers as Chromium receives them, and a CSP the browser enforces without
anything of ours tripping over it."""

import pytest

from articles.models import Article
from tests import factories
from tests.browser.conftest import close_when_idle, log_in
from tests.quality.pages import NOT_FOUND_URL, public_pages

EXPECTED_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
}


def csp_directives(header):
    directives = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *values = directive.split()
        directives[name] = values
    return directives


def test_every_public_page_type_sends_the_security_headers(page, browser_log, demo_data):
    for page_type, url in public_pages():
        response = page.goto(url)
        headers = response.all_headers()
        for name, value in EXPECTED_HEADERS.items():
            assert headers.get(name) == value, f"{page_type} ({url}) : {name}"
        csp = csp_directives(headers.get("content-security-policy", ""))
        assert "'unsafe-inline'" not in csp.get("script-src", ["absent"]), page_type
        assert csp.get("object-src") == ["'none'"], f"{page_type} ({url}) : {csp}"
        assert csp.get("frame-ancestors") == ["'none'"], f"{page_type} ({url})"
        assert "http:" not in str(csp) and "*" not in str(csp), f"{page_type}: {csp}"
        assert browser_log.csp_violations() == [], f"{page_type} ({url})"
        if url == NOT_FOUND_URL:
            browser_log.forget_not_found(response.url)
    browser_log.assert_clean()


def test_hsts_is_sent_once_the_proxy_says_https(browser, live_server, db):
    # Over plain http a browser ignores HSTS; behind the TLS proxy it is what counts.
    context = browser.new_context(
        base_url=live_server.url, extra_http_headers={"X-Forwarded-Proto": "https"}
    )
    try:
        headers = context.new_page().goto("/").all_headers()
    finally:
        close_when_idle(context)
    assert headers["strict-transport-security"] == ("max-age=31536000; includeSubDomains; preload")


def test_the_browser_refuses_an_injected_inline_script(page, browser_log, db):
    """The CSP is enforced, not decorative: a script smuggled into the page does not run."""
    page.goto("/")
    page.evaluate(
        "() => { const script = document.createElement('script');"
        " script.textContent = 'window.injected = true';"
        " document.body.append(script); }"
    )
    assert page.evaluate("() => window.injected") is None
    assert browser_log.csp_violations(), browser_log.console_errors


@pytest.mark.parametrize(
    "screen",
    ["login", "article form"],
)
def test_admin_screens_work_under_the_csp_without_violations(page, browser_log, screen, demo_data):
    if screen == "article form":
        superuser = factories.make_user(username="patronne", is_staff=True, is_superuser=True)
        log_in(page, superuser)
        article = Article.objects.get(slug="thomas-pesquet-influenceur-en-orbite")
        page.goto(f"/admin/articles/article/{article.pk}/change/")
        # Wait for the admin's own scripts (autocomplete, prepopulate, editor) to run.
        page.wait_for_load_state("networkidle")
    else:
        page.goto("/admin/login/")
    assert browser_log.csp_violations() == []
    browser_log.assert_clean()

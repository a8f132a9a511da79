"""Security headers graded offline the way the Mozilla HTTP Observatory grades a site.

The grader below follows the Observatory's published scoring methodology: a
baseline of 100, a modifier per test (CSP, cookies, CORS, redirection, referrer
policy, HSTS, subresource integrity, X-Content-Type-Options, X-Frame-Options,
Cross-Origin-Resource-Policy), bonuses counted only when the score without them
is 90 or more, and the letter grade from the total. The goal is A+ on every
public page type, with no negative modifier.
"""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests import factories
from tests.quality.pages import public_pages

pytestmark = pytest.mark.django_db

GRADES = [
    (100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"),
    (60, "C+"), (50, "C"), (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F"),
]  # fmt: skip
SIX_MONTHS = 15_768_000
PRIVATE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin",
                             "strict-origin-when-cross-origin"}  # fmt: skip
UNSAFE_REFERRER_POLICIES = {"origin", "origin-when-cross-origin", "unsafe-url"}
INSECURE_SOURCES = {"*", "http:", "ftp:"}


def parse_csp(header):
    directives = {}
    for part in filter(str.strip, header.split(";")):
        name, *values = part.split()
        directives.setdefault(name.lower(), values)
    return directives


def effective(directives, name):
    return directives.get(name, directives.get("default-src", ["*"]))


def grade_csp(header):
    """(test name, modifier) for a Content-Security-Policy header."""
    if not header:
        return "csp-not-implemented", -25
    directives = parse_csp(header)
    scripts = effective(directives, "script-src")
    has_nonce_or_hash = any(re.match(r"'(nonce|sha(256|384|512))-", s) for s in scripts)
    if ("'unsafe-inline'" in scripts and not has_nonce_or_hash) or {
        "data:", "https:", *INSECURE_SOURCES
    } & set(scripts):  # fmt: skip
        return "csp-implemented-with-unsafe-inline", -20
    objects = effective(directives, "object-src")
    if {"data:", "https:", *INSECURE_SOURCES} & set(objects):
        return "csp-implemented-with-unsafe-inline", -20
    every_source = {source for values in directives.values() for source in values}
    if any(source.startswith("http://") for source in every_source) or "http:" in every_source:
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-eval'" in scripts:
        return "csp-implemented-with-unsafe-eval", -10
    if directives.get("default-src") == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 0


def grade_cookies(response, hsts):
    cookies = list(response.cookies.values())
    if not cookies:
        return "cookies-not-found", 0
    for cookie in cookies:
        is_session = "sess" in cookie.key.lower()
        if is_session and not cookie["httponly"]:
            return "cookies-session-without-httponly-flag", -30
        if is_session and not cookie["secure"]:
            return "cookies-session-without-secure-flag", -10 if hsts else -40
        if "csrf" in cookie.key.lower() and not cookie["samesite"]:
            return "cookies-anticsrf-without-samesite-flag", -20
        if not cookie["secure"]:
            return "cookies-without-secure-flag", -5 if hsts else -20
        if cookie["samesite"] and cookie["samesite"].lower() not in {"strict", "lax", "none"}:
            return "cookies-samesite-flag-invalid", -20
    if all(cookie["samesite"] for cookie in cookies):
        return "cookies-secure-with-httponly-sessions-and-samesite", 5
    return "cookies-secure-with-httponly-sessions", 0


def grade_cors(response):
    if response.headers.get("Access-Control-Allow-Origin") != "*":
        return "cross-origin-resource-sharing-not-implemented", 0
    if response.headers.get("Access-Control-Allow-Credentials", "").lower() == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    return "cross-origin-resource-sharing-implemented-with-public-access", 0


def grade_referrer(header):
    if not header:
        return "referrer-policy-not-implemented", 0
    policies = {policy.strip().lower() for policy in header.split(",")}
    if policies & UNSAFE_REFERRER_POLICIES:
        return "referrer-policy-unsafe", -5
    if policies <= PRIVATE_REFERRER_POLICIES:
        return "referrer-policy-private", 5
    return "referrer-policy-header-invalid", -5


def grade_hsts(header):
    match = re.search(r"max-age=(\d+)", header or "", re.IGNORECASE)
    if not header:
        return "hsts-not-implemented", -20
    if not match:
        return "hsts-header-invalid", -20
    if int(match[1]) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    # The +5 "preloaded" bonus needs the browsers' preload list: not graded offline.
    return "hsts-implemented-max-age-at-least-six-months", 0


def grade_sri(response, host):
    if "html" not in response.headers.get("Content-Type", ""):
        return "sri-not-implemented-response-not-html", 0
    soup = BeautifulSoup(response.content, "html.parser")
    foreign = [
        script
        for script in soup.find_all("script", src=True)
        if urlsplit(script["src"]).netloc not in {"", host}
    ]
    if any(urlsplit(script["src"]).scheme == "http" for script in foreign):
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    if foreign and not all(script.get("integrity") for script in foreign):
        return "sri-not-implemented-but-external-scripts-loaded-securely", -5
    if foreign:
        return "sri-implemented-and-external-scripts-loaded-securely", 5
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0


def grade_nosniff(header):
    if header is None:
        return "x-content-type-options-not-implemented", -5
    if header.strip().lower() != "nosniff":
        return "x-content-type-options-header-invalid", -5
    return "x-content-type-options-nosniff", 0


def grade_frame_options(header, csp_header):
    frame_ancestors = parse_csp(csp_header or "").get("frame-ancestors")
    if frame_ancestors and "*" not in frame_ancestors:
        return "x-frame-options-implemented-via-csp", 5
    if header is None:
        return "x-frame-options-not-implemented", -20
    if header.strip().upper() not in {"DENY", "SAMEORIGIN"}:
        return "x-frame-options-header-invalid", -20
    return "x-frame-options-sameorigin-or-deny", 0


def grade_corp(header):
    if header is None:
        return "cross-origin-resource-policy-not-implemented", 0
    if header.strip().lower() not in {"same-origin", "same-site", "cross-origin"}:
        return "cross-origin-resource-policy-header-invalid", -5
    return f"cross-origin-resource-policy-implemented-with-{header.strip().lower()}", 0


def observatory_grade(response, host="testserver"):
    """(score, grade, {test: (result, modifier)}) for one HTTPS response."""
    headers = response.headers
    hsts = "Strict-Transport-Security" in headers
    results = {
        "content-security-policy": grade_csp(headers.get("Content-Security-Policy")),
        "cookies": grade_cookies(response, hsts),
        "cross-origin-resource-sharing": grade_cors(response),
        "referrer-policy": grade_referrer(headers.get("Referrer-Policy")),
        "strict-transport-security": grade_hsts(headers.get("Strict-Transport-Security")),
        "subresource-integrity": grade_sri(response, host),
        "x-content-type-options": grade_nosniff(headers.get("X-Content-Type-Options")),
        "x-frame-options": grade_frame_options(
            headers.get("X-Frame-Options"), headers.get("Content-Security-Policy")
        ),
        "cross-origin-resource-policy": grade_corp(headers.get("Cross-Origin-Resource-Policy")),
    }
    penalties = sum(modifier for _, modifier in results.values() if modifier < 0)
    bonuses = sum(modifier for _, modifier in results.values() if modifier > 0)
    score = max(0, 100 + penalties)
    if score >= 90:
        score += bonuses
    letter = next(letter for floor, letter in GRADES if score >= floor)
    return score, letter, results


def every_page_type():
    pages = public_pages()
    pages += [
        ("flux RSS", "/feed/"),
        ("flux d'une étiquette", "/tags/astronautes/feed/"),
        ("flux d'un influenceur", "/influenceurs/thomas-pesquet/feed/"),
        ("données ouvertes CSV", "/influenceurs/thomas-pesquet/abonnes.csv"),
        ("données ouvertes JSON", "/influenceurs/thomas-pesquet/abonnes.json"),
        ("plan du site", "/sitemap.xml"),
        ("robots.txt", "/robots.txt"),
        ("connexion à l'admin", "/admin/login/"),
    ]
    return pages


def assert_a_plus(page_type, url, response):
    score, letter, results = observatory_grade(response)
    negatives = {test: result for test, result in results.items() if result[1] < 0}
    assert negatives == {}, f"{page_type} ({url}): {negatives}"
    assert letter == "A+", f"{page_type} ({url}): {score} {letter} {results}"


def test_every_public_page_type_grades_a_plus(client, demo_data):
    for page_type, url in every_page_type():
        response = client.get(url, secure=True)
        assert response.status_code in {200, 404}, f"{page_type} ({url})"
        assert_a_plus(page_type, url, response)


def test_cached_pages_grade_a_plus_too(client, demo_data, settings):
    settings.PAGE_CACHE_SECONDS = 60
    client.get("/", secure=True)
    response = client.get("/", secure=True)
    assert response["X-Page-Cache"] == "hit"
    assert_a_plus("accueil en cache", "/", response)


def test_admin_session_cookies_earn_the_cookie_bonus(client, db):
    factories.make_user(username="editrice", is_staff=True)
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editrice", "password": factories.PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    _, letter, results = observatory_grade(response)
    assert results["cookies"] == ("cookies-secure-with-httponly-sessions-and-samesite", 5)
    assert letter == "A+"


def test_the_grader_fails_a_weak_policy(client, db, settings):
    """The grader itself: without CSP, HSTS and framing rules the site would not pass."""
    settings.SECURE_CSP = {}
    settings.SECURE_HSTS_SECONDS = 0
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "clickjacking" not in name]
    score, letter, results = observatory_grade(client.get("/", secure=True))
    assert results["content-security-policy"] == ("csp-not-implemented", -25)
    assert results["strict-transport-security"] == ("hsts-not-implemented", -20)
    assert results["x-frame-options"] == ("x-frame-options-not-implemented", -20)
    assert (score, letter) == (35, "D")


def test_unsafe_inline_scripts_are_penalised():
    assert grade_csp("default-src 'self'; script-src 'self' 'unsafe-inline'")[1] == -20
    assert grade_csp("default-src 'self'; script-src 'self' 'nonce-abc' 'unsafe-inline'")[1] == 0
    assert grade_csp("default-src 'none'; script-src 'self'")[1] == 10
    assert grade_csp("default-src 'self' http://cdn.example")[1] == -20

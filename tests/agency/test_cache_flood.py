"""A flood of query strings cannot fill the page cache, slow it down or evict work data."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache, caches

from influencers.forms import CsvConfirmForm, hold_upload
from tests import factories

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def stored_pages():
    """The page entries of the test run's cache (LocMemCache: keys are in a dict)."""
    return [key for key in cache._cache if ":page." in key]


@pytest.mark.parametrize(
    "query", ["utm_source=lettre", "fbclid=IwAR0x", "gclid=abc&utm_medium=social", "x=1"]
)
def test_query_strings_nobody_reads_share_the_bare_page(client, db, query):
    bare = client.get("/")
    response = client.get(f"/?{query}")
    assert response["X-Page-Cache"] == "hit"
    assert response.content == bare.content


def test_a_flood_of_tracking_query_strings_stores_one_page(client, db):
    for number in range(30):
        client.get(f"/?utm_source={number}")
    assert len(stored_pages()) == 1


def test_a_page_keeps_the_parameters_it_reads(client, db):
    for number in range(15):
        factories.make_article(title=f"Récit {number}")
    first = client.get("/?page=2&utm_source=lettre")
    second = client.get("/?page=2")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_an_unknown_ranking_order_shares_the_default_ranking(client, db):
    ranking = f"/plateformes/{factories.make_account().platform.slug}/"
    assert client.get(ranking)["X-Page-Cache"] == "miss"
    assert client.get(f"{ranking}?tri=n'importe")["X-Page-Cache"] == "hit"
    assert client.get(f"{ranking}?tri=croissance")["X-Page-Cache"] == "miss"


def test_search_results_are_not_page_cached(client, db):
    factories.make_article(title="Une orbite bien remplie")
    for number in range(3):
        response = client.get(f"/recherche/?q=orbite{number}")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert stored_pages() == []


def test_not_found_pages_are_not_stored(client, db):
    for number in range(5):
        assert client.get(f"/nulle-part-{number}/?utm_source={number}").status_code == 404
        assert client.get(f"/?page={1000 + number}").status_code == 404
    assert stored_pages() == []


def test_every_query_parameter_a_public_view_reads_is_declared():
    """A parameter read by a view but missing from PAGE_PARAMETERS would be served the
    page cached without it: every `request.GET` read of the public apps is listed."""
    from core.middleware import PAGE_PARAMETERS

    declared = {name for names in PAGE_PARAMETERS.values() for name in names}
    read = set()
    for app in ("agency", "articles", "influencers", "newsletter"):
        for source in (BASE_DIR / app).rglob("*.py"):
            if "admin" in source.name or "management" in source.parts:
                continue
            text = source.read_text()
            read |= set(re.findall(r"GET\.(?:get|getlist)\(\s*[\"'](\w+)[\"']", text))
    assert read, "the sweep found no query parameter at all"
    assert read <= declared | {"q"}, read - declared


def test_a_pending_import_survives_a_full_page_cache(settings, data_user, tmp_path):
    """Django's file cache deletes a random part of itself when full: the CSV waiting for
    its confirmation must not live there."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "pages"),
            # Full at 10 entries, then emptied whole: the worst random cull.
            "OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 0},
        },
    }
    token = hold_upload(data_user, b"influenceur;plateforme;date;abonnes\n")
    for number in range(30):
        caches["default"].set(f"page-{number}", b"<html>")
    form = CsvConfirmForm(data_user, {"token": token})
    assert form.is_valid(), form.errors


def test_the_embedded_default_cache_keeps_the_latest_entries_when_full(settings, tmp_path):
    """Without Redis, a full cache drops its oldest entries, not a random third of them."""
    from agency.settings import embedded_caches

    config = embedded_caches(str(tmp_path))["default"]
    settings.CACHES = {"default": {**config, "OPTIONS": {**config["OPTIONS"], "MAX_ENTRIES": 50}}}
    embedded = caches["default"]
    for number in range(200):
        embedded.set(f"page-{number}", b"<html>" * 100, 300 + number)
    latest = [f"page-{number}" for number in range(185, 200)]
    assert all(embedded.get(key) is not None for key in latest)
    assert sum(embedded.get(f"page-{number}") is not None for number in range(200)) <= 60

"""Following an influencer by email: from their page, and among hundreds on the form."""

import re

import pytest
from bs4 import BeautifulSoup
from django import forms

from newsletter import tokens
from newsletter.forms import InfluencerCheckboxes
from tests import factories
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


def ticked_and_listed(html):
    """(names ticked, names in list order) of the form's influencer checkboxes."""
    boxes = BeautifulSoup(html, "html.parser").select("#id_influencers input[type=checkbox]")
    names = [box.parent.get_text(strip=True) for box in boxes]
    return [name for box, name in zip(boxes, names, strict=True) if box.has_attr("checked")], names


def test_an_influencer_page_links_to_following_them_by_email(client):
    factories.make_influencer(slug="thomas-pesquet", name="Thomas Pesquet")
    soup = BeautifulSoup(client.get("/influenceurs/thomas-pesquet/").content, "html.parser")
    link = soup.find("a", string="Suivre Thomas Pesquet par e-mail")
    assert link["href"] == "/newsletter/?suivre=thomas-pesquet"


def test_the_link_ticks_the_influencer_at_the_head_of_the_list(client, django_assert_num_queries):
    for name in ["Alice", "Bruno", "Zoé"]:
        factories.make_influencer(name=name, slug=name.lower().replace("é", "e"))
    with django_assert_num_queries(2):  # the slugs asked, then the checkboxes
        response = client.get("/newsletter/", {"suivre": "zoe"})
    assert response.status_code == 200
    assert ticked_and_listed(response.content) == (["Zoé"], ["Zoé", "Alice", "Bruno"])


@pytest.mark.parametrize("slug", ["inconnu", "cache", "<script>"])
def test_unknown_or_unpublished_influencers_tick_nothing(client, slug):
    factories.make_influencer(name="Alice", slug="alice")
    factories.make_influencer(name="Caché", slug="cache", is_published=False)
    response = client.get("/newsletter/", {"suivre": slug})
    assert response.status_code == 200
    assert ticked_and_listed(response.content) == ([], ["Alice"])


def test_preferences_list_the_followed_influencers_first(client):
    influencers = [factories.make_influencer(name=name) for name in ["Alice", "Bruno", "Zoé"]]
    subscriber = make_subscriber(influencers=[influencers[1]])
    token = tokens.make_token(subscriber, tokens.MANAGE)
    response = client.get(f"/newsletter/preferences/{token}/")
    assert ticked_and_listed(response.content) == (["Bruno"], ["Bruno", "Alice", "Zoé"])


def test_the_checkboxes_are_the_markup_django_would_write():
    choices = [(3, "Alice & Cie"), (7, "<b>Bruno</b>"), (9, "Zoé")]

    def markup(widget):
        html = widget.render("influencers", [7], attrs={"id": "id_influencers"})
        return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", str(html)))

    ours = markup(InfluencerCheckboxes(choices=choices))
    django = markup(forms.CheckboxSelectMultiple(choices=choices))
    assert ours == django.replace(
        '<div id="id_influencers">', '<div id="id_influencers" class="checkbox-list">', 1
    )
    assert "&lt;b&gt;Bruno&lt;/b&gt;" in ours

"""Line breaks and control characters in plain text: cleaned when stored, harmless when shown.

One rule (safeguards.text) for every single-line text field of our apps: line breaks and
tabs become a space, other control characters go, format characters (the ZWJ of an
emoji, right-to-left marks) stay. Each output with its own grammar — RSS feeds, share-card
PNGs, embeddable SVGs — is safe on its own as well, for rows stored before the rule.
"""

import importlib
import io
from xml.dom import minidom

import pytest
from django.apps import apps as django_apps
from django.db import connection, models
from django.forms import modelform_factory
from model_bakery import baker
from PIL import Image
from taggit.models import Tag

from articles.forms import RedirectForm
from articles.models import Article, Author, Series
from influencers.events import Event
from influencers.models import FollowerSnapshot, Influencer, Platform
from safeguards.tags import BoundedTagField
from safeguards.text import SingleLineCharField, single_line, xml_text
from tests import factories

pytestmark = pytest.mark.django_db

OUR_APPS = ("agency", "safeguards", "influencers", "articles")
BREAKS = ["\r", "\n", "\r\n", "\v", "\f", "\u2028", "\u2029", "\x85", "\t"]
CONTROLS = ["\x1b", "\x07", "\x00", "\x7f", "\x9b"]
ROCKET_WOMAN = "👩\u200d🚀"  # a ZWJ sequence: a format character, kept


@pytest.mark.parametrize("character", BREAKS, ids=repr)
def test_line_breaks_and_tabs_become_one_space(character):
    assert single_line(f"Thomas{character}Pesquet") == "Thomas Pesquet"


@pytest.mark.parametrize("character", CONTROLS, ids=repr)
def test_other_control_characters_go(character):
    assert single_line(f"Thomas{character} Pesquet") == "Thomas Pesquet"


def test_format_characters_stay():
    assert single_line(f"Spationaute {ROCKET_WOMAN}\u200f") == f"Spationaute {ROCKET_WOMAN}\u200f"


def test_xml_text_keeps_line_breaks_and_drops_what_xml_forbids():
    assert xml_text("Un\r\nchapô\x1b\x07\tici\ufffe") == "Un\r\nchapô\tici"


def single_line_candidates():
    """Every free-text field of our models: editable, not a slug, a link nor a list of choices."""
    for model in [*(m for m in django_models() if m._meta.app_label in OUR_APPS), Tag]:
        for field in model._meta.concrete_fields:
            if (
                type(field) in (models.CharField, SingleLineCharField)
                and field.editable
                and not field.choices
            ):
                yield f"{model._meta.label}.{field.name}", field


def django_models():
    models_ = django_apps.get_models()
    return [model for model in models_ if not model.__name__.startswith("Historical")]


def test_every_single_line_text_field_follows_the_rule():
    loose = [
        name
        for name, field in single_line_candidates()
        if not isinstance(field, SingleLineCharField) and name != "taggit.Tag.name"
    ]
    assert loose == []


def test_every_way_of_saving_cleans_the_value():
    article = factories.make_article(title="Un\r\ntitre\x1b")
    assert article.title == "Un titre"
    assert Article.objects.get(pk=article.pk).title == "Un titre"
    Article.objects.filter(pk=article.pk).update(title="Par\nupdate\x07")
    assert Article.objects.get(pk=article.pk).title == "Par update"
    influencer = factories.make_influencer()
    influencer.name = "Thomas\u2028Pesquet"
    Influencer.objects.bulk_update([influencer], ["name"])
    assert Influencer.objects.get(pk=influencer.pk).name == "Thomas Pesquet"
    author = factories.make_author(name="Une\vautrice")
    series = Series.objects.create(title="Une\fsérie", slug="une-serie")
    platform = factories.make_platform(name="Mastodon\x1b[31m")
    snapshot = factories.make_snapshot(note="Relevé\nmanuel")
    event = Event.objects.create(
        account=snapshot.account, happened_on=snapshot.recorded_on, label="Renommé\r\nen X"
    )
    tag = Tag.objects.create(name="Espace\n\x07", slug="espace")
    assert [
        Author.objects.get(pk=author.pk).name,
        Series.objects.get(pk=series.pk).title,
        Platform.objects.get(pk=platform.pk).name,
        FollowerSnapshot.objects.get(pk=snapshot.pk).note,
        Event.objects.get(pk=event.pk).label,
        Tag.objects.get(pk=tag.pk).name,
    ] == ["Une autrice", "Une série", "Mastodon[31m", "Relevé manuel", "Renommé en X", "Espace "]


def test_forms_show_the_cleaned_value():
    form_class = modelform_factory(Series, fields=["title", "slug", "description"])
    form = form_class({"title": "Une\r\nsérie\x1b ", "slug": "serie", "description": "1\r\n2"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Une série"
    assert form.save().description == "1\r\n2"  # multi-line text keeps its line breaks


def test_admin_tag_field_cleans_each_name():
    assert BoundedTagField().clean("Espace\x1b, Mars\u2028rouge, Espace") == [
        "Espace",
        "Mars rouge",
    ]


def test_redirect_paths_are_cleaned(client):
    factories.make_article(slug="en-orbite")
    form = RedirectForm({"old_path": "/blog/\x1bpesquet\n", "new_path": "/articles/en-orbite/"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["old_path"] == "/blog/pesquet"


def test_migrations_repair_the_rows_stored_before_the_rule():
    platform = factories.make_platform(name="X")
    twin = factories.make_platform(name="Y")
    influencer = factories.make_influencer()
    store_raw(platform, name="X\n")
    store_raw(twin, name="X ")  # the cleaned value is taken: a unique name gets a number
    store_raw(influencer, name="Thomas\r\nPesquet\x1b", bio="Ligne 1\nLigne 2")
    article = factories.make_article(tags=["Espace"])
    store_raw(article, title="En\u2028orbite\x07")
    store_raw(Tag.objects.get(), name="Espace\x1b")
    for migration in ("influencers.migrations.0010_single_line_text",
                      "articles.migrations.0103_single_line_text"):  # fmt: skip
        importlib.import_module(migration).repair_single_line_fields(django_apps, None)
    influencer.refresh_from_db()
    assert (influencer.name, influencer.bio) == ("Thomas Pesquet", "Ligne 1\nLigne 2")
    assert Article.objects.get(pk=article.pk).title == "En orbite"
    assert Tag.objects.get().name == "Espace"
    assert {Platform.objects.get(pk=platform.pk).name, Platform.objects.get(pk=twin.pk).name} == {
        "X ",
        "X  (2)",
    }


def store_raw(instance, **values):
    """Write values as rows stored before the rule were: past every model method."""
    table = instance._meta.db_table
    assignments = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE id = %s", [*values.values(), instance.pk]
        )


# NUL is left out: PostgreSQL refuses it in text columns, so no stored row holds it.
STORED = "Thomas\r\nPesquet\x1b[0m\x07\v\f\u2028\u2029\x85\t" + ROCKET_WOMAN


@pytest.fixture
def stored_before_the_rule():
    account = factories.make_account(influencer=factories.make_influencer(slug="thomas-pesquet"))
    factories.make_history(account, days=40)
    article = factories.make_article(slug="en-orbite", tags=["Espace"])
    article.authors.add(author := factories.make_author())
    article.influencers.add(account.influencer)
    article.cited_figures.create(account=account, cited_on=account.snapshots.latest().recorded_on)
    Event.objects.create(account=account, happened_on=factories.days_ago(3), label="Renommé")
    store_raw(article, title=STORED, standfirst=STORED, seo_description=STORED)
    store_raw(author, name=STORED)
    store_raw(account.influencer, name=STORED, headline=STORED)
    store_raw(account.platform, name=STORED, audience_word=STORED)
    store_raw(Tag.objects.get(), name=STORED)
    store_raw(Event.objects.get(), label=STORED)
    return account


@pytest.mark.parametrize(
    "url", ["/feed/", "/tags/espace/feed/", "/influenceurs/thomas-pesquet/feed/"]
)
def test_feeds_stay_valid_xml_with_control_characters_stored(client, stored_before_the_rule, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = minidom.parseString(response.content)
    titles = [node.firstChild.data for node in feed.getElementsByTagName("title")]
    assert any(title.startswith("Thomas Pesquet") for title in titles)
    assert all("\n" not in title for title in titles)


@pytest.mark.parametrize(
    "url", ["/articles/en-orbite/carte.png", "/influenceurs/thomas-pesquet/carte.png"]
)
def test_share_cards_draw_control_characters_stored(client, stored_before_the_rule, url):
    response = client.get(url)
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).format == "PNG"


def test_embeddable_chart_stays_valid_xml_with_control_characters_stored(
    client, stored_before_the_rule
):
    platform = stored_before_the_rule.platform
    response = client.get(f"/influenceurs/thomas-pesquet/{platform.slug}.svg")
    assert response.status_code == 200
    svg = minidom.parseString(response.content)
    assert "Pesquet" in svg.getElementsByTagName("title")[0].firstChild.data


def test_a_tag_added_by_code_with_a_line_break_does_not_collide():
    article = factories.make_article(tags=["Mars rouge"])
    article.tags.add("Mars\nrouge")
    assert sorted(article.tags.names()) == ["Mars rouge", "Mars rouge (2)"]


def test_model_bakery_fills_single_line_fields():
    event = baker.make(Event, account=factories.make_account(), happened_on=factories.days_ago(1))
    assert event.label and "\n" not in event.label

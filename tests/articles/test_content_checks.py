"""Checks before publishing, rule by rule, on hand-made bodies (no database)."""

import pytest

from articles.content_checks import ContentWarning, content_warnings
from articles.models import Article

GOOD_SEO = {"seo_title": "Pesquet en ligne", "seo_description": "Ses abonnés, mois par mois."}


def warnings_for(body, **fields):
    article = Article(title="Un titre", body=body, **(GOOD_SEO | fields))
    return content_warnings(article)


def test_a_clean_article_has_no_warning():
    body = (
        "<h2>Décollage</h2><p>Le <a href='https://esa.int'>site de l'ESA</a> raconte.</p>"
        "<h3>Les chiffres</h3><figure><img src='/media/a.jpg' alt='La fusée'></figure>"
        "<h2>Retour</h2><h3>Bilan</h3><h4>Détail</h4><p>Fin.</p>"
    )
    assert warnings_for(body) == []


@pytest.mark.parametrize("image", ["<img src='/media/a.jpg'>", "<img src='/media/a.jpg' alt=' '>"])
def test_an_image_without_alt_text_is_pointed_at(image):
    body = f"<p>Avant.</p><img src='/media/b.jpg' alt='Une fusée'>{image}"
    assert warnings_for(body) == [ContentWarning("Image sans texte alternatif.", "body", "img:1")]


def test_a_skipped_heading_level_names_the_missing_one():
    body = "<h2>Un</h2><p>Texte.</p><h4>Trop bas</h4><h2>Deux</h2><h4>Encore</h4>"
    assert warnings_for(body) == [
        ContentWarning(
            "Intertitre de niveau 4 après un niveau 2 : il manque un niveau 3.", "body", "h4:0"
        ),
        ContentWarning(
            "Intertitre de niveau 4 après un niveau 2 : il manque un niveau 3.", "body", "h4:1"
        ),
    ]


def test_a_first_heading_below_h2_skips_a_level_after_the_page_title():
    [warning] = warnings_for("<h3>Sous-titre</h3><p>Texte.</p>")
    assert warning.spot == "h3:0"
    assert "il manque un niveau 2" in warning.message


def test_going_back_up_several_levels_is_fine():
    assert warnings_for("<h2>A</h2><h3>B</h3><h4>C</h4><h2>D</h2><p>Texte.</p>") == []


@pytest.mark.parametrize(
    "text", ["ici", "Cliquez ici", "cliquez  ICI !", "lien", "En savoir plus…", "Lire la suite"]
)
def test_a_link_with_meaningless_text_is_pointed_at(text):
    body = f"<p><a href='https://esa.int'>L'ESA</a> : <a href='https://nasa.gov'>{text}</a>.</p>"
    [warning] = warnings_for(body)
    assert (warning.field, warning.spot) == ("body", "a:1")
    assert warning.message.startswith("Lien au texte vague « ")


def test_a_link_with_no_text_is_pointed_at():
    body = (
        "<p>Voir <a href='https://esa.int'> </a> et "
        "<a href='https://esa.int'><img src='/media/l.png' alt=''></a>.</p>"
    )
    assert [(w.message, w.spot) for w in warnings_for(body)] == [
        ("Lien sans texte.", "a:0"),
        ("Image sans texte alternatif.", "img:0"),
        ("Lien sans texte.", "a:1"),
    ]


def test_a_linked_image_with_alt_text_names_its_link():
    body = "<p>Source : <a href='https://esa.int'><img src='/l.png' alt=\"Logo de l'ESA\"></a></p>"
    assert warnings_for(body) == []


def test_a_link_whose_text_only_contains_a_vague_word_is_fine():
    assert warnings_for("<p><a href='https://esa.int'>ici, le site de l'ESA</a></p>") == []


@pytest.mark.parametrize(
    "body", ["", "<h2>Seulement un titre</h2>", "<p> </p><ul><li>une liste</li></ul>"]
)
def test_a_body_without_a_paragraph_of_text_is_flagged(body):
    assert ContentWarning("Le texte n'a aucun paragraphe.", "body") in warnings_for(body)


def test_missing_seo_title_and_description_point_at_their_fields():
    warnings = warnings_for("<p>Texte.</p>", seo_title="", seo_description="")
    assert [(w.field, w.spot) for w in warnings] == [("seo_title", ""), ("seo_description", "")]
    assert "Titre SEO manquant" in warnings[0].message
    assert "Description SEO manquante" in warnings[1].message


def test_an_seo_title_over_60_characters_is_too_long():
    assert warnings_for("<p>Texte.</p>", seo_title="x" * 60) == []
    [warning] = warnings_for("<p>Texte.</p>", seo_title="x" * 61)
    assert warning.field == "seo_title"
    assert "trop long (61 caractères, 60 au plus)" in warning.message


def test_without_seo_title_a_long_article_title_is_too_long_for_search_results():
    article = Article(title="t" * 75, body="<p>Texte.</p>", seo_description="Une description.")
    assert [w.field for w in content_warnings(article)] == ["seo_title", "seo_title"]


def test_an_seo_description_over_155_characters_is_too_long():
    assert warnings_for("<p>Texte.</p>", seo_description="d" * 155) == []
    [warning] = warnings_for("<p>Texte.</p>", seo_description="d" * 156)
    assert warning.field == "seo_description"
    assert "trop longue (156 caractères, 155 au plus)" in warning.message


def test_body_warnings_come_first_in_reading_order():
    body = "<h3>A</h3><a href='https://esa.int'>ici</a><img src='/media/x.png'>"
    assert [w.spot for w in warnings_for(body, seo_title="")] == [
        "h3:0", "a:0", "img:0", "", "",
    ]  # fmt: skip

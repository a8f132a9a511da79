"""The key under which the browser keeps an article's unsaved text."""

import pytest
from bs4 import BeautifulSoup

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_kept_draft_key_is_the_plain_id_even_past_a_thousand(client, superuser):
    # French number formatting once printed ids as "1 205": the key would not match the id.
    article = factories.make_article(pk=1205)
    client.force_login(superuser)
    page = BeautifulSoup(
        client.get(f"/admin/articles/article/{article.pk}/change/").content, "html.parser"
    )
    assert page.select_one("#draft-restore")["data-draft-key"] == "1205"

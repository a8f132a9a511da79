import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from articles.models import Embed
from articles.sanitizer import sanitize_html
from influencers.models import Account, Platform
from safeguards.links import is_web_url
from tests import factories

# How browsers are talked into running a link: case, spaces and controls before the
# scheme, tabs and newlines inside it, other executable or document schemes.
SCRIPT_LINKS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "javascript\t:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "ftp://example.com/file",
    "https:\\\\evil.example",
]


@pytest.mark.parametrize("url", SCRIPT_LINKS)
def test_only_web_addresses_are_web_urls(url):
    assert not is_web_url(url)
    assert not is_web_url(url, allow_relative=True)


def test_web_addresses_and_relative_links_where_allowed():
    assert is_web_url("https://www.instagram.com/thom_astro/")
    assert is_web_url("HTTP://example.com")
    assert not is_web_url("/articles/x/")
    assert is_web_url("/articles/x/", allow_relative=True)
    assert is_web_url("#notes", allow_relative=True)


@pytest.mark.django_db
@pytest.mark.parametrize("url", SCRIPT_LINKS)
def test_profile_pattern_account_and_embed_refuse_script_links_in_french(url):
    platform = factories.make_platform(profile_url_pattern=url + "{handle}")
    with pytest.raises(ValidationError, match="adresse web complète") as error:
        platform.full_clean()
    assert set(error.value.message_dict) == {"profile_url_pattern"}

    account = factories.make_account(url=url)
    with pytest.raises(ValidationError) as error:
        account.full_clean()
    assert "url" in error.value.message_dict

    embed = Embed(article=factories.make_article(), url=url)
    with pytest.raises(ValidationError) as error:
        embed.full_clean()
    assert "url" in error.value.message_dict


@pytest.mark.parametrize("url", SCRIPT_LINKS)
def test_article_body_keeps_no_script_link(url):
    html = sanitize_html(f'<p><a href="{url}">lien</a></p><blockquote cite="{url}">c</blockquote>')
    assert "href" not in html and "cite" not in html


def test_article_body_keeps_web_relative_and_mail_links():
    html = sanitize_html(
        '<p><a href="https://esa.int/">a</a> <a href="/tags/espace/">b</a>'
        ' <a href="mailto:redaction@example.com">c</a></p>'
    )
    assert html.count("href=") == 3


@pytest.mark.django_db
def test_a_script_link_stored_before_the_rule_is_never_printed(client):
    account = factories.make_account(handle="thom_astro")
    Platform.objects.filter(pk=account.platform_id).update(
        profile_url_pattern="JavaScript:alert('{handle}')"
    )
    page = client.get(account.influencer.get_absolute_url()).content.decode()
    assert "thom_astro" in page
    assert "javascript" not in page.lower()

    Account.objects.filter(pk=account.pk).update(url="data:text/html,<b>x</b>")
    Platform.objects.filter(pk=account.platform_id).update(
        profile_url_pattern="https://x.com/{handle}"
    )
    page = client.get(account.influencer.get_absolute_url()).content.decode()
    assert "https://x.com/thom_astro" in page, "the pattern stands in for the bad address"
    assert "data:text" not in page


@pytest.mark.django_db
def test_a_handle_cannot_break_out_of_the_profile_address():
    account = factories.make_account(handle='x" onmouseover="alert(1)')
    assert account.profile_url == "https://example.com/x%22%20onmouseover%3D%22alert%281%29"


@pytest.mark.django_db
def test_migration_blanks_stored_script_links_and_keeps_web_ones():
    good = factories.make_account(url="https://www.facebook.com/thomas.pesquet")
    bad = factories.make_account()
    Account.objects.filter(pk=bad.pk).update(url=" java\tscript:alert(1)")
    Platform.objects.filter(pk=bad.platform_id).update(profile_url_pattern="data:,{handle}")
    migration = importlib.import_module("influencers.migrations.0003_web_links_only")

    migration.blank_unsafe_links(django_apps, schema_editor=None)

    bad.refresh_from_db()
    bad.platform.refresh_from_db()
    good.refresh_from_db()
    assert (bad.url, bad.platform.profile_url_pattern) == ("", "")
    assert good.url == "https://www.facebook.com/thomas.pesquet"
    assert good.platform.profile_url_pattern == "https://example.com/{handle}"

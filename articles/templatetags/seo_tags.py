"""What search engines and social networks read: absolute URLs and JSON-LD.

The JSON-LD blocks describe the page for machines (schema.org Article,
ProfilePage/Person and BreadcrumbList). They only read what the page's view
already fetched (authors, tags, accounts are prefetched), so they add no query.
"""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

register = template.Library()

SCHEMA = "https://schema.org"
# The characters that could end the <script> element or open a comment in it,
# written as JSON escapes: the data stays the same, the markup stays inert.
SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.filter
def absolute_url(path):
    """`path` on SITE_URL; URLs that are already absolute (CDN, object storage) are kept."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


@register.filter
def file_url(field_file):
    """The URL of an image field, or "" when no file is attached (`.url` would raise)."""
    return field_file.url if field_file else ""


def json_ld(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)
    # Safe: every character that HTML could read as markup is escaped above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def organization():
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute_url("/")}


def person_of(someone):
    """schema.org Person for an author or an influencer: name, page, bio and photo."""
    data = {
        "@type": "Person",
        "name": someone.name,
        "url": absolute_url(someone.get_absolute_url()),
    }
    if someone.bio:
        data["description"] = Truncator(someone.bio).chars(300)
    if someone.photo:
        data["image"] = absolute_url(someone.photo.url)
    return data


def author_person(author):
    return person_of(author) | {"worksFor": organization()}


def influencer_person(influencer):
    data = person_of(influencer)
    if influencer.headline:
        data["jobTitle"] = influencer.headline
    if influencer.country:
        data["nationality"] = {"@type": "Country", "name": influencer.country}
    affiliations = [name.strip() for name in influencer.affiliations.split(",") if name.strip()]
    if affiliations:
        data["affiliation"] = [{"@type": "Organization", "name": name} for name in affiliations]
    return data


def breadcrumbs(*crumbs):
    """BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path)}
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


@register.simple_tag
def article_json_ld(article):
    """Article with its authors, dates, image and the influencers it is about."""
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": SCHEMA,
        "@type": "Article",
        "headline": Truncator(article.title).chars(110),
        "description": article.meta_description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "fr",
        "datePublished": article.published_at,
        "dateModified": article.updated_at,
        "author": [author_person(author) for author in article.authors.all()] or [organization()],
        "publisher": organization(),
        "keywords": [tag.name for tag in article.tags.all()],
        "about": [influencer_person(person) for person in article.influencers.all()],
    }
    if article.cover:
        data["image"] = [absolute_url(article.cover.url)]
    return json_ld(data) + json_ld(
        breadcrumbs(("Accueil", reverse("home")), (article.title, article.get_absolute_url()))
    )


@register.simple_tag
def author_json_ld(author):
    return json_ld(
        {"@context": SCHEMA, "@type": "ProfilePage", "mainEntity": author_person(author)}
    ) + json_ld(breadcrumbs(("Accueil", reverse("home")), (author.name, author.get_absolute_url())))


@register.simple_tag
def influencer_json_ld(influencer):
    """ProfilePage of the influencer; their accounts' profiles are the Person's sameAs."""
    person = influencer_person(influencer)
    profiles = [account.profile_url for account in influencer.accounts.all() if account.profile_url]
    if profiles:
        person["sameAs"] = profiles
    return json_ld({"@context": SCHEMA, "@type": "ProfilePage", "mainEntity": person}) + json_ld(
        breadcrumbs(
            ("Accueil", reverse("home")),
            ("Influenceurs", reverse("influencers:list")),
            (influencer.name, influencer.get_absolute_url()),
        )
    )


@register.simple_tag
def influencer_description(influencer):
    """The influencer page's description: the same words in <meta> and in social cards."""
    headline = f", {influencer.headline}" if influencer.headline else ""
    return f"{influencer.name}{headline} : nombre d'abonnés par réseau social et leur évolution."


@register.simple_tag
def author_description(author):
    if author.bio:
        return Truncator(author.bio).chars(160)
    return f"Les articles de {author.name} pour {settings.SITE_NAME}."

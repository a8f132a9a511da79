"""The catalogue of public page types that the quality sweeps (vnu, axe, headers) visit.

One URL per page type of the design's URL table, built from the demo content
(`load_demo`). Page types whose feature is not built yet are listed in
`PLANNED_PAGE_TYPES` and reported as skipped by the sweeps, never dropped silently.
"""

from django.urls import NoReverseMatch, reverse

FOUNDING_ARTICLE = "thomas-pesquet-influenceur-en-orbite"

# page type -> (URL name, args, query string)
PAGE_TYPES = {
    "accueil": ("home", [], ""),
    "article": ("articles:detail", [FOUNDING_ARTICLE], ""),
    "étiquette": ("articles:tag", ["astronautes"], ""),
    "auteur": ("articles:author", ["claire-armand"], ""),
    "annuaire des influenceurs": ("influencers:list", [], ""),
    "influenceur": ("influencers:detail", ["thomas-pesquet"], ""),
    "classement par plateforme": ("influencers:platform", ["facebook"], ""),
    "recherche": ("search", [], "?q=Pesquet"),
    "recherche sans résultat": ("search", [], "?q=introuvable"),
    "comparaison": (
        "influencers:compare",
        [],
        "?i=thomas-pesquet&i=samantha-cristoforetti",
    ),
}
NOT_FOUND_URL = "/page-qui-n-existe-pas/"


def _url(name, args, query):
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


def public_pages():
    """(page type, URL) for every page type that exists, the 404 page included."""
    pages = [
        (page_type, url)
        for page_type, spec in PAGE_TYPES.items()
        if (url := _url(*spec)) is not None
    ]
    return [*pages, ("page introuvable", NOT_FOUND_URL)]


def planned_page_types():
    """Page types of the design whose URL does not exist yet."""
    return [page_type for page_type, spec in PAGE_TYPES.items() if _url(*spec) is None]

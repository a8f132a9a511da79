"""The catalogue of public page types that the quality sweeps (vnu, axe, headers) visit.

One URL per page type of the design's URL table, built from the demo content
(`load_demo`). A new public page type gets a line here and every sweep checks it.
"""

from django.urls import reverse

FOUNDING_ARTICLE = "thomas-pesquet-influenceur-en-orbite"

# page type -> (URL name, args, query string)
PAGE_TYPES = {
    "accueil": ("home", [], ""),
    "article": ("articles:detail", [FOUNDING_ARTICLE], ""),
    "étiquette": ("articles:tag", ["astronautes"], ""),
    "auteur": ("articles:author", ["claire-armand"], ""),
    "annuaire des influenceurs": ("influencers:list", [], ""),
    "influenceur": ("influencers:detail", ["thomas-pesquet"], ""),
    # A fictional one: the X rename event, an illustrative history, a count « à vérifier ».
    "influenceur avec anomalie": ("influencers:detail", ["margot-lune"], ""),
    "classement par plateforme": ("influencers:platform", ["facebook"], ""),
    "classement par croissance": ("influencers:platform", ["x"], "?tri=croissance"),
    "classement par pourcentage": ("influencers:platform", ["instagram"], "?tri=pourcentage"),
    "recherche": ("search", [], "?q=Pesquet"),
    "recherche vide": ("search", [], ""),
    "recherche sans résultat": ("search", [], "?q=introuvable"),
    "comparaison": (
        "influencers:compare",
        [],
        "?i=thomas-pesquet&i=samantha-cristoforetti",
    ),
    "lettre d'information": ("newsletter:subscribe", [], ""),
}
NOT_FOUND_URL = "/page-qui-n-existe-pas/"


def public_pages():
    """(page type, URL) for every public page type, the 404 page included."""
    pages = [
        (page_type, reverse(name, args=args) + query)
        for page_type, (name, args, query) in PAGE_TYPES.items()
    ]
    return [*pages, ("page introuvable", NOT_FOUND_URL)]

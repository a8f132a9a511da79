"""Demo content: the founding story of the blog, told in our own words.

Figures quoted in the founding article are the real ones (early 2019); every
other point of the follower histories is illustrative and stored with the
source "illustrative", as is every figure of the fictional influencers.
"""

import datetime

PLATFORMS = [
    # name, slug, profile URL pattern, colour
    ("Facebook", "facebook", "https://www.facebook.com/{handle}", "#1877f2"),
    ("X (Twitter)", "x", "https://x.com/{handle}", "#0f1419"),
    ("Instagram", "instagram", "https://www.instagram.com/{handle}/", "#c13584"),
    ("LinkedIn", "linkedin", "https://www.linkedin.com/in/{handle}/", "#0a66c2"),
    ("YouTube", "youtube", "https://www.youtube.com/@{handle}", "#cc0000"),
    ("TikTok", "tiktok", "https://www.tiktok.com/@{handle}", "#25f4ee"),
]

FIGURES_DAY = datetime.date(2019, 2, 14)

INFLUENCERS = [
    {
        "slug": "thomas-pesquet",
        "name": "Thomas Pesquet",
        "headline": "Spationaute de l'Agence spatiale européenne",
        "country": "France",
        "affiliations": "ESA, CNES, ambassadeur de l'UNICEF pour le climat",
        "tags": ["astronautes", "ESA", "CNES"],
        "bio": (
            "Astronaute français de l'ESA, parti six mois et demi sur la Station spatiale "
            "internationale avec la mission Proxima (novembre 2016 – juin 2017). Ses photos de "
            "la Terre vue d'en haut ont fait de lui l'une des voix les plus suivies de l'espace "
            "sur les réseaux sociaux."
        ),
        # platform slug, handle, start of the history, (day, followers) anchors
        "accounts": [
            ("facebook", "ThomasPesquet", [(datetime.date(2016, 11, 1), 180_000),
                                           (FIGURES_DAY, 1_500_000)]),
            ("x", "Thom_astro", [(datetime.date(2016, 11, 1), 230_000),
                                 (FIGURES_DAY, 746_000)]),
            ("instagram", "thom_astro", [(datetime.date(2016, 11, 1), 60_000),
                                         (FIGURES_DAY, 512_000)]),
            ("linkedin", "thomas-pesquet", [(datetime.date(2017, 3, 1), 40_000),
                                            (FIGURES_DAY, 190_000)]),
            ("youtube", "thomaspesquet", [(datetime.date(2017, 6, 1), 20_000),
                                          (FIGURES_DAY, 95_000)]),
        ],
        "real_figures": {"facebook", "x", "instagram"},
    },
    {
        "slug": "samantha-cristoforetti",
        "name": "Samantha Cristoforetti",
        "headline": "Astronaute italienne de l'ESA",
        "country": "Italie",
        "affiliations": "ESA",
        "tags": ["astronautes", "ESA"],
        "bio": (
            "Astronaute de l'Agence spatiale européenne, près de 200 jours à bord de l'ISS en "
            "2014-2015. Elle racontait la vie en orbite en direct sur Twitter et partageait ses "
            "images de la Terre sur Facebook : la méthode de l'ESA, deux ans avant Proxima."
        ),
        "accounts": [
            ("x", "AstroSamantha", [(datetime.date(2016, 11, 1), 600_000),
                                    (FIGURES_DAY, 900_000)]),
            ("facebook", "SamanthaCristoforetti", [(datetime.date(2016, 11, 1), 250_000),
                                                   (FIGURES_DAY, 420_000)]),
            ("instagram", "astrosamantha", [(datetime.date(2016, 11, 1), 80_000),
                                            (FIGURES_DAY, 210_000)]),
        ],
        "real_figures": set(),
    },
]  # fmt: skip

# Invented people, so the directory, rankings, comparisons, milestones, events and
# anomalies have something to show. Every figure of theirs is illustrative.
FICTIONAL_BIO = (
    " Personnage fictif inventé pour la démonstration du site : ni cette personne ni ses "
    "comptes n'existent, et tous ses chiffres sont illustratifs."
)


def fictional(*, slug, name, headline, country, topic, bio, accounts, spikes=()):
    """An invented influencer: headline and bio say so, and none of the figures is real."""
    return {
        "slug": slug,
        "name": name,
        "headline": f"{headline} (personnage fictif)",
        "country": country,
        "affiliations": "",
        "tags": ["démonstration", topic],
        "bio": bio + FICTIONAL_BIO,
        "accounts": accounts,
        "real_figures": set(),
        "spikes": list(spikes),
    }


FICTIONAL_INFLUENCERS = [
    fictional(
        slug="camille-ardent",
        name="Camille Ardent",
        headline="Vulgarisatrice scientifique",
        country="France",
        topic="sciences",
        bio="Explique la physique du quotidien en vidéos courtes.",
        accounts=[
            ("youtube", "camille-ardent-demo", [(datetime.date(2020, 1, 7), 12_000),
                                                (datetime.date(2022, 5, 3), 310_000),
                                                (datetime.date(2024, 4, 2), 1_050_000)]),
            ("instagram", "camille.ardent.demo", [(datetime.date(2020, 1, 7), 8_000),
                                                  (datetime.date(2024, 4, 2), 240_000)]),
            ("tiktok", "camilleardentdemo", [(datetime.date(2021, 3, 2), 5_000),
                                             (datetime.date(2024, 4, 2), 1_900_000)]),
        ],
    ),
    fictional(
        slug="noe-ferraille",
        name="Noé Ferraille",
        headline="Cuisinier de rue",
        country="Belgique",
        topic="cuisine",
        bio="Des recettes bon marché filmées au marché.",
        accounts=[
            # The fall of November 2024 is the purge recorded as an event below.
            ("instagram", "noe.ferraille.demo", [(datetime.date(2021, 3, 2), 40_000),
                                                 (datetime.date(2024, 11, 5), 520_000),
                                                 (datetime.date(2024, 11, 12), 455_000),
                                                 (datetime.date(2025, 6, 3), 540_000)]),
            ("tiktok", "noeferrailledemo", [(datetime.date(2021, 3, 2), 20_000),
                                            (datetime.date(2024, 11, 5), 880_000)]),
            ("x", "NoeFerrailleDemo", [(datetime.date(2021, 3, 2), 9_000),
                                       (datetime.date(2024, 11, 5), 61_000)]),
        ],
    ),
    fictional(
        slug="ines-cartographe",
        name="Inès Cartographe",
        headline="Photographe de voyage",
        country="France",
        topic="voyage",
        bio="Des cartes dessinées à la main et des photos de sentiers.",
        accounts=[
            ("instagram", "ines.cartographe.demo", [(datetime.date(2019, 3, 5), 60_000),
                                                    (datetime.date(2024, 4, 2), 690_000)]),
            ("facebook", "InesCartographeDemo", [(datetime.date(2019, 3, 5), 30_000),
                                                 (datetime.date(2024, 4, 2), 120_000)]),
            ("x", "InesCartoDemo", [(datetime.date(2019, 3, 5), 15_000),
                                    (datetime.date(2024, 4, 2), 48_000)]),
        ],
    ),
    fictional(
        slug="margot-lune",
        name="Margot Lune",
        headline="Astronome amatrice",
        country="Suisse",
        topic="astronomie",
        bio="Observe le ciel depuis son balcon et répond aux questions en direct.",
        accounts=[
            ("x", "MargotLuneDemo", [(datetime.date(2019, 3, 5), 25_000),
                                     (datetime.date(2024, 4, 2), 210_000)]),
            ("youtube", "margot-lune-demo", [(datetime.date(2020, 1, 7), 4_000),
                                             (datetime.date(2024, 4, 2), 96_000)]),
            ("tiktok", "margotlunedemo", [(datetime.date(2021, 3, 2), 2_000),
                                          (datetime.date(2024, 4, 2), 380_000)]),
        ],
        # An unexplained spike between two weekly counts, left « à vérifier ».
        spikes=[("tiktok", datetime.date(2025, 9, 17), 720_000)],
    ),
]  # fmt: skip

# Events explaining the histories: (day, kind, label, scope, target). The scope is
# "platform" (a platform slug), "influencer" (a slug) or "account" (influencer slug,
# platform slug).
EVENTS = [
    (datetime.date(2023, 7, 24), "rename", "Twitter devient X", "platform", "x"),
    (datetime.date(2024, 11, 12), "purge", "Purge de faux comptes par la plateforme (fictif)",
     "account", ("noe-ferraille", "instagram")),
    (datetime.date(2022, 5, 3), "mission", "Début de la mission « Océans » avec l'agence (fictif)",
     "influencer", "camille-ardent"),
]  # fmt: skip

AUTHOR = {
    "slug": "claire-armand",
    "name": "Claire Armand",
    "bio": "Analyste de l'influence à l'agence Armstrong : elle suit les chiffres derrière les "
    "personnalités publiques et ce qu'ils disent de leur stratégie.",
}

FOUNDING_ARTICLE = {
    "slug": "thomas-pesquet-influenceur-en-orbite",
    "title": "Thomas Pesquet, l'influenceur venu de l'orbite",
    "standfirst": (
        "Six mois dans l'ISS, des milliers de photos de la Terre et plus d'un million et demi "
        "d'abonnés sur Facebook : comment un astronaute fonctionnaire est devenu l'une des "
        "personnalités françaises les plus suivies en ligne, et ce que sa méthode enseigne."
    ),
    "tags": ["astronautes", "ESA", "CNES", "influence", "réseaux sociaux"],
    "influencers": ["thomas-pesquet", "samantha-cristoforetti"],
    "published_at": datetime.datetime(2019, 3, 4, 9, 0, tzinfo=datetime.UTC),
    "figures": ["facebook", "x", "instagram"],
    # Inline images, drawn by load_demo; "{name}" in the body is the image's address.
    "images": {
        "earth": {
            "alt": "Le bord bleuté de la Terre sur le noir de l'espace, vu en orbite basse.",
            "credit": "Illustration de l'agence Armstrong",
        },
    },
    # Shown as a card where the body has the link alone in a paragraph.
    "embeds": [
        {
            "url": "https://www.facebook.com/ThomasPesquet",
            "account_name": "Thomas Pesquet",
            "posted_on": datetime.date(2019, 2, 14),
            "quote": "Résumé : un message de Saint-Valentin adressé à la planète, pour inviter "
            "ses abonnés à la protéger.",
        },
    ],
    "body": """
<h2>Une mission, un public</h2>
<p>Entre le 17 novembre 2016 et le 2 juin 2017, Thomas Pesquet a passé 196 jours à bord de la
Station spatiale internationale. Mission Proxima, 62 expériences menées pour l'ESA et le CNES,
retour dans les steppes du Kazakhstan : le programme scientifique était dense. Mais c'est sur
les réseaux sociaux que le grand public l'a suivi, jour après jour.</p>

<h2>Twitter d'abord, puis Facebook et Instagram</h2>
<p>Son compte Twitter a servi de point de départ. Très vite, une page Facebook et un compte
Instagram ont pris le relais, avec une règle simple : répondre en français comme en anglais.
Un an et demi après son retour, au début de 2019, le spationaute comptait
<strong>1&#8239;500&#8239;000 abonnés sur Facebook</strong>,
<strong>746&#8239;000 sur Twitter</strong> et
<strong>512&#8239;000 sur Instagram</strong>.</p>
<p>Les photos de la Terre prises depuis la Coupole ont fait le tour du monde. Il y a eu aussi
la première visite Google Street View réalisée dans l'espace, le film « Dans la peau de Thomas
Pesquet » et des vidéos YouTube de ses sorties extravéhiculaires.</p>
<figure><img src="{earth}"
alt="Le bord bleuté de la Terre sur le noir de l'espace, vu en orbite basse.">
<figcaption>Vue d'artiste : la Terre depuis l'orbite, le motif qui a fait le succès du compte
Instagram du spationaute.</figcaption></figure>

<h2>Un calendrier éditorial préparé au sol</h2>
<p>Rien n'était improvisé : le calendrier des publications de la mission a été construit entre
Cologne, Toulouse et les Pays-Bas. Samantha Cristoforetti avait ouvert la voie en 2014, en
racontant ses presque 200 jours dans l'ISS sur Twitter et en partageant ses images de la Terre
sur Facebook. Même méthode, deux ans plus tard, avec un public encore plus large.</p>
<p>Le 14 février 2019, jour de la Saint-Valentin, il publiait sur Facebook un message pour
inviter ses abonnés à prendre soin de la planète.</p>
<p><a href="https://www.facebook.com/ThomasPesquet">https://www.facebook.com/ThomasPesquet</a></p>

<h2>Au-delà des réseaux : télévision, marques et LinkedIn</h2>
<p>Le spationaute s'est aussi montré dans « Rendez-vous en terre inconnue » sur France 2, chez
les Kogis en Colombie. Des marques ont accompagné la mission, des macarons Pierre Hermé au
comté ; fonctionnaire de l'ESA, il reverse ses cachets à des associations. En mars 2017,
LinkedIn l'a invité dans son programme « Influencer », aux côtés d'environ 500 personnalités
internationales. Il y a publié un article, « Il n'y a pas de parcours tout tracé pour l'espace
! », puis plus rien : un canal ouvert, mais jamais investi.</p>

<h2>Ce que les chiffres ne disent pas</h2>
<p>L'ISS a coûté plus de 100 milliards de dollars, et certains spécialistes jugent le bilan
scientifique de la mission modeste. L'influence de Thomas Pesquet, elle, est mesurable et
durable. Ambassadeur de l'UNICEF pour le climat, il met aujourd'hui son audience au service de
la protection de la planète : la preuve qu'une stratégie sociale bien pensée survit largement
à la mission qui l'a fait naître.</p>
""",
}

SECOND_ARTICLE = {
    "slug": "samantha-cristoforetti-journal-de-bord",
    "title": "Samantha Cristoforetti, le journal de bord avant l'heure",
    "standfirst": (
        "En 2014, l'astronaute italienne racontait la vie en orbite presque en direct. Retour sur "
        "la méthode que l'ESA allait ensuite reprendre avec Thomas Pesquet."
    ),
    "tags": ["astronautes", "ESA", "influence"],
    "influencers": ["samantha-cristoforetti"],
    "published_at": datetime.datetime(2019, 4, 8, 8, 30, tzinfo=datetime.UTC),
    "figures": [],
    "body": """
<h2>Près de 200 jours racontés en ligne</h2>
<p>Samantha Cristoforetti a passé près de 200 jours à bord de la Station spatiale
internationale. Ses messages sur Twitter décrivaient le quotidien à bord, ses photos de la
Terre circulaient sur Facebook.</p>
<h2>Une méthode reprise</h2>
<p>Deux ans plus tard, la mission Proxima a appliqué la même recette à une échelle plus grande.
Les chiffres d'abonnés des deux astronautes se comparent sur leurs pages.</p>
""",
}

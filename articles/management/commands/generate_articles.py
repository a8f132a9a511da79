"""A realistic blog to measure pages against: articles, covers, tags, authors, cited influencers.

Everything it creates is marked by the `genere-` slug prefix: running it again
replaces the previous set with the same one (a fixed seed), `--remove` deletes it.
Rows are written in bulk (no per-article signals), so the command bumps the
content version itself and refreshes PostgreSQL's statistics at the end.
"""

import datetime
import io
import random

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageOps
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from articles import reading
from articles.images import make_renditions
from articles.models import Article, Author
from articles.sanitizer import sanitize_html
from core.cache import content_changed
from core.database import analyze
from influencers.models import Influencer

SLUG_PREFIX = "genere-"
COVERS = 40
COVER_SIZE = (1600, 900)
AUTHORS = ["Claire Armand", "Hugo Benali", "Inès Caradec", "Julien Dufresne",
           "Louise Ferrand", "Malik Garnier", "Nora Halimi", "Paul Lemaire"]  # fmt: skip
TOPICS = ["instagram", "tiktok", "youtube", "facebook", "linkedin", "x", "twitch", "snapchat",
          "espace", "astronautes", "science", "climat", "sport", "football", "cyclisme", "tennis",
          "musique", "cinéma", "séries", "mode", "beauté", "cuisine", "voyage", "gaming",
          "technologie", "intelligence artificielle", "politique", "santé", "éducation",
          "finance", "marques", "publicité", "audience", "algorithmes", "vidéo", "podcast",
          "photographie", "humour", "famille", "écologie", "automobile", "aviation",
          "architecture", "littérature", "art", "danse", "théâtre", "histoire", "sciences",
          "entrepreneuriat", "startups", "emploi", "médias", "journalisme", "télévision",
          "radio", "influence", "réputation", "crise", "stratégie"]  # fmt: skip
WORD_LIST = (
    "le la les un une des du de et à en pour sur avec dans par plus très aussi comme mais "
    "audience abonnés compte réseau réseaux publication vidéo photo image histoire public "
    "marque agence chiffre chiffres croissance semaine mois année communauté message voix "
    "espace mission station orbite terre regard partage partagent suivent suivi lecteurs "
    "analyse tendance moment campagne contenu format récit personnalité influence portée "
    "engagement commentaire question réponse jour nuit monde pays ville équipe projet "
    "nouveau nouvelle grand grande premier première dernier rapide simple fort forte "
    "montre raconte explique publie gagne perd attire touche devient reste change observe"
)
WORDS = WORD_LIST.split()


def sentence(rng):
    words = rng.choices(WORDS, k=rng.randint(8, 20))
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", " ?", " !"])


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def body(rng):
    """800 to 1,500 words in paragraphs, with an h2 every three or four paragraphs."""
    # The last paragraph may overshoot by up to ~120 words: aim a little lower.
    target, words, parts = rng.randint(800, 1350), 0, []
    until_heading = rng.randint(2, 3)
    while words < target:
        if until_heading == 0:
            heading = sentence(rng).rstrip(".?! ")
            words += len(heading.split())
            parts.append(f"<h2>{heading}</h2>")
            until_heading = rng.randint(3, 4)
        text = paragraph(rng)
        words += len(text.split())
        parts.append(f"<p>{text}</p>")
        until_heading -= 1
    return "".join(parts)


def cover_file(rng, number):
    """A plausible cover: a gradient sky, a horizon and a few shapes (JPEG, 1600 × 900)."""
    top, bottom = [tuple(rng.randint(0, 255) for _ in range(3)) for _ in range(2)]
    width, height = COVER_SIZE
    image = ImageOps.colorize(Image.linear_gradient("L").resize(COVER_SIZE), top, bottom)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y, size = rng.randint(0, width), rng.randint(0, height), rng.randint(40, 300)
        draw.ellipse([x, y, x + size, y + size], fill=tuple(rng.randint(0, 255) for _ in range(3)))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(output.getvalue(), name=f"covers/{SLUG_PREFIX}{number:02d}.jpg")


class Command(BaseCommand):
    help = (
        "Crée un blog réaliste pour les mesures de performance (articles de 800 à 1 500 mots, "
        "couvertures, étiquettes, auteurs, influenceurs cités). Remplace le jeu généré "
        "précédemment ; --remove le supprime."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--covers", type=int, default=COVERS, help="images distinctes")
        parser.add_argument("--remove", action="store_true", help="supprime le jeu généré")

    def handle(self, *args, **options):
        with transaction.atomic():
            self.remove()
            if not options["remove"]:
                self.generate(options["count"], options["covers"], random.Random(options["seed"]))
            content_changed()
        analyze(
            Article, Author, Tag, TaggedItem, Article.authors.through, Article.influencers.through
        )

    def remove(self):
        Article.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        Author.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        Tag.objects.filter(slug__startswith=SLUG_PREFIX, taggit_taggeditem_items=None).delete()

    def generate(self, count, cover_count, rng):
        now = timezone.now()
        authors = Author.objects.bulk_create(
            Author(name=name, slug=f"{SLUG_PREFIX}{slugify(name)}", bio=paragraph(rng))
            for name in AUTHORS
        )
        tags = [
            Tag.objects.get_or_create(
                name=name, defaults={"slug": f"{SLUG_PREFIX}{slugify(name)}"}
            )[0]
            for name in TOPICS
        ]
        influencers = list(Influencer.objects.published().values_list("pk", flat=True))
        covers = self.covers(rng, cover_count)
        articles = []
        for number in tqdm(
            range(1, count + 1), desc="articles", unit="article", disable=count < 50
        ):
            # Titles of 5 to 11 words, as editors write them.
            title = " ".join(rng.choices(WORDS, k=rng.randint(5, 11))).capitalize()
            standfirst, text = paragraph(rng)[:400], sanitize_html(body(rng))
            articles.append(
                Article(
                    title=title,
                    slug=f"{SLUG_PREFIX}{number:04d}-{slugify(title)[:60]}".rstrip("-"),
                    standfirst=standfirst,
                    body=text,
                    # bulk_create skips save(), which counts the words for the reading time.
                    word_count=reading.count_words(standfirst, text),
                    cover=covers[number % len(covers)],
                    cover_width=COVER_SIZE[0],
                    cover_height=COVER_SIZE[1],
                    cover_alt="Illustration abstraite : des formes colorées sur un dégradé",
                    status=Article.Status.PUBLISHED,
                    published_at=now
                    - datetime.timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60)),
                    is_featured=rng.random() < 0.02,
                    version=1,
                )
            )
        articles = Article.objects.bulk_create(articles, batch_size=200)
        self.link(rng, articles, authors, tags, influencers)
        self.stdout.write(
            f"{len(articles)} articles, {len(authors)} auteurs, {len(tags)} étiquettes."
        )

    def covers(self, rng, count):
        """A few dozen covers shared by the articles, with their renditions."""
        names = []
        for number in range(count):
            file = cover_file(rng, number)
            if not default_storage.exists(file.name):
                default_storage.save(file.name, file)
            names.append(file.name)
            make_renditions(Article(cover=file.name).cover, COVER_SIZE[0])
        return names

    def link(self, rng, articles, authors, tags, influencers):
        article_type = ContentType.objects.get_for_model(Article)
        TaggedItem.objects.bulk_create(
            (
                TaggedItem(tag=tag, content_type=article_type, object_id=article.pk)
                for article in articles
                for tag in rng.sample(tags, rng.randint(3, 5))
            ),
            batch_size=1000,
        )
        Article.authors.through.objects.bulk_create(
            (
                Article.authors.through(article=article, author=author)
                for article in articles
                for author in rng.sample(authors, rng.choice([1, 1, 1, 2]))
            ),
            batch_size=1000,
        )
        # About a third of the articles cite one to three influencers, the rest none.
        Article.influencers.through.objects.bulk_create(
            (
                Article.influencers.through(article=article, influencer_id=pk)
                for article in articles
                if influencers and rng.random() < 0.35
                for pk in rng.sample(influencers, min(len(influencers), rng.randint(1, 3)))
            ),
            batch_size=1000,
        )

"""Write the renditions that are missing, e.g. for images uploaded before they were made on save."""

from django.core.management.base import BaseCommand

from articles.images import make_renditions
from articles.models import Article, ArticleImage


class Command(BaseCommand):
    help = "Crée les tailles d'image manquantes (couvertures et images des articles)."

    def handle(self, *args, **options):
        for article in Article.objects.exclude(cover="").only("cover", "cover_width"):
            make_renditions(article.cover, article.cover_width)
        for image in ArticleImage.objects.only("image", "width"):
            make_renditions(image.image, image.width)

"""Load the demo content; running it again leaves the same data."""

import datetime
import io
import itertools
import math
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from agency import demo_content as demo
from articles.models import Article, Author, CitedFigure
from core.cache import content_changed
from core.roles import AUTHORS, DATA_STAFF, EDITORS
from influencers.models import (
    Account,
    Event,
    FollowerSnapshot,
    Influencer,
    Platform,
    ReviewStatus,
    SnapshotSource,
)

DEMO_PASSWORD = "armstrong-demo"
DEMO_USERS = [("admin", None), ("editeur", EDITORS), ("redacteur", AUTHORS), ("data", DATA_STAFF)]
WEEKLY_GROWTH_AFTER_LAST_ANCHOR = 0.0012


def illustrative_history(anchors, until):
    """Weekly counts through the anchors, log-linear between them, with a gentle wobble.

    Yields (day, followers, is_anchor). Deterministic, so reloading changes nothing.
    """
    anchors = sorted(anchors)
    day, week = anchors[0][0], 0
    anchor_days = dict(anchors)
    while day <= until:
        yield day, anchor_days.get(day) or _count_on(day, anchors, week), day in anchor_days
        day += datetime.timedelta(days=7)
        week += 1
    for anchor_day, count in anchors:
        if (anchor_day - anchors[0][0]).days % 7:
            yield anchor_day, count, True


def _count_on(day, anchors, week):
    wobble = 1 + 0.004 * math.sin(week / 3)
    for (start, low), (end, high) in itertools.pairwise(anchors):
        if start <= day <= end:
            progress = (day - start).days / (end - start).days
            return round(low * (high / low) ** progress * wobble)
    last_day, last_count = anchors[-1]
    weeks_after = (day - last_day).days / 7
    return round(last_count * (1 + WEEKLY_GROWTH_AFTER_LAST_ANCHOR) ** weeks_after * wobble)


def earth_from_orbit(width=1600, height=900):
    """An illustration (not a photograph): Earth's blue limb under a starry sky, as JPEG."""
    sky = Image.linear_gradient("L").resize((width, height)).point(lambda v: v // 5)
    image = Image.merge("RGB", (sky.point(lambda v: v // 3), sky.point(lambda v: v // 2), sky))
    draw = ImageDraw.Draw(image)
    stars = random.Random(1969)
    for _ in range(260):
        x, y, size = stars.randrange(width), stars.randrange(height // 2), stars.choice((1, 1, 2))
        draw.ellipse((x, y, x + size, y + size), fill=(235, 240, 255))
    glow = Image.new("RGB", (width, height))
    ImageDraw.Draw(glow).ellipse((-500, 480, width + 500, 2900), fill=(120, 180, 255))
    image = Image.composite(glow, image, glow.convert("L").filter(ImageFilter.GaussianBlur(40)))
    earth = ImageDraw.Draw(image)
    earth.ellipse((-460, 530, width + 460, 2860), fill=(22, 72, 140))
    for cloud in range(14):
        x = stars.randrange(width)
        y = 600 + stars.randrange(200)
        earth.ellipse((x, y, x + 180 + cloud * 9, y + 26), fill=(205, 220, 235))
    output = io.BytesIO()
    image.filter(ImageFilter.SMOOTH).save(output, format="JPEG", quality=85)
    return output.getvalue()


class Command(BaseCommand):
    help = "Charge le contenu de démonstration (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        platforms = self.load_platforms()
        influencers = {
            spec["slug"]: self.load_influencer(spec, platforms)
            for spec in (*demo.INFLUENCERS, *demo.FICTIONAL_INFLUENCERS)
        }
        self.load_events(platforms, influencers)
        author = self.load_author()
        for spec in (demo.FOUNDING_ARTICLE, demo.SECOND_ARTICLE):
            self.load_article(spec, author, influencers)
        if settings.DEBUG:
            self.load_demo_users(author)
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))

    def load_platforms(self):
        platforms = {}
        for position, (name, slug, pattern, color) in enumerate(demo.PLATFORMS):
            platforms[slug], _ = Platform.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "profile_url_pattern": pattern, "color": color,
                          "position": position},
            )  # fmt: skip
        return platforms

    def load_influencer(self, spec, platforms):
        influencer, _ = Influencer.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                key: spec[key] for key in ("name", "headline", "country", "affiliations", "bio")
            }
            | {"is_published": True},
        )
        influencer.tags.set(spec["tags"])
        today = timezone.localdate()
        for platform_slug, handle, anchors in spec["accounts"]:
            account, _ = Account.objects.update_or_create(
                platform=platforms[platform_slug], handle=handle,
                defaults={"influencer": influencer, "is_active": True},
            )  # fmt: skip
            is_real = platform_slug in spec["real_figures"]
            snapshots = [
                FollowerSnapshot(
                    account=account,
                    recorded_on=day,
                    followers=followers,
                    source=SnapshotSource.MANUAL
                    if is_published_figure
                    else SnapshotSource.ILLUSTRATIVE,
                    note="Chiffre publié début 2019" if is_published_figure else "Illustratif",
                )
                for day, followers, is_anchor in illustrative_history(anchors, today)
                for is_published_figure in [is_real and is_anchor and day == demo.FIGURES_DAY]
            ]
            FollowerSnapshot.objects.bulk_create(
                snapshots,
                update_conflicts=True,
                unique_fields=["account", "recorded_on"],
                update_fields=["followers", "source", "note"],
            )
        for platform_slug, day, followers in spec.get("spikes", []):
            FollowerSnapshot.objects.update_or_create(
                account=influencer.accounts.get(platform__slug=platform_slug),
                recorded_on=day,
                defaults={"followers": followers, "source": SnapshotSource.ILLUSTRATIVE,
                          "note": "Pic illustratif", "review": ReviewStatus.TO_REVIEW,
                          "explained_by": None, "reviewed_by": None, "reviewed_at": None},
            )  # fmt: skip
        # bulk_create sends no post_save: refresh cached pages once this commits.
        content_changed()
        return influencer

    def load_events(self, platforms, influencers):
        """The demo's events, found again by date and label on later runs."""
        for day, kind, label, scope, target in demo.EVENTS:
            scopes = {"platform": None, "influencer": None, "account": None}
            if scope == "platform":
                scopes["platform"] = platforms[target]
            elif scope == "influencer":
                scopes["influencer"] = influencers[target]
            else:
                influencer_slug, platform_slug = target
                scopes["account"] = influencers[influencer_slug].accounts.get(
                    platform__slug=platform_slug
                )
            event, _ = Event.objects.update_or_create(
                happened_on=day, label=label, defaults={"kind": kind, **scopes}
            )
            if scopes["account"]:
                # A drop the anomaly rule would flag, shown as reviewed and explained.
                scopes["account"].snapshots.filter(recorded_on=day).update(
                    review=ReviewStatus.CONFIRMED, explained_by=event
                )

    def load_author(self):
        author, _ = Author.objects.update_or_create(
            slug=demo.AUTHOR["slug"],
            defaults={"name": demo.AUTHOR["name"], "bio": demo.AUTHOR["bio"]},
        )
        return author

    def load_article(self, spec, author, influencers):
        article, _ = Article.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "standfirst": spec["standfirst"],
                "status": Article.Status.PUBLISHED,
                "published_at": spec["published_at"],
                "is_featured": spec is demo.FOUNDING_ARTICLE,
            },
        )
        # The body points at the inline images, which need the article first.
        body = spec["body"].strip()
        for name, image in self.load_images(article, spec.get("images", {})).items():
            body = body.replace(f"{{{name}}}", image.image.url)
        if article.body != body:
            article.body = body
            article.save()
        article.embeds.all().delete()
        for position, embed in enumerate(spec.get("embeds", [])):
            article.embeds.create(position=position, **embed)
        article.authors.set([author])
        article.tags.set(spec["tags"])
        article.influencers.set([influencers[slug] for slug in spec["influencers"]])
        article.cited_figures.all().delete()
        pesquet = influencers["thomas-pesquet"]
        for position, platform_slug in enumerate(spec["figures"]):
            CitedFigure.objects.create(
                article=article,
                account=pesquet.accounts.get(platform__slug=platform_slug),
                cited_on=demo.FIGURES_DAY,
                position=position,
            )

    def load_images(self, article, specs):
        """The article's inline images by name, drawn once and kept on later runs."""
        images = {}
        for position, (name, spec) in enumerate(specs.items()):
            image = article.images.filter(position=position).first()
            if image is None:
                drawing = SimpleUploadedFile(f"{name}.jpg", earth_from_orbit())
                image = article.images.create(image=drawing, position=position, alt=spec["alt"])
            image.alt, image.credit = spec["alt"], spec["credit"]
            image.save(update_fields=["alt", "credit"])
            images[name] = image
        return images

    def load_demo_users(self, author):
        """Local-only accounts, one per role, so each screen can be tried."""
        User = get_user_model()
        for username, group_name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "is_superuser": group_name is None}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
            if username == "editeur" and author.user_id is None:
                author.user = user
                author.save(update_fields=["user"])
        self.stdout.write(
            f"Comptes de démonstration (mot de passe « {DEMO_PASSWORD} ») : "
            + ", ".join(f"{name} ({group or 'superutilisateur'})" for name, group in DEMO_USERS)
        )

"""Articles, their authors and the follower figures they cite."""

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from articles.embeds import EmbedProvider, provider_for_url
from articles.images import make_renditions
from articles.sanitizer import EDITOR_EXTENSIONS, sanitize_html
from influencers.models import Account, FollowerSnapshot, Influencer


class Author(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("utilisateur"),
    )
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    bio = models.TextField(_("biographie"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("auteur")
        verbose_name_plural = _("auteurs")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", args=[self.slug])


# What article cards, lists and feeds read (ArticleQuerySet.for_listing).
LISTING_FIELDS = ("title", "slug", "standfirst", "cover", "cover_width", "cover_height",
                  "cover_alt", "cover_credit", "status", "published_at", "updated_at",
                  "seo_title", "seo_description", "is_featured")  # fmt: skip


# Bylines and tags of cards: prefetch them on several lists at once with
# prefetch_related_objects(articles, *LISTING_PREFETCH) to pay for them once.
LISTING_PREFETCH = (
    models.Prefetch("authors", queryset=Author.objects.only("name", "slug")),
    "tags",
)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and the publication time has come.

        Every public page, feed, sitemap and export goes through this method; a
        scheduled article appears by itself once its time passes.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        """What cards, lists and feeds print, newest first: never the body, the heaviest column.

        Templates that need more than LISTING_FIELDS must add it here: a deferred
        field read in a loop costs one query per article.
        """
        return (
            self.only(*LISTING_FIELDS)
            .prefetch_related(
                models.Prefetch("authors", queryset=Author.objects.only("name", "slug")), "tags"
            )
            .order_by("-published_at", "-pk")
        )

    def tags_in_use(self):
        """The tags these articles carry: on `published()`, the tags that have a page."""
        return Tag.objects.filter(article__in=self).distinct()

    def for_detail(self):
        """The article page: which optional sections have rows, known from the article's own query.

        `Article.prefetch_sections()` then fetches only those, so an article without
        images, posts, figures or influencers costs no query for them.
        """
        exists = {
            f"has_{name}": models.Exists(model.objects.filter(**{field: models.OuterRef("pk")}))
            for name, model, field in (
                ("images", ArticleImage, "article"),
                ("embeds", Embed, "article"),
                ("cited_figures", CitedFigure, "article"),
                ("influencers", Article.influencers.through, "article"),
            )
        }
        return self.annotate(**exists).prefetch_related(
            models.Prefetch(
                "authors", queryset=Author.objects.only("name", "slug", "bio", "photo")
            ),
            "tags",
        )

    def owned_by(self, user):
        """Articles `user` created or signs as one of the authors."""
        signed = Article.authors.through.objects.filter(
            article=models.OuterRef("pk"), author__user=user
        )
        return self.filter(models.Q(created_by=user) | models.Exists(signed))

    def viewable_by(self, user):
        """What `user` may see in the admin and preview: everything for those who may
        publish (Éditeurs), their own articles for the others (Rédacteurs)."""
        if user.has_perm("articles.publish_article"):
            return self
        return self.owned_by(user)

    def related_to(self, article):
        """Other articles sharing tags or influencers with `article`, most shared first.

        Reads the article's tags and influencers from its prefetch cache, so the
        whole list costs one query. Only what the list prints is fetched. A side
        with nothing to share is left out of the query rather than matched against
        an empty list (`__in=[]` short-circuits the whole query to no rows).
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        influencer_ids = [influencer.pk for influencer in article.influencers.all()]
        candidates, shared = models.Q(), []
        if tag_ids:
            tagged = TaggedItem.objects.filter(
                tag__in=tag_ids, content_type__app_label="articles", content_type__model="article"
            )
            candidates |= models.Q(pk__in=tagged.values("object_id"))
            shared.append(models.Count("tags", filter=models.Q(tags__in=tag_ids), distinct=True))
        if influencer_ids:
            citing = Article.influencers.through.objects.filter(influencer__in=influencer_ids)
            candidates |= models.Q(pk__in=citing.values("article_id"))
            shared.append(
                models.Count(
                    "influencers", filter=models.Q(influencers__in=influencer_ids), distinct=True
                )
            )
        if not shared:
            return self.none()
        return (
            self.filter(candidates)
            .exclude(pk=article.pk)
            .only("title", "slug", "standfirst", "published_at")
            .annotate(shared=sum(shared[1:], shared[0]))
            .order_by("-shared", "-published_at", "-pk")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        REVIEW = "review", _("en relecture")
        PUBLISHED = "published", _("publié")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    standfirst = models.TextField(_("chapô"), blank=True)
    body = ProseEditorField(
        _("texte"), blank=True, extensions=EDITOR_EXTENSIONS, sanitize=sanitize_html
    )
    cover = models.ImageField(
        _("image de couverture"),
        upload_to="covers/%Y/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(_("texte alternatif de l'image"), max_length=250, blank=True)
    cover_credit = models.CharField(_("crédit de l'image"), max_length=200, blank=True)
    authors = models.ManyToManyField(
        Author, related_name="articles", blank=True, verbose_name=_("auteurs")
    )
    tags = TaggableManager(_("étiquettes"), blank=True)
    influencers = models.ManyToManyField(
        Influencer, related_name="articles", blank=True, verbose_name=_("influenceurs cités")
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("date de publication"),
        null=True,
        blank=True,
        help_text=_("Une date future programme la publication."),
    )
    seo_title = models.CharField(_("titre SEO"), max_length=70, blank=True)
    seo_description = models.CharField(_("description SEO"), max_length=160, blank=True)
    is_featured = models.BooleanField(_("à la une"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Bumped on every save: a form carrying an older number was opened before
    # someone else's save, and must not overwrite it (see ArticleAdminForm).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Peut publier un article"))]
        indexes = [models.Index(fields=["status", "published_at"], name="article_public_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.version += 1
        if update_fields := kwargs.get("update_fields"):
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)
        make_renditions(self.cover, self.cover_width)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    def prefetch_sections(self):
        """Fetch the optional sections `for_detail()` found rows for; the others are empty."""
        sections = {
            "images": "images",
            "embeds": "embeds",
            "cited_figures": models.Prefetch(
                "cited_figures", queryset=CitedFigure.objects.with_current()
            ),
            "influencers": models.Prefetch("influencers", queryset=Influencer.objects.published()),
        }
        wanted = []
        for name, lookup in sections.items():
            if getattr(self, f"has_{name}", True):
                wanted.append(lookup)
            else:
                cache = getattr(self, "_prefetched_objects_cache", {})
                cache[name] = getattr(self, name).none()
                self._prefetched_objects_cache = cache
        models.prefetch_related_objects([self], *wanted)

    def clean(self):
        if self.cover and not self.cover_alt:
            raise ValidationError(
                {"cover_alt": _("Décrivez l'image de couverture pour les lecteurs malvoyants.")}
            )

    def is_owned_by(self, user):
        """Whether `user` wrote this article: created it, or is one of its authors."""
        return self.created_by_id == user.pk or any(
            author.user_id == user.pk for author in self.authors.all()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def reading_minutes(self):
        words = len(strip_tags(f"{self.standfirst} {self.body}").split())
        return max(1, math.ceil(words / 220))

    @property
    def page_title(self):
        return self.seo_title or self.title

    @property
    def meta_description(self):
        if self.seo_description:
            return self.seo_description
        text = " ".join(strip_tags(self.standfirst).split())
        if len(text) <= 160:
            return text
        return text[:159].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


class CitedFigureQuerySet(models.QuerySet):
    def with_current(self):
        """Join what the page prints: the cited snapshot and the account's latest count."""
        return self.select_related("snapshot", "account__platform", "account__influencer").annotate(
            current_followers=models.Subquery(
                FollowerSnapshot.objects.filter(account=models.OuterRef("account"))
                .order_by("-recorded_on")
                .values("followers")[:1]
            ),
            current_recorded_on=models.Subquery(
                FollowerSnapshot.objects.filter(account=models.OuterRef("account"))
                .order_by("-recorded_on")
                .values("recorded_on")[:1]
            ),
        )


class CitedFigure(models.Model):
    """A follower figure printed in an article, traceable to a recorded snapshot.

    The editor picks an account and a date; the figure is the snapshot of that
    date or the latest one before it.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="cited_figures", verbose_name=_("article")
    )
    account = models.ForeignKey(Account, on_delete=models.PROTECT, verbose_name=_("compte"))
    cited_on = models.DateField(_("date du chiffre"))
    snapshot = models.ForeignKey(
        FollowerSnapshot, on_delete=models.PROTECT, editable=False, verbose_name=_("relevé")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = CitedFigureQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("chiffre cité")
        verbose_name_plural = _("chiffres cités")

    def __str__(self):
        return f"{self.account} au {self.cited_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        # Resolved on every save so that changing the date re-points the figure.
        self.snapshot = self.find_snapshot()
        if self.snapshot is None:
            raise ValidationError(_("Aucun relevé d'abonnés à citer pour cette date."))
        super().save(*args, **kwargs)

    def find_snapshot(self):
        return (
            FollowerSnapshot.objects.filter(account=self.account, recorded_on__lte=self.cited_on)
            .order_by("-recorded_on")
            .first()
        )

    def clean(self):
        if self.account_id is None or self.cited_on is None:
            return
        snapshot = self.find_snapshot()
        if snapshot is None:
            raise ValidationError(
                _(
                    "Aucun relevé d'abonnés pour %(account)s à cette date ou avant : "
                    "enregistrez d'abord le chiffre."
                )
                % {"account": self.account}
            )
        self.snapshot = snapshot

    @property
    def change_since(self):
        current = getattr(self, "current_followers", None)
        if current is None:
            return None
        return current - self.snapshot.followers


class ArticleImage(models.Model):
    """An illustration inserted in the body as a figure; served in several sizes."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="images", verbose_name=_("article")
    )
    image = models.ImageField(
        _("image"), upload_to="articles/%Y/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt = models.CharField(
        _("texte alternatif"),
        max_length=250,
        help_text=_("Ce que montre l'image, pour les lecteurs qui ne la voient pas."),
    )
    # The caption is written in the text, in the figure; the credit follows the image.
    credit = models.CharField(_("crédit"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("image de l'article")
        verbose_name_plural = _("images de l'article")

    def __str__(self):
        return self.alt

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        make_renditions(self.image, self.width)


class Embed(models.Model):
    """A social-media post shown as a card with a link: nothing loads from the network.

    The card replaces a body paragraph made only of a link to the same URL, so
    the editor places it by pasting the link where it belongs; otherwise it is
    shown after the text.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="embeds", verbose_name=_("article")
    )
    url = models.URLField(_("adresse de la publication"), max_length=500)
    provider = models.CharField(_("réseau"), max_length=20, choices=EmbedProvider, editable=False)
    account_name = models.CharField(_("auteur de la publication"), max_length=120, blank=True)
    quote = models.TextField(_("extrait ou résumé"), blank=True)
    posted_on = models.DateField(_("publiée le"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("publication intégrée")
        verbose_name_plural = _("publications intégrées")

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        self.provider = provider_for_url(self.url)
        super().save(*args, **kwargs)

    def clean(self):
        if self.url:
            self.provider = provider_for_url(self.url)

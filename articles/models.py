"""Articles, their authors and the follower figures they cite."""

import datetime
import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from articles import reading
from articles.embeds import provider_for_url
from articles.images import make_renditions
from articles.sanitizer import EDITOR_EXTENSIONS, sanitize_html
from influencers.models import Account, FollowerSnapshot, Influencer
from safeguards.links import validate_web_url
from safeguards.text import SingleLineCharField
from safeguards.uploads import RandomName


class Author(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("utilisateur"),
    )
    name = SingleLineCharField(_("nom"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    bio = models.TextField(_("biographie"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=RandomName("authors/"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("auteur")
        verbose_name_plural = _("auteurs")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", args=[self.slug])


# A table of contents helps from this reading time on, if the body has enough headings.
LONG_READ_MINUTES = 4
TABLE_OF_CONTENTS_MIN_HEADINGS = 3


def _count(articles):
    counted = articles.order_by().values("series_part__series").annotate(n=models.Count("pk"))
    return Coalesce(models.Subquery(counted.values("n")), 0)


# What article cards, lists and feeds read (ArticleQuerySet.for_listing).
LISTING_FIELDS = ("title", "slug", "standfirst", "cover", "cover_width", "cover_height",
                  "cover_alt", "cover_credit", "status", "published_at", "updated_at",
                  "seo_title", "seo_description", "is_featured", "word_count")  # fmt: skip


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

    def published_featuring(self, influencer):
        """The public articles that feature `influencer` (its page, feed and chart marks)."""
        return self.published().filter(influencers=influencer)

    def for_cards(self):
        """What cards, lists and feeds print, newest first: never the body, the heaviest column.

        Templates that need more than LISTING_FIELDS must add it here: a deferred
        field read in a loop costs one query per article. Bylines and tags are left
        to whoever prints them (`article_cards` fetches them for uncached cards only).
        """
        return self.only(*LISTING_FIELDS).order_by("-published_at", "-pk")

    def for_listing(self):
        """`for_cards()` with the bylines and tags prefetched."""
        return self.for_cards().prefetch_related(*LISTING_PREFETCH)

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
        return (
            self.with_series_place()
            .defer("search_vector")  # kilobytes per article that the page never prints
            .annotate(**exists)
            .prefetch_related(
                models.Prefetch(
                    "authors", queryset=Author.objects.only("name", "slug", "bio", "photo")
                ),
                "tags",
            )
        )

    def with_series_place(self):
        """Where each article stands in its series, counting published parts only:
        `series_number` of `series_total`, the previous and next parts' title and slug,
        the series' title and slug. Subqueries of the article's own query: no query more.
        """
        others = (
            Article.objects.published()
            .filter(series_part__series=models.OuterRef("series_part__series"))
            .exclude(pk=models.OuterRef("pk"))
        )
        place = models.OuterRef("series_part__position")
        before = others.filter(series_part__position__lt=place).order_by("-series_part__position")
        after = others.filter(series_part__position__gt=place).order_by("series_part__position")
        return self.annotate(
            series_title=models.F("series_part__series__title"),
            series_slug=models.F("series_part__series__slug"),
            series_total=_count(others) + 1,
            series_number=_count(before) + 1,
            previous_part_title=models.Subquery(before.values("title")[:1]),
            previous_part_slug=models.Subquery(before.values("slug")[:1]),
            next_part_title=models.Subquery(after.values("title")[:1]),
            next_part_slug=models.Subquery(after.values("slug")[:1]),
        )

    def behind_share_link(self, token):
        """The article that share link `token` opens, the link's columns annotated
        (see `ShareLink.of_shared_article`) so that the link costs no query of its own."""
        return self.filter(share_links__token=token).annotate(
            **{f"shared_{name}": models.F(f"share_links__{name}") for name in SHARE_LINK_STATE}
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

    def drafts_of(self, user):
        """`user`'s articles on their way: drafts and those in review, last changed first."""
        unpublished = self.owned_by(user).filter(
            status__in=[Article.Status.DRAFT, Article.Status.REVIEW]
        )
        return unpublished.order_by("-updated_at", "-pk")

    def awaiting_review(self):
        """Submitted by their authors for an Éditeur to read, least recently changed first."""
        return self.filter(status=Article.Status.REVIEW).order_by("updated_at", "pk")

    def scheduled(self):
        """Published with a time still to come (they go public by themselves), soonest first."""
        upcoming = self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        return upcoming.order_by("published_at", "pk")

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

    title = SingleLineCharField(_("titre"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    standfirst = models.TextField(_("chapô"), blank=True)
    body = ProseEditorField(
        _("texte"), blank=True, extensions=EDITOR_EXTENSIONS, sanitize=sanitize_html
    )
    cover = models.ImageField(
        _("image de couverture"),
        upload_to=RandomName("covers/%Y/"),
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = SingleLineCharField(_("texte alternatif de l'image"), max_length=250, blank=True)
    cover_credit = SingleLineCharField(_("crédit de l'image"), max_length=200, blank=True)
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
    seo_title = SingleLineCharField(_("titre SEO"), max_length=70, blank=True)
    seo_description = SingleLineCharField(_("description SEO"), max_length=160, blank=True)
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
    # Counted on save, so cards and pages print the reading time without reading the body.
    word_count = models.PositiveIntegerField(_("nombre de mots"), default=0, editable=False)
    # Bumped on every save: a form carrying an older number was opened before
    # someone else's save, and must not overwrite it (see ArticleAdminForm).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    # The weighted full-text document (title A, standfirst B, body C) that search
    # ranks and matches on. On PostgreSQL a trigger of migration 0101 writes it on
    # every insert and every change of those columns, whatever the write path
    # (save, update(), bulk_create, raw SQL); on SQLite it stays NULL, unused.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "search_vector"])

    # Its highlighted, safe excerpt on the search page, set by `search.SearchResults`.
    snippet = ""

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
        self.word_count = reading.count_words(self.standfirst, self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.version += 1
        if update_fields := kwargs.get("update_fields"):
            kwargs["update_fields"] = {*update_fields, "version", "word_count"}
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
        return reading.minutes_to_read(self.word_count)

    @cached_property
    def outline(self):
        """The body's h2/h3 headings with their anchors, on a long read; empty otherwise."""
        if self.reading_minutes < LONG_READ_MINUTES:
            return []
        headings = reading.outline(self.body)
        return headings if len(headings) >= TABLE_OF_CONTENTS_MIN_HEADINGS else []

    @property
    def table_of_contents(self):
        return reading.nested(self.outline)

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
        _("image"), upload_to=RandomName("articles/%Y/"), width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt = SingleLineCharField(
        _("texte alternatif"),
        max_length=250,
        help_text=_("Ce que montre l'image, pour les lecteurs qui ne la voient pas."),
    )
    # The caption is written in the text, in the figure; the credit follows the image.
    credit = SingleLineCharField(_("crédit"), max_length=200, blank=True)
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
    url = models.URLField(
        _("adresse de la publication"), max_length=500, validators=[validate_web_url]
    )
    account_name = SingleLineCharField(_("auteur de la publication"), max_length=120, blank=True)
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
        # Only posts of a known network are stored, however they come in.
        provider_for_url(self.url)
        super().save(*args, **kwargs)

    def clean(self):
        if self.url:
            provider_for_url(self.url)

    @property
    def provider(self):
        """The network of the post (an `EmbedProvider`), read from its address."""
        return provider_for_url(self.url)


SHARE_LINK_DAYS = 7
# A share link is for a review, not a second publication: it cannot outlive this.
SHARE_LINK_MAX_DAYS = 90
SHARE_LINK_STATE = ("id", "token", "expires_at", "revoked_at")


def share_token():
    # 32 random bytes: unguessable, and revocable since the link is a row, not a signature.
    return secrets.token_urlsafe(32)


def default_share_expiry():
    return timezone.now() + datetime.timedelta(days=SHARE_LINK_DAYS)


class ShareLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A secret address that shows an unpublished article to someone without an account.

    The holder sees the article as readers will, with an "aperçu" banner, until the
    link expires or an editor revokes it; the row stays, so the page can say why.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="share_links", verbose_name=_("article")
    )
    token = models.CharField(max_length=64, unique=True, default=share_token, editable=False)
    expires_at = models.DateTimeField(_("expire le"), default=default_share_expiry)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True, editable=False)
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

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lien de partage")
        verbose_name_plural = _("liens de partage")

    def __str__(self):
        return _("Lien de partage de « %(title)s »") % {"title": self.article.title}

    def get_absolute_url(self):
        return reverse("articles:shared_draft", args=[self.token])

    @classmethod
    def of_shared_article(cls, article):
        """The link of an article fetched with `Article.objects.behind_share_link()`."""
        state = {name: getattr(article, f"shared_{name}") for name in SHARE_LINK_STATE}
        return cls(article=article, **state)

    def clean(self):
        if self._state.adding and self.article_id and self.article.is_public:
            raise ValidationError(
                _("Cet article est déjà publié : partagez plutôt son adresse publique.")
            )
        if self.expires_at is None:
            return
        if self._state.adding and self.expires_at <= timezone.now():
            raise ValidationError({"expires_at": _("Choisissez une date d'expiration à venir.")})
        if self.expires_at > self.created_or_now + datetime.timedelta(days=SHARE_LINK_MAX_DAYS):
            raise ValidationError(
                {
                    "expires_at": _("Un lien de partage dure au plus %(days)d jours.")
                    % {"days": SHARE_LINK_MAX_DAYS}
                }
            )

    @property
    def created_or_now(self):
        return self.created_at or timezone.now()

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @is_revoked.setter
    def is_revoked(self, revoked):
        """Revoking keeps the first revocation's time; un-revoking forgets it."""
        if not revoked:
            self.revoked_at = None
        elif self.revoked_at is None:
            self.revoked_at = timezone.now()

    @property
    def is_active(self):
        return not self.is_revoked and not self.is_expired


class SeriesQuerySet(models.QuerySet):
    def with_public_articles(self):
        """Series that readers may see: those with at least one published article."""
        return self.filter(parts__article__in=Article.objects.published()).distinct()


class Series(models.Model):
    """An ordered set of articles read one after the other, with a page of its own."""

    title = SingleLineCharField(_("titre"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("présentation"), blank=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("série")
        verbose_name_plural = _("séries")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:series", args=[self.slug])

    def published_articles(self):
        """Its published articles in reading order, ready for cards."""
        return (
            Article.objects.published()
            .filter(series_part__series=self)
            .for_listing()
            .order_by("series_part__position")
        )


class SeriesPart(models.Model):
    """An article's place in a series; an article belongs to one series at most."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="parts", verbose_name=_("série")
    )
    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="series_part", verbose_name=_("article")
    )
    position = models.PositiveSmallIntegerField(_("ordre"))

    class Meta:
        ordering = ["series", "position"]
        verbose_name = _("article de la série")
        verbose_name_plural = _("articles de la série")
        constraints = [
            models.UniqueConstraint(fields=["series", "position"], name="series_part_position")
        ]

    def __str__(self):
        return f"{self.series} ({self.position}) : {self.article}"

"""Platforms, influencers, their accounts and the follower counts recorded over time."""

import datetime
from typing import NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Cast, NullIf, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from safeguards.links import is_web_url, validate_web_url, validate_web_url_pattern, web_url_only
from safeguards.text import SingleLineCharField
from safeguards.uploads import RandomName

HEX_COLOR = r"^#[0-9a-fA-F]{6}\Z"
DEFAULT_COLOR = "#4a5568"


class Platform(models.Model):
    name = SingleLineCharField(_("nom"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    profile_url_pattern = SingleLineCharField(
        _("modèle d'adresse de profil"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple https://www.instagram.com/{handle}/"),
        validators=[validate_web_url_pattern],
    )
    audience_word = SingleLineCharField(_("mot pour l'audience"), max_length=40, default="abonnés")
    # Drawn into SVG charts, share cards and CSS: only a colour may get there.
    color = SingleLineCharField(
        _("couleur"),
        max_length=7,
        default=DEFAULT_COLOR,
        help_text=_("Couleur hexadécimale, #rrggbb"),
        validators=[
            RegexValidator(HEX_COLOR, _("Une couleur s'écrit #rrggbb, par exemple #1877f2."))
        ],
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("plateforme")
        verbose_name_plural = _("plateformes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("influencers:platform", args=[self.slug])

    def profile_url(self, handle):
        """The profile's web address, or "" when the pattern does not make one."""
        if not self.profile_url_pattern or not handle:
            return ""
        url = self.profile_url_pattern.replace("{handle}", quote(handle, safe="@"))
        return url if is_web_url(url) else ""


class InfluencerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Influencer(models.Model):
    name = SingleLineCharField(_("nom"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    headline = SingleLineCharField(_("titre"), max_length=160, blank=True)
    bio = models.TextField(_("biographie"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=RandomName("influencers/"), blank=True)
    photo_alt = SingleLineCharField(_("texte alternatif de la photo"), max_length=200, blank=True)
    country = SingleLineCharField(_("pays"), max_length=80, blank=True)
    affiliations = SingleLineCharField(
        _("affiliations"), max_length=200, blank=True, help_text=_("Par exemple ESA, CNES")
    )
    tags = TaggableManager(_("étiquettes"), blank=True)
    is_published = models.BooleanField(_("publié"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = InfluencerQuerySet.as_manager()

    # Its highlighted, safe excerpt on the search page, set by `articles.search.SearchResults`.
    snippet = ""

    class Meta:
        ordering = ["name"]
        verbose_name = _("influenceur")
        verbose_name_plural = _("influenceurs")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("influencers:detail", args=[self.slug])


def latest_snapshot_before(day=None, field="followers"):
    """Subquery: a field of the account's latest snapshot on or before `day` (or ever)."""
    snapshots = FollowerSnapshot.objects.filter(account=OuterRef("pk"))
    if day is not None:
        snapshots = snapshots.filter(recorded_on__lte=day)
    return Subquery(snapshots.order_by("-recorded_on").values(field)[:1])


def earliest_snapshot_after(day=None, field="followers"):
    """Subquery: a field of the account's earliest snapshot after `day` (or ever)."""
    snapshots = FollowerSnapshot.objects.filter(account=OuterRef("pk"))
    if day is not None:
        snapshots = snapshots.filter(recorded_on__gt=day)
    return Subquery(snapshots.order_by("recorded_on").values(field)[:1])


# The rankings' growth: the change in followers over the last 30 days, which the
# ranking pages sort by and the accounts' tables show next to 7 days and a year.
GROWTH_WINDOW_DAYS = 30
GROWTH_PERIODS = (7, GROWTH_WINDOW_DAYS, 365)


def percent_change(then, latest):
    """`latest` as a percentage change from `then`; None when `then` is 0 (no base)."""
    return (latest - then) * 100 / then if then else None


class Growth(NamedTuple):
    days: int
    change: int | None
    percent: float | None


class AccountQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def public(self):
        return self.active().filter(influencer__is_published=True)

    def with_latest_snapshot(self):
        """Annotate `latest_followers` and `latest_recorded_on` (None when never recorded).

        Subqueries keep this to one query however long the histories are; the
        unique (account, recorded_on) index answers each of them.
        """
        return self.annotate(
            latest_followers=latest_snapshot_before(),
            latest_recorded_on=latest_snapshot_before(field="recorded_on"),
        )

    def with_latest_source(self):
        """Annotate `latest_source`, the provenance of the latest count, for pages showing it."""
        return self.annotate(latest_source=latest_snapshot_before(field="source"))

    def with_latest(self):
        """`with_latest_snapshot`, and the count 30 days before today and the change since
        (`followers_then`, `followers_change`): the rankings' growth."""
        since = timezone.localdate() - datetime.timedelta(days=GROWTH_WINDOW_DAYS)
        return (
            self.with_latest_snapshot()
            .annotate(followers_then=latest_snapshot_before(since))
            .annotate(followers_change=F("latest_followers") - F("followers_then"))
        )

    def stale(self, after_days=None):
        """Active accounts whose latest snapshot is older than `after_days` (or never recorded).

        Annotated with `latest_recorded_on` and `latest_followers`, oldest first, so
        data staff see first what has waited longest.
        """
        if after_days is None:
            after_days = settings.FOLLOWER_STALE_AFTER_DAYS
        limit = timezone.localdate() - datetime.timedelta(days=after_days)
        return (
            self.active()
            .with_latest_snapshot()
            .filter(Q(latest_recorded_on__lt=limit) | Q(latest_recorded_on__isnull=True))
            .select_related("influencer", "platform")
            .order_by(F("latest_recorded_on").asc(nulls_first=True), "influencer__name")
        )

    def with_growth(self):
        """`with_latest_snapshot` and its source, the first date, the count 7, 30, 365 days ago.

        The counts are `followers_<n>_days_ago`; the first date, `first_recorded_on`,
        lets charts ask for evenly spaced points.

        One indexed subquery per figure keeps the query count constant; read the
        result through `Account.growth_periods`.
        """
        today = timezone.localdate()
        # Not `with_latest`: its 30-day count and change would repeat the subqueries
        # below on every account of the directory, influencer and comparison pages.
        return self.with_latest_snapshot().annotate(
            latest_source=latest_snapshot_before(field="source"),
            first_recorded_on=earliest_snapshot_after(field="recorded_on"),
            **{
                f"followers_{days}_days_ago": latest_snapshot_before(
                    today - datetime.timedelta(days=days)
                )
                for days in GROWTH_PERIODS
            },
        )

    def ranked(self, by="followers"):
        """Public accounts with a count, ranked by `by`, each with its rank by count then and now.

        `by` is "followers" (latest count, biggest first), "growth" (30-day gain) or
        "percent" (30-day gain as a share of the count then, so that small accounts
        can lead). By count, `rank_then` numbers the accounts by their count 30 days
        ago (accounts without one last), by a window function in the same query, over
        every ranked account rather than one page. Each figure is an indexed subquery
        repeated where it is used: only the order asked for gets its extra ones.
        """
        ranked = (
            self.public()
            .with_latest()
            .with_latest_source()
            .filter(latest_followers__isnull=False)
            .select_related("influencer", "platform")
        )
        if by == "percent":
            ranked = ranked.annotate(
                growth_ratio=Cast("followers_change", models.FloatField())
                / NullIf("followers_then", 0)
            )
        elif by == "followers":
            # Today's rank is the row's position (`number_ranks`); a window function
            # numbering it again would cost a second sort and subquery per account.
            ranked = ranked.annotate(
                rank_then=Window(
                    RowNumber(),
                    order_by=[F("followers_then").desc(nulls_last=True), "influencer__name"],
                )
            )
        order = F(
            {"growth": "followers_change", "percent": "growth_ratio"}.get(by, "latest_followers")
        )
        return ranked.order_by(
            order.desc(nulls_last=True), F("latest_followers").desc(), "influencer__name"
        )


class Account(models.Model):
    influencer = models.ForeignKey(
        Influencer, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("influenceur")
    )
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("plateforme")
    )
    handle = SingleLineCharField(
        _("identifiant"),
        max_length=100,
        help_text=_("Sans @ initial, tel qu'affiché sur la plateforme"),
    )
    url = models.URLField(_("adresse du profil"), blank=True, validators=[validate_web_url])
    is_active = models.BooleanField(_("actif"), default=True)

    objects = AccountQuerySet.as_manager()

    # Its chart's points, gaps, projection and gains (`influencers.timelines.Timeline`),
    # when a page asked `attach_timelines` or `attach_compared_histories` for them.
    timeline = None
    # The `Event`s its chart marks, when a page asked `events.attach_events` for them.
    chart_events = ()
    # The thresholds it reached, smallest first, set by `milestones.attach_milestones`.
    milestones = ()
    # Its place in a ranking page's order, set by `number_ranks`.
    rank_now = None
    # Its sparkline's points of the last weeks, set by `history.attach_sparklines`.
    recent_history = ()

    class Meta:
        ordering = ["platform__position", "platform__name"]
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "handle"],
                name="one_account_per_platform_handle",
                violation_error_message=_("Ce compte existe déjà sur cette plateforme."),
            )
        ]

    def __str__(self):
        return f"{self.influencer} — {self.platform}"

    def save(self, *args, **kwargs):
        self.handle = self.handle.strip().lstrip("@")
        super().save(*args, **kwargs)

    @property
    def profile_url(self):
        # Checked again when printed: rows stored before the validator existed.
        if is_web_url(self.url):
            return self.url
        return self.platform.profile_url(self.handle)

    @property
    def latest_source_label(self):
        """The provenance of the latest count, from `with_latest_snapshot`."""
        source = getattr(self, "latest_source", None)
        return SnapshotSource(source).label if source else ""

    @property
    def growth_percent(self):
        """Change over the annotated period as a percentage, or None when unknown."""
        then = getattr(self, "followers_then", None)
        latest = getattr(self, "latest_followers", None)
        if then is None or latest is None:
            return None
        return percent_change(then, latest)

    @property
    def rank_move(self):
        """Places gained (positive) or lost in the count ranking over 30 days.

        From `ranked(by="followers")` and `number_ranks`; None for an account that had
        no count 30 days ago, new to the ranking.
        """
        if getattr(self, "followers_then", None) is None:
            return None
        return self.rank_then - self.rank_now

    @property
    def growth_periods(self):
        """Change and percentage over 7, 30 and 365 days, from `with_growth` annotations.

        Unknown (None) when nothing was recorded that long ago.
        """
        periods = []
        for days in GROWTH_PERIODS:
            then = getattr(self, f"followers_{days}_days_ago", None)
            latest = getattr(self, "latest_followers", None)
            if then is None or latest is None:
                periods.append(Growth(days, None, None))
                continue
            periods.append(Growth(days, latest - then, percent_change(then, latest)))
        return periods


class SnapshotSource(models.TextChoices):
    """Where a figure comes from; readers see it next to every number."""

    MANUAL = "manual", _("saisi à la main")
    IMPORT = "import", _("import CSV")
    STATEMENT = "statement", _("déclaré par la plateforme")
    API = "api", _("API de la plateforme")
    ESTIMATE = "estimate", _("estimation")
    ILLUSTRATIVE = "illustrative", _("illustratif (démonstration)")


# Sources that are not a measurement, which charts draw apart, with a legend; asked of
# every point of every chart: one set, not one per question.
UNMEASURED_SOURCES = frozenset({SnapshotSource.ESTIMATE, SnapshotSource.ILLUSTRATIVE})


class ReviewStatus(models.TextChoices):
    """Where a snapshot stands after the anomaly rule (influencers.anomalies) judged it."""

    NONE = "", _("rien à vérifier")
    TO_REVIEW = "to_review", _("à vérifier")
    CONFIRMED = "confirmed", _("vérifié et confirmé")


class FollowerSnapshotQuerySet(models.QuerySet):
    def to_review(self):
        """Unreviewed anomalies: shown « à vérifier » until data staff confirm or correct them."""
        return self.filter(review=ReviewStatus.TO_REVIEW)


def number_ranks(ranked_accounts, first_rank):
    """Set `rank_now` on accounts listed in ranking order from `first_rank` (a page's start)."""
    for rank, account in enumerate(ranked_accounts, start=first_rank):
        account.rank_now = rank


class PointProvenance(NamedTuple):
    """What a chart needs to know of a point beyond its value."""

    source: str
    review: str = ReviewStatus.NONE

    @property
    def to_verify(self):
        return self.review == ReviewStatus.TO_REVIEW

    @property
    def is_measured(self):
        return self.source not in UNMEASURED_SOURCES

    @property
    def source_label(self):
        return SnapshotSource(self.source).label


def accounts_with_growth():
    """Prefetch of active accounts with their platform, latest count and growth figures."""
    return models.Prefetch(
        "accounts", queryset=Account.objects.active().with_growth().select_related("platform")
    )


# No account has a thousand billion followers: a larger count is a typing or file error.
# Far below the column's 2⁶³ − 1, so sums and growth computed on counts cannot overflow.
MAX_FOLLOWERS = 10**12


def validate_follower_count(count):
    """The one upper bound of a follower count: the model, the admin form, bulk entry,
    the anomaly review and the CSV import (admin and command) all say it this way."""
    if count is not None and count > MAX_FOLLOWERS:
        raise ValidationError(
            _("Plus de mille milliards d'abonnés : vérifiez le nombre."), code="too_large"
        )


class FollowerSnapshot(models.Model):
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("compte")
    )
    recorded_on = models.DateField(_("date"))
    followers = models.BigIntegerField(_("abonnés"), validators=[validate_follower_count])
    source = models.CharField(
        _("provenance"), max_length=20, choices=SnapshotSource, default=SnapshotSource.MANUAL
    )
    source_url = models.URLField(
        _("lien vers la source"),
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text=_("Page ou déclaration d'où vient le chiffre (http ou https)."),
    )
    note = SingleLineCharField(_("note"), max_length=255, blank=True)
    # Raw inserts (CSV import) leave the column out: the database's default applies.
    review = models.CharField(
        _("vérification"), max_length=12, choices=ReviewStatus, blank=True,
        default=ReviewStatus.NONE, db_default=ReviewStatus.NONE,
    )  # fmt: skip
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("vérifié par"),
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    explained_by = models.ForeignKey(
        "influencers.Event", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="explained_snapshots", verbose_name=_("expliqué par l'événement"),
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisi par"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifié par"),
    )
    created_at = models.DateTimeField(_("saisi le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = FollowerSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_on"]
        get_latest_by = "recorded_on"
        verbose_name = _("relevé d'abonnés")
        verbose_name_plural = _("relevés d'abonnés")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "recorded_on"],
                name="one_snapshot_per_account_per_day",
                violation_error_message=_("Ce compte a déjà un relevé à cette date."),
            ),
            models.CheckConstraint(
                condition=Q(followers__gte=0),
                name="followers_never_negative",
                violation_error_message=_("Le nombre d'abonnés ne peut pas être négatif."),
            ),
            web_url_only("source_url"),
        ]
        indexes = [
            models.Index(fields=["recorded_on"], name="snapshot_recorded_on_idx"),
            # Few rows are ever to review: a partial index keeps the review list instant.
            models.Index(
                fields=["recorded_on"],
                condition=Q(review=ReviewStatus.TO_REVIEW),
                name="snapshot_to_review_idx",
            ),
        ]

    def __str__(self):
        return f"{self.account} : {self.followers} le {self.recorded_on:%d/%m/%Y}"

    @property
    def is_measured(self):
        return self.source not in UNMEASURED_SOURCES

    @property
    def needs_review(self):
        return self.review == ReviewStatus.TO_REVIEW

    def judge(self):
        """Flag the count « à vérifier » when it is an anomaly (influencers.anomalies)."""
        from influencers.anomalies import needs_review

        to_review = needs_review(self.account_id, self.recorded_on, self.followers)
        self.review = ReviewStatus.TO_REVIEW if to_review else ReviewStatus.NONE

    def confirm(self, user, event=None):
        """Data staff checked the figure: it is right, optionally explained by `event`."""
        self.review = ReviewStatus.CONFIRMED
        self.explained_by = event
        self.reviewed_by, self.reviewed_at = user, timezone.now()
        self.save(update_fields=["review", "explained_by", "reviewed_by", "reviewed_at",
                                 "updated_at"])  # fmt: skip

    def correct(self, followers, user):
        """Data staff replaced a wrong figure; the new one is judged again."""
        self.followers = followers
        self.judge()
        self.updated_by = self.reviewed_by = user
        self.reviewed_at = timezone.now()
        self.save()


# Events live in their own module to keep this one short; importing them here
# registers the model with the app.
from influencers.events import Event, EventKind  # noqa: E402, F401

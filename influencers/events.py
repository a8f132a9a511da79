"""Dated events that explain a history: a rename, a purge of fake accounts, a recount…

An event concerns exactly one of: an account, an influencer (all their accounts) or
a whole platform (every account on it). Charts mark them, the accessible table and
the open-data exports list them. The model is imported by `influencers.models`,
so Django registers it with the app's other models.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from influencers.models import Account, Influencer, Platform
from safeguards.links import validate_web_url, web_url_only
from safeguards.text import SingleLineCharField


class EventKind(models.TextChoices):
    RENAME = "rename", _("changement de nom")
    PURGE = "purge", _("purge de faux comptes")
    COUNTING = "counting", _("changement de mode de comptage")
    MISSION = "mission", _("début de mission")
    OTHER = "other", _("autre")


SCOPES = ("account", "influencer", "platform")


def exactly_one_scope():
    """Q: one of account, influencer and platform is set, the two others are empty."""
    return Q(
        *[Q(**{f"{scope}__isnull": scope != chosen for scope in SCOPES}) for chosen in SCOPES],
        _connector=Q.OR,
    )


class EventQuerySet(models.QuerySet):
    def for_accounts(self, accounts):
        """Events about any of these accounts: on the account, its influencer or its platform."""
        accounts = list(accounts)
        return self.filter(
            Q(account__in=[account.pk for account in accounts])
            | Q(influencer__in={account.influencer_id for account in accounts})
            | Q(platform__in={account.platform_id for account in accounts})
        )

    def by_account(self, accounts):
        """{account id: [events concerning it, oldest first]}, in one query."""
        accounts = list(accounts)
        found = {account.pk: [] for account in accounts}
        if not accounts:
            return found
        for event in (
            self.for_accounts(accounts).select_related("platform").order_by("happened_on", "pk")
        ):
            for account in accounts:
                if event.concerns(account):
                    found[account.pk].append(event)
        return found


def attach_events(accounts):
    """Give each account the list of events concerning it, `Account.chart_events` (one query)."""
    accounts = list(accounts)
    events = Event.objects.by_account(accounts)
    for account in accounts:
        account.chart_events = events[account.pk]


class Event(models.Model):
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=20, choices=EventKind, default=EventKind.OTHER)
    label = SingleLineCharField(
        _("explication"),
        max_length=200,
        help_text=_("Une phrase courte, lue sous le graphique : « Twitter devient X »."),
    )
    url = models.URLField(
        _("lien"), max_length=500, blank=True, validators=[validate_web_url],
        help_text=_("Source de l'information (http ou https), facultative."),
    )  # fmt: skip
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, null=True, blank=True, related_name="events",
        verbose_name=_("compte"),
    )  # fmt: skip
    influencer = models.ForeignKey(
        Influencer, on_delete=models.CASCADE, null=True, blank=True, related_name="events",
        verbose_name=_("influenceur"), help_text=_("Tous ses comptes sont concernés."),
    )  # fmt: skip
    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, null=True, blank=True, related_name="events",
        verbose_name=_("plateforme"), help_text=_("Tous les comptes de la plateforme."),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("saisi par"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        app_label = "influencers"
        ordering = ["-happened_on"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_scope(),
                name="event_has_exactly_one_scope",
                violation_error_message=_(
                    "Choisissez un seul des trois : un compte, un influenceur ou une plateforme."
                ),
            ),
            web_url_only("url"),
        ]
        indexes = [models.Index(fields=["happened_on"], name="event_happened_on_idx")]

    def __str__(self):
        return f"{self.happened_on:%d/%m/%Y} — {self.label}"

    @property
    def scope_platform(self):
        """The platform concerned, directly or through the account; None for an influencer."""
        if self.platform_id:
            return self.platform
        return self.account.platform if self.account_id else None

    def concerns(self, account):
        return (
            self.account_id == account.pk
            or self.influencer_id == account.influencer_id
            or self.platform_id == account.platform_id
        )

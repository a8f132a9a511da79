"""Email subscribers, the proof of their consent, and what was sent to them."""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from influencers.models import Influencer
from newsletter.addresses import normalise_email, validate_mailbox
from newsletter.tokens import confirmation_max_age


class ArticleFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("chaque nouvel article, dès sa publication")
    WEEKLY = "weekly", _("un résumé hebdomadaire, le lundi")
    NONE = "none", _("aucun (seulement les influenceurs suivis)")


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """Who may receive anything: confirmed by the signed link, not unsubscribed."""
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def not_yet_sent(self, item_key):
        """Those who hold no delivery (sent, failed or claimed) of `item_key`."""
        return self.exclude(
            models.Exists(Delivery.objects.filter(subscriber=models.OuterRef("pk"), item=item_key))
        )

    def request_subscription(self, email, articles, influencers, source, wording):
        """Record a request from a form; the caller then emails the address.

        A confirmed subscriber keeps their preferences: anyone can type anyone's
        address, so only the signed preferences link may change them (the caller
        sends that link instead of a confirmation). Anyone else becomes pending
        with the new choices, and the proof of what was asked is kept.
        """
        with transaction.atomic():
            subscriber, _ = self.select_for_update().get_or_create(email=normalise_email(email))
            if subscriber.is_confirmed:
                return subscriber
            subscriber.status = Subscriber.Status.PENDING
            subscriber.articles = articles
            subscriber.save(update_fields=["status", "articles"])
            subscriber.influencers.set(influencers)
            subscriber.record_consent(Consent.Action.REQUESTED, source, wording)
        return subscriber

    def expired_requests(self, now=None):
        """Pending requests that were never confirmed and no longer can be.

        Every confirmation link leaves with the email that sets `confirmation_sent_at`,
        after the request recorded its consent: once both (and the row's creation) are
        older than the links' validity, no link that could confirm is left. Someone who
        once confirmed keeps their row whatever its status: its consents prove that what
        was sent to them had been asked for.
        """
        cutoff = (now or timezone.now()) - confirmation_max_age()
        consents = Consent.objects.filter(subscriber=models.OuterRef("pk"))
        return (
            self.filter(status=Subscriber.Status.PENDING, confirmed_at=None, created_at__lt=cutoff)
            .exclude(confirmation_sent_at__gte=cutoff)
            .exclude(models.Exists(consents.filter(recorded_at__gte=cutoff)))
            .exclude(models.Exists(consents.filter(action=Consent.Action.CONFIRMED)))
        )

    def purge_expired_requests(self, now=None):
        """Delete `expired_requests()` with their consents and choices; return how many.

        A request being renewed at that moment (its row locked by `request_subscription`)
        is skipped, so the link it is about to send stays good. Atomic.
        """
        with transaction.atomic():
            expired = self.expired_requests(now).select_for_update(skip_locked=True)
            pks = list(expired.values_list("pk", flat=True))
            self.filter(pk__in=pks).delete()
        return len(pks)

    def counts_by_status(self):
        """{status: count}, every status present (0 when none), in one query."""
        found = dict(self.order_by().values_list("status").annotate(models.Count("pk")))
        return {status: found.get(status, 0) for status in Subscriber.Status}


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("en attente de confirmation")
        CONFIRMED = "confirmed", _("confirmé")
        UNSUBSCRIBED = "unsubscribed", _("désinscrit")

    # One row per mailbox, whatever the typing: normalised by save() and the forms.
    email = models.EmailField(
        _("adresse e-mail"), max_length=254, unique=True, validators=[validate_mailbox]
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=Status, default=Status.PENDING, db_index=True
    )
    articles = models.CharField(
        _("nouveaux articles"),
        max_length=10,
        choices=ArticleFrequency,
        default=ArticleFrequency.IMMEDIATE,
    )
    influencers = models.ManyToManyField(
        Influencer,
        related_name="email_followers",
        blank=True,
        verbose_name=_("influenceurs suivis"),
        help_text=_("Nouveaux articles à leur sujet et paliers d'abonnés franchis."),
    )
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("désinscrit le"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation envoyée le"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonné à la lettre")
        verbose_name_plural = _("abonnés à la lettre")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        # One spelling per mailbox, whoever saves: forms, the admin, code.
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    def confirm(self, source):
        """Confirm (idempotent), keeping the proof; True if this call confirmed."""
        if self.is_confirmed:
            return False
        self.status = self.Status.CONFIRMED
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        self.record_consent(Consent.Action.CONFIRMED, source)
        return True

    def unsubscribe(self, source):
        """Stop every email (idempotent), keeping the proof; True if this call did it."""
        if self.status == self.Status.UNSUBSCRIBED:
            return False
        self.status = self.Status.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        self.save(update_fields=["status", "unsubscribed_at"])
        self.record_consent(Consent.Action.UNSUBSCRIBED, source)
        return True

    def preferences(self):
        """What the person asked to receive, as stored in the proof of consent."""
        return {
            "articles": self.articles,
            "influencers": sorted(influencer.slug for influencer in self.influencers.all()),
        }

    def record_consent(self, action, source, wording=""):
        return Consent.objects.create(
            subscriber=self,
            action=action,
            source=source,
            wording=wording,
            preferences=self.preferences(),
        )


class Consent(models.Model):
    """Proof of consent: who asked for what, when, from which form, in which words.

    No IP address is kept: the double opt-in link, not the network, proves that
    the mailbox's owner agreed, and storing less is what the RGPD asks.
    """

    class Action(models.TextChoices):
        REQUESTED = "requested", _("demande d'inscription")
        CONFIRMED = "confirmed", _("confirmation par le lien")
        CHANGED = "changed", _("préférences modifiées")
        UNSUBSCRIBED = "unsubscribed", _("désinscription")

    class Source(models.TextChoices):
        FOOTER = "footer", _("formulaire du pied de page")
        PAGE = "page", _("page Lettre d'information")
        EMAIL_LINK = "link", _("lien reçu par e-mail")
        PREFERENCES = "preferences", _("page des préférences")
        ONE_CLICK = "one-click", _("désinscription en un clic (messagerie)")
        ADMIN = "admin", _("administration")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="consents", verbose_name=_("abonné")
    )
    action = models.CharField(_("action"), max_length=12, choices=Action)
    source = models.CharField(_("formulaire"), max_length=12, choices=Source)
    wording = models.TextField(_("texte présenté"), blank=True)
    preferences = models.JSONField(_("choix"), default=dict)
    recorded_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("preuve de consentement")
        verbose_name_plural = _("preuves de consentement")

    def __str__(self):
        return f"{self.get_action_display()} — {self.recorded_at:%d/%m/%Y %H:%M}"


class Delivery(models.Model):
    """One item (an article, a digest, a milestone) for one subscriber.

    The row is written *before* the email leaves (a claim) and the unique
    constraint lets only one run claim it: a rerun, even concurrent or after a
    crash, never sends the same item twice to the same person. A crash between
    claim and send leaves a claimed row without `sent_at`: that email is given
    up rather than risked twice.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        DIGEST = "digest", _("résumé hebdomadaire")
        MILESTONE = "milestone", _("palier d'abonnés")

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("réservé, envoi en cours ou interrompu")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec de l'envoi")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("abonné")
    )
    item = models.CharField(_("élément"), max_length=80)
    kind = models.CharField(_("type"), max_length=10, choices=Kind)
    subject = models.CharField(_("objet"), max_length=200)
    status = models.CharField(_("état"), max_length=8, choices=Status, default=Status.CLAIMED)
    run = models.CharField(_("envoi n°"), max_length=32, editable=False)
    claimed_at = models.DateTimeField(_("réservé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "item"], name="newsletter_one_delivery_per_item"
            )
        ]
        indexes = [models.Index(fields=["run"], name="newsletter_delivery_run_idx")]

    def __str__(self):
        return f"{self.subject} → {self.subscriber_id}"
